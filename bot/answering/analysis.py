"""Stage 1, analysis: a question's text becomes a small typed `Question`.

Who is named (operators, people, operators the articles do not cover), what is
asked (an amount of some unit, a date, a place, a person, a comparison, a
yes/no check), about what (content words), and qualifiers (years, numbers).
Nothing here looks at facts; the words come from `Language`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import MISSING, dataclass, fields
from functools import cached_property, lru_cache
from itertools import pairwise
from typing import Any

from bot.answering.language import Language
from bot.text import fold, fold_and_tell

ASKED_AMOUNT = "q_amount"
ASKED_LIST = "q_list"  # "liệt kê", "kể tên những ...": several items
# Question words before which "có ... không" is a yes/no question in Vietnamese.
_YESNO_END = ("khong", "chua")
_YESNO_START = ("did", "does", "do", "is", "was", "were", "has", "have", "had", "are", "can", "will")
_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])")
# A date and the word for day before it, which says no more: "góp bao nhiêu ngày 3/6?" asks no number of days
_DAY_SAID = re.compile(r"(?:\b(?:ngày|ngay|hôm|hom)\s+)?" + _DATE.pattern, re.IGNORECASE)
# "Trước ngày 3/6, MobiFone đã góp bao nhiêu?": what came before (or after) that day, not on it
_BEFORE_OR_AFTER_A_DATE = re.compile(
    r"(?<!thứ )(?<!thu )\b(?:trước|truoc|sau|before|after|prior to)\s+(?:(?:ngày|ngay|hôm|hom|on|the)\s+)?"
    r"\d{1,2}/\d{1,2}(?![\d/])",
    re.IGNORECASE,
)
_SCALES = {
    "ty": 10**9,
    "ti": 10**9,
    "billion": 10**9,
    "bil": 10**9,
    "trieu": 10**6,
    "tr": 10**6,
    "million": 10**6,
    "nghin": 10**3,
    "ngan": 10**3,
    "k": 10**3,
    "thousand": 10**3,
}
_BRITISH = re.compile(r"is(?=e$|ed$|es$|ing$|ation$)")
_THOUSANDS = re.compile(r"^\d{1,3}k$")  # "1k cơ sở", "10k camera": thousands, as people type them
_GLUED_SCALES = {"bn": "billion"}  # "200bn": the English abbreviation, after a number
_GLUED = re.compile(r"\b\d+[a-z]{2,}\b")  # "200ty", "2400cam": a number and a word typed without the space
_ACRONYM = re.compile(r"(?<![\w])[A-Z]{2,6}(?![\w])")
# A hospital by its name ("BV Chợ Rẫy", "Bệnh viện Bạch Mai"): the articles name none
_NAMED_HOSPITAL = re.compile(
    r"(?i:\b(?:bệnh viện|benh vien|bv|hospital)\b)\s+(?!Tuyến|Trung ương)([A-ZĐ]\w*(?:\s+[A-ZĐ]\w*)?)"
)
# How far from "bao nhiêu" / "how many" the thing counted may stand.
UNIT_WINDOW_AFTER = 3
# English puts more before its noun: "the difference between Viettel's and VNPT's cameras"
UNIT_WINDOW_AFTER_ENGLISH = 6
UNIT_WINDOW_BEFORE = 1
_NAMES_WITH_NUMBERS = frozenset({"covid", "cov", "sars", "ncov"})
MONEY_UNIT = "u_VND"
PERSON_UNIT = "u_person"  # people of no kind named ("bao nhiêu người"); customers and patients are people too
DONATED = "donate"  # the lexicon's rewrite of "góp", "ủng hộ", "give": asked how much, an amount of money
OPERATORS_WORD = "telco"  # the lexicon's rewrite of "nhà mạng", "telecom operators": the operators, none by name
_MONEY_VERBS = frozenset({DONATED, "invest"})  # ... and of "đầu tư", "invest"
PROVINCE_UNIT = "u_province"  # a count of provinces: a figure spanning them is no one province's
PERCENT_UNIT = "u_percent"  # a share, of something the question must still name
DURATION_UNIT = "u_day"  # what "bao lâu" / "how long" asks for (lexicon asks `q_duration`)
# "Tổng cộng", "in total" is also a word: a fact stating a whole ("in all, nearly 2,000 billion") fits it.
WHOLE_WORD = "c_total"
SOURCE_REQUEST_WORDS = 2  # "nguồn tin?", "the source?": the words a request for the source alone leaves
ASKED_REST = "q_rest"  # "3 thành phần còn lại là gì?": the others of a count
ASKED_OPERATOR = "q_operator"  # "nhà mạng nào?", "which operator?"
ASKED_OPERATORS = "q_operators"  # "những nhà mạng nào ...?": a list of operators
ASKED_PEOPLE = "q_people"  # "những lãnh đạo nào?": the people the articles quote
ITEM_UNIT = "u_item"  # "mỗi sổ": each of a thing no unit of the lexicon names
ASKED_NAMED_PLACE = "q_place_named"  # "tỉnh nào?": places by name
ASKED_LOCALITY = "q_locality"  # "huyện nào?": a place within a province, answered only by a fact whose examples ask it
ASKED_HOSPITAL = "q_hospital"  # "bệnh viện nào?", "BV Chợ Rẫy": a hospital by name (a fact whose examples ask it)
ASKED_FUNDER = "q_funder"  # "ai bỏ tiền?", "tiền ở đâu ra?": who paid (a fact whose examples ask it)
ASKED_AUTHOR = "q_author"  # "ai viết bài?": answered only by a fact whose examples ask it
ASKED_FUTURE = "q_future"  # "sẽ góp thêm bao nhiêu?": an amount to come, answered only by a fact whose examples ask one
_NOT_WORDS = frozenset({"q_", "c_", "p_", "s_"})  # cues, comparisons, pronouns, small talk: units are words
_COUNT_OF = frozenset({"so", "number"})  # "số camera", "number of cameras"; English "so" is no "số"
PER_ARTICLE = "per_article"  # the lexicon's rewrite of "theo bài", "according to the article"
ASKS_A_FIGURE = frozenset({ASKED_AMOUNT, "q_money"})  # an amount or a sum of money asked
COMPARED = "c_compared"  # the lexicon's "so sánh", "compare": a comparison, its operation left to other words
_UNIT_AFTER = frozenset({"c_difference", "c_total", *_COUNT_OF})  # besides ASKED_AMOUNT: a unit may follow
_ASKS_FOR_A_VALUE = ("q_amount", "q_money", "q_what")
# Words after "how many" that end the noun phrase it counts ("how much did Viettel's staff raise").
_NOUN_PHRASE_STARTS = frozenset({"cac", "nhung", "mot", "moi"})
_CLAUSE_WORDS = frozenset(
    {
        "did",
        "does",
        "do",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "will",
        "can",
        "de",
        "cho",
        "vao",
        "o",
        "tai",
        "trong",
        "khi",
        "ma",
        "la",
        "thi",
        "duoc",
        "da",
    }
)
_SET_ASIDE_ENDS = frozenset({"con", "thi", "what", "which"})  # "ngoài quỹ vắc xin còn ...": the rest begins
# Units that are a property, not an amount a figure gives: revenue, age; and a rate ("mỗi tháng"), which no figure is
_THEY = re.compile(r"\bhọ\b(?! tên)")  # "họ", typed with its marks: "they" (not "họ tên", full name)
ATTRIBUTE_KINDS = frozenset({"attribute", "rate"})
_WITHIN = ("trong", "of", "among")
_WITHIN_TWO = (("out", "of"), ("of", "the"), ("among", "the"), ("trong", "so"), ("tong", "so"))  # "of the 178"
_JOINING_WORDS = frozenset(
    {"va", "voi", "and", "with", "cong", "plus", "adding", "add", "added", "ca", "both", "hai", "2", "3", "lan"}
)
_VALUE_CUES = frozenset({"q_money", "q_amount"})  # "trị giá", "số lượng": words of a figure, no question in them
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")  # where one sentence of a message ends and another begins
_OF_WORDS = frozenset({"of", "the", "s"})  # "how many of the operator's ...": the noun is further on
# English adjectives may stand between "how many" and the noun; Vietnamese syllables may not.
_ENGLISH_WORD = re.compile(r"^[a-z]{3,}$")


@dataclass(frozen=True)
class Question:
    """What a question says, once folded and read."""

    text: str
    lang: str | None
    words: tuple[str, ...]  # content words for lexical matching (units included as u_* tokens)
    asks: tuple[str, ...] = ()  # q_amount, q_time, q_place, q_person, q_reason, ...
    unit: str | None = None  # the unit an amount question asks for (u_camera), or an attribute named (u_revenue)
    attribute: bool = False  # the unit is a property (revenue, profit), maybe only the subject of the question
    per_unit: str | None = None  # "per centre": the denominator of an average
    # c_more, c_most, c_difference, c_total, c_average, c_share, c_days_between, c_months_between, c_years_between
    compare: tuple[str, ...] = ()
    yesno: bool = False
    at_least: bool = False  # a yes/no claim of "more than" its figure ("hơn 2.000 camera, đúng không?")
    places_counted: int = 0  # "kể tên 32 tỉnh thành": how many places the question says there are
    operators: tuple[str, ...] = ()
    others: tuple[str, ...] = ()  # operators or companies no article covers (Vietnamobile)
    people: tuple[str, ...] = ()
    pronoun: str | None = None  # he / she / it / they
    numbers: tuple[float, ...] = ()  # figures the question states (200 tỷ = 2e11), years and dates apart
    years: tuple[int, ...] = ()
    months: tuple[int, ...] = ()  # "trong tháng 8", "tháng 11/2013": months named
    dates: tuple[tuple[int, int], ...] = ()  # (day, month)
    before_or_after_a_date: bool = False  # "trước ngày 3/6", "after 3/6": not on that day
    smalltalk: str | None = None  # greeting / thanks / identity / bye, when that is all the message is
    pleasantry: str | None = None  # the same said beside other words ("cảm ơn, thông tin hữu ích quá")
    possession: bool = False  # "X có bao nhiêu U", "how many U does X have": what X has
    overview: bool = False  # "tell me about ...", "X đã làm gì ...": the few central facts
    followup_cue: bool = False  # "còn ... thì sao", "and ...", "what about ..."
    unknown_names: tuple[str, ...] = ()  # acronyms the articles never use
    folded: tuple[str, ...] = ()  # the words as typed, folded: what typo correction learns from the knowledge
    things: tuple[str, ...] = ()  # things the facts name, named here as a whole ("#vnpt_meeting")
    says_who_made: bool = False  # "Có phải MobiFone làm Sổ sức khỏe điện tử không?" (lexicon `made_words`)
    # "công ty em", and no operator named nor likened to (it is in `others`): after an operator was talked about,
    # that one ("Hạ tầng của công ty em ...?" after VNPT's cameras)
    askers_company: bool = False
    places: tuple[str, ...] = ()  # provinces and cities named (lexicon `places`)
    received: bool = False  # "nhận được": what a recipient received (lexicon `received`)
    to_reach: bool = False  # "còn thiếu bao nhiêu % để đạt 10.000": short of a target (lexicon `to_reach`)
    relative_to: bool = False  # "bằng bao nhiêu % so với Viettel": of the other figure (lexicon `relative_to`)
    place_range: bool = False  # "từ Huế trở vào": a range of places (lexicon `place_ranges`)
    # "ngoài 200 tỷ ...", "trừ quỹ vắc xin": where the words naming a part set aside begin, in `folded`
    set_aside_from: int | None = None
    asks_source: bool = False  # "nguồn?", "which article?" (lexicon `source_request`)
    # The words around an article named: "trong bài [về quỹ vắc xin]", "[the 2013] article" (lexicon `article_words`)
    article_said: tuple[str, ...] = ()
    future: bool = False  # "sẽ", "sắp tới", "will": about what is to come (lexicon `future`)
    done: bool = False  # "đã ... xong", "rồi", "already": about what is done (lexicon `done`)
    # "chủ tịch", "sếp tổng", "CEO" (lexicon `positions`, folded): "ai?" then asks a person, who holds it
    positions: tuple[str, ...] = ()
    # "Bộ trưởng Bộ Y tế nào ...?": a person of a body the articles name no one in (lexicon `unnamed_bodies`)
    of_unnamed_body: bool = False
    asks_a_part: bool = False  # "riêng X ... bao nhiêu": one part of a whole (lexicon `part_cues`)
    asks_duration: bool = False  # "mất bao lâu?": how long something took (asks `q_duration`)
    in_weeks: bool = False  # "mấy tuần?": days counted are given in weeks too (lexicon `weeks`)
    rounding: int | None = None  # "làm tròn (2 chữ số thập phân)": a result's decimals (lexicon `rounding`)
    including: bool = False  # "tính cả 19 tỷ ...": a stated figure taken into a total (lexicon `including`)
    by_name: bool = False  # "những tỉnh cụ thể nào?": places or things asked by their names (lexicon `by_name`)
    # "đại diện MobiFone là ai?": a speaker the articles may leave unnamed is who is asked (`unnamed_speakers`)
    speaker_described: bool = False
    operators_counted: int = 0  # "cả hai nhà mạng", "3 nhà mạng": how many operators the question speaks of
    gift_amount: bool = False  # "VNPT góp bao nhiêu?": how much was given, with no unit named (money)
    per_operator: bool = False  # "trung bình mỗi nhà mạng": a mean over the operators (those named, or all)
    belongs: bool = False  # "X là của MobiFone", "is X MobiFone's ...": says whose or what (lexicon `belongs`)
    article_talked_about: bool = False  # "bài đó", "that article": the article of the answer just given
    since_year: bool = False  # "từ năm 2010", "since 2018": the year said is when something began (lexicon `since`)

    @cached_property
    def asked(self) -> frozenset[str]:
        """The cues, as a set: what the signals look up."""
        return frozenset(self.asks)

    @property
    def terms(self) -> tuple[str, ...]:
        """What lexical matching compares: content words and question cues."""
        return self.words + self.asks

    @property
    def asks_days_between(self) -> bool:
        """ "cách nhau mấy ngày?", or a number of days asked of a place ("cách Hà Giang mấy ngày?"): the
        articles count no days there, but their dates do."""
        return "c_days_between" in self.compare or (self.unit == DURATION_UNIT and bool(self.places))

    @property
    def wholes_named(self) -> set[float]:
        """Numbers said as the whole the question is within: "trong 178 trung tâm", "of the 178 centres"."""
        words = self.folded
        return {
            float(word)
            for index, word in enumerate(words)
            if word.isdigit()
            and index
            and (words[index - 1] in _WITHIN or tuple(words[index - 2 : index]) in _WITHIN_TWO)
        }

    @property
    def joins(self) -> bool:
        """ "A và B", "A with B", "cộng A", "A + B": the question names what to add up ("tổng cộng" does not, nor
        "and ..." opening a follow-up)."""
        said = self.folded[1:] if self.folded[:1] in (("and",), ("va",)) else self.folded
        words = set(said) - ({"cong"} if "tong cong" in " ".join(said) else set())
        return bool(_JOINING_WORDS & words) or "+" in self.text

    def set_aside_words(self, limit: int) -> tuple[str, ...]:
        """The words naming the part set aside, as typed (folded): at most `limit`, up to where the rest of the
        question begins ("ngoài quỹ vắc xin | còn ...")."""
        if self.set_aside_from is None:
            return ()
        words = self.folded[self.set_aside_from : self.set_aside_from + limit]
        return words[: next((i for i, word in enumerate(words) if word in _SET_ASIDE_ENDS), len(words))]

    @property
    def of_a_place(self) -> bool:
        """ "Các nhà mạng ở Nam Định làm gì?", "... hỗ trợ người dân những gì?": what was done in a place, by no
        operator named: what they did there together, then each one's part."""
        listed = self.asked == _LIST_ONLY and OPERATORS_WORD in self.words  # not "which specialties ... there?"
        return bool(self.places) and not self.operators and (self.overview or listed)

    @property
    def asks_who_held_a_post(self) -> bool:
        """ "Who was heading Viettel when ...?": a person of the operator by the post held (not "the expert quoted",
        whom the articles may leave unnamed, nor the health minister, of a body no fact names the people of)."""
        named = self.positions and not (self.speaker_described or self.of_unnamed_body)
        return bool(named) and "q_person" in self.asks

    @property
    def asks_only_the_source(self) -> bool:
        """ "nguồn?", "theo bài nào?", "which article?": the source of what was just answered, nothing new (not
        "nguồn kinh phí do ai đóng góp?", who paid)."""
        named = self.operators or self.people or self.others or self.numbers or self.compare
        return (
            self.asks_source and len(self.words) <= SOURCE_REQUEST_WORDS and not named and "q_funder" not in self.asks
        )

    @property
    def says_little(self) -> bool:
        """Nothing to go on but cues, names, pronouns or the unit asked ("ở bao nhiêu tỉnh?"): a follow-up
        needs the previous question. A unit named as a subject ("còn camera thì sao?") is something to go on."""
        # (nor a currency: "the average per centre, in million VND?")
        return not [
            w for w in self.words if w not in (self.unit, self.per_unit, WHOLE_WORD, MONEY_UNIT) and w not in _SCALES
        ]


