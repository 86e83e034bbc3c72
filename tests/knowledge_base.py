"""What the tests need to know about the real knowledge base, read from knowledge/ itself.

A curator adds an article, an operator or a person without touching the tests: counts, the next
source id and the name of an operator no article covers are worked out here, never written in.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
# The parser the bot reads knowledge/ with (libyaml's when there is one): a curator's file the bot
# reads must be read here too, and libyaml takes some plain scalars PyYAML's own parser refuses.
LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)


def knowledge_yaml(name: str, knowledge: Path = KNOWLEDGE) -> Any:
    return load_yaml(knowledge / name)


def sources(knowledge: Path = KNOWLEDGE) -> list[dict[str, Any]]:
    return list(knowledge_yaml("sources.yaml", knowledge)["sources"])


def source_count(knowledge: Path = KNOWLEDGE) -> int:
    return len(sources(knowledge))


def next_source_id(knowledge: Path = KNOWLEDGE) -> str:
    """The id `kb new-source` gives the next article: one past the highest numbered source."""
    numbers = [int(s["id"]) for s in sources(knowledge) if str(s["id"]).isdigit()]
    return f"{max(numbers, default=-1) + 1:03d}"


def operator_count(knowledge: Path = KNOWLEDGE) -> int:
    return len(knowledge_yaml("operators.yaml", knowledge)["operators"])


def fact_count(knowledge: Path = KNOWLEDGE) -> int:
    return sum(len(load_yaml(path).get("facts") or []) for path in sorted((knowledge / "facts").glob("*.yaml")))


def uncovered_operator(knowledge: Path = KNOWLEDGE) -> str:
    """The name of an operator people ask about that no article covers (the first `not_covered`):
    a curator who adds an article about one of them moves it out of that list."""
    return str(knowledge_yaml("operators.yaml", knowledge)["not_covered"][0]["name"])


def source_file(source_id: str, knowledge: Path = KNOWLEDGE) -> str:
    """The article file in seeds/ of source `source_id` ("000"), as sources.yaml names it."""
    return next(str(s["file"]) for s in sources(knowledge) if str(s["id"]) == source_id)


TINY = Path(__file__).resolve().parent / "tiny_kb"


def tiny_base(folder: Path) -> tuple[Path, Path]:
    """A small knowledge base that passes `kb check` in a fraction of a second, in `folder`:
    (knowledge, seeds). tests/tiny_kb's made-up article and three facts, with the real
    operators, phrases and lexicon (the lexicon gains the `ventilator` unit its facts count),
    as tests/test_answering_stages.py builds it. For tests of how `kb check` works; the real
    base has well over a thousand example questions, each answered by the check (most of a second)."""
    shutil.copytree(TINY, folder, dirs_exist_ok=True)
    for name in ("operators.yaml", "phrases.yaml"):
        shutil.copy(KNOWLEDGE / name, folder / "knowledge" / name)
    lexicon = knowledge_yaml("lexicon.yaml")
    lexicon["units"]["ventilator"] = {"kind": "count", "words": ["may tho", "ventilator", "ventilators"]}
    (folder / "knowledge" / "lexicon.yaml").write_text(yaml.safe_dump(lexicon, allow_unicode=True), encoding="utf-8")
    return folder / "knowledge", folder / "seeds"
