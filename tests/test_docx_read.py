"""Reading .docx: structure from heading styles, text patterns and Word list numbering;
tracked changes, footnotes, tables, fields; markdown-looking characters kept; bad input;
the workspace -> docx -> workspace round trip; files made by LibreOffice."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from treaty import workspace
from treaty.compile import compile_bracketed, compile_plain
from treaty.model import Document, TreatyError
from treaty.readers import read
from treaty.readers.docx import format_number, read_docx
from treaty.render.docx_out import render_docx

from .conftest import ROOT, corpus_dir
from .test_docx_support import (
    Doc,
    convert,
    encrypted_package,
    numbered_docx,
    pack,
    parts_of,
)


def shape(doc: Document) -> list[tuple]:
    """Every unit as (kind, num, heading, text, wrap_up), in reading order."""
    return [(u.kind, u.num, u.heading, u.text, u.wrap_up) for u in doc.units()]


def words(doc: Document) -> list[str]:
    out = doc.preamble.all_text().split() if doc.preamble else []
    for unit in doc.body:
        out += unit.all_text().split()
    return out


def save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- the round trip ------------------------------------------------------------------------


def test_demo_workspace_round_trips_through_docx():
    doc = workspace.load(ROOT).document
    result = read_docx(render_docx(compile_plain(doc)), "demo.docx")
    back = result.document
    assert result.warnings == ()
    assert shape(back) == shape(doc)  # every unit, number, heading and word, in order
    assert words(back) == words(doc)
    assert back.word_count() == doc.word_count()
    assert [a.eid for a in back.articles()] == [a.eid for a in doc.articles()]
    for name in ("title", "short_name", "symbol", "distribution", "date", "original_language",
                 "body", "session", "venue", "label", "notes"):
        assert getattr(back.meta, name) == getattr(doc.meta, name), name


@pytest.mark.parametrize("name", [
    "un_untoc_2000_en.txt", "un_uncac_2003_en.txt", "coe_ets185_budapest_convention_2001_en.txt",
    "imo_sua_convention_v2_as_amended_by_2005_protocol_en.txt",
    "unfccc_paris_agreement_v4_2015-12-12_adopted_L9Rev1.txt",
    "eu_ai_act_v03_2022-06-15-AIA-FRA-Consolidated-Version-15-June.txt",
])
def test_real_treaties_round_trip_through_docx(name: str):
    """text -> Document -> .docx -> Document keeps every unit and word of real treaties."""
    from treaty.readers.text import read_text

    folder = corpus_dir()
    if folder is None or not (folder / name).is_file():
        pytest.skip("the corpus (tests/data/corpus) is not available")
    doc = read_text((folder / name).read_text(encoding="utf-8"), name).document
    back = read_docx(render_docx(compile_plain(doc)), name + ".docx").document
    assert shape(back) == shape(doc)


def test_bracketed_draft_reads_back_with_its_articles():
    from treaty import commands

    loaded = commands.load(ROOT)
    compiled = compile_bracketed(loaded.ws.document, loaded.amendments)
    back = read_docx(render_docx(compiled), "draft.docx").document
    assert [a.num for a in back.articles()] == [a.num for a in loaded.ws.document.articles()]
    text = "\n".join(u.all_text() for u in back.body)
    assert "[developing States] [countries in special situations" in text
    assert "(United Kingdom)]" in text
    assert "Index of proposals" not in text  # furniture (the index) is not treaty text


def test_read_dispatches_docx_by_suffix_and_by_content(tmp_path: Path):
    data = render_docx(compile_plain(workspace.load(ROOT).document))
    (tmp_path / "draft.docx").write_bytes(data)
    (tmp_path / "draft.bin").write_bytes(data)
    assert len(read(tmp_path / "draft.docx").document.articles()) == 7
    assert len(read(tmp_path / "draft.bin").document.articles()) == 7


# -- structure ------------------------------------------------------------------------------


def test_heading_styles_and_typed_numbers():
    d = docx.Document()
    d.add_paragraph("Draft convention on examples", style="Title")
    d.add_paragraph("The States Parties to this Convention,")
    d.add_paragraph("Recognizing the value of examples,")
    d.add_paragraph("Have agreed as follows:")
    chapter = d.add_paragraph("Chapter I", style="Heading 1")
    chapter.add_run().add_break()
    chapter.add_run("General provisions")
    d.add_paragraph("Article 1", style="Heading 2")
    d.add_paragraph("Scope of application", style="Heading 2")
    d.add_paragraph("1.\tThis Convention shall apply to examples.")
    d.add_paragraph("2.\tIt shall not apply to:")
    d.add_paragraph("(a)\tcounter-examples; and")
    d.add_paragraph("(b)\tnon-examples.")
    d.add_paragraph("Article 2 bis", style="Heading 2")
    d.add_paragraph("Each State Party shall adopt examples.")
    result = read_docx(save(d), "ex.docx")
    doc = result.document
    assert doc.meta.title == "Draft convention on examples"
    assert [r.text for r in doc.preamble.children] == [("Recognizing the value of examples,",)]
    assert doc.preamble.wrap_up == ("Have agreed as follows:",)
    chapter = doc.body[0]
    assert (chapter.kind, chapter.num, chapter.heading) == ("chapter", "Chapter I", "General provisions")
    art1, art2 = chapter.children
    assert (art1.num, art1.heading) == ("Article 1", "Scope of application")
    assert [(u.kind, u.num, u.text) for u in art1.walk()][1:] == [
        ("paragraph", "1.", ("This Convention shall apply to examples.",)),
        ("paragraph", "2.", ("It shall not apply to:",)),
        ("point", "(a)", ("counter-examples; and",)),
        ("point", "(b)", ("non-examples.",)),
    ]
    assert art2.num == "Article 2 bis"
    assert art2.text == ("Each State Party shall adopt examples.",)


def test_word_list_numbering_is_computed():
    rows = [
        ("Normal", "Chapter heading text", 4, 0),           # Chapter I (upperRoman)
        ("Heading 2", "Definitions", None, 0),              # Article 1 via the style
        ("Normal", "For the purposes of this Convention:", None, 0),
        ("Normal", "\"Example\" means an example;", 2, 1),  # (a)
        ("Normal", "\"Sample\" means a sample.", 2, 1),     # (b)
        ("Heading 2", "Obligations", None, 0),              # Article 2
        ("Normal", "States Parties shall keep examples.", 2, 0),   # 1.
        ("Normal", "States Parties shall also:", 2, 0),            # 2.
        ("Normal", "share them;", 2, 1),                           # (a) restarts under 2.
        ("Normal", "publish them, including:", 2, 1),              # (b)
        ("Normal", "online;", 2, 2),                               # (i)
        ("Normal", "in print.", 2, 2),                             # (ii)
        ("Normal", "Nothing shall prevent more examples.", 2, 0),  # 3.
        ("Heading 2", "Final provisions", None, 0),         # Article 3
        ("Normal", "This Convention enters into force.", 3, 0),    # 1. (startOverride)
    ]
    doc = read_docx(numbered_docx(rows), "numbered.docx").document
    chapter = doc.body[0]
    assert chapter.num == "Chapter I" and chapter.heading == "Chapter heading text"
    arts = doc.articles()
    assert [(a.num, a.heading) for a in arts] == [
        ("Article 1", "Definitions"), ("Article 2", "Obligations"), ("Article 3", "Final provisions")]
    assert [(u.kind, u.num) for u in arts[0].children] == [("point", "(a)"), ("point", "(b)")]
    assert arts[0].text == ("For the purposes of this Convention:",)
    art2 = [(u.kind, u.num, u.text[0] if u.text else "") for u in arts[1].walk()][1:]
    assert art2 == [
        ("paragraph", "1.", "States Parties shall keep examples."),
        ("paragraph", "2.", "States Parties shall also:"),
        ("point", "(a)", "share them;"),
        ("point", "(b)", "publish them, including:"),
        ("point", "(i)", "online;"),
        ("point", "(ii)", "in print."),
        ("paragraph", "3.", "Nothing shall prevent more examples."),
    ]
    assert [(u.num, u.text) for u in arts[2].children] == [
        ("1.", ("This Convention enters into force.",))]


def test_number_formats():
    assert format_number(1, "lowerLetter") == "a"
    assert format_number(27, "lowerLetter") == "aa"
    assert format_number(14, "upperRoman") == "XIV"
    assert format_number(9, "lowerRoman") == "ix"
    assert format_number(3, "decimalZero") == "03"
    assert format_number(2, "ordinal") == "2nd"
    assert format_number(12, "ordinal") == "12th"
    assert format_number(3, "ordinalText") == "Third"


def _with_footnote(document_bytes: bytes, anchor: str, note: str) -> bytes:
    """Add a real Word footnote (reference after the words `anchor`)."""
    d = Doc(document_bytes)
    r, text, i = d._split(anchor, anchor)
    i += len(anchor)
    ref = d.run("")
    ref.remove(ref[0])
    rpr = ref.makeelement(qn("w:rPr"))
    style = rpr.makeelement(qn("w:vertAlign"))
    style.set(qn("w:val"), "superscript")
    rpr.append(style)
    ref.append(rpr)
    fref = ref.makeelement(qn("w:footnoteReference"))
    fref.set(qn("w:id"), "2")
    ref.append(fref)
    nodes = [d.run(text[:i]), ref] + ([d.run(text[i:])] if text[i:] else [])
    d._swap(r, nodes)
    parts = parts_of(d.save())
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    parts["word/footnotes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{w}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        '</w:r></w:p></w:footnote>'
        f'<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {note}'
        '</w:t></w:r></w:p></w:footnote></w:footnotes>').encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    rels = rels.replace("</Relationships>", '<Relationship Id="rIdFn9" Type="http://schemas.'
                        'openxmlformats.org/officeDocument/2006/relationships/footnotes" '
                        'Target="footnotes.xml"/></Relationships>')
    parts["word/_rels/document.xml.rels"] = rels.encode()
    types = parts["[Content_Types].xml"].decode().replace(
        "</Types>", '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
    parts["[Content_Types].xml"] = types.encode()
    return pack(parts)


def test_footnotes_are_kept_as_markdown_style_notes():
    d = docx.Document()
    d.add_paragraph("Article 1", style="Heading 2")
    d.add_paragraph("1.\tEach State Party shall cooperate with the others.")
    data = _with_footnote(save(d), "shall cooperate", "Proposed by the Chair; see A/AC.291/9.")
    doc = read_docx(data, "fn.docx").document
    para = doc.articles()[0].children[0]
    assert para.text == ("Each State Party shall cooperate[^1] with the others.",)
    notes = doc.body[-1]
    assert notes.kind == "hcontainer" and dict(notes.attrs)["name"] == "footnotes"
    assert notes.text == ("[^1]: Proposed by the Chair; see A/AC.291/9.",)


def test_tables_fields_toc_and_superscripts():
    d = docx.Document()
    d.add_paragraph("Contents", style="TOC Heading") if "TOC Heading" in [
        s.name for s in d.styles] else None
    toc = d.add_paragraph("Article 1 Scope ........ 2")
    toc.style = d.styles.add_style("toc 1", 1)
    d.add_paragraph("Article 1", style="Heading 2")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "1.\tText in a table cell is read."
    table.cell(0, 1).text = "2.\tSo is the next cell."
    p = d.add_paragraph("3.\tSee page ")
    run = p.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    instr = OxmlElement("w:instrText")
    instr.text = " PAGEREF _Toc123 \\h "
    p.add_run()._r.append(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    p.add_run()._r.append(sep)
    p.add_run("7")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    p.add_run()._r.append(end)
    p.add_run(" of the States Parties")
    p.add_run("2").font.superscript = True
    p.add_run(".")
    result = read_docx(save(d), "t.docx")
    art = result.document.articles()[0]
    assert [(u.num, u.text) for u in art.children] == [
        ("1.", ("Text in a table cell is read.",)),
        ("2.", ("So is the next cell.",)),
        ("3.", ("See page 7 of the States Parties².",)),
    ]
    assert any("table-of-contents" in w.what for w in result.warnings)


def test_markdown_looking_characters_are_kept():
    d = docx.Document()
    d.add_paragraph("Article 1", style="Heading 2")
    tricky = [
        "1.\tA *starred* term, a <tag> and a {brace} stay as written.",
        "2.\tPaths like C:\\data\\x and pipes | and `ticks` and ~tildes~ stay; so do a_b and #5.",
        "3.\t[Option 1]: keep the brackets and the colon.",
        "4.\tSee [the annex](#annex) as written.",
    ]
    for line in tricky:
        d.add_paragraph(line)
    art = read_docx(save(d), "m.docx").document.articles()[0]
    assert [u.num + " " + u.text[0] for u in art.children] == [t.replace("\t", " ") for t in tricky]


def test_tracked_changes_accepted_or_rejected():
    d = docx.Document()
    d.add_paragraph("Article 1", style="Heading 2")
    d.add_paragraph("1.\tStates Parties shall cooperate closely.")
    data = Doc(save(d)).replace("shall cooperate", "closely", "fully", "Jane Doe").save()
    accepted = read_docx(data, "c.docx")
    rejected = read_docx(data, "c.docx", changes="reject")
    assert accepted.document.articles()[0].children[0].text == ("States Parties shall cooperate fully.",)
    assert rejected.document.articles()[0].children[0].text == ("States Parties shall cooperate closely.",)
    assert any("2 tracked change(s) by Jane Doe" in w.what and "propose-from-docx" in w.hint
               for w in accepted.warnings)


def test_warning_cites_the_docx_paragraph():
    d = docx.Document()
    d.add_paragraph("Article 1", style="Heading 2")
    d.add_paragraph("1.\tText.")
    d.add_paragraph("Article 1", style="Heading 2")
    d.add_paragraph("1.\tMore text.")
    result = read_docx(save(d), "dup.docx")
    [warning] = result.warnings
    assert warning.where == "dup.docx paragraph 3"
    assert "Article 1" in warning.what and "(first at paragraph 1)" in warning.what


# -- bad input ------------------------------------------------------------------------------


def _error(data: bytes) -> TreatyError:
    with pytest.raises(TreatyError) as info:
        read_docx(data, "bad.docx")
    assert info.value.problem.where.startswith("bad.docx")
    assert info.value.problem.hint
    return info.value


def test_not_a_zip():
    err = _error(b"This is plain text pretending to be a Word file.\n")
    assert "not a zip archive" in err.problem.what


def test_password_protected_file():
    data = encrypted_package()
    assert data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    err = _error(data)
    assert "password-protected" in err.problem.what
    assert "remove the password" in err.problem.hint


def test_old_word_doc_and_other_formats():
    doc97 = bytearray(encrypted_package())
    for name in ("EncryptionInfo", "EncryptedPackage"):
        raw = name.encode("utf-16-le")
        at = bytes(doc97).index(raw)
        doc97[at:at + len(raw)] = "WordDocument".encode("utf-16-le").ljust(len(raw), b"\0")
    assert "Word 97-2003" in _error(bytes(doc97)).problem.what
    assert "PDF" in _error(b"%PDF-1.7\n...").problem.what
    assert "RTF" in _error(b"{\\rtf1\\ansi hello}").problem.what
    odt = io.BytesIO()
    with zipfile.ZipFile(odt, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<x/>")
    assert "OpenDocument" in _error(odt.getvalue()).problem.what
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("hello.txt", "hi")
    assert "not a Word document" in _error(other.getvalue()).problem.what


def test_damaged_and_hostile_files():
    good = render_docx(compile_plain(workspace.load(ROOT).document))
    assert "damaged" in _error(good[: len(good) // 2]).problem.what
    parts = parts_of(good)
    parts["word/document.xml"] = (b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaa">]>'
                                  + parts["word/document.xml"].split(b"?>", 1)[1])
    err = _error(pack(parts))
    assert "DOCTYPE" in err.problem.what and "word/document.xml" in err.problem.where


def test_no_recognisable_articles():
    d = docx.Document()
    d.add_paragraph("Minutes of the meeting")
    d.add_paragraph("The delegates discussed the weather at length.")
    err = _error(save(d))
    assert err.problem.what == "no articles found in the document"
    assert "Article 1" in err.problem.hint


def test_empty_document():
    assert "no text" in _error(save(docx.Document())).problem.what


# -- documents saved by LibreOffice ---------------------------------------------------------------

LIST_HTML = """<html><body>
<h1>Draft convention on testing</h1>
<p>The States Parties to this Convention,</p>
<p>Recognizing the importance of tests,</p>
<p>Have agreed as follows:</p>
<h2>Article 1</h2><h2>Use of terms</h2>
<p>For the purposes of this Convention:</p>
<ol type="a"><li>"Test" shall mean a check of behaviour;</li>
<li>"Fixture" shall mean data made for a test.</li></ol>
<h2>Article 2</h2><h2>Scope</h2>
<ol><li>This Convention shall apply to tests.</li>
<li>It shall also apply to:<ol type="a"><li>unit tests; and</li><li>integration tests.</li></ol></li>
<li>Nothing in this Convention shall require a test to pass.</li></ol>
</body></html>"""


def test_libreoffice_lists_become_numbered_units(tmp_path: Path):
    source = tmp_path / "lists.html"
    source.write_text(LIST_HTML, encoding="utf-8")
    made = convert(source, "docx:MS Word 2007 XML", tmp_path)
    assert b"numbering.xml" in made.read_bytes()  # LibreOffice wrote Word list numbering
    result = read_docx(made.read_bytes(), str(made))
    doc = result.document
    assert doc.meta.title == "Draft convention on testing"
    assert [r.text for r in doc.preamble.children] == [("Recognizing the importance of tests,",)]
    art1, art2 = doc.articles()
    assert (art1.num, art1.heading, art1.text) == ("Article 1", "Use of terms",
                                                   ("For the purposes of this Convention:",))
    assert [(u.kind, u.num) for u in art1.children] == [("point", "a."), ("point", "b.")]
    assert [(u.kind, u.num, u.text) for u in art2.walk()][1:] == [
        ("paragraph", "1.", ("This Convention shall apply to tests.",)),
        ("paragraph", "2.", ("It shall also apply to:",)),
        ("point", "a.", ("unit tests; and",)),
        ("point", "b.", ("integration tests.",)),
        ("paragraph", "3.", ("Nothing in this Convention shall require a test to pass.",)),
    ]


def test_our_docx_resaved_by_libreoffice_reads_the_same(tmp_path: Path):
    doc = workspace.load(ROOT).document
    ours = tmp_path / "ours.docx"
    ours.write_bytes(render_docx(compile_plain(doc)))
    (tmp_path / "lo").mkdir()
    resaved = convert(ours, "docx:MS Word 2007 XML", tmp_path / "lo")
    assert resaved.read_bytes() != ours.read_bytes()
    back = read_docx(resaved.read_bytes(), str(resaved)).document
    assert shape(back) == shape(doc)
    assert back.meta.title == doc.meta.title and back.meta.symbol == doc.meta.symbol
