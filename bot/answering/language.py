"""The words the bot recognises, compiled once from `knowledge/` into fast lookups.

All matching is on *folded* text (bot.text.fold). A phrase table turns what
users type into tokens: synonyms into one canonical word (`ko` -> `khong`),
question cues into `q_*` ("bao nhiêu", "how many" -> `q_amount`), units into
`u_*` ("camera", "cam" -> `u_camera`), comparisons into `c_*`, pronouns into
`p_*` and small talk into `s_*`. Operators, people and operators the articles
do not cover are found by their aliases and taken out of the text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from rapidfuzz import fuzz, process

from bot.answering.spoken_numbers import SpokenNumbers
from bot.answering.tuning import Tuning
from bot.knowledge import Knowledge
from bot.text import fold, looks_vietnamese

TYPO_CACHE_LIMIT = 50_000  # users can type anything: the cache of corrections stays bounded


_END = ""  # in a PhraseTable's trie, the key of a phrase's replacement (words are never empty)
_WORDS_AS_TYPED = re.compile(r"[^\W_]+")
_WORD_EDGES = "\"'“”‘’.,;:!?()[]«»…"  # what a word as typed is stripped of before it is read as a name
_QUOTES = "\"'“”‘’«»()[]"  # around a name as typed ("‘Starlink’ lắp ..."); other marks end it
_POSSESSIVES = ("'s", "’s")  # "Singtel's contribution"
MAX_NAME_SHOWN = 40  # a name echoed back in a reply is cut to this many characters


def _expanded(full: str, match: re.Match[str]) -> str:
    """A typed short word's expansion, unless the word before makes it part of what it stands for already; in
    capitals as typed ("... ĐI KHÁM HẢ?": the message stays all in capitals, where short words are no acronyms)."""
    if match["after"]:
        return match[0]
    return full.upper() if match[0].isupper() else full


def words_as_typed(text: str) -> list[str]:
    """The words of a text in lower case, marks and all ("tư nhân" is not "tự nhận"); "_" joins none."""
    return _WORDS_AS_TYPED.findall(unicodedata.normalize("NFC", text).lower())


def _marked_pattern(typed: str, not_after: Iterable[str], not_before: Iterable[str]) -> re.Pattern[str]:
    """`typed` as a word, with the word before it when that is one of `not_after` (group "after": then it stays
    as it is), and not before one of `not_before` ("nhiêu đó": that much)."""
    after = "|".join(re.escape(str(word).lower()) for word in not_after) or "(?!x)x"
    before = "|".join(re.escape(str(word).lower()) for word in not_before) or "(?!x)x"
    return re.compile(rf"(?:(?P<after>{after})[\s_]+)?\b{re.escape(typed)}\b(?![\s_]+(?:{before})\b)", re.I)


THING_PREFIX = "#"  # a thing a fact names, as a term: "#vnpt_meeting"


FUTURE = "future"
LONG_WORD = 6  # letters: a word this long near a known word is a misspelling of it, not a name
_POSITION, _ATTRIBUTION = "position", "attribution"
ENGLISH_AROUND_A_NAME = 2  # English words in a text with diacritics (and no Vietnamese one) make it English
_OF = frozenset(
    {"cua", "of", "at", "o", "tai", "ben", "the", "nao", "which"}
)  # "lãnh đạo của Bộ Y tế", "head of the Ministry"
ARTICLE_WORDS_BEFORE, ARTICLE_WORDS_AFTER = 3, 5  # words around "bài", "article" that may say which one
_OVERVIEW_CUES = frozenset({"q_how", "q_what", "q_list", "q_overview"})  # what was done, asked in general
_CUE_STARTS = frozenset({"bao", "may"})  # "bao nhiêu", "mấy": what a hedge before them is dropped from
# Cues few questions have, found in one pass: "làm tròn", "2 chữ số thập phân", "bài về ...", "tính cả", "cụ thể"
_RARE_CUES = ("rounding", "decimal_places", "article_words", "including", "by_name", "unnamed_speakers", "since")
LIKENESS_GAP = 3  # words at most between a likeness and the name: "like the one at Viettel"
_CUE_LISTS = (
    *_RARE_CUES,
    "followup_cues",
    "received",
    "to_reach",
    "relative_to",
    "place_ranges",
    "set_aside",
    "source_request",
    "future",
    "positions",
    "unnamed_bodies",
    "introductions",
    "requests",
    "attributions",
    "part_cues",
    "weeks",
    "not_typos",
    "likeness_between",
    "compared_with",
    "english_question_words",
    "auxiliaries",
    "before_a_plural",
    "setting_words",
    "doing_words",
    "done",
    "made_words",
    "deed_words",
    "deed_openers",
    "average_said",
    "pointing_classifiers",
)


class PhraseTable:
    """Folded phrases found in a list of words, the longest first, left to right.

    A trie of words: most words start no phrase and cost one look-up, and one that does is followed
    word by word as far as a phrase goes (no tuple is made per phrase length tried), where a regex of a
    thousand alternatives tries them all at every position."""

    def __init__(self, replacement_of: dict[str, str]):
        # Each word's node maps the next words to their nodes; a phrase's last word's node holds its
        # replacement under _END, a key no folded word can be.
        self._trie: dict[str, Any] = {}
        # The words of the longest phrase each word starts: a phrase that ends the words is said to end
        # that far past them, as the scan by phrase length this replaced did (slices read it alike; kept so
        # that Question.set_aside_from, an end, stays as it was).
        self._longest: dict[str, int] = {}
        for phrase, replacement in replacement_of.items():
            words = phrase.split()
            if not words:
                continue
            node = self._trie
            for word in words:
                node = node.setdefault(word, {})
            node[_END] = replacement
            self._longest[words[0]] = max(self._longest.get(words[0], 0), len(words))

    def matches(self, words: list[str]) -> list[tuple[int, int, str]]:
        """(start, end, replacement) of each phrase, without overlaps."""
        trie = self._trie
        if trie.keys().isdisjoint(words):  # most texts start no phrase of most tables: one pass in C
            return []
        found = []
        done = 0  # where the last phrase found ends: phrases do not overlap
        count = len(words)
        # The words that start a phrase, found in one pass (most words start none)
        for index in [i for i, word in enumerate(words) if word in trie]:
            if index < done:
                continue
            node, at = trie[words[index]], index + 1
            end, replacement = 0, ""  # of the longest phrase from here: the last one the words pass in the trie
            while True:
                if _END in node:
                    end, replacement = at, node[_END]
                if at == count:
                    break
                node = node.get(words[at])
                if node is None:
                    break
                at += 1
            if end:
                if end == count:
                    end = index + self._longest[words[index]]
                found.append((index, end, replacement))
                done = end
        return found

    def rewrite(self, words: list[str]) -> list[str]:
        """The words with each phrase replaced by its replacement's words (none for an empty one)."""
        result: list[str] = []
        done = 0
        for start, end, replacement in self.matches(words):
            result.extend(words[done:start])
            result.extend(replacement.split())
            done = end
        result.extend(words[done:])
        return result

    def found_in(self, words: list[str]) -> bool:
        # the common case, no word starting a phrase, without a call
        return not self._trie.keys().isdisjoint(words) and bool(self.matches(words))


