"""Comparisons and arithmetic over the figures facts state: computed, never guessed.

A comparison takes figures that measure the same thing (`measure` in the facts:
Viettel's and MobiFone's contributions to the vaccine fund); a sum or a
difference across operators needs every operator's figure, so "VNPT gave how
much more than Viettel?" is refused because the articles give no VNPT amount.
Within one operator, an average (per centre), a share (150 of 178 centres) or
the difference of two figures of one unit, and the days between two dates.
`compute` returns None when the question is not a computation at all.
"""

from __future__ import annotations

import dataclasses
import datetime
import itertools
import re
from dataclasses import dataclass

from bot.answering.analysis import PERCENT_UNIT, PERSON_UNIT, Analyser, Question
from bot.answering.signals import Candidate, Signals
from bot.knowledge import Fact, FactDate, Figure, Knowledge
from bot.text import fold

LEADING_CANDIDATES = 4  # figures are looked for in this many of the best candidates
DAY = "day"  # the unit of a number of days
PART_WORDS = 3  # words beyond a whole's label that name a part of it
SET_ASIDE_CLAUSE_WORDS = 6  # the words after "ngoài", "không tính" that may name the part set aside
MEASURE_FIT_SELECTING = 0.25  # "nhà mạng nào đóng góp nhiều nhất?" picks among figures that fit this well
MEASURE_FIT = 0.5  # a figure this well matched is what the question is about, even when not comparable
WHOLE_AGAINST_PART = "an operator's whole and another's part measure different things"
LONE_MARGIN = 0.2  # ... and a figure only some operators have, fitting this much better, is what is asked


@dataclass(frozen=True)
class Operand:
    fact: Fact
    figure: Figure | None = None
    date: FactDate | None = None
    label: str = ""  # whose figure: an operator's name, or a place


@dataclass(frozen=True)
class Computation:
    operation: str  # more, less, most, least, difference, ratio, total, mean, average, share, days_between
    operands: tuple[Operand, ...]
    result: float | None  # None: refused
    why: str
    winner: Operand | None = None  # for more / most / less / least
    missing: tuple[str, ...] = ()  # operators with no figure for the measure
    unstated: tuple[str, ...] = ()  # operators left out of "which operator ... most" for want of a figure
    complement: bool = False  # a part: the rest of the whole ("không thuộc nhóm thu nhập thấp")
    in_weeks: bool = False  # days between, asked in weeks ("mấy tuần?"): given in both
    received: bool = False  # refused: a recipient's whole, of which the articles give some givers' parts
    by_place: bool = False  # refused: a comparison of places, and figures carry no place
    relative: bool = False  # a difference as a percentage of the smaller figure ("hơn bao nhiêu phần trăm")
    of_target: bool = False  # ... of the larger: a target short of which the smaller is, or what it is less than
    of_total: bool = False  # a share of the first operand in the sum of all ("Viettel's share of the two gifts")
    of_other: bool = False  # the first operand as a percentage of the second ("MobiFone's gift, % of Viettel's")

    @property
    def facts(self) -> tuple[Fact, ...]:
        return tuple(dict.fromkeys(operand.fact for operand in self.operands))

    @property
    def approximate(self) -> bool:
        return any(o.figure is not None and not o.figure.exact for o in self.operands)


