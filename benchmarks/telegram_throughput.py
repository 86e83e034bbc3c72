"""Updates per second one bot process answers through its real polling loop.

Usage: .venv/bin/python benchmarks/telegram_throughput.py [--updates N] [--runs R]

Starts the Bot API double from the tests on loopback and the bot through its
real entry point (`python -m bot`), queues N private-chat questions from 100
chats at once, and times from the first getUpdates that returns them to the
N-th answered sendMessage. Proactive send pacing is switched off
(BOT_MAX_SENDS_PER_SECOND=0) because it exists to stay under Telegram's 30
messages/s, which is exactly the limit this measures the bot against; so is the
per-chat question limit (BOT_PRIVATE_QUESTIONS_PER_MINUTE=0: each of the 100
chats asks 20 questions at once); 429 handling stays on. Prints each run and the
median, in updates/s and in CPU milliseconds the bot process spent per update:
on a machine whose cores are shared, the second is the steadier of the two.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import telegram_updates as tg  # noqa: E402
from tests.conftest import start_bot, stop_bot  # noqa: E402

QUESTIONS = [
    "Viettel ủng hộ Quỹ vắc xin bao nhiêu?",
    "How many cameras did VNPT install?",
    "mobifone dong gop bao nhieu",
    "Sổ sức khỏe điện tử là gì?",
    "Viettel có bao nhiêu khách hàng?",
    "What is the weather tomorrow?",
    "VNPT Meeting là gì?",
    "Who is Le Dang Dung?",
]


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a running process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_run(updates: int) -> tuple[float, float]:
    """Updates per second, and the bot's CPU milliseconds per update."""
    with tempfile.TemporaryDirectory() as folder:
        bot = start_bot(
            Path(folder),
            {"BOT_MAX_SENDS_PER_SECOND": "0", "BOT_PRIVATE_QUESTIONS_PER_MINUTE": "0", "LOG_LEVEL": "WARNING"},
        )
        try:
            cpu_before = cpu_seconds(bot.process.pid)
            users = [tg.user(500_000 + i) for i in range(100)]
            for number, (sender, question) in enumerate(zip(itertools.cycle(users), itertools.cycle(QUESTIONS))):
                if number == updates:
                    break
                bot.api.push({"message": tg.message(tg.private_chat(sender["id"]), sender, question)})
            started = time.monotonic()
            bot.api.wait_for("sendMessage", count=updates, timeout=120)
            elapsed = time.monotonic() - started
            cpu_ms = (cpu_seconds(bot.process.pid) - cpu_before) * 1000 / updates
            assert not bot.api.errors_caused_by_bot()
            return updates / elapsed, cpu_ms
        finally:
            stop_bot(bot)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rates, costs = [], []
    for run in range(args.runs):
        rate, cost = one_run(args.updates)
        rates.append(rate)
        costs.append(cost)
        print(f"run {run + 1}: {rate:.0f} updates/s, {cost:.2f} ms CPU per update")
    print(
        f"median: {statistics.median(rates):.0f} updates/s answered through the polling loop, "
        f"{statistics.median(costs):.2f} ms of the bot's CPU per update ({args.updates} updates per run)"
    )


if __name__ == "__main__":
    main()
