"""`python -m bot ARGS` as a user runs it: in this process (fast), or as a real process.

`run_bot` calls the entry point `bot.cli.main` here, with what a fresh process
would get: only the environment given (plus PATH and HOME), the project as
working folder, stdin holding the given text, UTF-8 standard streams, and the
root logger put back afterwards. A new interpreter costs half a second to
import the bot and load its knowledge, a call here a tenth of that.

`run_process` starts the interpreter: for what only a process shows (exit
status of an uncaught error, locale and byte-level stdin, signals, the console,
which reads the real stdin).
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from bot.cli import main

ROOT = Path(__file__).resolve().parent.parent
BASE_ENV = {"PATH": "/usr/bin:/bin", "HOME": str(ROOT)}


def run_process(
    *args: str, stdin: str = "", env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**BASE_ENV, **(env or {})},
    )


def run_bot(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS` through bot.cli.main in this process; its exit status, stdout and stderr."""
    streams = [_stream(stdin.encode("utf-8")), _stream(), _stream()]
    with _as_a_new_process({**BASE_ENV, **(env or {})}, *streams):
        try:
            status = main(list(args))
        except SystemExit as exit_:  # argparse: --version, --help, a usage error
            status = _exit_status(exit_.code)
    stdout, stderr = (stream.buffer.getvalue().decode("utf-8") for stream in streams[1:])  # type: ignore[attr-defined]
    return subprocess.CompletedProcess([sys.executable, "-m", "bot", *args], status, stdout, stderr)


def _stream(content: bytes = b"") -> io.TextIOWrapper:
    # write_through: text and bytes written to .buffer (as `ask --json` does) stay in order.
    return io.TextIOWrapper(io.BytesIO(content), encoding="utf-8", write_through=True)


def _exit_status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


@contextlib.contextmanager
def _as_a_new_process(
    env: dict[str, str], stdin: io.TextIOWrapper, stdout: io.TextIOWrapper, stderr: io.TextIOWrapper
) -> Iterator[None]:
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    root = logging.getLogger()
    quieted = {name: logging.getLogger(name).level for name in ("httpx", "httpcore")}  # configure_logging sets them
    saved_handlers, saved_level = root.handlers[:], root.level
    os.environ.clear()
    os.environ.update(env)
    os.chdir(ROOT)
    sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
    try:
        yield
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        for name, level in quieted.items():
            logging.getLogger(name).setLevel(level)
