"""Damage a copy of knowledge/ and seeds/ in every way we can think of; `kb check` must catch it.

Usage: .venv/bin/python benchmarks/mutate_kb.py [--only NAME ...] [--jobs 2] [--timeout 20]

Each mutation is applied to a fresh copy in a temporary folder, then
`python -m bot kb check` runs on it with a timeout. Each must be either

- rejected: a non-zero exit and at least one `file:line: problem` line, or
- accepted and harmless: the bot then starts as on Telegram (compiled cache and
  all), says every phrase the code uses, lists sources and operators, answers
  questions (every answer with a sourced quote), renders every reply as text and
  HTML, starts again from its cache and reloads: all without an exception.

A traceback, a hang, a check slower than 5 s, a rejection without file and line,
or a harmful acceptance is a failure. Each mutation also says which of the two it
expects; an outcome other than the expected one is reported too. Prints one line
per mutation and the counts; exit status 1 on any failure or surprise.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECK_SECONDS = 5.0  # kb check must answer within this, however damaged the base
LOCATED = re.compile(r"^(?:knowledge|seeds|/)\S*?:\d+: \S", re.MULTILINE)

SOURCES = "knowledge/sources.yaml"
OPERATORS = "knowledge/operators.yaml"
LEXICON = "knowledge/lexicon.yaml"
PHRASES = "knowledge/phrases.yaml"
FACTS_000 = "knowledge/facts/000_*.yaml"
FACTS_001 = "knowledge/facts/001_*.yaml"
FACTS_002 = "knowledge/facts/002_*.yaml"
ARTICLE_001 = "seeds/001_*.txt"
TOPIC_LINE = r"^(    topic: vaccine_fund\n)"  # the first fact of 001: a place to add a line to a fact


class NotApplicable(Exception):
    """The base changed and a mutation no longer finds what it edits: update the mutation."""


def _path(root: Path, pattern: str) -> Path:
    matches = sorted(root.glob(pattern))
    if not matches:
        raise NotApplicable(f"nothing matches {pattern}")
    return matches[0]


Apply = Callable[[Path], None]


def sub(pattern: str, regex: str, replacement: str, count: int = 1) -> Apply:
    """Replace the first `count` matches of a regular expression (multi-line) in one file."""

    def apply(root: Path) -> None:
        path = _path(root, pattern)
        text = path.read_text(encoding="utf-8")
        changed, made = re.subn(regex, replacement, text, count=count, flags=re.MULTILINE)
        if not made:
            raise NotApplicable(f"{regex!r} not found in {path.name}")
        path.write_text(changed, encoding="utf-8")

    return apply


def write(relative: str, data: bytes | str) -> Apply:
    def apply(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    return apply


def recode(pattern: str, change: Callable[[bytes], bytes]) -> Apply:
    """Rewrite one file's bytes."""

    def apply(root: Path) -> None:
        path = _path(root, pattern)
        path.write_bytes(change(path.read_bytes()))

    return apply


def remove(pattern: str) -> Apply:
    def apply(root: Path) -> None:
        for path in root.glob(pattern):
            shutil.rmtree(path) if path.is_dir() else path.unlink()

    return apply


def mkdir(relative: str) -> Apply:
    return lambda root: (root / relative).mkdir(parents=True)


def rename(pattern: str, new_name: str) -> Apply:
    def apply(root: Path) -> None:
        path = _path(root, pattern)
        path.rename(path.with_name(new_name))

    return apply


def copy(pattern: str, new_name: str) -> Apply:
    def apply(root: Path) -> None:
        path = _path(root, pattern)
        shutil.copyfile(path, path.with_name(new_name))

    return apply


def symlink(relative: str, target: str) -> Apply:
    return lambda root: (root / relative).symlink_to(target)


def fifo(relative: str) -> Apply:
    return lambda root: os.mkfifo(root / relative)


def both(*steps: Apply) -> Apply:
    def apply(root: Path) -> None:
        for step in steps:
            step(root)

    return apply


@dataclass(frozen=True)
class Mutation:
    name: str
    expect: str  # "reject" or "accept"
    apply: Apply


def _nest(depth: int) -> str:
    return "[" * depth + "]" * depth


