"""The running bot's state store, chosen by BOT_STATE_URL: one interface, two implementations.

- SQLite (BOT_STATE_URL unset or sqlite:///folder; BOT_STATE_DIR otherwise): one process,
  the state in one file on its disk (bot.state). The default, and what it always was.
- Redis or Valkey (redis://host:port/db): several worker processes, on one host or several,
  answer one bot and share everything there (bot.redis_state).

The Telegram front end sees only `StateStore`: dialogue contexts (the engine's ContextStore),
the gap log, the dispatcher that claims each update once and keeps each chat in order, the
per-person flood limit, the heartbeat and how a knowledge reload reaches the other workers.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Hashable
from typing import Protocol

from telegram import Update

from bot.config import Settings
from bot.dialogue import DialogueState
from bot.state import SQLiteState, beat
from bot.telegram_delivery import OrderedDispatcher
from bot.throttle import Throttle, Verdict

logger = logging.getLogger(__name__)

Run = Callable[[Update], Awaitable[None]]
# The context keys an update's handler may read, and the key of its sender's flood limit.
UpdateKeys = Callable[[Update], tuple[list[str], Hashable | None]]


class StateUnavailable(Exception):
    """The shared state cannot be reached: the update is not taken (Telegram delivers it again)."""


class Dispatcher(Protocol):
    async def handle(self, update: Update, on_claimed: Callable[[], None] | None = None) -> None: ...


class FloodLimit(Protocol):
    def check(self, key: Hashable) -> Verdict: ...


class StateStore(Protocol):
    """What the running bot keeps between updates (and, with Redis, shares between workers)."""

    problem: str | None  # why the state is not being saved, None while it is

    # dialogue contexts (bot.dialogue.ContextStore) and the curator's gaps (bot.engine.GapRecorder)
    def get(self, key: str) -> DialogueState | None: ...
    def put(self, key: str, state: DialogueState) -> None: ...
    def record_gap(self, gap: object) -> None: ...
    def recent_gaps(self, limit: int) -> list: ...  # type: ignore[type-arg]

    async def connect(self, stop: asyncio.Event) -> bool:
        """Ready to take updates; False if `stop` came first (Redis never reached)."""
        ...

    def dispatcher(self, run: Run, keys: UpdateKeys) -> Dispatcher:
        """Runs each update once (claimed first), one chat's updates in order."""
        ...

    def flood_limit(self, per_minute: int) -> FloodLimit: ...

    async def beat(self) -> None:
        """Proof of life, every HEARTBEAT_SECONDS."""
        ...

    def on_knowledge_change(self, reload: Callable[[], Awaitable[object]]) -> None:
        """Call `reload` when another worker reloaded the knowledge base."""
        ...

    async def knowledge_reloaded(self) -> None:
        """This worker reloaded the knowledge base: the others follow."""
        ...

    async def disconnect(self) -> None:
        """The end of the event loop: background jobs and connections end."""
        ...

    def flush(self, force: bool = False) -> bool: ...
    def close(self) -> None: ...


class SQLiteStore(SQLiteState):
    """The SQLite state as a StateStore: one process, everything local."""

    def __init__(self, settings: Settings, bot_id: int):
        super().__init__(settings.state_dir, ttl_seconds=settings.context_ttl_hours * 3600,
                         gaps_ttl_seconds=settings.gaps_days * 86400, bot_id=bot_id)

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

    async def disconnect(self) -> None:
        pass


def open_state(settings: Settings) -> StateStore:
    """The store BOT_STATE_URL names, keyed to this bot: the number before the token's colon is its id."""
    bot_id = int(settings.bot_token().split(":")[0])
    if settings.shared_state:
        from bot.redis_state import RedisState

        return RedisState(settings, bot_id)
    return SQLiteStore(settings, bot_id)
