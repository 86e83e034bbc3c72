"""Reply wording: turns a match into one Reply object, in the question's language.

Every sentence comes from the knowledge base: facts from `facts/`, everything
else from `phrases.yaml`. Rendering to plain text or Telegram HTML is in
`bot.render`; nothing here knows about Telegram.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from bot.knowledge import Fact, Knowledge

QUOTE_MAX_CHARS = 220

ReplyKind = Literal["answer", "unknown", "wrong_operator", "empty", "info"]


@dataclass(frozen=True)
class SourceRef:
    seed: str  # article file name in seeds/
    title: str
    date: str | None
    publisher: str | None
    quote: str  # verbatim from the article, made readable (no `_`)


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

    @property
    def answered(self) -> bool:
        """True only when the reply states facts from the knowledge base."""
        return self.kind == "answer"

    def to_dict(self, text: str) -> dict[str, Any]:
        return {
            "answered": self.answered,
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

    def answer(self, fact: Fact, lang: str, confidence: float) -> Reply:
        return Reply(
            kind="answer",
            lang=lang,
            body=fact.answer[lang],
            intent=fact.id,
            confidence=confidence,
            sources=self.sources_of(fact, lang),
            source_label=self.knowledge.phrase("source", lang),
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

    def wrong_operator(self, lang: str, operator_ids: tuple[str, ...], suggestions: list[str],
                       confidence: float) -> Reply:
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
        return Reply(kind="empty", lang=lang, body=self.knowledge.phrase("empty", lang),
                     suggestions=tuple(suggestions),
                     suggestions_intro=self.knowledge.phrase("suggestions", lang))

    def info(self, lang: str, body: str, suggestions: list[str] = ()) -> Reply:  # type: ignore[assignment]
        return Reply(kind="info", lang=lang, body=body, suggestions=tuple(suggestions),
                     suggestions_intro=self.knowledge.phrase("suggestions", lang) if suggestions else "")

    # ---- the texts behind /help, /sources and /operators ---------------------------

    def help_text(self, lang: str) -> str:
        return self.knowledge.phrase("help", lang) + "\n" + self.knowledge.phrase("commands", lang)

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


_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")


def format_date(iso_date: str | None, lang: str) -> str | None:
    """2020-09-28 as 28/9/2020 (vi) or 28 September 2020 (en)."""
    if not iso_date:
        return None
    year, month, day = (int(part) for part in iso_date.split("-"))
    if lang == "vi":
        return f"{day}/{month}/{year}"
    return f"{day} {_MONTHS_EN[month - 1]} {year}"
