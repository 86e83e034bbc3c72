"""Fuzz `python -m bot ask --jsonl` with random and hostile lines; count what comes back.

Usage: .venv/bin/python benchmarks/fuzz_jsonl.py [--lines 100000] [--seed 0] [--other-locales 2000]

Every line goes through the real process (as a file on stdin, as a pipeline
would feed it): valid questions, random text in every Unicode plane, lone
surrogates, bytes that are not UTF-8, deep nesting, NaN, Infinity, 1e999,
integers beyond Python's digit limit, wrong types, blank and overlong lines,
random bytes and byte-level damage to valid lines. The output must hold exactly
one object per input line, in order (an error names its line; an answer echoes
its chat_id), each strict JSON (no NaN) in valid UTF-8 with no lone surrogate,
with the documented fields. A separate probe checks that each reply is flushed
before the next line is read, and a slice of the lines is run again under
PYTHONIOENCODING=ascii and LC_ALL=C. Exit status 1 on any crash or violation.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import select
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ANSWER_FIELDS = {"answered", "kind", "intent", "confidence", "lang", "text", "sources", "suggestions", "chat_id"}
SOURCE_FIELDS = {"seed", "title", "date", "quote"}
MAX_LINE_BYTES = 1 << 20  # bot.jsonlines.MAX_LINE_BYTES, kept apart so the fuzzer imports nothing of the bot

QUESTIONS = [
    "Viettel ủng hộ Quỹ vắc xin bao nhiêu?",
    "How much did MobiFone give?",
    "vnpt lap bao nhieu camera",
    "Khi nào?",
    "còn Viettel thì sao?",
    "And VNPT?",
    "Sổ sức khỏe điện tử là gì?",
    "VNPT Meeting là gì?",
    "Thời tiết Hà Nội ngày mai thế nào?",
    "Viettel có bao nhiêu khách hàng?",
    "mobi nam dinh lam gi",
    "How many remote consultation centres did Viettel present?",
    "",
    "?",
    "/start",
    "a",
    "🙏🤔",
]


@dataclass(frozen=True)
class Case:
    """One input line and what must come back for it."""

    kind: str  # the generator that made it
    line: bytes  # without the newline
    expect: str  # "answer", "error" or "any"
    chat_id: Any = None  # the chat_id an answer must echo (after U+FFFD for lone surrogates)


def _dumps(value: Any, rng: random.Random) -> bytes:
    return json.dumps(value, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")


def _clean(value: Any) -> Any:
    """What the bot echoes for a chat_id: lone surrogates become U+FFFD."""
    if isinstance(value, str):
        return "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in value)
    return value


def _random_text(rng: random.Random, length: int) -> str:
    ranges = [
        (0x20, 0x7E),
        (0xA0, 0x24F),
        (0x300, 0x36F),
        (0x1EA0, 0x1EF9),
        (0x0590, 0x06FF),
        (0x4E00, 0x4FFF),
        (0x1F300, 0x1F6FF),
        (0x200B, 0x200F),
        (0xFFF0, 0xFFFF),
        (0x10000, 0x10FFFF),
        (0x0, 0x1F),
    ]
    chars = []
    for _ in range(length):
        low, high = rng.choice(ranges)
        chars.append(chr(rng.randint(low, high)))
    return "".join(chars)


def _surrogate(rng: random.Random) -> str:
    return chr(rng.randint(0xD800, 0xDFFF))


def _chat_id(rng: random.Random, index: int) -> Any:
    """Mostly unique ids (they prove the order), some shared (they exercise follow-ups)."""
    roll = rng.random()
    if roll < 0.5:
        return index
    if roll < 0.8:
        return f"chat-{index}-{_random_text(rng, rng.randint(0, 8))}"
    return rng.choice([1, 2, "shared", -7, 0])


# ---- generators: each returns one Case -------------------------------------------------


def gen_valid(rng: random.Random, index: int) -> Case:
    text = rng.choice(QUESTIONS)
    if rng.random() < 0.3:
        text = text.upper() if rng.random() < 0.5 else text.lower()
    chat_id = _chat_id(rng, index)
    request: dict[str, Any] = {"chat_id": chat_id, "text": text}
    if rng.random() < 0.1:
        request["extra"] = [1, {"x": None}]
    return Case("valid", _dumps(request, rng), "answer", chat_id)


def gen_unicode_text(rng: random.Random, index: int) -> Case:
    chat_id = _chat_id(rng, index)
    return Case(
        "unicode", _dumps({"chat_id": chat_id, "text": _random_text(rng, rng.randint(0, 80))}, rng), "answer", chat_id
    )


def gen_surrogates(rng: random.Random, index: int) -> Case:
    where = rng.choice(["text", "chat_id", "key", "both"])
    text = "hi " + _surrogate(rng) + " Viettel"
    chat_id: Any = index
    if where in ("chat_id", "both"):
        chat_id = f"{index}{_surrogate(rng)}"
    if where == "key":
        request = {"chat_id": chat_id, "text": "Viettel", _surrogate(rng): _surrogate(rng)}
    else:
        request = {"chat_id": chat_id, "text": text if where != "chat_id" else "VNPT camera"}
    line = json.dumps(request, ensure_ascii=True).encode("ascii")  # \udXXX escapes, as the example
    return Case("surrogate", line, "answer", _clean(chat_id))


def gen_not_utf8(rng: random.Random, index: int) -> Case:
    valid = json.dumps({"chat_id": index, "text": "Viettel ủng hộ bao nhiêu"}, ensure_ascii=False)
    choice = rng.randrange(5)
    if choice == 0:
        line = valid.encode("latin-1", "replace").replace(b'"text": "', b'"text": "\xe9\xff')
    elif choice == 1:
        line = valid.encode("utf-16")
    elif choice == 2:
        line = valid.encode("utf-8").replace(b"Viettel", b"Viet\xc0\x80tel")  # overlong NUL
    elif choice == 3:
        line = valid.encode("utf-8")[:-3] + b"\xe1\xbb"  # a character cut in half
    else:
        line = valid.encode("utf-8").replace(b"\xe1", b"\xed\xa0\x80", 1)  # a surrogate encoded in UTF-8
    return Case("not_utf8", line.replace(b"\n", b" "), "error")


def gen_nesting(rng: random.Random, index: int) -> Case:
    depth = rng.choice([50, 999, 1000, 5000, 100_000])
    shape = rng.randrange(3)
    if shape == 0:
        line = b"[" * depth + b"]" * depth
    elif shape == 1:
        line = b'{"a":' * depth + b"1" + b"}" * depth
    else:  # deep nesting in a field the bot does not read: still one object back
        inner = b"[" * min(depth, 900) + b"]" * min(depth, 900)
        line = b'{"chat_id": %d, "text": "Viettel", "extra": ' % index + inner + b"}"
        return Case("nesting", line, "any", index)
    return Case("nesting", line, "error")


def gen_numbers(rng: random.Random, index: int) -> Case:
    number = rng.choice(
        [
            b"NaN",
            b"Infinity",
            b"-Infinity",
            b"1e999",
            b"-1e999",
            b"9" * 5000,
            b"-" + b"1" * 4301,
            b"1.5",
            b"1e308",
            b"-0",
            b"0.0",
            b"1" * 4300,
            b"123456789012345678901234567890",
        ]
    )
    where = rng.randrange(3)
    if where == 0:
        return Case("numbers", b'{"chat_id": ' + number + b', "text": "Viettel"}', "any")
    if where == 1:
        return Case("numbers", b'{"chat_id": %d, "text": "Viettel", "n": ' % index + number + b"}", "any", index)
    return Case("numbers", number, "error")


def gen_types(rng: random.Random, index: int) -> Case:
    chat_id = rng.choice([[1], {"a": 1}, True, False, 1.5, [], {}, [[["x"]]]])
    if rng.random() < 0.5:
        return Case("types", _dumps({"chat_id": chat_id, "text": "Viettel"}, rng), "error")
    text = rng.choice([None, 1, 1.5, True, [], {}, ["Viettel"], {"text": "x"}])
    top = rng.choice(
        [{"chat_id": index, "text": text}, {"chat_id": index}, [], "Viettel", 42, None, True, {"Text": "Viettel"}]
    )
    return Case("types", _dumps(top, rng), "error")


def gen_structure(rng: random.Random, index: int) -> Case:
    valid = _dumps({"chat_id": index, "text": "VNPT camera"}, rng)
    options: list[tuple[bytes, str]] = [
        (b"", "error"),
        (b"   \t ", "error"),
        (b"\r", "error"),
        (valid + b"\r", "answer"),
        (b"\xef\xbb\xbf" + valid, "answer"),
        (valid[: rng.randrange(1, len(valid))], "error"),
        (valid + b" trailing", "error"),
        (valid + valid, "error"),
        (b"{'text': 'x'}", "error"),
        (b'{"text": "a" /* comment */}', "error"),
        (b'{"text": "tab\there"}', "error"),
        (b'{"chat_id": %d, "text": "x", "text": "Viettel"}' % index, "answer"),
        (b'{"chat_id": %d, "text": "\\u0000Viettel\\u0000"}' % index, "answer"),
        (b'{"chat_id": %d, "text": "' % index + b"Viettel " * 2000 + b'"}', "answer"),
        (b"\x00" * rng.randint(1, 40), "error"),
        (b"null", "error"),
        (b"\x1b[31m", "error"),
    ]
    line, expect = rng.choice(options)
    return Case("structure", line, expect, index if expect == "answer" else None)


def gen_random_bytes(rng: random.Random, index: int) -> Case:
    line = bytes(rng.randrange(256) for _ in range(rng.randint(1, 200))).replace(b"\n", b"")
    return Case("random_bytes", line, "any")


def gen_damaged(rng: random.Random, index: int) -> Case:
    data = bytearray(gen_valid(rng, index).line)
    for _ in range(rng.randint(1, 4)):
        position = rng.randrange(len(data))
        operation = rng.randrange(3)
        if operation == 0:
            data[position] = rng.randrange(256)
        elif operation == 1:
            del data[position]
        else:
            data.insert(position, rng.randrange(256))
    return Case("damaged", bytes(data).replace(b"\n", b""), "any")


def gen_overlong(rng: random.Random, index: int) -> Case:
    return Case("overlong", b'{"chat_id": 1, "text": "' + b"x" * (MAX_LINE_BYTES + 10) + b'"}', "error")


GENERATORS: list[tuple[Callable[[random.Random, int], Case], float]] = [
    (gen_valid, 30),
    (gen_unicode_text, 12),
    (gen_surrogates, 8),
    (gen_not_utf8, 8),
    (gen_nesting, 4),
    (gen_numbers, 8),
    (gen_types, 8),
    (gen_structure, 10),
    (gen_random_bytes, 6),
    (gen_damaged, 6),
]


def generate(count: int, seed: int = 0) -> list[Case]:
    """`count` cases, the same for the same seed; a few overlong lines in long runs."""
    rng = random.Random(seed)
    functions, weights = zip(*GENERATORS, strict=True)
    cases = [rng.choices(functions, weights)[0](rng, index) for index in range(count)]
    for position in range(9_999, count, 25_000):  # an overlong line costs a megabyte: a handful is enough
        cases[position] = gen_overlong(rng, position)
    return cases


# ---- running and checking ------------------------------------------------------------------


@dataclass
class Result:
    lines: int = 0
    outputs: int = 0
    exit_code: int | None = None
    seconds: float = 0.0
    kinds: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    violations: list[str] = field(default_factory=list)
    stderr: str = ""

    @property
    def crashes(self) -> int:
        """Lines that got no object back, plus a run that ended badly or printed a traceback."""
        bad_end = self.exit_code != 0 or "Traceback" in self.stderr
        return max(0, self.lines - self.outputs) + (1 if bad_end else 0)


def bot_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return {**env, **(extra or {})}


def run(cases: list[Case], env: dict[str, str] | None = None, timeout: float = 3600) -> Result:
    """Feed every case to one `ask --jsonl` process and check what comes back."""
    result = Result(lines=len(cases), kinds=Counter(case.kind for case in cases))
    with tempfile.TemporaryDirectory() as folder:
        stdin_path, stdout_path = Path(folder) / "in.jsonl", Path(folder) / "out.jsonl"
        stdin_path.write_bytes(b"".join(case.line + b"\n" for case in cases))
        start = time.perf_counter()
        with stdin_path.open("rb") as stdin, stdout_path.open("wb") as stdout:
            process = subprocess.run(
                [sys.executable, "-m", "bot", "ask", "--jsonl"],
                cwd=ROOT,
                stdin=stdin,
                stdout=stdout,
                stderr=subprocess.PIPE,
                env=env or bot_env(),
                timeout=timeout,
            )
        result.seconds = time.perf_counter() - start
        result.exit_code = process.returncode
        result.stderr = process.stderr.decode("utf-8", "replace")
        output = stdout_path.read_bytes().split(b"\n")
    if output and output[-1] == b"":
        output.pop()
    result.outputs = len(output)
    if result.outputs != len(cases):
        result.violations.append(f"{len(cases)} lines in, {result.outputs} objects out")
    for number, (case, line) in enumerate(zip(cases, output, strict=False), start=1):
        problem = check_output(number, case, line, result.outcomes)
        if problem:
            result.violations.append(f"line {number} ({case.kind}, {case.line[:60]!r}): {problem}")
    if process.returncode != 0 or result.stderr.strip():
        result.violations.append(f"exit {process.returncode}, stderr: {result.stderr[-500:]}")
    return result


def _strict_constant(name: str) -> Any:
    raise ValueError(f"{name} in the output")


def _has_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return any(0xD800 <= ord(ch) <= 0xDFFF for ch in value)
    if isinstance(value, list):
        return any(_has_surrogate(item) for item in value)
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    return False


def check_output(number: int, case: Case, line: bytes, outcomes: Counter[str]) -> str | None:
    """What is wrong with the object written for line `number`, or None."""
    try:
        obj = json.loads(line.decode("utf-8"), parse_constant=_strict_constant)
    except (UnicodeDecodeError, ValueError) as error:
        return f"not strict JSON in UTF-8: {error}"
    if not isinstance(obj, dict) or _has_surrogate(obj):
        return "not an object, or a lone surrogate in it"
    if "error" in obj:
        outcomes["error"] += 1
        if obj.get("answered") is not False or not str(obj["error"]).startswith(f"line {number}: "):
            return f"error object without its line number or answered=false: {obj}"
        return f"an error for a valid line: {obj['error']}" if case.expect == "answer" else None
    outcomes["answered" if obj.get("answered") else "declined"] += 1
    if set(obj) != ANSWER_FIELDS:
        return f"fields {sorted(obj)}"
    if not all(set(source) == SOURCE_FIELDS for source in obj["sources"]):
        return "source fields"
    if case.expect == "error":
        return "answered a line that should be an error"
    if case.chat_id is not None and obj["chat_id"] != case.chat_id:
        return f"out of order: chat_id {obj['chat_id']!r}, expected {case.chat_id!r}"
    return None


def probe_flush(env: dict[str, str] | None = None, timeout: float = 30) -> str | None:
    """Each reply must arrive before the next line is written; None when it does."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", "--jsonl"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env or bot_env(),
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        for line in (b'{"chat_id": 1, "text": "Viettel"}', b"\xff not utf-8", b"[" * 999):
            process.stdin.write(line + b"\n")
            process.stdin.flush()
            ready, _, _ = select.select([process.stdout], [], [], timeout)
            if not ready:
                return f"no reply to {line[:20]!r} within {timeout} s: output not flushed"
            reply = process.stdout.readline()
            try:
                json.loads(reply)
            except ValueError:
                return f"{line[:20]!r} got {reply[:80]!r}, not one JSON object"
        return None
    except BrokenPipeError:
        return "the process ended before the probe's last line"
    finally:
        with contextlib.suppress(BrokenPipeError):
            process.stdin.close()
        process.wait(timeout=timeout)


