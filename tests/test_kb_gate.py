"""Start-up runs the checks `kb check` runs: a damaged base stops the bot with file:line, never a hang or traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks.mutate_kb import MUTATIONS, prepare
from tests.conftest import TOKEN
from tests.knowledge_base import tiny_base
from tests.test_cli import run_bot

BY_NAME = {mutation.name: mutation for mutation in MUTATIONS}
LOCATED = re.compile(r"(knowledge|seeds)/\S*:\d+: ")


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("operator parent itself", ["ask", "Viettel ủng hộ bao nhiêu?"]),  # hung start-up and reload for ever
        ("source date 28/09/2020", ["ask", "--jsonl"]),
        ("phrase placeholder misspelt", ["console"]),
        ("seeds folder inside", ["telegram"]),  # the bot's own start-up: compiled cache, state folder
    ],
)
def test_a_base_kb_check_refuses_does_not_start(name: str, command: list[str], tmp_path: Path) -> None:
    knowledge, seeds = prepare(BY_NAME[name], tmp_path)
    env = {
        "BOT_KNOWLEDGE_DIR": str(knowledge),
        "BOT_SEEDS_DIR": str(seeds),
        "BOT_STATE_DIR": str(tmp_path / "state"),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9",
    }
    result = run_bot(*command, env=env)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: ") and LOCATED.search(result.stderr), result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_new_source_takes_only_utf8_text_articles(tmp_path: Path) -> None:
    env = {"BOT_KNOWLEDGE_DIR": str(tmp_path / "knowledge"), "BOT_SEEDS_DIR": str(tmp_path / "seeds")}
    latin = tmp_path / "006_latin.txt"
    latin.write_bytes("MobiFone donated 12 ventilators to the café.".encode("latin-1"))
    markdown = tmp_path / "007_notes.md"
    markdown.write_text("MobiFone tặng 12 máy thở.", encoding="utf-8")
    for article, message in ((latin, "not UTF-8"), (markdown, ".txt")):
        result = run_bot("kb", "new-source", str(article), env=env)
        assert result.returncode == 2 and message in result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_a_torn_compiled_cache_is_compiled_again_and_two_starts_at_once_leave_it_whole(tmp_path: Path) -> None:
    """Two processes starting on one empty state folder compile at once; each writes a file of its own
    before the rename, so the cache is never a mix of both. A damaged cache is compiled again. On the
    small base (tests/knowledge_base.py): compiling the real one three times is what took the time."""
    import subprocess
    import sys

    from bot.compiled import CompiledKnowledge
    from bot.engine import Engine
    from tests.conftest import ROOT

    knowledge, seeds = tiny_base(tmp_path / "base")
    state = tmp_path / "state"
    environment = {
        "BOT_STATE_DIR": str(state),
        "BOT_KNOWLEDGE_DIR": str(knowledge),
        "BOT_SEEDS_DIR": str(seeds),
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
    }
    command = [sys.executable, "-m", "bot", "ask", "Viettel tặng bao nhiêu máy thở?"]
    starts = [subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    assert all("100 máy thở" in start.communicate(timeout=60)[0] for start in starts)
    cache = CompiledKnowledge(state / "cache", knowledge, seeds)
    assert cache.path is not None and cache.load() is not None  # whole, whichever rename came last
    cache.path.write_bytes(b"\x80\x05\x95" + b"\xff" * 64)  # garbage: unpickling it overflows
    engine = Engine.compiled(state / "cache", knowledge, seeds)
    assert "100 máy thở" in engine.ask("Viettel tặng bao nhiêu máy thở?", None).body
    assert cache.load() is not None  # written again, whole
    assert not list((state / "cache").glob("*.partial"))  # each start renamed its own


def test_a_partial_file_left_by_a_killed_compile_is_removed_later(tmp_path: Path) -> None:
    import os

    from bot.compiled import ABANDONED_AFTER_SECONDS
    from bot.engine import Engine

    knowledge, seeds = tiny_base(tmp_path / "base")  # a compile and its save are the point, not the base
    cache = tmp_path / "cache"
    cache.mkdir()
    left = cache / "compiled-0123456789abcdef.4242-deadbeef.partial"  # a kill -9 mid-write leaves this
    left.write_bytes(b"\x80\x05half")
    fresh = cache / "compiled-fedcba9876543210.4343-cafebabe.partial"  # another process writing right now
    fresh.write_bytes(b"\x80\x05")
    old = left.stat().st_mtime - ABANDONED_AFTER_SECONDS - 1
    os.utime(left, (old, old))
    Engine.compiled(cache, knowledge, seeds)
    assert not left.exists() and fresh.exists()
