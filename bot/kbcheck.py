"""`python -m bot kb check`: validate the knowledge base, naming file and line.

Checks, in order: which files are in knowledge/ and seeds/ (bot.kblayout); each
file UTF-8 text and valid YAML without duplicate keys; schema (required keys,
types, unknown keys, finite numbers); unique, snake_case ids; real ISO dates;
operator parents without cycles; phrases against what the code says
(bot.phrasebook); lexicon patterns that compile; known operators and sources;
at least one evidence quote per fact, each found in its article; every number
of an answer present in the fact's evidence or declared as derived; and (the
slow part, `kb check` only) every example question answered by its own fact.

`load_knowledge` runs all of it but the last at start-up and on reload, so a base
that passes never fails at run time; nothing here raises or loops on bad input.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.kblayout import check_layout
from bot.knowledge import (
    APPROXIMATIONS,
    DEFAULT_PRIORITY,
    LANGS,
    Knowledge,
    KnowledgeError,
    LineDict,
    UnreadableFile,
    build_knowledge,
    parse_date,
    read_text,
    read_yaml,
)
from bot.phrasebook import PHRASES, placeholder_problem
from bot.text import fold, numbers_in, squash

MIN_QUESTIONS = 3

_TEXT_BY_LANG = {"vi": str, "en": str}


@dataclass(frozen=True)
class Field:
    type: Any  # a type, a tuple of types, a nested schema dict, or [schema] for a list
    required: bool = True


def _list_of(item: Any) -> list[Any]:
    return [item]


SOURCE_SCHEMA = {
    "id": Field(str),
    "file": Field(str),
    "title": Field(str),
    "title_stated": Field(bool, required=False),
    "publisher": Field((str, type(None)), required=False),
    "author": Field((str, type(None)), required=False),
    "date": Field((str, type(None)), required=False),
    "language": Field(str),
    "not_before": Field(int, required=False),
    "year": Field(int, required=False),
}
OPERATOR_SCHEMA = {
    "id": Field(str),
    "name": Field(str),
    "full_name": Field(_TEXT_BY_LANG),
    "aliases": Field(_list_of(str)),
    "parent": Field(str, required=False),
    "collective": Field(bool, required=False),
}
PERSON_SCHEMA = {
    "id": Field(str),
    "name": Field(str),
    "aliases": Field(_list_of(str)),
    "operator": Field(str),
    "pronoun": Field(str),
    "title": Field(_TEXT_BY_LANG),
}
MEASURE_SCHEMA = {
    "vi": Field(str),
    "en": Field(str),
    "stock": Field(bool, required=False),
    "includes": Field(_list_of(str), required=False),
    "duration": Field(bool, required=False),
    "planned": Field(bool, required=False),
    "whole": Field(dict, required=False),
}
WHOLE_SCHEMA = {"part": Field(str), "unit": Field(str), "vi": Field(str), "en": Field(str)}
UNIT_SCHEMA = {
    "kind": Field(str),
    "words": Field(_list_of(str)),
    "short": Field(_list_of(str), required=False),
    "operators": Field(bool, required=False),
    "people": Field(bool, required=False),
    "places": Field(bool, required=False),
    "named_alone": Field(bool, required=False),
    # an attribute that, named anywhere, is what is asked: a fact that never mentions it does not answer
    "asked_when_named": Field(bool, required=False),
}
UNIT_KINDS = ("money", "count", "percent", "days", "attribute", "rate")
PRONOUNS = ("he", "she")
FACT_SCHEMA = {
    "id": Field(str),
    "operators": Field(_list_of(str)),
    "topic": Field(str),
    "figures": Field(
        _list_of(
            {
                "value": Field((int, float)),
                "unit": Field(str),
                "measure": Field(str),
                "approx": Field(str, required=False),
            }
        ),
        required=False,
    ),
    "dates": Field(_list_of((str, int)), required=False),
    "places": Field(_list_of(str), required=False),
    "names": Field(_list_of(str), required=False),
    "located_at": Field(_list_of(str), required=False),
    "speaker": Field(str, required=False),
    "details": Field(_list_of(str), required=False),
    "people": Field(_list_of(str), required=False),
    "priority": Field(int, required=False),
    "answer": Field(_TEXT_BY_LANG),
    "evidence": Field(_list_of({"quote": Field(str), "source": Field(str, required=False)})),
    "derived": Field(_list_of({"number": Field((str, int)), "how": Field(str)}), required=False),
    "questions": Field({"vi": _list_of(str), "en": _list_of(str)}),
}
LEXICON_WORD_LISTS = (  # lexicon.yaml: optional lists of phrases, each validated as a list of strings
    "not_typos",
    "made_words",
    "deed_words",
    "deed_openers",
    "average_said",
    "pointing_classifiers",
    "setting_words",
    "doing_words",
    "likeness_between",
    "compared_with",
    "english_question_words",
    "auxiliaries",
    "before_a_plural",
    "polite_endings",
    "asking_words",
    "second_question_joins",
    "before_a_date_or_time",
    "likeness",
    "counters",
    "asker_words",
    "background_openers",
    "bounds_above",
    "received",
    "to_reach",
    "relative_to",
    "place_ranges",
    "set_aside",
    "source_request",
    "future",
    "not_future",
    "part_cues",
    "weeks",
    "rounding",
    "including",
    "by_name",
    "unnamed_speakers",
    "since",
    "referring_nouns",
    "ordinal_pointers",
    "demonstratives",
    "article_pointers",
    "article_words",
    "article_plurals",
    "decimal_places",
    "followup_joins",
    "positions",
    "unnamed_bodies",
    "introductions",
    "requests",
    "add_marked_not_before",
    "attributions",
    "place_levels",
    "hedges",
    "narrow_asks",
    "done",
    "address_terms",
    "localities",
    "not_places",
    "english_only",
    "vietnamese_only",
    "yesno_particles",
    "belongs",
    "company_words",
    "company_endings",
    "compare_sides",
)
FILE_SCHEMAS = {
    "sources.yaml": {"sources": Field(_list_of(SOURCE_SCHEMA))},
    "operators.yaml": {
        "operators": Field(_list_of(OPERATOR_SCHEMA)),
        "not_covered": Field(
            # `asker: true`: the asker's own company, unnamed ("công ty em"): one of the operators named beside it;
            # `name_en`: the name an English reply shows, where it is no proper name ("your company")
            _list_of(
                {
                    "name": Field(str),
                    "aliases": Field(_list_of(str)),
                    "asker": Field(bool, required=False),
                    "name_en": Field(str, required=False),
                }
            ),
            required=False,
        ),
    },
    "lexicon.yaml": {
        # the lists of words (optional) each commented in lexicon.yaml
        **{name: Field(_list_of(str), required=False) for name in LEXICON_WORD_LISTS},
        "rewrites": Field(dict),
        "shorthand": Field(dict, required=False),
        "shorthand_phrases": Field(dict, required=False),
        "marked_shorthand": Field(dict, required=False),
        "spoken_numbers": Field(
            {
                "digits": Field(dict),
                "tens": Field(_list_of(str)),
                "multipliers": Field(dict),
                "halves": Field(_list_of(str), required=False),
                "fillers": Field(_list_of(str), required=False),
                "not_after_tens": Field(_list_of(str), required=False),
            },
            required=False,
        ),
        "opposites": Field(_list_of([_list_of(str)]), required=False),
        "stopwords": Field({"vi": _list_of(str), "en": _list_of(str)}),
        "language_hints": Field({"vi": _list_of(str), "en": _list_of(str)}),
        "followup_cues": Field(_list_of(str)),
        "marked_apart": Field(dict, required=False),
        "add_marked": Field(str, required=False),
        "number_words": Field(dict, required=False),
        "units": Field(dict),
        "asks": Field(dict),
        "compare": Field(dict),
        "pronouns": Field(dict),
        "smalltalk": Field(dict),
        "places": Field(dict, required=False),
        "regions": Field(dict, required=False),
    },
    "phrases.yaml": {"phrases": Field(dict)},
    "people.yaml": {"people": Field(_list_of(PERSON_SCHEMA))},
    "measures.yaml": {"measures": Field(dict)},
}
FACTS_FILE_SCHEMA = {"source": Field(str), "facts": Field(_list_of(FACT_SCHEMA))}


class Report:
    """Collects `file:line: message` problems."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[str] = []

    def add(self, path: Path, line: int, message: str) -> None:
        try:
            shown = path.relative_to(self.root.parent)
        except ValueError:
            shown = path
        self.problems.append(f"{shown}:{line}: {message}")


