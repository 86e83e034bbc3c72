"""`python -m bot eval`: accuracy per category on the held-out question set.

A question with an `expect` list is right when the reply states a fact and
every expected string appears in it; `expect: declined` is right when the
reply states no fact (and none of the `forbid` strings). Strings are compared
folded (no case, no diacritics, 4.000 = 4000). Questions in the `decomposed`
category are sent in Unicode NFD, as some keyboards type them.
"""

from __future__ import annotations

import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.config import PROJECT_ROOT
from bot.engine import Engine
from bot.render import render_plain
from bot.text import fold

# Two held-out sets written from the articles alone, by different hands: the first guided
# matching work; the second ("blind") was written later and only measured.
DEFAULT_QUESTIONS = PROJECT_ROOT / "tests" / "questions.yaml"
QUESTION_SETS = (DEFAULT_QUESTIONS, PROJECT_ROOT / "tests" / "questions_blind.yaml")


@dataclass
class Tally:
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0


def _mentions(folded_text: str, expected: str) -> bool:
    """A whole number, or words at the start of a word: "jacket" is in "jackets", 50 is not in 500."""
    wanted = fold(expected)
    tail = " " if wanted[-1:].isdigit() else ""
    return f" {wanted}{tail}" in folded_text


def is_right(turn: dict[str, Any], answered: bool, text: str, kind: str = "") -> bool:
    """`expect`: strings the answer must hold, or declined / smalltalk / clarify (states no fact)."""
    folded = f" {fold(text)} "
    if any(_mentions(folded, str(s)) for s in turn.get("forbid", ())):
        return False
    if turn["expect"] in ("smalltalk", "clarify"):
        return not answered and kind == turn["expect"]
    if turn["expect"] == "declined":
        return not answered
    return answered and all(_mentions(folded, str(s)) for s in turn["expect"])


def evaluate(engine: Engine, questions_path: Path | None = None) -> dict[str, Tally]:
    """Ask every question (each in a fresh conversation) and every conversation, in order."""
    data = yaml.safe_load(Path(questions_path or DEFAULT_QUESTIONS).read_text(encoding="utf-8"))
    tallies: dict[str, Tally] = defaultdict(Tally)
    for number, item in enumerate(data.get("questions", [])):
        _ask_turns(engine, item["category"], [item], f"eval-q{number}", tallies)
    for number, conversation in enumerate(data.get("conversations", [])):
        _ask_turns(engine, conversation["category"], conversation["turns"], f"eval-c{number}", tallies)
    return dict(tallies)


def _ask_turns(engine: Engine, category: str, turns: list[dict[str, Any]], key: str,
               tallies: dict[str, Tally]) -> None:
    for turn in turns:
        question = turn["q"]
        if category == "decomposed":
            question = unicodedata.normalize("NFD", question)
        reply = engine.ask(question, key)
        text = render_plain(reply)
        tally = tallies[category]
        tally.total += 1
        if is_right(turn, reply.answered, text, reply.kind):
            tally.right += 1
        else:
            got = reply.intent or reply.kind
            tally.misses.append(f"{turn['q']!r} expected {turn['expect']} got {got} ({reply.confidence:.2f})")


def run_evaluation(engine: Engine, questions_path: str | None, verbose: bool) -> int:
    paths = [Path(questions_path)] if questions_path else [p for p in QUESTION_SETS if p.exists()]
    for path in paths:
        tallies = evaluate(engine, path)
        print(f"== {path.name}")
        for category, tally in sorted(tallies.items()):
            print(f"{category:18} {tally.right:4}/{tally.total:<4} {tally.accuracy:7.1%}")
            if verbose:
                for miss in tally.misses:
                    print(f"    miss: {miss}")
        answerable = [t for c, t in tallies.items() if c not in ("out_of_scope", "wrong_operator")]
        right = sum(t.right for t in answerable)
        total = sum(t.total for t in answerable)
        print(f"{'answerable, all':18} {right:4}/{total:<4} {right / max(total, 1):7.1%}")
    sys.stdout.flush()
    return 0