# Every field of a Question in order, with its default (None for the three without one).
_QUESTION_FIELDS = {f.name: None if f.default is MISSING else f.default for f in fields(Question)}


def _question(**values: Any) -> Question:
    """Question(**values), made without a frozen dataclass's object.__setattr__ for each of its fields:
    half the time, and analysis makes one per knowledge-base text (170,000 in a large base). The same
    object: its __dict__ holds every field, in order, as __init__ would leave it."""
    question = object.__new__(Question)
    state = question.__dict__
    state.update(_QUESTION_FIELDS)
    state.update(values)
    return question


class Analyser:
    def __init__(self, language: Language):
        self.language = language
        # For the index: each token's word ("" for none), in English or other texts and in Vietnamese ones,
        # whose stopwords differ. Knowledge-base texts only: bounded by the knowledge base's vocabulary.
        self._word_of_token: tuple[dict[str, str], dict[str, str]] = ({}, {})
        # an article named, as it stands among a question's words ("articl", "bai", the rewrite "per_article")
        self._article_terms = frozenset(stem(word) for word in language.article_word_set) | {PER_ARTICLE}

    def analyse(self, text: str, correct_typos: bool = True) -> Question:
        """A question as users type it; `correct_typos=False` reads the knowledge base's own texts, which
        are spelt right (and skips what only a user's question needs: follow-up cues, figures, language)."""
        language = self.language
        text = unicodedata.normalize("NFC", text)
        if correct_typos:
            text = language.expand_marked(text)
        has_dates = "/" in text
        dates = (
            tuple((int(d), int(m)) for d, m, _ in _DATE.findall(text) if 1 <= int(m) <= 12)
            if correct_typos and has_dates
            else ()
        )
        # One folding serves words and numbers: no dates, "%" as a word.
        # "%" read as the words, unmarked: "province/district share, %?" is no more Vietnamese for it
        without_dates = (_DAY_SAID if correct_typos else _DATE).sub(" ", text) if has_dates else text
        folded, vietnamese = fold_and_tell(without_dates.replace("%", " phan tram "))
        if correct_typos and _DRAWN_OUT.search(folded):
            folded = _DRAWN_OUT.sub(r"\1", folded)  # "ơiii", "nhìuuu": a letter typed over and over is one letter
        said_tokens = folded.split()
        if correct_typos and _GLUED.search(folded):
            said_tokens = _unglued(said_tokens, language.known_words)  # "mbf gop 200ty": "200 tỷ"
        tokens = language.expand_shorthand(said_tokens)
        if correct_typos:
            tokens = [f"{token[:-1]}000" if _THOUSANDS.match(token) else token for token in tokens]  # "10k"
        if not tokens and correct_typos and any(unicodedata.category(ch) == "So" for ch in text):
            return Question(text=text, lang=None, words=(), smalltalk="ack")  # "👍": a nod, nothing to answer
        seen = tuple(tokens)
        unknown_names: tuple[str, ...] = ()
        if correct_typos:
            known = language.known_words  # most words are: no call to correct them
            tokens = [token if token in known else language.correct(token) for token in tokens]
            shouting = text.isupper()  # in capitals, every short word looks like an acronym
            unknown_names = (
                ()
                if shouting
                else tuple(
                    name
                    for name in _ACRONYM.findall(text)
                    if fold(name) not in language.known_words and language.correct(fold(name)) == fold(name)
                )
            )
        thing_spans = language.things.matches(tokens)
        things = tuple(dict.fromkeys(term for _, _, term in thing_spans))
        names = language.names.matches(tokens)
        operators, others, people = self._names([name for _, _, name in names])
        any_operator_named = bool(operators)
        if (others and operators) or len(operators) >= 2:
            # "Itelecom có chương trình như Viettel không?", "MobiFone có app họp như VNPT Meeting không?": what the
            # company asked about is likened to (the words as typed: "giống" is no typo; "cũng như" is "as well as")
            unlike = [name for at, _, name in names if not language.likens(seen[:at], to_an_uncovered=bool(others))]
            if others or unlike:
                operators = self._names(unlike)[0]
        if operators and others:  # "Mình làm ở MobiFone, ... Tổng công ty mình ...": the operator named
            others = tuple(other for other in others if other not in language.names_of_askers_company)
        if correct_typos and len(names) == 1 and operators and not others and language.likens(seen[: names[0][0]]):
            # "Local có đầu tư camera như VNPT không?": the one operator named is what another is likened to; that
            # other, named first, is a company no article covers (not "Có nhà mạng nào ... như VNPT không?")
            others = language.named_before_a_likeness(text)
            operators = () if others else operators
        # "Hạ tầng của công ty em ...", no operator named nor likened to: the one talked about, as "it" would be
        # (likened to one, "công ty em có góp như Viettel không?", it is a company no article covers)
        own_company = bool(others) and not any_operator_named and language.names_of_askers_company.issuperset(others)
        if correct_typos and not operators:
            others = (*others, *language.companies_not_covered(text))
        if correct_typos and operators:
            # (a place in a name is no place the others are in: "Viettel Telecom's director ... Viettel have?")
            operators = self._units_in_places(operators, _without(tokens, names))
        raw_tokens = _without(tokens, names)  # the names taken out: operators are not words to match
        invites = [(end, end + 1, "") for _, end, _ in names if _invites(tokens, end, language.people_starts)]
        if invites and "mỗi" not in text.lower():
            # "viettel moi bac si ...": between the operator and the people, "moi" is "mời" (invites), not "mỗi"
            raw_tokens = _without(tokens, sorted([*names, *invites]))
        if "moi" in raw_tokens:
            # typed with its marks, "mời" (to invite) and "mới" (new, just) are never "mỗi" (each)
            marked = vietnamese and "mỗi" not in text.lower()
            raw_tokens = _without_just(raw_tokens, language.everyone_after_moi if marked else language.unit_starts)
        followup_cue = correct_typos and language.has_followup_cue(raw_tokens, len(operators))
        received = correct_typos and language.received.found_in(raw_tokens)
        to_reach = correct_typos and language.to_reach.found_in(raw_tokens)
        relative_to = correct_typos and language.relative_to.found_in(raw_tokens)
        place_range = correct_typos and language.place_ranges.found_in(raw_tokens)
        set_aside = language.set_aside.matches(list(seen)) if correct_typos else []
        rare = language.rare_cues_in(list(seen)) if correct_typos else {}
        including, by_name, speaker_described = "including" in rare, "by_name" in rare, "unnamed_speakers" in rare
        asks_source = correct_typos and language.source_request.found_in(raw_tokens)
        article_said = language.article_said(list(seen), rare)
        future = correct_typos and language.speaks_of_the_future(raw_tokens)
        done = correct_typos and language.done.found_in(raw_tokens)
        positions = language.positions_named(list(seen)) if correct_typos else ()
        of_unnamed_body = bool(positions) and language.asks_someone_of_an_unnamed_body(list(seen))
        asks_a_part = correct_typos and language.part_cues.found_in(raw_tokens)
        in_weeks = correct_typos and language.weeks.found_in(raw_tokens)
        place_spans = language.places.matches(raw_tokens) if correct_typos else []
        places = tuple(dict.fromkeys(name for _, _, name in place_spans))
        if places and correct_typos:
            places = self._places_asked_about(text, places)
        # Names and places are in no language: "Who heads Viettel Nam Định?" is English.
        said = _without(raw_tokens, place_spans)
        if thing_spans:  # nor are the names of things: "the 'Viettel vì cộng đồng' programme" is English
            named = {word for start, end, _ in thing_spans for word in tokens[start:end]}
            said = [word for word in said if word not in named]
        # A knowledge-base text is read by its letters alone: the index reads 145,000 of them in a large base.
        lang = language.language_of(text, said, vietnamese) if correct_typos else ("vi" if vietnamese else None)
        read = language.without_the_ones_talked_about(raw_tokens) if correct_typos else raw_tokens
        clause_read = _when_as_a_clause(read, language) if lang == "en" else read
        rewritten = language.rewrite(clause_read, vietnamese=lang == "vi")
        apart = language.marked_apart(text) if vietnamese else frozenset()
        if apart:  # "tính cả 19 tỷ": "tính" is no "tỉnh", a province; still a word ("tính năng")
            misread = {language.token_of_phrase.get(word): word for word in apart}
            rewritten = [misread.get(token, token) for token in rewritten]
        rounding, places_said = language.rounding_asked(list(seen), rare)
        said_numbers = [*seen[: places_said.start], *seen[places_said.stop :]]  # "2 chữ số thập phân" is no figure
        numbers, years, months = (
            _numbers(
                said_numbers,
                language.referring_nouns,
                language.points_back,
                _decimals_in(text),
                language.before_a_date_or_time,
            )
            if correct_typos
            else ((), (), ())
        )
        question = (
            self._read_tokens(
                rewritten,
                raw_tokens,
                lang,
                "ho" in raw_tokens and bool(_THEY.search(text.lower())),
                years,
                language.ends_politely(text, asks_already=ASKED_AMOUNT in rewritten),
                apart,
                names_a_figure=bool(numbers or dates),
                asked_by_mark=text.rstrip().endswith("?"),
            )
            if correct_typos
            else self._read_for_index(rewritten, raw_tokens, lang)
        )
        if correct_typos and _bn_ends_another_question(said_tokens, question):
            # "vt vi cong dong ve lai chau ngay may bn": "bn" typed last after a question of its own is "bạn" (you),
            # not "bao nhiêu"
            question["asks"] = tuple(a for a in question["asks"] if a != ASKED_AMOUNT)
        if own_company:
            question["askers_company"] = True
        if places and ASKED_AMOUNT in question["asks"]:
            # "e ở ĐN, ..., vnpt lắp ở bn cơ sở?": where the asker is, no figure of that place alone asked (an
            # overview keeps it: "Mình ở Nam Định, các nhà mạng hỗ trợ gì?" is what they did there)
            asker_is = _where_the_asker_is(raw_tokens, place_spans)
            places = tuple(place for place in places if place not in asker_is)
        if (
            correct_typos
            and vietnamese
            and "q_place" in question["asks"]
            and _beginning_not_where(text, language, seen)
        ):
            question["asks"] = tuple(a for a in question["asks"] if a != "q_place")
        if correct_typos and people and not operators and "q_place" in question["asks"] and _works_where(raw_tokens):
            # "bà Vân làm ở đâu?": for whom she works, which her title says (not "chương trình ... làm ở đâu?")
            question["asks"] = tuple(dict.fromkeys("q_title" if a == "q_place" else a for a in question["asks"]))
        if correct_typos and question["unit"] == PERCENT_UNIT:
            # "được giảm cước bao nhiêu phần trăm?": a percentage of the attribute named (a discount), not of customers
            attributes = [w for w in question["words"] if language.unit_kind.get(w) in ATTRIBUTE_KINDS]
            if attributes:
                question["unit"], question["attribute"] = attributes[0], True
        if correct_typos and question["compare"] == ("c_average",) and len(operators) >= 2 and question["unit"] is None:
            # "On average, how many cameras did Viettel and VNPT each install?": each operator's cameras, averaged
            # over the operators (not a count per camera)
            question["unit"], question["per_unit"] = question["per_unit"], None
            question["per_operator"] = question["unit"] is not None
        if correct_typos and question["unit"] is None and set(question["compare"]) & _SELECTING:
            question["unit"] = _unit_compared(rewritten)  # "lắp camera ở nhiều tỉnh hơn": provinces are compared
        if (
            correct_typos
            and question["unit"] is None
            and question["compare"] == ("c_difference",)
            and len(operators) > 1
        ):
            # "Camera Viettel hơn MobiFone bao nhiêu cái?": the one thing counted the question names, of each
            counts = sorted({w for w in question["words"] if language.unit_kind.get(w) == "count"})
            question["unit"] = counts[0] if len(counts) == 1 else None
        if correct_typos and question["yesno"] and question["unit"] is None and numbers:
            # "Ông Dũng năm nay 60 tuổi đúng không?": the figure checked is in the unit said after it
            question["unit"] = next(
                (language.short_unit[b] for a, b in pairwise(raw_tokens) if a.isdigit() and b in language.short_unit),
                None,
            )
        if (
            correct_typos
            and not followup_cue
            and len(seen) <= TERSE_WORDS
            and _QUESTION_WORDS.isdisjoint(seen)
            and _terse_count(
                question, text, language.unit_kind, language.operator_units | language.named_alone, bool(operators)
            )
        ):
            # "Viettel headcount?", "Cyber Bot calls?": a thing counted, asked with no cue but the question mark
            question["asks"] = (ASKED_AMOUNT,)
            question["unit"] = next(w for w in question["words"] if language.unit_kind.get(w) == "count")
        if correct_typos and operators and not (numbers or people or places) and _asks_in_general(question):
            # "VNPT mùa dịch", "VNPT hỗ trợ chống dịch như thế nào?": only when is said (every article is of then),
            # and what was done in general
            question["overview"] = question["overview"] or language.says_only_the_setting(rewritten)
        if correct_typos and not question["compare"] and vietnamese and language.adds_up(text):
            question["compare"] = ("c_total",)  # "Cộng tiền quỹ vắc xin và tiền xây trung tâm thì Viettel góp bn?"
        if correct_typos and not question["compare"] and including and len(numbers) >= 2:
            # "Nếu tính cả 450 tỷ ... và 19 tỷ ... thì Viettel đã đóng góp bao nhiêu?": the two figures stated, added
            question["compare"] = ("c_total",)
        if correct_typos and not question["compare"] and "+" in text and max(len(numbers), len(operators)) >= 2:
            question["compare"] = ("c_total",)  # "450 tỷ + 19 tỷ = bn", "cam vt + cam vnpt = ?"
        if {"q_person", "q_quote"} <= set(question["asks"]) and "q_speaker" not in question["asks"]:
            question["asks"] = (*question["asks"], "q_speaker")  # "ai đã phát biểu?", "who said it?": a speaker
        # Not in a check: "Nam Định chỉ có 3 nhà mạng thôi đúng không?" states a figure to confirm.
        # Not in an either-or check either: "Nam Định có 4 hay 5 đơn vị viễn thông?" states two figures.
        checks = question.get("yesno") or len(numbers) >= 2
        counted = _operators_counted(rewritten, language) if correct_typos and not checks else None
        if counted is not None:
            number, at, length = counted  # "ba nhà mạng": the number is no figure, the words no subject
            question["words"] = tuple(w for w in question["words"] if w not in rewritten[at : at + length])
            question["operators_counted"] = number
            numbers = tuple(n for n in numbers if n != number)
            if question["unit"] in language.operator_units:
                question["unit"] = None  # "tổng 2 mạng bn": a sum over them, not a count of operators
            if not operators and number == len(language.top_operators):
                operators = language.top_operators  # "the three operators": all of them
        if correct_typos and ASKED_FUNDER in question["asks"]:
            # "mấy trung tâm đó tiền ở đâu ra?", "... came out of its profits, right?": who paid is asked; "mấy" is a
            # plural, a profit or a budget named is the source guessed, no figure
            question["asks"] = tuple(a for a in question["asks"] if a != ASKED_AMOUNT)
            question["unit"], question["attribute"] = None, False
            question["yesno"] = False  # "... out of its profits, right?": the source is told, no figure checked
        if correct_typos and ASKED_HOSPITAL not in question["asks"] and self._names_a_hospital(text):
            question["asks"] = (*question["asks"], ASKED_HOSPITAL)  # "BV Chợ Rẫy có trung tâm không?"
        if correct_typos:
            question["places_counted"] = _places_counted(raw_tokens, language.place_levels)
        if correct_typos and _many_as_a_plural(question, raw_tokens, language):
            # "Viettel tặng những gì cho người nghèo ở mấy tỉnh Tây Bắc?": "ở mấy tỉnh" is "in those provinces"
            question["asks"] = tuple(a for a in question["asks"] if a != ASKED_AMOUNT)
            question["unit"] = None
        if correct_typos and self._asks_for_the_unnamed(question, operators, rewritten):
            question["asks"] = (*question["asks"], ASKED_REST)
        if years:  # "back in 2013": a year qualifies (the signals check it against the facts'), it is no word
            year_words = {str(year) for year in years}
            words = [w for w in question["words"] if w not in year_words]
            for _ in range(sum(1 for w, after in pairwise(seen) if w == "nam" and after in year_words)):
                if "nam" in words:
                    words.remove("nam")  # "năm 2013": "năm" says a year follows; no Nam Định
            question["words"] = tuple(words)
        if _APART.intersection(question.get("compare", ())) and not places:
            # "tỉnh cuối cách tỉnh đầu mấy ngày?": "cách" says apart, the last and the first of what was talked about
            question["words"] = tuple(w for w in question["words"] if w not in _POSITIONS_APART)
        if correct_typos and "article_words" in rare and operators and set(question["asks"]) & ASKS_A_FIGURE:
            # "According to the vaccine fund article, how much did MobiFone give?": the article says where to look
            # (article_said), its words are no subject of the figure asked
            # (while a word of a subject remains: "theo bài năm 2013 thì Viettel có bao nhiêu khách hàng" keeps them)
            subject = tuple(w for w in question["words"] if w not in self._article_terms)
            if any(not w.startswith("u_") and not w.isdigit() for w in subject):
                question["words"] = subject
        if len(operators) >= 2:  # "tổng Viettel với MobiFone": the sum is to be made, not a whole to find
            question["words"] = tuple(w for w in question["words"] if w != WHOLE_WORD)
        return _question(
            text=text,
            lang=lang if correct_typos else None,
            folded=seen,
            operators=operators,
            others=others,
            people=people,
            numbers=numbers,
            years=years,
            months=months,
            dates=dates,
            before_or_after_a_date=bool(dates) and bool(_BEFORE_OR_AFTER_A_DATE.search(text)),
            followup_cue=followup_cue,
            unknown_names=unknown_names,
            places=places,
            received=received,
            to_reach=to_reach,
            relative_to=relative_to,
            place_range=place_range,
            set_aside_from=set_aside[0][1] if set_aside else None,
            asks_source=asks_source,
            article_said=article_said,
            future=future,
            done=done,
            positions=positions,
            of_unnamed_body=of_unnamed_body,
            asks_a_part=asks_a_part,
            in_weeks=in_weeks,
            rounding=rounding,
            including=including,
            by_name=by_name,
            speaker_described=speaker_described,
            things=things,
            belongs=correct_typos and not language.belongs.isdisjoint(raw_tokens),
            says_who_made=correct_typos and language.made.found_in(raw_tokens),
            since_year=_names_a_start(seen, rare.get("since", ()), years),
            article_talked_about=language.points_at_an_article(article_said),
            **question,
        )

    def _asks_for_the_unnamed(self, question: dict[str, Any], operators: tuple[str, ...], tokens: list[str]) -> bool:
        """ "Ngoài VNPT, Viettel và MobiFone thì 2 đơn vị viễn thông còn lại ở Nam Định tên là gì?": the rest of the
        operators when every one the articles cover is named already, whom they do not name."""
        language = self.language
        families = {language.family_of.get(op, op) for op in operators}
        return (
            ASKED_REST not in question["asks"]
            and bool(set(question["asks"]) & _ASKS_WHAT)
            and families >= set(language.top_operators)
            and _asks_for_the_rest(tokens, frozenset())
        )

    def _names_a_hospital(self, text: str) -> bool:
        """ "BV Chợ Rẫy", "Bệnh viện Bạch Mai"; not "bệnh viện Nam Định", a hospital of a place."""
        language = self.language
        return any(
            fold(name).split()[0] not in language.known_names
            and fold(name) not in language.place_of
            and not set(fold(name).split()) <= language.known_words  # a hospital the articles name is known
            for name in _NAMED_HOSPITAL.findall(text)
        )

    def _places_asked_about(self, text: str, places: tuple[str, ...]) -> tuple[str, ...]:
        """ "Sáng mai mình lên sóng ở Hà Nội. Cho hỏi Viettel góp quỹ bao nhiêu?": a place said in a sentence
        before the question is where the asker is, not what is asked about; one in the question stays."""
        sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
        if len(sentences) < 2:
            return places
        asking = [s for s in sentences if "?" in s] or sentences[-1:]
        named = {name for s in asking for _, _, name in self.language.places.matches(fold(s).split())}
        return tuple(place for place in places if place in named)

    def _unit_asked(
        self, tokens: list[str], lang: str | None, raw_tokens: list[str], apart: frozenset[str] = frozenset()
    ) -> str | None:
        """The unit a question or an example question asks for (see `_asked_unit`); `apart`: folded words typed as
        another word than the one they fold like, no short name of a unit ("tổng lại": again, not "lãi", profit)."""
        language = self.language
        if any(a in _HOW_MANY_ENDS and b in language.counters for a, b in pairwise(raw_tokens)):
            # "Trung tâm hội chẩn ... có bao nhiêu cái đặt ở ...?", "lắp camera khu cách ly bn cái?": "cái"
            # counts the thing named first, before any place it is in ("ở bệnh viện thành phố mấy cái?"
            # counts what was talked about)
            before = tokens[: tokens.index(ASKED_AMOUNT)] if ASKED_AMOUNT in tokens else []
            # (not an "ờ" opening the question, a filler, when another "ở" follows: "ờ Viettel lắp camera ở khu
            # cách ly bao nhiêu cái"; "ở bệnh viện thành phố mấy cái?" opens with where)
            start = 1 if before[:1] == ["o"] and "o" in before[1:] else 0
            subject = before[: before.index("o", start)] if "o" in before[start:] else before
            counted = next((t for t in subject if language.unit_kind.get(t) == "count"), None)
            if counted is not None:
                return counted
        short_unit = language.short_unit
        if not apart.isdisjoint(short_unit):
            short_unit = {word: unit for word, unit in short_unit.items() if word not in apart}
        return _asked_unit(
            tokens,
            language.unit_kind,
            short_unit,
            english=lang != "vi",
            wide=lang == "en",
            operator_units=language.operator_units,
        )

    def _names_an_owner(self, words: list[str]) -> bool:
        """The words right before "có bao nhiêu" name a thing counted, no operator or place, as what has what is
        counted: "Chương trình Viettel vì cộng đồng có mấy tỉnh?" (the programme's provinces, not Viettel's); not
        "Sau mấy cuộc gọi ... thì có bao nhiêu người ...?" (there are), nor "Tỉnh Nam Định có bao nhiêu thuê bao?"."""
        language = self.language
        subject = words[len(words) - words[::-1].index("thi") :] if "thi" in words else words
        return any(
            language.unit_kind.get(unit) == "count" and unit not in language.operator_units | language.place_units
            for _, _, unit in language.phrases.matches(subject)
        )

    def _names(self, found: list[str]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        language = self.language
        operators: dict[str, None] = {}
        others: dict[str, None] = {}
        people: dict[str, None] = {}
        if found:
            for name in found:
                if name in language.operator_of_alias:
                    operators[language.operator_of_alias[name]] = None
                elif name in language.person_of_alias:
                    people[language.person_of_alias[name]] = None
                else:
                    others[language.other_of_alias[name]] = None
        return tuple(operators), tuple(others), tuple(people)

    def _units_in_places(self, operators: tuple[str, ...], tokens: list[str]) -> tuple[str, ...]:
        """ "What did VNPT do in Nam Dinh?": VNPT Nam Định, the unit the articles name after that place."""
        units = self.language.unit_in_place
        if not any(place[0] in tokens for op in operators for place, _ in units.get(op, ())):
            return operators
        return tuple(
            dict.fromkeys(
                next(
                    (unit for place, unit in units.get(operator, ()) if _contains(tokens, place)),
                    operator,
                )
                for operator in operators
            )
        )

    def _read_for_index(self, tokens: list[str], raw_tokens: list[str], lang: str | None) -> dict[str, Any]:
        """What the index needs of a knowledge-base text: its words and cues exactly as a question's
        (so that they meet), and the unit it asks for; none of what only steers an answer."""
        words = self._index_words(tokens, vietnamese=lang == "vi")
        asks = [token for token in tokens if token[:2] == "q_"]
        if "q_yesno" in asks or (_asks_yes_or_no(raw_tokens, lang) and not [a for a in asks if a != "q_amount"]):
            words = [w for w in words if not w.isdigit()]
        asks = [a for a in dict.fromkeys(asks) if a != "q_yesno" and a != "q_overview"]
        if ASKED_LIST not in asks and _asks_for_a_list(raw_tokens):
            asks.append(ASKED_LIST)
        language = self.language
        if _asks_a_hospital(tokens, raw_tokens, language.hospital_unit):
            asks.append(ASKED_HOSPITAL)  # an example asking which hospital: its fact names hospitals
        asks += _asks_places_by_name(raw_tokens, language)
        if language.speaks_of_the_future(raw_tokens):
            asks.append(ASKED_FUTURE)  # an example asking what will be: its fact states a plan or a capacity
        unit = self._unit_asked(tokens, lang, raw_tokens)
        asks, unit = _duration_as_days(asks, unit)
        if unit is not None and ASKED_AMOUNT not in asks and language.unit_kind.get(unit) not in ATTRIBUTE_KINDS:
            asks.insert(0, ASKED_AMOUNT)
        return {
            "words": tuple(dict.fromkeys(words)),
            "asks": tuple(asks),
            "unit": unit,
            "attribute": language.unit_kind.get(unit or "") in ATTRIBUTE_KINDS,
            "possession": unit is not None and _has(raw_tokens, self._names_an_owner),
        }

    def _index_words(self, tokens: list[str], vietnamese: bool) -> list[str]:
        """The tokens that are words, stemmed: each token looked up once in a table learnt as texts are read
        (a knowledge base repeats a vocabulary of some thousands of tokens over its 170,000 texts)."""
        word_of = self._word_of_token[vietnamese]
        try:
            return [word for word in map(word_of.__getitem__, tokens) if word]
        except KeyError:  # a token not read before: learnt, with every other of the text
            stopwords = self.language.vietnamese_stopwords if vietnamese else self.language.stopwords
            for token in tokens:
                is_word = (token[:2] not in _NOT_WORDS or token == WHOLE_WORD) and token not in stopwords
                word_of[token] = stem(token) if is_word else ""
            return [word for word in map(word_of.__getitem__, tokens) if word]

    def _read_tokens(
        self,
        tokens: list[str],
        raw_tokens: list[str],
        lang: str | None,
        they_typed: bool = False,
        years: tuple[int, ...] = (),
        polite_ending: bool = False,
        apart: frozenset[str] = frozenset(),
        names_a_figure: bool = False,
        asked_by_mark: bool = False,
    ) -> dict[str, Any]:
        """What the words say; `they_typed`: "họ" (they) typed with its marks somewhere in the text; `years`: the
        years the question names (qualifiers, not figures to check); `polite_ending`: it ends with "ạ", typed
        with its marks, which asks nothing (folded, it is "à", which does); `apart`: folded words typed as
        another word than the one they fold like ("tôi", not "tới"); `asked_by_mark`: it ends with a question mark;
        `names_a_figure`: it names a figure or a date (a year or a month alone is no figure)."""
        language = self.language
        words: list[str] = []
        asks: list[str] = []
        compare: list[str] = []
        smalltalk: list[str] = []
        pronoun = None
        stopwords = language.vietnamese_stopwords if lang == "vi" else language.stopwords
        if not apart.isdisjoint(language.short_unit):
            # "tổng lại bao nhiêu?": "lại" (again) after what is computed, typed with its marks, is no "lãi" (profit)
            # and says nothing more ("còn lại", the rest, does)
            tokens = [t for before, t in pairwise(["", *tokens]) if before[:2] != "c_" or t not in apart]
        for token in tokens:
            kind = token[:2]
            if kind == "q_":
                asks.append(token)
            elif kind == "c_":
                compare.append(token)
                if token == WHOLE_WORD:
                    words.append(token)
            elif kind == "p_":
                pronoun = pronoun or token[2:]
            elif kind == "s_":
                smalltalk.append(token[2:])
            elif token not in stopwords:
                words.append(stem(token))
        if COMPARED in compare:
            # "so sánh Viettel vs MobiFone: gấp mấy lần?": "so sánh" (compare) leaves the operation to the words that
            # name one; alone, it asks the difference
            # ("so sánh tổng giá trị ...": a total named is a whole to compare, no operation)
            named = [c for c in compare if c not in (COMPARED, "c_total")]
            compare = (
                [c for c in compare if c != COMPARED]
                if named
                else ["c_difference" if c == COMPARED else c for c in compare]
            )
        if (
            pronoun is None
            and "no" in raw_tokens
            and len(raw_tokens) > 1
            and (lang == "vi" or (raw_tokens[0] == "no" and raw_tokens[1] in language.hints["vi"]))
        ):
            pronoun = "it"  # "nó gọi cho ai?", "ai dùng nó?": Vietnamese "nó" folds to the English "no"
            words = [w for w in words if w != "no"]
        opens_with_ho = raw_tokens[:1] == ["ho"] and raw_tokens[1:2] not in (["tro"], ["ten"])
        if pronoun is None and lang == "vi" and "ho" in raw_tokens and (opens_with_ho or they_typed):
            # "họ đến từ đâu?": "họ" opens the question (not "hỗ trợ", "họ tên"); "Hiện họ đã lắp ...": typed with
            # its marks anywhere ("họ tên" aside)
            pronoun = "they"
            words = [w for w in words if w != "ho"]
        spoken = _without_address(raw_tokens, language.address_terms)  # "... hả cháu?": "hả" ends what is said
        # "... thật không cháu?": asked before the address
        yesno = "q_yesno" in asks or (_asks_yes_or_no(spoken, lang) and not [a for a in asks if a != "q_amount"])
        if _asks_what_was_done(raw_tokens):
            asks.append("q_overview")  # "what did Viettel do?", "what has VNPT done?"
        particle = len(spoken) > 2 and spoken[-1] in language.yesno_particles
        # not Lai Châu's "châu", spoken before (but "Cháu ơi, ...": the same address, calling first)
        said_before = {w for w, after in pairwise([*spoken, ""]) if after != "oi"}
        address = [w for w in raw_tokens[len(spoken) :] if w not in said_before]
        # "... phải không cháu?", "còn cái kia thì sao cháu?": "cháu" is said to the bot (not "... ở Lai Châu")
        ends_asking = bool(spoken) and (spoken[-1] in _YESNO_END or spoken[-1] in _QUESTION_WORDS)
        # "bao nhiêu khách hàng hả cháu?", "tỉnh nào thế cháu?": no words ("Hà Giang", "Lai Châu"); a lone "châu"
        # at the end may be Lai Châu's, unless it follows what asks
        if particle or len(address) >= 2 or (address and ends_asking):
            words = [w for w in words if w not in address and not (particle and w == spoken[-1])]
        # "trị giá 90 tỷ hả?" (a year is no figure: "Năm 2020 Viettel có bao nhiêu khách hàng ạ?")
        stated = [t for t in tokens if t.isdigit() and int(t) not in years]
        states_a_figure = bool(stated) and set(asks) <= _VALUE_CUES
        asks_by_particle = particle and not polite_ending
        # "Lê Đăng Dũng là chủ tịch MobiFone à?": a statement to confirm; "hai bên cộng lại 650 tỷ hả?": a figure
        # computed (not "ai nhiều hơn hả?", which asks, nor "Viettel nhiều hơn MobiFone 250 tỷ hả?", which compares)
        figure_computed = states_a_figure and _SELECTING.isdisjoint(compare)
        if asks_by_particle and (figure_computed or not (compare or yesno or set(asks) - _ROLE_CUES)):
            yesno = True
        # "Viettel góp 200 tỷ?", "MobiFone góp quỹ ngày 5/6?": a statement with a figure or a date, asked by its
        # question mark alone, is to be confirmed
        asks_nothing = not (asks or compare or smalltalk) and pronoun is None and _QUESTION_WORDS.isdisjoint(tokens)
        if asked_by_mark and names_a_figure and asks_nothing:
            yesno = True
        asks = [a for a in dict.fromkeys(asks) if a != "q_yesno"]
        at_least = yesno and compare in ([], [_AT_LEAST]) and _bounds_a_figure(tokens, language.bounds_above)
        if at_least:
            compare = []  # "VNPT installed more than 3,000 cameras, is that accurate?": the claim's figure, a bound
        if yesno:  # the figure a yes/no question states is checked, not matched: it may be another's
            # (and its classifier with it: "vậy là 40.000 cái hả?", no "cài", to install)
            said_a_figure = any(w.isdigit() for w in words)
            words = [w for w in words if not (w.isdigit() or (said_a_figure and w in language.counters))]
        if ASKED_LIST not in asks and _asks_for_a_list(raw_tokens):
            asks.append(ASKED_LIST)
        if _asks_a_hospital(tokens, raw_tokens, self.language.hospital_unit):
            asks.append(ASKED_HOSPITAL)
        asks += _asks_places_by_name(raw_tokens, language)
        if set(asks) & _ASKS_WHAT and not compare and _asks_for_the_rest(tokens, language.operator_units):
            asks.append(ASKED_REST)
        unit = self._unit_asked(tokens, lang, raw_tokens, apart)
        # "How much did VNPT give?", "VNPT góp bao nhiêu?": an amount of money, though no unit is named
        gift_amount = unit is None and ASKED_AMOUNT in asks and not _MONEY_VERBS.isdisjoint(tokens) and not compare
        asks_duration = "q_duration" in asks
        asks, unit = _duration_as_days(asks, unit)
        # "Số trung tâm ... chiếm bao nhiêu phần trăm?": the thing counted before the share is its subject
        subject = (
            unit is not None and unit in tokens and "c_share" in tokens and tokens.index(unit) < tokens.index("c_share")
        )
        if "c_share" in compare and (unit is None or language.unit_kind.get(unit) in ATTRIBUTE_KINDS or subject):
            unit = PERCENT_UNIT  # "bao nhiêu phần trăm lợi nhuận": a percentage is asked, of the profit
        attribute = language.unit_kind.get(unit or "") in ATTRIBUTE_KINDS
        if unit is not None and ASKED_AMOUNT not in asks and not attribute:
            asks.insert(0, ASKED_AMOUNT)
        if (
            compare == ["c_average"]
            and not (yesno or unit or ASKED_AMOUNT in asks)
            and (not _WHICH.isdisjoint(raw_tokens) or ("q_what" in asks and not language.names_an_average(raw_tokens)))
        ):
            # "moi bac si chuyen khoa nao": which specialities (unmarked, "mời" reads as "mỗi"): an average is of an
            # amount, and nothing is counted where only which or what is asked ("What did Viettel Nam Dinh and VNPT
            # Nam Dinh each roll out?": what each did)
            compare = []
        per_unit = _per_unit(tokens, unit, stopwords, language.counters) if "c_average" in compare else None
        # "mỗi cơ sở mấy cái?": the unit named is what each is of (per facility); what is counted is what was
        # talked about
        lone = "c_average" in compare and per_unit is None and unit is not None
        if lone and _per_unit(tokens, None, stopwords, language.counters) == unit:
            per_unit, unit = unit, None
        averaged = compare == ["c_average"] and not yesno and not set(asks) - {ASKED_AMOUNT, "q_what"}
        if per_unit is not None and unit is None and not lone and averaged:
            # "each camera stream uses how many Mbps?": what each has is the other unit named, if one is
            unit = next((w for w in words if w.startswith("u_") and w not in (per_unit, WHOLE_WORD)), None)
        per_operator = per_unit in language.operator_units
        if per_operator:
            words = [w for w in words if w != per_unit]  # "mỗi nhà mạng": the mean over the operators named
            per_unit = None
        lengths = [c for c in compare if c in _TIME_BETWEEN]
        compare = _times_between(compare, unit, [t for t in raw_tokens if t not in apart] if apart else raw_tokens)
        if lengths and _TIME_BETWEEN.isdisjoint(compare) and ASKED_AMOUNT not in asks:
            # "miễn phí data trong bao nhiêu tháng?": no two events to span, so how long something lasted
            asks, unit = _duration_as_days([*asks, "q_duration"], unit)
        if set(compare) <= {"c_total", "c_average"}:  # "tổng đóng góp của A hơn của B bao nhiêu": a difference
            compare[:0] = _compares_in_vietnamese(raw_tokens)
        if "c_total" in compare and len(set(compare)) > 1:  # "tổng đóng góp gấp mấy lần ...": "tổng" names a whole
            compare = [c for c in compare if c != "c_total"] + ["c_total"]
        content = [w for w in words if w not in ("bot", "ad")]
        overview = "q_overview" in asks
        asks = [a for a in asks if a != "q_overview"]
        # "Xin chào, tôi là phóng viên báo Đà Nẵng.": an introduction that asks nothing (no "muốn biết" either)
        introduces = (
            not (asks or compare or yesno or overview)
            and self.language.introduces(raw_tokens)
            and not self.language.requests.found_in(raw_tokens)
        )
        if introduces and not smalltalk:
            smalltalk = ["greeting"]
        calls_about_something = pronoun is not None and set(smalltalk) <= {"greeting", "filler"}
        only_smalltalk = (
            bool(smalltalk) and (not content or introduces) and not asks and not compare and not calls_about_something
        )  # "Cháu ơi, thế còn cái kia?" refers to something ("Thanks, it was helpful!" does not ask about it)
        # "Chào cháu, cháu là ai?": who the bot is was asked, whatever greeted it
        # ("ok thanks, that helps a lot": the thanks, not the nod before it)
        said = "identity" if "identity" in smalltalk else next((kind for kind in smalltalk if kind != "filler"), None)
        if said == "ack":
            said = next((kind for kind in smalltalk if kind not in ("filler", "ack")), said)
        # A nod ("đã" folds to "dạ") is smalltalk only as the whole message
        pleasantry = said if said not in (None, "ack") and not only_smalltalk else None
        return {
            "words": tuple(dict.fromkeys(words)),
            "asks": tuple(asks),
            "unit": unit,
            "attribute": attribute,
            "per_unit": per_unit,
            "compare": tuple(dict.fromkeys(compare)),
            "yesno": yesno,
            "at_least": at_least,
            "pronoun": pronoun,
            "smalltalk": said if only_smalltalk else None,
            "pleasantry": pleasantry,
            # "mỗi cơ sở có bao nhiêu camera": what each facility has, not the operator
            "possession": unit is not None and per_unit is None and _has(raw_tokens, self._names_an_owner),
            "overview": overview,
            "asks_duration": asks_duration,
            "gift_amount": gift_amount,
            "per_operator": per_operator,
        }


BOTH_OPERATORS = "both_operators"  # the lexicon's rewrite of "cả hai nhà mạng", "both operators"


def _beginning_not_where(text: str, language: Language, folded: tuple[str, ...]) -> bool:
    """ "Từ đầu năm 2020", "đến đầu tháng 11": typed with its marks, "đầu" (the beginning) is no "đâu" (where)."""
    lowered = text.lower()
    return "đầu" in lowered and "đâu" not in lowered and not language.place_cues_not_dau.found_in(list(folded))


def _operators_counted(tokens: list[str], language: Language) -> tuple[int, int, int] | None:
    """ "3 nhà mạng", "the three operators", "tổng 2 mạng": how many operators, and where it is said (the
    index of its first word and how many words say it)."""
    if BOTH_OPERATORS in tokens:
        return 2, tokens.index(BOTH_OPERATORS), 1
    for index, token in enumerate(tokens[:-1]):
        number = int(token) if token.isdigit() and len(token) == 1 else language.number_words.get(token)
        following = tokens[index + 1]
        if number and (
            following in language.operator_units or language.short_unit.get(following) in language.operator_units
        ):
            return number, index, 2
    return None


def _many_as_a_plural(question: dict[str, Any], raw_tokens: list[str], language: Language) -> bool:
    """ "mấy" after a preposition or "mà" (lexicon `before_a_plural`) or before a thing and a demonstrative ("tên mấy
    bệnh viện đó"), in a question that asks what, which things or a name ("những gì ... ở mấy tỉnh?", "cái app ... mà
    mấy nhà mạng chỉ cài tên gì?"): a plural ("those few"), not "how many" (which "ở mấy tỉnh?" alone asks)."""
    asks = question["asks"]
    if ASKED_AMOUNT not in asks or not {ASKED_LIST, "q_what", "q_name"} & set(asks) or question["compare"]:
        return False
    return any(
        word == "may"
        and (
            (index and raw_tokens[index - 1] in language.before_a_plural)
            or not language.demonstratives.isdisjoint(raw_tokens[index + 2 : index + 2 + PLURAL_NOUN_WORDS])
        )
        for index, word in enumerate(raw_tokens)
    )


PLURAL_NOUN_WORDS = 2  # "mấy [bệnh viện] đó": the words of the thing between "mấy" and the demonstrative


def _when_as_a_clause(tokens: list[str], language: Language) -> list[str]:
    """ "What rank did he hold when the centres were presented?": "when" after the question's other words opens a
    clause that dates what is asked, and asks no date (unless it opens the question or a second one: "..., and
    when?")."""
    asking = language.english_question_words
    if (
        tokens[:1] == ["when"]
        and tokens[1:2]
        and tokens[1] not in language.auxiliaries
        and not asking.isdisjoint(tokens[2:])
    ):
        # "When Viettel sent doctors to ..., what did patients receive?": the opening clause dates what is asked
        # ("When did ...": a question; lexicon `auxiliaries`)
        return ["at_that_time", *tokens[1:]]
    if "when" not in tokens[1:]:
        return tokens
    return [
        "at_that_time" if t == "when" and 0 < i < len(tokens) - 1 and tokens[i - 1] not in _OPENS_A_QUESTION else t
        for i, t in enumerate(tokens)
    ]


_OPENS_A_QUESTION = frozenset(
    {"and", "or", "but", "so", "then", "exactly", "precisely", "since", "from", "until", "till"}
)


def _invites(tokens: list[str], at: int, people_starts: frozenset[str]) -> bool:
    """ "moi" at `at`, right after an operator's name and before people ("bác sĩ"): "mời", to invite."""
    return tokens[at : at + 1] == ["moi"] and tokens[at + 1 : at + 2] != [] and tokens[at + 1] in people_starts


def _without_just(tokens: list[str], unit_starts: frozenset[str]) -> list[str]:
    """ "mới lắp được" (just installed) folds like "mỗi cơ sở" (each facility): "moi" before no thing counted
    is "mới", which says nothing to match, and never an average."""
    return [
        token
        for index, token in enumerate(tokens)
        if token != "moi" or (index + 1 < len(tokens) and tokens[index + 1] in unit_starts)
    ]


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1))


