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
    if _kind(root) != "folder":
        report(root, 1, "the knowledge folder does not exist (BOT_KNOWLEDGE_DIR)")
        return
    expected = frozenset(knowledge_files)
    for entry in _visible(root):
        kind = _kind(entry)
        if entry.name in expected or entry.name in DOCUMENTATION:
            if kind != "file":
                report(entry, 1, f"must be a file, not {_KIND_NAMES[kind]}")
        elif entry.name == FACTS_DIR:
            if kind != "folder":
                report(entry, 1, "must be a folder holding the facts files")
        else:
            report(
                entry,
                1,
                _unexpected(
                    entry, kind, f"{root.name}/ holds {', '.join(sorted(expected))}, README.md and {FACTS_DIR}/"
                ),
            )
    facts = root / FACTS_DIR
    if _kind(facts) == "folder":
        _check_folder(facts, ".yaml", f"{FACTS_DIR}/ holds *.yaml facts files", report)
    if _kind(seeds_dir) != "folder":
        report(seeds_dir, 1, "the articles folder does not exist (BOT_SEEDS_DIR)")
    else:
        _check_folder(seeds_dir, ".txt", f"{seeds_dir.name}/ holds the articles, *.txt", report)


_KIND_NAMES = {
    "folder": "a folder",
    "other": "a link, pipe or device",
    "unreadable": "something unreadable",
    "missing": "missing",
}


def _kind(path: Path) -> str:
    """file, folder, other (a broken link, a pipe, a device), missing or unreadable; never raises."""
    try:
        if path.is_file():
            return "file"
        if path.is_dir():
            return "folder"
        return "other" if path.is_symlink() or path.exists() else "missing"
    except OSError:
        return "unreadable"


def _check_folder(folder: Path, suffix: str, holds: str, report: Reporter) -> None:
    for entry in _visible(folder):
        kind = _kind(entry)
        if kind == "file" and (entry.name.endswith(suffix) or entry.name in DOCUMENTATION):
            continue
        report(entry, 1, _unexpected(entry, kind, holds))


def _unexpected(entry: Path, kind: str, holds: str) -> str:
    if kind == "folder":
        what = "a folder named like a YAML file" if entry.suffix in (".yaml", ".yml") else "an unexpected folder"
    elif kind == "file":
        what = (
            "a .yml file, which the bot never reads: name it .yaml" if entry.suffix == ".yml" else "an unexpected file"
        )
    else:
        what = "not a regular file (a broken link, a pipe, a device, or unreadable)"
    return f"{what}: {holds}"


def _visible(folder: Path) -> Iterator[Path]:
    try:
        entries = sorted(folder.iterdir())
    except OSError:  # unreadable: reading the files the bot needs will say so
        return
    yield from (entry for entry in entries if not entry.name.startswith("."))
