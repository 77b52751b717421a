"""Word headings numbered by Word's own list numbering ("Article %1." in numbering.xml):
the label is the article's number, the paragraph's words its heading (issue 12)."""

from __future__ import annotations

import pytest

from treaty.readers.docx import read_docx

from .test_docx_support import NUMBERING, numbered_docx, pack, parts_of


@pytest.mark.parametrize("lvl_text, fmt, nums", [
    ("Article %1.", "decimal", ["Article 1", "Article 2"]),
    ("Article %1.", "upperRoman", ["Article I", "Article II"]),
    ("Article %1:", "decimal", ["Article 1", "Article 2"]),
    ("ARTICLE %1 -", "decimal", ["ARTICLE 1", "ARTICLE 2"]),
])
def test_numbered_heading_style_gives_number_and_heading(lvl_text: str, fmt: str, nums: list[str]):
    rows = [
        ("Heading 2", "Use of terms", None, 0),
        ("Normal", "For the purposes of this Convention, terms mean what they say.", None, 0),
        ("Heading 2", "Scope of application", None, 0),
        ("Normal", "This Convention applies to everything.", None, 0),
    ]
    parts = parts_of(numbered_docx(rows))
    numbering = NUMBERING.replace('<w:lvlText w:val="Article %1"/>', f'<w:lvlText w:val="{lvl_text}"/>')
    numbering = numbering.replace('<w:numFmt w:val="decimal"/><w:pStyle w:val="Heading2"/>',
                                  f'<w:numFmt w:val="{fmt}"/><w:pStyle w:val="Heading2"/>')
    parts["word/numbering.xml"] = numbering.encode()
    doc = read_docx(pack(parts), "numbered.docx").document
    arts = doc.articles()
    assert [(a.num, a.heading) for a in arts] == [(nums[0], "Use of terms"),
                                                  (nums[1], "Scope of application")]
    assert arts[0].text == ("For the purposes of this Convention, terms mean what they say.",)
    assert arts[1].text == ("This Convention applies to everything.",)


def test_word_bold_italic_and_subscript_runs_are_kept_as_markup():
    import io

    import docx

    from treaty.readers.docx import read_docx

    document = docx.Document()
    document.add_paragraph("Article 1")
    p = document.add_paragraph("The ")
    p.add_run("Parties").bold = True
    p.add_run(" shall act ")
    p.add_run("inter ").italic = True
    p.add_run("alia").italic = True  # Word splits runs: one phrase all the same
    p.add_run(" on CO")
    p.add_run("2").font.subscript = True
    p.add_run(" emissions.")
    out = io.BytesIO()
    document.save(out)
    doc = read_docx(out.getvalue(), "marked.docx").document
    unit = next(u for u in doc.units() if u.inline)
    assert unit.own_text == "The Parties shall act inter alia on CO2 emissions."
    assert [(s.name, unit.own_text[s.start:s.end]) for s in unit.inline] == [
        ("b", "Parties"), ("i", "inter alia"), ("sub", "2")]
