"""`python -m bot eval` as a curator runs it: sets beside knowledge/, misses listed, --require's floors,
and a clear word (never a traceback) when there is no set or a set cannot be read. In-process."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cli import main
from tests.test_cli import ROOT

SET = """questions:
  - {category: vi, q: "Viettel ủng hộ Quỹ vắc xin phòng Covid-19 bao nhiêu tiền?", expect: ["450"]}
  - {category: vi, q: "VNPT lắp bao nhiêu camera giám sát?", expect: ["9999"]}
"""


@pytest.fixture
def beside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_logging: None) -> Path:
    """knowledge/ (the real one, linked) with a tests/ folder of question sets next to it, as in the image."""
    (tmp_path / "knowledge").symlink_to(ROOT / "knowledge")
    (tmp_path / "tests").mkdir()
    monkeypatch.setenv("BOT_KNOWLEDGE_DIR", str(tmp_path / "knowledge"))
    monkeypatch.setenv("BOT_SEEDS_DIR", str(ROOT / "seeds"))
    return tmp_path / "tests"


def test_eval_asks_the_sets_beside_knowledge_lists_misses_and_requires_its_floors(
    beside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (beside / "questions_curator.yaml").write_text(SET, encoding="utf-8")
    assert main(["eval", "-v"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("== questions_curator.yaml\n") and re.search(r"^vi +1/2 +50\.0%$", out, re.M)
    assert "    miss: 'VNPT lắp bao nhiêu camera giám sát?' expected ['9999'] got vnpt_" in out
    assert re.search(r"^= answerable +1/2 +50\.0% +\(below 95%\)$", out, re.M)
    assert main(["eval", "--require"]) == 1 and "miss:" not in capsys.readouterr().out


def test_eval_without_question_sets_says_where_it_looked(
    beside: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("bot.evaluation.TESTS", tmp_path / "installed")  # as in the image: none with the code
    assert main(["eval"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == (
        f"eval: no question sets (questions*.yaml) in {beside}/ or {tmp_path}/installed/; pass --questions FILE\n"
    )


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "No such file or directory"),
        ("questions: [{q: 1", "not valid YAML"),
        ("questions: [{q: hi}]", "not a question set"),
    ],
)
def test_an_unreadable_question_set_is_one_line(
    beside: Path, content: str | None, problem: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = beside / "questions_broken.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["eval", "--questions", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}: {problem}") and err.count("\n") == 1
