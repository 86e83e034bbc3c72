"""Command line: `python -m bot [console|ask|eval|kb check|telegram]`.

With no command, the bot runs on Telegram when a token is configured and as
the local console otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot import __version__
from bot.config import ConfigError, Settings
from bot.knowledge import KnowledgeError
from bot.logs import configure_logging

EXIT_PIPE_CLOSED = 141  # what a shell reports for a process ended by SIGPIPE (128 + 13)

if TYPE_CHECKING:  # the engine is imported only by the commands that need it: `--version` stays fast
    from bot.answering.tuning import Tuning
    from bot.engine import Engine


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("console", help="chat with the bot in this terminal")
    commands.add_parser("telegram", help="run the Telegram bot (needs TELEGRAM_BOT_TOKEN)")
    commands.add_parser("health", help="exit 0 while the running bot's heartbeat is fresh (HEALTHCHECK)")
    ask = commands.add_parser("ask", help="answer one question, or JSON lines from stdin")
    ask.add_argument("question", nargs="*", help="the question (omit with --jsonl)")
    output = ask.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print one JSON object")
    output.add_argument(
        "--jsonl",
        action="store_true",
        help='read {"chat_id": ..., "text": ...} lines from stdin, write one JSON line each',
    )
    output.add_argument(
        "--explain",
        action="store_true",
        help="print why: the analysis, each candidate fact taken or refused, the decision",
    )
    evaluate = commands.add_parser("eval", help="accuracy per category on the question set")
    evaluate.add_argument(
        "--questions",
        help="one question set (default: every tests/questions*.yaml beside knowledge/, else the project's)",
    )
    evaluate.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    evaluate.add_argument(
        "--variants",
        action="store_true",
        help="also ask each question without diacritics, decomposed, segmented, in capitals and with a typo",
    )
    evaluate.add_argument(
        "--require", action="store_true", help="exit 1 when a summary figure is below the answering issue's floor"
    )
    evaluate.add_argument(
        "--tune",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="vary one setting of bot/answering/tuning.py for this run (repeatable)",
    )
    kb = commands.add_parser("kb", help="knowledge-base tools")
    kb_commands = kb.add_subparsers(dest="kb_command", required=True)
    kb_commands.add_parser("check", help="validate the knowledge base (file:line for each problem)")
    gaps = kb_commands.add_parser("gaps", help="questions the bot declined or was unsure of, grouped")
    gaps.add_argument("--since", default="7d", help="how far back: 30m, 12h, 7d (default 7d)")
    gaps.add_argument("--purge", action="store_true", help="delete every recorded gap (contexts stay)")
    new_source = kb_commands.add_parser("new-source", help="add an article: seeds/, sources entry, facts skeleton")
    new_source.add_argument("file", help="the article, a UTF-8 text file")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. A reader that goes away (`... | head -1`) ends any of them quietly, with
    the status a shell gives a process ended by SIGPIPE: that is no error of ours."""
    try:
        return _main(argv)
    except BrokenPipeError:
        _discard_stdout()
        return EXIT_PIPE_CLOSED