def _line_of(value: Any, key: str | None = None, default: int = 1) -> int:
    if isinstance(value, LineDict):
        return value.key_lines.get(key, value.line) if key else value.line
    return default


def _type_name(expected: Any) -> str:
    if isinstance(expected, tuple):
        return " or ".join(_type_name(t) for t in expected)
    if isinstance(expected, list):
        return "a list"
    if isinstance(expected, dict):
        return "a mapping"
    return {str: "text", int: "a whole number", float: "a number", bool: "true/false"}.get(
        expected, getattr(expected, "__name__", str(expected))
    ).replace("NoneType", "null")


def validate(value: Any, expected: Any, where: str, line: int, path: Path, report: Report) -> None:
    """Check `value` against a schema: a type, a tuple of types, a mapping schema or [item schema]."""
    if isinstance(expected, list):
        if not isinstance(value, list):
            report.add(path, line, f"{where} must be {_type_name(expected)}")
            return
        for index, item in enumerate(value):
            validate(item, expected[0], f"{where}[{index}]", _line_of(item, default=line), path, report)
        return
    if isinstance(expected, dict):
        if not isinstance(value, dict):
            report.add(path, line, f"{where} must be a mapping")
            return
        for key in value:
            if key not in expected:
                report.add(path, _line_of(value, str(key), line), f"{where}: unknown key '{key}'")
        for key, spec in expected.items():
            field = spec if isinstance(spec, Field) else Field(spec)
            if key not in value or (value[key] is None and field.required):
                if field.required:
                    report.add(path, _line_of(value, default=line), f"{where}: missing '{key}'")
                continue
            validate(value[key], field.type, f"{where}.{key}", _line_of(value, key, line), path, report)
        return
    if isinstance(value, bool) and expected in (int, float, (int, float), (str, int)):
        report.add(path, line, f"{where} must be {_type_name(expected)}")
    elif isinstance(value, datetime.date) and not isinstance(value, expected):  # YAML reads 2020-09-28 as a date
        report.add(path, line, f'{where} must be {_type_name(expected)}: write the date in quotes, "{value}"')
    elif not isinstance(value, expected):
        report.add(path, line, f"{where} must be {_type_name(expected)}, not {type(value).__name__}")
    elif isinstance(value, str) and not value.strip():
        report.add(path, line, f"{where} is empty")
    elif isinstance(value, float) and not math.isfinite(value):
        report.add(path, line, f"{where} must be a finite number, not {value}")


