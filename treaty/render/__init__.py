"""Writers: every output format is rendered from the model (no writer knows a reader).

`render(compiled, fmt, options)` writes the compiled draft; each format lives in its own
module (html, pdf, text, akn_out, docx_out), imported only when asked for. The diff and
the positions report have their own writers here too (diff_*, positions_*).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..delegations import Registry
from ..gcpause import paused_gc
from ..model import TreatyError

if TYPE_CHECKING:
    from ..compile import Compiled

DRAFT_FORMATS: tuple[str, ...] = ("html", "pdf", "md", "txt", "akn", "docx")


@dataclass(frozen=True)
class RenderOptions:
    """How to render a compiled draft.

    `attribution`: ``names`` (Singapore), ``codes`` (SGP) or ``none`` (unattributed text);
    `show_index`: footnote numbers and the index of proposals (who proposed, supported,
    opposed, session, date, status) - also available for an unattributed text;
    `template_dirs`: folders (a workspace's ``render/``) whose templates/CSS override the
    built-in ones by file name; `registry`: delegation names (default: the built-in one).
    """

    attribution: str = "names"
    show_index: bool = True
    template_dirs: tuple[Path, ...] = ()
    registry: Registry | None = None
    pdf_engine: str = "typst"
    """``typst`` (footnotes, line numbers) or ``html`` (WeasyPrint over the HTML page)."""
    line_numbers: bool = False
    """PDF (Typst): number the lines of the text, restarting on every page."""


def render(compiled: Compiled, fmt: str, options: RenderOptions | None = None) -> bytes:
    """The compiled draft in `fmt` (html, pdf, md, txt, akn, docx) as bytes."""
    options = options or RenderOptions()
    if fmt == "pdf" and options.pdf_engine == "html":  # pdf.py pauses the collector for the HTML only
        return _render(compiled, fmt, options)
    with paused_gc():
        return _render(compiled, fmt, options)


def _render(compiled: Compiled, fmt: str, options: RenderOptions) -> bytes:
    if options.attribution not in ("names", "codes", "none"):
        raise TreatyError("--attribution", f"unknown attribution {options.attribution!r}",
                           "use names, codes or none")
    if fmt == "html":
        from .html import render_html

        return render_html(compiled, options.attribution, options.show_index,
                           tuple(options.template_dirs), options.registry).encode("utf-8")
    if fmt == "pdf" and options.pdf_engine == "typst":
        from .draft_view import draft_view
        from .typst import TypstOptions, render_typst_pdf

        view = draft_view(compiled, options.attribution, options.show_index, options.registry)
        return render_typst_pdf(view, tuple(options.template_dirs),
                                TypstOptions(line_numbers=options.line_numbers))
    if fmt == "pdf":
        if options.pdf_engine != "html":
            raise TreatyError("--pdf-engine", f"unknown PDF engine {options.pdf_engine!r}",
                              "use typst or html")
        from .pdf import render_pdf

        return render_pdf(compiled, options)
    if fmt in ("md", "txt"):
        from .text import render_text

        return render_text(compiled, fmt, options.attribution, options.show_index,
                           options.registry).encode("utf-8")
    if fmt == "akn":
        from .akn_out import render_akn

        return render_akn(compiled, options.registry)
    if fmt == "docx":
        from .docx_out import render_docx

        return render_docx(compiled, options)
    raise TreatyError(str(fmt), f"unknown output format {fmt!r}",
                       f"use one of {', '.join(DRAFT_FORMATS)}")
