"""Tracked changes in a Word copy of the draft become attributed, anchored proposals."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from treaty import commands, workspace
from treaty.amend.anchor import anchor
from treaty.cli import app
from treaty.commands.proposals import propose_from_docx, read_author_map
from treaty.compile import compile_bracketed, compile_plain
from treaty.delegations import registry
from treaty.docx_changes import harvest
from treaty.model import Change, TreatyError, Unit
from treaty.render.docx_out import render_docx

from .conftest import ROOT
from .test_docx_support import Doc, convert, odt, odt_change, parts_of

runner = CliRunner()
SGP = "Singapore delegation"
MAP = {SGP: "SGP", "R. Ivanov": "RUS"}


@pytest.fixture(scope="module")
def doc():
    return workspace.load(ROOT).document


@pytest.fixture(scope="module")
def base(doc) -> bytes:
    """The current draft as a delegation receives it."""
    return render_docx(compile_plain(doc))


def run(doc, data: bytes, **kw):
    kw.setdefault("author_map", MAP)
    return harvest(doc, data, "edited.docx", registry(ROOT), today="2024-01-01", **kw)


def only(result) -> Change:
    assert result.unanchored == []
    [a] = result.amendments
    [change] = a.changes
    return change


# -- word changes -----------------------------------------------------------------------------


def test_replace_is_one_proposal_attributed_and_dated(doc, base):
    data = Doc(base).replace("This article shall apply to the offences", "punishable",
                             "a criminal offence", SGP, date="2024-02-05T16:20:00Z").save()
    result = run(doc, data, session="AHC-6")
    [a] = result.amendments
    assert a.proposers == ("SGP",)
    assert a.date == "2024-02-05"
    assert a.session == "AHC-6" and a.status == "proposed"
    assert a.note == "From tracked changes by Singapore delegation in edited.docx (paragraph 36)."
    assert a.changes == (Change("replace", "art_58__para_1", "punishable", "a criminal offence"),)
    assert result.authors == {SGP: "SGP"}


def test_pure_insertion_anchors_after_the_preceding_words(doc, base):
    data = Doc(base).insert("Each of the offences to which this article applies",
                            "extraditable offence", " and a serious crime", SGP).save()
    change = only(run(doc, data))
    assert change == Change("insert", "art_58__para_2", "an extraditable offence",
                            " and a serious crime", where="after")
    # "an extraditable offence" is unique in the paragraph; "offence" alone is not
    unit = doc.by_wid()["art_58__para_2"]
    assert unit.own_text.count("an extraditable offence") == 1


def test_insertion_typed_before_a_word_keeps_its_space_in_front(doc, base):
    # Word users often type "fair " before the next word: the space moves to the front
    data = Doc(base).insert("shall be guaranteed fair treatment", "shall be guaranteed ",
                            "full and ", SGP).save()
    change = only(run(doc, data))
    assert change.kind == "insert" and change.target == "art_58__para_8"
    assert change.old == "shall be guaranteed" and change.new == " full and"


def test_pure_deletion_uses_the_deleted_words(doc, base):
    data = Doc(base).replace("Each of the offences to which this article applies",
                             "States Parties undertake to include such offences as extraditable "
                             "offences in every extradition treaty to be concluded between them.",
                             "", SGP).save()
    change = only(run(doc, data))
    assert change == Change("delete", "art_58__para_2",
                            "States Parties undertake to include such offences as extraditable "
                            "offences in every extradition treaty to be concluded between them.")


def test_change_inside_a_word_is_widened_to_the_whole_word(doc, base):
    # Word tracks characters: "es can" -> "e can" turns "States" into "State"
    data = Doc(base).replace("Recognizing the need to enhance technical assistance",
                             "es can", "e can", SGP).save()
    assert only(run(doc, data)) == Change("replace", "preamble__rec_5", "States", "State")
    # an insertion inside a word: "capacity-building" -> "capacity-buildings"
    data = Doc(base).insert("Recognizing the need to enhance technical assistance",
                            "capacity-building", "s", SGP).save()
    assert only(run(doc, data)) == Change("replace", "preamble__rec_5", "building", "buildings")


def test_ambiguous_words_get_an_occurrence(doc, base):
    # "the requested State Party" occurs four times in paragraph 5; change the third one
    unit = doc.by_wid()["art_58__para_5"]
    assert unit.own_text.count("requested State Party") == 2
    d = Doc(base)
    p = d.para("Extradition shall be subject to the conditions provided")
    texts = [t for t in p.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")]
    body = next(t for t in texts if "grounds upon which" in (t.text or ""))
    # make the edit on the second "requested State Party" (after "grounds upon which the")
    head, tail = body.text.split("grounds upon which the ", 1)
    body.text = head + "grounds upon which the "
    r = body.getparent()
    rest = d.run(tail)
    r.addnext(rest)
    data = d.replace("Extradition shall be subject to the conditions provided",
                     "requested State Party may refuse", "requested State Party shall refuse",
                     SGP).save()
    change = only(run(doc, data))
    assert change.kind == "replace" and change.target == "art_58__para_5"
    located = anchor(doc, [run(doc, data).amendments[0]]).sites[0]
    assert unit.own_text[located.start:located.end] == change.old
    assert unit.own_text.index(change.old) <= located.start


def test_adjacent_changes_of_two_delegations_are_two_proposals(doc, base):
    data = Doc(base).replace("States Parties shall, subject to their domestic law, endeavour",
                             "endeavour to expedite", "expedite", SGP,
                             new_author="R. Ivanov").save()
    result = run(doc, data)
    got = sorted((a.proposers, a.changes[0].kind) for a in result.amendments)
    assert got == [(("RUS",), "insert"), (("SGP",), "delete")]


# -- whole paragraphs ----------------------------------------------------------------------------


def test_new_point_becomes_an_inserted_unit(doc, base):
    data = Doc(base).new_paragraph("where it considers the offence for which extradition",
                                   "(a bis)\tWhere the request concerns a child;", SGP).save()
    change = only(run(doc, data))
    assert change.kind == "insert-unit"
    assert (change.target, change.where) == ("art_58__para_10__point_a", "after")
    assert change.units == (Unit("point", num="(a bis)", text=("Where the request concerns a child;",)),)


def test_new_unnumbered_paragraph_after_a_paragraph(doc, base):
    data = Doc(base).new_paragraph("The Conference of the States Parties shall adopt rules",
                                   "The Conference shall work by consensus.", SGP).save()
    result = run(doc, data)
    change = only(result)
    assert change.kind == "insert-unit" and change.where == "after"
    assert change.target.startswith("art_95__para_")
    assert change.units[0].kind == "paragraph" and change.units[0].num is None
    assert change.units[0].text == ("The Conference shall work by consensus.",)
    compiled = compile_bracketed(doc, result.amendments)
    inserted = [u for u in compiled.units() if u.inserted_by]
    assert len(inserted) == 1 and inserted[0].num.endswith("bis.")


def test_deleted_paragraph_is_a_whole_unit_deletion(doc, base):
    data = Doc(base).delete_paragraph("States Parties shall, subject to their domestic law, "
                                      "endeavour to expedite", SGP).save()
    assert only(run(doc, data)) == Change("delete-unit", "art_58__para_6")


def test_deleting_every_paragraph_of_an_article_deletes_the_article(doc, base):
    article = doc.by_wid()["art_93"]
    d = Doc(base)
    d.delete_paragraph("Article 93", SGP)
    for unit in article.walk():
        for block in unit.text + unit.wrap_up:
            d.delete_paragraph(block[:60], SGP)
    assert only(run(doc, d.save())) == Change("delete-unit", "art_93")


# -- what cannot be anchored is reported -------------------------------------------------------


def test_unanchorable_changes_are_reported_not_dropped(doc, base):
    d = Doc(base)
    # a paragraph the workspace does not have
    p = d.para("Each State Party shall provide the Conference")
    for t in p.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"):
        if "Each State Party" in (t.text or ""):
            t.text = "An entirely different text that the workspace has never seen at all."
    d.replace("An entirely different text", "never seen", "not seen", SGP)
    # a change to an article heading
    d.replace("Extradition", "Extradition", "Surrender", SGP)
    result = run(doc, d.save())
    assert result.amendments == []
    reasons = sorted((u.what, u.reason.split(" (")[0]) for u in result.unanchored)
    assert ("replace 'Extradition' with 'Surrender'",
            "changes a number or heading; propose it by hand") in reasons
    assert ("replace 'never' with 'not'", "no block of the workspace text matches this paragraph") \
        in reasons
    assert all(u.code == "SGP" and u.author == SGP and u.paragraph > 0 for u in result.unanchored)


# -- authors ------------------------------------------------------------------------------------


def test_author_not_in_the_map_is_an_error_naming_them(doc, base):
    data = Doc(base).replace("This article shall apply to the offences", "punishable", "criminal",
                             "Jane Doe").save()
    data = Doc(data).insert("Each of the offences to which this article applies",
                            "extraditable offence", " and more", "John Roe").save()
    with pytest.raises(TreatyError) as info:
        run(doc, data)
    what = info.value.problem.what
    assert "'Jane Doe' (2 change(s))" in what and "'John Roe' (1 change(s))" in what
    assert "author map" in info.value.problem.hint


def test_by_attributes_every_change(doc, base):
    data = Doc(base).replace("This article shall apply to the offences", "punishable", "criminal",
                             "Jane Doe").save()
    result = run(doc, data, by="CHE", author_map=None)
    assert [a.proposers for a in result.amendments] == [("CHE",)]


def test_author_that_is_a_delegation_needs_no_map(doc, base):
    data = Doc(base).replace("This article shall apply to the offences", "punishable", "criminal",
                             "Singapore").save()
    result = run(doc, data, author_map=None)
    assert [a.proposers for a in result.amendments] == [("SGP",)]


def test_author_map_file(tmp_path: Path):
    good = tmp_path / "authors.csv"
    good.write_text("author,code\n# comment\nSingapore delegation,SGP\n\"Ivanov, R.\",RUS\n")
    assert read_author_map(good, registry(ROOT)) == {SGP: "SGP", "Ivanov, R.": "RUS"}
    tsv = tmp_path / "authors.tsv"
    tsv.write_text("Jane Doe\tCHE\n")
    assert read_author_map(tsv, registry(ROOT)) == {"Jane Doe": "CHE"}
    bad = tmp_path / "bad.csv"
    bad.write_text("Jane Doe,SNG\n")
    with pytest.raises(TreatyError) as info:
        read_author_map(bad, registry(ROOT))
    assert info.value.problem.line == 1 and "did you mean SGP" in info.value.problem.what


def test_no_tracked_changes(doc, base):
    with pytest.raises(TreatyError) as info:
        run(doc, base)
    assert "no tracked changes" in info.value.problem.what


# -- the command ----------------------------------------------------------------------------------


def test_command_writes_valid_proposals_and_skips_them_on_a_rerun(demo: Path, doc, base, tmp_path):
    data = Doc(base).replace("This article shall apply to the offences", "punishable",
                             "a criminal offence", SGP).save()
    data = Doc(data).new_paragraph("where it considers the offence for which extradition",
                                   "(a bis)\tWhere the request concerns a child;", SGP).save()
    source = tmp_path / "sgp.docx"
    source.write_bytes(data)
    authors = tmp_path / "authors.csv"
    authors.write_text("Singapore delegation,SGP\n")
    result = runner.invoke(app, ["propose-from-docx", str(demo), str(source), "--author-map",
                                 str(authors), "--session", "AHC-6"])
    assert result.exit_code == 0, result.output
    assert "2 proposal(s) written, 0 change(s) not anchored" in result.output
    assert "replace 'punishable' with 'a criminal offence' in art_58__para_1" in result.output
    loaded = commands.load(demo)
    assert loaded.problems == []
    mine = [a for a in loaded.amendments if a.session == "AHC-6"]
    assert sorted(a.id for a in mine) == ["ahc-6-sgp-58", "ahc-6-sgp-58-2"]
    assert commands.check(demo).problems == []
    again = propose_from_docx(demo, source, author_map=authors, session="AHC-6")
    assert again.written == [] and len(again.skipped) == 2


def test_command_dry_run_and_strict(demo: Path, base, tmp_path):
    d = Doc(base).replace("Extradition", "Extradition", "Surrender", SGP)
    d.replace("This article shall apply to the offences", "punishable", "criminal", SGP)
    source = tmp_path / "x.docx"
    source.write_bytes(d.save())
    before = sorted(p.name for p in (demo / "amendments").iterdir())
    result = runner.invoke(app, ["propose-from-docx", str(demo), str(source), "--by", "SGP",
                                 "--dry-run", "--strict"])
    assert result.exit_code == 1
    assert "would write (SGP): replace 'punishable' with 'criminal'" in result.output
    assert "not anchored: paragraph" in result.output
    assert sorted(p.name for p in (demo / "amendments").iterdir()) == before


# -- LibreOffice's dialect -------------------------------------------------------------------------

BASE_TEXT = """Convention on tracked examples

