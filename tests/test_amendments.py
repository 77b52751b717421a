"""Proposals: the format, delegations, anchoring, conflicts, applying, and the commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from treaty import commands, workspace
from treaty.amend import load_amendments
from treaty.amend.anchor import Site, anchor
from treaty.amend.apply import ConflictError, apply_sites, splice
from treaty.amend.format import amendment_to_xml, parse_amendment
from treaty.citations import resolve
from treaty.cli import app
from treaty.delegations import registry
from treaty.model import Amendment, Change, Document, TreatyError, Unit

from .conftest import ROOT

runner = CliRunner()


def demo_amendments():
    return load_amendments(ROOT / "amendments", registry())


def test_every_demo_amendment_validates_and_locates():
    amendments, problems = demo_amendments()
    assert problems == []
    assert len(amendments) >= 15
    result = anchor(workspace.load(ROOT).document, amendments)
    assert result.unlocated == ()


def test_demo_conflicts_are_the_overlapping_proposals():
    amendments, _ = demo_amendments()
    conflicts = {frozenset(c) for c in anchor(workspace.load(ROOT).document, amendments).conflicts}
    assert frozenset({"ahc5-eu-gbr-usa-093-delete", "ahc5-pak-chn-cpv-093-property-assets"}) in conflicts
    assert frozenset({"ahc5-arg-eu-mys-057-criminal-matters",
                      "ahc5-bra-cri-dom-gtm-057-domestic-law"}) in conflicts


def test_check_passes_on_demo_and_lists_conflicts():
    result = runner.invoke(app, ["check", str(ROOT)])
    assert result.exit_code == 0, result.output
    assert "conflict (bracketed alternatives): ahc5-eu-gbr-usa-093-delete" in result.output


def test_amendments_by_usa():
    # Issue 14: --by is the proposer; --involving is any role (proposer, supporter, opponent).
    by = {r["id"] for r in commands.list_amendments(ROOT, by="USA")}
    assert "ahc5-eu-gbr-usa-093-delete" in by              # proposer
    assert "ahc5-rus-058-political-offence" not in by      # only an opponent
    rows = commands.list_amendments(ROOT, involving="USA")
    ids = {r["id"] for r in rows}
    assert "ahc5-eu-gbr-usa-093-delete" in ids            # proposer
    assert "ahc5-rus-058-political-offence" in ids        # opponent
    assert "ahc5-cmr-095-information-exchange" in ids     # opponent
    assert "ahc5-sgp-vasp" not in ids
    row = next(r for r in rows if r["id"] == "ahc5-rus-058-political-offence")
    assert row["article"] == "Article 58"
    assert row["opponents"] == ["EU", "USA", "JPN", "AUS"]
    assert row["lands"] == "art_58__para_10"


def test_amendments_json_and_article_filter():
    result = runner.invoke(app, ["amendments", str(ROOT), "--article", "93", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {r["id"] for r in rows} == {"ahc5-eu-gbr-usa-093-delete",
                                       "ahc5-pak-chn-cpv-093-property-assets"}


def test_unknown_delegation_suggests_closest():
    with pytest.raises(TreatyError, match="SNG: unknown delegation; did you mean SGP"):
        registry().get("SNG")


def test_registry_has_every_state_and_groups():
    reg = registry()
    assert reg.name("SGP") == "Singapore"
    assert reg.name("GBR") == "United Kingdom"
    assert reg.get("EU").kind == "group"
    assert "FRA" in reg.expand("EU")


def test_workspace_delegations_extend_registry(demo: Path):
    (demo / "delegations.xml").write_text(
        '<delegations><delegation code="AU" name="African Union" kind="observer"/></delegations>')
    assert registry(demo).name("AU") == "African Union"


def test_propose_writes_file_and_refuses_missing_words(demo: Path):
    path = commands.propose_from_options(
        demo, commands.change_from_options(target="58.10(a)", replace="political offence",
                                           with_="purely political offence"),
        by=["SGP"], supported_by=["NZL"], opposed_by=[], session="AHC-5", date="2023-04-20")
    a = parse_amendment(path.read_bytes(), str(path))
    assert a.changes[0].target == "art_58__para_10__point_a"
    assert a.proposers == ("SGP",) and a.supporters == ("NZL",)
    assert a.base == "cnd-2023-04"
    with pytest.raises(TreatyError, match="words not found"):
        commands.propose_from_options(
            demo, commands.change_from_options(target="58.10(a)", replace="no such words here",
                                               with_="x"), by=["SGP"], supported_by=[], opposed_by=[])


def test_propose_never_overwrites(demo: Path):
    change = commands.change_from_options(target="58.10(a)", delete="political")
    first = commands.propose_from_options(demo, change, by=["NZL"], supported_by=[], opposed_by=[])
    second = commands.propose_from_options(demo, change, by=["NZL"], supported_by=[], opposed_by=[])
    assert first != second and first.exists() and second.exists()
    with pytest.raises(TreatyError, match="already exists"):
        commands.propose_from_options(demo, change, by=["NZL"], supported_by=[], opposed_by=[],
                                      id="ahc5-sgp-vasp")


def test_propose_cli_unknown_delegation_one_line(demo: Path):
    result = runner.invoke(app, ["propose", str(demo), "--by", "SNG", "--target", "58",
                                 "--delete-unit"])
    assert result.exit_code == 1
    assert "did you mean SGP" in str(result.exception)


def test_status_keeps_dated_history(demo: Path):
    a = commands.set_status(demo, "ahc5-sgp-vasp", "adopted", note="AHC-5 plenary",
                            today="2023-04-21")
    again = parse_amendment(Path(a.path).read_bytes(), a.path)
    assert again.status == "adopted"
    assert again.history[-1].date == "2023-04-21"
    assert again.history[-1].previous == "proposed"
    with pytest.raises(TreatyError, match="unknown status"):
        commands.set_status(demo, "ahc5-sgp-vasp", "approved")


def test_citations_resolve():
    doc = workspace.load(ROOT).document
    assert resolve(doc, "58") == "art_58"
    assert resolve(doc, "58.2") == "art_58__para_2"
    assert resolve(doc, "58.10(a)") == "art_58__para_10__point_a"
    assert resolve(doc, "preamble 3") == "preamble__rec_3"
    assert resolve(doc, "art_93") == "art_93"
    with pytest.raises(TreatyError, match="no article 999"):
        resolve(doc, "999")


# -- bad amendment files -----------------------------------------------------------------

GOOD = (ROOT / "amendments" / "ahc5-sgp-vasp.xml").read_bytes()


@pytest.mark.parametrize(("data", "message"), [
    (GOOD.replace(b"</changes>", b"</change>"), "malformed XML"),
    (GOOD.replace(b"<insert ", b"<frobnicate ").replace(b"</insert>", b"</frobnicate>"),
     "not a valid amendment"),
    (GOOD.replace(b"<status>proposed</status>", b"<status>approved</status>"),
     "not a valid amendment"),
])
def test_bad_amendment_files(tmp_path: Path, data: bytes, message: str):
    with pytest.raises(TreatyError, match=message) as err:
        parse_amendment(data, "x.xml")
    assert err.value.problem.line


def test_check_reports_bad_target_missing_words_duplicate_and_unknown_delegation(demo: Path):
    d = demo / "amendments"
    (d / "zz-bad-target.xml").write_bytes(GOOD.replace(b'id="ahc5-sgp-vasp"', b'id="zz1"')
                                          .replace(b'target="art_2__point_h"', b'target="art_999"'))
    (d / "zz-dup.xml").write_bytes(GOOD)
    words = (ROOT / "amendments" / "ahc5-che-058-ne-bis-in-idem.xml").read_bytes()
    (d / "zz-words.xml").write_bytes(words.replace(b'id="ahc5-che-058-ne-bis-in-idem"', b'id="zz2"')
                                     .replace(b"<old>", b"<old>the fisheries of the high seas, not "))
    (d / "zz-deleg.xml").write_bytes(GOOD.replace(b'id="ahc5-sgp-vasp"', b'id="zz3"')
                                     .replace(b'ref="SGP"', b'ref="SNG"'))
    report = commands.check(demo)
    lines = [str(p) for p in report.problems]
    assert any("art_999" in x and "does not exist" in x for x in lines)
    assert any("duplicate amendment id 'ahc5-sgp-vasp'" in x for x in lines)
    assert any("zz2" in x and "closest text" in x for x in lines)
    assert any("SNG: unknown delegation; did you mean SGP" in x for x in lines)
    result = runner.invoke(app, ["check", str(demo)])
    assert result.exit_code == 1


def test_check_reports_conflicting_adopted_amendments(demo: Path):
    commands.set_status(demo, "ahc5-arg-eu-mys-057-criminal-matters", "adopted")
    commands.set_status(demo, "ahc5-bra-cri-dom-gtm-057-domestic-law", "adopted")
    lines = [str(p) for p in commands.check(demo).problems]
    assert any("adopted amendments conflict" in x for x in lines)


def test_amendment_round_trips():
    amendments, _ = demo_amendments()
    for a in amendments:
        again = parse_amendment(amendment_to_xml(a), a.path)
        assert again == a


# -- anchoring engine -------------------------------------------------------------------

def _doc(text: str) -> Document:
    return Document(body=(Unit("article", "art_1", "art_1", "Article 1", text=(text,)),))


def _amend(i: int, change: Change) -> Amendment:
    return Amendment(id=f"a{i}", proposers=("SGP",), changes=(change,))


def test_fuzzy_location_reports_score():
    doc = _doc("States Parties shall afford one another the widest measure of mutual legal assistance.")
    a = _amend(1, Change("replace", "art_1", "afford each other the widest measure of mutual legal",
                         "provide"))
    site = anchor(doc, [a]).sites[0]
    assert site.method == "fuzzy" and 80 <= site.score < 100
    assert doc.body[0].own_text[site.start:site.end].startswith("afford one another")


def test_ambiguous_and_occurrence():
    doc = _doc("the State and the State again")
    ambiguous = anchor(doc, [_amend(1, Change("replace", "art_1", "the State", "X"))])
    assert "ambiguous" in ambiguous.unlocated[0].reason
    second = anchor(doc, [_amend(1, Change("replace", "art_1", "the State", "X", occurrence=2))])
    assert apply_sites(doc, list(second.sites)).body[0].text == ("the State and X again",)


def test_overlapping_changes_refused_not_erased():
    doc = _doc("one two three four five")
    a = _amend(1, Change("replace", "art_1", "two three", "2 3"))
    b = _amend(2, Change("delete", "art_1", "three four"))
    result = anchor(doc, [a, b])
    assert result.conflicts == (("a1", "a2"),)
    with pytest.raises(ConflictError):
        apply_sites(doc, list(result.sites))


words = st.text(alphabet="abcdefgh", min_size=1, max_size=6)


@st.composite
def text_and_edits(draw):
    tokens = draw(st.lists(words, min_size=3, max_size=40))
    text = " ".join(tokens)
    n = len(tokens)
    cuts = sorted(draw(st.sets(st.integers(0, n), min_size=2, max_size=min(n + 1, 12))))
    pairs = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
    offsets = [0]
    for t in tokens:
        offsets.append(offsets[-1] + len(t) + 1)
    edits = []
    for k, (i, j) in enumerate(pairs):
        start, end = offsets[i], max(offsets[i], offsets[j] - 1)
        edits.append((start, end, draw(st.sampled_from(["", "NEW", f"X{k}"]))))
    return text, edits


@settings(max_examples=150, deadline=None)
@given(text_and_edits())
def test_property_non_overlapping_edits_apply_exactly(case):
    text, edits = case
    doc = _doc(text)
    sites = [Site(f"a{k}", 0, "replace", "art_1", s, e, new) for k, (s, e, new) in enumerate(edits)]
    # Words go in and out with one space between them (issue 14): the expected text is
    # the edited token list joined by single spaces.
    pieces, pos = [], 0
    for s, e, new in sorted(edits):
        pieces += text[pos:s].split() + new.split()
        pos = e
    expected = " ".join(pieces + text[pos:].split())
    assert splice(text, sites) == expected
    assert apply_sites(doc, sites).body[0].own_text == expected


@settings(max_examples=150, deadline=None)
@given(st.lists(words, min_size=4, max_size=30), st.data())
def test_property_overlaps_always_conflict_and_nothing_dropped(tokens, data):
    text = " ".join(tokens)
    n = len(text)
    s1 = data.draw(st.integers(0, n - 2))
    e1 = data.draw(st.integers(s1 + 1, n))
    s2 = data.draw(st.integers(s1, e1 - 1))
    e2 = data.draw(st.integers(s2 + 1, n))
    a = _amend(1, Change("replace", "art_1", text[s1:e1], "P"))
    b = _amend(2, Change("replace", "art_1", text[s2:e2], "Q"))
    missing = _amend(3, Change("delete", "art_1", "zzzz qqqq xxxx"))
    result = anchor(_doc(text), [a, b, missing])
    located = {s.amendment for s in result.sites}
    unlocated = {u.amendment for u in result.unlocated}
    assert located | unlocated == {"a1", "a2", "a3"}
    assert "a3" in unlocated
    if {"a1", "a2"} <= located:
        s_a = next(s for s in result.sites if s.amendment == "a1")
        s_b = next(s for s in result.sites if s.amendment == "a2")
        if s_a.start < s_b.end and s_b.start < s_a.end:
            assert ("a1", "a2") in result.conflicts


def test_partial_deletion_overlapping_a_replacement_is_its_own_alternative():
    from treaty.compile import Group, compile_bracketed

    doc = _doc("The Parties shall promptly and fully cooperate.")
    egy = Amendment("egy", ("EGY",), (Change("delete", "art_1", "promptly and "),))
    usa = Amendment("usa", ("USA",), (Change("replace", "art_1", "promptly and fully", "effectively"),))
    block = compile_bracketed(doc, [egy, usa]).body[0].blocks[0]
    group = next(i for i in block if isinstance(i, Group))
    original, *alternatives = group.alternatives
    assert original.runs[0].text == "promptly and fully" and original.runs[0].mark == ""
    assert {(a.runs[0].text, a.amendments) for a in alternatives} == {
        ("fully", ("egy",)), ("effectively", ("usa",))}


def test_concurrent_proposals_never_share_a_file(demo: Path):
    from concurrent.futures import ThreadPoolExecutor

    change = commands.change_from_options(target="58.10(a)", delete="political")

    def table(_):
        return commands.propose_from_options(demo, change, by=["NZL"], supported_by=[],
                                             opposed_by=[], session="AHC-5")

    with ThreadPoolExecutor(max_workers=6) as pool:
        paths = list(pool.map(table, range(6)))
    assert len(set(paths)) == 6
    ids = {parse_amendment(p.read_bytes(), str(p)).id for p in paths}
    assert len(ids) == 6


def test_a_proposal_on_another_proposals_new_paragraph_nests_its_brackets():
    from treaty.compile import Group, compile_bracketed

    doc = workspace.load(ROOT).document
    amendments, _ = demo_amendments()
    # Japan proposes to soften Russia's new paragraph (which becomes "10 bis").
    on_rus = Amendment("jpn-on-rus", ("JPN",), (Change(
        "replace", "art_58__para_10bis", "shall not be rejected solely", "should not be rejected"),))
    compiled = compile_bracketed(doc, [*amendments, on_rus])
    new_para = next(u for u in compiled.units() if u.wid == "art_58__para_10bis")
    assert new_para.inserted_by == ("ahc5-rus-058-political-offence",)
    group = next(i for b in new_para.blocks for i in b if isinstance(i, Group))
    assert [a.amendments for a in group.alternatives] == [(), ("jpn-on-rus",)]
    assert group.alternatives[1].runs[0].text == "should not be rejected"
    assert not [u for u in compiled.unlocated if u.amendment == "jpn-on-rus"]
    text = __import__("treaty.render", fromlist=["render"]).render(compiled, "txt").decode()
    assert "[shall not be rejected solely] [should not be rejected (Japan)]" in " ".join(text.split())


def test_check_and_list_accept_a_proposal_on_a_proposal(demo: Path):
    path = demo / "amendments" / "zz-jpn-on-rus.xml"
    path.write_bytes(amendment_to_xml(Amendment(
        "zz-jpn-on-rus", ("JPN",), (Change("replace", "art_58__para_10bis",
                                           "shall not be rejected solely", "should not be rejected"),))))
    assert commands.check(demo).problems == []
    row = next(r for r in commands.list_amendments(demo) if r["id"] == "zz-jpn-on-rus")
    assert row["lands"] == "inside another proposal's new text"
    broken = demo / "amendments" / "zz-broken.xml"
    broken.write_bytes(amendment_to_xml(Amendment(
        "zz-broken", ("JPN",), (Change("replace", "art_58__para_77", "x", "y"),))))
    assert any("art_58__para_77" in str(p) for p in commands.check(demo).problems)