_BOMB = "lol0: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"lol{i}: &{chr(97 + i)} [*{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, "
    f"*{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}]\n"
    for i in range(1, 9)
)


def _list_article_again(root: Path) -> None:
    with (root / SOURCES).open("a", encoding="utf-8") as sources:
        sources.write(
            f'\n  - id: "009"\n    file: {_path(root, ARTICLE_001).name}\n    title: Again\n    language: vi\n'
        )


def _empty_evidence_of_a_fact_without_numbers(root: Path) -> None:
    """`evidence: []` where no number in the answer would give it away: only the evidence rule can."""
    path = _path(root, FACTS_002)
    facts = re.split(r"(?m)^(?=  - id: )", path.read_text(encoding="utf-8"))
    for index, fact in enumerate(facts):
        answer = re.search(r"^    answer:\n      vi: (.*)\n      en: (.*)\n", fact, re.MULTILINE)
        if answer and not re.search(r"\d", answer[1] + answer[2]) and "    derived:" not in fact:
            facts[index] = re.sub(
                r"^    evidence:\n(      - .*\n(        .*\n)*)+",
                "    evidence: []\n",
                fact,
                count=1,
                flags=re.MULTILINE,
            )
            path.write_text("".join(facts), encoding="utf-8")
            return
    raise NotApplicable("every fact of 002 states a number")


def _reuse_fact_id(root: Path) -> None:
    """The first fact id of 001 given to the first fact of 002 too."""
    first = re.search(r"^  - id: (\w+)$", _path(root, FACTS_001).read_text(encoding="utf-8"), re.MULTILINE)
    if first is None:
        raise NotApplicable("no fact id in 001")
    sub(FACTS_002, r"^  - id: \w+$", f"  - id: {first[1]}")(root)


MUTATIONS: list[Mutation] = [
    # ---- sources.yaml --------------------------------------------------------------------------
    Mutation("source date 28/09/2020", "reject", sub(SOURCES, r'date: "\d{4}-\d\d-\d\d"', 'date: "28/09/2020"')),
    Mutation("source date 30 February", "reject", sub(SOURCES, r'date: "\d{4}-\d\d-\d\d"', 'date: "2020-02-30"')),
    Mutation("source date unquoted month 13", "reject", sub(SOURCES, r'date: "\d{4}-\d\d-\d\d"', "date: 2020-13-45")),
    Mutation("source date unquoted", "reject", sub(SOURCES, r'date: "(\d{4}-\d\d-\d\d)"', r"date: \1")),
    Mutation("source date without zeros", "reject", sub(SOURCES, r'date: "\d{4}-\d\d-\d\d"', 'date: "2020-9-28"')),
    Mutation("source date in words", "reject", sub(SOURCES, r'date: "\d{4}-\d\d-\d\d"', 'date: "September 2020"')),
    Mutation("source date null", "accept", sub(SOURCES, r'date: "\d{4}-\d\d-\d\d"', "date: null")),
    Mutation("source language fr", "reject", sub(SOURCES, r"language: en$", "language: fr")),
    Mutation("source title missing", "reject", sub(SOURCES, r"^    title: .*\n", "")),
    Mutation("source article missing", "reject", sub(SOURCES, r"file: 000_\S+", "file: 000_missing.txt")),
    Mutation("source file is a path", "reject", sub(SOURCES, r"file: 000_\S+", "file: ../knowledge/sources.yaml")),
    Mutation("source file not .txt", "reject", sub(SOURCES, r"file: (000_\S+)\.txt", r"file: \1.md")),
    Mutation("source listed twice", "reject", _list_article_again),
    Mutation("source id used twice", "reject", sub(SOURCES, r'id: "001"', 'id: "000"')),
    Mutation("source id with spaces", "reject", sub(SOURCES, r'id: "000"', 'id: "0 0 0"')),
    Mutation("source id with markup", "reject", sub(SOURCES, r'id: "000"', 'id: "<b>000</b>"')),
    Mutation("source id a number", "reject", sub(SOURCES, r'id: "000"', "id: 000")),
    Mutation("sources empty list", "reject", write(SOURCES, "sources: []\n")),
    Mutation("sources a list at top", "reject", write(SOURCES, "- a\n- b\n")),
    Mutation("sources empty file", "reject", write(SOURCES, "")),
    Mutation("sources only comments", "reject", write(SOURCES, "# nothing here\n")),
    Mutation("sources deleted", "reject", remove(SOURCES)),
    Mutation("source publisher a number", "reject", sub(SOURCES, r"publisher: Viettel Headlines", "publisher: 5")),
    Mutation("source unknown key", "reject", sub(SOURCES, r"^(    language: en\n)", r"\1    colour: red\n")),
    Mutation(
        "source title with markup",
        "accept",
        sub(SOURCES, r"^    title: .*$", '    title: "<script>alert(1)</script> & <b>x</b> {x}"'),
    ),
    Mutation(
        "source duplicate key",
        "reject",
        sub(SOURCES, r'^(    date: "\d{4}-\d\d-\d\d"\n)', r'\1    date: "2021-01-01"' + "\n"),
    ),
    Mutation("source title_stated a string", "reject", sub(SOURCES, r"title_stated: true", 'title_stated: "yes"')),
    # ---- operators.yaml ------------------------------------------------------------------------
    Mutation(
        "operator parent itself",
        "reject",
        sub(OPERATORS, r"(- id: viettel_telecom\n    parent: )viettel", r"\1viettel_telecom"),
    ),
    Mutation(
        "operator parent cycle",
        "reject",
        sub(OPERATORS, r"^  - id: viettel\n", "  - id: viettel\n    parent: viettel_telecom\n"),
    ),
    Mutation("operator parent unknown", "reject", sub(OPERATORS, r"parent: viettel$", "parent: viettell")),
    Mutation("operator id with spaces", "reject", sub(OPERATORS, r"- id: viettel_nam_dinh", "- id: viettel nam dinh")),
    Mutation("operator id with markup", "reject", sub(OPERATORS, r"- id: mobifone_nam_dinh", '- id: "<i>mbf</i>"')),
    Mutation("operator id upper case", "reject", sub(OPERATORS, r"- id: vnpt_nam_dinh", "- id: VNPT_ND")),
    Mutation("operator id used twice", "reject", sub(OPERATORS, r"- id: mobifone_nam_dinh", "- id: mobifone")),
    Mutation(
        "operator alias shared", "reject", sub(OPERATORS, r"aliases: \[mobifone,", "aliases: [viettel, mobifone,")
    ),
    Mutation(
        "operator alias folds alike", "reject", sub(OPERATORS, r"aliases: \[mobifone,", "aliases: [VIETTEL, mobifone,")
    ),
    Mutation("operator aliases empty", "accept", sub(OPERATORS, r"aliases: \[vinaphone, [^\]]*\]", "aliases: []")),
    Mutation("operator aliases a string", "reject", sub(OPERATORS, r"aliases: \[vnpt, [^\]]*\]", "aliases: vnpt")),
    Mutation("operator alias a number", "reject", sub(OPERATORS, r"aliases: \[vnpt,", "aliases: [123, vnpt,")),
    Mutation("operator full_name without en", "reject", sub(OPERATORS, r"^      en: Viettel Telecom\n", "")),
    Mutation("operator name empty", "reject", sub(OPERATORS, r"name: VinaPhone", 'name: ""')),
    Mutation("operator collective a string", "reject", sub(OPERATORS, r"collective: true", 'collective: "true"')),
    Mutation("operator in use renamed", "reject", sub(OPERATORS, r"- id: mobifone_nam_dinh", "- id: mobifone_hanoi")),
    Mutation(
        "operator alias with markup",
        "accept",
        sub(OPERATORS, r"aliases: \[mobifone,", 'aliases: ["<b>mobi</b> & co", mobifone,'),
    ),
    Mutation("operators a mapping of numbers", "reject", write(OPERATORS, "operators: {viettel: 1}\n")),
    # ---- lexicon.yaml --------------------------------------------------------------------------
    Mutation("unit of an unknown kind", "reject", sub(LEXICON, r"^(  camera: \{kind: )count", r"\1colour")),
    Mutation("unit without words", "reject", sub(LEXICON, r"^(  camera: \{kind: count), words: \[[^\]]*\]", r"\1")),
    Mutation(
        "unit no figure counts", "accept", sub(LEXICON, r"^units:\n", "units:\n  kite: {kind: count, words: [dieu]}\n")
    ),
    Mutation("unit in use removed", "reject", sub(LEXICON, r"^  camera: \{kind: count, .*\n", "")),
    Mutation("rewrites value a string", "reject", sub(LEXICON, r"^  vaccine: \[[^\]]*\]", "  vaccine: vac xin")),
    Mutation("rewrites value a number", "reject", sub(LEXICON, r"^  thanks: \[", "  thanks: [42, ")),
    Mutation("rewrites empty variant", "reject", sub(LEXICON, r"^  thanks: \[", '  thanks: ["", ')),
    Mutation("rewrites a list", "reject", sub(LEXICON, r"^rewrites:\n", "rewrites: [a]\nold_rewrites:\n")),
    Mutation("stopwords without en", "reject", sub(LEXICON, r"^(stopwords:\n  vi: .*\n)  en: .*\n", r"\1")),
    Mutation("followup_cues a string", "reject", sub(LEXICON, r"^followup_cues: .*$", "followup_cues: and")),
    Mutation("lexicon a list", "reject", write(LEXICON, "- rewrites\n")),
    Mutation("lexicon empty", "reject", write(LEXICON, "")),
    Mutation(
        "lexicon nested 5000 deep", "reject", sub(LEXICON, r"^followup_cues: .*$", "followup_cues: " + _nest(5000))
    ),
    Mutation("lexicon nested 400 deep", "reject", sub(LEXICON, r"^followup_cues: .*$", "followup_cues: " + _nest(400))),
    # ---- phrases.yaml --------------------------------------------------------------------------
    Mutation("phrase deleted", "reject", sub(PHRASES, r"^  unknown:\n    vi: .*\n    en: .*\n", "")),
    Mutation("phrase placeholder misspelt", "reject", sub(PHRASES, r"\{operator\}\.", "{operatr}.")),
    Mutation("phrase stray {", "reject", sub(PHRASES, r"^    vi: Nguồn$", "    vi: Nguồn {")),
    Mutation("phrase stray }", "reject", sub(PHRASES, r"^    en: Source$", "    en: Source }")),
    Mutation("phrase positional placeholder", "reject", sub(PHRASES, r"\{facts\}", "{}")),
    Mutation("phrase attribute placeholder", "reject", sub(PHRASES, r"\{operator\}", "{operator.__class__}")),
    Mutation("phrase format spec", "reject", sub(PHRASES, r"\{facts\}", "{facts:>999999999}")),
    Mutation("phrase without en", "reject", sub(PHRASES, r"^(  empty:\n    vi: .*\n)    en: .*\n", r"\1")),
    Mutation("phrase empty text", "reject", sub(PHRASES, r"^    en: Source$", '    en: ""')),
    Mutation("phrase a list", "reject", sub(PHRASES, r"^  unsure:\n    vi: .*\n    en: .*\n", "  unsure: [a, b]\n")),
    Mutation(
        "phrase extra key",
        "accept",
        sub(PHRASES, r"^phrases:\n", "phrases:\n  greeting:\n    vi: Chào\n    en: Hello\n"),
    ),
    Mutation("phrase escaped braces", "accept", sub(PHRASES, r"^    en: Source$", "    en: Source {{1}}")),
    Mutation(
        "phrase placeholder left out",
        "accept",
        sub(
            PHRASES,
            r"^    en: The articles do not say that about \{operator\}\.$",
            "    en: The articles do not say that.",
        ),
    ),
    Mutation("phrases a list", "reject", sub(PHRASES, r"^phrases:\n", "phrases: []\nold:\n")),
    Mutation("phrase duplicate key", "reject", sub(PHRASES, r"^(  source:\n)", r"\1    vi: X\n    en: Y\n  source:\n")),
    Mutation(
        "phrase placeholder in an unused phrase",
        "reject",
        sub(PHRASES, r"^phrases:\n", "phrases:\n  old_notice:\n    vi: cũ {date}\n    en: old {date}\n"),
    ),
    Mutation("phrase with a control character", "reject", sub(PHRASES, r"^    en: Source$", '    en: "Source\\a"')),
    # ---- facts/*.yaml --------------------------------------------------------------------------
    Mutation("evidence empty", "reject", _empty_evidence_of_a_fact_without_numbers),
    Mutation("operators empty", "reject", sub(FACTS_001, r"operators: \[operators\]", "operators: []")),
    Mutation("fact id with a space", "reject", sub(FACTS_001, r"^  - id: (\w+)$", r"  - id: \1 two")),
    Mutation("fact id upper case", "reject", sub(FACTS_001, r"^  - id: (\w+)$", r"  - id: X\1")),
    Mutation("fact id with markup", "reject", sub(FACTS_001, r"^  - id: (\w+)$", r'  - id: "<b>\1</b>"')),
    Mutation("topic with a space", "reject", sub(FACTS_001, r"topic: vaccine_fund$", "topic: vaccine fund")),
    Mutation("topic with markup", "reject", sub(FACTS_001, r"topic: vaccine_fund$", 'topic: "<a href=x>y</a>"')),
    Mutation("fact id used in two files", "reject", _reuse_fact_id),
    Mutation("fact duplicate key", "reject", sub(FACTS_001, TOPIC_LINE, r"\1    topic: other" + "\n")),
    Mutation(
        "quote not in the article",
        "reject",
        sub(FACTS_001, r"quote: công bố đóng 450 tỷ", "quote: công bố tặng 450 tỷ"),
    ),
    Mutation(
        "answer number not in evidence", "reject", sub(FACTS_001, r"đóng góp 450 tỷ đồng", "đóng góp 451 tỷ đồng")
    ),
    Mutation("unknown operator", "reject", sub(FACTS_001, r"operators: \[mobifone\]", "operators: [mobiphone_inc]")),
    Mutation("fact unknown key", "reject", sub(FACTS_001, TOPIC_LINE, r"\1    colour: red" + "\n")),
    Mutation(
        "questions too few",
        "reject",
        sub(FACTS_001, r"^    questions:\n      vi:\n(        - .*\n)+", "    questions:\n      vi: [Một?, Hai?]\n"),
    ),
    Mutation("figure value text", "reject", sub(FACTS_000, r"\{value: 178,", '{value: "178",')),
    Mutation("figure value NaN", "reject", sub(FACTS_000, r"\{value: 178,", "{value: .nan,")),
    Mutation("figure value infinite", "reject", sub(FACTS_000, r"\{value: 178,", "{value: .inf,")),
    Mutation("figure value of 5000 digits", "reject", sub(FACTS_000, r"\{value: 178,", "{value: " + "7" * 5000 + ",")),
    Mutation("facts source unknown", "reject", sub(FACTS_001, r"^source: .*$", "source: 009_nothing.txt")),
    Mutation(
        "evidence source unknown",
        "reject",
        sub(FACTS_001, r"^(    evidence:\n)", r"\1      - {source: nothing.txt, quote: Viettel}" + "\n"),
    ),
    Mutation("facts not a list", "reject", sub(FACTS_001, r"^facts:\n(.*\n)*", "facts: hello\n")),
    Mutation("facts empty list", "accept", sub(FACTS_001, r"^facts:\n(.*\n)*", "facts: []\n")),
    Mutation("facts file empty", "reject", recode(FACTS_001, lambda data: b"")),
    Mutation("facts file binary", "reject", recode(FACTS_001, lambda data: bytes(range(256)) * 4)),
    Mutation(
        "facts file in cp1258",
        "reject",
        recode(FACTS_001, lambda data: data.decode("utf-8").encode("cp1258", "replace")),
    ),
    Mutation("facts file in UTF-16", "reject", recode(FACTS_001, lambda data: data.decode("utf-8").encode("utf-16"))),
    Mutation("facts file with a NUL", "reject", recode(FACTS_001, lambda data: data.replace(b"450", b"4\x0050", 1))),
    Mutation("facts file with a BOM", "accept", recode(FACTS_001, lambda data: b"\xef\xbb\xbf" + data)),
    Mutation("facts file with a bell", "reject", recode(FACTS_001, lambda data: data.replace(b"450", b"4\x0750", 1))),
    Mutation("facts file .yml", "reject", copy(FACTS_001, "004_extra.yml")),
    Mutation("facts folder named .yaml", "reject", mkdir("knowledge/facts/005_folder.yaml")),
    Mutation("facts pipe named .yaml", "reject", fifo("knowledge/facts/006_pipe.yaml")),
    Mutation(
        "facts file too big",
        "reject",
        recode(FACTS_001, lambda data: data + b"# padding padding padding padding\n" * 40_000),
    ),
    Mutation("facts folder missing", "reject", remove("knowledge/facts")),
    Mutation("facts folder empty", "reject", remove("knowledge/facts/*.yaml")),
    Mutation("facts folder a file", "reject", both(remove("knowledge/facts"), write("knowledge/facts", "x\n"))),
    Mutation(
        "example answered by another fact",
        "reject",
        sub(
            FACTS_001,
            r"^      vi:\n        - ",
            "      vi:\n        - VNPT lắp đặt bao nhiêu camera giám sát tại các cơ sở cách ly?\n        - ",
        ),
    ),
    Mutation(
        "answer with markup",
        "accept",
        sub(FACTS_000, r"en: Viettel presented 178", "en: <b>Viettel</b> & co {x} presented 178"),
    ),
    Mutation("YAML tab indentation", "reject", sub(FACTS_001, TOPIC_LINE, r"\1\t  bad: tab" + "\n")),
    Mutation(
        "YAML nested 5000 deep",
        "reject",
        sub(FACTS_001, r"^    topic: vaccine_fund$", "    topic: vaccine_fund\n    deep: " + _nest(5000)),
    ),
    Mutation(
        "YAML python tag",
        "reject",
        sub(FACTS_001, r"topic: vaccine_fund$", "topic: !!python/object/apply:os.system [ls]"),
    ),
    Mutation("YAML alias bomb", "reject", sub(FACTS_001, r"^source: ", _BOMB + "source: ")),
    Mutation("YAML two documents", "reject", recode(FACTS_001, lambda data: data + b"---\nfoo: 1\n")),
    Mutation("YAML unhashable key", "reject", sub(FACTS_001, TOPIC_LINE, r"\1    ? [a, b]" + "\n    : c\n")),
    Mutation("facts file renamed", "accept", rename(FACTS_001, "001_renamed.yaml")),
    Mutation(
        "derived number not a number",
        "accept",
        sub(FACTS_000, r"^(    derived:\n)", r"\1      - {number: abc, how: nothing}" + "\n"),
    ),
    # ---- knowledge/ and seeds/ ---------------------------------------------------------------
    Mutation("knowledge unknown file", "reject", write("knowledge/notes.txt", "notes\n")),
    Mutation("knowledge sub-folder", "reject", mkdir("knowledge/old")),
    Mutation("knowledge .yml file", "reject", write("knowledge/extra.yml", "phrases: {}\n")),
    Mutation("knowledge unknown .yaml file", "reject", write("knowledge/glossary.yaml", "words: [a]\n")),
    Mutation("knowledge folder named .yaml", "reject", mkdir("knowledge/extra.yaml")),
    Mutation("knowledge file is a folder", "reject", both(remove(PHRASES), mkdir(PHRASES))),
    Mutation("knowledge README deleted", "accept", remove("knowledge/README.md")),
    Mutation("knowledge hidden file", "accept", write("knowledge/.phrases.yaml.swp", b"\x00\x01")),
    Mutation("seeds folder inside", "reject", mkdir("seeds/old")),
    Mutation("seeds folder named .txt", "reject", mkdir("seeds/004_folder.txt")),
    Mutation("seeds file not .txt", "reject", write("seeds/notes.md", "notes\n")),
    Mutation("seeds link to a device", "reject", symlink("seeds/005_zero.txt", "/dev/zero")),
    Mutation(
        "seeds article in cp1258",
        "reject",
        recode(ARTICLE_001, lambda data: data.decode("utf-8").encode("cp1258", "replace")),
    ),
    Mutation("seeds article binary", "reject", recode(ARTICLE_001, lambda data: data[:100] + b"\x00" + data[100:])),
    Mutation("seeds article deleted", "reject", remove(ARTICLE_001)),
    Mutation("seeds article truncated", "reject", recode(ARTICLE_001, lambda data: data[: len(data) // 3])),
    Mutation("seeds article empty", "reject", recode(ARTICLE_001, lambda data: b"")),
    Mutation("seeds extra unlisted article", "accept", write("seeds/009_unlisted.txt", "Một bài viết khác.\n")),
    Mutation("seeds hidden file", "accept", write("seeds/.DS_Store", b"\x00\x00\x00\x01Bud1")),
    Mutation("seeds folder missing", "reject", remove("seeds")),
]


# ---- running one mutation --------------------------------------------------------------------


@dataclass
class Outcome:
    name: str
    expect: str
    result: str  # rejected, accepted-harmless, or a failure: traceback, hang, slow, unlocated, harmful, n/a
    seconds: float
    detail: str

    @property
    def failed(self) -> bool:
        return self.result not in ("rejected", "accepted-harmless")

    @property
    def surprising(self) -> bool:
        return not self.failed and not self.result.startswith(self.expect)


def prepare(mutation: Mutation, folder: Path, base: Path = ROOT) -> tuple[Path, Path]:
    """A fresh copy of the base (the project's, or the knowledge/ and seeds/ in `base`) in `folder`
    with the mutation applied: (knowledge, seeds)."""
    for name in ("knowledge", "seeds"):
        shutil.copytree(base / name, folder / name)
    mutation.apply(folder)
    return folder / "knowledge", folder / "seeds"


def judge_check(exit_code: int | None, output: str, seconds: float) -> tuple[str, str]:
    """What `kb check` did: (result, detail); result "accepted" needs the harm probe next."""
    if exit_code is None:
        return "hang", f"no answer within {seconds:.0f} s"
    if "Traceback" in output:
        return "traceback", output.strip().splitlines()[-1][:160]
    if seconds > CHECK_SECONDS:
        return "slow", f"{seconds:.1f} s"
    if exit_code == 0:
        return "accepted", ""
    located = LOCATED.search(output)
    if not located:
        return "unlocated", output.strip()[:160]
    return "rejected", output[located.start() :].splitlines()[0][:160]


def bot_env(knowledge: Path, seeds: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(ROOT),
        "PYTHONIOENCODING": "utf-8",
        "PYTHONPATH": str(ROOT),
        "BOT_KNOWLEDGE_DIR": str(knowledge),
        "BOT_SEEDS_DIR": str(seeds),
    }


def run_mutation(mutation: Mutation, timeout: float) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="mutate-kb-") as folder:
        try:
            knowledge, seeds = prepare(mutation, Path(folder))
        except NotApplicable as error:
            return Outcome(mutation.name, mutation.expect, "n/a", 0.0, str(error))
        env = bot_env(knowledge, seeds)
        start = time.perf_counter()
        try:
            # Run from the temporary folder so that file names print as knowledge/... and seeds/...
            check = subprocess.run(
                [sys.executable, "-m", "bot", "kb", "check"],
                cwd=folder,
                env=env,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=timeout,
                stdin=subprocess.DEVNULL,
            )
            exit_code, output = check.returncode, check.stdout + check.stderr
        except subprocess.TimeoutExpired:
            exit_code, output = None, ""
        seconds = time.perf_counter() - start
        result, detail = judge_check(exit_code, output, seconds if exit_code is not None else timeout)
        if result == "accepted":
            result, detail = _probe_process(env, Path(folder) / "state", timeout)
        return Outcome(mutation.name, mutation.expect, result, seconds, detail)


def _probe_process(env: dict[str, str], cache: Path, timeout: float) -> tuple[str, str]:
    try:
        probe_run = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--probe", str(cache)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout * 3,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return "hang", "the bot hung on the accepted base"
    if probe_run.returncode == 0:
        return "accepted-harmless", ""
    lines = (probe_run.stdout + probe_run.stderr).strip().splitlines()
    return "harmful", (lines[-1] if lines else f"probe exit {probe_run.returncode}")[:200]


# ---- the harm probe: the bot on an accepted base ------------------------------------------

PROBE_QUESTIONS = [
    "Viettel ủng hộ Quỹ vắc xin bao nhiêu?",
    "Khi nào?",
    "còn MobiFone thì sao?",
    "And VNPT?",
    "How many remote consultation centres did Viettel present?",
    "VNPT lắp bao nhiêu camera?",
    "Thời tiết Hà Nội ngày mai thế nào?",
    "vinaphone nam dinh",
    "mobi",
    "",
    "FPT Telecom?",
]


def probe(knowledge_dir: Path, seeds_dir: Path, cache: Path, reload: bool = True) -> list[str]:
    """Run the bot's code paths on a base; return the harms found (exceptions are harms too)."""
    from bot.engine import Engine
    from bot.kbcheck import check_knowledge
    from bot.knowledge import LANGS
    from bot.phrasebook import PHRASES
    from bot.render import render_html, render_plain

    harms: list[str] = []

    def answer_all(engine: Engine) -> None:
        questions = [
            *PROBE_QUESTIONS,
            *(fact.questions[lang][0] for fact in engine.knowledge.facts.values() for lang in LANGS),
        ]
        for lang in LANGS:
            for key, names in PHRASES.items():
                engine.knowledge.phrase(key, lang, **dict.fromkeys(names, 1))
            replies = [engine.help(lang), engine.sources(lang), engine.operators(lang), engine.about(lang)]
            for reply in replies:
                render_plain(reply), render_html(reply)
        for number, question in enumerate(questions):
            reply = engine.ask(question, f"probe:{number % 3}")
            render_plain(reply), render_html(reply), render_html(reply, list_suggestions=False)
            if reply.answered and not (reply.sources and all(source.quote.strip() for source in reply.sources)):
                harms.append(f"an answer without a sourced quote: {reply.intent}")
        for operator in engine.knowledge.operators:
            engine.knowledge.family(operator)

    try:
        engine = Engine.compiled(cache, knowledge_dir, seeds_dir)  # as the Telegram bot starts
        answer_all(engine)
        answer_all(Engine.compiled(cache, knowledge_dir, seeds_dir))  # a restart, from the cache
        if reload:  # as /reload and SIGHUP do
            knowledge, problems = check_knowledge(knowledge_dir, seeds_dir, True)
            if knowledge is None:
                harms.append(f"reload refuses what kb check accepted: {problems[:1]}")
            else:
                answer_all(engine.with_knowledge(knowledge))
    except Exception as error:  # every exception is what the probe is looking for
        harms.append(f"{type(error).__name__}: {str(error)[:160]}")
    return harms


def _probe_main(cache: Path) -> int:
    from bot.config import Settings

    settings = Settings.from_env()
    harms = probe(settings.knowledge_dir, settings.seeds_dir, cache)
    print("\n".join(harms) or "harmless")
    return 1 if harms else 0


# ---- the whole run ------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", help="run only the mutations whose name contains one of these")
    parser.add_argument("--jobs", type=int, default=2, help="mutations run at once (default 2)")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds before kb check counts as hung")
    parser.add_argument("--probe", metavar="CACHE", help=argparse.SUPPRESS)  # internal: the harm probe
    args = parser.parse_args()
    if args.probe:
        return _probe_main(Path(args.probe))
    chosen = [m for m in MUTATIONS if not args.only or any(word in m.name for word in args.only)]
    names = Counter(m.name for m in MUTATIONS)
    duplicates = [name for name, count in names.items() if count > 1]
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        outcomes = list(pool.map(lambda m: run_mutation(m, args.timeout), chosen))
    for outcome in outcomes:
        mark = "FAIL " if outcome.failed else ("SURPRISE " if outcome.surprising else "")
        print(f"{mark}{outcome.name:40} {outcome.result:18} {outcome.seconds:5.2f}s  {outcome.detail}")
    results = Counter(outcome.result for outcome in outcomes)
    failures = [o for o in outcomes if o.failed]
    surprises = [o for o in outcomes if o.surprising]
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(results.items()) if k not in ("rejected", "accepted-harmless"))
    print(
        f"\n{len(outcomes)} mutations in {time.perf_counter() - start:.0f} s: rejected {results['rejected']}, "
        f"accepted-harmless {results['accepted-harmless']}, failures {len(failures)} ({kinds or 'none'}), "
        f"not as expected {len(surprises)}; slowest kb check {max((o.seconds for o in outcomes), default=0):.2f} s"
    )
    if duplicates:
        print(f"duplicate mutation names: {duplicates}")
    return 1 if failures or surprises or duplicates else 0


if __name__ == "__main__":
    sys.exit(main())
