"""Writers: every output format is written from a model (no writer knows a reader).

One table per product maps a format name to a writer, and every writer has one
signature, ``(model, options) -> bytes``:

- `DRAFT_WRITERS`: the compiled draft (`treaty.compiled.Compiled`, `RenderOptions`);
- `DIFF_WRITERS`: a comparison (`treaty.diff.report.DiffResult`, `DiffOptions`);
- `POSITIONS_WRITERS` / `REPORT_WRITERS`: positions (`treaty.positions.Positions`) and the
  session report (`treaty.report.Report`), with `PositionsOptions`.

A new format is one writer function and one line in its table. `writer(table, name,
product)` looks a format up, or raises the one-line error that lists the table's names.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from ..gcpause import paused_gc
from ..model import TreatyError
from .options import Attribution, DiffOptions, PositionsOptions, RenderOptions

if TYPE_CHECKING:  # the models, for the tables' types only
    from ..compiled import Compiled
    from ..diff.report import DiffResult
    from ..positions import Positions
    from ..report import Report

__all__ = ["DRAFT_WRITERS", "PDF_ENGINES", "DIFF_WRITERS", "POSITIONS_WRITERS", "REPORT_WRITERS",
           "Attribution", "DiffOptions", "PositionsOptions", "RenderOptions", "Writer", "render", "writer"]

M = TypeVar("M")
O = TypeVar("O")  # noqa: E741
Writer = Callable[[M, O], bytes]


def lazy(module: str, name: str) -> Writer[Any, Any]:
    """A writer whose module is imported on first use: a command imports only the writer it
    uses (WeasyPrint, Typst, python-docx, Jinja and the other products' writers take
    longer to import than the rest of a short command)."""

    def call(model: Any, options: Any) -> bytes:
        function: Writer[Any, Any] = getattr(importlib.import_module(module, __name__), name)
        return function(model, options)

    call.__name__ = name
    return call


PDF_ENGINES: Mapping[str, Writer[Compiled, RenderOptions]] = {
    "typst": lazy(".typst", "write_pdf"),
    "html": lazy(".pdf", "write_pdf"),
}
"""`RenderOptions.pdf_engine`: Typst (the default: footnotes, line numbers) or WeasyPrint over
the HTML page."""


def write_pdf(compiled: Compiled, options: RenderOptions) -> bytes:
    """The draft writer of format ``pdf``: the engine the options name."""
    return writer(PDF_ENGINES, options.pdf_engine, "--pdf-engine", "PDF engine")(compiled, options)


DRAFT_WRITERS: Mapping[str, Writer[Compiled, RenderOptions]] = {
    "html": lazy(".html", "write_html"),
    "pdf": write_pdf,
    "md": lazy(".text", "write_md"),
    "txt": lazy(".text", "write_txt"),
    "akn": lazy(".akn_out", "write_akn"),
    "docx": lazy(".docx_out", "render_docx"),
}
DRAFT_FORMATS: tuple[str, ...] = tuple(DRAFT_WRITERS)

DIFF_WRITERS: Mapping[str, Writer[DiffResult, DiffOptions]] = {
    "html": lazy(".diff_html", "write_html"),
    "txt": lazy(".diff_text", "write_txt"),
    "md": lazy(".diff_text", "write_md"),
    "json": lazy(".diff_json", "write_json"),
}

POSITIONS_WRITERS: Mapping[str, Writer[Positions, PositionsOptions]] = {
    "html": lazy(".positions_html", "write_positions_html"),
    "md": lazy(".positions_text", "write_positions_md"),
    "json": lazy(".positions_text", "write_positions_json"),
}

REPORT_WRITERS: Mapping[str, Writer[Report, PositionsOptions]] = {
    "html": lazy(".positions_html", "write_report_html"),
    "md": lazy(".positions_text", "write_report_md"),
}


def writer(table: Mapping[str, Writer[M, O]], name: str, where: str = "--format",
           what: str = "format") -> Writer[M, O]:
    """The writer of format `name` in `table`, or a one-line error listing the formats."""
    found = table.get(name)
    if found is None:
        raise TreatyError(where, f"unknown {what} {name!r}", f"use one of: {', '.join(table)}")
    return found


def render(compiled: Compiled, fmt: str, options: RenderOptions | None = None) -> bytes:
    """The compiled draft in `fmt` (a name of `DRAFT_WRITERS`) as bytes."""
    write = writer(DRAFT_WRITERS, fmt, str(fmt), "output format")
    options = options or RenderOptions()
    if fmt == "pdf":  # WeasyPrint's layout is left to the collector; pdf.py pauses it for the HTML
        # (typst.py pauses it while it writes the Typst file)
        return write(compiled, options)
    with paused_gc():
        return write(compiled, options)
