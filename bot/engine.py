"""The answering engine: one question in, one Reply out.

Telegram, the console and `ask` all call `Engine.ask`; none of them does any
matching, wording or context keeping of its own. The engine never imports
`telegram`.
"""

from __future__ import annotations

import hashlib
import logging
import time
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any, Protocol

from bot import __version__
from bot.dialogue import ContextStore, InMemoryContextStore, remember, resolve
from bot.knowledge import Knowledge, load_knowledge
from bot.matcher import Matcher, MatchResult
from bot.replies import Reply, ReplyBuilder
from bot.state import Gap

logger = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500  # longer messages are read from the start only
SUGGESTION_COUNT = 3
# Answers stated with less confidence than this are logged as gaps too.
GAP_CONFIDENCE = 0.7
# Below the threshold but this close: "did you mean" rather than "I don't know".
UNSURE_FLOOR = 0.35


class GapRecorder(Protocol):
    """Where questions the bot could not answer well are kept for the curator."""

    def record_gap(self, gap: Gap) -> None: ...


class Engine:
    """Answers questions from the knowledge base, keeping dialogue context per key."""

    def __init__(self, knowledge: Knowledge, store: ContextStore | None = None,
                 gaps: GapRecorder | None = None, prebuilt_index: dict[str, Any] | None = None):
        self.knowledge = knowledge
        self.matcher = Matcher(knowledge, prebuilt_index)
        self.replies = ReplyBuilder(knowledge)
        self.store: ContextStore = store if store is not None else InMemoryContextStore()
        self.gaps = gaps
        self.counts: Counter[str] = Counter()  # answered / declined since start, for /stats
        self.default_lang = "vi"
        # Suggestions are example questions; buttons carry a short, stable key for them.
        self._suggestion_by_key = {
            suggestion_key(question): question
            for fact in knowledge.facts.values()
            for questions in fact.questions.values()
            for question in questions
        }

    @classmethod
    def from_directory(cls, knowledge_dir: Path, seeds_dir: Path | None = None,
                       store: ContextStore | None = None) -> Engine:
        return cls(load_knowledge(knowledge_dir, seeds_dir), store)

    @classmethod
    def compiled(cls, cache: Path, knowledge_dir: Path, seeds_dir: Path, store: ContextStore | None = None,
                 gaps: GapRecorder | None = None) -> Engine:
        """As from_directory, reusing the knowledge and index compiled into `cache` by an earlier start."""
        from bot.compiled import CompiledKnowledge, load_compiled

        knowledge, index = load_compiled(cache, knowledge_dir, seeds_dir)
        engine = cls(knowledge, store, gaps, index)
        if index is None:
            CompiledKnowledge(cache, knowledge_dir, seeds_dir).save(knowledge, engine.matcher.index_fields())
        return engine

    def with_knowledge(self, knowledge: Knowledge) -> Engine:
        """A new engine on other knowledge that keeps this one's context store and gap log."""
        engine = Engine(knowledge, self.store, self.gaps)
        engine.counts = self.counts
        return engine

    def ask(self, text: str, context_key: str | None = "default", reply_to_key: str | None = None, *,
            record_gap: bool = True) -> Reply:
        """Answer one question asked in the conversation `context_key` (None: no context).

        `reply_to_key` names the context of an earlier answer the question replies to: a
        follow-up then resolves against that answer's question rather than the latest one.
        `record_gap=False` keeps the question out of the gap log (the bot's own suggestions,
        inline queries typed a keystroke at a time)."""
        question = unicodedata.normalize("NFC", text or "")[:MAX_QUESTION_CHARS]
        analysis = self.matcher.analyse(question)
        previous = None
        if reply_to_key is not None:
            previous = self.store.get(reply_to_key)
        if previous is None and context_key is not None:
            previous = self.store.get(context_key)
        if not analysis.terms and not analysis.operators:
            lang = analysis.lang or (previous.lang if previous else self.default_lang)
            return self.replies.empty(lang, self._default_suggestions(lang))

        resolution = resolve(analysis, previous, self.default_lang)
        prefer_topic = self._topic_of(resolution.prefer_fact)
        result = self.matcher.rank(resolution.analysis, resolution.prefer_operators, prefer_topic)
        reply = self._reply(result, resolution.lang)
        if context_key is not None:
            self.store.put(context_key, remember(resolution, reply.intent))
        self.counts["answered" if reply.answered else "declined"] += 1
        if record_gap and self.gaps is not None and (not reply.answered or reply.confidence < GAP_CONFIDENCE):
            nearest = result.ranked[0] if result.ranked else None
            self.gaps.record_gap(Gap(time.time(), resolution.lang, question,
                                     nearest.fact_id if nearest else None, nearest.score if nearest else 0.0))
        logger.debug("question resolved: intent=%s confidence=%.2f followup=%s",
                     reply.intent, reply.confidence, resolution.is_followup)
        return reply

    def remember_as(self, context_key: str, alias_key: str) -> None:
        """Keep the context of `context_key` under another key too (the message that answered it)."""
        state = self.store.get(context_key)
        if state is not None:
            self.store.put(alias_key, state)

    def _topic_of(self, fact_id: str | None) -> str | None:
        fact = self.knowledge.facts.get(fact_id) if fact_id else None
        return fact.topic if fact else None

    def _reply(self, result: MatchResult, lang: str) -> Reply:
        if result.confident:
            fact = self.knowledge.facts[result.fact_id]  # type: ignore[index]
            return self.replies.answer(fact, lang, result.confidence)
        if result.wrong_operator:
            # Suggest what the articles do say about the operator asked for, nearest first.
            named = result.analysis.operators
            about_them = [c.fact_id for c in result.ranked] + self.matcher.facts_about(named)
            return self.replies.wrong_operator(lang, named, self._questions_of(about_them, lang), result.confidence)
        unsure = result.confidence >= UNSURE_FLOOR
        suggestions = self._questions_of([c.fact_id for c in result.ranked], lang) if unsure else []
        return self.replies.unknown(lang, suggestions or self._default_suggestions(lang), result.confidence,
                                    unsure=unsure)

    # ---- commands shared by every front end ------------------------------------------

    def help(self, lang: str) -> Reply:
        return self.replies.info(lang, self.replies.help_text(lang), self._default_suggestions(lang))

    def sources(self, lang: str) -> Reply:
        return self.replies.info(lang, self.replies.sources_text(lang))

    def operators(self, lang: str) -> Reply:
        return self.replies.info(lang, self.replies.operators_text(lang))

    def say(self, phrase: str, lang: str) -> Reply:
        """A reply that is just one of the phrases (usage hints, notices)."""
        return self.replies.info(lang, self.knowledge.phrase(phrase, lang))

    def about(self, lang: str) -> Reply:
        body = self.knowledge.phrase("about", lang, sources=len(self.knowledge.sources), version=__version__)
        return self.replies.info(lang, body)

    def suggestion_for(self, key: str) -> str | None:
        """The suggested question a button's key stands for (None if the knowledge changed)."""
        return self._suggestion_by_key.get(key)

    # ---- suggestions ---------------------------------------------------------------------

    def _questions_of(self, fact_ids: list[str], lang: str) -> list[str]:
        """An example question of each fact (one the bot surely answers), no repeats.

        The first one without figures where there is one: a suggestion should not look like
        an answer, least of all next to "the articles do not say that about X"."""
        questions = []
        for fact_id in dict.fromkeys(fact_ids):
            examples = self.knowledge.facts[fact_id].questions[lang]
            questions.append(next((q for q in examples if not any(ch.isdigit() for ch in q)), examples[0]))
        return questions[:SUGGESTION_COUNT]

    def _default_suggestions(self, lang: str) -> list[str]:
        """One question from each of the first articles, for when nothing is near."""
        first_of_each_file: dict[str, str] = {}
        for fact in self.knowledge.facts.values():
            first_of_each_file.setdefault(fact.file, fact.id)
        return self._questions_of(list(first_of_each_file.values()), lang)


def suggestion_key(question: str) -> str:
    """A short key for a suggested question: the same in every process and after restarts."""
    return hashlib.blake2s(question.encode("utf-8"), digest_size=8).hexdigest()
