"""Dialogue context: what the previous question of a conversation was about.

A follow-up such as "còn Viettel thì sao?", "And VNPT?", "khi nào?", "trị giá
bao nhiêu?" or "ông ấy nói gì?" says too little on its own; it is resolved
against the last question asked under the same context key (a private chat, or
one member of a group) and the facts that answered it. The context lives
behind `ContextStore` so that it can move to a database without the engine
noticing.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Protocol

from bot.answering.analysis import ASKED_AMOUNT, ASKED_OPERATOR, PERCENT_UNIT, WHOLE_WORD, Question
from bot.answering.signals import Preferences

PLACES_REMEMBERED = 4  # places named on one subject that a follow-up can still refer to


@dataclass(frozen=True)
class DialogueState:
    """What a follow-up needs from the previous question and its answer."""

    words: tuple[str, ...]
    asks: tuple[str, ...]
    operators: tuple[str, ...]
    lang: str
    fact_ids: tuple[str, ...]
    updated_at: float
    unit: str | None = None
    people: tuple[str, ...] = ()  # named in the question or in the facts that answered it
    topic: str | None = None
    earlier_operators: tuple[str, ...] = ()  # asked about before on the same subject: "and MobiFone?" keeps Viettel
    earlier_fact_ids: tuple[str, ...] = ()  # the answer before: "cộng lại?" adds the last two answers
    places: tuple[str, ...] = ()  # named on this subject, latest first: "Lai Châu?" then "cách Hà Giang mấy ngày?"
    # The measure of the figure the answer gave, when its fact has several and the question named one ("bao nhiêu
    # ở bệnh viện thành phố?": the 27 of the 178): "cộng lại?" adds the figures given, not the fact's first two
    measure: str | None = None
    earlier_measure: str | None = None
    # After "no, it is Viettel's" ("Cyber Bot là của MobiFone à?"): whose the thing talked about is, so that "nó" (it)
    # is Viettel's Cyber Bot, while "họ" (they) is still the operator asked about
    owner: tuple[str, ...] = ()
    # A computed answer's result and its calculation as replied ("10.000 − 2.400 = 7.600"): "7.600 hả, đúng không?"
    # checks that figure, which no fact states
    computed: float | None = None
    calculation: str = ""
    # The question as asked, kept only so that a reader can say its answer was wrong (Engine.report_wrong);
    # emptied once reported.
    question: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "words": self.words,
            "asks": self.asks,
            "operators": self.operators,
            "lang": self.lang,
            "fact_ids": self.fact_ids,
            "updated_at": self.updated_at,
            "unit": self.unit,
            "people": self.people,
            "topic": self.topic,
            "earlier_operators": self.earlier_operators,
            "places": self.places,
            "earlier_fact_ids": self.earlier_fact_ids,
            "question": self.question,
            "measure": self.measure,
            "earlier_measure": self.earlier_measure,
            "owner": self.owner,
            "computed": self.computed,
            "calculation": self.calculation,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DialogueState:
        """Also reads the state an earlier version stored (cues, one fact_id)."""
        fact_ids = data.get("fact_ids") or ([data["fact_id"]] if data.get("fact_id") else [])
        return cls(
            words=tuple(data["words"]),
            asks=tuple(data.get("asks", data.get("cues", ()))),
            operators=tuple(data["operators"]),
            lang=data["lang"],
            fact_ids=tuple(fact_ids),
            updated_at=float(data["updated_at"]),
            unit=data.get("unit"),
            people=tuple(data.get("people") or ()),
            topic=data.get("topic"),
            earlier_operators=tuple(data.get("earlier_operators") or ()),
            places=tuple(data.get("places") or ()),
            earlier_fact_ids=tuple(data.get("earlier_fact_ids") or ()),
            question=str(data.get("question") or ""),
            measure=data.get("measure"),
            earlier_measure=data.get("earlier_measure"),
            owner=tuple(data.get("owner") or ()),
            computed=None if data.get("computed") is None else float(data["computed"]),
            calculation=str(data.get("calculation") or ""),
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

    question: Question
    preferences: Preferences  # the previous answer, its topic and operators: soft preferences
    lang: str
    is_followup: bool
    needs_context: bool = False  # a follow-up with nothing before it: ask what it refers to
    asked: Question | None = None  # the question as asked, before it was made whole (set by the engine)


def resolve(
    question: Question,
    previous: DialogueState | None,
    default_lang: str = "vi",
    pronouns: Mapping[str, str] | None = None,
    families: Mapping[str, str] | None = None,
    units: Mapping[str, frozenset[str]] | None = None,
) -> Resolution:
    """Complete a follow-up from the previous question; leave a full question as it is. `pronouns`: each
    person's (he, she), so that "ông ấy" after an answer naming a man and a woman is the man; `families`: each
    operator the articles cover, with the top operator of its family, so that "the other operator" after
    Viettel (or Viettel Nam Định) is the others; `units`: each fact's, the units its figures are in ("u_camera"),
    so that "provinces?" after VNPT's cameras asks how many provinces."""
    if previous is not None and _works_at_the_one_talked_about(question, previous, families or {}):
        question = replace(question, others=(), operators=previous.operators)
    if previous is not None and question.words == (PERCENT_UNIT,) and not (question.compare or question.operators):
        # "pct?" after two answers: what share one is of the other, as "chiếm mấy %?" asks
        question = replace(question, compare=("c_share",), asks=(ASKED_AMOUNT,), unit=PERCENT_UNIT)
    if previous is not None and previous.owner and question.pronoun == "it" and not question.operators:
        question = replace(question, operators=previous.owner)  # "nó gọi bao nhiêu cuộc?": the thing's owner's
    if previous is not None and units and _names_only_a_unit_it_counts(question, previous, units):
        question = replace(question, asks=(ASKED_AMOUNT,), unit=question.words[0])
    # ("gấp mấy lần bên kia?" after two were compared: the other side of that comparison, no operator switch)
    switches = question.pronoun == "other" and not question.compare
    if switches and previous is not None and previous.operators and not question.operators:
        top_of = families or {}
        talked = {top_of.get(op, op) for op in previous.operators}
        others = tuple(dict.fromkeys(top for top in top_of.values() if top not in talked))
        if not others:  # every operator was talked about: which is "the other"?
            lang = question.lang or previous.lang
            return Resolution(question, Preferences(), lang, is_followup=False, needs_context=True)
        question = replace(question, operators=others, pronoun="it")  # "còn bên kia?": an operator switch
    if previous is not None and pronouns and question.pronoun in ("he", "she") and len(previous.people) > 1:
        matching = tuple(p for p in previous.people if pronouns.get(p) == question.pronoun)
        previous = replace(previous, people=matching or previous.people)
    resolution = _resolve(question, previous, default_lang)
    if previous is not None and _computes_over_answers(question, previous):
        # "cộng lại?": the last two answers' figures, if they make a sum; else as resolved. An answer of two facts
        # ("ai làm vậy?": Viettel's cameras and VNPT's) is what "tổng bn cái?" adds up.
        # Two answers that each gave one named figure of their fact ("27 ở thành phố", then "150 ở tuyến tỉnh"):
        # those two figures, the latest first
        given = (previous.measure, previous.earlier_measure)
        each_named = None not in given and bool(previous.fact_ids and previous.earlier_fact_ids)
        answers = (
            (previous.fact_ids[0], previous.earlier_fact_ids[0])
            if each_named
            else previous.fact_ids[:2]
            if len(previous.fact_ids) >= 2
            else (*previous.fact_ids[:1], *previous.earlier_fact_ids[:1])
        )
        preferences = replace(
            resolution.preferences, answers_to_compare=answers, measures_given=given if each_named else ()
        )
        return replace(resolution, preferences=preferences, is_followup=True)
    return resolution


