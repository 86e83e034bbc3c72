"""The stages joined: a Question and the dialogue's preferences in, a Decision out."""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, replace

from bot.answering.analysis import ASKED_PEOPLE, ATTRIBUTE_KINDS, WHOLE_WORD, Analyser, Question
from bot.answering.arithmetic import WHOLE_AGAINST_PART, Arithmetic, Computation, Operand
from bot.answering.index import FactIndex, Scored
from bot.answering.language import Language
from bot.answering.policy import Decision, Policy
from bot.answering.signals import ASKS_A_SPEAKER, Candidate, Preferences, Signals
from bot.answering.tuning import DEFAULT_TUNING, Tuning
from bot.knowledge import Fact, Figure, Knowledge
from bot.text import fold

NO_PREFERENCES = Preferences()
# Comparisons whose two sides may be read apart, and what they compute.
_SIDED = {
    "c_more": "difference",
    "c_less": "difference",
    "c_difference": "difference",
    "c_ratio": "ratio",
    "c_total": "total",
    "c_share": "share",
}
STATED_OPERANDS = 2  # figures a question states to be added, subtracted or compared
OTHERS_KEPT = 4  # candidates about other operators kept, to tell "another operator's subject"
SET_ASIDE_WORDS = 3  # the words after "ngoài" that name what is set aside
_LISTS = frozenset({"q_list", "q_what", "q_how"})
_ACROSS = frozenset({"more", "less", "most", "least", "difference", "ratio", "total"})  # two things compared


@dataclass(frozen=True)
class Outcome:
    decision: Decision
    candidates: tuple[Candidate, ...]  # what the policy looked at, best first


ARTICLE_FIT = 2  # words of its title (a year counts two) that name an article
SHARED_FACT_DISCOUNT = 0.01  # an overview rates a fact of several operators a little under one of the operator alone


