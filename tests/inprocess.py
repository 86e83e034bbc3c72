"""The bot's real wiring (state, engine, Application, polling loop) in the test's own event loop.

Cheaper than a process and it lets a test watch the log records, while the path
is the one `python -m bot` takes: `open_state`, `open_engine`,
`build_application` and `serve` against the Bot API double. For what only a
process shows (SIGKILL, signals, restart), see conftest.start_bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.telegram_app import build_application, open_engine, open_state, serve
from tests.botapi_double import BotApiDouble, Call
from tests.conftest import TOKEN


class InProcessBot:
    def __init__(self, api: BotApiDouble, settings: Settings):
        self.api = api
        self.settings = settings

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        return self.api.push(update)

    async def wait_for(self, method: str, chat_id: int | None = None, count: int = 1,
                       timeout: float = 20.0) -> list[Call]:
        """The double's wait_for, off the event loop the bot runs on."""
        return await asyncio.to_thread(self.api.wait_for, method, chat_id, count, timeout)

    def texts(self, chat_id: int) -> list[str]:
        return [c.result["text"] for c in self.api.calls("sendMessage", chat_id=chat_id)]


@contextlib.asynccontextmanager
async def bot_in_process(state_dir: Path, token: str = TOKEN, api: BotApiDouble | None = None,
                         **settings: Any) -> AsyncIterator[InProcessBot]:
    """Run the bot until the block ends, then stop it as SIGTERM does (fetched updates finished)."""
    own_api = api is None
    if api is None:
        api = BotApiDouble(token)
        api.start()
    base = Settings.from_env({})
    config = dataclasses.replace(base, token_env=token, api_base_url=api.url, state_dir=state_dir, **settings)
    state = open_state(config)
    app = build_application(config, open_engine(config, state), state)
    stop = asyncio.Event()
    started = len(api.calls("setMyCommands"))
    running = asyncio.create_task(serve(app, config, state, stop))
    try:
        await asyncio.to_thread(api.wait_for, "setMyCommands", None, started + 2, 30)
        yield InProcessBot(api, config)
    finally:
        stop.set()
        await running
        state.close()
        if own_api:
            api.stop()
