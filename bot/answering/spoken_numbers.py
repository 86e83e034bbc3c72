"""Numbers said in Vietnamese words, as voice typing writes them: "bốn trăm năm mươi tỷ" is "450 tỷ".

Read before anything is folded (folded, "năm" is also "Nam", "trăm" a station), and only where a word
that multiplies ("mươi", "trăm", "nghìn") follows a digit word: "năm 2013", "ba tỉnh", "hai nhà mạng"
and "phần trăm" stay as they are. The scale words after (triệu, tỷ) stay words: the analysis reads
"450 tỷ" as it reads a figure typed with digits. The words come from the lexicon (`spoken_numbers`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

_EDGES = ".,;:!?…)\"'”’"  # what may end a word as typed ("rưỡi?")


@dataclass(frozen=True)
class SpokenNumbers:
    digits: Mapping[str, int]  # một 1 … chín 9, and the forms said after "mươi" (mốt, tư, lăm)
    tens: frozenset[str]  # "mười": ten, said alone or before a digit ("mười chín")
    multipliers: Mapping[str, int]  # mươi 10, trăm 100, nghìn 1000
    halves: frozenset[str]  # "rưỡi": half of the multiplier before ("sáu trăm rưỡi": 650)
    fillers: frozenset[str]  # "linh", "lẻ": a zero ("một trăm linh năm": 105)
    # Digit words never said right after "mươi" or "mười": "năm" there is the year ("sáu mươi năm": sixty years;
    # sixty-five is "sáu mươi lăm")
    not_after_tens: frozenset[str] = frozenset()
    # A message with none of the multiplying words has no number said in words (most have none)
    _cue: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    @classmethod
    def from_lexicon(cls, entry: Mapping[str, object] | None) -> SpokenNumbers:
        entry = entry or {}

        def table(name: str) -> dict[str, int]:
            value = entry.get(name) or {}
            return {str(word): int(number) for word, number in value.items()} if isinstance(value, dict) else {}

        def words(name: str) -> frozenset[str]:
            value = entry.get(name) or ()
            return frozenset(str(word) for word in value) if isinstance(value, list) else frozenset()

        return cls(
            table("digits"),
            words("tens"),
            table("multipliers"),
            words("halves"),
            words("fillers"),
            words("not_after_tens"),
        )

    def __post_init__(self) -> None:
        keys = sorted({*self.multipliers, *self.tens}, key=len, reverse=True)
        object.__setattr__(self, "_cue", re.compile("|".join(map(re.escape, keys))) if keys else None)

    def as_digits(self, text: str) -> str:
        """The text with each number said in words written in digits."""
        if self._cue is None or not self._cue.search(text.lower()):
            return text
        chunks = text.split(" ")
        out: list[str] = []
        at = 0
        while at < len(chunks):
            end, value = self._number_from(chunks, at)
            if end > at:
                trailing = chunks[end - 1][len(chunks[end - 1].rstrip(_EDGES)) :]
                out.append(f"{value}{trailing}")
                at = end
            else:
                out.append(chunks[at])
                at += 1
        return " ".join(out)

    def _number_from(self, chunks: list[str], start: int) -> tuple[int, int]:
        """Where the number said from `start` ends and its value; (start, 0) when none starts there: it needs a
        multiplying word after a digit word ("năm mươi"), or "mười". A digit right after "trăm" or "nghìn" and
        last is short for its tens or hundreds ("hai trăm ba": 230, "hai nghìn tư": 2,400)."""
        total = group = pending = 0  # thousands and up; the hundreds, tens and units; a digit said last
        last = 0  # the last multiplier said ("rưỡi" is half of it)
        multiplied = short_form = after_a_multiplier = False
        end = start
        for at in range(start, len(chunks)):
            word = chunks[at].lower().rstrip(_EDGES)
            if word in self.digits and not pending and not (last == 10 and word in self.not_after_tens):
                pending, short_form = self.digits[word], after_a_multiplier and last >= 100
            elif word in self.tens and not pending:
                group, multiplied, last = group + 10, True, 10
            elif word in self.multipliers and (pending or (group and self.multipliers[word] >= 1000)):
                factor = self.multipliers[word]
                if factor >= 1000:
                    total, group = total + (group + pending) * factor, 0
                else:
                    group += pending * factor
                pending, multiplied, last, short_form = 0, True, factor, False
            elif word in self.halves and multiplied and not pending and last >= 100:
                total, group = (total + last // 2, group) if last >= 1000 else (total, group + last // 2)
            elif not (word in self.fillers and multiplied and not pending):
                break
            end = at + 1
            after_a_multiplier = word in self.multipliers
            if chunks[at] != chunks[at].rstrip(_EDGES):
                break  # "hai trăm, ba trăm": a mark ends the number
        if not multiplied:
            return start, 0
        units = pending * last // 10 if short_form else pending
        return end, total + group + units
