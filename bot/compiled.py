"""The knowledge base and its answering pipeline, compiled once and kept on disk.

Validating the YAML and analysing every example question takes a good part of a
second; every front end (bot.assembly) keeps the result in the state folder,
keyed by the bytes of every knowledge file, every article and the code that
checks and compiles them, so that a restart (or the next `ask`) loads it
instead. A knowledge base is only ever saved after it passed the load-time
check, and a changed file means a new key.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from bot import __version__
from bot.knowledge import MAX_FILE_BYTES, Knowledge

if TYPE_CHECKING:
    from bot.answering.pipeline import Pipeline

logger = logging.getLogger(__name__)

KEEP = 3  # newest compiled files kept; reloads leave older ones behind
ABANDONED_AFTER_SECONDS = 600  # a partial file this old belongs to no live compile (one takes seconds)
_HERE = Path(__file__).parent
# The code that decides what a valid base is and what is compiled from it.
_CODE = (
    "knowledge.py",
    "kbcheck.py",
    "kblayout.py",
    "phrasebook.py",
    "text.py",
    *(f"answering/{path.name}" for path in sorted((_HERE / "answering").glob("*.py"))),
)


class CompiledKnowledge:
    def __init__(self, folder: Path, knowledge_dir: Path, seeds_dir: Path):
        self.folder = folder
        try:
            key: str | None = _fingerprint(knowledge_dir, seeds_dir)
        except OSError as error:  # unreadable: no cache, and the full check says what is wrong
            logger.debug("no compiled knowledge: %s", error)
            key = None
        self.path = folder / f"compiled-{key}.pickle" if key else None

    def load(self) -> tuple[Knowledge, Pipeline] | None:
        if self.path is None:
            return None
        try:
            with self.path.open("rb") as stream:
                return pickle.load(stream)  # type: ignore[no-any-return]
        except FileNotFoundError:
            return None
        except Exception:  # unpickling garbage raises nearly anything (MemoryError, OverflowError)
            # A damaged file: compiled again, and replaced.
            logger.info("compiled knowledge %s unreadable: compiling it again", self.path.name)
            return None

    def save(self, knowledge: Knowledge, pipeline: Pipeline) -> None:
        if self.path is None:
            return
        try:
            # Private like the rest of the state, the state folder too when this creates it: mkdir gives
            # the mode only to the last folder, the parents it creates get the usual 0755.
            self.folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            self.folder.mkdir(mode=0o700, exist_ok=True)
            # A name of this process's own: two processes compiling at once (workers sharing a state
            # folder, a fresh test run) must not write into one file, which the rename would publish torn.
            partial = self.path.with_suffix(f".{os.getpid()}-{uuid.uuid4().hex[:8]}.partial")
            with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as stream:
                pickle.dump((knowledge, pipeline), stream, protocol=pickle.HIGHEST_PROTOCOL)
            partial.replace(self.path)  # atomic: another process never reads half a file
            for old in sorted(self.folder.glob("compiled-*.pickle"), key=lambda p: p.stat().st_mtime)[:-KEEP]:
                old.unlink(missing_ok=True)
            # A process killed while writing leaves its partial file: removed once surely abandoned.
            abandoned = time.time() - ABANDONED_AFTER_SECONDS
            for left in self.folder.glob("compiled-*.partial"):
                with contextlib.suppress(FileNotFoundError):
                    if left.stat().st_mtime < abandoned:
                        left.unlink()
        except OSError as error:  # a read-only or full folder only costs start-up time
            logger.info("compiled knowledge not cached (%s): the next start compiles it again", error.strerror)


def _fingerprint(knowledge_dir: Path, seeds_dir: Path) -> str:
    """A key for every entry of both folders (a stray folder too: it must fail the check) and the code."""
    digest = hashlib.sha256(__version__.encode())
    entries = [
        *((knowledge_dir, path) for path in sorted(knowledge_dir.rglob("*"))),
        *((seeds_dir, path) for path in sorted(seeds_dir.glob("*"))),
        *((_HERE, _HERE / name) for name in _CODE),
    ]
    for base, path in entries:
        digest.update(str(path.relative_to(base)).encode("utf-8", "surrogateescape") + b"\0")
        # Only regular files are read: a pipe would block, and a huge file is refused by the check anyway.
        if path.is_file() and path.stat().st_size <= MAX_FILE_BYTES:
            digest.update(path.read_bytes())
        else:
            digest.update(b"<not read>")
    return digest.hexdigest()[:24]
