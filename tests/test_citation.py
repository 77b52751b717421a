"""Citations: the `Citation` value (parse, format, resolve), citations found in running
text, and cross-references following renumbering on the whole of UNCAC."""

from __future__ import annotations

from functools import lru_cache

import pytest

from treaty.amend.anchor import anchor
from treaty.amend.apply import apply_sites
from treaty.amend.build import article_unit, paragraph_unit, point_unit
from treaty.citation import Citation, mentions
from treaty.model import Amendment, Change, Document, TreatyError, Unit
from treaty.readers import read
from treaty.renumber import renumber_all

from .conftest import ROOT

UNCAC = ROOT / "tests" / "data" / "corpus" / "un_uncac_2003_en.txt"


# -- the value ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, short, prose", [
    ("58", "58", "article 58"),
    ("58.2", "58.2", "article 58, paragraph 2"),
    ("58.2(a)", "58.2(a)", "article 58, paragraph 2 (a)"),
    ("58 bis", "58bis", "article 58 bis"),
    ("Article 58 bis.3 (b)(ii)", "58bis.3(b)(ii)", "article 58 bis, paragraph 3 (b) (ii)"),
    ("article 23, paragraph 1 b) (ii)", "23.1(b)(ii)", "article 23, paragraph 1 (b) (ii)"),
    ("paragraph 2 of article 55", "55.2", "article 55, paragraph 2"),
    ("preamble 3", "preamble 3", "preamble 3"),
    ("chapter IV", "chapter IV", "chapter IV"),
])
def test_parse_and_format(text, short, prose):
    c = Citation.parse(text)
    assert str(c) == short and c.prose() == prose
    assert Citation.parse(str(c)) == c


def test_not_a_citation_is_one_clear_error():
    with pytest.raises(TreatyError, match="not a citation"):
        Citation.parse("58..2")


def _small() -> Document:
    p = Unit("paragraph", "art_2__para_1", "art_2__para_1", "1.", children=(
        Unit("point", "art_2__para_1__point_a", "art_2__para_1__point_a", "(a)"),))
    return Document(preamble=Unit("preamble", "preamble", "preamble", children=(
        Unit("recital", "preamble__rec_1", "preamble__rec_1"),)),
        body=(Unit("article", "art_2", "art_2", "Article 2", children=(p,)),))


def test_resolve_names_what_is_missing():
    doc = _small()
    assert Citation.parse("2.1(a)").resolve(doc) == "art_2__para_1__point_a"
    assert Citation.parse("preamble 1").resolve(doc) == "preamble__rec_1"
    with pytest.raises(TreatyError, match="no article 3"):
        Citation.parse("3.1").resolve(doc)
    with pytest.raises(TreatyError, match="has no 4"):
        Citation.parse("2.4").resolve(doc)


# -- citations in running text ----------------------------------------------------------------

def _found(text: str) -> list[tuple[str, str, str, bool]]:
    return [(m.text, str(m.citation), m.relative, m.external) for m in mentions(text)]


def test_lists_ranges_and_nested_forms():
    assert _found("articles 15, 21 and 23 of this Convention") == [
        ("15", "15", "", False), ("21", "21", "", False), ("23", "23", "", False)]
    assert _found("articles 44 to 50") == [("44", "44", "", False), ("50", "50", "", False)]
    assert _found("articles 60 and 62 and chapters II to V of this Convention") == [
        ("60", "60", "", False), ("62", "62", "", False),
        ("II", "chapter II", "", False), ("V", "chapter V", "", False)]
    assert _found("article 23, paragraph 1 a) (i) or (ii) or b) (i), of this Convention") == [
        ("23", "23", "", False), ("1", "23.1", "", False), ("a", "23.1(a)", "", False),
        ("i", "23.1(a)(i)", "", False), ("ii", "23.1(a)(ii)", "", False),
        ("b", "23.1(b)", "", False), ("i", "23.1(b)(i)", "", False)]
    assert _found("pursuant to paragraph 2 of article 55 of this Convention") == [
        ("2", "55.2", "", False), ("55", "55", "", False)]
    assert _found("paragraphs 9 to 29 of this article") == [
        ("9", ".9", "article", False), ("29", ".29", "article", False)]
    assert _found("For the purposes of subparagraph b) above") == [("b", "(b)", "paragraph", False)]
    assert _found("article 58 bis or 59") == [("58 bis", "58bis", "", False), ("59", "59", "", False)]


def test_divisions_letters_and_roman_numbers():
    # European Social Charter (revised) wording: a Part of this Charter is this instrument.
    assert _found("paragraphs 1 and 4 of Article 10 of Part II of this Charter") == [
        ("1", "10.1", "", False), ("4", "10.4", "", False), ("10", "10", "", False)]
    assert _found("in accordance with paragraph 2 of Article B, the") == [
        ("2", "B.2", "", False), ("B", "B", "", False)]
    assert _found("Article IV of the Treaty on the Non-Proliferation") == [("IV", "IV", "", True)]
    assert _found("referred to in this article A State Party shall") == []


