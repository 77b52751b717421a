"""The comparison of two texts as one self-contained HTML page (Jinja2, autoescaped).

The page holds a summary, the concordance (old number -> new number) and every changed
unit as an inline redline (``<ins>`` / ``<del>``), with a side-by-side view one click
away (a CSS-only checkbox toggle: no script, works offline and in print).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..diff.report import GROUP_ORDER, GROUP_TITLES, DiffResult, Entry, concordance, is_change
from ..diff.words import DELETE, PARAGRAPH, side_lines, split_lines

TEMPLATES = Path(__file__).parent / "templates"
PILCROW = " \u00b6 "


@dataclass(frozen=True)
class EntryView:
    entry: Entry
    inline: tuple[tuple[tuple[str, str], ...], ...]
    """Lines of (op, text) runs: the merged (redline) view."""
    old: tuple[tuple[tuple[str, str], ...], ...]
    new: tuple[tuple[tuple[str, str], ...], ...]
    text_changed: bool


def _runs(line: list) -> tuple[tuple[str, str], ...]:
    out = []
    for seg in line:
        text = seg.text.replace(PARAGRAPH, PILCROW) if seg.op == DELETE else seg.text
        out.append((seg.op, text))
    return tuple(out)


def entry_view(entry: Entry) -> EntryView:
    segments = entry.diff.segments
    inline = tuple(_runs(line) for line in split_lines(segments) if line)
    old = tuple(_runs(line) for line in side_lines(segments, "old") if line)
    new = tuple(_runs(line) for line in side_lines(segments, "new") if line)
    return EntryView(entry, inline, old, new, entry.diff.changed)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env


def render_html(result: DiffResult) -> str:
    changed = [entry_view(e) for e in result.entries if is_change(e)]
    sections = [(GROUP_TITLES[g], [v for v in changed if v.entry.group == g])
                for g in GROUP_ORDER]
    template = environment().get_template("diff.html.j2")
    return template.render(
        result=result,
        summary=result.summary,
        group_titles=GROUP_TITLES,
        articles=concordance(result.entries, "article"),
        recitals=concordance(result.entries, "recital"),
        sections=[(title, views) for title, views in sections if views],
        no_changes=result.summary.no_changes,
    )
