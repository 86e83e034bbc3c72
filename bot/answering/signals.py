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

from bot.answering.analysis import (
    ASKED_AUTHOR,
    ASKED_FUTURE,
    ASKED_HOSPITAL,
    ASKED_LOCALITY,
    ASKED_NAMED_PLACE,
    ASKED_OPERATOR,
    ASKED_OPERATORS,
    ASKED_PEOPLE,
    ASKED_REST,
    ASKS_A_FIGURE,
    DURATION_UNIT,
    MONEY_UNIT,
    PERCENT_UNIT,
    PERSON_UNIT,
    PROVINCE_UNIT,
    WHOLE_WORD,
    Question,
)
from bot.answering.index import HAS_PREFIX, Scored
from bot.answering.language import THING_PREFIX, PhraseTable, words_as_typed
from bot.answering.tuning import Tuning
from bot.knowledge import Fact, Figure, Knowledge
from bot.text import fold

# What a fact must hold to answer a question asking for...
_NEEDS_DATES = frozenset({"q_time"})
_NEEDS_YEAR = frozenset({"q_year"})
_NEEDS_PLACE = frozenset({"q_place", "q_place_named"})
_ASKS_WHERE = _NEEDS_PLACE | {ASKED_NAMED_PLACE}
_NAMED_PLACE = ASKED_NAMED_PLACE  # whatever the examples ask: a fact naming no place names no province
_NEEDS_SPEAKER = frozenset({"q_speaker"})
_NEEDS_PERSON = frozenset({"q_title", "q_representative"}) | _NEEDS_SPEAKER
_NEEDS_MONEY = frozenset({"q_money"})
PERSON_OF_ANOTHER_UNIT = "names no one of"  # a refusal: the person named belongs to another unit
NAMES_NO_PERSON = "names no person"  # a refusal: someone is asked, the fact names no one
TARGET_NOT_DONE = "states a target, not what is done"  # a refusal: a check of what is done, of a target's fact
ASKS_A_SPEAKER = frozenset({"q_speaker", "q_representative"})  # "ai phát biểu?", "ai đại diện?"
_NEEDS_NAME = frozenset({"q_name"})  # "tên gì": a name the fact gives (a thing's or a person's)
ASKS_SOMEONE = _NEEDS_PERSON | _NEEDS_NAME | {"q_person"}
# Cues a fact need not hold as data; asked of a fact whose examples never ask them, they cost some score.
_SOFT_CUES = frozenset(
    {"q_reason", "q_purpose", "q_how", "q_quote", "q_person", ASKED_OPERATOR, ASKED_OPERATORS, ASKED_PEOPLE}
)
_BETWEEN = frozenset({"c_days_between", "c_months_between", "c_years_between"})
PLAN_WORD = "plan"  # the lexicon's rewrite of "mục tiêu", "kế hoạch", "target"
PERSON_WORD = "u_person"  # "người": "ai là người ...?" asks a person, not the operator that acted
_ASKS_A_DOER = frozenset({"q_person", ASKED_OPERATOR, ASKED_OPERATORS, ASKED_PEOPLE})


@dataclass(frozen=True)
class Preferences:
    """What the conversation so far prefers: the previous answer, its topic and operators."""

    facts: tuple[str, ...] = ()
    topic: str | None = None
    operators: tuple[str, ...] = ()
    # "cộng lại?", "chiếm mấy %?" after two answers: their facts (the latest first), to compute over
    answers_to_compare: tuple[str, ...] = ()
    measures_given: tuple[str | None, ...] = ()  # ... and the measures of the figures they gave, where named
    asks_inherited: bool = False  # "còn Viettel?" asks what the previous question asked, not anew
    # "So với số đã lắp thì còn thiếu bao nhiêu?": the answer just given against the figure the question names
    compare_with_answer: bool = False
    restate: bool = False  # "nguồn?": the answer just given again, with its sources
    in_its_articles: bool = False  # "bài đó đăng ngày nào?": the facts of the answer's articles only


@dataclass(eq=False, slots=True)  # compared by identity: one object per fact and question; never changed
class Candidate:
    fact: Fact
    lexical: float
    score: float  # the lexical score moved by the soft signals (may pass 1: it ranks, it is not a probability)
    fits_operator: bool
    refused: str | None = None  # why the fact cannot answer this question; None: it can
    collective: bool = False  # about the operators together: never another operator's subject
    holds: bool = False  # its data holds what was asked (a figure in the unit asked, a date, a place)
    notes: tuple[str, ...] = field(default=())  # the soft signals that moved the score, for --explain

    @property
    def answers(self) -> bool:
        return self.fits_operator and self.refused is None


