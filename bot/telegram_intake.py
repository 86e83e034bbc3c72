"""How updates come in: long polling that owns the offset, or a webhook answered after handling.

Telegram forgets an update once it is confirmed: by a getUpdates whose offset is
past it, or by a 200 to the webhook request that carried it. python-telegram-bot
confirms too early for a bot that must survive SIGKILL (its Updater confirms a
batch with the next getUpdates, before handling it; its webhook server answers
200 as soon as the update is queued), so a crash lost what was fetched and not
yet answered. Here an update is confirmed only once the dispatcher has claimed
it, which commits the claim to disk before the answer is sent (with Redis, once
the worker's lease on it was made final, just before its answer: bot.redis_dispatch;
StateUnavailable otherwise, and the update is not confirmed). After a crash
Telegram delivers again everything not confirmed; what was claimed is skipped,
the rest is answered. The few updates claimed and in flight at the crash (at
most the dispatcher's concurrency) may go unanswered; none is answered twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from telegram import Bot, Update
from telegram.error import Conflict, InvalidToken, RetryAfter, TelegramError, TimedOut

from bot.stores import Dispatcher, StateUnavailable
from bot.telegram_request import AiohttpRequest, form_fields

if TYPE_CHECKING:  # imported by the webhook server when it starts: a polling bot never loads aiohttp's server
    from aiohttp import web

logger = logging.getLogger(__name__)
T = TypeVar("T")

POLL_TIMEOUT = 10  # seconds a getUpdates long poll waits for something new
BATCH = 100  # updates per getUpdates: Telegram's maximum
ROOM_WAIT = 0.5  # longest pause between fetches while fetched updates wait for their turn
MAX_BACKOFF = 30.0
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class Poller:
    """getUpdates in a loop; the offset sent never passes an update that is not yet claimed.

    Until the lowest unclaimed update is claimed, every getUpdates returns it again along
    with those after it. So each fetch is followed by a pause: while half a batch still
    waits for its turn, or while nothing new came, the loop waits for claims (at most
    ROOM_WAIT) instead of fetching the same updates again. And getUpdates is called
    through a request of its own, its answer read as plain JSON: only the updates this
    run has not seen are turned into Update objects, the costly part of reading them."""

    def __init__(self, bot: Bot, dispatcher: Dispatcher, poll_timeout: int = POLL_TIMEOUT):
        self._bot = bot
        self._dispatcher = dispatcher
        self._poll_timeout = poll_timeout
        self._request = AiohttpRequest(pool_size=1)  # a long poll holds its connection
        self._low_water = BATCH // 2  # enough queued to keep every slot busy
        self._next_id: int | None = None  # the first update id this run has not seen
        self._unclaimed: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._claimed = asyncio.Event()
        self._stopping = asyncio.Event()

    def offset(self) -> int | None:
        """What getUpdates may confirm: everything below the lowest update not yet claimed."""
        return min(self._unclaimed) if self._unclaimed else self._next_id

    async def run(self) -> None:
        """Fetch and dispatch until stop(); then finish what was fetched and confirm it."""
        await self._request.initialize()
        try:
            await self._until_stopped(self._remove_webhook())
            await self._loop()
            await self._finish()
        finally:
            await self._request.shutdown()

    async def _loop(self) -> None:
        backoff = 1.0
        while not self._stopping.is_set():
            try:
                updates = await self._until_stopped(self._get_updates(self.offset(), self._poll_timeout))
                backoff = 1.0
            except InvalidToken:
                raise
            except Exception as error:  # the loop must outlive any one failed fetch
                backoff = await self._wait_after(error, backoff)
                continue
            fresh = self._dispatch(updates or [])
            await self._until_stopped(self._room(fresh))

    async def _get_updates(self, offset: int | None, timeout: int, limit: int = BATCH) -> list[Any]:
        fields = {"timeout": str(timeout), "limit": str(limit), "allowed_updates": json.dumps(Update.ALL_TYPES)}
        if offset is not None:
            fields["offset"] = str(offset)
        result = await self._request.post(
            f"{self._bot.base_url}/getUpdates", form_fields(fields), read_timeout=self._request.read_timeout + timeout
        )
        return result if isinstance(result, list) else []

    def stop(self) -> None:
        self._stopping.set()

    async def _remove_webhook(self) -> None:
        """getUpdates answers 409 Conflict while a webhook is set."""
        try:
            await self._bot.delete_webhook()
        except TelegramError as error:
            logger.warning("could not remove a webhook before polling: %s", error)

    def _dispatch(self, updates: list[Any]) -> int:
        """Start handling what this run has not seen yet; the rest is already under way."""
        ids = [u for u in updates if isinstance(u, dict) and isinstance(u.get("update_id"), int)]
        fresh = [u for u in ids if self._next_id is None or u["update_id"] >= self._next_id]
        for data in fresh:
            update = self._read(data)
            if update is None:
                continue
            self._unclaimed.add(update.update_id)
            task = asyncio.create_task(self._handle(update), name=f"update-{update.update_id}")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        if fresh:
            self._next_id = fresh[-1]["update_id"] + 1
        return len(fresh)

    def _read(self, data: dict[str, Any]) -> Update | None:
        """The Update, or None (logged, and passed over) for one python-telegram-bot cannot read:
        holding the offset for it would stop the bot for good."""
        try:
            return Update.de_json(data, self._bot)
        except Exception as error:
            logger.error("update %s could not be read (%s): skipped", data.get("update_id"), type(error).__name__)
            return None

    async def _handle(self, update: Update) -> None:
        delay = 0.5
        while True:
            try:
                await self._dispatcher.handle(update, on_claimed=lambda: self._mark_claimed(update.update_id))
            except StateUnavailable:
                # A shared state out of reach (said once by the state): the update stays unclaimed, so
                # the offset stays below it and Telegram keeps it; tried again once the state answers.
                if self._stopping.is_set():
                    return
                await self._until_stopped(asyncio.sleep(delay))
                delay = min(delay * 2, MAX_BACKOFF)
                continue
            except Exception:  # handlers' errors go to the error handler; this is a bug of ours
                logger.exception("update %s could not be handled", update.update_id)
            self._mark_claimed(update.update_id)
            return

    def _mark_claimed(self, update_id: int) -> None:
        self._unclaimed.discard(update_id)
        self._claimed.set()

    async def _room(self, fresh: int) -> None:
        """Pause before the next fetch while it would only bring back what is already queued."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + ROOM_WAIT
        self._claimed.clear()
        while self._unclaimed and (len(self._unclaimed) > self._low_water or not fresh):
            remaining = deadline - loop.time()
            if remaining <= 0:
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._claimed.wait(), remaining)
            if not fresh and self._claimed.is_set():
                return  # the offset moved: the next fetch can bring something new
            self._claimed.clear()

    async def _wait_after(self, error: Exception, backoff: float) -> float:
        if isinstance(error, RetryAfter):
            delay = (
                error.retry_after if isinstance(error.retry_after, int | float) else error.retry_after.total_seconds()
            )
        elif isinstance(error, TimedOut):
            delay = 0.0  # a long poll that outlived its read timeout: simply ask again
        elif isinstance(error, TelegramError):
            delay = backoff
            hint = " (is another instance of this bot polling?)" if isinstance(error, Conflict) else ""
            logger.warning("getUpdates failed: %s%s; retrying in %.0f s", error, hint, delay)
        else:  # Telegram's answer could not be read: a bug of ours or of the library
            delay = backoff
            logger.error("getUpdates answer not processed; retrying in %.0f s", delay, exc_info=error)
        await self._until_stopped(asyncio.sleep(delay))
        return min(backoff * 2, MAX_BACKOFF) if delay else backoff

    async def _until_stopped(self, awaitable: Awaitable[T]) -> T | None:
        """Await, unless stop() comes first: then cancel it and return None."""
        task = asyncio.ensure_future(awaitable)
        stopping = asyncio.ensure_future(self._stopping.wait())
        try:
            await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
        if task.done():
            return task.result()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
        return None

    async def _finish(self) -> None:
        """SIGTERM: the updates already fetched are handled, then confirmed to Telegram."""
        if self._tasks:
            logger.info("finishing %d fetched update(s)", len(self._tasks))
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.offset() is None:
            return
        try:  # without this, the next start would get them again (and skip them: claimed)
            await self._get_updates(self.offset(), timeout=0, limit=1)
        except TelegramError as error:
            logger.warning("could not confirm the last updates to Telegram: %s", error)


