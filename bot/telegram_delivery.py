"""How requests and updates flow between Telegram and the handlers.

- RetryingRateLimiter: 429s are waited out (python-telegram-bot's AIORateLimiter),
  5xx answers and timeouts are retried with back-off; every request made while an update
  is handled first awaits the dispatcher's `answering()` (a shared state makes the update
  final there, or refuses the send: bot.store_protocol).
- OrderedDispatcher: chats are served concurrently, each chat in order, and an update
  claimed before a restart is not handled again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Protocol

from telegram import Update
from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter

from bot.store_protocol import answering

logger = logging.getLogger(__name__)


class RetryingRateLimiter(AIORateLimiter):
    """AIORateLimiter waits out 429s (retry_after); this also retries 5xx and timeouts."""

    def __init__(self, *, transient_retries: int = 3, backoff: float = 0.5, **kwargs: Any):
        super().__init__(**kwargs)
        self._transient_retries = transient_retries
        self._backoff = backoff

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):  # type: ignore[no-untyped-def]
        async def answer(*call_args: Any, **call_kwargs: Any) -> Any:
            # Once past the send pacing, just before the request leaves: an update's answer is
            # final from here (or not sent at all: StateUnavailable, which no retry catches).
            await answering()
            return await callback(*call_args, **call_kwargs)

        for attempt in range(self._transient_retries + 1):
            try:
                return await super().process_request(answer, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:  # our request is wrong: sending it again will not help
                raise
            except NetworkError as error:  # 5xx, timeouts, connection errors
                if attempt == self._transient_retries:
                    raise
                logger.warning("Bot API %s failed (%s); retry %d", endpoint, error, attempt + 1)
                await asyncio.sleep(self._backoff * 2**attempt)
        raise AssertionError("unreachable")


class UpdateLedger(Protocol):
    """Which updates were claimed (marked handled before they are answered), kept across restarts."""

    def claim(self, update_id: int) -> bool: ...


class OrderedDispatcher:
    """Runs updates: different chats concurrently, one chat's updates in order, each update
    claimed in the ledger just before it runs.

    A follow-up must see the context its question left, so a chat's updates cannot overtake
    each other; while one waits on the network, other chats go ahead. An update first waits
    for its chat and only then for one of the `max_concurrent` slots: a chat with hundreds of
    queued messages holds one slot, never all of them, so a flooder does not stall the others.
    The claim comes last, once the update is about to run: at a crash, at most `max_concurrent`
    updates are claimed and not yet answered. Eight at a time measured fastest on two cores
    (benchmarks/telegram_throughput.py)."""

    def __init__(
        self, run: Callable[[Update], Awaitable[None]], ledger: UpdateLedger | None = None, max_concurrent: int = 8
    ):
        self._run = run
        self._ledger = ledger
        self.max_concurrent = max_concurrent
        self._slots = asyncio.Semaphore(max_concurrent)
        self._chats: dict[int | None, tuple[asyncio.Lock, int]] = {}  # lock, updates holding it

    async def handle(self, update: Update, on_claimed: Callable[[], None] | None = None) -> None:
        """Return once the update was handled, or skipped because a run before this one claimed it.

        `on_claimed` is called as soon as the update is claimed (or found claimed): from then on
        Telegram may forget it (see telegram_intake)."""
        async with self._in_chat_order(_ordering_key(update)), self._slots:
            first_time = self._ledger is None or self._ledger.claim(update.update_id)
            if on_claimed is not None:
                on_claimed()
            if not first_time:
                # Telegram delivers again what was not confirmed before a crash: answer once.
                logger.debug("update %s was already handled before a restart: skipped", update.update_id)
                return
            await self._run(update)

    @contextlib.asynccontextmanager
    async def _in_chat_order(self, key: int | None) -> AsyncIterator[None]:
        lock, holders = self._chats.get(key, (None, 0))
        lock = lock or asyncio.Lock()
        self._chats[key] = (lock, holders + 1)
        try:
            async with lock:
                yield
        finally:
            _, holders = self._chats[key]
            if holders == 1:
                del self._chats[key]  # the table holds only chats with updates in flight
            else:
                self._chats[key] = (lock, holders - 1)


def _ordering_key(update: Update) -> int | None:
    if update.effective_chat:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user else None
