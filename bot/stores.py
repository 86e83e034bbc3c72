"""The running bot's state store, chosen by BOT_STATE_URL: one interface, two implementations.

- SQLite (BOT_STATE_URL unset or sqlite:///folder; BOT_STATE_DIR otherwise): one process,
  the state in one file on its disk (bot.state). The default, and what it always was.
- Redis or Valkey (redis://host:port/db): several worker processes, on one host or several,
  answer one bot and share everything there (bot.redis_state).

The Telegram front end sees only `StateStore` (defined in bot.store_protocol): dialogue
contexts (the engine's ContextStore), the gap log, the dispatcher that claims each update once
and keeps each chat in order, the per-person flood limit, the heartbeat and how a knowledge
reload reaches the other workers.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping

from bot.config import Settings
from bot.heartbeat import beat
from bot.service import Workers
from bot.state import SQLiteState
from bot.store_protocol import Dispatcher as Dispatcher
from bot.store_protocol import FloodLimit as FloodLimit
from bot.store_protocol import Run as Run
from bot.store_protocol import StateStore as StateStore
from bot.store_protocol import StateUnavailable as StateUnavailable
from bot.store_protocol import UpdateKeys as UpdateKeys
from bot.telegram_delivery import OrderedDispatcher
from bot.throttle import Throttle

logger = logging.getLogger(__name__)


class SQLiteStore(SQLiteState):
    """The SQLite state as a StateStore: one process, everything local."""

    def __init__(self, settings: Settings, bot_id: int):
        super().__init__(
            settings.state_dir,
            ttl_seconds=settings.context_ttl_hours * 3600,
            gaps_ttl_seconds=settings.gaps_days * 86400,
            bot_id=bot_id,
        )

    async def connect(self, stop: asyncio.Event) -> bool:
        return True

    def dispatcher(self, run: Run, keys: UpdateKeys) -> Dispatcher:
        return OrderedDispatcher(run, ledger=self)

    def flood_limit(self, per_minute: int) -> FloodLimit:
        return Throttle(per_minute)

    async def beat(self) -> None:
        await asyncio.to_thread(beat, self.folder)

    def on_knowledge_change(self, reload: Callable[[], Awaitable[object]]) -> None:
        pass  # one process: nobody else reloads

    async def knowledge_reloaded(self) -> None:
        pass

    def share_counts(self, counts: Mapping[str, int]) -> None:
        pass  # one process: /stats reads the engine's own

    def workers(self, own: Mapping[str, int]) -> Workers | None:
        return None

    async def disconnect(self) -> None:
        pass


def open_state(settings: Settings) -> StateStore:
    """The store BOT_STATE_URL names, keyed to this bot: the number before the token's colon is its id."""
    bot_id = int(settings.bot_token().split(":")[0])
    if settings.shared_state:
        from bot.redis_state import RedisState

        return RedisState(settings, bot_id)
    return SQLiteStore(settings, bot_id)
