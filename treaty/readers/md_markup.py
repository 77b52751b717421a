"""Emphasis, strong emphasis and links of a Markdown draft (and the bold, italic,
underlined, superscript and subscript runs of a Word document), kept as inline markup.

The text reader strips Markdown to words (`text.strip_markup`); this module puts the
markup back as `Span`s on the units, without touching a word: every ``*x*``, ``**x**``,
``***x***`` and ``[x](url)`` inside a line is looked for, in source order, in the
document's text blocks in reading order (the reader keeps every word in order), from
where the previous one was found and no further than a few blocks on. One that is not
found (it spans lines, or it is a heading's emphasis, which is heading markup) is left
out: markup is added where it is certain, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from ..model import Document, Span, Unit

_STRONG_EM = re.compile(r"(?<![*\\])\*\*\*(?=\S)(.+?)(?<=\S)\*\*\*(?!\*)")
_STRONG = re.compile(r"(?<![*\\])\*\*(?=[^\s*])(.+?)(?<=[^\s*])\*\*(?!\*)")
_EM = re.compile(r"(?<![*\\])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?!\*)")
_LINK = re.compile(r"(?<!\\)(?<!!)\[([^\[\]]+)\]\(((?:https?://|/|#)[^)\s]*)\)")
_HEADING = re.compile(r"^\s*(?:#{1,6}\s|>?\s*\[?\*+\S.*\*+\]?\s*$)")
_WINDOW = 3
"""How many blocks after the last match a marked phrase may be found in."""


@dataclass(frozen=True)
class Mark:
    words: str
    names: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    """Elements from outermost to innermost: (name, attributes)."""


def marks_of_line(line: str, strip) -> Iterator[Mark]:
    """The marked phrases of one source line, in order, as the reader's words."""
    found: list[tuple[int, Mark]] = []
    if "*" not in line and "](" not in line:
        return
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    for pattern, names in ((_STRONG_EM, (("b", ()), ("i", ()))), (_STRONG, (("b", ()),)),
                           (_EM, (("i", ()),))):
        for m in pattern.finditer(line):
            if free(m.start(), m.end()):
                taken.append((m.start(), m.end()))
                found.append((m.start(), Mark(strip(m.group(1)), names)))
    for m in _LINK.finditer(line):
        found.append((m.start(), Mark(strip(m.group(1)), (("ref", (("href", m.group(2)),)),))))
    for _, mark in sorted(found, key=lambda f: f[0]):
        if mark.words:
            yield mark


def _blocks(doc: Document) -> list[tuple[tuple[int, ...], int, str]]:
    """(path of the unit, offset of the block in its own text, block) in reading order."""
    out: list[tuple[tuple[int, ...], int, str]] = []

    def walk(unit: Unit, path: tuple[int, ...]) -> None:
        offset = 0
        for block in unit.text:
            out.append((path, offset, block))
            offset += len(block) + 1
        for k, child in enumerate(unit.children):
            walk(child, (*path, k))
        for block in unit.wrap_up:
            out.append((path, offset, block))
            offset += len(block) + 1

    roots = ([doc.preamble] if doc.preamble is not None else []) + list(doc.body)
    for k, unit in enumerate(roots):
        walk(unit, (k,))
    return out


def with_markdown_markup(doc: Document, lines: list[str], start: int, strip) -> Document:
    """`doc` with the emphasis and links of its Markdown source `lines` as inline spans."""
    marks = [mark for line in lines[start:] if ("*" in line or "](" in line)
             and not _HEADING.match(line) for mark in marks_of_line(line, strip)]
    return place_marks(doc, marks)


def place_marks(doc: Document, marks: list[Mark]) -> Document:
    """`doc` with each marked phrase, in order, as spans where it is found (see above)."""
    if not marks:
        return doc
    blocks = _blocks(doc)
    spans: dict[tuple[int, ...], list[tuple[int, int, Mark]]] = {}
    b, pos = 0, 0
    for mark in marks:
        for j in range(b, min(b + _WINDOW, len(blocks))):
            path, base, text = blocks[j]
            at = text.find(mark.words, pos if j == b else 0)
            if at >= 0:
                spans.setdefault(path, []).append((base + at, base + at + len(mark.words), mark))
                b, pos = j, at + len(mark.words)
                break
    if not spans:
        return doc

    def rebuild(unit: Unit, path: tuple[int, ...]) -> Unit:
        own = spans.get(path)
        children = tuple(rebuild(c, (*path, k)) for k, c in enumerate(unit.children))
        if own is None:
            return replace(unit, children=children) if children != unit.children else unit
        new: list[Span] = []
        for a, z, mark in sorted(own, key=lambda s: (s[0], -s[1])):
            for depth, (name, attrs) in enumerate(mark.names):
                new.append(Span(a, z, name, attrs, depth))
        return replace(unit, children=children, inline=tuple(new))

    roots = ([doc.preamble] if doc.preamble is not None else []) + list(doc.body)
    rebuilt = [rebuild(u, (k,)) for k, u in enumerate(roots)]
    if doc.preamble is not None:
        return replace(doc, preamble=rebuilt[0], body=tuple(rebuilt[1:]))
    return replace(doc, body=tuple(rebuilt))
