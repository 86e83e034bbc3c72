"""Reply wording: turns a match into one Reply object, in the question's language.

Every sentence comes from the knowledge base: facts from `facts/`, everything
else from `phrases.yaml`. Rendering to plain text or Telegram HTML is in
`bot.render`; nothing here knows about Telegram.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any, Literal

from bot.answering.arithmetic import Computation, Operand
from bot.knowledge import Fact, Figure, Knowledge

QUOTE_MAX_CHARS = 220

ReplyKind = Literal[
    "answer",
    "unknown",
    "unsure",
    "not_stated",
    "wrong_operator",
    "unknown_operator",
    "cannot_compute",
    "smalltalk",
    "clarify",
    "empty",
    "info",
]


@dataclass(frozen=True)
class SourceRef:
    seed: str  # article file name in seeds/
    title: str
    date: str | None
    publisher: str | None
    quote: str  # verbatim from the article, made readable (no `_`)


@dataclass(frozen=True)
class ReplyItem:
    """One of several facts in an answer, with its sources."""

    text: str
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True)
class Reply:
    kind: ReplyKind
    lang: str
    body: str  # the answer, or what the bot says instead
    intent: str | None = None
    confidence: float = 0.0
    sources: tuple[SourceRef, ...] = ()
    suggestions: tuple[str, ...] = ()  # questions the bot can answer
    suggestions_intro: str = ""
    source_label: str = ""
    items: tuple[ReplyItem, ...] = ()  # several facts, each with its own source
    facts: tuple[str, ...] = ()  # ids of the facts stated

    @property
    def headline(self) -> str:
        """What a one-line preview shows: the first fact of a several-fact answer, else the body."""
        return self.items[0].text if self.items else self.body

    @property
    def answered(self) -> bool:
        """True only when the reply states facts from the knowledge base."""
        return self.kind == "answer"

    def to_dict(self, text: str) -> dict[str, Any]:
        return {
            "answered": self.answered,
            "kind": self.kind,
            "intent": self.intent,
            "confidence": round(self.confidence, 3),
            "lang": self.lang,
            "text": text,
            "sources": [{k: v for k, v in asdict(s).items() if k != "publisher"} for s in self.sources],
            "suggestions": list(self.suggestions),
        }


@dataclass
class ReplyBuilder:
    knowledge: Knowledge
    _source_refs: dict[tuple[str, str], SourceRef] = field(default_factory=dict)
    _sources_of: dict[str, tuple[SourceRef, ...]] = field(default_factory=dict)

    def answer(self, facts: tuple[Fact, ...], lang: str, confidence: float, lead: str = "") -> Reply:
        """One fact as its answer with its sources; several as a short list, each item sourced."""
        first = facts[0]
        sources = tuple(dict.fromkeys(ref for fact in facts for ref in self.sources_of(fact, lang)))
        common = dict(
            kind="answer",
            lang=lang,
            intent=first.id,
            confidence=confidence,
            sources=sources,
            source_label=self.knowledge.phrase("source", lang),
            facts=tuple(f.id for f in facts),
        )
        if len(facts) == 1:
            return Reply(body=f"{lead} {first.answer[lang]}".strip(), **common)  # type: ignore[arg-type]
        items = tuple(ReplyItem(fact.answer[lang], self.sources_of(fact, lang)) for fact in facts)
        body = f"{lead} {self.knowledge.phrase('several_facts', lang)}".strip()
        return Reply(body=body, items=items, **common)  # type: ignore[arg-type]

    def both(self, first: Reply, second: Reply) -> Reply:
        """Two answers to one message that asked two things, each with its sources; a fact the second repeats
        ("What did Viettel Nam Dinh and VNPT Nam Dinh each roll out? Name the products.") is shown once."""
        items = tuple(
            dict.fromkeys(
                item for reply in (first, second) for item in (reply.items or (ReplyItem(reply.body, reply.sources),))
            )
        )
        return replace(
            first,
            body=self.knowledge.phrase("several_facts", first.lang),
            items=items,
            sources=tuple(dict.fromkeys((*first.sources, *second.sources))),
            facts=tuple(dict.fromkeys((*first.facts, *second.facts))),
            confidence=min(first.confidence, second.confidence),
        )

    def computed(self, text: str, facts: tuple[Fact, ...], lang: str) -> Reply:
        return Reply(
            kind="answer",
            lang=lang,
            body=text,
            intent=facts[0].id if facts else None,
            confidence=1.0,
            sources=tuple(dict.fromkeys(ref for fact in facts for ref in self.sources_of(fact, lang))),
            source_label=self.knowledge.phrase("source", lang),
            facts=tuple(f.id for f in facts),
        )

    def declined(
        self, kind: ReplyKind, body: str, lang: str, suggestions: list[str], intro: str, confidence: float = 0.0
    ) -> Reply:
        return Reply(
            kind=kind,
            lang=lang,
            body=body,
            confidence=confidence,
            suggestions=tuple(suggestions),
            suggestions_intro=intro if suggestions else "",
        )

    def unknown(self, lang: str, suggestions: list[str], confidence: float, unsure: bool = False) -> Reply:
        return Reply(
            kind="unknown",
            lang=lang,
            body=self.knowledge.phrase("unknown", lang),
            confidence=confidence,
            suggestions=tuple(suggestions),
            suggestions_intro=self.knowledge.phrase("unsure" if unsure else "suggestions", lang),
        )

    def wrong_operator(
        self, lang: str, operator_ids: tuple[str, ...], suggestions: list[str], confidence: float
    ) -> Reply:
        names = " / ".join(self.knowledge.operators[op].name for op in operator_ids)
        return Reply(
            kind="wrong_operator",
            lang=lang,
            body=self.knowledge.phrase("wrong_operator", lang, operator=names),
            confidence=confidence,
            suggestions=tuple(suggestions),
            suggestions_intro=self.knowledge.phrase("operator_suggestions", lang, operator=names),
        )

    def empty(self, lang: str, suggestions: list[str]) -> Reply:
        return Reply(
            kind="empty",
            lang=lang,
            body=self.knowledge.phrase("empty", lang),
            suggestions=tuple(suggestions),
            suggestions_intro=self.knowledge.phrase("suggestions", lang),
        )

    def info(self, lang: str, body: str, suggestions: list[str] = ()) -> Reply:  # type: ignore[assignment]
        return Reply(
            kind="info",
            lang=lang,
            body=body,
            suggestions=tuple(suggestions),
            suggestions_intro=self.knowledge.phrase("suggestions", lang) if suggestions else "",
        )

    # ---- the texts behind /help, /sources and /operators ---------------------------

    def help_text(self, lang: str, commands: str = "commands") -> str:
        """What the bot does, then the commands of the front end (`commands` names their phrase)."""
        return self.knowledge.phrase("help", lang) + "\n" + self.knowledge.phrase(commands, lang)

    def sources_text(self, lang: str) -> str:
        lines = [self.knowledge.phrase("sources_header", lang)]
        for source in self.knowledge.sources.values():
            lines.append(f"• {describe_source(source.title, source.publisher, source.date, lang)}")
        return "\n".join(lines)

    def operators_text(self, lang: str) -> str:
        lines = [self.knowledge.phrase("operators_header", lang)]
        for operator in self.knowledge.operators.values():
            if operator.collective:
                continue
            aliases = ", ".join(operator.aliases[:5])
            lines.append(f"• {operator.full_name[lang]}: {aliases}")
        return "\n".join(lines)

    def sources_of(self, fact: Fact, lang: str) -> tuple[SourceRef, ...]:
        """One reference per article the fact's evidence comes from, with its first quote."""
        cached = self._sources_of.get(fact.id)
        if cached is None:
            cached = self._sources_of[fact.id] = self._references(fact)
        return cached

    def _references(self, fact: Fact) -> tuple[SourceRef, ...]:
        refs: dict[str, SourceRef] = {}
        for evidence in fact.evidence:
            if evidence.source not in refs:
                refs[evidence.source] = self._source_ref(evidence.source, evidence.readable_quote)
        return tuple(refs.values())

    def _source_ref(self, seed: str, quote: str) -> SourceRef:
        key = (seed, quote)
        if key not in self._source_refs:
            source = self.knowledge.sources[seed]
            self._source_refs[key] = SourceRef(
                seed=seed,
                title=source.title,
                date=source.date,
                publisher=source.publisher,
                quote=shorten(quote, QUOTE_MAX_CHARS),
            )
        return self._source_refs[key]