class Pipeline:
    def __init__(self, knowledge: Knowledge, tuning: Tuning = DEFAULT_TUNING):
        self.knowledge = knowledge
        self.tuning = tuning
        self.language = Language(knowledge, tuning)
        self.analyser = Analyser(self.language)
        self.facts = list(knowledge.facts.values())
        self.index_of = {fact.id: index for index, fact in enumerate(self.facts)}
        self.index = FactIndex(self.facts, self.analyser, tuning)
        # The positions each person's title holds ("phó tổng giám đốc"): who holds a position asked
        positions_of = {
            person.id: frozenset(
                position
                for title in person.title.values()
                for position in self.language.positions_named(fold(title).split())
            )
            for person in knowledge.people.values()
        }
        located_words = {
            fact.id: tuple(self.analyser.analyse(place, correct_typos=False).words for place in fact.located_at)
            for fact in self.facts
            if fact.located_at
        }
        self.signals = Signals(knowledge, tuning, positions_of, located_words)
        # Each fact's operator families, by its index: looked up for every fact a question scores
        self.families_of_fact = [self.signals.families_of(fact) for fact in self.facts]
        # The facts stating each figure: a check of a figure ("Is it true VNPT built the 178 centres?") keeps the
        # other operator's fact stating it among the candidates, to say whose it is
        self.facts_stating: dict[float, list[int]] = defaultdict(list)
        for index, fact in enumerate(self.facts):
            for figure in fact.figures:
                self.facts_stating[figure.value].append(index)
        # Facts by family, by the exact operator and by person, each list headline facts first: a question
        # that only names someone, or an overview, never scans the whole knowledge base.
        self.by_family: dict[str, list[int]] = defaultdict(list)
        self.by_operator: dict[str, list[int]] = defaultdict(list)
        self.by_person: dict[str, list[int]] = defaultdict(list)
        self.by_place: dict[str, list[int]] = defaultdict(list)  # folded
        self.headlines: list[int] = []
        for index in sorted(range(len(self.facts)), key=lambda i: self.facts[i].priority):
            fact = self.facts[index]
            for family in self.signals.families_of(fact):
                self.by_family[family].append(index)
            for operator in fact.operators:
                self.by_operator[operator].append(index)
            for person in fact.people:
                self.by_person[person].append(index)
            for place in fact.places:
                self.by_place[fold(place)].append(index)
            if fact.priority == 1:
                self.headlines.append(index)
        # Each article's facts, and what names it: its title's words, and the years it is dated or set in
        self.by_source: dict[str, list[int]] = defaultdict(list)
        for index, fact in enumerate(self.facts):
            for source in dict.fromkeys(evidence.source for evidence in fact.evidence):  # each article it quotes
                self.by_source[source].append(index)
        self._article_words = {
            source.file: frozenset(self.analyser.analyse(source.title, correct_typos=False).words)
            for source in knowledge.sources.values()
        }
        self._article_years = {
            source.file: frozenset(y for y in (source.year, int(source.date[:4]) if source.date else None) if y)
            for source in knowledge.sources.values()
        }
        provinces = frozenset((knowledge.lexicon.get("places") or {}).keys())
        regions = frozenset((knowledge.lexicon.get("regions") or {}).keys())
        parts_of = {measure.id: measure.includes for measure in knowledge.measures.values()}
        self.policy = Policy(
            tuning, self.signals.family, self._unit_facts(), knowledge.facts, provinces, regions, parts_of
        )
        units = knowledge.lexicon.get("units") or {}
        self.counted_units = frozenset(unit for unit, entry in units.items() if entry.get("kind") == "count")
        self.arithmetic = Arithmetic(knowledge, self.signals, self.analyser)
        # Every figure by value, in the facts' order among equal values: a number a question states is
        # looked up, not compared with every figure (a hundred-fold base has tens of thousands).
        figures = sorted(
            (
                (figure.value, position, fact, figure)
                for position, (fact, figure) in enumerate((fact, f) for fact in self.facts for f in fact.figures)
            ),
            key=lambda entry: (entry[0], entry[1]),
        )
        self._figure_values = [value for value, _, _, _ in figures]
        self._figures_by_value = [(position, fact, figure) for _, position, fact, figure in figures]

    def _unit_facts(self) -> dict[str, frozenset[str]]:
        """Each unit named after a place (VNPT Nam Định): the facts naming it, and its group's set there."""
        placed: dict[tuple[str, tuple[str, ...]], list[str]] = defaultdict(list)  # (family, place): facts
        for fact in self.facts:
            for name in fact.places:
                for family in self.signals.families_of(fact):
                    placed[family, tuple(fold(name).split())].append(fact.id)
        facts_of: dict[str, frozenset[str]] = {}
        for units in self.language.unit_in_place.values():
            for place, unit in units:
                named = (self.facts[i].id for i in self.by_operator.get(unit, ()))
                # a place by any of its names ("nam dinh", "nd"): the facts of each
                facts_of[unit] = facts_of.get(unit, frozenset()).union(
                    named, placed.get((self.knowledge.family(unit), place), ())
                )
        return facts_of

    def analyse(self, text: str) -> Question:
        return self.analyser.analyse(text)

    def candidates(self, question: Question, preferences: Preferences = NO_PREFERENCES) -> list[Candidate]:
        scored = self.index.score(question) or self._named_only(question)
        if preferences.facts:  # "ai nói câu đó?": the answer just given is a candidate, whatever its words
            scored = self._with_previous_answer(scored, preferences.facts)
        if preferences.topic and question.operators and set(question.operators) != set(preferences.operators):
            # "and Viettel?": Viettel's facts on the subject talked about are candidates, whatever their words
            scored = self._with_topic_of(scored, preferences.topic, question.operators)
        if question.overview or question.of_a_place or ("q_list" in question.asks and question.operators):
            scored = self._with_headlines(question, scored)
        # "Which Viettel executives are quoted?", "ai phát biểu?": the people's facts are candidates too
        # ("Who was heading Viettel when ...?": who held a post, asked of an event that names no one)
        speaker = question.asked & ASKS_A_SPEAKER or question.asks_who_held_a_post
        if ASKED_PEOPLE in question.asked or (speaker and question.operators):
            scored = self._with_facts(scored, self._people_facts(question.operators))
        articles = self._articles_of(preferences.facts) if preferences.in_its_articles else []
        article_named = self._article_named(question)
        articles += [article_named] if article_named is not None else []
        if articles:  # "... trong bài về quỹ vắc xin", "bài đó ...": that article's facts, if any fits
            in_article = frozenset(i for article in articles for i in self.by_source[article])
            scored = [s for s in scored if s.index in in_article] or scored
        index = self.index
        named = self.signals.families(question.operators)
        # The signals are weighed for the best facts about the operator named and a few about others
        # only: the operator's own facts are never crowded out, and the others are there to compare with.
        # (twice as many for a follow-up, a person, or an overview of a place: each operator's work there; for an
        # overview of several operators, as many times as they are: each one's own)
        of_a_place = question.of_a_place
        window = self.tuning.max_candidates * (2 if preferences.topic or question.people or of_a_place else 1)
        of_several = question.overview and len(named) >= 2
        if of_several:
            window = self.tuning.max_candidates * len(named)
        fitting: list[Scored] = []
        others: list[Scored] = []
        if not named:  # no operator named: every fact fits
            fitting = scored[:window]
        checked = self._stating(question.numbers) if question.yesno and named else frozenset()
        for scored_fact in scored if named else ():
            fits = not named.isdisjoint(self.families_of_fact[scored_fact.index])  # as signals.fits_operator
            (fitting if fits else others).append(scored_fact)
            if len(fitting) >= window and len(others) >= OTHERS_KEPT:
                break
        fitting, others = fitting[:window], others[:OTHERS_KEPT]
        if checked:  # (only a check of a figure some fact states: a pass over the scored facts)
            already = {s.index for s in others}
            others += [
                s
                for s in scored
                if s.index in checked and s.index not in already and named.isdisjoint(self.families_of_fact[s.index])
            ]
        candidates = [
            self.signals.candidate(
                question,
                s,
                self.facts[s.index],
                index.asked_in_examples[s.index],
                preferences,
                index.units_mentioned[s.index],
                named,
            )
            for s in fitting + others
        ]
        candidates.sort(key=lambda c: c.score, reverse=True)
        if preferences.operators and not question.operators:
            candidates = self._prefer_operators(candidates, preferences.operators)
        # The operator's own facts are never crowded out by others'; a few others stay to compare with.
        kept = [c for c in candidates if c.fits_operator][
            : window if of_a_place or of_several else self.tuning.max_candidates
        ]
        kept_others = [c for c in candidates if not c.fits_operator]
        kept_others = kept_others[:OTHERS_KEPT] + [
            c for c in kept_others[OTHERS_KEPT:] if self.index_of.get(c.fact.id) in checked
        ]
        return sorted(kept + kept_others, key=candidates.index)

    def _articles_of(self, fact_ids: tuple[str, ...]) -> list[str]:
        """The articles the facts are from (each fact's first evidence)."""
        facts = self.knowledge.facts
        return list(dict.fromkeys(facts[i].evidence[0].source for i in fact_ids if i in facts))

    def _article_named(self, question: Question) -> str | None:
        """The article a question names by its subject or its year ("bài về quỹ vắc xin", "the 2013 article"),
        when one fits better than every other."""
        if not question.article_said or question.compare or question.article_talked_about:
            return None  # (a comparison may well be between two articles' events; "bài đó": see _articles_of)
        said = self.analyser.analyse(" ".join(question.article_said), correct_typos=False)
        words, years = set(said.words), set(question.years)
        fit = sorted(
            (len(words & self._article_words[file]) + 2 * len(years & self._article_years[file]), file)
            for file in self._article_words
        )
        if not fit or fit[-1][0] < ARTICLE_FIT or (len(fit) > 1 and fit[-2][0] == fit[-1][0]):
            return None  # (one word in common, "nhà mạng", names no article)
        return fit[-1][1]

    def _stating(self, numbers: tuple[float, ...]) -> frozenset[int]:
        """The facts with a figure a question states (as written: "178", "2.400")."""
        return frozenset(index for number in numbers for index in self.facts_stating.get(number, ()))

    def _people_facts(self, operators: tuple[str, ...]) -> list[int]:
        families = self.signals.families(operators)
        people = self.knowledge.people
        return [
            index
            for person, indexes in self.by_person.items()
            if person in people and (not families or self.knowledge.family(people[person].operator) in families)
            for index in indexes
        ]

    def _with_previous_answer(self, scored: list[Scored], fact_ids: tuple[str, ...]) -> list[Scored]:
        return self._with_facts(scored, [self.index_of[i] for i in fact_ids if i in self.index_of])

    def _with_topic_of(self, scored: list[Scored], topic: str, operators: tuple[str, ...]) -> list[Scored]:
        # The operator's own facts (not a unit's, nor facts shared with others): their words did not fit.
        on_topic = [i for op in operators for i in self.by_operator[op] if self.facts[i].topic == topic]
        return self._with_facts(scored, on_topic)

    def _with_facts(self, scored: list[Scored], indexes: list[int]) -> list[Scored]:
        """These facts among the scored ones, at the least score a candidate has, if their words did not fit:
        first, so that no window leaves them out (the candidates are ranked by their score after)."""
        present = {s.index for s in scored}
        missing = [index for index in dict.fromkeys(indexes) if index not in present]
        return [Scored(index, self.tuning.min_score, 0.0, 0.0) for index in missing] + scored

    def _with_headlines(self, question: Question, scored: list[Scored]) -> list[Scored]:
        """An overview also considers the headline facts of the operator named (of every operator, when
        none is), rated by how well their article fits the question: "Viettel đã làm gì chống dịch?"
        gets the vaccine fund and the cameras, not the 2013 programme, even when its words fit none."""
        families = self.signals.families(question.operators)
        # A unit named (VNPT Nam Định) that has facts of its own: its own, not its group's headlines.
        exact = {op for op in question.operators if op in self.by_operator} - families
        if exact:  # its own facts first, then its group's set in its place ("VNPT" in the Nam Định article)
            unit_facts = self.policy.unit_facts
            there = [self.index_of[i] for op in exact for i in sorted(unit_facts.get(op, ())) if i in self.index_of]
            pool = list(dict.fromkeys([*(i for op in exact for i in self.by_operator[op]), *there]))
        elif families:
            pool = [i for family in families for i in self.by_family[family]]
        elif question.places:  # "các nhà mạng ở Nam Định đã làm gì?": the facts there
            pool = [i for place in question.places for i in self.by_place.get(fold(place), ())]
        else:
            pool = self.headlines
        base = self.tuning.named_only_score
        by_index = {s.index: s for s in scored}
        fit_of: dict[str, float] = {}  # by article: every headline fact of one article fits alike
        # A unit's most central facts are its headlines, though none is the group's (priority 1).
        top = min((self.facts[index].priority for index in pool), default=1)
        for index in pool:
            fact = self.facts[index]
            if fact.priority != top:
                continue
            source = fact.evidence[0].source
            if source not in fit_of:
                fit_of[source] = self.index.article_fit(question, fact)
            rating = base * (0.5 + 0.5 * fit_of[source])
            if len(self.families_of_fact[index]) > 1:
                rating -= SHARED_FACT_DISCOUNT  # what the operator did alone before what it did with others
            if index not in by_index or by_index[index].score < rating:
                by_index[index] = Scored(index, rating, 0.0, 0.0)
        return sorted(by_index.values(), key=lambda s: s.score, reverse=True)

    def _named_only(self, question: Question) -> list[Scored]:
        """A question that only names an operator or a person: their facts, headline facts first."""
        if not (question.operators or question.people):
            return []
        families = self.signals.families(question.operators)
        named = list(
            dict.fromkeys(
                [
                    *(i for family in families for i in self.by_family[family]),
                    *(i for person in question.people for i in self.by_person[person]),
                ]
            )
        )
        own = [i for i in named if set(question.operators) & set(self.facts[i].operators)]
        if own and not set(question.operators) <= families:
            named = own  # a unit named (Viettel Nam Định) that has facts of its own: its own
        base = self.tuning.named_only_score

        def rating(fact: Fact) -> float:
            # The unit named itself (Viettel Nam Định) before its family; headline facts, then facts with figures.
            exact = not question.operators or bool(set(question.operators) & set(fact.operators))
            return base - 0.1 * (fact.priority - 1) - (0 if exact else 0.2) + (0.01 if fact.figures else 0)

        return sorted((Scored(i, rating(self.facts[i]), 0.0, 0.0) for i in named), key=lambda s: -s.score)

    def _two_sided(self, question: Question) -> Computation | None:
        """ "[VNPT's target cameras] gấp mấy lần [the cameras Viettel installed]?": each side read as a
        question of its own, when each says what it counts."""
        operation = _SIDED.get(question.compare[0]) if question.compare else None
        if operation is None or question.yesno:
            return None
        tokens = list(question.folded)
        splits = self.language.compare_sides.matches(tokens)
        if not splits:
            return None
        start, end, _ = splits[-1]
        parts = (tokens[:start], tokens[end:])
        if parts[0][:1] == ["cong"] and self.language.adds_up(question.text):
            parts = (parts[0][1:], parts[1])  # "cộng [trung tâm] với [cơ sở]": the first side after "cộng"
        if min(len(part) for part in parts) < 2:
            return None  # "cộng với số trung tâm ...": the word before is the operation, not a side
        sides = [self.analyser.analyse(" ".join(part)) for part in parts]
        if not all(set(side.words) - {WHOLE_WORD} for side in sides):
            return None  # "... hơn (tổng) của MobiFone bao nhiêu?": one side is only an operator
        if not all(side.operators for side in sides) and len(question.operators) != 1:
            return None
        # A side says less than the whole question ("... than Viettel has installed"): it counts the same thing.
        found = [
            self._side_fact(
                replace(side, operators=side.operators or question.operators, unit=side.unit or question.unit)
            )
            for side in sides
        ]
        first, second = found
        if first is None or second is None or first is second:
            return None
        units = tuple(side.unit or next((w for w in side.words if w.startswith("u_")), None) for side in sides)
        computation = self.arithmetic.between(operation, first, second, question.unit, units)
        if computation is None:
            return None
        for side, operand in zip(sides, computation.operands, strict=True):
            figure = operand.figure
            if WHOLE_WORD in side.words and (figure is None or not self.knowledge.measures[figure.measure].includes):
                return None  # "... hơn tổng của Viettel": a whole the articles do not state for Viettel
        return self._each_operator_named(computation)

    def _each_operator_named(self, computation: Computation) -> Computation:
        """ "MobiFone, đóng góp vào Quỹ vắc xin: 200 tỷ; Viettel, ...: 19 tỷ": two operators' figures, each named."""
        first, second = (o.fact for o in computation.operands)
        if self.signals.families_of(first) == self.signals.families_of(second):
            return computation
        named = tuple(replace(o, label=self.arithmetic.operator_label(o.fact)) for o in computation.operands)
        return replace(computation, operands=named)

    def _side_fact(self, side: Question) -> Fact | None:
        for candidate in self.candidates(side):
            if candidate.answers and candidate.fits_operator and candidate.fact.figures:
                return candidate.fact if candidate.score >= self.tuning.unsure_floor else None
        return None

    def _states_the_figures_compared(self, question: Question, computation: Computation) -> bool:
        """Figures a comparison states are among those compared, or of their measure at least."""
        if computation.result is None or computation.operation not in _ACROSS:
            return True
        figures = [o.figure for o in computation.operands if o.figure is not None]
        measures = {f.measure for f in figures}
        for number in set(question.numbers) - question.wholes_named:  # "trong 178 trung tâm": no side
            if number in question.years or any(abs(f.value - number) <= 0.01 * f.value for f in figures):
                continue
            stated_as = {f.measure for f in self._figures_of_value(number)}
            if stated_as and not stated_as & measures:
                return False
        return True

    def _of_an_attribute(self, question: Question) -> bool:
        kinds = self.language.unit_kind
        return any(kinds.get(word) in ATTRIBUTE_KINDS for word in question.words)

    def _figures_of_value(self, number: float) -> list[Figure]:
        return [figure for _, figure in self._stated_as(number)]

    def _stated_as(self, number: float) -> list[tuple[Fact, Figure]]:
        """The figures within 1% of the number (within 0.01 under 1), with their facts, in the facts' order."""
        # Every such value lies in [low, high]: the figures there are tested exactly as before.
        bounds = (number - 0.01, number + 0.01, number / 1.01, number / 0.99)
        low, high = min(bounds), max(bounds)
        low, high = low - abs(low) * 1e-9, high + abs(high) * 1e-9  # rounding never leaves one out
        start = bisect.bisect_left(self._figure_values, low)
        end = bisect.bisect_right(self._figure_values, high)
        near = sorted(self._figures_by_value[start:end], key=lambda entry: entry[0])
        return [(fact, f) for _, fact, f in near if abs(f.value - number) <= 0.01 * max(f.value, 1)]

    def _of_stated_figures(self, question: Question, candidates: list[Candidate]) -> Computation | None:
        """ "mbf góp 200 tỷ, vt góp 19 tỷ, chênh bn?": two figures the question states, each of one value of the
        operators named, in one unit: computed as stated, citing the fact that fits the question best."""
        operation = _SIDED.get(question.compare[0]) if question.compare else None
        numbers = [n for n in question.numbers if n not in question.years]
        if operation is None or question.yesno or len(numbers) != STATED_OPERANDS:
            return None
        families = self.signals.families(question.operators)
        operands = []
        for number in numbers:
            stated = [
                (fact, figure)
                for fact, figure in self._stated_as(number)
                if not families or self.signals.families_of(fact) & families
            ]
            if len({(figure.value, figure.unit) for _, figure in stated}) != 1:
                return None  # stated by no fact, or as several things: which one is meant?
            fit = {id(c.fact): rank for rank, c in enumerate(candidates)}
            operands.append(min(stated, key=lambda pair: fit.get(id(pair[0]), len(fit))))
        (first, a), (second, b) = operands
        if a.unit != b.unit or a.measure == b.measure:
            return None  # two different things, or one figure said twice: the usual comparisons decide
        if self.arithmetic.whole_against_part((first, a), (second, b)):
            return Computation(operation, (), None, WHOLE_AGAINST_PART)
        computation = self.arithmetic.of_figures(operation, (first, a), (second, b))
        return self._each_operator_named(computation) if computation is not None else None

    def _set_aside(self, question: Question) -> Fact | None:
        """The fact a list or overview sets aside by its words ("ngoài quỹ vắc xin", "besides the fund"):
        the best fit of the few words after "ngoài", for the operator asked. Not in a calculation, where the
        part set aside is an operand ("Ngoài 200 tỷ ..., thêm bao nhiêu?")."""
        calculates = bool(question.numbers or question.compare) or "q_amount" in question.asks
        if calculates or not (question.overview or _LISTS & set(question.asks)):
            return None
        words = question.set_aside_words(SET_ASIDE_WORDS)
        if not words:
            return None
        clause = self.analyser.analyse(" ".join(words))
        clause = replace(clause, operators=clause.operators or question.operators)
        best = next((c for c in self.candidates(clause) if c.answers), None)
        # Only a headline is set aside from a list of what was done: "ngoài thuốc còn tặng gì?" is answered by
        # the fact that says "ngoài tặng thuốc", a detail
        if best is None or best.score < self.tuning.answer_threshold or best.fact.priority != 1:
            return None
        return best.fact

    def _without_the_figure_set_aside(self, question: Question, candidates: list[Candidate]) -> list[Candidate]:
        """ "Ngoài 19 tỷ góp xây trung tâm, Viettel còn góp quỹ vắc xin bao nhiêu?": nothing computed, a fact
        stating only the figure set aside is not what is asked (its words fit the clause), when another answers."""
        stated = self.analyser.analyse(" ".join(question.set_aside_words(SET_ASIDE_WORDS))).numbers
        # (a fact with another figure beside it may be what is asked: "Besides the 178 centres, what else ...?")
        kept = [c for c in candidates if not (c.fact.figures and all(f.value in stated for f in c.fact.figures))]
        return kept if stated and any(c.answers for c in kept) else candidates

    def _with_the_answer(self, candidates: list[Candidate], answer_id: str, question: Question) -> Computation | None:
        """The answer's key figure and another of its operator's figures in the same unit, named by the
        question: another measure (not the one said again, not a part of the other), another value."""
        answer = self.knowledge.facts.get(answer_id)
        key = self._key_figure(answer, question) if answer is not None else None
        if answer is None or key is None:
            return None
        if question.unit == "u_percent" and any(
            c.answers and any(f.unit == "percent" for f in c.fact.figures) for c in candidates[:1]
        ):
            return None  # "số đó chiếm bao nhiêu % bệnh viện công?": a share the articles state
        measures = self.knowledge.measures
        for candidate in candidates:
            if candidate.fact is answer or not candidate.answers or candidate.score < self.tuning.unsure_floor:
                continue
            for figure in candidate.fact.figures:
                if question.numbers and not any(abs(figure.value - n) <= 0.01 * figure.value for n in question.numbers):
                    continue  # "200 tỷ chiếm mấy % trong đó?": the figure it states
                related = figure.measure == key.measure
                if "c_total" in question.compare:  # a whole and its part are not added up
                    related = related or figure.measure in measures[key.measure].includes
                    related = related or key.measure in measures[figure.measure].includes
                # the same unit, or another count the question names ("plus the consultation centres")
                named = f"u_{figure.unit}" in question.words and {figure.unit, key.unit} <= self.counted_units
                if (figure.unit == key.unit or named) and not related and figure.value != key.value:
                    if self.arithmetic.whole_against_part((answer, key), (candidate.fact, figure)):
                        return Computation(question.compare[0][2:], (), None, WHOLE_AGAINST_PART)
                    return self.arithmetic.combine(question, Operand(answer, key), Operand(candidate.fact, figure))
        return None

    def _key_figure(self, answer: Fact, question: Question) -> Figure | None:
        """The figure of the answer the follow-up builds on: not one in the unit it names (that is the other
        side), else the answer's first count or amount."""
        named = {word[2:] for word in question.words if word.startswith("u_")}
        figures = [f for f in answer.figures if f.unit != "percent"]
        return next((f for f in figures if f.unit not in named), figures[0] if figures else None)

    def measure_given(self, asked: Question | None, facts: tuple[Fact, ...]) -> str | None:
        """The measure of the one figure of an answer's fact that the question as asked (not made whole with
        the one before) named by its label ("bao nhiêu ở bệnh viện thành phố?": the 27 of the 178), when the
        fact has several."""
        if asked is None or not facts or len(facts[0].figures) < 2:
            return None  # (of an answer of several facts, its first: the one that fits best)
        return self.arithmetic.measure_named(asked, facts[0])

    def facts_about(self, operators: tuple[str, ...]) -> list[Fact]:
        """The facts about these operators' families, headline facts first."""
        families = self.signals.families(operators)
        return [self.facts[i] for i in dict.fromkeys(i for family in families for i in self.by_family[family])]

    def _prefer_operators(self, candidates: list[Candidate], operators: tuple[str, ...]) -> list[Candidate]:
        """Facts about the previous question's operator come first unless another fits clearly better."""
        families = self.signals.families(operators)
        about = [c for c in candidates if c.answers and not families.isdisjoint(self.signals.families_of(c.fact))]
        best = next((c for c in candidates if c.answers), None)
        if about and best is not None and about[0].score >= best.score - self.tuning.context_margin:
            return [*about, *(c for c in candidates if c not in about)]
        return candidates

    def decide(self, question: Question, preferences: Preferences = NO_PREFERENCES) -> Outcome:
        if preferences.restate:  # "nguồn?": the answer just given, whose reply shows its sources
            facts = tuple(self.knowledge.facts[i] for i in preferences.facts if i in self.knowledge.facts)
            reasons = ("the source of the answer just given was asked",)
            return Outcome(Decision("answer", facts, confidence=1.0, reasons=reasons), ())
        candidates = self.candidates(question, preferences)
        if self.signals.side_never_named(question):
            reasons = ("the question names the other side of an opposite, which no fact names",)
            decision = Decision("not_stated", operators=question.operators, reasons=reasons)
            return Outcome(decision, tuple(candidates))
        set_aside = self._set_aside(question)
        if set_aside is not None:  # "Ngoài quỹ vắc xin, Viettel còn hỗ trợ bằng những gì?": not the fund again
            candidates = [c for c in candidates if c.fact is not set_aside]
        computation = None
        if preferences.answers_to_compare:
            answers = [self.knowledge.facts[i] for i in preferences.answers_to_compare if i in self.knowledge.facts]
            # (not of a year the answers are not of: "năm 2022 họ góp thêm bao nhiêu?" after the fund and the total)
            if not any(self.signals.year_conflict(question, fact) for fact in answers):
                computation = self.arithmetic.over_answers(question, answers, preferences.measures_given)
        # Each side of a comparison described on its own ("MobiFone's total ... than Viettel's fund gift")
        # says which figures to compare better than the operators' figures of the best-fitting measure.
        if computation is None and preferences.compare_with_answer and preferences.facts:
            computation = self._with_the_answer(candidates, preferences.facts[0], question)
        computation = (
            computation
            or self._two_sided(question)
            or self.arithmetic.between_stated_dates(question)
            or self._of_stated_figures(question, candidates)
            or self.arithmetic.compute(question, candidates)
        )
        if computation is not None and not self._states_the_figures_compared(question, computation):
            # "178 trung tâm của Viettel với 2.400 camera của VNPT, cái nào nhiều hơn?": two different things
            computation = Computation(computation.operation, (), None, "the figures stated measure different things")
        if computation is None and question.numbers and question.set_aside_from is not None:
            candidates = self._without_the_figure_set_aside(question, candidates)
        if computation is not None and computation.operation == "share" and self._of_an_attribute(question):
            # "200 tỷ chiếm bao nhiêu % doanh thu?": a share of a revenue no article states
            computation = Computation("share", (), None, "a share of something no figure states")
        return Outcome(self.policy.decide(question, candidates, computation, preferences), tuple(candidates))
