"""`python -m bot kb check`: passes on the real knowledge base, names file and line for each problem."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.knowledge_base import fact_count, next_source_id, operator_count, source_count, tiny_base
from tests.test_cli import ROOT, run_bot

FACTS = "knowledge/facts/001_vaccine_fund.yaml"


def check(knowledge: Path, seeds: Path = ROOT / "seeds") -> tuple[int, list[str]]:
    result = run_bot("kb", "check", env={"BOT_KNOWLEDGE_DIR": str(knowledge), "BOT_SEEDS_DIR": str(seeds)})
    return result.returncode, result.stderr.splitlines()


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    copy = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", copy)
    return copy


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first `old` and return its line number."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def test_the_knowledge_base_passes() -> None:
    result = run_bot("kb", "check")
    assert result.returncode == 0, result.stderr
    counts = f"kb check: OK ({source_count()} sources, {operator_count()} operators, {fact_count()} facts, "
    assert result.stdout.startswith(counts) and re.search(r"\d+ example questions\)$", result.stdout.strip())


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    topic: vaccine_fund\n", "    topic: vaccine_fund\n    colour: red\n", "unknown key 'colour'"),
        ("quote: công bố đóng 450 tỷ", "quote: công bố tặng 450 tỷ", "quote not found"),
        ("công bố đóng góp 450 tỷ đồng", "công bố đóng góp 451 tỷ đồng", "[451]"),
        ("operators: [mobifone]", "operators: [mobiphone_inc]", "unknown operator 'mobiphone_inc'"),
    ],
)
def test_each_problem_names_file_and_line(knowledge: Path, old: str, new: str, message: str) -> None:
    line = edit(knowledge / "facts" / "001_vaccine_fund.yaml", old, new)
    code, problems = check(knowledge)
    assert code == 1
    located = [p for p in problems if message in p]
    assert located, problems
    path, reported_line = located[0].split(":")[:2]
    assert path.endswith("facts/001_vaccine_fund.yaml")
    assert abs(int(reported_line) - line) <= 1  # the key's line or the line after it


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("includes: [fund_donation]", "includes: [fund_gift]", "includes 'fund_gift'"),
        (
            "{part: remote_centres_province_district_hospitals,",
            "{part: centres_in_hospitals,",
            "'centres_in_hospitals'",
        ),
    ],
)
def test_a_whole_and_a_share_name_only_measures_that_exist(knowledge: Path, old: str, new: str, message: str) -> None:
    line = edit(knowledge / "measures.yaml", old, new)
    code, problems = check(knowledge)
    assert code == 1
    located = [p for p in problems if message in p]
    assert located and located[0].split(":")[0].endswith("measures.yaml"), problems
    assert abs(int(located[0].split(":")[1]) - line) <= 3


def test_missing_field_duplicate_id_and_bad_yaml(knowledge: Path) -> None:
    facts = knowledge / "facts" / "001_vaccine_fund.yaml"
    text = facts.read_text(encoding="utf-8")
    first_id = re.search(r"- id: (\w+)", text).group(1)
    second_id = re.findall(r"- id: (\w+)", text)[1]
    edit(facts, f"- id: {second_id}\n", f"- id: {first_id}\n")
    code, problems = check(knowledge)
    assert code == 1
    assert any(f"fact id '{first_id}' already used" in p for p in problems)
    first_entry = edit(knowledge / "sources.yaml", "  - id: ", "  - id: ")  # the line of the first source
    edit(knowledge / "sources.yaml", "    language: en\n", "")
    code, problems = check(knowledge)
    assert code == 1
    assert any(p.startswith(f"knowledge/sources.yaml:{first_entry}:") and "missing 'language'" in p for p in problems)
    (knowledge / "operators.yaml").write_text("operators: [\n", encoding="utf-8")
    code, problems = check(knowledge)
    assert code == 1 and any("operators.yaml:" in p and "not valid YAML" in p for p in problems)


# The two below are about how `kb check` works, not about the real base (which
# test_the_knowledge_base_passes checks): on a base of three facts, answering every example takes
# a few milliseconds rather than most of a second.


def test_example_question_answered_by_another_fact_is_reported(tmp_path: Path) -> None:
    knowledge, seeds = tiny_base(tmp_path)
    line = edit(
        knowledge / "facts" / "000_tiny.yaml",
        "      vi: [Viettel tặng bao nhiêu máy thở?,",
        "      vi: [MobiFone tặng bao nhiêu máy thở cho Bệnh viện Chợ Rẫy?, Viettel tặng bao nhiêu máy thở?,",
    )
    code, problems = check(knowledge, seeds)
    assert code == 1
    assert problems[0].startswith(f"knowledge/facts/000_tiny.yaml:{line}: viettel_ventilators: example 'MobiFone")
    assert "gets mobifone_ventilators" in problems[0]


def test_a_new_article_needs_no_code(tmp_path: Path) -> None:
    knowledge, seeds = tiny_base(tmp_path)
    number = next_source_id(knowledge)
    (seeds / f"{number}_test.txt").write_text("MobiFone tặng 12 máy thở cho Bệnh viện Bạch Mai.\n", encoding="utf-8")
    with (knowledge / "sources.yaml").open("a", encoding="utf-8") as sources:
        sources.write(
            f'\n  - id: "{number}"\n    file: {number}_test.txt\n    title: MobiFone tặng máy thở\n'
            "    title_stated: false\n    language: vi\n"
        )
    (knowledge / "facts" / f"{number}_test.yaml").write_text(
        f"source: {number}_test.txt\nfacts:\n  - id: mobifone_ventilators_bach_mai\n    operators: [mobifone]\n"
        "    topic: ventilators\n    answer:\n      vi: MobiFone tặng 12 máy thở cho Bệnh viện Bạch Mai.\n"
        "      en: MobiFone gave 12 ventilators to Bach Mai Hospital.\n    evidence:\n"
        "      - quote: MobiFone tặng 12 máy thở cho Bệnh viện Bạch Mai\n    questions:\n"
        "      vi: [MobiFone tặng máy thở cho Bệnh viện Bạch Mai?, mobifone tang may tho bach mai,"
        " May tho MobiFone Bach Mai]\n"
        "      en: [Did MobiFone give ventilators to Bach Mai?, MobiFone ventilators for Bach Mai Hospital,"
        " MobiFone Bach Mai ventilators]\n",
        encoding="utf-8",
    )
    env = {"BOT_KNOWLEDGE_DIR": str(knowledge), "BOT_SEEDS_DIR": str(seeds), "BOT_STATE_DIR": str(tmp_path / "state")}
    checked = run_bot("kb", "check", env=env)
    assert checked.returncode == 0, checked.stderr
    result = run_bot("ask", "mobifone tang may tho cho bach mai", env=env)
    assert "12 máy thở" in result.stdout and "MobiFone tặng máy thở" in result.stdout


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("  digits: {một: 1,", "  digits: {một: one,", "spoken_numbers.digits.một must be a whole number"),
        ("number_words: {one: 1,", "number_words: {one: x,", "number_words.one must be a whole number"),
    ],
)
def test_a_number_table_s_word_must_say_a_whole_number(knowledge: Path, old: str, new: str, message: str) -> None:
    # a word in a table of numbers said in words needs its number: reported at its line, not a traceback
    line = edit(knowledge / "lexicon.yaml", old, new)
    code, problems = check(knowledge)
    assert code == 1 and [p for p in problems if message in p and f"lexicon.yaml:{line}:" in p], problems
