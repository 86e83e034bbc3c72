"""Throughput with 1, 2 and 4 webhook workers on Redis against one SQLite process, and what the
Redis store costs per question.

Usage: .venv/bin/python benchmarks/redis_workers.py [--updates N] [--runs R] [--rounds Q] [--workers 1,2,4]
       [--only cost|throughput]

1. Per question, in-process on a real Valkey server (the one the tests use): the same handler
   (Engine.ask, then what the Bot API layer does just before a send: `answering()`) through the
   single process's dispatcher on in-memory contexts, and through the dispatcher the workers use
   on the Redis store (the update leased and its context read, the answer made final before it
   would be sent, the context written back and the chat's queue left), question by question,
   interleaved, each round on chats of its own. The median of the differences is the store's
   cost; the Redis round trips per question (writes of commands to the server, a pipeline
   counting once) are counted on the client's connections, and a bare round trip (a PING right
   after an answer in memory, the rhythm the store's calls have) is timed alongside. Prints the
   median of each round and of all of them, and the mean CPU time of this process the Redis
   path adds (the rest of its cost is waiting for the server).
2. Updates per second: a real Valkey server, the Bot API double, and `python -m bot` webhook
   workers sharing one port (SO_REUSEPORT); a burst of N private-chat questions from 200 chats is
   delivered as Telegram does (40 connections kept alive, each request answered once its update
   was handled), timed from the first request to the last 200. The same with the default
   single process on SQLite (same webhook path). Send pacing and the per-chat limit are off
   (they would measure Telegram's limits, not the bot). The configurations run interleaved,
   round after round (the machine's load shifts alike for all); prints each run with the CPU
   milliseconds per update spent by the bot processes, by this process (the Bot API double and
   the client playing Telegram: on two cores it takes its share from the workers) and by the
   server; then each configuration's median, and the ratio to one Redis worker as the median of
   the rounds' own ratios, with their range.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import re
import resource
import selectors
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.engine_latency import questions  # noqa: E402
from benchmarks.telegram_throughput import QUESTIONS, cpu_seconds  # noqa: E402  (the same mix of questions)
from tests import telegram_updates as tg  # noqa: E402
from tests.botapi_double import BOT_USER  # noqa: E402
from tests.redis_server import RedisServer  # noqa: E402
from tests.test_redis_workers import SECRET, start_workers  # noqa: E402

# The lease as deployed (the process tests' is 1 s): a worker the machine's load stalls past it
# would give its updates up, and they would be answered again, measuring the stall.
QUIET = {
    "BOT_MAX_SENDS_PER_SECOND": "0",
    "BOT_PRIVATE_QUESTIONS_PER_MINUTE": "0",
    "BOT_CHAT_LEASE_SECONDS": "10",
    "LOG_LEVEL": "WARNING",
}
CONNECTIONS = 40  # Telegram's default max_connections for a webhook


class LeanTelegram:
    """Delivers updates as Telegram does to a webhook, over CONNECTIONS connections kept alive,
    each update again until a 2xx. Telegram's servers are not on this machine: this plays them
    with as little CPU as it can (one thread, a selector, the requests prepared beforehand), so
    that the workers measured get the cores."""

    def __init__(self, url: str, connections: int = CONNECTIONS):
        address = url.removeprefix("http://")
        host, _, rest = address.partition(":")
        port, _, path = rest.partition("/")
        self._address = (host, int(port))
        self._head = (
            f"POST /{path} HTTP/1.1\r\nHost: {address.split('/')[0]}\r\nContent-Type: application/json\r\n"
            f"X-Telegram-Bot-Api-Secret-Token: {SECRET}\r\n"
        ).encode()
        self._connections = connections
        self.refused = 0  # answers other than 2xx, and connections closed on a request

    def deliver_all(self, updates: list[dict[str, Any]], timeout: float = 300) -> None:
        """Return once every update got a 2xx."""
        requests = []
        for update in updates:
            body = json.dumps(update).encode()
            requests.append(self._head + b"Content-Length: %d\r\n\r\n" % len(body) + body)
        waiting = list(range(len(requests)))[::-1]  # popped from the end: in order
        selector = selectors.DefaultSelector()
        open_sockets = []
        remaining = len(requests)

        def send_next(sock: socket.socket) -> None:
            if not waiting:
                selector.unregister(sock)
                return
            index = waiting.pop()
            selector.modify(sock, selectors.EVENT_READ, [index, b""])
            sock.sendall(requests[index])

        def reconnect(index: int) -> None:
            sock = socket.create_connection(self._address)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            open_sockets.append(sock)
            selector.register(sock, selectors.EVENT_READ, [index, b""])
            sock.sendall(requests[index])

        for _ in range(min(self._connections, len(requests))):
            reconnect(waiting.pop())
        deadline = time.monotonic() + timeout
        while remaining:
            assert time.monotonic() < deadline, f"{remaining} updates never accepted"
            for key, _ in selector.select(timeout=1):
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                index, buffer = key.data
                try:
                    chunk = sock.recv(65536)
                except OSError:
                    chunk = b""
                if not chunk:  # closed by the worker: the update goes again, on a new connection
                    self.refused += 1
                    selector.unregister(sock)
                    sock.close()
                    reconnect(index)
                    continue
                buffer += chunk
                head_end = buffer.find(b"\r\n\r\n")
                if head_end < 0:
                    key.data[1] = buffer
                    continue
                head = buffer[:head_end].decode("latin-1")
                length = 0
                for line in head.split("\r\n")[1:]:
                    name, _, value = line.partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                if len(buffer) < head_end + 4 + length:
                    key.data[1] = buffer
                    continue
                if head.split(" ", 2)[1].startswith("2"):
                    remaining -= 1
                else:
                    self.refused += 1
                    waiting.insert(0, index)  # again, after the others
                send_next(sock)
        for sock in open_sockets:
            sock.close()
        selector.close()


class LeanBotApi:
    """The Bot API calls a webhook worker makes (getMe, setWebhook, setMyCommands, deleteWebhook,
    sendMessage), answered with as little CPU as they can take, as Telegram's servers answer them
    from elsewhere: one thread, a selector, canned replies, no checks (the tests' strict double
    checks what the bot sends; here it would take its share of the two cores the workers are
    measured on). Counts each method's calls and each chat's answers; any other call is an
    error, counted."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.setblocking(False)
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self.calls: Counter[str] = Counter()
        self.answers: Counter[int] = Counter()  # chat id -> sendMessage calls
        self.errors: list[str] = []
        self._message_ids = itertools.count(1)
        self._changed = threading.Condition()
        self._stopping = False
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: self.calls[method] >= count, timeout):
                raise AssertionError(f"{self.calls[method]} {method} calls, not {count}")

    def stop(self) -> None:
        self._stopping = True
        self._thread.join(timeout=5)
        self._listener.close()

    def _serve(self) -> None:
        selector = selectors.DefaultSelector()
        selector.register(self._listener, selectors.EVENT_READ, None)
        while not self._stopping:
            for key, _ in selector.select(timeout=0.05):
                if key.data is None:
                    with contextlib.suppress(BlockingIOError):
                        connection, _ = self._listener.accept()
                        selector.register(connection, selectors.EVENT_READ, bytearray())
                    continue
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                try:
                    chunk = sock.recv(65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    selector.unregister(sock)
                    sock.close()
                    continue
                key.data.extend(chunk)
                self._answer_all(sock, key.data)
        for key in list(selector.get_map().values()):
            if key.data is not None:
                key.fileobj.close()  # type: ignore[union-attr]
        selector.close()

    def _answer_all(self, sock: socket.socket, buffer: bytearray) -> None:
        while (head_end := buffer.find(b"\r\n\r\n")) >= 0:
            head = bytes(buffer[:head_end]).decode("latin-1")
            length = next(
                (
                    int(line.partition(":")[2])
                    for line in head.split("\r\n")
                    if line.lower().startswith("content-length")
                ),
                0,
            )
            if len(buffer) < head_end + 4 + length:
                return
            body = bytes(buffer[head_end + 4 : head_end + 4 + length])
            del buffer[: head_end + 4 + length]
            reply = json.dumps(self._reply(head.split(" ", 2)[1].rsplit("/", 1)[-1], body)).encode()
            sock.setblocking(True)  # a reply of a few hundred bytes: sent at once
            sock.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(reply) + reply
            )

    def _reply(self, method: str, body: bytes) -> dict[str, Any]:
        result: Any = True
        if method == "getMe":
            result = BOT_USER
        elif method == "sendMessage":
            found = re.search(rb"chat_id=(-?\d+)", body)
            chat = int(found.group(1)) if found else 0
            self.answers[chat] += 1
            kind = "private" if chat > 0 else "supergroup"
            result = {
                "message_id": next(self._message_ids),
                "date": 1,
                "chat": {"id": chat, "type": kind},
                "from": BOT_USER,
            }
        elif method not in ("setWebhook", "deleteWebhook", "setMyCommands"):
            self.errors.append(method)
            return {"ok": False, "error_code": 404, "description": "Not Found"}
        with self._changed:
            self.calls[method] += 1
            self._changed.notify_all()
        return {"ok": True, "result": result}


