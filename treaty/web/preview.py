"""The bracketed result of a proposal before it is tabled: its article compiled with the
proposals already on the table plus this one, rendered as the draft page shows it."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from .. import history
from ..citations import article_index
from ..commands.common import load
from ..commands.proposals import prepared
from ..model import CLOSED
from .proposals import amendment_from_json

PREVIEW_ID = "preview"


def preview(root: Path, data: dict[str, Any], by: str) -> dict[str, Any]:
    """``{"html": the article as it would read, "summary": the commit message}``, or the
    `TreatyError` `treaty propose` would give (nothing is written)."""
    from ..compile import compile_bracketed
    from ..render import RenderOptions, render

    loaded = load(root)
    doc = loaded.ws.document
    reg = loaded.registry
    amendment = replace(amendment_from_json(data, doc, by), id=PREVIEW_ID)
    amendment = prepared(amendment, doc, reg)
    index = article_index(doc)
    target = amendment.changes[0].target
    art_wid = index.get(target, target)
    article = doc.by_wid().get(art_wid)
    part = replace(doc, body=(article,), preamble=None) if article is not None else doc
    others = [a for a in loaded.amendments if a.status not in CLOSED]
    compiled = compile_bracketed(part, others + [amendment])
    html = render(compiled, "html", RenderOptions(attribution="codes", show_index=False,
                                                  registry=reg)).decode("utf-8")
    body = html.split("<body", 1)[-1].split(">", 1)[-1].rsplit("</body>", 1)[0]
    section = re.search(r"<main[^>]*>(.*)</main>", body, re.S)
    summary = history.proposal_message(replace(amendment, id="new"), doc, Path(root))
    return {"html": section.group(1) if section else body, "summary": summary}
