"""Anchoring: locate every change of every proposal in the current text.

For each change the engine finds a `Site` (the unit and the character span of that
unit's `own_text` it rewrites) or records it as `Unlocated` with the reason and the
closest text — a proposal is never silently dropped.

Locating words, in order:

1. exact: the `old` words occur once in the unit (or `occurrence=N` picks one);
2. fuzzy, when the text around them changed since the proposal was made:
   diff-match-patch ``match_main`` for patterns it supports (<= 32 characters), rapidfuzz's
   ``partial_ratio_alignment`` for longer ones; the span is snapped to whole words and kept
   only if it scores at least `FUZZY_THRESHOLD` (the score is reported);
3. otherwise unlocated ("not found", "ambiguous: 3 occurrences", "no unit ...").

Overlapping sites of different proposals form a *conflict group* — in the negotiating
text, one set of bracketed alternatives. Sites of the same unit are grouped with one sweep
over the spans sorted by start, so the cost is O(n log n) in the number of sites.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import assert_never

from diff_match_patch import diff_match_patch
from rapidfuzz import fuzz

from ..model import Amendment, Change, ChangeKind, Document, Unit
from ..reasons import Quoted, Reason
from ..textfold import difference, fold, needs_folding

FUZZY_THRESHOLD = 80.0
_WS = re.compile(r"\s+")
_HAN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")



@dataclass(frozen=True)
class Site:
    """Where one change lands. Word changes rewrite ``own_text[start:end]`` of unit `wid`
    with `new`; unit changes have ``start == end == -1``."""

    amendment: str
    change: int
    kind: ChangeKind
    wid: str
    start: int = -1
    end: int = -1
    new: str = ""
    units: tuple[Unit, ...] = ()
    where: str = ""
    method: str = "exact"
    score: float = 100.0

    @property
    def is_word(self) -> bool:
        return self.start >= 0


@dataclass(frozen=True)
class Unlocated:
    amendment: str
    change: int
    why: Reason
    """Why, as a value: a draft says it in its own language (`render.words.Words.reason`)."""
    closest: str = ""

    @property
    def reason(self) -> str:
        """Why, in the English every command prints."""
        return str(self.why)

    def __str__(self) -> str:
        more = f" (closest text: {self.closest!r})" if self.closest else ""
        return f"change {self.change + 1}: {self.reason}{more}"


@dataclass(frozen=True)
class Anchoring:
    sites: tuple[Site, ...]
    unlocated: tuple[Unlocated, ...]
    groups: tuple[tuple[Site, ...], ...]
    """Word sites that overlap, per unit, in text order (one entry per bracket group;
    a group of one site is a lone proposal)."""
    conflicts: tuple[tuple[str, ...], ...]
    """Amendment ids that overlap each other (word groups and unit-level clashes)."""

    def sites_of(self, amendment_id: str) -> list[Site]:
        return [s for s in self.sites if s.amendment == amendment_id]

    def unlocated_of(self, amendment_id: str) -> list[Unlocated]:
        return [u for u in self.unlocated if u.amendment == amendment_id]


def normalize(words: str) -> str:
    """Collapse runs of whitespace the way unit text is stored (ends are kept)."""
    return _WS.sub(" ", words)


def find_all(text: str, needle: str) -> list[int]:
    if not needle:
        return []
    found, i = [], text.find(needle)
    while i >= 0:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def find_spans(text: str, needle: str) -> list[tuple[int, int]]:
    """Spans of `needle` in `text`, compared as readers see them (`textfold`: NFC, no soft
    hyphens, zero-width or directional marks, ’ as '): a decomposed é in the file matches
    the é the user typed, and the span covers the file's own characters."""
    hits = find_all(text, needle)
    if hits or not needle or not (needs_folding(text) or needs_folding(needle)):
        return [(h, h + len(needle)) for h in hits]
    folded, key = fold(text), fold(needle).text
    return [folded.span(h, h + len(key)) for h in find_all(folded.text, key)]


def _joined(a: str, b: str) -> bool:
    """Are `a` and `b` letters of one word? (Each Han character is a word of its own.)"""
    return a.isalnum() and b.isalnum() and not _HAN.match(a) and not _HAN.match(b)


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to whole words so a fuzzy match never splits one."""
    while start > 0 and start < len(text) and _joined(text[start - 1], text[start]):
        start -= 1
    while end < len(text) and end > 0 and _joined(text[end - 1], text[end]):
        end += 1
    return start, end


def fuzzy_find(text: str, pattern: str) -> tuple[int, int, float] | None:
    """Best approximate span of `pattern` in `text` with its score (0-100), or None."""
    if not text or not pattern:
        return None
    if len(pattern) <= 32:
        dmp = diff_match_patch()
        dmp.Match_Threshold = 0.4
        dmp.Match_Distance = max(1000, len(text))
        loc = dmp.match_main(text, pattern, 0)
        if loc < 0:
            return None
        start, end = _snap(text, loc, min(len(text), loc + len(pattern)))
    else:
        hit = fuzz.partial_ratio_alignment(pattern, text)
        if hit is None:
            return None
        start, end = _snap(text, hit.dest_start, hit.dest_end)
    score = fuzz.ratio(pattern, text[start:end])
    return start, end, score


def locate_words(text: str, old: str, occurrence: int | None,
                 ) -> tuple[int, int, str, float] | Reason:
    """(start, end, method, score) of `old` in `text`, or the reason it cannot be located."""
    old = normalize(old)
    hits = find_spans(text, old)
    if occurrence:
        if occurrence <= len(hits):
            return hits[occurrence - 1][0], hits[occurrence - 1][1], "occurrence", 100.0
        return Reason.of("occurrence_missing", n=occurrence, old=Quoted(old), count=len(hits))
    if len(hits) == 1:
        return hits[0][0], hits[0][1], "exact", 100.0
    if len(hits) > 1:
        return Reason.of("ambiguous", old=Quoted(old), count=len(hits))
    found = fuzzy_find(text, old.strip())
    if found and found[2] >= FUZZY_THRESHOLD:
        return found[0], found[1], "fuzzy", round(found[2], 1)
    return Reason.of("not_found", old=Quoted(old))


def closest_text(text: str, old: str) -> str:
    found = fuzzy_find(text, normalize(old).strip())
    return text[found[0]:found[1]] if found else ""


@dataclass(frozen=True)
class _Index:
    units: dict[str, Unit]
    parent: dict[str, str]

    @classmethod
    def of(cls, doc: Document) -> _Index:
        units: dict[str, Unit] = {}
        parent: dict[str, str] = {}
        roots = ([doc.preamble] if doc.preamble else []) + list(doc.body)
        stack = [(u, "") for u in roots]
        while stack:
            unit, up = stack.pop()
            for key in {unit.wid, unit.eid} - {""}:
                units.setdefault(key, unit)
            if unit.wid:
                parent[unit.wid] = up
            stack.extend((c, unit.wid) for c in unit.children)
        return cls(units, parent)

    def ancestors(self, wid: str) -> Iterable[str]:
        while wid:
            yield wid
            wid = self.parent.get(wid, "")


def _locate_change(a: Amendment, i: int, index: _Index, doc: Document,
                   ) -> tuple[list[Site], Unlocated | None]:
    change = a.changes[i]
    if change.kind == ChangeKind.SUBSTITUTE:
        return _locate_substitute(a, i, change, index, doc)
    unit = index.units.get(change.target)
    if unit is None:
        return [], Unlocated(a.id, i, Reason.of("no_target", target=Quoted(change.target)))
    wid = unit.wid or unit.eid
    match change.kind:
        case ChangeKind.DELETE_UNIT | ChangeKind.INSERT_UNIT | ChangeKind.REPLACE_UNIT:
            return [Site(a.id, i, change.kind, wid, units=change.units, where=change.where,
                         method="unit")], None
        case ChangeKind.INSERT:
            return _locate_insert(a, i, change, wid, unit.own_text)
        case ChangeKind.REPLACE | ChangeKind.DELETE | ChangeKind.SUBSTITUTE:
            text = unit.own_text
            found = locate_words(text, change.old, change.occurrence)
            if isinstance(found, Reason):
                return [], _not_found(a, i, wid, found, text, change.old)
            start, end, method, score = found
            new = "" if change.kind == ChangeKind.DELETE else normalize(change.new)
            return [Site(a.id, i, change.kind, wid, start, end, new, method=method,
                         score=score)], None
        case _:
            assert_never(change.kind)


def _not_found(a: Amendment, i: int, wid: str, reason: Reason, text: str, old: str,
               ) -> Unlocated:
    """The change cannot be located: the reason, the closest text, and what differs."""
    closest = closest_text(text, old)
    why = difference(normalize(old).strip(), closest) if closest else None
    if why is None:
        return Unlocated(a.id, i, Reason.of("in_unit", wid=wid, reason=reason), closest)
    return Unlocated(a.id, i, Reason.of("in_unit_why", wid=wid, reason=reason, why=why), closest)


def _locate_insert(a: Amendment, i: int, change: Change, wid: str, text: str,
                   ) -> tuple[list[Site], Unlocated | None]:
    """New words at the start or end of the unit, or after / before quoted words."""
    if change.where in ("start", "end"):
        pos = 0 if change.where == "start" else len(text)
        return [Site(a.id, i, change.kind, wid, pos, pos, change.new, method="exact")], None
    found = locate_words(text, change.old, change.occurrence)
    if isinstance(found, Reason):
        return [], _not_found(a, i, wid, found, text, change.old)
    start, end, method, score = found
    pos = end if change.where == "after" else start
    return [Site(a.id, i, change.kind, wid, pos, pos, change.new, method=method,
                 score=score)], None


def _locate_substitute(a: Amendment, i: int, change: Change, index: _Index, doc: Document,
                       ) -> tuple[list[Site], Unlocated | None]:
    """Every occurrence of the words in the scope (the whole text if none)."""
    scope = index.units.get(change.target) if change.target else None
    if change.target and scope is None:
        return [], Unlocated(a.id, i, Reason.of("no_scope", target=Quoted(change.target)))
    old = normalize(change.old)
    units = scope.walk() if scope else doc.units()
    sites = [Site(a.id, i, change.kind, u.wid, s, e, normalize(change.new))
             for u in units for s, e in find_spans(u.own_text, old)]
    if not sites:
        why = (Reason.of("absent_in", old=Quoted(old), scope=change.target) if change.target
               else Reason.of("absent", old=Quoted(old)))
        return [], Unlocated(a.id, i, why)
    return sites, None


def overlaps(a: Site, b: Site) -> bool:
    """Two word sites of one unit touch the same words (two inserts at one point do too)."""
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def group_sites(sites: Iterable[Site]) -> list[tuple[Site, ...]]:
    """Connected groups of overlapping word sites, per unit, in text order."""
    by_unit: dict[str, list[Site]] = defaultdict(list)
    for site in sites:
        if site.is_word:
            by_unit[site.wid].append(site)
    groups: list[tuple[Site, ...]] = []
    for unit_sites in by_unit.values():
        unit_sites.sort(key=lambda s: (s.start, s.end))
        current: list[Site] = []
        reach = -1  # the furthest end of the current group: nothing past it can overlap
        for site in unit_sites:
            if current and site.start <= reach and any(overlaps(site, m) for m in current):
                current.append(site)
            else:
                if current:
                    groups.append(tuple(current))
                current, reach = [site], site.end
            reach = max(reach, site.end)
        if current:
            groups.append(tuple(current))
    return groups


def _unit_conflicts(sites: list[Site], index: _Index) -> list[tuple[str, ...]]:
    """A proposal that deletes or replaces a unit clashes with every other proposal inside it."""
    whole = defaultdict(set)
    for s in sites:
        if s.kind in (ChangeKind.DELETE_UNIT, ChangeKind.REPLACE_UNIT):
            whole[s.wid].add(s.amendment)
    if not whole:
        return []
    clashes: dict[str, set[str]] = defaultdict(set)
    for s in sites:
        if s.kind == ChangeKind.INSERT_UNIT:
            continue
        for anc in index.ancestors(s.wid):
            others = whole.get(anc, set()) - {s.amendment}
            if others:
                clashes[anc].update(others | {s.amendment})
    return [tuple(sorted(ids)) for ids in clashes.values()]


def anchor(doc: Document, amendments: Iterable[Amendment]) -> Anchoring:
    """Locate every change of `amendments` in `doc`; group overlaps into conflicts."""
    index = _Index.of(doc)
    sites: list[Site] = []
    unlocated: list[Unlocated] = []
    for a in amendments:
        for i in range(len(a.changes)):
            found, missing = _locate_change(a, i, index, doc)
            sites.extend(found)
            if missing:
                unlocated.append(missing)
    groups = group_sites(sites)
    conflicts = [tuple(sorted({s.amendment for s in g})) for g in groups]
    conflicts = [c for c in conflicts if len(c) > 1] + _unit_conflicts(sites, index)
    unique_conflicts = tuple(dict.fromkeys(conflicts))
    return Anchoring(tuple(sites), tuple(unlocated), tuple(groups), unique_conflicts)
