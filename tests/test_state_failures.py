"""Damaged or full state is survived and said, through the bot's real wiring in-process.

For each cause (a full disk, a read-only folder, a database locked by another
process, a zeroed page, BOT_STATE_DIR naming a file): one log line, the bot
keeps answering, and once the cause is gone what it kept in memory is written
and persistence goes on, with nobody restarting anything.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import bot.state
import bot.telegram_app
from bot.dialogue import DialogueState
from bot.state import SQLiteState
from tests import telegram_updates as tg
from tests.inprocess import InProcessBot, bot_in_process


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    # The bot's pace, quickened: retrying every 5 s, committing every 0.2 s and waiting 0.25 s
    # for a locked database would only slow the suite; what happens in between is the same.
    monkeypatch.setattr(bot.state, "RETRY_SECONDS", 0.1)
    monkeypatch.setattr(bot.state, "BUSY_SECONDS", 0.05)
    monkeypatch.setattr(bot.telegram_app, "FLUSH_SECONDS", 0.05)
    caplog.set_level(logging.INFO, logger="bot")


async def ask(running: InProcessBot, user_id: int, text: str = "VNPT lắp bao nhiêu camera?") -> str:
    sender = tg.user(user_id)
    running.push({"message": tg.message(tg.private_chat(user_id), sender, text)})
    return (await running.wait_for("sendMessage", chat_id=user_id))[-1].result["text"]


async def until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]


def saved_again(caplog: pytest.LogCaptureFixture) -> bool:
    return any("state saved again" in record.getMessage() for record in caplog.records)


def stored_contexts(folder: Path) -> set[str]:
    with contextlib.closing(sqlite3.connect(folder / "state.db")) as db:
        return {key for (key,) in db.execute("SELECT key FROM contexts")}


@contextlib.contextmanager
def mounted(*command: str, target: Path) -> Iterator[None]:
    """A mount for the test's length; skipped where this user may not mount (not root)."""
    if os.geteuid() != 0 or subprocess.run(["mount", *command, str(target)], capture_output=True).returncode:
        pytest.skip("needs root and mount (a real full disk / read-only file system)")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(target)], check=False)


async def test_full_disk(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    with mounted("-t", "tmpfs", "-o", "size=8m", "tmpfs", target=disk):
        async with bot_in_process(disk / "state") as running:
            assert "2.400" in await ask(running, 4_300_001)
            filler = disk / "filler"
            with filler.open("wb") as stream, contextlib.suppress(OSError):
                while True:
                    stream.write(bytes(1 << 16))
                    stream.flush()
            assert "2.400" in await ask(running, 4_300_002, "VNPT lắp bao nhiêu camera ở khu cách ly?")
            await until(lambda: bool(errors(caplog)))
            filler.unlink()
            await until(lambda: saved_again(caplog))
        assert {"tg:4300001", "tg:4300002"} <= stored_contexts(disk / "state")
    assert len(errors(caplog)) == 1 and "database or disk is full" in errors(caplog)[0]


async def test_read_only_state_folder(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    folder = tmp_path / "state"
    folder.mkdir(mode=0o700)
    if os.geteuid() == 0:  # root writes through permission bits: only a read-only mount stops it
        read_only = contextlib.ExitStack()
        read_only.enter_context(mounted("--bind", str(folder), target=folder))
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)
        make_writable = read_only.close
    else:
        folder.chmod(0o500)
        make_writable = lambda: folder.chmod(0o700)  # noqa: E731
    async with bot_in_process(folder) as running:
        assert "2.400" in await ask(running, 4_300_011)
        assert len(errors(caplog)) == 1
        make_writable()
        await until(lambda: saved_again(caplog))
    assert "tg:4300011" in stored_contexts(folder)
    assert len(errors(caplog)) == 1


async def test_database_locked_by_another_process(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    folder = tmp_path / "state"
    SQLiteState(folder).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; db = sqlite3.connect(sys.argv[1], isolation_level=None); "
            "db.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); sys.stdin.read()",
            str(folder / "state.db"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        async with bot_in_process(folder) as running:
            assert "2.400" in await ask(running, 4_300_021)
            assert "2.400" in await ask(running, 4_300_022)
            holder.communicate("")  # the other process lets go
            await until(lambda: saved_again(caplog))
    finally:
        holder.kill()
    assert {"tg:4300021", "tg:4300022"} <= stored_contexts(folder)
    assert len(errors(caplog)) == 1 and "database is locked" in errors(caplog)[0]


async def test_zeroed_page_is_found_at_start_and_moved_aside(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    folder = tmp_path / "state"
    state = SQLiteState(folder)
    for number in range(2000):  # a hundred pages
        state.put(f"tg:{number}", DialogueState(("vaccine",), (), ("viettel",), "vi", None, time.time()))
    state.close()
    damaged = bytearray((folder / "state.db").read_bytes())
    damaged[5 * 4096 : 6 * 4096] = bytes(4096)
    (folder / "state.db").write_bytes(bytes(damaged))
    async with bot_in_process(folder) as running:
        assert "2.400" in await ask(running, 4_300_031)
    assert len(errors(caplog)) == 1 and "moved to state.db.unreadable-" in errors(caplog)[0]
    assert list(folder.glob("state.db.unreadable-*"))
    assert "tg:4300031" in stored_contexts(folder)  # the new file is in use at once


async def test_state_dir_naming_a_file(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    folder = tmp_path / f"state-{uuid.uuid4().hex[:6]}"
    folder.write_text("not a folder")
    async with bot_in_process(folder) as running:
        assert "2.400" in await ask(running, 4_300_041)
        assert len(errors(caplog)) == 1 and "names a file" in errors(caplog)[0]
        folder.unlink()
        await until(lambda: saved_again(caplog))
    assert "tg:4300041" in stored_contexts(folder)
    assert len(errors(caplog)) == 1
