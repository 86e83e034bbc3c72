"""A sample of benchmarks/mutate_kb.py, in-process: each damaged base is refused with file:line, or harmless.

The full run (every mutation, through `python -m bot kb check`) is in the README.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.mutate_kb import MUTATIONS, judge_check, prepare, probe
from bot.cli import main
from tests.knowledge_base import tiny_base

BY_NAME = {mutation.name: mutation for mutation in MUTATIONS}
SAMPLE = [
    # the findings
    "operator parent itself",
    "operator parent cycle",
    "source date 28/09/2020",
    "seeds folder inside",
    "phrase placeholder misspelt",
    "phrase stray {",
    "phrase deleted",
    "evidence empty",
    "fact duplicate key",
    "fact id with markup",
    "facts file in cp1258",
    "facts file binary",
    "unit of an unknown kind",
    "facts folder named .yaml",
    "knowledge .yml file",
    # their neighbours
    "source date unquoted",
    "figure value of 5000 digits",
    "lexicon nested 400 deep",
    "facts pipe named .yaml",
    "seeds article binary",
    "operator alias folds alike",
    "phrase attribute placeholder",
    # accepted, and harmless
    "phrase escaped braces",
    "source title with markup",
]


def call_with_timeout(function: Callable[[], int], seconds: float) -> tuple[int | None, float]:
    """The exit code (None when it did not return in `seconds`) and the CPU time it took: a check
    is slow by what it computes, not because a shared machine was busy with other work meanwhile
    (a tenth of a second's check must not count as slow because the process waited for a core)."""
    outcome: list[tuple[int, float]] = []

    def run() -> None:
        start = time.thread_time()
        code = function()
        outcome.append((code, time.thread_time() - start))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    return outcome[0] if outcome else (None, seconds)


def test_the_full_suite_has_at_least_75_distinct_mutations() -> None:
    assert len(BY_NAME) == len(MUTATIONS) >= 75
    assert {m.expect for m in MUTATIONS} == {"reject", "accept"}


@pytest.mark.parametrize("name", SAMPLE)
def test_a_damaged_base_is_refused_with_file_and_line_or_harmless(
    name: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    restore_logging: None,
) -> None:
    mutation = BY_NAME[name]
    if mutation.expect == "accept":
        # Accepted, the base is checked whole (every example question answered) and the harm probe
        # runs the bot on it: most of a second each on the real base, a tenth on a small one with the
        # real phrases and operators (tests/knowledge_base.py), where these two edits apply alike.
        # The full run (README) has them on the real base.
        tiny_base(tmp_path / "small")
        knowledge, seeds = prepare(mutation, tmp_path / "mutated", base=tmp_path / "small")
    else:
        knowledge, seeds = prepare(mutation, tmp_path)
    monkeypatch.setenv("BOT_KNOWLEDGE_DIR", str(knowledge))
    monkeypatch.setenv("BOT_SEEDS_DIR", str(seeds))
    code, seconds = call_with_timeout(lambda: main(["kb", "check"]), 10)
    captured = capsys.readouterr()
    result, detail = judge_check(code, captured.out + captured.err, seconds)
    if result == "accepted":
        harms = probe(knowledge, seeds, tmp_path / "cache", reload=False)
        result, detail = ("harmful", harms[0]) if harms else ("accepted-harmless", "")
    assert result == {"reject": "rejected", "accept": "accepted-harmless"}[mutation.expect], (result, detail)
