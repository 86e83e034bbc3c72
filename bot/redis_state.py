"""The state in Redis (or Valkey), shared by several worker processes answering one bot.

BOT_STATE_URL=redis://host:port/db. Every key starts with `tgqa:<bot id>:`, so one server
can hold several bots and a bot never skips another's updates:

| key | what |
|---|---|
| `ctx:<context key>` | a conversation's follow-up context (JSON), expiring natively after BOT_CONTEXT_TTL_HOURS |
| `update:<update id>` | `lease:<worker>:<token>` (expiring) while a worker answers it; then handled: its name, 48 h |
| `chat:<id>:queue`, `chat:<id>:leases` | the chat's updates waiting or running, in id order, each with a lease |
| `flood:<chat>:<user>` | a person's questions in the last minute (the flood limit, counted once for all workers) |
| `gaps` | questions the bot declined or was unsure of, by time (no user or chat id) |
| `knowledge` | the knowledge base's version: /reload or SIGHUP on one worker makes the others reload |
| `workers` | each worker's last heartbeat (`python -m bot health` lists them) |
| `stats` | each worker's answered and declined counts since its start (/stats adds up those alive) |

**Each update answered once: a lease, made final as the answer goes out.** A worker takes an
update with a lease of its own (`SET NX PX`, a random token, BOT_CHAT_LEASE_SECONDS), renewed
every third of that while it runs. Just before the handler's first send, a compare-and-set
(the token still there) makes it final: the worker's name for 48 h, so that a delivery of it
again, to any worker, is skipped. Lost before that (a stalled worker, a dropped connection,
the reply to the claim lost on the way, the worker killed), the lease runs out and the next
delivery answers it; a worker whose lease ran out sends nothing. A second delivery while a
lease is live waits for it to become final (skipped) or run out (then answered).

**One chat in order across workers: a queue with leases.** A worker registers an update in
its chat's queue (a sorted set scored by update id, which Telegram increases) as soon as it
arrives, and runs it only when it is the queue's head; it leaves the queue once answered. So
whichever workers the updates of a chat reach, they run one at a time, lowest id first (the
follow-up after its question). An update arriving while a later one already runs (or one
whose place lapsed while its worker stalled, registered again) goes right behind the running
one (the leases hash's `run` field names it), never in front of it. Each entry carries a
lease that its worker renews; a worker killed or stalled mid-update stops renewing, and once
the lease has run out the entry is dropped and the chat goes on. Leases are measured on the
server's clock (TIME inside the scripts, or its own key expiry), never on the workers'.

**Two round trips per question on its way.** One script call registers the update, checks
its turn, takes the lease and reads everything its handler will read (its contexts and flood
count, the knowledge version); the handler then runs on that copy (`get`/`put` and the flood
limit are synchronous, as the engine is); a second call, before the first send, makes the
update final and writes back what changed; a third writes back what changed after the send
(the context keyed by the answer's message) and leaves the queue, without anyone waiting for
it: it goes with the worker's next write (bot.redis_pipeline sends the calls of one event-loop
turn together), so under load the updates in flight share their round trips. Each call runs
atomically on the server. A read the copy misses falls back to a direct, blocking read.

Two is the least that keeps "never answered twice" with a lease: the mark that makes an update
handled must be on the server before its answer leaves (a worker killed after the send and
before a later mark would have it answered again by the next delivery), and it can only come
after the handler has read the context (the first call). What a worker killed between that mark
and the end of its send was answering is lost (at most its dispatcher's slots, 8): no one can
tell whether a send in flight reached Telegram, and the Bot API has no way to ask.

**Faults.** Unreachable at start: one line, then tries again with back-off; no update is
taken meanwhile (the webhook server is not listening yet). Lost while running: one line, and
every update is refused (the webhook answers 503, so Telegram delivers it again later) until a
background ping finds the server again; an update is never answered without its context.
Commands are never retried by the client: a retried script whose first reply was lost would
find its own lease and wait for it to run out.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Hashable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import redis
import redis.asyncio as aredis
from redis.backoff import NoBackoff
from redis.retry import Retry

from bot.config import Settings, masked_url
from bot.dialogue import DialogueState
from bot.gaps import Gap
from bot.heartbeat import HEARTBEAT_MAX_AGE
from bot.redis_dispatch import Begun, SharedDispatcher, WorkingSet, _work
from bot.redis_pipeline import Pipelined
from bot.service import Workers
from bot.state import CLAIMS_KEPT, beat
from bot.store_protocol import Dispatcher, FloodLimit, Run, StateUnavailable, UpdateKeys
from bot.throttle import Verdict

logger = logging.getLogger(__name__)
T = TypeVar("T")

FLOOD_WINDOW = 60.0  # seconds, as bot.throttle
MAX_GAPS = 100_000  # the gap log's bound; older gaps also go after BOT_GAPS_DAYS
SOCKET_TIMEOUT = 5.0
CONNECT_TIMEOUT = 2.0
BACKOFF_FIRST, BACKOFF_MAX = 0.5, 30.0  # reaching the server at start
CONTEXTS_KEPT = 4096  # contexts kept decoded, as last read or written here (a few MB at most)
WORKERS_KEPT = 86400.0  # seconds a silent worker (killed) stays in the `workers` heartbeats
PING_FIRST, PING_MAX = 0.2, 5.0  # finding it again after it was lost

# Registers an update in its chat's queue (when ordered), and when it is the head takes a lease
# on it and reads the keys its handler needs. Returns {0}: not its turn, or leased by another
# worker; {1, 0}: handled before; {1, 1, version, values...}: leased to this worker.
# KEYS: queue, leases, update, knowledge version, reads...
# ARGV: update id, lease ms, token, ordered (1/0), claim (1/0)
_BEGIN = """
local id = ARGV[1]
local lease = tonumber(ARGV[2])
local ordered = ARGV[4] == '1'
local now
if ordered then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  local head
  while true do
    head = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
    if not head or head == id or tonumber(redis.call('HGET', KEYS[2], head) or '0') > now then break end
    redis.call('ZREM', KEYS[1], head)
    redis.call('HDEL', KEYS[2], head)
    if redis.call('HGET', KEYS[2], 'run') == head then redis.call('HDEL', KEYS[2], 'run') end
  end
  local first = head == id
  if not head then
    redis.call('ZADD', KEYS[1], tonumber(id), id)
    first = true
  elseif not first and not redis.call('ZSCORE', KEYS[1], id) then
    local score = tonumber(id)
    local top = tonumber(redis.call('ZSCORE', KEYS[1], head))
    if top > score and redis.call('HGET', KEYS[2], 'run') == head then score = top + 0.5 end
    redis.call('ZADD', KEYS[1], score, id)
    first = score < top
  end
  redis.call('PEXPIRE', KEYS[1], lease * 3)
  if not first or ARGV[5] ~= '1' then
    redis.call('HSET', KEYS[2], id, now + lease)
    redis.call('PEXPIRE', KEYS[2], lease * 3)
    return {0}
  end
