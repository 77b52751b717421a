"""The plain-text / markdown reader on small texts, one layout or rule per test."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from treaty import akn, workspace
from treaty.model import Document, TreatyError, Unit
from treaty.readers import read
from treaty.readers.text import RULES, read_text, strip_markup


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def by_eid(doc: Document) -> dict[str, Unit]:
    return doc.by_eid()


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.replace("*", ""))


def doc_words(doc: Document) -> list[str]:
    """Every word of the document in reading order (notes, then each unit's num, heading,
    own text, children, wrap-up)."""
    return words("\n".join(doc.reading_parts()))


UN_STYLE = dedent("""
    Convention against Something

    The States Parties to this Convention,

    Considering that something must be done,

    Recognizing also the need to act,

    Have agreed as follows:

    CHAPTER I
    GENERAL PROVISIONS

    Article 1
    Statement of purpose

    The purpose of this Convention is to promote cooperation.

    Article 2
    Use of terms

    For the purposes of this Convention:

    (a) "Party" means a State Party;

    (b) "Data" means:

    (i) any representation of facts;

    (ii) any program;

    (c) "Service" means any service.

    CHAPTER II
    MEASURES

    Article 3

    1. Each State Party shall adopt measures.

    2. Each State Party shall:

    a) criminalize the conduct;

    b) cooperate with other States Parties,

    as appropriate.

    Article 3 bis
    Inserted article

    Text of the inserted article.

    IN WITNESS WHEREOF the undersigned have signed this Convention.

    ANNEX

    List of conventions.
    """)


class TestPlainText:
    def test_title_preamble_and_formula(self) -> None:
        doc = read_text(UN_STYLE).document
        assert doc.meta.title == "Convention against Something"
        pre = doc.preamble
        assert pre is not None and pre.eid == "preamble" and pre.wid == "preamble"
        assert pre.text == ("The States Parties to this Convention,",)
        assert [r.kind for r in pre.children] == ["recital", "recital"]
        assert [r.eid for r in pre.children] == ["preamble__rec_1", "preamble__rec_2"]
        assert pre.children[0].num is None
        assert pre.wrap_up == ("Have agreed as follows:",)

    def test_chapters_articles_headings_on_next_line(self) -> None:
        doc = read_text(UN_STYLE).document
        chapters = [u for u in doc.body if u.kind == "chapter"]
        assert [(c.num, c.heading, c.eid) for c in chapters] == [
            ("CHAPTER I", "GENERAL PROVISIONS", "chp_I"), ("CHAPTER II", "MEASURES", "chp_II")]
        arts = doc.articles()
        assert [(a.num, a.heading, a.eid) for a in arts] == [
            ("Article 1", "Statement of purpose", "art_1"), ("Article 2", "Use of terms", "art_2"),
            ("Article 3", None, "art_3"), ("Article 3 bis", "Inserted article", "art_3bis")]
        assert arts[0].text == ("The purpose of this Convention is to promote cooperation.",)

    def test_points_and_sub_points(self) -> None:
        units = by_eid(read_text(UN_STYLE).document)
        art2 = units["art_2"]
        assert art2.text == ("For the purposes of this Convention:",)
        assert [p.num for p in art2.children] == ["(a)", "(b)", "(c)"]
        b = units["art_2__point_b"]
        assert b.text == ('"Data" means:',)
        assert [p.eid for p in b.children] == ["art_2__point_b__point_i", "art_2__point_b__point_ii"]
        assert units["art_2__point_b__point_ii"].text == ("any program;",)

    def test_paragraphs_points_and_wrap_up(self) -> None:
        units = by_eid(read_text(UN_STYLE).document)
        assert [p.num for p in units["art_3"].children] == ["1.", "2."]
        para2 = units["art_3__para_2"]
        assert para2.kind == "paragraph" and para2.text == ("Each State Party shall:",)
        assert [p.num for p in para2.children] == ["a)", "b)"]
        assert units["art_3__para_2__point_a"].kind == "point"
        assert para2.wrap_up == ("as appropriate.",)

    def test_conclusions_and_annex_are_kept_after_the_articles(self) -> None:
        doc = read_text(UN_STYLE).document
        tail = [u for u in doc.body if u.kind == "hcontainer"]
        assert [dict(u.attrs)["name"] for u in tail] == ["conclusions", "annex"]
        assert tail[0].text == ("IN WITNESS WHEREOF the undersigned have signed this Convention.",)
        assert tail[1].num == "ANNEX" and tail[1].text == ("List of conventions.",)

    def test_no_word_is_lost(self) -> None:
        doc = read_text(UN_STYLE).document
        source = words(UN_STYLE)
        title = words(doc.meta.title)
        assert source[: len(title)] == title
        assert doc_words(doc) == source[len(title):]

    def test_every_unit_has_ids_and_the_workspace_validates(self, tmp_path: Path) -> None:
        doc = read_text(UN_STYLE).document
        assert all(u.eid and u.wid for u in doc.units())
        workspace.create(tmp_path / "ws", doc)
        root, _ = workspace.assemble(tmp_path / "ws")
        assert akn.validate(root) == []


class TestNumbering:
    @pytest.mark.parametrize(("heading", "eid"), [
        ("Article 12 bis", "art_12bis"), ("Article 2bis", "art_2bis"), ("Article 3quater", "art_3quater"),
        ("Article IVbis", "art_IVbis"), ("Article XXI", "art_XXI"), ("Article 4a", "art_4a"),
        ("Article E", "art_E"), ("Article 58", "art_58"),
    ])
    def test_article_numbers(self, heading: str, eid: str) -> None:
        doc = read_text(f"{heading}\n\nSome text.\n").document
        assert [(a.num, a.eid) for a in doc.articles()] == [(heading, eid)]

    def test_markdown_headings_with_double_spaces(self) -> None:
        doc = read_text("### Article  2  \n\n####Illegal access\n\nEach Party shall adopt.\n").document
        (art,) = doc.articles()
        assert (art.num, art.heading) == ("Article 2", "Illegal access")
        assert art.text == ("Each Party shall adopt.",)

    @pytest.mark.parametrize("marker", ["(a)", "a)", "a."])
    def test_point_styles(self, marker: str) -> None:
        second = marker.replace("a", "b")
        text = f"Article 1\n\n1. Parties shall:\n\n{marker} act;\n\n{second} report.\n"
        units = by_eid(read_text(text).document)
        assert [p.num for p in units["art_1__para_1"].children] == [marker, second]
        assert units["art_1__para_1__point_b"].text == ("report.",)

    def test_roman_i_after_h_is_a_letter_but_after_a_colon_a_sub_point(self) -> None:
        letters = "\n\n".join(f"({c}) item {c};" for c in "abcdefghij")
        units = by_eid(read_text(f"Article 1\n\nIntro:\n\n{letters}\n").document)
        assert [p.num for p in units["art_1"].children][-3:] == ["(h)", "(i)", "(j)"]
        text = "Article 1\n\nIntro:\n\n(g) one;\n\n(h) the following:\n\n(i) first;\n\n(ii) second;\n"
        units = by_eid(read_text(text).document)
        assert [p.eid for p in units["art_1__point_h"].children] == [
            "art_1__point_h__point_i", "art_1__point_h__point_ii"]

    def test_inserted_paragraphs_and_points(self) -> None:
        text = "Article 58 bis\n\n1. Intro:\n\n(a) one;\n\n(a bis) inserted;\n\n(b) two.\n\n" \
               "1 bis. Inserted paragraph.\n\n2. Last.\n"
        units = by_eid(read_text(text).document)
        assert [p.eid for p in units["art_58bis"].children] == [
            "art_58bis__para_1", "art_58bis__para_1bis", "art_58bis__para_2"]
        assert [p.num for p in units["art_58bis__para_1"].children] == ["(a)", "(a bis)", "(b)"]
        assert units["art_58bis__para_1__point_abis"].text == ("inserted;",)

    def test_unnumbered_paragraphs(self) -> None:
        text = "Article 7\n\nFirst paragraph.\n\nSecond paragraph, which\n\ncontinues after a page break.\n"
        art = read_text(text).document.articles()[0]
        assert [(p.kind, p.num, p.eid) for p in art.children] == [
            ("paragraph", None, "art_7__para_1"), ("paragraph", None, "art_7__para_2")]
        assert art.children[1].text == ("Second paragraph, which continues after a page break.",)

    def test_numbered_paragraph_headings_in_a_part(self) -> None:
        text = "### PART  I  \n\nThe aims:\n\n### 1  \n\nEveryone may work.\n\n### PART  II  \n\n" \
               "### Article  1  \n\n####The right to work\n\nText.\n"
        doc = read_text(text).document
        part1 = doc.body[0]
        assert (part1.kind, part1.num, part1.text) == ("part", "PART I", ("The aims:",))
        assert [(p.kind, p.num, p.eid, p.text) for p in part1.children] == [
            ("paragraph", "1", "part_I__para_1", ("Everyone may work.",))]
        assert doc.articles()[0].heading == "The right to work"


class TestMarkdownDrafts:
    PARIS = dedent("""
        ---
        title: Draft Agreement
        edit: true
        ---

        *This is an [editorial note][src] about the source.*

        [src]: http://example.org/source.pdf

        * TOC
        {:toc}

        ## Preamble

        The Parties to this Agreement,

        *Being* Parties to the Convention,

        *[Recognizing* the [urgent][pressing] need to act,]

        Have agreed as follows:

        ## Article 2bis *(general)*

        **Option 1:**

        1. All Parties shall [prepare][communicate] contributions[^1].

           1. hold the increase [below 2 °C][below 1.5 °C];
           2. pursue [a transformation].

        2. [Each Party [shall][should] act.]

        **Option 2:**

        No text

        ## [Article 3bis] *(REDD-plus)*

        Text of 3bis.

        [^1]: A footnote about contributions.
        """)

    def test_front_matter_toc_and_notes(self) -> None:
        doc = read_text(self.PARIS).document
        assert doc.meta.title == "Draft Agreement"
        assert doc.meta.notes == ("This is an editorial note about the source.",)
        assert doc.preamble is not None and doc.preamble.heading == "Preamble"
        assert doc.preamble.text == ("The Parties to this Agreement,",)
        assert [r.text[0] for r in doc.preamble.children] == [
            "Being Parties to the Convention,", "[Recognizing the [urgent][pressing] need to act,]"]

    def test_heading_in_parentheses_options_and_brackets_kept_verbatim(self) -> None:
        units = by_eid(read_text(self.PARIS).document)
        art = units["art_2bis"]
        assert (art.num, art.heading) == ("Article 2bis", "general")
        assert art.text == ("Option 1:",)
        assert art.wrap_up == ("Option 2:", "No text")
        assert units["art_2bis__para_1"].text == (
            "All Parties shall [prepare][communicate] contributions[^1].",)
        assert [p.text for p in units["art_2bis__para_1"].children] == [
            ("hold the increase [below 2 °C][below 1.5 °C];",), ("pursue [a transformation].",)]
        assert units["art_2bis__para_1__point_1"].kind == "point"
        assert units["art_2bis__para_2"].text == ("[Each Party [shall][should] act.]",)

    def test_bracketed_article_and_footnotes(self) -> None:
        doc = read_text(self.PARIS).document
        units = by_eid(doc)
        assert units["art_3bis"].num == "Article 3bis"
        assert ("class", "bracketed") in units["art_3bis"].attrs
        footnotes = doc.body[-1]
        assert dict(footnotes.attrs)["name"] == "footnotes"
        assert footnotes.text == ("[^1]: A footnote about contributions.",)

    def test_alternatives_with_paragraphs_become_blocks(self) -> None:
        text = dedent("""
            ## Article 2

            **Option 1:**

            1. First option, paragraph one.

            2. First option, paragraph two.

            **Option 2:**

            1. Second option, paragraph one.
            """)
        units = by_eid(read_text(text).document)
        blocks = units["art_2"].children
        assert [(b.kind, dict(b.attrs)["name"], b.text) for b in blocks] == [
            ("hcontainer", "alternative", ("Option 1:",)), ("hcontainer", "alternative", ("Option 2:",))]
        assert "art_2__hcontainer_2__para_1" in units

    def test_collapsed_one_line_preamble_is_split(self) -> None:
        text = ("####A Convention\n\nPreamble The member States, signatory hereto, Considering that "
                "unity matters; Recognising the value of co-operation; Recalling Recommendation "
                "No. R (85) 10; Have agreed as follows:     \n### Article  1  \n\n####Purpose\n\nText.\n")
        pre = read_text(text).document.preamble
        assert pre is not None and pre.heading == "Preamble"
        assert pre.text == ("The member States, signatory hereto,",)
        assert [r.text[0].split()[0] for r in pre.children] == ["Considering", "Recognising", "Recalling"]
        assert pre.wrap_up == ("Have agreed as follows:",)


class TestNoisyMarkdown:
    AI_ACT = dedent(r"""
        Having regard to the Treaty on the Functioning of the European Union,

        Whereas:

        (1) The purpose of this Regulation is to improve the internal market.

        (2) Artificial intelligence is a fast evolving family of technologies.

        HAVE ADOPTED THIS REGULATION:

        # TITLE I GENERAL PROVISIONS

        *Article 1 Subject matter*

        This Regulation lays down:

        \(a\) harmonised rules;

        \(b\) prohibitions.

        ```{=html}
        <!-- -->
        ```
        # TITLE II

        PROHIBITED PRACTICES

        *Article 5*

        *Prohibited practices*

        1.  The following practices shall be prohibited:

            a.  the placing on the market of [manipulative]{.ul} systems;

            b.  the use of social scoring.

        In addition, Member States shall report.

        2.  Paragraph two.

        ## Odd heading

        3.  Paragraph three.
        """)

    def test_citations_and_numbered_recitals(self) -> None:
        pre = read_text(self.AI_ACT).document.preamble
        assert pre is not None
        assert pre.text == (
            "Having regard to the Treaty on the Functioning of the European Union,", "Whereas:")
        assert [(r.num, r.eid) for r in pre.children] == [
            ("(1)", "preamble__rec_1"), ("(2)", "preamble__rec_2")]
        assert pre.wrap_up == ("HAVE ADOPTED THIS REGULATION:",)

    def test_titles_emphasised_articles_and_escaped_points(self) -> None:
        doc = read_text(self.AI_ACT).document
        titles = [u for u in doc.body if u.kind == "title"]
        assert [(t.num, t.heading) for t in titles] == [
            ("TITLE I", "GENERAL PROVISIONS"), ("TITLE II", "PROHIBITED PRACTICES")]
        units = by_eid(doc)
        assert (units["art_1"].heading, units["art_5"].heading) == ("Subject matter", "Prohibited practices")
        assert [p.num for p in units["art_1"].children] == ["(a)", "(b)"]

    def test_indented_points_subparagraph_text_and_markup(self) -> None:
        units = by_eid(read_text(self.AI_ACT).document)
        para1 = units["art_5__para_1"]
        assert [p.num for p in para1.children] == ["a.", "b."]
        assert para1.children[0].text == ("the placing on the market of manipulative systems;",)
        assert para1.wrap_up == ("In addition, Member States shall report.",)
        assert [p.num for p in units["art_5"].children] == ["1.", "2.", "3."]

    def test_unknown_heading_is_kept_and_warned_with_its_line(self) -> None:
        result = read_text(self.AI_ACT, where="act.md")
        assert "Odd heading" in by_eid(result.document)["art_5__para_2"].text
        (warning,) = result.warnings
        line = self.AI_ACT.split("\n").index("## Odd heading") + 1
        assert (warning.where, warning.line) == ("act.md", line)
        assert "Odd heading" in warning.what and str(warning).startswith(f"act.md:{line}: ")

    def test_no_word_is_lost(self) -> None:
        source = words(re.sub(r"\{[=.#][^}]*\}|<!--.*?-->", " ", self.AI_ACT))
        assert doc_words(read_text(self.AI_ACT).document) == source


class TestProblems:
    def test_no_articles_is_an_error(self) -> None:
        with pytest.raises(TreatyError) as info:
            read_text("Just a letter.\n\nWith two paragraphs.\n", where="letter.txt")
        problem = info.value.problem
        assert (problem.where, problem.what) == ("letter.txt", "no articles found")
        assert problem.hint

    def test_article_reference_in_running_text_is_not_a_heading(self) -> None:
        text = "Article 1\n\nThis applies to the systems listed in\nArticle 6 of this Regulation.\n"
        doc = read_text(text).document
        assert [a.num for a in doc.articles()] == ["Article 1"]
        assert doc.articles()[0].text == (
            "This applies to the systems listed in Article 6 of this Regulation.",)

    def test_stray_capitals_line_is_kept_and_warned(self) -> None:
        result = read_text("Article 1\n\nFirst text.\n\nA STRAY LINE IN CAPITALS\n\nMore text.\n")
        art = result.document.articles()[0]
        assert [p.text for p in art.children] == [
            ("First text.",), ("A STRAY LINE IN CAPITALS",), ("More text.",)]
        assert [(w.line, "unrecognised heading" in w.what) for w in result.warnings] == [(5, True)]

    def test_paragraph_after_points_of_an_unnumbered_first_paragraph(self) -> None:
        text = "Article 2\n\na. providers;\n\nb. users.\n\n2. For systems:\n\n    a. one;\n"
        art = read_text(text).document.articles()[0]
        assert [(c.kind, c.num) for c in art.children] == [
            ("point", "a."), ("point", "b."), ("paragraph", "2.")]
        assert [c.eid for c in art.children[2].children] == ["art_2__para_2__point_a"]

    def test_repeated_article_number_is_warned_and_gets_a_unique_id(self) -> None:
        result = read_text("Article 4\n\nOne.\n\nArticle 4\n\nTwo.\n", where="x.txt")
        assert [a.eid for a in result.document.articles()] == ["art_4", "art_4_2"]
        (warning,) = result.warnings
        assert warning.line == 5 and "appears again" in warning.what

    def test_read_dispatches_markdown_files(self, tmp_path: Path) -> None:
        path = tmp_path / "draft.md"
        path.write_text("## Article 1\n\nText.\n", encoding="utf-8")
        assert [a.eid for a in read(path).document.articles()] == ["art_1"]


class TestAmendmentList:
    def test_each_amendment_is_an_hcontainer(self) -> None:
        text = "".join(
            f"Amendment {n}\n\nProposal for a regulation\nRecital {n}\n\n"
            f"     Text proposed by the Commission                Amendment\n\n"
            f"(1) Old words.                        (1) New words.\n\n\f"
            for n in (1, 2, 3))
        result = read_text("TEXTS ADOPTED\n\n" + text)
        units = result.document.body
        assert [(u.kind, u.num, dict(u.attrs)["name"]) for u in units] == [
            ("hcontainer", f"Amendment {n}", "amendment") for n in (1, 2, 3)]
        assert units[0].heading == "Proposal for a regulation Recital 1"
        assert "no articles" in result.warnings[0].what


def test_strip_markup() -> None:
    labels = frozenset({"src"})
    assert strip_markup("**Option 1:** *Recognizing* r*eaffirming*") == "Option 1: Recognizing reaffirming"
    assert strip_markup("[Chapter 2]{.smallcaps} #  {#title-iva}") == "Chapter 2 #"
    assert strip_markup(r"\(a\) apply from \[24 months\]" + "\\\nnext") == "(a) apply from [24 months] next"
    assert strip_markup("see [OJ L 1](./../legal-\ncontent/X)) and <sup>1)</sup>") == "see OJ L 1) and 1)"
    assert strip_markup("the [text][src] and [kept][other]", labels) == "the text and [kept][other]"


def test_rules_table_has_a_comment_for_every_rule() -> None:
    source = Path(__file__).resolve().parents[1] / "treaty" / "readers" / "text.py"
    code = source.read_text(encoding="utf-8")
    for name, _ in RULES:
        rule_line = next(line for line in code.splitlines() if line.strip().startswith(f'("{name}"'))
        previous = code.splitlines()[code.splitlines().index(rule_line) - 1].strip()
        assert previous.startswith("#"), name


def test_second_paragraph_one_and_paragraph_one_point_two_get_different_eids() -> None:
    """Issue 14: a repeated "1." is ``para_1_2`` (the convention's ``_N``), never ``para_1-2``,
    which is how a paragraph numbered "1.2" is written."""
    from treaty import ids
    from treaty.model import Document, Unit

    art = Unit("article", num="Article 1", children=(
        Unit("paragraph", num="1.", text=("One.",)), Unit("paragraph", num="1.", text=("Again.",)),
        Unit("paragraph", num="1.2", text=("Sub.",))))
    doc = ids.assign_ids(Document(body=(art,)))
    assert [c.eid for c in doc.body[0].children] == [
        "art_1__para_1", "art_1__para_1_2", "art_1__para_1-2"]
    assert len({c.wid for c in doc.body[0].children}) == 3