def _read(path: Path, schema: dict[str, Field], report: Report) -> Any:
    try:
        document = read_yaml(path)
    except UnreadableFile as error:
        report.add(path, error.line, str(error))
        return None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        report.add(path, mark.line + 1 if mark else 1, f"not valid YAML: {getattr(error, 'problem', error)}")
        return None
    before = len(report.problems)
    validate(document, schema, path.name, 1, path, report)
    return document if len(report.problems) == before else None


def load_knowledge(root: Path, seeds_dir: Path | None = None) -> Knowledge:
    """Load and validate the knowledge base in `root`; raise KnowledgeError on any problem."""
    knowledge, problems = check_knowledge(root, seeds_dir)
    if problems or knowledge is None:
        raise KnowledgeError(problems)
    return knowledge


def check_knowledge(
    root: Path, seeds_dir: Path | None = None, check_examples: bool = False
) -> tuple[Knowledge | None, list[str]]:
    """Validate the knowledge base; return it (None when broken) and the problems found."""
    seeds_dir = seeds_dir or root.parent / "seeds"
    report = Report(root)
    check_layout(root, seeds_dir, FILE_SCHEMAS, report.add)
    documents = {
        name.removesuffix(".yaml"): _read(root / name, schema, report) for name, schema in FILE_SCHEMAS.items()
    }
    fact_paths = sorted(path for path in (root / "facts").glob("*.yaml") if path.is_file())
    if not fact_paths:
        report.add(root / "facts", 1, "no facts files")
    fact_files = {path: _read(path, FACTS_FILE_SCHEMA, report) for path in fact_paths}
    if any(doc is None for doc in documents.values()) or any(doc is None for doc in fact_files.values()):
        return None, report.problems

    articles = _check_sources(root / "sources.yaml", documents["sources"], seeds_dir, report)
    _check_source_entries(root / "sources.yaml", documents["sources"], report)
    operator_ids = _check_operators(root / "operators.yaml", documents["operators"], report)
    _check_operator_graph(root / "operators.yaml", documents["operators"], report)
    _check_lexicon(root / "lexicon.yaml", documents["lexicon"], report)
    _check_marked_shorthand(root / "lexicon.yaml", documents["lexicon"], report)
    _check_number_tables(root / "lexicon.yaml", documents["lexicon"], report)
    _check_word_lists(root / "lexicon.yaml", documents["lexicon"], report)
    _check_phrases(root / "phrases.yaml", documents["phrases"], report)
    units = _check_units(root / "lexicon.yaml", documents["lexicon"], report)
    measures = _check_measures(root / "measures.yaml", documents["measures"], report)
    person_ids = _check_people(root / "people.yaml", documents["people"], operator_ids, articles, report)
    vocabulary = Vocabulary(operator_ids, units, measures, person_ids)
    seen_ids: dict[str, str] = {}
    for path, document in fact_files.items():
        _check_facts(path, document, articles, vocabulary, seen_ids, report)
        _check_fact_shapes(path, document, report)
    _check_details(fact_files, seen_ids, report)
    if report.problems:
        return None, report.problems

    knowledge = build_knowledge(root, documents, fact_files)
    if check_examples:
        _check_examples(knowledge, {str(path): document for path, document in fact_files.items()}, report)
    return (None if report.problems else knowledge), report.problems


