"""The stages joined: a Question and the dialogue's preferences in, a Decision out."""

from __future__ import annotations

from dataclasses import dataclass

from bot.answering.analysis import Analyser, Question
from bot.answering.arithmetic import Arithmetic
from bot.answering.index import FactIndex
from bot.answering.language import Language
from bot.answering.policy import Decision, Policy
from bot.answering.signals import Candidate, Preferences, Signals
from bot.answering.tuning import DEFAULT_TUNING, Tuning
from bot.knowledge import Knowledge


@dataclass(frozen=True)
class Outcome:
    decision: Decision
    candidates: tuple[Candidate, ...]  # what the policy looked at, best first


class Pipeline:
    def __init__(self, knowledge: Knowledge, tuning: Tuning = DEFAULT_TUNING):
        self.knowledge = knowledge
        self.tuning = tuning
        self.language = Language(knowledge, tuning)
        self.analyser = Analyser(self.language)
        self.facts = list(knowledge.facts.values())
        self.index = FactIndex(self.facts, self.analyser, tuning)
        self.signals = Signals(knowledge, tuning)
        self.policy = Policy(tuning)
        self.arithmetic = Arithmetic(knowledge, self.signals)

    def analyse(self, text: str) -> Question:
        return self.analyser.analyse(text)

    def candidates(self, question: Question, preferences: Preferences = Preferences()) -> list[Candidate]:
        scored = self.index.score(question)
        candidates = [self.signals.candidate(question, s, self.facts[s.index], self.index.asked_in_examples[s.index],
                                             preferences) for s in scored]
        candidates.sort(key=lambda c: c.score, reverse=True)
        if preferences.operators and not question.operators:
            candidates = self._prefer_operators(candidates, preferences.operators)
        return candidates[: self.tuning.max_candidates]

    def _prefer_operators(self, candidates: list[Candidate], operators: tuple[str, ...]) -> list[Candidate]:
        """Facts about the previous question's operator come first unless another fits clearly better."""
        families = self.signals.families(operators)
        about = [c for c in candidates if c.answers and not families.isdisjoint(self.signals.families(c.fact.operators))]
        best = next((c for c in candidates if c.answers), None)
        if about and best is not None and about[0].score >= best.score - self.tuning.context_margin:
            return [*about, *(c for c in candidates if c not in about)]
        return candidates

    def decide(self, question: Question, preferences: Preferences = Preferences()) -> Outcome:
        candidates = self.candidates(question, preferences)
        computation = self.arithmetic.compute(question, candidates)
        return Outcome(self.policy.decide(question, candidates, computation), tuple(candidates))
