"""Stage 2, the index: which facts' wording fits a question, as a lexical score in [0, 1].

Built once per knowledge base from every fact's answer, evidence quotes and
example questions, analysed exactly as questions are. A question is scored on
two signals:

- coverage: how much of the question's weight the fact's vocabulary covers (a
  question full of words the articles never use is out of scope);
- example: the best weighted cosine with one of the fact's example questions.

Coverage is computed for every fact sharing a term with the question (an
inverted index, one numpy call); the example cosine only for the best
`max_candidates * 4` of them, so a knowledge base a hundred times larger costs
little more per question. Rarer terms weigh more (idf over facts).
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from bot.answering.analysis import Analyser, Question
from bot.answering.tuning import Tuning
from bot.knowledge import LANGS, Fact

HAS_PREFIX = "has:"  # an example asking what its subject has: "has:u_customer"
PERSON_PREFIX = "@"  # a person named is a term like a word: "@le_dang_dung"
EXAMPLE_POOL = 3  # facts whose examples are compared: this many times the candidates kept


@dataclass(frozen=True)
class Scored:
    """A fact and how well its wording fits the question."""

    index: int  # position in FactIndex.facts
    score: float
    coverage: float
    example: float


def terms_of(question: Question) -> list[str]:
    """Words, their adjacent pairs (Vietnamese words are often two syllables), cues and people named."""
    words = question.words
    return [*words, *(f"{a} {b}" for a, b in itertools.pairwise(words)), *question.asks,
            *(PERSON_PREFIX + person for person in question.people)]


class FactIndex:
    """Inverted indexes from term to facts and to example questions, as arrays."""

    def __init__(self, facts: list[Fact], analyser: Analyser, tuning: Tuning):
        self.facts = facts
        self.tuning = tuning
        self.asked_in_examples: list[frozenset[str]] = []  # the cues and units each fact's examples ask
        self.units_mentioned: list[frozenset[str]] = []
        vocabularies: list[set[str]] = []
        example_terms: list[list[str]] = []
        example_owner: list[int] = []
        words_seen: set[str] = set()
        for index, fact in enumerate(facts):
            vocabulary: set[str] = set(fact.topic.split("_")) | {PERSON_PREFIX + p for p in fact.people}
            cues: set[str] = set()
            for text in (*fact.answer.values(), *(evidence.quote for evidence in fact.evidence)):
                question = analyser.analyse(text, correct_typos=False)
                vocabulary.update(terms_of(question))
                words_seen.update(question.folded)
            for lang in LANGS:
                for text in fact.questions[lang]:
                    question = analyser.analyse(text, correct_typos=False)
                    cues.update(question.asks)
                    if question.unit:
                        cues.add(question.unit)
                        if question.possession:  # "Viettel có bao nhiêu khách hàng?" asked of this fact
                            cues.add(HAS_PREFIX + question.unit)
                    terms = list(dict.fromkeys(terms_of(question)))
                    example_terms.append(terms)
                    example_owner.append(index)
                    vocabulary.update(terms)
                    words_seen.update(question.folded)
            vocabularies.append(vocabulary)
            self.asked_in_examples.append(frozenset(cues))
            # The units the fact speaks of, figures aside: "lợi nhuận" in "Viettel shares part of its profit".
            self.units_mentioned.append(frozenset(term for term in vocabulary if term.startswith("u_")))
        analyser.language.learn_words(words_seen)  # as typed: they need no correction
        self._build_arrays(vocabularies, example_terms, example_owner)
        # What each article speaks of: an overview prefers the headline facts of articles on the question's subject.
        by_source: dict[str, set[str]] = defaultdict(set)
        for fact, vocabulary in zip(facts, vocabularies, strict=True):
            by_source[fact.evidence[0].source].update(vocabulary)
        self.source_terms = {source: frozenset(terms) for source, terms in by_source.items()}

    def _build_arrays(self, vocabularies: list[set[str]], example_terms: list[list[str]],
                      example_owner: list[int]) -> None:
        document_frequency: dict[str, int] = defaultdict(int)
        for vocabulary in vocabularies:
            for term in vocabulary:
                document_frequency[term] += 1
        count = len(self.facts)
        self.term_id = {term: number for number, term in enumerate(sorted(document_frequency))}
        self.weight = np.array([math.log((count + 1) / (document_frequency[t] + 0.5)) for t in self.term_id])
        self.unknown_weight = math.log((count + 1) / 0.5)

        # Facts by term: one sort of (term, fact) pairs, cut where the term changes.
        term_of = self.term_id
        sizes = np.fromiter((len(v) for v in vocabularies), dtype=np.int64, count=len(vocabularies))
        terms = np.fromiter((term_of[t] for v in vocabularies for t in v), dtype=np.int32, count=int(sizes.sum()))
        owners = np.repeat(np.arange(len(vocabularies), dtype=np.int32), sizes)
        order = np.argsort(terms, kind="stable")  # facts stay in order within a term
        terms, owners = terms[order], owners[order]
        cuts = np.flatnonzero(np.diff(terms)) + 1
        self.facts_with = {int(group_terms[0]): group for group_terms, group in
                           zip(np.split(terms, cuts), np.split(owners, cuts), strict=True) if len(group)}

        # Example questions as a CSR matrix of term ids, stored fact by fact.
        sentinel = len(term_of)  # weighs nothing: an example with no terms keeps one, for reduceat
        ids = [[term_of[t] for t in terms] or [sentinel] for terms in example_terms]
        lengths = np.fromiter((len(t) for t in ids), dtype=np.int64, count=len(ids))
        self.example_terms = np.fromiter(itertools.chain.from_iterable(ids), dtype=np.int32, count=int(lengths.sum()))
        self.example_lengths = lengths
        self.example_starts = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64) if len(ids) \
            else np.zeros(0, dtype=np.int64)
        padded = np.append(self.weight, 0.0)
        squares = np.add.reduceat(padded[self.example_terms] ** 2, self.example_starts) if len(ids) else np.zeros(0)
        norms = np.sqrt(squares)
        self.example_norm = np.where(norms > 0, norms, 1.0)
        owner = np.array(example_owner, dtype=np.int64)
        self.fact_example_start = np.searchsorted(owner, np.arange(count))
        self.fact_example_end = np.searchsorted(owner, np.arange(count), side="right")
        self._question_weight = np.zeros(len(self.term_id) + 1)  # reused per question, reset after

    def score(self, question: Question, limit: int | None = None) -> list[Scored]:
        """The facts whose wording fits the question, best first."""
        terms = list(dict.fromkeys(terms_of(question)))
        if not terms or not self.facts:
            return []
        # A word the articles never use weighs most; an unseen pair of known words adds nothing.
        known = [(self.term_id[t], float(self.weight[self.term_id[t]])) for t in terms if t in self.term_id]
        unknown = sum(self.unknown_weight ** 2 for t in terms if t not in self.term_id and " " not in t)
        total_weight = sum(w for _, w in known) + math.sqrt(unknown) * (len(
            [t for t in terms if t not in self.term_id and " " not in t]) > 0) or 1.0
        total_weight = sum(w for _, w in known) + sum(
            self.unknown_weight for t in terms if t not in self.term_id and " " not in t) or 1.0
        question_norm = math.sqrt(sum(w * w for _, w in known) + unknown) or 1.0
        if not known:
            return []
        covered = self._coverage(known) / total_weight
        pool_size = (limit or self.tuning.max_candidates) * EXAMPLE_POOL
        pool = np.flatnonzero(covered > 0)
        if len(pool) > pool_size:
            pool = pool[np.argpartition(-covered[pool], pool_size)[:pool_size]]
        example = self._best_examples(pool, known, question_norm)
        tuning = self.tuning
        scores = tuning.coverage_weight * covered[pool] + tuning.example_weight * example
        order = np.argsort(-scores, kind="stable")[: limit or len(scores)]
        return [Scored(int(pool[i]), float(scores[i]), float(covered[pool[i]]), float(example[i]))
                for i in order if scores[i] >= tuning.min_score]

    def article_fit(self, question: Question, fact: Fact) -> float:
        """How much of the question's weight the vocabulary of the fact's article covers."""
        terms = [t for t in dict.fromkeys(question.words) if t in self.term_id]
        total = sum(float(self.weight[self.term_id[t]]) for t in terms)
        if not total:
            return 1.0
        covered = self.source_terms.get(fact.evidence[0].source, frozenset())
        return sum(float(self.weight[self.term_id[t]]) for t in terms if t in covered) / total

    def _coverage(self, known: list[tuple[int, float]]) -> np.ndarray:
        hits = [(self.facts_with[t], w) for t, w in known if t in self.facts_with]
        positions = np.concatenate([ids for ids, _ in hits])
        values = np.repeat([w for _, w in hits], [len(ids) for ids, _ in hits])
        return np.bincount(positions, weights=values, minlength=len(self.facts))

    def _best_examples(self, pool: np.ndarray, known: list[tuple[int, float]], question_norm: float) -> np.ndarray:
        """For each fact of the pool, the best weighted cosine of one of its examples with the question.

        All in a few numpy calls: the pool's examples, then their terms, as concatenated ranges."""
        best = np.zeros(len(pool))
        if not len(pool):
            return best
        counts = self.fact_example_end[pool] - self.fact_example_start[pool]
        has_examples = counts > 0
        if not has_examples.any():
            return best
        counts = counts[has_examples]
        examples = _ranges(self.fact_example_start[pool][has_examples], counts)
        term_positions = _ranges(self.example_starts[examples], self.example_lengths[examples])
        weights = self._question_weight
        for term, weight in known:
            weights[term] = weight * weight
        try:
            term_weights = weights[self.example_terms[term_positions]]
        finally:
            for term, _ in known:
                weights[term] = 0.0
        segment_starts = np.concatenate(([0], np.cumsum(self.example_lengths[examples])[:-1]))
        shared = np.add.reduceat(term_weights, segment_starts)
        cosine = shared / self.example_norm[examples] / question_norm
        fact_starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        best[has_examples] = np.maximum.reduceat(cosine, fact_starts)
        return best


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The concatenation of range(start, start + length) for each pair, without a Python loop."""
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    return offsets + np.arange(total)