def describe_source(title: str, publisher: str | None, date: str | None, lang: str) -> str:
    """Title, then publisher and date where the article states them."""
    details = [part for part in (publisher, format_date(date, lang)) if part]
    return f"{title} ({', '.join(details)})" if details else title


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary and mark the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(iso_date: str | None, lang: str) -> str | None:
    """2020-09-28 as 28/9/2020 (vi) or 28 September 2020 (en)."""
    if not iso_date:
        return None
    year, month, day = (int(part) for part in iso_date.split("-"))
    if lang == "vi":
        return f"{day}/{month}/{year}"
    return f"{day} {_MONTHS_EN[month - 1]} {year}"


# ---- numbers as an answer writes them ---------------------------------------------------------


def format_number(value: float, lang: str, decimals: int = 1) -> str:
    """4000 as 4.000 (vi) or 4,000 (en); 106.7 as 106,7 (vi) or 106.7 (en)."""
    rounded = round(value, decimals)
    whole = rounded == int(rounded)
    text = f"{int(rounded):,}" if whole else f"{rounded:,.{decimals}f}".rstrip("0")
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


APPROX_PHRASE = {"nearly": "approx_nearly", "over": "approx_over", "about": "approx_about"}


def format_figure(knowledge: Knowledge, value: float, unit: str, lang: str, approx: str | None = None) -> str:
    """A figure with its scale and currency: 450 tỷ đồng / VND 450 billion, gần 4.000."""
    if unit == "VND":
        for scale, key in ((10**9, "money_billion"), (10**6, "money_million")):
            if abs(value) >= scale:
                text = knowledge.phrase(key, lang, number=format_number(value / scale, lang))
                break
        else:
            text = knowledge.phrase("money_plain", lang, number=format_number(value, lang))
    elif unit == "percent":
        text = f"{format_number(value, lang)}%"
    elif unit == "day":
        text = f"{format_number(value, lang)} {knowledge.phrase('days', lang)}"
    elif abs(value) >= 10**6:  # 15 triệu khách hàng, as people say it
        text = knowledge.phrase("count_million", lang, number=format_number(value / 10**6, lang))
    else:
        text = format_number(value, lang)
    return f"{knowledge.phrase(APPROX_PHRASE[approx], lang)} {text}" if approx else text


