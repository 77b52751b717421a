"""``treaty compile``: the bracketed draft, the clean text or a redline, in any format of
`treaty.render.DRAFT_WRITERS`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from .. import workspace
from ..citations import article_index, article_of, article_wid
from ..compile import compile_bracketed, compile_clean, compile_redline
from ..compiled import Compiled
from ..model import CLOSED, Amendment, Document, Status, TreatyError
from ..progress import stage
from ..readers import read
from ..render import DRAFT_WRITERS, RenderOptions, render, writer
from ..render.env import overrides
from .common import choice, echo, load_valid, relayed_warnings, to_stdout, write_output


class Mode(StrEnum):
    BRACKETED = "bracketed"
    """Every pending proposal in square brackets, attributed."""
    CLEAN = "clean"
    """The adopted proposals applied, nothing marked."""
    REDLINE = "redline"
    """The clean text against the current one, word by word."""


def select(amendments: list[Amendment], by: list[str] | None = None, session: str | None = None,
           status: Sequence[str] | None = None, involving: list[str] | None = None,
           ) -> list[Amendment]:
    """Filter proposals by proposer (`by`), by delegation in any role (`involving`:
    proposer, supporter or opponent), session and status."""
    chosen = amendments
    if by:
        wanted = set(by)
        chosen = [a for a in chosen if wanted & set(a.proposers)]
    if involving:
        wanted = set(involving)
        chosen = [a for a in chosen if wanted & set(a.delegations)]
    if session:
        chosen = [a for a in chosen if a.session == session]
    if status:
        chosen = [a for a in chosen if a.status in status]
    return chosen


def compiled_text(doc: Document, chosen: list[Amendment], mode: Mode,
                  include_ad_ref: bool) -> Compiled:
    match mode:
        case Mode.BRACKETED:
            return compile_bracketed(doc, chosen)
        case Mode.CLEAN:
            return compile_clean(doc, chosen, include_ad_ref)
        case Mode.REDLINE:
            return compile_redline(doc, chosen, include_ad_ref)


def compiled_draft(root: Path, mode: str = "bracketed", attribution: str = "names",
                   by: list[str] | None = None, session: str | None = None,
                   status: list[str] | None = None, article: str | None = None,
                   include_ad_ref: bool = False, include_closed: bool = False,
                   show_index: bool | None = None, version: str | None = None,
                   strict: bool = False, involving: list[str] | None = None,
                   pdf_engine: str = "typst", line_numbers: bool = False,
                   ) -> tuple[Compiled, RenderOptions]:
    """The workspace's text and the chosen proposals, compiled in `mode`, with the options
    to write it (what `treaty compile` and `treaty serve` show)."""
    chosen_mode = choice(Mode, mode, "--mode", "mode")
    if show_index is None:  # an unattributed text does not name delegations in its index either
        show_index = attribution != "none"
    options = RenderOptions(attribution=attribution, show_index=show_index,
                            template_dirs=overrides(root), pdf_engine=pdf_engine,
                            line_numbers=line_numbers)
    loaded = load_valid(root)
    options = replace(options, registry=loaded.registry)
    doc = loaded.ws.document
    if version:
        doc = read(workspace.version_path(root, version, "--version")).document
    for code in (by or []) + (involving or []):
        loaded.registry.get(code)
    statuses = [choice(Status, s, "--status", "status") for s in status or []]
    chosen = select(loaded.amendments, by, session, statuses, involving)
    if article:
        index = article_index(doc)
        wanted = article_wid(doc, article, index)
        chosen = [a for a in chosen if article_of(a, index) == wanted]
    if not include_closed:  # --status rejected asks for them
        chosen = [a for a in chosen if a.status not in CLOSED or a.status in statuses]
    with stage(f"compiling the {chosen_mode} text"):
        compiled = compiled_text(doc, chosen, chosen_mode, include_ad_ref)
    if strict and compiled.unlocated:
        first = compiled.unlocated[0]
        raise TreatyError(first.amendment, f"{len(compiled.unlocated)} change(s) not located in "
                          f"this text, first: {first}", "run `treaty check`; without --strict "
                          "they are listed in an annex of the draft")
    return compiled, options


def compile_document(root: Path, mode: str = "bracketed", fmt: str = "html",
                     attribution: str = "names", by: list[str] | None = None,
                     session: str | None = None, status: list[str] | None = None,
                     article: str | None = None, include_ad_ref: bool = False,
                     include_closed: bool = False, show_index: bool | None = None,
                     version: str | None = None, strict: bool = False,
                     involving: list[str] | None = None, pdf_engine: str = "typst",
                     line_numbers: bool = False) -> bytes:
    """`compiled_draft`, written in `fmt` (a name of `DRAFT_WRITERS`)."""
    writer(DRAFT_WRITERS, fmt, str(fmt), "output format")
    if line_numbers and not (fmt == "pdf" and pdf_engine == "typst"):
        raise TreatyError("--line-numbers", "line numbers are only made in a PDF through Typst",
                          "add --format pdf (without --pdf-engine html)")
    compiled, options = compiled_draft(
        root, mode=mode, attribution=attribution, by=by, session=session, status=status,
        article=article, include_ad_ref=include_ad_ref, include_closed=include_closed,
        show_index=show_index, version=version, strict=strict, involving=involving,
        pdf_engine=pdf_engine, line_numbers=line_numbers)
    with stage(f"writing {fmt.upper()}"):
        return render(compiled, fmt, options)


def compile_command(root: Path, output: Path | None, **options: Any) -> None:
    """`compile_document` with `options`, written to `output` or stdout."""
    with relayed_warnings():
        data = compile_document(root, **options)
    write_output(data, output)
    if not to_stdout(output):
        echo(f"wrote {output}")