def _main(argv: Sequence[str] | None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit:  # after --help, --version or a usage error: flushed here, where a closed pipe is handled
        sys.stdout.flush()
        raise
    try:
        settings = Settings.from_env()
        configure_logging(settings.log_level, settings.log_format)
        code = _dispatch(args, settings)
        sys.stdout.flush()  # the last of the output too, rather than at exit where nothing handles a closed pipe
        return code
    except (KnowledgeError, ConfigError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C: stop without a traceback
        return 130


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "kb" and args.kb_command == "gaps":
        return _kb_gaps(settings, args.since, args.purge)
    if args.command == "kb" and args.kb_command == "new-source":
        # Imported here, as the engine is: `ask` and the bot start without the curation code.
        from bot.curation import CurationError, add_source

        try:
            print(add_source(Path(args.file), settings.knowledge_dir, settings.seeds_dir))
        except CurationError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        return 0
    if args.command == "kb":
        return _kb_check(settings)
    if args.command == "health":
        return _health(settings)
    if args.command == "eval":
        return _eval(args, settings)
    if args.command == "ask":
        with _local_engine(settings) as engine:
            return _ask(args, engine)
    if args.command == "telegram" or (args.command is None and settings.telegram_configured):
        settings.bot_token()  # a missing or unreadable token is said before the Telegram stack is imported
        # What this import makes (python-telegram-bot, aiohttp, numpy, the engine's modules) lives as long
        # as the process: the garbage collector would walk it again and again while it grows. After
        # start-up the bot freezes it (run_telegram), so that no collection walks it at all.
        gc.disable()
        try:
            from bot.telegram_app import run_telegram
        finally:
            gc.enable()
        return run_telegram(settings)
    from bot.console import HISTORY_FILE, run_console

    with _local_engine(settings) as engine:
        _tolerant_stdio()
        return run_console(engine, history=settings.state_dir / HISTORY_FILE)


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    """The question sets are found before the engine is built: a container without them says so at once."""
    from bot.answering.tuning import DEFAULT_TUNING
    from bot.evaluation import QuestionSetError, question_folders, question_sets, run_evaluation

    try:
        tuning = DEFAULT_TUNING.with_overrides(dict(item.split("=", 1) for item in args.tune))
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    folders = question_folders(settings.knowledge_dir)
    paths = [Path(args.questions)] if args.questions else question_sets(folders)
    if not paths:
        where = " or ".join(f"{folder}/" for folder in folders)
        print(f"eval: no question sets (questions*.yaml) in {where}; pass --questions FILE", file=sys.stderr)
        return 2
    try:
        return run_evaluation(_engine(settings, tuning), paths, args.verbose, args.variants, args.require)
    except QuestionSetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _tolerant_stdio() -> None:
    """Terminal text in and out: a byte the locale cannot decode, or a character it cannot
    show, becomes a replacement character rather than the end of the conversation."""
    for stream in (sys.stdin, sys.stdout):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")


def _engine(settings: Settings, tuning: Tuning | None = None) -> Engine:
    from bot.answering.tuning import DEFAULT_TUNING
    from bot.assembly import build_engine

    return build_engine(settings, tuning=tuning or DEFAULT_TUNING)


@contextlib.contextmanager
def _local_engine(settings: Settings) -> Iterator[Engine]:
    """The engine of the console and `ask`. With BOT_RECORD_GAPS_LOCAL=1 the questions it declines or
    is unsure of go to the state folder's gap log, as the Telegram bot's do, for `kb gaps` to list."""
    if not settings.record_gaps_local:
        yield _engine(settings)
        return
    from bot.assembly import build_engine
    from bot.state import CommittedGaps, SQLiteState

    state = SQLiteState(
        settings.state_dir, ttl_seconds=settings.context_ttl_hours * 3600, gaps_ttl_seconds=settings.gaps_days * 86400
    )
    try:
        yield build_engine(settings, gaps=CommittedGaps(state), cached=state.problem is None)
    finally:
        state.close()


def _kb_check(settings: Settings) -> int:
    from bot.kbcheck import check_knowledge

    knowledge, problems = check_knowledge(settings.knowledge_dir, settings.seeds_dir, check_examples=True)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems or knowledge is None:  # no knowledge comes without problems
        print(f"kb check: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    examples = sum(len(qs) for fact in knowledge.facts.values() for qs in fact.questions.values())
    print(
        f"kb check: OK ({len(knowledge.sources)} sources, {len(knowledge.operators)} operators, "
        f"{len(knowledge.facts)} facts, {examples} example questions)"
    )
    return 0


def _health(settings: Settings) -> int:
    """This process's bot by its heartbeat file (the exit status); with Redis, every worker of the
    bot by its heartbeat there too (said, not counted in the status: a container checks itself)."""
    from bot.heartbeat import HEARTBEAT_MAX_AGE, heartbeat_age

    age = heartbeat_age(settings.state_dir)
    healthy = age is not None and age <= HEARTBEAT_MAX_AGE
    if healthy:
        print(f"healthy: heartbeat {age:.0f} s ago")
    else:
        print(f"unhealthy: no heartbeat in {settings.state_dir} for {HEARTBEAT_MAX_AGE} s")
    if settings.shared_state:
        _workers_health(settings, HEARTBEAT_MAX_AGE)
    return 0 if healthy else 1


def _workers_health(settings: Settings, max_age: float) -> None:
    import redis

    from bot.config import masked_url
    from bot.redis_state import worker_heartbeats

    shown = masked_url(settings.state_url or "")
    try:
        beats = worker_heartbeats(settings)
    except ConfigError:
        return  # no token here: the bot's id, and so its workers, unknown
    except redis.RedisError as error:
        reason = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
        print(f"workers: state store {shown} unreachable ({reason})")
        return
    alive = sorted((age, worker) for worker, age in beats.items() if age <= max_age)
    silent = sorted((age, worker) for worker, age in beats.items() if age > max_age)
    listed = ", ".join(f"{worker} {age:.0f} s ago" for age, worker in alive)
    print(f"workers on {shown}: {len(alive)} beating" + (f" ({listed})" if listed else ""))
    if silent:
        listed = ", ".join(f"{worker} {age / 60:.0f} min ago" for age, worker in silent)
        print(f"workers silent (killed, or cut off from the state store): {len(silent)} ({listed})")


def _kb_gaps(settings: Settings, since: str, purge: bool) -> int:
    """The running bot's gaps, read-only (never the bot's own opening, which expires contexts
    with this process's TTL), or all of them deleted with --purge."""
    import sqlite3
    import time

    from bot.gaps import format_groups, group_gaps, parse_since
    from bot.state import STATE_FILE, purge_gaps, read_gaps

    if settings.shared_state:
        from bot.redis_gaps import kb_gaps_in_redis

        return kb_gaps_in_redis(settings, since, purge)
    if not (settings.state_dir / STATE_FILE).is_file():
        print(f"no state database in {settings.state_dir} (set BOT_STATE_DIR)", file=sys.stderr)
        return 1
    try:
        start = parse_since(since)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        if purge:
            print(f"{purge_gaps(settings.state_dir)} gap(s) deleted")
            return 0
        # Gaps past BOT_GAPS_DAYS are not shown even before the bot's next sweep deletes them.
        horizon = max(start, time.time() - settings.gaps_days * 86400)
        print(format_groups(group_gaps(read_gaps(settings.state_dir, since=horizon))))
    except sqlite3.Error as error:
        print(f"error: cannot read {settings.state_dir / STATE_FILE}: {error}", file=sys.stderr)
        return 1
    return 0


def _ask(args: argparse.Namespace, engine: Engine) -> int:
    from bot.jsonlines import answer_json_lines, encode
    from bot.render import render_plain

    if args.jsonl:
        return answer_json_lines(engine, sys.stdin.buffer, sys.stdout.buffer)
    if args.explain:
        _tolerant_stdio()
        print(engine.explain(" ".join(args.question)))
        return 0
    reply = engine.ask(" ".join(args.question), "ask")
    text = render_plain(reply)
    if args.json:  # JSON is UTF-8 whatever the locale says
        sys.stdout.buffer.write(encode(1, reply.to_dict(text)))
    else:
        _tolerant_stdio()  # an ASCII-only locale
        print(text)
    return 0


def _discard_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's last flush does not fail loudly."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
