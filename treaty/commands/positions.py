"""``treaty positions`` and ``treaty report``: who proposed, supported and opposed what,
and the session summary in prose. Nothing is written into the workspace; the output goes
to ``-o FILE`` (atomically) or to stdout."""

from __future__ import annotations

from pathlib import Path

from ..model import Document, TreatyError
from ..positions import Positions, positions
from ..render import POSITIONS_WRITERS, REPORT_WRITERS, PositionsOptions, writer
from ..render.env import overrides
from ..report import session_report, unit_places
from .common import echo, load_valid, to_stdout, write_output

POSITIONS_FORMATS = tuple(POSITIONS_WRITERS)
REPORT_FORMATS = tuple(REPORT_WRITERS)


def compute(root: Path, session: str | None = None, expand_groups: bool = False,
            ) -> tuple[Positions, Document]:
    """The positions of a workspace's proposals (of `session`), and the loaded document."""
    loaded = load_valid(root)
    amendments = loaded.amendments
    if session is not None and not any(a.session == session for a in amendments):
        known = sorted({a.session for a in amendments if a.session})
        raise TreatyError("--session", f"no proposals of session {session!r}",
                          f"sessions in this workspace: {', '.join(known)}" if known
                          else "the proposals name no session")
    doc = loaded.ws.document
    return positions(amendments, doc, loaded.registry, session=session,
                     expand_groups=expand_groups), doc


def render_positions(pos: Positions, fmt: str, options: PositionsOptions | None = None) -> bytes:
    return writer(POSITIONS_WRITERS, fmt)(pos, options or PositionsOptions())


def render_report(pos: Positions, doc: Document, fmt: str,
                  options: PositionsOptions | None = None) -> bytes:
    write = writer(REPORT_WRITERS, fmt)
    return write(session_report(pos, unit_places(doc)), options or PositionsOptions())


def positions_command(root: Path, session: str | None, fmt: str, output: Path | None,
                      expand_groups: bool) -> None:
    writer(POSITIONS_WRITERS, fmt)
    pos, _doc = compute(root, session, expand_groups)
    write_output(render_positions(pos, fmt, PositionsOptions(overrides(root))), output)
    if not to_stdout(output):
        echo(f"wrote {output}")


def report_command(root: Path, session: str, fmt: str, output: Path | None) -> None:
    writer(REPORT_WRITERS, fmt)
    pos, doc = compute(root, session)
    write_output(render_report(pos, doc, fmt, PositionsOptions(overrides(root))), output)
    if not to_stdout(output):
        echo(f"wrote {output}")
