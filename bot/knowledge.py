"""The curated knowledge base (`knowledge/*.yaml`) as plain objects, and its YAML reader.

Loading is lenient about nothing: `bot.kbcheck.load_knowledge` raises `KnowledgeError`
with every problem `kb check` finds, so a bot never starts on a broken base.
The YAML loader remembers the line of every mapping and key so that each
problem can name its file and line. This module imports neither the check
nor the answering: they build on it (scripts/check_layers.py holds to that).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.text import readable

LANGS = ("vi", "en")


class LineDict(dict[str, Any]):
    """A YAML mapping that knows the line it starts on and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]


class LineList(list[Any]):
    """A YAML sequence that knows the line of each item."""

    item_lines: list[int]


@functools.cache
def _line_loader() -> type:
    """The YAML loader that keeps lines, made when a YAML file is first read: a start from the compiled
    knowledge (bot.compiled) reads none, and importing yaml is a good part of its start-up."""
    import yaml

    try:  # libyaml's parser is several times faster: it keeps start-up short.
        _BaseLoader: type = yaml.CSafeLoader
    except AttributeError:  # pragma: no cover - pyyaml built without libyaml
        _BaseLoader = yaml.SafeLoader

    class _LineLoader(_BaseLoader):  # type: ignore[misc]  # a base chosen here: libyaml's or pure Python's
        def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
            # A value YAML reads but Python cannot hold (a date 2020-13-45, an integer of 5,000
            # digits) raises ValueError without a line: give it the value's line.
            try:
                return super().construct_object(node, deep=deep)
            except (ValueError, OverflowError) as error:
                raise yaml.constructor.ConstructorError(
                    None, None, f"cannot read this value: {error}", node.start_mark
                ) from None

        def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> LineList:
            sequence = LineList(super().construct_sequence(node, deep=deep))
            sequence.item_lines = [item.start_mark.line + 1 for item in node.value]
            return sequence

        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:
            self._refuse_duplicate_keys(node)
            mapping = LineDict(super().construct_mapping(node, deep=deep))
            mapping.line = node.start_mark.line + 1
            mapping.key_lines = {str(key_node.value): key_node.start_mark.line + 1 for key_node, _ in node.value}
            return mapping

        def _refuse_duplicate_keys(self, node: yaml.MappingNode) -> None:
            """YAML lets the last of two equal keys win in silence; a curator meant one of them."""
            first_line: dict[Any, int] = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node)
                if key in first_line:
                    raise yaml.constructor.ConstructorError(
                        "in a mapping",
                        node.start_mark,
                        f"duplicate key '{key}' (first on line {first_line[key]})",
                        key_node.start_mark,
                    )
                first_line[key] = key_node.start_mark.line + 1

    _LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping)
    _LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _LineLoader.construct_sequence)
    return _LineLoader


# Knowledge files and articles are a few dozen kilobytes; a file this big is a mistake,
# and parsing it would take longer than `kb check` may.
MAX_FILE_BYTES = 1024 * 1024


class UnreadableFile(Exception):
    """A knowledge file or article that is not UTF-8 text; `line` is where the problem is."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def read_text(path: Path) -> str:
    """A UTF-8 text file's content (without a byte-order mark); UnreadableFile for anything else."""
    try:
        if not path.is_file():  # a folder, a pipe or a device would fail or block on reading
            raise UnreadableFile(1, "not a regular file" if path.exists() else "file is missing")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UnreadableFile(1, f"{size:,} bytes: larger than the {MAX_FILE_BYTES:,} a text file here may be")
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(1, f"cannot read it: {error.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            data.count(b"\n", 0, error.start) + 1, f"not UTF-8 text (byte 0x{data[error.start]:02x}); save it as UTF-8"
        ) from None
    if "\0" in text:
        raise UnreadableFile(text.count("\n", 0, text.index("\0")) + 1, "a NUL byte: a binary file, not text")
    return text.removeprefix("\ufeff")


def read_yaml(path: Path) -> Any:
    """Parse one YAML file, keeping line numbers on every mapping.

    Raises UnreadableFile (not text, nested too deeply) or yaml.YAMLError (with a mark)."""
    import yaml

    text = read_text(path)
    try:
        return yaml.load(text, Loader=_line_loader())
    except yaml.reader.ReaderError as error:  # a control character: it has a position, not a line
        raise UnreadableFile(
            text.count("\n", 0, error.position) + 1, f"character U+{error.character:04X} is not allowed in YAML"
        ) from None
    except RecursionError:
        raise UnreadableFile(1, "nested too deeply to be knowledge") from None


