"""Markdown as pandoc and drafters write it: no article may disappear into the one before.

Each case is a heading form seen in converted negotiating drafts; the last test reads a
real draft converted Word -> Markdown by pandoc (tests/data/pandoc/PROVENANCE.md).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from treaty.readers import read
from treaty.readers.text import read_text

DATA = Path(__file__).parent / "data"


def articles(source: str) -> list[tuple[str, str | None, tuple]]:
    doc = read_text(source, where="draft.md").document
    return [(a.num, a.heading, a.attrs) for a in doc.articles()]


@pytest.mark.parametrize("heading, num, title", [
    ("> **Article 13 Transparency**", "Article 13", "Transparency"),
    ("> > **Article 13**", "Article 13", None),
    ("Article 16 *(Protection of sovereignty)***", "Article 16", "Protection of sovereignty"),
    ("**Article 16** (Protection of sovereignty)", "Article 16", "Protection of sovereignty"),
    ("***Article 16** Scope*", "Article 16", "Scope"),
    ("**\\[Article 3bis\\]**", "Article 3bis", None),
])
def test_heading_variants_open_an_article(heading: str, num: str, title: str | None) -> None:
    source = (f"**Article 1**\n\n1. First words of the first article.\n\n{heading}\n\n"
              "1. Words of the next article.\n")
    found = articles(source)
    assert [a[0] for a in found] == ["Article 1", num]
    if title is not None:
        assert found[1][1] == title


def test_a_bracketed_heading_is_a_bracketed_article() -> None:
    found = articles("Article 1\n\nWords.\n\n**[Article 3bis]**\n\n**[Jurisdiction]**\n\nMore.\n")
    assert found[1] == ("Article 3bis", "[Jurisdiction]", (("class", "bracketed"),))


def test_recitals_one_per_line_under_preamble() -> None:
    doc = read_text("Title\n\nPreamble\n\nThe States Parties to this Convention,\n"
                    "Recognizing the importance of things,\nConcerned about their loss,\n"
                    "Determined to protect them,\n\nHave agreed as follows:\n\n"
                    "Article 1\n\nWords.\n", where="draft.md").document
    assert [r.text for r in doc.preamble.children] == [
        ("Recognizing the importance of things,",), ("Concerned about their loss,",),
        ("Determined to protect them,",)]
    assert doc.preamble.text == ("The States Parties to this Convention,",)


def test_quoted_points_keep_their_nesting() -> None:
    source = ("Article 1\n\n1. Parties shall:\n\n> \\(a) do one thing;\n>\n> \\(b) do another.\n\n"
              "2. Second paragraph.\n")
    doc = read_text(source, where="draft.md").document
    art = doc.articles()[0]
    assert [c.num for c in art.children] == ["1.", "2."]
    assert [p.num for p in art.children[0].children] == ["(a)", "(b)"]


def test_a_real_draft_converted_by_pandoc_keeps_every_article() -> None:
    original = read(DATA / "corpus" / "unfccc_paris_agreement_v1_2015-10-23_adp_draft_negotiating_text.txt")
    converted = read(DATA / "pandoc" / "unfccc_paris_agreement_v1_adp_draft_via_docx_pandoc.md")
    a, b = original.document, converted.document
    assert len(b.articles()) == len(a.articles()) == 30
    assert [(x.num, x.heading) for x in b.articles()] == [(x.num, x.heading) for x in a.articles()]
    assert len(b.preamble.children) == len(a.preamble.children) == 18
    # every word of the original draft is in the converted one, in order
    words_a = re.sub(r"\s", "", "".join(a.reading_parts()))
    words_b = re.sub(r"[\s-]", "", "".join(b.reading_parts()))
    assert re.sub("-", "", words_a) in words_b


def test_a_heading_it_cannot_place_is_text_and_a_warning_with_its_line() -> None:
    result = read_text("Article 1\n\nWords.\n\nArticle 16 (Protection\n\nMore words.\n",
                       where="draft.md")
    assert [a.num for a in result.document.articles()] == ["Article 1"]
    assert "Article 16 (Protection" in result.document.articles()[0].all_text()
    assert [(w.line, "looks like a heading" in w.what) for w in result.warnings] == [(5, True)]


def test_emphasis_and_links_of_markdown_are_kept_as_markup() -> None:
    source = ("Title\n\nPreamble\n\n*Noting* the report,\n\nArticle 1\n\n"
              "1. The **Parties** shall act *inter alia* under [the Convention](https://example.org/c).\n")
    doc = read_text(source, where="draft.md").document
    para = doc.articles()[0].children[0]
    marked = [(s.name, para.own_text[s.start:s.end], s.attrs) for s in para.inline]
    assert marked == [("b", "Parties", ()), ("i", "inter alia", ()),
                      ("ref", "the Convention", (("href", "https://example.org/c"),))]
    recital = doc.preamble.children[0] if doc.preamble.children else doc.preamble
    assert [(s.name, recital.own_text[s.start:s.end]) for s in recital.inline] == [("i", "Noting")]


def test_markup_never_changes_a_word_of_the_corpus() -> None:
    """The markup pass only adds spans: the words of every corpus text are those of the
    reader without it, and every span covers exactly the phrase it marks."""
    from treaty.readers import text as text_reader

    for path in sorted((DATA / "corpus").glob("*.txt"))[:12]:
        source = path.read_text("utf-8")
        doc = read_text(source, where=path.name).document
        lines = source.replace("\r\n", "\n").split("\n")
        for unit in doc.units():
            for s in unit.inline:
                assert 0 <= s.start <= s.end <= len(unit.own_text)
        plain = text_reader.read_blocks(
            text_reader.split_blocks(lines, text_reader._front_matter(lines)[0], frozenset(
                m.group("label").lower() for line in lines
                if (m := text_reader.LINK_DEF.match(line)) is not None)), path.name).document
        assert [u.own_text for u in doc.units()] == [u.own_text for u in plain.units()]
