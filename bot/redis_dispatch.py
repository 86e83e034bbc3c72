"""Several workers, one bot: each update answered once, each chat in order, across processes.

The Redis counterpart of bot.telegram_delivery.OrderedDispatcher, for the state in Redis
(bot.redis_state says how the chat queue, its leases and the claim work). For each update:

1. It is registered in its chat's queue as soon as it arrives (before waiting for a slot), so
   that an update of the same chat reaching another worker later waits for it.
2. With one of `max_concurrent` slots, one script call checks that it is the chat's head,
   claims it and reads what its handler will read. Not the head: the slot is given back and
   the update waits (woken at once by an update of the same chat ending here; checking again
   every few milliseconds for one running on another worker).
3. The handler runs on that copy; a second call writes back and leaves the queue.

Claimed before: skipped (Telegram delivered it again). The server unreachable: the update is
refused with StateUnavailable before anything is sent (the webhook answers 503; Telegram
delivers it again), and so is one whose handler needed a read the server did not answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Protocol

from telegram import Update

from bot.gaps import Gap
from bot.store_protocol import Run, StateUnavailable, UpdateKeys

logger = logging.getLogger(__name__)

TURN_POLL_FIRST, TURN_POLL_MAX = 0.005, 0.05  # waiting for another worker's update of the same chat


@dataclass
class WorkingSet:
    """What one update's handler reads and writes, between the two round trips."""

    values: dict[str, str | None]  # Redis key -> what it held when the update began
    writes: dict[str, tuple[str, int]] = field(default_factory=dict)  # Redis key -> (value, ms to live)
    gaps: list[Gap] = field(default_factory=list)
    failed: bool = False  # a read or write outside the copy could not reach the server


# The running update's working set: the state's get/put, flood limit and gap log go through it.
_work: ContextVar[WorkingSet | None] = ContextVar("redis_working_set", default=None)


@dataclass(frozen=True)
class Begun:
    turn: bool
    first: bool = False
    version: str = "0"
    values: tuple[str | None, ...] = ()


class SharedQueue(Protocol):
    """What the dispatcher asks of the shared state (bot.redis_state.RedisState implements it)."""

    available: bool
    problem: str | None

    def context_key(self, key: str) -> str: ...
    def flood_key(self, key: Hashable) -> str: ...
    def hold(self, chat: int, update_id: int) -> None: ...
    def release(self, chat: int, update_id: int) -> None: ...
    async def begin(self, chat: int | None, update_id: int, reads: list[str], claim: bool = True) -> Begun: ...
    async def finish(self, chat: int | None, update_id: int, work: WorkingSet | None) -> None: ...


class SharedDispatcher:
    """Runs updates in order per chat across every worker sharing the Redis state."""

    def __init__(self, state: SharedQueue, run: Run, keys: UpdateKeys, max_concurrent: int = 8):
        self._state = state
        self._run = run
        self._keys = keys
        self.max_concurrent = max_concurrent
        self._slots = asyncio.Semaphore(max_concurrent)
        self._turns: dict[int, asyncio.Event] = {}  # chat -> set when one of its updates ends here

    async def handle(self, update: Update, on_claimed: Callable[[], None] | None = None) -> None:
        state = self._state
        if not state.available:
            raise StateUnavailable(state.problem or "the state store is not reachable")
        chat = _ordering_key(update)
        context_keys, flood_key = self._keys(update)
        reads = [state.context_key(key) for key in context_keys]
        if flood_key is not None:
            reads.append(state.flood_key(flood_key))
        if chat is None:  # nothing to keep in order (inline queries): claim and run
            async with self._slots:
                await self._claim_and_run(update, None, reads, on_claimed)
            return
        state.hold(chat, update.update_id)
        try:
            if self._slots.locked():  # queued here a while: take its place in the chat's order now
                await state.begin(chat, update.update_id, [], claim=False)
            delay = TURN_POLL_FIRST
            while True:
                async with self._slots:
                    if await self._claim_and_run(update, chat, reads, on_claimed):
                        return
                delay = await self._wait_turn(chat, delay)
        finally:
            state.release(chat, update.update_id)

    async def _claim_and_run(
        self, update: Update, chat: int | None, reads: list[str], on_claimed: Callable[[], None] | None
    ) -> bool:
        """False when another update of the chat comes first; True once run (or skipped)."""
        state = self._state
        begun = await state.begin(chat, update.update_id, reads)
        if not begun.turn:
            return False
        if on_claimed is not None:
            on_claimed()
        work = WorkingSet(dict(zip(reads, begun.values, strict=False))) if begun.first else None
        try:
            if work is None:
                logger.debug("update %s was already handled: skipped", update.update_id)
                return True
            token = _work.set(work)
            try:
                await self._run(update)
            finally:
                _work.reset(token)
        finally:
            await self._finish(update, chat, work)
        if work.failed:
            raise StateUnavailable("the state store stopped answering during the update")
        return True

    async def _finish(self, update: Update, chat: int | None, work: WorkingSet | None) -> None:
        try:
            await self._state.finish(chat, update.update_id, work)
        except StateUnavailable:
            # Answered but not written back: the claim stands (never answered twice); the chat's
            # next update waits for this one's lease to run out.
            logger.warning("update %s answered; its context not saved (state store lost)", update.update_id)
        finally:
            if chat is not None and chat in self._turns:
                self._turns.pop(chat).set()

    async def _wait_turn(self, chat: int, delay: float) -> float:
        """Until an update of the chat ends here, or `delay` (for one ending on another worker)."""
        event = self._turns.setdefault(chat, asyncio.Event())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), delay)
            return TURN_POLL_FIRST
        return min(delay * 2, TURN_POLL_MAX)


def _ordering_key(update: Update) -> int | None:
    if update.effective_chat:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user else None