class Arithmetic:
    def __init__(self, knowledge: Knowledge, signals: Signals, analyser: Analyser):
        self.knowledge = knowledge
        self.signals = signals
        self._analyser = analyser
        units = knowledge.lexicon.get("units") or {}
        self._people_units = frozenset(f"u_{unit}" for unit, entry in units.items() if entry.get("people"))
        self._counted = frozenset(unit for unit, entry in units.items() if entry.get("kind") == "count")
        # The words of each measure's label: which of a fact's figures a question means ("tuyến tỉnh").
        self._measure_words = {
            measure.id: frozenset(analyser.analyse(" ".join(measure.label.values()), correct_typos=False).words)
            for measure in knowledge.measures.values()
        }
        # The words of the whole a share is of, less its unit ("công", "cả nước" of "bệnh viện công cả nước")
        self._whole_words = {
            measure.id: frozenset(analyser.analyse(" ".join(measure.whole_label.values()), correct_typos=False).words)
            - {f"u_{measure.whole_unit}"}
            for measure in knowledge.measures.values()
            if measure.whole_unit
        }
        # measure -> the operator families that have a figure for it, and the figures
        self._owners: dict[str, set[str]] = {}
        self._figures: dict[str, list[tuple[Fact, Figure]]] = {}
        self._units: dict[str, dict[str, set[str]]] = {}
        self._roots = [op.id for op in knowledge.operators.values() if not op.parent and not op.collective]
        for fact in knowledge.facts.values():
            for figure in fact.figures:
                if len(signals.families_of(fact)) == 1:  # a figure of several operators together is no one's own
                    self._owners.setdefault(figure.measure, set()).update(signals.families_of(fact))
                self._figures.setdefault(figure.measure, []).append((fact, figure))
                for family in signals.families_of(fact):  # family -> topic -> the units of its figures
                    self._units.setdefault(family, {}).setdefault(fact.topic, set()).add(f"u_{figure.unit}")

    def compute(self, question: Question, candidates: list[Candidate]) -> Computation | None:
        besides = _besides(question)
        # "Ngoài quỹ vắc xin, ... bn?", "the total minus the fund comes to what?"
        named_part = besides and not question.numbers and ("q_amount" in question.asks or "c_total" in question.compare)
        if not question.yesno and ((question.numbers and (besides or "c_share" in question.compare)) or named_part):
            # "Ngoài 200 tỷ ... thêm bao nhiêu?", "200 tỷ chiếm mấy %?": a stated part of a stated whole
            of_whole = self._of_its_whole(question, [c for c in candidates if c.fits_operator and _has_figures(c)])
            if of_whole is not None:
                return of_whole
        if question.including and question.numbers and "c_total" in question.compare:
            taken_in = self._taken_in(question)
            if taken_in is not None:
                return taken_in
        if question.asks_days_between and len(question.places) >= 2:
            return _in_weeks(question, self._days_between(question, [c for c in candidates if c.fact.dates]))
        if not question.compare and question.unit is not None and not question.yesno:
            # "bao nhiêu người?" is refused by a count of customers, which the part may still be computed from
            people = question.unit == PERSON_UNIT
            return (
                self._part_of(question, [c for c in candidates if c.answers or (people and c.fits_operator)])
                or self._whole_of_share(question, [c for c in candidates[:LEADING_CANDIDATES] if c.fits_operator])
                or self._parts_named_together(question, [c for c in candidates[:1] if c.answers])
            )
        # "Is Viettel the largest telecoms group?" is answered, not computed; "mỗi khu Viettel có nhiều camera hơn
        # VNPT không?" is: an average each, compared
        if not question.compare or (question.yesno and not question.numbers and "c_average" not in question.compare):
            return None
        operation = question.compare[0][2:]
        if operation == "earlier":
            return None  # which came first: the policy sets the dated facts side by side, nothing is computed
        if operation in ("more", "less", "difference") and question.unit == "u_percent":
            return self._relative(question, candidates)
        leading = [c for c in candidates if _has_figures(c)]
        families = self.signals.families(question.operators)
        if operation == "days_between":
            return _in_weeks(question, self._days_between(question, leading))
        if operation in ("months_between", "years_between"):
            # a year the question names dates one of the two ("chương trình năm 2013 cách lúc trao trung tâm ...")
            dated = [c.fact for c in candidates if _has_figures(c) or _of_another_year(c)]
            return self._time_between(operation, dated)
        # "the two operators", "cả hai nhà mạng", "trung bình mỗi nhà mạng": over each that has a figure
        counted = not families and (question.operators_counted >= 2 or question.per_operator)
        if operation == "average" and (len(families) >= 2 or counted) and question.per_unit is None:
            return self._mean_across(question, leading, families)  # "trung bình Viettel và MobiFone mỗi bên"
        if operation == "average" and len(families) >= 2:
            return self._averages_across(question, families)
        if operation in ("more", "less") and "c_average" in question.compare and len(families) >= 2:
            # "Which operator put more cameras per quarantine facility?": averages compared, each one's needed
            per_each = self._averages_across(question, families)
            if per_each is not None:
                return per_each
        if (
            operation in ("most", "least", "more", "less")
            and len(families) < 2
            and (
                len(question.places) >= 2
                or (operation in ("most", "least") and not {"q_place", "q_place_named"}.isdisjoint(question.asks))
            )
        ):
            # "Hà Giang hay Lai Châu ... nhiều hơn?", "which province got the most?": figures carry no place
            return Computation(operation, (), None, "the articles give no figure by place", by_place=True)
        if operation in ("more", "less") and len(families) < 2 and "q_amount" in question.asks:
            operation = "difference"  # "tuyến tỉnh nhiều hơn tuyến thành phố bao nhiêu?"
        if operation in ("most", "least", "more", "less") and len(families) < 2 and not _selects(question):
            return None  # "the most active unit" describes; "which operator gave the most?" compares
        if operation == "total" and question.received:
            # "Quỹ vắc xin nhận được tổng cộng bao nhiêu?": the operators' gifts are only part of it (also after
            # Viettel's and MobiFone's were talked about)
            return Computation(operation, (), None, "the articles give no recipient's whole", received=True)
        of_several = operation == "share" and question.operators_counted > len(families) == 1
        if operation == "share" and (len(families) >= 2 or of_several) and question.unit == "u_percent":
            question = dataclasses.replace(question, unit=None)  # a percentage of figures in any unit
        if of_several:  # "What share of the two operators' pledges came from Viettel?": of each that has one
            return self._across(question, operation, leading, frozenset())
        # "Nhà mạng nào góp quỹ vắc xin nhiều hơn?" names no two: which of those with a figure gave more
        # (not "Which operator completed more than 2,400 cameras?", where "more than" bounds a figure)
        picks_among_all = (
            operation in ("more", "less")
            and not (families or question.numbers or "c_average" in question.compare)  # (per item: see above)
            and _selects(question)
        )
        if len(families) >= 2 or operation in ("most", "least") or picks_among_all:
            return self._across(question, operation, leading, families)
        if operation == "total" and not families:
            return self._across(question, operation, leading, families) or self._within(
                question, operation, [c for c in leading if c.fits_operator]
            )
        if operation == "total" and not question.joins:
            return None  # "tổng giá trị Viettel đóng góp": a whole the articles may state, not a sum to make
        if operation in ("average", "share", "difference", "ratio", "total"):
            return self._within(question, operation, [c for c in leading if c.fits_operator])
        return None

    def _share_subject(self, question: Question) -> str:
        """Whose share: the operator named last before the words asking a share ("Trong tổng số camera của Viettel
        và VNPT, VNPT chiếm bao nhiêu %?"), unless the whole is named there and an operator after them ("Of the
        combined Viettel and MobiFone pledges, what share came from Viettel?"); else the first named."""
        language = self._analyser.language
        words = list(question.folded)
        cue = next((start for start, _, token in language.phrases.matches(words) if token == "c_share"), None)
        if cue is not None:
            of_alias = language.operator_of_alias
            before, after = (
                [of_alias[name] for _, _, name in language.names.matches(part) if name in of_alias]
                for part in (words[:cue], words[cue:])
            )
            if len(set(before)) >= 2 and after and after[0] in question.operators:
                return after[0]
            if before and before[-1] in question.operators:
                return before[-1]
        return question.operators[0]

    def _relative(self, question: Question, candidates: list[Candidate]) -> Computation | None:
        """ "Viettel gave how many percent more than MobiFone?": the difference of the figures themselves,
        as a percentage of the smaller one."""
        of_figures = dataclasses.replace(
            question, unit=None, compare=tuple(c for c in question.compare if c != "c_share")
        )
        computation = self.compute(of_figures, candidates)
        if (
            computation is None
            or computation.result is None
            or computation.operation not in ("more", "less", "difference")
        ):
            return computation
        values = [o.figure.value for o in computation.operands if o.figure is not None]
        if len(values) != 2 or min(values) <= 0:
            return None
        # "còn thiếu bao nhiêu % để đạt 10.000 camera?": of the target; "MobiFone góp ít hơn Viettel bao nhiêu %?":
        # of what it is less than
        if question.to_reach or "c_less" in question.compare:
            result = 100 * (max(values) - min(values)) / max(values)
            return dataclasses.replace(computation, result=result, relative=True, of_target=True)
        return dataclasses.replace(computation, result=100 * (max(values) - min(values)) / min(values), relative=True)

    # ---- across operators ----------------------------------------------------------------------

    def _measure(self, question: Question, leading: list[Candidate], families: frozenset[str]) -> str | None:
        """The measure compared: one every operator named has a figure for (or two operators at least,
        when none is named), of the unit asked, on the subject the question's words fit best."""
        fitting = self._comparable(question, leading, families)
        lone = self._lone_figure_fit(question, leading, families)
        # "Tổng đóng góp chống dịch của Viettel và MobiFone ...": "tổng" names the whole only one operator states
        # (as the thing compared: "tổng ... nhiều hơn", not the sum asked, "tổng cộng Viettel và MobiFone góp quỹ")
        total_compared = "c_total" in question.compare[1:]
        whole_named = total_compared and self._lone_figure_fit(question, leading, families, wholes=True)
        if families and whole_named >= MEASURE_FIT:
            return None
        if fitting and fitting[0][0] >= MEASURE_FIT and not (families and lone > fitting[0][0] + LONE_MARGIN):
            return fitting[0][1]
        if lone >= MEASURE_FIT:
            # the question is about a figure some operator named lacks ("tổng giá trị đóng góp chống dịch của
            # Viettel và MobiFone": only MobiFone's whole is stated), not the one they share: refused below
            return None
        if fitting and (
            families
            or self._names_unit_of(question, fitting[0][1])
            or (_selects(question) and fitting[0][0] >= MEASURE_FIT_SELECTING)
        ):
            return fitting[0][1]  # "nhà mạng nào tặng nhiều máy thở nhất?": the unit says which measure
        return None

    def _names_unit_of(self, question: Question, measure: str) -> bool:
        units = {f"u_{figure.unit}" for _, figure in self._figures.get(measure, [])}
        return bool(units & set(question.words))

    def _comparable(
        self, question: Question, leading: list[Candidate], families: frozenset[str]
    ) -> list[tuple[float, str]]:
        """Measures that every operator concerned has a figure for, best fitting first."""
        score_of = {c.fact.id: c.lexical for c in leading}
        found = []
        for measure, owners in self._owners.items():
            wanted = families or frozenset(owners)
            if len(wanted) < 2 or not wanted <= owners:
                continue
            facts = [
                fact
                for fact, figure in self._figures.get(measure, [])
                if question.unit is None or f"u_{figure.unit}" == question.unit
            ]
            if facts:
                # How well the question's words fit the facts with the figures, or the measure's own label.
                label = self._measure_words.get(measure, frozenset())
                words = [w for w in question.words if not w.startswith("u_")]
                named = sum(w in label for w in words) / len(words) if words else 0.0
                found.append((max(named, *(score_of.get(fact.id, 0.0) for fact in facts)), measure))
        return sorted(found, reverse=True)

    def _lone_figure_fit(
        self, question: Question, leading: list[Candidate], families: frozenset[str], wholes: bool = False
    ) -> float:
        """How well the best fact fits whose figure some operator named has none of (with `wholes`, a whole:
        a measure that includes others)."""
        return max(
            (
                c.lexical
                for c in leading
                for f in c.fact.figures
                if (question.unit is None or f"u_{f.unit}" == question.unit)
                and not families <= self._owners.get(f.measure, set())
                and (not wholes or self._is_whole(f))
            ),
            default=0.0,
        )

    def _across(
        self, question: Question, operation: str, leading: list[Candidate], families: frozenset[str]
    ) -> Computation | None:
        measure = self._measure(question, leading, families)
        if measure is None:
            return self._missing_everywhere(question, operation, leading, families)
        by_family: dict[str, Operand] = {}
        for fact, figure in self._figures.get(measure, []):
            owners = self.signals.families_of(fact)
            for family in owners if len(owners) == 1 else ():
                if not families or family in families:
                    by_family.setdefault(family, Operand(fact, figure, label=self._name(family)))
        missing = tuple(self._name(f) for f in sorted(families) if f not in by_family)
        operands = tuple(by_family.values())
        label = self.knowledge.measures[measure].label["en"]
        if missing:
            return Computation(
                operation, operands, None, f"no {label} figure for {', '.join(missing)}", missing=missing
            )
        if len(operands) < 2:
            return None  # nothing to compare it with: the fact itself is the answer
        values = [o.figure.value for o in operands if o.figure]
        # "Which operator gave the most?" is about every operator: say whose figure the articles lack.
        unstated = () if families else tuple(self._name(root) for root in self._roots if root not in by_family)
        if operation == "total":
            return Computation(operation, operands, sum(values), f"sum of {label}", unstated=unstated)
        if operation == "share":  # "Viettel chiếm bao nhiêu % (tổng Viettel và MobiFone)?": of their sum
            subject = next(
                (by_family[f] for f in self.signals.families((self._share_subject(question),)) if f in by_family),
                None,
            )
            if subject is None or subject.figure is None or not sum(values):
                return None
            shares = (subject, *(o for o in operands if o is not subject))
            other = shares[1].figure
            if question.relative_to and len(shares) == 2 and other is not None and other.value:
                # "MobiFone góp bằng bao nhiêu % so với Viettel?": of Viettel's figure, not of both
                relative = subject.figure.value * 100 / other.value
                return Computation(operation, shares, relative, f"{label}, of the other's", of_other=True)
            share = subject.figure.value * 100 / sum(values)
            return Computation(operation, shares, share, f"share of {label}", of_total=True)
        ordered = sorted(operands, key=lambda o: o.figure.value if o.figure else 0, reverse=True)
        if operation == "ratio":
            high, low = max(values), min(values)
            return Computation(operation, tuple(ordered), high / low if low else None, f"ratio of {label}")
        winner = ordered[-1] if operation in ("less", "least") else ordered[0]
        result = ordered[0].figure.value - ordered[-1].figure.value  # type: ignore[union-attr]
        return Computation(
            operation, tuple(ordered), result, f"{operation} of {label}", winner=winner, unstated=unstated
        )

    def _missing_everywhere(
        self, question: Question, operation: str, leading: list[Candidate], families: frozenset[str]
    ) -> Computation | None:
        """Two operators named, and the figure the question is about is stated for one of them only."""
        if len(families) < 2:
            return None
        # the one unit asked says which figure is meant, however loosely the words fit ("máy thở"); not in a
        # comparison of two things counted ("cơ sở cách ly" with "trung tâm hội chẩn")
        one_unit = question.unit is not None and {w for w in question.words if w.startswith("u_")} <= {question.unit}
        for candidate in leading:
            for figure in candidate.fact.figures:
                if question.unit is not None and f"u_{figure.unit}" != question.unit:
                    continue
                owners = self._owners.get(figure.measure, set())
                missing = tuple(self._name(f) for f in sorted(families - owners))
                if missing and (candidate.lexical >= MEASURE_FIT or one_unit):
                    return Computation(
                        operation,
                        (Operand(candidate.fact, figure),),
                        None,
                        f"no {figure.measure} figure for {', '.join(missing)}",
                        missing=missing,
                    )
        return None

    def measure_named(self, question: Question, fact: Fact) -> str | None:
        """The one figure of the fact whose label the question's words fit best, if one fits better than all (a
        unit named counts, but for the figures' own: "bn cái ở bv thành phố" is the 27 in city hospitals)."""
        counted = {f"u_{f.unit}" for f in fact.figures}
        words = {w for w in question.words if not w.startswith("c_") and w not in counted}
        # (a share is named only when a percentage is asked: "còn ở bv tỉnh vs huyện" is the 150, not their 10%)
        percent = question.unit == PERCENT_UNIT or "c_share" in question.compare
        figures = [f for f in fact.figures if percent or f.unit != "percent"]
        fit = sorted(((len(words & self._measure_words[f.measure]), f.measure) for f in figures), reverse=True)
        if not fit or fit[0][0] == 0 or (len(fit) > 1 and fit[1][0] == fit[0][0]):
            return None
        return fit[0][1]

    def over_answers(
        self, question: Question, answers: list[Fact], measures: tuple[str | None, ...] = ()
    ) -> Computation | None:
        """ "cộng lại?", "chiếm mấy %?", "còn thiếu bao nhiêu?": the key figures of the last two answers,
        in one unit (money with money, cameras with cameras), of one operator or of one measure: Viettel's
        fund gift and its staff's 19 billion add up; MobiFone's whole and Viettel's fund gift do not."""
        if len(answers) < 2 or not question.compare:
            return None
        if question.compare[0] in ("c_months_between", "c_years_between"):  # "cách nhau mấy tháng?"
            return self._time_between(question.compare[0][2:], answers[:2])
        latest, earlier = answers[0], answers[1]
        one_operator = not self.signals.families_of(latest).isdisjoint(self.signals.families_of(earlier))
        given = self._figures_given((latest, earlier), measures)
        if given is not None and self.whole_against_part((earlier, given[1]), (latest, given[0])):
            return Computation(question.compare[0][2:], (), None, WHOLE_AGAINST_PART)
        if given is not None:  # "27 ở thành phố", "150 ở tuyến tỉnh, huyện", "cộng lại?": those two
            return self.combine(question, Operand(earlier, given[1]), Operand(latest, given[0]))
        pair = next(
            (
                (a, b)
                for a in earlier.figures
                for b in latest.figures
                # one operator's two figures of one measure are one figure said twice: nothing to add up
                if a.unit == b.unit
                and a.unit != "percent"
                and (one_operator != (a.measure == b.measure))
                and not self._one_includes_the_other(a, b)  # 150 of the 178 centres, and the 178: nothing to add
            ),
            None,
        )
        if pair is None:
            return self._two_things_counted(question, earlier, latest) if one_operator else None
        labels = (
            ("", "") if one_operator else (self.operator_label(earlier), self.operator_label(latest))
        )  # "Viettel: 450 tỷ"
        return self.combine(
            question, Operand(earlier, pair[0], label=labels[0]), Operand(latest, pair[1], label=labels[1])
        )

    def _two_things_counted(self, question: Question, earlier: Fact, latest: Fact) -> Computation | None:
        """ "1.000 cơ sở khám chữa bệnh từ xa", then "178 trung tâm", "combined?": two things counted on one subject,
        each answer's own figure (as a question naming both is answered: each one's whole)."""
        if earlier.topic != latest.topic or not (earlier.figures and latest.figures):
            return None
        a, b = earlier.figures[0], latest.figures[0]
        if a.unit == b.unit or not {a.unit, b.unit} <= self._counted:
            return None
        # "150 ở tuyến tỉnh, huyện", then "1.000 cơ sở (ngoài 178 trung tâm)": the whole the part is of, if stated
        said = [(fact, f) for fact in (earlier, latest) for f in fact.figures]
        whole_of_a = next(
            ((fact, f) for fact, f in said if a.measure in self.knowledge.measures[f.measure].includes), None
        )
        first = Operand(*whole_of_a) if whole_of_a is not None else Operand(earlier, a)
        return self.combine(question, first, Operand(latest, b))

    def _one_includes_the_other(self, a: Figure, b: Figure) -> bool:
        measures = self.knowledge.measures
        return a.measure in measures[b.measure].includes or b.measure in measures[a.measure].includes

    def whole_against_part(self, first: tuple[Fact, Figure], second: tuple[Fact, Figure]) -> bool:
        """ "MobiFone gần 2.000 tỷ so với Viettel 450 tỷ": one operator's whole (all it gave) against another's part
        (its gift to the fund) measure different things."""
        wholes = {bool(self.knowledge.measures[figure.measure].includes) for _, figure in (first, second)}
        return len(wholes) == 2 and self.signals.families_of(first[0]) != self.signals.families_of(second[0])

    @staticmethod
    def _figures_given(answers: tuple[Fact, Fact], measures: tuple[str | None, ...]) -> tuple[Figure, Figure] | None:
        """The figures of the measures the two answers gave, when both were named and are of one unit."""
        if len(measures) < 2 or None in measures[:2] or measures[0] == measures[1]:
            return None
        figures = [
            next((f for f in fact.figures if f.measure == m), None)
            for fact, m in zip(answers, measures[:2], strict=True)
        ]
        latest, earlier = figures
        if latest is None or earlier is None or latest.unit != earlier.unit:
            return None
        return latest, earlier

    @staticmethod
    def combine(question: Question, first: Operand, second: Operand) -> Computation | None:
        """The comparison the question asks (its first), over two figures already found."""
        a, b = first.figure, second.figure
        if a is None or b is None:
            return None
        operands = (first, second)
        operation = question.compare[0][2:]
        high, low = sorted((a, b), key=lambda f: f.value, reverse=True)
        if operation == "total":
            return Computation("total", operands, a.value + b.value, "sum of the last two answers' figures")
        if operation == "share":
            return Computation(
                "share", operands, 100 * low.value / high.value, "share of one answer's figure in the other's"
            )
        if operation == "ratio" and low.value:
            return Computation("ratio", operands, high.value / low.value, "ratio of the last two answers' figures")
        if operation in ("more", "less") and first.label and second.label:
            # "bên nào nhiều hơn, hơn bao nhiêu?" after Viettel's and MobiFone's gifts: whose is more, and by how much
            ordered = operands if high is a else (second, first)
            winner = ordered[-1] if operation == "less" else ordered[0]
            return Computation(
                operation, ordered, high.value - low.value, f"{operation} of the last two answers", winner=winner
            )
        if operation in ("difference", "more", "less"):
            return Computation(
                "difference", operands, high.value - low.value, "difference of the last two answers' figures"
            )
        return None

    def between(
        self,
        operation: str,
        first: Fact,
        second: Fact,
        unit: str | None,
        side_units: tuple[str | None, ...] = (),
    ) -> Computation | None:
        """Two facts' figures in one unit (the unit asked, if any) but of two measures, as the two sides of a
        comparison. Figures of one measure are the operators' to compare as usual (who has more, who none).
        Sides that each name another thing counted ("trung tâm" and "cơ sở") of one subject: each one's
        whole, as over the figures of one operator."""
        named = [u[2:] if u else None for u in side_units]
        if len(named) == 2 and None not in named and named[0] != named[1] and first.topic == second.topic:
            a = max((f for f in first.figures if f.unit == named[0]), key=lambda f: f.value, default=None)
            b = max((f for f in second.figures if f.unit == named[1]), key=lambda f: f.value, default=None)
            if a is not None and b is not None and {a.unit, b.unit} <= self._counted:
                return Arithmetic.of_figures(operation, (first, a), (second, b))
        pair = next(
            (
                (a, b)
                for a in first.figures
                for b in second.figures
                if a.unit == b.unit and a.unit != "percent" and unit in (None, f"u_{a.unit}")
            ),
            None,
        )
        if pair is None or pair[0].measure == pair[1].measure:
            return None
        return Arithmetic.of_figures(operation, (first, pair[0]), (second, pair[1]))

    @staticmethod
    def of_figures(operation: str, first: tuple[Fact, Figure], second: tuple[Fact, Figure]) -> Computation | None:
        """Two figures of one unit, each with the fact stating it, as the two sides of a calculation."""
        (first_fact, a), (second_fact, b) = first, second
        operands = (Operand(first_fact, a), Operand(second_fact, b))
        high, low = sorted((a, b), key=lambda f: f.value, reverse=True)
        if operation == "total":
            return Computation("total", operands, a.value + b.value, "sum of the two sides' figures")
        if operation == "ratio":
            return Computation("ratio", operands, a.value / b.value if b.value else None, "ratio of the two sides")
        if operation == "share":  # "[installed] chiếm bao nhiêu % so với [the target]": the first of the second
            share = 100 * a.value / b.value if b.value else None
            return Computation("share", operands, share, "share of one side in the other")
        return Computation("difference", operands, high.value - low.value, "difference of the two sides' figures")

    def _name(self, family: str) -> str:
        return self.knowledge.operators[family].name

    def operator_label(self, fact: Fact) -> str:
        """The operator a fact is about, by name, when it is about one."""
        families = sorted(self.signals.families_of(fact))
        return self._name(families[0]) if len(families) == 1 else ""

    # ---- within one operator ---------------------------------------------------------------------

    def _within(self, question: Question, operation: str, leading: list[Candidate]) -> Computation | None:
        # Of facts on the subject only: VNPT's cameras make no share of "trung tâm hội chẩn của VNPT" (an average
        # says what it counts per what, which the figures are checked against)
        floor = 0.0 if operation == "average" else self.signals.tuning.within_fit
        fitting = [c for c in leading[:LEADING_CANDIDATES] if c.score >= floor]
        figures = [(c.fact, f) for c in fitting for f in c.fact.figures]
        if not figures:
            return None
        if operation == "average":
            return self._average(question, figures)
        stated = [(c.fact, f) for c in leading[:2] for f in c.fact.figures if f.unit == "percent"]
        if operation == "share" and stated and _excludes(question):
            fact, share = stated[0]  # "bao nhiêu phần trăm không phải ...": the rest of the whole
            return Computation(
                "share", (Operand(fact, share),), 100 - share.value, "the rest of a stated share", complement=True
            )
        if operation == "share" and not question.numbers and not any(self._whole_named(question, f) for _, f in stated):
            # "tỷ lệ trung tâm ở bệnh viện thành phố trên tổng số?": one part named by its label, of its whole;
            # beside a share a fact states ("chiếm 10% số bệnh viện công"), only when the question is about the
            # whole's things (its first unit) or says "of the total"
            units = [w for w in question.words if w.startswith("u_")]
            for pair in figures:
                about_whole = not stated or "c_total" in question.compare or units[:1] == [f"u_{pair[1].unit}"]
                if self._is_whole(pair[1]) and about_whole:
                    named_share = self._named_part_share(question, pair, figures)
                    if named_share is not None:
                        return named_share
        if operation == "share" and stated:
            return None  # a fact states the share itself
        ranked = self._most_relevant(question, figures)
        named_units = {w for w in question.words if w.startswith("u_")}
        if question.unit == "u_VND":  # money is added to money only: "tiền góp quỹ với tiền làm trung tâm"
            named_units = {question.unit}
        if question.unit not in (None, "u_percent") and all(f"u_{f.unit}" != question.unit for _, f in ranked):
            return None  # "How many minutes did Cyber Bot spend in total?": no figure counts minutes
        of_named_units = [(fact, f) for fact, f in ranked if f"u_{f.unit}" in named_units]
        # "tuyến tỉnh, huyện nhiều hơn thành phố bao nhiêu?", "thành phố và tỉnh, huyện tổng cộng?": two figures of
        # one unit, each named by its label (not a total of two things counted: centres and facilities)
        by_labels = operation == "difference" or (
            operation == "total" and len({f.unit for _, f in of_named_units}) <= 1
        )
        named_by_labels = self._named_by_their_labels(question, ranked) if by_labels else []
        if named_by_labels:  # though "tỉnh" also names a unit (provinces)
            chosen = named_by_labels
        elif operation == "total" or (
            operation in ("difference", "ratio") and len({f.unit for _, f in of_named_units}) >= 2
        ):
            chosen = of_named_units if named_units else ranked
            if not named_units and len({f.unit for _, f in chosen}) >= 2:
                # "cộng lại?" naming nothing: what is added is in the unit that fits best (2,400 cameras are not
                # added to the 150 sites they are on)
                chosen = [(fact, f) for fact, f in chosen if f.unit == chosen[0][1].unit]
            if len({f.unit for _, f in chosen}) >= 2 and any(f.unit not in self._counted for _, f in chosen):
                return None  # money and a count, days and a count, do not add up
            if len({f.unit for _, f in chosen}) >= 2:  # "centres and facilities": each one's whole
                chosen = [
                    max(((fact, f) for fact, f in chosen if f.unit == unit), key=lambda pair: pair[1].value)
                    for unit in dict.fromkeys(f.unit for _, f in chosen)
                ]
        else:
            unit = question.unit[2:] if question.unit and question.unit != "u_percent" else ranked[0][1].unit
            chosen = [(fact, f) for fact, f in ranked if f.unit == unit]
            if len(chosen) == 1 and operation in ("difference", "ratio", "share"):
                chosen += self._the_other_figure(*chosen[0])  # "thêm bao nhiêu camera nữa mới đạt con số hạ tầng?"
        # One amount stated by two facts (the staff's 19 billion, the centres' worth) is one figure, not two.
        chosen = list({(f.value, f.unit): (fact, f) for fact, f in reversed(chosen)}.values())[::-1]
        if operation == "total":  # a whole and its part (178 centres in all, 150 of them in hospitals) are not added
            wholes = {m for _, f in chosen for m in self.knowledge.measures[f.measure].includes}
            chosen = [(fact, f) for fact, f in chosen if f.measure not in wholes]
        if len(chosen) < 2:
            return None
        (fact_a, a), (fact_b, b) = chosen[0], chosen[1]
        operands = (Operand(fact_a, a), Operand(fact_b, b))
        if operation == "total":
            return Computation("total", operands, a.value + b.value, "sum of two figures")
        if operation == "share":
            part, whole = sorted((a, b), key=lambda f: f.value)
            return Computation("share", operands, 100 * part.value / whole.value, "share of one figure in another")
        high, low = sorted((a, b), key=lambda f: f.value, reverse=True)
        if operation == "ratio":
            return Computation("ratio", operands, high.value / low.value if low.value else None, "ratio of two figures")
        return Computation("difference", operands, high.value - low.value, "difference of two figures")

    def _the_other_figure(self, fact: Fact, figure: Figure) -> list[tuple[Fact, Figure]]:
        """The one other figure its operator has in that unit, of another measure, if there is just one (VNPT's
        2,400 cameras installed and the 10,000 its infrastructure will connect), to compare the figure with."""
        owner = self.signals.families_of(fact)
        others = {
            other.measure: (other_fact, other)
            for measure, pairs in self._figures.items()
            if measure != figure.measure
            for other_fact, other in pairs
            if other.unit == figure.unit and self.signals.families_of(other_fact) == owner
        }
        return list(others.values()) if len(others) == 1 else []

    def _is_whole(self, figure: Figure) -> bool:
        return bool(self.knowledge.measures[figure.measure].includes)

    def _names_a_part(self, question: Question, whole: Figure) -> bool:
        """Words beyond the whole's label name a part of it ("an sinh xã hội"); "chiếm mấy %" alone, after an
        answer, means that answer's figure."""
        label = self._measure_words[whole.measure]
        beyond = {w for w in question.words if w not in label and not w.startswith(("u_", "c_")) and not w.isdigit()}
        return len(beyond) >= PART_WORDS

    def _named_by_their_labels(
        self, question: Question, ranked: list[tuple[Fact, Figure]]
    ) -> list[tuple[Fact, Figure]]:
        """The two most relevant figures in the unit of the first, if each is named by words of its label that
        the other's lacks ("thành phố"; "tuyến tỉnh, huyện"), and no number stated says which figures are meant."""
        if not ranked or set(question.numbers) - question.wholes_named:
            return []  # "Trong 178 trung tâm, ...": the whole the parts are of picks neither
        words = {w for w in question.words if not w.startswith("u_")}
        # of the unit asked ("how many ... centres"), else of the most relevant figure
        unit = question.unit[2:] if question.unit and question.unit != "u_percent" else ranked[0][1].unit
        same_unit = [pair for pair in ranked if pair[1].unit == unit][:2]
        if len(same_unit) < 2:
            return []
        (_, one), (_, other) = same_unit
        one_words, other_words = self._measure_words[one.measure], self._measure_words[other.measure]
        if words & (one_words - other_words) and words & (other_words - one_words):
            return same_unit
        return []

    def _of_its_whole(self, question: Question, answering: list[Candidate]) -> Computation | None:
        """ "Ngoài 200 tỷ cho quỹ vắc xin, MobiFone đóng góp thêm bao nhiêu?": a whole the articles state
        (nearly 2,000 billion in all, a measure that `includes` the fund gift) less the part the question
        sets aside, itself a stated figure; "200 tỷ chiếm mấy %?": the part's share of that whole."""
        figures = [(c.fact, f) for c in answering[:LEADING_CANDIDATES] for f in c.fact.figures]
        included = {m for measure in self.knowledge.measures.values() for m in measure.includes}
        parts = [(fact, f) for fact, f in figures if any(_same_value(f.value, n) for n in question.numbers)]
        # "trong gần 2.000 tỷ, trừ 200 tỷ ...": both figures said, the part is the one a whole includes
        parts.sort(key=lambda pair: pair[1].measure not in included)
        only_wholes = bool(parts) and all(self._is_whole(f) for _, f in parts)
        if only_wholes and "c_share" in question.compare:
            # "Bao nhiêu % trong 178 trung tâm nằm ở bệnh viện tuyến tỉnh, huyện?": the whole said, a part of it
            # named by the words of its label
            named_share = self._named_part_share(question, parts[0], figures)
            if named_share is not None:
                return named_share
        both = self._part_and_its_whole(parts) if "c_share" in question.compare else None
        if both is not None:
            # "150 trung tâm tuyến tỉnh, huyện chiếm bao nhiêu % trong 178 trung tâm?": both figures said
            (part_fact, part), (whole_fact, whole) = both
            operands = (Operand(whole_fact, whole), Operand(part_fact, part))
            return Computation("share", operands, 100 * part.value / whole.value, "a stated part of its whole")
        # A fact states the share itself ("chiếm 10% số bệnh viện công"), unless the question names the whole as the
        # total of the part's own kind ("150 trung tâm ... chiếm bao nhiêu % trong tổng số trung tâm Viettel tặng?")
        of_the_total = "c_total" in question.compare and bool(parts)
        if (
            "c_share" in question.compare
            and not of_the_total
            and any(f.unit == "percent" for c in answering[:2] for f in c.fact.figures)
        ):
            return None
        if only_wholes and "c_share" in question.compare and self._names_a_part(question, parts[0][1]):
            # "Trong gần 2.000 tỷ, an sinh xã hội chiếm bao nhiêu?": only the whole is stated, not that part
            return Computation("share", (), None, "the part asked is stated by no figure")
        if not parts and not question.numbers:  # the part named by its words: "ngoài quỹ vắc xin"
            # those after "ngoài", "không tính" when they name one ("không tính trung tâm ở Bộ Y tế")
            clause = self._analyser.analyse(" ".join(question.set_aside_words(SET_ASIDE_CLAUSE_WORDS))).words
            words = set(clause) if clause else set(question.words)
            # "Ngoài trung tâm hội chẩn, ... bao nhiêu cơ sở?" counts another thing: a unit besides the part's
            # (not a unit the parts' labels name: "đặt trong bệnh viện" says where the centres counted are)
            counted = {w for w in question.words if w.startswith("u_")} | ({question.unit} if question.unit else set())
            parts = sorted(
                (
                    pair
                    for pair in figures
                    if pair[1].measure in included
                    and words & self._measure_words[pair[1].measure]
                    and counted - self._sibling_words(pair[1].measure) <= {f"u_{pair[1].unit}"}
                ),
                key=lambda pair: -len(words & self._measure_words[pair[1].measure]),
            )
        if not parts:
            return None
        part_fact, part = parts[0]
        owner = self.signals.families_of(part_fact)
        wholes = [
            (fact, f)
            for measure in self.knowledge.measures.values()
            if part.measure in measure.includes
            for fact, f in self._figures.get(measure.id, [])
            if self.signals.families_of(fact) == owner
        ]
        if not wholes:
            return None
        whole_fact, whole = wholes[0]
        operands = (Operand(whole_fact, whole), Operand(part_fact, part))
        if "c_share" in question.compare:
            return Computation("share", operands, 100 * part.value / whole.value, "a stated part of its whole")
        return Computation("difference", operands, whole.value - part.value, "a stated whole less the part set aside")

    def _whole_named(self, question: Question, share: Figure) -> bool:
        """The question names the whole a stated share is of ("công", "cả nước" of "bệnh viện công cả nước")."""
        return bool(self._whole_words.get(share.measure, frozenset()) & set(question.words))

    def _named_part_share(
        self, question: Question, whole_pair: tuple[Fact, Figure], figures: list[tuple[Fact, Figure]]
    ) -> Computation | None:
        """The share in `whole_pair` of the one part of it the question names by its label, if it names one."""
        named = self._part_named(question, whole_pair[1], figures)
        if named is None or not whole_pair[1].value:
            return None
        share = 100 * named[1].value / whole_pair[1].value
        return Computation("share", (Operand(*whole_pair), Operand(*named)), share, "a named part's share")

    def _taken_in(self, question: Question) -> Computation | None:
        """ "Tính cả 19 tỷ trung tâm hội chẩn, Viettel góp tổng bao nhiêu?": the figure stated and the operator's
        other figures in its unit (each amount once, however many facts state it), added up; none when a whole
        the articles state already takes it in (MobiFone's nearly 2,000 billion and its 200 for the fund)."""
        families = self.signals.families(question.operators)
        if len(families) != 1:
            return None
        own = [
            (fact, figure)
            for pairs in self._figures.values()
            for fact, figure in pairs
            if self.signals.families_of(fact) == families and figure.unit != "percent"
        ]
        stated = [(fact, f) for fact, f in own if any(_same_value(f.value, n) for n in question.numbers)]
        if not stated:
            return None
        fact, part = stated[0]
        if question.unit is not None and question.unit != f"u_{part.unit}":
            return None  # "cộng cả 178 trung tâm thì tổng bao nhiêu cơ sở?": centres and facilities, not a sum of these
        parts = {m for _, f in own for m in self.knowledge.measures[f.measure].includes}
        if part.measure in parts:
            return None
        others = {
            f.value: (other_fact, f)
            for other_fact, f in own
            if f.unit == part.unit
            and not _same_value(f.value, part.value)
            and not self._is_whole(f)
            and f.measure not in parts
        }
        if not others:
            return None
        operands = (Operand(fact, part), *(Operand(*pair) for pair in others.values()))
        result = part.value + sum(others)
        return Computation("total", operands, result, "a stated figure and the operator's others in its unit")

    def _part_and_its_whole(
        self, stated: list[tuple[Fact, Figure]]
    ) -> tuple[tuple[Fact, Figure], tuple[Fact, Figure]] | None:
        """Of the figures a question states, one and the whole that includes it, if it states both."""
        for part in stated:
            for whole in stated:
                if part[1].measure in self.knowledge.measures[whole[1].measure].includes:
                    return part, whole
        return None

    def _sibling_words(self, part: str) -> frozenset[str]:
        """The words of the labels of every part of the wholes that include `part` ("bệnh viện", "tuyến tỉnh")."""
        return frozenset().union(
            *(
                self._measure_words[sibling]
                for whole in self.knowledge.measures.values()
                if part in whole.includes
                for sibling in whole.includes
            )
        )

    def _parts_named_together(self, question: Question, answering: list[Candidate]) -> Computation | None:
        """ "Bao nhiêu trung tâm đặt ở bệnh viện (thành phố lẫn tỉnh, huyện)?": a whole's parts in the unit asked
        that the question's words name equally well, and better than the other parts (the 27 in city hospitals
        and the 150 in province and district hospitals, not the one at the Ministry): their sum. One part
        named best is stated by its fact ("bệnh viện thành phố": 27); all of them is the whole."""
        for candidate in answering:
            figures = candidate.fact.figures
            wholes = [f for f in figures if f"u_{f.unit}" == question.unit and self._is_whole(f)]
            if not wholes:
                continue
            whole = wholes[0]
            parts = [f for f in figures if f.measure in self.knowledge.measures[whole.measure].includes]
            words = set(question.words) - {question.unit} - self._measure_words[whole.measure]
            fit = {f.measure: len(words & self._measure_words[f.measure]) for f in parts}
            best = max(fit.values(), default=0)
            named = [f for f in parts if best and fit[f.measure] == best]
            if 2 <= len(named) < len(parts):
                operands = tuple(Operand(candidate.fact, f) for f in named)
                return Computation("total", operands, sum(f.value for f in named), "the parts the question names")
        return None

    def _part_named(
        self, question: Question, whole: Figure, figures: list[tuple[Fact, Figure]]
    ) -> tuple[Fact, Figure] | None:
        """The one figure of a part of `whole` (a measure it includes) that the question names by words of its
        label no other part's label has ("tuyến tỉnh, huyện" of the 150 in province and district hospitals)."""
        includes = self.knowledge.measures[whole.measure].includes
        words = {w for w in question.words if not w.startswith("u_")}
        labels = {m: self._measure_words.get(m, frozenset()) for m in includes}
        named = [
            (fact, f)
            for fact, f in figures
            if f.measure in includes
            and words & (labels[f.measure] - frozenset().union(*(w for m, w in labels.items() if m != f.measure)))
        ]
        return named[0] if len({f.measure for _, f in named}) == 1 else None

    def _part_of(self, question: Question, answering: list[Candidate]) -> Computation | None:
        """ "Bao nhiêu triệu khách hàng thu nhập thấp?": a fact with a whole (50 million customers) and the
        share of it the question describes (30% on low incomes) gives the part; "không thuộc" the rest."""
        for candidate in answering[:2]:
            figures = candidate.fact.figures
            wholes = [f for f in figures if f"u_{f.unit}" == question.unit or self._people_asked(question, f)]
            shares = [f for f in figures if f.unit == "percent"]
            if not wholes or not shares:
                continue
            whole, share = wholes[0], shares[0]
            said = set(question.words) - self._measure_words.get(whole.measure, frozenset())
            # (the share named by its words, "thu nhập thấp", or by its figure, "30% của 50 triệu khách hàng")
            if not said & self._measure_words.get(share.measure, frozenset()) and share.value not in question.numbers:
                continue  # the question asks the whole itself, not a part of it
            percent = 100 - share.value if _excludes(question) else share.value
            operands = (Operand(candidate.fact, whole), Operand(candidate.fact, share))
            return Computation(
                "part",
                operands,
                whole.value * percent / 100,
                "part of a whole by its share",
                complement=percent != share.value,
            )
        return None

    def _whole_of_share(self, question: Question, candidates: list[Candidate]) -> Computation | None:
        """ "Cả nước có bao nhiêu bệnh viện công?": no figure counts them, but 150 of them are 10% of them
        (measures.yaml `whole`): the whole is worked back from a part and its share."""
        for candidate in candidates:
            if self.signals.year_conflict(question, candidate.fact):
                continue  # "How many public hospitals did Vietnam have in 2023?": the share is of another year's
            figures = candidate.fact.figures
            for share in figures:
                measure = self.knowledge.measures[share.measure]
                if measure.whole_unit is None or f"u_{measure.whole_unit}" != question.unit or not share.value:
                    continue
                if not set(question.words) & self._whole_words[measure.id]:
                    continue  # "Viettel có bao nhiêu bệnh viện?" does not ask the whole the share is of
                part = next((f for f in figures if f.measure == measure.share_of), None)
                if part is not None:
                    operands = (Operand(candidate.fact, part), Operand(candidate.fact, share))
                    return Computation("whole", operands, part.value * 100 / share.value, "a whole from a part's share")
        return None

    def _people_asked(self, question: Question, figure: Figure) -> bool:
        """ "bao nhiêu người?" of a count of customers or patients: they are people."""
        return question.unit == PERSON_UNIT and f"u_{figure.unit}" in self._people_units

    def _most_relevant(self, question: Question, figures: list[tuple[Fact, Figure]]) -> list[tuple[Fact, Figure]]:
        """Distinct measures, the ones the question names first: by a number it states, then by the words of
        the measure's label ("tuyến tỉnh, huyện" -> the centres in province and district hospitals)."""
        words = set(question.words)
        numbers = set(question.numbers) - question.wholes_named  # not "trong 178 trung tâm": what they are of

        def relevance(pair: tuple[Fact, Figure]) -> tuple[bool, int, int, float]:
            fact, figure = pair
            stated = any(abs(figure.value - n) < 1e-9 for n in numbers)
            # On a tie, the headline figure, and the whole before its parts.
            return (
                stated,
                len(words & self._measure_words.get(figure.measure, frozenset())),
                -fact.priority,
                figure.value,
            )

        distinct = list({f.measure: (fact, f) for fact, f in reversed(figures)}.values())[::-1]
        return sorted(distinct, key=relevance, reverse=True)

    def _mean_across(
        self, question: Question, leading: list[Candidate], families: frozenset[str]
    ) -> Computation | None:
        """The mean of one measure over the operators named: their total over their number."""
        total = self._across(question, "total", leading, families)
        if total is None or total.result is None:
            return dataclasses.replace(total, operation="mean") if total is not None else None
        return dataclasses.replace(
            total,
            operation="mean",
            result=total.result / len(total.operands),
            why=total.why.replace("sum of", "mean of"),
        )

    def _averages_across(self, question: Question, families: frozenset[str]) -> Computation | None:
        """ "Per province, did Viettel or VNPT install more cameras?": refused unless each has both figures."""
        counted = question.unit or next(
            (w for w in question.words if w.startswith("u_") and w != question.per_unit), None
        )
        if question.per_unit is None or counted is None:
            return None
        missing = []
        for family in sorted(families):
            # Both figures on one subject: Viettel's 3 programme provinces do not divide its cameras.
            if not any({counted, question.per_unit} <= units for units in self._units.get(family, {}).values()):
                missing.append(self._name(family))
        if missing:
            return Computation(
                "average",
                (),
                None,
                f"no {question.per_unit[2:]} figure for {', '.join(missing)}",
                missing=tuple(missing),
            )
        return None

    def _average(self, question: Question, figures: list[tuple[Fact, Figure]]) -> Computation | None:
        if question.per_unit is None:
            return None
        per = question.per_unit[2:]
        wanted = question.unit[2:] if question.unit else None
        if question.asks_days_between:  # "mỗi tỉnh kéo dài mấy ngày?": days, which no count here gives
            wanted = DAY
        numerators = [
            (fa, f)
            for fa, f in figures
            if f.unit != per and (wanted is None or f.unit == wanted) and f.unit not in ("percent", "day")
        ]
        if not numerators:
            return None
        # The count divided by is of the same subject: cameras are not shared among remote-care facilities.
        pairs = [
            ((fa, f), (fd, d))
            for fa, f in numerators
            for fd, d in figures
            if d.unit == per and (fd is fa or fd.topic == fa.topic) and self._divides_by(d)
        ]
        if not pairs:  # "cameras per province": the articles count the cameras, not the provinces
            return Computation("average", (Operand(*numerators[0]),), None, f"no {per} figure to divide by")
        (fact_n, numerator), (fact, denominator) = next((pair for pair in pairs if pair[0][0] is pair[1][0]), pairs[0])
        return Computation(
            "average",
            (Operand(fact_n, numerator), Operand(fact, denominator)),
            numerator.value / denominator.value,
            f"{numerator.measure} per {per}",
        )

    def _divides_by(self, figure: Figure) -> bool:
        """ "mỗi ngày": a number of days divides only as a duration, not "15 days ahead of the deadline"."""
        return figure.unit != DAY or self.knowledge.measures[figure.measure].duration

    # ---- dates -----------------------------------------------------------------------------------

    def _days_between(self, question: Question, leading: list[Candidate]) -> Computation | None:
        asked_places = {fold(place) for place in question.places}  # as typed, or talked about before
        for candidate in leading[:LEADING_CANDIDATES]:
            fact = candidate.fact
            dated = [d for d in fact.dates if d.day is not None and d.month is not None]
            if len(dated) < 2:
                continue
            if len(fact.places) >= len(dated):  # the i-th date is the i-th place's
                pairs = [(fold(p) in asked_places, p, d) for p, d in zip(fact.places, dated, strict=False)]
                named = [(p, d) for hit, p, d in pairs if hit]
                chosen = named if len(named) >= 2 else [(p, d) for _, p, d in pairs]
            else:
                chosen = [("", d) for d in dated]
            in_turn = len(chosen) >= 3 and ("c_average" in question.compare or len(asked_places) >= 3)
            gaps = {(_as_date(b) - _as_date(a)).days for (_, a), (_, b) in itertools.pairwise(chosen)}
            if in_turn and len(gaps) == 1:
                chosen = chosen[:2]  # "Hà Giang, Lai Châu, Điện Biên cách nhau (mỗi đợt) mấy ngày?": each to the next
            (label_a, a), (label_b, b) = chosen[0], chosen[-1]
            days = abs((_as_date(b) - _as_date(a)).days)
            operands = (Operand(fact, date=a, label=label_a), Operand(fact, date=b, label=label_b))
            return Computation("days_between", operands, float(days), "days between two dates")
        if "c_days_between" not in question.compare:
            return None
        # Two facts, each with one full date: "Viettel and MobiFone gave ventilators how many days apart?"
        dated_facts = [
            (candidate.fact, dates[0])
            for candidate in leading[:LEADING_CANDIDATES]
            if len(dates := [d for d in candidate.fact.dates if None not in (d.day, d.month, d.year)]) == 1
        ]
        if len(dated_facts) >= 2:
            (first, a), (second, b) = sorted(dated_facts[:2], key=lambda pair: _as_date(pair[1]))
            days = (_as_date(b) - _as_date(a)).days
            operands = (
                Operand(first, date=a, label=self._name(first.operators[0])),
                Operand(second, date=b, label=self._name(second.operators[0])),
            )
            return Computation("days_between", operands, float(days), "days between the dates of two facts")
        # Asked outright, and no two full dates (MobiFone's 3/6 has no year): refused, not answered with a date.
        return Computation("days_between", (), None, "no facts give two full dates to count between")

    def _time_between(self, operation: str, leading: list[Fact]) -> Computation:
        """ "Từ chương trình 2013 đến khi trao 178 trung tâm cách nhau mấy năm?": the two best-fitting facts
        on two subjects, each dated to the year (months: to the month), by its own dates or its article's."""
        months = operation == "months_between"
        dated: list[tuple[Fact, FactDate]] = []
        for candidate in leading[: 2 * LEADING_CANDIDATES]:  # the second subject may fit the words less well
            when = self._when(candidate, months)
            if when is not None and all(candidate.topic != fact.topic for fact, _ in dated):
                dated.append((candidate, when))
        if len(dated) < 2:
            return Computation(operation, (), None, "no two facts on two subjects dated to count between")
        (first, a), (second, b) = sorted(dated[:2], key=lambda pair: (pair[1].year or 0, pair[1].month or 0))
        assert a.year is not None and b.year is not None  # _when dates to the year at least
        apart = (b.year - a.year) * 12 + (b.month or 0) - (a.month or 0) if months else b.year - a.year
        operands = (Operand(first, date=a), Operand(second, date=b))
        return Computation(operation, operands, float(apart), f"{operation.split('_')[0]} between two facts' dates")

    def between_stated_dates(self, question: Question) -> Computation | None:
        """ "Từ tháng 6/2013 đến tháng 9/2020 là bao nhiêu tháng?", "từ 2/11/2013 đến 28/9/2020 bao nhiêu ngày?": the
        two dates the question states, each a fact's (to the day, or the month), counted between as asked."""
        operation = next((c[2:] for c in question.compare if c in _BETWEEN_STATED), None)
        if operation is None:
            return None
        stated = _stated_dates(question.text)
        if len(stated) < 2:  # (one date and a place: "từ Hà Giang (2/11/2013) đến Lai Châu", the usual readings)
            return None
        if len(stated) > 2 or (operation == "days_between" and any(d.day is None for d in stated)):
            # "Từ tháng 6/2013 đến 28/9/2020 là bao nhiêu ngày?": not two other dates of the best fact either
            return Computation(operation, (), None, "dates stated that cannot be counted between as asked")
        dated = [self._fact_dated(date) for date in stated]
        if None in dated:  # "từ 1/1/2020 đến 28/9/2020?": a date no fact gives, no count about the articles
            return Computation(operation, (), None, "a date stated that no article gives")
        (a_fact, a), (b_fact, b) = sorted(
            (pair for pair in dated if pair is not None), key=lambda pair: _as_date(pair[1])
        )
        assert a.year is not None and b.year is not None and a.month is not None and b.month is not None
        apart = {
            "days_between": (_as_date(b) - _as_date(a)).days,
            "months_between": (b.year - a.year) * 12 + b.month - a.month,
            "years_between": b.year - a.year,
        }[operation]
        operands = (Operand(a_fact, date=a), Operand(b_fact, date=b))
        computation = Computation(
            operation, operands, float(apart), f"{operation.split('_')[0]} between two dates stated"
        )
        return _in_weeks(question, computation) if operation == "days_between" else computation

    def _fact_dated(self, stated: FactDate) -> tuple[Fact, FactDate] | None:
        """The first fact with this date (to the day when the day is stated), and the date as stated."""
        for fact in self.knowledge.facts.values():
            for date in fact.dates:
                same_day = stated.day is None or date.day == stated.day
                if same_day and (date.month, date.year) == (stated.month, stated.year):
                    return fact, stated
        return None

    def _when(self, fact: Fact, months: bool) -> FactDate | None:
        """The earliest date of a fact to the year (or to the month), its article's year filling in."""
        article_year = min(self.signals.profile[fact.id].years, default=None)
        for date in sorted(fact.dates, key=lambda d: (d.year or article_year or 0, d.month or 0)):
            year = date.year or article_year
            if year is not None and (date.month is not None or not months):
                month = date.month if months else None
                return FactDate(None, month, year, f"{month}/{year}" if month else str(year))
        if not months and article_year is not None:
            return FactDate(None, None, article_year, str(article_year))
        return None


