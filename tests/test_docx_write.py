"""Writing the compiled draft as .docx: Word heading styles, bracketed formatting and
attributions, the index of proposals, real tracked changes in the redline (authored and
dated, so Accept/Reject give the new/base text), and a check through LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from treaty import commands, workspace
from treaty.amend.anchor import anchor
from treaty.compile import (
    Compiled,
    CUnit,
    Run,
    clean_document,
    compile_bracketed,
    compile_plain,
    compile_redline,
)
from treaty.delegations import registry
from treaty.model import Amendment, Change, Document, Metadata
from treaty.readers.docx import read_docx
from treaty.render import RenderOptions
from treaty.render.docx_out import render_docx

from .conftest import ROOT
from .test_docx_read import shape, words
from .test_docx_support import W, convert, parts_of


def body_of(data: bytes) -> etree._Element:
    return etree.fromstring(parts_of(data)["word/document.xml"]).find(W + "body")


def style_ids(data: bytes) -> dict[str, str]:
    styles = etree.fromstring(parts_of(data)["word/styles.xml"])
    return {s.get(W + "styleId"): s.find(W + "name").get(W + "val") for s in styles.iter(W + "style")}


def paragraphs_by_style(data: bytes, name: str) -> list[str]:
    ids = style_ids(data)
    out = []
    for p in body_of(data).iter(W + "p"):
        sid = p.find(f"{W}pPr/{W}pStyle")
        if sid is not None and ids.get(sid.get(W + "val"), "").lower() == name.lower():
            out.append(" ".join(t.text or "" for t in p.iter(W + "t")))
    return out


def runs_with(data: bytes, words_: str) -> list[etree._Element]:
    """Runs of the text (not of the index of proposals) holding `words_`."""
    ids = style_ids(data)

    def furniture(r: etree._Element) -> bool:
        sid = r.getparent().find(f"{W}pPr/{W}pStyle")
        return sid is not None and ids.get(sid.get(W + "val"), "").startswith("Treaty")

    return [r for r in body_of(data).iter(W + "r")
            if words_ in "".join(t.text or "" for t in r.iter(W + "t")) and not furniture(r)]


def on(r: etree._Element, prop: str) -> bool:
    el = r.find(f"{W}rPr/{W}{prop}")
    return el is not None and el.get(W + "val") not in ("0", "false", "none")


@pytest.fixture(scope="module")
def demo_loaded():
    return commands.load(ROOT)


def options(attribution: str = "names") -> RenderOptions:
    return RenderOptions(attribution=attribution, registry=registry(ROOT))


# -- structure -------------------------------------------------------------------------------


def test_headings_are_word_heading_styles():
    doc = workspace.load(ROOT).document
    data = render_docx(compile_plain(doc), options())
    assert paragraphs_by_style(data, "Heading 1") == [
        "Chapter I General provisions", "Chapter IV International cooperation",
        "Chapter VI Technical assistance, including information exchange",
        "Chapter VII Preventive measures", "Chapter VIII Mechanism of implementation"]
    assert paragraphs_by_style(data, "Heading 2")[:3] == [
        "Article 2 Use of terms", "Article 57 Scope of international cooperation",
        "Article 58 Extradition"]
    assert len(paragraphs_by_style(data, "Heading 2")) == 7
    # number and heading on two lines of one heading paragraph: one entry in the navigation pane
    heading = next(p for p in body_of(data).iter(W + "p")
                   if "Extradition" in "".join(p.itertext()))
    assert heading.find(f".//{W}br") is not None
    assert paragraphs_by_style(data, "Treaty Symbol") == ["A/AC.291/22"]
    core = parts_of(data)["docProps/core.xml"].decode()
    assert "cnd-2023-04" in core and "A/AC.291/22" in core


def test_text_that_looks_like_markup_is_escaped():
    unit = CUnit("article", "art_1", "art_1", "Article 1", "<script>alert(1)</script>",
                 ((Run("A & B <b>not bold</b> \x0b control char"),),))
    compiled = Compiled(Metadata(title="T & <T>"), "clean", None, (unit,))
    data = render_docx(compiled, options())
    text = "".join(body_of(data).itertext())
    assert "<script>alert(1)</script>" in text
    assert "A & B <b>not bold</b>  control char" in text


# -- bracketed -------------------------------------------------------------------------------


def test_bracketed_formatting_attribution_and_index(demo_loaded):
    compiled = compile_bracketed(demo_loaded.ws.document, demo_loaded.amendments)
    data = render_docx(compiled, options())
    # proposed words: bold and underlined; their delegation after them
    new = runs_with(data, "countries in special situations, in particular African countries")
    assert new and all(on(r, "b") and on(r, "u") for r in new)
    text = "".join(body_of(data).itertext())
    assert "[developing States] [countries in special situations" in text
    assert "small island developing States (United Kingdom)]" in text
    # a proposed deletion: struck through, "(delete: ...)"
    struck = runs_with(data, "modern law enforcement equipment and techniques")
    assert struck and all(on(r, "strike") for r in struck)
    assert "(delete: European Union and its member States, Australia, Canada)" in text
    # agreed ad referendum: integrated, labelled
    assert "as well as other forms of international cooperation under this Convention (ad ref)" \
        in text
    # whole-unit proposals
    assert "Alt 1" in text and "[Article 93" in text
    # index: one entry per proposal shown, each a bookmark the superscript numbers link to
    index = paragraphs_by_style(data, "Treaty Index")
    assert len(index) == len(compiled.shown_amendments())
    body = body_of(data)
    marks = {b.get(W + "name") for b in body.iter(W + "bookmarkStart")}
    links = {h.get(W + "anchor") for h in body.iter(W + "hyperlink")}
    assert links and links <= marks
    assert any("ahc5-gbr-countries-special-situations" in e and "Proposed by: United Kingdom (GBR)"
               in e for e in index)
    assert paragraphs_by_style(data, "Treaty Index Heading")[0] == "Index of proposals"


def test_attribution_codes_and_none(demo_loaded):
    compiled = compile_bracketed(demo_loaded.ws.document, demo_loaded.amendments)
    codes = "".join(body_of(render_docx(compiled, options("codes"))).itertext())
    assert "small island developing States (GBR)]" in codes
    plain = "".join(body_of(render_docx(compiled, options("none"))).itertext())
    assert "small island developing States]" in plain
    assert "(GBR)" not in plain.split("Index of proposals")[0]


# -- redline ----------------------------------------------------------------------------------


def adoptable(doc: Document, amendments: list[Amendment]) -> list[Amendment]:
    """Every pending proposal that can be adopted alongside the others (no conflicts)."""
    chosen: list[Amendment] = []
    for a in amendments:
        if a.status not in ("proposed", "agreed-ad-ref"):
            continue
        a = replace(a, status="adopted")
        check = anchor(doc, chosen + [a])
        if not check.conflicts and not check.unlocated:
            chosen.append(a)
    return chosen


def test_redline_is_real_tracked_changes(demo_loaded):
    doc = demo_loaded.ws.document
    chosen = adoptable(doc, demo_loaded.amendments)
    assert len(chosen) >= 10
    data = render_docx(compile_redline(doc, chosen), options())
    body = body_of(data)
    ins, dels = list(body.iter(W + "ins")), list(body.iter(W + "del"))
    assert ins and dels
    # Issue 14: every change is authored by the delegation(s) whose proposal made it and
    # dated with that proposal's date (never the Secretariat: each change is accounted for).
    from treaty.delegations import registry

    reg = registry()
    made_by = {(", ".join(reg.name(c) for c in a.proposers), f"{a.date}T00:00:00Z")
               for a in chosen}
    for el in ins + dels:
        assert (el.get(W + "author"), el.get(W + "date")) in made_by
    assert len({el.get(W + "id") for el in ins + dels}) == len(ins + dels)
    assert not any(el.find(f"{W}r/{W}t") is not None for el in dels)  # deleted text: w:delText
    assert any(el.find(f"{W}r/{W}delText") is not None for el in dels)
    # Reject all = the base text, exactly; Accept all = the new text, word for word
    rejected = read_docx(data, "red.docx", changes="reject").document
    assert shape(rejected) == shape(doc)
    clean, _ = clean_document(doc, chosen)
    accepted = read_docx(data, "red.docx", changes="accept").document
    assert sorted(words(accepted)) == sorted(words(clean))
    assert len(accepted.articles()) == len(clean.articles())


def test_redline_changes_are_authored_by_the_proposer():
    meta = Metadata(title="T", date="2024-01-10")
    a = Amendment("a1", ("SGP",), (Change("replace", "art_1", "old", "new"),), date="2024-02-03")
    b = Amendment("b1", ("EU", "USA"), (Change("delete-unit", "art_2"),), date="2024-02-04")
    art1 = CUnit("article", "art_1", "art_1", "Article 1", "One",
                 ((Run("The "), Run("old", "del", ("a1",)), Run("new", "ins", ("a1",)),
                   Run(" words "), Run("too", "ins")),))
    art2 = CUnit("article", "art_2", "art_2", "Article 2", "Two", ((Run("Gone.", "del", ("b1",)),),),
                 mark="del")
    compiled = Compiled(meta, "redline", None, (art1, art2), amendments={"a1": a, "b1": b})
    data = render_docx(compiled, options())
    body = body_of(data)
    tracked = [(el.tag.split("}")[1], el.get(W + "author"), el.get(W + "date"),
                "".join(el.itertext())) for el in body.iter(W + "ins", W + "del")]
    assert ("del", "Singapore", "2024-02-03T00:00:00Z", "old") in tracked
    assert ("ins", "Singapore", "2024-02-03T00:00:00Z", "new") in tracked
    assert ("ins", "Secretariat", "2024-01-10T00:00:00Z", "too") in tracked
    # the deleted article: heading and paragraph marks tracked, by its proposers
    eu = "European Union and its member States, United States"
    assert ("del", eu, "2024-02-04T00:00:00Z", "Article 2") in tracked
    marks = [p for p in body.iter(W + "p") if p.find(f"{W}pPr/{W}rPr/{W}del") is not None]
    assert len(marks) == 2  # heading + its text
    accepted = read_docx(data, "r.docx", changes="accept").document
    assert [a.num for a in accepted.articles()] == ["Article 1"]
    assert accepted.articles()[0].text == ("The new words too",)


# -- as a user sees it ---------------------------------------------------------------------------


def test_libreoffice_renders_the_bracketed_draft(tmp_path: Path, demo_loaded):
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) is not installed")
    compiled = compile_bracketed(demo_loaded.ws.document, demo_loaded.amendments)
    source = tmp_path / "draft.docx"
    source.write_bytes(render_docx(compiled, options()))
    pdf = convert(source, "pdf", tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "A/AC.291/22" in text and "Article 58" in text and "Index of proposals" in text
    assert "(United Kingdom)]" in text
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf),
                        str(tmp_path / "page")], check=True)
        assert list(tmp_path.glob("page*.png"))