def _check_sources(path: Path, document: Any, seeds_dir: Path, report: Report) -> dict[str, str]:
    articles: dict[str, str] = {}
    for entry in document["sources"]:
        article = seeds_dir / entry["file"]
        if not ARTICLE_NAME.match(entry["file"]):
            report.add(
                path,
                entry.key_lines["file"],
                f"file must be the name of a .txt article in seeds/, not {entry['file']!r}",
            )
        elif entry["file"] in articles:
            report.add(path, entry.line, f"source '{entry['file']}' is listed twice")
        elif not article.is_file():
            report.add(path, entry.key_lines["file"], f"article '{entry['file']}' not found in {seeds_dir}")
        else:
            try:
                articles[entry["file"]] = squash(read_text(article))
            except UnreadableFile as error:
                report.add(article, error.line, str(error))
        for key in ("not_before", "year"):
            year = entry.get(key)
            if year is not None and entry["file"] in articles and str(year) not in articles[entry["file"]]:
                report.add(path, entry.key_lines[key], f"{key} {year} is not a year the article states")
        if entry["language"] not in LANGS:
            report.add(path, entry.key_lines["language"], f"language must be one of {', '.join(LANGS)}")
    return articles


def _check_operators(path: Path, document: Any, report: Report) -> set[str]:
    entries = document["operators"]
    ids = {entry["id"] for entry in entries}
    alias_owner: dict[str, str] = {}
    first_line: dict[str, int] = {}
    for entry in entries:
        if entry["id"] in first_line:
            report.add(
                path,
                entry.key_lines["id"],
                f"operator id '{entry['id']}' already used on line {first_line[entry['id']]}",
            )
        first_line.setdefault(entry["id"], entry.key_lines["id"])
        if entry.get("parent") and entry["parent"] not in ids:
            report.add(path, entry.key_lines["parent"], f"unknown parent operator '{entry['parent']}'")
        for alias in entry["aliases"]:
            owner = alias_owner.setdefault(alias, entry["id"])
            if owner != entry["id"]:
                report.add(
                    path, entry.key_lines["aliases"], f"alias '{alias}' of '{entry['id']}' also belongs to '{owner}'"
                )
    return ids


def _check_phrases(path: Path, document: Any, report: Report) -> None:
    """Each phrase in both languages, with only the placeholders the code fills in (bot.phrasebook)."""
    phrases = document["phrases"]
    for key, texts in phrases.items():
        line = _line_of(phrases, key)
        if not isinstance(texts, dict) or set(texts) != set(LANGS):
            report.add(path, line, f"phrase '{key}' needs exactly the keys vi and en")
        elif not all(isinstance(text, str) and text.strip() for text in texts.values()):
            report.add(path, line, f"phrase '{key}' has an empty text")
        else:
            for lang, text in texts.items():
                problem = placeholder_problem(text, PHRASES.get(str(key), frozenset()))
                if problem:
                    report.add(path, _line_of(texts, lang, line), f"phrase '{key}' ({lang}): {problem}")
    for key, placeholders in PHRASES.items():
        if key not in phrases:
            fills = f" (with {', '.join(f'{{{name}}}' for name in sorted(placeholders))})" if placeholders else ""
            report.add(path, _line_of(document, "phrases"), f"missing phrase '{key}'{fills}: the bot says it")