def _without(words: list[str], spans: list[tuple[int, int, str]]) -> list[str]:
    if not spans:
        return words
    kept: list[str] = []
    done = 0
    for start, end, _ in spans:
        kept.extend(words[done:start])
        done = end
    kept.extend(words[done:])
    return kept


def _asked_unit(
    tokens: list[str],
    unit_kind: dict[str, str],
    short_unit: dict[str, str],
    english: bool = False,
    wide: bool = False,
    operator_units: frozenset[str] = frozenset(),
) -> str | None:
    """The unit right after "bao nhiêu" / "how many" (or "số ..."), else an attribute the question names.

    English puts adjectives before the noun ("how many surveillance cameras"); Vietnamese
    puts the noun right after ("bao nhiêu camera"), and what follows later is another
    part of the sentence ("quyên góp bao nhiêu để xây trung tâm")."""
    asked = ASKED_AMOUNT in tokens
    money_asked = "q_money" in tokens  # "lãi bao nhiêu tiền?"
    kinds = list(map(unit_kind.get, tokens))  # in C: most texts name no unit of these kinds
    if "rate" in kinds:  # "bao nhiêu cuộc mỗi ngày?": a rate per day, whatever is counted
        return tokens[kinds.index("rate")]
    if wide and tokens[-1:] == [ASKED_AMOUNT]:
        # "Viettel cameras at northern quarantine areas — how many?": asked last in English, of the first thing
        # counted (English puts what qualifies a noun after it; a place named first is where, not what)
        head = next((t for t, kind in zip(tokens, kinds, strict=True) if kind == "count" and t != PROVINCE_UNIT), None)
        if head is not None:
            return head
    if asked or money_asked or not _UNIT_AFTER.isdisjoint(tokens):  # most texts of a knowledge base ask nothing
        unit = _unit_after_a_cue(tokens, short_unit, english, wide)
        if unit is not None and money_asked and unit_kind.get(unit) == "count" and _after(tokens, "q_money", unit):
            # "the total value of ..., social welfare programmes included": money asked, of the things counted after
            # (not "Với tổng giá trị 19 tỷ, Viettel tặng bao nhiêu trung tâm?": the count asked right after its cue)
            count_asked = any(pair == (ASKED_AMOUNT, unit) for pair in pairwise(tokens))
            return unit if count_asked else MONEY_UNIT
        if unit is not None:
            return unit
    # "giá 1 camera ... bao nhiêu" (not "MobiFone mạng mình góp bao nhiêu?": "mạng" names the operator)
    # (not the people who gave: "nhân viên quyên góp bao nhiêu?" asks how much they gave)
    gave = asked and DONATED in tokens[1 : tokens.index(ASKED_AMOUNT)]
    if asked and tokens[0] in short_unit and short_unit[tokens[0]] not in operator_units and not gave:
        return short_unit[tokens[0]]
    at = tokens.index(ASKED_AMOUNT) if asked else -1
    if asked and at + 1 < len(tokens) and tokens[at + 1] in _SCALES:
        # "Khách hàng ... khoảng bao nhiêu triệu?": millions of the one thing counted the question names
        counted = [t for t in dict.fromkeys(tokens) if unit_kind.get(t) == "count" and t not in operator_units]
        if len(counted) == 1:
            return counted[0]
    if asked and MONEY_UNIT in tokens:
        return MONEY_UNIT  # "How much did Viettel spend on cameras?": money, whatever it bought
    # An attribute named anywhere ("số máy tổng đài"); whether it is asked or only the subject
    # ("Viettel trích lợi nhuận để làm gì?") is for the signals to tell, fact by fact.
    return tokens[kinds.index("attribute")] if "attribute" in kinds else None


