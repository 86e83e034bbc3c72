"""The curator's view of what the bot could not answer: questions grouped by similarity.

Questions whose answer a reader reported wrong come first: someone took the trouble to say so,
and the bot gave an answer, with sources, that may mislead whoever asks next."""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from bot.text import fold

SIMILAR = 75  # rapidfuzz token_set_ratio at which two questions count as one gap
_DURATION = re.compile(r"^(\d+(?:\.\d+)?)([smhdw])$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


@dataclass(frozen=True)
class Gap:
    """A question the bot declined or answered with little confidence, or whose answer a reader
    reported wrong; no user or chat id. The engine records them (Engine.gaps); bot.state keeps them."""

    asked_at: float
    lang: str
    question: str
    nearest_fact: str | None
    score: float
    reported: bool = False
    facts: tuple[str, ...] = ()  # what the reported answer gave


@dataclass
class GapGroup:
    question: str  # the first wording seen
    folded: str
    count: int = 0
    nearest: Counter[str] = field(default_factory=Counter)
    best_score: float = 0.0
    langs: Counter[str] = field(default_factory=Counter)
    reported: int = 0  # how many of them a reader reported wrong
    answered_with: Counter[str] = field(default_factory=Counter)  # the facts the reported answers gave

    @property
    def nearest_fact(self) -> str | None:
        return self.nearest.most_common(1)[0][0] if self.nearest else None


def group_gaps(gaps: list[Gap]) -> list[GapGroup]:
    """Similar questions together, most frequent first."""
    groups: list[GapGroup] = []
    for gap in gaps:
        folded = fold(gap.question)
        group = next((g for g in groups if fuzz.token_set_ratio(folded, g.folded) >= SIMILAR), None)
        if group is None:
            group = GapGroup(question=gap.question, folded=folded)
            groups.append(group)
        group.count += 1
        group.langs[gap.lang] += 1
        if gap.reported:
            group.reported += 1
            group.answered_with.update(gap.facts)
        elif gap.nearest_fact:
            group.nearest[gap.nearest_fact] += 1
            group.best_score = max(group.best_score, gap.score)
    return sorted(groups, key=lambda g: (g.reported, g.count), reverse=True)


def parse_since(text: str, now: float | None = None) -> float:
    """`7d`, `12h`, `30m` before now, as a timestamp."""
    match = _DURATION.match(text.strip().lower())
    if not match:
        raise ValueError(f"--since takes a duration such as 7d, 12h or 30m, not {text!r}")
    return (time.time() if now is None else now) - float(match.group(1)) * _SECONDS[match.group(2)]


def format_groups(groups: list[GapGroup], limit: int | None = None) -> str:
    lines = []
    for group in groups[:limit]:
        notes = []
        if group.reported:
            facts = ", ".join(fact for fact, _ in group.answered_with.most_common()) or "no fact"
            notes.append(f"reported wrong: {group.reported}; answered with: {facts}")
        if group.reported < group.count:  # some were declined or unsure: the fact nearest to them
            nearest = f"{group.nearest_fact} ({group.best_score:.2f})" if group.nearest_fact else "none"
            notes.append(f"nearest: {nearest}")
        lines.append(f"{group.count:4}  {group.question}  [{'; '.join(notes)}]")
    return "\n".join(lines) if lines else "no gaps recorded"
