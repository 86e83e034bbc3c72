"""Rendering a Reply: plain text for the console and `ask`, HTML for Telegram.

Both renderings say the same thing; HTML escapes every piece of text it did
not write itself and stays within Telegram's 4096-character limit.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from bot.replies import Reply, SourceRef, describe_source

TELEGRAM_MAX_CHARS = 4096


def _render(
    reply: Reply,
    bold: Callable[[str], str],
    italic: Callable[[str], str],
    text: Callable[[str], str],
    list_suggestions: bool = True,
    numbered: bool = False,
) -> str:
    parts = [text(reply.body)]

    def cite(source: SourceRef) -> str:
        where = describe_source(source.title, source.publisher, source.date, reply.lang)
        return f"{bold(text(reply.source_label))}: {text(where)}\n{italic(text('“' + source.quote + '”'))}"

    if reply.items:
        for item in reply.items:
            parts.append("\n".join([f"• {text(item.text)}", *(cite(source) for source in item.sources)]))
    else:
        parts.extend(cite(source) for source in reply.sources)
    if reply.suggestions and list_suggestions:
        listing = "\n".join(
            f"{f'{number}.' if numbered else '•'} {text(question)}"
            for number, question in enumerate(reply.suggestions, start=1)
        )
        parts.append(f"{text(reply.suggestions_intro)}\n{listing}")
    return "\n\n".join(parts)


def render_plain(reply: Reply, numbered: bool = False) -> str:
    """The reply as `ask` prints it; `numbered`: as the console does, its suggestions numbered to be chosen."""
    return _render(reply, bold=str, italic=str, text=str, numbered=numbered)


def render_html(reply: Reply, list_suggestions: bool = True) -> str:
    """The reply as Telegram HTML (parse_mode=HTML), escaped and within 4096 characters.

    `list_suggestions=False` leaves the suggestions out of the text (they are buttons)."""
    plain = _render(reply, bold=str, italic=str, text=str, list_suggestions=list_suggestions)
    # Telegram counts the text left after parsing the markup, which is the plain text.
    if len(plain.encode("utf-16-le")) // 2 <= TELEGRAM_MAX_CHARS:
        return _render(
            reply,
            bold=lambda s: f"<b>{s}</b>",
            italic=lambda s: f"<i>{s}</i>",
            text=escape,
            list_suggestions=list_suggestions,
        )
    # Cutting markup could break a tag or an entity: send the cut plain text, escaped.
    return escape(plain[: TELEGRAM_MAX_CHARS // 2 - 1]) + "…"
