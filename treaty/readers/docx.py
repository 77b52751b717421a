"""Reader for Word ``.docx`` files: the document's paragraphs become the text reader's
blocks (`treaty.readers.text.plain_block`: the words, the heading level, the nesting),
which its state machine (`read_blocks`) reads, so both readers recognise the same
structure (articles, chapters, numbered paragraphs, points, recitals, brackets). No
Markdown is written in between: Word's text is never taken for markup.

The package is read with `zipfile` and the safe XML parser of `treaty.akn` (no DTDs, no
entities, size limits per part); python-docx is not needed to read, and it does not
expose automatic numbering, tracked changes or footnotes anyway.

What becomes of each Word feature:

- **Paragraphs** (also inside tables, content controls, hyperlinks, fields' results and
  text boxes) become one text block each; a manual line break (Shift+Enter) starts a new
  block, so ``Article 5`` / ``Scope`` typed in one paragraph reads as number + heading.
- **Heading styles** (``Heading 1`` ... or any style / paragraph with an outline level,
  and ``Title``) give the block its heading level, which the text reader takes as
  structure: a chapter or an article by its words, else the heading of the unit just
  opened, else the document title.
- **Automatic numbering** (``w:numPr`` + ``numbering.xml``) is computed as Word shows it:
  abstract numbering levels with ``lvlText`` (``%1.``, ``(%2)``, ``Article %1``),
  ``numFmt`` (decimal, letters, roman, ordinal ...), ``start``, ``lvlRestart``, ``isLgl``,
  ``startOverride``, numbering inherited from paragraph styles and ``numStyleLink``; the
  label is put before the paragraph's words (``1. This article ...``). A label such as
  ``Article 3`` is given its own line, so the paragraph's words become the heading.
- **Tracked changes** (``w:ins`` / ``w:del`` / moves): read with every change accepted
  (default) or rejected (``changes="reject"``); a warning says how many there were.
  ``treaty propose-from-docx`` turns them into proposals instead (`treaty.docx_changes`).
- **Footnotes and endnotes**: the reference becomes ``[^N]`` in the text and the note's
  text a footnote block ``[^N]: ...`` at the end, as the text reader reads markdown
  footnotes: a ``footnotes`` hcontainer after the articles. (The model stores plain text
  per block, so this is where footnote text can live without changing a unit's words.)
- **Bold, italic, underline, superscript, subscript** (direct run formatting): kept as
  inline markup (`md_markup.place_marks`: placed where the phrase is found, in order);
  colours and style-level formatting are not kept; digits
  in superscript (manual footnote marks, the compiled draft's index numbers) become
  Unicode superscript digits (``States¹``) so they never glue onto a word.
- **Not read**: headers and footers, comments, the table of contents (a ``TOC`` field or
  ``toc N`` styled paragraphs: generated text, skipped with a warning), images, field
  codes (their displayed result is read).
- The furniture paragraphs that our own writer (`treaty.render.docx_out`) marks with the
  ``Treaty ...`` styles are metadata: title, symbol, date, session and notes go back to
  `Metadata`; the legend and the index of proposals are skipped.

A block's position is its docx paragraph number, so the text reader's warnings name it
(``file.docx paragraph 12``, "first at paragraph 12").
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from lxml import etree

from ..akn import parse_bytes
from ..ids import int_to_roman
from ..model import Metadata, Problem, TreatyError
from .md_markup import Mark, place_marks
from .result import ReadResult
from .text import (
    DROP_LINE,
    Block,
    NoArticles,
    is_amendment_list,
    plain_block,
    read_amendment_list,
    read_blocks,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PART_LIMIT = 64 * 1024 * 1024
"""Largest uncompressed XML part read (a zip bomb is refused, not expanded)."""

MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
FURNITURE_PREFIX = "Treaty "
"""Paragraph styles of our own writer's furniture (masthead, legend, index)."""
FURNITURE_FIELDS = {
    "Treaty Title": "title", "Treaty Symbol": "symbol", "Treaty Distribution": "distribution",
    "Treaty Date": "date", "Treaty Language": "original_language", "Treaty Body": "body",
    "Treaty Session": "session", "Treaty Venue": "venue", "Treaty Agenda": "agenda_item",
    "Treaty Note": "notes",
}
SUPERSCRIPT = str.maketrans("0123456789,", "⁰¹²³⁴⁵⁶⁷⁸⁹˒")


def w(name: str) -> str:
    return W + name


def wval(el: etree._Element | None, attr: str = "val") -> str | None:
    return None if el is None else el.get(W + attr)


def _on(el: etree._Element | None) -> bool:
    """A toggle property (``<w:b/>``, ``<w:b w:val="0"/>``) is on?"""
    return el is not None and wval(el) not in ("0", "false", "off", "none")


# ----------------------------------------------------------------------------------------
# The package
# ----------------------------------------------------------------------------------------


@dataclass
class Package:
    """The XML parts of a .docx that the readers use."""

    where: str
    document: etree._Element
    styles: etree._Element | None = None
    numbering: etree._Element | None = None
    footnotes: etree._Element | None = None
    endnotes: etree._Element | None = None
    core: etree._Element | None = None


