"""Shared fixtures: one engine for engine tests; a real bot process against the Bot API double."""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.assembly import CACHE_FOLDER
from bot.compiled import CompiledKnowledge
from bot.config import ConfigError, Settings
from bot.engine import Engine
from bot.knowledge import KnowledgeError
from tests.botapi_double import BotApiDouble

pytest_plugins = ["tests.redis_server"]  # a real Redis-protocol server: redis_server, redis_url

# No test speaks TLS: every Bot API, webhook and Redis server here is plain TCP on 127.0.0.1. Yet
# aiohttp builds two TLS contexts when it is imported, each parsing the machine's whole CA bundle
# (SSL_CERT_FILE): 55 ms of CPU in every bot process the tests start and in every pytest worker. The
# tests' processes get an empty bundle instead (set here, before anything imports aiohttp).
os.environ["SSL_CERT_FILE"] = os.devnull

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "7000001:AAH4fakeTokenForTests_abcdefghijklmnopq"
SHARED_CACHE = ROOT / "data" / CACHE_FOLDER  # where `python -m bot ask` run from the project keeps it


# Workers take whole modules (pyproject: --dist loadscope, not reordered) in the order given here,
# each of the three starting with two; then one at a time as they finish. test_redis_workers (bot
# processes that must not stall past their 2 s lease) starts beside modules that mostly wait
# (test_startup, test_state_stores) rather than beside the image test (pip and Python, one core),
# which comes next. Then the longest first, so that the last modules handed out are short and the
# workers end together. Seconds for each module (wall, then CPU where it differs much) with three
# workers on this 2-core machine, measured while other work shared it; the modules not named
# (about half a second or less) keep their order.
SLOWEST_FIRST = (
    "tests/test_redis_workers.py",  # ~7.5, ~6.5 of CPU
    "tests/test_startup.py",  # ~4 (1.2 of CPU): two bots waiting for a Bot API that is not there yet
    "tests/test_state_stores.py",  # ~8 (0.5 of CPU): leases and expiries
    "tests/test_packaging.py",  # ~5.5, ~4.5 of CPU: the image's install steps
    "tests/test_telegram_e2e.py",  # ~3.9 (1.7 of CPU): one bot process, its back-offs
    "tests/test_telegram.py",  # ~2.2 (0.3 of CPU): Telegram's retry_after
    "tests/test_operations.py",  # ~4 (2.2 of CPU): SIGTERM, a restart
    "tests/test_crash_recovery.py",  # ~3.5 (2.4 of CPU): three bot processes, two of them SIGKILLed
    "tests/test_jsonl_hostile.py",  # ~3.5 (2.1 of CPU): seven processes
    "tests/test_kb_gate.py",  # ~3 (1.8 of CPU)
    "tests/test_quality.py",  # ~2.3, the eight question sets
    "tests/test_kb_mutations.py",  # ~2.1
    "tests/test_cli.py",  # ~1.4
    "tests/test_telegram_webhook.py",  # ~1.2
    "tests/test_kb_check.py",  # ~1.1
    "tests/test_console.py",  # ~1.1
    "tests/test_state_failures.py",  # ~0.9
    "tests/test_layers.py",  # ~0.8
    "tests/test_eval_command.py",  # ~0.7
    "tests/test_privacy_and_fairness.py",  # ~0.65
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {module: position for position, module in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))  # stable: modules stay whole


@pytest.hookimpl(tryfirst=True)
def pytest_collection(session: pytest.Session) -> None:
    """./scripts/test starts pytest beside its checks (ruff, mypy, the layering, kb check) and opens
    this gate with their status once they have finished: xdist's workers, started already, collect
    the tests meanwhile, and none runs before the checks have passed. pytest run otherwise has no gate."""
    gate = os.environ.get("BOT_TESTS_GATE")
    if not gate or os.environ.get("PYTEST_XDIST_WORKER"):  # the workers collect at once
        return
    script = int(os.environ.get("BOT_TESTS_GATE_PID", os.getppid()))
    while not os.path.exists(gate):
        if os.getppid() != script:  # the script is gone without a word: run nothing
            pytest.exit("./scripts/test ended before its checks did", returncode=1)
        time.sleep(0.02)
    with open(gate, encoding="utf-8") as opened:
        status = int(opened.read().strip() or 1)
    if status:
        pytest.exit("not run: a check above failed", returncode=status)


