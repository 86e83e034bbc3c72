"""Settings from the environment, read in one place."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TOKEN_SHAPE = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")


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
    admin_ids: frozenset[int] = frozenset()
    log_format: str = "text"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        knowledge_dir = Path(env.get("BOT_KNOWLEDGE_DIR") or PROJECT_ROOT / "knowledge")
        return cls(
            knowledge_dir=knowledge_dir,
            seeds_dir=Path(env.get("BOT_SEEDS_DIR") or knowledge_dir.parent / "seeds"),
            log_level=env.get("LOG_LEVEL", "INFO").upper(),
            token_env=env.get("TELEGRAM_BOT_TOKEN") or None,
            token_file=env.get("TELEGRAM_BOT_TOKEN_FILE") or None,
            api_base_url=env.get("TELEGRAM_API_BASE_URL") or None,
            webhook_url=env.get("TELEGRAM_WEBHOOK_URL") or None,
            webhook_listen=env.get("TELEGRAM_WEBHOOK_LISTEN", "0.0.0.0"),
            webhook_port=_number(env, "TELEGRAM_WEBHOOK_PORT", 8443, int),
            webhook_secret=env.get("TELEGRAM_WEBHOOK_SECRET") or None,
            max_sends_per_second=_number(env, "BOT_MAX_SENDS_PER_SECOND", 30.0, float),
            group_questions_per_minute=_number(env, "BOT_GROUP_QUESTIONS_PER_MINUTE", 6, int),
            private_questions_per_minute=_number(env, "BOT_PRIVATE_QUESTIONS_PER_MINUTE", 20, int),
            state_dir=Path(env.get("BOT_STATE_DIR") or "data"),
            context_ttl_hours=_number(env, "BOT_CONTEXT_TTL_HOURS", 24.0, float),
            gaps_days=_number(env, "BOT_GAPS_DAYS", 30.0, float),
            record_gaps=env.get("BOT_RECORD_GAPS", "1").strip().lower() not in ("0", "false", "no", "off"),
            admin_ids=_ids(env.get("BOT_ADMIN_IDS", "")),
            log_format="json" if env.get("LOG_FORMAT", "").strip().lower() == "json" else "text",
        )

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
                raise ConfigError(f"cannot read TELEGRAM_BOT_TOKEN_FILE: {error.strerror}") from None
        if not token:
            raise ConfigError("no bot token: set TELEGRAM_BOT_TOKEN or TELEGRAM_BOT_TOKEN_FILE")
        token = token.strip()
        if not TOKEN_SHAPE.match(token):
            raise ConfigError("the bot token is malformed: expected digits, a colon and 30+ letters "
                              "(as @BotFather gives it)")
        return token

    def ptb_base_url(self) -> str | None:
        """TELEGRAM_API_BASE_URL in python-telegram-bot's form, http://host:port/bot (token appended)."""
        if not self.api_base_url:
            return None
        url = self.api_base_url.rstrip("/")
        return url if url.endswith("/bot") else url + "/bot"


def _number(env: Mapping[str, str], name: str, default, kind):  # type: ignore[no-untyped-def]
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        return kind(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {raw!r}") from None


def _ids(raw: str) -> frozenset[int]:
    try:
        return frozenset(int(part) for part in raw.replace(";", ",").split(",") if part.strip())
    except ValueError:
        raise ConfigError(f"BOT_ADMIN_IDS must be Telegram user ids separated by commas, not {raw!r}") from None
