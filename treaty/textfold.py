"""Text as a reader sees it: the view anchoring and diff compare, mapped back to the file.

Two strings that look the same on screen often differ in their characters: ``é`` composed
(U+00E9) or decomposed (``e`` + U+0301), a soft hyphen or a zero-width space left by a
word processor, a right-to-left mark around an Arabic number, a typographic apostrophe
(``l’homme``) where the user typed ``'``, the narrow no-break space French puts before
``;``. `fold` gives the NFC text without the invisible characters and with those look-alikes
unified, and for every character of it the span of the original text it came from, so a
match in the folded text is rewritten in the file exactly (the file keeps its characters).

>>> folded = fold("coope\\u0301ra\\u00adtion")
>>> folded.text, folded.span(0, len(folded.text))
('coopération', (0, 13))
>>> why = explain_difference("l'Etat", "l’E\u0301tat")
>>> why.startswith("the text has 'É' (LATIN CAPITAL LETTER E WITH ACUTE) where the words")
True
>>> why.split("; ")[1]
'the text uses a decomposed É'
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .reasons import Quoted, Reason

# Characters that carry no letter: soft hyphen, zero-width space/joiners, word joiner, BOM,
# directional marks, embeddings, overrides and isolates, the Arabic letter mark.
IGNORABLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u061c"
                      "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Look-alikes read as one: typographic apostrophes and no-break spaces.
SAME_AS = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " ", "\u202f": " ",
           "\u2007": " ", "\u2009": " "}


@dataclass(frozen=True)
class Folded:
    text: str
    starts: tuple[int, ...]
    """For each character of `text`, where its source starts in the original."""
    ends: tuple[int, ...]
    """... and where it ends."""

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the folded span ``[start, end)``."""
        if start >= end:
            pos = self.starts[start] if start < len(self.starts) else (self.ends[-1] if self.ends else 0)
            return pos, pos
        return self.starts[start], self.ends[end - 1]


def needs_folding(text: str) -> bool:
    """Does `text` hold anything `fold` would change? (The common case is a fast no.)"""
    if text.isascii():
        return False
    return any(ch in IGNORABLE or ch in SAME_AS for ch in text) \
        or not unicodedata.is_normalized("NFC", text)


def fold(text: str) -> Folded:
    """The NFC text without ignorable characters, look-alikes unified, mapped to `text`."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in IGNORABLE:
            i += 1
            continue
        j = i + 1  # a base character with the combining marks after it (skipping ignorables)
        while j < n and (unicodedata.combining(text[j]) or text[j] in IGNORABLE):
            j += 1
        cluster = "".join(c for c in text[i:j] if c not in IGNORABLE)
        for c in unicodedata.normalize("NFC", cluster):
            out.append(SAME_AS.get(c, c))
            starts.append(i)
            ends.append(j)
        i = j
    return Folded("".join(out), tuple(starts), tuple(ends))


def folded_text(text: str) -> str:
    return fold(text).text if needs_folding(text) else text


def _describe(ch: str) -> Reason:
    if ch in IGNORABLE:
        code = f"U+{ord(ch):04X}"
        return Reason.of("diff_invisible", name=unicodedata.name(ch, code).lower(), code=code)
    return Reason.of("diff_char", char=Quoted(ch), name=unicodedata.name(ch, f"U+{ord(ch):04X}"))


def explain_difference(words: str, closest: str) -> str:
    """One phrase saying how `closest` (in the text) differs from `words` (as typed), in
    English ("" if nothing differs); see `difference`."""
    why = difference(words, closest)
    return str(why) if why else ""


def difference(words: str, closest: str) -> Reason | None:
    """How `closest` (in the text) differs from `words` (as typed): another letter (``е``
    Cyrillic for ``e``), a missing accent, an extra word; and when the file writes a letter
    decomposed (``e`` + U+0301), that too. None if nothing differs."""
    from difflib import SequenceMatcher

    a, b = folded_text(words), folded_text(closest)
    found: Reason | None = None
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        theirs, mine = b[j1:j2], a[i1:i2]
        if len(theirs) == 1 and len(mine) == 1:
            found = Reason.of("diff_has", theirs=_describe(theirs), mine=_describe(mine))
        elif theirs and mine:
            found = Reason.of("diff_has", theirs=Quoted(theirs), mine=Quoted(mine))
        elif theirs:
            found = Reason.of("diff_text_extra", theirs=Quoted(theirs))
        else:
            found = Reason.of("diff_words_extra", mine=Quoted(mine))
        break
    for key, raw in (("decomposed_text", closest), ("decomposed_words", words)):
        if not unicodedata.is_normalized("NFC", raw):
            mark = next(i for i, c in enumerate(raw) if unicodedata.combining(c))
            letter = unicodedata.normalize("NFC", raw[max(0, mark - 1):mark + 1])
            decomposed = Reason.of(key, letter=letter)
            found = Reason.of("both", first=found, second=decomposed) if found else decomposed
            break
    return found