end
if ARGV[5] ~= '1' then return {0} end
if not redis.call('SET', KEYS[3], ARGV[3], 'NX', 'PX', lease) then
  if ordered then
    redis.call('HSET', KEYS[2], id, now + lease)
    redis.call('PEXPIRE', KEYS[2], lease * 3)
  end
  local held = redis.call('GET', KEYS[3]) or ''
  if string.sub(held, 1, 6) == 'lease:' then return {0} end
  return {1, 0}
end
if ordered then
  redis.call('HSET', KEYS[2], id, now + lease, 'run', id)
  redis.call('PEXPIRE', KEYS[2], lease * 3)
end
local values = redis.call('MGET', unpack(KEYS, 4))
local result = {1, 1, values[1] or '0'}
for i = 2, #values do result[#result + 1] = values[i] end
return result
"""

# Makes the update final, writes back what the handler changed, leaves the chat's queue and
# (at its end) sets the worker's counts for /stats, as `mode` says:
# - 'answering': before the first send; made final if this worker's lease is still on it
#   (else 0 is returned and nothing written); it stays in the queue until it ends.
# - 'final': it ended without sending: as 'answering', and it leaves the queue.
# - 'after': it was made final before its send: written back, and it leaves the queue.
# - 'skip': found handled before: it leaves the queue (unless another worker is running it).
# KEYS: update, gaps, queue, leases, stats, written keys...
# ARGV: mode, update id, ordered (1/0), token, worker, claims kept (s), gaps horizon, max gaps,
#       the worker's counts ('' for none), number of writes W, W pairs (value, ms to live), then
#       pairs (gap time, gap JSON)
_END = """
local mode, id = ARGV[1], ARGV[2]
if mode == 'answering' or mode == 'final' then
  if redis.call('GET', KEYS[1]) ~= ARGV[4] then return 0 end
  redis.call('SET', KEYS[1], ARGV[5], 'EX', ARGV[6])
