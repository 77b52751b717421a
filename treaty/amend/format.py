"""The amendment file format (``urn:treaty-tracker:amendment:1``): read, validate, write.

Every file is validated against the RELAX NG schema shipped in ``treaty/schemas`` when it
is loaded; a file that does not validate is reported as ``file:line: message``. New units
inside a proposal are AKN elements and are read with the same code as articles.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import assert_never

from lxml import etree

from .. import akn
from ..model import Amendment, Change, ChangeKind, HistoryEntry, Status, TreatyError, Unit

NS = "urn:treaty-tracker:amendment:1"
T = f"{{{NS}}}"


@lru_cache(maxsize=1)
def schema() -> etree.RelaxNG:
    data = resources.files("treaty").joinpath("schemas/amendment.rng").read_bytes()
    return etree.RelaxNG(etree.fromstring(data))


def _text(el: etree._Element | None) -> str:
    return "" if el is None else "".join(el.itertext())


def _change(el: etree._Element) -> Change:
    name = akn.local(el)
    target = el.get("target", "")
    old_el = el.find(T + "old")
    new_el = el.find(T + "new")
    old = _text(old_el)
    occurrence = int(old_el.get("occurrence")) if old_el is not None and old_el.get("occurrence") else None
    units = tuple(akn.unit_from_xml(c) for c in el if isinstance(c.tag, str)
                  and etree.QName(c).namespace == akn.NS)
    line = el.sourceline
    if name == "replace":
        return Change(ChangeKind.REPLACE, target, old, _text(new_el), occurrence, line=line)
    if name == "delete":
        if old_el is None:
            return Change(ChangeKind.DELETE_UNIT, target, line=line)
        return Change(ChangeKind.DELETE, target, old, "", occurrence, line=line)
    if name == "replaceUnit":
        return Change(ChangeKind.REPLACE_UNIT, target, units=units, line=line)
    if name == "substitute":
        return Change(ChangeKind.SUBSTITUTE, el.get("scope", ""), old, _text(new_el), line=line)
    if el.get("position"):
        return Change(ChangeKind.INSERT_UNIT, target, where=el.get("position"), units=units,
                      line=line)
    occ = el.get("occurrence")
    for attr in ("after", "before"):
        if el.get(attr) is not None:
            return Change(ChangeKind.INSERT, target, el.get(attr), _text(el),
                          int(occ) if occ else None, where=attr, line=line)
    return Change(ChangeKind.INSERT, target, "", _text(el), where=el.get("at", "end"), line=line)


def parse_amendment(data: bytes, where: str) -> Amendment:
    """Parse and validate one amendment file's bytes."""
    root = akn.parse_bytes(data, where)
    s = schema()
    if not s.validate(root):
        err = s.error_log.last_error
        raise TreatyError(where, f"not a valid amendment: {err.message}",
                          "see docs/amendments.md for the format", err.line)
    refs = {kind: tuple(e.get("ref") for e in root.iter(T + kind))
            for kind in ("proposer", "supporter", "opponent")}
    base = root.find(T + "base")
    applied = root.find(T + "appliedIn")
    history = tuple(HistoryEntry(e.get("date"), Status(e.get("status")), e.get("from", ""), _text(e),
                                 e.get("event", ""), e.get("by", ""), e.get("forced") == "true")
                    for e in root.iterfind(f"{T}history/{T}entry"))
    return Amendment(
        id=root.get("id"),
        proposers=refs["proposer"], supporters=refs["supporter"], opponents=refs["opponent"],
        session=_text(root.find(T + "session")).strip(),
        date=_text(root.find(T + "date")).strip(),
        status=Status(_text(root.find(T + "status")).strip()),
        base=base.get("version", "") if base is not None else "",
        applied_in=applied.get("version", "") if applied is not None else "",
        stale_reason=_text(root.find(T + "stale")).strip(),
        note=_text(root.find(T + "note")).strip(),
        changes=tuple(_change(c) for c in root.find(T + "changes") if isinstance(c.tag, str)),
        history=history,
        path=where,
        language=_text(root.find(T + "language")).strip(),
        translations=tuple((t.get("language"), tuple(_change(c) for c in t if isinstance(c.tag, str)))
                           for t in root.iterfind(T + "translation")),
    )