@dataclass(frozen=True)
class Vocabulary:
    """The ids facts may refer to."""

    operators: set[str]
    units: set[str]
    measures: set[str]
    people: set[str]


def _check_units(path: Path, lexicon: Any, report: Report) -> set[str]:
    units = lexicon["units"]
    for unit, entry in units.items():
        line = _line_of(units, unit)
        validate(entry, UNIT_SCHEMA, f"units.{unit}", line, path, report)
        if isinstance(entry, dict) and entry.get("kind") not in UNIT_KINDS:
            report.add(path, line, f"units.{unit}: kind must be one of {', '.join(UNIT_KINDS)}")
    return {str(unit) for unit in units}


def _check_measures(path: Path, document: Any, report: Report) -> set[str]:
    measures = document["measures"]
    for key, label in measures.items():
        validate(label, MEASURE_SCHEMA, f"measures.{key}", _line_of(measures, key), path, report)
        whole = label.get("whole") if isinstance(label, dict) else None
        if isinstance(whole, dict):
            validate(whole, WHOLE_SCHEMA, f"measures.{key}.whole", _line_of(measures, key), path, report)
            if whole.get("part") not in measures:
                report.add(
                    path,
                    _line_of(measures, key),
                    f"measures.{key}: whole.part {whole.get('part')!r} is not a measure in this file",
                )
        included = label.get("includes") if isinstance(label, dict) else None
        for part in included if isinstance(included, list) else ():
            if part not in measures or part == key:
                report.add(
                    path,
                    _line_of(measures, key),
                    f"measures.{key}: includes {part!r}, which is not another measure in this file",
                )
    return {str(key) for key in measures}


def _check_people(
    path: Path, document: Any, operator_ids: set[str], articles: dict[str, str], report: Report
) -> set[str]:
    ids: set[str] = set()
    for person in document["people"]:
        if person["id"] in ids:
            report.add(path, person.key_lines["id"], f"person id '{person['id']}' is listed twice")
        ids.add(person["id"])
        if person["operator"] not in operator_ids:
            report.add(path, person.key_lines["operator"], f"{person['id']}: unknown operator '{person['operator']}'")
        if person["pronoun"] not in PRONOUNS:
            report.add(path, person.key_lines["pronoun"], f"{person['id']}: pronoun must be one of {PRONOUNS}")
        if not any(squash(fold_names(person["name"])) in fold_names(text) for text in articles.values()):
            report.add(path, person.key_lines["name"], f"{person['id']}: name not found in any article")
    return ids


def _check_details(fact_files: dict[Path, Any], fact_ids: dict[str, str], report: Report) -> None:
    """`details` names facts of the knowledge base, other than the fact itself."""
    for path, document in fact_files.items():
        for fact in document["facts"]:
            for detail in fact.get("details") or ():
                if detail not in fact_ids or detail == fact["id"]:
                    report.add(path, fact.key_lines["details"], f"{fact['id']}: details names no other fact '{detail}'")


def _check_facts(
    path: Path,
    document: Any,
    articles: dict[str, str],
    vocabulary: Vocabulary,
    seen_ids: dict[str, str],
    report: Report,
) -> None:
    if document["source"] not in articles:
        report.add(path, document.key_lines["source"], f"unknown source '{document['source']}'")
    for fact in document["facts"]:
        fact_id = fact["id"]
        if fact_id in seen_ids:
            report.add(path, fact.key_lines["id"], f"fact id '{fact_id}' already used in {seen_ids[fact_id]}")
        seen_ids[fact_id] = f"{path.name}:{fact.line}"
        for operator in fact["operators"]:
            if operator not in vocabulary.operators:
                report.add(path, fact.key_lines["operators"], f"{fact_id}: unknown operator '{operator}'")
        evidence_numbers: set[int] = set()
        for item in fact["evidence"]:
            source = item.get("source", document["source"])
            evidence_numbers |= numbers_in(item["quote"])
            if source not in articles:
                report.add(path, item.line, f"{fact_id}: unknown source '{source}'")
            elif squash(item["quote"]) not in articles[source]:
                report.add(path, item.line, f"{fact_id}: quote not found in {source}: {item['quote'][:60]!r}")
        derived = {n for item in fact.get("derived") or () for n in numbers_in(str(item["number"]))}
        quotes = " ".join(item["quote"] for item in fact["evidence"])
        _check_fact_data(path, fact, quotes, evidence_numbers | derived, vocabulary, report)
        for lang in LANGS:
            missing = numbers_in(fact["answer"][lang]) - evidence_numbers - derived
            if missing:
                report.add(
                    path,
                    fact["answer"].key_lines[lang],
                    f"{fact_id}: answer.{lang} states {sorted(missing)} found in no evidence quote"
                    " (quote it, or declare it under 'derived' with how)",
                )
            if len(fact["questions"][lang]) < MIN_QUESTIONS:
                report.add(
                    path,
                    fact["questions"].key_lines[lang],
                    f"{fact_id}: needs at least {MIN_QUESTIONS} example questions in {lang}",
                )