# What a short follow-up asks of the answer just given, and so of its operator ("góp ngày nào?" after
# Viettel's gift is Viettel's date); "ai ...?", "which operator?" may well be someone else.
_ASKED_OF_THE_ANSWER = frozenset(
    {"q_time", "q_year", "q_place", "q_place_named", "q_amount", "q_money", "q_how", "q_reason", "q_purpose"}
)
IT_NAMES_ITS_SUBJECT = 2  # a question with "it" and this many words names what "it" is


def _resolve(question: Question, previous: DialogueState | None, default_lang: str) -> Resolution:
    lang = question.lang or (previous.lang if previous else default_lang)
    followup_only = (
        question.says_little
        and (
            question.asks
            or question.compare  # "cách nhau mấy ngày?": between what was talked about
            or question.operators
            or question.pronoun
            or question.followup_cue
            or question.unit
        )
    ) or (
        # "nó gọi cho ai?", "cái đó có miễn phí ko?" (not "What is Cyber Bot and whose is it?", which names what
        # "it" is)
        question.pronoun == "it"
        and not question.operators
        and (bool(question.asks) or question.yesno)
        and len(question.words) < IT_NAMES_ITS_SUBJECT
    )
    followup_only = followup_only or question.asks_only_the_source  # "nguồn?" of what?
    if previous is None:
        # "pct?", "phần trăm?": a percentage alone is of something said before (a thing alone, "camera", is a subject)
        followup_only = followup_only or question.words == (PERCENT_UNIT,)
        # "is that right?", "đúng không?": a check of nothing said
        followup_only = followup_only or (question.yesno and not (question.words or question.numbers))
        # "Viettel có bao nhiêu khách hàng?" stands alone; "còn mobi thì sao?", "khi nào?" do not.
        # "How many customers did Viettel say it had?": "it" is the operator named
        pronoun_of_operator = question.pronoun in ("it", "they") and bool(question.operators)
        # "tổng cam 2 mạng bn": a sum of a unit over the operators that count it needs nothing before it (a
        # percentage is of something: "chênh lệch bao nhiêu phần trăm?" does)
        counts_over_operators = question.unit not in (None, PERCENT_UNIT) and bool(question.compare)
        # "How many days from 9/11/2013 to 28/9/2020?": two dates stated are what is counted between
        dated = len(question.dates) >= 2 or len(question.years) >= 2
        names_enough = question.operators or question.people or question.others or counts_over_operators or dated
        stands_alone = bool(names_enough) and (
            (not question.pronoun or pronoun_of_operator) and not question.followup_cue
        )
        return Resolution(
            question,
            Preferences(),
            lang,
            is_followup=False,
            needs_context=bool(followup_only and not stands_alone and not question.people and not question.others),
        )
    keep = Preferences(facts=previous.fact_ids, topic=previous.topic, operators=previous.operators)
    answered = previous.fact_ids or previous.earlier_fact_ids  # after a decline: the answer before it
    if question.asks_only_the_source and answered:
        return Resolution(question, Preferences(facts=answered, restate=True), lang, is_followup=True)
    if question.article_talked_about and answered:  # "bài đó đăng ngày nào?": of the answer's article
        return Resolution(question, Preferences(facts=answered, in_its_articles=True), lang, is_followup=True)
    organisation = _names_their_organisation(question.folded)  # "his group": the operator, not him
    if not question.people and question.pronoun in ("he", "she", "someone") and previous.people and not organisation:
        # "ông ấy cam kết gì khi Viettel góp quỹ vắc xin?": the person talked about, however much else is said
        question = replace(question, people=previous.people)
    if question.asks_days_between and len(question.places) < 2 and previous.places:
        # "How many days apart is that?" after Hà Giang, then Lai Châu: between the places talked about.
        places = tuple(dict.fromkeys((*question.places, *previous.places)))[:2]
        question = replace(question, places=places)
    if _compares_with_before(question, previous):
        # "Viettel góp nhiều hơn bao nhiêu?", "what's the combined total?": the operators talked about, compared.
        operators = tuple(dict.fromkeys((*question.operators, *previous.operators, *previous.earlier_operators)))
        if question.operators_counted > len(operators):
            operators = ()  # "tổng 2 nhà mạng?" after Viettel's cameras alone: each operator that has a figure
        words = tuple(dict.fromkeys(w for w in (*question.words, *previous.words) if w != WHOLE_WORD))
        return Resolution(
            replace(
                question,
                operators=operators,
                words=words,
                asks=question.asks or previous.asks,
                # "how many per facility?" after "in how many provinces?": what is counted is the subject's
                unit=question.unit or (None if question.per_unit or _a_share(previous, question) else previous.unit),
            ),
            keep,
            lang,
            is_followup=True,
        )
    if _compares_with_the_answer(question, previous):
        operators = question.operators or previous.operators
        return Resolution(
            replace(question, operators=operators),
            replace(keep, compare_with_answer=True),
            lang,
            is_followup=True,
        )
    if followup_only and not question.others:
        inherited = replace(keep, asks_inherited=not question.asks and bool(previous.asks))
        return Resolution(_completed(question, previous), inherited, lang, is_followup=True)
    if _switches_operator(question, previous):
        # "còn MobiFone có chương trình như vậy không?": the subject talked about, for another operator;
        # "and Viettel's vaccine fund pledge?" names its own subject.
        own_subject = len(question.words) >= OWN_SUBJECT_WORDS and question.pronoun is None
        words = question.words if own_subject else tuple(dict.fromkeys((*question.words, *previous.words)))
        return Resolution(
            replace(question, words=words, asks=question.asks or previous.asks), keep, lang, is_followup=True
        )
    if _asks_about_the_answer(question):
        # "từ đâu trở vào?", "gọi để làm gì?": a short question naming no one, about the answer just given, of
        # its operator ("góp ngày nào?" after Viettel's gift: not MobiFone's date); "trong đó quỹ vắc xin bn?"
        of_its_subject = bool(question.asks) and set(question.asks) <= _ASKED_OF_THE_ANSWER
        if previous.operators and (question.followup_cue or of_its_subject) and _keeps_the_operator(question):
            question = replace(question, operators=previous.operators)
        return Resolution(question, keep, lang, is_followup=True)
    if not _keeps_the_operator(question):
        return Resolution(question, Preferences(), lang, is_followup=False)
    if question.pronoun in ("it", "they") and not (question.operators or question.others) and previous.fact_ids:
        # "họ đến từ tuyến nào?": about what the answer just given spoke of, however much else is said
        return Resolution(replace(question, operators=previous.operators), keep, lang, is_followup=True)
    if not question.operators and previous.operators and not question.others:
        if question.followup_cue:  # "còn camera thì sao?": same operator, new subject
            return Resolution(replace(question, operators=previous.operators), Preferences(), lang, is_followup=True)
        return Resolution(question, Preferences(operators=previous.operators), lang, is_followup=False)
    if question.followup_cue and not (question.operators or question.others) and previous.topic:
        # "còn người dân?" after what the Nam Định operators did for schools: on that subject still
        return Resolution(question, Preferences(topic=previous.topic), lang, is_followup=True)
    return Resolution(question, Preferences(), lang, is_followup=False)