def read_amendment(path: Path, inside: Path | None = None) -> Amendment:
    """One amendment file (a regular file, size-capped; with `inside`, within that folder)."""
    from ..fileio import read_bytes

    return parse_amendment(read_bytes(path, inside=inside), str(path))


# -- writing ------------------------------------------------------------------------------


def _el(tag: str, text: str | None = None, **attrs: str | None) -> etree._Element:
    el = etree.Element(T + tag)
    for k, v in attrs.items():
        if v is not None:
            el.set(k, v)
    if text is not None:
        el.text = text
    return el


def _akn_unit(unit: Unit) -> etree._Element:
    el = akn.unit_to_xml(unit)
    return el


def _words_xml(tag: str, change: Change, occ: str | None, new: bool = True,
               **attrs: str | None) -> etree._Element:
    el = _el(tag, **attrs)
    el.append(_el("old", change.old, occurrence=occ))
    if new:
        el.append(_el("new", change.new))
    return el


def _units_xml(el: etree._Element, units: tuple[Unit, ...]) -> etree._Element:
    for unit in units:
        el.append(_akn_unit(unit))
    return el


def _change_xml(change: Change) -> etree._Element:
    occ = str(change.occurrence) if change.occurrence else None
    match change.kind:
        case ChangeKind.REPLACE:
            return _words_xml("replace", change, occ, target=change.target)
        case ChangeKind.DELETE:
            return _words_xml("delete", change, occ, new=False, target=change.target)
        case ChangeKind.SUBSTITUTE:
            return _words_xml("substitute", change, None, scope=change.target or None)
        case ChangeKind.DELETE_UNIT:
            return _el("delete", target=change.target)
        case ChangeKind.INSERT:
            if change.where in ("after", "before"):
                return _el("insert", change.new, target=change.target,
                           **{change.where: change.old}, occurrence=occ)
            return _el("insert", change.new, target=change.target, at=change.where or "end")
        case ChangeKind.INSERT_UNIT:
            el = _el("insert", target=change.target, position=change.where or "after")
            return _units_xml(el, change.units)
        case ChangeKind.REPLACE_UNIT:
            return _units_xml(_el("replaceUnit", target=change.target), change.units)
        case _:
            assert_never(change.kind)


def amendment_to_xml(a: Amendment) -> bytes:
    """Canonical bytes of an amendment file (validated before it is returned)."""
    root = etree.Element(T + "amendment", nsmap={None: NS, "akn": akn.NS})
    root.set("id", a.id)
    for kind, codes in (("proposer", a.proposers), ("supporter", a.supporters),
                        ("opponent", a.opponents)):
        for code in codes:
            root.append(_el(kind, ref=code))
    if a.session:
        root.append(_el("session", a.session))
    if a.date:
        root.append(_el("date", a.date))
    root.append(_el("status", a.status))
    if a.base:
        root.append(_el("base", version=a.base))
    if a.applied_in:
        root.append(_el("appliedIn", version=a.applied_in))
    if a.stale_reason:
        root.append(_el("stale", a.stale_reason))
    if a.note:
        root.append(_el("note", a.note))
    if a.language:
        root.append(_el("language", a.language))
    changes = _el("changes")
    for change in a.changes:
        changes.append(_change_xml(change))
    root.append(changes)
    for language, translated in a.translations:
        translation = _el("translation", language=language)
        for change in translated:
            translation.append(_change_xml(change))
        root.append(translation)
    if a.history:
        history = _el("history")
        for h in a.history:
            history.append(_el("entry", h.note or None, date=h.date, status=h.status,
                               event=h.event or None, by=h.by or None,
                               forced="true" if h.forced else None,
                               **{"from": h.previous or None}))
        root.append(history)
    s = schema()
    if not s.validate(root):
        raise TreatyError(a.id, f"internal: amendment would not validate: {s.error_log.last_error}")
    # Re-parse so AKN children get the "akn:" prefix declared on the root.
    return akn.serialize(etree.fromstring(etree.tostring(root)))