def _check_examples(knowledge: Knowledge, documents: dict[str, Any], report: Report) -> None:
    """Every example question must be answered by its own fact (the answering pipeline's view).
    `documents`: each facts file as read for the check, by path (for the examples' lines)."""
    from bot.answering.pipeline import Pipeline

    pipeline = Pipeline(knowledge)
    for fact in knowledge.facts.values():
        entry = next(item for item in documents[fact.file]["facts"] if item["id"] == fact.id)
        for lang in LANGS:
            examples = entry["questions"][lang]
            for question, line in zip(examples, examples.item_lines, strict=True):
                decision = pipeline.decide(pipeline.analyse(question)).decision
                if fact not in decision.facts:
                    got = ", ".join(f.id for f in decision.facts) or decision.kind
                    report.add(
                        Path(fact.file),
                        line,
                        f"{fact.id}: example {question!r} gets {got} (confidence {decision.confidence:.2f})",
                    )


def _check_fact_data(
    path: Path, fact: Any, quotes: str, stated: set[int], vocabulary: Vocabulary, report: Report
) -> None:
    """Figures, dates, places, names and people: each one what an evidence quote states."""
    fact_id = fact["id"]
    figures = fact.get("figures") or []
    for figure, line in zip(figures, getattr(figures, "item_lines", [fact.line] * len(figures)), strict=False):
        if figure["unit"] not in vocabulary.units:
            report.add(path, line, f"{fact_id}: unit '{figure['unit']}' is not in lexicon.yaml units")
        if figure["measure"] not in vocabulary.measures:
            report.add(path, line, f"{fact_id}: measure '{figure['measure']}' is not in measures.yaml")
        if figure.get("approx") not in (None, *APPROXIMATIONS):
            report.add(path, line, f"{fact_id}: approx must be one of {', '.join(APPROXIMATIONS)}")
        if not figure_is_stated(figure["value"], quotes, stated):
            report.add(
                path,
                line,
                f"{fact_id}: figure {figure['value']} is in no evidence quote"
                " (quote it, or declare the number under 'derived')",
            )
    for text in fact.get("dates") or ():
        try:
            date = parse_date(str(text))
        except ValueError as error:
            report.add(path, fact.key_lines["dates"], f"{fact_id}: {error}")
            continue
        missing = {n for n in (date.day, date.month, date.year) if n is not None} - stated
        if missing:
            report.add(
                path,
                fact.key_lines["dates"],
                f"{fact_id}: date {text} states {sorted(missing)} found in "
                "no evidence quote (quote it, or declare it under 'derived')",
            )
    said = fold(quotes + " " + " ".join(fact["answer"].values()))
    for place in fact.get("places") or ():
        if fold(place) not in said:
            report.add(path, fact.key_lines["places"], f"{fact_id}: place {place!r} is in neither answer nor evidence")
    speaker = fact.get("speaker")
    if speaker and fold(speaker) not in said:
        report.add(path, fact.key_lines["speaker"], f"{fact_id}: speaker {speaker!r} is in neither answer nor evidence")
    for key in ("names", "located_at"):
        for name in fact.get(key) or ():
            if fold(name) not in said:
                report.add(path, fact.key_lines[key], f"{fact_id}: {key} {name!r} is in neither answer nor evidence")
    for person in fact.get("people") or ():
        if person not in vocabulary.people:
            report.add(path, fact.key_lines["people"], f"{fact_id}: unknown person '{person}' (see people.yaml)")
    if fact.get("priority", DEFAULT_PRIORITY) not in (1, 2, 3):
        report.add(path, fact.key_lines["priority"], f"{fact_id}: priority must be 1, 2 or 3")


