"""Shared fixtures: one engine for engine tests; a real bot process against the Bot API double."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.config import Settings
from bot.engine import Engine
from tests.botapi_double import BotApiDouble

pytest_plugins = ["tests.redis_server"]  # a real Redis-protocol server: redis_server, redis_url

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "7000001:AAH4fakeTokenForTests_abcdefghijklmnopq"


@pytest.fixture(scope="session")
def engine() -> Engine:
    settings = Settings.from_env({})
    return Engine.from_directory(settings.knowledge_dir, settings.seeds_dir)


@dataclass
class RunningBot:
    api: BotApiDouble
    process: subprocess.Popen[str]
    log_path: Path

    def logs(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def start_bot(tmp_path: Path, extra_env: dict[str, str] | None = None, api: BotApiDouble | None = None) -> RunningBot:
    """The real entry point, `python -m bot`, with a token and its own state folder, against a double."""
    if api is None:
        api = BotApiDouble(TOKEN)
        api.start()
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api.url, "LOG_LEVEL": "INFO",
           "PYTHONUNBUFFERED": "1", "BOT_STATE_DIR": str(tmp_path / "state"), **(extra_env or {})}
    tmp_path.mkdir(parents=True, exist_ok=True)
    log_path = tmp_path / "bot.log"
    log = log_path.open("a", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "bot"], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT, text=True)
    running = RunningBot(api, process, log_path)
    try:
        api.wait_for("setMyCommands", count=len(api.calls("setMyCommands")) + 2, timeout=30)
    except AssertionError:
        stop_bot(running)
        raise AssertionError("bot did not start:\n" + running.logs()) from None
    return running


def stop_bot(running: RunningBot, keep_api: bool = False) -> None:
    if running.process.poll() is None:
        running.process.send_signal(signal.SIGTERM)
        try:
            running.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            running.process.kill()
    if not keep_api:
        running.api.stop()


@pytest.fixture(scope="module")
def telegram(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    running = start_bot(tmp_path_factory.mktemp("bot"))
    yield running
    stop_bot(running)


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """For tests that call the CLI's main() in-process: it configures the root logger."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
