"""Every phrase the code says, with the placeholders it fills in.

`knowledge/phrases.yaml` holds the wording; this table is the code's side of
the contract. Code that calls `Knowledge.phrase(key, lang, **values)` (or
`Engine.say(key, ...)`) declares `key` here with the names of `values`, and
`kb check` refuses a phrases.yaml that lacks a key, uses a placeholder the code
does not fill in, or has a stray brace: problems that would otherwise only
show when a user reached that reply.
"""

from __future__ import annotations

from string import Formatter

# A comparison or a sum names the measure compared, the winner, each operand's value and the calculation.
_COMPARED = frozenset({"measure", "winner", "values", "calculation"})

PHRASES: dict[str, frozenset[str]] = {
    # replies (bot.replies, bot.engine)
    "unknown": frozenset(),
    "unsure": frozenset(),
    "suggestions": frozenset(),
    "wrong_operator": frozenset({"operator"}),
    "operator_suggestions": frozenset({"operator"}),
    "empty": frozenset(),
    "source": frozenset(),
    "help": frozenset(),
    "commands": frozenset(),
    "console_commands": frozenset(),  # the console's help (bot.console)
    "sources_header": frozenset(),
    "operators_header": frozenset(),
    "about": frozenset({"sources", "version"}),
    "too_long": frozenset(),
    # what the answering pipeline decided (bot.engine, bot.replies)
    "smalltalk_greeting": frozenset(),
    "smalltalk_thanks": frozenset(),
    "smalltalk_identity": frozenset(),
    "smalltalk_bye": frozenset(),
    "smalltalk_ack": frozenset(),
    "clarify": frozenset(),
    "not_stated": frozenset(),
    "unknown_operator": frozenset({"operator"}),
    "several_facts": frozenset(),
    "verdict_yes": frozenset(),
    "partial_answer": frozenset({"operator"}),
    "verdict_no": frozenset(),
    "verdict_no_other": frozenset({"number", "operator"}),
    "person_title": frozenset({"name", "title"}),
    "approx_nearly": frozenset(),
    "approx_over": frozenset(),
    "approx_about": frozenset(),
    **{
        f"computed_{operation}": _COMPARED
        for operation in (
            "more",
            "less",
            "most",
            "least",
            "difference",
            "total",
            "total_parts",
            "difference_parts",
            "mean",
            "ratio",
            "ratio_parts",
        )
    },
    "times": frozenset({"number"}),
    "computed_average": frozenset({"calculation"}),
    "computed_part": frozenset({"calculation"}),
    "computed_whole": frozenset({"part", "calculation"}),
    "rounded": frozenset({"number"}),
    "rounded_to_places": frozenset({"places", "number"}),
    "count_million": frozenset({"number"}),
    "computed_share": frozenset({"calculation"}),
    "computed_time_between": frozenset({"first", "second", "calculation"}),
    "cannot_compute": frozenset({"measure", "missing"}),
    "cannot_compute_for": frozenset({"missing"}),
    "cannot_total_received": frozenset(),
    "cannot_compare_places": frozenset(),
    "cannot_average": frozenset(),
    "cannot_count_days": frozenset(),
    "cannot_compare": frozenset(),
    "not_stated_for": frozenset({"operators"}),
    "days": frozenset(),
    "weeks": frozenset(),
    "months": frozenset(),
    "years": frozenset(),
    "money_billion": frozenset({"number"}),
    "money_million": frozenset({"number"}),
    "money_plain": frozenset({"number"}),
    # a reader saying an answer was wrong (bot.engine; the button's label: bot.telegram_app)
    "wrong_thanks": frozenset(),
    "wrong_not_kept": frozenset(),
    "wrong_nothing": frozenset(),
    "wrong_button": frozenset(),
    # Telegram (bot.telegram_app)
    "ask_usage": frozenset(),
    "not_text": frozenset(),
    "slow_down": frozenset(),
    "button_expired": frozenset(),
    "inline_hint": frozenset(),
    "reloaded": frozenset({"facts"}),
    "not_reloaded": frozenset({"problems"}),
    "stats": frozenset({"hours", "minutes", "seconds", "answered", "declined"}),
    "stats_workers": frozenset({"workers"}),
    "admin_private": frozenset(),
    "state_in_memory": frozenset({"problem"}),
    # command menus: "cmd_" + each of bot.telegram_app.COMMANDS
    "cmd_start": frozenset(),
    "cmd_help": frozenset(),
    "cmd_ask": frozenset(),
    "cmd_sources": frozenset(),
    "cmd_operators": frozenset(),
    "cmd_about": frozenset(),
}


def placeholder_problem(text: str, allowed: frozenset[str]) -> str | None:
    """What is wrong with the placeholders of one phrase text, or None.

    Only `{name}` with a name from `allowed`: no positions, attributes, indexes,
    conversions or format specs (a phrase is wording, not code), and `{{`/`}}`
    for a brace itself."""
    try:
        names = [(name, spec, conversion) for _, name, spec, conversion in Formatter().parse(text) if name is not None]
    except ValueError as error:
        return f"{error} (write {{{{ or }}}} for a brace itself)"
    for name, spec, conversion in names:
        if not name.isidentifier() or spec or conversion:
            return (
                f"placeholder {{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}"
                " is not of the form {name}"
            )
        if name not in allowed:
            may = ", ".join(f"{{{n}}}" for n in sorted(allowed)) or "no placeholders"
            return f"unknown placeholder {{{name}}} (this phrase may use {may})"
    try:  # what the bot will do with it
        text.format(**dict.fromkeys(allowed, "x"))
    except (ValueError, KeyError, IndexError, AttributeError) as error:
        return f"cannot be filled in: {error}"
    return None
