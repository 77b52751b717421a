"""A proposal as the browser and the JSON API send it, turned into the `Amendment` that
``treaty propose`` would make from the same choices (pure; no I/O).

``{"target": "58.2(a)", "replace": "words", "with": "new words"}``; or ``"insert"`` with
``"after"``/``"before"`` (words of the target); ``"delete"``; ``"new_paragraph"`` (text) placed
after ``"after"`` (a unit: id or citation; default the target; a point after a point);
``"alternative"`` (text of the whole target unit). Built by the same `change_from_options`
as ``treaty propose``. Optional: ``"note"``, ``"session"``, ``"by"`` (defaults to the signed-in
delegation; the secretariat names the delegation it types a proposal in for).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..citations import resolve
from ..commands.proposals import change_from_options
from ..model import Amendment, Change, Document, TreatyError

KINDS = ("replace", "insert", "delete", "new_paragraph", "alternative")
FIELDS = frozenset({"target", "replace", "with", "insert", "after", "before", "delete",
                    "new_paragraph", "alternative", "note", "session", "by"})


def _text(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise TreatyError(key, "must be a string", f'send "{key}": "..."')
    return value


def change_from_json(data: dict[str, Any], doc: Document) -> Change:
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        raise TreatyError(unknown[0], "unknown field", "use " + ", ".join(sorted(FIELDS)))
    kinds = [k for k in KINDS if data.get(k) is not None]
    if len(kinds) != 1:
        raise TreatyError("proposal", "give exactly one of replace, insert, delete, new_paragraph, "
                          "alternative", f"got {', '.join(kinds) or 'none'}")
    kind = kinds[0]
    target = (_text(data, "target") or "").strip()
    if kind == "new_paragraph":
        ref = (_text(data, "after") or target).strip()
        if not ref:
            raise TreatyError("new_paragraph", "says where: give after (the unit it follows)",
                              'send "after": "58.2"')
        unit = doc.by_wid().get(resolve(doc, ref))
        # After a point (a definition, say) the new unit is a point; otherwise a paragraph.
        text = _required(data, "new_paragraph")
        if unit is not None and unit.kind == "point":
            return change_from_options(after=ref, new_point=text)
        return change_from_options(after=ref, new_paragraph=text)
    if not target:
        raise TreatyError("target", "missing", 'send "target": "58.2(a)" (or a unit id)')
    if kind == "alternative":
        return change_from_options(target=target, alt=_required(data, "alternative"))
    if kind == "replace" and data.get("with") is None:
        raise TreatyError("replace", "needs with", 'send "with": "new words"')
    return change_from_options(
        target=target, replace=_text(data, "replace"), with_=_text(data, "with"),
        insert=_text(data, "insert"), after=_text(data, "after"), before=_text(data, "before"),
        delete=_text(data, "delete"))


def _required(data: dict[str, Any], key: str) -> str:
    text = " ".join((_text(data, key) or "").split())
    if not text:
        raise TreatyError(key, "the text is empty", "write the words proposed")
    return text


def amendment_from_json(data: Any, doc: Document, by: str) -> Amendment:
    """The proposal `data` describes, by delegation `by` (checked by the caller)."""
    if not isinstance(data, dict):
        raise TreatyError("proposal", "must be a JSON object", 'send {"target": ..., "replace": ...}')
    change = change_from_json(data, doc)
    return Amendment(id="", proposers=(by,), changes=(change,),
                     session=(_text(data, "session") or "").strip(),
                     date=dt.date.today().isoformat(), note=(_text(data, "note") or "").strip())