def _excludes(question: Question) -> bool:
    """ "không thuộc", "ngoài", "not", "other than": the rest of a whole."""
    words = f" {' '.join(question.folded)} "
    return any(f" {phrase} " in words for phrase in _EXCLUDING)


_EXCLUDING = ("khong thuoc", "khong phai", "con lai", "not", "other than", "the rest", "apart from")


def _selects(question: Question) -> bool:
    """ "Nhà mạng nào ...", "which operator ...", "who gave more ...": a question that picks one."""
    words = f" {fold(question.text)} "
    return any(f" {word} " in words for word in _SELECTORS) or not {"q_person", "q_operator", "q_operators"}.isdisjoint(
        question.asks
    )


# (and who gave, described: "how much did the biggest donor give?")
_SELECTORS = ("nao", "which", "who", "ai", "donor", "donors", "contributor", "contributors")


def _has_figures(candidate: Candidate) -> bool:
    """A fact a calculation may use: one that answers, or is refused only for the unit it states figures in."""
    return candidate.refused is None or candidate.refused.startswith("gives no figure in")


def _of_another_year(candidate: Candidate) -> bool:
    """Refused for the date or year a question names: in a count of years between, it dates the other side."""
    return candidate.refused is not None and candidate.refused.startswith("is about")


def _besides(question: Question) -> bool:
    """ "Ngoài 200 tỷ ...", "besides the 200 billion", "trừ quỹ vắc xin": a part set aside (lexicon `set_aside`)."""
    return question.set_aside_from is not None