def fold_names(text: str) -> str:
    """Names compared across spellings: folded, without spaces (article 003 writes Phạm_Thị_Thanh_Vân)."""
    return fold(text).replace(" ", "")


_SCALE_WORDS = {
    "nghin": 10**3,
    "ngan": 10**3,
    "thousand": 10**3,
    "trieu": 10**6,
    "million": 10**6,
    "ty": 10**9,
    "ti": 10**9,
    "billion": 10**9,
}


def figure_is_stated(value: float, quotes: str, stated: set[int]) -> bool:
    """The value is a number of the quotes, alone or with its scale word (450 tỷ = 450,000,000,000)."""
    if value in stated:
        return True
    words = fold(quotes).split()
    for index, word in enumerate(words):
        if word.isdigit():
            scale = _SCALE_WORDS.get(words[index + 1], 1) if index + 1 < len(words) else 1
            if index + 2 < len(words) and words[index + 1] in ("nghin", "ngan") and words[index + 2] == "ty":
                scale = 10**12
            if int(word) * scale == value:
                return True
    return False


# ---- identifiers, dates, families, patterns: what the schema's types cannot say ----------------

# Ids appear in logs, in /stats, in `ask --json` (`intent`) and in curators' tools: plain
# snake_case, so that one never carries markup, spaces or look-alike letters.
SNAKE_ID = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*\Z")
SOURCE_ID = re.compile(r"[a-z0-9]+(?:[_-][a-z0-9]+)*\Z")
ARTICLE_NAME = re.compile(r"[^./\\\x00-\x1f][^/\\\x00-\x1f]*\.txt\Z")  # a file in seeds/, never a path
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def _check_source_entries(path: Path, document: Any, report: Report) -> None:
    """Source ids are unique and plain; dates are real ISO dates (replies print them)."""
    seen: dict[str, int] = {}
    for entry in document["sources"]:
        source_id = entry["id"]
        if not SOURCE_ID.match(source_id):
            report.add(
                path,
                entry.key_lines["id"],
                f"source id {source_id!r} must be lower-case letters, digits, '_' or '-', such as \"004\"",
            )
        elif source_id in seen:
            report.add(path, entry.key_lines["id"], f"source id '{source_id}' already used on line {seen[source_id]}")
        seen.setdefault(source_id, entry.key_lines["id"])
        date = entry.get("date")
        if date is not None and not _is_iso_date(date):
            report.add(
                path,
                entry.key_lines["date"],
                f"date {date!r} must be a real date written YYYY-MM-DD (or null when the article states none)",
            )


def _is_iso_date(text: str) -> bool:
    try:
        return bool(ISO_DATE.match(text)) and datetime.date.fromisoformat(text) is not None
    except ValueError:
        return False


def _check_operator_graph(path: Path, document: Any, report: Report) -> None:
    """Plain ids; parents that end somewhere (a cycle would loop for ever); aliases that stay apart."""
    entries = {entry["id"]: entry for entry in document["operators"]}
    for entry in document["operators"]:
        if not SNAKE_ID.match(entry["id"]):
            report.add(
                path, entry.key_lines["id"], f"operator id {entry['id']!r} must be snake_case (a-z, 0-9 and '_')"
            )
    reported: set[str] = set()
    for start in entries:
        chain = [start]
        while (parent := entries[chain[-1]].get("parent")) in entries and parent not in chain:
            chain.append(parent)
        if parent in chain and parent not in reported:
            cycle = chain[chain.index(parent) :]
            reported.update(cycle)
            report.add(
                path,
                entries[cycle[-1]].key_lines["parent"],
                f"operator parents form a cycle: {' → '.join([*cycle, parent])}",
            )
    _check_folded_aliases(path, document, report)


def _check_folded_aliases(path: Path, document: Any, report: Report) -> None:
    """Two operators' aliases that fold alike ("VinaPhone", "vinaphone") would silently become one."""
    owner: dict[str, tuple[str, str, bool]] = {}
    for entry in document["operators"]:
        if entry.get("collective"):
            continue  # the matcher never detects a collective by name
        names = [(entry["name"], False), *((alias, True) for alias in entry["aliases"])]
        for alias, is_alias in names:
            first_id, first_alias, first_is_alias = owner.setdefault(fold(alias), (entry["id"], alias, is_alias))
            listed_twice = first_alias == alias and is_alias and first_is_alias  # _check_operators said so
            if first_id != entry["id"] and not listed_twice:
                report.add(
                    path,
                    entry.key_lines["aliases"],
                    f"alias {alias!r} of '{entry['id']}' reads as {first_alias!r} of '{first_id}'",
                )
    # An operator an article now covers must leave `not_covered`, or its questions would be
    # declined as "no article covers it" by whichever list the matcher reads first.
    for entry in document.get("not_covered") or ():
        for alias in (entry["name"], *entry["aliases"]):
            if fold(alias) in owner:
                report.add(
                    path,
                    entry.key_lines["name"],
                    f"not_covered {entry['name']!r} is the operator "
                    f"'{owner[fold(alias)][0]}': remove it from not_covered",
                )
                break


