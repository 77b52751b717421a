"""Compare two versions of a treaty text: align the units, diff their words, report.

Pipeline: `align` pairs the units of the two texts (articles, recitals, the preamble,
division headings; see its docstring for the algorithm), `words` diffs each pair word by
word, `report` holds the result (summary, concordance), and the renderers in
``treaty/render/diff_*.py`` write HTML, terminal text, Markdown or JSON
(``docs/diff-json.md``).

``compare(old, new)`` is the pure core: two `Document`s in, a `DiffResult` out.  Reading
the inputs and writing the result is the command's (`treaty.commands.diff`).  Units are
paired by persistent wId only when both inputs are AKN of the same FRBR work (a workspace
and its snapshots, see `shares_lineage`).
"""

from __future__ import annotations

from ..model import Document
from ..parallel import fork_map
from . import align as _align
from .report import DiffResult, Entry, Side, Source, summarize
from .words import (
    DEFAULT_ENGINE,
    DELETE,
    EQUAL,
    INSERT,
    PARAGRAPH,
    Segment,
    WordDiff,
    count_words,
    diff_words,
    tokenize,
)

__all__ = ["compare", "DiffResult", "source_of", "summary_line", "shares_lineage"]


def shares_lineage(old: Document, new: Document) -> bool:
    """Whether two AKN texts can be paired by wId: they are the same FRBR work and have
    wIds in common.  Only meaningful for texts kept as AKN (a workspace, its version
    snapshots): a text read on the fly gets wIds derived from today's numbers, which say
    nothing about lineage, so callers check the source first."""
    a, b = old.meta, new.meta
    if (a.country, a.subtype, a.short_name) != (b.country, b.subtype, b.short_name):
        return False
    old_wids = {u.wid for u in old.articles() if u.wid}
    new_wids = {u.wid for u in new.articles() if u.wid}
    return bool(old_wids & new_wids)


def _side(item: _align.Item) -> Side:
    return Side(label=item.label, index=item.index, num=item.num, heading=item.heading,
                wid=item.wid, eid=item.eid)


def _whole(text: str, op: str, engine: str) -> WordDiff:
    tokens = tokenize(text)
    words = count_words(text)
    seg = (Segment(op, "".join(tokens)),) if tokens else ()
    return WordDiff(seg, words if op == INSERT else 0, words if op == DELETE else 0, engine)


def diff_by_wid(old: _align.Item, new: _align.Item, exact: bool, engine: str) -> WordDiff:
    """Word diff of two versions of one article, paragraph by paragraph: lines are paired
    by the wId of the unit they come from, so a new or renumbered paragraph shows as
    exactly that, never as words slid from its neighbour. Units only in the old version
    stay where they were."""
    def grouped(item: _align.Item) -> dict[str, str]:
        out: dict[str, list[str]] = {}
        for key, line in zip(item.line_wids, item.lines, strict=True):
            out.setdefault(key, []).append(line)
        return {k: "\n".join(v) for k, v in out.items()}

    before, after = grouped(old), grouped(new)
    order: list[str] = []
    place = {k: n for n, k in enumerate(before)}
    gone = [k for k in before if k not in after]  # in old order
    next_gone = 0
    for key in after:
        if key in before:  # deleted units that came before this one in the old text
            while next_gone < len(gone) and place[gone[next_gone]] < place[key]:
                order.append(gone[next_gone])
                next_gone += 1
        order.append(key)
    order.extend(gone[next_gone:])
    parts = [diff_words(before[k], after[k], exact=exact, engine=engine) if k in before and k in after
             else _whole(after[k], INSERT, engine) if k in after else _whole(before[k], DELETE, engine)
             for k in order]
    segments: list[Segment] = []
    for k, part in enumerate(parts):
        if k:
            segments.append(Segment(EQUAL, PARAGRAPH))
        segments.extend(part.segments)
    merged: list[Segment] = []
    for seg in segments:
        if merged and merged[-1].op == seg.op and merged[-1].old_text is None and seg.old_text is None:
            merged[-1] = Segment(seg.op, merged[-1].text + seg.text)
        else:
            merged.append(seg)
    return WordDiff(tuple(merged), sum(p.inserted for p in parts), sum(p.deleted for p in parts),
                    parts[0].engine if parts else engine)


PARALLEL_CHARS = 200_000
"""Texts this long (both sides together) have their pairs word-diffed on all cores
(`parallel.fork_map`); below it a fork costs more than it saves."""


