"""Tracked changes in a Word copy of the draft -> attributed proposals.

A delegation receives the current draft as .docx, edits it with Track Changes on and
sends it back. `harvest` turns every coherent change into one `Amendment`:

1. **Who.** Each change's ``w:author`` is mapped to a delegation code: ``--by CODE`` for
   all of them, else the author map (``author,CODE`` lines), else an author written as a
   delegation code or name (``SGP``, ``Singapore``). An author with no code is an error
   that names every such author.
2. **Where.** The document is read in its *old* view (deletions kept, insertions removed),
   paragraphs re-joined where a tracked paragraph break was inserted. Each paragraph is
   matched to a block of the workspace's text (a unit's intro/content/wrap-up, or an
   article's / chapter's number and heading) by its words: exact (whitespace-normalised,
   typed ``1.`` / ``(a)`` numbers set aside) first, then rapidfuzz ``ratio`` >= 85; among
   equal candidates, the one after the previous match wins (document order).
3. **What.** Inside a matched paragraph, consecutive tracked runs of the same delegation
   (only whitespace between them) form one change, widened to whole words: a deletion
   with an insertion is a ``replace``, a deletion alone a ``delete`` (its ``old`` words
   are the deleted words), an insertion alone an ``insert after="<preceding words>"`` (the
   shortest run of at least three preceding words that is unique in the unit, else with
   ``occurrence``; at the very start ``at="start"``). Words both sides share are trimmed
   (``States can`` -> ``State can`` is ``States`` -> ``State``); an insertion right next to
   another delegation's change keeps a space between the words. Positions are carried from
   the Word text to the workspace text with diff-match-patch, so ``old`` is always the
   workspace's own words.
   Whole paragraphs inserted (new paragraphs, points, articles - read with the text
   reader) become one ``insert position="after|before"`` of AKN units placed after the
   preceding matched unit of the right kind; paragraphs whose words are all deleted become
   ``delete`` of the whole unit where every block of the unit (and its heading) is
   deleted, else a deletion of the paragraph's words.
4. **Check.** Every amendment is anchored (`treaty.amend.anchor`) before it is written;
   a change that cannot be placed (a paragraph the workspace does not have, a change to a
   number or heading, a paragraph split in two, ...) is returned in `Harvest.unanchored`
   with the paragraph number, author, words and reason - reported, never dropped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import assert_never

from diff_match_patch import diff_match_patch
from rapidfuzz import fuzz, process

from .amend.anchor import anchor, find_all
from .delegations import Registry
from .model import Amendment, Change, ChangeKind, Document, Status, TreatyError, Unit
from .readers.docx import Para, Seg, open_package, paragraphs
from .readers.text import read_text

FUZZY_MIN = 85.0
_WS = re.compile(r"\s+")
# A number typed at the start of a paragraph: "1.", "4 bis.", "(a)", "(iv)", "a)", "[1."
_TYPED_NUM = re.compile(
    r"^\s*\[?\s*(?:\d{1,3}(?:\s?[a-z]{1,10})?\.|\((?:[a-z]{1,2}|[ivxlc]{1,6}|\d{1,3})"
    r"(?:\s[a-z]{1,10})?\)|[a-z]{1,2}\)|\d{1,3}\))(?=\s)\s*")
# A letter of a word that spaces delimit; a Han character is a word of its own (Chinese has no
# spaces), so a one-character tracked change is never widened to the whole sentence.
_HAN = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(f"[^\\W{_HAN}]")


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _fold(text: str) -> str:
    """For fuzzy comparison only: quotes, dashes and spaces as one form."""
    table = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'",
                           "\u2013": "-", "\u2014": "-", "\u2011": "-", "\u00a0": " "})
    return _norm(text.translate(table))


# -- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unanchored:
    """A tracked change that could not become a proposal, with why."""

    paragraph: int
    author: str
    code: str
    what: str
    reason: str

    def __str__(self) -> str:
        who = f"{self.author} ({self.code})" if self.code and self.code != self.author \
            else (self.author or self.code)
        return f"paragraph {self.paragraph}, {who}: {self.what}: {self.reason}"

    @classmethod
    def of(cls, paragraph: int, author: str, a: Amendment, reason: str) -> Unanchored:
        """A harvested proposal that could not be written (its first change described)."""
        change = a.changes[0]
        what = _describe(change.old, change.new) if change.old or change.new else change.kind
        return cls(paragraph, author, a.proposers[0], what, reason)


@dataclass
class Harvest:
    amendments: list[Amendment] = field(default_factory=list)
    sources: dict[int, tuple[int, str]] = field(default_factory=dict)
    """Index in `amendments` -> (docx paragraph, author)."""
    unanchored: list[Unanchored] = field(default_factory=list)
    authors: dict[str, str] = field(default_factory=dict)
    """Author -> delegation code used."""
    formatting_changes: int = 0


# -- authors ------------------------------------------------------------------------------


def parse_author_map(text: str, where: str, reg: Registry) -> dict[str, str]:
    """``author,CODE`` (CSV) or ``author<TAB>CODE`` lines; ``#`` comments and a header
    line (``author,code``) are skipped. Unknown codes are errors naming the line."""
    mapping: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        delimiter = "\t" if "\t" in line else ("," if "," in line else ";")
        row = next(csv.reader(io.StringIO(line), delimiter=delimiter))
        row = [c.strip() for c in row]
        if len(row) < 2 or not row[0] or not row[1]:
            raise TreatyError(where, f"expected 'author,CODE', got {line.strip()!r}",
                              "one author and one delegation code per line", number)
        author, code = row[0], row[1]
        if number == 1 and code.lower() in ("code", "delegation", "delegation code"):
            continue
        if not reg.known(code):
            raise TreatyError(where, f"{code}: unknown delegation; did you mean "
                              f"{' or '.join(reg.suggest(code))}?",
                              "use an ISO 3166 alpha-3 code or a code from delegations.xml",
                              number)
        mapping[author] = code
    return mapping


def resolve_authors(authors: dict[str, int], by: str | None, author_map: dict[str, str] | None,
                    reg: Registry, where: str) -> dict[str, str]:
    """Author -> delegation code; `authors` maps each author to its number of changes."""
    if by:
        reg.get(by)
        return {a: by for a in authors}
    out: dict[str, str] = {}
    missing: list[str] = []
    names = {d.name.lower(): code for code, d in reg.by_code.items()}
    for author in authors:
        if author_map is not None:
            code = author_map.get(author) or next(
                (c for a, c in author_map.items() if a.lower() == author.lower()), None)
        else:
            code = author if reg.known(author) else (
                author.upper() if reg.known(author.upper()) else names.get(author.lower()))
        if code:
            out[author] = code
        else:
            missing.append(author)
    if missing:
        listed = ", ".join(f"{a or '(no author)'!r} ({authors[a]} change(s))" for a in sorted(missing))
        hint = ("add them to the author map as 'author,CODE' lines" if author_map is not None
                else "give --by CODE, or --author-map FILE with 'author,CODE' lines")
        raise TreatyError(where, f"tracked changes by author(s) with no delegation: {listed}",
                          hint)
    return out


# -- the workspace side: blocks to match ----------------------------------------------------


@dataclass(frozen=True)
class Cand:
    """A block of the workspace text a Word paragraph can match."""

    unit: Unit
    block: int
    """Index into ``unit.text + unit.wrap_up``; -1 for the unit's number/heading."""
    text: str
    order: int

    @property
    def offset(self) -> int:
        """Where the block starts in ``unit.own_text``."""
        blocks = self.unit.text + self.unit.wrap_up
        return sum(len(b) + 1 for b in blocks[: self.block])