class WebhookServer:
    """Telegram's webhook on aiohttp, answered 200 only once the update was handled.

    Telegram sends an update again until its request gets a 2xx, so a crash before the
    answer loses nothing; the secret token is checked on every request (403 otherwise)."""

    def __init__(
        self, bot: Bot, dispatcher: Dispatcher, url: str, secret: str, listen: str, port: int, reuse_port: bool = False
    ):
        self._bot = bot
        self._dispatcher = dispatcher
        self._url = url
        self._secret = secret.encode()
        self._listen = listen
        self._port = port
        self._reuse_port = reuse_port  # several worker processes on one port: the kernel spreads the requests
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        from aiohttp import web

        app = web.Application(client_max_size=1 << 20)  # an update is a few kB
        app.router.add_post("/" + urlsplit(self._url).path.lstrip("/"), self._receive)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)  # the path is a secret too
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, self._listen, self._port, reuse_port=self._reuse_port or None)
        await self._site.start()
        await self._bot.set_webhook(self._url, secret_token=self._secret.decode(), allowed_updates=Update.ALL_TYPES)

    async def stop(self) -> None:
        """Stop accepting, answer the requests already received once handled, then close."""
        if self._site is not None:
            await self._site.stop()
        if self._tasks:
            logger.info("finishing %d update(s) received", len(self._tasks))
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._runner is not None:
            await self._runner.cleanup()

    async def _receive(self, request: web.Request) -> web.Response:
        from aiohttp import web

        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")
        if not hmac.compare_digest(given, self._secret):
            return web.Response(status=403)
        try:
            update = Update.de_json(await request.json(), self._bot)
        except (ValueError, TypeError, KeyError, AttributeError):
            return web.Response(status=400)  # a JSON null too: de_json raises AttributeError on it
        # A task of its own, shielded: a dropped connection must not cancel half an answer,
        # and stop() waits for it.
        task = asyncio.create_task(self._dispatcher.handle(update), name=f"update-{update.update_id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        try:
            await asyncio.shield(task)
        except StateUnavailable:  # said once by the state; Telegram delivers the update again later
            return web.Response(status=503)
        except Exception:
            logger.exception("update %s could not be handled", update.update_id)
            return web.Response(status=500)
        return web.Response(status=200)
