"""The answering engine: one question in, one Reply out.

Telegram, the console and `ask` all call `Engine.ask`; none of them does any
matching, wording or context keeping of its own. The engine never imports
`telegram`. Answering itself is the pipeline in `bot.answering`; the engine
adds the conversation (follow-ups), small talk, the wording of every decision
and the curator's gap log.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import math
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, Protocol

from bot import __version__
from bot.answering.analysis import ASKED_AMOUNT, Question
from bot.answering.pipeline import Outcome, Pipeline
from bot.answering.policy import Decision
from bot.answering.tuning import DEFAULT_TUNING, Tuning
from bot.dialogue import ContextStore, DialogueState, InMemoryContextStore, Resolution, remember, resolve
from bot.gaps import Gap
from bot.knowledge import Knowledge
from bot.replies import Reply, ReplyBuilder, computation_text, format_figure
from bot.text import fold, looks_vietnamese

logger = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500  # a longer message is read for its question, or the user is told it is too long
SUGGESTION_COUNT = 3
# Answers stated with less confidence than this are logged as gaps too.
GAP_CONFIDENCE = 0.7
_SENTENCES = re.compile(r"(?<=[.!?…\n])\s+")
_ELABORATION = re.compile(r"(?<=\w)\s*(?::|\s[-–—])\s+")  # "...: was it X or Y?", "... — largest what?"
_FILLER = "s_filler"  # the analysis's token for words said before a question that ask nothing ("cho em hỏi")
# Where a lead-in may end: a sentence, or a colon ("Trước khi in, tôi cần xác nhận: ...").
_LEAD_IN_END = re.compile(r"(?<=[.!?…:\n])\s+")
MAX_LEAD_INS = 3  # a message of more sentences than this is a text, not a lead-in and a question
_LEAD_OUT_START = re.compile(r"(?<=[.!?…,;])\s+")  # where a closing clause may start
_SENTENCE_BREAK = re.compile(r"[.!?…:;\n]")  # a lead-in of its own ends with one of these (or a comma: see below)


class GapRecorder(Protocol):
    """Where questions the bot could not answer well are kept for the curator."""

    def record_gap(self, gap: Gap) -> None: ...


@dataclass(frozen=True)
class WrongReport:
    """What came of a reader saying an answer was wrong, and what they are told."""

    outcome: Literal["recorded", "not_kept", "nothing"]  # not_kept: this engine keeps no gap log
    reply: Reply


MAX_CLAUSES = 4  # a message of more clauses than this is not read as two questions
_CLAUSE_END = re.compile(r"(?<=[?,;])\s+")  # where a message may hold a second question
# "... and how many ...?": where two questions may be joined with no comma (as typed: with underscores, unmarked)
_AND = re.compile(r"[\s_]+(?:and|và|va)[\s_]+", re.IGNORECASE)
_JOINING = frozenset(  # "..., or ...", "..., và ...", "..., given that ...": one question goes on
    {"or", "hay", "hoac", "va", "and", "con", "given", "because", "since", "which", "while", "whereas", "although"}
)


def _asks_something(question: Question) -> bool:
    """A cue of its own asks something of something: not a greeting, a name or a statement alone, nor "list
    please" after a question."""
    said = question.words or question.operators or question.people
    return bool(question.asks or question.compare) and bool(said) and not question.smalltalk


def _rounds_to(result: float, number: float) -> bool:
    """The number typed is the result, as far as its last digit goes and within a tenth of it: 2,3 of 2,25 (not
    2); 107 triệu of 106,7 triệu; 7.600 of 7.600 (not 7.000 nor 7.500)."""
    if math.isclose(result, number, rel_tol=0.001):
        return True
    return abs(result - number) <= min(0.5 * _last_digit_place(number), 0.1 * abs(result))


def _last_digit_place(number: float) -> float:
    """The place of a number's last digit other than 0: 100 for 7.600, 0,1 for 2,3."""
    if number != int(number):
        return 10.0 ** -len(repr(number).partition(".")[2])
    whole, place = int(number), 1
    while whole and whole % 10 == 0:
        whole, place = whole // 10, place * 10
    return place


def _two_calculations(decisions: list[Decision]) -> bool:
    """Two calculations of their own: a total and who has more, not who has more and by how much (one)."""
    operations = {d.computation.operation for d in decisions if d.kind == "computed" and d.computation is not None}
    return len(operations) == len(decisions) and not operations <= _ONE_COMPARISON


_ONE_COMPARISON = frozenset({"more", "less", "difference"})  # who has more, and by how much: one answer


def _without_a_join(text: str, joins: frozenset[tuple[str, ...]]) -> str:
    """The text without a word joining it to what came before ("and I'd like to know ..." -> "I'd like to ...")."""
    first, _, rest = text.partition(" ")
    return rest if rest and (fold(first),) in joins else text