end
if ARGV[9] ~= '' then redis.call('HSET', KEYS[5], ARGV[5], ARGV[9]) end
if mode ~= 'skip' then
  local writes = tonumber(ARGV[10])
  for i = 1, writes do redis.call('SET', KEYS[5 + i], ARGV[9 + 2 * i], 'PX', ARGV[10 + 2 * i]) end
  local first_gap = 11 + 2 * writes
  if #ARGV >= first_gap then
    for i = first_gap, #ARGV, 2 do redis.call('ZADD', KEYS[2], ARGV[i], ARGV[i + 1]) end
    redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[7])
    redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -tonumber(ARGV[8]) - 1)
  end
end
if ARGV[3] == '1' and mode ~= 'answering' then
  local running = redis.call('HGET', KEYS[4], 'run')
  if mode ~= 'skip' and running == id then
    redis.call('ZREM', KEYS[3], id)
    redis.call('HDEL', KEYS[4], id, 'run')
  elseif mode ~= 'skip' or running ~= id then
    redis.call('ZREM', KEYS[3], id)
    redis.call('HDEL', KEYS[4], id)
  end
end
return 1
"""

# Renews the leases of this worker's registrations and updates. KEYS: N (queue, leases) pairs,
# then update keys; ARGV: lease ms, N, N update ids, then a token per update key. Returns the
# tokens no longer there (those leases ran out).
_RENEW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
for i = 1, n do
  local id = ARGV[2 + i]
  if redis.call('ZSCORE', KEYS[2 * i - 1], id) then
    redis.call('HSET', KEYS[2 * i], id, now + lease)
    redis.call('PEXPIRE', KEYS[2 * i - 1], lease * 3)
    redis.call('PEXPIRE', KEYS[2 * i], lease * 3)
  end
end
local lost = {}
for j = 2 * n + 1, #KEYS do
  local token = ARGV[2 + n + j - 2 * n]
  if redis.call('GET', KEYS[j]) == token then
    redis.call('PEXPIRE', KEYS[j], lease)
  else
    lost[#lost + 1] = token
  end
end
return lost
"""


def redis_url(url: str) -> str:
    """redis-py reads redis:// and rediss://; valkey:// and valkeys:// are the same protocol."""
    if url.startswith("valkey"):
        return "redis" + url[len("valkey") :]
    return url


