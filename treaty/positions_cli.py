"""`treaty positions` and `treaty report`: load the workspace, compute, render, write.

The I/O edge of `treaty.positions` (pure) and `treaty.report` (pure): nothing here is
written into the workspace; the output goes to ``-o FILE`` (atomically) or to stdout.
"""

from __future__ import annotations

from pathlib import Path

from .commands import load, write_output
from .delegations import registry
from .model import Document, TreatyError
from .positions import Positions, positions, to_json

POSITIONS_FORMATS = ("html", "md", "json")
REPORT_FORMATS = ("html", "md")


def _check_format(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        raise TreatyError("--format", f"unknown format {fmt!r}", f"use {' or '.join(allowed)}")


def compute(root: Path, session: str | None = None, expand_groups: bool = False,
            ) -> tuple[Positions, Document]:
    """The positions of a workspace's proposals (of `session`), and the loaded document."""
    loaded = load(root)
    if loaded.problems:
        p = loaded.problems[0]
        more = f" ({len(loaded.problems)} problems; run `treaty check`)" if len(loaded.problems) > 1 else ""
        raise TreatyError(p.where, p.what + more, p.hint, p.line)
    amendments = loaded.amendments
    if session is not None and not any(a.session == session for a in amendments):
        known = sorted({a.session for a in amendments if a.session})
        raise TreatyError("--session", f"no proposals of session {session!r}",
                          f"sessions in this workspace: {', '.join(known)}" if known
                          else "the proposals name no session")
    doc = loaded.ws.document
    return positions(amendments, doc, registry(loaded.ws.root), session=session,
                     expand_groups=expand_groups), doc


def render_positions(pos: Positions, fmt: str) -> bytes:
    _check_format(fmt, POSITIONS_FORMATS)
    if fmt == "json":
        return to_json(pos).encode("utf-8")
    if fmt == "md":
        from .render.positions_text import render_positions_md

        return render_positions_md(pos).encode("utf-8")
    from .render.positions_html import render_positions_html

    return render_positions_html(pos).encode("utf-8")


def render_report(pos: Positions, doc: Document, fmt: str) -> bytes:
    from .report import session_report, unit_places

    _check_format(fmt, REPORT_FORMATS)
    report = session_report(pos, unit_places(doc))
    if fmt == "md":
        from .render.positions_text import render_report_md

        return render_report_md(report).encode("utf-8")
    from .render.positions_html import render_report_html

    return render_report_html(report).encode("utf-8")


def positions_command(root: Path, session: str | None, fmt: str, output: Path | None,
                      expand_groups: bool) -> None:
    _check_format(fmt, POSITIONS_FORMATS)
    pos, _doc = compute(root, session, expand_groups)
    write_output(render_positions(pos, fmt), output)


def report_command(root: Path, session: str, fmt: str, output: Path | None) -> None:
    _check_format(fmt, REPORT_FORMATS)
    pos, doc = compute(root, session)
    write_output(render_report(pos, doc, fmt), output)
