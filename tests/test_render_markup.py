"""Every writer shows the inline markup of an imported text: HTML, Word, Markdown, text.

The laws.africa fixture has italics, a link and footnotes inside a block list; a small
AKN act adds bold, superscript and a table. A pending proposal in the middle of marked-up
words must not lose the markup around it.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from treaty import commands
from treaty.compile import compile_bracketed, compile_plain
from treaty.model import Amendment, Change
from treaty.readers import read
from treaty.render import RenderOptions, render

DATA = Path(__file__).parent / "data" / "akn"
NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"

ACT = f"""<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="{NS}"><act name="act"><meta><identification source="#x">
<FRBRWork>
<FRBRthis value="/akn/xx/act/2024/1/!main"/>
<FRBRuri value="/akn/xx/act/2024/1"/>
<FRBRdate date="2024-01-01" name="Generation"/>
<FRBRauthor href="#x"/>
<FRBRcountry value="xx"/>
</FRBRWork>
<FRBRExpression>
<FRBRthis value="/akn/xx/act/2024/1/eng@/!main"/>
<FRBRuri value="/akn/xx/act/2024/1/eng@"/>
<FRBRdate date="2024-01-01" name="Generation"/>
<FRBRauthor href="#x"/>
<FRBRlanguage language="eng"/>
</FRBRExpression>
<FRBRManifestation>
<FRBRthis value="/akn/xx/act/2024/1/eng@/!main.xml"/>
<FRBRuri value="/akn/xx/act/2024/1/eng@.akn"/>
<FRBRdate date="2024-01-01" name="Generation"/>
<FRBRauthor href="#x"/>
</FRBRManifestation>
</identification></meta><body>
<article eId="art_1"><num>Article 1</num><heading>Terms</heading>
<paragraph eId="art_1__para_1"><num>1.</num><content><p>The <b>Parties</b> shall report
in CO<sub>2</sub> equivalent per m<sup>3</sup><authorialNote marker="1" eId="n1"><p>As defined
by the IPCC.</p></authorialNote>, as set out in <ref href="https://example.org/annex">the annex</ref>.</p>
</content></paragraph>
<paragraph eId="art_1__para_2"><num>2.</num><content><table eId="t1"><tr><th><p>Party</p></th>
<th><p>Share</p></th></tr><tr><td><p>Alpha</p></td><td><p>10 %</p></td></tr></table></content></paragraph>
</article></body></act></akomaNtoso>"""


def _doc(tmp_path: Path):
    path = tmp_path / "act.xml"
    path.write_text(ACT, encoding="utf-8")
    return read(path).document


def test_html_shows_bold_sub_sup_links_tables_and_footnotes(tmp_path: Path) -> None:
    html = render(compile_plain(_doc(tmp_path)), "html", RenderOptions()).decode()
    assert ("The <strong>Parties</strong> shall report in CO<sub>2</sub> equivalent per "
            "m<sup>3</sup>") in html
    assert '<a href="https://example.org/annex">the annex</a>' in html
    assert '<sup class="akn-fn"><a href="#akn-fn-1" id="akn-fnref-1">1</a></sup>' in html
    assert 'id="akn-fn-1"' in html and "As defined by the IPCC." in html
    assert "<table><tr><th><p>Party</p></th> <th><p>Share</p></th></tr>" in html.replace("\n", "")
    assert "<div" in html.split("Party")[0][-200:]  # a table is not nested in a <p>


def test_a_proposal_inside_markup_keeps_the_markup_around_it(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    change = Change("replace", "art_1__para_1", "shall report", "shall promptly report")
    draft = compile_bracketed(doc, [Amendment("a1", ("FRA",), (change,))])
    html = render(draft, "html", RenderOptions()).decode()
    assert "The <strong>Parties</strong> <span" in html
    assert "shall promptly report" in html
    assert "CO<sub>2</sub>" in html and '<a href="https://example.org/annex">the annex</a>' in html


def test_word_has_styled_runs_and_real_footnotes(tmp_path: Path) -> None:
    data = render(compile_plain(_doc(tmp_path)), "docx", RenderOptions())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml").decode()
        notes = z.read("word/footnotes.xml").decode()
    assert '<w:b/></w:rPr><w:t>Parties</w:t>' in body
    assert '<w:vertAlign w:val="subscript"/></w:rPr><w:t>2</w:t>' in body
    assert '<w:footnoteReference w:id="1"/>' in body
    assert "As defined by the IPCC." in notes
    # and the Word file reads back with the footnote as a footnote
    back = tmp_path / "back.docx"
    back.write_bytes(data)
    doc = read(back).document
    assert any("[^1]: As defined by the IPCC." in t for u in doc.units() for t in u.text)


def test_markdown_and_text(tmp_path: Path) -> None:
    compiled = compile_plain(_doc(tmp_path))
    md = render(compiled, "md", RenderOptions()).decode()
    assert "The **Parties** shall report in CO~2~ equivalent per m^3^[^note-1]" in md
    assert "[the annex](https://example.org/annex)" in md
    assert "[^note-1]: As defined by the IPCC." in md
    txt = render(compiled, "txt", RenderOptions()).decode()
    assert "m3\u207d\u00b9\u207e" in txt and "(1) As defined by the IPCC." in txt


def test_laws_africa_statement_renders_italics_links_and_notes(tmp_path: Path) -> None:
    ws, _ = commands.import_text(DATA / "laws-africa-bluebell-eids_basic.xml", tmp_path / "ws")
    html = render(compile_plain(ws.document), "html", RenderOptions()).decode()
    assert "<em>Noting</em> the report of the Executive Secretary on progress," in html
    assert ">decision X/20</a>" in html
    assert "UNEP/CBD/COP/12/24." in html.split('id="notes"')[1]


def test_kept_preface_and_conclusions_are_shown_by_every_writer(tmp_path: Path) -> None:
    ws, _ = commands.import_text(DATA / "eu-directive-2014-92-payment-accounts.akn.xml",
                                 tmp_path / "ws")
    compiled = compile_plain(ws.document)
    for fmt in ("html", "md", "txt"):
        out = render(compiled, fmt, RenderOptions()).decode()
        assert "(Text with EEA relevance)" in out, fmt  # the preface, kept verbatim
        assert "Done at Brussels, 23 July 2014." in out, fmt  # the conclusions
    data = render(compiled, "docx", RenderOptions())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "Done at Brussels, 23 July 2014." in z.read("word/document.xml").decode()


def test_tables_are_real_tables_in_word_and_markdown(tmp_path: Path) -> None:
    compiled = compile_plain(_doc(tmp_path))
    md = render(compiled, "md", RenderOptions()).decode()
    assert "| Party | Share |\n|---|---|\n| Alpha | 10 % |" in md
    data = render(compiled, "docx", RenderOptions())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml").decode()
    table = body[body.rindex("<w:tbl>"):]
    assert "<w:t>Party</w:t>" in table and "<w:t>10 %</w:t>" in table


def test_markup_in_a_heading_is_shown(tmp_path: Path) -> None:
    ws, _ = commands.import_text(DATA / "uk-pga-2014-27-enacted.xml", tmp_path / "ws")
    html = render(compile_plain(ws.document), "html", RenderOptions()).decode()
    assert ('Extra-territoriality in Part 1 of <abbr title="Regulation of Investigatory '
            'Powers Act 2000 c. 23">RIPA</abbr>') in html


def test_word_links_are_hyperlinks(tmp_path: Path) -> None:
    data = render(compile_plain(_doc(tmp_path)), "docx", RenderOptions())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert "<w:hyperlink r:id=" in body and "<w:t>the annex</w:t></w:r></w:hyperlink>" in body
    assert 'Target="https://example.org/annex" TargetMode="External"' in rels


def test_unsafe_link_targets_are_not_written(tmp_path: Path) -> None:
    path = tmp_path / "act.xml"
    path.write_text(ACT.replace("https://example.org/annex", "javascript:alert(1)"), "utf-8")
    compiled = compile_plain(read(path).document)
    html = render(compiled, "html", RenderOptions()).decode()
    md = render(compiled, "md", RenderOptions()).decode()
    assert "javascript:" not in html and "javascript:" not in md
    assert "the annex" in html and "the annex" in md


def test_typst_pdf_source_has_the_markup_notes_and_kept_parts(tmp_path: Path) -> None:
    from treaty.render.draft_view import draft_view
    from treaty.render.typst import typst_source

    source = typst_source(draft_view(compile_plain(_doc(tmp_path))))
    assert '#strong("Parties")' in source and '#sub("2")' in source
    assert '#footnote("As defined by the IPCC.")' in source
    ws, _ = commands.import_text(DATA / "eu-directive-2014-92-payment-accounts.akn.xml",
                                 tmp_path / "ws")
    source = typst_source(draft_view(compile_plain(ws.document)))
    assert '#par("Done at Brussels, 23 July 2014.")' in source
    assert '#par("(Text with EEA relevance)")' in source


def test_a_table_is_a_real_table_in_the_typst_pdf(tmp_path: Path) -> None:
    """Typst drops a table placed inside a paragraph: the table stands on its own, its
    number on the line above, the header row first and the cells in reading order."""
    pypdf = __import__("pytest").importorskip("pypdf")
    from treaty.render.draft_view import draft_view
    from treaty.render.typst import typst_source

    compiled = compile_plain(_doc(tmp_path))
    source = typst_source(draft_view(compiled))
    assert ('#para(level: 1, lead: [#"2."])[]\n#table-block(level: 1, table(columns: 2, '
            'strong("Party"), strong("Share"), "Alpha", "10 %"))') in source
    pdf = pypdf.PdfReader(io.BytesIO(render(compiled, "pdf", RenderOptions())))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "2. Party Share Alpha 10 %" in text


def test_a_table_with_a_footnote_in_it_keeps_its_words_and_note(tmp_path: Path) -> None:
    """A cell with a footnote mark is not flattened into a plain table (the mark would be
    lost): every writer shows the block's words with the note, as any other block."""
    path = tmp_path / "act.xml"
    path.write_text(ACT.replace("<p>Alpha</p>", '<p>Alpha<authorialNote marker="2" eId="n2">'
                                '<p>Observer.</p></authorialNote></p>'), "utf-8")
    compiled = compile_plain(read(path).document)
    from treaty.render.draft_view import draft_view

    def blocks(units):
        for u in units:
            yield from u.blocks
            yield from blocks(u.children)

    (table,) = [b for b in blocks(draft_view(compiled).body) if b.table]
    assert table.as_table() is None
    md = render(compiled, "md", RenderOptions()).decode()
    assert "| Party |" not in md and "Observer." in md
