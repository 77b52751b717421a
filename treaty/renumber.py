"""Final numbers for a new version: inserted units take their place in the sequence.

Numbers *follow their predecessors*: a unit inserted as ``58 bis`` becomes 59 and every
later sibling moves up by one; a deleted unit moves later siblings down by one. Gaps that
were already in the text stay (an excerpt numbered 2, 57, 58 keeps those numbers), and
units whose numbers cannot be read (``Annex``) are left alone. Articles are numbered
across the whole text; paragraphs and points within their parent.

`renumber(old, new, inserted)` returns the renumbered document and the concordance
(new number, former number, wId) of every unit whose number changed or that is new.
Cross-references in the text ("article 58", "paragraph 2 of this article") follow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from . import ids
from .model import Document, Unit

_LATIN = "|".join(sorted(ids.LATIN, key=len, reverse=True))
_NUM = re.compile(rf"^(?P<pre>\D*?)(?P<val>\d+|[A-Za-z]{{1,6}})(?:[\s\-]*(?P<latin>{_LATIN}))?"
                  rf"(?P<post>[^\w]*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Numbering:
    """How a sequence writes its numbers: arabic, lower/upper letters, or Roman."""

    style: str  # "arabic" | "lower" | "upper" | "roman" | "ROMAN"

    def value(self, token: str) -> int:
        if self.style == "arabic":
            return int(token)
        if self.style in ("roman", "ROMAN"):
            return ids.roman_to_int(token)
        return sum((ord(c.lower()) - 96) * 26 ** k for k, c in enumerate(reversed(token)))

    def write(self, n: int) -> str:
        if self.style == "arabic":
            return str(n)
        if self.style == "roman":
            return ids.int_to_roman(n).lower()
        if self.style == "ROMAN":
            return ids.int_to_roman(n)
        letters = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            letters = chr(97 + r) + letters
        return letters.upper() if self.style == "upper" else letters


def _parse(num: str | None) -> re.Match[str] | None:
    return _NUM.match(num.strip()) if num else None


def _style(units: list[Unit]) -> Numbering | None:
    tokens = [m.group("val") for u in units if (m := _parse(u.num))]
    if not tokens:
        return None
    if all(t.isdigit() for t in tokens):
        return Numbering("arabic")
    alpha = [t for t in tokens if t.isalpha()]
    if alpha and all(ids.is_roman(t) for t in alpha) and any(len(t) > 1 for t in alpha):
        return Numbering("ROMAN" if alpha[0].isupper() else "roman")
    if all(len(t) == 1 for t in alpha):
        return Numbering("upper" if alpha[0].isupper() else "lower")
    return None


def _renumber_sequence(old_seq: list[Unit], new_seq: list[Unit], inserted: set[str]) -> dict[str, str]:
    """wId -> new number string for one sequence of siblings."""
    style = _style([u for u in new_seq if u.wid not in inserted] or new_seq)
    if style is None:
        return {}
    new_wids = {u.wid for u in new_seq}
    deleted_before: dict[str, int] = {}
    gone = 0
    for u in old_seq:
        if u.wid not in new_wids:
            gone += 1
        deleted_before[u.wid] = gone
    result: dict[str, str] = {}
    added = 0
    previous: int | None = None
    template: re.Match[str] | None = None
    for u in new_seq:
        m = _parse(u.num)
        if m is None:
            continue
        template = template or m
        if u.wid in inserted:
            value = (previous or 0) + 1
            added += 1
        else:
            try:
                base = style.value(m.group("val"))
            except (KeyError, ValueError):
                continue
            if m.group("latin"):
                previous = base + added - deleted_before.get(u.wid, 0)
                continue  # an existing "bis" keeps its number, on its shifted base
            value = base + added - deleted_before.get(u.wid, 0)
        previous = value
        pattern = template if u.wid in inserted else m
        new = f"{pattern.group('pre')}{style.write(value)}{pattern.group('post')}"
        if new != u.num:
            result[u.wid] = new
    return result


def renumber(old: Document, new: Document, inserted: set[str],
             ) -> tuple[Document, list[tuple[str, str, str]], dict[str, str]]:
    """(renumbered document, concordance rows, old eId -> new eId)."""
    old_parent = {u.wid: u for u in old.units()}
    numbers: dict[str, str] = {}
    numbers.update(_renumber_sequence(old.articles(), new.articles(), inserted))
    for unit in new.units():
        kids = [c for c in unit.children if c.kind != "article"]
        if kids:
            before = old_parent.get(unit.wid)
            old_kids = [c for c in before.children if c.kind != "article"] if before else []
            for kind in dict.fromkeys(c.kind for c in kids):
                numbers.update(_renumber_sequence([c for c in old_kids if c.kind == kind],
                                                  [c for c in kids if c.kind == kind], inserted))

    def apply(unit: Unit) -> Unit:
        return replace(unit, num=numbers.get(unit.wid, unit.num),
                       children=tuple(apply(c) for c in unit.children))

    renamed = replace(new, preamble=new.preamble and apply(new.preamble),
                      body=tuple(apply(u) for u in new.body))
    renamed, eid_map = ids.renumber_eids(renamed)
    former = {u.wid: u.num for u in old.units()}
    parent_of = {c.wid: u.wid for u in renamed.units() for c in u.children}
    rows = [(numbers.get(u.wid, u.num or ""), former.get(u.wid) or "(new)", u.wid)
            for u in renamed.units()
            if (u.wid in numbers and u.wid not in inserted)
            or (u.wid in inserted and parent_of.get(u.wid) not in inserted)]
    renamed = update_references(renamed, old, numbers)
    return renamed, rows, eid_map


# A citation: "article 58", "articles 58 and 59", "paragraphs 4 to 7"; the numbers are
# rewritten one by one. "of the Convention" (another instrument) and "4.8" are left alone.
_NUMBER = rf"\d+(?:\s?(?:{_LATIN}))?\b(?!\.\d)"
_LIST = rf"{_NUMBER}(?:\s*(?:\([a-z]+\)\s*)?(?:,|and|or|to)\s+{_NUMBER})*"
_EXTERNAL = r"(?!(?:\s*\([a-z]+\))?\s+of\s+(?!this\b))"
_ART_REF = re.compile(rf"\b([Aa]rticles?)\s+({_LIST}){_EXTERNAL}")
_PARA_REF = re.compile(rf"\b([Pp]aragraphs?)\s+({_LIST})(?=[^.;]{{0,40}}?\bof this article)")
_ONE = re.compile(_NUMBER)


def _rewrite(numbers: str, mapping: dict[str, str]) -> str:
    def one(m: re.Match[str]) -> str:
        new = mapping.get(ids.num_token(m.group(0)))
        if new is None:
            return m.group(0)
        base, k = ids.split_latin(new)
        return base + (f" {ids.latin_suffix(k)}" if k else "")
    return _ONE.sub(one, numbers)


def _token_map(old_units: list[Unit], numbers: dict[str, str]) -> dict[str, str]:
    return {ids.num_token(u.num): ids.num_token(numbers[u.wid]) for u in old_units
            if u.wid in numbers and u.num}


def update_references(doc: Document, old: Document, numbers: dict[str, str]) -> Document:
    """Rewrite citations of renumbered provisions: "article N" anywhere in the text, and
    "paragraph N of this article" inside the article whose paragraphs moved."""
    articles = _token_map(old.articles(), numbers)
    old_by_wid = {u.wid: u for u in old.articles()}

    def fixer(paragraphs: dict[str, str]):
        def fix(text: str) -> str:
            if articles:
                text = _ART_REF.sub(lambda m: f"{m.group(1)} {_rewrite(m.group(2), articles)}", text)
            if paragraphs:
                text = _PARA_REF.sub(lambda m: f"{m.group(1)} {_rewrite(m.group(2), paragraphs)}",
                                     text)
            return text
        return fix

    def walk(unit: Unit, fix) -> Unit:
        if unit.kind == "article":
            before = old_by_wid.get(unit.wid)
            paras = [c for c in before.children if c.kind == "paragraph"] if before else []
            fix = fixer(_token_map(paras, numbers))
        return replace(unit, text=tuple(fix(t) for t in unit.text),
                       wrap_up=tuple(fix(t) for t in unit.wrap_up),
                       children=tuple(walk(c, fix) for c in unit.children))

    top = fixer({})
    return replace(doc, preamble=doc.preamble and walk(doc.preamble, top),
                   body=tuple(walk(u, top) for u in doc.body))
