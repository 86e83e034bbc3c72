"""One function assembles the engine for every front end: Telegram, the console, `ask`, `eval`.

The knowledge base and its answering pipeline are compiled once and cached in
`$BOT_STATE_DIR/cache` (keyed by the bytes of every knowledge file, article and
answering module), so a later start, `ask` included, loads them instead of
validating and indexing again.
"""

from __future__ import annotations

from bot.answering.tuning import DEFAULT_TUNING, Tuning
from bot.config import Settings
from bot.dialogue import ContextStore
from bot.engine import Engine, GapRecorder

CACHE_FOLDER = "cache"


def build_engine(
    settings: Settings,
    store: ContextStore | None = None,
    gaps: GapRecorder | None = None,
    tuning: Tuning = DEFAULT_TUNING,
    cached: bool = True,
) -> Engine:
    """The engine on the configured knowledge base; other tuning than the default is never cached."""
    if tuning != DEFAULT_TUNING or not cached:
        from bot.kbcheck import load_knowledge  # here: a start from the compiled cache needs no checking code

        return Engine(load_knowledge(settings.knowledge_dir, settings.seeds_dir), store, gaps, tuning=tuning)
    return Engine.compiled(settings.state_dir / CACHE_FOLDER, settings.knowledge_dir, settings.seeds_dir, store, gaps)