THEIR_OWN_WORDS = 2  # "how much did they give in total?": a pronoun for what was answered, and a verb or so
SHORT_QUESTION_WORDS = 2  # a question asking something with at most this many words of its own
_ORGANISATION_WORDS = frozenset({"group", "company", "corporation", "doan", "ty"})  # tập đoàn, công ty
OWN_SUBJECT_WORDS = 2  # an operator switch with this many words of its own names its own subject


def _names_their_organisation(words: tuple[str, ...]) -> bool:
    """ "his group", "tập đoàn của ông ấy": the person's organisation is what is asked about (not "What did he say
    about the group's ...?", where he is asked about)."""
    if _ORGANISATION_WORDS.isdisjoint(words):
        return False
    return any(
        (word in _POSSESSIVES and _ORGANISATION_WORDS.intersection(words[at + 1 : at + 3]))
        or (word in _ORGANISATION_WORDS and words[at + 1 : at + 2] == ("cua",))
        for at, word in enumerate(words)
    )


_POSSESSIVES = frozenset({"his", "her", "their"})


def _works_at_the_one_talked_about(question: Question, previous: DialogueState, families: Mapping[str, str]) -> bool:
    """ "Hạ tầng của công ty em ...?" after VNPT's cameras: the asker works at the operator talked about (not "còn
    công ty em thì sao?", set against it, nor after two operators: which one?)."""
    one_talked_about = len({families.get(op, op) for op in previous.operators}) == 1
    return question.askers_company and one_talked_about and not question.followup_cue