def _not_docx(data: bytes, where: str) -> TreatyError:
    """The right message for bytes that are not a zip archive."""
    if data[:8] == OLE_MAGIC:
        if "EncryptionInfo".encode("utf-16-le") in data or b"EncryptedPackage" in data \
                or "EncryptedPackage".encode("utf-16-le") in data:
            return TreatyError(where, "the document is password-protected (encrypted)",
                               "open it in Word, remove the password (File > Info > Protect "
                               "Document > Encrypt with Password) and save it again as .docx")
        if "WordDocument".encode("utf-16-le") in data:
            return TreatyError(where, "this is an old Word 97-2003 .doc file, not .docx",
                               "open it in Word or LibreOffice and save it as .docx")
        return TreatyError(where, "this is an OLE compound file (old Office format), not .docx",
                           "save it as .docx")
    head = data[:64].lstrip()
    if head.startswith(b"{\\rtf"):
        return TreatyError(where, "this is an RTF file, not .docx", "save it from Word as .docx")
    if head.startswith(b"%PDF"):
        return TreatyError(where, "this is a PDF file, not .docx",
                           "extract its text (pdftotext -layout) and import the .txt")
    return TreatyError(where, "not a Word .docx file (it is not a zip archive)",
                       "save the document from Word as .docx, or give a .txt/.md file")


def _read_part(zf: zipfile.ZipFile, name: str, where: str) -> bytes:
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise TreatyError(where, f"the document part {name} is missing",
                          "the file is damaged; save it again from Word") from None
    if info.file_size > PART_LIMIT:
        raise TreatyError(where, f"the document part {name} is too large "
                          f"({info.file_size // 1_000_000} MB uncompressed)",
                          f"parts up to {PART_LIMIT // 1_000_000} MB are read")
    try:
        with zf.open(info) as handle:
            data = handle.read(PART_LIMIT + 1)
    except RuntimeError:
        raise TreatyError(where, "the document is password-protected (encrypted zip)",
                          "remove the password and save it again as .docx") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError,
            OverflowError) as exc:
        raise TreatyError(where, f"the file is damaged ({name}: {exc})",
                          "save it again from Word") from None
    if len(data) > PART_LIMIT:
        raise TreatyError(where, f"the document part {name} is too large",
                          f"parts up to {PART_LIMIT // 1_000_000} MB are read")
    return data


def _parse(zf: zipfile.ZipFile, name: str, where: str) -> etree._Element:
    return parse_bytes(_read_part(zf, name, where), f"{where}!/{name}")


