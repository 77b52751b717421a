"""What a proposal does, in words, from its changes ("to replace “x” by “y” in paragraph
2", "a new paragraph after paragraph 10"), and how units are cited inside their article:
used by `positions` (when a proposal has no note) and the session `report`.

>>> from treaty.model import Change
>>> describe_change(Change("replace", "p", "securities", "property"), "paragraph 2")
'to replace “securities” by “property” in paragraph 2'
>>> summary(Change("delete-unit", "a"), "Article 93")
'Delete Article 93'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import assert_never

from .model import Change, ChangeKind

NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _quote(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return f"\u201c{text}\u201d"


def describe_change(change: Change, place: str) -> str:
    """A phrase after "proposed" from one change."""
    at = f" in {place}" if place else ""
    match change.kind:
        case ChangeKind.REPLACE:
            return f"to replace {_quote(change.old)} by {_quote(change.new)}{at}"
        case ChangeKind.SUBSTITUTE:
            return (f"to replace {_quote(change.old)} by {_quote(change.new)} throughout "
                    f"{place or 'the text'}")
        case ChangeKind.INSERT:
            rel = {"after": f" after {_quote(change.old)}", "before": f" before {_quote(change.old)}",
                   "start": " at the beginning", "end": " at the end"}.get(change.where, "")
            return f"to insert {_quote(change.new)}{rel}{at}"
        case ChangeKind.DELETE:
            return f"to delete {_quote(change.old)}{at.replace(' in ', ' from ', 1)}"
        case ChangeKind.DELETE_UNIT:
            return f"to delete {place or 'the provision'}"
        case ChangeKind.INSERT_UNIT:
            what = change.units[0].kind if change.units else "provision"
            rel = {"before": "before", "end": "at the end of"}.get(change.where, "after")
            return f"a new {what} {rel} {place or 'the provision'}"
        case ChangeKind.REPLACE_UNIT:
            return f"an alternative text for {place or 'the provision'}"
        case _:
            assert_never(change.kind)


def describe_changes(changes: Sequence[Change], places: dict[str, str]) -> str:
    """The first two changes as phrases after "proposed", and how many more there are."""
    phrases = [describe_change(c, places.get(c.target, "")) for c in changes[:2]]
    more = len(changes) - 2
    words = NUMBERS[more] if 0 <= more < len(NUMBERS) else str(more)
    return " and ".join(phrases) + (f" (and {words} more changes)" if more > 0 else "")


def summary(change: Change | Sequence[Change], place: str = "",
            places: dict[str, str] | None = None) -> str:
    """A proposal's changes as a sentence of its own ("Replace “x” by “y” in paragraph 2")."""
    if isinstance(change, Change):
        text = describe_change(change, place)
    else:
        text = describe_changes(change, places or {})
    if text.startswith("to "):
        text = text[3:]
    return text[:1].upper() + text[1:]


def unit_places(doc) -> dict[str, str]:
    """wId -> how a unit is cited inside its article: ``paragraph 10 (b)``; articles and
    chapters by their number (``Article 93``)."""
    places: dict[str, str] = {}

    def visit(unit, inside: str) -> None:
        num = (unit.num or "").strip().rstrip(".")
        if unit.kind in ("article", "chapter", "part", "section", "title"):
            here = unit.num or unit.heading or unit.wid
            inner = ""
        elif unit.kind == "paragraph":
            here = inner = f"paragraph {num}" if num else (inside or "the paragraph")
        elif num:
            here = inner = f"{inside} {num}".strip() if inside else f"{unit.kind} {num}"
        else:
            here = inner = inside or unit.kind
        if unit.wid:
            places[unit.wid] = here
        for child in unit.children:
            visit(child, inner)

    if doc.preamble is not None:
        for i, recital in enumerate(doc.preamble.children, 1):
            places[recital.wid] = f"preambular paragraph {i}"
    for unit in doc.body:
        visit(unit, "")
    return places


