"""The text reader against the real treaty texts of ``tests/data/corpus`` (see its PROVENANCE.md).

Every file must import without losing a word and must write a workspace whose assembled AKN
validates; known facts of each treaty are checked. Skipped when the corpus is absent (set
``TREATY_CORPUS`` to its folder to run them elsewhere).

No-text-lost: what is compared
------------------------------
The source file and the document are both reduced to their *word sequence*: maximal runs
of letters and digits (``[^\\W_]+``), so punctuation, brackets and markup characters
(``#``, ``*``, ``|``, ``\\``, ``>``, ``-``) never count. Before that, from the source only:

1. the YAML front matter at the top (``---`` ... ``---``) is removed;
2. markdown link definitions ``[label]: url`` are removed, reference links ``[text][label]``
   keep only ``[text]`` (for defined labels), inline link targets ``](url)`` (http, https,
   mailto, ``/``, ``./``, ``../``, ``#``) are removed;
3. ``* TOC``, attribute blocks ``{:toc}`` ``{#id}`` ``{.ul}`` ``{=html}``, HTML tags and
   comments are removed; a pandoc span ``[text]{.smallcaps}`` keeps ``text``;
4. emphasis asterisks are removed (``r*eaffirming*`` is one word);
5. the line the reader took as the title (``meta.title``) is removed: its words are there.

The document's words are ``meta.notes`` then, for every unit in reading order, its
``num``, ``heading``, ``text``, children and ``wrap_up``. The two sequences must be equal:
no word lost, none added, none moved.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from treaty import akn, workspace
from treaty.model import Document, Unit
from treaty.readers import ReadResult
from treaty.readers.text import read_text

from .conftest import corpus_dir

CORPUS = corpus_dir()
FILES = sorted(p.name for p in CORPUS.glob("*.txt")) if CORPUS else []
pytestmark = pytest.mark.skipif(CORPUS is None, reason="treaty corpus not found (set TREATY_CORPUS)")


@cache
def source(name: str) -> str:
    assert CORPUS is not None
    return (CORPUS / name).read_text(encoding="utf-8")


@cache
def result(prefix: str) -> ReadResult:
    (name,) = [f for f in FILES if f.startswith(prefix)]
    return read_text(source(name), where=name)


def doc(prefix: str) -> Document:
    return result(prefix).document


def units(prefix: str) -> dict[str, Unit]:
    return doc(prefix).by_eid()


# -- word sequences -----------------------------------------------------------------------

WORD = re.compile(r"[^\W_]+")
FRONT_MATTER = re.compile(r"\A---\n.*?\n(?:---|\.\.\.)\n", re.S)
LINK_DEF = re.compile(r"^ {0,3}\[(?!\^)([^\]]+)\]:[ \t]+\S+[ \t]*$", re.M)
LINK_TARGET = re.compile(r"\]\((?:https?:|mailto:|\.{0,2}/|#)[^)]*\)", re.S)
SPAN = re.compile(r"\[([^\[\]]*)\]\{[^{}]*\}")
ATTRIBUTES = re.compile(r"\{[:.#=][^{}]*\}")
HTML = re.compile(r"<!--.*?-->|</?[A-Za-z][^<>]*>", re.S)
TOC = re.compile(r"^\s*[*+-]\s+TOC\s*$", re.M)


def source_words(text: str, title: str | None) -> list[str]:
    text = FRONT_MATTER.sub("", text.replace("\r\n", "\n"), count=1)
    if title:
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if " ".join(line.replace("#", " ").replace("*", " ").split()) == title:
                lines[i] = ""
                break
        text = "\n".join(lines)
    labels = {m.group(1).lower() for m in LINK_DEF.finditer(text)}
    text = re.sub(r"\]\[([^\[\]]*)\]", lambda m: "]" if m.group(1).lower() in labels else m.group(0), text)
    text = TOC.sub(" ", text)
    text = SPAN.sub(r"\1", text)
    text = text.replace("*", "")
    for pattern in (LINK_DEF, LINK_TARGET, ATTRIBUTES, HTML):
        text = pattern.sub(" ", text)
    return WORD.findall(text)


def document_words(document: Document) -> list[str]:
    return WORD.findall("\n".join(document.reading_parts()).replace("*", ""))


def first_difference(a: list[str], b: list[str]) -> str:
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"at word {i}: source {' '.join(a[i:i + 12])!r} / document {' '.join(b[i:i + 12])!r}"


@pytest.mark.parametrize("name", FILES)
def test_no_word_is_lost(name: str) -> None:
    document = read_text(source(name), where=name).document
    expected = source_words(source(name), document.meta.title)
    got = document_words(document)
    assert got == expected, first_difference(expected, got)


@pytest.mark.parametrize("name", FILES)
def test_workspace_validates(name: str, tmp_path: Path) -> None:
    document = read_text(source(name), where=name).document
    eids = [u.eid for u in document.units()]
    assert all(eids) and len(eids) == len(set(eids))
    assert all(u.wid for u in document.units())
    workspace.create(tmp_path / "ws", document)
    root, files = workspace.assemble(tmp_path / "ws")
    assert akn.validate(root) == []
    assert len(files) == len(document.articles())


@pytest.mark.parametrize("name", FILES)
def test_workspace_reads_back_the_same_document(name: str, tmp_path: Path) -> None:
    document = read_text(source(name), where=name).document
    workspace.create(tmp_path / "ws", document)
    back = workspace.load(tmp_path / "ws").document

    def rows(d: Document) -> list[tuple]:
        return [(u.kind, u.eid, u.wid, u.num, u.heading, u.text, u.wrap_up, u.attrs) for u in d.units()]

    assert rows(back) == rows(document)
    assert (back.meta.title, back.meta.notes) == (document.meta.title, document.meta.notes)


@pytest.mark.parametrize("name", FILES)
def test_warnings_name_the_file_and_a_line(name: str) -> None:
    warnings = read_text(source(name), where=name).warnings
    lines = source(name).count("\n") + 1
    for warning in warnings:
        assert warning.where == name and warning.what
        assert warning.line is None or 1 <= warning.line <= lines
    assert all(w.line for w in warnings if "appears again" in w.what or "heading" in w.what)


# -- article counts -----------------------------------------------------------------------


@pytest.mark.parametrize(("prefix", "articles"), [
    ("coe_ets185_budapest_convention", 48),
    ("coe_ets189_budapest_first_additional_protocol", 16),
    ("un_untoc", 41),
    ("un_uncac", 71),
    ("unfccc_paris_agreement_v4", 29),
    ("unfccc_paris_agreement_v5", 29),
    ("imo_sua_convention_v1", 22),
    ("imo_sua_convention_v2", 32),
    ("unesco_universal_copyright_convention_v1", 21),
    ("unesco_universal_copyright_convention_v2", 25),
    ("coe_ets035_european_social_charter_v1", 38),
    ("coe_ets163_european_social_charter_v2", 46),
    ("eu_ai_act_v01", 85),
    ("eu_ai_act_v12", 113),
])
def test_article_count(prefix: str, articles: int) -> None:
    assert len(doc(prefix).articles()) == articles


# -- facts of each treaty -----------------------------------------------------------------


def test_budapest_structure() -> None:
    d = doc("coe_ets185_budapest_convention")
    u = d.by_eid()
    assert d.meta.title == "Convention on Cybercrime"
    assert d.preamble is not None and d.preamble.heading == "Preamble"
    assert d.preamble.text == (
        "The member States of the Council of Europe and the other States signatory hereto,",)
    assert len(d.preamble.children) == 16
    assert d.preamble.children[0].text[0].startswith("Considering that the aim of the Council of Europe")
    assert d.preamble.wrap_up == ("Have agreed as follows:",)
    assert [(c.num, c.heading) for c in d.body if c.kind == "chapter"] == [
        ("CHAPTER I", "USE OF TERMS"), ("CHAPTER II", "MEASURES TO BE TAKEN AT THE NATIONAL LEVEL"),
        ("CHAPTER III", "INTERNATIONAL CO-OPERATION"), ("CHAPTER IV", "FINAL PROVISIONS")]
    assert u["chp_II__sec_1__title_1"].heading.startswith("OFFENCES AGAINST THE CONFIDENTIALITY")
    assert [a.heading for a in d.articles()[:3]] == ["Definitions", "Illegal access", "Illegal interception"]
    assert [p.num for p in u["art_9"].children] == ["1.", "2.", "3.", "4."]
    assert [p.num for p in u["art_9__para_1"].children] == ["a)", "b)", "c)", "d)", "e)"]
    assert [p.eid for p in u["art_1__point_c"].children] == [
        "art_1__point_c__point_i", "art_1__point_c__point_ii"]
    assert u["art_6__para_1__point_a__point_ii"].kind == "point"
    assert u["art_48"].text[0].startswith("The Secretary General of the Council of Europe shall notify")
    last = d.body[-1]
    assert dict(last.attrs) == {"name": "conclusions"} and last.text[0].startswith("IN WITNESS WHEREOF")


def test_untoc_and_uncac() -> None:
    untoc = doc("un_untoc")
    assert untoc.preamble is None  # this treaty has no preamble
    assert untoc.articles()[0].heading == "Statement of purpose"
    assert [p.num for p in untoc.by_eid()["art_2"].children][:3] == ["a)", "b)", "c)"]
    uncac = doc("un_uncac")
    assert len([c for c in uncac.body if c.kind == "chapter"]) == 8
    assert uncac.preamble is not None and len(uncac.preamble.children) == 15
    assert uncac.by_eid()["art_71"].heading == "Depositary and languages"


def test_sua_as_amended_has_inserted_articles() -> None:
    u = units("imo_sua_convention_v2")
    for eid, num in [("art_2bis", "Article 2bis"), ("art_3bis", "Article 3bis"),
                     ("art_3ter", "Article 3ter"), ("art_3quater", "Article 3quater"),
                     ("art_5bis", "Article 5bis"), ("art_8bis", "Article 8bis"),
                     ("art_11bis", "Article 11bis"), ("art_11ter", "Article 11ter"),
                     ("art_12bis", "Article 12bis"), ("art_16bis", "Article 16bis")]:
        assert u[eid].num == num and u[eid].wid == eid
    assert u["art_16bis"].heading.startswith("Final clauses of the Convention")
    assert [p.num for p in u["art_12bis__para_1"].children] == ["a)", "b)"]
    order = [a.eid for a in doc("imo_sua_convention_v2").articles()]
    assert order[:8] == [
        "art_1", "art_2", "art_2bis", "art_3", "art_3bis", "art_3ter", "art_3quater", "art_4"]
    assert "art_2bis" not in units("imo_sua_convention_v1")


def test_universal_copyright_convention_roman_numbers() -> None:
    u = units("unesco_universal_copyright_convention_v2")
    assert [a.eid for a in doc("unesco_universal_copyright_convention_v2").articles()][3:9] == [
        "art_IV", "art_IVbis", "art_V", "art_Vbis", "art_Vter", "art_Vquater"]
    assert u["art_IVbis"].num == "Article IVbis"
    assert [p.num for p in u["art_Vter"].children] == [f"{n}." for n in range(1, 10)]
    assert [p.num for p in u["art_Vter__para_4__point_c"].children] == ["(i)", "(ii)", "(iii)", "(iv)"]
    body = doc("unesco_universal_copyright_convention_v1").body
    tail = [(c.num, c.heading) for c in body if c.kind == "hcontainer"]
    assert tail == [("APPENDIX", "DECLARATION"), ("RESOLUTION", "concerning Article XI")]


def test_european_social_charter_parts_and_appendix() -> None:
    d = doc("coe_ets035_european_social_charter_v1")
    u = d.by_eid()
    parts = [c.num for c in d.body if c.kind == "part"]
    assert parts == ["PART I", "PART II", "PART III", "PART IV", "PART V"]
    assert [p.num for p in u["part_I"].children] == [str(n) for n in range(1, 20)]
    assert u["part_I__para_1"].text[0].startswith("Everyone shall have the opportunity to earn his living")
    assert u["art_36"].num == "Artikel 36"  # the source's typo is kept; the id is still art_36
    appendix = d.body[-1]
    assert appendix.heading == "Appendix to the Social Charter" and dict(appendix.attrs)["name"] == "annex"
    assert "Article 1" in appendix.text  # the appendix's notes on articles are text, not articles
    revised = doc("coe_ets163_european_social_charter_v2")
    assert [a.eid for a in revised.articles()][-15:] == [f"art_{c}" for c in "ABCDEFGHIJKLMNO"]


def test_paris_agreement_adopted() -> None:
    d = doc("unfccc_paris_agreement_v4")
    u = d.by_eid()
    assert d.meta.title == "Paris Agreement"  # from the YAML front matter
    assert d.meta.notes[0].startswith("This is the COP21 Paris Agreement as published on 12 December 2015.")
    assert d.preamble is not None and d.preamble.text == ("The Parties to this Agreement,",)
    assert d.preamble.children[0].text == (
        'Being Parties to the United Nations Framework Convention on Climate Change, hereinafter '
        'referred to as "the Convention",',)
    assert [p.num for p in u["art_2"].children] == ["1.", "2."]
    assert [p.num for p in u["art_2__para_1"].children] == ["1.", "2.", "3."]
    assert u["art_2__para_1__point_1"].text[0].startswith(
        "Holding the increase in the global average temperature")
    assert len(u["art_4"].children) == 19
    assert [p.num for p in u["art_13__para_7"].children] == ["1.", "2."]  # " 1." after "information:"


def test_paris_drafts_keep_brackets_options_and_footnotes() -> None:
    d = doc("unfccc_paris_agreement_v1")
    u = d.by_eid()
    assert [a.eid for a in d.articles()][:6] == [
        "art_1", "art_2", "art_2bis", "art_3", "art_3bis", "art_3ter"]
    assert (u["art_2"].heading, u["art_2"].text, u["art_2"].wrap_up) == (
        "purpose", ("Option 1:",), ("Option 2:", "No text"))
    assert u["art_2__para_1__point_1"].text[0].startswith(
        "hold the increase in the global average temperature [below 2 °C][below 1.5 °C]")
    assert ("class", "bracketed") in u["art_3bis"].attrs and u["art_3bis"].heading == "REDD-plus"
    assert u["art_8bis"].num == "Article 8 bis"
    assert [c.kind for c in u["art_3__para_7"].children] == ["subparagraph"] * 3
    footnotes = d.body[-1]
    assert dict(footnotes.attrs) == {"name": "footnotes"} and len(footnotes.text) == 12
    assert footnotes.text[0].startswith("[^1]: The version of 23 October 2015")


def test_eu_ai_act_final_regulation() -> None:
    d = doc("eu_ai_act_v12")
    u = d.by_eid()
    assert d.meta.title == "REGULATION (EU) 2024/1689 OF THE EUROPEAN PARLIAMENT AND OF THE COUNCIL"
    assert d.preamble is not None and len(d.preamble.children) == 180
    assert (d.preamble.children[0].num, d.preamble.children[-1].eid) == ("(1)", "preamble__rec_180")
    assert d.preamble.wrap_up == ("HAVE ADOPTED THIS REGULATION:",)
    assert len([c for c in d.body if c.kind == "chapter"]) == 13
    assert (u["art_1"].heading, u["art_3"].heading) == ("Subject matter`", "Definitions")
    assert len(u["art_3"].children) == 68
    assert [p.num for p in u["art_5__para_1"].children] == [f"({c})" for c in "abcdefgh"]
    assert [p.num for p in u["art_5__para_1__point_h"].children] == ["(i)", "(ii)", "(iii)"]
    assert u["art_5__para_1"].wrap_up[0].startswith(
        "Point (h) of the first subparagraph is without prejudice")
    annexes = [c.num for c in d.body if dict(c.attrs).get("name") == "annex"]
    assert annexes == [f"ANNEX {n}" for n in "I II III IV V VI VII VIII IX X XI XII XIII".split()]


def test_eu_ai_act_council_drafts() -> None:
    d = doc("eu_ai_act_v06")
    u = d.by_eid()
    assert d.preamble is not None and d.preamble.text[0].startswith("Having regard to the Treaty")
    assert [c.num for c in d.preamble.children[:3]] == ["(1)", "(2)", "(3)"]
    assert (u["title_I"].heading, u["title_IA"].heading) == (
        "GENERAL PROVISIONS", "GENERAL PURPOSE AI SYSTEMS")
    assert (u["title_III__chp_1"].heading, u["title_VI__chp_1A"].num) == (
        "CLASSIFICATION OF AI SYSTEMS AS HIGH-RISK", "CHAPTER 1A")
    assert (u["art_4c"].num, u["art_4c"].heading) == ("Article 4c", "Exceptions to Article 4b")
    assert [p.num for p in u["art_5__para_1"].children][:4] == ["a.", "b.", "c.", "d."]
    assert [p.text[0][:3] for p in u["art_4b__para_6"].children] == ["any", "any"]  # "-" bullets


def test_eu_parliament_amendments_are_kept_one_unit_each() -> None:
    r = result("eu_ai_act_v11")
    body = r.document.body
    assert len(body) == 771 and {dict(u.attrs)["name"] for u in body} == {"amendment"}
    assert body[0].num == "Amendment 1" and body[0].heading == "Proposal for a regulation Citation 4 a (new)"
    assert "no articles" in r.warnings[0].what


def test_kinds_of_units_used() -> None:
    kinds: Counter[str] = Counter()
    for name in FILES:
        kinds.update(u.kind for u in result(name).document.units())
    assert set(kinds) <= {"preamble", "recital", "part", "chapter", "section", "title", "article",
                          "paragraph", "subparagraph", "point", "hcontainer"}


# -- speed ---------------------------------------------------------------------------------


def _best_of(runs: int, text: str) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        read_text(text)
        best = min(best, time.perf_counter() - start)
    return best


def test_largest_file_reads_fast_and_in_linear_time() -> None:
    """The final EU AI Act (90k words, the largest treaty text) reads in well under a second,
    and four copies of it in about four times as long (no quadratic step)."""
    (largest,) = [n for n in FILES if n.startswith("eu_ai_act_v12")]
    text = source(largest)
    once = _best_of(3, text)
    assert once < 1.0, f"{largest}: {once:.2f} s"
    four_times = _best_of(2, "\n\n".join([text] * 4))
    assert four_times < 8 * once + 0.2, f"not linear: {once:.2f} s once, {four_times:.2f} s four times"