def compare(old: Document, new: Document, *, exact: bool = False, use_wid: bool = False,
            engine: str = DEFAULT_ENGINE, old_source: Source | None = None,
            new_source: Source | None = None) -> DiffResult:
    """Align and word-diff two documents (pure).

    `use_wid`: pair units by wId first (only for texts of one lineage, see
    `shares_lineage`); otherwise units are paired by number, heading and words. The pairs
    are aligned first, then word-diffed (on all cores for long texts), then reported."""
    old_items, new_items = _align.items(old), _align.items(new)
    planned: list[tuple[str, _align.Pair, _align.Item | None, _align.Item | None]] = []
    size = 0
    for group in ("preamble", "recital", "article", "division", "other"):
        a, b = old_items[group], new_items[group]
        if not a and not b:
            continue
        floor = 0.0 if group == "division" else _align.SAME_NUMBER
        for pair in _align.align(a, b, use_wid=use_wid, same_number=floor):
            o = a[pair.old] if pair.old is not None else None
            n = b[pair.new] if pair.new is not None else None
            planned.append((group, pair, o, n))
            size += len(o.text) if o else 0
            size += len(n.text) if n else 0

    def diff_of(sides: tuple[_align.Item | None, _align.Item | None]) -> WordDiff:
        o, n = sides
        if o is not None and n is not None:
            if use_wid and all(o.line_wids) and all(n.line_wids):
                return diff_by_wid(o, n, exact, engine)
            return diff_words(o.text, n.text, exact=exact, engine=engine)
        if n is not None:
            return _whole(n.text, INSERT, engine)
        assert o is not None
        return _whole(o.text, DELETE, engine)

    sides = [(o, n) for _, _, o, n in planned]
    diffs = fork_map(diff_of, sides) if size >= PARALLEL_CHARS else list(map(diff_of, sides))
    entries = tuple(_entry(group, pair, o, n, diff, old_items[group], new_items[group])
                    for (group, pair, o, n), diff in zip(planned, diffs, strict=True))
    return DiffResult(
        old=old_source or source_of("old", old), new=new_source or source_of("new", new),
        entries=entries, exact=exact, engine=engine, aligned_by_wid=use_wid,
        summary=summarize(entries))


def _entry(group: str, pair: _align.Pair, o: _align.Item | None, n: _align.Item | None,
           diff: WordDiff, a: list[_align.Item], b: list[_align.Item]) -> Entry:
    """The report of one aligned pair (`a`, `b`: the group's old and new items)."""
    if o is not None and n is not None:
        status = "changed" if diff.changed else "unchanged"
        renumbered = o.token != n.token
    elif n is not None:
        status = "split" if pair.relation == "split" else "added"
        renumbered = False
    else:
        status = "merged" if pair.relation == "merged" else "deleted"
        renumbered = False
    related = None
    if pair.related is not None:
        related = (a[pair.related] if pair.relation == "split" else b[pair.related]).label
    return Entry(group=group, kind=(n or o).kind, status=status,  # type: ignore[union-attr]
                 old=_side(o) if o else None, new=_side(n) if n else None, diff=diff,
                 aligned_by=pair.how, similarity=round(pair.score, 3), renumbered=renumbered,
                 moved=pair.moved, related=related)


def source_of(name: str, doc: Document, warnings: int = 0) -> Source:
    """What the comparison says about one of its inputs."""
    return Source(name=name, title=doc.meta.title, label=doc.meta.label, words=doc.word_count(),
                  articles=len(doc.articles()), warnings=warnings, language=doc.meta.language)


def summary_line(result: DiffResult) -> str:
    """``no changes`` or ``articles: 3 added, 1 deleted ...; words: +120 -40``."""
    if result.summary.no_changes:
        return "no changes"
    c = result.summary.counts("article")
    parts = [f"{n} {name}" for name, n in (
        ("added", c.added), ("deleted", c.deleted), ("split", c.split), ("merged", c.merged),
        ("renumbered", c.renumbered), ("moved", c.moved), ("changed", c.changed),
        ("unchanged", c.unchanged)) if n]
    line = f"articles: {', '.join(parts) or 'none'}; words: +{result.summary.words_inserted} " \
           f"-{result.summary.words_deleted}"
    others = [g for g, counts in result.summary.groups
              if g != "article" and counts.total_changes]
    if others:
        line += "; also changed: " + ", ".join(others)
    if result.degraded:
        line += "; WARNING: some diffs hit the time limit and are coarser (degraded)"
    return line