def _resolve(base: str, target: str) -> str:
    """A relationship target relative to the part `base` (``word/document.xml``)."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts = base.split("/")[:-1]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def open_package(data: bytes, where: str) -> Package:
    """The parts of a .docx, or a `TreatyError` saying what the file is instead."""
    if not data[:4] == b"PK\x03\x04" and not zipfile.is_zipfile(io.BytesIO(data)):
        raise _not_docx(data, where)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, ValueError, EOFError):
        raise TreatyError(where, "the .docx file is damaged (not a readable zip archive)",
                          "save it again from Word") from None
    names = set(zf.namelist())
    main = None
    if "[Content_Types].xml" in names:
        types = _parse(zf, "[Content_Types].xml", where)
        for override in types.iter(f"{{{CT_NS}}}Override"):
            if override.get("ContentType") in MAIN_TYPES:
                main = override.get("PartName", "").lstrip("/")
                break
    if main is None or main not in names:
        if "word/document.xml" in names:
            main = "word/document.xml"
        elif "mimetype" in names and b"opendocument" in _read_part(zf, "mimetype", where):
            raise TreatyError(where, "this is an OpenDocument (.odt) file, not .docx",
                              "save it as .docx (LibreOffice: File > Save As > Word 2007-365)")
        elif any(n.startswith("xl/") for n in names):
            raise TreatyError(where, "this is an Excel workbook, not a Word document",
                              "give the treaty text as .docx, .txt or .md")
        elif any(n.startswith("ppt/") for n in names):
            raise TreatyError(where, "this is a PowerPoint file, not a Word document",
                              "give the treaty text as .docx, .txt or .md")
        else:
            raise TreatyError(where, "this zip archive is not a Word document (no word/document.xml)",
                              "give a .docx saved by Word or LibreOffice")
    pkg = Package(where, _parse(zf, main, where))
    rels_name = "/".join(main.split("/")[:-1] + ["_rels", main.split("/")[-1] + ".rels"])
    targets: dict[str, str] = {}
    if rels_name in names:
        for rel in _parse(zf, rels_name, where).iter(f"{{{REL_NS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            targets.setdefault(kind, _resolve(main, rel.get("Target") or ""))
    for kind, attr in (("styles", "styles"), ("numbering", "numbering"),
                       ("footnotes", "footnotes"), ("endnotes", "endnotes")):
        name = targets.get(kind)
        if name and name in names:
            setattr(pkg, attr, _parse(zf, name, where))
    if "docProps/core.xml" in names:
        pkg.core = _parse(zf, "docProps/core.xml", where)
    return pkg


# ----------------------------------------------------------------------------------------
# Styles
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    id: str
    name: str
    based_on: str | None
    ppr: etree._Element | None
    rpr: etree._Element | None


class Styles:
    def __init__(self, root: etree._Element | None):
        self.by_id: dict[str, Style] = {}
        self.default_para: str | None = None
        if root is None:
            return
        for el in root.iter(w("style")):
            sid = el.get(w("styleId")) or ""
            name = wval(el.find(w("name"))) or sid
            self.by_id[sid] = Style(sid, name, wval(el.find(w("basedOn"))), el.find(w("pPr")),
                                    el.find(w("rPr")))
            if el.get(w("type")) == "paragraph" and el.get(w("default")) in ("1", "true"):
                self.default_para = sid

    def chain(self, sid: str | None) -> Iterator[Style]:
        """The style and the styles it is based on, nearest first (cycles cut)."""
        seen: set[str] = set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            style = self.by_id[sid]
            yield style
            sid = style.based_on

    def name(self, sid: str | None) -> str:
        style = self.by_id.get(sid or "")
        return style.name if style else (sid or "")

    def heading_level(self, sid: str | None) -> int:
        """1-based outline level of a paragraph style (0: not a heading)."""
        for style in self.chain(sid):
            m = re.fullmatch(r"(?i)heading\s*(\d)", style.name.strip())
            if m:
                return int(m.group(1))
            if style.name.strip().lower() == "title":
                return 1
            lvl = wval(style.ppr.find(w("outlineLvl"))) if style.ppr is not None else None
            if lvl is not None and lvl.isdigit() and int(lvl) < 9:
                return int(lvl) + 1
        return 0

    def numpr(self, sid: str | None) -> tuple[str | None, str | None]:
        """(numId, ilvl) a paragraph style gives its paragraphs."""
        for style in self.chain(sid):
            if style.ppr is not None:
                numpr = style.ppr.find(w("numPr"))
                if numpr is not None:
                    return wval(numpr.find(w("numId"))), wval(numpr.find(w("ilvl")))
        return None, None

    def run_prop(self, sid: str | None, prop: str) -> etree._Element | None:
        for style in self.chain(sid):
            if style.rpr is not None:
                el = style.rpr.find(w(prop))
                if el is not None:
                    return el
        return None


# ----------------------------------------------------------------------------------------
# Automatic numbering
# ----------------------------------------------------------------------------------------


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None
    legal: bool = False
    pstyle: str | None = None
    ind: etree._Element | None = None
    """The level's own indentation (``w:pPr/w:ind``), used where the paragraph has none."""


def _level(el: etree._Element) -> Level:
    start = wval(el.find(w("start")))
    restart = wval(el.find(w("lvlRestart")))
    return Level(start=int(start) if start and start.lstrip("-").isdigit() else 1,
                 fmt=wval(el.find(w("numFmt"))) or "decimal",
                 text=wval(el.find(w("lvlText"))) or "",
                 restart=int(restart) if restart and restart.isdigit() else None,
                 legal=_on(el.find(w("isLgl"))) if el.find(w("isLgl")) is not None else False,
                 pstyle=wval(el.find(w("pStyle"))),
                 ind=el.find(f"{w('pPr')}/{w('ind')}"))


_ORDINAL_WORDS = ("Zero First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth Eleventh "
                  "Twelfth Thirteenth Fourteenth Fifteenth Sixteenth Seventeenth Eighteenth "
                  "Nineteenth Twentieth").split()
_CARDINAL_WORDS = ("Zero One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Thirteen "
                   "Fourteen Fifteen Sixteen Seventeen Eighteen Nineteen Twenty").split()


def format_number(n: int, fmt: str) -> str:
    """A counter as Word shows it in numbering format `fmt`.

    >>> [format_number(n, f) for n, f in ((3, "lowerLetter"), (28, "lowerLetter"), (4, "upperRoman"))]
    ['c', 'bb', 'IV']
    """
    if fmt in ("lowerLetter", "upperLetter"):
        if n < 1:
            return str(n)
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = int_to_roman(n) if n > 0 else str(n)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "ordinal":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    if fmt == "ordinalText" and 0 <= n < len(_ORDINAL_WORDS):
        return _ORDINAL_WORDS[n]
    if fmt == "cardinalText" and 0 <= n < len(_CARDINAL_WORDS):
        return _CARDINAL_WORDS[n]
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


