"""Square brackets of a whole text, followed across paragraphs (for `treaty stats`).

Negotiating drafts open a bracket in one paragraph and close it several paragraphs later
(``[1. ...`` / ``... end of option 2.]``). Counting per paragraph misses those pairs and
cannot say which bracket is left open. `scan` matches brackets over the text in reading
order, each piece labelled with where it is (a source line, or a unit's eId), and returns
the pairs and the unmatched brackets with their place.

Not brackets: markdown footnote references (``[^3]``) and the link text of markdown links
(``[text](https://...)``); pandoc's escaped ``\\[`` is a real bracket of the draft.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_NOT_BRACKETS = re.compile(r"\[\^[^\]]*\]|\[[^\[\]]*\]\((?:https?:|mailto:|#|\.{0,2}/)[^)]*\)")


@dataclass(frozen=True)
class Unmatched:
    where: str
    """Where the bracket is: ``line 12`` or the eId of a unit."""
    char: str
    """``[`` never closed, or ``]`` never opened."""

    def __str__(self) -> str:
        what = "opened and never closed" if self.char == "[" else "closed but never opened"
        return f"{self.where}: '{self.char}' {what}"


@dataclass(frozen=True)
class BracketCount:
    pairs: int
    unmatched: tuple[Unmatched, ...]


def scan(pieces: Iterable[tuple[str, str]]) -> BracketCount:
    """Match ``[`` and ``]`` over (place, text) pieces in reading order."""
    stack: list[str] = []
    unmatched: list[Unmatched] = []
    pairs = 0
    for where, text in pieces:
        masked = _NOT_BRACKETS.sub(lambda m: "\0" * len(m.group(0)), text)
        for ch in masked:
            if ch == "[":
                stack.append(where)
            elif ch == "]":
                if stack:
                    stack.pop()
                    pairs += 1
                else:
                    unmatched.append(Unmatched(where, "]"))
    unmatched.extend(Unmatched(where, "[") for where in stack)
    return BracketCount(pairs, tuple(unmatched))


_LINK_DEF = re.compile(r"^\s{0,3}\[(?!\^)([^\]]+)\]:\s+\S")
_REF_LINK = re.compile(r"\[([^\[\]]*)\]\[([^\[\]]*)\]")


def lines_of(text: str) -> Iterable[tuple[str, str]]:
    """A source file's lines as pieces labelled ``line N``; markdown reference links
    (``[text][label]`` with ``[label]: url`` defined) and their definitions are markup."""
    lines = text.splitlines()
    labels = {m.group(1).lower() for m in map(_LINK_DEF.match, lines) if m}

    def unlink(m: re.Match[str]) -> str:
        label = (m.group(2) or m.group(1)).lower()
        return "\0" * len(m.group(0)) if label in labels else m.group(0)

    for number, line in enumerate(lines, start=1):
        if _LINK_DEF.match(line):
            continue
        yield f"line {number}", _REF_LINK.sub(unlink, line) if labels else line


def units_of(doc) -> Iterable[tuple[str, str]]:
    """A document's blocks in reading order (a unit's wrap-up after its children),
    labelled with their unit's eId."""
    def walk(unit) -> Iterable[tuple[str, str]]:
        where = unit.eid or unit.kind
        for part in (unit.num, unit.heading, *unit.text):
            if part:
                yield where, part
        for child in unit.children:
            yield from walk(child)
        for part in unit.wrap_up:
            yield where, part

    for note in doc.meta.notes:
        yield "preface", note
    for unit in ([doc.preamble] if doc.preamble is not None else []) + list(doc.body):
        yield from walk(unit)
