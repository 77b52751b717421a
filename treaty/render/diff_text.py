"""The comparison as terminal text (``txt``) and as Markdown (``md``).

Terminal text marks deletions ``[-like this-]`` and insertions ``{+like this+}`` (as
``git diff --word-diff`` does); with ``color=True`` (the caller decides: only when writing to
a terminal) the markers are replaced by colours (red struck-through / green underlined),
rendered with rich.  It shows only the paragraphs that changed.

Markdown uses ``~~deleted~~`` and ``**inserted**`` (the UN legend: bold = new text,
strikethrough = deleted text) with every other Markdown character escaped.
"""

from __future__ import annotations

import io
import re

from rich.console import Console
from rich.text import Text

from ..diff.report import (
    COUNT_FIELDS,
    GROUP_ORDER,
    GROUP_TITLES,
    ConcordanceRow,
    DiffResult,
    Entry,
    concordance,
    is_change,
)
from ..diff.words import DELETE, EQUAL, INSERT, PARAGRAPH, needs_gap, split_lines
from .options import DiffOptions

COLUMNS = COUNT_FIELDS
STYLE = {DELETE: "red strike", INSERT: "green underline"}
MARK = {DELETE: ("[-", "-]"), INSERT: ("{+", "+}")}


def _wrap(text: str) -> tuple[str, str, str]:
    """(leading blanks, text, trailing blanks): markers hug the words, not the spaces."""
    core = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    return lead, core, trail


def _entry_title(entry: Entry) -> str:
    bits = [entry.status, *entry.notes]
    words = ""
    if entry.diff.inserted or entry.diff.deleted:
        words = f" +{entry.diff.inserted} -{entry.diff.deleted} words"
    return f"{entry.label} [{', '.join(bits)}]{words}"


def _count_table(result: DiffResult) -> list[str]:
    width = max([len(GROUP_TITLES[g]) for g, _ in result.summary.groups] + [8])
    head = " " * width + "".join(f" {c:>10}" for c in COLUMNS)
    rows = [head]
    for group, counts in result.summary.groups:
        rows.append(f"{GROUP_TITLES[group]:<{width}}" + "".join(
            f" {getattr(counts, c):>10}" for c in COLUMNS))
    return rows


def _concordance_lines(rows: tuple[ConcordanceRow, ...]) -> list[str]:
    if not rows:
        return []
    w_old = max(len(r.old or "-") for r in rows)
    w_new = max(len(r.new or "-") for r in rows)
    out = []
    for r in rows:
        arrow = "->" if r.old and r.new and r.old != r.new else "  "
        notes = f"  ({', '.join(r.notes)})" if r.notes else ""
        out.append(f"  {r.old or '-':<{w_old}} {arrow} {r.new or '-':<{w_new}}  {r.status}{notes}")
    return out


def _header(result: DiffResult) -> list[str]:
    def side(name: str, s) -> str:
        title = f" ({s.title})" if s.title else ""
        return f"{name}: {s.name}{title}, {s.words} words, {s.articles} articles"

    lines = [f"Comparison: {result.old.name} -> {result.new.name}", side("Old", result.old),
             side("New", result.new)]
    if result.degraded:
        lines.append("WARNING: some word diffs reached their time limit (coarser than necessary)")
    return lines


def render_txt(result: DiffResult, color: bool = False, width: int | None = None,
               brief: bool = True) -> str:
    """Plain text with ``[-deleted-]{+inserted+}`` markers, or ANSI colours if `color`.

    With `brief` (the default) a changed unit shows its first line (the heading) and the
    paragraphs that changed; runs of unchanged paragraphs are summarised as ``… (N
    unchanged paragraphs)``.  Markdown and HTML always show whole units."""
    lines: list[Text] = [Text(line) for line in _header(result)]
    lines.append(Text(""))
    if result.summary.no_changes:
        lines.append(Text("no changes", style="bold" if color else ""))
        return _emit(lines, color, width)
    lines.append(Text("Summary", style="bold" if color else ""))
    lines.extend(Text(r) for r in _count_table(result))
    lines.append(Text(f"Words: +{result.summary.words_inserted} inserted, "
                      f"-{result.summary.words_deleted} deleted"))
    conc = _concordance_lines(concordance(result.entries, "article"))
    if conc:
        lines += [Text(""), Text("Concordance (articles)", style="bold" if color else "")]
        lines.extend(Text(c) for c in conc)
    for entry in result.entries:
        if not is_change(entry):
            continue
        lines.append(Text(""))
        lines.append(Text(f"== {_entry_title(entry)}", style="bold cyan" if color else ""))
        if not entry.diff.changed:
            lines.append(Text("   (text unchanged)"))
            continue
        skipped = 0
        for n, line in enumerate(split_lines(entry.diff.segments)):
            if brief and n and all(seg.op == EQUAL for seg in line):
                skipped += 1  # an unchanged paragraph: summarised, not printed
                continue
            if skipped:
                lines.append(Text(f"   \u2026 ({skipped} unchanged paragraph"
                                  f"{'s' if skipped > 1 else ''})", style="dim" if color else ""))
                skipped = 0
            text = Text("   ")
            for k, seg in enumerate(line):
                if k and needs_gap(line[k - 1], seg):
                    text.append(" ")
                body = seg.text.replace(PARAGRAPH, " \u00b6 ")
                if seg.op in MARK and body.strip():
                    lead, core, trail = _wrap(body)
                    text.append(lead)
                    if color:
                        text.append(core, style=STYLE[seg.op])
                    else:
                        text.append(MARK[seg.op][0] + core + MARK[seg.op][1])
                    text.append(trail)
                else:
                    text.append(body)
            lines.append(text)
        if skipped:
            lines.append(Text(f"   \u2026 ({skipped} unchanged paragraph"
                              f"{'s' if skipped > 1 else ''})", style="dim" if color else ""))
    return _emit(lines, color, width)