class _Index:
    def __init__(self, doc: Document):
        self.cands: list[Cand] = []
        self.parent: dict[str, Unit | None] = {}
        self.exact: dict[str, list[int]] = {}
        roots = ([doc.preamble] if doc.preamble else []) + list(doc.body)
        for root in roots:
            self._add(root, None)
        for i, c in enumerate(self.cands):
            self.exact.setdefault(_norm(c.text), []).append(i)
        self.folded = [_fold(c.text) for c in self.cands]

    def _add(self, unit: Unit, parent: Unit | None) -> None:
        """Candidates in reading order: number/heading, intro, children, wrap-up."""
        self.parent[unit.wid] = parent
        heads: list[str] = []
        if unit.kind not in ("paragraph", "point", "recital", "subparagraph"):
            heads = [" ".join(p for p in (unit.num, unit.heading) if p), unit.num or "",
                     unit.heading or ""]
        elif unit.num and not unit.text:
            heads = [unit.num]
        for text in dict.fromkeys(h for h in heads if h):
            self.cands.append(Cand(unit, -1, text, len(self.cands)))
        for k, block in enumerate(unit.text):
            self.cands.append(Cand(unit, k, block, len(self.cands)))
        for child in unit.children:
            self._add(child, unit)
        for j, block in enumerate(unit.wrap_up):
            self.cands.append(Cand(unit, len(unit.text) + j, block, len(self.cands)))

    def ancestors(self, unit: Unit):
        current: Unit | None = unit
        while current is not None:
            yield current
            current = self.parent.get(current.wid)

    def match(self, text: str, after: int, fuzzy: bool = True) -> tuple[Cand, float] | None:
        """The block `text` is (exact, else fuzzy >= FUZZY_MIN), preferring blocks after
        position `after`."""
        key = _norm(text)
        if not key:
            return None
        hits = self.exact.get(key)
        if hits:
            later = [i for i in hits if i > after]
            return self.cands[later[0] if later else hits[0]], 100.0
        if not fuzzy:
            return None
        found = process.extract(_fold(text), self.folded, scorer=fuzz.ratio, limit=5,
                                score_cutoff=FUZZY_MIN)
        if not found:
            return None
        best = max(score for _c, score, _i in found)
        tied = sorted(i for _c, score, i in found if score >= best - 0.5)
        later = [i for i in tied if i > after]
        return self.cands[later[0] if later else tied[0]], round(best, 1)

    def closest(self, text: str) -> tuple[str, float]:
        found = process.extractOne(_fold(text), self.folded, scorer=fuzz.ratio)
        if not found:
            return "", 0.0
        return self.cands[found[2]].unit.wid, round(found[1], 1)


