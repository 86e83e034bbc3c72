"""Matching a question to the fact that answers it.

Everything is precomputed once from the knowledge base: the folded example
questions of every fact, an inverted index from word to examples, word
weights (rarer words weigh more) and rapidfuzz choices. A question is
analysed the same way (fold, find operators, rewrite abbreviations, drop
stopwords, stem) and scored against every fact on three signals:

- the best weighted-cosine similarity with one of the fact's example questions;
- how much of the question's weight the fact's vocabulary covers (a question
  full of words the articles never use is out of scope);
- rapidfuzz's character-level similarity with the closest example (typos).

Operators are taken out of the text before scoring and handled apart, so that a
question about VNPT can never borrow a Viettel fact just because the wording fits.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.knowledge import LANGS, Fact, Knowledge
from bot.text import fold, looks_vietnamese

CUE_PREFIX = "q_"
CONFIDENCE_THRESHOLD = 0.5
# A fact about another operator that fits this much better than the best fact about
# the operator asked for means the articles do not cover the question for that operator.
WRONG_OPERATOR_MARGIN = 0.12
# Facts about the operator of the previous question win unless another fits clearly better.
CONTEXT_MARGIN = 0.1
# A fact about exactly the unit named (Viettel Nam Định rather than Viettel) wins ties.
SPECIFIC_OPERATOR_BONUS = 0.03
TYPO_CUTOFF = 80
SHORT_TYPO_CUTOFF = 85  # three-letter words: one wrong letter is already a lot
WEIGHTS = {"example": 0.5, "coverage": 0.3, "fuzzy": 0.2}
# A follow-up that changes only the operator stays on the previous answer's topic.
TOPIC_BONUS = 0.15
# Asked "when", "where", "who" or "how much" of a fact whose examples never ask it and
# whose answer holds no such thing: the fact does not answer the question.
UNANSWERED_CUE_FACTOR = 0.6
_SPECIFIC_CUES = frozenset({"q_place", "q_person"})


@dataclass(frozen=True)
class Analysis:
    """What a question says once folded: its words, question cues and operators."""

    text: str
    words: tuple[str, ...]  # content words, operators removed, rewritten and stemmed
    cues: tuple[str, ...]  # q_amount, q_time, ... (how much, when, ...)
    operators: tuple[str, ...]  # operator ids named
    lang: str | None  # None when nothing tells the language apart
    followup_cue: bool  # "còn ... thì sao", "and ...", "what about ..."

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
        return bool(self.ranked) and not self.wrong_operator and self.confidence >= CONFIDENCE_THRESHOLD

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

    def __init__(self, knowledge: Knowledge):
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
        for phrase in (*self._alias_owner, *self._rewrite_to, *self._hints["vi"], *self._hints["en"]):
            self._known_words.update(phrase.split())
        self._build_index(knowledge.facts.values())

    # ---- building -------------------------------------------------------------------

    def _build_index(self, facts: Iterable[Fact]) -> None:
        self.facts: list[Fact] = list(facts)
        example_terms: list[frozenset[str]] = []
        example_owner: list[int] = []
        vocabularies: list[set[str]] = []
        self._answerable_cues: list[frozenset[str]] = []
        for index, fact in enumerate(self.facts):
            vocabulary: set[str] = set(fact.topic.split("_"))
            cues: set[str] = set()
            for lang in LANGS:
                self._known_words.update(fold(fact.answer[lang]).split())
                vocabulary.update(self._terms(self.analyse(fact.answer[lang], correct_typos=False)))
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
            self._answerable_cues.append(frozenset(
                {cue for cue in cues if cue not in self._cue_requires}
                | {cue for cue, pattern in self._cue_requires.items() if pattern.search(answers)}))

        document_frequency: dict[str, int] = defaultdict(int)
        for vocabulary in vocabularies:
            for term in vocabulary:
                document_frequency[term] += 1
        count = len(self.facts)
        self._weight = {t: math.log((count + 1) / (df + 0.5)) for t, df in document_frequency.items()}
        self._unknown_weight = math.log((count + 1) / 0.5)
        self._fact_vocabularies = [frozenset(v) for v in vocabularies]
        self._known_word_list = sorted(self._known_words)

        self._example_owner = example_owner
        self._example_norm = [math.sqrt(sum(self._weight[t] ** 2 for t in terms)) or 1.0
                              for terms in example_terms]
        self._postings: dict[str, list[int]] = defaultdict(list)
        for example, terms in enumerate(example_terms):
            for term in terms:
                self._postings[term].append(example)
        # rapidfuzz compares single words only: pairs would count every shared word twice.
        self._example_strings = [" ".join(sorted(t for t in terms if " " not in t))
                                 for terms in example_terms]

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
        if correct_typos:
            tokens = [self._correct(token) for token in tokens]
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
        scores = self._scores(analysis, prefer_topic)
        named = self._families_of(analysis.operators)
        ordered = sorted(range(len(self.facts)), key=scores.__getitem__, reverse=True)
        if named:
            compatible = [i for i in ordered if self._fits(i, named)]
            others = [i for i in ordered if not self._fits(i, named)]
            ranked = self._candidates(compatible, scores)
            near_other = self._candidates(others, scores)
            best_here = ranked[0].score if ranked else 0.0
            best_other = near_other[0].score if near_other else 0.0
            wrong = best_other >= CONFIDENCE_THRESHOLD and (
                best_other - best_here > WRONG_OPERATOR_MARGIN or best_here < CONFIDENCE_THRESHOLD)
            return MatchResult(analysis, ranked, best_here, wrong, near_other)
        preferred = self._families_of(prefer_operators)
        if preferred:
            in_context = [i for i in ordered if self._fits(i, preferred)]
            if in_context and scores[in_context[0]] >= scores[ordered[0]] - CONTEXT_MARGIN:
                ordered = [*in_context, *(i for i in ordered if not self._fits(i, preferred))]
        ranked = self._candidates(ordered, scores)
        return MatchResult(analysis, ranked, ranked[0].score if ranked else 0.0)

    def _families_of(self, operators: tuple[str, ...]) -> set[str]:
        return {self._families[op] for op in operators if op not in self._collective}

    def _fits(self, index: int, families: set[str]) -> bool:
        """Whether a fact is about one of these operator families (never true of collective facts)."""
        return any(self._families[op] in families for op in self.facts[index].operators
                   if op not in self._collective)

    def _candidates(self, indexes: list[int], scores: list[float], limit: int = 5) -> tuple[Candidate, ...]:
        return tuple(Candidate(self.facts[i].id, round(scores[i], 4)) for i in indexes[:limit])

    def _scores(self, analysis: Analysis, prefer_topic: str | None = None) -> list[float]:
        """A score in [0, 1] for every fact, in knowledge-base order."""
        terms = self._terms(analysis)
        scores = [0.0] * len(self.facts)
        if not terms:
            return scores
        weights = {t: self._weight.get(t, self._unknown_weight if " " not in t else 0.0) for t in terms}
        question_norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        total_weight = sum(weights.values()) or 1.0

        overlap: dict[int, float] = defaultdict(float)
        for term, weight in weights.items():
            for example in self._postings.get(term, ()):
                overlap[example] += weight * weight
        best_example = [0.0] * len(self.facts)
        for example, shared in overlap.items():
            cosine = shared / (question_norm * self._example_norm[example])
            owner = self._example_owner[example]
            best_example[owner] = max(best_example[owner], cosine)

        best_fuzzy = [0.0] * len(self.facts)
        query = " ".join(sorted((*analysis.words, *analysis.cues)))
        for _, score, example in process.extract(
            query, self._example_strings, scorer=fuzz.token_sort_ratio, limit=40, score_cutoff=50
        ):
            owner = self._example_owner[example]
            best_fuzzy[owner] = max(best_fuzzy[owner], score / 100)

        specific = set(analysis.operators)
        asked = {cue for cue in analysis.cues if cue in self._cue_requires or cue in _SPECIFIC_CUES}
        for index, vocabulary in enumerate(self._fact_vocabularies):
            if not best_example[index] and not best_fuzzy[index]:
                continue
            covered = sum(w for t, w in weights.items() if t in vocabulary) / total_weight
            score = (WEIGHTS["example"] * best_example[index] + WEIGHTS["coverage"] * covered
                     + WEIGHTS["fuzzy"] * best_fuzzy[index])
            fact = self.facts[index]
            if specific.intersection(fact.operators):
                score += SPECIFIC_OPERATOR_BONUS
            if prefer_topic and fact.topic == prefer_topic:
                score += TOPIC_BONUS
            if not asked <= self._answerable_cues[index]:
                score *= UNANSWERED_CUE_FACTOR
            scores[index] = min(score, 1.0)
        return scores
