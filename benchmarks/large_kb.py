"""The engine on a knowledge base a hundred times larger: index build time, memory, latency.

Usage: .venv/bin/python benchmarks/large_kb.py [--copies 100] [--rounds 3]

The large base is made from the real one: each fact is copied `copies` times, and each
copy is about operators of its own (Viettel's facts of copy 17 are about "Telco17V",
MobiFone's about "Telco17M", and so on), with those names in its answers, quotes and
example questions, so that copies differ in their words as real articles would. Questions
are the held-out set's, each asked about the operators of a random copy. Printed: facts and
example questions, index build time, resident memory added by the engine, and the median and
p99 time per question, as `benchmarks/engine_latency.py` measures it.
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import resource
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import Settings  # noqa: E402
from bot.engine import Engine  # noqa: E402
from bot.kbcheck import load_knowledge  # noqa: E402
from bot.knowledge import Evidence, Fact, Knowledge, Operator  # noqa: E402

NAMES = {"viettel": "V", "mobifone": "M", "vnpt": "N", "vinaphone": "P"}
_NAME = re.compile(r"(?i)\b(viettel|mobifone|vnpt|vinaphone)\b")


def rename(text: str, copy: int) -> str:
    return _NAME.sub(lambda m: f"Telco{copy}{NAMES[m.group(1).lower()]}", text)


def enlarged(knowledge: Knowledge, copies: int) -> Knowledge:
    """The knowledge base with every fact copied, each copy about operators of its own."""
    operators = dict(knowledge.operators)
    facts: dict[str, Fact] = {}
    for copy in range(copies):
        suffix = "" if copy == 0 else f"_c{copy}"
        mapping = {}
        for op in knowledge.operators.values():
            if copy == 0 or op.collective:
                mapping[op.id] = op.id
                continue
            new_id = f"{op.id}{suffix}"
            name = rename(op.name, copy)
            parent = f"{op.parent}{suffix}" if op.parent else None
            operators[new_id] = Operator(
                new_id,
                name,
                {k: rename(v, copy) for k, v in op.full_name.items()},
                (name.lower(),),
                parent,
                op.collective,
            )
            mapping[op.id] = new_id
        for fact in knowledge.facts.values():
            if copy == 0:
                facts[fact.id] = fact
                continue
            facts[f"{fact.id}{suffix}"] = replace(
                fact,
                id=f"{fact.id}{suffix}",
                operators=tuple(mapping[op] for op in fact.operators),
                answer={lang: rename(text, copy) for lang, text in fact.answer.items()},
                evidence=tuple(Evidence(e.source, rename(e.quote, copy)) for e in fact.evidence),
                questions={lang: tuple(rename(q, copy) for q in qs) for lang, qs in fact.questions.items()},
            )
    return replace(knowledge, operators=operators, facts=facts)


def resident_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def questions(copies: int) -> list[str]:
    data = yaml.safe_load((ROOT / "tests" / "questions.yaml").read_text(encoding="utf-8"))
    texts = [item["q"] for item in data["questions"]]
    rng = random.Random(0)
    return [rename(text, rng.randrange(copies)) for text in texts]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    settings = Settings.from_env({})
    knowledge = enlarged(load_knowledge(settings.knowledge_dir, settings.seeds_dir), args.copies)
    examples = sum(len(q) for fact in knowledge.facts.values() for q in fact.questions.values())
    gc.collect()
    before = resident_mb()
    start = time.perf_counter()
    engine = Engine(knowledge)
    built = time.perf_counter() - start
    gc.collect()
    added = resident_mb() - before
    texts = questions(args.copies)
    timings = []
    for round_number in range(args.rounds + 1):
        for index, text in enumerate(texts):
            begin = time.perf_counter()
            engine.ask(text, f"large-{round_number}-{index}")
            if round_number:  # round 0 warms up
                timings.append(time.perf_counter() - begin)
    timings.sort()
    print(f"{len(knowledge.facts)} facts, {examples} example questions ({args.copies} copies)")
    print(
        f"index build {built:.1f} s; memory added by the engine {added:.0f} MB (peak resident {resident_mb():.0f} MB)"
    )
    print(
        f"latency over {len(timings)} questions: median {statistics.median(timings) * 1000:.3f} ms, "
        f"p99 {timings[int(0.99 * (len(timings) - 1))] * 1000:.3f} ms"
    )


if __name__ == "__main__":
    main()
