"""Stage 3, signals: for each candidate fact, named reasons to take it or refuse it.

Each signal is a small function of the question (and the dialogue's
preferences) and one fact. They never decide alone: `policy.py` reads them.
Hard signals refuse a fact (`Candidate.refused`): it is about another
operator, it does not hold what was asked (a count of something it does not
count, a date it does not give), or its year contradicts the question's.
Soft signals move its score (a person it mentions, the previous answer's topic).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.answering.analysis import Question
from bot.answering.index import HAS_PREFIX, Scored
from bot.answering.tuning import Tuning
from bot.knowledge import Fact, Knowledge

# What a fact must hold to answer a question asking for...
_NEEDS_DATES = ("q_time",)
_NEEDS_YEAR = ("q_year",)
_NEEDS_PLACE = ("q_place",)
_NEEDS_PERSON = ("q_title",)
_NEEDS_MONEY = ("q_money",)
_ASKS_A_VALUE = {"q_amount", "q_money", "q_what"}
# Cues a fact need not hold as data; asked of a fact whose examples never ask them, they cost some score.
_SOFT_CUES = ("q_reason", "q_purpose", "q_how", "q_quote", "q_name", "q_person")


@dataclass(frozen=True)
class Preferences:
    """What the conversation so far prefers: the previous answer, its topic and operators."""

    facts: tuple[str, ...] = ()
    topic: str | None = None
    operators: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    fact: Fact
    lexical: float
    score: float  # the lexical score moved by the soft signals (may pass 1: it ranks, it is not a probability)
    fits_operator: bool
    refused: str | None = None  # why the fact cannot answer this question; None: it can
    collective: bool = False  # about the operators together: never another operator's subject
    notes: tuple[str, ...] = field(default=())  # the soft signals that moved the score, for --explain

    @property
    def answers(self) -> bool:
        return self.fits_operator and self.refused is None


class Signals:
    def __init__(self, knowledge: Knowledge, tuning: Tuning):
        self.knowledge = knowledge
        self.tuning = tuning
        self.family = {op: knowledge.family(op) for op in knowledge.operators}
        self.collective = {op.id for op in knowledge.operators.values() if op.collective}
        self.source_year = {
            file: int(source.date[:4]) for file, source in knowledge.sources.items() if source.date}
        self.not_before = {file: source.not_before for file, source in knowledge.sources.items() if source.not_before}
        self.stock = {measure.id for measure in knowledge.measures.values() if measure.stock}

    def families(self, operators: tuple[str, ...]) -> frozenset[str]:
        return frozenset(self.family[op] for op in operators if op not in self.collective and op in self.family)

    def fits_operator(self, named: frozenset[str], fact: Fact) -> bool:
        """No operator named: any fact; otherwise a fact about one of their families (never a collective one)."""
        return not named or not named.isdisjoint(self.families(fact.operators))

    def candidate(self, question: Question, scored: Scored, fact: Fact, asked_in_examples: frozenset[str],
                  preferences: Preferences, units_mentioned: frozenset[str] = frozenset()) -> Candidate:
        named = self.families(question.operators)
        score, notes = self._soft(question, scored, fact, preferences)
        if self._holds_what_was_asked(question, fact):
            score += self.tuning.holds_bonus
            notes.append("its data holds what was asked")
        factor = self.soft_cue_factor(question, asked_in_examples, fact)
        if factor != 1.0:
            score *= factor
            notes.append("its examples never ask this")
        if question.unknown_names:
            score *= self.tuning.unknown_name_factor
            notes.append(f"names {', '.join(question.unknown_names)}, which no article uses")
        return Candidate(fact=fact, lexical=scored.score, score=score,
                         fits_operator=self.fits_operator(named, fact),
                         collective=all(op in self.collective for op in fact.operators),
                         refused=self.refusal(question, fact, asked_in_examples, units_mentioned), notes=tuple(notes))

    # ---- hard signals ---------------------------------------------------------------------

    def refusal(self, question: Question, fact: Fact, asked_in_examples: frozenset[str] = frozenset(),
                units_mentioned: frozenset[str] = frozenset()) -> str | None:
        """Why the fact cannot answer the question, or None.

        A fact holds what was asked when its data shows it (a figure in that unit, a date, a
        place) or when its curated example questions ask it ("từ khi nào?" of "from the first days")."""
        if question.attribute and question.unit in units_mentioned and not set(question.asks) & _ASKS_A_VALUE:
            # "Viettel trích lợi nhuận để làm gì?": the profit is the subject, not what is asked.
            return self._missing_data(question, fact, asked_in_examples) or self._year_conflict(question, fact)
        return (self._missing_figure(question, fact, asked_in_examples)
                or self._missing_data(question, fact, asked_in_examples) or self._year_conflict(question, fact))

    def _missing_figure(self, question: Question, fact: Fact, asked: frozenset[str]) -> str | None:
        units = {f"u_{figure.unit}" for figure in fact.figures}
        if question.possession and question.unit is not None:
            # "Viettel có bao nhiêu khách hàng?" asks what Viettel has, not what some action reached.
            held = {f"u_{f.unit}" for f in fact.figures if f.measure in self.stock}
            if question.unit not in held and HAS_PREFIX + question.unit not in asked:
                return f"states no {question.unit[2:]} figure the operator has"
        if question.unit is not None and question.unit not in units and question.unit not in asked:
            return f"gives no figure in {question.unit[2:]}"
        if "q_amount" in question.asks and question.unit is None and not fact.figures and "q_amount" not in asked:
            return "gives no figure"
        if any(cue in question.asks for cue in _NEEDS_MONEY) and "u_VND" not in units and not (
                asked & {"q_money", "u_VND"}):
            return "gives no amount of money"
        return None

    @staticmethod
    def _missing_data(question: Question, fact: Fact, asked: frozenset[str]) -> str | None:
        asks = question.asks
        if any(cue in asks and cue not in asked for cue in _NEEDS_DATES) and not fact.dates:
            return "gives no date"
        if any(cue in asks and cue not in asked for cue in _NEEDS_YEAR) and not fact.years:
            return "gives no year"
        if any(cue in asks and cue not in asked for cue in _NEEDS_PLACE) and not fact.places:
            return "names no place"
        if any(cue in asks for cue in _NEEDS_PERSON) and not fact.people:
            return "names no person"
        if question.people and not set(question.people) & set(fact.people) and (
                question.unit is not None or any(cue in asks for cue in (*_NEEDS_DATES, *_NEEDS_YEAR))):
            return "is not about the person named"
        return None

    def _year_conflict(self, question: Question, fact: Fact) -> str | None:
        if not question.years:
            return None
        years = set(fact.years) or {self.source_year[e.source] for e in fact.evidence if e.source in self.source_year}
        if years and not years & set(question.years):
            return f"is about {', '.join(map(str, sorted(years)))}, not {', '.join(map(str, question.years))}"
        earliest = max((self.not_before.get(e.source, 0) for e in fact.evidence), default=0)
        if not years and earliest and all(year < earliest for year in question.years):
            return f"is about {earliest} or later, not {', '.join(map(str, question.years))}"
        return None

    @staticmethod
    def _holds_what_was_asked(question: Question, fact: Fact) -> bool:
        """A figure in the unit asked, a date when asked when, a place when asked where."""
        asks = question.asks
        return bool(
            (question.unit is not None and not question.attribute
             and any(f"u_{f.unit}" == question.unit for f in fact.figures))
            or (any(c in asks for c in _NEEDS_DATES) and fact.dates)
            or (any(c in asks for c in _NEEDS_PLACE) and fact.places)
            or (any(c in asks for c in _NEEDS_PERSON) and fact.people))

    # ---- soft signals ---------------------------------------------------------------------

    def _soft(self, question: Question, scored: Scored, fact: Fact,
              preferences: Preferences) -> tuple[float, list[str]]:
        tuning = self.tuning
        score = scored.score
        notes: list[str] = []
        if any(op in fact.operators for op in question.operators):
            score += tuning.specific_operator_bonus
        if question.people:
            if set(question.people) & set(fact.people):
                score += tuning.person_bonus
                notes.append("about the person named")
            else:
                score *= tuning.missing_person_factor
                notes.append("not about the person named")
        if preferences.topic is not None and fact.topic == preferences.topic:
            score += tuning.topic_bonus
            notes.append("previous topic")
        if fact.id in preferences.facts:
            score += tuning.previous_fact_bonus
            notes.append("previous answer")
        return score, notes

    def soft_cue_factor(self, question: Question, asked_in_examples: frozenset[str], fact: Fact) -> float:
        """Asked "why" or "how" of a fact whose examples never ask it: it probably does not say."""
        unasked = [cue for cue in question.asks if cue in _SOFT_CUES and cue not in asked_in_examples]
        if "q_person" in unasked and (fact.people or any(op not in self.collective for op in fact.operators)):
            unasked.remove("q_person")  # "who did it?": the operator did
        return self.tuning.soft_cue_factor if unasked else 1.0