class KnowledgeError(Exception):
    """The knowledge base failed validation; `problems` lists `file:line: message` strings."""

    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s) in the knowledge base:\n" + "\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Source:
    id: str
    file: str
    title: str
    language: str
    publisher: str | None = None
    date: str | None = None
    author: str | None = None
    title_stated: bool = True
    not_before: int | None = None  # a year the article says its events are not earlier than
    year: int | None = None  # the year the article says its events are in, when it states no date


@dataclass(frozen=True)
class Operator:
    id: str
    name: str
    full_name: dict[str, str]
    aliases: tuple[str, ...]
    parent: str | None = None
    collective: bool = False


@dataclass(frozen=True)
class Evidence:
    source: str  # article file name
    quote: str  # verbatim, as in the article

    @property
    def readable_quote(self) -> str:
        return readable(self.quote)


APPROXIMATIONS = ("nearly", "over", "about")  # gần, hơn, khoảng: how the article qualifies a figure
DEFAULT_PRIORITY = 2


@dataclass(frozen=True)
class Figure:
    """A number a fact states, and what it counts or measures."""

    value: float
    unit: str  # what is counted (camera, call) or the currency (VND): a key of lexicon `units`
    measure: str  # what the number is, e.g. fund_donation: a key of measures.yaml; alike figures compare
    approx: str | None = None  # nearly / over / about, as the article words it

    @property
    def exact(self) -> bool:
        return self.approx is None


@dataclass(frozen=True)
class FactDate:
    """A date as an article gives it: any of day, month and year may be missing."""

    day: int | None
    month: int | None
    year: int | None
    text: str  # as written in the facts file: "3/6", "11/2013", "2/11/2013", "2020"


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...]
    operator: str
    title: dict[str, str]
    pronoun: str  # he / she: how the article refers to them (ông / bà)


@dataclass(frozen=True)
class Measure:
    id: str
    label: dict[str, str]  # "contribution to the COVID-19 vaccine fund"
    stock: bool = False  # what an operator or place has (customers), not something it did
    includes: tuple[str, ...] = ()  # measures this whole takes in ("all activities" takes in the fund gift)
    duration: bool = False  # how long something took ("mất bao lâu?"), not days of another kind (days early)
    planned: bool = False  # a target or a capacity being built, not what is done ("to connect 10,000 cameras")
    # A share of a whole the articles do not count: the measure of the part it is the share of, the unit the
    # whole counts and its label ("10% of public hospitals": 150 of them, so about 1,500 in all)
    share_of: str | None = None
    whole_unit: str | None = None
    whole_label: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)  # one object per fact: compared and hashed by identity
class Fact:
    id: str
    operators: tuple[str, ...]
    topic: str
    answer: dict[str, str]
    evidence: tuple[Evidence, ...]
    questions: dict[str, tuple[str, ...]]
    figures: tuple[Figure, ...] = ()
    derived: tuple[dict[str, Any], ...] = ()
    dates: tuple[FactDate, ...] = ()
    places: tuple[str, ...] = ()
    names: tuple[str, ...] = ()  # what the fact names: a product, a service, a programme ("Cyber Bot")
    # What the fact gives as where something is when it is no place on a map ("Trung tâm dữ liệu", "data
    # centre"): where those are, it does not say
    located_at: tuple[str, ...] = ()
    speaker: str = ""  # who it quotes when the article names no one ("đại diện MobiFone")
    # Facts that say what this one sums up ("many solutions": the cameras, Cyber Bot): stated after it when
    # the question asks what it is or was, nothing narrower
    details: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    priority: int = DEFAULT_PRIORITY  # 1: what a broad question gets first; 3: a detail
    file: str = ""
    line: int = 0

    @property
    def years(self) -> frozenset[int]:
        return frozenset(d.year for d in self.dates if d.year is not None)


@dataclass
class Knowledge:
    """The whole knowledge base, ready for the matcher and the reply builder."""

    sources: dict[str, Source]  # by article file name
    operators: dict[str, Operator]
    facts: dict[str, Fact]
    lexicon: dict[str, Any]
    phrases: dict[str, dict[str, str]]
    people: dict[str, Person] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)
    not_covered: tuple[dict[str, Any], ...] = ()  # operators no article covers: {name, aliases, name_en?}
    root: Path = field(default_factory=Path)

    def phrase(self, key: str, lang: str, **values: Any) -> str:
        """A phrase with its placeholders filled in (`kb check` holds them to bot.phrasebook)."""
        # Always formatted, so that `{{` is one brace in every phrase alike.
        return self.phrases[key][lang].format(**values)

    def name_not_covered(self, name: str, lang: str) -> str:
        """How a reply names a company no article covers: its English name in English, where it has one."""
        entry = next((entry for entry in self.not_covered if entry["name"] == name), {})
        return str(entry.get(f"name_{lang}", name))

    def family(self, operator_id: str) -> str:
        """The top operator of a family: vinaphone and vnpt_nam_dinh belong to vnpt."""
        operator = self.operators[operator_id]
        seen = {operator.id}
        # `kb check` refuses parent cycles; stopping at one anyway means a cycle can never hang the bot.
        while operator.parent in self.operators and operator.parent not in seen:
            operator = self.operators[operator.parent]
            seen.add(operator.id)
        return operator.id


