"""The layering scripts/check_layers.py holds bot/ to: it holds today, and a break is reported."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "check_layers.py"


def _layers() -> Any:
    spec = importlib.util.spec_from_file_location("check_layers", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("check_layers", module)
    spec.loader.exec_module(module)
    return module


def test_bot_keeps_its_layers():
    layers = _layers()
    assert layers.check(layers.load_sources()) == []


def test_a_break_of_each_rule_is_reported():
    layers = _layers()
    fake = {
        "bot": "",
        "bot.engine": "import time\nfrom telegram import Bot\n",
        "bot.answering": "",
        "bot.answering.pipeline": "from bot.knowledge import Knowledge\n",
        "bot.knowledge": "def load():\n    from bot.kbcheck import check\n",
        "bot.kbcheck": "from bot.answering import pipeline\nfrom bot import state\n",
        "bot.state": "import sqlite3\n",
        "bot.cli": "from bot.engine import Engine\n\ndef main():\n    return Engine(None)\n",
        "bot.telegram_app": "import asyncio\nfrom bot.kbcheck import check_knowledge\n\n"
        "async def reload():\n    await asyncio.to_thread(check_knowledge)\n",
    }
    problems = layers.check(fake)
    assert any(p.startswith("bot.engine:2: the engine side imports telegram") for p in problems), problems
    assert any(p.startswith("bot.kbcheck:2: the engine side imports bot.state") for p in problems), problems
    assert not any(p.startswith("bot.state") for p in problems)  # the state may use SQLite
    assert any(p.startswith("bot.cli:4: a front end calls Engine(...)") for p in problems), problems
    assert any(p.startswith("bot.telegram_app:5: Telegram code uses check_knowledge") for p in problems), problems
    cycles = [p for p in problems if p.startswith("import cycle:")]
    assert len(cycles) == 1
    assert "bot.knowledge -> bot.kbcheck (inside a function, line 2)" in cycles[0]
    assert "bot.kbcheck -> bot.answering.pipeline" in cycles[0]


def test_imports_only_for_type_checking_are_left_out():
    layers = _layers()
    fake = {
        "bot.engine": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from bot.state import SQLiteState\n",
        "bot.state": "from bot.engine import Engine\n",
    }
    assert layers.check(fake) == []
