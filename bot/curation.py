"""`python -m bot kb new-source FILE`: the first step of adding an article.

Copies the article into seeds/ as `NNN_<16 hex digits of its SHA-256>.txt`
(NNN the next source id, as the other articles are named), appends its entry
to sources.yaml (with what only the curator can know left marked TODO) and
writes a facts file skeleton listing the article's sentences as candidate
evidence. The result passes `kb check` at once; the curator then writes facts
from the candidates. An article already in seeds/ (the same bytes), or a name
or facts file already taken, is refused before anything is written.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge import UnreadableFile, read_text, read_yaml
from bot.text import fold, looks_vietnamese

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


class CurationError(Exception):
    pass


def add_source(article: Path, knowledge_dir: Path, seeds_dir: Path) -> str:
    """Add the article; return what was written and what the curator does next."""
    if not article.is_file():
        raise CurationError(f"{article}: no such file")
    if article.suffix != ".txt" or article.name.startswith("."):  # what seeds/ may hold (kb check)
        raise CurationError(f"{article}: an article must be a .txt file; rename it")
    try:
        text = read_text(article)
    except UnreadableFile as error:
        raise CurationError(f"{article}:{error.line}: {error}") from None
    sources = _sources(knowledge_dir / "sources.yaml")
    if not seeds_dir.is_dir():
        raise CurationError(f"{seeds_dir}: no such folder (the articles' folder, BOT_SEEDS_DIR)")
    source_id = _next_id(sources)
    digest = hashlib.sha256(article.read_bytes()).hexdigest()
    seed = seeds_dir / f"{source_id}_{digest[:16]}.txt"
    facts_file = knowledge_dir / "facts" / f"{source_id}_{_slug(text)}.yaml"
    _refuse_collisions(article, digest, seed, facts_file, sources)

    shutil.copyfile(article, seed)
    _append_source(knowledge_dir / "sources.yaml", source_id, seed.name, text)
    facts_file.write_text(_skeleton(seed.name, text), encoding="utf-8")
    return (
        f"added source {source_id}: {article} copied to seeds/{seed.name}\n"
        f"  knowledge/sources.yaml: check the title; add publisher and date where the article states them\n"
        f"  knowledge/facts/{facts_file.name}: write facts from the candidate sentences\n"
        "then: ./scripts/run kb check (until OK), ./scripts/run eval, and reload the running bot "
        "(/reload or SIGHUP): see the curator's guide in README.md"
    )


def _next_id(sources: list[Any]) -> str:
    """One past the highest numbered source id, written with three digits like the others."""
    numbered = [str(s.get("id")) for s in sources if isinstance(s, dict)]
    ids = [int(text) for text in numbered if text.isdigit() and len(text) < 9]
    return f"{max(ids, default=-1) + 1:03d}"


def _refuse_collisions(article: Path, digest: str, seed: Path, facts_file: Path, sources: list[Any]) -> None:
    """Nothing is written when the article is already there or a name it would take is used:
    a second copy of an article would double its facts' evidence, an overwrite lose a curator's work."""
    for existing in sorted(seed.parent.glob("*.txt")):
        if hashlib.sha256(existing.read_bytes()).hexdigest() == digest:
            raise CurationError(f"{article} is already in seeds/ as {existing.name}: nothing added")
    if seed.exists():
        raise CurationError(f"seeds/{seed.name} already exists: nothing added")
    taken = {str(s.get("file")) for s in sources if isinstance(s, dict)}
    if seed.name in taken:
        raise CurationError(f"knowledge/sources.yaml already names {seed.name}: nothing added")
    numbered = sorted(facts_file.parent.glob(f"{facts_file.name[:4]}*.yaml"))
    if numbered:
        raise CurationError(
            f"knowledge/facts/{numbered[0].name} already exists for source {facts_file.name[:3]}: nothing added"
        )


def _sources(path: Path) -> list[Any]:
    try:
        sources = read_yaml(path)["sources"]
    except (UnreadableFile, yaml.YAMLError, TypeError, KeyError):
        sources = None
    if not isinstance(sources, list):
        raise CurationError(f"{path} cannot be read as a list of sources: run `python -m bot kb check`")
    return sources


def _append_source(path: Path, source_id: str, file_name: str, text: str) -> None:
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), file_name)
    title = first_line if len(first_line) <= 150 else first_line[:147] + "..."
    entry = (
        f"\n  # TODO curator: check the title; add publisher and date only if the article states them.\n"
        f'  - id: "{source_id}"\n'
        f"    file: {file_name}\n"
        f"    title: {_quoted(title)}\n"
        f"    title_stated: false\n"
        f"    publisher: null\n"
        f"    date: null\n"
        f"    language: {'vi' if looks_vietnamese(text) else 'en'}\n"
    )
    with path.open("a", encoding="utf-8") as sources:
        sources.write(entry)


def _skeleton(file_name: str, text: str) -> str:
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if len(s.strip()) > 3]
    candidates = "\n".join(f"#   - quote: {_quoted(s)}" for s in sentences)
    return (
        f"# Facts of {file_name}. Schema and rules: knowledge/README.md.\n"
        "# Candidate evidence: the article's sentences, verbatim. Copy the part that proves\n"
        "# a fact into its `evidence`, then write its answer (vi, en) and example questions.\n"
        f"{candidates}\n"
        f"source: {file_name}\n"
        "facts: []\n"
    )


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _slug(text: str) -> str:
    words = fold(text).split()[:4]
    return "_".join(words) or "article"