@dataclass(frozen=True)
class FactProfile:
    """What the signals ask of a fact, worked out once when the knowledge is loaded."""

    units: frozenset[str]  # u_camera, ... of its figures
    held_units: frozenset[str]  # of its figures that say what an operator has (stock measures)
    years: frozenset[int]  # its dates' years, or its article's
    not_before: int  # its article's events are not earlier than this year (0: unknown)
    families: frozenset[str]
    operators: frozenset[str]
    collective: bool  # about the operators together
    doer: bool  # names an operator or a person: "who did it?" has an answer
    people: frozenset[str]
    places: frozenset[str]  # folded
    whole: bool  # a figure of a measure that includes others (MobiFone's nearly 2,000 billion in all)
    planned: bool  # a figure of a target or a capacity being built (measures.yaml `planned`)
    things: frozenset[str]  # what it names, as terms ("#viettel_vi_cong_dong")
    months: frozenset[int]  # the months of its dates, or of its article's dated events (empty: none given)
    sides: frozenset[str]  # the sides of the lexicon's opposites its answer names ("bệnh viện công": public)


_COUNTING = frozenset({"nhieu", "may", "bn", "many"})  # the word before a thing counted: "bao nhiêu", "how many"


class Signals:
    def __init__(
        self,
        knowledge: Knowledge,
        tuning: Tuning,
        positions_of: dict[str, frozenset[str]] | None = None,
        located_words: dict[str, tuple[tuple[str, ...], ...]] | None = None,
    ):
        self.knowledge = knowledge
        self.tuning = tuning
        # person -> the positions their title holds (folded); a position some title holds is checked
        self.positions_of = positions_of or {}
        # The words of each thing a fact gives as where something is (its `located_at`), as questions read them,
        # with the thing as the fact names it: where that is, no fact says
        self.locations = {
            words: located
            for fact_id, by_fact in (located_words or {}).items()
            for words, located in zip(by_fact, knowledge.facts[fact_id].located_at, strict=True)
        }
        self.titled_positions = frozenset().union(*self.positions_of.values())
        self.family = {op: knowledge.family(op) for op in knowledge.operators}
        self.collective = {op.id for op in knowledge.operators.values() if op.collective}
        # The year of an article's events: the year it is dated, or the year it says its events are in.
        self.source_year = {
            file: source.year or int(source.date[:4]) for file, source in knowledge.sources.items() if source.date
        }
        self.source_year.update({file: source.year for file, source in knowledge.sources.items() if source.year})
        self.not_before = {file: source.not_before for file, source in knowledge.sources.items() if source.not_before}
        self.stock = {measure.id for measure in knowledge.measures.values() if measure.stock}
        # the units that count people ("bác sĩ", "khách hàng"): "các bác sĩ tên là gì?" asks people's names
        units = knowledge.lexicon.get("units") or {}
        self.people_units = frozenset(f"u_{unit}" for unit, entry in units.items() if entry.get("people"))
        self.regions = frozenset(fold(name) for name in (knowledge.lexicon.get("regions") or {}))
        # cues answered only by a fact whose examples ask them ("kết thúc khi nào?", "đi tiếp tỉnh nào?")
        self.narrow_asks = frozenset(knowledge.lexicon.get("narrow_asks") or ())
        units = knowledge.lexicon.get("units") or {}
        # properties that, named anywhere, are what is asked (an exchange rate, a speed): lexicon `asked_when_named`
        self.asked_when_named = frozenset(f"u_{unit}" for unit, entry in units.items() if entry.get("asked_when_named"))
        # things counted that money may be spent on (cameras, centres), not operators
        self.things_counted = frozenset(
            f"u_{unit}" for unit, entry in units.items() if entry.get("kind") == "count" and not entry.get("operators")
        )
        # The months of each article's dated events (its facts' dates, its own date): a fact dated by no month
        # is of these ("Cyber Bot gọi trong tháng 8?" of an article whose events are in June)
        self.article_months: dict[str, frozenset[int]] = {
            file: frozenset({int(source.date[5:7])} if source.date else ())
            for file, source in knowledge.sources.items()
        }
        for fact in knowledge.facts.values():
            source = fact.evidence[0].source
            months = frozenset(d.month for d in fact.dates if d.month)
            self.article_months[source] = self.article_months.get(source, frozenset()) | months
        # "bệnh viện công" / "bệnh viện tư": the sides of each opposite, and the phrases that name each side
        self.sides = PhraseTable(
            {
                " ".join(words_as_typed(str(phrase))): f"{index}:{side}"
                for index, pair in enumerate(knowledge.lexicon.get("opposites") or ())
                for side, phrases in enumerate(pair)
                for phrase in phrases
            }
        )
        self.profile = {fact.id: self._profile(fact) for fact in knowledge.facts.values()}
        self.sides_named = frozenset().union(*(profile.sides for profile in self.profile.values()))
        self._last_sides: tuple[str | None, frozenset[str]] = (None, frozenset())
        # The places each article names (in any of its facts): a fact naming none is still of its article's
        self.article_places: dict[str, frozenset[str]] = {}
        for fact in knowledge.facts.values():
            source = fact.evidence[0].source
            self.article_places[source] = self.article_places.get(source, frozenset()) | self.profile[fact.id].places

    def _profile(self, fact: Fact) -> FactProfile:
        sources = [e.source for e in fact.evidence]
        return FactProfile(
            units=frozenset(f"u_{f.unit}" for f in fact.figures),
            held_units=frozenset(f"u_{f.unit}" for f in fact.figures if f.measure in self.stock),
            years=fact.years or frozenset(self.source_year[s] for s in sources if s in self.source_year),
            not_before=max((self.not_before.get(s, 0) for s in sources), default=0),
            families=self.families(fact.operators),
            operators=frozenset(fact.operators),
            collective=all(op in self.collective for op in fact.operators),
            doer=bool(fact.people) or any(op not in self.collective for op in fact.operators),
            people=frozenset(fact.people),
            places=frozenset(fold(place) for place in fact.places),
            whole=any(self.knowledge.measures[f.measure].includes for f in fact.figures),
            planned=any(self.knowledge.measures[f.measure].planned for f in fact.figures),
            things=frozenset(THING_PREFIX + "_".join(fold(name).split()) for name in fact.names),
            months=frozenset(d.month for d in fact.dates if d.month)
            or frozenset().union(*(self.article_months.get(s, frozenset()) for s in sources)),
            sides=self._sides(" ".join(fact.answer.values())),
        )

    def families(self, operators: tuple[str, ...]) -> frozenset[str]:
        return frozenset(self.family[op] for op in operators if op not in self.collective and op in self.family)

    def fits_operator(self, named: frozenset[str], fact: Fact) -> bool:
        """No operator named: any fact; otherwise a fact about one of their families (never a collective one)."""
        return not named or not named.isdisjoint(self.families_of(fact))

    def families_of(self, fact: Fact) -> frozenset[str]:
        profile = self.profile.get(fact.id)
        return profile.families if profile is not None else self.families(fact.operators)

    def candidate(
        self,
        question: Question,
        scored: Scored,
        fact: Fact,
        asked_in_examples: frozenset[str],
        preferences: Preferences,
        units_mentioned: frozenset[str] = frozenset(),
        named: frozenset[str] | None = None,
    ) -> Candidate:
        named = self.families(question.operators) if named is None else named
        profile = self.profile[fact.id]
        score, notes = self._soft(question, scored, fact, preferences)
        # a narrow cue ("tiền đó ai góp?") its examples ask is as good as data holding what was asked
        holds = self._holds_what_was_asked(question, fact) or bool(
            question.asked & self.narrow_asks & asked_in_examples
        )
        if holds:
            score += self.tuning.holds_bonus
            notes.append("its data holds what was asked")
        if self._states_what_the_question_states(question, fact):
            score += self.tuning.stated_value_bonus
            notes.append("states the figure or date the question states")
        factor = self.soft_cue_factor(question, asked_in_examples, fact)
        if factor != 1.0:
            score *= factor
            notes.append("its examples never ask this")
        if question.unknown_names:
            score *= self.tuning.unknown_name_factor
            notes.append(f"names {', '.join(question.unknown_names)}, which no article uses")
        return Candidate(
            fact=fact,
            lexical=scored.score,
            score=score,
            fits_operator=not named or not named.isdisjoint(profile.families),
            collective=profile.collective,
            holds=holds,
            refused=self.refusal(question, fact, asked_in_examples, units_mentioned),
            notes=tuple(notes),
        )

    def _sides(self, text: str) -> frozenset[str]:
        """Read as typed, marks and all: folded, "tư nhân" (private) is "tự nhận" (calls itself)."""
        return frozenset(side for _, _, side in self.sides.matches(words_as_typed(text)))

    def _question_sides(self, question: Question) -> frozenset[str]:
        text, sides = self._last_sides  # read once per question, not once per candidate fact
        if text != question.text:
            sides = self._sides(question.text)
            self._last_sides = (question.text, sides)  # one tuple: another thread never sees half of it
        return sides

    # ---- hard signals ---------------------------------------------------------------------

    def refusal(
        self,
        question: Question,
        fact: Fact,
        asked_in_examples: frozenset[str] = frozenset(),
        units_mentioned: frozenset[str] = frozenset(),
    ) -> str | None:
        """Why the fact cannot answer the question, or None.

        A fact holds what was asked when its data shows it (a figure in that unit, a date, a
        place) or when its curated example questions ask it ("từ khi nào?" of "from the first days")."""
        if (
            question.attribute
            and question.unit in units_mentioned
            and not question.asked & ASKS_A_FIGURE
            # "What was Viettel's profit in 2013?": the attribute of a year, nothing else said of it, is its value
            and not (question.years and set(question.words) == {question.unit})
        ):
            # "Viettel trích lợi nhuận để làm gì?": the profit is the subject, not what is asked.
            return self._missing_data(question, fact, asked_in_examples) or self._year_conflict(question, fact)
        return (
            self._attribute_never_mentioned(question, units_mentioned, asked_in_examples)
            or self._missing_figure(question, fact, asked_in_examples)
            or self._missing_data(question, fact, asked_in_examples)
            or self._year_conflict(question, fact)
            or self._month_conflict(question, fact)
            or self._date_conflict(question, fact)
            or self._place_conflict(question, fact)
            or self._figure_of_a_wider_area(question, fact)
            or self._person_of_another_unit(question, fact)
            or self._money_for_another_thing(question, fact, units_mentioned)
            or self._the_other_side(question, fact)
        )

    def side_never_named(self, question: Question) -> bool:
        """ "Bao nhiêu phần trăm bệnh viện tư nhân ...?": a side of an opposite no fact names (nothing answers it,
        nor is anything computed for it)."""
        asked = self._question_sides(question)
        pairs = {side.split(":")[0] for side in asked}
        # ("... bệnh viện công hay bệnh viện tư?" names a side some fact names: it is answered)
        if any(not {side for side in asked if side.startswith(f"{pair}:")} & self.sides_named for pair in pairs):
            return True
        # "10% bệnh viện công ..., và cả nước có bao nhiêu bệnh viện tư nhân?": the side counted is the one asked
        return bool(asked) and any(side not in self.sides_named for side in self._sides_counted(question.text))

    def _sides_counted(self, text: str) -> list[str]:
        """The sides of an opposite right after "bao nhiêu", "mấy", "how many"."""
        words = words_as_typed(text)
        return [side for start, _, side in self.sides.matches(words) if start and fold(words[start - 1]) in _COUNTING]

    def _the_other_side(self, question: Question, fact: Fact) -> str | None:
        """ "Bao nhiêu phần trăm bệnh viện tư có trung tâm?": the fact's 10% is of public hospitals, the other side
        of an opposite the lexicon lists (`opposites`), and it names not the side asked."""
        sides = self.profile[fact.id].sides
        if not sides:  # most facts name no side of any opposite
            return None
        asked = self._question_sides(question)
        for side in asked - sides:
            pair, _ = side.split(":")
            # (not when the question names the fact's side too: "bệnh viện công hay tư?")
            if any(other.split(":")[0] == pair and other not in asked for other in sides):
                return "is about the other of two opposites the question names"
        return None

    def _missing_figure(self, question: Question, fact: Fact, asked: frozenset[str]) -> str | None:
        units = self.profile[fact.id].units
        wholes = question.wholes_named if "q_amount" in question.asks and not question.compare else set()
        if wholes and fact.figures and all(any(_near(w, f.value) for w in wholes) for f in fact.figures):
            return "gives only the whole the question names, not the part asked"  # "of the 200,000 called, how many"
        if wholes and not self._parts_of_the_whole_named(fact, wholes):
            # "Trong 150 trung tâm tuyến tỉnh, huyện, bao nhiêu ở tuyến tỉnh?": no figure of the fact is part of the 150
            return "gives no part of the whole the question names"
        if question.asks_a_part and self.profile[fact.id].whole and _states_only_its_figures(question, fact):
            return "states a whole, not the part asked"  # "(trong gần 2.000 tỷ,) riêng an sinh xã hội bao nhiêu?"
        # "Viettel có bao nhiêu khách hàng?" asks what Viettel has, not what some action reached.
        if (
            question.possession
            and question.unit is not None
            and question.unit not in self.profile[fact.id].held_units
            and HAS_PREFIX + question.unit not in asked
        ):
            return f"states no {question.unit[2:]} figure the operator has"
        if question.asks_a_part and question.asked & ASKS_A_FIGURE and fact.figures:
            # "riêng MobiFone Nam Định gửi tới bao nhiêu thuê bao?": a figure several operators reached together
            named, together = self.families(question.operators), self.families_of(fact)
            if named and named < together:
                return "gives what several operators did together, not one's part"
        if question.possession and question.unit is not None:
            # "Viettel Nam Định có bao nhiêu thuê bao?": the group's 50 million are not the branch's (but the group
            # named as well is asked too: "according to Viettel Telecom's director, how many customers has Viettel?")
            operators = self.knowledge.operators
            asked_of = question.operators
            units_named = [op for op in asked_of if operators[op].parent and operators[op].parent not in asked_of]
            if units_named and not set(units_named) & set(fact.operators):
                return f"counts what its group has, not {', '.join(units_named)}"
        if (
            question.unit is not None
            and question.unit not in units
            and question.unit not in asked
            and not self._people_named_and_counted(question, units)
        ):
            return f"gives no figure in {question.unit[2:]}"
        if question.gift_amount and MONEY_UNIT not in units and units:
            return "gives no amount of money"  # "VNPT góp bao nhiêu?": not the 10,000 cameras it is building for
        if question.yesno and question.done and fact.figures and all(self._planned(f) for f in fact.figures):
            return TARGET_NOT_DONE  # "VNPT đã kết nối xong 10.000 camera rồi à?"
        if question.asks_duration and not any(self.knowledge.measures[f.measure].duration for f in fact.figures):
            return "gives no duration"  # "mất bao lâu?" of "15 days ahead of the deadline"
        if "q_amount" in question.asks and question.unit is None and not fact.figures and "q_amount" not in asked:
            return "gives no figure"
        if question.asked & _NEEDS_MONEY and "u_VND" not in units and not (asked & {"q_money", "u_VND"}):
            return "gives no amount of money"
        return None

    def _location_asked(self, question: Question) -> str | None:
        """The thing a fact gives as where something is, when the question asks where it is itself."""
        words = question.words
        return next(
            (
                located
                for located_words, located in self.locations.items()
                for start in range(len(words) - len(located_words) + 1)
                if words[start : start + len(located_words)] == located_words
            ),
            None,
        )

    def _attribute_never_mentioned(
        self, question: Question, units_mentioned: frozenset[str], asked: frozenset[str]
    ) -> str | None:
        """ "MobiFone's 200 billion in US dollars?": a property named beside the amount asked (an exchange rate),
        which the fact never mentions: not what it says."""
        if self.asked_when_named.isdisjoint(question.words):  # (most questions: one pass in C)
            return None
        named = [w for w in question.words if w in self.asked_when_named and w != question.unit]
        missing = [w for w in named if w not in units_mentioned and w not in asked]
        return f"says nothing of {missing[0][2:]}" if missing else None

    def _people_named_and_counted(self, question: Question, units: frozenset[str]) -> bool:
        """ "30% của 50 triệu khách hàng là bao nhiêu triệu người?": the people asked are the share of the customers
        named, which the fact counts (not "Viettel có bao nhiêu người?", which names no one: not its customers)."""
        if question.unit != PERSON_UNIT or PERCENT_UNIT not in question.words:
            return False  # (a share of them stated: "30% của ...", not "trong đó bao nhiêu người được khám")
        return any(w in self.people_units and w in units for w in question.words)

    def _of_people(self, question: Question) -> bool:
        """The question opens with the people it asks about ("các bác sĩ ... tên là gì?"; not "tên chương trình
        khám cho bệnh nhân", "which app did Cyber Bot ask subscribers to install?")."""
        return bool(question.words) and question.words[0] in self.people_units

    def _planned(self, figure: Figure) -> bool:
        return self.knowledge.measures[figure.measure].planned

    def _missing_data(self, question: Question, fact: Fact, asked: frozenset[str]) -> str | None:
        wanted = question.asked - asked  # what the question asks that the fact's examples never do
        if _NEEDS_NAME & question.asked and not fact.people and self._of_people(question):
            return "names none of the people asked about"  # "Các bác sĩ chuyên khoa đi khám tên là gì?"
        if _NAMED_PLACE in question.asked and not fact.places:
            return "names no place"
        location = self._location_asked(question) if question.asked & _ASKS_WHERE else None
        if location is not None:
            # "Trung tâm dữ liệu của VNPT đặt ở đâu?": the data centres are where the images are kept, nowhere said
            return f"says nothing of where {location} is"
        if _NAMED_PLACE in question.asked and question.by_name and all(fold(p) in self.regions for p in fact.places):
            return "names no province, only a region"  # "lắp camera ở những tỉnh cụ thể nào?": "phía Bắc"
        if _NAMED_PLACE in question.asked and question.places_counted > len(fact.places):
            return "names fewer places than the question counts"  # "Kể tên 32 tỉnh thành có camera VNPT"
        if (
            _NAMED_PLACE in question.asked
            and question.places
            and {fold(p) for p in fact.places} <= {fold(p) for p in question.places}
        ):
            return "names no place but the one asked about"  # "Hà Giang, huyện nào?", "những tỉnh phía Bắc nào?"
        if wanted & _NEEDS_DATES and not fact.dates:
            return "gives no date"
        if wanted & _NEEDS_YEAR and not fact.years:
            return "gives no year"
        if wanted & _NEEDS_PLACE and not fact.places:
            return "names no place"
        if wanted & _NEEDS_NAME and not (fact.names or fact.people):
            return "gives no name"
        if ASKED_REST in wanted:
            return "names none of the others"
        if ASKED_AUTHOR in wanted:
            return "names no author"
        if wanted & self.narrow_asks:
            return f"its examples never ask {', '.join(sorted(wanted & self.narrow_asks))}"  # the articles do not say
        # "thêm bao nhiêu", "lần thứ hai khi nào": an amount or a date of what the articles do not report
        asks_a_value = question.asked & (ASKS_A_FIGURE | _NEEDS_DATES) or "c_difference" in question.compare
        if question.future and asks_a_value and ASKED_FUTURE not in asked:
            return "says no amount to come"  # "sẽ góp thêm bao nhiêu?", "lần thứ hai khi nào?": none is reported
        if question.future and asks_a_value and not (fact.figures or fact.dates):
            return "says no amount to come"  # "năm tới dự kiến góp thêm bao nhiêu?": a plan that gives no figure
        if question.future and question.yesno and ASKED_FUTURE not in asked:
            return "says nothing of what is to come"  # "Năm 2022 Viettel có góp tiếp không?"
        if ASKED_HOSPITAL in wanted:
            return "names no hospital"
        if ASKED_LOCALITY in wanted:
            return "names no district or commune"
        # "đại diện MobiFone" (a speaker) says who spoke; it is no one's title.
        spoken_by = wanted & _NEEDS_PERSON == _NEEDS_SPEAKER and bool(fact.speaker)
        if wanted & _NEEDS_PERSON and not fact.people and not spoken_by:
            return NAMES_NO_PERSON
        if "q_person" in question.asked and question.speaker_described and fact.speaker and not fact.people:
            return NAMES_NO_PERSON  # "đại diện MobiFone phát biểu là ai?": the article does not name them
        # (or by "nào" alone, no cue: "Bộ trưởng Bộ Y tế nào đã nhận?")
        if question.of_unnamed_body and (not question.asks or question.asked & (ASKS_SOMEONE | {ASKED_PEOPLE})):
            return "names no one of the body asked about"  # "Bộ trưởng Bộ Y tế nào đã nhận?": no one there is named
        if question.positions and question.asked & {"q_person", "q_name", ASKED_PEOPLE}:
            if not fact.people:
                return NAMES_NO_PERSON  # "Trưởng Ban Chỉ đạo tỉnh là ai?": a person by name, whatever the examples ask
            titled = set(question.positions) & self.titled_positions
            if titled and not any(titled & self.positions_of.get(p, frozenset()) for p in fact.people):
                return f"names no {', '.join(sorted(titled))}"  # "ai là tổng giám đốc?" of a deputy's fact
        if (
            question.people
            and not set(question.people) & set(fact.people)
            and (question.unit is not None or question.asked & (_NEEDS_DATES | _NEEDS_YEAR))
        ):
            return "is not about the person named"
        return None

    def _person_of_another_unit(self, question: Question, fact: Fact) -> str | None:
        """ "Who heads Viettel Nam Định?": the group's chairman is not the branch's head. A person asked of a
        unit (an operator with a parent) is someone the articles place in that unit."""
        if not fact.people or not question.asked & ASKS_SOMEONE:
            return None
        units = [op for op in question.operators if self.knowledge.operators[op].parent]
        if not units:
            return None
        people = self.knowledge.people
        if any(people[p].operator in units for p in fact.people if p in people):
            return None
        return f"{PERSON_OF_ANOTHER_UNIT} {', '.join(units)}"

    def _place_conflict(self, question: Question, fact: Fact) -> str | None:
        """A place named that the fact's places do not include: "ở Hà Nội" of cameras "từ Đà Nẵng trở vào"."""
        if not question.places:
            return None
        places = self.profile[fact.id].places
        if not places:
            # "Bài về Nam Định đăng ngày nào?": a fact naming no place is of its article's places; the date of
            # an article that never names Nam Định is not the Nam Định article's. (A comparison's sides may each
            # name their own.)
            article = self.article_places.get(fact.evidence[0].source, frozenset())
            if question.compare or self._includes(article, question.places):
                return None
            return f"is from an article that never names {', '.join(question.places)}"
        if self._includes(places, question.places):
            return None
        if "q_place" in question.asked and not question.yesno and {fold(p) for p in question.places} <= self.regions:
            # "Camera Viettel lắp ở miền nào, không phải miền Nam à?": where is asked; the region named is a guess
            # (not "ở những tỉnh Tây Bắc nào?", which asks provinces within it)
            return None
        return f"is about {', '.join(fact.places)}, not {', '.join(question.places)}"

    def _includes(self, places: frozenset[str], named: tuple[str, ...]) -> bool:
        """Folded `places` include one named, or a region in its direction ("ở phía Bắc" of "Tây Bắc")."""
        if any(fold(place) in places for place in named):
            return True
        regions = [place for place in places if place in self.regions]
        return any(same_direction(fold(place), region) for place in named for region in regions)

    def _figure_of_a_wider_area(self, question: Question, fact: Fact) -> str | None:
        """ "Bao nhiêu trung tâm hội chẩn ở Nam Định?", "how many sites in Đà Nẵng?": a figure asked of one
        place, from a fact whose figures count more than that place (the whole country, several provinces,
        the 32 provinces from Đà Nẵng southwards). Counting provinces within a region is another matter."""
        if not question.places or question.yesno or "q_amount" not in question.asks or not fact.figures:
            return None
        if question.unit in (PROVINCE_UNIT, DURATION_UNIT) or len(question.places) > 1:
            return None  # "how many provinces in the north?", "từ Hà Giang đến Điện Biên mấy tuần?"
        places = self.profile[fact.id].places
        named = [fold(place) for place in question.places]
        if all(place in self.regions for place in named) and (not places or all(place in places for place in named)):
            # "ở Tây Bắc": a region the fact names is where its figures are; a fact that names no place may
            # well be about that region (only another region it names says otherwise)
            return None
        spans_provinces = any(f"u_{f.unit}" == PROVINCE_UNIT and f.value > 1 for f in fact.figures)
        if len(places) == 1 and not spans_provinces and all(place in places for place in named):
            return None
        return f"gives no figure for {', '.join(question.places)} alone"

    @staticmethod
    def _date_conflict(question: Question, fact: Fact) -> str | None:
        """ "Viettel góp bao nhiêu hôm 3/6?": 3/6 is MobiFone's date; Viettel's gift has none. A date the
        question states is one the fact gives (a month given alone holds any day of it)."""
        if not question.dates:
            return None
        said = ", ".join(f"{day}/{month}" for day, month in question.dates)
        if not fact.dates:
            return f"gives no date, not {said}"
        on_the_day = any(d.month == month and d.day in (None, day) for d in fact.dates for day, month in question.dates)
        if on_the_day and question.before_or_after_a_date:
            return f"is about {', '.join(d.text for d in fact.dates)}: not before or after {said}"
        if on_the_day:
            return None
        return f"is about {', '.join(d.text for d in fact.dates)}, not {said}"

    def _money_for_another_thing(self, question: Question, fact: Fact, units_mentioned: frozenset[str]) -> str | None:
        """ "How much did Viettel spend on the cameras?": money asked for a thing the fact never mentions (its
        450 billion went to the vaccine fund), when the question names what it was spent on."""
        asks_money = question.unit == MONEY_UNIT or (question.unit is None and "q_money" in question.asks)
        if not asks_money or question.compare or (question.numbers and question.unit == MONEY_UNIT):
            return None  # a sum or a difference takes money from facts on several things ("450 tỷ + 19 tỷ")
        things = {w for w in question.words if w in self.things_counted}
        if not things or things & units_mentioned:
            return None
        return f"says nothing of money for {', '.join(sorted(t[2:] for t in things))}"

    def year_conflict(self, question: Question, fact: Fact) -> str | None:
        """Why the fact is not of the year the question names ("năm 2022 họ góp thêm bao nhiêu?"), if it is not."""
        return self._year_conflict(question, fact)

    def _year_conflict(self, question: Question, fact: Fact) -> str | None:
        if not question.years:
            return None
        profile = self.profile[fact.id]
        years = profile.years
        held_since = question.since_year and bool(question.people or question.positions)
        if held_since and not fact.years and years and max(question.years) <= max(years):
            # "Bà Vân làm Phó Tổng Giám đốc từ năm 2010?": the article (2013) says what post she held then, not
            # since when (a gift "từ năm 2018" is dated by its article: it was made in 2020)
            return f"gives no year it began, not since {', '.join(map(str, question.years))}"
        if years and not years & set(question.years):
            return f"is about {', '.join(map(str, sorted(years)))}, not {', '.join(map(str, question.years))}"
        earliest = profile.not_before
        if not years and earliest and all(year < earliest for year in question.years):
            return f"is about {earliest} or later, not {', '.join(map(str, question.years))}"
        if not years and not (question.yesno and question.numbers):
            # "How much did MobiFone contribute in 2022?", "did Cyber Bot call anyone in 2022?": no article dates it
            # to a year (a check of a figure said gets the fact, unconfirmed)
            return f"gives no year, not {', '.join(map(str, question.years))}"
        return None

    def _parts_of_the_whole_named(self, fact: Fact, wholes: set[float]) -> bool:
        """The fact states a whole the question names ("trong 178 trung tâm") and figures of its parts, or states
        no such whole (the question's number is then not one of its figures)."""
        named = [f for f in fact.figures if any(_near(w, f.value) for w in wholes)]
        if not named:
            return True
        includes = {m for f in named for m in self.knowledge.measures[f.measure].includes}
        return any(f.measure in includes for f in fact.figures)

    def _month_conflict(self, question: Question, fact: Fact) -> str | None:
        """A month named that the fact's dates (or its article's events) are not in: "Cyber Bot gọi bao nhiêu cuộc
        trong tháng 8?" of an article whose events are in June. An article dating nothing says nothing either way."""
        months = self.profile[fact.id].months
        if len(question.months) != 1 or not months or months & set(question.months) or _BETWEEN & set(question.compare):
            return None  # (the months of "từ tháng 6 đến tháng 11 là mấy tháng?" are what is counted between)
        return f"is of month {', '.join(map(str, sorted(months)))}, not {', '.join(map(str, question.months))}"

    def _holds_what_was_asked(self, question: Question, fact: Fact) -> bool:
        """A figure in the unit asked, a date when asked when, a place when asked where."""
        asks = question.asked
        return bool(
            (question.unit is not None and not question.attribute and question.unit in self.profile[fact.id].units)
            or (asks & _NEEDS_DATES and fact.dates)
            or (asks & _NEEDS_PLACE and fact.places)
            or (asks & _NEEDS_PERSON and fact.people)
            or ("q_person" in asks and _asks_a_person(question) and fact.people)
            or (asks & _NEEDS_SPEAKER and fact.speaker)
            or (asks & _NEEDS_NAME and (fact.names or fact.people))
        )

    # ---- soft signals ---------------------------------------------------------------------

    @staticmethod
    def _states_what_the_question_states(question: Question, fact: Fact) -> bool:
        """ "MobiFone góp 200 tỷ hôm 3/6 phải không?": the fact with the figure or date to confirm."""
        if not question.yesno:
            return False
        # of a thing the question names, when it names one: "Nam Định chỉ có 3 nhà mạng?" is no 3 provinces
        named_units = {word[2:] for word in question.words if word.startswith("u_")}
        if question.numbers and any(
            abs(figure.value - number) <= 0.01 * abs(number) and (not named_units or figure.unit in named_units)
            for figure in fact.figures
            for number in question.numbers
        ):
            return True
        return bool(question.dates) and any((d.day, d.month) in question.dates for d in fact.dates)

    def _soft(
        self, question: Question, scored: Scored, fact: Fact, preferences: Preferences
    ) -> tuple[float, list[str]]:
        tuning = self.tuning
        score = scored.score
        notes: list[str] = []
        if question.operators and not self.profile[fact.id].operators.isdisjoint(question.operators):
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
        if question.things and fact.priority == 1 and set(question.things) & self.profile[fact.id].things:
            score += tuning.headline_bonus  # "Viettel vì cộng đồng là gì?": what the programme is, first
            notes.append("the headline fact on what the question names")
        if PLAN_WORD in question.words and self.profile[fact.id].planned:
            score += tuning.planned_bonus  # "VNPT's target number of cameras": the capacity it is building
            notes.append("states a target")
        if WHOLE_WORD in question.words and len(question.operators) <= 1 and self.profile[fact.id].whole:
            score += tuning.whole_bonus  # "how much has MobiFone given overall?": the whole, not a part
            notes.append("states a whole")
        return score, notes

    def soft_cue_factor(self, question: Question, asked_in_examples: frozenset[str], fact: Fact) -> float:
        """Asked "why" or "how" of a fact whose examples never ask it: it probably does not say."""
        soft = question.asked & _SOFT_CUES
        if not soft:
            return 1.0
        unasked = soft - asked_in_examples
        a_person = _asks_a_person(question)
        if unasked & _ASKS_A_DOER and self.profile[fact.id].doer and not (a_person and not fact.people):
            unasked = unasked - _ASKS_A_DOER  # "who did it?", "which operator?": the operator did
        return self.tuning.soft_cue_factor if unasked else 1.0


def _asks_a_person(question: Question) -> bool:
    """ "ai là người ...?", "ai là chủ tịch ...?": a person is asked, not the operator that acted."""
    return "q_person" in question.asked and (PERSON_WORD in question.words or bool(question.positions))


def _near(number: float, value: float) -> bool:
    return abs(value - number) <= 0.01 * abs(value)


def _states_only_its_figures(question: Question, fact: Fact) -> bool:
    """The numbers the question states (none, or "trong gần 2.000 tỷ") are all the fact's own figures."""
    return all(any(abs(f.value - n) <= 0.01 * abs(f.value) for f in fact.figures) for n in question.numbers)


def same_direction(region: str, other: str) -> bool:
    """Regions are named by a direction last ("phía Bắc", "Tây Bắc"): one in the other shares it (folded names)."""
    return region.split()[-1:] == other.split()[-1:]
