"""Engine latency per question (median, p99) and start-up time to the first answer.

Usage: .venv/bin/python benchmarks/engine_latency.py [--rounds N]

Latency: every question of tests/questions.yaml (single questions and
conversation turns), asked through Engine.ask as the front ends do, each in its
own conversation, for several rounds; the first round warms caches and is not
counted. Start-up: `python -m bot ask QUESTION` as a fresh process, wall clock
from launch to exit (interpreter start, imports, knowledge load, index build,
first answer), median of several runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import Settings  # noqa: E402
from bot.engine import Engine  # noqa: E402


def questions() -> list[str]:
    data = yaml.safe_load((ROOT / "tests" / "questions.yaml").read_text(encoding="utf-8"))
    texts = [item["q"] for item in data["questions"]]
    texts += [turn["q"] for conv in data["conversations"] for turn in conv["turns"]]
    return texts


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure_latency(rounds: int) -> list[float]:
    settings = Settings.from_env()
    engine = Engine.from_directory(settings.knowledge_dir, settings.seeds_dir)
    texts = questions()
    timings: list[float] = []
    for round_number in range(rounds + 1):
        for index, text in enumerate(texts):
            start = time.perf_counter()
            engine.ask(text, f"bench-{round_number}-{index}")
            elapsed = time.perf_counter() - start
            if round_number:  # round 0 warms up
                timings.append(elapsed)
    return timings


def measure_startup(runs: int) -> list[float]:
    command = [sys.executable, "-m", "bot", "ask", "Viettel ủng hộ quỹ vắc xin bao nhiêu?"]
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        timings.append(time.perf_counter() - start)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--startup-runs", type=int, default=7)
    args = parser.parse_args()
    latency = measure_latency(args.rounds)
    print(
        f"engine latency over {len(latency)} questions: median {statistics.median(latency) * 1000:.3f} ms, "
        f"p99 {percentile(latency, 0.99) * 1000:.3f} ms, max {max(latency) * 1000:.3f} ms"
    )
    startup = measure_startup(args.startup_runs)
    print(
        f"start-up to first answer (fresh process, {len(startup)} runs): "
        f"median {statistics.median(startup):.3f} s, max {max(startup):.3f} s"
    )


if __name__ == "__main__":
    main()
