"""Start-up and shutdown a service manager can trust: a Bot API that does not answer yet is waited
for (one log line, retries with back-off), a rejected token is one line and exit status 2, and
`health` is false as soon as the bot has stopped."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import Settings
from tests import telegram_updates as tg
from tests.botapi_double import BotApiDouble
from tests.conftest import ROOT, TOKEN, warm_cache
from tests.test_cli import run_bot

UNREACHABLE = "Telegram Bot API not answering"


def free_port() -> int:
    """A port nothing listens on (connections to it are refused) until the test serves it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def bot_process(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path, int]]:
    """`python -m bot` pointed at a Bot API that is not there yet; killed if a test leaves it running."""
    port, log = free_port(), tmp_path / "bot.log"
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{port}",
        "BOT_STATE_DIR": str(tmp_path / "state"),
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    }
    warm_cache(Settings.from_env(env))  # the compiled knowledge a restarted bot finds: start-up is what is tested
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot"], cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, text=True
        )
    yield process, log, port
    if process.poll() is None:
        process.kill()
        process.wait()


def wait_for_line(log: Path, text: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while text not in log.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, f"{text!r} never logged:\n{log.read_text(encoding='utf-8')}"
        time.sleep(0.05)


def test_a_bot_started_before_the_bot_api_answers_says_so_once_then_answers_and_stops_unhealthy(
    bot_process: tuple[subprocess.Popen[str], Path, int], tmp_path: Path
) -> None:
    process, log, port = bot_process
    wait_for_line(log, UNREACHABLE)
    api = BotApiDouble(TOKEN)
    api.start(port)
    try:
        sender = tg.user(4_500_001)
        api.push({"message": tg.message(tg.private_chat(sender["id"]), sender, "VNPT lắp bao nhiêu camera?")})
        answer = api.wait_for("sendMessage", chat_id=sender["id"], timeout=20)[0]
        assert "2.400" in answer.result["text"]
        state = {"BOT_STATE_DIR": str(tmp_path / "state")}
        deadline = time.monotonic() + 10
        while run_bot("health", env=state).returncode != 0:  # the first heartbeat
            assert time.monotonic() < deadline
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    finally:
        api.stop()
    assert run_bot("health", env=state).returncode == 1  # stopped: unhealthy at once, not in 2 minutes
    logs = log.read_text(encoding="utf-8")
    assert logs.count(UNREACHABLE) == 1 and "Connect call failed" in logs
    assert "answered after" in logs and "Traceback" not in logs and TOKEN not in logs


class CutOff:
    """Listens on the port and cuts every connection off at once (a reset): a Bot API that still
    does not answer, with each attempt counted, so a test waits for a retry rather than a guess."""

    def __init__(self, port: int):
        self._server = socket.create_server(("127.0.0.1", port))
        self._attempts = 0
        self._seen = threading.Condition()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        with contextlib.suppress(OSError):  # closed by close()
            while True:
                connection, _ = self._server.accept()
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                connection.close()
                with self._seen:
                    self._attempts += 1
                    self._seen.notify_all()

    def wait_for_attempt(self, timeout: float = 10) -> None:
        with self._seen:
            assert self._seen.wait_for(lambda: self._attempts > 0, timeout), "no retry came"

    def close(self) -> None:
        self._server.close()


def test_retries_stay_out_of_the_log_and_a_stop_signal_while_waiting_exits_cleanly(
    bot_process: tuple[subprocess.Popen[str], Path, int],
) -> None:
    process, log, port = bot_process
    wait_for_line(log, UNREACHABLE)  # the first attempt, refused
    cut_off = CutOff(port)
    try:
        cut_off.wait_for_attempt()  # the first retry, a second later, fails too
        process.send_signal(signal.SIGTERM)  # while it waits for the next one
        assert process.wait(timeout=10) == 0
    finally:
        cut_off.close()
    logs = log.read_text(encoding="utf-8")
    assert logs.count(UNREACHABLE) == 1 and "Traceback" not in logs


def test_a_token_telegram_rejects_is_one_line_and_exit_status_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], restore_logging: None
) -> None:
    api = BotApiDouble(TOKEN)
    rejected = "7000002:AAH4anotherTokenForTests_abcdefghijklm"  # well formed, but not the double's
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", rejected)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", api.start())
    monkeypatch.setenv("BOT_STATE_DIR", str(tmp_path / "state"))
    warm_cache(Settings.from_env())
    try:
        assert main(["telegram"]) == 2
    finally:
        api.stop()
    out, err = capsys.readouterr()
    assert err == "error: Telegram rejected the bot token (check TELEGRAM_BOT_TOKEN)\n"
    assert rejected not in out + err