class Numbering:
    """Word's list numbering: definitions from ``numbering.xml`` and running counters."""

    def __init__(self, root: etree._Element | None, styles: Styles):
        self.styles = styles
        self.abstract: dict[str, dict[int, Level]] = {}
        self.style_link: dict[str, str] = {}  # abstractNumId -> numStyleLink style id
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, Level]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.used: set[str] = set()
        self.last_ind: etree._Element | None = None
        if root is None:
            return
        for el in root.iter(w("abstractNum")):
            aid = el.get(w("abstractNumId")) or ""
            levels: dict[int, Level] = {}
            for lvl in el.iter(w("lvl")):
                ilvl = lvl.get(w("ilvl"))
                if ilvl and ilvl.isdigit():
                    levels[int(ilvl)] = _level(lvl)
            self.abstract[aid] = levels
            link = wval(el.find(w("numStyleLink")))
            if link:
                self.style_link[aid] = link
        for el in root.iter(w("num")):
            nid = el.get(w("numId")) or ""
            aid = wval(el.find(w("abstractNumId"))) or ""
            starts: dict[int, int] = {}
            levels = {}
            for ov in el.iter(w("lvlOverride")):
                ilvl = ov.get(w("ilvl"))
                if not (ilvl and ilvl.isdigit()):
                    continue
                so = wval(ov.find(w("startOverride")))
                if so and so.lstrip("-").isdigit():
                    starts[int(ilvl)] = int(so)
                if ov.find(w("lvl")) is not None:
                    levels[int(ilvl)] = _level(ov.find(w("lvl")))
            self.nums[nid] = (aid, starts, levels)

    def _abstract_id(self, nid: str) -> str | None:
        entry = self.nums.get(nid)
        if entry is None:
            return None
        aid = entry[0]
        for _ in range(3):  # numStyleLink -> the style's numbering -> its abstractNum
            link = self.style_link.get(aid)
            if not link or self.abstract.get(aid):
                break
            linked_nid, _ilvl = self.styles.numpr(link)
            if not linked_nid or linked_nid not in self.nums:
                break
            aid = self.nums[linked_nid][0]
        return aid

    def _levels(self, nid: str, aid: str) -> dict[int, Level]:
        levels = dict(self.abstract.get(aid, {}))
        levels.update(self.nums[nid][2])
        return levels

    def label(self, ppr: etree._Element | None, pstyle: str | None) -> str:
        """The label Word shows before this paragraph (and count it); "" if none. The
        level's indentation is left in `last_ind`."""
        self.last_ind = None
        nid, ilvl = None, None
        numpr = ppr.find(w("numPr")) if ppr is not None else None
        if numpr is not None:
            nid, ilvl = wval(numpr.find(w("numId"))), wval(numpr.find(w("ilvl")))
        if nid is None:
            nid, style_ilvl = self.styles.numpr(pstyle)
            ilvl = ilvl or style_ilvl
        if not nid or nid == "0" or nid not in self.nums:
            return ""
        aid = self._abstract_id(nid)
        if aid is None:
            return ""
        levels = self._levels(nid, aid)
        if ilvl is None or not ilvl.isdigit():
            ilvl = next((str(k) for k, lv in levels.items() if lv.pstyle and lv.pstyle == pstyle), "0")
        level = int(ilvl)
        if level not in levels:
            return ""
        counters = self.counters.setdefault(aid, [None] * 10)
        starts = self.nums[nid][1]
        if nid not in self.used:
            self.used.add(nid)
            for k in starts:  # a startOverride restarts the list where this num is first used
                if k < len(counters):
                    counters[k] = None
        lv = levels[level]
        self.last_ind = lv.ind
        start = starts.get(level, lv.start)
        previous = counters[level]
        counters[level] = start if previous is None else previous + 1
        for k in range(level + 1, len(counters)):
            restart = levels[k].restart if k in levels else None
            if restart is None or (restart != 0 and level < restart):
                counters[k] = None
        if lv.fmt == "bullet":
            return "-"

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            other = levels.get(k, Level())
            counted = counters[k] if k < len(counters) else None
            value = counted if counted is not None else starts.get(k, other.start)
            fmt = "decimal" if lv.legal and k != level else other.fmt
            return format_number(value, fmt)

        return re.sub(r"%([1-9])", sub, lv.text).strip()


# ----------------------------------------------------------------------------------------
# Paragraphs
# ----------------------------------------------------------------------------------------


@dataclass
class Seg:
    """A piece of a paragraph's text: plain, or inside a tracked insertion/deletion."""

    text: str
    change: str = ""
    """``""``, ``ins`` or ``del``."""
    author: str = ""
    date: str = ""
    cid: str = ""


@dataclass
class Para:
    """One paragraph of the document body, in reading order."""

    index: int
    """1-based position among the body's paragraphs (tables included): what warnings cite."""
    segs: list[Seg] = field(default_factory=list)
    style: str = ""
    """Style name (``Heading 2``, ``Normal``)."""
    style_id: str | None = None
    level: int = 0
    """Heading level (0: body text)."""
    ppr: etree._Element | None = None
    toc: bool = False
    mark: Seg | None = None
    """The paragraph mark itself is a tracked insertion/deletion (text = "")."""
    labels: dict[str, str] = field(default_factory=dict)
    """Numbering label per view (``accept`` / ``reject``)."""
    extra: list[str] = field(default_factory=list)
    """Text of text boxes anchored in the paragraph (read after it)."""
    indent: int = 0
    """Nesting by indentation: where the first line starts, in steps of 1 cm."""

    def text(self, view: str = "accept") -> str:
        skip = "del" if view == "accept" else "ins"
        return "".join(s.text for s in self.segs if s.change != skip)

    def present(self, view: str) -> bool:
        """Is the paragraph (its mark) there in this view?"""
        if self.mark is None:
            return True
        return self.mark.change != ("del" if view == "accept" else "ins")

    @property
    def changed(self) -> bool:
        return self.mark is not None or any(s.change for s in self.segs)

    @property
    def furniture(self) -> bool:
        return self.style.startswith(FURNITURE_PREFIX)


