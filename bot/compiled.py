"""The knowledge base and its matching index, compiled once and kept on disk.

Validating the YAML and analysing every example question takes about a third of
a second; the running bot keeps the result in its state folder, keyed by the
bytes of every knowledge file, every article and the matching code, so that a
restart loads it instead. A knowledge base is only ever saved after it passed
the load-time check, and a changed file means a new key.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from pathlib import Path
from typing import Any

from bot import __version__
from bot.knowledge import Knowledge, load_knowledge

logger = logging.getLogger(__name__)

KEEP = 3  # newest compiled files kept; reloads leave older ones behind
_CODE = ("knowledge.py", "matcher.py", "text.py")


class CompiledKnowledge:
    def __init__(self, folder: Path, knowledge_dir: Path, seeds_dir: Path):
        digest = hashlib.sha256(__version__.encode())
        files = [*sorted(knowledge_dir.rglob("*.yaml")), *sorted(seeds_dir.glob("*")),
                 *(Path(__file__).parent / name for name in _CODE)]
        for path in files:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        self.folder = folder
        self.path = folder / f"compiled-{digest.hexdigest()[:24]}.pickle"

    def load(self) -> tuple[Knowledge, dict[str, Any]] | None:
        try:
            with self.path.open("rb") as stream:
                return pickle.load(stream)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            return None

    def save(self, knowledge: Knowledge, index: dict[str, Any]) -> None:
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # private like the rest of the state
            partial = self.path.with_suffix(".partial")
            with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as stream:
                pickle.dump((knowledge, index), stream, protocol=pickle.HIGHEST_PROTOCOL)
            partial.replace(self.path)  # atomic: another process never reads half a file
            for old in sorted(self.folder.glob("compiled-*.pickle"), key=lambda p: p.stat().st_mtime)[:-KEEP]:
                old.unlink(missing_ok=True)
        except OSError as error:  # a read-only or full folder only costs start-up time
            logger.info("compiled knowledge not cached (%s): the next start compiles it again", error.strerror)


def load_compiled(folder: Path, knowledge_dir: Path, seeds_dir: Path) -> tuple[Knowledge, dict[str, Any] | None]:
    """The knowledge base and, when compiled before, its index (None: build it, then `save`)."""
    compiled = CompiledKnowledge(folder, knowledge_dir, seeds_dir)
    loaded = compiled.load()
    if loaded is not None:
        return loaded
    return load_knowledge(knowledge_dir, seeds_dir), None
