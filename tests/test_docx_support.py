"""Helpers for the .docx tests (no tests here): tracked changes written into a .docx the
way Word writes them, a python-docx document with real Word list numbering, an encrypted
(OLE compound file) package, and LibreOffice conversions."""

from __future__ import annotations

import copy
import io
import os
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
DATE = "2024-02-01T10:00:00Z"


# -- editing the parts of a .docx -----------------------------------------------------------


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def pack(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in parts.items():
            zf.writestr(name, blob)
    return out.getvalue()


class Doc:
    """``word/document.xml`` of a .docx, to edit in place and save."""

    def __init__(self, data: bytes):
        self.parts = parts_of(data)
        self.root = etree.fromstring(self.parts["word/document.xml"])
        self.next_id = 9000

    def save(self) -> bytes:
        self.parts["word/document.xml"] = etree.tostring(self.root, xml_declaration=True,
                                                         encoding="UTF-8", standalone=True)
        return pack(self.parts)

    def para(self, contains: str) -> etree._Element:
        for p in self.root.iter(W + "p"):
            if contains in "".join(t.text or "" for t in p.iter(W + "t")):
                return p
        raise AssertionError(f"no paragraph contains {contains!r}")

    def change(self, kind: str, author: str, date: str = DATE) -> etree._Element:
        self.next_id += 1
        el = etree.Element(W + kind)
        el.set(W + "id", str(self.next_id))
        el.set(W + "author", author)
        el.set(W + "date", date)
        return el

    @staticmethod
    def run(text: str, deleted: bool = False, rpr: etree._Element | None = None) -> etree._Element:
        r = etree.Element(W + "r")
        if rpr is not None:
            r.append(copy.deepcopy(rpr))
        t = etree.SubElement(r, W + ("delText" if deleted else "t"))
        t.text = text
        t.set(XML_SPACE, "preserve")
        return r

    def _split(self, contains: str, words: str):
        p = self.para(contains)
        for r in list(p.iter(W + "r")):  # one run per piece of content ("1.", tab, text)
            anchor = r
            for c in [c for c in r if c.tag != W + "rPr"][1:]:
                single = etree.Element(W + "r")
                if r.find(W + "rPr") is not None:
                    single.append(copy.deepcopy(r.find(W + "rPr")))
                single.append(c)
                anchor.addnext(single)
                anchor = single
        for r in p.iter(W + "r"):
            t = r.find(W + "t")
            if t is not None and t.text and words in t.text:
                return r, t.text, t.text.index(words)
        raise AssertionError(f"no run holds {words!r}")

    def replace(self, contains: str, old: str, new: str, author: str, date: str = DATE,
                new_author: str | None = None) -> Doc:
        """Track the deletion of `old` (inside one run) and the insertion of `new` there."""
        r, text, i = self._split(contains, old)
        rpr = r.find(W + "rPr")
        nodes = [self.run(text[:i], rpr=rpr)] if text[:i] else []
        if old:
            d = self.change("del", author, date)
            d.append(self.run(old, True, rpr))
            nodes.append(d)
        if new:
            ins = self.change("ins", new_author or author, date)
            ins.append(self.run(new, rpr=rpr))
            nodes.append(ins)
        if text[i + len(old):]:
            nodes.append(self.run(text[i + len(old):], rpr=rpr))
        self._swap(r, nodes)
        return self

    def insert(self, contains: str, after: str, new: str, author: str, date: str = DATE) -> Doc:
        """Track the insertion of `new` right after the words `after`."""
        r, text, i = self._split(contains, after)
        i += len(after)
        rpr = r.find(W + "rPr")
        ins = self.change("ins", author, date)
        ins.append(self.run(new, rpr=rpr))
        nodes = [self.run(text[:i], rpr=rpr), ins]
        if text[i:]:
            nodes.append(self.run(text[i:], rpr=rpr))
        self._swap(r, nodes)
        return self

    @staticmethod
    def _swap(r: etree._Element, nodes: list[etree._Element]) -> None:
        parent = r.getparent()
        at = parent.index(r)
        parent.remove(r)
        for k, node in enumerate(nodes):
            parent.insert(at + k, node)

    @staticmethod
    def _mark(p: etree._Element, el: etree._Element) -> None:
        ppr = p.find(W + "pPr")
        if ppr is None:
            ppr = etree.Element(W + "pPr")
            p.insert(0, ppr)
        rpr = ppr.find(W + "rPr")
        if rpr is None:
            rpr = etree.SubElement(ppr, W + "rPr")
        rpr.append(el)

    def new_paragraph(self, contains: str, text: str, author: str, date: str = DATE) -> Doc:
        """A paragraph typed after the one holding `contains` (as Word tracks it: the mark
        of the paragraph before is inserted, the new one keeps the original mark)."""
        p = self.para(contains)
        new = etree.Element(W + "p")
        if p.find(W + "pPr") is not None:
            new.append(copy.deepcopy(p.find(W + "pPr")))
        ins = self.change("ins", author, date)
        for k, piece in enumerate(text.split("\t")):
            if k:
                tab = etree.Element(W + "r")
                etree.SubElement(tab, W + "tab")
                ins.append(tab)
            if piece:
                ins.append(self.run(piece))
        new.append(ins)
        self._mark(p, self.change("ins", author, date))
        p.addnext(new)
        return self

    def delete_paragraph(self, contains: str, author: str, date: str = DATE) -> Doc:
        """Delete a whole paragraph, its mark included."""
        p = self.para(contains)
        for r in list(p.findall(W + "r")):
            d = self.change("del", author, date)
            r.addprevious(d)
            d.append(r)
            for t in r.findall(W + "t"):
                t.tag = W + "delText"
        self._mark(p, self.change("del", author, date))
        return self


# -- a document with Word list numbering ---------------------------------------------------

NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W_NS}">
  <w:abstractNum w:abstractNumId="10">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading2"/>
      <w:lvlText w:val="Article %1"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="20">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%3)"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="30">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/>
      <w:lvlText w:val="Chapter %1"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="20"/>
    <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
  <w:num w:numId="4"><w:abstractNumId w:val="30"/></w:num>