class _Walker:
    """Collects the paragraphs of the body (and of notes) with their tracked changes."""

    def __init__(self, pkg: Package):
        self.pkg = pkg
        self.styles = Styles(pkg.styles)
        self.paras: list[Para] = []
        self.notes: dict[tuple[str, str], int] = {}
        """(kind, w:id) -> note number, in order of first reference."""
        self.formatting_changes = 0
        self.run_marks: list[tuple[Para, str, tuple[str, ...]]] = []
        """Runs in bold, italics ... (direct formatting), in order: kept as markup."""
        self._marked = False

    # block level ------------------------------------------------------------------------

    def blocks(self, parent: etree._Element, toc: bool = False) -> None:
        for el in parent:
            tag = el.tag
            if tag == w("p"):
                self.paragraph(el, toc)
            elif tag == w("tbl"):
                for row in el.iter(w("tr")):
                    for cell in row:
                        if cell.tag == w("tc"):
                            self.blocks(cell, toc)
                        elif cell.tag in (w("sdt"), w("customXml")):
                            self.blocks(cell, toc)
            elif tag == w("sdt"):
                gallery = el.find(f"{w('sdtPr')}/{w('docPartObj')}/{w('docPartGallery')}")
                is_toc = toc or (wval(gallery) or "").lower().startswith("table of contents")
                content = el.find(w("sdtContent"))
                if content is not None:
                    self.blocks(content, is_toc)
            elif tag in (w("customXml"), w("ins"), w("del"), w("moveTo"), w("moveFrom")):
                self.blocks(el, toc)
            elif tag == f"{{{MC_NS}}}AlternateContent":
                choice = el.find(f"{{{MC_NS}}}Choice")
                if choice is not None:
                    self.blocks(choice, toc)

    def paragraph(self, p: etree._Element, toc: bool) -> None:
        ppr = p.find(w("pPr"))
        sid = wval(ppr.find(w("pStyle"))) if ppr is not None else None
        sid = sid or self.styles.default_para
        name = self.styles.name(sid)
        level = self.styles.heading_level(sid)
        if ppr is not None:
            outline = wval(ppr.find(w("outlineLvl")))
            if outline is not None and outline.isdigit():
                level = int(outline) + 1 if int(outline) < 9 else 0
        para = Para(len(self.paras) + 1, style=name, style_id=sid, level=level, ppr=ppr,
                    toc=toc or bool(re.fullmatch(r"(?i)toc\s*(\d|heading)", name.strip())))
        if ppr is not None:
            rpr = ppr.find(w("rPr"))
            if rpr is not None:
                for kind in ("ins", "del", "moveTo", "moveFrom"):
                    mark = rpr.find(w(kind))
                    if mark is not None:
                        para.mark = self._seg("", kind, mark)
            if ppr.find(w("pPrChange")) is not None:
                self.formatting_changes += 1
        self.paras.append(para)
        self._field_depth: list[str] = []
        self.inline(p, para, para.segs, "", None)

    # inline level -----------------------------------------------------------------------

    @staticmethod
    def _seg(text: str, kind: str, el: etree._Element | None) -> Seg:
        change = {"ins": "ins", "moveTo": "ins", "del": "del", "moveFrom": "del"}.get(kind, "")
        if el is None or not change:
            return Seg(text)
        return Seg(text, change, el.get(w("author")) or "", el.get(w("date")) or "",
                   el.get(w("id")) or "")

    def inline(self, parent: etree._Element, para: Para, out: list[Seg], kind: str,
               change_el: etree._Element | None) -> None:
        for el in parent:
            tag = el.tag
            if not isinstance(tag, str):
                continue
            if tag == w("r"):
                self.run(el, para, out, kind, change_el)
            elif tag in (w("ins"), w("del"), w("moveTo"), w("moveFrom")):
                self.inline(el, para, out, etree.QName(el).localname, el)
            elif tag in (w("hyperlink"), w("smartTag"), w("customXml"), w("fldSimple"), w("dir"),
                         w("bdo"), f"{{{MC_NS}}}Choice"):
                self.inline(el, para, out, kind, change_el)
            elif tag == w("sdt"):
                content = el.find(w("sdtContent"))
                if content is not None:
                    self.inline(content, para, out, kind, change_el)
            elif tag == f"{{{MC_NS}}}AlternateContent":
                choice = el.find(f"{{{MC_NS}}}Choice")
                if choice is not None:
                    self.inline(choice, para, out, kind, change_el)
            elif etree.QName(el).localname == "oMath" or etree.QName(el).localname == "oMathPara":
                text = "".join(t.text or "" for t in el.iter("{*}t"))
                if text:
                    self._add(out, self._seg(text, kind, change_el))

    @staticmethod
    def _add(out: list[Seg], seg: Seg) -> None:
        last = out[-1] if out else None
        if last is not None and (last.change, last.author, last.date, last.cid) == \
                (seg.change, seg.author, seg.date, seg.cid):
            last.text += seg.text
        else:
            out.append(seg)

    def _superscript(self, rpr: etree._Element | None) -> bool:
        valign = rpr.find(w("vertAlign")) if rpr is not None else None
        if valign is None and rpr is not None:
            valign = self.styles.run_prop(wval(rpr.find(w("rStyle"))), "vertAlign")
        return wval(valign) == "superscript"

    def run(self, r: etree._Element, para: Para, out: list[Seg], kind: str,
            change_el: etree._Element | None) -> None:
        rpr = r.find(w("rPr"))
        if rpr is not None and rpr.find(w("rPrChange")) is not None:
            self.formatting_changes += 1
        sup = self._superscript(rpr)
        pieces: list[str] = []
        for el in r:
            tag = el.tag
            if tag == w("fldChar"):
                ftype = el.get(w("fldCharType"))
                if ftype == "begin":
                    self._field_depth.append("code")
                elif ftype == "separate" and self._field_depth:
                    self._field_depth[-1] = "result"
                elif ftype == "end" and self._field_depth:
                    self._field_depth.pop()
                continue
            if self._field_depth and self._field_depth[-1] == "code":
                continue  # field code: only its displayed result is text
            if tag in (w("t"), w("delText")):
                text = el.text or ""
                if sup and re.fullmatch(r"[\d,]+", text):
                    text = text.translate(SUPERSCRIPT)
                pieces.append(text)
            elif tag in (w("tab"), w("ptab")):
                pieces.append("\t")
            elif tag in (w("br"), w("cr")):
                pieces.append(" " if el.get(w("type")) in ("page", "column") else "\n")
            elif tag == w("noBreakHyphen"):
                pieces.append("\u2011")
            elif tag == w("sym"):
                code = el.get(w("char")) or ""
                try:
                    value = int(code, 16)
                except ValueError:
                    continue
                if value >= 0xF000:  # symbol-font private range: the ASCII it stands for
                    value -= 0xF000
                if value >= 0x20:
                    pieces.append(chr(value))
            elif tag in (w("footnoteReference"), w("endnoteReference")):
                key = ("footnotes" if tag == w("footnoteReference") else "endnotes",
                       el.get(w("id")) or "")
                number = self.notes.setdefault(key, len(self.notes) + 1)
                pieces.append(f"[^{number}]")
            elif tag in (w("drawing"), w("pict"), w("object"), f"{{{MC_NS}}}AlternateContent"):
                for box in el.iter(w("txbxContent")):
                    for p in box.iter(w("p")):
                        text = "".join(t.text or "" for t in p.iter(w("t")))
                        if text.strip():
                            para.extra.append(text)
                    break  # AlternateContent repeats the box in its fallback
        if pieces:
            self._add(out, self._seg("".join(pieces), kind, change_el))
            self._mark(para, "".join(pieces), rpr, kind, sup)

    def _mark(self, para: Para, text: str, rpr: etree._Element | None, kind: str,
              sup: bool) -> None:
        """Remember a run's direct formatting (adjacent runs alike make one phrase)."""
        names: tuple[str, ...] = ()
        if rpr is not None and kind != "del":
            valign = wval(rpr.find(w("vertAlign")))
            underline = rpr.find(w("u"))
            names = tuple(name for name, on in (
                ("b", _on(rpr.find(w("b")))), ("i", _on(rpr.find(w("i")))),
                ("u", underline is not None and wval(underline) != "none"),
                ("sup", valign == "superscript" and sup and not re.fullmatch(r"[\d,]+", text)),
                ("sub", valign == "subscript")) if on)
        if names and self._marked and self.run_marks and self.run_marks[-1][0] is para \
                and self.run_marks[-1][2] == names:
            last = self.run_marks[-1]
            self.run_marks[-1] = (para, last[1] + text, names)
        elif names:
            self.run_marks.append((para, text, names))
        self._marked = bool(names)

    # notes ------------------------------------------------------------------------------

    def note_texts(self, view: str = "accept") -> list[tuple[int, str]]:
        out: list[tuple[int, str]] = []
        for (kind, nid), number in sorted(self.notes.items(), key=lambda kv: kv[1]):
            root = getattr(self.pkg, kind)
            if root is None:
                continue
            note = next((n for n in root if n.get(w("id")) == nid), None)
            if note is None:
                continue
            texts = []
            for p in note.iter(w("p")):
                segs: list[Seg] = []
                self._field_depth = []
                self.inline(p, Para(0), segs, "", None)
                skip = "del" if view == "accept" else "ins"
                texts.append("".join(s.text for s in segs if s.change != skip))
            text = " ".join(t.strip() for t in texts if t.strip())
            out.append((number, _WS.sub(" ", text)))
        return out


