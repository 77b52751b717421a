"""``treaty compile``: the bracketed draft, the clean text or a redline, in any format of
`treaty.render.DRAFT_WRITERS`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from .. import language_versions, workspace
from ..citations import article_index, article_of, article_wid
from ..compile import compile_bracketed, compile_clean, compile_redline
from ..compiled import Compiled
from ..model import CLOSED, Amendment, Document, Status, TreatyError
from ..progress import stage
from ..readers import read
from ..render import DRAFT_WRITERS, RenderOptions, render, writer
from ..render.env import overrides
from .common import choice, echo, load_valid, relayed_warnings, to_stdout, warn, write_output


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
                   language: str = "") -> tuple[Compiled, RenderOptions]:
    """The workspace's text and the chosen proposals, compiled in `mode`, with the options
    to write it (what `treaty compile` and `treaty serve` show). With `language`, that
    language version of the text: proposals made on it (or translated into it) in the text,
    the others in an annex in their own words (`language_versions.split_by_language`)."""
    chosen_mode = choice(Mode, mode, "--mode", "mode")
    if show_index is None:  # an unattributed text does not name delegations in its index either
        show_index = attribution != "none"
    options = RenderOptions(attribution=attribution, show_index=show_index,
                            template_dirs=overrides(root), pdf_engine=pdf_engine,
                            line_numbers=line_numbers)
    loaded = load_valid(root)
    options = replace(options, registry=loaded.registry)
    doc = loaded.ws.document
    main_code = language_versions.main_language(doc)
    code = language_versions.check_code(language) if language else main_code
    if version:
        label = version if code == main_code else f"{version}.{code}"
        doc = read(workspace.version_path(root, label, "--version")).document
    else:
        doc = language_versions.load_version(root, code, doc)
    for delegation in (by or []) + (involving or []):
        loaded.registry.get(delegation)
    statuses = [choice(Status, s, "--status", "status") for s in status or []]
    chosen = select(loaded.amendments, by, session, statuses, involving)
    if article:
        index = article_index(doc)
        wanted = article_wid(doc, article, index)
        chosen = [a for a in chosen if article_of(a, index) == wanted]
    if not include_closed:  # --status rejected asks for them
        chosen = [a for a in chosen if a.status not in CLOSED or a.status in statuses]
    chosen, foreign = language_versions.split_by_language(chosen, code, main_code)
    with stage(f"compiling the {chosen_mode} text"):
        compiled = compiled_text(doc, chosen, chosen_mode, include_ad_ref)
    compiled = replace(compiled, foreign=tuple(a for a in foreign
                                               if a.status not in CLOSED or a.status in statuses))
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
                     line_numbers: bool = False, language: str = "") -> bytes:
    """`compiled_draft`, written in `fmt` (a name of `DRAFT_WRITERS`)."""
    writer(DRAFT_WRITERS, fmt, str(fmt), "output format")
    if line_numbers and not (fmt == "pdf" and pdf_engine == "typst"):
        raise TreatyError("--line-numbers", "line numbers are only made in a PDF through Typst",
                          "add --format pdf (without --pdf-engine html)")
    compiled, options = compiled_draft(
        root, mode=mode, attribution=attribution, by=by, session=session, status=status,
        article=article, include_ad_ref=include_ad_ref, include_closed=include_closed,
        show_index=show_index, version=version, strict=strict, involving=involving,
        pdf_engine=pdf_engine, line_numbers=line_numbers, language=language)
    if fmt in ("pdf", "docx"):  # a script no installed font covers would print as boxes
        from ..render.fonts import missing_font

        shown = [compiled.meta.language, *(a.language for a in compiled.foreign)]
        for code in dict.fromkeys(shown):
            message = missing_font(code)
            if message:
                warn(f"warning: {message}")
    with stage(f"writing {fmt.upper()}"):
        return render(compiled, fmt, options)


def compile_command(root: Path, output: Path | None, **options: Any) -> None:
    """`compile_document` with `options`, written to `output` or stdout."""
    with relayed_warnings():
        data = compile_document(root, **options)
    write_output(data, output)
    if not to_stdout(output):
        echo(f"wrote {output}")
