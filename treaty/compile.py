"""Document + proposals -> the compiled draft: a tree of `CUnit`s whose text is a sequence
of plain `Run`s and bracket `Group`s. Every writer (HTML, PDF, Markdown, text, AKN, Word)
renders this one structure; none of them looks at amendments or anchoring.

Modes:

- ``bracketed``: every located pending proposal at its place. A `Group` holds the
  original words (if any) and one `Alternative` per proposal; overlapping proposals share
  one group. Unit proposals mark the `CUnit` (`inserted_by`, `deleted_by`, `alternatives`).
  ``agreed-ad-ref`` changes, and ``adopted`` ones not yet consolidated, are integrated
  and marked (`Run.mark == "adref"`, labelled "ad ref" / "adopted at AHC-5"); pending
  proposals that compete with an adopted change are listed as `Compiled.overtaken`.
- ``clean``: adopted (optionally ad-ref) changes applied, no marks.
- ``redline``: base against clean, word by word, as ``ins``/``del`` runs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from typing import assert_never

from .amend.anchor import Anchoring, Site, Unlocated, anchor, group_sites
from .amend.apply import apply_sites, article_before, new_unit_numbers, predecessor_of
from .amend.spacing import DEFAULT, Typography, needs_space, splice
from .brackets import parse as source_brackets
from .compiled import (
    INTEGRATED,
    Alternative,
    Block,
    Compiled,
    CUnit,
    Group,
    Inline,
    Run,
    integrated_reason,
)
from .ids import assign_subtree
from .inline import block_spans
from .model import PENDING, Amendment, ChangeKind, Document, Span, Status, Unit
from .reasons import Reason


def _integrate(doc: Document, anchoring: Anchoring, adopted: set[str],
               by_id: dict[str, Amendment]) -> tuple[list[Site], list[tuple[str, Reason]]]:
    """The sites to show, and the pending proposals an adopted change overtakes, with why:
    words an adopted proposal replaced or deleted, or a unit it deleted or replaced."""
    if not adopted:
        return list(anchoring.sites), []
    why: dict[str, Reason] = {}
    units = doc.by_wid()

    def overtaken(key: str, aid: str, **values: str) -> Reason:
        return Reason.of(key, by=aid, label=integrated_reason(by_id[aid]), **values)

    for group in group_sites(anchoring.sites):
        taken = [s for s in group if s.amendment in adopted]
        if len(taken) == 1:
            for s in group:
                if s.amendment not in adopted and s.amendment not in why:
                    why[s.amendment] = overtaken("overtaken_words", taken[0].amendment)
    whole = {s.wid: s for s in anchoring.sites if s.amendment in adopted
             and s.kind in (ChangeKind.DELETE_UNIT, ChangeKind.REPLACE_UNIT)}
    if whole:
        parent: dict[str, str] = {}
        for u in doc.units():
            for c in u.children:
                parent[c.wid] = u.wid
        for s in anchoring.sites:
            if s.amendment in adopted or s.amendment in why:
                continue
            wid = s.wid
            while wid:
                hit = whole.get(wid)
                if hit is not None and not (s.kind == ChangeKind.INSERT_UNIT and wid == s.wid
                                            and hit.kind == ChangeKind.REPLACE_UNIT):
                    key = ("overtaken_deletes" if hit.kind == ChangeKind.DELETE_UNIT
                           else "overtaken_replaces")
                    name = units[wid].num or wid if wid in units else wid
                    why[s.amendment] = overtaken(key, hit.amendment, unit=name)
                    break
                wid = parent.get(wid, "")
    return [s for s in anchoring.sites if s.amendment not in why], list(why.items())


def _integrated(unit: CUnit, ids: tuple[str, ...]) -> CUnit:
    """A unit an adopted proposal adds or rewrites: its words shown integrated (green), the
    label and attribution once, after its last words."""
    def mark(block: Block) -> Block:
        return tuple(replace(i, mark="adref", amendments=()) if isinstance(i, Run) and
                     not i.mark and i.text.strip() else i for i in block)

    def label_last(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], bool]:
        for k in range(len(blocks) - 1, -1, -1):
            block = blocks[k]
            for j in range(len(block) - 1, -1, -1):
                item = block[j]
                if isinstance(item, Run) and item.mark == "adref":
                    block = block[:j] + (replace(item, amendments=ids),) + block[j + 1:]
                    return blocks[:k] + (block,) + blocks[k + 1:], True
        return blocks, False

    def walk(u: CUnit, last: bool) -> CUnit:
        blocks = tuple(mark(b) for b in u.blocks)
        wrap = tuple(mark(b) for b in u.wrap_up)
        children = list(u.children)
        done = False
        if last:
            wrap, done = label_last(wrap)
        for k in range(len(children) - 1, -1, -1):
            children[k] = walk(children[k], last and not done and k == len(children) - 1)
        if last and not done and not children:
            blocks, done = label_last(blocks)
        return replace(u, blocks=blocks, wrap_up=wrap, children=tuple(children))

    return walk(unit, True)


# -- plain units --------------------------------------------------------------------------


def marks_of(unit: Unit) -> tuple[tuple[Span, ...], ...]:
    """The unit's inline markup per block (empty when it has none)."""
    if not unit.inline:
        return ()
    return tuple(block_spans(unit.text + unit.wrap_up, unit.inline))