def _after(tokens: list[str], first: str, then: str) -> bool:
    """`then` comes after `first` in the tokens (both among them)."""
    return first in tokens and then in tokens[tokens.index(first) + 1 :]


def _where_the_asker_is(tokens: list[str], spans: list[tuple[int, int, str]]) -> set[str]:
    """ "e ở ĐN, khu cách ly của e có cam, vnpt lắp ở bn cơ sở?", "I'm from Huế, ...": a place right after the asker
    and "ở" / "from" is where they are, no place the question asks about (its words still fit the facts); not one
    named again elsewhere, nor when the question asks of where they are ("ở chỗ em", "here")."""
    if not _HERE.isdisjoint(pairwise(tokens)) or "here" in tokens:
        return set()
    said_by_the_asker = [
        name
        for start, _, name in spans
        if start >= 2 and tokens[start - 1] in _AT_WORDS and tokens[start - 2] in _SUBJECTS
    ]
    named = [name for _, _, name in spans]
    return {name for name in said_by_the_asker if named.count(name) == said_by_the_asker.count(name)}


_AT_WORDS = frozenset({"o", "tai", "from", "in"})  # "em ở", "mình tại", "I'm from", "I'm in"
# The asker as the subject: "em ở", "mình ở", "tôi ở", "I'm in", "I am from" (not "tell me in Hanoi")
_SUBJECTS = frozenset({"e", "em", "minh", "toi", "tui", "chau", "m", "am"})
_HERE = frozenset({("cho", "em"), ("cho", "minh"), ("cho", "toi"), ("o", "day"), ("tai", "day")})  # "ở chỗ em"


