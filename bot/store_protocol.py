"""The interface of the running bot's state store (bot.stores chooses one by BOT_STATE_URL).

Kept apart from the choice so that an implementation (bot.redis_state, bot.redis_dispatch) can
name the interface without importing the module that imports it: no import cycle.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Mapping
from contextvars import ContextVar, Token
from typing import Protocol

from telegram import Update

from bot.dialogue import DialogueState
from bot.gaps import Gap
from bot.service import Workers
from bot.throttle import Verdict

Run = Callable[[Update], Awaitable[None]]
# The context keys an update's handler may read, and the key of its sender's flood limit.
UpdateKeys = Callable[[Update], tuple[list[str], Hashable | None]]


class StateUnavailable(Exception):
    """The shared state cannot be reached, or this worker lost its lease on the update: nothing
    was sent and the update is not taken (Telegram delivers it again)."""


class Dispatcher(Protocol):
    async def handle(self, update: Update, on_claimed: Callable[[], None] | None = None) -> None:
        """Run the update once (claimed first), one chat's updates in order. `on_claimed` is called
        once the update is final (handled, or found handled before): Telegram may forget it then.
        Raises StateUnavailable when nothing was sent and the update must come again."""
        ...


# What must happen before the running update's handler sends anything: set by a dispatcher
# around the handler, awaited by `answering()`, which bot.telegram_delivery calls just before
# each Bot API request. SQLite's dispatcher sets none (its claim is final before the handler
# runs); Redis's makes its lease on the update final there, or refuses the send when the lease
# ran out (StateUnavailable). A context variable: it follows the handler's own awaits only.
_answering: ContextVar[Callable[[], Awaitable[None]] | None] = ContextVar("answering", default=None)


async def answering() -> None:
    """The running update's answer is about to go out (a no-op outside an update)."""
    hook = _answering.get()
    if hook is not None:
        await hook()


def before_answering(hook: Callable[[], Awaitable[None]] | None) -> Token[Callable[[], Awaitable[None]] | None]:
    """Set what `answering()` awaits in this context; reset with `_answering.reset(token)`."""
    return _answering.set(hook)


def done_answering(token: Token[Callable[[], Awaitable[None]] | None]) -> None:
    _answering.reset(token)


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

    def share_counts(self, counts: Mapping[str, int]) -> None:
        """The engine's answered/declined counts (kept up to date by it): with Redis, written
        beside each update's end, so that any worker's /stats adds them up."""
        ...

    def workers(self, own: Mapping[str, int]) -> Workers | None:
        """/stats (from a thread): the workers alive and their counts together, None for SQLite."""
        ...

    async def knowledge_reloaded(self) -> None:
        """This worker reloaded the knowledge base: the others follow."""
        ...

    async def disconnect(self) -> None:
        """The end of the event loop: background jobs and connections end."""
        ...

    def flush(self, force: bool = False) -> bool: ...
    def close(self) -> None: ...