class Language:
    """Folded phrase tables and name lookups built from the knowledge base."""

    def __init__(self, knowledge: Knowledge, tuning: Tuning):
        lexicon: dict[str, Any] = knowledge.lexicon
        self.tuning = tuning
        self.operator_of_alias = {
            fold(alias): operator.id
            for operator in knowledge.operators.values()
            if not operator.collective
            for alias in (*operator.aliases, operator.name)
        }
        self.other_of_alias = {
            fold(alias): entry["name"]
            for entry in knowledge.not_covered
            for alias in (entry["name"], *entry["aliases"])
        }
        # "công ty em": the asker's company, which is no operator the articles cover only when none is named beside it
        self.names_of_askers_company = frozenset(entry["name"] for entry in knowledge.not_covered if entry.get("asker"))
        self.person_of_alias = {
            fold(alias): person.id for person in knowledge.people.values() for alias in (person.name, *person.aliases)
        }
        # Provinces and cities, folded variant -> the name shown.
        self.place_of = {
            fold(variant): name
            for section in ("places", "regions")
            for name, variants in (lexicon.get(section) or {}).items()
            for variant in (name, *variants)
        }
        # A unit named after its place ("VNPT Nam Định"): "VNPT ... in Nam Dinh", "mobifone nđ" mean that unit.
        self.unit_in_place: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for operator in knowledge.operators.values():
            parent = knowledge.operators.get(operator.parent or "")
            name, parent_name = fold(operator.name), fold(parent.name) if parent else ""
            if parent is not None and name.startswith(parent_name + " "):
                place = name[len(parent_name) + 1 :]
                variants = {place} | {v for v, shown in self.place_of.items() if fold(shown) == place}
                for variant in sorted(variants, key=len, reverse=True):
                    self.unit_in_place.setdefault(parent.id, []).append((tuple(variant.split()), operator.id))
        self.places = PhraseTable(self.place_of)
        # What facts name after an operator ("VNPT Meeting", "Viettel vì cộng đồng"): a term of its own, as the
        # operator's name takes its first word (other names are matched by their words)
        first_words = {alias.split()[0] for alias in self.operator_of_alias if alias.split()}
        self.things = PhraseTable(
            {
                fold(name): THING_PREFIX + "_".join(fold(name).split())
                for fact in knowledge.facts.values()
                for name in fact.names
                if fold(name).split() and fold(name).split()[0] in first_words
            }
        )
        # the first words of operators' and people's names: "bệnh viện Viettel" names no hospital
        self.known_names = frozenset(
            alias.split()[0] for alias in (*self.operator_of_alias, *self.person_of_alias) if alias.split()
        )
        self.name_words = frozenset(
            word for alias in (*self.operator_of_alias, *self.person_of_alias) for word in alias.split()
        )
        self.names = PhraseTable(
            {alias: alias for alias in (*self.operator_of_alias, *self.other_of_alias, *self.person_of_alias)}
        )

        self.token_of_phrase: dict[str, str] = {}
        # Earlier tables win when one phrase is in two: a comparison before a unit, a unit before a synonym.
        self._add_tables(lexicon.get("compare") or {}, "c_")
        self._add_tables(lexicon.get("asks") or {}, "")
        self._add_tables({unit: entry["words"] for unit, entry in (lexicon.get("units") or {}).items()}, "u_")
        self._add_tables(lexicon.get("pronouns") or {}, "p_")
        self._add_tables(lexicon.get("smalltalk") or {}, "s_")
        self._add_tables(lexicon.get("rewrites") or {}, "")
        # Cues of a place that hold no "đâu" (which folds like "đầu", the beginning): "chỗ nào", "where"
        self.place_cues_not_dau = PhraseTable(
            {
                phrase: token
                for phrase, token in self.token_of_phrase.items()
                if token == "q_place" and "dau" not in phrase.split()
            }
        )
        # In an English question a Vietnamese cue spelt like an English word ("tên": ten) is a word.
        vietnamese_only = frozenset(fold(word) for word in lexicon.get("vietnamese_only") or ())
        self.phrases = PhraseTable(
            {phrase: token for phrase, token in self.token_of_phrase.items() if phrase not in vietnamese_only}
        )
        # First words of the things counted: "mỗi" (each) comes before one, "mới" (just) before a verb; and the
        # word after "mỗi" in a unit that opens with it ("mỗi tháng", a rate).
        unit_phrases = [phrase.split() for phrase, token in self.token_of_phrase.items() if token.startswith("u_")]
        self.unit_starts = frozenset(words[0] for words in unit_phrases) | frozenset(
            words[1] for words in unit_phrases if len(words) > 1 and words[0] == "moi"
        )
        # The word after "mọi" (every) in the phrases for everyone ("mọi người"): typed with its marks, "moi" is
        # otherwise "mới" or "mời", said to nothing
        self.everyone_after_moi = frozenset(
            words[1]
            for words in map(str.split, self.token_of_phrase)
            if len(words) > 1 and words[0] == "moi" and self.token_of_phrase[" ".join(words)] == "everyone"
        )
        # First words of the people counted ("bác sĩ", "nhân viên"): "viettel moi bac si" invites them
        people_units = {f"u_{unit}" for unit, entry in (lexicon.get("units") or {}).items() if entry.get("people")}
        self.people_starts = frozenset(
            phrase.split()[0] for phrase, token in self.token_of_phrase.items() if token in people_units
        )
        # In a Vietnamese question, "hệ thống" folds to "he thong": "he" is no English pronoun there.
        words = "|".join(re.escape(word) for word in lexicon.get("company_words") or ())
        # Two words and a company word: "Indochina Telecom", "Đông Dương Telecom" (which are capitalised is
        # seen in companies_not_covered: a class of capitals would miss "Đ"). Never matches with no words listed.
        self.company_name = re.compile(
            rf"\b([^\W\d_][\w-]*(?:\s+[^\W\d_][\w-]*)?)\s+(?i:{words})\b" if words else r"(?!x)x"
        )
        endings = "|".join(re.escape(word) for word in lexicon.get("company_endings") or ())
        self.brand_name = re.compile(rf"\b[A-Z]\w*-?(?i:{endings})\b" if endings else r"(?!x)x")
        self.compare_sides = PhraseTable({fold(word): "side" for word in lexicon.get("compare_sides") or ()})
        self.belongs = frozenset(fold(word) for word in lexicon.get("belongs") or ())
        self.yesno_particles = frozenset(fold(word) for word in lexicon.get("yesno_particles") or ())
        self.address_terms = frozenset(fold(word) for word in lexicon.get("address_terms") or ())
        self.hedges = frozenset(fold(word) for word in lexicon.get("hedges") or ())
        self.place_levels = frozenset(fold(word) for word in lexicon.get("place_levels") or ())
        self.localities = frozenset(fold(word) for word in lexicon.get("localities") or ())
        self.place_kinds = self.place_levels | self.localities  # a province, a district, ... (made once)
        self.not_places = frozenset(tuple(fold(pair).split()) for pair in lexicon.get("not_places") or ())
        self.english_only = frozenset(fold(word) for word in lexicon.get("english_only") or ())
        self.vietnamese_phrases = PhraseTable(
            {phrase: token for phrase, token in self.token_of_phrase.items() if phrase not in self.english_only}
        )
        units = lexicon.get("units") or {}
        self.unit_kind = {f"u_{unit}": entry["kind"] for unit, entry in units.items()}
        # the unit counting hospitals, if the lexicon has one: a hospital by name is asked of it
        self.hospital_unit = "u_hospital" if "hospital" in units else None
        self.operator_units = frozenset(f"u_{unit}" for unit, entry in units.items() if entry.get("operators"))
        self.place_units = frozenset(f"u_{unit}" for unit, entry in units.items() if entry.get("places"))
        self.named_alone = frozenset(f"u_{unit}" for unit, entry in units.items() if entry.get("named_alone"))
        # Everyday syllables that name a unit only next to "bao nhiêu" ("lãi bao nhiêu", not "Lai Châu").
        self.number_words = {fold(str(word)): int(n) for word, n in (lexicon.get("number_words") or {}).items()}
        self.referring_nouns = frozenset(fold(str(word)) for word in lexicon.get("referring_nouns") or ())
        self.ordinal_pointers = PhraseTable({fold(str(w)): "ordinal" for w in lexicon.get("ordinal_pointers") or ()})
        self.demonstratives = frozenset(fold(str(word)) for word in lexicon.get("demonstratives") or ())
        self.article_pointers = self.demonstratives | {fold(str(w)) for w in lexicon.get("article_pointers") or ()}
        self.article_plurals = frozenset(fold(str(word)) for word in lexicon.get("article_plurals") or ())
        # the words naming an article ("bài", "article")
        self.article_word_set = frozenset(
            word for phrase in lexicon.get("article_words") or () for word in fold(str(phrase)).split()
        )
        # The operators the articles cover, none a unit of another: "cả ba nhà mạng" means all of them.
        self.family_of = {op.id: knowledge.family(op.id) for op in knowledge.operators.values()}
        self.top_operators = tuple(
            op.id for op in knowledge.operators.values() if op.parent is None and not op.collective
        )
        self.short_unit = {
            fold(word): f"u_{unit}" for unit, entry in units.items() for word in entry.get("short") or ()
        }

        # "nhiu" -> "nhieu", "ntn" -> "nhu the nao": one typed word for the words it stands for
        self.shorthand = {
            fold(str(short)): fold(expansion).split()
            for expansion, shorts in (lexicon.get("shorthand") or {}).items()
            for short in shorts
        }
        # "bn là ai" is "bạn là ai", "bn" alone "bao nhiêu": a short word read by the words around it
        self.shorthand_phrases = PhraseTable(
            {
                fold(str(typed)): fold(expansion)
                for expansion, typed_phrases in (lexicon.get("shorthand_phrases") or {}).items()
                for typed in typed_phrases
            }
        )
        self.stopwords = {fold(w) for lang in ("vi", "en") for w in lexicon["stopwords"][lang]}
        # In a Vietnamese question an English stopword spelt like a syllable ("than": thân) is a word.
        english_only = {fold(word) for word in lexicon.get("english_only") or ()}
        vietnamese_stopwords = {fold(w) for w in lexicon["stopwords"]["vi"]}
        self.vietnamese_stopwords = self.stopwords - (english_only - vietnamese_stopwords)
        self.hints = {lang: {fold(w) for w in lexicon["language_hints"][lang]} for lang in ("vi", "en")}
        self.followup_cues = PhraseTable({fold(c): "followup" for c in lexicon["followup_cues"]})
        self.followup_joins = frozenset(tuple(fold(c).split()) for c in lexicon.get("followup_joins") or ())
        self.received = PhraseTable({fold(c): "received" for c in lexicon.get("received") or ()})
        self.place_ranges = PhraseTable({fold(c): "range" for c in lexicon.get("place_ranges") or ()})
        self.relative_to = PhraseTable({fold(c): "relative_to" for c in lexicon.get("relative_to") or ()})
        self.to_reach = PhraseTable({fold(c): "to_reach" for c in lexicon.get("to_reach") or ()})
        self.set_aside = PhraseTable({fold(c): "set_aside" for c in lexicon.get("set_aside") or ()})
        self.source_request = PhraseTable({fold(c): "source" for c in lexicon.get("source_request") or ()})
        self.future = PhraseTable(
            {
                **{fold(c): FUTURE for c in lexicon.get("future") or ()},
                **{fold(c): "not" for c in lexicon.get("not_future") or ()},
            }
        )
        self.positions = PhraseTable(
            {
                **{fold(c): _POSITION for c in lexicon.get("positions") or ()},
                **{fold(c): _ATTRIBUTION for c in lexicon.get("attributions") or ()},
            }
        )
        self.introductions = PhraseTable({fold(c): "introduction" for c in lexicon.get("introductions") or ()})
        # what may come before an introduction: a greeting, an address ("Xin chào, tôi là ...", "Chào bạn, mình là")
        self._before_introduction = frozenset(
            word
            for phrase in (
                *((lexicon.get("smalltalk") or {}).get("greeting") or ()),
                *(lexicon.get("address_terms") or ()),
            )
            for word in fold(str(phrase)).split()
        )
        # "cộng" typed with its marks, and the words after which it is no "add" ("cộng đồng")
        marked = str(lexicon.get("add_marked") or "").lower()
        not_before = "|".join(re.escape(str(w).lower()) for w in lexicon.get("add_marked_not_before") or ())
        self._adds = re.compile(rf"\b{re.escape(marked)}\b(?!\s+(?:{not_before})\b)" if marked else r"(?!x)x")
        # "góp nhiêu?": a word typed with its marks that stands for more words (folded, "nhiêu" is "nhiều", many)
        self.spoken_numbers = SpokenNumbers.from_lexicon(lexicon.get("spoken_numbers"))
        self._marked_shorthand = [
            (typed.lower(), _marked_pattern(typed, entry.get("not_after") or (), entry.get("not_before") or ()), full)
            for full, entry in (lexicon.get("marked_shorthand") or {}).items()
            for typed in entry["typed"]
        ]
        self.bounds_above = frozenset(fold(word) for word in lexicon.get("bounds_above") or ())
        self.asker_words = frozenset(fold(word) for word in lexicon.get("asker_words") or ())
        self.background_openers = frozenset(fold(word) for word in lexicon.get("background_openers") or ())
        self.counters = frozenset(fold(word) for word in lexicon.get("counters") or ())
        self.english_question_words = frozenset(fold(word) for word in lexicon.get("english_question_words") or ())
        self.auxiliaries = frozenset(fold(word) for word in lexicon.get("auxiliaries") or ())
        self.second_question_joins = frozenset(fold(word) for word in lexicon.get("second_question_joins") or ())
        self.before_a_date_or_time = frozenset(fold(word) for word in lexicon.get("before_a_date_or_time") or ())
        self.before_a_plural = frozenset(fold(word) for word in lexicon.get("before_a_plural") or ())
        self.unit_starts |= self.counters  # "mỗi cái giá bao nhiêu?": each one of what was talked about
        self.likeness = frozenset(fold(word) for word in lexicon.get("likeness") or ())
        self._likeness_between = frozenset(fold(word) for word in lexicon.get("likeness_between") or ())
        self._compared_with = [tuple(fold(str(p)).split()) for p in lexicon.get("compared_with") or ()]
        self._polite_endings = frozenset(str(word).lower() for word in lexicon.get("polite_endings") or ())
        asking = "|".join(re.escape(str(word).lower()) for word in lexicon.get("asking_words") or ()) or "(?!x)x"
        self._asking_words = re.compile(rf"\b(?:{asking})\b")
        self.requests = PhraseTable({fold(c): "request" for c in lexicon.get("requests") or ()})
        self.unnamed_bodies = PhraseTable({fold(c): "body" for c in lexicon.get("unnamed_bodies") or ()})
        self.part_cues = PhraseTable({fold(c): "part" for c in lexicon.get("part_cues") or ()})
        self.weeks = PhraseTable({fold(c): "weeks" for c in lexicon.get("weeks") or ()})
        self.done = PhraseTable({fold(c): "done" for c in lexicon.get("done") or ()})
        self.made = PhraseTable({fold(c): "made" for c in lexicon.get("made_words") or ()})
        self.deeds = PhraseTable({fold(c): "deed" for c in lexicon.get("deed_words") or ()})
        self.pointing_classifiers = frozenset(fold(word) for word in lexicon.get("pointing_classifiers") or ())
        self.average_said = PhraseTable({fold(c): "average" for c in lexicon.get("average_said") or ()})
        self.deed_openers = frozenset(fold(word) for word in lexicon.get("deed_openers") or ())
        # (each kind named by its lexicon list)
        self.rare_cues = PhraseTable({fold(str(cue)): kind for kind in _RARE_CUES for cue in lexicon.get(kind) or ()})
        # "tính" typed with its marks, which folds like "tỉnh": (the folded word, the marked word, the other)
        self._marked_apart = [
            (fold(str(typed)), re.compile(rf"\b{re.escape(str(typed))}\b"), re.compile(rf"\b{re.escape(str(other))}\b"))
            for typed, other in (lexicon.get("marked_apart") or {}).items()
        ]

        self.known_words: set[str] = set(self.stopwords)
        # Place names too: "Sơn La" must not be "corrected" into "song la".
        for phrase in (
            *self.token_of_phrase,
            # what a synonym is rewritten to ("truyền hình" -> tv) is a word the bot knows too
            *(token for token in self.token_of_phrase.values() if token[1:2] != "_"),
            *self.shorthand,
            # the lexicon's lists of cues: "nguồn" is not to be "corrected" into "ngon"
            *(fold(str(cue)) for key in _CUE_LISTS for cue in lexicon.get(key) or ()),
            *(fold(name) for fact in knowledge.facts.values() for name in fact.names),
            *self.operator_of_alias,
            *self.person_of_alias,
            *self.other_of_alias,
            *self.hints["vi"],
            *self.hints["en"],
            *self.place_of,
        ):
            self.known_words.update(phrase.split())
        self._known_by_initial: dict[str, list[str]] = {}
        self._typo_cache: dict[str, str | None] = {}
        # The setting and doing words as a question's words are read (rewritten), in either language
        self._setting_terms = self._as_rewritten(lexicon.get("setting_words") or ())
        self._doing_terms = self._as_rewritten(lexicon.get("doing_words") or ())

    def _as_rewritten(self, phrases: Iterable[object]) -> frozenset[str]:
        return frozenset(
            term
            for phrase in phrases
            for table in (self.phrases, self.vietnamese_phrases)
            for term in table.rewrite(fold(str(phrase)).split())
        )

    def _add_tables(self, table: dict[str, Any], prefix: str) -> None:
        for name, phrases in table.items():
            token = name if name.startswith("q_") or not prefix else f"{prefix}{name}"
            for phrase in phrases:
                self.token_of_phrase.setdefault(fold(str(phrase)), token)

    def companies_not_covered(self, text: str) -> tuple[str, ...]:
        """Companies named in the text ("Indochina Telecom") that are no operator the articles cover."""
        found = []
        for match in self.company_name.finditer(text):
            capitalised = match.group(1).split()
            while capitalised and not capitalised[0][0].isupper():
                capitalised = capitalised[1:]
            company = match.group(0)[len(match.group(1)) :]
            name = capitalised
            while name and not self._unknown_word(fold(name[0])):
                name = name[1:]  # "Did Zorblat Telecom": "Did" starts the sentence, not the name
            if name and all(self._unknown_word(fold(word)) for word in name):
                found.append(" ".join(name) + company)
            elif self._name_of_known_words(capitalised):
                found.append(" ".join(capitalised) + company)  # "Đông Dương Telecom"
        for match in self.brand_name.finditer(text):
            if not self.names.matches(fold(match.group(0)).split()) and match.group(0) not in found:
                found.append(match.group(0))  # "Q-Fone": a brand, and no alias of a covered operator
        found.extend(name for name in self._doers_never_named(text) if name not in found)
        return tuple(found)

    def names_an_average(self, words: list[str]) -> bool:
        """ "trung bình", "average": an average named outright, not only "mỗi", "each"."""
        return self.average_said.found_in(words)

    def _doers_never_named(self, text: str) -> list[str]:
        """ "Starlink lắp bao nhiêu camera?", "Did Starlink donate?": a capitalised word no article uses and no
        spelling corrects, right before what operators did (lắp, góp, donate): a company, not a typo. In English only
        after an auxiliary or as a possessive ("Volunteers installed the cameras?" names no company)."""
        words = text.split()
        vietnamese = looks_vietnamese(text)
        doers = []
        for at, typed in enumerate(words[:-1]):
            word = typed.strip(_QUOTES)
            # "Singtel's contribution": an English possessive says whose the deed is, as an auxiliary before it does
            possessive = not vietnamese and word.endswith(_POSSESSIVES)
            word = word[:-2] if possessive else word
            folded = fold(word)
            if not word[:1].isupper() or word.isupper() or not word.isalnum() or folded in self.place_of:
                continue
            if not vietnamese and not possessive and (not at or fold(words[at - 1]) not in self.auxiliaries):
                continue
            if not self._unknown_word(folded):
                continue
            after = fold(" ".join(words[at + 1 : at + 4])).split()
            if after[:1] and after[0] in self.deed_openers:
                after = after[1:]  # "Starlink có lắp ...", "Starlink đã góp ..."
            found = self.deeds.matches(after)
            if found and found[0][0] == 0:
                doers.append(word[:MAX_NAME_SHOWN])
        return doers

    def _name_of_known_words(self, words: list[str]) -> bool:
        """Two capitalised words, neither a cue nor a place: a name, though each word is an everyday one."""
        folded = [fold(word) for word in words]
        return len(folded) == 2 and " ".join(folded) not in self.place_of and self.stopwords.isdisjoint(folded)

    def _unknown_word(self, word: str) -> bool:
        """A word neither the knowledge base, the lexicon nor a place uses ("Indochina"; not "Nam", "Vietnamese"),
        nor a misspelling of one ("Vietel", "Vietanmese"); a capitalised "Zalo" is a name, though it looks like
        "alo": a short word so near another is as likely a name."""
        if word in self.known_words:
            return False
        corrected = self.correct(word)
        return corrected == word or (corrected not in self.name_words and len(word) < LONG_WORD)

    def learn_words(self, words: Iterable[str]) -> None:
        """Words of the knowledge base: they need no correction."""
        self.known_words.update(words)
        self._known_by_initial = {}

    def has_followup_cue(self, words: list[str], operators_named: int) -> bool:
        """ "còn Viettel thì sao?", "and VNPT?": a follow-up cue; "and" between two operators named only joins them,
        and one before a question word asks a second thing ("When did MobiFone donate and how much?")."""

        def is_cue(start: int, end: int) -> bool:
            if start == 0 or tuple(words[start:end]) not in self.followup_joins:
                return True
            asks_more = end < len(words) and words[end] in self.english_question_words
            return operators_named < 2 and not asks_more

        return any(is_cue(start, end) for start, end, _ in self.followup_cues.matches(words))

    def marked_apart(self, text: str) -> frozenset[str]:
        """The folded words that, as typed here, are not the word they fold like ("tính", not "tỉnh")."""
        lowered = unicodedata.normalize("NFC", text.lower())
        return frozenset(
            folded for folded, typed, other in self._marked_apart if typed.search(lowered) and not other.search(lowered)
        )

    def rare_cues_in(self, words: list[str]) -> dict[str, list[tuple[int, int]]]:
        """Where each rare cue is (lexicon `rounding`, `decimal_places`, `article_words`, `including`, `by_name`,
        `unnamed_speakers`, `since`)."""
        found: dict[str, list[tuple[int, int]]] = {}
        for start, end, kind in self.rare_cues.matches(words):
            found.setdefault(kind, []).append((start, end))
        return found

    def article_said(self, words: list[str], cues: dict[str, list[tuple[int, int]]]) -> tuple[str, ...]:
        """The words that say which article, around the first word for one: "trong bài [về quỹ vắc xin]",
        "[the September 2020] article", "bài [đó]" (lexicon `article_words`)."""
        found = cues.get("article_words")
        if not found:
            return ()
        start, end = found[0]
        plurals = self.article_plurals
        if " ".join(words[start:end]) in plurals or (start and words[start - 1] in plurals):
            return ()  # "các bài báo về chống dịch", "the articles": many, no one of them
        before = words[max(0, start - ARTICLE_WORDS_BEFORE) : start]  # "the 2013 article", "the vaccine-fund piece"
        if words[end : end + 1] and words[end] in self.demonstratives:
            return (words[end],)  # "bài đó", "bài này": the article talked about
        # "bài về quỹ vắc xin", "the article about ...": what follows says which only after "về", "about"
        after = words[end + 1 : end + 1 + ARTICLE_WORDS_AFTER] if words[end : end + 1] in (["ve"], ["about"]) else []
        return tuple(before + after)

    def points_at_an_article(self, said: tuple[str, ...]) -> bool:
        """ "bài đó", "that article", "this piece": the article of the answer just given."""
        return bool(said) and all(word in self.article_pointers for word in said)

    def without_the_ones_talked_about(self, tokens: list[str]) -> list[str]:
        """ "hai nơi cách nhau mấy ngày?", "hai đợt ấy", "the two events": a number and a word that names anything
        (lexicon `referring_nouns`), and a demonstrative after them, point back at what was talked about; they
        name no subject. So does a number and any word shown by a demonstrative: "hai ngày đó"."""
        if (
            self.referring_nouns.isdisjoint(tokens)
            and self.demonstratives.isdisjoint(tokens)
            and self.pointing_classifiers.isdisjoint(tokens)
        ):
            return tokens
        pointing: set[int] = set()
        # "the last stop", "đợt cuối": a word that names anything, next to the first or the last
        ordinals = self.ordinal_pointers.matches(tokens)
        for start, end, _ in ordinals:
            for index in (start - 1, end):
                if 0 <= index < len(tokens) and tokens[index] in self.referring_nouns:
                    pointing.add(index)
        for index, token in enumerate(tokens[1:], start=1):
            counted = tokens[index - 1] in self.number_words or tokens[index - 1] == "2"
            if counted and (token in self.referring_nouns or self.points_back(token, tokens[index + 1 : index + 2])):
                pointing |= {index - 1, index}
                if tokens[index + 1 : index + 2] and tokens[index + 1] in self.demonstratives:
                    pointing.add(index + 1)
            elif counted and tokens[index + 1 : index + 2] and tokens[index + 1] in self.demonstratives:
                pointing |= {index - 1, index, index + 1}  # "hai ngày đó", "hai tỉnh ấy": any word, shown
        return [token for index, token in enumerate(tokens) if index not in pointing]

    def points_back(self, word: str, after: list[str]) -> bool:
        """ "2 cái", "hai loại" (lexicon `pointing_classifiers`), no thing named after them ("2 cái camera")."""
        return word in self.pointing_classifiers and not (after and after[0] in self.unit_starts)

    def rounding_asked(self, words: list[str], cues: dict[str, list[tuple[int, int]]]) -> tuple[int | None, slice]:
        """The decimals a result is to be rounded to ("làm tròn" alone: none; "làm tròn 2 chữ số thập phân", "to
        two decimal places": 2), or None when no rounding is asked; and the words that say how many places."""
        for start, end in cues.get("decimal_places", ()):
            said = words[start - 1] if start else ""
            places = int(said) if said.isdigit() and len(said) == 1 else self.number_words.get(said)
            if places is not None:
                return places, slice(start - 1, end)
        return (0 if "rounding" in cues else None), slice(0, 0)

    def speaks_of_the_future(self, words: list[str]) -> bool:
        return self.future.found_in(words) and any(
            replacement == FUTURE for _, _, replacement in self.future.matches(words)
        )

    def positions_named(self, words: list[str]) -> tuple[str, ...]:
        """The positions named, folded: "Chuyên gia nào nhận xét ...?" names one; "Theo chuyên gia, ... của
        ai?" quotes one, which is not asked."""
        if not self.positions.found_in(words):
            return ()
        named = []
        after = -1  # where the last attribution ended
        for start, end, kind in self.positions.matches(words):
            if kind == _ATTRIBUTION:
                after = end
            elif start != after:
                named.append(" ".join(words[start:end]))
        return tuple(named)

    def introduces(self, words: list[str]) -> bool:
        """ "Xin chào, tôi là phóng viên ...": an introduction opening the message, after a greeting at most (not
        "ý mình là ...", "Tây Bắc là ...", where "bác là" folds alike)."""
        return any(
            self._before_introduction.issuperset(words[:start]) for start, _, _ in self.introductions.matches(words)
        )

    def says_only_the_setting(self, rewritten: list[str]) -> bool:
        """ "mùa dịch", "hỗ trợ chống dịch như thế nào?": the words, as rewritten, say only when, the setting every
        article shares (lexicon `setting_words`), and at most what was done, in general words (`doing_words`)."""
        # (and small talk: "đã" folds like "dạ", a nod)
        said = [w for w in rewritten if w not in self.stopwords and w not in _OVERVIEW_CUES and w[:2] != "s_"]
        setting = self._setting_terms
        return not setting.isdisjoint(said) and all(w in setting or w in self._doing_terms for w in said)

    def likens(self, before: tuple[str, ...], to_an_uncovered: bool = False) -> bool:
        """The words before a name end with a likeness ("như", "giống", "như bên"), not "cũng như" (as well as);
        `to_an_uncovered`: a company no article covers is asked about, and one compared with ("Vietnamobile camera
        bao nhiêu, so với VNPT?", lexicon `compared_with`) is likened to as well."""
        end = len(before)
        while end and before[end - 1] in self._likeness_between and len(before) - end < LIKENESS_GAP:
            end -= 1
        if to_an_uncovered and any(before[:end][-len(phrase) :] == phrase for phrase in self._compared_with):
            return True
        return bool(end) and before[end - 1] in self.likeness and "cung" not in before[end - 2 : end - 1]

    def named_before_a_likeness(self, text: str) -> tuple[str, ...]:
        """The first word, when it is a name: capitalised, no Vietnamese word, cue or place, and the whole subject
        ("Local có ...", not "Có ...", "Bộ Y tế có ...", "Hà Nội có ...": an opener such as "có" follows it)."""
        words = text.split()
        if len(words) < 2 or fold(words[1]) not in self.deed_openers:
            return ()
        first = words[0].strip(_WORD_EDGES)
        folded = fold(first)
        if not first[:1].isupper() or folded in self.hints["vi"] or folded in self.stopwords:
            return ()
        if folded in self.token_of_phrase or folded in self.operator_of_alias or folded in self.place_of:
            return ()
        return (first[:MAX_NAME_SHOWN],)

    def ends_politely(self, text: str, asks_already: bool = False) -> bool:
        """ "Dạ em chào anh/chị ạ.": the last word is a polite ending typed with its marks (lexicon `polite_endings`),
        with no question mark ("Ông Dũng là chủ tịch MobiFone ạ?" asks), or after words that ask already
        (`asks_already`: "..., Viettel còn hoàn thành bao nhiêu cơ sở ạ?" asks how many, it checks nothing; and the
        lexicon's `asking_words` typed with their marks, "Bác sĩ tuyến nào ạ?")."""
        words = words_as_typed(text)
        if not words or words[-1] not in self._polite_endings:
            return False
        return asks_already or not text.rstrip().endswith("?") or bool(self._asking_words.search(text.lower()))

    def expand_marked(self, text: str) -> str:
        """ "Rồi VNPT góp nhiêu?" -> "... góp bao nhiêu?" (lexicon `marked_shorthand`); "bốn trăm năm mươi tỷ" ->
        "450 tỷ" (lexicon `spoken_numbers`)."""
        text = self.spoken_numbers.as_digits(text)
        lowered = text.lower()
        for typed, pattern, full in self._marked_shorthand:
            if typed in lowered:  # (a regex over every question for each entry costs more than the rest of a reading)
                text = pattern.sub(functools.partial(_expanded, full), text)
        return text

    def adds_up(self, text: str) -> bool:
        """ "Cộng camera Viettel và VNPT ...": "cộng" typed with its marks, not "cộng đồng" (lexicon `add_marked`)."""
        return bool(self._adds.search(text.lower().replace("_", " ")))

    def asks_someone_of_an_unnamed_body(self, words: list[str]) -> bool:
        """A position held in a body the articles name no one in, right after it ("Bộ trưởng Bộ Y tế", "lãnh
        đạo nào của Bộ Y tế", "director of the hospital"): "Ai trao cho Bộ Y tế?" asks no one of the Ministry."""
        if not self.unnamed_bodies.found_in(words) or not self.positions.found_in(words):
            return False
        spans = self.unnamed_bodies.matches(words)
        bodies = {start for start, _, _ in spans}
        return any(
            kind == _POSITION
            and (
                any(at in bodies and _OF.issuperset(words[end:at]) for at in range(end, end + 3))
                or any(body_start <= start < body_end for body_start, body_end, _ in spans)  # "health minister"
            )
            for start, end, kind in self.positions.matches(words)
        )

    def expand_shorthand(self, words: list[str]) -> list[str]:
        """ "nhiu" -> "nhieu", "bn" -> "bao nhieu"; and "khoảng" before "bao nhiêu" dropped: "thêm khoảng bao
        nhiêu" asks what "thêm bao nhiêu" asks (not "khoảng hơn bao nhiêu", about how many more than)."""
        for start, end, expansion in reversed(self.shorthand_phrases.matches(words)):
            words = [*words[:start], *expansion.split(), *words[end:]]
        shorthand = self.shorthand
        if not shorthand.keys().isdisjoint(words):
            words = [part for word in words for part in shorthand.get(word, (word,))]
        if self.hedges.isdisjoint(words):
            return words
        return [
            w
            for w, after in zip(words, [*words[1:], ""], strict=True)
            if w not in self.hedges or after not in _CUE_STARTS
        ]

    def rewrite(self, words: list[str], vietnamese: bool = False) -> list[str]:
        """Synonyms, cues, units, comparisons, pronouns and small talk as their tokens."""
        return (self.vietnamese_phrases if vietnamese else self.phrases).rewrite(words)

    def correct(self, token: str) -> str:
        """The known word a misspelt one stands for, if one is close enough."""
        if token in self.known_words or len(token) < 3 or token.isdigit():
            return token
        if token not in self._typo_cache:
            if len(self._typo_cache) > TYPO_CACHE_LIMIT:
                self._typo_cache.clear()
            swapped = self._swapped_letters(token)
            if swapped is not None:  # the commonest slip, two letters swapped: "turng" is "trung", not "tung"
                self._typo_cache[token] = swapped
                return swapped
            if not self._known_by_initial:
                for word in sorted(self.known_words):
                    self._known_by_initial.setdefault(word[:1], []).append(word)
            cutoff = self.tuning.typo_cutoff if len(token) > 3 else self.tuning.short_typo_cutoff
            # A slip keeps the first letter ("vitetel", "caemra"); a word that only ends like a known one is
            # another word ("coverage" is no "average")
            known = self._known_by_initial.get(token[:1], [])
            best = process.extractOne(token, known, scorer=fuzz.ratio, score_cutoff=cutoff)
            self._typo_cache[token] = best[0] if best else None
        return self._typo_cache[token] or token

    def _swapped_letters(self, token: str) -> str | None:
        known = self.known_words
        for index in range(len(token) - 1):
            candidate = token[:index] + token[index + 1] + token[index] + token[index + 2 :]
            if candidate != token and candidate in known:
                return candidate
        return None

    def language_of(self, text: str, tokens: list[str], looks_vietnamese: bool) -> str | None:
        votes = {lang: sum(token in self.hints[lang] for token in tokens) for lang in ("vi", "en")}
        if looks_vietnamese:
            # "Is Lê Đăng Dũng the chairman of MobiFone?": the diacritics are a name's, the words English
            english = votes["en"] >= ENGLISH_AROUND_A_NAME and not votes["vi"]
            return "en" if english else "vi"
        if votes["vi"] == votes["en"]:
            return None
        return max(votes, key=votes.__getitem__)
