"""Options of the writers, one frozen dataclass per product, validated when made: a writer
receives options that are already right and never checks them again."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ..delegations import Registry
from ..model import TreatyError


class Attribution(StrEnum):
    """How the draft names who proposed what."""

    NAMES = "names"
    """Singapore"""
    CODES = "codes"
    """SGP"""
    NONE = "none"
    """An unattributed text."""


def attribution(value: str) -> Attribution:
    """`value` as an `Attribution`, or the one-line error naming the choices."""
    try:
        return Attribution(value)
    except ValueError:
        raise TreatyError("--attribution", f"unknown attribution {value!r}",
                          "use names, codes or none") from None


PDF_ENGINE_NAMES = ("typst", "html")


@dataclass(frozen=True)
class RenderOptions:
    """How to write a compiled draft.

    `attribution`: ``names`` (Singapore), ``codes`` (SGP) or ``none`` (unattributed text);
    `show_index`: footnote numbers and the index of proposals (who proposed, supported,
    opposed, session, date, status) - also available for an unattributed text;
    `template_dirs`: folders (a workspace's ``render/``) whose templates/CSS override the
    built-in ones by file name; `registry`: delegation names (default: the built-in one).
    """

    attribution: str = Attribution.NAMES
    show_index: bool = True
    template_dirs: tuple[Path, ...] = ()
    registry: Registry | None = None
    pdf_engine: str = "typst"
    """PDF: ``typst`` (footnotes, line numbers) or ``html`` (WeasyPrint over the HTML page)."""
    line_numbers: bool = False
    """PDF (Typst): number the lines of the text, restarting on every page."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "attribution", attribution(self.attribution))
        object.__setattr__(self, "template_dirs", tuple(Path(d) for d in self.template_dirs))
        if self.pdf_engine not in PDF_ENGINE_NAMES:
            raise TreatyError("--pdf-engine", f"unknown PDF engine {self.pdf_engine!r}",
                              f"use one of: {', '.join(PDF_ENGINE_NAMES)}")


@dataclass(frozen=True)
class DiffOptions:
    """How to write a comparison: `color` (ANSI colours, text only), `width` (of the
    terminal, text only; None: unwrapped), `template_dirs` (HTML: folders whose templates
    override the built-in ones by file name)."""

    color: bool = False
    width: int | None = None
    template_dirs: tuple[Path, ...] = ()


@dataclass(frozen=True)
class PositionsOptions:
    """How to write the positions and the session report: `template_dirs` (HTML: a
    workspace's ``render/``, whose templates override the built-in ones by file name)."""

    template_dirs: tuple[Path, ...] = ()