class RedisState:
    """StateStore on a Redis or Valkey server, shared by every worker of one bot."""

    def __init__(self, settings: Settings, bot_id: int):
        self.settings = settings
        self.url = redis_url(settings.state_url or "")
        self.shown_url = masked_url(settings.state_url or "")
        self.bot_id = bot_id
        self.prefix = f"tgqa:{bot_id}:"
        self.ttl = settings.context_ttl_hours * 3600
        self.gaps_ttl = settings.gaps_days * 86400
        self.lease_ms = int(settings.chat_lease_seconds * 1000)
        self.worker = f"{socket.gethostname()}:{os.getpid()}"
        self.problem: str | None = None
        self.available = False
        self._client: aredis.Redis | None = None
        self._sync: redis.Redis | None = None
        self._pipe: Pipelined | None = None
        self._inflight: dict[tuple[int, int], int] = {}  # (chat, update id) -> registrations in hand
        self._leases: dict[str, int] = {}  # token -> the update it leases, while its handler runs
        self._contexts: dict[str, tuple[str, DialogueState]] = {}  # Redis key -> (JSON, context), latest last
        self._tasks: set[asyncio.Task[Any]] = set()
        self._reconnecting: asyncio.Task[None] | None = None
        self._knowledge_seen: str | None = None
        self._reload: Callable[[], Awaitable[object]] | None = None
        self._counts: Mapping[str, int] | None = None  # the engine's, for /stats

    # ---- keys ----------------------------------------------------------------------------

    def context_key(self, key: str) -> str:
        return f"{self.prefix}ctx:{key}"

    def flood_key(self, key: Hashable) -> str:
        parts = key if isinstance(key, tuple) else (key,)
        return f"{self.prefix}flood:{':'.join(map(str, parts))}"

    def _queue_keys(self, chat: int) -> tuple[str, str]:
        return f"{self.prefix}chat:{chat}:queue", f"{self.prefix}chat:{chat}:leases"

    # ---- connecting, losing and finding the server again ---------------------------------------

    def _new_client(self) -> aredis.Redis:
        # No retries by the client: see the module's docstring.
        return aredis.Redis.from_url(
            self.url,
            decode_responses=True,
            socket_timeout=SOCKET_TIMEOUT,
            socket_connect_timeout=CONNECT_TIMEOUT,
            retry=Retry(NoBackoff(), 0),
            health_check_interval=0,
        )

    async def connect(self, stop: asyncio.Event) -> bool:
        """Reach the server, trying again with back-off (said once); False if `stop` came first."""
        self._client = self._new_client()
        self._pipe = Pipelined(self._client, {"begin": _BEGIN, "end": _END, "renew": _RENEW}, SOCKET_TIMEOUT)
        delay, said = BACKOFF_FIRST, False
        while not stop.is_set():
            try:
                await self._client.ping()
                self._knowledge_seen = _text(await self._client.get(self.prefix + "knowledge")) or "0"
                break
            except redis.RedisError as error:
                self.problem = _reason(error)
                if not said:
                    logger.error(
                        "state store %s unreachable (%s): retrying with back-off; no update is taken until it answers",
                        self.shown_url,
                        self.problem,
                    )
                    said = True
                else:
                    logger.debug("state store still unreachable: %s", self.problem)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)
            delay = min(delay * 2, BACKOFF_MAX)
        else:
            return False
        self.available, self.problem = True, None
        logger.info(
            "state store %s reached: shared with the bot's other workers (this one is %s)", self.shown_url, self.worker
        )
        self._start(self._renew_leases())
        return True

    def _start(self, job: Awaitable[T]) -> asyncio.Task[T]:
        task = asyncio.ensure_future(job)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def _lost(self, error: BaseException) -> StateUnavailable:
        """The server stopped answering: say it once, stop taking updates, look for it again."""
        reason = _reason(error)
        if self.available:
            logger.error(
                "state store %s lost (%s): this worker takes no update until it answers again "
                "(Telegram delivers them again)",
                self.shown_url,
                reason,
            )
            self.available, self.problem = False, reason
        if self._reconnecting is None or self._reconnecting.done():
            with contextlib.suppress(RuntimeError):  # no running loop: a synchronous caller
                self._reconnecting = self._start(self._find_again())
        return StateUnavailable(reason)

    async def _find_again(self) -> None:
        delay = PING_FIRST
        while True:
            await asyncio.sleep(delay)
            try:
                assert self._client is not None
                # The pool's idle connections were closed by the server that went away: each would
                # fail once more. Dropped, so that every command from now on gets a new one.
                await self._client.connection_pool.disconnect()
                if self._pipe is not None:
                    await self._pipe.disconnect()
                if self._sync is not None:
                    self._sync.connection_pool.disconnect()
                await self._client.ping()
            except redis.RedisError as error:
                logger.debug("state store still lost: %s", _reason(error))
                delay = min(delay * 2, PING_MAX)
                continue
            logger.warning(
                "state store %s answers again: taking updates (it was lost: %s)", self.shown_url, self.problem
            )
            self.available, self.problem = True, None
            return

    async def disconnect(self) -> None:
        if self._pipe is not None:  # what updates wrote back after their answer went out
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(SOCKET_TIMEOUT):
                    await self._pipe.drain()
        for task in list(self._tasks):
            task.cancel()
        with contextlib.suppress(TimeoutError, redis.RedisError, OSError):
            async with asyncio.timeout(SOCKET_TIMEOUT):  # a server gone silent must not hold the shutdown
                await asyncio.gather(*self._tasks, return_exceptions=True)
                if self._client is not None:
                    if self.available:  # stopped: no longer one of the bot's workers
                        await self._client.hdel(self.prefix + "workers", self.worker)
                        await self._client.hdel(self.prefix + "stats", self.worker)
                    await self._client.aclose()
                if self._pipe is not None:
                    await self._pipe.disconnect(every=True)

    def close(self) -> None:
        if self._sync is not None:
            self._sync.close()
            self._sync = None

    def flush(self, force: bool = False) -> bool:
        """Nothing waits: every update writes back as it ends."""
        return self.available

    # ---- one update: begin and finish ---------------------------------------------------

    async def begin(
        self, chat: int | None, update_id: int, reads: list[str], token: str = "", claim: bool = True
    ) -> Begun:
        """Register the update in its chat's queue; when its turn has come, lease it to `token`
        and read `reads`."""
        queue, leases = self._queue_keys(chat) if chat is not None else ("-", "-")
        try:
            reply = await self._call(
                "begin",
                [queue, leases, self._update_key(update_id), self.prefix + "knowledge", *reads],
                [update_id, self.lease_ms, token, int(chat is not None), int(claim and bool(token))],
            )
        except redis.RedisError as error:
            raise self._lost(error) from error
        if not reply[0] or len(reply) < 3:
            return Begun(turn=bool(reply[0]))
        version = str(reply[2])
        if version != self._knowledge_seen:
            self._knowledge_seen = version
            if self._reload is not None:
                logger.info("knowledge base reloaded by another worker (version %s): reloading", version)
                self._start(self._reload())
        return Begun(True, True, version, tuple(reply[3:]))

    async def make_final(self, update_id: int, work: WorkingSet) -> bool:
        """Just before the update's first send: final (handled) if the lease is still `work`'s,
        with what its handler wrote so far; False if the lease ran out (nothing written)."""
        final = await self._end("answering", None, update_id, work)
        if final:
            work.writes.clear()
            work.gaps.clear()
        return final

    async def finish(self, chat: int | None, update_id: int, work: WorkingSet | None) -> bool:
        """The update's end: made final if it was not yet (False if its lease ran out: nothing
        written), written back, and it leaves its chat's queue. `work` None: skipped."""
        mode = "skip" if work is None else "after" if work.final else "final"
        return await self._end(mode, chat, update_id, work)

    def finish_later(self, chat: int | None, update_id: int, work: WorkingSet, then: Callable[[bool], None]) -> None:
        """The end of an update made final before its answer went out: written back, and it leaves
        its chat's queue, in the next write to the server (nobody waits for it: the update is
        handled already); `then(saved)` once the server answered, or failed to."""
        assert self._pipe is not None
        reply = self._pipe.call("end", *self._end_call("after", chat, update_id, work), awaited=False)

        def done(reply: asyncio.Future[Any]) -> None:
            error = None if reply.cancelled() else reply.exception()
            if isinstance(error, redis.RedisError):
                self._lost(error)
            then(not reply.cancelled() and error is None)

        reply.add_done_callback(done)

    async def _end(self, mode: str, chat: int | None, update_id: int, work: WorkingSet | None) -> bool:
        try:
            return bool(await self._call("end", *self._end_call(mode, chat, update_id, work)))
        except redis.RedisError as error:
            raise self._lost(error) from error

    async def _call(self, script: str, keys: list[str], args: list[Any]) -> Any:
        assert self._pipe is not None
        return await self._pipe.call(script, keys, args)

    def _end_call(
        self, mode: str, chat: int | None, update_id: int, work: WorkingSet | None
    ) -> tuple[list[str], list[Any]]:
        """The keys and arguments of the _END script."""
        queue, leases = self._queue_keys(chat) if chat is not None else ("-", "-")
        writes = list(work.writes.items()) if work else []
        gaps = work.gaps if work else []
        args: list[Any] = [
            mode,
            update_id,
            int(chat is not None),
            work.token if work else "",
            self.worker,
            CLAIMS_KEPT,
            time.time() - self.gaps_ttl,
            MAX_GAPS,
            self._counted() if mode in ("after", "final") else "",
            len(writes),
        ]
        for _, (value, ttl_ms) in writes:
            args += [value, max(ttl_ms, 1)]
        for gap in gaps:
            args += [gap.asked_at, _gap_record(gap)]
        keys = [self._update_key(update_id), self.prefix + "gaps", queue, leases, self.prefix + "stats"]
        keys += [k for k, _ in writes]
        return keys, args

    def _counted(self) -> str:
        """This worker's counts as the `stats` hash holds them; '' when none are shared."""
        counts = self._counts
        return "" if counts is None else f"{counts.get('answered', 0)} {counts.get('declined', 0)}"

    def _update_key(self, update_id: int) -> str:
        return f"{self.prefix}update:{update_id}"

    def hold(self, chat: int, update_id: int) -> None:
        """The update is registered in its chat's queue: renew its place until `release`."""
        self._inflight[chat, update_id] = self._inflight.get((chat, update_id), 0) + 1

    def release(self, chat: int, update_id: int) -> None:
        held = self._inflight.get((chat, update_id), 0)
        if held <= 1:
            self._inflight.pop((chat, update_id), None)
        else:
            self._inflight[chat, update_id] = held - 1

    def hold_lease(self, update_id: int, token: str) -> None:
        """The update is leased to `token`: renew the lease until `release_lease`."""
        self._leases[token] = update_id

    def release_lease(self, token: str) -> None:
        self._leases.pop(token, None)

    async def _renew_leases(self) -> None:
        while True:
            await asyncio.sleep(self.lease_ms / 3000)
            if not (self._inflight or self._leases) or not self.available:
                continue
            keys: list[str] = []
            ids: list[int] = []
            for chat, update_id in list(self._inflight):
                keys += self._queue_keys(chat)
                ids.append(update_id)
            leased = list(self._leases.items())
            keys += [self._update_key(update_id) for _, update_id in leased]
            try:
                assert self._client is not None
                lost = await self._call("renew", keys, [self.lease_ms, len(ids), *ids, *(token for token, _ in leased)])
            except redis.RedisError as error:
                if _cancelling():
                    return
                self._lost(error)
                continue
            if _cancelling():
                return
            for token in lost:
                if token in self._leases:
                    logger.warning(
                        "lease on update %s ran out before it was renewed (this worker stalled?): "
                        "its answer is not sent here",
                        self._leases[token],
                    )

    # ---- contexts (bot.dialogue.ContextStore) ---------------------------------------------

    def get(self, key: str) -> DialogueState | None:
        redis_key = self.context_key(key)
        raw = self._read(redis_key)
        if raw is None:
            return None
        known = self._contexts.get(redis_key)
        if known is not None and known[0] == raw:
            state = known[1]  # as this worker last read or wrote it there (DialogueState is frozen)
        else:
            state = DialogueState.from_dict(json.loads(raw))
            self._keep_context(redis_key, raw, state)
        work = _work.get()
        if work is not None:
            work.decoded[id(state)] = (raw, state)
        return None if time.time() - state.updated_at > self.ttl else state

    def put(self, key: str, state: DialogueState) -> None:
        ttl_ms = int((self.ttl - (time.time() - state.updated_at)) * 1000)
        if ttl_ms <= 0:
            return
        work = _work.get()
        known = work.decoded.get(id(state)) if work is not None else None
        if known is not None and known[1] is state:
            raw = known[0]  # written or read already in this update: the same JSON
        else:
            raw = json.dumps(state.to_dict(), ensure_ascii=False)
            if work is not None:
                work.decoded[id(state)] = (raw, state)
        redis_key = self.context_key(key)
        self._keep_context(redis_key, raw, state)
        self._write(redis_key, raw, ttl_ms)

    def _keep_context(self, redis_key: str, raw: str, state: DialogueState) -> None:
        """The context as this worker last saw it: the conversation's next question, if it comes
        here and nobody wrote it since, finds the same JSON and is not decoded again."""
        contexts = self._contexts
        contexts.pop(redis_key, None)  # to the end: the oldest go first
        contexts[redis_key] = (raw, state)
        if len(contexts) > CONTEXTS_KEPT:
            del contexts[next(iter(contexts))]

    def _read(self, key: str) -> str | None:
        work = _work.get()
        if work is not None and key in work.values:
            return work.values[key]
        logger.debug("state read outside the update's copy: %s", key)
        try:
            value = _text(self._sync_client().get(key))
        except redis.RedisError as error:
            if work is not None:
                work.failed = True
            raise self._lost(error) from error
        if work is not None:
            work.values[key] = value
        return value

    def _write(self, key: str, value: str, ttl_ms: int) -> None:
        work = _work.get()
        if work is not None:
            work.values[key] = value
            work.writes[key] = (value, ttl_ms)
            return
        try:
            self._sync_client().set(key, value, px=max(ttl_ms, 1))
        except redis.RedisError as error:
            raise self._lost(error) from error

    def _sync_client(self) -> redis.Redis:
        if self._sync is None:
            self._sync = redis.Redis.from_url(
                self.url,
                decode_responses=True,
                socket_timeout=SOCKET_TIMEOUT,
                socket_connect_timeout=CONNECT_TIMEOUT,
                retry=Retry(NoBackoff(), 0),
            )
        return self._sync

    # ---- the flood limit ---------------------------------------------------------------

    def flood_limit(self, per_minute: int) -> FloodLimit:
        return SharedFloodLimit(self, per_minute)

    # ---- gaps ------------------------------------------------------------------------

    def record_gap(self, gap: Gap) -> None:
        work = _work.get()
        if work is not None:
            work.gaps.append(gap)
            return
        with contextlib.suppress(redis.RedisError):  # outside an update (tests, tools): best effort
            self._sync_client().zadd(self.prefix + "gaps", {_gap_record(gap): gap.asked_at})

    def recent_gaps(self, limit: int) -> list[Gap]:
        """The latest `limit` gaps, oldest first (from a thread: /stats)."""
        return read_redis_gaps(self._sync_client(), self.prefix, time.time() - self.gaps_ttl, limit)

    # ---- heartbeat and knowledge reloads ---------------------------------------------------

    async def beat(self) -> None:
        """The worker's heartbeat in Redis (`python -m bot health` lists every worker's) and, for
        `health`'s exit status in its container, in the state folder. A worker silent for
        WORKERS_KEPT leaves the list; one that stops cleanly leaves it at once."""
        if self._client is not None and self.available:
            now = time.time()
            with contextlib.suppress(redis.RedisError):
                await self._client.hset(self.prefix + "workers", self.worker, f"{now:.0f}")
                if self._counts is not None:  # a worker restarted under the same name starts again from 0
                    await self._client.hset(self.prefix + "stats", self.worker, self._counted())
                beats = await self._client.hgetall(self.prefix + "workers")
                gone = [worker for worker, at in beats.items() if now - _seconds(at) > WORKERS_KEPT]
                if gone:
                    await self._client.hdel(self.prefix + "workers", *gone)
                    await self._client.hdel(self.prefix + "stats", *gone)
        await asyncio.to_thread(_beat_in, self.settings.state_dir)

    def share_counts(self, counts: Mapping[str, int]) -> None:
        self._counts = counts

    def workers(self, own: Mapping[str, int]) -> Workers:
        """The workers whose heartbeat is recent (HEARTBEAT_MAX_AGE, as `health`), this one among
        them, and their counts added up: this worker's `own`, the others' as of their last update's end."""
        with self._sync_client().pipeline(transaction=False) as pipe:
            pipe.hgetall(self.prefix + "workers")
            pipe.hgetall(self.prefix + "stats")
            beats, counts = pipe.execute()
        now = time.time()
        alive = {_text(w) for w, at in beats.items() if now - _seconds(at) <= HEARTBEAT_MAX_AGE} - {self.worker}
        answered, declined = own.get("answered", 0), own.get("declined", 0)
        for worker, value in counts.items():
            if _text(worker) in alive:
                parts = (_text(value) or "").split()
                if len(parts) == 2 and all(part.isdigit() for part in parts):
                    answered, declined = answered + int(parts[0]), declined + int(parts[1])
        return Workers(len(alive) + 1, answered, declined)

    async def live_workers(self, max_age: float) -> int:
        assert self._client is not None
        beats = await self._client.hgetall(self.prefix + "workers")
        now = time.time()
        return sum(1 for value in beats.values() if now - _seconds(value) <= max_age)

    def on_knowledge_change(self, reload: Callable[[], Awaitable[object]]) -> None:
        self._reload = reload

    async def knowledge_reloaded(self) -> None:
        if self._client is None:
            return
        try:
            self._knowledge_seen = str(await self._client.incr(self.prefix + "knowledge"))
        except redis.RedisError as error:
            logger.warning("the other workers were not told of the reload (%s): reload them too", _reason(error))

    # ---- the dispatcher --------------------------------------------------------------------

    def dispatcher(self, run: Run, keys: UpdateKeys) -> Dispatcher:
        return SharedDispatcher(self, run, keys)


