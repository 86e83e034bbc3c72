"""Stage 2, the index: which facts' wording fits a question, as a lexical score in [0, 1].

Built once per knowledge base from every fact's answer, evidence quotes and
example questions, analysed exactly as questions are. A question is scored on
two signals:

- coverage: how much of the question's weight the fact's vocabulary covers (a
  question full of words the articles never use is out of scope);
- example: the best weighted cosine with one of the fact's example questions.

Coverage is computed for every fact sharing a term with the question (an
inverted index, one numpy call); the example cosine for every example holding
one of the question's terms in a small knowledge base, and only for the
examples of the best-covered facts in a large one, so a knowledge base a
hundred times larger costs little more per question. Rarer terms weigh more
(idf over facts). Terms are numbered as the index is built and kept in numpy
arrays: a hundred-fold base fits in a few hundred megabytes at the most. Each
inverted index is one flat array of owners and where each term's owners start
in it (not an array per term): the compiled cache (bot.compiled) loads a few
arrays rather than ten thousand, and the build makes no small ones.
"""

from __future__ import annotations

import itertools
import math
from array import array
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from bot.answering.analysis import Analyser, Question
from bot.answering.tuning import Tuning
from bot.knowledge import LANGS, Fact

HAS_PREFIX = "has:"  # an example asking what its subject has: "has:u_customer"
SCORED_AT_MOST = 32  # facts a question's score is returned for: enough for the operator named and others
SMALL_BASE_EXAMPLES = 20_000  # up to this many example questions, scoring them all is the quicker way
PERSON_PREFIX = "@"  # a person named is a term like a word: "@le_dang_dung"
EXAMPLE_POOL = 3  # facts whose examples are compared: this many times the candidates kept


class Postings:
    """For each term number, the owners (facts or examples) listed against it, in ascending order."""

    def __init__(self, owners: np.ndarray, starts: array[int]):
        self.owners = owners  # every term's owners, one term after the other
        # Term t's are owners[starts[t]:starts[t + 1]]; a plain array, whose items are read fastest one by one.
        self.starts = starts

    def of(self, term: int) -> np.ndarray:
        return self.owners[self.starts[term] : self.starts[term + 1]]


@dataclass(slots=True)  # not frozen: dozens are made per question, and frozen ones are slower to make
class Scored:
    """A fact and how well its wording fits the question."""

    index: int  # position in FactIndex.facts
    score: float
    coverage: float
    example: float


def terms_of(question: Question) -> list[str]:
    """Words, their adjacent pairs (Vietnamese words are often two syllables), cues and people named."""
    words = question.words
    # map and join rather than generators: the index build takes the terms of 170,000 texts in a large base
    return [
        *words,
        *map(" ".join, itertools.pairwise(words)),
        *question.things,
        *question.asks,
        *map(PERSON_PREFIX.__add__, question.people),
    ]


