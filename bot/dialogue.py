"""Dialogue context: what the previous question of a conversation was about.

A follow-up such as "còn Viettel thì sao?", "And VNPT?" or "Khi nào?" says too
little on its own; it is resolved against the last question asked under the
same context key (a private chat, or one member of a group). The context lives
behind `ContextStore` so that it can move to a database without the engine
noticing.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any, Protocol

from bot.matcher import Analysis


@dataclass(frozen=True)
class DialogueState:
    """What a follow-up needs from the previous question."""

    words: tuple[str, ...]
    cues: tuple[str, ...]
    operators: tuple[str, ...]
    lang: str
    fact_id: str | None
    updated_at: float

    def to_dict(self) -> dict[str, Any]:
        return {"words": self.words, "cues": self.cues, "operators": self.operators, "lang": self.lang,
                "fact_id": self.fact_id, "updated_at": self.updated_at}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DialogueState:
        return cls(
            words=tuple(data["words"]),
            cues=tuple(data["cues"]),
            operators=tuple(data["operators"]),
            lang=data["lang"],
            fact_id=data.get("fact_id"),
            updated_at=float(data["updated_at"]),
        )


class ContextStore(Protocol):
    """Where dialogue state lives between questions, keyed by conversation."""

    def get(self, key: str) -> DialogueState | None: ...

    def put(self, key: str, state: DialogueState) -> None: ...


class InMemoryContextStore:
    """Context for tests, `ask` and a single process: bounded, oldest dropped first."""

    def __init__(self, max_conversations: int = 100_000, ttl_seconds: float = 24 * 3600):
        self._states: OrderedDict[str, DialogueState] = OrderedDict()
        self._max = max_conversations
        self._ttl = ttl_seconds

    def get(self, key: str) -> DialogueState | None:
        state = self._states.get(key)
        if state is None or time.time() - state.updated_at > self._ttl:
            return None
        return state

    def put(self, key: str, state: DialogueState) -> None:
        self._states[key] = state
        self._states.move_to_end(key)
        while len(self._states) > self._max:
            self._states.popitem(last=False)


@dataclass(frozen=True)
class Resolution:
    """A question made whole with the conversation's context."""

    analysis: Analysis
    prefer_operators: tuple[str, ...]  # operators talked about just before: a soft preference
    lang: str
    is_followup: bool
    prefer_fact: str | None = None  # the previous answer, when only the operator or cue changed


def resolve(analysis: Analysis, previous: DialogueState | None, default_lang: str = "vi") -> Resolution:
    """Complete a follow-up from the previous question; leave a full question as it is."""
    lang = analysis.lang or (previous.lang if previous else default_lang)
    if previous is None:
        return Resolution(analysis, (), lang, is_followup=False)

    if not analysis.words and (analysis.operators or analysis.cues):
        # "Còn Viettel thì sao?" keeps the topic and changes the operator;
        # "Khi nào?" keeps topic and operator and asks a new kind of question.
        switching = bool(analysis.operators) and set(analysis.operators) != set(previous.operators)
        completed = replace(
            analysis,
            # A figure from the question about one operator is no clue to another's answer.
            words=tuple(w for w in previous.words if not (switching and w.isdigit())),
            cues=analysis.cues or previous.cues,
            operators=analysis.operators or previous.operators,
        )
        return Resolution(completed, (), lang, is_followup=True, prefer_fact=previous.fact_id)

    if not analysis.operators and previous.operators:
        if analysis.followup_cue:  # "còn camera thì sao?": same operator, new topic
            return Resolution(replace(analysis, operators=previous.operators), (), lang, is_followup=True)
        return Resolution(analysis, previous.operators, lang, is_followup=False)
    return Resolution(analysis, (), lang, is_followup=False)


def remember(resolution: Resolution, fact_id: str | None, now: float | None = None) -> DialogueState:
    """The state a follow-up to this question will be resolved against."""
    analysis = resolution.analysis
    return DialogueState(
        words=analysis.words,
        cues=analysis.cues,
        operators=analysis.operators,
        lang=resolution.lang,
        fact_id=fact_id,
        updated_at=time.time() if now is None else now,
    )
