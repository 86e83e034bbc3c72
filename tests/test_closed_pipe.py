"""`python -m bot ... | head -1`: when the reader goes away the command ends quietly, never with a
traceback. The pipe's reading end is closed before the command starts, the worst case of `head`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_cli import ROOT

PIPE_CLOSED = 141  # 128 + SIGPIPE, as a shell reports a process SIGPIPE ended


@pytest.mark.parametrize(("arguments", "stdin", "statuses"), [
    (["--help"], "", {0, PIPE_CLOSED}),  # argparse drops what it cannot write, and exits 0
    (["kb", "check"], "", {PIPE_CLOSED}),
    (["ask", "VNPT lắp bao nhiêu camera?"], "", {PIPE_CLOSED}),
    (["eval", "--questions", "{questions}"], "", {PIPE_CLOSED}),
    (["console"], "VNPT lắp bao nhiêu camera?\n", {PIPE_CLOSED}),
])
def test_a_closed_pipe_ends_the_command_quietly(arguments: list[str], stdin: str, statuses: set[int],
                                                tmp_path: Path) -> None:
    questions = tmp_path / "questions.yaml"
    questions.write_text('questions:\n  - {category: vi, q: "VNPT lắp bao nhiêu camera?", expect: ["2400"]}\n',
                         encoding="utf-8")
    arguments = [argument.format(questions=questions) for argument in arguments]
    reader, writer = os.pipe()
    os.close(reader)
    try:
        result = subprocess.run([sys.executable, "-m", "bot", *arguments], cwd=ROOT, input=stdin, stdout=writer,
                                stderr=subprocess.PIPE, text=True, timeout=60,
                                env={"PATH": "/usr/bin:/bin", "HOME": str(ROOT)})
    finally:
        os.close(writer)
    assert result.returncode in statuses and result.stderr == ""