def summary(title: str, result: Result) -> Iterator[str]:
    yield (
        f"{title}: {result.lines} lines in {result.seconds:.1f} s ({result.lines / max(result.seconds, 1e-9):.0f}"
        f"/s), {result.outputs} objects out, exit {result.exit_code}, crashes {result.crashes}, "
        f"violations {len(result.violations)}"
    )
    yield "  outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(result.outcomes.items()))
    yield "  inputs: " + ", ".join(f"{k} {v}" for k, v in sorted(result.kinds.items()))
    for violation in result.violations[:20]:
        yield "  VIOLATION " + violation


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=100_000, help="random lines to send (default 100,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--other-locales",
        type=int,
        default=2000,
        help="lines sent again under PYTHONIOENCODING=ascii and LC_ALL=C (default 2000)",
    )
    args = parser.parse_args()
    cases = generate(args.lines, args.seed)
    failed = False
    runs = [("PYTHONIOENCODING=utf-8", cases, bot_env())]
    if args.other_locales:
        runs.append(
            (
                "PYTHONIOENCODING=ascii LC_ALL=C",
                cases[: args.other_locales],
                bot_env({"PYTHONIOENCODING": "ascii", "LC_ALL": "C"}),
            )
        )
    for title, subset, env in runs:
        result = run(subset, env)
        print("\n".join(summary(title, result)), flush=True)
        failed |= bool(result.crashes or result.violations)
    flush_problem = probe_flush()
    print(f"flush probe: {flush_problem or 'each reply arrives before the next line is sent'}")
    return 1 if failed or flush_problem else 0


if __name__ == "__main__":
    sys.exit(main())