def _names_only_a_unit_it_counts(
    question: Question, previous: DialogueState, units: Mapping[str, frozenset[str]]
) -> bool:
    """ "provinces?", "cameras?": one thing that is counted or measured, nothing else said of it, and the answer
    just given counts it (alone, or after an answer counting no such thing, "camera" names a subject)."""
    named = question.operators or question.people or question.others or question.pronoun
    asked = question.asks or question.compare or question.yesno or question.numbers
    if len(question.words) != 1 or named or asked:
        return False
    unit = question.words[0]
    return unit.startswith("u_") and any(unit in units.get(fact, ()) for fact in previous.fact_ids)


def _asks_about_the_answer(question: Question) -> bool:
    return (
        (bool(question.asks) or question.yesno)  # "có thu phí không em?": is what was just answered free?
        and len(question.words) <= SHORT_QUESTION_WORDS
        and not (question.operators or question.people or question.others or question.compare)
        # "còn trung tâm hội chẩn thì bn cái?": another subject of the same operator, not the answer's
        and not (question.followup_cue and [w for w in question.words if w != question.unit])
    )


def _switches_operator(question: Question, previous: DialogueState) -> bool:
    return bool(
        question.operators
        and previous.operators
        and not question.others
        and set(question.operators) != set(previous.operators)
        and (
            question.followup_cue
            or question.pronoun == "it"
            or _names_only_the_subject_talked_about(question, previous)
        )
    )