# -- the Word side: paragraphs in the old view --------------------------------------------


@dataclass
class _Group:
    """Word paragraphs that are one paragraph in the old view (joined where a paragraph
    break was inserted), as one sequence of segments; an inserted break is ``"\\n"``."""

    paras: list[Para]
    segs: list[Seg]

    @property
    def index(self) -> int:
        return self.paras[0].index

    @property
    def old(self) -> str:
        return "".join(s.text for s in self.segs if s.change != "ins")

    @property
    def changed(self) -> bool:
        return any(s.change for s in self.segs)


def _groups(paras: list[Para]) -> list[_Group]:
    groups: list[_Group] = []
    current: _Group | None = None
    for para in paras:
        if para.toc or para.furniture:
            continue
        if current is None:
            current = _Group([], [])
        current.paras.append(para)
        current.segs.extend(s for s in para.segs if s.text)
        if para.mark is not None and para.mark.change == "ins":
            m = para.mark
            current.segs.append(Seg("\n", "ins", m.author, m.date, m.cid))
            continue
        groups.append(current)
        current = None
    if current is not None:
        groups.append(current)
    return groups


def _pieces(segs: list[Seg]) -> list[list[Seg]]:
    """Split at inserted paragraph breaks."""
    pieces: list[list[Seg]] = [[]]
    for s in segs:
        if s.change == "ins" and s.text == "\n":
            pieces.append([])
        else:
            pieces[-1].append(s)
    return pieces


def _is_new(piece: list[Seg]) -> bool:
    return all(s.change == "ins" for s in piece) and any(s.text.strip() for s in piece)


def _all_deleted(piece: list[Seg]) -> bool:
    return any(s.text.strip() for s in piece if s.change == "del") and \
        not any(s.text.strip() for s in piece if s.change != "del")


@dataclass
class _Cluster:
    start: int
    """Offset in the old text."""
    old: str
    new: str
    author: str
    date: str
    left_bound: bool = False
    """Another delegation's change touches it on the left (do not widen into that)."""
    right_bound: bool = False


def _clusters(piece: list[Seg], code_of: dict[str, str]) -> list[_Cluster]:
    """Consecutive tracked segments of one delegation (whitespace between allowed)."""
    out: list[_Cluster] = []
    pos = 0
    current: _Cluster | None = None
    current_code = None
    pending_ws = ""
    for s in piece:
        if not s.change:
            if current is not None and not s.text.strip():
                pending_ws += s.text
                pos += len(s.text)
                continue
            current, current_code, pending_ws = None, None, ""
            pos += len(s.text)
            continue
        code = code_of.get(s.author, s.author)
        if current is None or code != current_code:
            touching = current is not None and not pending_ws
            if touching and current is not None:
                current.right_bound = True
            current = _Cluster(pos, "", "", s.author, s.date, left_bound=touching)
            current_code = code
            out.append(current)
        elif pending_ws:
            current.old += pending_ws
            current.new += pending_ws
        pending_ws = ""
        if s.change == "del":
            current.old += s.text
            pos += len(s.text)
        else:
            current.new += s.text
    return out