class FactIndex:
    """Inverted indexes from term to facts and to example questions, as arrays."""

    def __init__(self, facts: list[Fact], analyser: Analyser, tuning: Tuning):
        self.facts = facts
        self.tuning = tuning
        self.asked_in_examples: list[frozenset[str]] = []  # the cues and units each fact's examples ask
        self.units_mentioned: list[frozenset[str]] = []
        # Terms get numbers as they come; each fact's vocabulary and each example are kept as numbers
        # at once (a knowledge base a hundred times larger would not fit in memory as sets of strings).
        # A term seen for the first time gets the next number (defaultdict and count work in C: the build
        # numbers millions of terms in a large base)
        numbered: defaultdict[str, int] = defaultdict(itertools.count().__next__)
        fact_terms = array("i")  # every fact's vocabulary, one after the other
        fact_sizes = array("i")
        example_terms = array("i")
        example_lengths = array("i")
        example_owner = array("i")
        words_seen: set[str] = set()
        by_source: dict[str, set[int]] = defaultdict(set)
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
                    # An attribute only named ("Viettel trích lợi nhuận để làm gì?") is not asked.
                    if question.unit and (not question.attribute or "q_amount" in question.asks):
                        cues.add(question.unit)
                        if question.possession:  # "Viettel có bao nhiêu khách hàng?" asked of this fact
                            cues.add(HAS_PREFIX + question.unit)
                    terms = list(dict.fromkeys(terms_of(question)))
                    example_terms.extend(map(numbered.__getitem__, terms))
                    example_lengths.append(len(terms))
                    example_owner.append(index)
                    vocabulary.update(terms)
                    words_seen.update(question.folded)
            numbers = list(map(numbered.__getitem__, vocabulary))
            fact_terms.extend(numbers)
            fact_sizes.append(len(numbers))
            # What each article speaks of: an overview prefers the headline facts of articles on its subject.
            by_source[fact.evidence[0].source].update(numbers)
            self.asked_in_examples.append(frozenset(cues))
            # The units the fact speaks of, figures aside: "lợi nhuận" in "Viettel shares part of its profit".
            self.units_mentioned.append(frozenset(term for term in vocabulary if term.startswith("u_")))
        self.term_id: dict[str, int] = dict(numbered)
        analyser.language.learn_words(words_seen)  # as typed: they need no correction
        self.source_terms = {source: frozenset(numbers) for source, numbers in by_source.items()}
        self._build_arrays(
            np.frombuffer(fact_terms, dtype=np.int32),
            np.frombuffer(fact_sizes, dtype=np.int32),
            np.frombuffer(example_terms, dtype=np.int32),
            np.frombuffer(example_lengths, dtype=np.int32),
            np.frombuffer(example_owner, dtype=np.int32),
        )

    def _build_arrays(
        self,
        fact_terms: np.ndarray,
        fact_sizes: np.ndarray,
        example_terms: np.ndarray,
        example_lengths: np.ndarray,
        example_owner: np.ndarray,
    ) -> None:
        count = len(self.facts)
        document_frequency = np.bincount(fact_terms, minlength=len(self.term_id))
        self.weight = np.log((count + 1) / (document_frequency + 0.5))
        self._weights: list[float] = self.weight.tolist()  # a Python float each: faster one at a time
        self.unknown_weight = math.log((count + 1) / 0.5)

        # Facts by term: the (term, fact) pairs sorted by term, cut where the term changes.
        owners = np.repeat(np.arange(count, dtype=np.int32), fact_sizes)
        order = np.argsort(fact_terms, kind="stable")  # facts stay in order within a term
        self.facts_with = _postings(fact_terms[order], owners[order], len(self.term_id))

        # Example questions as a CSR matrix of term ids, stored fact by fact; an example with no
        # terms keeps the sentinel term, which weighs nothing (reduceat needs no empty rows).
        sentinel = len(self.term_id)
        empty = np.flatnonzero(example_lengths == 0)
        if len(empty):
            example_terms = np.insert(example_terms, np.cumsum(example_lengths)[empty], sentinel)
            example_lengths = np.where(example_lengths == 0, 1, example_lengths)
        self.example_terms = example_terms.astype(np.int32)
        self.example_lengths = example_lengths.astype(np.int64)
        self.example_starts = np.concatenate(([0], np.cumsum(self.example_lengths)[:-1])).astype(np.int64)
        padded = np.append(self.weight, 0.0)
        squares = (
            np.add.reduceat(padded[self.example_terms] ** 2, self.example_starts)
            if len(example_lengths)
            else np.zeros(0)
        )
        norms = np.sqrt(squares)
        self.example_norm = np.where(norms > 0, norms, 1.0)
        owner = example_owner.astype(np.int64)
        self.fact_example_start = np.searchsorted(owner, np.arange(count))
        self.fact_example_end = np.searchsorted(owner, np.arange(count), side="right")
        # Examples by term, for questions whose terms are in few examples (see _best_examples).
        example_of_position = np.repeat(np.arange(len(self.example_lengths), dtype=np.int32), self.example_lengths)
        order = np.argsort(self.example_terms, kind="stable")
        self.examples_with = _postings(self.example_terms[order], example_of_position[order], sentinel + 1)
        self._with_examples = np.flatnonzero(self.fact_example_end > self.fact_example_start)
        self._with_examples_start = self.fact_example_start[self._with_examples]  # where their examples start
        self._question_weight = np.zeros(len(self.term_id) + 1)  # reused per question, reset after

    def score(self, question: Question, limit: int | None = None) -> list[Scored]:
        """The facts whose wording fits the question, best first."""
        if not self.facts:
            return []
        # A word the articles never use weighs most; an unseen pair of known words adds nothing.
        term_id, weights = self.term_id, self._weights
        known: list[tuple[int, float]] = []
        unknown = 0
        for term in dict.fromkeys(terms_of(question)):
            number = term_id.get(term)
            if number is not None:
                known.append((number, weights[number]))
            elif " " not in term:
                unknown += 1
        if not known:
            return []
        total_weight = sum(w for _, w in known) + unknown * self.unknown_weight
        question_norm = math.sqrt(sum(w * w for _, w in known) + unknown * self.unknown_weight**2)
        covered = self._coverage(known) / total_weight
        pool_size = (limit or self.tuning.max_candidates) * EXAMPLE_POOL
        pool = np.flatnonzero(covered > 0)
        if len(pool) > pool_size:
            pool = pool[np.argpartition(-covered[pool], pool_size)[:pool_size]]
        example = self._best_examples(pool, known, question_norm)
        tuning = self.tuning
        pooled = covered[pool]
        scores = tuning.coverage_weight * pooled + tuning.example_weight * example
        order = np.argsort(-scores, kind="stable")[: limit or SCORED_AT_MOST].tolist()
        facts, score_list, coverage, best = pool.tolist(), scores.tolist(), pooled.tolist(), example.tolist()
        return [
            Scored(facts[i], score_list[i], coverage[i], best[i]) for i in order if score_list[i] >= tuning.min_score
        ]

    def article_fit(self, question: Question, fact: Fact) -> float:
        """How much of the question's weight the vocabulary of the fact's article covers."""
        numbers = [self.term_id[t] for t in dict.fromkeys(question.words) if t in self.term_id]
        total = sum(self._weights[n] for n in numbers)
        if not total:
            return 1.0
        covered = self.source_terms.get(fact.evidence[0].source, frozenset())
        return sum(self._weights[n] for n in numbers if n in covered) / total

    def _coverage(self, known: list[tuple[int, float]]) -> np.ndarray:
        hits = [(self.facts_with.of(t), w) for t, w in known]
        return _weighted_counts(hits, len(self.facts))

    def _best_examples(self, pool: np.ndarray, known: list[tuple[int, float]], question_norm: float) -> np.ndarray:
        """For each fact of the pool, the best weighted cosine of one of its examples with the question.

        Two ways to the same figures, whichever touches fewer numbers: in a small knowledge base, every
        example's from the examples that hold the question's terms; in a large one, from every term of
        the pool's examples (a bounded amount, however large the knowledge base grows)."""
        if len(self.example_norm) <= SMALL_BASE_EXAMPLES:
            hits = [(self.examples_with.of(term), weight * weight) for term, weight in known]
            return self._best_examples_by_term(pool, hits, question_norm)
        return self._best_examples_of_pool(pool, known, question_norm)

    def _best_examples_by_term(
        self, pool: np.ndarray, hits: list[tuple[np.ndarray, float]], question_norm: float
    ) -> np.ndarray:
        if not hits or not len(self._with_examples):
            return np.zeros(len(pool))
        shared = _weighted_counts(hits, len(self.example_norm))
        cosine = shared / self.example_norm / question_norm
        best = np.zeros(len(self.facts))
        best[self._with_examples] = np.maximum.reduceat(cosine, self._with_examples_start)
        of_pool: np.ndarray = best[pool]
        return of_pool

    def _best_examples_of_pool(
        self, pool: np.ndarray, known: list[tuple[int, float]], question_norm: float
    ) -> np.ndarray:
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


def _postings(sorted_terms: np.ndarray, owners: np.ndarray, term_count: int) -> Postings:
    """For each of `term_count` terms, the owners listed against it (the pairs sorted by term).
    A term listed by none has an empty list: it adds nothing to any sum."""
    starts = np.concatenate(([0], np.cumsum(np.bincount(sorted_terms, minlength=term_count))))
    return Postings(np.ascontiguousarray(owners), array("q", starts.astype(np.int64).tobytes()))


def _weighted_counts(hits: list[tuple[np.ndarray, float]], size: int) -> np.ndarray:
    """For each of `size` entries, the sum of the weights of the postings that list it."""
    if not hits:
        return np.zeros(size)
    positions = np.concatenate([ids for ids, _ in hits])
    values = np.repeat(np.array([w for _, w in hits]), np.array([len(ids) for ids, _ in hits]))
    return np.bincount(positions, weights=values, minlength=size)


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The concatenation of range(start, start + length) for each pair, without a Python loop."""
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    return offsets + np.arange(total)