def test_other_instruments_are_external():
    assert _found("article 5 of the United Nations Convention against Transnational "
                  "Organized Crime") == [("5", "5", "", True)]
    assert _found("paragraph 3 of article 16 of the 1988 Convention") == [
        ("3", "16.3", "", True), ("16", "16", "", True)]
    assert _found("in article 4.8 of the text") == []


# -- following renumbering ------------------------------------------------------------------

def _consolidate(doc: Document, *changes: Change):
    a = Amendment("x", ("USA",), changes)
    new = apply_sites(doc, list(anchor(doc, [a]).sites))
    inserted = {u.wid for u in new.units()} - {u.wid for u in doc.units()}
    return renumber_all(doc, new, inserted)


def test_preamble_annex_and_external_citations():
    arts = tuple(Unit("article", f"art_{n}", f"art_{n}", f"Article {n}", text=(t,)) for n, t in [
        (1, "Subject to article 2, paragraph 1 (a), and article 3."),
        (2, "As in article 5 of the United Nations Convention against Transnational Organized "
            "Crime and article 3 of this Convention."),
        (3, "Article 9 does not exist.")])
    point = Unit("point", "art_2__para_1__point_a", "art_2__para_1__point_a", "(a)", text=("x",))
    arts = (arts[0], Unit("article", "art_2", "art_2", "Article 2", children=(
        Unit("paragraph", "art_2__para_1", "art_2__para_1", "1.", text=arts[1].text,
             children=(point,)),)), arts[2])
    annex = Unit("annex", "annex_1", "annex_1", "Annex", text=("Procedures under article 3.",))
    doc = Document(preamble=Unit("preamble", "preamble", "preamble", children=(
        Unit("recital", "preamble__rec_1", "preamble__rec_1", text=("Recalling article 3,",)),)),
        body=arts + (annex,))
    result = _consolidate(doc, Change("insert-unit", "art_1", where="after",
                                      units=(article_unit("New.", "New"),)))
    texts = {u.wid: u.text for u in result.doc.units()}
    assert texts["art_1"] == ("Subject to article 3, paragraph 1 (a), and article 4.",)
    assert texts["art_2__para_1"] == ("As in article 5 of the United Nations Convention against "
                              "Transnational Organized Crime and article 4 of this Convention.",)
    assert texts["preamble__rec_1"] == ("Recalling article 4,",)
    assert texts["annex_1"] == ("Procedures under article 4.",)
    assert [(p.wid, p.written, p.reason) for p in result.unresolved] == [
        ("art_3", "9", "no article 9 in this text")]
    assert [(p.wid, p.written) for p in result.external] == [("art_2__para_1", "5")]
    assert len(result.changed) == 5


def test_citation_of_a_deleted_article_is_reported():
    arts = tuple(Unit("article", f"art_{n}", f"art_{n}", f"Article {n}", text=(t,)) for n, t in [
        (1, "See article 2 and article 3."), (2, "Two."), (3, "Three.")])
    result = _consolidate(Document(body=arts), Change("delete-unit", "art_2"))
    assert result.doc.body[0].text == ("See article 2 and article 2.",)
    assert [(p.written, p.reason) for p in result.unresolved] == [
        ("2", "cites Article 2, which this version deletes")]


@lru_cache(maxsize=1)
def uncac() -> Document:
    return read(UNCAC).document


