"""Spacing where new words meet the text: exactly one space between words, none before
closing punctuation or after an opening bracket, and no double space where words went.

Only the seams an edit creates are touched; whitespace elsewhere in a unit is kept as it
was. A seam is normalised by dropping the spaces on both sides of it and putting back
one space where two words (or a word and a bracket) meet:

>>> splice("undue advantage to the", [(15, 15, "or any other benefit")])
'undue advantage or any other benefit to the'
>>> splice("of the parties", [(3, 3, "all")])
'of all the parties'
>>> splice("the parties shall", [(4, 11, "")])
'the shall'
>>> splice("measures, as appropriate.", [(8, 8, "or other measures")])
'measures or other measures, as appropriate.'
>>> splice("the State (Party) and", [(11, 11, "the")])
'the State (the Party) and'
>>> splice("提供不正当好处，", [(7, 7, "或其他利益")])
'提供不正当好处或其他利益，'
>>> splice("les mesures ; et", [(11, 11, "nécessaires")], Typography.of("fra"))
'les mesures nécessaires ; et'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

OPENING = frozenset("([{\u201c\u2018\u00ab\u00bf\u00a1")
CLOSING = frozenset(",.;:!?)]}\u201d\u2019\u00bb%")


@dataclass(frozen=True)
class Typography:
    """Which marks take no space after them (`opening`) or before them (`closing`)."""

    opening: frozenset[str] = OPENING
    closing: frozenset[str] = CLOSING

    @classmethod
    def of(cls, language: str) -> Typography:
        """French puts a space before ``; : ! ?`` and inside guillemets « »."""
        if language.lower()[:2] == "fr":
            return FRENCH
        return DEFAULT


DEFAULT = Typography()
FRENCH = Typography(OPENING - {"\u00ab"}, CLOSING - set(";:!?\u00bb"))
_SPACES = " \t\u00a0"


def _unspaced(ch: str) -> bool:
    """A character of a script written without spaces (CJK ideographs, kana, CJK and
    full-width punctuation)."""
    code = ord(ch)
    return (0x3000 <= code <= 0x30FF or 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF
            or 0xFF00 <= code <= 0xFFEF or 0x20000 <= code <= 0x2FA1F)


def needs_space(left: str, right: str, open_quote: bool | None = None,
                typo: Typography = DEFAULT) -> bool:
    """Whether a space belongs between text ending in `left` and text starting with `right`
    (both stripped of spaces at the seam). A straight quote opens when the text before it
    holds an even number of them and closes otherwise (`open_quote`: an odd number)."""
    if not left or not right:
        return False
    last, first = left[-1], right[0]
    if last == "\n" or first == "\n" or last in typo.opening or first in typo.closing:
        return False
    if _unspaced(last) or _unspaced(first):
        return False  # Chinese and Japanese write no spaces between words
    if open_quote is None:
        open_quote = left.count('"') % 2 == 1
    if last == '"' and open_quote:
        return False  # an opening quote is followed directly by its words
    return not (first == '"' and open_quote)


class _Out:
    """The text being built, seam by seam, without copying it at every seam."""

    def __init__(self, typo: Typography = DEFAULT) -> None:
        self.pieces: list[str] = []
        self.quotes = 0
        self.typo = typo

    def tail(self) -> str:
        return self.pieces[-1] if self.pieces else ""

    def add(self, piece: str, seam: bool) -> None:
        if seam:
            while self.pieces and not self.pieces[-1].rstrip(_SPACES):
                self.quotes -= self.pieces.pop().count('"')
            if self.pieces:
                self.pieces[-1] = self.pieces[-1].rstrip(_SPACES)
            piece = piece.lstrip(_SPACES)
            left = self.tail()
            if piece and needs_space(left[-1:] if left else "", piece, self.quotes % 2 == 1,
                                     self.typo):
                piece = " " + piece
        if piece:
            self.pieces.append(piece)
            self.quotes += piece.count('"')

    def text(self) -> str:
        return "".join(self.pieces)


def join(left: str, right: str) -> str:
    """`left` + `right` with the seam between them normalised."""
    out = _Out()
    out.add(left, False)
    out.add(right, True)
    return out.text()


def splice(text: str, edits: Iterable[tuple[int, int, str]], typo: Typography = DEFAULT,
           ) -> str:
    """`text` with each ``(start, end, new)`` edit applied (edits must not overlap) and
    every seam they create normalised. Linear in the length of the text."""
    out = _Out(typo)
    pos = 0
    seam = False
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1])):
        kept = text[pos:start]
        if kept:
            out.add(kept, seam)
            seam = False
        out.add(new, True)
        pos = end
        seam = True
    out.add(text[pos:], seam)
    return out.text()


def tokens(text: str) -> list[str]:
    """Words and punctuation marks of `text`, for comparing texts token by token."""
    import re

    return re.findall(r"\w+|[^\w\s]", text)
