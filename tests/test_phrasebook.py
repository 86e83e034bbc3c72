"""Every phrase the code says is declared in bot/phrasebook.py, so `kb check` can hold phrases.yaml to it.

A phrase asked for but not declared would pass `kb check` and fail, with a KeyError, when a
user reached that reply; these tests read the code's calls as a reviewer would.
"""

from __future__ import annotations

import ast
from pathlib import Path

from bot.phrasebook import PHRASES
from bot.telegram_app import COMMANDS

BOT = Path(__file__).resolve().parent.parent / "bot"
CALLS = {"phrase", "say"}  # Knowledge.phrase(key, lang, **values), Engine.say(key, lang)


def phrase_calls() -> list[tuple[str, int, set[str], set[str]]]:
    """(file, line, keys the call may ask for, keyword names it fills in) for each literal key."""
    found = []
    for path in sorted(BOT.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            keys = {c.value for c in ast.walk(node.args[0]) if isinstance(c, ast.Constant) and isinstance(c.value, str)}
            if name in CALLS and keys and not isinstance(node.args[0], ast.JoinedStr):
                found.append((path.name, node.lineno, keys, {kw.arg for kw in node.keywords if kw.arg}))
    return found


def test_every_phrase_the_code_asks_for_is_declared_with_its_placeholders() -> None:
    calls = phrase_calls()
    assert len(calls) >= 15  # the reader finds the calls: replies, engine and Telegram
    for file, line, keys, values in calls:
        for key in keys:
            assert key in PHRASES, f"{file}:{line}: phrase '{key}' is not declared in bot/phrasebook.py"
            assert values == PHRASES[key], f"{file}:{line}: '{key}' fills {values}, declared {set(PHRASES[key])}"


def test_every_command_menu_entry_is_declared() -> None:
    assert {f"cmd_{name}" for name in COMMANDS} <= set(PHRASES)


def test_the_knowledge_base_has_every_declared_phrase(engine) -> None:  # type: ignore[no-untyped-def]
    for key, names in PHRASES.items():
        for lang in ("vi", "en"):
            assert engine.knowledge.phrase(key, lang, **dict.fromkeys(names, 7)).strip()