# Every citation UNCAC makes of a provision whose number changes when an article is
# inserted after article 16, a paragraph after 55.1 and a point after 23.1 a): the exact
# words before and after, unit by unit. Every other word of the text stays as it was.
EXPECTED = [
    ("art_2__point_h", "article 23 of this Convention", "article 24 of this Convention"),
    ("art_14__para_1__point_b", "article 46 of", "article 47 of"),
    ("art_24", "article 23 of", "article 24 of"),
    ("art_31__para_7", "this article and article 55 of", "this article and article 56 of"),
    ("art_37__para_4", "article 32 of", "article 33 of"),
    ("art_38__point_a", "articles 15, 21 and 23 of", "articles 15, 22 and 24 of"),
    ("art_42__para_2__point_c", "article 23, paragraph 1 b) (ii), of",
     "article 24, paragraph 1 c) (ii), of"),
    ("art_42__para_2__point_c", "article 23, paragraph 1 a) (i) or (ii) or b) (i), of",
     "article 24, paragraph 1 a) (i) or (ii) or c) (i), of"),
    ("art_42__para_3", "article 44 of", "article 45 of"),
    ("art_43__para_1", "articles 44 to 50 of", "articles 45 to 51 of"),
    ("art_46__para_2", "article 26 of", "article 27 of"),
    ("art_54__para_1", "article 55 of", "article 56 of"),
    ("art_54__para_2", "paragraph 2 of article 55 of", "paragraph 3 of article 56 of"),
    ("art_55__para_1", "article 31, paragraph 1, of", "article 32, paragraph 1, of"),
    ("art_55__para_1__point_b", "articles 31, paragraph 1, and 54, paragraph 1 a), of",
     "articles 32, paragraph 1, and 55, paragraph 1 a), of"),
    ("art_55__para_1__point_b", "article 31, paragraph 1, situated",
     "article 32, paragraph 1, situated"),
    ("art_55__para_2", "article 31, paragraph 1, of", "article 32, paragraph 1, of"),
    ("art_55__para_3", "article 46 of", "article 47 of"),
    ("art_55__para_3", "article 46, paragraph 15,", "article 47, paragraph 15,"),
    ("art_55__para_3__point_c", "paragraph 2 of this article", "paragraph 3 of this article"),
    ("art_55__para_4", "paragraphs 1 and 2 of this article", "paragraphs 1 and 3 of this article"),
    ("art_55__para_6", "paragraphs 1 and 2 of this article", "paragraphs 1 and 3 of this article"),
    ("art_57__para_1", "article 31 or 55 of", "article 32 or 56 of"),
    ("art_57__para_3", "articles 46 and 55 of", "articles 47 and 56 of"),
    ("art_57__para_3__point_a", "articles 17 and 23 of", "articles 18 and 24 of"),
    ("art_57__para_3__point_a", "article 55 and on", "article 56 and on"),
    ("art_57__para_3__point_b", "article 55 of", "article 56 of"),
    ("art_63__para_4__point_a", "articles 60 and 62 and chapters II to V",
     "articles 61 and 63 and chapters II to V"),
    ("art_64__para_2__point_a", "article 63 of", "article 64 of"),
    ("art_64__para_2__point_b", "article 63, paragraphs 5 and 6, of",
     "article 64, paragraphs 5 and 6, of"),
]


def test_every_citation_in_uncac_follows_inserted_article_paragraph_and_point():
    doc = uncac()
    result = _consolidate(
        doc,
        Change("insert-unit", "art_16", where="after", units=(article_unit(
            "1. Each State Party shall consider adopting such measures.", "New article"),)),
        Change("insert-unit", "art_55__para_1", where="after", units=(paragraph_unit("New."),)),
        Change("insert-unit", "art_23__para_1__point_a", where="after",
               units=(point_unit("new point;"),)))
    expected = {u.wid: "\n".join(u.text + u.wrap_up) for u in doc.units()}
    for wid, before, after in EXPECTED:
        assert before in expected[wid], (wid, before)
        expected[wid] = expected[wid].replace(before, after, 1)
    got = {u.wid: "\n".join(u.text + u.wrap_up) for u in result.doc.units()}
    for wid, text in expected.items():
        assert got[wid] == text, wid
    # Nothing found was left unresolved; nothing cites another instrument in UNCAC.
    assert result.unresolved == [] and result.external == []
    assert len(result.changed) == 40
    # The new units have their numbers, and citations of them resolve in the new version.
    assert Citation.parse("17.1").resolve(result.doc) == "art_16bis__para_1"
    assert Citation.parse("56.2").resolve(result.doc) == "art_55__para_1bis"
    assert Citation.parse("24.1(b)").resolve(result.doc) == "art_23__para_1__point_abis"
    assert Citation.parse("24.1(c)(ii)").resolve(result.doc) == "art_23__para_1__point_b__point_ii"


def test_units_placed_first_get_numbers_and_citations_follow():
    """A new article placed before the first article of a chapter is numbered after the
    article before it in the text ("14 bis"); a new first paragraph or point is "1 new." /
    "a new)" until renumbering makes it 1. / a)."""
    doc = uncac()
    from treaty.compile import compile_bracketed

    changes = (
        Change("insert-unit", "art_15", where="before", units=(article_unit("New.", "N"),)),
        Change("insert-unit", "art_16__para_1", where="before", units=(paragraph_unit("P."),)),
        Change("insert-unit", "art_15__point_a", where="before", units=(point_unit("q;"),)),
    )
    draft = compile_bracketed(doc, [Amendment("x", ("USA",), changes)])
    new = [u for u in draft.units() if u.inserted_by]
    assert [(u.kind, u.num) for u in new] == [
        ("article", "Article 14 bis"), ("point", "a new)"), ("paragraph", "1 new.")]
    result = _consolidate(doc, *changes)
    nums = {u.wid: u.num for u in result.doc.units()}
    assert (nums["art_14bis"], nums["art_15"], nums["art_16"]) == (
        "Article 15", "Article 16", "Article 17")
    assert (nums["art_15__point_anew"], nums["art_15__point_a"]) == ("a)", "b)")
    assert (nums["art_16__para_1new"], nums["art_16__para_1"], nums["art_16__para_2"]) == (
        "1.", "2.", "3.")
    assert "articles 16 and 17 of this Convention" in " ".join(
        u.text[0] for u in result.doc.units() if u.wid == "art_12__para_4")
