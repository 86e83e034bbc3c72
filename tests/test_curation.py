"""The curator's guide, followed as a curator follows it: `kb new-source`, facts with a new operator,
person, measure and unit, `kb check`, then the bot answers. Run in-process through `bot.cli.main`."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli import main
from bot.config import Settings
from tests.conftest import warm_cache
from tests.knowledge_base import load_yaml, next_source_id, source_count, sources, tiny_base, uncovered_operator
from tests.test_cli import ROOT

ARTICLE = """SPT tặng 30 máy thở cho Bệnh viện Chợ Rẫy

Ngày 5/8/2021, Công ty Cổ phần Dịch vụ Bưu chính Viễn thông Sài Gòn (SPT) đã trao tặng 30 máy thở cho Bệnh viện Chợ Rẫy.
Bà Trần Thị Lan, Tổng Giám đốc SPT, cho biết công ty sẽ tiếp tục đồng hành cùng ngành y tế.
"""

FACT = {
    "id": "spt_ventilators",
    "operators": ["spt"],
    "topic": "ventilators",
    "priority": 1,
    "figures": [{"value": 30, "unit": "ventilator", "measure": "ventilators_donated"}],
    "dates": ["5/8/2021"],
    "places": ["Chợ Rẫy"],
    "people": ["tran_thi_lan"],
    "answer": {
        "vi": "Ngày 5/8/2021, SPT đã trao tặng 30 máy thở cho Bệnh viện Chợ Rẫy.",
        "en": "On 5 August 2021 SPT gave 30 ventilators to Cho Ray Hospital.",
    },
    "evidence": [
        {
            "quote": "Ngày 5/8/2021, Công ty Cổ phần Dịch vụ Bưu chính Viễn thông Sài Gòn (SPT) đã trao tặng "
            "30 máy thở cho Bệnh viện Chợ Rẫy."
        }
    ],
    "questions": {
        "vi": [
            "SPT tặng bao nhiêu máy thở cho Bệnh viện Chợ Rẫy?",
            "spt tang bao nhieu may tho",
            "Saigon Postel trao tặng máy thở cho bệnh viện nào?",
        ],
        "en": [
            "How many ventilators did SPT give?",
            "Which hospital got ventilators from SPT?",
            "How many ventilators did Saigon Postel donate?",
        ],
    },
}


@pytest.fixture
def base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_logging: None) -> Iterator[Path]:
    """A copy of knowledge/ and seeds/ the commands work on, as BOT_KNOWLEDGE_DIR and BOT_SEEDS_DIR say."""
    shutil.copytree(ROOT / "knowledge", tmp_path / "knowledge")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.setenv("BOT_KNOWLEDGE_DIR", str(tmp_path / "knowledge"))
    monkeypatch.setenv("BOT_SEEDS_DIR", str(tmp_path / "seeds"))
    monkeypatch.setenv("BOT_STATE_DIR", str(tmp_path / "state"))
    yield tmp_path


@pytest.fixture
def small_base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_logging: None) -> Iterator[Path]:
    """As `base`, on a small base rather than the real one: tests/tiny_kb (its director's quote; its
    ventilator figures left out, so that the guide's new measure and unit are new here too), with the
    real operators, phrases and lexicon. `kb check` answers every example question of a base, well over
    a thousand in the real one (most of a second): here the guide's steps are what is tested, not the
    real base (tests/test_kb_check.py checks that)."""
    knowledge, seeds = tiny_base(tmp_path)
    edit_yaml(knowledge / "facts" / "000_tiny.yaml", lambda data: data.update(facts=data["facts"][2:]))
    assert [fact["id"] for fact in load_yaml(knowledge / "facts" / "000_tiny.yaml")["facts"]] == [
        "viettel_director_on_ventilators"
    ]
    edit_yaml(knowledge / "measures.yaml", lambda data: data["measures"].pop("ventilators_donated"))
    edit_yaml(knowledge / "lexicon.yaml", lambda data: data["units"].pop("ventilator"))
    monkeypatch.setenv("BOT_KNOWLEDGE_DIR", str(knowledge))
    monkeypatch.setenv("BOT_SEEDS_DIR", str(seeds))
    monkeypatch.setenv("BOT_STATE_DIR", str(tmp_path / "state"))
    yield tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def edit_yaml(path: Path, change: Any) -> None:
    """The curator's edit of one knowledge file (comments are lost in this copy, which is fine here)."""
    data = load_yaml(path)
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def guide_examples() -> dict[str, Any]:
    """The YAML the README's curator's guide shows for a new operator, person, measure and unit,
    by the file it goes into: what the guide tells a curator to write must pass `kb check`."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    guide = readme[readme.index("## The curator's guide") :]
    blocks = [textwrap.dedent(block) for block in re.findall(r"```yaml\n(.*?)```", guide, re.S)]
    operator, person, figures = blocks
    examples = {"operators.yaml": yaml.safe_load(operator)[0], "people.yaml": yaml.safe_load(person)[0]}
    for part in re.split(r"^# (?=\w+\.yaml)", figures, flags=re.M)[1:]:
        name, body = part.split(",", 1)[0], part.split("\n", 1)[1]
        examples[name] = yaml.safe_load(textwrap.dedent(body))
    return examples


def write_article(folder: Path, name: str, text: str) -> Path:
    article = folder / name
    article.write_text(text, encoding="utf-8")
    return article


def test_a_new_article_with_a_new_operator_person_measure_and_unit_answers(
    small_base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = small_base
    knowledge = base / "knowledge"
    number, sources_before = next_source_id(knowledge), source_count(knowledge)
    article = write_article(base, "article.txt", ARTICLE)
    code, out, err = run(capsys, "kb", "new-source", str(article))
    assert code == 0, err
    seed = f"{number}_{hashlib.sha256(ARTICLE.encode()).hexdigest()[:16]}.txt"  # named like the others
    assert (base / "seeds" / seed).read_bytes() == article.read_bytes() and f"seeds/{seed}" in out
    entry = sources(knowledge)[-1]
    assert entry["id"] == number and entry["file"] == seed
    facts = next((knowledge / "facts").glob(f"{number}_*.yaml"))
    assert "Bà Trần Thị Lan, Tổng Giám đốc SPT" in facts.read_text(encoding="utf-8")  # a candidate quote
    assert run(capsys, "kb", "check")[0] == 0  # the skeleton passes as it is

    # Step 3 of the guide: the facts, and what they name that the base did not know yet, as the guide writes it.
    examples = guide_examples()
    edit_yaml(facts, lambda data: data["facts"].append(FACT))
    edit_yaml(knowledge / "operators.yaml", lambda data: data["operators"].append(examples["operators.yaml"]))
    # an operator no article covered until now leaves not_covered (kb check says so otherwise)
    edit_yaml(
        knowledge / "operators.yaml",
        lambda data: data.update(not_covered=[e for e in data.get("not_covered") or [] if e["name"] != "SPT"]),
    )
    edit_yaml(knowledge / "people.yaml", lambda data: data["people"].append(examples["people.yaml"]))
    edit_yaml(knowledge / "measures.yaml", lambda data: data["measures"].update(examples["measures.yaml"]))
    edit_yaml(knowledge / "lexicon.yaml", lambda data: data["units"].update(examples["lexicon.yaml"]))

    code, out, err = run(capsys, "kb", "check")
    assert code == 0, err
    assert f"({sources_before + 1} sources" in out
    code, out, _ = run(capsys, "ask", "Saigon Postel tặng bao nhiêu máy thở?")
    assert code == 0 and "30 máy thở" in out and "SPT tặng 30 máy thở cho Bệnh viện Chợ Rẫy" in out  # with its source


def test_an_article_already_there_or_a_taken_facts_file_is_refused_and_nothing_written(
    base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    knowledge, seeds = base / "knowledge", base / "seeds"
    existing = sorted(seeds.glob("*.txt"))[0]
    again = shutil.copy(existing, base / "same_article.txt")
    before = {path: path.read_bytes() for path in (*seeds.iterdir(), *knowledge.rglob("*.yaml"))}
    code, out, err = run(capsys, "kb", "new-source", str(again))
    assert code == 2 and out == "" and err == f"error: {again} is already in seeds/ as {existing.name}: nothing added\n"

    (knowledge / "facts" / f"{next_source_id()}_left_behind.yaml").write_text("source: gone.txt\nfacts: []\n")
    code, _, err = run(capsys, "kb", "new-source", str(write_article(base, "new.txt", "Một bài viết mới.\n")))
    assert code == 2 and f"{next_source_id()}_left_behind.yaml already exists" in err and "nothing added" in err
    assert {path: path.read_bytes() for path in before} == before
    assert sorted(seeds.iterdir()) == sorted(p for p in before if p.parent == seeds)


def test_an_operator_an_article_now_covers_must_leave_not_covered(
    small_base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    operators = small_base / "knowledge" / "operators.yaml"
    name = uncovered_operator()
    entry = {"id": "newly_covered", "name": name, "full_name": {"vi": name, "en": name}, "aliases": [name.lower()]}
    edit_yaml(operators, lambda data: data["operators"].append(entry))
    code, _, err = run(capsys, "kb", "check")
    assert code == 1 and f"not_covered {name!r} is the operator 'newly_covered': remove it from not_covered" in err
    assert err.startswith("knowledge/operators.yaml:")
    edit_yaml(operators, lambda data: data.update(not_covered=[e for e in data["not_covered"] if e["name"] != name]))
    assert run(capsys, "kb", "check")[0] == 0


def test_kb_gaps_lists_what_ask_recorded_when_asked_to(
    base: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unanswerable = "Giá cước 5G của Viettel là bao nhiêu?"
    warm_cache(Settings.from_env())  # an unchanged copy: the compiled knowledge of the project's base fits it
    assert run(capsys, "ask", unanswerable)[0] == 0
    assert run(capsys, "kb", "gaps")[0] == 1  # not recorded by default: no state database at all
    monkeypatch.setenv("BOT_RECORD_GAPS_LOCAL", "1")
    assert run(capsys, "ask", unanswerable)[0] == 0
    assert run(capsys, "ask", "Viettel ủng hộ Quỹ vắc xin bao nhiêu?")[0] == 0  # answered: no gap
    lines = (json.dumps({"chat_id": 1, "text": text}) + "\n" for text in ("gia cuoc 5G viettel", "Thời tiết hôm nay?"))
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO("".join(lines).encode())))
    assert run(capsys, "ask", "--jsonl")[0] == 0
    code, out, _ = run(capsys, "kb", "gaps", "--since", "1h")
    assert code == 0
    groups = out.splitlines()
    assert groups[0].split()[0] == "2" and "5G" in groups[0]  # the two wordings, grouped
    assert groups[1].split()[0] == "1" and "Thời tiết" in groups[1] and len(groups) == 2
    assert oct((base / "state" / "state.db").stat().st_mode & 0o777) == "0o600"