def plain(unit: Unit, children: tuple[CUnit, ...] | None = None) -> CUnit:
    """A unit without proposals."""
    return CUnit(unit.kind, unit.eid, unit.wid, unit.num, unit.heading,
                 tuple((Run(t, at=0),) for t in unit.text),
                 children if children is not None else tuple(plain(c) for c in unit.children),
                 tuple((Run(t, at=0),) for t in unit.wrap_up), attrs=unit.attrs,
                 marks=marks_of(unit), heading_marks=unit.heading_inline)


def compile_plain(doc: Document, mode: str = "clean") -> Compiled:
    return Compiled(doc.meta, mode, plain(doc.preamble) if doc.preamble else None,
                    tuple(plain(u) for u in doc.body), kept=doc.kept)


# -- bracketed ----------------------------------------------------------------------------


def _split_blocks(items: list[Inline], n_text: int) -> tuple[tuple[Block, ...], tuple[Block, ...]]:
    """Cut a flat inline sequence at the newlines of plain runs back into text blocks."""
    blocks: list[list[Inline]] = [[]]
    for item in items:
        if isinstance(item, Run) and "\n" in item.text and not item.mark:
            parts = item.text.split("\n")
            at = item.at
            for k, part in enumerate(parts):
                if k:
                    blocks.append([])
                if part:
                    blocks[-1].append(Run(part, at=at))
                if at >= 0:
                    at += len(part) + 1
        else:
            blocks[-1].append(item)
    result = tuple(tuple(b) for b in blocks)
    return result[:n_text], result[n_text:]


def _group(text: str, sites: tuple[Site, ...], statuses: Mapping[str, str],
           typo: Typography = DEFAULT) -> tuple[int, int, Inline]:
    """The inline for one group of overlapping sites: (start, end, group)."""
    start = min(s.start for s in sites)
    end = max(s.end for s in sites)
    original = text[start:end]
    by_new: dict[tuple[str, bool], list[str]] = defaultdict(list)
    for s in sites:
        # The alternative's full words: the group's span with this site's edit applied.
        words = splice(original, [(s.start - start, s.end - start, s.new)], typo)
        deletes = s.kind == ChangeKind.DELETE
        by_new[(words, deletes)].append(s.amendment)
    ad_ref = [s for s in sites if statuses.get(s.amendment) in INTEGRATED]
    if len(ad_ref) == len(sites) and len({(s.new, s.start, s.end) for s in sites}) == 1:
        s = sites[0]
        agreed = tuple(dict.fromkeys(x.amendment for x in sites))
        words = splice(original, [(s.start - start, s.end - start, s.new)], typo)
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


def _edges(inline: Inline) -> tuple[str, str]:
    """The first and last characters shown for an inline (its first non-empty option)."""
    if isinstance(inline, Run):
        return inline.text[:1], inline.text[-1:]
    for alt in inline.alternatives:
        first, last = _edges(alt.runs[0]) if alt.runs else ("", "")
        if first:
            return first, _edges(alt.runs[-1])[1]
    return "", ""