</w:numbering>"""


def numbered_docx(blocks: list[tuple[str, str, int | None, int]]) -> bytes:
    """A .docx from (style, text, numId, ilvl) rows, with `NUMBERING` as numbering.xml.
    numId None: no numbering; the "Heading 2" style is linked to list 1 ("Article %1")."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    heading2 = document.styles["Heading 2"].element
    ppr = heading2.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    num_id = OxmlElement("w:numId")
    num_id.set(qn("w:val"), "1")
    numpr.append(num_id)
    ppr.insert(0, numpr)
    for style, text, nid, ilvl in blocks:
        p = document.add_paragraph(text, style=style)
        if nid is not None:
            ppr = p._p.get_or_add_pPr()
            numpr = OxmlElement("w:numPr")
            lvl = OxmlElement("w:ilvl")
            lvl.set(qn("w:val"), str(ilvl))
            num = OxmlElement("w:numId")
            num.set(qn("w:val"), str(nid))
            numpr.extend([lvl, num])
            ppr.append(numpr)
    out = io.BytesIO()
    document.save(out)
    parts = parts_of(out.getvalue())
    parts["word/numbering.xml"] = NUMBERING.encode()
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    rel_ns = "http://schemas.openxmlformats.org/package/2006/relationships"
    for rel in list(rels):
        if rel.get("Type", "").endswith("/numbering"):
            rels.remove(rel)
    etree.SubElement(rels, f"{{{rel_ns}}}Relationship", Id="rIdNum99", Target="numbering.xml",
                     Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering")
    parts["word/_rels/document.xml.rels"] = etree.tostring(rels, xml_declaration=True,
                                                          encoding="UTF-8", standalone=True)
    types = etree.fromstring(parts["[Content_Types].xml"])
    ct_ns = "http://schemas.openxmlformats.org/package/2006/content-types"
    if not any(o.get("PartName") == "/word/numbering.xml" for o in types):
        etree.SubElement(types, f"{{{ct_ns}}}Override", PartName="/word/numbering.xml",
                         ContentType="application/vnd.openxmlformats-officedocument."
                                     "wordprocessingml.numbering+xml")
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8",
                                                  standalone=True)
    return pack(parts)


