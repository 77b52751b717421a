"""A plain text table (one row per line, columns padded): `treaty amendments`' listing.

Plain on purpose: one line per proposal stays greppable, and not importing rich for it
keeps the command's start-up short (rich costs about 0.05 s of a 0.2 s command).
"""

from __future__ import annotations

import unicodedata


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1
               for c in text)


def _clean(text: str) -> str:
    """One line: newlines and tabs become spaces, other control characters are dropped."""
    return "".join(" " if c in "\n\r\t" else c for c in str(text)
                   if c in "\n\r\t" or unicodedata.category(c)[0] != "C")


def text_table(columns: list[str], rows: list[list[str]]) -> str:
    cells = [[_clean(c) for c in columns]] + [[_clean(c) for c in row] for row in rows]
    widths = [max(_width(r[k]) for r in cells) for k in range(len(columns))]

    def line(row: list[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule] + [line(r) for r in cells[1:]])
