"""Matching a question to the fact that answers it.

Everything is precomputed once from the knowledge base: the folded example
questions of every fact, inverted indexes from word to examples and to facts,
word weights (rarer words weigh more) and the list of known words that
rapidfuzz corrects misspellings against. A question is analysed the same way
(fold, correct typos, find operators, rewrite abbreviations, drop stopwords,
stem) and scored against every fact on two signals:

- the best weighted-cosine similarity with one of the fact's example questions;
- how much of the question's weight the fact's vocabulary covers (a question
  full of words the articles never use is out of scope).

Operators are taken out of the text before scoring and handled apart, so that a
question about VNPT can never borrow a Viettel fact just because the wording fits.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from bot.knowledge import LANGS, Fact, Knowledge
from bot.text import fold, looks_vietnamese

CUE_PREFIX = "q_"

# ---- how a score is made -------------------------------------------------------------
WEIGHTS = {"example": 0.4, "coverage": 0.6}  # best example's cosine, share of the question covered
MIN_SCORE = 0.1  # facts scoring less are not ranked at all
# A follow-up that changes only the operator stays on the previous answer's topic
# (and what that topic's facts answer is not held against them).
TOPIC_BONUS = 0.25
# A fact about exactly the unit named (Viettel Nam Định rather than Viettel) wins ties.
SPECIFIC_OPERATOR_BONUS = 0.03
# Asked "when", "where", "who" or "how much" of a fact whose examples never ask it and
# whose answer holds no such thing: the fact does not answer the question.
UNANSWERED_CUE_FACTOR = 0.6
_SPECIFIC_CUES = frozenset({"q_place", "q_person"})
# An acronym the articles never use names something they do not cover ("FPT Telecom").
_ACRONYM = re.compile(r"(?<![\w])[A-Z]{2,6}(?![\w])")
UNKNOWN_NAME_FACTOR = 0.6

# ---- when a score is an answer ---------------------------------------------------------
CONFIDENCE_THRESHOLD = 0.6
# A fact this far ahead of the next one may be stated with this much less confidence.
CLEAR_LEAD = 0.1
LEAD_DISCOUNT = 0.05
# A fact about another operator that fits this much better than the best fact about
# the operator asked for means the articles do not cover the question for that operator.
WRONG_OPERATOR_MARGIN = 0.12
# Facts about the operator of the previous question win unless another fits clearly better.
CONTEXT_MARGIN = 0.1

# ---- misspellings (rapidfuzz ratio against the words the knowledge base uses) ----------
TYPO_CUTOFF = 80
SHORT_TYPO_CUTOFF = 85  # three-letter words: one wrong letter is already a lot


@dataclass(frozen=True)
class Analysis:
    """What a question says once folded: its words, question cues and operators."""

    text: str
    words: tuple[str, ...]  # content words, operators removed, rewritten and stemmed
    cues: tuple[str, ...]  # q_amount, q_time, ... (how much, when, ...)
    operators: tuple[str, ...]  # operator ids named
    lang: str | None  # None when nothing tells the language apart
    followup_cue: bool  # "còn ... thì sao", "and ...", "what about ..."
    unknown_names: tuple[str, ...] = ()  # acronyms the articles never use (FPT, EVN): another subject

    @property
    def terms(self) -> tuple[str, ...]:
        return self.words + self.cues


@dataclass(frozen=True)
class Candidate:
    fact_id: str
    score: float


@dataclass(frozen=True)
class MatchResult:
    analysis: Analysis
    ranked: tuple[Candidate, ...]  # best first, facts compatible with the operators asked for
    confidence: float
    wrong_operator: bool = False  # the question fits a fact about another operator only
    near_other: tuple[Candidate, ...] = field(default=())  # best facts about other operators

    @property
    def confident(self) -> bool:
        """Sure enough to state the fact: a high score, or a fair one far ahead of the rest."""
        if not self.ranked or self.wrong_operator:
            return False
        runner_up = self.ranked[1].score if len(self.ranked) > 1 else 0.0
        return self.confidence >= CONFIDENCE_THRESHOLD or (
            self.confidence >= CONFIDENCE_THRESHOLD - LEAD_DISCOUNT
            and self.confidence - runner_up >= CLEAR_LEAD)

    @property
    def fact_id(self) -> str | None:
        return self.ranked[0].fact_id if self.ranked else None


def _alternation(phrases: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    return re.compile(r"(?<![a-z0-9])(" + "|".join(map(re.escape, ordered)) + r")(?![a-z0-9])")


def _stem(word: str) -> str:
    """Light English stemming; Vietnamese syllables are short enough to pass untouched."""
    if len(word) <= 4 or word.startswith(CUE_PREFIX) or not word.isalpha():
        return word
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


class Matcher:
    """Scores questions against the knowledge base's facts."""

    def __init__(self, knowledge: Knowledge, prebuilt: dict[str, Any] | None = None):
        """Build the index, or take `prebuilt` (what `index_fields` gave for the same knowledge)."""
        self.knowledge = knowledge
        lexicon = knowledge.lexicon
        self._alias_owner = {
            fold(alias): operator.id
            for operator in knowledge.operators.values()
            for alias in (*operator.aliases, operator.name)
            if not operator.collective
        }
        self._alias_pattern = _alternation(self._alias_owner)
        self._rewrite_to = {
            fold(variant): canonical
            for canonical, variants in lexicon["rewrites"].items()
            for variant in variants
        }
        self._rewrite_pattern = _alternation(self._rewrite_to)
        self._stopwords = {fold(w) for lang in LANGS for w in lexicon["stopwords"][lang]}
        self._hints = {lang: {fold(w) for w in lexicon["language_hints"][lang]} for lang in LANGS}
        self._followup_pattern = _alternation(fold(c) for c in lexicon["followup_cues"])
        self._cue_requires = {cue: re.compile(pattern, re.IGNORECASE)
                              for cue, pattern in (lexicon.get("cue_requires") or {}).items()}
        self._families = {op_id: knowledge.family(op_id) for op_id in knowledge.operators}
        self._collective = {op.id for op in knowledge.operators.values() if op.collective}
        self._typo_cache: dict[str, str | None] = {}
        # Words a user may type that need no correction: set before the index is built.
        self._known_words: set[str] = set(self._stopwords)
        for phrase in (*self._alias_owner, *self._rewrite_to, *self._rewrite_to.values(), *self._hints["vi"],
                       *self._hints["en"]):
            self._known_words.update(phrase.split())
        if prebuilt is not None:
            self.__dict__.update(prebuilt)
        else:
            self._build_index(knowledge.facts.values())

    _SET_UP_BY_INIT = frozenset({"knowledge", "_alias_owner", "_alias_pattern", "_rewrite_to", "_rewrite_pattern",
                                 "_stopwords", "_hints", "_followup_pattern", "_cue_requires", "_families",
                                 "_collective", "_typo_cache"})

    def index_fields(self) -> dict[str, Any]:
        """What `_build_index` computed (plus the known words it extends), to store and reuse."""
        return {name: value for name, value in self.__dict__.items() if name not in self._SET_UP_BY_INIT}

    # ---- building -------------------------------------------------------------------

    def _build_index(self, facts: Iterable[Fact]) -> None:
        self.facts: list[Fact] = list(facts)
        example_terms: list[frozenset[str]] = []
        example_owner: list[int] = []
        vocabularies: list[set[str]] = []
        answerable_cues: list[frozenset[str]] = []
        for index, fact in enumerate(self.facts):
            vocabulary: set[str] = set(fact.topic.split("_"))
            cues: set[str] = set()
            # The words of the answers and of the article's own sentences count as the fact's too.
            for text in (*fact.answer.values(), *(evidence.quote for evidence in fact.evidence)):
                self._known_words.update(fold(text).split())
                vocabulary.update(self._terms(self.analyse(text, correct_typos=False)))
            for lang in LANGS:
                for question in fact.questions[lang]:
                    self._known_words.update(fold(question).split())
                    analysis = self.analyse(question, correct_typos=False)
                    cues.update(analysis.cues)
                    terms = frozenset(self._terms(analysis))
                    example_terms.append(terms)
                    example_owner.append(index)
                    vocabulary.update(terms)
            vocabularies.append(vocabulary)
            answers = " ".join(fact.answer.values())
            if any(op not in self._collective for op in fact.operators):
                cues.add("q_person")  # "who did it?": the operator did
            answerable_cues.append(frozenset(
                {cue for cue in cues if cue not in self._cue_requires}
                | {cue for cue, pattern in self._cue_requires.items() if pattern.search(answers)}))

        document_frequency: dict[str, int] = defaultdict(int)
        for vocabulary in vocabularies:
            for term in vocabulary:
                document_frequency[term] += 1
        count = len(self.facts)
        self._weight = {t: math.log((count + 1) / (df + 0.5)) for t, df in document_frequency.items()}
        self._unknown_weight = math.log((count + 1) / 0.5)
        self._known_word_list = sorted(self._known_words)
        self._topic = {fact.id: fact.topic for fact in self.facts}

        # Inverted indexes as arrays: scoring a question is a few numpy calls, not Python loops.
        examples_with: dict[str, list[int]] = defaultdict(list)
        for example, terms in enumerate(example_terms):
            for term in terms:
                examples_with[term].append(example)
        facts_with: dict[str, list[int]] = defaultdict(list)
        for index, vocabulary in enumerate(vocabularies):
            for term in vocabulary:
                facts_with[term].append(index)
        self._examples_with = {t: np.array(ids, dtype=np.intp) for t, ids in examples_with.items()}
        self._facts_with = {t: np.array(ids, dtype=np.intp) for t, ids in facts_with.items()}
        self._example_count = len(example_terms)
        self._example_norm = np.array([math.sqrt(sum(self._weight[t] ** 2 for t in terms)) or 1.0
                                       for terms in example_terms])
        self._example_owner = np.array(example_owner, dtype=np.intp)
        # Examples are stored fact by fact: each fact's examples start here.
        self._fact_starts = np.searchsorted(self._example_owner, np.arange(count))

        def mask(predicate: Callable[[Fact], bool]) -> np.ndarray:
            return np.array([predicate(fact) for fact in self.facts], dtype=bool)

        self._fact_families = [self._families_of(fact.operators) for fact in self.facts]
        self._operator_mask = {op: mask(lambda f, op=op: op in f.operators) for op in self._families}
        self._topic_mask = {topic: mask(lambda f, t=topic: f.topic == t)
                            for topic in {fact.topic for fact in self.facts}}
        self._cue_mask = {cue: np.array([cue in cues for cues in answerable_cues], dtype=bool)
                          for cue in set().union(*answerable_cues, self._cue_requires, _SPECIFIC_CUES)}

    @staticmethod
    def _terms(analysis: Analysis) -> list[str]:
        """Words, their adjacent pairs (Vietnamese words are often two syllables) and cues."""
        words = analysis.words
        return [*words, *(f"{a} {b}" for a, b in itertools.pairwise(words)), *analysis.cues]

    # ---- analysing ------------------------------------------------------------------

    def analyse(self, text: str, correct_typos: bool = True) -> Analysis:
        """Fold a question into words, cues, operators and a language guess."""
        folded = fold(text)
        tokens = folded.split()
        unknown_names: tuple[str, ...] = ()
        if correct_typos:
            tokens = [self._correct(token) for token in tokens]
            unknown_names = tuple(name for name in _ACRONYM.findall(text)
                                  if fold(name) not in self._known_words and self._correct(fold(name)) == fold(name))
        corrected = " ".join(tokens)
        operators = tuple(dict.fromkeys(
            self._alias_owner[m] for m in self._alias_pattern.findall(corrected)))
        without_operators = self._alias_pattern.sub(" ", corrected)
        followup_cue = bool(self._followup_pattern.search(without_operators))
        rewritten = self._rewrite_pattern.sub(lambda m: self._rewrite_to[m.group(1)], without_operators)
        words: list[str] = []
        cues: list[str] = []
        for token in rewritten.split():
            if token.startswith(CUE_PREFIX):
                cues.append(token)
            elif token not in self._stopwords:
                words.append(_stem(token))
        return Analysis(
            text=text,
            words=tuple(dict.fromkeys(words)),
            cues=tuple(dict.fromkeys(cues)),
            operators=operators,
            lang=self._language(text, folded.split()),
            followup_cue=followup_cue,
            unknown_names=unknown_names,
        )

    def _language(self, text: str, tokens: list[str]) -> str | None:
        if looks_vietnamese(text):
            return "vi"
        votes = {lang: sum(token in self._hints[lang] for token in tokens) for lang in LANGS}
        if votes["vi"] == votes["en"]:
            return None
        return max(votes, key=votes.__getitem__)

    def _correct(self, token: str) -> str:
        """The known word a misspelt one stands for, if one is close enough."""
        if token in self._known_words or len(token) < 3 or token.isdigit():
            return token
        if token not in self._typo_cache:
            if len(self._typo_cache) > 50_000:  # bounded: users can type anything
                self._typo_cache.clear()
            cutoff = TYPO_CUTOFF if len(token) > 3 else SHORT_TYPO_CUTOFF
            best = process.extractOne(token, self._known_word_list, scorer=fuzz.ratio, score_cutoff=cutoff)
            self._typo_cache[token] = best[0] if best else None
        return self._typo_cache[token] or token

    # ---- scoring --------------------------------------------------------------------

    def match(self, text: str) -> MatchResult:
        """Analyse and rank in one step (used by `kb check` and the evaluation)."""
        return self.rank(self.analyse(text))

    def rank(self, analysis: Analysis, prefer_operators: tuple[str, ...] = (),
             prefer_topic: str | None = None) -> MatchResult:
        """Rank facts for an analysed question; the preferences come from the dialogue."""
        scores = self._scores(analysis, prefer_topic).tolist()
        order = [i for i in sorted(range(len(scores)), key=scores.__getitem__, reverse=True)
                 if scores[i] >= MIN_SCORE]
        named = self._families_of(analysis.operators)
        if (named and prefer_topic is None and order and scores[order[0]] >= CONFIDENCE_THRESHOLD
                and not self._fits(order[0], named)):
            # The question is clearly on a subject (cameras, say); if the operator asked for has
            # facts on it, its answer is among them, even when another operator's fits the words better.
            topic = self.facts[order[0]].topic
            if any(self._fits(i, named) for i in np.flatnonzero(self._topic_mask[topic])):
                return self.rank(analysis, prefer_operators, topic)
        if named:
            ranked = self._top(order, scores, lambda i: self._fits(i, named))
            near_other = self._top(order, scores, lambda i: not self._fits(i, named))
            best_here = ranked[0].score if ranked else 0.0
            best_other = near_other[0].score if near_other else 0.0
            # The question fits another operator's fact; this operator's best fact is weaker and
            # on another subject (the same subject, e.g. cameras, is this operator's answer).
            wrong = best_other >= CONFIDENCE_THRESHOLD and (
                best_here < CONFIDENCE_THRESHOLD
                or (best_other - best_here > WRONG_OPERATOR_MARGIN
                    and self._topic[ranked[0].fact_id] != self._topic[near_other[0].fact_id]))
            return MatchResult(analysis, ranked, best_here, wrong, near_other)
        preferred = self._families_of(prefer_operators)
        if preferred and order:
            in_context = [i for i in order if self._fits(i, preferred)]
            if in_context and scores[in_context[0]] >= scores[order[0]] - CONTEXT_MARGIN:
                order = [*in_context, *(i for i in order if not self._fits(i, preferred))]
        ranked = self._top(order, scores)
        return MatchResult(analysis, ranked, ranked[0].score if ranked else 0.0)

    def facts_about(self, operators: Iterable[str]) -> list[str]:
        """Ids of the facts about these operators' families, in knowledge-base order."""
        families = self._families_of(operators)
        return [fact.id for index, fact in enumerate(self.facts) if self._fits(index, families)]

    def _families_of(self, operators: Iterable[str]) -> frozenset[str]:
        return frozenset(self._families[op] for op in operators if op not in self._collective)

    def _fits(self, index: int, families: frozenset[str]) -> bool:
        """Whether a fact is about one of these operator families (collective facts never are)."""
        return not families.isdisjoint(self._fact_families[index])

    def _top(self, order: list[int], scores: list[float], keep: Callable[[int], bool] | None = None,
             limit: int = 5) -> tuple[Candidate, ...]:
        """The first `limit` facts of `order` that `keep` accepts."""
        chosen = []
        for index in order:
            if keep is None or keep(index):
                chosen.append(Candidate(self.facts[index].id, round(scores[index], 4)))
                if len(chosen) == limit:
                    break
        return tuple(chosen)

    def _scores(self, analysis: Analysis, prefer_topic: str | None = None) -> np.ndarray:
        """A score in [0, 1] for every fact, in knowledge-base order."""
        terms = self._terms(analysis)
        if not terms:
            return np.zeros(len(self.facts))
        # A word the articles never use weighs most; an unseen pair of known words adds nothing.
        weights = {t: self._weight.get(t, 0.0 if " " in t else self._unknown_weight) for t in terms}
        question_norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        total_weight = sum(weights.values()) or 1.0

        # Best weighted cosine with one example of each fact.
        shared = self._accumulate(self._examples_with, weights, squared=True, size=self._example_count)
        cosine = shared / self._example_norm / question_norm
        best_example = np.maximum.reduceat(cosine, self._fact_starts)
        # Share of the question's weight that the fact's vocabulary covers.
        covered = self._accumulate(self._facts_with, weights, squared=False, size=len(self.facts))
        scores = WEIGHTS["example"] * best_example + WEIGHTS["coverage"] * covered / total_weight
        for operator in analysis.operators:
            scores += SPECIFIC_OPERATOR_BONUS * self._operator_mask[operator]
        if prefer_topic in self._topic_mask:
            scores += TOPIC_BONUS * self._topic_mask[prefer_topic]
        on_topic = self._topic_mask.get(prefer_topic) if prefer_topic else None
        for cue in analysis.cues:
            if cue in self._cue_requires or cue in _SPECIFIC_CUES:
                unanswered = ~self._cue_mask[cue] if on_topic is None else ~self._cue_mask[cue] & ~on_topic
                scores[unanswered] *= UNANSWERED_CUE_FACTOR
        if analysis.unknown_names:
            scores *= UNKNOWN_NAME_FACTOR
        return np.minimum(scores, 1.0)

    @staticmethod
    def _accumulate(index: dict[str, np.ndarray], weights: dict[str, float], squared: bool,
                    size: int) -> np.ndarray:
        """Sum each term's weight (or its square) into the entries the term's index lists."""
        hits = [(index[t], w * w if squared else w) for t, w in weights.items() if t in index]
        if not hits:
            return np.zeros(size)
        positions = np.concatenate([ids for ids, _ in hits])
        values = np.repeat([w for _, w in hits], [len(ids) for ids, _ in hits])
        return np.bincount(positions, weights=values, minlength=size)