def _unit_after_a_cue(tokens: list[str], short_unit: dict[str, str], english: bool, wide: bool) -> str | None:
    """The unit a cue asks for; `wide`: a question known to be English, whose noun may come further on."""
    # "số tiền ấy chia ra mấy đợt?": the unit right after "bao nhiêu" / "mấy" before the one after "số"
    right_after = next((b for a, b in pairwise(tokens) if a == ASKED_AMOUNT and b.startswith("u_")), None)
    if right_after is not None:
        return right_after
    for index, token in enumerate(tokens):
        if token not in _UNIT_CUES:  # the cues the unit is read around (most words are none)
            continue
        counted = token in _COUNT_OF and not (english and token == "so")  # "tổng số bác sĩ", not "so patients"
        if token in (ASKED_AMOUNT, "c_difference", WHOLE_WORD) or counted:
            # "the difference between A's and B's camera numbers" (not "in total, including ... programmes")
            window = UNIT_WINDOW_AFTER_ENGLISH if wide and token == "c_difference" else UNIT_WINDOW_AFTER
            # "how many of the 178 centres": "of the" and a number stated are no words of the window
            rest = tokens[index + 1 :]
            skipped = next((i for i, t in enumerate(rest) if t not in _OF_WORDS and not t.isdigit()), len(rest))
            for following in rest[: skipped + window]:
                if following.startswith("u_"):
                    return following
                if token == ASKED_AMOUNT and following in short_unit:
                    after = tokens[index + 2] if index + 2 < len(tokens) else ""
                    if after not in _NOUN_PHRASE_STARTS:  # "bao nhiêu qua các hoạt động": "via", not "quà"
                        return short_unit[following]
                if following in _OF_WORDS or following.isdigit():
                    continue  # "how many of Viettel's customers", "how many of the 178 centres"
                if following.startswith(("q_", "c_")) or following in _CLAUSE_WORDS or not following.isascii():
                    break
                if not _ENGLISH_WORD.match(following):
                    break
        if token == ASKED_AMOUNT:
            before = tokens[max(0, index - UNIT_WINDOW_BEFORE) : index]
            # "nhân viên quyên góp bao nhiêu?": people who gave, and how much they gave (no count of them)
            before = before[before.index(DONATED) + 1 :] if DONATED in before else before
            for preceding in before:
                if preceding.startswith("u_") or preceding in short_unit:
                    return short_unit.get(preceding, preceding)
        if token == "q_money":  # "lãi bao nhiêu tiền?": the profit, in money (not "the centres worth": their value)
            for preceding in tokens[max(0, index - UNIT_WINDOW_BEFORE) : index]:
                if preceding in short_unit:
                    return short_unit[preceding]
    return None