def _bracket_text(unit: Unit, groups: list[tuple[Site, ...]], statuses: Mapping[str, str],
                  typo: Typography = DEFAULT) -> tuple[tuple[Block, ...], tuple[Block, ...]]:
    text = unit.own_text
    items: list[Inline] = []
    pos = 0
    for sites in sorted(groups, key=lambda g: min(s.start for s in g)):
        start, end, inline = _group(text, sites, statuses, typo)
        if start < pos:  # defensive: groups never overlap, but never lose text either
            start = pos
        if text[pos:start]:
            items.append(Run(text[pos:start], at=pos))
        first, last = _edges(inline)
        before, after = text[:start], text[end:]
        if before and before[-1] not in " \n" and needs_space(before, first, typo=typo):
            items.append(Run(" "))
        items.append(replace(inline, at=start, end=end) if isinstance(inline, Group) else inline)
        if after and after[0] not in " \n" and needs_space(last, after, typo=typo):
            items.append(Run(" "))
        pos = max(pos, end)
    if text[pos:]:
        items.append(Run(text[pos:], at=pos))
    n_text = len(unit.text) if unit.wrap_up else len(text.split("\n"))
    blocks, wrap = _split_blocks(items, n_text)
    return _relative(blocks, wrap, unit.text + unit.wrap_up)


def _relative(blocks: tuple[Block, ...], wrap: tuple[Block, ...], texts: tuple[str, ...],
              ) -> tuple[tuple[Block, ...], tuple[Block, ...]]:
    """Offsets of runs and groups made relative to their own block (from `own_text`)."""
    starts = []
    offset = 0
    for t in texts:
        starts.append(offset)
        offset += len(t) + 1
    out = []
    for k, block in enumerate(blocks + wrap):
        base = starts[k] if k < len(starts) else 0
        out.append(tuple(
            replace(it, at=it.at - base) if isinstance(it, Run) and it.at >= 0 else
            replace(it, at=it.at - base, end=it.end - base) if isinstance(it, Group) and it.at >= 0
            else it for it in block))
    return tuple(out[:len(blocks)]), tuple(out[len(blocks):])


def _at_zero(block: Block, text: str) -> Block:
    """The block's runs and source bracket groups with their offsets in `text` (a group
    covers its words and brackets; its label, ``Option 1``, is in the text too)."""
    out: list[Inline] = []
    pos = 0
    for item in block:
        if isinstance(item, Run):
            found = text.find(item.text, pos)
            if found < 0:
                return block
            out.append(replace(item, at=found))
            pos = found + len(item.text)
        else:
            words = [r.text for alt in item.alternatives for r in alt.runs if isinstance(r, Run)]
            first = text.find(words[0], pos) if words and words[0] else -1
            start = text.rfind("[", pos, first) if first >= 0 else text.find("[", pos)
            if start < 0:
                return block
            end = start
            for w in words:
                end = text.find(w, end) + len(w) if w and text.find(w, end) >= 0 else end
            close = text.find("]", end)
            end = close + 1 if close >= 0 else end
            if item.label:
                label_at = text.rfind(item.label, pos, start)
                start = label_at if label_at >= 0 else start
            out.append(replace(item, at=start, end=end))
            pos = end
    return tuple(out)


