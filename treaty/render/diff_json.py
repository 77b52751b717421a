"""The comparison as JSON, in the versioned schema documented in ``docs/diff-json.md``.

Bump `SCHEMA_VERSION` (and the document) whenever a field is renamed, removed or changes
meaning; adding a field is backwards compatible and bumps the minor part.
"""

from __future__ import annotations

import json
from typing import Any

from ..diff.report import COUNT_FIELDS, DiffResult, Entry, Side, Source, concordance
from .options import DiffOptions

SCHEMA_VERSION = "1.0"


def _source(s: Source) -> dict[str, Any]:
    return {"name": s.name, "title": s.title, "label": s.label, "words": s.words,
            "articles": s.articles, "warnings": s.warnings}


def _side(s: Side | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"label": s.label, "index": s.index, "num": s.num, "heading": s.heading,
            "wid": s.wid, "eid": s.eid}


def _entry(e: Entry) -> dict[str, Any]:
    segments = []
    for seg in e.diff.segments:
        item: dict[str, Any] = {"op": seg.op, "text": seg.text}
        if seg.old_text is not None:
            item["old_text"] = seg.old_text
        segments.append(item)
    return {
        "group": e.group,
        "kind": e.kind,
        "status": e.status,
        "old": _side(e.old),
        "new": _side(e.new),
        "aligned_by": e.aligned_by or None,
        "similarity": e.similarity,
        "renumbered": e.renumbered,
        "moved": e.moved,
        "related": e.related,
        "words_inserted": e.diff.inserted,
        "words_deleted": e.diff.deleted,
        "segments": segments,
    }


def to_data(result: DiffResult) -> dict[str, Any]:
    """The JSON document as plain Python data."""
    summary = result.summary
    return {
        "schema_version": SCHEMA_VERSION,
        "old": _source(result.old),
        "new": _source(result.new),
        "options": {"exact": result.exact, "engine": result.engine,
                    "aligned_by_wid": result.aligned_by_wid},
        "degraded": result.degraded,
        "no_changes": summary.no_changes,
        "summary": {
            "words_inserted": summary.words_inserted,
            "words_deleted": summary.words_deleted,
            "groups": {g: {f: getattr(c, f) for f in COUNT_FIELDS} for g, c in summary.groups},
        },
        "concordance": [
            {"old": r.old or None, "new": r.new or None, "status": r.status,
             "notes": list(r.notes)}
            for r in concordance(result.entries, "article")
        ],
        "entries": [_entry(e) for e in result.entries],
    }


def render_json(result: DiffResult) -> str:
    return json.dumps(to_data(result), ensure_ascii=False, indent=1) + "\n"


def write_json(result: DiffResult, options: DiffOptions) -> bytes:
    """The diff writer of format ``json``."""
    return render_json(result).encode("utf-8")
