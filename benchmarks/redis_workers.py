"""Throughput with 1, 2 and 4 webhook workers on Redis against one SQLite process, and what the
Redis store costs per question.

Usage: .venv/bin/python benchmarks/redis_workers.py [--updates N] [--runs R] [--workers 1,2,4]

1. Updates per second: a real Valkey server (the one the tests use), the Bot API double, and
   `python -m bot` webhook workers sharing one port (SO_REUSEPORT); a burst of N private-chat
   questions from 200 chats is delivered as Telegram does (40 requests at once, each request
   answered after its update was handled), timed from the first request to the N-th answer.
   The same with the default single process on SQLite (same webhook path). Send pacing and
   the per-chat limit are off (they would measure Telegram's limits, not the bot).
   Prints each run and the median per configuration, and the ratio to one Redis worker.
2. Per question, in-process on the same server: Engine.ask alone (in-memory contexts) against
   the whole Redis path of an update through the dispatcher the workers use (the lease-and-read
   script, Engine.ask on that copy, the script that makes it final before its answer would be
   sent, the write-back script), interleaved; the median of the difference is the store's cost.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.engine_latency import questions  # noqa: E402
from benchmarks.telegram_throughput import QUESTIONS  # noqa: E402  (the same mix of questions)
from tests import telegram_updates as tg  # noqa: E402
from tests.redis_server import RedisServer  # noqa: E402
from tests.test_redis_workers import Telegram, start_workers  # noqa: E402

QUIET = {"BOT_MAX_SENDS_PER_SECOND": "0", "BOT_PRIVATE_QUESTIONS_PER_MINUTE": "0", "LOG_LEVEL": "WARNING"}


def one_run(updates: int, workers: int, server: RedisServer | None, db: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        env = dict(QUIET)
        if server is None:  # one process, SQLite, its own port
            env.update(BOT_STATE_URL="", TELEGRAM_WEBHOOK_REUSE_PORT="0")
            running = start_workers(Path(folder), "", 1, **env)
        else:
            running = start_workers(Path(folder), server.url(db), workers, **env)
        telegram = Telegram(running.url)
        try:
            users = [tg.user(700_000 + i) for i in range(200)]
            batch = []
            for number, (sender, question) in enumerate(zip(itertools.cycle(users), itertools.cycle(QUESTIONS))):
                if number == updates:
                    break
                batch.append(running.api.push({"message": tg.message(tg.private_chat(sender["id"]), sender, question)}))
            started = time.monotonic()
            deliveries = [telegram.deliver(update) for update in batch]
            running.api.wait_for("sendMessage", count=updates, timeout=300)
            elapsed = time.monotonic() - started
            for delivery in deliveries:
                delivery.result(timeout=60)
            assert not running.api.errors_caused_by_bot()
            return updates / elapsed
        finally:
            telegram.close()
            running.stop()


def throughput(updates: int, runs: int, counts: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        server = RedisServer(Path(folder)).start()
        try:
            databases = itertools.count(1)
            configurations = [("SQLite, 1 process", 1, None)] + [(f"Redis, {n} worker(s)", n, server) for n in counts]
            results: dict[str, list[float]] = {name: [] for name, _, _ in configurations}
            for run in range(runs):  # interleaved: the machine's load shifts alike for all
                for name, workers, store in configurations:
                    rate = one_run(updates, workers, store, next(databases))
                    results[name].append(rate)
                    print(f"run {run + 1}, {name}: {rate:.0f} updates/s", flush=True)
        finally:
            server.stop()
    one = statistics.median(results[f"Redis, {counts[0]} worker(s)"])
    for name, rates in results.items():
        median = statistics.median(rates)
        print(f"median {name}: {median:.0f} updates/s ({median / one:.2f} x {counts[0]} Redis worker)")


def per_question_cost(rounds: int) -> None:
    from telegram import Update

    from bot.config import Settings
    from bot.dialogue import InMemoryContextStore
    from bot.engine import Engine
    from bot.kbcheck import load_knowledge
    from bot.redis_state import RedisState
    from bot.store_protocol import answering
    from bot.telegram_app import update_keys
    from tests.conftest import TOKEN

    settings = Settings.from_env({})
    knowledge = load_knowledge(settings.knowledge_dir, settings.seeds_dir)
    texts = questions()

    async def measure(url: str) -> tuple[list[float], list[float]]:
        import dataclasses

        state = RedisState(dataclasses.replace(settings, token_env=TOKEN, state_url=url), 7000001)
        assert await state.connect(asyncio.Event())
        memory_engine = Engine(knowledge, InMemoryContextStore())
        redis_engine = Engine(knowledge, state, state)

        async def run(update: Update) -> None:  # as the handler: ask, then send (made final first)
            assert update.message is not None and update.message.text is not None
            redis_engine.ask(update.message.text, f"tg:{update.message.chat_id}")
            await answering()

        dispatcher = state.dispatcher(run, update_keys)
        memory, redis_path = [], []
        update_ids = itertools.count(1)
        for round_number in range(rounds):
            updates = []
            for index, text in enumerate(texts):  # built beforehand: Telegram's JSON is read either way
                sender = tg.user(index % 50 + 1)
                message = tg.message(tg.private_chat(sender["id"]), sender, text)
                updates.append(Update.de_json({"update_id": next(update_ids), "message": message}, None))
            for index, (text, update) in enumerate(zip(texts, updates, strict=True)):
                start = time.perf_counter()
                memory_engine.ask(text, f"m{round_number}-tg:{index % 50 + 1}")
                memory.append(time.perf_counter() - start)
                start = time.perf_counter()
                await dispatcher.handle(update)
                redis_path.append(time.perf_counter() - start)
        await state.disconnect()
        return memory, redis_path

    with tempfile.TemporaryDirectory() as folder:
        server = RedisServer(Path(folder)).start()
        try:
            memory, redis_path = asyncio.run(measure(server.url(0)))
        finally:
            server.stop()
    m, r = statistics.median(memory) * 1000, statistics.median(redis_path) * 1000
    differences = sorted((b - a) * 1000 for a, b in zip(memory, redis_path, strict=True))
    print(
        f"per question, median over {len(memory)}: Engine.ask in memory {m:.3f} ms, with the Redis store "
        f"(lease and read, ask, made final, write back) {r:.3f} ms; the Redis store adds {r - m:.3f} ms "
        f"(median of the differences {statistics.median(differences):.3f} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--updates", type=int, default=1500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", default="1,2,4")
    args = parser.parse_args()
    per_question_cost(args.rounds)
    throughput(args.updates, args.runs, [int(n) for n in args.workers.split(",")])


if __name__ == "__main__":
    main()