_DRAWN_OUT = re.compile(r"([a-z])\1{2,}")  # a letter three times or more: no Vietnamese or English word has one


_UNIT_CUES = frozenset({ASKED_AMOUNT, "c_difference", WHOLE_WORD, "q_money", *_COUNT_OF})


def _unit_compared(tokens: list[str]) -> str | None:
    """ "nhiều tỉnh hơn", "ít camera nhất": the unit right after "nhiều" / "ít" in a Vietnamese comparative."""
    for index, token in enumerate(tokens[:-1]):
        if token in ("nhieu", "it") and tokens[index + 1].startswith("u_"):
            return tokens[index + 1]
    return None


_APART = frozenset({"c_days_between", "c_months_between", "c_years_between"})
_POSITIONS_APART = frozenset({"cach", "dau", "cuoi", "u_province"})  # "tỉnh cuối cách tỉnh đầu"
_SELECTING = frozenset({"c_more", "c_less", "c_most", "c_least"})
_LIST_ONLY = frozenset({ASKED_LIST})  # "những gì?" and nothing narrower


def _duration_as_days(asks: list[str], unit: str | None) -> tuple[list[str], str | None]:
    """ "trong bao lâu?", "how long?": an amount of days."""
    if "q_duration" not in asks:
        return asks, unit
    return list(dict.fromkeys(ASKED_AMOUNT if a == "q_duration" else a for a in asks)), unit or DURATION_UNIT


