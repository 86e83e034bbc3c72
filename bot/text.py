"""Text folding shared by matching, the knowledge check and the evaluation.

Matching compares *folded* text: one ASCII, lower-case spelling for every way
a user can type the same Vietnamese words (NFC or NFD, old or new tone
placement, with or without diacritics, word-segmented with `_`, emoji,
punctuation, 4.000 / 4,000 / 4000).
"""

from __future__ import annotations

import re
import unicodedata

# Digit groups of three after a dot or comma belong to one number: 4.000, 200,000.
_DIGIT_GROUP = re.compile(r"(?<=\d)[.,](?=\d{3}(?!\d))")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_DIGIT = re.compile(r"\d")
_NOT_A_LETTER_PART = re.compile(r"[^\x00-\x7f\u0300-\u036f]")  # neither ASCII nor a combining mark
# A number, unless it is part of a name such as COVID-19 or 3G.
_NUMBER = re.compile(r"(?<![A-Za-z\d])(?<![A-Za-z]-)(?:\d{1,3}(?:[.,]\d{3})+(?!\d)|\d+)(?![A-Za-z\d])")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?)\]”’%…])")
_SPACE_AFTER_OPENING = re.compile(r"([(\[“‘])\s+")
_VIETNAMESE_LETTERS = re.compile(r"[đĐăâêôơưĂÂÊÔƠƯ]|[\u0300-\u0323]")


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces; digit groups joined."""
    return fold_and_tell(text)[0]


def fold_and_tell(text: str) -> tuple[str, bool]:
    """The folded text, and whether the text looked Vietnamese.

    Folded word by word, each whitespace-separated chunk once: nothing folding does reaches across
    whitespace (decomposing, the digit groups, the separators), and a knowledge base's texts, a
    hundred thousand in a large one, repeat a vocabulary of some thousands of chunks."""
    folded_chunk = _FOLDED_CHUNKS.get
    parts = []
    vietnamese = False
    for chunk in text.split():
        folded = folded_chunk(chunk)
        if folded is None:
            if len(_FOLDED_CHUNKS) >= FOLD_CACHE_LIMIT:  # users can type anything: the cache stays bounded
                _FOLDED_CHUNKS.clear()
                _VIETNAMESE.clear()
            folded, _VIETNAMESE[chunk] = _fold_and_tell(chunk)
            _FOLDED_CHUNKS[chunk] = folded
        if folded:
            parts.append(folded)
        vietnamese = vietnamese or _VIETNAMESE[chunk]
    return " ".join(parts), vietnamese


FOLD_CACHE_LIMIT = 100_000  # chunks kept folded: a large knowledge base uses a few tens of thousands
# Two tables of strings and booleans, no tuples: the garbage collector has nothing more to look at.
_FOLDED_CHUNKS: dict[str, str] = {}  # each chunk folded
_VIETNAMESE: dict[str, bool] = {}  # and whether it looked Vietnamese


def _fold_and_tell(text: str) -> tuple[str, bool]:
    """fold_and_tell of any text (decomposing once serves both).

    Decomposed, a Vietnamese letter is an ASCII letter and its marks: anything else that is not
    ASCII (quotes, emoji) becomes a space, then the marks are dropped by encoding to ASCII, which
    is several times faster than translating character by character."""
    decomposed = unicodedata.normalize("NFD", text)
    vietnamese = bool(_VIETNAMESE_LETTERS.search(decomposed))
    if not decomposed.isascii():
        decomposed = _NOT_A_LETTER_PART.sub(" ", decomposed.replace("đ", "d").replace("Đ", "D"))
        decomposed = decomposed.encode("ascii", "ignore").decode("ascii")
    ascii_text = decomposed.replace("_", " ").lower()
    if _DIGIT.search(ascii_text):
        ascii_text = _DIGIT_GROUP.sub("", ascii_text)
    return _NON_WORD.sub(" ", ascii_text).strip(), vietnamese


# Names with digits that are not figures: COVID-19, SARS-CoV-2, 3G/4G/5G.
_NAMED_DIGITS = re.compile(r"(?<=[A-Za-z])-\d+|(?<![\w.,])\d[Gg](?![A-Za-z])")


def without_named_digits(text: str) -> str:
    return _NAMED_DIGITS.sub(" ", text)


def numbers_in(text: str) -> set[int]:
    """Every number written in the text, with 4.000, 4,000 and 4000 all read as 4000."""
    return {int(re.sub(r"[.,]", "", match)) for match in _NUMBER.findall(text)}


def looks_vietnamese(text: str) -> bool:
    """True when the text carries letters or tone marks only Vietnamese uses here."""
    return bool(_VIETNAMESE_LETTERS.search(unicodedata.normalize("NFD", text)))


def readable(text: str) -> str:
    """Word-segmented article text as a person writes it: no `_`, no space before commas."""
    text = unicodedata.normalize("NFC", text.replace("_", " "))
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _SPACE_AFTER_OPENING.sub(r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def squash(text: str) -> str:
    """Text without whitespace or `_`: how evidence quotes are found in articles."""
    return re.sub(r"[\s_]+", "", unicodedata.normalize("NFC", text))