_TOKEN = re.compile(f"\\s+|[{_HAN}]|[^\\W{_HAN}]+|[^\\w\\s]")


def _trim_common(start: int, old: str, new: str) -> tuple[int, str, str]:
    """Drop the whole words both sides share at the start and at the end of a replacement
    (``States can`` -> ``State can`` is ``States`` -> ``State``)."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    head = 0
    while head < min(len(a), len(b)) - 1 and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head - 1 and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    start += sum(len(t) for t in a[:head])
    a, b = a[head:len(a) - tail], b[head:len(b) - tail]
    return start, "".join(a), "".join(b)


def _widen(old_text: str, c: _Cluster) -> tuple[int, str, str]:
    """(start, old, new) widened to whole words and with shared edge spaces moved out."""
    start, old, new = c.start, c.old, c.new
    end = start + len(old)
    if not c.left_bound and start > 0 and _WORD.match(old_text[start - 1]) and (
            (old[:1] and _WORD.match(old[0])) or (new[:1] and _WORD.match(new[0]))):
        s = start
        while s > 0 and _WORD.match(old_text[s - 1]):
            s -= 1
        prefix = old_text[s:start]
        start, old, new = s, prefix + old, prefix + new
    if not c.right_bound and end < len(old_text) and _WORD.match(old_text[end]) and (
            (old[-1:] and _WORD.match(old[-1])) or (new[-1:] and _WORD.match(new[-1]))):
        e = end
        while e < len(old_text) and _WORD.match(old_text[e]):
            e += 1
        suffix = old_text[end:e]
        end, old, new = e, old + suffix, new + suffix
    if old and new:
        start, old, new = _trim_common(start, old, new)
        # spaces both sides share are not part of the change
        while old[:1].isspace() and new[:1].isspace():
            start, old, new = start + 1, old[1:], new[1:]
        while old[-1:].isspace() and new[-1:].isspace():
            old, new = old[:-1], new[:-1]
    elif old:  # a deletion: the words themselves
        lead = len(old) - len(old.lstrip())
        start, old = start + lead, old.strip()
    else:  # an insertion: keep it after a word, its own spaces in front
        if new.endswith(" ") and start > 0 and old_text[start - 1] == " ":
            start, new = start - 1, " " + new[:-1]
        # next to another delegation's change: keep the words apart
        if c.left_bound and start > 0 and _WORD.match(old_text[start - 1]) and _WORD.match(new[:1]):
            new = " " + new
        if c.right_bound and start < len(old_text) and _WORD.match(old_text[start]) \
                and _WORD.match(new[-1:]):
            new = new + " "
    return start, old, new


# -- building changes -----------------------------------------------------------------------


def _map_offset(src: str, dst: str, pos: int) -> int:
    if src == dst:
        return pos
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    return dmp.diff_xIndex(dmp.diff_main(src, dst, False), pos)


def _words_before(own: str, pos: int) -> tuple[str, int | None]:
    """The shortest run of words ending at `pos` that occurs once in `own` (else the
    occurrence number of a six-word run)."""
    starts = [m.start() for m in re.finditer(r"\S+", own[:pos])]
    if not starts:
        return "", None
    for k in range(min(3, len(starts)), min(len(starts), 12) + 1):
        candidate = own[starts[-k]:pos]
        if len(find_all(own, candidate)) == 1:
            return candidate, None
    k = min(len(starts), 6)
    candidate = own[starts[-k]:pos]
    hits = find_all(own, candidate)
    start = starts[-k]
    return candidate, (hits.index(start) + 1) if start in hits and len(hits) > 1 else None


def _occurrence(own: str, words: str, at: int) -> int | None:
    hits = find_all(own, words)
    if len(hits) <= 1:
        return None
    return hits.index(at) + 1 if at in hits else None


def _short(text: str, n: int = 60) -> str:
    text = _norm(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def _describe(old: str, new: str) -> str:
    if old and new:
        return f"replace {_short(old)!r} with {_short(new)!r}"
    if old:
        return f"delete {_short(old)!r}"
    return f"insert {_short(new)!r}"


def _date(raw: str, default: str) -> str:
    try:
        return dt.date.fromisoformat(raw[:10]).isoformat()
    except ValueError:
        return default


def _new_units(lines: list[str], where: str, near: Unit, index: _Index,
               numbered: bool) -> list[Unit]:
    """The units that inserted paragraphs make: articles are read with the text reader;
    other paragraphs by their typed numbers (``4 bis.`` a paragraph, ``(c)`` a point, the
    points after a new paragraph its children; unnumbered text goes with the unit before it,
    or is a unit of the kind of its neighbour). `numbered`: the first number came from
    Word's automatic numbering (it counts the new paragraph, so it is dropped: the
    compiled draft numbers the new unit ``bis``)."""
    if re.match(r"(?i)\s*article\b", lines[0]):
        try:
            doc = read_text("\n\n".join(lines), where).document
        except TreatyError:
            return []
        units = doc.articles()
    else:
        kinds = [u.kind for u in index.ancestors(near)]
        default = "recital" if "preamble" in kinds else next(
            (k for k in kinds if k in ("point", "paragraph")), "paragraph")
        units = []
        for line in lines:
            m = _TYPED_NUM.match(line + " ")
            num = m.group(0).strip().lstrip("[").strip() if m else None
            text = line[m.end():].strip() if m else line.strip()
            if num is None:
                if units:
                    last = units[-1]
                    if last.children:
                        child = last.children[-1]
                        child = replace(child, text=child.text + (text,))
                        units[-1] = replace(last, children=last.children[:-1] + (child,))
                    else:
                        units[-1] = replace(last, text=last.text + (text,))
                else:
                    units.append(Unit(default, text=(text,)))
                continue
            kind = "point" if num.startswith("(") or num.endswith(")") else "paragraph"
            if default == "recital":
                kind = "recital"
            unit = Unit(kind, num=num, text=(text,) if text else ())
            if kind == "point" and units and units[-1].kind == "paragraph":
                units[-1] = replace(units[-1], children=units[-1].children + (unit,))
            else:
                units.append(unit)

    def strip(u: Unit, top: bool) -> Unit:
        return replace(u, eid="", wid="", num=None if (top and numbered) else u.num,
                       children=tuple(strip(c, False) for c in u.children))

    return [strip(u, True) for u in units]


def _placement(units: list[Unit], near: Cand | None, before: Unit | None,
               index: _Index) -> tuple[str, str] | None:
    """(target wId, position) for new `units` that follow the block `near` in the Word
    text (or, with nothing matched before them, that precede the unit `before`)."""
    kind = units[0].kind
    if near is None:
        if before is None:
            return None
        for unit in index.ancestors(before):
            if unit.kind == kind:
                return unit.wid, "before"
        return None
    unit = near.unit
    if near.block < 0 or (unit.children and near.block < len(unit.text)):
        # right after a number/heading or an intro: before the first child of that kind
        first = next((c for c in unit.children if c.kind == kind), None)
        if first is not None:
            return first.wid, "before"
        if unit.kind != kind:
            return unit.wid, "end"
    for anc in index.ancestors(unit):
        if anc.kind == kind:
            return anc.wid, "after"
    if kind == "article":
        return None
    return unit.wid, "end"


@dataclass
class _NewRun:
    """Inserted paragraphs waiting for their place (the next matched paragraph)."""

    pieces: list[tuple[list[Seg], Para]]
    code: str
    near: Cand | None


class _Harvester:
    def __init__(self, doc: Document, paras: list[Para], where: str, code_of: dict[str, str],
                 session: str, today: str, result: Harvest):
        self.doc = doc
        self.where = where
        self.code_of = code_of
        self.session = session
        self.today = today
        self.result = result
        self.index = _Index(doc)
        self.groups = _groups(paras)
        self.file_name = Path(where).name
        self.memo: dict[int, tuple[tuple[Cand, float, int] | None, bool]] = {}
        self.after: dict[int, int] = {}
        self.cursor = -1
        self.new_runs: list[_NewRun] = []
        self.deletions: list[tuple[int, Cand, Seg]] = []

    def code(self, author: str) -> str:
        return self.code_of.get(author, author)

    # matching ---------------------------------------------------------------------------

    def match(self, k: int, fuzzy: bool = True) -> tuple[Cand, float, int] | None:
        """(block, score, length of a typed number) of group k; exact-only when not
        `fuzzy` (cheap, for unchanged paragraphs that only move the cursor)."""
        if k in self.memo and (self.memo[k][1] or not fuzzy or self.memo[k][0] is not None):
            return self.memo[k][0]
        after = self.after.setdefault(k, self.cursor)
        old = self.groups[k].old
        found = None
        if old.strip():
            typed = _TYPED_NUM.match(old)
            for prefix in ([typed.end()] if typed else []) + [0]:
                hit = self.index.match(old[prefix:], after, fuzzy)
                if hit is not None:
                    found = (hit[0], hit[1], prefix)
                    break
        self.memo[k] = (found, fuzzy)
        if found is not None and found[0].order > self.cursor:
            self.cursor = found[0].order
        return found

    def preceding(self, k: int) -> Cand | None:
        """The block matched by the nearest paragraph before group k that has old words."""
        for j in range(k - 1, -1, -1):
            if self.groups[j].old.strip():
                hit = self.match(j)
                return hit[0] if hit else None
        return None

    # output -----------------------------------------------------------------------------

    def unanchored(self, para: int, author: str, what: str, reason: str) -> None:
        self.result.unanchored.append(Unanchored(para, author, self.code(author), what, reason))

    def add(self, changes: list[Change], para: int, author: str, date: str, what: str) -> None:
        a = Amendment(id="", proposers=(self.code(author),), changes=tuple(changes),
                      session=self.session, date=_date(date, self.today), status=Status.PROPOSED,
                      note=f"From tracked changes by {author or 'an unnamed author'} in "
                           f"{self.file_name} (paragraph {para}).")
        check = anchor(self.doc, [a])
        if check.unlocated:
            self.unanchored(para, author, what, check.unlocated[0].reason)
            return
        if any(s.method == "fuzzy" for s in check.sites):
            self.unanchored(para, author, what, "the words are only approximately in the text")
            return
        self.result.sources[len(self.result.amendments)] = (para, author)
        self.result.amendments.append(a)

    # new paragraphs ---------------------------------------------------------------------

    def queue_new(self, piece: list[Seg], para: Para, near: Cand | None) -> None:
        code = self.code(piece[0].author)
        last = self.new_runs[-1] if self.new_runs else None
        if last is not None and last.code == code and last.near is near:
            last.pieces.append((piece, para))
        else:
            self.new_runs.append(_NewRun([(piece, para)], code, near))

    def flush_new(self, before: Unit | None) -> None:
        runs, self.new_runs = self.new_runs, []
        for run in runs:
            piece0, para0 = run.pieces[0]
            author, date = piece0[0].author, piece0[0].date
            lines: list[str] = []
            for piece, para in run.pieces:
                text = _norm("".join(s.text for s in piece))
                label = para.labels.get("accept", "")
                if label and re.match(r"(?i)(article|chapter)\b", label):
                    lines.append(label)
                elif label and label != "-":
                    text = f"{label} {text}"
                lines.append(text)
            what = f"insert {_short(' / '.join(lines))!r}"
            ref = run.near.unit if run.near is not None else before
            if ref is None:
                self.unanchored(para0.index, author, what,
                                "no paragraph before or after it matches the workspace text")
                continue
            numbered = bool(para0.labels.get("accept"))
            units = _new_units(lines, self.where, ref, self.index, numbered)
            place = _placement(units, run.near, before, self.index) if units else None
            if place is None:
                self.unanchored(para0.index, author, what,
                                "cannot tell where the new text goes in the structure")
                continue
            change = Change(ChangeKind.INSERT_UNIT, place[0], where=place[1], units=tuple(units))
            self.add([change], para0.index, author, date, what)

    # deleted paragraphs -----------------------------------------------------------------

    def flush_del(self) -> None:
        entries, self.deletions = self.deletions, []
        runs: list[list[tuple[int, Cand, Seg]]] = []
        for entry in entries:
            if runs and self.code(runs[-1][-1][2].author) == self.code(entry[2].author) \
                    and runs[-1][-1][0] == entry[0] - 1:
                runs[-1].append(entry)
            else:
                runs.append([entry])
        for run in runs:
            self._delete_run(run)

    def _delete_run(self, run: list[tuple[int, Cand, Seg]]) -> None:
        covered = {(c.unit.wid, c.block) for _k, c, _s in run}
        headed = {c.unit.wid for _k, c, _s in run if c.block < 0}

        def whole(u: Unit) -> bool:
            if any((u.wid, b) not in covered for b in range(len(u.text) + len(u.wrap_up))):
                return False
            if u.kind not in ("paragraph", "point", "recital", "subparagraph") and \
                    (u.num or u.heading) and u.wid not in headed:
                return False
            return all(whole(c) for c in u.children)

        first_k, _c, first_seg = run[0]
        para = self.groups[first_k].index
        changes: list[Change] = []
        done: set[str] = set()
        for _k, cand, seg in run:
            unit = cand.unit
            if any(a.wid in done for a in self.index.ancestors(unit)):
                continue
            top = None
            for anc in self.index.ancestors(unit):
                if anc.kind == "preamble" or not whole(anc):
                    break
                top = anc
            if top is not None:
                changes.append(Change(ChangeKind.DELETE_UNIT, top.wid))
                done.add(top.wid)
                continue
            if cand.block < 0:
                self.unanchored(para, seg.author, f"delete {_short(cand.text)!r}",
                                "a number or heading cannot be deleted on its own")
                continue
            words = (unit.text + unit.wrap_up)[cand.block]
            changes.append(Change(ChangeKind.DELETE, unit.wid, words, "",
                                  _occurrence(unit.own_text, words, cand.offset)))
        if changes:
            what = "; ".join(f"delete {c.target}" if c.kind == "delete-unit"
                             else f"delete {_short(c.old)!r}" for c in changes)
            self.add(changes, para, first_seg.author, first_seg.date, what)

    # words ------------------------------------------------------------------------------

    def words(self, k: int, piece: list[Seg], hit: tuple[Cand, float, int]) -> None:
        group = self.groups[k]
        para = group.index
        cand, _score, prefix = hit
        unit = cand.unit
        own = unit.own_text
        block = (unit.text + unit.wrap_up)[cand.block] if cand.block >= 0 else cand.text
        body = group.old[prefix:]
        for c in _clusters(piece, self.code_of):
            start, old, new = _widen(group.old, c)
            if old == new or not (old.strip() or new.strip()):
                continue  # spacing only
            what = _describe(old, new)
            if start < prefix:
                self.unanchored(para, c.author, what, "changes the paragraph's number")
                continue
            if cand.block < 0:
                self.unanchored(para, c.author, what,
                                "changes a number or heading; propose it by hand")
                continue
            s = _map_offset(body, block, start - prefix)
            e = _map_offset(body, block, start - prefix + len(old))
            if _fold(block[s:e]) != _fold(old):
                self.unanchored(para, c.author, what, "the words around it differ from the "
                                f"workspace text of {unit.wid} ({block[s:e]!r})")
                continue
            pos = cand.offset + s
            old = own[pos:pos + (e - s)]
            if old and new:
                change = Change(ChangeKind.REPLACE, unit.wid, old, _norm_inner(new),
                                _occurrence(own, old, pos))
            elif old:
                change = Change(ChangeKind.DELETE, unit.wid, old, "", _occurrence(own, old, pos))
            elif pos == 0:
                change = Change(ChangeKind.INSERT, unit.wid, "", _norm_inner(new).lstrip(), where="start")
            else:
                after, occ = _words_before(own, pos)
                change = Change(ChangeKind.INSERT, unit.wid, after, _norm_inner(new), occ, where="after")
            self.add([change], para, c.author, c.date, what)

    # the walk ---------------------------------------------------------------------------

    def run(self) -> None:
        for k, group in enumerate(self.groups):
            if not group.changed:
                hit = self.match(k, fuzzy=bool(self.new_runs))
                self.flush_new(hit[0].unit if hit else None)
                self.flush_del()
                continue
            pieces = _pieces(group.segs)
            originals = [p for p in pieces if not _is_new(p) and any(s.text.strip() for s in p)]
            para_of = [group.paras[min(i, len(group.paras) - 1)] for i in range(len(pieces))]
            if not originals:  # new paragraphs only
                near = self.preceding(k)
                for piece, para in zip(pieces, para_of, strict=True):
                    if _is_new(piece):
                        self.queue_new(piece, para, near)
                continue
            if len(originals) > 1:
                author = next(s.author for s in group.segs if s.change)
                self.unanchored(group.index, author, f"paragraph break in {_short(group.old)!r}",
                                "splits a paragraph in two; propose the new unit by hand")
                continue
            hit = self.match(k)
            original = originals[0]
            at = next(i for i, p in enumerate(pieces) if p is original)
            if any(_is_new(pieces[i]) for i in range(at)):
                near = self.preceding(k)
                for i in range(at):
                    if _is_new(pieces[i]):
                        self.queue_new(pieces[i], para_of[i], near)
            self.flush_new(hit[0].unit if hit else None)
            if hit is None:
                closest, score = self.index.closest(group.old)
                reason = "no block of the workspace text matches this paragraph" + (
                    f" (closest: {closest}, {score}%)" if closest else "")
                for c in _clusters(original, self.code_of):
                    start, old, new = _widen(group.old, c)
                    self.unanchored(group.index, c.author, _describe(old, new), reason)
                for i in range(at + 1, len(pieces)):
                    if _is_new(pieces[i]):
                        author = pieces[i][0].author
                        self.unanchored(para_of[i].index, author,
                                        f"insert {_short(''.join(s.text for s in pieces[i]))!r}",
                                        reason.replace("this paragraph", "the paragraph before"))
                self.flush_del()
                continue
            if _all_deleted(original):
                first = next(s for s in original if s.change == "del")
                self.deletions.append((k, hit[0], first))
            else:
                self.flush_del()
                self.words(k, original, hit)
            for i in range(at + 1, len(pieces)):
                if _is_new(pieces[i]):
                    self.queue_new(pieces[i], para_of[i], hit[0])
        self.flush_new(None)
        self.flush_del()


def harvest(doc: Document, data: bytes, where: str, reg: Registry, by: str | None = None,
            author_map: dict[str, str] | None = None, session: str = "",
            today: str | None = None) -> Harvest:
    """Every tracked change of the .docx `data` as an attributed proposal anchored in `doc`
    (see the module docstring); what cannot be anchored is in `Harvest.unanchored`."""
    pkg = open_package(data, where)
    paras, walker = paragraphs(pkg)
    counts: dict[str, int] = {}
    for p in paras:
        if p.toc or p.furniture:
            continue
        for s in p.segs + ([p.mark] if p.mark else []):
            if s.change and (s.text.strip() or s is p.mark):
                counts[s.author] = counts.get(s.author, 0) + 1
    if not counts:
        raise TreatyError(where, "the document has no tracked changes",
                          "edit a copy of the draft with Review > Track Changes on, then "
                          "give that file")
    code_of = resolve_authors(counts, by, author_map, reg, where)
    result = Harvest(authors=code_of, formatting_changes=walker.formatting_changes)
    _Harvester(doc, paras, where, code_of, session, today or dt.date.today().isoformat(),
               result).run()
    return result


def _norm_inner(text: str) -> str:
    """Collapse runs of whitespace inside new words (ends kept: they carry the spacing)."""
    return _WS.sub(" ", text)


def comparable(changes: tuple[Change, ...]) -> tuple[Change, ...]:
    """Changes as read back from a file (new units without ids), to spot a re-run."""
    return tuple(replace(c, units=tuple(_no_ids(u) for u in c.units)) for c in changes)


def _no_ids(unit: Unit) -> Unit:
    return replace(unit, eid="", wid="", children=tuple(_no_ids(c) for c in unit.children))


def summary(a: Amendment) -> str:
    return "; ".join(_summary(c) for c in a.changes)


def _summary(c: Change) -> str:
    match c.kind:
        case ChangeKind.INSERT:
            place = {"after": f" after {_short(c.old, 40)!r}", "start": " at the start"}.get(
                c.where, "")
            return f"insert {_short(c.new)!r}{place} in {c.target}"
        case ChangeKind.REPLACE | ChangeKind.DELETE:
            return _describe(c.old, c.new) + f" in {c.target}"
        case ChangeKind.DELETE_UNIT:
            return f"delete {c.target}"
        case ChangeKind.INSERT_UNIT:
            kinds = ", ".join(u.num or u.kind for u in c.units)
            return f"new {kinds} {c.where} {c.target}"
        case ChangeKind.REPLACE_UNIT | ChangeKind.SUBSTITUTE:
            return f"{c.kind} {c.target}"
        case _:
            assert_never(c.kind)
