"""Apply located changes to a document, refusing overlaps instead of losing one of them.

Word edits are spliced into each unit's own text in one pass (`spacing.splice`: one
space between new words and the text, none before punctuation); then units are
replaced, deleted and inserted in one rebuild of the tree. New units are numbered after
their predecessor (``4 bis``, ``Article 58 ter``) and get eIds and wIds from
`ids.assign_ids`; existing ids never change here (renumbering is a separate step of
consolidation).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import assert_never

from .. import ids
from ..inline import adjust as _adjust
from ..inline import follow_spaces as _follow_spaces
from ..model import ChangeKind, Document, TreatyError, Unit
from . import spacing
from .anchor import Site, group_sites


class ConflictError(TreatyError):
    def __init__(self, groups: list[tuple[Site, ...]]):
        first = groups[0]
        names = ", ".join(sorted({s.amendment for s in first}))
        super().__init__(first[0].wid, f"overlapping changes cannot both be applied: {names}",
                         "decide between them (set one to rejected) and try again")
        self.groups = groups


def check_applicable(sites: list[Site]) -> None:
    """Raise `ConflictError` if any two word sites overlap, or a unit is both replaced and
    deleted or changed inside."""
    clashes = [g for g in group_sites(sites) if len(g) > 1]
    whole: dict[str, list[Site]] = defaultdict(list)
    for s in sites:
        if s.kind in (ChangeKind.DELETE_UNIT, ChangeKind.REPLACE_UNIT):
            whole[s.wid].append(s)
    clashes += [tuple(v) for v in whole.values() if len(v) > 1]
    if clashes:
        raise ConflictError(clashes)


def splice(text: str, sites: list[Site], typo: spacing.Typography = spacing.DEFAULT) -> str:
    """`text` with every site's span replaced by its new words (sites must not overlap),
    one space between new words and the text and no double space where words went."""
    return spacing.splice(text, ((s.start, s.end, s.new) for s in sites), typo)


def adjust_inline(spans: tuple, sites: list[Site], old_text: str = "",
                  new_text: str | None = None) -> tuple:
    """Move a unit's inline markup through its word edits (see `inline.adjust`), then
    through the spaces `splice` added or removed at the seams (`inline.follow_spaces`)."""
    if not spans:
        return spans
    moved = _adjust(spans, ((s.start, s.end, len(s.new)) for s in sites))
    if new_text is None:
        return moved
    naive = old_text
    for s in sorted(sites, key=lambda x: (x.start, x.end), reverse=True):
        naive = naive[:s.start] + s.new + naive[s.end:]
    return moved if naive == new_text else _follow_spaces(moved, naive, new_text)


def _split_blocks(unit: Unit, text: str) -> Unit:
    blocks = text.split("\n")
    n_text = len(unit.text) if unit.wrap_up else len(blocks)
    return replace(unit, text=tuple(blocks[:n_text]), wrap_up=tuple(blocks[n_text:]))


def new_unit_numbers(site: Site, predecessor: Unit | None, siblings: list[Unit],
                     following: Unit | None = None) -> list[Unit]:
    """The units a proposal inserts, numbered after `predecessor` with bis, ter ...; with
    no predecessor, after the unit they precede (`following`) marked "new"."""
    base_num = predecessor.num if predecessor is not None else None
    base_token = ids.split_latin(ids.num_token(base_num))[0]
    used = max((ids.split_latin(ids.num_token(s.num))[1] for s in siblings
                if ids.split_latin(ids.num_token(s.num))[0] == base_token), default=0)
    result = []
    for k, unit in enumerate(site.units, start=1):
        num = unit.num
        if base_num is not None and not num:
            num = ids.inserted_num(base_num, used + k)
        elif not num and following is not None:
            num = ids.inserted_before(following.num, k)
        result.append(replace(unit, num=num, eid="", wid=""))
    return result


def article_before(doc: Document) -> dict[str, Unit]:
    """Each article's wId -> the article before it in the whole text: a new article placed
    first in its chapter is numbered after that one ("14 bis"), as articles are numbered
    across the text."""
    arts = doc.articles()
    return {b.wid: a for a, b in zip(arts, arts[1:], strict=False)}


def predecessor_of(site: Site, out: list[Unit], following: Unit,
                   before: dict[str, Unit]) -> Unit | None:
    """The unit a new unit placed before `following` is numbered after."""
    if out:
        return out[-1]
    if site.units and site.units[0].kind == "article":
        return before.get(following.wid)
    return None


def apply_sites(doc: Document, sites: list[Site], origins: dict[str, str] | None = None,
                ) -> Document:
    """The document with all `sites` applied. Raises `ConflictError` on overlaps.
    `origins`, if given, is filled with the wId of every new unit (and its descendants) ->
    the amendment that inserted it (for attributing a redline)."""
    check_applicable(sites)
    words: dict[str, list[Site]] = defaultdict(list)
    deleted: set[str] = set()
    replaced: dict[str, Site] = {}
    inserts: dict[tuple[str, str], list[Site]] = defaultdict(list)
    for s in sites:
        match s.kind:
            case ChangeKind.REPLACE | ChangeKind.INSERT | ChangeKind.DELETE | ChangeKind.SUBSTITUTE:
                words[s.wid].append(s)
            case ChangeKind.DELETE_UNIT:
                deleted.add(s.wid)
            case ChangeKind.REPLACE_UNIT:
                replaced[s.wid] = s
            case ChangeKind.INSERT_UNIT:
                inserts[(s.wid, s.where or "after")].append(s)
            case _:
                assert_never(s.kind)

    placed: dict[tuple[str, int], str] = {}  # (parent wId, index) of a new unit -> amendment
    before = article_before(doc)
    typo = spacing.Typography.of(doc.meta.language)

    def rebuild_children(parent_wid: str, children: tuple[Unit, ...]) -> tuple[Unit, ...]:
        out: list[Unit] = []

        def add(s: Site, predecessor: Unit | None, following: Unit | None = None) -> None:
            for unit in new_unit_numbers(s, predecessor, out, following):
                placed[(parent_wid, len(out))] = s.amendment
                out.append(unit)

        for child in children:
            for s in inserts.get((child.wid, "before"), []):
                add(s, predecessor_of(s, out, child, before), child)
            if child.wid in replaced:
                alt = replaced[child.wid].units[0]
                out.append(replace(alt, kind=alt.kind, num=alt.num or child.num, eid=child.eid,
                                   wid=child.wid, heading=alt.heading or child.heading))
            elif child.wid not in deleted:
                out.append(rebuild(child))
            for s in inserts.get((child.wid, "after"), []):
                add(s, child)
        for s in inserts.get((parent_wid, "end"), []):
            add(s, out[-1] if out else None)
        return tuple(out)

    def rebuild(unit: Unit) -> Unit:
        if unit.wid in words:
            old_text = unit.own_text
            new_text = splice(old_text, words[unit.wid], typo)
            unit = replace(_split_blocks(unit, new_text),
                           inline=adjust_inline(unit.inline, words[unit.wid], old_text, new_text))
        return replace(unit, children=rebuild_children(unit.wid, unit.children))

    preamble = rebuild(doc.preamble) if doc.preamble is not None else None
    body = rebuild_children("", doc.body)
    result = ids.assign_ids(replace(doc, preamble=preamble, body=body))
    if origins is not None and placed:
        def trace(parent_wid: str, children: tuple[Unit, ...]) -> None:
            for k, child in enumerate(children):
                source = placed.get((parent_wid, k))
                if source is not None:
                    origins.update(dict.fromkeys((u.wid for u in child.walk()), source))
                else:
                    trace(child.wid, child.children)
        if result.preamble is not None:
            trace(result.preamble.wid, result.preamble.children)
        trace("", result.body)
    return result