def _emit(lines: list[Text], color: bool, width: int | None) -> str:
    if not color:
        return "\n".join(t.plain.rstrip() for t in lines) + "\n"
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="standard",
                      width=width or 100, soft_wrap=True, highlight=False)
    for t in lines:
        console.print(t)
    return buffer.getvalue()


# -- Markdown ------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~#!])")
_MD_LINE_START = re.compile(r"^(\s*)(\d+)([.)])(\s)|^(\s*)([-+>])(\s)")


def md_escape(text: str) -> str:
    """Escape Markdown (and inline HTML) so that a text shows literally."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return text.replace("&", "&amp;")


def _md_line_start(line: str) -> str:
    """Keep ``1. text`` and ``- text`` at the start of a paragraph from becoming lists."""
    def fix(m: re.Match[str]) -> str:
        if m.group(2):
            return f"{m.group(1)}{m.group(2)}\\{m.group(3)}{m.group(4)}"
        return f"{m.group(5)}\\{m.group(6)}{m.group(7)}"

    return _MD_LINE_START.sub(fix, line, count=1)


def _md_counts(result: DiffResult) -> list[str]:
    out = ["| | " + " | ".join(COLUMNS) + " |", "|---" * (len(COLUMNS) + 1) + "|"]
    for group, counts in result.summary.groups:
        out.append(f"| {GROUP_TITLES[group]} | " + " | ".join(
            str(getattr(counts, c)) for c in COLUMNS) + " |")
    return out


def _md_segments(line) -> str:
    parts: list[str] = []
    for n, seg in enumerate(line):
        if n and needs_gap(line[n - 1], seg):
            parts.append(" ")
        body = seg.text.replace(PARAGRAPH, " \u00b6 ")
        if seg.op in MARK and body.strip():
            lead, core, trail = _wrap(body)
            mark = "~~" if seg.op == DELETE else "**"
            parts.append(f"{lead}{mark}{md_escape(core)}{mark}{trail}")
        else:
            parts.append(md_escape(body))
    return _md_line_start("".join(parts).strip())


def render_md(result: DiffResult) -> str:
    out = [f"# Comparison: {md_escape(result.old.name)} → {md_escape(result.new.name)}", ""]
    out += [f"- {md_escape(line)}" for line in _header(result)[1:]]
    out.append(f"- Word diff: {result.engine}, "
               + ("exact" if result.exact else "whitespace and quote style ignored"))
    out += ["", "## Summary", ""]
    if result.summary.no_changes:
        out += ["**No changes.**", ""]
    out += _md_counts(result)
    out += ["", f"Words: **{result.summary.words_inserted} inserted**, "
                f"~~{result.summary.words_deleted} deleted~~", ""]
    rows = concordance(result.entries, "article")
    if rows:
        out += ["## Concordance", "", "| Old | New | Status | Notes |", "|---|---|---|---|"]
        for r in rows:
            out.append(f"| {md_escape(r.old) or '—'} | {md_escape(r.new) or '—'} | {r.status} | "
                       f"{md_escape(', '.join(r.notes))} |")
        out.append("")
    for group in GROUP_ORDER:
        entries = [e for e in result.entries if e.group == group and is_change(e)]
        if not entries:
            continue
        out += [f"## {GROUP_TITLES[group]}", ""]
        for entry in entries:
            out += [f"### {md_escape(_entry_title(entry))}", ""]
            if not entry.diff.changed:
                out += ["*Text unchanged.*", ""]
                continue
            for line in split_lines(entry.diff.segments):
                text = _md_segments(line)
                if text:
                    out += [text, ""]
    return "\n".join(out).rstrip() + "\n"


def write_txt(result: DiffResult, options: DiffOptions) -> bytes:
    """The diff writer of format ``txt``."""
    return render_txt(result, color=options.color, width=options.width).encode("utf-8")


def write_md(result: DiffResult, options: DiffOptions) -> bytes:
    """The diff writer of format ``md``."""
    return render_md(result).encode("utf-8")