def pytest_sessionstart(session: pytest.Session) -> None:
    gc.freeze()  # see pytest_collection_finish; in xdist's controller, which collects nothing


def pytest_collection_finish(session: pytest.Session) -> None:
    """Everything imported so far (python-telegram-bot, numpy, the bot, every test module) lives as
    long as the process: the garbage collector need not walk it again. Each full collection during
    the tests, and the five pytest makes at the end of every worker, walked it all: a second and a
    half of CPU per run, and as long again waiting for the workers to exit."""
    gc.freeze()


@pytest.fixture(scope="session")
def engine() -> Engine:
    from tests.inprocess import shared_knowledge

    knowledge, pipeline = shared_knowledge()  # compiled once per test process
    return Engine(knowledge, pipeline=pipeline)


@dataclass
class RunningBot:
    api: BotApiDouble
    process: subprocess.Popen[str]
    log_path: Path

    def logs(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def start_bot(tmp_path: Path, extra_env: dict[str, str] | None = None, api: BotApiDouble | None = None) -> RunningBot:
    """The real entry point, `python -m bot`, with a token and its own state folder, against a double.

    A new state folder gets the compiled knowledge a previous start left (see warm_cache)."""
    if api is None:
        api = BotApiDouble(TOKEN)
        api.start()
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": api.url,
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
        "BOT_STATE_DIR": str(tmp_path / "state"),
        **(extra_env or {}),
    }
    tmp_path.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(ConfigError):  # a test of a bad setting: the bot says what is wrong
        warm_cache(Settings.from_env(env))
    log_path = tmp_path / "bot.log"
    log = log_path.open("a", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True
    )
    running = RunningBot(api, process, log_path)
    try:
        api.wait_for("setMyCommands", count=len(api.calls("setMyCommands")) + 2, timeout=30)
    except AssertionError:
        stop_bot(running)
        raise AssertionError("bot did not start:\n" + running.logs()) from None
    return running


def warm_cache(settings: Settings) -> None:
    """Put the compiled knowledge in a new state folder, as a restarted bot finds it.

    Compiling takes a second of CPU at each start in a new folder; the suite's bots start
    dozens of times. The cache is keyed by the knowledge's bytes: a knowledge base a test
    changed (or broke) finds no entry and is compiled, or refused, by the bot itself."""
    target = CompiledKnowledge(settings.state_dir / CACHE_FOLDER, settings.knowledge_dir, settings.seeds_dir)
    if target.path is None or settings.state_dir.exists():
        return
    shared = CompiledKnowledge(SHARED_CACHE, settings.knowledge_dir, settings.seeds_dir)
    if shared.path is None:
        return
    if not shared.path.exists():
        try:
            Engine.compiled(SHARED_CACHE, settings.knowledge_dir, settings.seeds_dir)
        except KnowledgeError:
            return
    target.folder.mkdir(mode=0o700, parents=True)
    for folder in (settings.state_dir, target.folder):
        folder.chmod(0o700)  # as the bot makes them
    shutil.copy2(shared.path, target.path)


def stop_bot(running: RunningBot, keep_api: bool = False) -> None:
    if running.process.poll() is None:
        running.process.send_signal(signal.SIGTERM)
        try:
            running.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            running.process.kill()
    if not keep_api:
        running.api.stop()


@pytest.fixture(scope="module")
def telegram(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    running = start_bot(tmp_path_factory.mktemp("bot"))
    yield running
    stop_bot(running)


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """For tests that call the CLI's main() in-process: it configures the root logger."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
