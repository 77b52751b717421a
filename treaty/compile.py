"""Document + proposals -> the compiled draft: a tree of `CUnit`s whose text is a sequence
of plain `Run`s and bracket `Group`s. Every writer (HTML, PDF, Markdown, text, AKN, Word)
renders this one structure; none of them looks at amendments or anchoring.

Modes:

- ``bracketed``: every located pending proposal at its place. A `Group` holds the
  original words (if any) and one `Alternative` per proposal; overlapping proposals share
  one group. Unit proposals mark the `CUnit` (`inserted_by`, `deleted_by`, `alternatives`).
  ``agreed-ad-ref`` changes are integrated and marked (`Run.mark == "adref"`).
- ``clean``: adopted (optionally ad-ref) changes applied, no marks.
- ``redline``: base against clean, word by word, as ``ins``/``del`` runs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from typing import assert_never

from .amend.anchor import Anchoring, Site, Unlocated, anchor
from .amend.apply import apply_sites, new_unit_numbers
from .brackets import parse as source_brackets
from .compiled import Alternative, Block, Compiled, CUnit, Group, Inline, Run
from .diff.words import diff_words
from .ids import assign_subtree
from .model import PENDING, Amendment, ChangeKind, Document, Status, Unit

# -- plain units --------------------------------------------------------------------------


def plain(unit: Unit, children: tuple[CUnit, ...] | None = None) -> CUnit:
    """A unit without proposals."""
    return CUnit(unit.kind, unit.eid, unit.wid, unit.num, unit.heading,
                 tuple((Run(t),) for t in unit.text),
                 children if children is not None else tuple(plain(c) for c in unit.children),
                 tuple((Run(t),) for t in unit.wrap_up))


def compile_plain(doc: Document, mode: str = "clean") -> Compiled:
    return Compiled(doc.meta, mode, plain(doc.preamble) if doc.preamble else None,
                    tuple(plain(u) for u in doc.body))


# -- bracketed ----------------------------------------------------------------------------


def _split_blocks(items: list[Inline], n_text: int) -> tuple[tuple[Block, ...], tuple[Block, ...]]:
    """Cut a flat inline sequence at the newlines of plain runs back into text blocks."""
    blocks: list[list[Inline]] = [[]]
    for item in items:
        if isinstance(item, Run) and "\n" in item.text and not item.mark:
            parts = item.text.split("\n")
            for k, part in enumerate(parts):
                if k:
                    blocks.append([])
                if part:
                    blocks[-1].append(Run(part))
        else:
            blocks[-1].append(item)
    result = tuple(tuple(b) for b in blocks)
    return result[:n_text], result[n_text:]


def _group(text: str, sites: tuple[Site, ...], statuses: Mapping[str, str],
           ) -> tuple[int, int, Inline]:
    """The inline for one group of overlapping sites: (start, end, group)."""
    start = min(s.start for s in sites)
    end = max(s.end for s in sites)
    original = text[start:end]
    by_new: dict[tuple[str, bool], list[str]] = defaultdict(list)
    for s in sites:
        # The alternative's full words: the group's span with this site's edit applied.
        words = original[:s.start - start] + s.new + original[s.end - start:]
        deletes = s.kind == ChangeKind.DELETE
        by_new[(words, deletes)].append(s.amendment)
    ad_ref = [s for s in sites if statuses.get(s.amendment) == Status.AGREED_AD_REF]
    if len(ad_ref) == len(sites) and len({(s.new, s.start, s.end) for s in sites}) == 1:
        s = sites[0]
        agreed = tuple(dict.fromkeys(x.amendment for x in sites))
        words = original[:s.start - start] + s.new + original[s.end - start:]
        return start, end, Run(words, "adref", agreed)
    alternatives: list[Alternative] = []
    # Only a proposal that removes the whole span strikes the original through; a partial
    # deletion is an alternative wording like any other.
    deleting = tuple(dict.fromkeys(a for (w, d), ids in by_new.items() if d and not w.strip()
                                   for a in ids))
    if original:
        mark = "del" if deleting else ""
        alternatives.append(Alternative((Run(original, mark, deleting),), deleting,
                                        deletes=bool(deleting)))
    for (words, deletes), ids in by_new.items():
        if deletes and not words.strip():
            continue
        mark = "ins"
        alternatives.append(Alternative((Run(words, mark, tuple(ids)),), tuple(dict.fromkeys(ids)),
                                        deletes=deletes))
    return start, end, Group(tuple(alternatives))


def _bracket_text(unit: Unit, groups: list[tuple[Site, ...]],
                  statuses: Mapping[str, str]) -> tuple[tuple[Block, ...], tuple[Block, ...]]:
    text = unit.own_text
    items: list[Inline] = []
    pos = 0
    for sites in sorted(groups, key=lambda g: min(s.start for s in g)):
        start, end, inline = _group(text, sites, statuses)
        if start < pos:  # defensive: groups never overlap, but never lose text either
            start = pos
        if text[pos:start]:
            items.append(Run(text[pos:start]))
        items.append(inline)
        pos = max(pos, end)
    if text[pos:]:
        items.append(Run(text[pos:]))
    n_text = len(unit.text) if unit.wrap_up else len(text.split("\n"))
    return _split_blocks(items, n_text)


def compile_bracketed(doc: Document, amendments: list[Amendment]) -> Compiled:
    """The negotiating text: every pending proposal of `amendments` bracketed at its place."""
    pending = [a for a in amendments if a.status in PENDING and not a.applied_in]
    closed = tuple(a for a in amendments if a.status not in PENDING and a.status != Status.ADOPTED)
    anchoring: Anchoring = anchor(doc, pending)
    statuses = {a.id: a.status for a in pending}
    by_id = {a.id: a for a in pending}

    word_groups: dict[str, list[tuple[Site, ...]]] = defaultdict(list)
    for g in anchoring.groups:
        word_groups[g[0].wid].append(g)
    deleted: dict[str, list[str]] = defaultdict(list)
    alts: dict[str, list[Site]] = defaultdict(list)
    inserts: dict[tuple[str, str], list[Site]] = defaultdict(list)
    for s in anchoring.sites:
        match s.kind:
            case ChangeKind.REPLACE | ChangeKind.INSERT | ChangeKind.DELETE | ChangeKind.SUBSTITUTE:
                pass  # in `anchoring.groups`
            case ChangeKind.DELETE_UNIT:
                deleted[s.wid].append(s.amendment)
            case ChangeKind.REPLACE_UNIT:
                alts[s.wid].append(s)
            case ChangeKind.INSERT_UNIT:
                inserts[(s.wid, s.where or "after")].append(s)
            case _:
                assert_never(s.kind)

    formerly = {wid: former for _new, former, wid in doc.meta.concordance if former != "(new)"}
    taken_e = {u.eid for u in doc.units()}
    taken_w = {u.wid for u in doc.units()}

    # Changes aimed at a unit another proposal inserts ("10 bis"): located when that unit
    # is built, so a proposal on a proposal shows as brackets inside its brackets.
    on_proposals: dict[str, list[tuple[Amendment, int]]] = defaultdict(list)
    for miss in anchoring.unlocated:
        change = by_id[miss.amendment].changes[miss.change]
        if change.target and change.target not in taken_w:
            on_proposals[change.target].append((by_id[miss.amendment], miss.change))
    located_later: set[tuple[str, int]] = set()

    def locate_inside(unit: Unit) -> None:
        for inner in unit.walk():
            wanted = on_proposals.get(inner.wid)
            if not wanted:
                continue
            subs = [replace(a, changes=(a.changes[i],)) for a, i in wanted]
            inner_anchoring = anchor(Document(body=(inner,)), subs)
            for sub, (a, i) in zip(subs, wanted, strict=True):
                if not inner_anchoring.unlocated_of(sub.id):
                    located_later.add((a.id, i))
            for group in inner_anchoring.groups:
                if group[0].wid == inner.wid:
                    word_groups[inner.wid].append(group)

    def new_units(site: Site, parent: Unit | None, predecessor: Unit | None,
                  siblings: list[Unit]) -> list[Unit]:
        """Number and id the new units exactly as applying them would."""
        parent_eid = parent.eid if parent is not None else ""
        return [assign_subtree(u, "" if u.kind == "article" else parent_eid, 1, taken_e, taken_w)
                for u in new_unit_numbers(site, predecessor, siblings)]

    def build_children(parent: Unit | None, children: tuple[Unit, ...]) -> tuple[CUnit, ...]:
        out: list[CUnit] = []
        seen: list[Unit] = []

        def add(site: Site, predecessor: Unit | None) -> None:
            for unit in new_units(site, parent, predecessor, seen):
                locate_inside(unit)
                out.append(replace(build(unit), inserted_by=(site.amendment,)))
                seen.append(unit)

        for child in children:
            for s in inserts.get((child.wid, "before"), []):
                add(s, seen[-1] if seen else None)
            out.append(build(child))
            seen.append(child)
            for s in inserts.get((child.wid, "after"), []):
                add(s, child)
        for s in inserts.get((parent.wid if parent is not None else "", "end"), []):
            add(s, seen[-1] if seen else None)
        return tuple(out)

    def build(unit: Unit) -> CUnit:
        if unit.wid in word_groups:
            blocks, wrap = _bracket_text(unit, word_groups[unit.wid], statuses)
        else:
            blocks = tuple(source_brackets(t) for t in unit.text)
            wrap = tuple(source_brackets(t) for t in unit.wrap_up)
        alternatives = tuple(
            (f"Alt {k}", replace(build(replace(s.units[0], eid=f"{unit.eid}-alt{k}", wid="",
                                                 num=s.units[0].num or unit.num)),
                                 inserted_by=(s.amendment,)))
            for k, s in enumerate(alts.get(unit.wid, []), start=1))
        return CUnit(unit.kind, unit.eid, unit.wid, unit.num, unit.heading, blocks,
                     build_children(unit, unit.children), wrap,
                     deleted_by=tuple(deleted.get(unit.wid, ())), alternatives=alternatives,
                     formerly=formerly.get(unit.wid, ""))

    preamble = build(doc.preamble) if doc.preamble is not None else None
    body = build_children(None, doc.body)
    unlocated = tuple(u for u in anchoring.unlocated if (u.amendment, u.change) not in located_later)
    return Compiled(doc.meta, "bracketed", preamble, body, by_id, unlocated, closed)


# -- clean and redline --------------------------------------------------------------------


def clean_document(doc: Document, amendments: list[Amendment], include_ad_ref: bool = False,
                   ) -> tuple[Document, Anchoring]:
    """The text with adopted (and optionally ad-ref) proposals applied."""
    wanted = {Status.ADOPTED} | ({Status.AGREED_AD_REF} if include_ad_ref else set())
    chosen = [a for a in amendments if a.status in wanted and not a.applied_in]
    anchoring = anchor(doc, chosen)
    return apply_sites(doc, list(anchoring.sites)), anchoring


def compile_clean(doc: Document, amendments: list[Amendment], include_ad_ref: bool = False,
                  ) -> Compiled:
    new, anchoring = clean_document(doc, amendments, include_ad_ref)
    return replace(compile_plain(new, "clean"), unlocated=anchoring.unlocated)


def compile_redline(doc: Document, amendments: list[Amendment], include_ad_ref: bool = False,
                    ) -> Compiled:
    """Base against clean: units matched by wId, words diffed (``ins``/``del`` runs); units
    the clean text adds are wholly ``ins``, units it deletes stay in place wholly ``del``."""
    new, anchoring = clean_document(doc, amendments, include_ad_ref)
    old_units = doc.by_wid()
    new_wids = {u.wid for u in new.units()}
    marks = {"eq": "", "ins": "ins", "del": "del"}

    def runs(old: str, new_text: str) -> Block:
        if old == new_text:
            return (Run(new_text),)
        return tuple(Run(seg.text if seg.op != "del" else seg.old, marks[seg.op])
                     for seg in diff_words(old, new_text, exact=True).segments)

    def whole(unit: Unit, mark: str) -> CUnit:
        return CUnit(unit.kind, unit.eid, unit.wid, unit.num, unit.heading,
                     tuple((Run(t, mark),) for t in unit.text),
                     tuple(whole(c, mark) for c in unit.children),
                     tuple((Run(t, mark),) for t in unit.wrap_up), mark=mark)

    def children(before: Unit | None, after: tuple[Unit, ...]) -> tuple[CUnit, ...]:
        out = [build(c) for c in after]
        if before is None:
            return tuple(out)
        position = {c.wid: k for k, c in enumerate(after)}
        placed = 0
        for old_child in before.children:
            if old_child.wid in position:
                placed = position[old_child.wid] + 1
            elif old_child.wid not in new_wids:
                out.insert(min(placed, len(out)), whole(old_child, "del"))
                position = {k: (v + 1 if v >= placed else v) for k, v in position.items()}
                placed += 1
        return tuple(out)

    def build(unit: Unit) -> CUnit:
        before = old_units.get(unit.wid)
        if before is None:
            return whole(unit, "ins")
        n = max(len(before.text), len(unit.text))
        pad = ("",) * n
        blocks = tuple(runs((before.text + pad)[i], (unit.text + pad)[i]) for i in range(n))
        wrap = tuple((Run(t),) for t in unit.wrap_up)
        return CUnit(unit.kind, unit.eid, unit.wid, unit.num, unit.heading, blocks,
                     children(before, unit.children), wrap)

    top_before = Unit("body", children=doc.body)
    return Compiled(new.meta, "redline", build(new.preamble) if new.preamble else None,
                    children(top_before, new.body), unlocated=anchoring.unlocated)


def not_located(doc: Document, amendments: list[Amendment], anchoring: Anchoring) -> list[Unlocated]:
    """Changes located nowhere: not in the text, and not in a unit another pending
    proposal inserts (a proposal on a proposal is located when the draft is compiled)."""
    if not anchoring.unlocated:
        return []
    in_draft = {(u.amendment, u.change) for u in compile_bracketed(doc, amendments).unlocated}
    pending = {a.id for a in amendments if a.status in PENDING}
    return [u for u in anchoring.unlocated
            if (u.amendment, u.change) in in_draft or u.amendment not in pending]