class Engine:
    """Answers questions from the knowledge base, keeping dialogue context per key."""

    def __init__(
        self,
        knowledge: Knowledge,
        store: ContextStore | None = None,
        gaps: GapRecorder | None = None,
        pipeline: Pipeline | None = None,
        tuning: Tuning = DEFAULT_TUNING,
    ):
        self.knowledge = knowledge
        self._pronouns = {person.id: person.pronoun for person in knowledge.people.values()}  # "ông ấy": he
        # each operator the articles cover, with its family's top operator: "the other operator" is another family
        self._families = {op.id: knowledge.family(op.id) for op in knowledge.operators.values() if not op.collective}
        self._units_of_fact = {
            fact.id: frozenset(f"u_{figure.unit}" for figure in fact.figures) for fact in knowledge.facts.values()
        }
        self.pipeline = pipeline if pipeline is not None else Pipeline(knowledge, tuning)
        self.replies = ReplyBuilder(knowledge)
        self.store: ContextStore = store if store is not None else InMemoryContextStore()
        self.gaps = gaps
        self.counts: Counter[str] = Counter()  # answered / declined since start, for /stats
        self.default_lang = "vi"
        # Suggestions are example questions; buttons carry a short, stable key for them.
        self._suggestion: dict[tuple[str, str], str] = {}  # worked out when first suggested
        self._central: list[str] | None = None  # the facts suggested when nothing is near
        self._suggestion_by_key = {
            suggestion_key(question): question
            for fact in knowledge.facts.values()
            for questions in fact.questions.values()
            for question in questions
        }

    @classmethod
    def from_directory(
        cls,
        knowledge_dir: Path,
        seeds_dir: Path | None = None,
        store: ContextStore | None = None,
        tuning: Tuning = DEFAULT_TUNING,
    ) -> Engine:
        from bot.kbcheck import load_knowledge  # here: a start from the compiled cache needs no checking code

        return cls(load_knowledge(knowledge_dir, seeds_dir), store, tuning=tuning)

    @classmethod
    def compiled(
        cls,
        cache: Path,
        knowledge_dir: Path,
        seeds_dir: Path,
        store: ContextStore | None = None,
        gaps: GapRecorder | None = None,
    ) -> Engine:
        """As from_directory, reusing the knowledge and pipeline compiled into `cache` by an earlier start."""
        from bot.compiled import CompiledKnowledge

        compiled = CompiledKnowledge(cache, knowledge_dir, seeds_dir)
        loaded = compiled.load()
        if loaded is not None:
            return cls(loaded[0], store, gaps, loaded[1])
        from bot.kbcheck import load_knowledge

        engine = cls(load_knowledge(knowledge_dir, seeds_dir), store, gaps)
        compiled.save(engine.knowledge, engine.pipeline)
        return engine

    def with_knowledge(self, knowledge: Knowledge) -> Engine:
        """A new engine on other knowledge that keeps this one's context store and gap log."""
        engine = Engine(knowledge, self.store, self.gaps, tuning=self.pipeline.tuning)
        engine.counts = self.counts
        return engine

    # ---- questions ------------------------------------------------------------------------

    def ask(
        self,
        text: str,
        context_key: str | None = "default",
        reply_to_key: str | None = None,
        *,
        record_gap: bool = True,
    ) -> Reply:
        """Answer one question asked in the conversation `context_key` (None: no context).

        `reply_to_key` names the context of an earlier answer the question replies to: a
        follow-up then resolves against that answer's question rather than the latest one.
        `record_gap=False` keeps the question out of the gap log (the bot's own suggestions,
        inline queries typed a keystroke at a time)."""
        text = unicodedata.normalize("NFC", text or "")
        if len(text) > MAX_QUESTION_CHARS:
            question_text = question_in(text)
            if question_text is None:
                return self.say("too_long", "vi" if looks_vietnamese(text) else "en")
            text = question_text
        text, question = self._read(text)
        previous = self.store.get(reply_to_key) if reply_to_key is not None else None
        if previous is None and context_key is not None:
            previous = self.store.get(context_key)
        lang = question.lang or (previous.lang if previous else self.default_lang)
        if question.smalltalk:
            return self._smalltalk(question.smalltalk, lang)
        resolution = self._resolve(question, previous)
        # "Cháu ơi, còn cái kia thì sao?" asks of something (not "Hi! Who are you and ...?", "cảm ơn, như vậy là đủ")
        refers_back = question.pronoun is not None and question.pleasantry == "greeting"
        if resolution.needs_context and question.pleasantry and not refers_back:
            return self._smalltalk(question.pleasantry, lang)  # "hi, who are you and what do you know?"
        if resolution.needs_context:
            return self.replies.declined(
                "clarify",
                self.knowledge.phrase("clarify", lang),
                lang,
                self._default_suggestions(lang),
                self.knowledge.phrase("suggestions", lang),
            )
        resolved = resolution.question  # "difference?" after two answers has the operators compared
        # (a figure checked after an answer, "vậy là 40.000 cái hả?", asks of that answer; "đúng không?" of the answer
        # alone: its facts again, with their sources)
        checked = resolved.yesno and resolution.is_followup
        if checked and previous is not None and previous.computed is not None:
            check = self._check_of_the_computed(resolution, previous)
            if check is not None:
                return check
        if not (
            resolved.terms or resolved.compare or resolved.operators or resolved.people or resolved.others or checked
        ):
            return self.replies.empty(lang, self._default_suggestions(lang))
        outcome = self.pipeline.decide(resolution.question, resolution.preferences)
        # (a pleasantry said before a question answered nothing: "Cô muốn gửi lời cảm ơn tác giả. Bài viết ... do ai
        # viết?" asks the last sentence)
        asks_past_a_pleasantry = outcome.decision.smalltalk in ("thanks", "greeting") and bool(resolution.question.asks)
        if not outcome.decision.answered and (not outcome.decision.smalltalk or asks_past_a_pleasantry):
            past_lead_in = self._read_past_its_lead_in(text, previous, outcome.decision, resolution.question)
            if past_lead_in is not None:
                text, resolution, outcome = past_lead_in
        if outcome.decision.kind == "unsure" and previous is not None:
            resolution, outcome = self._on_the_subject_talked_about(resolution, outcome, previous)
        if outcome.decision.smalltalk:
            return self._smalltalk(outcome.decision.smalltalk, lang)
        # "VNPT lắp bao nhiêu camera, mục tiêu bao nhiêu?": two questions, two answers (a calculation asked with
        # its parts, "which gave more, and by how much?", is answered whole; "the total, and which gave more?" not)
        both = self._both_answered(text, previous, whole_computed=outcome.decision.kind == "computed")
        if both is not None:
            reply, state = both
            if context_key is not None:
                self.store.put(context_key, state)
            self.counts["answered"] += 1
            return reply
        reply = self._reply(outcome.decision, resolution.question, resolution.lang)
        if context_key is not None:
            self.store.put(context_key, self._remember(resolution, outcome.decision, previous, text))
        self.counts["answered" if reply.answered else "declined"] += 1
        if record_gap and self.gaps is not None and (not reply.answered or reply.confidence < GAP_CONFIDENCE):
            nearest = outcome.candidates[0] if outcome.candidates else None
            self.gaps.record_gap(
                Gap(
                    time.time(),
                    resolution.lang,
                    text,
                    nearest.fact.id if nearest else None,
                    nearest.score if nearest else 0.0,
                )
            )
        logger.debug(
            "question decided: %s facts=%s followup=%s", outcome.decision.kind, reply.facts, resolution.is_followup
        )
        return reply

    def _resolve(self, question: Question, previous: DialogueState | None) -> Resolution:
        """The question made whole with what was said before it (people's pronouns, the operators covered)."""
        if question.pronoun == "there" and not question.places and previous is not None and previous.places:
            # "VNPT ở đó làm gì?" after Nam Định: read as asked of that place (its operators' units there)
            question = replace(self.pipeline.analyse(f"{question.text} ({previous.places[0]})"), pronoun=None)
        resolution = resolve(question, previous, self.default_lang, self._pronouns, self._families, self._units_of_fact)
        return replace(resolution, asked=question)

    def _read(self, text: str) -> tuple[str, Question]:
        """The question a message asks, past a lead-in that asks nothing and where the asker works, and its
        analysis."""
        text = self._past_its_lead_in(text)
        question = self.pipeline.analyse(text)
        if len(question.operators) >= 2:  # (only then can one be where the asker works: no extra work otherwise)
            workplace_aside = self._after_the_asker_s_workplace(text)
            if workplace_aside is not None:
                return workplace_aside, self.pipeline.analyse(workplace_aside)
        return text, question

    def _past_its_lead_in(self, text: str) -> str:
        """The question after a lead-in about the asker, which asks nothing, names no one and fits no fact
        ("Trước khi in, tôi cần xác nhận: Viettel góp 500 tỷ, phải không?", "Chúng tôi đang làm bảng tổng hợp.
        ..."): its words would only pull the answer towards facts that share them ("trước")."""
        return self._after_lead_in(text, fitting_nothing=True) or text

    def _after_the_asker_s_workplace(self, text: str) -> str | None:
        """ "Em làm CSKH cho Viettel, cho em hỏi VNPT Nam Định hỗ trợ gì?": where the asker works, said before the
        words that ask ("cho em hỏi"), is not the operator asked about when the question names another of its own."""
        request = self._last_request(text)
        if request is None:
            return None
        chunks, start, after = request
        before = self.pipeline.analyse(" ".join(chunks[:start]))
        if not before.operators or self.pipeline.language.asker_words.isdisjoint(before.folded):
            return None
        rest = " ".join(chunks[after:])
        asked_of = self.pipeline.analyse(rest).operators
        # (the same operator in both, "Tôi đọc báo thấy Viettel ... Xin hỏi Viettel ...?", is read whole)
        return rest if asked_of and set(asked_of).isdisjoint(before.operators) else None

    def _read_past_its_lead_in(
        self, text: str, previous: DialogueState | None, whole: Decision, asked: Question
    ) -> tuple[str, Resolution, Outcome] | None:
        """A message whose whole was not answered, opening with a lead-in that asks nothing and names no one
        but speaks of a subject ("Tôi đang viết bài về quỹ vắc xin. MobiFone góp bao nhiêu?", "Hi, I'm a PhD
        student studying CSR. How much did Viettel pledge?"): the question after it, when the articles answer
        it alone. Its subject may be what the question leaves out ("Tôi nghe nói các nhà mạng góp vào quỹ vắc
        xin. Vậy Viettel góp bao nhiêu?"), so the whole is read first."""
        # "Chào anh. Em là sinh viên ở Hà Nội. ...", and "vt có bn kh ạ, e cần số liệu cho bài thuyết trình" (when
        # the whole was found not stated, only a clause about the asker, "..., khách hỏi mà e quên mất": "..., cho
        # bệnh viện tư" qualifies the question)
        lead_out = self._before_lead_out(text, about_the_asker_only=whole.kind == "not_stated")
        rests = itertools.chain(
            self._after_lead_ins(text, fitting_nothing=False),
            lead_out,
            self._after_a_request(text),
            self._before_its_elaboration(text),
            self._after_a_switch(text),
        )
        for rest in rests:
            resolution = self._resolve(self.pipeline.analyse(rest), previous)
            if self._drops_the_attribute_asked(text, rest, asked, resolution.question):
                continue
            if whole.kind in ("unknown_operator", "wrong_operator") and not resolution.question.operators:
                # "Tôi dùng sim Vietnamobile. ... nhà mạng của tôi có ủng hộ gì không?": still Vietnamobile; "What did
                # MobiFone's chairman say ...? Give me his name": still MobiFone, whose the articles do not give
                continue
            outcome = self.pipeline.decide(resolution.question, resolution.preferences)
            if outcome.decision.answered:
                return rest, resolution, outcome
        return None

    def _drops_the_attribute_asked(self, text: str, rest: str, whole: Question, part: Question) -> bool:
        """ "Số hotline của Viettel để hỏi về Cyber Bot là gì?": in one clause, what comes before "hỏi về" is what is
        asked (a hotline, which no article gives), not a lead-in. After a sentence of its own ("Tôi đang so sánh giá
        cước. Viettel góp quỹ bao nhiêu?"), or a clause about the asker ("Tôi về hưu, lương thấp, xin hỏi ..."), the
        attribute named was only a lead-in."""
        if not whole.attribute or whole.unit is None or whole.unit in part.words:
            return False
        said, asked_alone = " ".join(text.split()), " ".join(rest.split())
        if not said.endswith(asked_alone):
            return False  # a rest before a lead-out ("..., e cần số liệu"): nothing said before it
        before = said[: len(said) - len(asked_alone)]
        clause, comma, _ = before.rpartition(",")  # ("Tải app ... ở đâu, cho mình xin": the asker after the comma)
        about_the_asker = bool(comma) and not self.pipeline.language.asker_words.isdisjoint(fold(clause).split())
        return not (_SENTENCE_BREAK.search(before) or about_the_asker)

    def _check_of_the_computed(self, resolution: Resolution, previous: DialogueState) -> Reply | None:
        """ "7.600 hả, đúng không?" right after "10.000 − 2.400 = 7.600": the figure just computed, which no fact
        states, checked against that result ("Đúng." and the calculation again); "is that right?" alone gets the
        calculation again. A figure rounded as typed counts ("khoảng 2,3 lần?" of 2,25). The conversation stays
        where it was: its next check is of the same figure. A figure the facts state ("đã lắp 2.400 cái hả?"), one
        of another unit ("ở 32 tỉnh hả?") or with a comparison of its own ("tổng là 650 tỷ?") is checked as usual."""
        question = resolution.question
        named_another = not set(question.operators) <= set(previous.operators)
        if previous.computed is None or len(question.numbers) > 1 or named_another:
            return None
        facts = tuple(self.knowledge.facts[i] for i in previous.fact_ids if i in self.knowledge.facts)
        text = previous.calculation
        if not question.numbers:
            if question.words or question.places or question.people:  # "ở Cà Mau có không?" asks of a place
                return None
        else:
            number = question.numbers[0]
            right = _rounds_to(previous.computed, number)
            stated = any(_rounds_to(figure.value, number) for fact in facts for figure in fact.figures)
            of_its_own = question.compare or question.unit not in (None, previous.unit)
            if not right and (stated or of_its_own):
                return None
            text = f"{self.knowledge.phrase('verdict_yes' if right else 'verdict_no', previous.lang)} {text}"
        self.counts["answered"] += 1
        return self.replies.computed(text, facts, previous.lang)  # (the language the calculation was given in)

    def _on_the_subject_talked_about(
        self, resolution: Resolution, outcome: Outcome, previous: DialogueState
    ) -> tuple[Resolution, Outcome]:
        """ "sắp tới định mở rộng lên bao nhiêu?" after VNPT's cameras: a new question naming no one, too vague to
        answer alone, read again preferring the previous answer's topic; as it was if that answers nothing. Only an
        amount asked leaves its thing unsaid this way ("nhà mạng thứ 5 là ai?" asks of something else)."""
        question = resolution.question
        if (
            resolution.is_followup
            or question.operators
            or question.yesno
            or set(question.asks) != {ASKED_AMOUNT}
            or not previous.topic
            or resolution.preferences.topic
        ):
            return resolution, outcome
        # of the operator talked about too: "sắp tới định mở rộng lên bao nhiêu?" after Viettel's cameras is not
        # VNPT's target
        question = replace(question, operators=previous.operators)
        preferences = replace(resolution.preferences, topic=previous.topic)
        again = self.pipeline.decide(question, preferences)
        if not again.decision.answered:
            return resolution, outcome
        return replace(resolution, question=question, preferences=preferences), again

    def _after_a_request(self, text: str) -> list[str]:
        """ "For a CSR case study I'm preparing, could you tell me how much ...?": the question after the words
        that ask for it ("could you tell me", "cho em hỏi": small talk's fillers), those before it left out."""
        request = self._last_request(text)
        if request is None:
            return []
        chunks, _, after = request
        return [" ".join(chunks[after:])]

    def _last_request(self, text: str) -> tuple[list[str], int, int] | None:
        """The text's chunks, and where the last words asking for something ("cho em hỏi", "could you tell me")
        begin and where what follows them begins (chunk indexes), when something follows and something precedes."""
        chunks = text.split()
        words: list[str] = []
        chunk_of: list[int] = []  # each folded word's chunk of the text
        for index, chunk in enumerate(chunks):
            for word in fold(chunk).split():
                words.append(word)
                chunk_of.append(index)
        spans = [
            (start, end)
            for start, end, token in self.pipeline.language.phrases.matches(words)
            if token == _FILLER and start
        ]
        if not spans or spans[-1][1] >= len(words):
            return None
        start, end = spans[-1]
        return chunks, chunk_of[start], chunk_of[end]

    def _after_a_switch(self, text: str) -> list[str]:
        """ "vt lắp cam phía bắc, còn vnpt lắp từ tỉnh nào trở vào?": something said of one operator, then asked of
        another after a follow-up cue ("còn", "what about"): the clause after the last comma, which names it."""
        _, comma, rest = text.rpartition(",")
        if not comma or not rest.strip():
            return []
        words = fold(rest).split()
        cues = self.pipeline.language.followup_cues.matches(words)
        if not cues or cues[0][0] != 0 or not self.pipeline.analyse(rest).operators:
            return []
        return [rest.strip()]

    def _before_its_elaboration(self, text: str) -> list[str]:
        """ "Who financed the centres: was it the group's budget or money raised elsewhere?": the question before
        a colon or a dash, when it asks something itself, without the guesses that follow."""
        parts = _ELABORATION.split(text.strip(), maxsplit=1)
        if len(parts) < 2 or not _asks_something(self.pipeline.analyse(parts[0])):
            return []
        return [parts[0]]

    def _before_lead_out(self, text: str, about_the_asker_only: bool = False) -> list[str]:
        """The question before a closing clause about the asker that asks nothing and names no one ("..., e cần
        số liệu cho bài thuyết trình"), as a lead-in would be before it; `about_the_asker_only`: not a closing
        background or request that does not speak of the asker."""
        clauses = [c for c in _LEAD_OUT_START.split(text.strip()) if c]
        if not 1 < len(clauses) <= MAX_LEAD_INS + 1:
            return []
        closing = self.pipeline.analyse(clauses[-1])
        language = self.pipeline.language
        about_the_asker = not language.asker_words.isdisjoint(closing.folded)
        if about_the_asker_only and not about_the_asker:
            return []
        if closing.folded[:1] and closing.folded[0] in language.background_openers:
            return [" ".join(clauses[:-1])]  # "..., given that it is described as ...": background
        # "..., e cần số liệu cho bài thuyết trình", "... Cần trích dẫn."
        if not (about_the_asker or language.requests.found_in(list(closing.folded))):
            return []
        if not self._is_lead_in(clauses[-1], fitting_nothing=False):
            return []
        return [" ".join(clauses[:-1])]

    def _after_lead_in(self, text: str, *, fitting_nothing: bool) -> str | None:
        """What follows the opening sentences (or words before a colon) that ask nothing and name no operator,
        person, company, place or number, when it asks something of its own and refers to nothing before it
        ("Đó là đơn vị nào?"); with `fitting_nothing`, only a lead-in no fact fits well enough to answer."""
        rests = itertools.chain(
            self._after_lead_ins(text, fitting_nothing=fitting_nothing), self._after_an_opening_about_the_asker(text)
        )
        return next(rests, None)

    def _after_an_opening_about_the_asker(self, text: str) -> Iterator[str]:
        """What follows an opening clause about the asker that asks nothing and names no one ("For a report I'm
        writing, what was ...?", "Em đang làm bài tập, vt góp bn?"): its words would only pull the answer towards
        facts that share them. Not a clause of anything else: "Besides the fund, ..." says what is asked."""
        opening, comma, rest = text.partition(",")
        if not comma or not rest.strip():
            return
        if self.pipeline.language.asker_words.isdisjoint(fold(opening).split()):  # (no analysis: most have none)
            return
        # (an introduction, "I'm writing a piece on ...", is read as a greeting: still only a lead-in here)
        if self._is_lead_in(opening, fitting_nothing=True, introducing=True):
            rest = _without_a_join(rest.strip(), self.pipeline.language.followup_joins)  # ", and I'd like to know"
            question = self.pipeline.analyse(rest)
            if _asks_something(question) and not self._resolve(question, None).needs_context:
                yield rest

    def _after_lead_ins(self, text: str, *, fitting_nothing: bool) -> Iterator[str]:
        """What follows each opening sentence that is a lead-in, the shortest rest last (see _after_lead_in)."""
        sentences = [s for s in _LEAD_IN_END.split(text.strip()) if s]
        if not 1 < len(sentences) <= MAX_LEAD_INS + 1:
            return
        for at in range(1, len(sentences)):
            if not self._is_lead_in(sentences[at - 1], fitting_nothing):
                return
            rest = " ".join(sentences[at:])
            question = self.pipeline.analyse(rest)
            asks = _asks_something(question) or (question.yesno and bool(question.operators or question.numbers))
            if asks and not self._resolve(question, None).needs_context:
                yield rest

    def _is_lead_in(self, sentence: str, fitting_nothing: bool, introducing: bool = False) -> bool:
        said = self.pipeline.analyse(sentence)
        greets = said.smalltalk or said.pleasantry
        # A sentence of thanks or greeting that ends with a full stop asks nothing, whatever its words: "Cô muốn gửi
        # lời cảm ơn tác giả." (whom the thanks are for), "Cô chào cháu, cô sống ở Nam Định đã hơn sáu mươi năm."
        polite = greets in ("thanks", "greeting") and sentence.rstrip().endswith((".", "!"))
        asks = bool(said.asks or said.compare) and not polite
        if asks or said.yesno or (fitting_nothing and greets and not introducing):
            return False  # (a greeting is read with the question: "Xin chào, ... Cháu là trợ lý gì?" is small talk)
        if said.operators or said.people or said.others or (said.numbers and not polite):
            return False  # (a figure said politely is about the asker: "tôi ở đây đã hơn bảy mươi năm.")
        # a place is the subject ("Tôi ở Nam Định. Nhà mạng hỗ trợ gì?"), unless only where the asker is from,
        # read past only when the question after it is answered alone ("Em là sinh viên ở Hà Nội, ...")
        if said.places and (fitting_nothing or not self.pipeline.language.introduces(list(said.folded))):
            return False
        if not fitting_nothing:
            return True
        best = next(iter(self.pipeline.candidates(said)), None)
        return best is None or best.lexical < self.pipeline.tuning.answer_threshold

    def _both_answered(
        self, text: str, previous: DialogueState | None, whole_computed: bool = False
    ) -> tuple[Reply, DialogueState] | None:
        """A message that asks two things, one after the other ("VNPT đã lắp bao nhiêu camera, mục tiêu bao
        nhiêu?"): each asked in turn, the second after the first's answer, when the articles answer both; else
        None, and the message is answered as one question. A message computed whole (`whole_computed`) is two
        questions only when it asks two calculations ("the total, and which gave more?"): "which gave more, and by
        how much?" is one."""
        parts = self._two_questions(text)
        if parts is None:
            return None
        asked, state = self._asked_in_turn(parts, previous)
        if any(r.needs_context or not o.decision.answered for _, r, o in asked) or state is None:
            return None
        if whole_computed and not _two_calculations([o.decision for _, _, o in asked]):
            return None
        first, second = (self._reply(o.decision, r.question, r.lang) for _, r, o in asked)
        return self.replies.both(first, second), state

    def _asked_in_turn(
        self, parts: tuple[str, str], previous: DialogueState | None
    ) -> tuple[list[tuple[str, Resolution, Outcome]], DialogueState | None]:
        """Each part asked after the one before it was answered: its resolution and outcome, and the context
        the last leaves."""
        asked, state = [], previous
        for part in parts:
            resolution = self._resolve(self.pipeline.analyse(part), state)
            outcome = self.pipeline.decide(resolution.question, resolution.preferences)
            asked.append((part, resolution, outcome))
            state = self._remember(resolution, outcome.decision, state, part)
        return asked, state

    def _two_questions(self, text: str) -> tuple[str, str] | None:
        """The message split after a "?", "," or ";" where the words before and the words after each ask
        something (a cue of their own: "bao nhiêu", "khi nào", "which"); a greeting or a statement before a
        question ("Chào bot, ...", "Tôi ở Nam Định, ...") asks nothing."""
        if "(" in text:
            return None  # "mỗi nhà mạng (Viettel, MobiFone)": a list in brackets, one question
        chunks = _CLAUSE_END.split(text.strip())
        if len(chunks) > MAX_CLAUSES:
            return None  # a long list or a text: one question, read as such (and no quadratic work on it)
        for at in range(1, len(chunks)):
            first, second = " ".join(chunks[:at]), " ".join(chunks[at:])
            after = self.pipeline.analyse(second)
            opens = after.folded[0] if after.folded else ""
            continues = (opens in _JOINING and not self._and_asks_again(opens, second)) or self._lists_kinds_of_place(
                first, opens
            )
            if continues or (after.operators and self._opens_with_a_name(after)):
                continue  # "Viettel, MobiFone, VNPT góp ...", "..., Viettel or VNPT, and ...": one question
            if _asks_something(self.pipeline.analyse(first)) and _asks_something(after):
                return first, second
        return self._joined_by_and(text)

    def _and_asks_again(self, opens: str, after: str) -> bool:
        """ "..., và đơn vị nào đóng góp nhiều hơn?": "and" opening a question of its own (not "..., và VNPT?")."""
        joins = self.pipeline.language.second_question_joins
        return opens in joins and _asks_something(self.pipeline.analyse(after.split(maxsplit=1)[-1]))

    def _lists_kinds_of_place(self, before: str, opens: str) -> bool:
        """ "... bệnh viện tuyến tỉnh, huyện chiếm ...": kinds of place listed past the comma, one question (not "...
        bao nhiêu tỉnh, xa nhất là tỉnh nào?", whose "xa" is far)."""
        kinds = self.pipeline.language.place_kinds
        ends = fold(before).split()[-2:]
        return opens in kinds and len(ends) == 2 and ends[0] == "tuyen" and ends[1] in kinds

    def _joined_by_and(self, text: str) -> tuple[str, str] | None:
        """ "How much did Viettel put in the fund and how many cameras did it install?", "VNPT lắp camera ở bao nhiêu
        cơ sở và đang chuẩn bị hạ tầng cho bao nhiêu camera?": two questions joined by one "and", each asking with a
        cue of its own (a message with fewer than two cues is not read twice: "Viettel và MobiFone góp bao nhiêu?")."""
        parts = _AND.split(text.strip())
        if len(parts) != 2:
            return None
        tokens = self.pipeline.language.rewrite(fold(text).split())
        if sum(token.startswith("q_") for token in tokens) < 2:
            return None
        first, second = parts
        if _asks_something(self.pipeline.analyse(first)) and _asks_something(self.pipeline.analyse(second)):
            return first, second
        return None

    def _opens_with_a_name(self, question: Question) -> bool:
        """The words open with an operator's name ("MobiFone, VNPT góp ..." continues a list)."""
        names = self.pipeline.language.names.matches(list(question.folded))
        return bool(names) and names[0][0] == 0

    def explain(self, text: str, context_key: str | None = None) -> str:
        """Why the answer to `text` is what it is: the analysis, each candidate, the decision."""
        from bot.answering.explain import explain

        previous = self.store.get(context_key) if context_key is not None else None
        text, question = self._read(unicodedata.normalize("NFC", text))
        resolution = self._resolve(question, previous)
        if resolution.needs_context:
            return f"{explain(resolution, self.pipeline.decide(resolution.question, resolution.preferences))}\n" + (
                "the question refers to something said before, and nothing was: the reply asks what it means"
            )
        outcome = self.pipeline.decide(resolution.question, resolution.preferences)
        past_lead_in = (
            None
            if outcome.decision.answered or outcome.decision.smalltalk
            else self._read_past_its_lead_in(text, previous, outcome.decision, resolution.question)
        )
        if past_lead_in is not None:
            rest, resolution, outcome = past_lead_in
            return f"the whole was not answered; read past its lead-in: {rest}\n{explain(resolution, outcome)}"
        parts = self._two_questions(text) if outcome.decision.kind != "computed" else None
        if parts is None or self._both_answered(text, previous) is None:
            return explain(resolution, outcome)
        # two questions, answered in turn: why each answer was chosen
        asked, _ = self._asked_in_turn(parts, previous)
        return "\n\n".join(
            f"question {number} of 2: {part}\n{explain(r, o)}" for number, (part, r, o) in enumerate(asked, 1)
        )

    def report_wrong(self, context_key: str, lang: str | None = None) -> WrongReport:
        """A reader says the last answer given in `context_key` was wrong.

        Its question and the facts it gave become a *reported* gap (`kb gaps` lists them first),
        with no user or chat id, as every gap. Once only: the question is then dropped from the
        context. `lang` words the reply when there is no answer there (its language otherwise)."""
        state = self.store.get(context_key)
        if state is None or not state.question:
            return WrongReport("nothing", self.say("wrong_nothing", lang or self.default_lang))
        self.store.put(context_key, replace(state, question=""))
        if self.gaps is None:  # BOT_RECORD_GAPS=0, or a front end without a gap log
            return WrongReport("not_kept", self.say("wrong_not_kept", state.lang))
        self.gaps.record_gap(
            Gap(
                time.time(),
                state.lang,
                state.question,
                state.fact_ids[0] if state.fact_ids else None,
                0.0,
                reported=True,
                facts=state.fact_ids,
            )
        )
        logger.info("an answer was reported wrong (facts %s)", ", ".join(state.fact_ids) or "none")
        return WrongReport("recorded", self.say("wrong_thanks", state.lang))

    def remember_as(self, context_key: str, alias_key: str) -> None:
        """Keep the context of `context_key` under another key too (the message that answered it)."""
        state = self.store.get(context_key)
        if state is not None:
            self.store.put(alias_key, state)

    def _remember(
        self, resolution: Resolution, decision: Decision, previous: DialogueState | None, text: str
    ) -> DialogueState:
        facts = decision.facts
        people = tuple(p for fact in facts for p in fact.people)
        topic = facts[0].topic if facts else (previous.topic if previous else None)
        # "Which operator installed 4,000 cameras?" names none; the answer's one operator is the one talked about,
        # and "which gave the most?" compared them all: "hơn MobiFone bao nhiêu?" is about the ones compared.
        answered_by = tuple(dict.fromkeys(op for fact in facts for op in fact.operators))
        talked_about = len(answered_by) == 1 or decision.kind == "computed"
        # "Cyber Bot là của MobiFone à?" "Không, của Viettel": the thing talked about is Viettel's
        named = {self.knowledge.family(op) for op in resolution.question.operators}
        given_to_another = (
            decision.verdict == "no" and bool(named) and named.isdisjoint(map(self.knowledge.family, answered_by))
        )
        computation = decision.computation if decision.kind == "computed" else None
        return remember(
            resolution,
            tuple(f.id for f in facts),
            people,
            topic,
            previous,
            answered_by=answered_by if talked_about else (),
            asked=text,
            measure=self.pipeline.measure_given(resolution.asked, facts) if decision.kind == "answer" else None,
            owner=answered_by if given_to_another and talked_about else (),
            computed=(
                (
                    computation.result,
                    computation_text(self.knowledge, computation, resolution.lang, resolution.question.rounding),
                )
                if computation is not None and computation.result is not None
                else None
            ),
        )

    # ---- wording a decision ---------------------------------------------------------------

    def _reply(self, decision: Decision, question: Question, lang: str) -> Reply:
        phrase = self.knowledge.phrase
        kind = decision.kind
        if kind == "answer" and decision.partial:
            names = " / ".join(self.knowledge.operators[op].name for op in decision.operators)
            lead = phrase("partial_answer", lang, operator=names)
            return self.replies.answer(decision.facts, lang, decision.confidence, lead)
        if kind == "answer":
            lead = self._verdict(decision, lang) or self._title_asked(decision, question, lang)
            return self.replies.answer(decision.facts, lang, decision.confidence, lead)
        if kind == "computed" and decision.computation is not None:
            text = computation_text(self.knowledge, decision.computation, lang, question.rounding)
            if decision.lead is not None:
                text = f"{decision.lead.answer[lang]}\n{text}"
            return self.replies.computed(text, decision.facts, lang)
        if kind == "cannot_compute" and decision.computation is not None:
            computation = decision.computation
            figure = next((o.figure for o in computation.operands if o.figure), None)
            if computation.missing and figure is not None:
                body = phrase(
                    "cannot_compute",
                    lang,
                    measure=self.knowledge.measures[figure.measure].label[lang],
                    missing=", ".join(computation.missing),
                )
            elif computation.missing:
                body = phrase("cannot_compute_for", lang, missing=", ".join(computation.missing))
            elif computation.received:
                body = phrase("cannot_total_received", lang)
            elif computation.by_place:
                body = phrase("cannot_compare_places", lang)
            elif computation.operation == "average":
                body = phrase("cannot_average", lang)
            elif computation.operation in ("days_between", "months_between", "years_between"):
                body = phrase("cannot_count_days", lang)
            else:
                body = phrase("cannot_compare", lang)
            return self.replies.declined("cannot_compute", body, lang, [], "")
        if kind == "unknown_operator":
            others = (self.knowledge.name_not_covered(name, lang) for name in decision.others)
            body = phrase("unknown_operator", lang, operator=", ".join(others))
            return self.replies.declined(
                "unknown_operator", body, lang, self._default_suggestions(lang), phrase("suggestions", lang)
            )
        if kind == "wrong_operator":
            names = " / ".join(self.knowledge.operators[op].name for op in decision.operators)
            about = [*decision.suggest, *self._facts_about(decision.operators)]
            return self.replies.declined(
                "wrong_operator",
                phrase("wrong_operator", lang, operator=names),
                lang,
                self._questions_of(about, lang),
                phrase("operator_suggestions", lang, operator=names),
                decision.confidence,
            )
        if kind == "not_stated":
            return self.replies.declined(
                "not_stated",
                phrase("not_stated", lang),
                lang,
                self._questions_of(list(decision.suggest), lang),
                phrase("suggestions", lang),
                decision.confidence,
            )
        if kind == "unsure":
            return self.replies.declined(
                "unsure",
                phrase("unknown", lang),
                lang,
                self._questions_of(list(decision.suggest), lang),
                phrase("unsure", lang),
                decision.confidence,
            )
        suggestions = self._questions_of(list(decision.suggest), lang) or self._default_suggestions(lang)
        return self.replies.declined(
            "unknown", phrase("unknown", lang), lang, suggestions, phrase("suggestions", lang), decision.confidence
        )

    def _verdict(self, decision: Decision, lang: str) -> str:
        """ "Đúng." / "Không." before the answer to a yes/no question about a figure."""
        if decision.verdict == "yes":
            return self.knowledge.phrase("verdict_yes", lang)
        if decision.verdict != "no":
            return ""
        for fact in decision.stated_by:
            figure = fact.figures[0]
            operator = self.knowledge.operators[fact.operators[0]].name
            number = format_figure(self.knowledge, figure.value, figure.unit, lang)
            return self.knowledge.phrase("verdict_no_other", lang, number=number, operator=operator)
        return self.knowledge.phrase("verdict_no", lang)

    def _title_asked(self, decision: Decision, question: Question, lang: str) -> str:
        """ "Bà Vân giữ chức vụ gì?" answered by a fact that quotes her without her title: her title first; and
        "Ai giải thích lý do ...?" answered by a fact that calls her "bà Vân": her full name and title first."""
        asks_title = "q_title" in question.asks
        # "ai ...?", "ai phát biểu?", "who said it?": a person, by name
        asks_who = bool({"q_person", "q_speaker"} & set(question.asks)) and not question.people
        if not (asks_title or asks_who):
            return ""
        people = self.knowledge.people
        named = [p for p in (*question.people, *(p for f in decision.facts for p in f.people)) if p in people]
        if not named:
            return ""
        person = people[named[0]]
        title = person.title.get(lang) or next(iter(person.title.values()), "")
        said = fold(" ".join(fact.answer.get(lang, "") for fact in decision.facts))
        title_said = not title or fold(title.split("(")[0]) in said  # the name in brackets aside
        if (asks_title and title_said) or (not asks_title and fold(person.name) in said):
            return ""
        return self.knowledge.phrase("person_title", lang, name=person.name, title=title)

    def _smalltalk(self, kind: str, lang: str) -> Reply:
        body = self.knowledge.phrase(f"smalltalk_{kind}", lang)
        suggestions = self._default_suggestions(lang) if kind in ("greeting", "identity") else []
        return self.replies.declined("smalltalk", body, lang, suggestions, self.knowledge.phrase("suggestions", lang))

    # ---- commands shared by every front end ------------------------------------------

    def help(self, lang: str, commands: str = "commands") -> Reply:
        """The help, with the commands phrase of the front end that shows it (Telegram's by default)."""
        return self.replies.info(lang, self.replies.help_text(lang, commands), self._default_suggestions(lang))

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

    def _facts_about(self, operators: tuple[str, ...]) -> list[str]:
        return [fact.id for fact in self.pipeline.facts_about(operators)[:SUGGESTION_COUNT]]

    def _questions_of(self, fact_ids: list[str], lang: str) -> list[str]:
        """An example question of each fact to suggest: the first well-written one without figures.

        Curators put a question that reads well as a button first; one without figures is
        preferred so that a suggestion never looks like an answer (next to "the articles do not
        say that about X", a figure would be read as X's)."""
        questions = []
        for fact_id in list(dict.fromkeys(fact_ids))[:SUGGESTION_COUNT]:
            if (fact_id, lang) not in self._suggestion:
                self._suggestion[fact_id, lang] = suggestion_of(self.knowledge.facts[fact_id].questions[lang], lang)
            questions.append(self._suggestion[fact_id, lang])
        return questions

    def _default_suggestions(self, lang: str) -> list[str]:
        """The most central fact of each of the first articles, for when nothing is near."""
        if self._central is None:
            best_of_each_file: dict[str, str] = {}
            for fact in sorted(self.knowledge.facts.values(), key=lambda f: f.priority):
                best_of_each_file.setdefault(fact.file, fact.id)
            self._central = list(best_of_each_file.values())
        return self._questions_of(self._central, lang)


def suggestion_of(examples: tuple[str, ...], lang: str) -> str:
    without_figures = [q for q in examples if not any(ch.isdigit() for ch in q)]
    well_written = [
        q
        for q in without_figures
        if q[:1].isupper() and q.rstrip().endswith("?") and (lang != "vi" or looks_vietnamese(q))
    ]
    return (well_written or without_figures or list(examples))[0]


def question_in(text: str) -> str | None:
    """The question of a long message: its last sentence that asks something, if that is short enough."""
    sentences = [s.strip() for s in _SENTENCES.split(text) if s.strip()]
    asking = [s for s in sentences if s.endswith("?")] or sentences[-1:]
    question = asking[-1] if asking else ""
    return question if 0 < len(question) <= MAX_QUESTION_CHARS else None


def suggestion_key(question: str) -> str:
    """A short key for a suggested question: the same in every process and after restarts."""
    return hashlib.blake2s(question.encode("utf-8"), digest_size=8).hexdigest()


__all__ = ["Engine", "GapRecorder", "Outcome", "WrongReport", "suggestion_key"]
