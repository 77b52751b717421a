"""Positions and the session report as Markdown (GitHub-flavoured tables).

Every text from the workspace is escaped, so a note holding ``|``, ``*`` or ``<script>`` is
shown as text and never breaks a table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..positions import (
    DEFINITIONS,
    ROLE_LETTERS,
    STATUS_LABELS,
    Positions,
    heat_view,
    to_json,
)
from ..report import Report
from .options import PositionsOptions


def md(text: str) -> str:
    """Escape Markdown markup and raw HTML; keep a table cell on one line."""
    text = " ".join(str(text).split())
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def _codes(codes: Iterable[str], pos: Positions | None = None) -> str:
    shown = pos.compact(tuple(codes)) if pos is not None else codes
    return ", ".join(md(c) for c in shown) or "–"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out + [""]


def render_positions_md(pos: Positions) -> str:
    labels = {p.key: p.label for p in pos.provisions}
    contested = [p for p in pos.provisions if p.contested]
    where = " — ".join(x for x in (pos.symbol, pos.label) if x)
    lines = [f"# Positions{': session ' + md(pos.session) if pos.session else ''}", ""]
    if where:
        lines += [f"*{md(where)}*", ""]
    lines += [
        f"{len(pos.proposals)} proposals on {len(pos.provisions)} provisions; "
        f"{len(pos.delegations)} delegations took a position; {len(contested)} provisions "
        "contested.",
        "",
        ("Groups are counted through their members (`--expand-groups`)." if pos.expand_groups
         else "Groups count as one delegation (`--expand-groups` counts their members)."),
        "",
        "## By article",
        "",
    ]
    for prov in pos.provisions:
        flag = " (contested)" if prov.contested else ""
        lines += [f"### {md(prov.title)}{flag}", ""]
        lines += [f"{len(prov.proposals)} proposal(s), {prov.competing} competing, "
                  f"{prov.opposed} opposed; delegations for: {len(prov.for_)}, "
                  f"against: {len(prov.against)}.", ""]
        for contest in prov.contests:
            if contest.kind == "alternatives":
                sides = " **vs** ".join(
                    f"`{md(pid)}` (for: {_codes(contest.side(pid), pos)}"
                    + (f"; against: {_codes(contest.side(pid, 'against'), pos)}"
                       if contest.side(pid, "against") else "") + ")"
                    for pid in contest.proposals)
                lines.append(f"- Competing alternatives: {sides}")
            else:
                pid = contest.proposals[0]
                lines.append(f"- Opposed: `{md(pid)}` — for: {_codes(contest.side(pid), pos)} "
                             f"**vs** against: {_codes(contest.side(pid, 'against'), pos)}")
        if prov.contests:
            lines.append("")
        rows = []
        for pid in prov.proposals:
            p = pos.proposal(pid)
            rows.append([f"`{md(p.id)}`", md(p.what) or "–", _codes(p.proposers),
                         _codes(p.supporters), _codes(p.opponents),
                         md(STATUS_LABELS.get(p.status, p.status))])
        lines += _table(["Proposal", "What", "Proposed by", "Supported by", "Opposed by",
                         "Status"], rows)

    lines += ["## By delegation", ""]
    rows = []
    for d in pos.delegations:
        via = f" (via {md(', '.join(d.via))})" if d.via else ""
        rows.append([f"{md(d.name)} ({md(d.code)}){via}", str(len(d.proposed)),
                     str(len(d.supported)), str(len(d.opposed)),
                     md(", ".join(labels.get(k, k) for k in d.provisions))])
    lines += _table(["Delegation", "Proposed", "Supported", "Opposed", "Provisions"], rows)
    for d in pos.delegations:
        lines += [f"### {md(d.name)} ({md(d.code)})", ""]
        for role, ids in (("Proposed", d.proposed), ("Supported", d.supported),
                          ("Opposed", d.opposed)):
            if ids:
                items = "; ".join(
                    f"`{md(pid)}` ({md(', '.join(labels.get(k, k) for k in pos.proposal(pid).provisions))})"
                    for pid in ids)
                lines.append(f"- {role} ({len(ids)}): {items}")
        lines.append("")

    view = heat_view(pos)
    lines += ["## Delegation x proposal matrix", "",
              "P = proposed, S = supported, O = opposed.", ""]
    if view.hidden_delegations or view.hidden_proposals:
        lines += [f"Showing {len(view.columns)} delegations and "
                  f"{len(pos.proposals) - view.hidden_proposals} proposals; the full matrix is "
                  "in `--format json`.", ""]
    rows = []
    for prov, proposals in view.rows:
        for p in proposals:
            row = pos.matrix.get(p.id, {})
            rows.append([md(prov.label), f"`{md(p.id)}`"]
                        + [ROLE_LETTERS.get(row.get(c, ""), "") for c in view.columns])
    lines += _table(["Provision", "Proposal"] + [md(c) for c in view.columns], rows)

    lines += ["## Agreement between delegations", "", md(DEFINITIONS["agreement"]) + ".", ""]
    ranked = pos.ranked_agreements()
    lines += ["### Closest pairs", ""]
    lines += _table(["Pair", "Same side", "Opposite sides", "Score"],
                    [[f"{md(x.a)} – {md(x.b)}", str(x.agree), str(x.disagree), f"{x.score:.0%}"]
                     for x in ranked[:15]])
    divided = pos.ranked_disagreements()
    if divided:
        lines += ["### Most divided pairs", ""]
        lines += _table(["Pair", "Same side", "Opposite sides", "Score"],
                        [[f"{md(x.a)} – {md(x.b)}", str(x.agree), str(x.disagree),
                          f"{x.score:.0%}"] for x in divided[:15]])
    codes = view.agreement_codes
    if codes:
        lines += ["### Agreement matrix", "",
                  "Score in percent, with the number of proposals on which both took a position.",
                  ""]
        rows = []
        for a in codes:
            cells = []
            for b in codes:
                x = pos.agreement(a, b) if a != b else None
                cells.append("" if a == b else (f"{x.score:.0%} ({x.shared})" if x else "·"))
            rows.append([md(a)] + cells)
        lines += _table([""] + [md(c) for c in codes], rows)

    lines += ["## Delegations", ""]
    lines += [f"- {md(d.code)}: {md(d.name)}" for d in sorted(pos.delegations, key=lambda d: d.code)]
    return "\n".join(lines) + "\n"


def render_report_md(report: Report) -> str:
    lines = [f"# {md(report.title)}", ""]
    if report.subtitle:
        lines += [f"*{md(report.subtitle)}*", ""]
    for para in report.intro:
        lines += [md(para), ""]
    for heading, paragraphs in (("Contested provisions", report.contested),
                                ("Other proposals", report.others)):
        if not paragraphs:
            continue
        lines += [f"## {heading}", ""]
        for paragraph in paragraphs:
            lines += [f"**{md(paragraph.title)}.** {md(paragraph.text)}", ""]
    return "\n".join(lines)


def write_positions_md(pos: Positions, options: PositionsOptions) -> bytes:
    """The positions writer of format ``md``."""
    return render_positions_md(pos).encode("utf-8")


def write_positions_json(pos: Positions, options: PositionsOptions) -> bytes:
    """The positions writer of format ``json``."""
    return to_json(pos).encode("utf-8")


def write_report_md(report: Report, options: PositionsOptions) -> bytes:
    """The report writer of format ``md``."""
    return render_report_md(report).encode("utf-8")