def _rounded(value: float, unit: str) -> float:
    """To a whole number of the scale it is shown in (billions, millions of đồng), or a whole number."""
    scales = (10**9, 10**6) if unit == "VND" else ()
    scale = next((s for s in scales if abs(value) >= s), 1)
    return round(value / scale) * scale


def _scaled(values: list[float], unit: str, knowledge: Knowledge, lang: str) -> tuple[list[str], str]:
    """Numbers of one calculation on one scale, and a template that puts the unit around the result
    ("{} tỷ đồng" / "VND {} billion")."""
    if unit == "VND":
        for scale, key in ((10**9, "money_billion"), (10**6, "money_million")):
            if max(abs(v) for v in values) >= scale:
                return [format_number(v / scale, lang) for v in values], knowledge.phrase(key, lang, number="{}")
        return [format_number(v, lang) for v in values], knowledge.phrase("money_plain", lang, number="{}")
    if unit == "percent":
        return [format_number(v, lang) for v in values], "{}%"
    if unit == "day":
        return [format_number(v, lang) for v in values], "{} " + knowledge.phrase("days", lang)
    return [format_number(v, lang) for v in values], "{}"


DAYS_A_WEEK = 7
TIME_UNITS = {"days_between": "days", "months_between": "months", "years_between": "years"}  # phrase of each