def _check_lexicon(path: Path, document: Any, report: Report) -> None:
    """Rewrites, question cues, comparisons, pronouns and small talk map a word to a list of words."""
    for section in (
        "rewrites",
        "shorthand",
        "shorthand_phrases",
        "asks",
        "compare",
        "pronouns",
        "smalltalk",
        "places",
        "regions",
    ):
        table = document.get(section) or {}
        for canonical, variants in table.items():
            line = _line_of(table, str(canonical))
            if not isinstance(canonical, str) or not canonical.strip():
                report.add(path, line, f"{section}: {canonical!r} must be a word")
            validate(variants, [str], f"{section}.{canonical}", line, path, report)
            if section == "shorthand" and isinstance(variants, list):
                for short in variants:
                    if len(str(short).split()) != 1:
                        report.add(path, line, f"shorthand.{canonical}: {short!r} must be one word")


ONE_WORD_LISTS = (
    "not_typos",
    "second_question_joins",
    "before_a_date_or_time",
    "english_question_words",
    "auxiliaries",
    "before_a_plural",
    "likeness_between",
    "counters",
    "likeness",
    "polite_endings",
    "asker_words",
    "background_openers",
    "yesno_particles",
    "bounds_above",
)


def _check_word_lists(path: Path, document: Any, report: Report) -> None:
    """Lists read one word at a time hold single words; each opposite has two sides."""
    for key in ONE_WORD_LISTS:
        for word in document.get(key) or ():
            if len(str(word).split()) != 1:
                report.add(path, _line_of(document, key), f"{key}: {word!r} must be one word")
    for index, pair in enumerate(document.get("opposites") or ()):
        if len(pair) != 2:
            report.add(path, _line_of(document, "opposites"), f"opposites[{index}] must have two sides")


def _check_marked_shorthand(path: Path, document: Any, report: Report) -> None:
    """ "bao nhiêu: {typed: [nhiêu], not_after: [bao]}": what is typed, and the words that make it something else."""
    table = document.get("marked_shorthand") or {}
    for full, entry in table.items():
        schema = {
            "typed": Field(_list_of(str)),
            "not_after": Field(_list_of(str), required=False),
            "not_before": Field(_list_of(str), required=False),
        }
        validate(entry, schema, f"marked_shorthand.{full}", _line_of(table, str(full)), path, report)


def _check_number_tables(path: Path, document: Any, report: Report) -> None:
    """The numbers of `number_words` ("hai": 2) and of `spoken_numbers` ("trăm": 100) are whole numbers."""
    spoken = document.get("spoken_numbers") or {}
    tables = {
        "number_words": (document.get("number_words") or {}, _line_of(document, "number_words")),
        **{
            f"spoken_numbers.{name}": (spoken.get(name) or {}, _line_of(spoken, name))
            for name in ("digits", "multipliers")
            if isinstance(spoken, dict)
        },
    }
    for where, (table, line) in tables.items():
        for word, number in table.items() if isinstance(table, dict) else ():
            validate(number, int, f"{where}.{word}", line, path, report)


def _check_fact_shapes(path: Path, document: Any, report: Report) -> None:
    """Plain ids and topics; at least one operator and one evidence quote (an answer needs a source)."""
    for fact in document["facts"]:
        if not SNAKE_ID.match(fact["id"]):
            report.add(path, fact.key_lines["id"], f"fact id {fact['id']!r} must be snake_case (a-z, 0-9 and '_')")
        if not SNAKE_ID.match(fact["topic"]):
            report.add(path, fact.key_lines["topic"], f"topic {fact['topic']!r} must be snake_case (a-z, 0-9 and '_')")
        for key in ("operators", "evidence"):
            if not fact[key]:
                report.add(path, fact.key_lines[key], f"{fact['id']}: {key} must not be empty")
