"""The Redis store's script calls, pipelined: every call made in one turn of the event loop goes
to the server in one write, on one connection, and their replies come back in one read.

What ioredis calls auto-pipelining (redis-py has none for asyncio): under load, the updates a
worker handles at once each make their calls in the same turns (the replies that woke them
arrived together), and one round trip serves them all; a call an update makes after its answer
went out (bot.redis_dispatch writes it back then) rides along with the next update's first
call. Each write uses a connection of its own (kept for the next write once its replies are
read), so a write the server is slow to answer holds back only the calls in it. The server runs
the calls of one write in order; each is a script, atomic on its own: nothing is transactional
across calls, and nothing needs to be.

A call whose script the server does not know (it restarted) is run again once the scripts are
loaded. A write whose connection fails fails every call in it with the client's error; no call
is ever sent twice (bot.redis_state says why).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import redis
import redis.asyncio as aredis
from redis.asyncio.connection import AbstractConnection
from redis.exceptions import NoScriptError


@dataclass(eq=False)
class _Call:
    script: str
    keys: Sequence[str]
    args: Sequence[Any]
    reply: asyncio.Future[Any]


class Pipelined:
    """Runs named Lua scripts on `client`'s server, pipelining the calls of each loop turn."""

    def __init__(self, client: aredis.Redis, scripts: dict[str, str], timeout: float):
        self._client = client
        self._timeout = timeout  # for a whole write and its replies
        self._sources = scripts
        self._shas = {name: hashlib.sha1(source.encode()).hexdigest() for name, source in scripts.items()}
        self._queued: list[_Call] = []
        self._idle: list[AbstractConnection] = []  # connected, every reply read
        self._writes: set[asyncio.Task[None]] = set()  # sent (or about to be), replies not all read
        self.round_trips = 0

    def call(self, script: str, keys: Sequence[str], args: Sequence[Any]) -> asyncio.Future[Any]:
        """Queue a call of `script`; its future holds the reply (or the client's error)."""
        reply: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._queued.append(_Call(script, keys, args, reply))
        if len(self._queued) == 1:  # the first of this turn: a write goes at the start of the next
            task = asyncio.ensure_future(self._write())
            self._writes.add(task)
            task.add_done_callback(self._writes.discard)
        return reply

    async def drain(self) -> None:
        """Until every call queued so far has its reply (or its error)."""
        while self._writes:
            await asyncio.gather(*self._writes, return_exceptions=True)

    async def disconnect(self) -> None:
        """Drop the idle connections (the server went away: each would fail once more)."""
        idle, self._idle = self._idle, []
        for connection in idle:
            with contextlib.suppress(redis.RedisError, OSError):
                await connection.disconnect()

    async def _write(self) -> None:
        calls, self._queued = self._queued, []
        try:
            await self._send(calls, loaded=False)
        finally:  # whatever went wrong, no caller waits forever
            for call in calls:
                if not call.reply.done():
                    call.reply.set_exception(redis.ConnectionError("the write to the server did not complete"))

    def _connection(self) -> AbstractConnection:
        """A new connection, with no timeout of its own: each write has one for all it does. (The
        client's, per read and per write, runs each write in a task of its own: a loop turn more.)"""
        pool = self._client.connection_pool
        return pool.connection_class(**{**pool.connection_kwargs, "socket_timeout": None})

    async def _send(self, calls: list[_Call], loaded: bool) -> None:
        replies: list[Any] = []
        connection: AbstractConnection | None = None
        try:
            packed = b"".join(_packed(("EVALSHA", self._shas[c.script], len(c.keys), *c.keys, *c.args)) for c in calls)
            connection = self._idle.pop() if self._idle else self._connection()
            async with asyncio.timeout(self._timeout):
                await connection.connect()  # type: ignore[no-untyped-call]  # at once when connected
                # The connection's own streams, read with the lean reader below: the client's
                # reader costs as much CPU as the rest of an update's round trip.
                reader, writer = connection._reader, connection._writer
                if reader is None or writer is None:
                    raise redis.ConnectionError("not connected")
                self.round_trips += 1
                writer.write(packed)
                await writer.drain()  # at once unless the server stopped reading
                for _ in calls:
                    replies.append(await _reply(reader))
        except BaseException as error:  # the connection failed (the client closed it), or we were cancelled
            if connection is not None:
                with contextlib.suppress(redis.RedisError, OSError):
                    await connection.disconnect()
            if isinstance(error, redis.RedisError):
                failure: redis.RedisError = error
            elif isinstance(error, TimeoutError):
                failure = redis.TimeoutError(f"no reply in {self._timeout:g} s")
            else:
                failure = redis.ConnectionError(str(error) or repr(error))
            for call in calls:
                if call.reply.done():
                    continue
                if isinstance(error, Exception):
                    call.reply.set_exception(failure)
                else:  # cancelled (the loop is closing): not a fault of the server's
                    call.reply.cancel()
            if not isinstance(error, Exception):
                raise
            return
        assert connection is not None
        self._idle.append(connection)
        again: list[_Call] = []
        for call, reply in zip(calls, replies, strict=True):
            if isinstance(reply, NoScriptError) and not loaded:
                again.append(call)  # the server restarted and forgot the scripts: the call did not run
            elif call.reply.done():  # its caller gave up waiting
                continue
            elif isinstance(reply, Exception):
                call.reply.set_exception(reply)
            else:
                call.reply.set_result(reply)
        if again:
            try:
                for source in self._sources.values():
                    await self._client.script_load(source)
            except redis.RedisError as error:
                for call in again:
                    if not call.reply.done():
                        call.reply.set_exception(error)
                return
            await self._send(again, loaded=True)


def _packed(command: Sequence[Any]) -> bytes:
    """One command in the protocol's form (RESP): the client's own packing, without its generality."""
    parts = [b"*%d\r\n" % len(command)]
    for arg in command:
        data = arg if isinstance(arg, bytes) else str(arg).encode()  # str() of a float is its repr(), as the client
        parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(parts)


async def _reply(reader: asyncio.StreamReader) -> Any:
    """One reply (RESP2, or the RESP3 a script's reply can be), strings decoded; a server error is
    returned (NoScriptError for a script it does not know), not raised: the rest of the write's
    replies are still to be read."""
    line = await reader.readuntil(b"\r\n")
    kind, rest = line[:1], line[1:-2]
    if kind == b"$":
        size = int(rest)
        return None if size < 0 else (await reader.readexactly(size + 2))[:-2].decode()
    if kind == b":":
        return int(rest)
    if kind == b"*":
        size = int(rest)
        return None if size < 0 else [await _reply(reader) for _ in range(size)]
    if kind == b"+":
        return rest.decode()
    if kind == b"_":
        return None
    if kind == b"-":
        message = rest.decode()
        return NoScriptError(message) if message.startswith("NOSCRIPT") else redis.ResponseError(message)
    if kind == b"#":
        return rest == b"t"
    if kind == b",":
        return float(rest)
    raise redis.ConnectionError(f"unexpected reply from the server: {line[:40]!r}")
