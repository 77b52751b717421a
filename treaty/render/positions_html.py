"""Positions and the session report as self-contained HTML pages (Jinja2, autoescaped).

The positions page has the per-article view (contests and sides), the per-delegation view,
and two heat maps: the delegation x proposal matrix (P / S / O) and the agreement scores
between delegations. Every coloured cell also carries its value as text, so the page reads
in black and white and in print.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from ..positions import (
    DEFINITIONS,
    ROLE_LETTERS,
    STATUS_LABELS,
    Positions,
    agreement_bucket,
    heat_view,
)
from ..report import Report
from .env import PageParts, environment, page_parts
from .options import PositionsOptions

POSITIONS_PAGE = "positions.html.j2"
REPORT_PAGE = "report.html.j2"


def _context(pos: Positions) -> dict[str, Any]:
    view = heat_view(pos)
    labels = {p.key: p.label for p in pos.provisions}

    def agreement_cell(a: str, b: str) -> tuple[str, str, str, int]:
        """(css class, text, tooltip, proposals in common) of one agreement heat-map cell."""
        if a == b:
            return "self", "", pos.name(a), 0
        x = pos.agreement(a, b)
        if x is None:
            return "none", "·", f"{a} – {b}: no proposal in common", 0
        tip = (f"{pos.name(a)} – {pos.name(b)}: same side on {x.agree}, opposite sides on "
               f"{x.disagree} of {x.shared} proposal(s)")
        return f"ag{agreement_bucket(x.score)}", f"{x.score:.0%}", tip, x.shared

    where_of = {p.id: ", ".join(labels.get(k, k) for k in p.provisions) for p in pos.proposals}

    # Helpers for the cells repeated thousands of times (a Jinja macro call per cell, or
    # Markup.format, is slow); every value from the workspace goes through escape().
    def codes(items) -> Markup | str:
        shown = pos.compact(tuple(items))
        return Markup(", ".join(f'<abbr title="{escape(pos.name(c))}">{escape(c)}</abbr>'
                                for c in shown)) if shown else "–"

    def names(items) -> str:
        return "; ".join(pos.name(c) for c in items) or "–"

    def refs(ids) -> Markup:
        return Markup("; ".join(f'<a class="id" href="#p-{escape(pid)}">{escape(pid)}</a> '
                                f'<span class="note">({escape(where_of.get(pid, ""))})</span>'
                                for pid in ids))

    def matrix_cells(pid: str, columns) -> Markup:
        row = pos.matrix.get(pid, {})
        tip = escape(pid)
        out = []
        for c in columns:
            role = row.get(c)
            out.append(f'<td class="r-{role}" title="{escape(pos.name(c))} {role} {tip}">'
                       f"{ROLE_LETTERS[role]}</td>" if role else "<td></td>")
        return Markup("".join(out))

    return dict(
        pos=pos, view=view, labels=labels, letters=ROLE_LETTERS, statuses=STATUS_LABELS,
        definitions=DEFINITIONS, agreement_cell=agreement_cell, codes=codes, names=names,
        refs=refs, matrix_cells=matrix_cells,
        contested=[p for p in pos.provisions if p.contested],
        closest=pos.ranked_agreements()[:12], divided=pos.ranked_disagreements()[:12],
        by_code=sorted(pos.delegations, key=lambda d: d.code))


def render_positions_html(pos: Positions, template_dirs: tuple[Path, ...] = ()) -> str:
    return environment(template_dirs).get_template(POSITIONS_PAGE).render(_context(pos))


def positions_parts(pos: Positions, template_dirs: tuple[Path, ...] = ()) -> PageParts:
    """The page's parts (title, styles, body), for `treaty serve`."""
    return page_parts(environment(template_dirs), POSITIONS_PAGE, _context(pos))


def render_report_html(report: Report, template_dirs: tuple[Path, ...] = ()) -> str:
    return environment(template_dirs).get_template(REPORT_PAGE).render(report=report)


def write_positions_html(pos: Positions, options: PositionsOptions) -> bytes:
    """The positions writer of format ``html``."""
    return render_positions_html(pos, options.template_dirs).encode("utf-8")


def write_report_html(report: Report, options: PositionsOptions) -> bytes:
    """The report writer of format ``html``."""
    return render_report_html(report, options.template_dirs).encode("utf-8")