def _names_only_the_subject_talked_about(question: Question, previous: DialogueState) -> bool:
    """ "VNPT's pledge?" after Viettel's and MobiFone's gifts to the fund: another operator and a word or two of the
    subject talked about, asking nothing of their own ("vnpt ở đó làm j" asks what it did): that subject, for that
    operator."""
    words = question.words
    return (
        not (question.asks or question.compare or question.yesno or question.overview)
        and 0 < len(words) <= OWN_SUBJECT_WORDS
        and set(words) <= set(previous.words)
    )


def _compares_with_before(question: Question, previous: DialogueState) -> bool:
    """A comparison naming one operator or none, after questions about others."""
    across = {"c_more", "c_less", "c_difference", "c_total", "c_average", "c_ratio", "c_share"}
    earlier = set(previous.operators) | set(previous.earlier_operators)
    if across & set(question.compare) == {"c_total"} and question.operators and not question.joins:
        return False  # "and Viettel's total covid contributions?": Viettel's whole, not a sum with MobiFone's
    return (
        bool(across & set(question.compare))
        and len(question.operators) < 2
        and bool(earlier - set(question.operators))
        # "tổng cộng 2 nhà mạng lắp bao nhiêu cam?" names its subject, and the operators by their number
        and (question.says_little or bool(question.operators) or question.operators_counted >= 2)
    )


def _a_share(previous: DialogueState, question: Question) -> bool:
    """A share asked before, not now: "how much went elsewhere?" after "what share went to the fund?" asks money."""
    return previous.unit == "u_percent" and "c_share" not in question.compare


def _keeps_the_operator(question: Question) -> bool:
    """ "thế con số 10.000 là của nhà mạng nào?": the operator is what is asked, not the one talked about."""
    return ASKED_OPERATOR not in question.asks


def _compares_with_the_answer(question: Question, previous: DialogueState) -> bool:
    """ "So với số đã lắp thì còn thiếu bao nhiêu?", "Plus the consultation centres, how many altogether?":
    a sum, difference or share of the answer just given and another figure of its operator, named in words."""
    arithmetic = {"c_total", "c_difference", "c_share", "c_ratio"}
    return (
        bool(arithmetic & set(question.compare))
        and not question.says_little
        and not question.received  # what a recipient got is no sum of the figures talked about
        and not (question.numbers and question.operators)  # "200 tỷ chiếm mấy % trong đó?" names a figure
        and set(question.operators) <= set(previous.operators)
        and bool(previous.fact_ids)
    )