Article 1

Scope

1. This Convention shall apply to offences that are punishable under the domestic law of both States Parties.

2. Nothing in this Convention shall affect the rights of States Parties.

3. Each State Party shall designate an authority for the purposes of this Convention.
"""


def test_tracked_changes_saved_by_libreoffice(tmp_path: Path):
    source = tmp_path / "base.txt"
    source.write_text(BASE_TEXT, encoding="utf-8")
    ws, _ = commands.import_text(source, tmp_path / "ws", date="2024-01-01")
    changes = "".join([
        odt_change("c1", "deletion", "Maria Rossi", "2024-03-05T09:30:00", "punishable"),
        odt_change("c2", "insertion", "Maria Rossi", "2024-03-05T09:31:00"),
        odt_change("c3", "insertion", "Jean Dupont", "2024-03-06T11:00:00"),
        odt_change("c4", "deletion", "Jean Dupont", "2024-03-06T11:05:00",
                   "3. Each State Party shall designate an authority for the purposes of this "
                   "Convention."),
    ])
    body = (
        "<text:p>1. This Convention shall apply to offences that are "
        '<text:change text:change-id="c1"/><text:change-start text:change-id="c2"/>criminal'
        '<text:change-end text:change-id="c2"/> under the domestic law of both States Parties.'
        "</text:p>"
        "<text:p>2. Nothing in this Convention shall affect the rights"
        '<text:change-start text:change-id="c3"/> and obligations<text:change-end text:change-id="c3"/>'
        " of States Parties.</text:p>"
        '<text:p><text:change text:change-id="c4"/></text:p>')
    edited = tmp_path / "edited.odt"
    edited.write_bytes(odt(body, changes, headings=("Article 1", "Scope")))
    made = convert(edited, "docx:MS Word 2007 XML", tmp_path)
    data = made.read_bytes()
    xml = parts_of(data)["word/document.xml"]
    assert b'w:author="Maria Rossi"' in xml and b"<w:del " in xml  # LibreOffice's own markup
    doc = workspace.load(ws.root).document
    result = harvest(doc, data, str(made), registry(ws.root),
                     author_map={"Maria Rossi": "ITA", "Jean Dupont": "FRA"})
    assert result.unanchored == []
    got = sorted(((a.proposers, a.date, a.changes) for a in result.amendments), key=str)
    assert got[0][:2] == (("FRA",), "2024-03-06")
    assert got == [
        (("FRA",), "2024-03-06", (Change("delete-unit", "art_1__para_3"),)),
        (("FRA",), "2024-03-06", (Change("insert", "art_1__para_2", "affect the rights",
                                         " and obligations", where="after"),)),
        (("ITA",), "2024-03-05", (Change("replace", "art_1__para_1", "punishable", "criminal"),)),
    ]


def test_word_style_changes_resaved_by_libreoffice_give_the_same_proposals(doc, base, tmp_path):
    d = Doc(base)
    d.replace("This article shall apply to the offences", "punishable", "a criminal offence", SGP)
    d.insert("Each of the offences to which this article applies", "extraditable offence",
             " and a serious crime", SGP)
    d.delete_paragraph("States Parties shall, subject to their domestic law, endeavour", SGP)
    d.new_paragraph("where it considers the offence for which extradition",
                    "(a bis)\tWhere the request concerns a child;", SGP)
    ours = tmp_path / "ours.docx"
    ours.write_bytes(d.save())
    (tmp_path / "lo").mkdir()
    resaved = convert(ours, "docx:MS Word 2007 XML", tmp_path / "lo")
    direct = run(doc, ours.read_bytes())
    via_lo = run(doc, resaved.read_bytes())
    assert via_lo.unanchored == []
    assert sorted(str(a.changes) for a in via_lo.amendments) == \
        sorted(str(a.changes) for a in direct.amendments)
    assert len(direct.amendments) == 4


def test_new_paragraphs_in_word_numbered_list(tmp_path: Path):
    """A delegation adds a paragraph in an automatically numbered list: Word renumbers the
    rest, the proposal does not (the new unit is numbered "bis" after its predecessor)."""
    from .test_docx_support import numbered_docx

    rows = [("Heading 2", "Scope", None, 0),
            ("Normal", "This Convention shall apply to examples.", 2, 0),
            ("Normal", "It shall not apply to counter-examples.", 2, 0)]
    plain = numbered_docx(rows)
    (tmp_path / "base.docx").write_bytes(plain)
    ws, _ = commands.import_text(tmp_path / "base.docx", tmp_path / "ws", date="2024-01-01")
    doc = workspace.load(ws.root).document
    assert [u.num for u in doc.articles()[0].children] == ["1.", "2."]
    data = Doc(plain).new_paragraph("This Convention shall apply to examples.",
                                    "Each State Party shall keep a register of examples.",
                                    SGP).save()
    result = harvest(doc, data, "n.docx", registry(ws.root), author_map=MAP)
    change = only(result)
    assert (change.kind, change.target, change.where) == ("insert-unit", "art_1__para_1", "after")
    assert change.units == (Unit("paragraph", text=("Each State Party shall keep a register of "
                                                    "examples.",)),)
    compiled = compile_bracketed(doc, result.amendments)
    assert [u.num for u in compiled.body[0].children] == ["1.", "1 bis.", "2."]


def test_docx_import_via_cli(tmp_path: Path):
    d = docx.Document()
    d.add_paragraph("Article 1", style="Heading 2")
    d.add_paragraph("1.\tText.")
    source = tmp_path / "in.docx"
    d.save(str(source))
    result = runner.invoke(app, ["import", str(source), "--into", str(tmp_path / "ws")])
    assert result.exit_code == 0, result.output
    assert "1 articles, 1 paragraphs" in result.output
