"""Settings from the environment, read in one place."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TOKEN_SHAPE = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("text", "json")
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")
MAX_TTL_HOURS = 24 * 366 * 10  # ten years: longer is a typo, and in seconds it must stay a finite float
_KIND_NAMES = {int: "a whole number", float: "a number"}


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line for the operator."""


@dataclass(frozen=True)
class Settings:
    knowledge_dir: Path
    seeds_dir: Path
    log_level: str = "INFO"
    token_env: str | None = None
    token_file: str | None = None
    api_base_url: str | None = None
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_secret: str | None = None
    max_sends_per_second: float = 30.0  # Telegram's overall limit for a bot
    group_questions_per_minute: int = 6  # per member of a group, before a polite notice
    private_questions_per_minute: int = 20  # per private chat, before a polite notice
    state_dir: Path = Path("data")
    context_ttl_hours: float = 24.0
    gaps_days: float = 30.0  # recorded gaps hold what people typed: kept this long
    record_gaps: bool = True
    record_gaps_local: bool = False  # the console and `ask` keep gaps too (opt-in: a terminal is often a test)
    admin_ids: frozenset[int] = frozenset()
    log_format: str = "text"
    state_url: str | None = None  # None or sqlite:///...: the SQLite file; redis://...: shared by workers
    webhook_reuse_port: bool = False  # several worker processes listening on one port (SO_REUSEPORT)
    chat_lease_seconds: float = 10.0  # a worker's lease on an update and its chat's turn (Redis)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        knowledge_dir = Path(env.get("BOT_KNOWLEDGE_DIR") or PROJECT_ROOT / "knowledge")
        return cls(
            knowledge_dir=knowledge_dir,
            seeds_dir=Path(env.get("BOT_SEEDS_DIR") or knowledge_dir.parent / "seeds"),
            log_level=_choice(env, "LOG_LEVEL", "INFO", LOG_LEVELS).upper(),
            token_env=env.get("TELEGRAM_BOT_TOKEN") or None,
            token_file=env.get("TELEGRAM_BOT_TOKEN_FILE") or None,
            api_base_url=_url(env, "TELEGRAM_API_BASE_URL"),
            webhook_url=_url(env, "TELEGRAM_WEBHOOK_URL"),
            webhook_listen=env.get("TELEGRAM_WEBHOOK_LISTEN") or "0.0.0.0",
            webhook_port=_number(env, "TELEGRAM_WEBHOOK_PORT", 8443, int, minimum=1, maximum=65535),
            webhook_secret=env.get("TELEGRAM_WEBHOOK_SECRET") or None,
            max_sends_per_second=_number(env, "BOT_MAX_SENDS_PER_SECOND", 30.0, float, minimum=0),
            group_questions_per_minute=_number(env, "BOT_GROUP_QUESTIONS_PER_MINUTE", 6, int, minimum=0),
            private_questions_per_minute=_number(env, "BOT_PRIVATE_QUESTIONS_PER_MINUTE", 20, int, minimum=0),
            state_dir=_sqlite_folder(env) or Path(env.get("BOT_STATE_DIR") or "data"),
            context_ttl_hours=_number(
                env, "BOT_CONTEXT_TTL_HOURS", 24.0, float, minimum=0, exclusive=True, maximum=MAX_TTL_HOURS
            ),
            gaps_days=_number(env, "BOT_GAPS_DAYS", 30.0, float, minimum=0, exclusive=True, maximum=MAX_TTL_HOURS / 24),
            record_gaps=_flag(env, "BOT_RECORD_GAPS", True),
            record_gaps_local=_flag(env, "BOT_RECORD_GAPS_LOCAL", False),
            admin_ids=_ids(env.get("BOT_ADMIN_IDS", "")),
            log_format=_choice(env, "LOG_FORMAT", "text", LOG_FORMATS).lower(),
            state_url=_state_url(env),
            webhook_reuse_port=_flag(env, "TELEGRAM_WEBHOOK_REUSE_PORT", False),
            chat_lease_seconds=_number(env, "BOT_CHAT_LEASE_SECONDS", 10.0, float, minimum=0.5, maximum=3600),
        )

    @property
    def shared_state(self) -> bool:
        """True when the state lives in Redis (or Valkey), shared by every worker of the bot."""
        return self.state_url is not None and not self.state_url.startswith("sqlite:")

    @property
    def telegram_configured(self) -> bool:
        return bool(self.token_env or self.token_file)

    def bot_token(self) -> str:
        """The token from TELEGRAM_BOT_TOKEN or the file TELEGRAM_BOT_TOKEN_FILE names."""
        token = self.token_env
        if token is None and self.token_file:
            try:
                token = Path(self.token_file).read_text(encoding="utf-8").strip()
            except OSError as error:
                # The usual case: a secret file only its owner may read, and the image's user is not it.
                hint = (
                    f" (this process runs as uid {os.getuid()}: the file must be readable by it)"
                    if isinstance(error, PermissionError)
                    else ""
                )
                raise ConfigError(f"cannot read TELEGRAM_BOT_TOKEN_FILE: {error.strerror}{hint}") from None
        if not token:
            raise ConfigError("no bot token: set TELEGRAM_BOT_TOKEN or TELEGRAM_BOT_TOKEN_FILE")
        token = token.strip()
        if not TOKEN_SHAPE.match(token):
            raise ConfigError(
                "the bot token is malformed: expected digits, a colon and 30+ letters (as @BotFather gives it)"
            )
        return token

    def ptb_base_url(self) -> str | None:
        """TELEGRAM_API_BASE_URL in python-telegram-bot's form, http://host:port/bot (token appended)."""
        if not self.api_base_url:
            return None
        url = self.api_base_url.rstrip("/")
        return url if url.endswith("/bot") else url + "/bot"