class SharedFloodLimit:
    """bot.throttle.Throttle's rule (`per_minute` questions, then one notice, then silence until
    the minute has passed) counted in Redis, once for all workers. Read and written through the
    update's copy: the chat's queue lets one update of a chat run at a time, across workers."""

    def __init__(self, state: RedisState, per_minute: int, window: float = FLOOD_WINDOW):
        self._state = state
        self._limit = per_minute
        self._window = window

    def check(self, key: Hashable) -> Verdict:
        if self._limit <= 0:
            return Verdict.ANSWER
        redis_key = self._state.flood_key(key)
        raw = self._state._read(redis_key)
        record: dict[str, Any] = json.loads(raw) if raw else {"t": [], "n": False}
        now = time.time()
        asked = [at for at in record["t"] if now - at < self._window]
        if len(asked) < self._limit:
            verdict, record = Verdict.ANSWER, {"t": [*asked, now], "n": False}
        elif record["n"]:
            return Verdict.IGNORE
        else:
            verdict, record = Verdict.NOTIFY, {"t": asked, "n": True}
        self._state._write(redis_key, json.dumps(record), int(self._window * 1000))
        return verdict


def worker_heartbeats(settings: Settings) -> dict[str, float]:
    """How long ago each worker of the bot beat in Redis, in seconds (for `python -m bot health`).
    Raises ConfigError without a token (no bot id), redis.RedisError if the server does not answer."""
    bot_id = int(settings.bot_token().split(":")[0])
    client = redis.Redis.from_url(
        redis_url(settings.state_url or ""),
        decode_responses=True,
        socket_timeout=CONNECT_TIMEOUT,
        socket_connect_timeout=CONNECT_TIMEOUT,
        retry=Retry(NoBackoff(), 0),
    )
    with contextlib.closing(client):
        beats = client.hgetall(f"tgqa:{bot_id}:workers")
    now = time.time()
    return {_text(worker) or "?": max(now - _seconds(at), 0.0) for worker, at in beats.items()}