def _same_value(value: float, said: float) -> bool:
    return abs(value - said) <= 0.01 * max(abs(value), 1.0)


_BETWEEN_STATED = ("c_days_between", "c_months_between", "c_years_between")
_FULL_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_MONTH_OF_YEAR = re.compile(r"\b(\d{1,2})/(\d{4})\b")


def _stated_dates(text: str) -> list[FactDate]:
    """The dates a text states with their year, in order: "2/11/2013" to the day, "6/2013" to the month."""
    found = [
        (m.start(), FactDate(int(d), int(mo), int(y), m.group(0)))
        for m in _FULL_DATE.finditer(text)
        for d, mo, y in [m.groups()]
    ]
    rest = _FULL_DATE.sub(lambda m: " " * len(m.group(0)), text)
    found += [
        (m.start(), FactDate(None, int(mo), int(y), m.group(0)))
        for m in _MONTH_OF_YEAR.finditer(rest)
        for mo, y in [m.groups()]
    ]
    return [date for _, date in sorted(found, key=lambda pair: pair[0]) if 1 <= (date.month or 0) <= 12]


def _as_date(date: FactDate) -> datetime.date:
    # Without a year, any non-leap year gives the same count within a year.
    return datetime.date(date.year or 2001, date.month or 1, date.day or 1)


def _in_weeks(question: Question, computation: Computation | None) -> Computation | None:
    """ "cách nhau mấy tuần?": the days counted, shown in weeks too."""
    if computation is None or not question.in_weeks:
        return computation
    return dataclasses.replace(computation, in_weeks=True)
