"""The running bot's state in SQLite: dialogue context, claimed updates, questions it could not answer.

One file, `$BOT_STATE_DIR/state.db`, in WAL mode so that a crash never leaves
half a write, created 0600 in a 0700 folder (it holds what people asked).
Writes wait in memory and `flush()` commits them together (the bot flushes
every FLUSH_SECONDS and on shutdown); a commit per write would cost ten times
more per question. One write cannot wait: `claim` commits at once (alone), so
that an update is marked as handled on disk before it is answered (see
telegram_intake).

Contexts idle longer than the TTL and gaps older than the gaps TTL are dropped,
so the file stays bounded and what people typed is not kept forever.

The bot never stops for its state. A file that fails `PRAGMA quick_check` at
start (or turns out damaged later) is moved aside with one log line. When the
file cannot be written (full disk, read-only folder, locked by another process,
BOT_STATE_DIR naming a file) one log line says why, writes stay in memory
(bounded), every RETRY_SECONDS the file is tried again, and once the cause is
gone what waited in memory is written and persistence goes on.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import time
from collections import OrderedDict, deque
from pathlib import Path
from typing import Any

from bot.dialogue import DialogueState
from bot.gaps import Gap

# The heartbeat file is bot.heartbeat's (all `health` loads); named here too for the stores that import it from here.
from bot.heartbeat import beat as beat
from bot.heartbeat import heartbeat_age as heartbeat_age

logger = logging.getLogger(__name__)

STATE_FILE = "state.db"
CLAIMS_KEPT = 48 * 3600  # Telegram keeps undelivered updates for 24 hours
EXPIRE_EVERY = 1000  # writes between sweeps of idle contexts and old gaps
FLUSH_SECONDS = 0.2  # how often the running bot commits
RETRY_SECONDS = 5.0  # how often a state file that could not be written is tried again
# Another process holding the write lock (`kb gaps --purge`) holds it for milliseconds; waiting
# longer would stall every chat, since commits run on the event loop.
BUSY_SECONDS = 0.25
FOLDER_MODE, FILE_MODE = 0o700, 0o600
# What waits in memory while the file cannot be written: enough for hours of a busy bot.
MAX_PENDING_CONTEXTS = 100_000
MAX_PENDING_CLAIMS = 100_000
MAX_PENDING_GAPS = 10_000
# SQLite's primary result codes for a file that is not (or no longer) a sound database.
_DAMAGED = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB

_SCHEMA = """
CREATE TABLE IF NOT EXISTS contexts (
    key TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS contexts_by_age ON contexts (updated_at);
CREATE TABLE IF NOT EXISTS claimed_updates (
    bot_id INTEGER NOT NULL,
    update_id INTEGER NOT NULL,
    claimed_at REAL NOT NULL,
    PRIMARY KEY (bot_id, update_id)
) WITHOUT ROWID;
-- Keyed by update id alone, it made a state folder reused by another bot skip that bot's updates.
DROP TABLE IF EXISTS handled_updates;
CREATE TABLE IF NOT EXISTS gaps (
    asked_at REAL NOT NULL,
    lang TEXT NOT NULL,
    question TEXT NOT NULL,
    nearest_fact TEXT,
    score REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS gaps_by_time ON gaps (asked_at);
"""
# Gap columns added since the table first shipped. A file an earlier version wrote gets them at
# start (ALTER TABLE); its rows read as not reported, with no facts. `kb gaps` reads such a file
# read-only, without them.
_GAP_COLUMNS_ADDED = (
    ("reported", "INTEGER NOT NULL DEFAULT 0"),  # a reader said the answer was wrong
    ("facts", "TEXT NOT NULL DEFAULT '[]'"),  # the fact ids the reported answer gave, a JSON list
)


class DamagedState(Exception):
    """The file is not a sound SQLite database."""


class SQLiteState:
    """Context store, update ledger and gap log in one SQLite file, with memory as the fallback."""

    def __init__(
        self, folder: Path, ttl_seconds: float = 24 * 3600, gaps_ttl_seconds: float = 30 * 86400, bot_id: int = 0
    ):
        self.folder = folder
        self.path = folder / STATE_FILE
        self.ttl = ttl_seconds
        self.gaps_ttl = gaps_ttl_seconds
        self.bot_id = bot_id  # the ledger is per bot: a folder reused by another bot skips nothing of it
        self.problem: str | None = None  # why the state is in memory only, None while it is saved
        self._retry_at = 0.0
        self._writes = 0
        self._expire_due = True
        # Written and not yet committed; also all there is while the file cannot be written.
        self._contexts: OrderedDict[str, DialogueState] = OrderedDict()
        self._claims: OrderedDict[int, float] = OrderedDict()
        self._gaps: deque[Gap] = deque(maxlen=MAX_PENDING_GAPS)
        self._db: sqlite3.Connection | None = self._open()
        self.flush(force=True)  # the first sweep of expired rows

    # ---- opening, failing and recovering -----------------------------------------------

    def _open(self) -> sqlite3.Connection | None:
        """The database, created if need be and moved aside if damaged; None (said once) if it cannot be."""
        try:
            try:
                return self._connect()
            except DamagedState as damage:
                self._move_aside(str(damage))
                return self._connect()
        except (sqlite3.Error, OSError, DamagedState) as error:
            self._fail(_describe(error, self.folder))
            return None

    def _connect(self) -> sqlite3.Connection:
        _private_folder(self.folder)
        _private_file(self.path)
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=BUSY_SECONDS)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # durable at checkpoints; WAL keeps it consistent
            verdict = db.execute("PRAGMA quick_check").fetchone()[0]
            if verdict != "ok":  # a zeroed or torn page: reading on would lose answers, silently
                raise DamagedState(f"integrity check failed: {verdict}")
            db.executescript(_SCHEMA)
            _add_gap_columns(db)
        except sqlite3.DatabaseError as error:
            db.close()
            if _is_damage(error):
                raise DamagedState(str(error)) from error
            raise
        except DamagedState:
            db.close()
            raise
        return db

    def _move_aside(self, reason: str) -> None:
        aside = self.path.with_name(f"{STATE_FILE}.unreadable-{int(time.time())}")
        try:
            for suffix in ("", "-wal", "-shm"):
                part = Path(f"{self.path}{suffix}")
                if part.exists():
                    part.rename(f"{aside}{suffix}")
        except OSError as error:
            raise DamagedState(f"{reason}; it could not be moved aside ({error.strerror})") from error
        logger.error(
            "state file %s is unreadable (%s): moved to %s, starting with empty state", self.path, reason, aside.name
        )

    def _fail(self, reason: str) -> None:
        """Keep answering from memory; say so once per outage, not once per attempt."""
        if self.problem is None:
            logger.error(
                "state not saved (%s): answering from memory, trying again every %.0f s", reason, RETRY_SECONDS
            )
        else:
            logger.debug("state still not saved: %s", reason)
        self.problem = reason
        self._retry_at = time.monotonic() + RETRY_SECONDS

    def _lost(self, error: sqlite3.Error) -> None:
        """A failure while running: a damaged file is closed and checked again on the next attempt."""
        if _is_damage(error) and self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
        self._fail(_describe(error, self.folder))

    # ---- committing ----------------------------------------------------------------------

    def flush(self, force: bool = False, claims_only: bool = False) -> bool:
        """Commit what waits in memory (only the claims: see `claim`). False while the file cannot
        be written: then the next attempt comes RETRY_SECONDS later (or now with force), never on
        every write."""
        if self.problem is not None and not force and time.monotonic() < self._retry_at:
            return False
        if self._db is None:
            self._db = self._open()
            if self._db is None:
                return False
        if not self._pending(claims_only):
            return self.problem is None
        try:
            self._commit(self._db, claims_only)
        except sqlite3.Error as error:
            self._lost(error)
            return False
        if self.problem is not None:
            logger.warning("state saved again in %s; it was not while: %s", self.path, self.problem)
            self.problem = None
        return True

    def _pending(self, claims_only: bool) -> bool:
        if claims_only:
            return bool(self._claims)
        return bool(self._contexts or self._claims or self._gaps or self._expire_due)

    def _commit(self, db: sqlite3.Connection, claims_only: bool) -> None:
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany(
                "INSERT OR IGNORE INTO claimed_updates (bot_id, update_id, claimed_at) VALUES (?, ?, ?)",
                [(self.bot_id, update_id, at) for update_id, at in self._claims.items()],
            )
            if claims_only:
                db.execute("COMMIT")
                self._claims.clear()
                return
            db.executemany(
                "INSERT OR REPLACE INTO contexts (key, state, updated_at) VALUES (?, ?, ?)",
                [
                    (key, json.dumps(state.to_dict(), ensure_ascii=False), state.updated_at)
                    for key, state in self._contexts.items()
                ],
            )
            db.executemany(
                "INSERT INTO gaps (asked_at, lang, question, nearest_fact, score, reported, facts) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        g.asked_at,
                        g.lang,
                        g.question,
                        g.nearest_fact,
                        g.score,
                        int(g.reported),
                        json.dumps(list(g.facts)),
                    )
                    for g in self._gaps
                ],
            )
            if self._expire_due:
                now = time.time()
                db.execute("DELETE FROM contexts WHERE updated_at < ?", (now - self.ttl,))
                db.execute("DELETE FROM claimed_updates WHERE claimed_at < ?", (now - CLAIMS_KEPT,))
                db.execute("DELETE FROM gaps WHERE asked_at < ?", (now - self.gaps_ttl,))
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
            raise
        # Single-threaded: nothing was added while committing, so everything pending is on disk.
        self._contexts.clear()
        self._claims.clear()
        self._gaps.clear()
        self._expire_due = False

    def close(self) -> None:
        self.flush(force=True)
        if self._db is not None:
            self._db.close()
            self._db = None

    def expire(self) -> None:
        """Drop idle contexts, old claims and gaps past their TTL now."""
        self._expire_due = True
        self.flush(force=True)

    def _count_write(self) -> None:
        self._writes += 1
        if self._writes % EXPIRE_EVERY == 0:
            self._expire_due = True

    def _read(self, sql: str, parameters: tuple[object, ...]) -> tuple[Any, ...] | None:
        """One row from the file, or None when there is no file to read (memory is all there is)."""
        if self._db is None:
            return None
        try:
            row: tuple[Any, ...] | None = self._db.execute(sql, parameters).fetchone()
            return row
        except sqlite3.Error as error:
            self._lost(error)
            return None

    # ---- ContextStore ------------------------------------------------------------------

    def get(self, key: str) -> DialogueState | None:
        state = self._contexts.get(key)
        if state is None:
            row = self._read("SELECT state FROM contexts WHERE key = ?", (key,))
            state = DialogueState.from_dict(json.loads(row[0])) if row else None
        if state is None or time.time() - state.updated_at > self.ttl:
            return None
        return state

    def put(self, key: str, state: DialogueState) -> None:
        self._contexts[key] = state
        self._contexts.move_to_end(key)
        while len(self._contexts) > MAX_PENDING_CONTEXTS:  # only while the file cannot be written
            self._contexts.popitem(last=False)
        self._count_write()

    def count_contexts(self) -> int:
        self.flush(force=True)
        row = self._read("SELECT count(*) FROM contexts", ())
        return int(row[0]) if row else len(self._contexts)

    # ---- updates answered once -----------------------------------------------------------

    def claim(self, update_id: int) -> bool:
        """Mark an update as being handled, on disk before it is answered. False when a run before
        this one claimed it: Telegram delivers again what was not confirmed before a crash.

        Committed at once rather than in the next group: a crash after the answer must find the
        mark. Alone, though: the contexts written meanwhile wait for the group, since a commit
        costs by the pages it writes (one here; about five per context). While the file cannot
        be written the mark is kept in memory and the update answered."""
        if update_id in self._claims or self._read(
            "SELECT 1 FROM claimed_updates WHERE bot_id = ? AND update_id = ?", (self.bot_id, update_id)
        ):
            return False
        self._claims[update_id] = time.time()
        while len(self._claims) > MAX_PENDING_CLAIMS:
            self._claims.popitem(last=False)
        self._count_write()
        self.flush(claims_only=True)
        return True

    # ---- the curator's gaps --------------------------------------------------------------

    def record_gap(self, gap: Gap) -> None:
        self._gaps.append(gap)
        self._count_write()

    def recent_gaps(self, limit: int) -> list[Gap]:
        """The latest `limit` gaps, oldest first; safe to call from another thread (/stats does).

        Reads through its own read-only connection; tuple() copies the pending deque in one
        step under the GIL, so a write on the event loop meanwhile cannot break the copy."""
        pending = tuple(self._gaps)
        stored: list[Gap] = []
        if self._db is not None:
            try:
                stored = read_gaps(self.folder, limit=limit)
            except sqlite3.Error as error:  # /stats still shows what is in memory
                logger.debug("gaps not read for /stats: %s", error)
        horizon = time.time() - self.gaps_ttl
        merged = sorted((*pending, *stored), key=lambda gap: gap.asked_at, reverse=True)
        return [gap for gap in merged if gap.asked_at >= horizon][:limit][::-1]


class CommittedGaps:
    """Gaps committed one by one, for the console and `ask`: no flush loop runs there, and a
    session ended by a kill keeps what it recorded. A commit of one row costs well under a
    millisecond, nothing beside a person typing."""

    def __init__(self, state: SQLiteState):
        self._state = state

    def record_gap(self, gap: Gap) -> None:
        self._state.record_gap(gap)
        self._state.flush()


def read_gaps(folder: Path, since: float = 0.0, limit: int | None = None) -> list[Gap]:
    """Gaps asked since `since` (the latest `limit`), oldest first, read-only: `kb gaps` must never
    change the state."""
    db = sqlite3.connect(f"{(folder / STATE_FILE).resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
    try:
        columns = _columns(db, "gaps")
        if not columns:  # a state file from before gaps were kept
            return []
        # A file from before reports were kept (not yet opened by this version of the bot).
        reports = "reported, facts" if {"reported", "facts"} <= columns else "0, '[]'"
        rows = db.execute(
            f"SELECT asked_at, lang, question, nearest_fact, score, {reports} FROM gaps "
            "WHERE asked_at >= ? ORDER BY asked_at DESC LIMIT ?",
            (since, -1 if limit is None else limit),
        ).fetchall()
    finally:
        db.close()
    return [Gap(row[0], row[1], row[2], row[3], row[4], bool(row[5]), _fact_ids(row[6])) for row in reversed(rows)]


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})")}


def _add_gap_columns(db: sqlite3.Connection) -> None:
    present = _columns(db, "gaps")
    for name, definition in _GAP_COLUMNS_ADDED:
        if name not in present:
            db.execute(f"ALTER TABLE gaps ADD COLUMN {name} {definition}")


def _fact_ids(stored: str) -> tuple[str, ...]:
    """The JSON list of fact ids a reported gap holds; nothing if it cannot be read."""
    try:
        ids = json.loads(stored)
    except (TypeError, ValueError):
        return ()
    return tuple(i for i in ids if isinstance(i, str)) if isinstance(ids, list) else ()


def purge_gaps(folder: Path) -> int:
    """Delete every recorded gap (`kb gaps --purge`); contexts and the update ledger stay."""
    db = sqlite3.connect(folder / STATE_FILE, isolation_level=None, timeout=5.0)
    try:
        return db.execute("DELETE FROM gaps").rowcount
    finally:
        db.close()


def _private_folder(folder: Path) -> None:
    """The state folder, created 0700 (parents too) if missing; an existing one is left as it is."""
    if folder.is_dir():
        return
    if folder.exists():
        raise NotADirectoryError(20, "BOT_STATE_DIR names a file, not a folder", str(folder))
    folder.mkdir(mode=FOLDER_MODE, parents=True)
    folder.chmod(FOLDER_MODE)  # mkdir's mode is filtered by the umask


def _private_file(path: Path) -> None:
    """The database file exists and is 0600 before SQLite opens it: its -wal and -shm copy its mode."""
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE))
    for suffix in ("", "-wal", "-shm"):  # files from before this rule were 0644
        part = Path(f"{path}{suffix}")
        with contextlib.suppress(OSError):
            if part.exists() and part.stat().st_mode & 0o077:
                part.chmod(FILE_MODE)


def _is_damage(error: BaseException) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in _DAMAGED


def _describe(error: BaseException, folder: Path) -> str:
    """One line for the log: what SQLite or the system said, and where."""
    if isinstance(error, OSError):
        where = error.filename or folder
        return f"{error.strerror or error}: {where}"
    return f"{error}: {folder / STATE_FILE}"
