"""The console a person uses: Telegram's commands plus /quit, numbered suggestions chosen by number,
the user's language, and on a terminal line editing with a history kept owner-only in the state folder."""

from __future__ import annotations

import contextlib
import io
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import Settings
from tests.conftest import warm_cache
from tests.knowledge_base import source_count
from tests.test_cli import ROOT, run_bot

ANSWER = "VNPT đã hoàn thành lắp đặt hơn 2.400 camera"  # the answer's sentence (its quote words it otherwise)
PROMPT = "\n> "


def test_the_console_takes_telegrams_commands_and_a_suggestions_number(tmp_path: Path) -> None:
    typed = ["/about", "/help", "2", "/ask VNPT lắp bao nhiêu camera?", "", "/nonsense", "/quit", "never read"]
    state = {"BOT_STATE_DIR": str(tmp_path / "state")}
    warm_cache(Settings.from_env(state))  # the compiled knowledge an earlier session left
    result = run_bot("console", stdin="\n".join(typed) + "\n", env=state)
    assert result.returncode == 0 and result.stderr == ""
    replies = result.stdout.split("\n\n")
    assert replies[0].startswith("Tôi trả lời") and "/about giới thiệu, /quit thoát" in replies[0]  # vi by default
    numbered = [line for line in replies[1].splitlines() if line[:3] in ("1. ", "2. ", "3. ")]
    assert len(numbered) == 3
    assert f" {source_count()} bài viết" in replies[2]  # /about
    second = numbered[1].removeprefix("2. ")
    chosen = result.stdout.index(f"» {second}\n")  # "2" asks the second suggestion, shown as asked
    assert "Nguồn:" in result.stdout[chosen : result.stdout.index(ANSWER)]  # ... and answers it, with its source
    assert result.stdout.count(ANSWER) == 1  # /ask
    assert result.stdout.count("Lệnh: /help") == 3  # greeting, /help and the unknown command; Enter alone: nothing
    assert "> " not in result.stdout and not (tmp_path / "state" / "console_history").exists()  # piped: no history


def test_the_console_speaks_the_locales_language_then_the_questions(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], restore_logging: None
) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setattr("sys.stdin", io.StringIO("/sources\nViettel ủng hộ Quỹ vắc xin bao nhiêu?\n/about\n"))
    assert main(["console"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("I answer short questions") and "/about about this bot, /quit to leave" in out
    sources, answer, about = (out.index(text) for text in ("The articles I answer from:", "450 tỷ đồng", "Bot hỏi đáp"))
    assert sources < answer < about  # a Vietnamese question: Vietnamese from then on


def test_the_console_records_gaps_when_asked_to_but_never_a_chosen_suggestion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], restore_logging: None
) -> None:
    monkeypatch.setenv("BOT_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("BOT_RECORD_GAPS_LOCAL", "1")
    warm_cache(Settings.from_env())  # the compiled knowledge an earlier session left
    monkeypatch.setattr("sys.stdin", io.StringIO("Giá cước 5G của Viettel là bao nhiêu?\n1\n"))
    assert main(["console"]) == 0
    capsys.readouterr()
    assert main(["kb", "gaps"]) == 0
    gaps = capsys.readouterr().out.splitlines()
    assert len(gaps) == 1 and gaps[0].split()[0] == "1" and "5G" in gaps[0]


class Terminal:
    """`python -m bot console` on a pseudo-terminal, as a person at a keyboard runs it."""

    def __init__(self, state: Path):
        self.master, slave = pty.openpty()
        env = {"PATH": "/usr/bin:/bin", "HOME": str(state), "BOT_STATE_DIR": str(state), "TERM": "xterm"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "console"],
            cwd=ROOT,
            env=env,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            close_fds=True,
        )
        os.close(slave)
        self.output = ""

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def wait_for(self, text: str, count: int = 1, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while self.output.count(text) < count:
            ready, _, _ = select.select([self.master], [], [], max(0.0, deadline - time.monotonic()))
            assert ready, f"{text!r} x{count} never shown:\n{self.output[-1000:]}"
            self.output += os.read(self.master, 65536).decode("utf-8", "replace")

    def close(self, timeout: float = 10) -> int:
        """The exit status, once the console has ended; what it still prints is read meanwhile, since
        a terminal whose output nobody reads blocks the program writing to it."""
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                with contextlib.suppress(OSError):  # the other side closed: the console has ended
                    self.output += os.read(self.master, 65536).decode("utf-8", "replace")
        code = self.process.poll()
        os.close(self.master)
        if code is None:
            self.process.kill()
            self.process.wait()
        assert code is not None, f"the console did not end:\n{self.output[-1000:]!r}"
        return code


@pytest.mark.skipif(sys.platform != "linux", reason="a pseudo-terminal as Linux gives it")
def test_on_a_terminal_lines_are_edited_and_recalled_across_sessions(tmp_path: Path) -> None:
    state = tmp_path / "state"
    first = Terminal(state)
    first.wait_for(PROMPT)  # keys are typed at a prompt: readline reads them raw from then on
    first.type("VNPT lap bao nhieu camerX\x7fa\r")  # a typo, then Backspace
    first.wait_for(PROMPT, count=2)
    first.type("\x10\r")  # Ctrl-P: the line again
    first.wait_for(PROMPT, count=3)
    first.type("/quit\r")
    assert first.close() == 0 and first.output.count(ANSWER) == 2
    history = state / "console_history"
    assert history.read_text(encoding="utf-8").splitlines() == ["VNPT lap bao nhieu camera", "/quit"]
    assert oct(history.stat().st_mode & 0o777) == "0o600" and oct(state.stat().st_mode & 0o777) == "0o700"

    second = Terminal(state)  # the next session recalls the last one's lines
    second.wait_for(PROMPT)
    second.type("\x10\x10\r")
    second.wait_for(PROMPT, count=2)
    second.type("\x04")  # Ctrl-D
    assert second.close() == 0 and second.output.count(ANSWER) == 1
