"""Several workers, one bot: each update answered once, each chat in order, across processes.

The Redis counterpart of bot.telegram_delivery.OrderedDispatcher, for the state in Redis
(bot.redis_state says how the chat queue, the leases and the claim work). For each update:

1. As soon as it arrives, one script call registers it in its chat's queue (so that an update
   of the same chat reaching another worker later waits for it) and, when it is the chat's
   head, takes a lease on the update (a token of its own, expiring) and reads what its handler
   will read. Not the head, or the update leased by another worker (a delivery of it running
   there): the update waits (woken at once by an update of the same chat ending here; checking
   again every few milliseconds otherwise) and the call is made again.
2. Leased, it waits for one of `max_concurrent` slots (its lease renewed meanwhile): what it
   read cannot change while it waits, since only the head of a chat's queue runs and every key
   an update reads belongs to its chat. One call, whether or not the slots are all taken.
3. The handler runs on that copy. Just before it sends anything (`answering()`, awaited by
   the Bot API layer), a second call makes the update final if the lease is still this
   worker's, writing back what the handler changed so far; if the lease ran out (the worker
   stalled past it), nothing is sent. A handler that sends nothing is made final at the end.
4. A last call writes back what changed after the send and leaves the queue. Nobody waits for
   it (the update is handled already): it goes to the server with the worker's next write
   (bot.redis_pipeline sends every call of a loop turn in one), the next update's first call
   when they come one after the other; an update of the same chat waiting here goes once it is
   done. So a question costs two round trips on its way, and under load fewer: the calls of
   the updates in flight share them.

Final before: skipped (Telegram delivered it again). The server unreachable, a read it did not
answer, or the lease lost before the answer went out: StateUnavailable, nothing sent (the
webhook answers 503; Telegram delivers the update again), and the lease, never made final,
runs out, so that the next delivery, to any worker, answers it. Between "final" and the send
reaching Telegram is the only moment a worker's death loses an update: never one answered twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import secrets
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Protocol

from telegram import Update

from bot.gaps import Gap
from bot.store_protocol import Run, StateUnavailable, UpdateKeys, before_answering, done_answering

logger = logging.getLogger(__name__)

TURN_POLL_FIRST, TURN_POLL_MAX = 0.005, 0.05  # waiting for another worker's update of the same chat


@dataclass
class WorkingSet:
    """What one update's handler reads and writes, between the two round trips."""

    values: dict[str, str | None]  # Redis key -> what it held when the update began
    writes: dict[str, tuple[str, int]] = field(default_factory=dict)  # Redis key -> (value, ms to live)
    gaps: list[Gap] = field(default_factory=list)
    failed: bool = False  # a read outside the copy, or making the update final, did not succeed: nothing sent
    final: bool = False  # the update is handled: made final just before its answer went out
    token: str = ""  # this run's lease on the update
    # The contexts read or written as objects, with the JSON each is (or came from): a context
    # the handler writes again under another key (the answer's message) is not encoded again.
    decoded: dict[int, tuple[str, object]] = field(default_factory=dict)  # id(object) -> (JSON, object)


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
    worker: str

    def context_key(self, key: str) -> str: ...
    def flood_key(self, key: Hashable) -> str: ...
    def hold(self, chat: int, update_id: int) -> None: ...
    def release(self, chat: int, update_id: int) -> None: ...
    def hold_lease(self, update_id: int, token: str) -> None: ...
    def release_lease(self, token: str) -> None: ...
    async def begin(
        self, chat: int | None, update_id: int, reads: list[str], token: str = "", claim: bool = True
    ) -> Begun: ...
    async def make_final(self, update_id: int, work: WorkingSet) -> bool: ...
    async def finish(self, chat: int | None, update_id: int, work: WorkingSet | None) -> bool: ...
    def finish_later(
        self, chat: int | None, update_id: int, work: WorkingSet, then: Callable[[bool], None]
    ) -> None: ...


