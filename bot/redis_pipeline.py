"""The Redis store's script calls, pipelined: every call made in one turn of the event loop goes
to the server in one write, on one connection, and their replies come back in one read.

What ioredis calls auto-pipelining (redis-py has none for asyncio): under load, the updates a
worker handles at once each make their calls in the same turns (the replies that woke them
arrived together), and one round trip serves them all; a call an update makes after its answer
went out (bot.redis_dispatch writes it back then) rides along with the next update's first
call. The write goes at the start of the loop's next turn, or at once when nothing else is due
on the loop before then (no other call could join it: a worker answering one question at a
time). Each write uses a connection of its own (kept for the next write once its replies are
read), so a write the server is slow to answer holds back only the calls in it. The server runs
the calls of one write in order; each is a script, atomic on its own: nothing is transactional
across calls, and nothing needs to be.

The client's own machinery costs more CPU than the round trip itself (a PING through redis-py
takes several times what the server and the system take for it), so a connection, once redis-py
has opened it (TLS, AUTH, SELECT as the URL says), is driven directly: the calls of a turn are
packed and written from a plain callback (no task per write), and the replies are read as they
arrive, in the connection's protocol, each handed to its call's future (no task waiting on a
stream). Only opening a connection, and loading the scripts again, run in a task of their own.

A call whose script the server does not know (it restarted) is run again once the scripts are
loaded. A write whose connection fails (or whose replies do not all come within the timeout)
fails every call in it with the client's error; no call is ever sent twice (bot.redis_state
says why).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import redis
import redis.asyncio as aredis
from redis.asyncio.connection import AbstractConnection
from redis.exceptions import NoScriptError


@dataclass(eq=False, slots=True)
class _Call:
    script: str
    keys: Sequence[str]
    args: Sequence[Any]
    reply: asyncio.Future[Any]
    retried: bool = False  # sent again once, after the scripts were loaded


class Pipelined:
    """Runs named Lua scripts on `client`'s server, pipelining the calls of each loop turn."""

    def __init__(self, client: aredis.Redis, scripts: dict[str, str], timeout: float):
        self._client = client
        self._timeout = timeout  # for a whole write and its replies
        self._sources = scripts
        shas = {name: hashlib.sha1(source.encode()).hexdigest() for name, source in scripts.items()}
        self._heads = {name: f"$7\r\nEVALSHA\r\n$40\r\n{sha}\r\n" for name, sha in shas.items()}
        self._queued: list[_Call] = []
        self._flushing: asyncio.Handle | None = None  # the write of this turn's calls, due
        self._idle: list[_Link] = []  # connected, every reply read
        self._links: set[_Link] = set()  # every connection open, idle or not
        self._tasks: set[asyncio.Task[None]] = set()  # opening a connection, loading the scripts again
        self.round_trips = 0

    def call(self, script: str, keys: Sequence[str], args: Sequence[Any], awaited: bool = True) -> asyncio.Future[Any]:
        """Queue a call of `script`; its future holds the reply (or the client's error).
        `awaited`: the caller awaits the reply at once (False: nobody waits for it)."""
        loop = asyncio.get_running_loop()
        reply: asyncio.Future[Any] = loop.create_future()
        self._queued.append(_Call(script, keys, args, reply))
        if awaited and self._last_of_turn(loop):
            self._flush()
        elif self._flushing is None:  # the first of this turn: a write goes at the start of the next
            self._flushing = loop.call_soon(self._flush)
        return reply

    def _last_of_turn(self, loop: asyncio.AbstractEventLoop) -> bool:
        """Nothing else is due on the loop before this turn's write would go (at the start of the
        next turn, before any reply or timer of that turn is looked at): no other call can join
        it, and it goes now, a turn sooner (a question waits for two writes in a row). Only
        asyncio's own loop says so (its queue of callbacks is not public); any other waits."""
        ready = getattr(loop, "_ready", None)
        return isinstance(ready, collections.deque) and len(ready) == (self._flushing is not None)

    async def drain(self) -> None:
        """Until every call queued so far has its reply (or its error)."""
        while True:
            waiting: set[asyncio.Future[Any]] = {call.reply for call in self._queued}
            for link in self._links:
                waiting.update(call.reply for call in link.pending)
            waiting.update(self._tasks)
            waiting = {future for future in waiting if not future.done()}
            if not waiting:
                return
            await asyncio.wait(waiting)

    async def disconnect(self, every: bool = False) -> None:
        """Drop the idle connections (the server went away: each would fail once more); `every`:
        those waiting for replies too (their calls fail), at the end."""
        links = list(self._links) if every else list(self._idle)
        for link in links:
            link.close(redis.ConnectionError("the connection was closed"))

    def _flush(self) -> None:
        if self._flushing is not None:
            self._flushing.cancel()  # when it runs early, from `call`
            self._flushing = None
        calls, self._queued = self._queued, []
        if calls:
            self._write(calls)

    def _write(self, calls: list[_Call]) -> None:
        try:
            packed = "".join([self._packed(call) for call in calls]).encode()
        except Exception as error:  # an argument that cannot be sent: a bug, reported to each caller
            _fail(calls, redis.DataError(f"cannot send the call: {error!r}"))
            return
        while self._idle:
            link = self._idle.pop()
            if not link.closed and not link.closing():
                link.send(calls, packed)
                return
        self._start(self._connect_and_write(calls, packed))

    def _packed(self, call: _Call) -> str:
        """One EVALSHA in the protocol's form (RESP), as text: encoded once for the whole write.
        A string's length is its UTF-8 size; str() of a float is its repr(), as the client sends it."""
        keys = str(len(call.keys))
        parts = [f"*{3 + len(call.keys) + len(call.args)}\r\n", self._heads[call.script], f"${len(keys)}\r\n{keys}\r\n"]
        for arg in (*call.keys, *call.args):
            text = arg if type(arg) is str else str(arg)
            parts.append(f"${len(text) if text.isascii() else len(text.encode())}\r\n{text}\r\n")
        return "".join(parts)

    def _start(self, job: Any) -> None:
        task: asyncio.Task[None] = asyncio.ensure_future(job)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _connection(self) -> AbstractConnection:
        """A new connection, opened by redis-py (handshake included), then driven by a _Link."""
        pool = self._client.connection_pool
        return pool.connection_class(**{**pool.connection_kwargs, "socket_timeout": None})

    async def _connect_and_write(self, calls: list[_Call], packed: bytes) -> None:
        connection = self._connection()
        try:
            async with asyncio.timeout(self._timeout):
                await connection.connect()  # type: ignore[no-untyped-call]
            link = _Link(self, connection)
        except BaseException as error:  # the server unreachable, or we were cancelled (the loop is closing)
            with contextlib.suppress(redis.RedisError, OSError):
                await connection.disconnect()
            if not isinstance(error, Exception):
                for call in calls:
                    call.reply.cancel()
                raise
            _fail(calls, _client_error(error, self._timeout))
            return
        self._links.add(link)
        link.send(calls, packed)

    def _written_back(self, link: _Link, again: list[_Call]) -> None:
        """Every reply of `link`'s write is in: the connection is free; calls whose script the
        server did not know are sent again once the scripts are loaded."""
        if not link.closed:
            self._idle.append(link)
        if again:
            self._start(self._load_and_send(again))

    async def _load_and_send(self, calls: list[_Call]) -> None:
        try:
            for source in self._sources.values():
                await self._client.script_load(source)
        except redis.RedisError as error:
            _fail(calls, error)
            return
        for call in calls:
            call.retried = True
        self._write(calls)

    def _forget(self, link: _Link) -> None:
        self._links.discard(link)
        with contextlib.suppress(ValueError):
            self._idle.remove(link)


