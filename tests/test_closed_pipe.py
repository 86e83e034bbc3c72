"""`python -m bot ... | head -1`: when the reader goes away the command ends quietly, never with a
traceback. The command's stdout is a pipe whose reading end is already closed (the worst case of
`head`), so every write fails as it would in the shell; run in-process through `bot.cli.main`."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from tests.knowledge_base import tiny_base

PIPE_CLOSED = 141  # 128 + SIGPIPE, as a shell reports a process SIGPIPE ended


@contextlib.contextmanager
def stdout_into_a_closed_pipe() -> Iterator[None]:
    """sys.stdout writing into a pipe nobody reads any more. Set inside the test, after pytest's own
    capture (which it installs again before each test phase)."""
    reader, writer = os.pipe()
    os.close(reader)
    stdout = io.TextIOWrapper(io.FileIO(writer, "w"), encoding="utf-8")
    saved, sys.stdout = sys.stdout, stdout
    try:
        yield
    finally:
        sys.stdout = saved
        stdout.close()  # its descriptor points at /dev/null by now, or the test failed anyway


@pytest.mark.parametrize(
    ("arguments", "stdin"),
    [
        (["kb", "check"], ""),  # on a small base: what it prints, not what it checks, is the point
        (["ask", "VNPT lắp bao nhiêu camera?"], ""),
        (["ask", "--json", "VNPT lắp bao nhiêu camera?"], ""),
        (["eval", "--questions", "{questions}"], ""),
        (["console"], "VNPT lắp bao nhiêu camera?\n"),
    ],
)
def test_a_closed_pipe_ends_the_command_quietly(
    arguments: list[str],
    stdin: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    restore_logging: None,
) -> None:
    if arguments == ["kb", "check"]:
        knowledge, seeds = tiny_base(tmp_path / "tiny")
        monkeypatch.setenv("BOT_KNOWLEDGE_DIR", str(knowledge))
        monkeypatch.setenv("BOT_SEEDS_DIR", str(seeds))
    questions = tmp_path / "questions.yaml"
    questions.write_text(
        'questions:\n  - {category: vi, q: "VNPT lắp bao nhiêu camera?", expect: ["2400"]}\n', encoding="utf-8"
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    with stdout_into_a_closed_pipe():
        code = main([argument.format(questions=questions) for argument in arguments])
    assert code == PIPE_CLOSED and capsys.readouterr().err == ""


def test_help_into_a_closed_pipe_is_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    with stdout_into_a_closed_pipe():
        try:
            code = main(["--help"])
        except SystemExit as done:  # argparse's own exit, when it dropped what it could not write
            code = done.code
    assert code in (0, PIPE_CLOSED) and capsys.readouterr().err == ""
