"""Reader for Akoma Ntoso files: this tool's own snapshots and AKN written by other tools.

Producers handled (each has real test files in tests/data/akn/): LEOS / AKN4EU
(``xml:id`` instead of eIds, GUID-like ids, ``leos:`` attributes, soft-deleted and
moved-away elements), laws.africa / Indigo (bluebell), EUR-Lex AKN (CIRSFID), Normattiva
(Italy), the OASIS examples (legislation.gov.uk-style acts of sections); a default or a
prefixed (``an:``) namespace; the pre-standard 3.0 namespaces (``.../akn/3.0/WD17``,
``.../CSD03`` as the Italian Senate writes them) are converted to AKN 3.0.

Carried: every hierarchical unit as what it is (part, title, chapter, section,
subsection, article, paragraph, list, point, rule, hcontainer ...) with its num, heading,
attributes and inline markup (`treaty.inline`: b, i, u, sup, sub, ref, term, def, abbr,
date, quotedText, footnotes, tables, block lists, anything else inline); crossHeadings and
loose blocks of a ``mainBody``; the preamble (formulas, citations, recitals); the preface,
conclusions and attachments verbatim (kept, not amendable). A documentCollection whose
components are inside it: the first bill or act is the text, the other components are kept
as attachments.

Ids: an eId is kept if it follows the naming convention for its kind and parent and is
unique; otherwise it is derived from the unit's number (`ids.eid_for`). A wId is kept if
unique, else it is the new eId.

Not carried (said in a warning or refused with exit 1): ``<meta>`` (references,
lifecycle, analysis: rebuilt from the metadata), elements LEOS marks deleted or moved away
(``leos:softaction="del"``/``"move_to"``, not part of the current text), inline markup
inside ``<num>`` and ``<heading>`` (kept as plain text). Refused: Akoma Ntoso 1.0/2.0,
documentCollections that point to other files (``documentRef``), document types that are
not texts (judgment, debate, amendment, officialGazette ...).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from lxml import etree

from .. import akn, ids
from ..model import Document, Problem, TreatyError, Unit
from .result import ReadResult

PRE_STANDARD = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0/"
OLD = ("http://www.akomantoso.org/2.0", "http://www.akomantoso.org/1.0")
LEOS = "urn:eu:europa:ec:leos"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
TEXT_TYPES = ("bill", "act", "doc", "statement")
_SOFT_GONE = ("del", "move_to")
_EID = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9\-]+)*(?:__[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9\-]+)*)*")
_ITEM = re.compile(r"([A-Za-z][A-Za-z0-9]*)(?:_([A-Za-z0-9\-_]+))?")


def read_akn(data: bytes, where: str) -> ReadResult:
    root = akn.parse_bytes(data, where)
    root, warnings = normalise(root, where)
    doc = akn.document_from_xml(root, where)
    if doc.meta.title == "Untitled draft":
        doc = replace(doc, meta=replace(doc.meta, title=_title(root) or doc.meta.title))
    # FRBR dates other tools leave as placeholders ("TODAY", "2009"): not dates, dropped
    doc = replace(doc, meta=replace(doc.meta, date=_iso(doc.meta.date),
                                    version_date=_iso(doc.meta.version_date)))
    doc, id_warnings = fix_ids(doc, where)
    return ReadResult(doc, tuple(warnings + id_warnings))


# -- the XML before mapping: namespace, collection, LEOS ---------------------------------


def normalise(root: etree._Element, where: str) -> tuple[etree._Element, list[Problem]]:
    """AKN 3.0 with one text document under ``akomaNtoso`` (see the module docstring)."""
    warnings: list[Problem] = []
    ns = etree.QName(root).namespace or ""
    if etree.QName(root).localname != "akomaNtoso":
        raise TreatyError(where, f"not Akoma Ntoso: the root element is <{etree.QName(root).localname}>",
                          "give an AKN file (root element akomaNtoso)", root.sourceline)
    if ns in OLD:
        raise TreatyError(where, f"Akoma Ntoso {ns.rsplit('/', 1)[-1]} is not supported",
                          f"convert it to AKN 3.0 (namespace {akn.NS})", root.sourceline)
    if ns.startswith(PRE_STANDARD) and ns != akn.NS:
        root = _renamespace(root, ns)
        warnings.append(Problem(where, f"converted from the pre-standard namespace {ns} to AKN 3.0"))
    elif ns != akn.NS:
        raise TreatyError(where, f"unknown namespace {ns or '(none)'} for akomaNtoso",
                          f"Akoma Ntoso 3.0 uses {akn.NS}", root.sourceline)
    doc_el = next((c for c in root if isinstance(c.tag, str)), None)
    if doc_el is None:
        raise TreatyError(where, "the akomaNtoso element is empty", "add a <bill> or <act>")
    if akn.local(doc_el) == "documentCollection":
        doc_el = _main_of_collection(root, doc_el, where, warnings)
    if akn.local(doc_el) not in TEXT_TYPES:
        raise TreatyError(where, f"<{akn.local(doc_el)}> is not a text this tool imports",
                          f"import a {', '.join(TEXT_TYPES)}", doc_el.sourceline)
    gone = [el for el in doc_el.iter() if isinstance(el.tag, str)
            and el.get(f"{{{LEOS}}}softaction") in _SOFT_GONE]
    outer = [el for el in gone if not any(a in gone for a in el.iterancestors())]
    for el in outer:
        _remove(el)
    if outer:
        warnings.append(Problem(where, f"left out {len(outer)} element(s) LEOS marks deleted or "
                                "moved away (leos:softaction), first at line "
                                f"{outer[0].sourceline}: they are not part of the current text"))
    for el in doc_el.iter():
        if isinstance(el.tag, str) and el.get(XML_ID) is not None:
            value = el.attrib.pop(XML_ID)
            if el.get("eId") is None and akn.local(el) not in ("meta",) \
                    and not any(akn.local(a) == "meta" for a in el.iterancestors()):
                el.set("eId", value)
    return root, warnings


def _renamespace(el: etree._Element, old: str) -> etree._Element:
    """A copy of the tree with elements of namespace `old` in AKN 3.0 (a fresh tree, so
    no prefix of the source can capture the new namespace)."""
    q = etree.QName(el)
    tag = f"{{{akn.NS}}}{q.localname}" if q.namespace == old else el.tag
    new = etree.Element(tag, nsmap={None: akn.NS})
    for key, value in el.attrib.items():
        new.set(key, value)
    new.text = el.text
    for child in el:
        if isinstance(child.tag, str):
            copy = _renamespace(child, old)
        else:
            copy = etree.Comment(child.text) if isinstance(child, etree._Comment) else None
        if copy is not None:
            copy.tail = child.tail
            new.append(copy)
        elif child.tail:
            _append_text(new, child.tail)
    new.sourceline = el.sourceline
    return new


def _append_text(el: etree._Element, text: str) -> None:
    if len(el):
        el[-1].tail = (el[-1].tail or "") + text
    else:
        el.text = (el.text or "") + text


def _iso(value: str) -> str:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return ""
    return value


def _title(root: etree._Element) -> str:
    """The title of a foreign document: its long title, doc title, short title or the
    FRBR alias, whichever comes first."""
    for path in (".//a:preface//a:longTitle", ".//a:preface//a:docTitle",
                 ".//a:preface//a:shortTitle", ".//a:coverPage//a:longTitle", ".//a:preface/a:p"):
        el = root.find(path, {"a": akn.NS})
        if el is not None and akn.text_of(el):
            return akn.text_of(el)
    alias = root.find(".//a:FRBRWork/a:FRBRalias[@name='title']", {"a": akn.NS})
    return alias.get("value", "") if alias is not None else ""


def _remove(el: etree._Element) -> None:
    parent = el.getparent()
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _main_of_collection(root: etree._Element, coll: etree._Element, where: str,
                        warnings: list[Problem]) -> etree._Element:
    refs = [r for r in coll.iter(f"{{{akn.NS}}}documentRef")]
    if refs:
        names = ", ".join(r.get("href") or "?" for r in refs)
        raise TreatyError(where, f"this documentCollection points to other files ({names})",
                          "import the main document (the bill or act file) itself",
                          refs[0].sourceline)
    body = coll.find(f"{{{akn.NS}}}collectionBody")
    components = [] if body is None else [c for c in body if akn.local(c) == "component"]
    docs = [next((d for d in c if isinstance(d.tag, str)), None) for c in components]
    docs = [d for d in docs if d is not None]
    main = next((d for d in docs if akn.local(d) in ("bill", "act")), None)
    if main is None:
        raise TreatyError(where, "this documentCollection holds no bill or act",
                          "import the legal text itself", coll.sourceline)
    others = [d for d in docs if d is not main]
    if others:
        attachments = main.find(f"{{{akn.NS}}}attachments")
        if attachments is None:
            attachments = etree.SubElement(main, f"{{{akn.NS}}}attachments")
        for d in others:
            attachment = etree.SubElement(attachments, f"{{{akn.NS}}}attachment")
            attachment.append(d)
        warnings.append(Problem(where, f"documentCollection: took the {akn.local(main)} as the "
                                f"text; kept {len(others)} other component(s) as attachments "
                                "(carried, not amendable)"))
    root.replace(coll, main)
    return main


# -- ids ----------------------------------------------------------------------------------


def conforming(eid: str, kind: str, parent: str) -> bool:
    """Whether `eid` follows the naming convention for a unit of `kind` under `parent`."""
    if not eid or not _EID.fullmatch(eid):
        return False
    head, _, last = eid.rpartition("__")
    m = _ITEM.fullmatch(last)
    if not m or m.group(1) != ids.PREFIX.get(kind, kind):
        return False
    return not parent or head == parent or head.endswith(parent) or not head


def fix_ids(doc: Document, where: str) -> tuple[Document, list[Problem]]:
    """Keep valid, unique eIds/wIds; derive the others from numbers (see module doc)."""
    seen_e: set[str] = set()
    seen_w: set[str] = set()
    changed: list[tuple[str, str]] = []
    provision = doc.provision_kind()

    def walk(unit: Unit, parent: str, position: int) -> Unit:
        if unit.kind in ("block", "crossHeading"):
            eid = unit.eid if unit.eid and _EID.fullmatch(unit.eid) and unit.eid not in seen_e else ""
            if eid:
                seen_e.add(eid)
            return replace(unit, eid=eid, wid="")
        eid = unit.eid
        if not (conforming(eid, unit.kind, parent) and eid not in seen_e):
            new = ids.unique(ids.eid_for(unit.kind, unit.num, parent, position), seen_e)
            changed.append((eid, new))
            eid = new
        seen_e.add(eid)
        wid = unit.wid if unit.wid and _EID.fullmatch(unit.wid) and unit.wid not in seen_w else ""
        wid = wid or (eid if eid not in seen_w else ids.unique(eid, seen_w))
        seen_w.add(wid)
        counters: dict[str, int] = {}
        children = []
        for child in unit.children:
            counters[child.kind] = counters.get(child.kind, 0) + 1
            child_parent = "" if child.kind == provision else eid
            if unit.kind == "preamble":
                child_parent = "preamble"
            children.append(walk(child, child_parent, counters[child.kind]))
        return replace(unit, eid=eid, wid=wid, children=tuple(children))

    preamble = walk(doc.preamble, "", 1) if doc.preamble is not None else None
    counters: dict[str, int] = {}
    body = []
    for unit in doc.body:
        counters[unit.kind] = counters.get(unit.kind, 0) + 1
        body.append(walk(unit, "", counters[unit.kind]))
    fixed = replace(doc, preamble=preamble, body=tuple(body))
    fixed, dropped = _dedupe_inline_ids(fixed)
    warnings = []
    if dropped:
        warnings.append(Problem(where, f"left out {dropped} duplicate id(s) of inline elements "
                                "(eId/wId of a <p>, <ref> ...; ids must be unique)"))
    real = [(old, new) for old, new in changed if old]
    if real:
        old, new = real[0]
        warnings.append(Problem(where, f"{len(real)} eId(s) did not follow the naming convention or "
                                f"were not unique and were derived from numbers (first: {old} -> {new})"))
    return fixed, warnings


def _dedupe_inline_ids(doc: Document) -> tuple[Document, int]:
    """Drop an inline element's eId/wId when another element already has it."""
    taken = {u.eid for u in doc.units() if u.eid} | {u.wid for u in doc.units() if u.wid}
    dropped = 0

    def unique_attrs(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        nonlocal dropped
        kept = []
        for key, value in pairs:
            if key in ("eId", "wId"):
                if value in taken:
                    dropped += 1
                    continue
                taken.add(value)
            kept.append((key, value))
        return pairs if len(kept) == len(pairs) else tuple(kept)

    def spans(marks: tuple) -> tuple:
        return tuple(replace(s, attrs=unique_attrs(s.attrs)) for s in marks)

    def fix(unit: Unit) -> Unit:
        return replace(unit, inline=spans(unit.inline), num_inline=spans(unit.num_inline),
                       heading_inline=spans(unit.heading_inline),
                       part_attrs=tuple((name, unique_attrs(a)) for name, a in unit.part_attrs),
                       children=tuple(fix(c) for c in unit.children))

    preamble = fix(doc.preamble) if doc.preamble is not None else None
    return replace(doc, preamble=preamble, body=tuple(fix(u) for u in doc.body)), dropped
