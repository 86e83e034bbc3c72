"""Stage 4, policy: from the candidates and their signals to one Decision.

The rules, in order (each a small method below):
1. small talk gets a friendly reply; an operator no article covers is said to be uncovered;
2. a comparison or a sum is computed when its figures are stated and comparable (arithmetic.py);
3. the facts that fit the operator named and hold what was asked are ranked; the best one is
   stated when sure enough, with the few facts close behind it when the question is broad;
4. a yes/no question gets a verdict on the figure it states;
5. otherwise the bot declines, saying why: another operator's subject, a detail the articles do
   not give, or nothing near, with questions it can answer as suggestions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import pairwise, zip_longest
from typing import Literal

from bot.answering.analysis import ASKED_OPERATORS, ASKED_PEOPLE, ASKS_A_FIGURE, SPANS, WHOLE_WORD, Question
from bot.answering.arithmetic import Computation
from bot.answering.signals import (
    ASKS_SOMEONE,
    NAMES_NO_PERSON,
    PERSON_OF_ANOTHER_UNIT,
    TARGET_NOT_DONE,
    Candidate,
    Preferences,
    same_direction,
)
from bot.answering.tuning import Tuning
from bot.knowledge import Fact
from bot.text import fold

DecisionKind = Literal[
    "answer",
    "computed",
    "smalltalk",
    "clarify",
    "empty",
    "unsure",
    "not_stated",
    "wrong_operator",
    "unknown_operator",
    "cannot_compute",
    "unknown",
]


@dataclass(frozen=True)
class Decision:
    kind: DecisionKind
    facts: tuple[Fact, ...] = ()  # stated, in this order
    confidence: float = 0.0
    verdict: Literal["yes", "no"] | None = None  # for a yes/no question about a figure
    stated_by: tuple[Fact, ...] = ()  # for a wrong "no": whose figure the question's number is
    computation: Computation | None = None
    operators: tuple[str, ...] = ()  # the operators a decline is about
    others: tuple[str, ...] = ()  # operators no article covers
    suggest: tuple[str, ...] = ()  # fact ids whose example questions are suggested
    smalltalk: str | None = None
    lead: Fact | None = None  # a fact stated before a computation
    # "còn Viettel?" after "khi nào?": Viettel's fact on the subject, which does not say when; the reply says so
    partial: bool = False
    reasons: tuple[str, ...] = field(default=())  # why, for --explain

    @property
    def answered(self) -> bool:
        return self.kind in ("answer", "computed")


class Policy:
    def __init__(
        self,
        tuning: Tuning,
        family_of: dict[str, str] | None = None,
        unit_facts: dict[str, frozenset[str]] | None = None,
        facts: dict[str, Fact] | None = None,
        provinces: frozenset[str] = frozenset(),
        regions: frozenset[str] = frozenset(),
        parts_of: dict[str, tuple[str, ...]] | None = None,
    ):
        self.tuning = tuning
        self.provinces = provinces  # the lexicon's provinces and cities, as shown
        self.regions = regions  # the lexicon's regions ("phía Bắc"), as shown
        self.parts_of = parts_of or {}  # measure -> the measures it includes (a whole and its parts)
        self.facts = facts or {}  # by id: a fact's `details`
        self.position = {fact_id: index for index, fact_id in enumerate(self.facts)}  # as the articles tell them
        self.family_of = family_of or {}  # operator -> the top operator of its family (vinaphone -> vnpt)
        # The facts of each unit of an operator (VNPT Nam Định): naming it, or its group's in its place
        self.unit_facts = unit_facts or {}

    def decide(
        self,
        question: Question,
        candidates: list[Candidate],
        computation: Computation | None,
        preferences: Preferences | None = None,
    ) -> Decision:
        decision = self._decide(question, candidates, computation, preferences)
        if _a_whole_stated_alone(question, decision):
            # "MobiFone đóng góp được bao nhiêu cho chống dịch?": its 200 billion for the fund, then nearly 2,000 in
            # all (the whole after the part it includes, as the article tells it); not when a total is asked
            facts = self._with_stated_parts(list(decision.facts), [c for c in candidates if c.answers])
            decision = replace(decision, facts=tuple(facts))
        pleasantry = question.pleasantry
        # "Cảm ơn nhé, thông tin rất hữu ích": thanks said with words no fact answers is only thanks. "Chào
        # cháu, cháu là ai, giúp được bác việc gì?" asks about the bot, though a fact's place was named.
        if (
            pleasantry
            and not question.operators
            and (decision.kind in ("unsure", "unknown") or (decision.kind == "not_stated" and pleasantry == "identity"))
        ):
            return Decision("smalltalk", smalltalk=pleasantry, reasons=(f"{pleasantry}, and no fact fits the rest",))
        return decision

    def _decide(
        self,
        question: Question,
        candidates: list[Candidate],
        computation: Computation | None,
        preferences: Preferences | None,
    ) -> Decision:
        if question.others and (not question.operators or question.compare):
            # "Viettel góp nhiều hơn Vingroup không?": one side is a company no article covers
            return Decision(
                "unknown_operator",
                others=question.others,
                reasons=(f"names {', '.join(question.others)}, which no article covers",),
            )
        answering = [c for c in candidates if c.answers]
        named = set(question.people)
        if named and any(named & set(c.fact.people) for c in answering):
            # "Bà Vân mang quân hàm gì?": what is said of the person named, not another's fact its words fit
            answering = [c for c in answering if named & set(c.fact.people)]
        if question.others and self._only_said_of(question, answering):
            # "MobiFone góp 200 tỷ, vậy Vietnamobile góp bn?": MobiFone's figure is said; Vietnamobile's is asked
            return Decision(
                "unknown_operator",
                others=question.others,
                reasons=(
                    f"states a figure of {', '.join(question.operators)}, asks it of {', '.join(question.others)}",
                ),
            )
        switched = self._switched_operator(question, preferences, answering, candidates) if preferences else None
        if switched is not None and computation is None:
            return switched
        # "Did VNPT install more than 2,400 cameras?": the figure's own "more than", checked below (its words fit
        # the question, not only its figure: "than the 19 billion centres" is the other side of a comparison)
        stated = any(
            _close(f.value, n)
            for c in answering[:1]
            if c.lexical >= self.tuning.answer_threshold
            for f in c.fact.figures
            for n in question.numbers
        )
        if (
            question.yesno
            and question.numbers
            and computation is None
            and {"c_more", "c_less"} & set(question.compare)
            and not stated
        ):
            # "Was the 2013 programme more expensive than the 19 billion centres?": one side is not stated
            return Decision(
                "not_stated",
                operators=question.operators,
                suggest=tuple(c.fact.id for c in answering[:2]),
                reasons=("a comparison to check, one side of which no figure states",),
            )
        if question.yesno and question.numbers:
            target = _refused_as_a_target(candidates, self.tuning.target_fit_share)
            answering = _checking_first(question, candidates, answering, target, self.tuning.check_margin)
            if target is not None and answering and computation is None:
                # "Has VNPT already connected 10,000 cameras?": 10,000 is the capacity being built; what is done
                # on that subject (2,400 installed) is checked, however loosely its words fit
                decision = Decision("answer", facts=(answering[0].fact,), confidence=min(answering[0].score, 1.0))
                return self._checked(question, replace(decision, reasons=("a target checked as done",)), candidates)
        if computation is not None:
            return self._computed(computation, self._stated_whole(computation, answering))
        between = SPANS.intersection(question.compare)
        if question.per_unit is not None and (question.asked & ASKS_A_FIGURE or between) and not question.yesno:
            # "mỗi sổ bao nhiêu tiền?": an amount for each of something no figure counts; a total is no answer
            # ("ở mỗi tỉnh kéo dài mấy ngày?": nor is any fact on the subject)
            return Decision(
                "not_stated",
                operators=question.operators,
                suggest=tuple(c.fact.id for c in answering[:2]),
                reasons=("an amount for each of something, which no figure gives",),
            )
        if question.yesno and not question.numbers:
            attributed = self._attributed_elsewhere(question, candidates, answering)
            if attributed is not None:
                return attributed
        if question.yesno:  # "Viettel lắp 4.000 camera ở phía Nam à?": the figure is right, the place is not
            placed = self._done_elsewhere(question, candidates) or self._only_anothers(question, candidates)
            if placed is not None:
                return placed
        earlier = self._which_came_first(question, answering)
        if earlier is not None:
            return earlier
        if ASKED_PEOPLE in question.asked:  # "Bài báo trích lời những lãnh đạo Viettel nào?"
            people = _one_per_person([c for c in answering if c.score >= self.tuning.min_score])
            if len(people) >= 2:
                return Decision(
                    "answer",
                    facts=tuple(c.fact for c in people)[: self.tuning.list_max],
                    confidence=min(people[0].score, 1.0),
                    reasons=("the people the articles quote, one fact each",),
                )
        quoted = self._quoted_in_its_article(question, candidates)
        if quoted is not None:
            return Decision(
                "answer",
                facts=(quoted.fact,),
                confidence=min(quoted.score, 1.0),
                reasons=(
                    f"the event fits {candidates[0].fact.id}, which names no one; its article quotes {quoted.fact.id}",
                ),
            )
        answering = self._without_group_figures(question, answering)
        if not answering or answering[0].score < self.tuning.unsure_floor:
            return self._decline(question, candidates, answering)
        best = answering[0]
        if self._off_the_answer_just_given(preferences, candidates, best):
            return Decision(
                "not_stated",
                operators=question.operators,
                confidence=best.score,
                suggest=preferences.facts[:1] if preferences else (),
                reasons=(
                    f"asked of the answer just given, which does not say it ({best.fact.id} is on another subject)",
                ),
            )
        # A fact that fits better says the articles do not give what was asked: far better but refused (not
        # in a follow-up, where the previous answer's words weigh in every fact's fit), or said of another
        # place or year. The looser fact that would answer is not stated instead.
        in_followup = bool(preferences and preferences.facts)
        better = (
            (None if in_followup else self._fits_far_better_but_refused(question, candidates, best))
            or self._said_of_another_place_or_year(candidates, best)
            or self._names_what_the_answer_does_not(question, candidates, best)
        )
        if better is not None:
            return Decision(
                "not_stated",
                operators=question.operators,
                confidence=best.score,
                suggest=(better.fact.id,),
                reasons=(f"{better.fact.id} ({better.score:.2f}) fits better and {better.refused}",),
            )
        # A close second about the same named thing ("Sổ sức khỏe điện tử", told of in two facts) leaves no doubt
        # about what is asked
        named = set(best.fact.names)
        runner_up = next((c.score for c in answering[1:] if not named or named.isdisjoint(c.fact.names)), 0.0)
        # A lead counts only over another operator's facts too: "VNPT khám bệnh ở đâu?" fits Viettel's
        # programme better than any VNPT fact, so no VNPT fact leads.
        elsewhere = max((c.score for c in candidates if not c.fits_operator and not c.collective), default=0.0)
        # A fact whose data holds what was asked may lead from a lower score: "cam vnpt phủ mấy tỉnh thành"
        # has a word the articles never use, yet only VNPT's cameras count provinces.
        discount = self.tuning.holds_lead_discount if best.holds else self.tuning.lead_discount
        sure = best.score >= self.tuning.answer_threshold or (
            best.score >= self.tuning.answer_threshold - discount
            and best.score - runner_up >= self.tuning.clear_lead
            and best.score > elsewhere
        )
        listing = self._is_overview(question) or "q_list" in question.asks  # "List Viettel's contributions"
        # (a list is of the operator's own facts, however well another's fit: unless it names what only another's name)
        wrong = self._better_elsewhere(question, candidates, best, only_what_it_names=listing)
        if wrong is not None:
            return wrong
        if not sure and self._is_overview(question) and best.score >= self.tuning.overview_floor:
            sure = True  # "tell me about VNPT": its facts, however loosely the words fit
        if not sure and self._only_one_holds_it(question, candidates, best):
            sure = True  # "camera VNPT phủ bao nhiêu tỉnh?": of its facts on the subject, one counts provinces
        if not sure and not question.compare and self._same_subject_elsewhere(candidates, best):
            # the question is clear: another operator's fact on it fits; this one's is the answer (not so for a
            # comparison no figure could make: "X hay Y nhiều người dùng hơn?")
            sure = True
        if not sure:
            return Decision(
                "unsure",
                confidence=best.score,
                suggest=tuple(c.fact.id for c in answering[:3]),
                reasons=(f"best {best.fact.id} {best.score:.2f} is below the threshold",),
            )
        facts = self._with_details(question, self._answer_set(question, answering))
        decision = Decision(
            "answer",
            facts=facts,
            confidence=min(best.score, 1.0),
            reasons=(f"states {', '.join(f.id for f in facts)}",),
        )
        return self._checked(question, decision, candidates) if question.yesno and question.numbers else decision

    # ---- answering ---------------------------------------------------------------------------

    @staticmethod
    def _only_said_of(question: Question, answering: list[Candidate]) -> bool:
        """The operators named are said to have a figure the question states, not asked about (a check is)."""
        if not question.operators or not question.numbers or question.yesno or question.compare:
            return False
        return any(_close(f.value, n) for c in answering[:1] for f in c.fact.figures for n in question.numbers)

    def _which_came_first(self, question: Question, answering: list[Candidate]) -> Decision | None:
        """ "MobiFone hay Viettel góp quỹ vắc xin trước?": each operator's fact, if the articles date them all;
        else not stated (no article dates Viettel's gift)."""
        families = {self.family_of.get(op, op) for op in question.operators}
        if "c_earlier" not in question.compare or len(families) < 2:
            return None
        facts = [c for c in self._one_per_operator(answering) if self.family_of.get(c.fact.operators[0]) in families]
        undated = [c for c in facts if not c.fact.dates]
        if len(facts) < len(families) or undated:
            return Decision(
                "not_stated",
                operators=question.operators,
                suggest=tuple(c.fact.id for c in facts),
                reasons=("which came first: the articles do not date each of them",),
            )
        return Decision(
            "answer",
            facts=tuple(c.fact for c in facts),
            confidence=min(facts[0].score, 1.0),
            reasons=("which came first: each one's dated fact",),
        )

    @staticmethod
    def _off_the_answer_just_given(
        preferences: Preferences | None, candidates: list[Candidate], best: Candidate
    ) -> bool:
        """ "ở những tỉnh nào?" after the 1,000 facilities: the answer just given fits best but does not say it;
        a fact on another subject (cameras in the northern provinces) does not answer it instead."""
        if preferences is None or not preferences.facts or not preferences.topic or not candidates:
            return False
        top = candidates[0]
        lacking = top.fact.id in preferences.facts and (top.refused or "").startswith(_LACKS_DATA)
        # its article may say it ("khi nào?": the article's date), another article does not
        elsewhere = best.fact.evidence[0].source != top.fact.evidence[0].source
        return lacking and best.fact.topic != preferences.topic and elsewhere

    @staticmethod
    def _quoted_in_its_article(question: Question, candidates: list[Candidate]) -> Candidate | None:
        """ "Lúc Viettel công bố góp 450 tỷ, ai phát biểu?": the fact on the event names no one, but its article
        quotes a person of the operator there: that person's words answer who spoke. Not who represented
        someone ("người đại diện Bộ Y tế nhận ..."): being quoted there does not make one its representative.
        So too for who held a post then ("Who was leading Viettel when it handed over the centres?")."""
        post_held = question.asks_who_held_a_post
        if not ("q_speaker" in question.asked or post_held) or not question.operators:
            return None
        fitting = [c for c in candidates if c.fits_operator]
        # the event of a post held is what the words fit best (the person's fact may rank first for the post)
        event = max(fitting, key=lambda c: c.lexical) if post_held and fitting else next(iter(fitting), None)
        if event is None or event.refused != NAMES_NO_PERSON:
            return None
        source = event.fact.evidence[0].source
        return next(
            (
                c
                for c in candidates
                if c.answers and c.fits_operator and c.fact.people and c.fact.evidence[0].source == source
            ),
            None,
        )

    def _states_a_whole(self, fact: Fact) -> bool:
        return any(self.parts_of.get(figure.measure) for figure in fact.figures)

    def _switched_operator(
        self, question: Question, preferences: Preferences, answering: list[Candidate], candidates: list[Candidate]
    ) -> Decision | None:
        """ "Còn Viettel Nam Định thì sao?": the operator asked for, on the subject just talked about, when
        the articles have it; when they do not, the usual rules decline."""
        if not (preferences.topic and preferences.operators and question.operators) or set(question.operators) == set(
            preferences.operators
        ):
            return None
        on_topic = [c for c in answering if c.fact.topic == preferences.topic and self._on_subject(c, preferences)]
        if WHOLE_WORD in question.words and len(question.operators) == 1:
            # "còn Viettel tổng đóng góp ...?" after MobiFone's whole: Viettel's whole, which no part of it is
            on_topic = [c for c in on_topic if self._states_a_whole(c.fact)]
        # its own fact before one it shares with others: "còn Viettel Nam Định?" after VNPT Nam Định's VNPT Meeting
        # is its Sổ sức khỏe điện tử, not the ringback notices the operators set up together
        on_topic.sort(key=lambda c: not set(c.fact.operators) <= set(question.operators))
        # unless a fact on another subject fits clearly better: "and Viettel's vaccine fund pledge?" names its own
        leading = answering[0].score - self.tuning.context_margin if answering else 0.0
        if on_topic and on_topic[0].score >= max(self.tuning.unsure_floor, leading):
            best = on_topic[0]
            return Decision(
                "answer",
                facts=(best.fact,),
                confidence=min(best.score, 1.0),
                reasons=(f"the subject talked about ({preferences.topic}), for {', '.join(question.operators)}",),
            )
        # Its fact on the subject does not hold what was asked last ("khi nào?"): that fact, saying so.
        lacking = [
            c
            for c in candidates
            if c.fits_operator
            and c.fact.topic == preferences.topic
            and self._on_subject(c, preferences)
            and c.refused is not None
            and c.refused.startswith(_LACKS_DATA)
            and c.score >= self.tuning.unsure_floor
        ]
        if not lacking or not preferences.asks_inherited:
            return None  # "còn Viettel thì ngày nào?" asks the date outright: not stated
        return Decision(
            "answer",
            facts=(lacking[0].fact,),
            confidence=min(lacking[0].score, 1.0),
            operators=question.operators,
            partial=True,
            reasons=(f"the subject talked about, for {', '.join(question.operators)}; {lacking[0].refused}",),
        )

    def _without_group_figures(self, question: Question, answering: list[Candidate]) -> list[Candidate]:
        """ "MobiFone Nam Định hỗ trợ bao nhiêu tiền?": an amount asked of a unit named after a place is not
        its group's nationwide figure; facts naming the unit, or its group's there, still answer."""
        if not question.asked & ASKS_A_FIGURE or self._is_overview(question) or "q_list" in question.asks:
            return answering
        placed = [op for op in question.operators if op in self.unit_facts]
        if not placed or len(placed) < len(question.operators):
            return answering
        own = frozenset().union(*(self.unit_facts[op] for op in placed))
        return [c for c in answering if c.fact.id in own or not c.fact.figures]

    def _only_one_holds_it(self, question: Question, candidates: list[Candidate], best: Candidate) -> bool:
        """The question asks a count in a unit; the facts of the operator that fit better give none in it,
        and this one does."""
        if question.unit is None or question.attribute or not best.holds or best.score < self.tuning.unsure_floor:
            return False
        better = [c for c in candidates if c.fits_operator and c.score > best.score]
        return (
            bool(better)
            and all((c.refused or "").startswith("gives no figure") for c in better)
            and best.fact.topic == better[0].fact.topic  # the subject of those, not a count of something else
        )

    def _on_subject(self, candidate: Candidate, preferences: Preferences) -> bool:
        """Of the subject the answer just given was on: a figure of its measure (MobiFone's gift to the fund
        after Viettel's), or, when it gave no figure, any fact of its topic; not Cyber Bot's calls -> MobiFone's
        total, though both are about fighting the epidemic."""
        previous = [self.facts[i] for i in preferences.facts if i in self.facts]
        return not previous or any(
            same_subject(fact, candidate.fact) or (not fact.figures and fact.topic == candidate.fact.topic)
            for fact in previous
        )

    def _fits_far_better_but_refused(
        self, question: Question, candidates: list[Candidate], best: Candidate
    ) -> Candidate | None:
        """ "Viettel có bao nhiêu khách hàng Privilege?": the Privilege fact fits far better but counts no
        customers; the 50 million customers, which fit only loosely, are not the Privilege customers. Not when
        the facts that fit better are on the same subject and only this one counts it ("Hệ thống camera của VNPT
        trải rộng ở bao nhiêu tỉnh?": of VNPT's camera facts, only the cameras installed count provinces)."""
        if not question.numbers and self._only_one_holds_it(question, candidates, best):
            return None  # (a figure named, "1.000 cơ sở", says which thing is asked: the one that fits better)
        return next(
            (
                c
                for c in candidates
                if c.fits_operator and c.refused is not None and c.lexical >= best.lexical + self.tuning.refused_lead
            ),
            None,
        )

    @staticmethod
    def _names_what_the_answer_does_not(
        question: Question, candidates: list[Candidate], best: Candidate
    ) -> Candidate | None:
        """ "Viettel Nam Định triển khai Sổ sức khỏe điện tử từ tháng mấy?": the facts on the thing named fit
        better and give no date; a looser fact that has one is about something else."""
        return next(
            (
                c
                for c in candidates
                if c.score > best.score
                and c.fits_operator
                and c.refused is not None
                and _identifies(question, c.fact)
                and not _identifies(question, best.fact)
            ),
            None,
        )

    @staticmethod
    def _said_of_another_place_or_year(candidates: list[Candidate], best: Candidate) -> Candidate | None:
        """ "VNPT lắp bao nhiêu camera ở Hà Nội?": the fact that fits best says it of Đà Nẵng and south; a
        looser fact on the subject (the capacity VNPT is building) does not answer for Hà Nội instead."""
        for candidate in candidates:
            if candidate.score <= best.score:
                return None
            if (
                candidate.fits_operator
                and candidate.refused is not None
                and candidate.refused.startswith("is about")
                and candidate.fact.topic == best.fact.topic
            ):
                return candidate
        return None

    @staticmethod
    def _is_overview(question: Question) -> bool:
        """ "Tell me about VNPT's cameras", "Viettel đã làm gì?", or just a name: the central facts."""
        return (
            question.overview
            or question.of_a_place
            or (not question.words and not question.asks and bool(question.operators or question.people))
        )

    def _answer_set(self, question: Question, answering: list[Candidate]) -> tuple[Fact, ...]:
        """The best fact; for a broad question the facts close behind it, headline facts first."""
        best = answering[0]
        tuning = self.tuning
        if ASKED_PEOPLE in question.asked:  # "những lãnh đạo nào?": each person's best fact
            return tuple(c.fact for c in _one_per_person(answering))[: tuning.list_max] or (best.fact,)
        if ASKED_OPERATORS in question.asked and not question.operators:
            # "Kể tên các nhà mạng có hoạt động chống covid": the operators, each by what it did
            spread = self._one_per_operator([c for c in answering if best.score - c.score <= tuning.operators_margin])
            if len(spread) >= 2:
                return tuple(c.fact for c in spread[: tuning.list_max])
        if "q_list" in question.asks and not question.of_a_place:
            close = [c for c in answering if best.score - c.score <= tuning.list_margin]
            # "VNPT đã đóng góp những gì?": its headline facts belong in the list; not in "Viettel vì cộng đồng
            # khám những chuyên khoa nào?", which names its subject
            if question.operators and len(question.words) <= tuning.broad_max_words:
                named = set(question.operators)
                close += [
                    c
                    for c in answering
                    if c.fact.priority == 1
                    and c.score >= tuning.overview_floor
                    and c not in close
                    and _names_itself_or_group(named, c)
                ]
            if question.people and len(question.words) <= tuning.broad_max_words:
                # "Bà Vân đã nói những gì?": whatever the articles quote her saying
                people = set(question.people)
                close += [
                    c
                    for c in answering
                    if people & set(c.fact.people) and c.score >= tuning.overview_floor and c not in close
                ]
            if question.overview:  # "mbf chống dịch làm được những gì?": what it did, its headline facts first
                close.sort(key=lambda c: c.fact.priority != 1)
            return tuple(c.fact for c in close[: tuning.list_max])
        if "q_quote" in question.asks and question.people and len(question.words) <= tuning.broad_max_words:
            # "Bà Vân nói gì?": what the articles quote her saying, or say of her, the best fitting first
            people = set(question.people)
            said = [c for c in answering if people & set(c.fact.people) and c.score >= tuning.overview_floor]
            return tuple(c.fact for c in said[: tuning.max_facts]) or (best.fact,)
        if self._is_overview(question):
            return self._overview(question, self._own_first(question, answering))
        if best.collective and not question.operators:
            return self._with_each_operators_share(best, answering)
        if len({self.family_of.get(op, op) for op in question.operators}) >= 2:
            # "Viettel và MobiFone góp quỹ bao nhiêu?", "cả ba nhà mạng ...": each operator named, its own best
            close = [c for c in answering if best.score - c.score <= tuning.list_margin]
            spread = self._one_per_operator(sorted(close, key=self._shared_measures_first(close)))
            if len(spread) >= 2:
                return tuple(c.fact for c in spread[: tuning.max_facts])
        if not question.operators and question.unit is not None and not question.compare and not question.yesno:
            # "camera cách ly?", "bao nhiêu camera đã được lắp?": each operator's count, when more than one has one
            holding = [c for c in answering if c.holds and best.score - c.score <= tuning.list_margin]
            spread = self._one_per_operator(holding)
            if len(spread) >= 2:
                return tuple(self._largest_first([c.fact for c in spread[: tuning.max_facts]]))
        if len(question.words) <= tuning.broad_max_words and question.unit is None and not question.numbers:
            margin = tuning.broad_margin
        else:
            return (best.fact,)
        close = [c for c in answering if best.score - c.score <= margin and c.fact.priority < 3]
        headlines = [
            c for c in answering if c.fact.priority == 1 and best.score - c.score <= tuning.broad_headline_margin
        ]
        if len(headlines) >= 2:
            chosen = headlines
        else:  # one headline fact or none: the next best facts complete the answer
            chosen = headlines + [c for c in close if c not in headlines][: 2 - len(headlines)]
        return tuple(self._largest_first([c.fact for c in (chosen or [best])[: tuning.max_facts]]))

    def _largest_first(self, facts: list[Fact]) -> list[Fact]:
        """ "camera": Viettel's nearly 4,000 before VNPT's 2,400; "Viettel đóng góp bao nhiêu?": the 450 billion
        before the 19. Figures of one unit, largest first, unless one is a part of another (MobiFone's 200
        billion for the fund, then the nearly 2,000 it is part of, as the article tells it)."""
        shared = set.intersection(*({figure.unit for figure in fact.figures} for fact in facts)) if facts else set()
        if not shared:
            return facts
        unit = MONEY if MONEY in shared else sorted(shared)[0]
        leads = {fact.id: next(figure for figure in fact.figures if figure.unit == unit) for fact in facts}
        measures = {lead.measure for lead in leads.values()}
        if any(set(self.parts_of.get(measure, ())) & measures for measure in measures):
            return facts
        return sorted(facts, key=lambda fact: -leads[fact.id].value)

    def _with_details(self, question: Question, facts: tuple[Fact, ...]) -> tuple[Fact, ...]:
        """ "Viettel's technology solutions, what were they?": the fact that sums them up, then what it sums
        up (its `details`), when the question asks what it is and nothing narrower (a place, a figure)."""
        lead = facts[0] if facts else None
        if lead is None or not lead.details or not _asks_what_it_is(question):
            return facts
        # what it sums up right after it, though the answer had them further on
        details = [self.facts[i] for i in lead.details if i in self.facts]
        limit = (
            self.tuning.list_max
            if "q_list" in question.asks
            else self.tuning.overview_max_facts
            if self._is_overview(question)
            else self.tuning.max_facts
        )
        return (lead, *details, *(fact for fact in facts[1:] if fact not in details))[:limit]

    def _own_first(self, question: Question, answering: list[Candidate]) -> list[Candidate]:
        """ "Viettel Nam Định đã làm gì?": its own facts, when it has any that fit, not its group's; "các nhà
        mạng ở Nam Định đã làm gì?": what was done there."""
        facts = frozenset().union(*(self.unit_facts.get(op, frozenset()) for op in question.operators))
        floor = self.tuning.overview_floor
        own = [c for c in answering if c.fact.id in facts and c.score >= floor]
        if not own and question.places:
            own = [c for c in answering if set(question.places) & set(c.fact.places) and c.score >= floor]
        return own or answering

    def _with_each_operators_share(self, best: Candidate, answering: list[Candidate]) -> tuple[Fact, ...]:
        """ "What did the carriers give the vaccine fund?" fits best what the operators did together; what each
        did on that subject follows, one fact per operator, so that the figures a reader wants are there."""
        same_subject = [
            c for c in answering if not c.collective and c.fact.topic == best.fact.topic and c.fact.priority < 3
        ]
        return (best.fact, *(c.fact for c in self._one_per_operator(same_subject)))[: self.tuning.max_facts]

    def _shared_measures_first(self, close: list[Candidate]) -> Callable[[Candidate], tuple[float, int]]:
        """Of facts that fit equally well ("mbf góp bn vs vt góp bn"), those measuring what the other operators'
        facts measure first (each one's gift to the vaccine fund, not Viettel's staff's 19 billion)."""
        holders: dict[str, set[str]] = {}
        for candidate in close:
            families = {self.family_of.get(op, op) for op in candidate.fact.operators}
            for figure in candidate.fact.figures:
                holders.setdefault(figure.measure, set()).update(families)

        lead = self.tuning.shared_measure_lead

        def key(candidate: Candidate) -> tuple[float, int]:
            shared = max((len(holders[f.measure]) for f in candidate.fact.figures), default=0)
            # (a measure the others' facts share outweighs a hair's difference of wording)
            return -round(candidate.score + lead * max(shared - 1, 0), 2), -shared

        return key

    def _one_per_operator(self, ranked: list[Candidate], own_only: bool = False) -> list[Candidate]:
        """The best fact of each operator, in rank order; facts about the operators together are left out (and,
        `own_only`, those of several operators by name: the ringback tones VNPT, Viettel and MobiFone set up)."""
        seen: set[str] = set()
        chosen = []
        for candidate in ranked:
            families = {self.family_of.get(op, op) for op in candidate.fact.operators}
            if candidate.collective or families <= seen or (own_only and len(families) > 1):
                continue
            seen |= families
            chosen.append(candidate)
        return chosen

    def _overview(self, question: Question, answering: list[Candidate]) -> tuple[Fact, ...]:
        """The facts that fit best once headline facts are lifted and details lowered: a detail comes
        only when it fits very well ("tóm lại các nhà mạng Nam Định đã làm được gì?")."""
        tuning = self.tuning
        named = set(question.operators)

        def rank(candidate: Candidate) -> float:
            priority = candidate.fact.priority
            if priority == 3 and candidate.score < tuning.detail_lead:
                return candidate.score - tuning.overview_headline_bonus
            if named and not _names_itself_or_group(named, candidate):
                # "Viettel đã làm gì?": what the group did, before what its Nam Định branch did
                return candidate.score - tuning.overview_headline_bonus
            return candidate.score + (tuning.overview_headline_bonus if priority == 1 else 0.0)

        usable = sorted((c for c in answering if c.score >= tuning.overview_floor), key=rank, reverse=True)
        if not usable:
            return (answering[0].fact,)
        best = rank(usable[0])
        close = [c for c in usable if rank(c) >= best - tuning.overview_margin]
        if question.of_a_place:
            return self._overview_of_a_place(close, usable)
        families = list(dict.fromkeys(self.family_of.get(op, op) for op in question.operators))
        if len(families) >= 2:
            return self._each_in_turn(families, usable, rank)
        if not question.operators:  # "what did the operators do?": each operator's best before a second of one
            # (what they did together first, when it fits clearly best)
            clearly = len(close) < 2 or rank(close[0]) - rank(close[1]) >= tuning.clear_lead
            lead = close[:1] if close[0].collective and clearly else []
            # after what they did together, each one's part however much lower it ranks ("các nhà mạng góp quỹ")
            spread = self._one_per_operator(usable if lead else close)
            if len(spread) >= 2:
                close = [*lead, *spread, *(c for c in close if c not in spread and c not in lead)]
        facts = [c.fact for c in close]
        if question.operators:  # (an overview of all operators keeps one fact each)
            facts = self._with_stated_parts(facts, usable)
        return tuple(facts[: tuning.overview_max_facts])

    def _each_in_turn(
        self, families: list[str], usable: list[Candidate], rank: Callable[[Candidate], float]
    ) -> tuple[Fact, ...]:
        """ "MobiFone và VNPT mỗi bên làm gì chống dịch?": each operator's best facts in turn (its own, not shared
        with others, each as close to its own best as an overview's), not the facts of the one fitting best alone."""
        own = [[c for c in usable if self._families(c) == {family}] for family in families]
        margin = self.tuning.overview_margin
        own = [[c for c in facts if rank(c) >= rank(facts[0]) - margin] for facts in own if facts]
        in_turn = [c.fact for turn in zip_longest(*own) for c in turn if c is not None]
        # (a whole after the part it includes: MobiFone's 200 billion for the fund, then its 2,000 in all)
        return tuple(self._with_stated_parts(in_turn, usable)[: self.tuning.overview_max_facts])

    def _families(self, candidate: Candidate) -> set[str]:
        return {self.family_of.get(op, op) for op in candidate.fact.operators}

    def _overview_of_a_place(self, close: list[Candidate], usable: list[Candidate]) -> tuple[Fact, ...]:
        """ "Các nhà mạng ở Nam Định làm gì?": what the operators did together there, then what each did there (its
        own part, not one shared with others), in the order the article tells them; details aside."""

        def told(candidates: list[Candidate]) -> list[Candidate]:
            return sorted(candidates, key=lambda c: (c.fact.priority == 3, self.position.get(c.fact.id, 0)))

        # a fact that fits very well first, though a detail ("tóm lại các nhà mạng Nam Định đã làm được gì?")
        lead = [c for c in close[:1] if c.score >= self.tuning.detail_lead]
        together = [c for c in told(close) if c.collective and c.fact.priority < 3][: self.tuning.place_together]
        each = self._one_per_operator(told(usable), own_only=True)
        chosen = list(dict.fromkeys([*lead, *together, *each])) or close
        return tuple(c.fact for c in chosen)[: self.tuning.list_max]

    def _with_stated_parts(self, facts: list[Fact], usable: list[Candidate]) -> list[Fact]:
        """A whole ("nearly 2,000 billion in all") comes after the stated part it includes (the 200 billion for
        the fund), as the article tells it and as "MobiFone đóng góp bao nhiêu?" is answered."""
        result: list[Fact] = []
        for fact in facts:
            included = {m for figure in fact.figures for m in self.parts_of.get(figure.measure, ())}
            part = next(
                (
                    c.fact
                    for c in usable
                    if c.fact not in result
                    and c.fact is not fact
                    and c.fact.priority <= fact.priority  # a headline part, not a detail of the whole
                    and set(c.fact.operators) & set(fact.operators)
                    and any(figure.measure in included for figure in c.fact.figures)
                ),
                None,
            )
            result += [f for f in (part, fact) if f is not None and f not in result]
        return result

    def _better_elsewhere(
        self, question: Question, candidates: list[Candidate], best: Candidate, only_what_it_names: bool = False
    ) -> Decision | None:
        """The question fits another operator's fact clearly better, or names what only that fact names: the
        articles do not say it of this one."""
        if not question.operators:
            return None
        elsewhere = [c for c in candidates if not c.fits_operator and c.refused is None and not c.collective]
        if not elsewhere:
            return None
        other = elsewhere[0]
        # "VNPT Nam Định triển khai Sổ sức khỏe điện tử ...": it names what only the other operator's fact names
        named_there = _identifies(question, other.fact) and not _identifies(question, best.fact)
        if same_subject(other.fact, best.fact) and not named_there:
            return None  # the same subject (a contribution to the fund): this operator's fact is its answer
        threshold = self.tuning.answer_threshold
        fits_better = best.score < threshold or other.score - best.score > self.tuning.wrong_operator_margin
        if other.score >= threshold and (named_there or (fits_better and not only_what_it_names)):
            return Decision(
                "wrong_operator",
                operators=question.operators,
                confidence=best.score,
                suggest=(best.fact.id,),
                reasons=(
                    f"{other.fact.id} ({other.score:.2f}) is about another operator and fits "
                    f"better than {best.fact.id} ({best.score:.2f})",
                ),
            )
        return None

    def _same_subject_elsewhere(self, candidates: list[Candidate], best: Candidate) -> bool:
        return any(
            not c.fits_operator
            and c.refused is None
            and same_subject(c.fact, best.fact)
            and c.score >= self.tuning.answer_threshold
            for c in candidates
        )

    # ---- yes / no --------------------------------------------------------------------------------

    def _attributed_elsewhere(
        self, question: Question, candidates: list[Candidate], answering: list[Candidate]
    ) -> Decision | None:
        """ "Lê Đăng Dũng là chủ tịch MobiFone à?", "Sổ sức khỏe điện tử là của MobiFone hả?": what the
        question identifies (a person, a named service) the articles give to another operator: no, and
        whose it is. A subject that identifies nothing ("VNPT có góp quỹ không?") is only not stated."""
        if not (question.operators and (question.belongs or question.says_who_made)):
            return None
        threshold = self.tuning.answer_threshold
        other = next((c for c in candidates if not c.collective and (c.fits_operator or c.refused is None)), None)
        if other is None or other.fits_operator or other.score < threshold:
            return None
        own = answering[0].score if answering else 0.0
        if own >= threshold or not _identifies(question, other.fact, as_typed=not question.belongs):
            return None  # (who made it: the thing by its own name, "tổng đài ảo" is no Cyber Bot of VNPT's)
        return _no(other, "gives what the question identifies to another operator")

    def _done_elsewhere(self, question: Question, candidates: list[Candidate]) -> Decision | None:
        """ "Viettel vì cộng đồng có tới Sơn La không?": the fact that fits best places (or dates) it elsewhere:
        no, and where or when (in a check; asked outright, the place is only not stated)."""
        top = next((c for c in candidates if c.fits_operator), None)
        # "VNPT lắp 4.000 camera ở miền Bắc à?": 4,000 in the north is another operator's; VNPT's own fact on it,
        # placed elsewhere, is checked however loosely its words fit
        stated_by = self._stating_the_number(question, candidates)
        # "Camera của VNPT lắp ở phía Bắc đúng không?": the north is where another operator's cameras are
        elsewhere = stated_by or self._placing_it_there(question, candidates)
        # "Camera của VNPT lắp từ Huế trở vào, đúng không?": the operator's fact on the thing counted, however
        # loosely the other words fit
        counted = {w for w in question.words if w.startswith("u_")}
        on_it = top is not None and bool(counted & {f"u_{f.unit}" for f in top.fact.figures})
        floor = self.tuning.unsure_floor if elsewhere or on_it else self.tuning.answer_threshold
        if top is None or top.score < floor:
            return None
        if not (question.places or question.dates or question.years) or not (top.refused or "").startswith("is about"):
            return None
        if stated_by:
            return replace(_no(top, top.refused or ""), stated_by=stated_by)
        if question.dates or question.years:  # "MobiFone góp quỹ ngày 3/7 đúng không?": its date is 3/6; "từ 2018?"
            return _no(top, top.refused or "")
        # Only where the fact lists the provinces it happened in: "phía Bắc" or "from Đà Nẵng southwards"
        # neither includes nor excludes Bắc Giang; or where the fact and the question name other regions
        enumerated = len([place for place in top.fact.places if place in self.provinces]) >= ENUMERATED_PLACES
        if enumerated or self._other_region(question, top.fact):
            return _no(top, top.refused or "")
        if question.place_range:  # "từ Huế trở vào, đúng không?": the fact's own range, which the reader compares
            reason = f"a range of places the fact's ({top.refused}) neither includes nor excludes: its own, unconfirmed"
            return Decision("answer", facts=(top.fact,), confidence=min(top.score, 1.0), reasons=(reason,))
        return None

    def _only_anothers(self, question: Question, candidates: list[Candidate]) -> Decision | None:
        """ "Có phải VNPT là nhà mạng đóng 450 tỷ vào Quỹ vắc xin?": the figure checked is another operator's,
        and the articles give the operator named no figure in its unit: no, and whose it is ("Viettel lắp 10.000
        camera?" is checked against Viettel's own cameras)."""
        stated_by = self._stating_the_number(question, candidates)
        if not stated_by or not question.operators:
            return None
        other = next(c for c in candidates if c.fact is stated_by[0])
        units = {f.unit for f in other.fact.figures if any(_close(f.value, n) for n in question.numbers)}
        own = any(c.fits_operator and units & {f.unit for f in c.fact.figures} for c in candidates)
        if own or other.score < self.tuning.answer_threshold:
            return None
        return replace(_no(other, "states the figure checked, of another operator"), stated_by=stated_by)

    def _placing_it_there(self, question: Question, candidates: list[Candidate]) -> tuple[Fact, ...]:
        """The best fitting fact, another operator's, naming the place a check names."""
        top = candidates[0] if candidates else None
        if top is None or top.fits_operator or top.collective or top.score < self.tuning.answer_threshold:
            return ()
        places = {fold(place) for place in top.fact.places}
        return (top.fact,) if any(fold(place) in places for place in question.places) else ()

    @staticmethod
    def _stating_the_number(question: Question, candidates: list[Candidate]) -> tuple[Fact, ...]:
        """Another operator's fact stating the figure a check states ("VNPT lắp 4.000 camera?": Viettel's)."""
        return tuple(
            c.fact
            for c in candidates
            if not c.fits_operator
            and not c.collective
            and any(_close(f.value, n) for f in c.fact.figures for n in question.numbers)
        )[:1]

    def _other_region(self, question: Question, fact: Fact) -> bool:
        """ "Viettel lắp camera ở phía Nam?" of cameras "ở phía Bắc": another region. Regions are named by a
        direction last ("phía Bắc", "Tây Bắc"): one in the other ("Tây Bắc" in the north) shares it."""
        asked = [fold(place) for place in question.places if place in self.regions]
        said = [fold(place) for place in fact.places if place in self.regions]
        return bool(asked and said) and not any(same_direction(one, other) for one in asked for other in said)

    def _checked(self, question: Question, decision: Decision, candidates: list[Candidate]) -> Decision:
        """A figure the question states against the figures of the facts it gets."""
        figures = [figure for fact in decision.facts for figure in fact.figures]
        if not figures and (any(number >= CHECKED_AMOUNT for number in question.numbers) or _a_length_said(question)):
            # "Sổ tiết kiệm mỗi cuốn 10 triệu đúng không?": the fact on the gift states no amount to check it by;
            # "VNPT Meeting miễn phí 6 tháng đúng không?": nor a length of time
            return Decision(
                "not_stated",
                operators=question.operators,
                confidence=decision.confidence,
                suggest=tuple(f.id for f in decision.facts[:1]),
                reasons=(f"{decision.facts[0].id} states no figure to check the one stated",),
            )
        if not figures:
            return decision
        if question.years and not any(set(question.years) & fact.years for fact in decision.facts):
            return decision  # "... năm 2020 phải không?": the figure may be right; no article dates it to that year
        stated = set(question.numbers)
        if any(_close(figure.value, number) for figure in figures for number in stated):
            return replace(decision, verdict="yes")
        if question.at_least and any(_just_above(f.value, n) for f in figures for n in stated):
            return replace(decision, verdict="yes")  # "more than 2,000 cameras?": 2,400, so it is
        measures = {figure.measure for figure in figures}
        others = tuple(
            c.fact
            for c in candidates
            if c.fact not in decision.facts
            and any(f.measure in measures and any(_close(f.value, n) for n in stated) for f in c.fact.figures)
        )
        return replace(decision, verdict="no", stated_by=others[:1])

    # ---- declining -------------------------------------------------------------------------------

    def _decline(self, question: Question, candidates: list[Candidate], answering: list[Candidate]) -> Decision:
        fitting = [c for c in candidates if c.fits_operator]
        elsewhere = [c for c in candidates if not c.fits_operator and not c.collective]
        if (
            question.operators
            and elsewhere
            and elsewhere[0].score >= self.tuning.answer_threshold
            and (not fitting or fitting[0].score < self.tuning.answer_threshold)
        ):
            return Decision(
                "wrong_operator",
                operators=question.operators,
                reasons=(f"{elsewhere[0].fact.id} ({elsewhere[0].score:.2f}) fits, but is about another operator",),
            )
        if fitting and fitting[0].score >= self.tuning.unsure_floor:
            best = fitting[0]
            return Decision(
                "not_stated",
                operators=question.operators,
                confidence=best.score,
                # Not the group's chairman as a suggestion for "who heads Viettel Nam Định?", nor anyone for "the
                # expert's name?": a reader would take the person suggested for the answer.
                suggest=tuple(
                    c.fact.id for c in fitting if not _another_units_person(c) and not _someone_else(question, c)
                )[:3],
                reasons=(f"{best.fact.id} ({best.score:.2f}) {best.refused or _GROUPS_FIGURE}",),
            )
        return Decision(
            "unknown",
            confidence=candidates[0].score if candidates else 0.0,
            suggest=tuple(c.fact.id for c in answering[:3]),
            reasons=("nothing near",),
        )

    def _stated_whole(self, computation: Computation, answering: list[Candidate]) -> Fact | None:
        """A fact that states the whole a sum adds up ("the operators gave hundreds of billions"): said first."""
        if computation.operation != "total" or not answering:
            return None
        best = answering[0]
        if best.fact in computation.facts or best.score < self.tuning.answer_threshold:
            return None
        # a whole of them all: not MobiFone's own total before MobiFone's and Viettel's gifts added up
        summed = {self.family_of.get(op, op) for fact in computation.facts for op in fact.operators}
        if not (best.collective or summed <= {self.family_of.get(op, op) for op in best.fact.operators}):
            return None
        return best.fact

    @staticmethod
    def _computed(computation: Computation, lead: Fact | None) -> Decision:
        if computation.result is None:
            return Decision("cannot_compute", computation=computation, reasons=(computation.why,))
        facts = (lead, *computation.facts) if lead else computation.facts
        return Decision(
            "computed", facts=facts, computation=computation, confidence=1.0, lead=lead, reasons=(computation.why,)
        )


def _no(candidate: Candidate, why: str) -> Decision:
    """ "Không." and the fact that says otherwise."""
    fact = candidate.fact
    reason = f"{fact.id} ({candidate.score:.2f}) {why}"
    return Decision("answer", facts=(fact,), confidence=min(candidate.score, 1.0), verdict="no", reasons=(reason,))


def _one_per_person(ranked: list[Candidate]) -> list[Candidate]:
    seen: set[str] = set()
    chosen = []
    for candidate in ranked:
        people = set(candidate.fact.people)
        if people and not people <= seen:
            seen |= people
            chosen.append(candidate)
    return chosen


_WHAT_IT_IS = frozenset({"q_what", "q_list", "q_how"})
ENUMERATED_PLACES = 2  # a fact naming this many provinces lists where it happened
CHECKED_AMOUNT = 100  # a number this large stated in a yes/no question is an amount the fact must give to check
MONEY = "VND"  # the unit of money figures (measures.yaml)


def _asks_what_it_is(question: Question) -> bool:
    """ "là gì?", "what were they?", "kể ra", "tell me about": no figure, place, time or person asked."""
    narrow = question.unit or question.numbers or question.yesno or question.compare
    said = question.overview or question.followup_cue or bool(question.asks)  # "người bệnh nặng thì sao?"
    return not narrow and said and set(question.asks) <= _WHAT_IT_IS


def _names_itself_or_group(named: set[str], candidate: Candidate) -> bool:
    """A fact that names the operator asked about: VNPT's cameras belong in "what did VNPT do",
    not in "what did VNPT Nam Định do"."""
    return bool(named & set(candidate.fact.operators))


def _a_length_said(question: Question) -> bool:
    """A number of days, weeks, months or years the question states ("miễn phí 6 tháng", "for 3 months")."""
    return any(a.isdigit() and b in _LENGTHS for a, b in pairwise(question.folded))


_LENGTHS = frozenset({"ngay", "tuan", "thang", "nam", "days", "weeks", "months", "years"})


def same_subject(one: Fact, other: Fact) -> bool:
    """Figures of one measure (both operators' cameras installed), or, without figures, one topic."""
    if one.figures or other.figures:
        return bool({f.measure for f in one.figures} & {f.measure for f in other.figures})
    return one.topic == other.topic


def _checking_first(
    question: Question,
    candidates: list[Candidate],
    answering: list[Candidate],
    target: Candidate | None,
    margin: float,
) -> list[Candidate]:
    """ "Viettel góp 200 tỷ đúng không?": 200 tỷ is a contribution to the fund (MobiFone's), so Viettel's own
    contribution to the fund is the fact to check it against, whatever else its words fit; but not a fact
    whose words fit far worse ("Viettel góp 19 tỷ vào quỹ vắc xin?": 19 billion built the centres). A check
    of what is done, whose figure is a target ("đã kết nối xong 10.000 camera?"), is made against what is done
    on that subject only (the 2,400 installed), or against nothing."""
    # "Did Viettel hand over 200 centres?": a figure counting centres, not MobiFone's 200 billion
    units = {word[2:] for word in question.words if word.startswith("u_")}
    measures = {
        f.measure
        for c in candidates
        for f in c.fact.figures
        if (not units or f.unit in units)
        and any(_close(f.value, n) or (question.at_least and _just_above(f.value, n)) for n in question.numbers)
    }
    if target is not None:  # "already connected 10,000?": what is done on that subject, in that unit, is checked
        units_of = {f.unit for f in target.fact.figures}
        done = [
            c for c in answering if c.fact.topic == target.fact.topic and units_of & {f.unit for f in c.fact.figures}
        ]
        return done
    if measures:
        # (when what fits best states no figure at all, by score: the fact stating the very figure checked is
        # lifted for it, "Is it true Viettel gave 178 centres ...?" against the hope the centres were given in)
        fittest = max(answering, key=lambda c: c.lexical, default=None)
        by_score = fittest is not None and not fittest.fact.figures
        best = max((c.score if by_score else c.lexical for c in answering), default=0.0)
        same = [
            c
            for c in answering
            if any(f.measure in measures for f in c.fact.figures)
            and (c.score if by_score else c.lexical) >= best - margin
        ]
    else:  # no fact states the number: the one whose figure counts what the question counts is checked
        same = [c for c in answering if any(f.unit in units for f in c.fact.figures)]
    return same + [c for c in answering if c not in same]


def _refused_as_a_target(candidates: list[Candidate], fit_share: float) -> Candidate | None:
    """The fact a check of what is done fits, refused because its figure is a target: among the facts that fit the
    question best (not one trailing far behind, "Remote facilities finished 10 days early?" is no check of cameras)."""
    best = max((c.score for c in candidates), default=0.0)
    return next(
        (c for c in candidates if c.fits_operator and c.refused == TARGET_NOT_DONE and c.score >= best * fit_share),
        None,
    )


def _close(value: float, number: float) -> bool:
    return abs(value - number) <= 0.001 * max(abs(value), 1)


AT_LEAST_REACH = 2.0  # "more than N" holds of a figure above N up to this many times N (beyond, it is another)


def _just_above(value: float, bound: float) -> bool:
    return bound < value <= AT_LEAST_REACH * bound


_GROUPS_FIGURE = "is a figure of the group, not of its unit asked about"
# Refusals for data a fact lacks (not for its subject): what an operator switch may answer without.
_LACKS_DATA = ("gives no date", "gives no year", "names no place", NAMES_NO_PERSON, "gives no name")


def _someone_else(question: Question, candidate: Candidate) -> bool:
    """A fact naming people the question does not, when someone is asked: no suggestion for "who?"."""
    people = set(candidate.fact.people)
    return bool(question.asked & ASKS_SOMEONE and people and not people & set(question.people))


def _another_units_person(candidate: Candidate) -> bool:
    return (candidate.refused or "").startswith(PERSON_OF_ANOTHER_UNIT)


def _a_whole_stated_alone(question: Question, decision: Decision) -> bool:
    """One fact answers an amount asked (no total, comparison or check), and its figure may include a stated part."""
    asks_an_amount = bool(question.asked & ASKS_A_FIGURE) and not (question.compare or question.yesno)
    if not (asks_an_amount and decision.kind == "answer" and len(decision.facts) == 1 and decision.verdict is None):
        return False
    # (money given: a count's parts, "27 in city hospitals and 150 ...", are what a sum after it adds up)
    return any(figure.unit == MONEY for figure in decision.facts[0].figures)


def _identifies(question: Question, fact: Fact, as_typed: bool = False) -> bool:
    """The question names a person or a thing (a service, a programme) the fact names (`as_typed`: by its name as
    typed, not by words read as it)."""
    if set(question.people) & set(fact.people):
        return True
    # as typed, or as read once a slip is put right ("Cbyer Bot")
    said = (
        f" {' '.join(question.folded)} " if as_typed else f" {' '.join(question.folded)} | {' '.join(question.words)} "
    )
    return any(f" {fold(name)} " in said for name in fact.names)