def paragraphs(pkg: Package) -> tuple[list[Para], _Walker]:
    """Every paragraph of the document body in reading order, numbering labels computed
    for both views (changes accepted and rejected)."""
    walker = _Walker(pkg)
    body = pkg.document.find(w("body"))
    if body is None:
        raise TreatyError(pkg.where, "the document has no body", "save it again from Word")
    walker.blocks(body)
    for view in ("accept", "reject"):
        numbering = Numbering(pkg.numbering, walker.styles)
        for para in walker.paras:
            if para.present(view) and not para.toc:
                para.labels[view] = numbering.label(para.ppr, para.style_id)
                if view == "accept":
                    para.indent = _indent(para, numbering.last_ind, walker.styles)
    return walker.paras, walker


def _twips(el: etree._Element, *names: str) -> int:
    for name in names:
        value = el.get(w(name))
        if value and value.lstrip("-").isdigit():
            return int(value)
    return 0


def _indent(para: Para, list_ind: etree._Element | None, styles: Styles) -> int:
    """Where the paragraph's first line starts (left indent, less a hanging indent, plus a
    first-line indent), in steps of 1 cm (567 twips): the paragraph's own indentation,
    else its list level's, else its style's."""
    ind = para.ppr.find(w("ind")) if para.ppr is not None else None
    if ind is None:
        ind = list_ind
    if ind is None:
        for style in styles.chain(para.style_id):
            if style.ppr is not None and style.ppr.find(w("ind")) is not None:
                ind = style.ppr.find(w("ind"))
                break
    if ind is None:
        return 0
    start = _twips(ind, "left", "start") - _twips(ind, "hanging") + _twips(ind, "firstLine")
    return max(0, min(8, round(start / 567)))


