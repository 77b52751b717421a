"""Compare two versions of a treaty text: align the units, diff their words, report.

Pipeline: `align` pairs the units of the two texts (articles, recitals, the preamble,
division headings; see its docstring for the algorithm), `words` diffs each pair word by
word, `report` holds the result (summary, concordance), and the renderers in
``treaty/render/diff_*.py`` write HTML, terminal text, Markdown or JSON
(``docs/diff-json.md``).

``compare(old, new)`` is the pure core: two `Document`s in, a `DiffResult` out.
``diff_command(old, new, fmt, output, exact)`` is the I/O edge behind ``treaty diff OLD
NEW``: it resolves each input - a workspace folder; a version label (``WS@label``,
``WS/label``, or a bare ``label`` inside the current workspace, read from
``versions/<label>.akn.xml``); an AKN file; a .txt / .md / .docx file read on the fly -
compares, renders and writes.  Units are paired by persistent wId only when both inputs
are AKN of the same FRBR work (a workspace and its snapshots).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from ..gcpause import paused_gc
from ..model import Document, Problem, TreatyError
from ..progress import stage
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

__all__ = ["compare", "diff_command", "run_diff", "resolve", "Resolved", "DiffResult", "FORMATS",
           "summary_line", "shares_lineage"]

FORMATS = ("html", "txt", "md", "json")


def shares_lineage(old: Document, new: Document) -> bool:
    """Whether two AKN texts can be paired by wId: they are the same FRBR work and have
    wIds in common.  Only meaningful for texts kept as AKN (a workspace, its version
    snapshots): a text read on the fly gets wIds derived from today's numbers, which say
    nothing about lineage, so callers check the source first (see `diff_command`)."""
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


def compare(old: Document, new: Document, *, exact: bool = False, use_wid: bool = False,
            engine: str = DEFAULT_ENGINE, old_source: Source | None = None,
            new_source: Source | None = None) -> DiffResult:
    """Align and word-diff two documents (pure).

    `use_wid`: pair units by wId first (only for texts of one lineage, see
    `shares_lineage`); otherwise units are paired by number, heading and words."""
    old_items, new_items = _align.items(old), _align.items(new)
    entries: list[Entry] = []
    for group in ("preamble", "recital", "article", "division", "other"):
        a, b = old_items[group], new_items[group]
        if not a and not b:
            continue
        floor = 0.0 if group == "division" else _align.SAME_NUMBER
        for pair in _align.align(a, b, use_wid=use_wid, same_number=floor):
            o = a[pair.old] if pair.old is not None else None
            n = b[pair.new] if pair.new is not None else None
            if o is not None and n is not None:
                if use_wid and all(o.line_wids) and all(n.line_wids):
                    diff = diff_by_wid(o, n, exact, engine)
                else:
                    diff = diff_words(o.text, n.text, exact=exact, engine=engine)
                status = "changed" if diff.changed else "unchanged"
                renumbered = o.token != n.token
            elif n is not None:
                diff = _whole(n.text, INSERT, engine)
                status = "split" if pair.relation == "split" else "added"
                renumbered = False
            else:
                assert o is not None
                diff = _whole(o.text, DELETE, engine)
                status = "merged" if pair.relation == "merged" else "deleted"
                renumbered = False
            related = None
            if pair.related is not None:
                related = (a[pair.related] if pair.relation == "split" else b[pair.related]).label
            entries.append(Entry(
                group=group, kind=(n or o).kind, status=status,  # type: ignore[union-attr]
                old=_side(o) if o else None, new=_side(n) if n else None, diff=diff,
                aligned_by=pair.how, similarity=round(pair.score, 3), renumbered=renumbered,
                moved=pair.moved, related=related))
    entries_t = tuple(entries)
    return DiffResult(
        old=old_source or _source("old", old), new=new_source or _source("new", new),
        entries=entries_t, exact=exact, engine=engine, aligned_by_wid=use_wid,
        summary=summarize(entries_t))


def _source(name: str, doc: Document, warnings: int = 0) -> Source:
    return Source(name=name, title=doc.meta.title, label=doc.meta.label, words=doc.word_count(),
                  articles=len(doc.articles()), warnings=warnings)


# -- resolving inputs (I/O) ----------------------------------------------------------------


@dataclass(frozen=True)
class Resolved:
    document: Document
    source: Source
    akn: bool
    """Read from Akoma Ntoso (a workspace, a version snapshot or an AKN file)."""
    warnings: tuple[Problem, ...] = ()


def _versions(ws: Path) -> list[str]:
    folder = ws / "versions"
    if not folder.is_dir():
        return []
    return sorted(p.name.removesuffix(".akn.xml") for p in folder.glob("*.akn.xml"))


def _split_label(spec: str) -> tuple[Path, str] | None:
    """``WS@label``, ``WS/label`` or a bare ``label`` (in the current folder's workspace)."""
    from .. import workspace

    if "@" in spec:
        ws, _, label = spec.rpartition("@")
        return Path(ws or "."), label
    path = Path(spec)
    parent = path.parent
    if workspace.is_workspace(parent) and path.name:
        return parent, path.name
    return None


def resolve(spec: str) -> Resolved:
    """Read one input of ``treaty diff``: a workspace folder, a version label inside a
    workspace (``WS@label``, ``WS/label`` or ``label`` in the current workspace), an AKN
    file, or a text / Markdown / Word file."""
    from .. import readers, workspace

    if spec.startswith("git:") or "@git:" in spec:  # the workspace's text at a commit
        from ..history import document_at

        ws, _, rev = spec.rpartition("git:")
        doc = document_at(Path(ws.removesuffix("@") or "."), rev)
        return Resolved(_with_articles(doc, spec), _source(spec, doc), akn=True)
    path = Path(spec)
    if path.is_dir():
        if not workspace.is_workspace(path):
            raise TreatyError(spec, "this folder is not a workspace (no treaty.xml)",
                              "give a workspace folder, a version label or a file")
        doc = workspace.load(path).document
        return Resolved(_with_articles(doc, spec), _source(spec, doc), akn=True)
    if not path.exists():
        target = _split_label(spec)
        if target is not None:
            ws, label = target
            snapshot = ws / "versions" / f"{label}.akn.xml"
            if snapshot.is_file():
                result = readers.read(snapshot)
                doc = _with_articles(result.document, spec)
                return Resolved(doc, _source(spec, doc), akn=True)
            if workspace.is_workspace(ws):
                current = workspace.load(ws).document
                if current.meta.label == label:  # the workspace's own, current version
                    return Resolved(_with_articles(current, spec), _source(spec, current), akn=True)
                known = _versions(ws) + [current.meta.label]
                raise TreatyError(spec, f"no version labelled {label!r} in workspace {ws}",
                                  "known labels: " + (", ".join(known) if known else
                                                      "none (run `treaty consolidate --label L`)"))
        raise TreatyError(spec, "no such file, folder or version label",
                          "give a workspace folder, WS@label, an AKN file or a text file")
    try:
        result = readers.read(path)
    except ImportError as exc:  # a reader not written yet (e.g. .docx)
        raise TreatyError(spec, f"cannot read this kind of file yet ({exc.name or exc})",
                          "convert it to .txt, .md or AKN .xml") from None
    doc = _with_articles(result.document, spec)
    is_akn = path.suffix.lower() == ".xml"
    return Resolved(doc, _source(spec, doc, len(result.warnings)), akn=is_akn,
                    warnings=result.warnings)


def _with_articles(doc: Document, where: str) -> Document:
    if not doc.articles():
        raise TreatyError(where, "no articles found: this does not look like a treaty text",
                          "give a text with headings such as 'Article 1'")
    return doc


# -- the command ---------------------------------------------------------------------------


def render(result: DiffResult, fmt: str, color: bool = False, width: int | None = None) -> str:
    """The comparison as a string in one of `FORMATS`."""
    if fmt == "html":
        from ..render.diff_html import render_html

        return render_html(result)
    if fmt == "json":
        from ..render.diff_json import render_json

        return render_json(result)
    if fmt == "md":
        from ..render.diff_text import render_md

        return render_md(result)
    if fmt == "txt":
        from ..render.diff_text import render_txt

        return render_txt(result, color=color, width=width)
    raise TreatyError("--format", f"unknown format {fmt!r}", "use one of: " + ", ".join(FORMATS))


_SUFFIX_FORMAT = {".html": "html", ".htm": "html", ".json": "json", ".md": "md",
                  ".markdown": "md", ".txt": "txt"}


def run_diff(old: str, new: str, fmt: str = "txt", exact: bool = False, color: bool = False,
             progress: bool = False) -> tuple[DiffResult, str, tuple[Resolved, Resolved]]:
    """Resolve both inputs, compare and render: (result, rendered text, inputs)."""
    if fmt not in FORMATS:
        raise TreatyError("--format", f"unknown format {fmt!r}", "use one of: " + ", ".join(FORMATS))
    with paused_gc():
        with stage(f"reading {old}", progress):
            a = resolve(old)
        with stage(f"reading {new}", progress):
            b = resolve(new)
        use_wid = a.akn and b.akn and shares_lineage(a.document, b.document)
        with stage("aligning and comparing", progress):
            result = compare(a.document, b.document, exact=exact, use_wid=use_wid,
                             old_source=a.source, new_source=b.source)
        with stage(f"writing {fmt}", progress):
            text = render(result, fmt, color=color)
    return result, text, (a, b)


def diff_command(old: str, new: str, fmt: str, output: Path | None, exact: bool) -> int:
    """``treaty diff OLD NEW [--format F] [-o OUT] [--exact]``.

    OLD and NEW: a workspace folder, a version label (``WS@label``, ``WS/label``, or
    ``label`` in the current workspace), the workspace at a git commit (``git:REV``,
    ``WS@git:REV``), an AKN file, or a .txt / .md (/ .docx) file.
    Writes the comparison to `output` (atomically) or to stdout; reader warnings and the
    one-line summary (``no changes`` for identical texts) go to stderr.  `fmt` may be
    empty: then it follows the output's suffix (``.html`` ...), else ``txt``; ``txt`` is
    coloured only when stdout is a terminal.  Raises `TreatyError` for bad input (the CLI
    prints it as one line and exits 1).  Returns the exit status (0)."""
    from ..workspace import atomic_write

    fmt = (fmt or "").lower() or (_SUFFIX_FORMAT.get(output.suffix.lower(), "txt")
                                  if output else "txt")
    color = output is None and fmt == "txt" and sys.stdout.isatty()
    result, text, inputs = run_diff(old, new, fmt, exact, color=color,
                                    progress=sys.stderr.isatty())
    for resolved in inputs:
        for problem in resolved.warnings[:5]:
            print(f"warning: {problem}", file=sys.stderr)
        if len(resolved.warnings) > 5:
            print(f"warning: {resolved.source.name}: {len(resolved.warnings) - 5} more lines "
                  "could not be classified (kept in the nearest unit)", file=sys.stderr)
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        atomic_write(output, text.encode("utf-8"))
    print(summary_line(result) + (f"; wrote {output}" if output else ""), file=sys.stderr)
    return 0


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

