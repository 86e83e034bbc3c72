"""The real Telegram bot in the test's own event loop, offline: python-telegram-bot's own test pattern.

`build_application` (the one wiring function) builds the Application with its
real handlers, rate limiter, state and engine; only its HTTP layer is replaced
by `DoubleRequest`, which hands every Bot API call to the Bot API double's
checks (tests/botapi_double.py: HTML that does not parse, over 4096
characters, callback_data outside 1-64 bytes, inline result ids, unknown chats
and queries: the same 400s) and records it, as python-telegram-bot's
`tests/auxil/networking.py` offline request and aiogram's `MockedSession` do.
Updates are real Update JSON, read with `Update.de_json` and run through the
bot's own `OrderedDispatcher` (each claimed in the state first) into
`process_update`, as telegram_intake does (with `state_url` set, through the Redis store's
own dispatcher, as a worker does). What only a process shows (polling,
the webhook server, signals, SIGKILL) is in the process-level tests.

A handler's exception fails the test at the end of the block (unless
`allow_errors`): a 400 from the double is a bug in the bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import json
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes
from telegram.request import BaseRequest, RequestData

from bot.answering.pipeline import Pipeline
from bot.config import Settings
from bot.engine import Engine
from bot.knowledge import Knowledge
from bot.stores import Dispatcher, StateStore
from bot.telegram_app import build_application, open_engine, open_state, running, update_keys
from bot.telegram_delivery import OrderedDispatcher
from tests.botapi_double import BotApiDouble, Call, decode_fields
from tests.conftest import SHARED_CACHE, TOKEN


class DoubleRequest(BaseRequest):
    """python-telegram-bot's HTTP layer answered by the Bot API double, in this process."""

    def __init__(self, api: BotApiDouble):
        self._api = api

    @property
    def read_timeout(self) -> float:
        return 1.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        token, _, api_method = url.rpartition("/bot")[2].partition("/")
        if token != self._api.token:
            return 401, b'{"ok": false, "error_code": 401, "description": "Unauthorized"}'
        params = decode_fields(request_data.json_parameters) if request_data is not None else {}
        status, body = self._api.answer(api_method, params)
        return status, json.dumps(body).encode("utf-8")


@functools.cache
def shared_knowledge() -> tuple[Knowledge, Pipeline]:
    """The real knowledge base and its pipeline, loaded once per test process.

    Compiling takes most of a second (loading the compiled cache `python -m bot ask` keeps in
    the project, a tenth of that); the bot shares one pipeline between all its chats, so the
    tests' bots may share it too (each has its own state, context and gaps)."""
    settings = Settings.from_env({})
    engine = Engine.compiled(SHARED_CACHE, settings.knowledge_dir, settings.seeds_dir)
    return engine.knowledge, engine.pipeline


class InProcessBot:
    """The running bot: push updates in, read what it sent to the Bot API."""

    def __init__(self, app: Application, api: BotApiDouble, settings: Settings, state: StateStore):
        self.app = app
        self.api = api
        self.settings = settings
        self.state = state
        self.errors: list[BaseException] = []
        self._dispatcher: Dispatcher = (
            state.dispatcher(app.process_update, update_keys)
            if settings.shared_state
            else OrderedDispatcher(app.process_update, ledger=state)  # type: ignore[arg-type]
        )
        self._handling: set[asyncio.Task[None]] = set()

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Deliver one update (its update_id assigned as Telegram does) and start handling it.

        Each chat's updates are handled in the order pushed, different chats concurrently."""
        update = self.api.accept(update)
        self._handle(update)
        return update

    def redeliver(self, update: dict[str, Any]) -> None:
        """Deliver an update again with its update_id, as Telegram does when it was not confirmed."""
        self._handle(update)

    def _handle(self, update: dict[str, Any]) -> None:
        task = asyncio.create_task(self._dispatcher.handle(Update.de_json(update, self.app.bot)))
        self._handling.add(task)
        task.add_done_callback(self._handling.discard)

    async def settle(self, timeout: float = 20.0) -> None:
        """Return once every update pushed so far was handled."""
        async with asyncio.timeout(timeout):
            while self._handling:
                await asyncio.gather(*self._handling)

    async def wait_for(
        self, method: str, chat_id: int | None = None, count: int = 1, timeout: float = 20.0
    ) -> list[Call]:
        """The successful calls of `method` (to `chat_id`) once the pushed updates were handled."""
        await self.settle(timeout)
        found = [c for c in self.api.calls(method, chat_id=chat_id) if c.status == 200]
        assert len(found) >= count, (
            f"{len(found)} {method} call(s) to {chat_id}, expected {count}: "
            f"{[(c.method, c.status) for c in self.api.calls()[-10:]]}"
        )
        return found

    def texts(self, chat_id: int) -> list[str]:
        return [c.result["text"] for c in self.api.calls("sendMessage", chat_id=chat_id) if c.status == 200]

    async def _record_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if context.error is not None:
            self.errors.append(context.error)


@contextlib.asynccontextmanager
async def bot_in_process(
    state_dir: Path,
    token: str = TOKEN,
    api: BotApiDouble | None = None,
    *,
    share_knowledge: bool = True,
    allow_errors: bool = False,
    worker: str | None = None,
    **settings: Any,
) -> AsyncIterator[InProcessBot]:
    """The bot with its own state folder until the block ends; then stopped as at SIGTERM
    (updates in hand finished, state committed).

    `settings` override Settings fields (admin_ids=..., private_questions_per_minute=...,
    state_url="redis://..." for a worker on shared state, named `worker`).
    With the real knowledge base the compiled one is shared (see shared_knowledge);
    `share_knowledge=False` compiles it into the state folder as `python -m bot` does."""
    api = api if api is not None else BotApiDouble(token)
    config = dataclasses.replace(Settings.from_env({}), token_env=token, state_dir=state_dir, **settings)
    state = open_state(config)
    if worker is not None:
        state.worker = worker  # type: ignore[attr-defined]  # two workers of one process: named apart
    try:
        if not await state.connect(asyncio.Event()):
            raise AssertionError("the state store was never reached")
        app = build_application(config, _engine(config, state, share_knowledge), state, request=DoubleRequest(api))
        bot = InProcessBot(app, api, config, state)
        app.add_error_handler(bot._record_error)
        commands_before = len(api.calls("setMyCommands"))
        async with running(app):
            await until(lambda: len(api.calls("setMyCommands")) >= commands_before + 2)  # post_init is done
            try:
                yield bot
            finally:
                await bot.settle()
        if bot.errors and not allow_errors:
            raise AssertionError(f"the bot's handlers failed: {bot.errors!r}")
    finally:
        state.close()


def _engine(config: Settings, state: StateStore, share_knowledge: bool) -> Engine:
    default = Settings.from_env({})
    if not share_knowledge or (config.knowledge_dir, config.seeds_dir) != (default.knowledge_dir, default.seeds_dir):
        return open_engine(config, state)
    knowledge, pipeline = shared_knowledge()
    # As open_engine builds it (bot.assembly), with the knowledge compiled once.
    return Engine(knowledge, state, state if config.record_gaps else None, pipeline)


async def until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    """Wait, without blocking the bot, until `condition` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)
