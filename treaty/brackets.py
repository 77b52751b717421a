"""Square brackets already in a text (imported negotiating drafts) as a bracket tree.

Drafts such as the Paris Agreement ADP texts carry their own brackets, nested several
levels deep: ``[developed country Parties [and other Parties in a position to do so]]``.
`parse` turns one text block into inline items where every balanced bracket pair is a
`Group` with one unattributed `Alternative`, nested as in the text, so the writers render
them exactly like proposals' brackets (``Option 1:`` labels stay in the text).

Markdown footnote references (``[^3]``) and unbalanced brackets stay plain text: nothing
is ever dropped, and joining the items' text gives back the block.
"""

from __future__ import annotations

import re

from .compiled import Alternative, Group, Inline, Run

_FOOTNOTE = re.compile(r"\[\^[^\]]*\]")


def _pairs(text: str) -> dict[int, int]:
    """Positions of balanced ``[`` -> matching ``]`` (footnote references excluded)."""
    masked = _FOOTNOTE.sub(lambda m: "\0" * len(m.group(0)), text)
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for i, ch in enumerate(masked):
        if ch == "[":
            stack.append(i)
        elif ch == "]" and stack:
            pairs[stack.pop()] = i
    return pairs


def _items(text: str, start: int, end: int, pairs: dict[int, int]) -> list[Inline]:
    items: list[Inline] = []
    plain_from = start
    i = start
    while i < end:
        close = pairs.get(i)
        if close is not None and close < end:
            if text[plain_from:i]:
                items.append(Run(text[plain_from:i]))
            inner = _items(text, i + 1, close, pairs)
            items.append(Group((Alternative(tuple(inner)),)))
            i = plain_from = close + 1
        else:
            i += 1
    if text[plain_from:end]:
        items.append(Run(text[plain_from:end]))
    return items


def parse(text: str) -> tuple[Inline, ...]:
    """One text block as plain runs and source bracket groups."""
    if "[" not in text:
        return (Run(text),)
    return tuple(_items(text, 0, len(text), _pairs(text)))


def count(text: str) -> int:
    """Number of balanced bracket pairs in `text` (for `treaty stats`)."""
    return len(_pairs(text))