def one_run(updates: int, workers: int, server: RedisServer | None, db: int) -> tuple[float, float, float, float, int]:
    """Updates per second; CPU ms per update of the bot processes, of this process, of the server."""
    with tempfile.TemporaryDirectory() as folder:
        env = dict(QUIET)
        api = LeanBotApi()
        if server is None:  # one process, SQLite, its own port
            env.update(BOT_STATE_URL="", TELEGRAM_WEBHOOK_REUSE_PORT="0")
            running = start_workers(Path(folder), "", 1, api=api, **env)
        else:
            running = start_workers(Path(folder), server.url(db), workers, api=api, **env)
        telegram = LeanTelegram(running.url)
        try:
            users = [tg.user(700_000 + i) for i in range(200)]
            batch = []
            for number, (sender, question) in enumerate(zip(itertools.cycle(users), itertools.cycle(QUESTIONS))):
                if number == updates:
                    break
                message = tg.message(tg.private_chat(sender["id"]), sender, question)
                batch.append({"update_id": 1000 + number, "message": message})
            bots = sum(cpu_seconds(process.pid) for process in running.processes)
            valkey = cpu_seconds(server.process.pid) if server and server.process else 0.0
            here = _own_cpu()
            started = time.monotonic()
            telegram.deliver_all(batch)  # each answered 200 once its answer was sent
            elapsed = time.monotonic() - started
            api.wait_for("sendMessage", count=updates, timeout=10)
            bots = sum(cpu_seconds(process.pid) for process in running.processes) - bots
            valkey = (
                cpu_seconds(server.process.pid) if server is not None and server.process is not None else 0
            ) - valkey
            here = _own_cpu() - here
            assert api.answers == Counter(update["message"]["chat"]["id"] for update in batch)  # each answered once
            assert not api.errors, api.errors
            per_update = 1000 / updates
            return updates / elapsed, bots * per_update, here * per_update, valkey * per_update, telegram.refused
        finally:
            running.stop()


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def throughput(updates: int, runs: int, counts: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        server = RedisServer(Path(folder)).start()
        try:
            databases = itertools.count(1)
            configurations = [("SQLite, 1 process", 1, None)] + [(f"Redis, {n} worker(s)", n, server) for n in counts]
            results: dict[str, list[float]] = {name: [] for name, _, _ in configurations}
            for run in range(runs):  # interleaved: the machine's load shifts alike for all
                print(f"load average {os.getloadavg()[0]:.2f}", flush=True)
                for name, workers, store in configurations:
                    rate, bots, here, valkey, refused = one_run(updates, workers, store, next(databases))
                    results[name].append(rate)
                    print(
                        f"run {run + 1}, {name}: {rate:.0f} updates/s, bot processes on {bots * rate / 1000:.2f} "
                        f"cores; CPU ms per update: bot processes {bots:.2f}, "
                        f"Bot API and client {here:.2f}, Valkey {valkey:.2f}; deliveries refused {refused}",
                        flush=True,
                    )
        finally:
            server.stop()
    base = results[f"Redis, {counts[0]} worker(s)"]
    for name, rates in results.items():
        ratios = [rate / one for rate, one in zip(rates, base, strict=True)]
        print(
            f"median {name}: {statistics.median(rates):.0f} updates/s (runs {min(rates):.0f}-{max(rates):.0f}); "
            f"{statistics.median(ratios):.2f} x {counts[0]} Redis worker (rounds {min(ratios):.2f}-{max(ratios):.2f})"
        )


def per_question_cost(rounds: int) -> None:
    import dataclasses

    from redis.asyncio.connection import AbstractConnection
    from telegram import Update

    from bot.config import Settings
    from bot.dialogue import InMemoryContextStore
    from bot.engine import Engine
    from bot.kbcheck import load_knowledge
    from bot.redis_state import RedisState
    from bot.store_protocol import answering
    from bot.telegram_app import update_keys
    from bot.telegram_delivery import OrderedDispatcher
    from tests.conftest import TOKEN

    settings = Settings.from_env({})
    knowledge = load_knowledge(settings.knowledge_dir, settings.seeds_dir)
    texts = questions()
    writes = [0]
    send = AbstractConnection.send_packed_command

    async def counted(self: AbstractConnection, command: Any, check_health: bool = True) -> None:
        writes[0] += 1
        await send(self, command, check_health)

    AbstractConnection.send_packed_command = counted  # type: ignore[method-assign]

    def handler(engine: Engine) -> Any:
        async def run(update: Update) -> None:  # as the bot's handler: ask, then send (made final first)
            assert update.message is not None and update.message.text is not None
            engine.ask(update.message.text, f"tg:{update.message.chat_id}")
            await answering()

        return run

    async def measure(url: str) -> tuple[list[list[float]], list[list[float]], float, float, float]:
        state = RedisState(dataclasses.replace(settings, token_env=TOKEN, state_url=url), 7000001)
        assert await state.connect(asyncio.Event())
        in_memory = OrderedDispatcher(handler(Engine(knowledge, InMemoryContextStore())))
        on_redis = state.dispatcher(handler(Engine(knowledge, state, state)), update_keys)
        memory: list[list[float]] = []
        redis_path: list[list[float]] = []
        update_ids = itertools.count(1)
        trips = questions_seen = 0
        cpu_memory = cpu_redis = 0.0  # this process's CPU seconds on each path, measured rounds only
        for round_number in range(rounds + 1):  # the first round warms up, unmeasured
            updates = []
            for index, text in enumerate(texts):  # built beforehand: Telegram's JSON is read either way
                sender = tg.user(round_number * 1000 + index % 50 + 1)  # 50 conversations: follow-ups find context
                message = tg.message(tg.private_chat(sender["id"]), sender, text)
                updates.append(Update.de_json({"update_id": next(update_ids), "message": message}, None))
            round_memory, round_redis = [], []
            before = writes[0] + _pipelined(state)
            for update in updates:
                cpu_start, start = time.process_time(), time.perf_counter()
                await in_memory.handle(update)
                round_memory.append(time.perf_counter() - start)
                spent_memory = time.process_time() - cpu_start
                cpu_start, start = time.process_time(), time.perf_counter()
                await on_redis.handle(update)
                round_redis.append(time.perf_counter() - start)
                cpu_memory += spent_memory
                cpu_redis += time.process_time() - cpu_start
            if not round_number:
                cpu_memory = cpu_redis = 0.0
            else:
                memory.append(round_memory)
                redis_path.append(round_redis)
                trips += writes[0] + _pipelined(state) - before
                questions_seen += len(updates)
        # What one round trip costs here, in the same rhythm: a PING right after an answer in memory.
        pings = []
        assert state._client is not None
        for update in updates:
            await in_memory.handle(update)
            start = time.perf_counter()
            await state._client.ping()
            pings.append(time.perf_counter() - start)
        await state.disconnect()
        cpu_added = (cpu_redis - cpu_memory) / questions_seen * 1000
        return memory, redis_path, trips / questions_seen, statistics.median(pings) * 1000, cpu_added

    with tempfile.TemporaryDirectory() as folder:
        server = RedisServer(Path(folder)).start()
        try:
            memory, redis_path, trips, ping, cpu_added = asyncio.run(measure(server.url(0)))
        finally:
            server.stop()
            AbstractConnection.send_packed_command = send  # type: ignore[method-assign]
    rounds_added = [
        statistics.median((b - a) * 1000 for a, b in zip(m, r, strict=True))
        for m, r in zip(memory, redis_path, strict=True)
    ]
    all_memory, all_redis = [t for m in memory for t in m], [t for r in redis_path for t in r]
    m, r = statistics.median(all_memory) * 1000, statistics.median(all_redis) * 1000
    added = statistics.median((b - a) * 1000 for a, b in zip(all_memory, all_redis, strict=True))
    print(
        f"per question, median over {len(all_memory)} (load average {os.getloadavg()[0]:.2f}): in memory {m:.3f} ms, "
        f"on Redis {r:.3f} ms; the Redis store adds {added:.3f} ms (median of the differences; rounds "
        f"{', '.join(f'{x:.3f}' for x in rounds_added)}), {trips:.2f} round trips per question "
        f"(a PING alone, in the same rhythm: {ping:.3f} ms); CPU of this process it adds, mean {cpu_added:.3f} ms"
    )


def _pipelined(state: Any) -> int:
    """Writes the store made through its pipeline (bot/redis_pipeline.py), which the client's
    connection does not see; none before it existed."""
    pipe = getattr(state, "_pipe", None)
    return int(pipe.round_trips) if pipe is not None else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--updates", type=int, default=1500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--only", choices=["cost", "throughput"])
    args = parser.parse_args()
    if args.only != "throughput":
        per_question_cost(args.rounds)
    if args.only != "cost":
        throughput(args.updates, args.runs, [int(n) for n in args.workers.split(",")])


if __name__ == "__main__":
    main()
