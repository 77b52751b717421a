"""The compiled draft as a Word document (python-docx, plus raw WordprocessingML where
python-docx has no API: tracked changes, bookmarks, internal links, page fields).

- ``bracketed`` (and ``clean``): the negotiating text as negotiators read it in Word:
  square brackets as text, proposed words **bold and underlined**, proposed deletions
  struck through, attributions ``(Singapore)`` after each proposal, ``(delete: EU)``,
  "Alt 1" versions, ``(ad ref)`` words in green with their label, and superscript numbers
  that link to the *index of proposals* at the end of the document (an endnote-style list:
  one entry per proposal with proposer, supporters, opponents, session, date, status and
  note; real Word footnotes would repeat a proposal's entry at every place it is cited).
- ``redline``: real Word tracked changes. Every ``ins``/``del`` run is a ``w:ins`` /
  ``w:del`` authored by the proposing delegation's name (from the run's amendment ids) or
  "Secretariat" where the run carries none, dated with the proposal's date (else the
  document's), so Word's Review > Accept / Reject produce the new / the base text.
  Whole units added or removed also have their paragraph marks tracked, so accepting or
  rejecting leaves no empty paragraph.

Headings are Word heading styles (``Heading 1`` chapters and other containers, ``Heading
2`` articles, one level deeper per nesting), so Word's navigation pane lists the articles.
Numbers are typed text (``1.`` + tab, hanging indent), not Word list numbering, so the
text reads the same everywhere and reads back unchanged. Masthead, legend and index use
paragraph styles named ``Treaty ...``: `treaty.readers.docx` takes them as metadata (title,
symbol, date, notes) and skips the rest, so a compiled draft reads back as the same text.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from ..compiled import Compiled
from ..delegations import registry as default_registry
from ..model import Status
from ..names import neutralise_bidi
from .draft_view import (
    AltView,
    BlockView,
    Closer,
    DraftView,
    GroupView,
    IndexEntry,
    RunView,
    UnitView,
    draft_view,
)
from .options import RenderOptions
from .words import Words

FONT = "Times New Roman"
GREEN = RGBColor(0x1B, 0x6E, 0x20)
GREY = RGBColor(0x55, 0x55, 0x55)
HEADED = ("book", "part", "title", "chapter", "subchapter", "section", "subsection",
          "subtitle", "annex")
INDENT = Cm(1.0)
SECRETARIAT = "Secretariat"
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot hold (python-docx would refuse the run)."""


def _clean(text: str) -> str:
    """Text as Word may show it: XML-unsafe characters dropped, bidi overrides made visible
    (`names.neutralise_bidi`) so a proposal cannot reorder what the reader sees."""
    return neutralise_bidi(_XML_UNSAFE.sub("", text))


# -- styles -------------------------------------------------------------------------------


def _fonts(style_or_run_element, name: str = FONT) -> None:
    """Set every font slot (and drop theme fonts, which would win over the name)."""
    rpr = style_or_run_element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme"):
            del fonts.attrib[attr]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)


def _style(doc, name: str, base: str = "Normal", size: float | None = None, bold: bool = False,
           italic: bool = False, align=None, space_after: float | None = None,
           color: RGBColor | None = None):
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
    style.font.bold = bold or None
    style.font.italic = italic or None
    if size:
        style.font.size = Pt(size)
    if color is not None:
        style.font.color.rgb = color
    if align is not None:
        style.paragraph_format.alignment = align
    if space_after is not None:
        style.paragraph_format.space_after = Pt(space_after)
    return style