def _merged(paras: list[Para], view: str) -> list[tuple[Para, str]]:
    """(paragraph, text) in one view. A paragraph whose mark is not there in this view runs
    on into the next one, as Word shows it (the surviving mark keeps its properties)."""
    out: list[tuple[Para, str]] = []
    carry = ""
    carried: Para | None = None
    for para in paras:
        text = carry + para.text(view)
        if not para.present(view):
            carry, carried = text, carried or para
            continue
        out.append((para, text))
        carry, carried = "", None
    if carried is not None and carry:
        out.append((carried, carry))
    return out


# ----------------------------------------------------------------------------------------
# Paragraphs -> the text reader's blocks
# ----------------------------------------------------------------------------------------

_LABEL_LINE = re.compile(r"(?i)^(article|chapter|part|section|title|annex|appendix|book)\b")
_WS = re.compile(r"[ \t\n\r\f\v]+")  # layout only: no-break and thin spaces are text
_TYPED_BULLET = re.compile(r"^[-+]\s+")
"""A paragraph typed as a list item ("- text"): a bullet, as in plain text."""


@dataclass
class Blocks:
    blocks: list[Block]
    """One block per paragraph (per line of a paragraph with line breaks), then the notes."""
    furniture: dict[str, list[str]]
    skipped_toc: int = 0

    def texts(self) -> list[str]:
        """The blocks' words, a blank line between them (as plain text would have them)."""
        return [line for b in self.blocks for line in (b.text, "")]


def _block(para: Para, text: str, level: int = 0, indent: int = 0) -> Block | None:
    words = _WS.sub(" ", text).strip()
    if not words or DROP_LINE.match(words):  # a rule or table border of dashes: no words
        return None
    bullet = False
    if not level and _TYPED_BULLET.match(words):
        words, bullet = _TYPED_BULLET.sub("", words, count=1), True
    return plain_block(para.index, words, level=min(level, 6), indent=indent, bullet=bullet)


def to_blocks(paras: list[Para], notes: list[tuple[int, str]], view: str = "accept") -> Blocks:
    """The blocks the text reader's state machine reads: one per paragraph (a paragraph's
    manual line breaks start new ones), with its heading level, nesting and numbering
    label; the notes' texts as footnote definitions at the end."""
    blocks: list[Block] = []
    furniture: dict[str, list[str]] = {}
    toc = 0
    for para, raw in _merged(paras, view):
        if para.toc:
            toc += 1
            continue
        if para.furniture:
            field_name = FURNITURE_FIELDS.get(para.style)
            if field_name and raw.strip():
                furniture.setdefault(field_name, []).append(_WS.sub(" ", raw).strip())
            continue
        label = para.labels.get(view, "")
        parts = [p for p in (_WS.sub(" ", p).strip() for p in raw.split("\n")) if p]
        if label:
            if _LABEL_LINE.match(label):
                # "Article %1." numbering: the label alone is the number, the paragraph's
                # words the heading (the separator after the number is not a heading)
                parts.insert(0, label.rstrip(" .:;-\u2013\u2014"))
            elif parts:
                parts[0] = f"{label} {parts[0]}"
            elif label != "-":
                parts = [label]
        indent = 0 if para.level else 4 * para.indent  # nesting the text reader can see
        made = [_block(para, part, para.level, indent) for part in parts]
        made += [_block(para, extra) for extra in para.extra]
        blocks.extend(b for b in made if b is not None)
    last = blocks[-1].line if blocks else 0
    for number, text in notes:
        note = f"[^{number}]: {_WS.sub(' ', text).strip()}" if text else f"[^{number}]:"
        blocks.append(plain_block(last, note, footnote=True))
    return Blocks(blocks, furniture, toc)


