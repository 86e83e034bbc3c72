"""What the tests need to know about the real knowledge base, read from knowledge/ itself.

A curator adds an article, an operator or a person without touching the tests: counts, the next
source id and the name of an operator no article covers are worked out here, never written in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"


def knowledge_yaml(name: str, knowledge: Path = KNOWLEDGE) -> Any:
    return yaml.safe_load((knowledge / name).read_text(encoding="utf-8"))


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
    return sum(len(yaml.safe_load(path.read_text(encoding="utf-8")).get("facts") or [])
               for path in sorted((knowledge / "facts").glob("*.yaml")))


def uncovered_operator(knowledge: Path = KNOWLEDGE) -> str:
    """The name of an operator people ask about that no article covers (the first `not_covered`):
    a curator who adds an article about one of them moves it out of that list."""
    return str(knowledge_yaml("operators.yaml", knowledge)["not_covered"][0]["name"])