_AT_LEAST = "c_more"  # "more than 3,000": said of the figure right after it
_HOW_MANY_ENDS = frozenset({"nhieu", "may"})  # "bao nhiêu cái", "mấy chiếc": a counter follows


def _bounds_a_figure(tokens: list[str], above: frozenset[str]) -> bool:
    """ "more than 3,000", "hơn 2.400": a bound said of the figure right after it, not a comparison asked."""
    return any((token == _AT_LEAST or token in above) and after.isdigit() for token, after in pairwise(tokens))


def _a_unit_per_another(tokens: list[str]) -> bool:
    """After "average": "cameras per facility" (a unit, a cue, a unit), not "per facility on average"."""
    return len(tokens) == 3 and tokens[0][:2] == "u_" and tokens[1] == "c_average" and tokens[2][:2] == "u_"


def _bn_ends_another_question(said: list[str], question: dict[str, Any]) -> bool:
    """ "... ngày mấy bn": "bn" typed once, last, after asking when or where, and nothing counted or compared."""
    asks = question["asks"]
    return (
        said[-1:] == ["bn"]
        and said.count("bn") == 1
        and ASKED_AMOUNT in asks
        and bool(set(asks) & _WHEN_OR_WHERE)
        and question.get("unit") is None
        and not question.get("compare")
    )


def _per_unit(
    tokens: list[str], asked: str | None, stopwords: set[str] | frozenset[str], counters: frozenset[str]
) -> str | None:
    """The unit just after "mỗi" / "per" / "each" (c_average tokens), other than the one asked for; a word
    no unit names there ("mỗi sổ") is an item of its own (ITEM_UNIT), which no figure counts, and so is a
    counter ("mỗi cái giá bao nhiêu tiền?": each one, whose price no figure gives). "average cameras per
    facility": the unit between two cues is what is averaged, per the one after the second."""
    for index, token in enumerate(tokens):
        if token == "c_average" and _a_unit_per_another(tokens[index + 1 : index + 4]):
            continue
        if token == "c_average" and tokens[index + 1 : index + 2] and tokens[index + 1] in counters:
            return ITEM_UNIT
        if token == "c_average":  # "each quarantine facility": a word or two may qualify the unit
            following = next((t for t in tokens[index + 1 : index + 4] if t.startswith("u_")), None)
            if following is not None and following != asked:
                return following
            # "mỗi sổ (trị giá) bao nhiêu": a word, then what is asked of each (not "what each gave", "đổi mới
            # công tác", "mỗi bên": a side, a stopword)
            item, *cue = tokens[index + 1 : index + 3] or [""]
            asked_of_it = any(c in (ASKED_AMOUNT, "q_money") for c in cue)
            if following is None and item not in stopwords and item[1:2] != "_" and asked_of_it:
                return ITEM_UNIT
    return None


def _asks_what_was_done(tokens: list[str]) -> bool:
    """ "What did Viettel do ...?", "what has VNPT done ...?", "what is VNPT doing about ...?" (not "what is ...
    designed to do?")"""
    if "what" not in tokens:
        return False
    after = tokens[tokens.index("what") + 1 :]
    auxiliaries = set(after[:2])
    if {"is", "are", "was", "were"} & auxiliaries:
        return "doing" in after
    return bool({"did", "has", "have"} & auxiliaries) and bool({"do", "done", "doing"} & set(after))


def _has(tokens: list[str], names_an_owner: Callable[[list[str]], bool]) -> bool:
    """ "có bao nhiêu", "does Viettel have": the question asks what its subject has, unless the words before "có"
    name a thing that has it (`names_an_owner`)."""
    text = " ".join(tokens)
    # English "have" owns only as the main verb, at the end: "how many customers does Viettel have?", not
    # "how many calls has Cyber Bot made?". Vietnamese likewise, unless a clause follows the thing counted:
    # "VNPT có bao nhiêu cơ sở được gắn camera?" counts facilities that got cameras, not facilities it owns; nor
    # does "có mấy trung tâm do Viettel tặng?" (given by Viettel).
    owned = re.search(r"(?<![a-z])co (bao nhieu|may|bn|bnhieu)(?![a-z])(.*)", text)
    if owned and not re.search(r"(?<![a-z])(duoc|dc|da|bi|do)(?![a-z])", owned.group(2)):
        # "Chương trình Viettel vì cộng đồng có mấy tỉnh?": the programme has them, not the operator
        return not names_an_owner(text[: owned.start()].split())
    return bool(tokens) and tokens[-1] in ("have", "has", "had") and ("many" in tokens or "much" in tokens)


DIFFERENCE_REACH = 18  # "A hơn [khoản nhân viên quyên góp làm trung tâm hội chẩn] bao nhiêu": words between


_COMPARING_WORDS = frozenset({"nhieu", "it", "cong", "hay", "nao", "hon", "kem"})  # what the reading below starts at


def _compares_in_vietnamese(tokens: list[str]) -> list[str]:
    """ "lắp nhiều camera hơn", "nhiều máy thở nhất": the comparative wraps its noun; "hơn số tiền ... bao
    nhiêu": a difference."""
    if _COMPARING_WORDS.isdisjoint(tokens):  # most questions compare nothing: one pass in C
        return []
    for index, token in enumerate(tokens):
        if token not in _COMPARING_WORDS:
            continue
        if token in ("nhieu", "it") and "hon" in tokens[index + 2 : index + 8]:
            return ["c_more" if token == "nhieu" else "c_less"]
        if token in ("nhieu", "it") and "nhat" in tokens[index + 2 : index + 6]:
            return ["c_most" if token == "nhieu" else "c_least"]
        if token == "cong" and index == 0 and ({"voi", "lan"} & set(tokens) or tokens[1:2] == ["ca"]):
            return ["c_total"]  # "Cộng A với B", "cộng cả A lẫn B": not "cộng đồng"
        if token == "cong" and tokens[index + 1 : index + 2] and tokens[index + 1].isdigit():
            return ["c_total"]  # "178 trung tâm cộng 1.000 cơ sở": not "công bố", "cộng đồng"
        if token in ("hay", "nao") and tokens[-1] == "truoc":
            return ["c_earlier"]  # "MobiFone hay Viettel góp quỹ trước?", "bên nào ... trước?": which came first
        approximately = tokens[index - 1 : index] in (["khoang"], ["co"])  # "có khoảng hơn bao nhiêu triệu"
        qualifies = tokens[index + 1 : index + 2] != [] and tokens[index + 1].isdigit()  # "lắp hơn 2.400 camera"
        if (
            token in ("hon", "kem")
            and not approximately
            and not qualifies
            and any(t in ("bao", "bn", "may") for t in tokens[index + 1 : index + DIFFERENCE_REACH])
        ):
            return ["c_difference"]
    return []


_ASKS_WHAT = frozenset({"q_what", "q_name", ASKED_LIST})
# Cues a role noun makes ("lãnh đạo"): in "Dũng là lãnh đạo MobiFone à?" they ask nothing; the particle does
_ROLE_CUES = frozenset({ASKED_PEOPLE})
_WHEN_OR_WHERE = frozenset({"q_time", "q_year", "q_place", "q_place_named"})  # asked with no amount
_WHICH = frozenset({"nao", "gi"})  # "bệnh viện (trung ương) nào"
_LEVELS = frozenset({"tuyen", "level", "levels", "cap", "tier"})
_WHICH_CUES = frozenset({"q_what", "q_place", "q_place_named", "q_name"})  # "which hospital", "name the hospitals"
WHICH_CUE_WINDOW = 4  # words before "hospital" a cue asking which may stand in ("names of the city hospitals")


def _asks_a_hospital(tokens: list[str], raw_tokens: list[str], hospital: str | None) -> bool:
    """ "Những bệnh viện nào ...?", "Which hospital in Hanoi ...?", "Kể tên 27 bệnh viện ...": a hospital by
    its name, which only a fact whose examples ask it answers (this knowledge base's articles name none)."""
    if hospital is None or hospital not in tokens:
        return False
    for index, token in enumerate(tokens):
        if token != hospital:
            continue
        if not _LEVELS.isdisjoint(tokens[max(0, index - 3) : index + 3]):
            return False  # "bệnh viện tuyến nào?", "what level of hospital?": the articles give the levels
        if not _WHICH.isdisjoint(tokens[index + 1 : index + 4]) or not _WHICH_CUES.isdisjoint(
            tokens[max(0, index - WHICH_CUE_WINDOW) : index]
        ):
            return True
    return "ke" in raw_tokens and "ten" in raw_tokens  # "kể tên ... bệnh viện"


_THE_OTHER = (("the", "other"), ("the", "remaining"), ("the", "rest"))


def _asks_for_the_rest(tokens: list[str], operator_units: frozenset[str]) -> bool:
    """ "3 thành phần còn lại là gì?", "what are the other three components?": the others of things the
    articles count, of which they name one at most (not "the other operators", whom they name)."""
    for index, token in enumerate(tokens):
        if not token.startswith("u_") or token in operator_units:
            continue
        if tokens[index + 1 : index + 3] == ["con", "lai"] or tokens[index + 1 : index + 2] == ["kia"]:
            return True
        before = tokens[max(0, index - 3) : index]
        if any(tuple(before[i : i + 2]) in _THE_OTHER for i in range(len(before) - 1)):
            return True
    return False


_SPAN_WORDS = frozenset(
    {
        "cach",
        "truoc",
        "sau",
        "giua",
        "between",
        "from",
        "before",
        "after",
        "apart",
        "passed",
        "separate",
        "separates",
        "elapsed",
    }
)
_BETWEEN_WORDS = frozenset({"cach", "giua", "between", "apart"})
_TIME_BETWEEN = frozenset({"c_years_between", "c_months_between"})
SPANS = frozenset({"c_days_between", *_TIME_BETWEEN})  # the time between two events


def _times_between(compare: list[str], unit: str | None, tokens: list[str]) -> list[str]:
    """ "Từ A đến B là mấy tháng?", "how many days were there between A and B?": a time between two events,
    only when the question spans two ("Viettel hoạt động bao nhiêu năm?" counts no time between); "tới
    tháng 11/2013 là mấy tháng?" after an answer dated 6/2013 spans from that date."""
    # "đến" / "tới" first: most questions have neither, and then no token is looked at for a year
    from_to = not {"den", "toi"}.isdisjoint(tokens) and (
        _from_said(tokens) or any(_is_a_year(token) for token in tokens)
    )
    if not (from_to or not _SPAN_WORDS.isdisjoint(tokens)):
        return [c for c in compare if c not in _TIME_BETWEEN]
    if unit == DURATION_UNIT and not compare and (from_to or not _BETWEEN_WORDS.isdisjoint(tokens)):
        return ["c_days_between"]  # not "trước hạn bao nhiêu ngày?", which a figure of days answers
    return compare