def compile_bracketed(doc: Document, amendments: list[Amendment]) -> Compiled:
    """The negotiating text: every pending proposal of `amendments` bracketed at its place,
    adopted ones not yet consolidated shown integrated."""
    pending = [a for a in amendments if a.status in PENDING and not a.applied_in]
    adopted = [a for a in amendments if a.status == Status.ADOPTED and not a.applied_in]
    closed = tuple(a for a in amendments if a.status not in PENDING and a.status != Status.ADOPTED)
    anchoring: Anchoring = anchor(doc, pending + adopted)
    statuses = {a.id: a.status for a in pending + adopted}
    by_id = {a.id: a for a in pending + adopted}
    sites, overtaken = _integrate(doc, anchoring, {a.id for a in adopted}, by_id)
    unlocated_all = tuple(u for u in anchoring.unlocated if u.amendment not in dict(overtaken))

    word_groups: dict[str, list[tuple[Site, ...]]] = defaultdict(list)
    for g in group_sites(sites):
        word_groups[g[0].wid].append(g)
    deleted: dict[str, list[str]] = defaultdict(list)
    alts: dict[str, list[Site]] = defaultdict(list)
    inserts: dict[tuple[str, str], list[Site]] = defaultdict(list)
    gone: dict[str, str] = {}
    replaced: dict[str, Site] = {}
    for s in sites:
        integrated = statuses.get(s.amendment) == Status.ADOPTED
        match s.kind:
            case ChangeKind.REPLACE | ChangeKind.INSERT | ChangeKind.DELETE | ChangeKind.SUBSTITUTE:
                pass  # in the word groups
            case ChangeKind.DELETE_UNIT:
                if integrated:
                    gone[s.wid] = s.amendment
                else:
                    deleted[s.wid].append(s.amendment)
            case ChangeKind.REPLACE_UNIT:
                if integrated:
                    replaced[s.wid] = s
                else:
                    alts[s.wid].append(s)
            case ChangeKind.INSERT_UNIT:
                inserts[(s.wid, s.where or "after")].append(s)
            case _:
                assert_never(s.kind)

    formerly = {wid: former for _new, former, wid in doc.meta.concordance if former != "(new)"}
    before = article_before(doc)
    typo = Typography.of(doc.meta.language)
    taken_e = {u.eid for u in doc.units()}
    taken_w = {u.wid for u in doc.units()}
    provision = doc.provision_kind()

    # Changes aimed at a unit another proposal inserts ("10 bis"): located when that unit
    # is built, so a proposal on a proposal shows as brackets inside its brackets.
    on_proposals: dict[str, list[tuple[Amendment, int]]] = defaultdict(list)
    for miss in unlocated_all:
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
                  siblings: list[Unit], following: Unit | None = None) -> list[Unit]:
        """Number and id the new units exactly as applying them would."""
        parent_eid = parent.eid if parent is not None else ""
        return [assign_subtree(u, "" if u.kind == provision else parent_eid, 1, taken_e, taken_w,
                               provision)
                for u in new_unit_numbers(site, predecessor, siblings, following)]

    def build_children(parent: Unit | None, children: tuple[Unit, ...]) -> tuple[CUnit, ...]:
        out: list[CUnit] = []
        seen: list[Unit] = []

        def add(site: Site, predecessor: Unit | None, following: Unit | None = None) -> None:
            for unit in new_units(site, parent, predecessor, seen, following):
                locate_inside(unit)
                if statuses.get(site.amendment) == Status.ADOPTED:
                    out.append(_integrated(build(unit), (site.amendment,)))
                else:
                    out.append(replace(build(unit), inserted_by=(site.amendment,)))
                seen.append(unit)

        for child in children:
            for s in inserts.get((child.wid, "before"), []):
                add(s, predecessor_of(s, seen, child, before), child)
            if child.wid in gone:  # a stub says so, where it was, until renumbering
                out.append(CUnit(child.kind, child.eid, child.wid, child.num, child.heading,
                                 ((Run("Deleted.", "adref", (gone[child.wid],)),),)))
                seen.append(child)
                continue
            if child.wid in replaced:
                alt = replaced[child.wid]
                unit = replace(alt.units[0], eid=child.eid, wid=child.wid,
                               num=alt.units[0].num or child.num,
                               heading=alt.units[0].heading or child.heading)
                unit = assign_subtree(unit, parent.eid if parent is not None and
                                      unit.kind != "article" else "", 1, taken_e, taken_w)
                out.append(_integrated(build(unit), (alt.amendment,)))
            else:
                out.append(build(child))
            seen.append(child)
            for s in inserts.get((child.wid, "after"), []):
                add(s, child)
        for s in inserts.get((parent.wid if parent is not None else "", "end"), []):
            add(s, seen[-1] if seen else None)
        return tuple(out)

    def build(unit: Unit) -> CUnit:
        if unit.wid in word_groups:
            blocks, wrap = _bracket_text(unit, word_groups[unit.wid], statuses, typo)
        else:
            blocks = tuple(_at_zero(source_brackets(t), t) for t in unit.text)
            wrap = tuple(_at_zero(source_brackets(t), t) for t in unit.wrap_up)
        alternatives = tuple(
            (f"Alt {k}", replace(build(replace(s.units[0], eid=f"{unit.eid}-alt{k}", wid="",
                                                 num=s.units[0].num or unit.num)),
                                 inserted_by=(s.amendment,)))
            for k, s in enumerate(alts.get(unit.wid, []), start=1))
        return CUnit(unit.kind, unit.eid, unit.wid, unit.num, unit.heading, blocks,
                     build_children(unit, unit.children), wrap,
                     deleted_by=tuple(deleted.get(unit.wid, ())), alternatives=alternatives,
                     formerly=formerly.get(unit.wid, ""), attrs=unit.attrs,
                     marks=marks_of(unit), heading_marks=unit.heading_inline)

    preamble = build(doc.preamble) if doc.preamble is not None else None
    body = build_children(None, doc.body)
    unlocated = tuple(u for u in unlocated_all if (u.amendment, u.change) not in located_later)
    gone_by = dict(overtaken)
    shown_by_id = {k: v for k, v in by_id.items() if k not in gone_by}
    return Compiled(doc.meta, "bracketed", preamble, body, shown_by_id, unlocated, closed,
                    tuple((by_id[a], why) for a, why in overtaken), kept=doc.kept)


