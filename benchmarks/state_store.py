"""What the SQLite state costs: added latency per question, and start-up with 100,000 chats stored.

Usage: .venv/bin/python benchmarks/state_store.py [--chats N] [--rounds R]

1. Every question of tests/questions.yaml through Engine.ask, once with the in-memory
   context store and once with SQLiteState (a context read and a WAL write per question),
   interleaved round by round; prints both medians and the median difference.
2. A state file holding N chats' contexts (default 100,000, all fresh so none expires),
   then the real bot (`python -m bot`, long polling) against the Bot API double with a
   follow-up from one of the stored chats already waiting: wall time from launching the
   process to the double receiving the answer, and the process's peak memory (max RSS),
   median of several runs, next to the same with an empty state file. One unmeasured
   run first builds the matching index cache, as the bot's first start does.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.engine_latency import questions  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.dialogue import DialogueState, InMemoryContextStore  # noqa: E402
from bot.engine import Engine  # noqa: E402
from bot.kbcheck import load_knowledge  # noqa: E402
from bot.state import SQLiteState  # noqa: E402
from tests import telegram_updates as tg  # noqa: E402
from tests.botapi_double import BotApiDouble  # noqa: E402

TOKEN = "7000001:AAH4fakeTokenForTests_abcdefghijklmnopq"


def per_question(engine: Engine, texts: list[str], tag: str) -> list[float]:
    timings = []
    for index, text in enumerate(texts):
        start = time.perf_counter()
        engine.ask(text, f"{tag}-{index % 50}")  # 50 conversations: reads find context
        timings.append(time.perf_counter() - start)
    return timings


def measure_latency(rounds: int) -> None:
    settings = Settings.from_env({})
    knowledge = load_knowledge(settings.knowledge_dir, settings.seeds_dir)
    texts = questions()
    with tempfile.TemporaryDirectory() as folder:
        state = SQLiteState(Path(folder))
        memory_engine, sqlite_engine = Engine(knowledge, InMemoryContextStore()), Engine(knowledge, state)
        per_question(memory_engine, texts, "warm"), per_question(sqlite_engine, texts, "warm")
        memory, sqlite = [], []
        for round_number in range(rounds):
            memory += per_question(memory_engine, texts, f"m{round_number}")
            sqlite += per_question(sqlite_engine, texts, f"s{round_number}")
        state.close()
    m, s = statistics.median(memory) * 1000, statistics.median(sqlite) * 1000
    print(
        f"per question, median over {len(memory)}: in-memory {m:.3f} ms, SQLite {s:.3f} ms, SQLite adds {s - m:.3f} ms"
    )


def fill(folder: Path, chats: int) -> None:
    state = SQLiteState(folder)
    now = time.time()
    payload = json.dumps(
        DialogueState(
            ("vaccine", "fund"), ("q_amount",), ("viettel",), "vi", "viettel_vaccine_fund_donation", now
        ).to_dict()
    )
    with state._db:  # one transaction: filling is set-up, not what is measured
        state._db.execute("BEGIN")
        state._db.executemany(
            "INSERT OR REPLACE INTO contexts VALUES (?, ?, ?)",
            ((f"tg:{100000 + i}", payload, now) for i in range(chats)),
        )
    assert state.count_contexts() == chats
    state.close()


def first_answer_time(folder: str, chat_id: int) -> float:
    """Launch `python -m bot` with a follow-up queued; seconds until its answer arrives."""
    api = BotApiDouble(TOKEN, first_update_id=int(time.time() * 1000) % 2**31)  # new ids, as Telegram's
    api.start()
    sender = tg.user(chat_id)
    api.push({"message": tg.message(tg.private_chat(chat_id), sender, "Còn MobiFone thì sao?")})
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": api.url,
        "BOT_STATE_DIR": folder,
        "LOG_LEVEL": "WARNING",
    }
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "bot"], cwd=ROOT, env=env)
    try:
        answer = api.wait_for("sendMessage", chat_id=chat_id, timeout=30)[0]
        elapsed = time.perf_counter() - start
        assert "200" in answer.result["text"] or chat_id < 100_000, answer.result["text"]
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)
        api.stop()
    return elapsed


def startup_runs(folder: str, runs: int, chat_id: int) -> tuple[list[float], float]:
    first_answer_time(folder, chat_id)  # builds the index cache, as a first start does
    timings = [first_answer_time(folder, chat_id) for _ in range(runs)]
    return timings, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def measure_startup(chats: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as empty, tempfile.TemporaryDirectory() as full:
        fill(Path(full), chats)
        baseline, _ = startup_runs(empty, runs, 42)
        timings, peak = startup_runs(full, runs, 100_123)
    print(
        f"start-up to first answer, real bot on the Bot API double (median of {runs}): empty state "
        f"{statistics.median(baseline):.3f} s; with {chats:,} chats stored {statistics.median(timings):.3f} s "
        f"(max {max(timings):.3f} s); peak memory {peak:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chats", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    measure_latency(args.rounds)
    measure_startup(args.chats, args.runs)


if __name__ == "__main__":
    main()
