"""What may sit in knowledge/ and seeds/: anything else is a mistake `kb check` names.

The bot reads four YAML files and facts/*.yaml from knowledge/, and the articles
(*.txt) from seeds/. A `.yml` file, a folder named like a YAML file, a stray
folder in seeds/ or an unknown file would be silently ignored, or break the bot
at start-up; each is reported as `path:1: problem`. Hidden entries (editor swap
files, .gitkeep) are nobody's knowledge and are left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

DOCUMENTATION = frozenset({"README.md"})
FACTS_DIR = "facts"

Reporter = Callable[[Path, int, str], None]


def check_layout(root: Path, seeds_dir: Path, knowledge_files: Iterable[str], report: Reporter) -> None:
    """Report every entry of knowledge/, knowledge/facts/ and seeds/ the bot would not read as meant."""
    if not root.is_dir():
        report(root, 1, "the knowledge folder does not exist (BOT_KNOWLEDGE_DIR)")
        return
    expected = frozenset(knowledge_files)
    for entry in _visible(root):
        if entry.name in expected or entry.name in DOCUMENTATION:
            if not entry.is_file():
                report(entry, 1, "must be a file, not a folder or anything else")
        elif entry.name == FACTS_DIR:
            if not entry.is_dir():
                report(entry, 1, "must be a folder holding the facts files")
        else:
            report(entry, 1, _unexpected(entry, f"{root.name}/ holds {', '.join(sorted(expected))}, "
                                                f"README.md and {FACTS_DIR}/"))
    facts = root / FACTS_DIR
    if facts.is_dir():
        _check_folder(facts, ".yaml", f"{FACTS_DIR}/ holds *.yaml facts files", report)
    if not seeds_dir.is_dir():
        report(seeds_dir, 1, "the articles folder does not exist (BOT_SEEDS_DIR)")
    else:
        _check_folder(seeds_dir, ".txt", f"{seeds_dir.name}/ holds the articles, *.txt", report)


def _check_folder(folder: Path, suffix: str, holds: str, report: Reporter) -> None:
    for entry in _visible(folder):
        if entry.is_file() and (entry.name.endswith(suffix) or entry.name in DOCUMENTATION):
            continue
        report(entry, 1, _unexpected(entry, holds))


def _unexpected(entry: Path, holds: str) -> str:
    if entry.is_dir():
        what = "a folder named like a YAML file" if entry.suffix in (".yaml", ".yml") else "an unexpected folder"
    elif entry.suffix == ".yml":
        what = "a .yml file, which the bot never reads: name it .yaml"
    elif not entry.is_file():
        what = "not a regular file (a broken link, a pipe or a device)"
    else:
        what = "an unexpected file"
    return f"{what}: {holds}"


def _visible(folder: Path) -> Iterator[Path]:
    try:
        entries = sorted(folder.iterdir())
    except OSError:  # unreadable: reading the files the bot needs will say so
        return
    yield from (entry for entry in entries if not entry.name.startswith("."))