def _is_a_year(token: str) -> bool:
    """ "2013", not "1000" (a thousand facilities)."""
    return len(token) == 4 and token.isdigit() and 1900 <= int(token) <= 2100


def _from_said(tokens: list[str]) -> bool:
    """ "từ" as "from", not in "từ xa" (remote): "cho toi hoi ... khám chữa bệnh từ xa" spans no time."""
    return any(token == "tu" and after != "xa" for token, after in pairwise([*tokens, ""]))


def _without_address(tokens: list[str], address: frozenset[str]) -> list[str]:
    """The words before the ones that only address the listener at the end ("... thế cháu", "... ạ bạn")."""
    end = len(tokens)
    while end > 0 and tokens[end - 1] in address:
        end -= 1
    return tokens[:end]


def _places_counted(tokens: list[str], levels: frozenset[str]) -> int:
    """ "32 tỉnh thành", "the 32 provinces": a number right before a kind of place (not a year: "tháng 11/2013,
    tỉnh nào ...")."""
    counted = (
        int(number) for number, level in pairwise(tokens) if number.isdigit() and level in levels and number[0] != "0"
    )
    return max((count for count in counted if count < _A_YEAR), default=0)


_A_YEAR = 1000  # no article counts this many provinces: a number this large before "tỉnh" is a year

_NAME_THEM = frozenset({("ke", "ten"), ("liet", "ke"), ("name", "the"), ("list", "the")})  # "kể tên", "name the"


def _without_specifically(tokens: list[str]) -> list[str]:
    """The words without "cụ thể" (specifically) before "nào": folded, "cụ thể nào" reads "thế nào" (how)."""
    if "cu" not in tokens:
        return tokens
    kept: list[str] = []
    for token in tokens:
        if token == "nao" and kept[-2:] == ["cu", "the"]:
            del kept[-2:]
        kept.append(token)
    return kept


def _asks_places_by_name(tokens: list[str], language: Language) -> list[str]:
    """ "những tỉnh phía Bắc nào", "which northern provinces": provinces by name, with words between the
    kind of place and "nào" that no fixed phrase foresees; "ở huyện nào", "which district": a locality.
    Not "tính năng nào" nor "tuyến tỉnh, huyện? bên nào" (a level named, then another question)."""
    levels = language.place_kinds
    if levels.isdisjoint(tokens):  # most questions name no kind of place: one pass in C
        return []
    tokens = _without_specifically(tokens)  # "những tỉnh phía Bắc cụ thể nào": "nào" as near as without it
    asked = []
    for index, token in enumerate(tokens):
        if token not in levels or (index > 0 and tokens[index - 1] in levels):
            continue
        pairs = (tuple(tokens[index - 1 : index + 1]), tuple(tokens[index : index + 2]))
        if any(pair in language.not_places for pair in pairs):
            continue
        before = tokens[max(0, index - 3) : index]
        named = not {"which", "what"}.isdisjoint(before) or any(pair in _NAME_THEM for pair in pairwise(before))
        if "nao" in tokens[index + 1 : index + 4] or named:  # "những tỉnh nào", "which provinces", "kể tên 32 tỉnh"
            asked.append(ASKED_NAMED_PLACE if token in language.place_levels else ASKED_LOCALITY)
    return asked


LIST_NOUN_WORDS = 5  # "những giải pháp công nghệ nào": the words a list's noun may take before "nào"


def _asks_for_a_list(tokens: list[str]) -> bool:
    """ "Những nhà mạng nào ...", "các tỉnh nào ...", "Which operators ..." """
    if "nao" not in tokens and "which" not in tokens:
        return False
    for index, token in enumerate(tokens):
        following = tokens[index + 1 : index + LIST_NOUN_WORDS + 1]
        if token in ("nhung", "cac") and "nao" in following:
            at = following.index("nao")
            if at == 0 or following[at - 1] != "the":  # (not "các nhà mạng góp thế nào": how, not which)
                return True
        if token == "which" and index + 1 < len(tokens) and tokens[index + 1].endswith("s"):
            return True
    return False


def _asks_yes_or_no(tokens: list[str], lang: str | None) -> bool:
    """ "Viettel có góp quỹ không?", "đã góp chưa?", "Did Viettel give ...?" (not "Độ trễ ...?")"""
    if not tokens:
        return False
    if tokens[-1] in _YESNO_END or (len(tokens) > 1 and tokens[-2] in _YESNO_END and tokens[-1] in ("a", "vay", "z")):
        return "co" in tokens or "da" in tokens or tokens[-1] == "chua"
    return lang != "vi" and tokens[0] in _YESNO_START


_MONTH = ("thang", "month")
# Words a year follows: "năm 2013", "in 2013", "the 2013 programme", "between 2013 and 2020", "từ 2013 đến 2020",
# "hiện nay (2024)", "now (2024)"
_BEFORE_A_YEAR = frozenset(
    {"nam", "in", "year", "the", "since", "from", "between", "and", "tu", "den", "nay", "now"}
    | {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october"}
    | {"november", "december"}
)


TERSE_WORDS = 6  # a question of at most this many words, no cue and a question mark: "Viettel headcount?"
_QUESTION_WORDS = frozenset({"nao", "gi", "j", "ai", "sao", "which", "what", "who", "whom", "whose"})


def _asks_in_general(question: dict[str, Any]) -> bool:
    """Nothing, or what or how in general: no other cue, comparison, check, pronoun or small talk."""
    general = set(question["asks"]) <= {"q_how", "q_what", ASKED_LIST}
    return general and not any(question[key] for key in ("compare", "yesno", "pronoun", "smalltalk"))


def _works_where(tokens: list[str]) -> bool:
    """ "làm ở đâu", "làm tại đâu": where someone works."""
    return any(tokens[i : i + 3] in (["lam", "o", "dau"], ["lam", "tai", "dau"]) for i in range(len(tokens) - 2))


def _unglued(tokens: list[str], known: set[str] | frozenset[str]) -> list[str]:
    """The number and the known word typed after it without a space, apart ("200ty": "200", "ty"); not a name
    such as "4g" (one letter) nor an unknown word. "200bn" is 200 billion, though "bn" alone is "bao nhiêu"."""
    result: list[str] = []
    for token in tokens:
        glued = _GLUED.fullmatch(token)
        number = token.rstrip("abcdefghijklmnopqrstuvwxyz") if glued else ""
        word = _GLUED_SCALES.get(token[len(number) :], token[len(number) :])
        if glued and word in known:
            result += [number, word]
        else:
            result.append(token)
    return result


def _terse_count(
    question: dict[str, Any], text: str, kinds: dict[str, str], not_counted: frozenset[str], named: bool
) -> bool:
    """A few words naming a thing counted, with a question mark and no cue: how many is asked (of whom it names;
    "camera?" alone is broad: each operator's cameras). `not_counted`: units never counted so (operators, a
    programme)."""
    words = question["words"]
    return (
        text.rstrip().endswith("?")
        and not (question["asks"] or question["compare"] or question["yesno"] or question["overview"])
        and (2 if not named else 1) <= len(words) <= TERSE_WORDS
        # the thing counted heads the words or ends them ("Cyber Bot calls?", "camera VNPT?"): not one a word
        # before it is of ("Architecture of VNPT's camera system?")
        and any(kinds.get(w) == "count" and w not in not_counted for w in (words[0], words[-1]))
    )


def _names_a_start(tokens: tuple[str, ...], cues: Sequence[tuple[int, int]], years: tuple[int, ...]) -> bool:
    """ "từ năm 2010", "since 2018": a `since` cue right before a year the question names."""
    return any(end < len(tokens) and tokens[end].isdigit() and int(tokens[end]) in years for _, end in cues)


# A number with a decimal part of one or two digits, typed with a point or a comma ("2.25 times", "1,5 triệu"):
# three digits after it group thousands ("2.400")
_DECIMAL = re.compile(r"(?<![\d.,])(\d{1,3})[.,](\d{1,2})(?![.,]?\d)")


def _decimals_in(text: str) -> frozenset[tuple[str, str]]:
    """The whole and decimal digits of each number with a decimal part the text states (folding splits them)."""
    return frozenset(_DECIMAL.findall(text)) if "." in text or "," in text else frozenset()


def _numbers(
    tokens: list[str],
    referring: frozenset[str] = frozenset(),
    points_back: Callable[[str, list[str]], bool] | None = None,
    decimals: frozenset[tuple[str, str]] = frozenset(),
    before_a_date: frozenset[str] = frozenset(),
) -> tuple[tuple[float, ...], tuple[int, ...], tuple[int, ...]]:
    """Numbers the question states, with their scale word (200 tỷ), and years and months apart; not a number
    of things talked about (`referring`: "cộng 2 khoản lại", the two amounts just given; `points_back`: a
    classifier, "tổng 2 cái", with no thing named after it); `decimals`: the numbers with a decimal part (see
    `_decimals_in`), read whole ("2.25", not 2 and 25), unless after a word in `before_a_date` ("ngày 3.6")."""
    numbers: list[float] = []
    years: list[int] = []
    months: list[int] = []
    fraction_at = -1  # where the decimal digits of the number before are
    for index, token in enumerate(tokens):
        if index == fraction_at or not token.isdigit() or len(token) > 15:
            continue
        if index and tokens[index - 1] in _NAMES_WITH_NUMBERS:
            continue  # COVID-19 is a name, not a figure
        after_a_day_word = index and tokens[index - 1] in before_a_date  # "ngày 3.6", "lúc 8.30": a date, a time
        if (
            decimals
            and not after_a_day_word
            and (token, tokens[index + 1] if index + 1 < len(tokens) else "") in decimals
        ):
            fraction_at = index + 1
            following = tokens[index + 2] if index + 2 < len(tokens) else ""
            numbers.append(float(f"{token}.{tokens[fraction_at]}") * _SCALES.get(following, 1))
            continue
        value = int(token)
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        # ("tổng 2 cái": the two talked about; "vậy là 40.000 cái hả?" states a figure)
        if following in referring or (
            value == 2 and points_back is not None and points_back(following, tokens[index + 2 : index + 3])
        ):
            continue
        preceding = tokens[index - 1] if index else ""
        if preceding == "thang" and 1 <= value <= 12 and following not in _SCALES:
            months.append(value)  # "trong tháng 8", "tháng 11/2013": a month, no figure
            continue
        after_month = preceding.isdigit() and 1 <= int(preceding) <= 12 and index > 1 and tokens[index - 2] in _MONTH
        if (
            1900 <= value <= 2100
            and following not in _SCALES
            and (preceding in _BEFORE_A_YEAR or following in ("", "nam") or after_month)
        ):
            years.append(value)
            continue
        numbers.append(value * _SCALES.get(following, 1))
    return tuple(numbers), tuple(years), tuple(months)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Light English stemming; Vietnamese syllables are short enough to pass untouched."""
    if len(word) <= 4 or word[1:2] == "_" or not word.isalpha():
        return word
    word = _BRITISH.sub("iz", word)  # mobilise / mobilize
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word