# -- clean and redline --------------------------------------------------------------------


def clean_document(doc: Document, amendments: list[Amendment], include_ad_ref: bool = False,
                   origins: dict[str, str] | None = None) -> tuple[Document, Anchoring]:
    """The text with adopted (and optionally ad-ref) proposals applied."""
    wanted = {Status.ADOPTED} | ({Status.AGREED_AD_REF} if include_ad_ref else set())
    chosen = [a for a in amendments if a.status in wanted and not a.applied_in]
    anchoring = anchor(doc, chosen)
    return apply_sites(doc, list(anchoring.sites), origins), anchoring


def compile_clean(doc: Document, amendments: list[Amendment], include_ad_ref: bool = False,
                  ) -> Compiled:
    new, anchoring = clean_document(doc, amendments, include_ad_ref)
    return replace(compile_plain(new, "clean"), unlocated=anchoring.unlocated)


def _fit(text: str, site: Site, typo: Typography = DEFAULT) -> tuple[int, int, str]:
    """The one edit `site` makes to `text` once spaces are fitted (`spacing.splice`), as
    (start, end, new words) of `text`: what a tracked change deletes and inserts."""
    single = splice(text, [(site.start, site.end, site.new)], typo)
    p = 0
    limit = min(site.start, len(single))
    while p < limit and text[p] == single[p]:
        p += 1
    q = 0
    limit = min(len(text) - site.end, len(single) - p, len(text) - p)
    while q < limit and text[-1 - q] == single[-1 - q]:
        q += 1
    return p, len(text) - q, single[p:len(single) - q]


def _attributed(old: str, new: str, sites: list[Site], typo: Typography = DEFAULT,
                ) -> list[Run] | None:
    """Runs of `old` -> `new` with every deletion and insertion carrying the amendment that
    made it, or None if the sites do not account for the change exactly."""
    from .diff.words import diff_words  # here: its regexes cost `treaty amendments` 10 ms

    items: list[Run] = []
    pos = 0
    for site in sorted(sites, key=lambda s: (s.start, s.end)):
        start, end, words = _fit(old, site, typo)
        if start < pos:
            return None
        if old[pos:start]:
            items.append(Run(old[pos:start]))
        ids = (site.amendment,)
        if old[start:end] and words:  # a replacement: only the words that differ are marked
            for seg in diff_words(old[start:end], words, exact=True).segments:
                if seg.op == "eq":
                    items.append(Run(seg.text))
                else:
                    items.append(Run(seg.old if seg.op == "del" else seg.text, seg.op, ids))
        elif old[start:end]:
            items.append(Run(old[start:end], "del", ids))
        elif words:
            items.append(Run(words, "ins", ids))
        pos = end
    if old[pos:]:
        items.append(Run(old[pos:]))
    accepted = "".join(r.text for r in items if r.mark != "del")
    rejected = "".join(r.text for r in items if r.mark != "ins")
    return items if accepted == new and rejected == old else None


def _blocks(items: list[Run], n_text: int) -> tuple[tuple[Block, ...], tuple[Block, ...]]:
    """Runs cut at newlines into text and wrap-up blocks (marks kept on every piece)."""
    blocks: list[list[Inline]] = [[]]
    for item in items:
        for k, part in enumerate(item.text.split("\n")):
            if k:
                blocks.append([])
            if part:
                blocks[-1].append(replace(item, text=part))
    result = tuple(tuple(b) for b in blocks)
    return result[:n_text], result[n_text:]