def _computes_over_answers(question: Question, previous: DialogueState) -> bool:
    """ "cộng lại?", "chiếm mấy %?", "còn thiếu bao nhiêu?" after two answers, naming nothing new."""
    # "ai nhiều hơn?" names a winner: compared
    arithmetic = {"c_total", "c_difference", "c_share", "c_ratio", "c_months_between", "c_years_between"}
    # "how much did they give in total?": "they" are the operators of the answers, "give" says what they did
    of_them = question.pronoun == "they" and len(question.words) <= THEIR_OWN_WORDS
    return (
        bool(arithmetic & set(question.compare))
        and (question.says_little or of_them)
        and not question.received  # "quỹ đó tổng cộng có bao nhiêu tiền?": what the fund got, not their sum
        and not question.operators
        and not question.numbers
        and (
            len(previous.fact_ids) >= 2
            or (
                bool(previous.fact_ids and previous.earlier_fact_ids)
                and (
                    previous.fact_ids[0] != previous.earlier_fact_ids[0]
                    # one fact, two of its figures named in turn ("27 ở thành phố", "còn tuyến tỉnh, huyện?")
                    or (
                        previous.measure is not None
                        and previous.earlier_measure is not None
                        and previous.measure != previous.earlier_measure
                    )
                )
            )
        )
    )


def _completed(question: Question, previous: DialogueState) -> Question:
    """ "Còn Viettel thì sao?" keeps the subject and changes the operator; "khi nào?" keeps subject and
    operator and asks something new; "ông ấy nói gì?" asks about the person the previous answer named."""
    switching = bool(question.operators) and set(question.operators) != set(previous.operators)
    people = question.people or _people_for(question.pronoun, previous)
    asks = question.asks or previous.asks
    unit = question.unit if question.asks or question.unit else previous.unit
    if switching and not question.asks:
        unit = None  # "ở bao nhiêu tỉnh?" then "còn Viettel?": Viettel's figure on the subject, in any unit
    words = () if people and question.asks else tuple(w for w in previous.words if not (switching and w.isdigit()))
    return replace(
        question,
        words=words + tuple(w for w in question.words if w not in previous.words),
        asks=asks,
        unit=unit,
        # "thế mạng nào làm?": the operator is asked, not the one talked about
        operators=question.operators or (() if ASKED_OPERATOR in question.asks else previous.operators),
        people=people,
    )


def _people_for(pronoun: str | None, previous: DialogueState) -> tuple[str, ...]:
    if pronoun in ("he", "she", "they", "someone") and previous.people:
        return previous.people
    return ()


def remember(
    resolution: Resolution,
    fact_ids: tuple[str, ...],
    people: tuple[str, ...],
    topic: str | None,
    previous: DialogueState | None = None,
    now: float | None = None,
    answered_by: tuple[str, ...] = (),
    asked: str = "",
    measure: str | None = None,
    owner: tuple[str, ...] = (),
    computed: tuple[float, str] | None = None,
) -> DialogueState:
    """The state a follow-up to this question will be resolved against; `answered_by`: the operator the
    answer was about, when the question named none; `asked`: the question as typed; `computed`: the result and
    calculation of a computed answer (see DialogueState)."""
    question = resolution.question
    operators = question.operators or answered_by
    earlier: tuple[str, ...] = ()
    places = question.places
    if previous is not None and topic is not None and previous.topic == topic:
        earlier = tuple(op for op in (*previous.operators, *previous.earlier_operators) if op not in operators)
        places = tuple(dict.fromkeys((*question.places, *previous.places)))[:PLACES_REMEMBERED]
    return DialogueState(
        words=question.words,
        asks=question.asks,
        operators=operators,
        lang=resolution.lang,
        fact_ids=fact_ids,
        updated_at=time.time() if now is None else now,
        unit=question.unit,
        people=tuple(dict.fromkeys((*question.people, *people))),
        topic=topic,
        earlier_operators=earlier,
        places=places,
        earlier_fact_ids=previous.fact_ids if previous is not None else (),
        question=asked,
        measure=measure,
        earlier_measure=previous.measure if previous is not None else None,
        owner=owner,
        computed=computed[0] if computed else None,
        calculation=computed[1] if computed else "",
    )