def _setup(doc, meta, words: Words | None = None) -> None:
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    _fonts(normal.element)
    normal.paragraph_format.space_after = Pt(6)
    for level in range(1, 7):
        style = doc.styles[f"Heading {level}"]
        _fonts(style.element)
        style.font.size = Pt(12)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        fmt = style.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.space_before = Pt(12)
        fmt.space_after = Pt(6)
        fmt.keep_with_next = True
    _style(doc, "Treaty Body", size=11, bold=True)
    _style(doc, "Treaty Symbol", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=2)
    for name in ("Treaty Distribution", "Treaty Date", "Treaty Language"):
        _style(doc, name, size=10, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=0)
    for name in ("Treaty Session", "Treaty Venue", "Treaty Agenda"):
        _style(doc, name, size=11, space_after=2)
    _style(doc, "Treaty Title", size=14, bold=True, space_after=12)
    _style(doc, "Treaty Mode", size=10, italic=True, color=GREY)
    _style(doc, "Treaty Note", size=10, italic=True)
    _style(doc, "Treaty Legend", size=10)
    heading = _style(doc, "Treaty Index Heading", base="Heading 1")
    heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _style(doc, "Treaty Index", size=10, space_after=4)

    _language_settings(doc, meta)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.different_first_page_header_footer = True
    if meta.symbol:
        header = section.header.paragraphs[0]
        header.text = _clean(meta.symbol)
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    words = words or Words()
    for footer in (section.footer, section.first_page_footer):
        para = footer.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if words.lang not in RTL_FURNITURE:  # "page N of M" left to right
            _left_to_right(para)
        # "page {n} of {m}" in the document's language, the numbers as Word's fields
        for part in re.split(r"(\{[nm]\})", words["page_of"]):
            if part == "{n}":
                _field(para, "PAGE", "1")
            elif part == "{m}":
                _field(para, "NUMPAGES", "1")
            elif part:
                para.add_run(part)


RTL_FURNITURE = frozenset({"ar"})


def _left_to_right(paragraph) -> None:
    """A left-to-right paragraph in a right-to-left document (its runs too: the Normal style
    makes every run right to left, which would put "30 November 2026" as "November 2026 30")."""
    ltr = OxmlElement("w:bidi")
    ltr.set(qn("w:val"), "0")
    paragraph._p.get_or_add_pPr().insert(0, ltr)
    for run in paragraph.runs:
        rtl = OxmlElement("w:rtl")
        rtl.set(qn("w:val"), "0")
        run._r.get_or_add_rPr().append(rtl)

_BIDI_LANG = {"ar": "ar-SA", "zh": "zh-CN", "ru": "ru-RU", "fr": "fr-FR", "es": "es-ES", "en": "en-GB"}


def _language_settings(doc, meta) -> None:
    """The text's language on the Normal style, which every other style is based on (Word's
    w:lang: spelling, hyphenation, East Asian and complex-script fonts); for a right-to-left
    language, right-to-left paragraphs (w:bidi) and runs (w:rtl) in a font with its letters."""
    from .. import languages

    language = languages.get(getattr(meta, "language", ""))
    tag = _BIDI_LANG.get(language.code, language.code)
    normal = doc.styles["Normal"].element
    rpr = normal.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if language.code == "zh" and fonts is not None:
        fonts.set(qn("w:eastAsia"), language.font)
    if language.direction == "rtl":
        if fonts is not None:
            fonts.set(qn("w:cs"), language.font)
        if rpr.find(qn("w:rtl")) is None:
            rpr.append(OxmlElement("w:rtl"))  # w:rtl comes before w:lang in the schema
        ppr = normal.get_or_add_pPr()
        if ppr.find(qn("w:bidi")) is None:
            ppr.insert(0, OxmlElement("w:bidi"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag if language.direction == "ltr" and language.code != "zh" else "en-GB")
    if language.direction == "rtl":
        lang.set(qn("w:bidi"), tag)
    if language.code == "zh":
        lang.set(qn("w:eastAsia"), tag)


def _field(paragraph, instr: str, shown: str) -> None:
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), f" {instr} ")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = shown
    run.append(t)
    fld.append(run)
    paragraph._p.append(fld)