def computation_text(knowledge: Knowledge, computation: Computation, lang: str, rounding: int | None = None) -> str:
    """The result of a comparison or a calculation, with the calculation shown, and rounded as asked."""
    text = _calculation_shown(knowledge, computation, lang, rounded_as_asked=bool(rounding))
    result = computation.result
    if rounding is None or result is None or computation.operation in (*TIME_UNITS, "average" if not rounding else ""):
        return text  # (an average is rounded anyway where it reads better so, in its unit: "about VND 107 million")
    percent = computation.operation == "share" or computation.relative
    half_up = _half_up(result, rounding)
    if half_up is None or half_up == result:
        return text  # nothing to round (a whole number of dong, of cameras)
    number = format_number(half_up, lang, decimals=rounding) + ("%" if percent else "")
    if re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d]|[.,]\d)", text):  # shown so already
        return text
    if rounding:  # "4,7" shown, "4,69" asked
        return f"{text} {knowledge.phrase('rounded_to_places', lang, places=rounding, number=number)}"
    return f"{text} {knowledge.phrase('rounded', lang, number=number)}"


WHOLE_FLOATS = 2.0**53  # from here on every float is a whole number


def _half_up(value: float, places: int) -> float | None:
    """`value` rounded half up to `places` decimals, as people round (2,25 → 2,3); None for a value no rounding
    makes readable (not finite)."""
    if not math.isfinite(value):
        return None
    if abs(value) >= WHOLE_FLOATS:
        return value  # a float this large has no decimals left to round
    with localcontext() as context:
        context.prec = 40  # the digits of any float below WHOLE_FLOATS and of any places asked (one digit)
        return float(Decimal(str(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))


def _calculation_shown(knowledge: Knowledge, computation: Computation, lang: str, rounded_as_asked: bool) -> str:
    operation = computation.operation
    operands = computation.operands
    equals = "≈" if computation.approximate else "="
    if operation in TIME_UNITS:
        first, second = operands
        assert first.date is not None and second.date is not None
        amount = f"{format_number(computation.result or 0, lang)} {knowledge.phrase(TIME_UNITS[operation], lang)}"
        if computation.in_weeks:  # "mấy tuần?": 14 days (2 weeks)
            weeks = format_number((computation.result or 0) / DAYS_A_WEEK, lang, decimals=1)
            amount += f" ({weeks} {knowledge.phrase('weeks', lang)})"
        return knowledge.phrase(
            "computed_time_between",
            lang,
            first=f"{first.label} ({first.date.text})".strip() if first.label else first.date.text,
            second=f"{second.label} ({second.date.text})".strip() if second.label else second.date.text,
            calculation=amount,
        )
    figures = [o.figure for o in operands if o.figure is not None]
    measure = knowledge.measures[figures[0].measure].label[lang]
    unit = figures[0].unit
    result = computation.result or 0.0
    if operation == "average":
        numerator, denominator = figures
        calculation = (
            f"{format_figure(knowledge, numerator.value, numerator.unit, lang)} / "
            f"{format_number(denominator.value, lang)} {equals} "
            f"{format_figure(knowledge, result, numerator.unit, lang)}"
        )
        text = knowledge.phrase("computed_average", lang, calculation=calculation)
        about = format_figure(knowledge, _rounded(result, numerator.unit), numerator.unit, lang)
        if not rounded_as_asked and about != format_figure(knowledge, result, numerator.unit, lang):  # as people
            text += " " + knowledge.phrase("rounded", lang, number=about)  # quote it: 106,7 million is about 107
        return text
    if operation == "part":
        whole, share = figures
        percent = 100 - share.value if computation.complement else share.value
        calculation = (
            f"{format_figure(knowledge, whole.value, whole.unit, lang, whole.approx)} × "
            f"{format_number(percent, lang)}% {equals} {format_figure(knowledge, result, whole.unit, lang)}"
        )
        return knowledge.phrase("computed_part", lang, calculation=calculation)
    if operation == "whole":
        part, share = figures
        whole_label = knowledge.measures[share.measure].whole_label[lang]
        calculation = (
            f"{format_figure(knowledge, part.value, part.unit, lang, part.approx)} / "
            f"{format_number(share.value, lang)}% {equals} {format_number(result, lang)} {whole_label}"
        )
        return knowledge.phrase("computed_whole", lang, part=measure, calculation=calculation)
    if operation == "share" and computation.of_total:
        numbers, _ = _scaled([f.value for f in figures], unit, knowledge, lang)
        whose = operands[0].label or measure
        calculation = f"{numbers[0]} / ({' + '.join(numbers)}) {equals} {format_number(result, lang)}% ({whose})"
        return knowledge.phrase("computed_share", lang, calculation=calculation)
    if operation == "share" and computation.of_other:
        numbers, _ = _scaled([f.value for f in figures], unit, knowledge, lang)
        calculation = f"{numbers[0]} / {numbers[1]} {equals} {format_number(result, lang)}% ({operands[0].label})"
        return knowledge.phrase("computed_share", lang, calculation=calculation)
    if operation == "share" and computation.complement:
        calculation = f"100% − {format_number(figures[0].value, lang)}% = {format_number(result, lang)}%"
        return knowledge.phrase("computed_share", lang, calculation=calculation)
    if operation == "share":
        part, whole = sorted(figures, key=lambda f: f.value)
        numbers, _ = _scaled([part.value, whole.value], unit, knowledge, lang)
        calculation = f"{numbers[0]} / {numbers[1]} {equals} {format_number(result, lang)}%"
        return knowledge.phrase("computed_share", lang, calculation=calculation)
    values = [f.value for f in figures]
    if operation == "total":
        numbers, result_in_unit = _scaled([*values, result], unit, knowledge, lang)
        calculation = f"{' + '.join(numbers[:-1])} {equals} {result_in_unit.format(numbers[-1])}"
    elif operation == "mean":
        numbers, result_in_unit = _scaled([*values, result], unit, knowledge, lang)
        calculation = f"({' + '.join(numbers[:-1])}) / {len(values)} {equals} {result_in_unit.format(numbers[-1])}"
    elif operation == "ratio":
        if values[0] and values[1] and abs(values[1] / values[0] - result) < abs(values[0] / values[1] - result):
            values = values[::-1]  # shown as computed: the larger of the larger ("1.000 / 178 ≈ 5,62 lần")
        numbers, _ = _scaled(values, unit, knowledge, lang)
        equals = "=" if equals == "=" and round(result, 2) == result else "≈"
        calculation = (
            f"{numbers[0]} / {numbers[1]} {equals} "
            f"{knowledge.phrase('times', lang, number=format_number(result, lang, decimals=2))}"
        )
    else:
        high, low = max(values), min(values)
        numbers, result_in_unit = _scaled([high, low, high - low], unit, knowledge, lang)
        calculation = f"{numbers[0]} − {numbers[1]} {equals} {result_in_unit.format(numbers[2])}"
        if computation.relative:  # as a percentage of the smaller figure, or of the target
            base = numbers[0] if computation.of_target else numbers[1]
            calculation = f"({numbers[0]} − {numbers[1]}) / {base} {equals} {format_number(result, lang)}%"
    mixed = len({f.measure for f in figures}) > 1  # two figures of one operator, not one measure of several

    def named(operand: Operand, figure: Figure) -> str:
        """Whose figure, of what: the measure too where the two figures measure different things."""
        measure_label = knowledge.measures[figure.measure].label[lang]
        if operand.label and mixed:
            return f"{operand.label}, {measure_label}"
        return operand.label or measure_label

    listed = "; ".join(
        f"{named(o, o.figure)}: {format_figure(knowledge, o.figure.value, o.figure.unit, lang, o.figure.approx)}"
        for o in operands
        if o.figure is not None
    )
    winner = computation.winner.label if computation.winner else ""
    parted = ("total", "difference", "ratio")
    key = f"computed_{operation}_parts" if mixed and operation in parted else f"computed_{operation}"
    text = knowledge.phrase(key, lang, measure=measure, winner=winner, values=listed, calculation=calculation)
    if computation.unstated:
        text += " " + knowledge.phrase("not_stated_for", lang, operators=", ".join(computation.unstated))
    return text
