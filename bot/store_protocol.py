"""The interface of the running bot's state store (bot.stores chooses one by BOT_STATE_URL).

Kept apart from the choice so that an implementation (bot.redis_state, bot.redis_dispatch) can
name the interface without importing the module that imports it: no import cycle.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Protocol

from telegram import Update

from bot.dialogue import DialogueState
from bot.gaps import Gap
from bot.throttle import Verdict

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
    def record_gap(self, gap: Gap) -> None: ...
    def recent_gaps(self, limit: int) -> list[Gap]: ...

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