# ----------------------------------------------------------------------------------------
# Entry point
# ----------------------------------------------------------------------------------------


def _iso_date(text: str) -> str:
    for fmt in ("%d %B %Y", "%Y-%m-%d", "%B %d, %Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    from ..render.words import read_date  # a draft compiled in another UN language

    return read_date(text)


def _meta(meta: Metadata, furniture: dict[str, list[str]], pkg: Package) -> Metadata:
    changes: dict[str, Any] = {}
    for name, values in furniture.items():
        if name == "notes":
            changes["notes"] = tuple(values)
        elif name == "date":
            iso = _iso_date(values[0])
            if iso:
                changes["date"] = iso
        elif name == "distribution":
            from ..render.words import read_distribution  # "Distr. générale" -> General

            changes[name] = read_distribution(re.sub(r"^Distr\.?:\s*", "Distr.: ", values[0]))
        elif name == "original_language":
            from ..render.words import read_original  # "Original : anglais" -> English

            # A translation's masthead names its own language first ("Français").
            found = [read_original(v) for v in values]
            changes[name] = next((f for f in found if f), "") or \
                re.sub(r"^Original:\s*", "", values[-1])
        else:
            changes[name] = " ".join(values)
    if pkg.core is not None:
        props = {etree.QName(el).localname: (el.text or "").strip() for el in pkg.core}
        if props.get("version") and re.fullmatch(r"[\w.\-]+", props["version"]):
            changes.setdefault("label", props["version"])
        if props.get("category") and re.fullmatch(r"[\w.\-]+", props["category"]) and \
                "treaty-tracker" in props.get("keywords", ""):
            changes["short_name"] = props["category"]
        if props.get("identifier") and "symbol" not in changes:
            changes["symbol"] = props["identifier"]
        if meta.title == "Untitled draft" and props.get("title") and "title" not in changes:
            changes["title"] = props["title"]
    if "date" in changes:
        changes.setdefault("version_date", changes["date"])
    return replace(meta, **changes)


def read_docx(data: bytes, where: str = "<docx>", **options: str) -> ReadResult:
    """Read a treaty from the bytes of a .docx file (see the module docstring).

    Option ``changes``: ``accept`` (default) reads the text with tracked changes accepted,
    ``reject`` with them rejected (the text before the changes)."""
    view = options.get("changes", "accept") or "accept"
    if view not in ("accept", "reject"):
        raise TreatyError("changes", f"unknown view {view!r}", "use accept or reject")
    pkg = open_package(data, where)
    paras, walker = paragraphs(pkg)
    read = to_blocks(paras, walker.note_texts(view), view)
    if not read.blocks:
        raise TreatyError(where, "the document has no text", "give the .docx with the treaty text")
    texts = read.texts()
    try:
        result = read_amendment_list(texts, where) if is_amendment_list(texts) \
            else read_blocks(read.blocks, where, place="paragraph",
                             language=options.get("language", ""))
    except NoArticles:
        raise TreatyError(where, "no articles found in the document",
                          "each article needs a heading such as 'Article 1' in its own "
                          "paragraph (or a Heading style, or Word numbering 'Article %1')"
                          ) from None
    doc = replace(result.document, meta=_meta(result.document.meta, read.furniture, pkg))
    doc = place_marks(doc, [Mark(words, tuple((name, ()) for name in names))
                            for para, text, names in walker.run_marks
                            if not (para.furniture or para.toc)
                            and (words := _WS.sub(" ", text).strip())])
    warnings = [Problem(f"{where} paragraph {p.line}" if p.line else p.where, p.what, p.hint)
                for p in result.warnings]
    if read.skipped_toc:
        warnings.append(Problem(where, f"skipped {read.skipped_toc} table-of-contents "
                                "paragraph(s)", "the contents are generated from the headings"))
    changes = [s for p in paras for s in p.segs if s.change] + [p.mark for p in paras if p.mark]
    if changes:
        authors = sorted({s.author or "(no author)" for s in changes})
        warnings.append(Problem(
            where, f"the document has {len(changes)} tracked change(s) by "
            f"{', '.join(authors)}; read with every change "
            f"{'accepted' if view == 'accept' else 'rejected'}",
            "to turn them into attributed proposals use `treaty propose-from-docx`"))
    return ReadResult(doc, tuple(warnings))