# -- an encrypted Office file ---------------------------------------------------------------


def encrypted_package() -> bytes:
    """A minimal but well-formed OLE compound file holding the two streams Office writes
    for a password-protected .docx (``EncryptionInfo``, ``EncryptedPackage``)."""
    end, free, fat_sect, nostream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    sector = 512
    info, package = b"\x04\x00\x04\x00" + b"\x00" * 4092, b"\x00" * 4096  # >= 4096: no mini stream
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end, 0)
    difat = [0] + [free] * 108
    struct.pack_into("<109I", header, 76, *difat)
    fat = [fat_sect, end] + list(range(3, 10)) + [end] + list(range(11, 18)) + [end]
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int):
        raw = name.encode("utf-16-le") + b"\x00\x00"
        out = bytearray(128)
        out[: len(raw)] = raw
        struct.pack_into("<HBB", out, 64, len(raw), kind, 1)
        struct.pack_into("<III", out, 68, left, right, child)
        struct.pack_into("<IQ", out, 116, start, size)
        return bytes(out)

    directory = (entry("Root Entry", 5, nostream, nostream, 1, end, 0)
                 + entry("EncryptionInfo", 2, nostream, 2, nostream, 2, len(info))
                 + entry("EncryptedPackage", 2, nostream, nostream, nostream, 10, len(package))
                 + entry("", 0, nostream, nostream, nostream, 0, 0))
    body = struct.pack("<128I", *fat) + directory + info + package
    assert len(body) % sector == 0
    return bytes(header) + body


# -- LibreOffice -------------------------------------------------------------------------------


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.skip("LibreOffice (soffice) is not installed: install libreoffice-writer-nogui "
                    "to run the tests on LibreOffice-made .docx files")
    return found


def convert(source: Path, to: str, outdir: Path) -> Path:
    """``soffice --headless --convert-to TO`` with a private profile (tests may run at once)."""
    exe = soffice()
    profile = outdir / ".lo-profile"
    cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", to,
           "--outdir", str(outdir), str(source)]
    env = dict(os.environ, HOME=str(outdir))
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=240, env=env)
    target = outdir / (source.stem + "." + to.split(":")[0])
    if proc.returncode != 0 or not target.is_file():
        pytest.fail(f"soffice failed ({proc.returncode}): {proc.stdout} {proc.stderr}")
    return target


def odt(paragraphs: str, changes: str, headings: tuple[str, ...] = ()) -> bytes:
    """An OpenDocument text whose body is `paragraphs` (ODF XML) with `changes` (the
    ``text:changed-region`` elements of its change tracking)."""
    content = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2">
<office:body><office:text>
<text:tracked-changes text:track-changes="true">{changes}</text:tracked-changes>
{"".join(f'<text:h text:outline-level="1">{h}</text:h>' for h in headings)}
{paragraphs}
</office:text></office:body></office:document-content>"""
    manifest = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        zf.writestr("META-INF/manifest.xml", manifest)
        zf.writestr("content.xml", content)
    return out.getvalue()


def odt_change(cid: str, kind: str, author: str, date: str, deleted: str = "") -> str:
    body = f"<text:p>{deleted}</text:p>" if kind == "deletion" else ""
    return (f'<text:changed-region text:id="{cid}"><text:{kind}><office:change-info>'
            f"<dc:creator>{author}</dc:creator><dc:date>{date}</dc:date></office:change-info>"
            f"{body}</text:{kind}></text:changed-region>")