def _new_docx() -> Any:
    """A new Word document whose style ids are looked up once per name. python-docx finds a
    style's id with an XPath search and then a scan of every style (for the default), for
    each paragraph given a style by name: the 2,120 paragraphs of a 100 x 2,000 draft spent
    1.7 of 2.7 s there. All styles exist before the first paragraph (`_styles`)."""
    doc = new_docx()
    part, lookup = doc.part, doc.part.get_style_id
    ids: dict[tuple[str, Any], str | None] = {}

    def get_style_id(style_or_name: Any, style_type: Any) -> str | None:
        if not isinstance(style_or_name, str):
            return lookup(style_or_name, style_type)
        key = (style_or_name, style_type)
        if key not in ids:
            ids[key] = lookup(style_or_name, style_type)
        return ids[key]

    part.get_style_id = get_style_id  # type: ignore[method-assign]  # this document only
    return doc


# -- the writer ---------------------------------------------------------------------------


class _Writer:
    def __init__(self, compiled: Compiled, view: DraftView, opts: RenderOptions):
        self.c = compiled
        self.v = view
        self.opts = opts
        self.reg = opts.registry or default_registry()
        self.doc = _new_docx()
        self.redline = compiled.mode == "redline"
        self.change_id = 0
        self.bookmark_id = 0
        self.default_date = _w_date(compiled.meta.date) or \
            dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.cited: set[int] = set()
        self.body_end = self.doc.element.body.find(qn("w:sectPr"))

    def paragraph(self, text: str = "", style: Any = None) -> Paragraph:
        """A new paragraph at the end of the document, as `Document.add_paragraph` makes it.
        python-docx looks for the end of the body from its start for every paragraph it adds
        (quadratic: 40,000 paragraphs took 5.8 s); the end is kept here instead."""
        p = OxmlElement("w:p")
        if self.body_end is not None:
            self.body_end.addprevious(p)
        else:
            self.doc.element.body.append(p)
        paragraph = Paragraph(p, self.doc._body)
        if text:
            paragraph.add_run(text)
        if style is not None:
            paragraph.style = style
        return paragraph

    # runs -----------------------------------------------------------------------------

    def author(self, ids: tuple[str, ...]) -> tuple[str, str]:
        """(author, date) of a tracked change carrying amendment `ids`."""
        for aid in ids:
            a = self.c.amendments.get(aid)
            if a is not None:
                who = ", ".join(self.reg.name(code) for code in a.proposers) or SECRETARIAT
                return who, _w_date(a.date) or self.default_date
        return SECRETARIAT, self.default_date

    def _tracked(self, paragraph, kind: str, ids: tuple[str, ...]):
        """A ``w:ins`` / ``w:del`` element appended to the paragraph, to hold runs."""
        self.change_id += 1
        author, date = self.author(ids)
        el = OxmlElement(f"w:{kind}")
        el.set(qn("w:id"), str(self.change_id))
        el.set(qn("w:author"), author)
        el.set(qn("w:date"), date)
        paragraph._p.append(el)
        return el

    def text(self, paragraph, text: str, bold: bool = False, underline: bool = False,
             strike: bool = False, italic: bool = False, color: RGBColor | None = None,
             superscript: bool = False, track: str = "", ids: tuple[str, ...] = ()):
        """Append `text` as one run (inside a tracked change when `track` is ins/del)."""
        text = _clean(text)
        if not text:
            return None
        run = paragraph.add_run()
        if "\t" in text or "\r" in text or "\n" in text:
            run.text = text  # python-docx makes tabs and line breaks of them
        else:  # what it would make, without its walk through every character
            run._r.add_t(text)
        font = run.font
        if bold:
            font.bold = True
        if underline:
            font.underline = True
        if strike:
            font.strike = True
        if italic:
            font.italic = True
        if color is not None:
            font.color.rgb = color
        if superscript:
            font.superscript = True
        if track:
            holder = self._tracked(paragraph, track, ids)
            holder.append(run._r)
            if track == "del":
                for t in run._r.findall(qn("w:t")):
                    t.tag = qn("w:delText")
        return run

    def fn(self, paragraph, fns: tuple[int, ...], track: str = "", ids: tuple[str, ...] = ()):
        """Superscript index numbers, each a link to its entry in the index of proposals."""
        for k, n in enumerate(fns):
            if k:
                self.text(paragraph, ",", superscript=True, track=track, ids=ids)
            link = OxmlElement("w:hyperlink")
            link.set(qn("w:anchor"), f"proposal_{n}")
            link.set(qn("w:history"), "1")
            run = paragraph.add_run(str(n))
            run.font.superscript = True
            link.append(run._r)
            paragraph._p.append(link)
            self.cited.add(n)

    def run(self, paragraph, r: RunView, bold: bool, track_unit: str = "") -> None:
        for n in r.notes:
            self.footnote_ref(paragraph, n)
        for words in r.quoted:
            self.text(paragraph, f" \u201c{words}\u201d")
        if self.redline:
            track = r.mark if r.mark in ("ins", "del") else track_unit
            self.style(self.text(paragraph, r.text, track=track, ids=r.ids), r)
            return
        if r.mark == "ins" or (bold and r.mark in ("", "src")):
            self.style(self.text(paragraph, r.text, bold=True, underline=True), r)
        elif r.mark == "del":
            self.style(self.text(paragraph, r.text, strike=True), r)
        elif r.mark == "adref":
            self.style(self.text(paragraph, r.text, color=GREEN), r)
            if r.status_label:
                self.text(paragraph, f" ({r.status_label})", italic=True, color=GREEN)
        else:
            self.style(self.text(paragraph, r.text), r)
        if (r.mark == "adref" and r.status_label) or r.fns:
            self.fn(paragraph, r.fns)

    def style(self, run, r: RunView) -> None:
        """The source's inline markup on a run: bold, italic, underline, super/subscript;
        a ``ref`` to a web address becomes a Word hyperlink."""
        if run is None or not r.style:
            return
        if "ref" in r.style and r.href.startswith(("https://", "http://")):
            from docx.opc.constants import RELATIONSHIP_TYPE

            rid = self.doc.part.relate_to(r.href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
            link = OxmlElement("w:hyperlink")
            link.set(qn("r:id"), rid)
            run._r.addprevious(link)
            link.append(run._r)
            run.font.underline = True
            run.font.color.rgb = RGBColor(0x1A, 0x4E, 0x8A)
        names = set(r.style)
        font = run.font
        if names & {"b", "strong"}:
            font.bold = True
        if names & {"i", "em"}:
            font.italic = True
        if "u" in names:
            font.underline = True
        if "sup" in names:
            font.superscript = True
        if "sub" in names:
            font.subscript = True

    def footnote_ref(self, paragraph, n: int) -> None:
        """A real Word footnote reference to the source's footnote `n` (`footnotes_part`)."""
        run = paragraph.add_run()
        rpr = run._r.get_or_add_rPr()
        va = OxmlElement("w:vertAlign")
        va.set(qn("w:val"), "superscript")
        rpr.append(va)
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(n))
        run._r.append(ref)

    def footnotes_part(self) -> None:
        """``word/footnotes.xml`` with the source's footnotes (`DraftView.source_notes`)."""
        if not self.v.source_notes:
            return
        from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part
        from lxml import etree

        w_ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        root = etree.Element(f"{{{w_ns}}}footnotes", nsmap={"w": w_ns})

        def note(nid: str, kind: str | None = None) -> etree._Element:
            el = etree.SubElement(root, f"{{{w_ns}}}footnote")
            if kind:
                el.set(f"{{{w_ns}}}type", kind)
            el.set(f"{{{w_ns}}}id", nid)
            return etree.SubElement(el, f"{{{w_ns}}}p")

        for nid, kind, mark in (("-1", "separator", "separator"),
                                ("0", "continuationSeparator", "continuationSeparator")):
            r = etree.SubElement(note(nid, kind), f"{{{w_ns}}}r")
            etree.SubElement(r, f"{{{w_ns}}}{mark}")
        for n, _marker, words in self.v.source_notes:
            p = note(str(n))
            r = etree.SubElement(p, f"{{{w_ns}}}r")
            rpr = etree.SubElement(r, f"{{{w_ns}}}rPr")
            etree.SubElement(rpr, f"{{{w_ns}}}vertAlign").set(f"{{{w_ns}}}val", "superscript")
            etree.SubElement(r, f"{{{w_ns}}}footnoteRef")
            r2 = etree.SubElement(p, f"{{{w_ns}}}r")
            t = etree.SubElement(r2, f"{{{w_ns}}}t")
            t.text = " " + _clean(words)
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES,
                    etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True),
                    self.doc.part.package)
        self.doc.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)

    def items(self, paragraph, items, bold: bool = False, track_unit: str = ""):
        """Append the items; returns the paragraph the last ones went to (an imported
        block with nested paragraphs, `RunView.newpara`, continues in new paragraphs)."""
        for item in items:
            if getattr(item, "newpara", False):
                following = self.paragraph(style=paragraph.style)
                following.paragraph_format.left_indent = paragraph.paragraph_format.left_indent
                paragraph = following
            if isinstance(item, GroupView):
                self.group(paragraph, item, bold)
            else:
                self.run(paragraph, item, bold, track_unit)
        return paragraph

    def group(self, paragraph, g: GroupView, bold: bool) -> None:
        if g.label:
            self.text(paragraph, g.label + " ")
        for k, alt in enumerate(g.alts):
            if k:
                self.text(paragraph, " ")
            self.alt(paragraph, alt, bold)

    def alt(self, paragraph, a: AltView, bold: bool) -> None:
        color = GREEN if a.status == Status.AGREED_AD_REF else None
        self.text(paragraph, "[", color=color)
        self.items(paragraph, a.items, bold and not a.original)
        if a.attribution:
            self.text(paragraph, " " + a.attribution, italic=True, color=color)
        self.text(paragraph, "]", color=color)
        if a.delete_note:
            self.text(paragraph, " " + a.delete_note, italic=True)
        if a.status_label:
            self.text(paragraph, f" ({a.status_label})", italic=True, color=color)
        self.fn(paragraph, a.fns)

    def closers(self, paragraph, closers: list[Closer]) -> None:
        for c in closers:
            if c.attribution:
                self.text(paragraph, " " + c.attribution, italic=True)
            self.text(paragraph, "]")
            if c.status_label:
                self.text(paragraph, f" ({c.status_label})", italic=True)
            self.fn(paragraph, c.fns)

    # paragraphs -------------------------------------------------------------------------

    def para(self, style: str | None = None, indent: int = 0, hanging: bool = False):
        paragraph = self.paragraph(style=style)
        fmt = paragraph.paragraph_format
        if indent or hanging:
            fmt.left_indent = INDENT * (indent + (1 if hanging else 0))
            if hanging:
                fmt.first_line_indent = -INDENT
                fmt.tab_stops.add_tab_stop(INDENT * (indent + 1))
        return paragraph

    @staticmethod
    def track_mark(paragraph, kind: str, author: str, date: str, change_id: int) -> None:
        """Track the paragraph mark itself (a whole unit added or removed)."""
        ppr = paragraph._p.get_or_add_pPr()
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            ppr.append(rpr)
        el = OxmlElement(f"w:{kind}")
        el.set(qn("w:id"), str(change_id))
        el.set(qn("w:author"), author)
        el.set(qn("w:date"), date)
        rpr.append(el)

    def finish_para(self, paragraph, unit_mark: str, ids: tuple[str, ...] = ()) -> None:
        if self.redline and unit_mark in ("ins", "del"):
            self.change_id += 1
            author, date = self.author(ids)
            self.track_mark(paragraph, unit_mark, author, date, self.change_id)

    @staticmethod
    def unit_ids(u: UnitView) -> tuple[str, ...]:
        """The proposals acting on a unit: its own, else those of its first marked run
        (a redline unit added or removed as a whole carries them on its words)."""
        if u.ids:
            return u.ids
        for b in u.blocks + u.wrap_up:
            for item in b.items:
                if isinstance(item, RunView) and item.ids:
                    return item.ids
        for child in u.children:
            found = _Writer.unit_ids(child)
            if found:
                return found
        return ()

    def heading(self, u: UnitView, level: int) -> None:
        paragraph = self.para(f"Heading {min(max(level, 1), 6)}")
        track = u.mark if self.redline else ""
        ids = self.unit_ids(u) if track else u.ids
        bold_ins = u.inserted and not self.redline
        self.text(paragraph, "[" * u.openers)
        parts = [p for p in (u.num, u.heading) if p]
        for k, part in enumerate(parts):
            if k:
                if track:
                    holder = self._tracked(paragraph, track, ids)
                    run = paragraph.add_run()
                    run.add_break(WD_BREAK.LINE)
                    holder.append(run._r)
                else:
                    paragraph.add_run().add_break(WD_BREAK.LINE)
            self.text(paragraph, part, underline=bold_ins, track=track, ids=ids)
        if u.status_label:
            self.text(paragraph, f" ({u.status_label})", italic=True)
        self.finish_para(paragraph, track, ids)
        if u.note:
            note = self.para()
            note.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self.text(note, u.note, italic=True)
            self.fn(note, u.note_fns)

    def block(self, paragraph, b: BlockView, track_unit: str = "") -> None:
        rows = None if self.redline else b.as_table()
        if rows:
            self.table(rows)
            return
        paragraph = self.items(paragraph, b.items, bold=b.ins, track_unit=track_unit)
        for n in b.end_notes:
            self.footnote_ref(paragraph, n)
        for words in b.end_quoted:
            self.text(paragraph, f" \u201c{words}\u201d")
        self.closers(paragraph, b.closers)

    def table(self, rows: list[list[str]]) -> None:
        """A table of an imported text as a real Word table (first row as a header)."""
        cols = max(len(r) for r in rows)
        table = self.doc.add_table(rows=len(rows), cols=cols)
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, words in enumerate(row):
                cell = table.rows[r].cells[c]
                self.text(cell.paragraphs[0], words, bold=r == 0)

    def unit(self, u: UnitView, indent: int = 0, level: int = 1) -> None:
        track = u.mark if self.redline else ""
        ids = self.unit_ids(u) if track else u.ids
        if u.alt_label:
            label = self.para(indent=indent)
            self.text(label, u.alt_label, bold=True)
        headed = u.kind in HEADED or u.kind == "article" or (
            u.kind == "hcontainer" and (u.num or u.heading))
        if u.kind == "article":
            self.heading(u, max(level, 2))
        elif headed:
            self.heading(u, level)
        elif u.kind == "preamble" and u.heading:
            self.heading(u, 2)
        numbered = not headed and u.kind != "preamble"
        # an unnumbered point is a bullet ("-", as the text reader reads it back)
        num = u.num or ("-" if u.kind == "point" else "")
        first = True
        blocks: list[BlockView | None] = list(u.blocks) or (
            [] if not (numbered and (num or u.openers or u.note)) else [None])
        for b in blocks:
            recital = u.kind == "recital"
            if first or not num or recital:
                paragraph = self.para(indent=indent, hanging=numbered and bool(num) and not recital)
            else:  # a further block of a numbered unit: aligned with its text
                paragraph = self.para(indent=indent + 1)
            if recital:
                paragraph.paragraph_format.first_line_indent = INDENT
            if numbered and first:
                self.text(paragraph, "[" * u.openers)
                if num:
                    self.text(paragraph, num, bold=u.inserted and not self.redline,
                              underline=u.inserted and not self.redline, track=track, ids=ids)
                    self.text(paragraph, " " if recital else "\t", track=track, ids=ids)
                if u.note:
                    self.text(paragraph, u.note + " ", italic=True)
                    self.fn(paragraph, u.note_fns)
            if b is not None:
                self.block(paragraph, b, track)
            self.finish_para(paragraph, track, ids)
            first = False
        child_indent = indent if headed or u.kind == "preamble" else indent + 1
        child_level = level + 1 if headed else level
        for child in u.children:
            self.unit(child, child_indent, child_level)
        for b in u.wrap_up:
            paragraph = self.para(indent=indent if not headed else 0)
            self.block(paragraph, b, track)
            self.finish_para(paragraph, track, ids)
        if u.trailing:
            paragraph = self.para(indent=indent)
            self.closers(paragraph, u.trailing)
        for _label, alt in u.alternatives:
            self.unit(alt, indent, level)

    # furniture --------------------------------------------------------------------------

    def masthead(self) -> None:
        m = self.v.meta
        table = self.doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        left, right = table.rows[0].cells
        left.width, right.width = Cm(9.5), Cm(6.5)
        left.paragraphs[0].style = self.doc.styles["Treaty Body"]
        left.paragraphs[0].add_run(_clean(m.body or ""))
        first = True
        for style, value in (("Treaty Symbol", m.symbol),
                             ("Treaty Distribution", self.v.distribution),
                             ("Treaty Date", self.v.date),
                             ("Treaty Language", self.v.language_line),
                             ("Treaty Language", self.v.original)):
            if not value:
                continue
            paragraph = right.paragraphs[0] if first else right.add_paragraph()
            paragraph.style = self.doc.styles[style]
            paragraph.add_run(_clean(value))
            if self.v.words.masthead.lang != self.v.words.lang and self.v.dir == "rtl":
                _left_to_right(paragraph)  # the block in English (words.MASTHEAD_IN_ENGLISH)
            first = False
        for style, value in (("Treaty Session", m.session), ("Treaty Venue", getattr(m, "venue", "")),
                             ("Treaty Agenda", m.agenda_item)):
            if value:
                self.paragraph(_clean(value), style=style)
        self.paragraph(_clean(m.title), style="Treaty Title")
        self.paragraph(_clean(self.v.version_line), style="Treaty Mode")
        for note in m.notes:
            self.paragraph(_clean(note), style="Treaty Note")
        w = self.v.words
        if self.v.bracketed:
            p = self.paragraph(style="Treaty Legend")
            self.pieces(p, w.pieces("legend_head"))
            if self.v.attribution != "none":
                self.pieces(p, w.pieces("legend_attr"))
            self.pieces(p, w.pieces("legend_status"))
            if self.v.show_index:
                self.pieces(p, w.pieces("legend_index"))
        elif self.redline:
            self.paragraph(_clean(w["legend_redline_word"]), style="Treaty Legend")
        if self.v.unlocated:
            p = self.paragraph(style="Treaty Legend")
            self.text(p, w.say("warn_count", n=len(self.v.unlocated)) + w["warn_unlocated"]
                      + f" \u201c{w['unlocated_title']}\u201d.", bold=True)

    def pieces(self, p, pieces) -> None:
        """Words of the legend (`words.Piece`) as runs: bold underlined, struck, green,
        ``(ad ref)`` in parentheses (Word has no chips)."""
        for piece in pieces:
            text = piece.text
            if piece.kind == "strong":
                self.text(p, text, bold=True)
            elif piece.kind == "ins":
                self.text(p, text, bold=True, underline=True)
            elif piece.kind == "del":
                self.text(p, text, strike=True)
            elif piece.kind == "adref":
                self.text(p, text, color=GREEN)
            elif piece.kind == "status":
                self.text(p, f"({text})")
            elif piece.kind == "attr":
                self.text(p, text, italic=True)
            else:
                self.text(p, text)

    def bookmark(self, paragraph, name: str) -> None:
        self.bookmark_id += 1
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self.bookmark_id))
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self.bookmark_id))
        ppr = paragraph._p.pPr
        if ppr is not None:
            ppr.addnext(start)
        else:
            paragraph._p.insert(0, start)
        paragraph._p.append(end)

    def entry(self, e: IndexEntry, label: str) -> None:
        p = self.paragraph(style="Treaty Index")
        p.paragraph_format.left_indent = INDENT
        p.paragraph_format.first_line_indent = -INDENT
        if label:
            self.text(p, label + "\t")
            self.bookmark(p, f"proposal_{e.num}")
        self.text(p, e.id, bold=True)
        self.text(p, f" — {e.status_label}.")
        w = self.v.words
        for key, names in ((w.proposed_by, e.proposers), (w.supported_by, e.supporters),
                           (w.opposed_by, e.opponents)):
            if names:
                self.text(p, f" {key}{w.gap}{w.list_sep.join(names)}.")
        when = ", ".join(x for x in (e.session, e.date) if x)
        if when:
            self.text(p, f" {when}.")
        if e.note:
            self.text(p, f" {e.note}", italic=True)

    def notes(self) -> None:
        v = self.v
        w = v.words
        sep = w.list_sep
        if v.index:
            self.paragraph(w.index_title, style="Treaty Index Heading")
            for e in v.index:
                self.entry(e, f"{e.num}.")
        if v.unlocated:
            self.paragraph(v.annex_title("unlocated_title"), style="Treaty Index Heading")
            for u in v.unlocated:
                who = f" ({sep.join(u.proposers)})" if u.proposers else ""
                text = w.say("tx_change", id=u.id, who=who, n=u.change, reason=u.reason)
                if u.closest:
                    text += w.say("tx_closest", text=u.closest)
                self.paragraph(_clean(text), style="Treaty Index")
        if v.foreign:
            self.paragraph(v.annex_title("foreign_title"), style="Treaty Index Heading")
            for other in v.foreign:
                who = w.say("foreign_who", who=sep.join(other.proposers)) if other.proposers else ""
                self.paragraph(_clean(f"{other.id} ({other.language}{who})"), style="Treaty Index")
                for change in other.changes:
                    self.paragraph(_clean(change), style="Treaty Index")
        if v.overtaken:
            self.paragraph(v.annex_title("overtaken_title"), style="Treaty Index Heading")
            for o in v.overtaken:
                who = f" ({sep.join(o.proposers)})" if o.proposers else ""
                line = w.say("tx_overtaken", id=o.id, who=who, reason=o.reason)
                self.paragraph(_clean(line), style="Treaty Index")
        if v.closed:
            self.paragraph(w.say("annex", title=v.closed_title), style="Treaty Index Heading")
            for e in v.closed:
                self.entry(e, "")

    def write(self) -> bytes:
        meta = self.c.meta
        _setup(self.doc, meta, self.v.words)
        props = self.doc.core_properties
        props.title = meta.title[:250]
        props.identifier = meta.symbol
        props.version = meta.label
        props.subject = self.v.mode_title
        props.author = meta.body[:250] if meta.body else SECRETARIAT
        props.keywords = "treaty-tracker"
        props.category = meta.short_name
        body = self.doc.element.body
        for p in list(body.iterchildren(qn("w:p"))):  # the template's empty first paragraph
            if not "".join(p.itertext()).strip():
                body.remove(p)
        self.masthead()
        for paras in self.v.kept_before:
            for text in paras:
                self.text(self.para(), text)
        if self.v.preamble is not None:
            self.unit(self.v.preamble, 0, 1)
        for u in self.v.body:
            self.unit(u, 0, 1)
        for paras in self.v.kept_after:
            for text in paras:
                self.text(self.para(), text)
        self.notes()
        self.footnotes_part()
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _w_date(iso: str) -> str:
    """``2023-04-20`` -> ``2023-04-20T00:00:00Z`` (Word's w:date); "" if not a date."""
    try:
        day = dt.date.fromisoformat((iso or "")[:10])
    except ValueError:
        return ""
    return f"{day.isoformat()}T00:00:00Z"


def render_docx(compiled: Compiled, options: RenderOptions | None = None) -> bytes:
    """The draft writer of format ``docx``: the compiled draft as .docx bytes."""
    opts = options or RenderOptions()
    view = draft_view(compiled, opts.attribution, opts.show_index, opts.registry)
    return _Writer(compiled, view, opts).write()