class _Link(asyncio.Protocol):
    """One connection, once redis-py has opened it: one write at a time, its replies parsed as
    they arrive and handed to its calls in order."""

    def __init__(self, pipeline: Pipelined, connection: AbstractConnection):
        self._pipeline = pipeline
        self.pending: collections.deque[_Call] = collections.deque()  # written, reply not yet read
        self.closed = False
        self._buffer = b""
        self._again: list[_Call] = []
        # When the write in flight times out (the loop's clock); None while idle. One timer per
        # connection, re-armed only when it fires early (a write since): a timer per write,
        # created and cancelled with each round trip, cost more than the round trip's own
        # bookkeeping.
        self._deadline: float | None = None
        self._timer: asyncio.TimerHandle | None = None
        reader, writer = connection._reader, connection._writer
        if reader is None or writer is None:
            raise redis.ConnectionError("not connected")
        self._buffer = bytes(reader._buffer)  # type: ignore[attr-defined]  # nothing, after the handshake
        self._transport = writer.transport
        self._transport.set_protocol(self)
        # This link owns the transport now. The streams are kept all the same: a StreamWriter
        # that is garbage-collected closes its transport.
        self._streams = (reader, writer)
        connection._reader = connection._writer = None

    def send(self, calls: list[_Call], packed: bytes) -> None:
        self.pending.extend(calls)
        self._pipeline.round_trips += 1
        loop = asyncio.get_running_loop()
        self._deadline = loop.time() + self._pipeline._timeout
        if self._timer is None:
            self._timer = loop.call_at(self._deadline, self._check_deadline)
        self._transport.write(packed)

    def closing(self) -> bool:
        return self._transport.is_closing()

    def close(self, error: redis.RedisError) -> None:
        if not self.closed:
            self.closed = True
            self._transport.abort()
        self._end(error)

    def data_received(self, data: bytes) -> None:
        buffer = self._buffer + data if self._buffer else data
        position = 0
        pending = self.pending
        try:
            while pending:
                reply, position = _reply(buffer, position)
                call = pending.popleft()
                if isinstance(reply, NoScriptError) and not call.retried:
                    self._again.append(call)  # the server restarted and forgot the scripts: the call did not run
                elif call.reply.done():  # its caller gave up waiting
                    continue
                elif isinstance(reply, Exception):
                    call.reply.set_exception(reply)
                else:
                    call.reply.set_result(reply)
        except _Incomplete:
            pass
        except redis.RedisError as error:
            self.close(error)
            return
        self._buffer = buffer[position:]
        if self._buffer and not pending:
            self.close(redis.ConnectionError("a reply from the server that no call asked for"))
        elif not pending and self._deadline is not None:
            self._deadline = None
            again, self._again = self._again, []
            self._pipeline._written_back(self, again)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self._end(
            redis.ConnectionError(f"the connection to the server was lost: {exc}" if exc else "closed by the server")
        )

    def _check_deadline(self) -> None:
        """The timer: the write in flight timed out, or (written since it was armed) not yet."""
        self._timer = None
        if self._deadline is None:
            return  # idle: armed again by the next write
        loop = asyncio.get_running_loop()
        if self._deadline - loop.time() > _CLOCK_SLACK:
            self._timer = loop.call_at(self._deadline, self._check_deadline)
        else:
            self.close(redis.TimeoutError(f"no reply in {self._pipeline._timeout:g} s"))

    def _end(self, error: redis.RedisError) -> None:
        """The connection is gone: every call waiting on it fails with `error`."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        calls = [*self.pending, *self._again]
        self.pending.clear()
        self._again.clear()
        _fail(calls, error)
        self._pipeline._forget(self)


_CLOCK_SLACK = 0.001  # s: the loop runs a timer up to its clock's resolution early


class _Incomplete(Exception):
    """The buffer ends inside a reply: the rest comes with the next read."""


_INCOMPLETE = _Incomplete()


def _fail(calls: list[_Call], error: BaseException) -> None:
    for call in calls:
        if not call.reply.done():
            call.reply.set_exception(error)


def _client_error(error: BaseException, timeout: float) -> redis.RedisError:
    if isinstance(error, redis.RedisError):
        return error
    if isinstance(error, TimeoutError):
        return redis.TimeoutError(f"no reply in {timeout:g} s")
    return redis.ConnectionError(str(error) or repr(error))


def _reply(buffer: bytes, position: int) -> tuple[Any, int]:
    """One reply (RESP2, or the RESP3 a script's reply can be) from `position`, strings decoded,
    and where the next one starts; _Incomplete when it has not all arrived. A server error is
    returned (NoScriptError for a script it does not know), not raised: the write's other
    replies are still to be read."""
    end = buffer.find(b"\r\n", position)
    if end < 0:
        raise _INCOMPLETE
    kind = buffer[position]
    rest = buffer[position + 1 : end]
    after = end + 2
    if kind == 36:  # $
        size = int(rest)
        if size < 0:
            return None, after
        if len(buffer) < after + size + 2:
            raise _INCOMPLETE
        return buffer[after : after + size].decode(), after + size + 2
    if kind == 58:  # :
        return int(rest), after
    if kind == 42:  # *
        size = int(rest)
        if size < 0:
            return None, after
        items = []
        for _ in range(size):
            item, after = _reply(buffer, after)
            items.append(item)
        return items, after
    if kind == 43:  # +
        return rest.decode(), after
    if kind == 95:  # _
        return None, after
    if kind == 45:  # -
        message = rest.decode()
        return NoScriptError(message) if message.startswith("NOSCRIPT") else redis.ResponseError(message), after
    if kind == 35:  # #
        return rest == b"t", after
    if kind == 44:  # ,
        return float(rest), after
    raise redis.ConnectionError(f"unexpected reply from the server: {buffer[position:end][:40]!r}")
