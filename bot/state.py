"""The running bot's state in SQLite: dialogue context, handled updates, questions it could not answer.

One file, `$BOT_STATE_DIR/state.db`, in WAL mode so that a crash never leaves
half a write. Writes are grouped: they go into one open transaction that
`flush()` commits (the bot flushes every FLUSH_SECONDS and on shutdown, and any
FLUSH_EVERY writes commit at once); a commit per write would cost ten times more
per question. A crash loses at most the last group, never consistency.
Contexts idle longer than the TTL are dropped, so the file stays bounded however
many chats come and go. A file SQLite cannot read is moved aside with one log
line and the bot starts with empty state.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from bot.dialogue import DialogueState

logger = logging.getLogger(__name__)

STATE_FILE = "state.db"
HEARTBEAT_FILE = "heartbeat"
HEARTBEAT_SECONDS = 30
HEARTBEAT_MAX_AGE = 4 * HEARTBEAT_SECONDS
HANDLED_UPDATES_KEPT = 48 * 3600  # Telegram keeps undelivered updates for 24 hours
EXPIRE_EVERY = 1000  # writes between sweeps of idle contexts
FLUSH_EVERY = 200  # writes in one transaction at most
FLUSH_SECONDS = 0.2  # how often the running bot commits

_SCHEMA = """
CREATE TABLE IF NOT EXISTS contexts (
    key TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS contexts_by_age ON contexts (updated_at);
CREATE TABLE IF NOT EXISTS handled_updates (
    update_id INTEGER PRIMARY KEY,
    handled_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS gaps (
    asked_at REAL NOT NULL,
    lang TEXT NOT NULL,
    question TEXT NOT NULL,
    nearest_fact TEXT,
    score REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS gaps_by_time ON gaps (asked_at);
"""


@dataclass(frozen=True)
class Gap:
    """A question the bot declined or answered with little confidence; no user or chat id."""

    asked_at: float
    lang: str
    question: str
    nearest_fact: str | None
    score: float


class SQLiteState:
    """Context store, update ledger and gap log in one SQLite file."""

    def __init__(self, folder: Path, ttl_seconds: float = 24 * 3600):
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / STATE_FILE
        self.ttl = ttl_seconds
        self._writes = 0
        self._db = self._open()
        self.expire()

    def _open(self) -> sqlite3.Connection:
        try:
            return self._connect()
        except sqlite3.DatabaseError as error:
            aside = self.path.with_name(f"{STATE_FILE}.unreadable-{int(time.time())}")
            logger.error("state file %s is unreadable (%s): moved to %s, starting with empty state",
                         self.path, error, aside.name)
            for suffix in ("", "-wal", "-shm"):
                part = Path(f"{self.path}{suffix}")
                if part.exists():
                    part.rename(f"{aside}{suffix}")
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=5.0)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # durable at checkpoints; WAL keeps it consistent
            db.executescript(_SCHEMA)
            db.execute("SELECT count(*) FROM contexts WHERE key = ''").fetchone()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def close(self) -> None:
        self.flush()
        self._db.close()

    def flush(self) -> None:
        """Commit the writes made since the last flush."""
        if self._db.in_transaction:
            self._db.execute("COMMIT")

    def _write(self, sql: str, parameters: tuple[object, ...]) -> None:
        if not self._db.in_transaction:
            self._db.execute("BEGIN")
        self._db.execute(sql, parameters)
        self._writes += 1
        if self._writes % FLUSH_EVERY == 0:
            self.flush()

    # ---- ContextStore ------------------------------------------------------------------

    def get(self, key: str) -> DialogueState | None:
        row = self._db.execute("SELECT state, updated_at FROM contexts WHERE key = ?", (key,)).fetchone()
        if row is None or time.time() - row[1] > self.ttl:
            return None
        return DialogueState.from_dict(json.loads(row[0]))

    def put(self, key: str, state: DialogueState) -> None:
        self._write("INSERT OR REPLACE INTO contexts (key, state, updated_at) VALUES (?, ?, ?)",
                    (key, json.dumps(state.to_dict(), ensure_ascii=False), state.updated_at))
        if self._writes % EXPIRE_EVERY == 0:
            self.expire()

    def expire(self) -> None:
        now = time.time()
        self._write("DELETE FROM contexts WHERE updated_at < ?", (now - self.ttl,))
        self._write("DELETE FROM handled_updates WHERE handled_at < ?", (now - HANDLED_UPDATES_KEPT,))
        self.flush()

    def count_contexts(self) -> int:
        return self._db.execute("SELECT count(*) FROM contexts").fetchone()[0]

    # ---- updates answered once -----------------------------------------------------------

    def was_handled(self, update_id: int) -> bool:
        row = self._db.execute("SELECT 1 FROM handled_updates WHERE update_id = ?", (update_id,)).fetchone()
        return row is not None

    def mark_handled(self, update_id: int) -> None:
        self._write("INSERT OR IGNORE INTO handled_updates (update_id, handled_at) VALUES (?, ?)",
                    (update_id, time.time()))

    # ---- the curator's gaps --------------------------------------------------------------

    def record_gap(self, gap: Gap) -> None:
        self._write("INSERT INTO gaps (asked_at, lang, question, nearest_fact, score) VALUES (?, ?, ?, ?, ?)",
                    (gap.asked_at, gap.lang, gap.question, gap.nearest_fact, gap.score))

    def gaps(self, since: float = 0.0) -> list[Gap]:
        rows = self._db.execute("SELECT asked_at, lang, question, nearest_fact, score FROM gaps "
                                "WHERE asked_at >= ? ORDER BY asked_at", (since,)).fetchall()
        return [Gap(*row) for row in rows]


def beat(folder: Path) -> None:
    """Touch the heartbeat file: the running bot does it every HEARTBEAT_SECONDS."""
    (folder / HEARTBEAT_FILE).touch()


def heartbeat_age(folder: Path) -> float | None:
    """Seconds since the last heartbeat, None when there was none."""
    try:
        return time.time() - (folder / HEARTBEAT_FILE).stat().st_mtime
    except FileNotFoundError:
        return None