def _number(  # type: ignore[no-untyped-def]
    env: Mapping[str, str],
    name: str,
    default,
    kind,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    exclusive: bool = False,
):
    """A finite number of `kind` within bounds (`exclusive`: strictly above the minimum)."""
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ConfigError(f"{name} must be {_KIND_NAMES[kind]}, not {_shown(raw)}") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise ConfigError(f"{name} must be a finite number, not {_shown(raw)}")
    if minimum is not None and (value < minimum or (exclusive and value == minimum)):
        raise ConfigError(f"{name} must be {'more than' if exclusive else 'at least'} {minimum:g}, not {_shown(raw)}")
    if maximum is not None and value > maximum:
        raise ConfigError(f"{name} must be at most {maximum:g}, not {_shown(raw)}")
    return value


def _choice(env: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if raw.upper() not in (choice.upper() for choice in allowed):
        raise ConfigError(f"{name} must be one of {', '.join(allowed)}, not {_shown(raw)}")
    return raw


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw not in _TRUE + _FALSE:
        raise ConfigError(f"{name} must be 1 or 0 (true/false, yes/no, on/off), not {_shown(raw)}")
    return raw in _TRUE


def _url(env: Mapping[str, str], name: str) -> str | None:
    raw = (env.get(name) or "").strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{name} must be an http:// or https:// URL with a host, not {_shown(raw)}")
    try:
        parts.port  # noqa: B018 - reading it validates it
    except ValueError:
        raise ConfigError(f"{name} has an invalid port: {_shown(raw)}") from None
    return raw


def _state_url(env: Mapping[str, str]) -> str | None:
    """BOT_STATE_URL: sqlite:///folder (BOT_STATE_DIR's folder when empty), or redis[s]://host:port/db."""
    raw = (env.get("BOT_STATE_URL") or "").strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme == "sqlite" and not parts.netloc:
        return raw
    if parts.scheme in ("redis", "rediss", "valkey", "valkeys") and parts.hostname:
        try:
            parts.port  # noqa: B018 - reading it validates it
            database = parts.path.strip("/")
            if database and not database.isdigit():
                raise ValueError
        except ValueError:
            shown = _shown(masked_url(raw))
            raise ConfigError(f"BOT_STATE_URL has an invalid port or database number: {shown}") from None
        return raw
    raise ConfigError(f"BOT_STATE_URL must be sqlite:///folder or redis://host:port/db, not {_shown(masked_url(raw))}")


def _sqlite_folder(env: Mapping[str, str]) -> Path | None:
    """The folder a sqlite:/// URL names, as SQLAlchemy writes paths: sqlite:///relative, sqlite:////absolute."""
    url = _state_url(env)
    if url is None or not url.startswith("sqlite:"):
        return None
    path = urlsplit(url).path
    return Path(path[1:]) if len(path) > 1 else None


def masked_url(url: str) -> str:
    """A URL as a message may show it: without the password it may carry."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


def _shown(raw: str) -> str:
    """The value as the message quotes it: one line, and short."""
    return repr(raw if len(raw) <= 40 else raw[:40] + "…")


def _ids(raw: str) -> frozenset[int]:
    try:
        return frozenset(int(part) for part in raw.replace(";", ",").split(",") if part.strip())
    except ValueError:
        raise ConfigError(f"BOT_ADMIN_IDS must be Telegram user ids separated by commas, not {_shown(raw)}") from None