def compile_redline(doc: Document, amendments: list[Amendment], include_ad_ref: bool = False,
                    ) -> Compiled:
    """Base against clean: units matched by wId; units the clean text adds are wholly
    ``ins``, units it deletes stay in place wholly ``del``. Every mark carries the amendment
    that made it (a word change, a new, deleted or replaced unit), so a Word redline is
    authored per delegation; where words changed in a way no single proposal accounts
    for, they are diffed word by word (unattributed)."""
    from .diff.words import diff_words

    origins: dict[str, str] = {}
    typo = Typography.of(doc.meta.language)
    new, anchoring = clean_document(doc, amendments, include_ad_ref, origins)
    old_units = doc.by_wid()
    new_wids = {u.wid for u in new.units()}
    marks = {"eq": "", "ins": "ins", "del": "del"}
    word_sites: dict[str, list[Site]] = defaultdict(list)
    whole_by: dict[str, str] = {}
    for s in anchoring.sites:
        if s.is_word:
            word_sites[s.wid].append(s)
        elif s.kind in (ChangeKind.DELETE_UNIT, ChangeKind.REPLACE_UNIT):
            whole_by[s.wid] = s.amendment

    def diffed(old: str, new_text: str, ids: tuple[str, ...]) -> list[Run]:
        if old == new_text:
            return [Run(new_text)] if new_text else []
        return [Run(seg.text if seg.op != "del" else seg.old, marks[seg.op],
                    ids if seg.op != "eq" else ())
                for seg in diff_words(old, new_text, exact=True).segments]

    def whole(unit: Unit, mark: str, ids: tuple[str, ...]) -> CUnit:
        return CUnit(unit.kind, unit.eid, unit.wid, unit.num, unit.heading,
                     tuple((Run(t, mark, ids),) for t in unit.text),
                     tuple(whole(c, mark, ids) for c in unit.children),
                     tuple((Run(t, mark, ids),) for t in unit.wrap_up), mark=mark, attrs=unit.attrs)

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
                by = whole_by.get(old_child.wid, "")
                out.insert(min(placed, len(out)), whole(old_child, "del", (by,) if by else ()))
                position = {k: (v + 1 if v >= placed else v) for k, v in position.items()}
                placed += 1
        return tuple(out)

    def build(unit: Unit) -> CUnit:
        before = old_units.get(unit.wid)
        if before is None:
            by = origins.get(unit.wid, "")
            return whole(unit, "ins", (by,) if by else ())
        old_text, new_text = before.own_text, unit.own_text
        items = None
        if unit.wid in word_sites:
            items = _attributed(old_text, new_text, word_sites[unit.wid], typo)
            if items is None:
                ids = tuple(dict.fromkeys(s.amendment for s in word_sites[unit.wid]))
                items = diffed(old_text, new_text, ids if len(ids) == 1 else ())
        if items is None:
            by = whole_by.get(unit.wid, "")
            items = diffed(old_text, new_text, (by,) if by else ())
        n_text = len(unit.text) if unit.wrap_up or before.wrap_up else len(new_text.split("\n"))
        if old_text.count("\n") != new_text.count("\n"):
            n_text = len(unit.text)
        blocks, wrap = _blocks(items, n_text)
        return CUnit(unit.kind, unit.eid, unit.wid, unit.num, unit.heading, blocks,
                     children(before, unit.children), wrap, attrs=unit.attrs)

    chosen = {s.amendment for s in anchoring.sites}
    top_before = Unit("body", children=doc.body)
    return Compiled(new.meta, "redline", build(new.preamble) if new.preamble else None,
                    children(top_before, new.body),
                    {a.id: a for a in amendments if a.id in chosen},
                    unlocated=anchoring.unlocated, kept=new.kept)


def not_located(doc: Document, amendments: list[Amendment], anchoring: Anchoring) -> list[Unlocated]:
    """Changes located nowhere: not in the text, and not in a unit another pending
    proposal inserts (a proposal on a proposal is located when the draft is compiled)."""
    if not anchoring.unlocated:
        return []
    in_draft = {(u.amendment, u.change) for u in compile_bracketed(doc, amendments).unlocated}
    pending = {a.id for a in amendments if a.status in PENDING}
    return [u for u in anchoring.unlocated
            if (u.amendment, u.change) in in_draft or u.amendment not in pending]