class SharedDispatcher:
    """Runs updates in order per chat across every worker sharing the Redis state."""

    def __init__(self, state: SharedQueue, run: Run, keys: UpdateKeys, max_concurrent: int = 8):
        self._state = state
        self._run = run
        self._keys = keys
        self.max_concurrent = max_concurrent
        self._slots = asyncio.Semaphore(max_concurrent)
        self._turns: dict[int, asyncio.Event] = {}  # chat -> set when one of its updates ends here
        # Each delivery's lease token: unique to this dispatcher (a worker restarted under the same
        # name included) without a uuid per update.
        self._token_prefix = f"lease:{state.worker}:{secrets.token_hex(6)}-"
        self._tokens = itertools.count()

    async def handle(self, update: Update, on_claimed: Callable[[], None] | None = None) -> None:
        state = self._state
        if not state.available:
            raise StateUnavailable(state.problem or "the state store is not reachable")
        chat = _ordering_key(update)
        context_keys, flood_key = self._keys(update)
        reads = [state.context_key(key) for key in context_keys]
        if flood_key is not None:
            reads.append(state.flood_key(flood_key))
        token = f"{self._token_prefix}{next(self._tokens)}"  # this delivery's lease, whichever attempt takes it
        if chat is not None:
            state.hold(chat, update.update_id)
        try:
            delay = TURN_POLL_FIRST
            while not (begun := await state.begin(chat, update.update_id, reads, token)).turn:
                delay = await self._wait_turn(chat, delay)
            if not begun.first:
                logger.debug("update %s was already handled: skipped", update.update_id)
                try:
                    await state.finish(chat, update.update_id, None)
                except StateUnavailable:
                    pass  # its place in the queue runs out with its lease
                finally:
                    self._ended(chat)
                if on_claimed is not None:
                    on_claimed()
                return
            state.hold_lease(update.update_id, token)
            try:
                async with self._slots:
                    await self._run_leased(update, chat, reads, token, begun, on_claimed)
            finally:
                state.release_lease(token)
        finally:
            if chat is not None:
                state.release(chat, update.update_id)

    async def _run_leased(
        self,
        update: Update,
        chat: int | None,
        reads: list[str],
        token: str,
        begun: Begun,
        on_claimed: Callable[[], None] | None,
    ) -> None:
        """The update's handler on what `begun` read, made final before its first send, written back."""
        state = self._state
        work = WorkingSet(dict(zip(reads, begun.values, strict=False)), token=token)
        later = False  # written back after the answer, without waiting: the chat's turn ends then
        try:
            context = _work.set(work)
            answering = before_answering(lambda: self._make_final(update, work, on_claimed))
            try:
                await self._run(update)
            finally:
                done_answering(answering)
                _work.reset(context)
        except Exception:
            # A handler's error (python-telegram-bot's own handler passes them to the error
            # handler instead): the update is done with, as on SQLite; or given up, as it said.
            with contextlib.suppress(StateUnavailable):
                await self._finish(update, chat, work, on_claimed)
            raise
        else:
            if work.final and not work.failed:
                later = True
                state.finish_later(chat, update.update_id, work, lambda saved: self._finished(update, chat, saved))
            else:
                await self._finish(update, chat, work, on_claimed)
        finally:
            if not later:
                self._ended(chat)

    def _finished(self, update: Update, chat: int | None, saved: bool) -> None:
        """The end of an update answered before: written back (`saved`), or not: the server was lost
        (then its place in the chat's queue runs out with its lease)."""
        if not saved:
            logger.warning("update %s answered; its context not saved (state store lost)", update.update_id)
        self._ended(chat)

    async def _make_final(self, update: Update, work: WorkingSet, on_claimed: Callable[[], None] | None) -> None:
        """Before the handler's first send: the update is handled from now on, if it is still ours."""
        if work.final:
            return
        if work.failed:
            raise StateUnavailable("the update was given up: nothing is sent")
        try:
            final = await self._state.make_final(update.update_id, work)
        except StateUnavailable:
            work.failed = True
            raise
        if not final:
            work.failed = True
            logger.warning(
                "update %s not answered here: this worker's lease on it ran out before its answer went out "
                "(the worker stalled?); it is answered on its next delivery",
                update.update_id,
            )
            raise StateUnavailable("the lease on the update ran out")
        work.final = True
        self._state.release_lease(work.token)  # final: nothing to renew (its chat's place still is)
        if on_claimed is not None:
            on_claimed()

    async def _finish(
        self, update: Update, chat: int | None, work: WorkingSet, on_claimed: Callable[[], None] | None
    ) -> None:
        if work.failed and not work.final:
            # Nothing sent: the lease runs out by itself, and its next delivery answers the update.
            raise StateUnavailable("the update was given up: nothing was sent")
        try:
            owned = await self._state.finish(chat, update.update_id, work)
        except StateUnavailable:
            if work.final:
                # Answered but not written back: final (never answered twice); the chat's next
                # update waits for this one's lease to run out.
                logger.warning("update %s answered; its context not saved (state store lost)", update.update_id)
                return
            raise
        if not owned:  # sent nothing and lost the lease meanwhile: nothing written, it runs again
            logger.warning("update %s given up: this worker's lease on it ran out", update.update_id)
            raise StateUnavailable("the lease on the update ran out")
        if not work.final:
            work.final = True
            if on_claimed is not None:
                on_claimed()

    def _ended(self, chat: int | None) -> None:
        if chat is not None and chat in self._turns:
            self._turns.pop(chat).set()

    async def _wait_turn(self, chat: int | None, delay: float) -> float:
        """Until an update of the chat ends here, or `delay` (for one ending on another worker)."""
        if chat is None:
            await asyncio.sleep(delay)
            return min(delay * 2, TURN_POLL_MAX)
        event = self._turns.setdefault(chat, asyncio.Event())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), delay)
            return TURN_POLL_FIRST
        return min(delay * 2, TURN_POLL_MAX)


def _ordering_key(update: Update) -> int | None:
    if update.effective_chat:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user else None