def read_redis_gaps(client: redis.Redis, prefix: str, since: float, limit: int | None = None) -> list[Gap]:
    """Gaps asked since `since` (the latest `limit`), oldest first."""
    rows = client.zrevrangebyscore(prefix + "gaps", "+inf", since, start=0, num=-1 if limit is None else limit)
    gaps = []
    for row in reversed(rows):  # decode_responses: each a JSON string
        text = _text(row)
        if text is None:
            continue
        data = json.loads(text)
        facts = data.get("facts")  # absent from a record written before reports were kept
        gaps.append(
            Gap(
                data["asked_at"],
                data["lang"],
                data["question"],
                data["nearest_fact"],
                data["score"],
                bool(data.get("reported", False)),
                tuple(f for f in facts if isinstance(f, str)) if isinstance(facts, list) else (),
            )
        )
    return gaps


def _text(value: object) -> str | None:
    """A string reply (the clients decode responses; redis-py's types allow bytes too); None otherwise."""
    if isinstance(value, bytes):
        return value.decode()
    return value if isinstance(value, str) else None


def _seconds(value: object) -> float:
    """A heartbeat's time (epoch seconds, as written); 0 for anything else."""
    try:
        return float(_text(value) or 0)
    except ValueError:
        return 0.0


def _gap_record(gap: Gap) -> str:
    """A gap as the sorted set holds it (a random id keeps two equal gaps apart); no user or chat id."""
    return json.dumps(
        {
            "asked_at": gap.asked_at,
            "lang": gap.lang,
            "question": gap.question,
            "nearest_fact": gap.nearest_fact,
            "score": gap.score,
            "reported": gap.reported,
            "facts": list(gap.facts),
            "id": uuid.uuid4().hex[:8],
        },
        ensure_ascii=False,
    )


def _beat_in(folder: Path) -> None:
    """The heartbeat file; its folder (holding nothing else with Redis) created 0700 if missing."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    beat(folder)


def _cancelling() -> bool:
    """The running task was asked to stop, and a client call it was in swallowed the request
    (redis-py can, when the cancellation lands as the reply arrives): stop all the same."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


def _reason(error: BaseException) -> str:
    """One line for the log: what the client said, never the password."""
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text[:200]
