"""The comparison of two texts as one self-contained HTML page (Jinja2, autoescaped).

The page holds a summary, the concordance (old number -> new number) and every changed
unit as an inline redline (``<ins>`` / ``<del>``), with a side-by-side view one click
away (a CSS-only checkbox toggle: no script, works offline and in print).

The redline paragraphs are built here with `html.escape` rather than by a template loop:
a large comparison has tens of thousands of runs, and this is several times faster.  Every
piece of text is escaped on the way in; the template (autoescaping on) escapes the rest.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..diff.report import GROUP_ORDER, GROUP_TITLES, DiffResult, Entry, concordance, is_change
from ..diff.words import (
    DELETE,
    EQUAL,
    INSERT,
    PARAGRAPH,
    Segment,
    needs_gap,
    side_lines,
    split_lines,
)
from ..languages import Language, get
from .env import PageParts, environment, page_parts
from .options import DiffOptions

PILCROW = " \u00b6 "
_OPEN = {INSERT: "<ins>", DELETE: "<del>", EQUAL: ""}
_CLOSE = {INSERT: "</ins>", DELETE: "</del>", EQUAL: ""}


@dataclass(frozen=True)
class EntryView:
    entry: Entry
    inline: Markup
    """The merged (redline) view: one ``<p>`` per paragraph, ``<ins>``/``<del>`` inside."""
    old: Markup
    """The old side of the side-by-side view (kept and deleted words)."""
    new: Markup
    """The new side (kept and inserted words)."""
    text_changed: bool


def paragraphs(lines: Iterable[list[Segment]]) -> Markup:
    """Lines of segments as escaped HTML paragraphs; a deleted paragraph break shows as a
    deleted pilcrow."""
    out: list[str] = []
    for line in lines:
        if not line:
            continue
        out.append("<p>")
        for n, seg in enumerate(line):
            if n and needs_gap(line[n - 1], seg):
                out.append(" ")
            text = seg.text.replace(PARAGRAPH, PILCROW) if seg.op == DELETE else seg.text
            if seg.op == EQUAL:
                out.append(html.escape(text, quote=False))
                continue
            core = text.rstrip()  # the marks hug the words, the space after stays plain
            out.append(_OPEN[seg.op] + html.escape(core, quote=False) + _CLOSE[seg.op]
                       + text[len(core):])
        out.append("</p>\n")
    return Markup("".join(out))


def entry_view(entry: Entry) -> EntryView:
    segments = entry.diff.segments
    return EntryView(entry, paragraphs(split_lines(segments)),
                     paragraphs(side_lines(segments, "old")),
                     paragraphs(side_lines(segments, "new")), entry.diff.changed)


PAGE = "diff.html.j2"


def _context(result: DiffResult) -> dict[str, Any]:
    changed = [entry_view(e) for e in result.entries if is_change(e)]
    sections = [(GROUP_TITLES[g], [v for v in changed if v.entry.group == g])
                for g in GROUP_ORDER]
    return {
        "result": result,
        "summary": result.summary,
        "group_titles": GROUP_TITLES,
        "articles": concordance(result.entries, "article"),
        "recitals": concordance(result.entries, "recital"),
        "sections": [(title, views) for title, views in sections if views],
        "no_changes": result.summary.no_changes,
        "text_lang": _language(result).code, "text_dir": _language(result).direction,
    }


def _language(result: DiffResult) -> Language:
    """The language of the compared texts (the new one's), for ``lang`` and ``dir``."""
    return get(getattr(result.new, "language", "") or "en")


def render_html(result: DiffResult, template_dirs: tuple[Path, ...] = ()) -> str:
    return environment(template_dirs).get_template(PAGE).render(_context(result))


def write_html(result: DiffResult, options: DiffOptions) -> bytes:
    """The diff writer of format ``html``."""
    return render_html(result, options.template_dirs).encode("utf-8")


def diff_parts(result: DiffResult, template_dirs: tuple[Path, ...] = ()) -> PageParts:
    """The page's parts (title, styles, body), for `treaty serve`."""
    return page_parts(environment(template_dirs), PAGE, _context(result))