def build_knowledge(root: Path, documents: dict[str, Any], fact_files: dict[Path, Any]) -> Knowledge:
    """Turn already-validated YAML documents into a Knowledge object."""
    sources = {
        entry["file"]: Source(
            id=str(entry["id"]),
            file=entry["file"],
            title=entry["title"],
            language=entry["language"],
            publisher=entry.get("publisher"),
            date=entry.get("date"),
            author=entry.get("author"),
            title_stated=entry.get("title_stated", True),
            not_before=entry.get("not_before"),
            year=entry.get("year"),
        )
        for entry in documents["sources"]["sources"]
    }
    operators = {
        entry["id"]: Operator(
            id=entry["id"],
            name=entry["name"],
            full_name=dict(entry["full_name"]),
            aliases=tuple(entry.get("aliases") or ()),
            parent=entry.get("parent"),
            collective=entry.get("collective", False),
        )
        for entry in documents["operators"]["operators"]
    }
    facts: dict[str, Fact] = {}
    for path, document in fact_files.items():
        for entry in document["facts"]:
            facts[entry["id"]] = Fact(
                id=entry["id"],
                operators=tuple(entry["operators"]),
                topic=entry["topic"],
                answer={lang: entry["answer"][lang] for lang in LANGS},
                evidence=tuple(
                    Evidence(source=item.get("source", document["source"]), quote=item["quote"])
                    for item in entry["evidence"]
                ),
                questions={lang: tuple(entry["questions"][lang]) for lang in LANGS},
                figures=tuple(
                    Figure(value=item["value"], unit=item["unit"], measure=item["measure"], approx=item.get("approx"))
                    for item in entry.get("figures") or ()
                ),
                derived=tuple(entry.get("derived") or ()),
                dates=tuple(parse_date(text) for text in entry.get("dates") or ()),
                places=tuple(entry.get("places") or ()),
                names=tuple(entry.get("names") or ()),
                located_at=tuple(entry.get("located_at") or ()),
                speaker=entry.get("speaker") or "",
                details=tuple(entry.get("details") or ()),
                people=tuple(entry.get("people") or ()),
                priority=entry.get("priority", DEFAULT_PRIORITY),
                file=str(path),
                line=entry.line,
            )
    people = {
        entry["id"]: Person(
            id=entry["id"],
            name=entry["name"],
            aliases=tuple(entry.get("aliases") or ()),
            operator=entry["operator"],
            title=dict(entry["title"]),
            pronoun=entry["pronoun"],
        )
        for entry in documents["people"]["people"]
    }
    measures = {
        key: Measure(
            id=key,
            label={lang: entry[lang] for lang in LANGS},
            stock=entry.get("stock", False),
            includes=tuple(entry.get("includes") or ()),
            duration=entry.get("duration", False),
            planned=entry.get("planned", False),
            share_of=(entry.get("whole") or {}).get("part"),
            whole_unit=(entry.get("whole") or {}).get("unit"),
            whole_label={lang: entry["whole"][lang] for lang in LANGS} if entry.get("whole") else {},
        )
        for key, entry in documents["measures"]["measures"].items()
    }
    return Knowledge(
        sources=sources,
        operators=operators,
        facts=facts,
        lexicon=documents["lexicon"],
        phrases=documents["phrases"]["phrases"],
        people=people,
        measures=measures,
        not_covered=tuple(documents["operators"].get("not_covered") or ()),
        root=root,
    )


def parse_date(text: str) -> FactDate:
    """ "3/6" (day/month), "11/2013" (month/year), "2/11/2013", "2020"; ValueError otherwise."""
    parts = text.strip().split("/")
    if not all(part.isdigit() for part in parts) or not 1 <= len(parts) <= 3:
        raise ValueError(f"date {text!r} is not d/m, m/yyyy, d/m/yyyy or yyyy")
    numbers = [int(part) for part in parts]
    year = numbers.pop() if len(parts[-1]) == 4 else None
    day, month = (numbers[0], numbers[1]) if len(numbers) == 2 else (None, numbers[0] if numbers else None)
    if (
        (month is not None and not 1 <= month <= 12)
        or (day is not None and not 1 <= day <= 31)
        or (year is None and month is None)
    ):
        raise ValueError(f"date {text!r} is not a real date")
    return FactDate(day=day, month=month, year=year, text=text.strip())
