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
from collections.abc import Callable

from telegram import Update

from bot.redis_state import TURN_POLL_FIRST, TURN_POLL_MAX, RedisState, WorkingSet, _work
from bot.stores import Run, StateUnavailable, UpdateKeys

logger = logging.getLogger(__name__)


class SharedDispatcher:
    """Runs updates in order per chat across every worker sharing the Redis state."""

    def __init__(self, state: RedisState, run: Run, keys: UpdateKeys, max_concurrent: int = 8):
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

    async def _claim_and_run(self, update: Update, chat: int | None, reads: list[str],
                             on_claimed: Callable[[], None] | None) -> bool:
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
        if work is not None and work.failed:
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
