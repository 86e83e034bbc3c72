"""`python -m bot ask --jsonl` never dies on a line: one strict-JSON object per line, in order, whatever comes in."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.fuzz_jsonl import Case, bot_env, generate, probe_flush, run
from tests.test_cli import ROOT

# The lines the issue found fatal, and their neighbours.
HOSTILE = [
    Case("issue", b'{"chat_id":"\\ud800","text":"hi"}', "answer", "\ufffd"),
    Case("issue", b"[" * 999 + b"]" * 999, "error"),
    Case("issue", b'{"chat_id": NaN, "text": "Viettel"}', "error"),
    Case("issue", b'{"chat_id": 1e999, "text": "Viettel"}', "error"),
    Case("issue", b'{"chat_id": 1, "text": "Viettel", "n": -Infinity}', "error"),
    Case("issue", b'{"chat_id": ' + b"9" * 5000 + b', "text": "Viettel"}', "error"),
    Case("issue", b'{"chat_id": 2, "text": "Viettel \xff\xfe"}', "error"),
    Case("surrogate text", b'{"chat_id": 3, "text": "VNPT \\udc80 camera"}', "answer", 3),
    Case("NUL escaped", b'{"chat_id": 4, "text": "\\u0000"}', "answer", 4),
    Case("raw NUL", b'{"chat_id": 5, "text": "\x00"}', "error"),
    Case("types", b'{"chat_id": [1], "text": "Viettel"}', "error"),
    Case("types", b'{"chat_id": {"a": 1}, "text": "Viettel"}', "error"),
    Case("types", b'{"chat_id": true, "text": "Viettel"}', "error"),
    Case("types", b'{"chat_id": 1.5, "text": "Viettel"}', "error"),
    Case("types", b'{"chat_id": 6, "text": ["Viettel"]}', "error"),
    Case("blank", b"", "error"),
    Case("BOM", b'\xef\xbb\xbf{"chat_id": 7, "text": "VNPT lap bao nhieu camera"}', "answer", 7),
    Case("UTF-16", '{"chat_id": 8, "text": "Viettel"}'.encode("utf-16-le"), "error"),
    Case("big but allowed id", b'{"chat_id": ' + b"1" * 4000 + b', "text": "Viettel"}', "answer", int("1" * 4000)),
    Case("last", b'{"chat_id": 9, "text": "VNPT lap bao nhieu camera"}', "answer", 9),
]


def assert_clean(result) -> None:  # type: ignore[no-untyped-def]
    assert result.violations == [], result.violations[:5]
    assert result.crashes == 0 and result.outputs == result.lines


@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
def test_the_issues_fatal_lines_each_get_one_object_in_order(encoding: str) -> None:
    result = run(HOSTILE, bot_env({"PYTHONIOENCODING": encoding, "LC_ALL": "C"}), timeout=60)
    assert_clean(result)
    assert result.outcomes["error"] == sum(case.expect == "error" for case in HOSTILE)


def test_four_hundred_random_hostile_lines_get_one_valid_object_each() -> None:
    result = run(generate(400, seed=9), timeout=60)
    assert_clean(result)
    assert result.outcomes["answered"] > 0 and result.outcomes["error"] > 0


def test_each_reply_is_flushed_before_the_next_line() -> None:
    assert probe_flush(timeout=30) is None


def test_a_closed_output_pipe_ends_quietly(tmp_path: Path) -> None:
    stdin = tmp_path / "in.jsonl"
    stdin.write_bytes(b'{"chat_id": 1, "text": "Viettel ung ho bao nhieu"}\n' * 3000)
    with stdin.open("rb") as lines:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "ask", "--jsonl"],
            cwd=ROOT,
            stdin=lines,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=bot_env(),
        )
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline().startswith(b"{")
        process.stdout.close()  # as `| head -1` does
        stderr = process.stderr.read()
        process.wait(timeout=60)
    assert process.returncode in (0, 141)
    assert b"Traceback" not in stderr and b"Exception" not in stderr


@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
def test_the_console_reads_on_past_bytes_its_locale_cannot_decode(encoding: str) -> None:
    process = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
        input=b"Viettel \xff\xfe ung ho\nVNPT lap bao nhieu camera\n",
        env=bot_env({"PYTHONIOENCODING": encoding}),
    )
    assert process.returncode == 0 and b"Traceback" not in process.stderr
    assert b"2.400" in process.stdout  # the line after the bad one is answered
