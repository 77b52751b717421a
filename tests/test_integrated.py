"""Adopted proposals before consolidation: shown integrated and marked, competitors shown
as overtaken; --status/--by/--involving filters return what they say; redline marks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from treaty import commands, workspace
from treaty.amend import load_amendments
from treaty.compile import Group, Run, compile_bracketed
from treaty.delegations import registry

from .conftest import ROOT


@pytest.fixture()
def demo(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(
        ".git", ".venv", "tests", "*.egg-info", "__pycache__", "treaty", "benchmarks", "docs"))
    return root


def flat(block) -> str:
    """A block as text: ``{adopted words}``, ``[alt|alt]`` for bracket groups."""
    out = ""
    for item in block:
        if isinstance(item, Run):
            out += "{" + item.text + "}" if item.mark == "adref" else item.text
        else:
            out += "[" + "|".join("".join(r.text for r in a.runs) for a in item.alternatives) + "]"
    return out


def compiled(root: Path, **filters):
    amendments, problems = load_amendments(root / "amendments", registry(root))
    assert problems == []
    chosen = commands.select(amendments, **filters)
    return compile_bracketed(workspace.load(root).document, chosen)


def unit(c, wid):
    return next(u for u in c.units() if u.wid == wid)


def test_adopted_words_are_integrated_and_marked(demo: Path):
    commands.set_status(demo, "ahc5-jpn-058-arrangements", "adopted", today="2023-04-21")
    c = compiled(demo)
    point = unit(c, "art_58__para_4__point_b")
    assert flat(point.blocks[0]) == (
        "If it does not take this Convention as the legal basis for cooperation on extradition, "
        "seek, where appropriate, {to conclude treaties or arrangements on extradition} with "
        "other States Parties to this Convention in order to implement this article.")
    text = commands.compile_document(demo, fmt="txt").decode()
    assert "treaties or arrangements on\n            extradition (adopted at AHC-5)" in text \
        or "extradition (adopted at AHC-5)" in text
    html = commands.compile_document(demo).decode()
    assert '<span class="status status-adopted">adopted at AHC-5</span>' in html


def test_adopted_new_unit_is_integrated_not_bracketed(demo: Path):
    commands.set_status(demo, "ahc5-sgp-vasp", "adopted", today="2023-04-21")
    c = compiled(demo)
    new = [u for u in c.units() if u.num == "(h bis)"]
    assert len(new) == 1 and new[0].inserted_by == ()
    runs = [r for u in new[0].walk() for b in u.blocks for r in b]
    assert all(isinstance(r, Run) and r.mark == "adref" for r in runs)
    assert [r.amendments for r in runs if r.amendments] == [("ahc5-sgp-vasp",)]  # labelled once
    assert c.shown_amendments()[0] == "ahc5-sgp-vasp"


def test_competing_proposal_is_overtaken_with_the_reason(demo: Path):
    commands.set_status(demo, "ahc5-jpn-058-arrangements", "adopted", today="2023-04-21")
    change = commands.change_from_options(target="58.4(b)", replace="treaties on extradition",
                                          with_="bilateral treaties")
    commands.propose_from_options(demo, change, by=["CHN"], supported_by=[], opposed_by=[],
                                  id="chn-compete", session="AHC-5")
    c = compiled(demo)
    assert [(a.id, str(why)) for a, why in c.overtaken] == [(
        "chn-compete", "overtaken by ahc5-jpn-058-arrangements (adopted at AHC-5), which already "
                       "changes these words")]
    point = unit(c, "art_58__para_4__point_b")
    assert not any(isinstance(i, Group) for i in point.blocks[0])
    text = commands.compile_document(demo, fmt="txt").decode()
    assert "ANNEX: PROPOSALS OVERTAKEN BY ADOPTED CHANGES" in text
    assert "- chn-compete (China (CHN)): overtaken by ahc5-jpn-058-arrangements" in text
    html = commands.compile_document(demo).decode()
    assert 'id="annex-overtaken"' in html


def test_status_filters_return_what_they_say(demo: Path):
    assert b"adopted at AHC-5" not in commands.compile_document(demo, fmt="txt", status=["adopted"])
    commands.set_status(demo, "ahc5-sgp-vasp", "adopted", today="2023-04-21")
    commands.set_status(demo, "ahc5-can-095-principles", "rejected", today="2023-04-21")
    adopted = compiled(demo, status=["adopted"])
    assert adopted.shown_amendments() == ["ahc5-sgp-vasp"]
    rejected = commands.compile_document(demo, fmt="txt", status=["rejected"]).decode()
    assert "ahc5-can-095-principles" in rejected and "REJECTED" in rejected.upper()
    proposed = compiled(demo, status=["proposed"])
    assert "ahc5-sgp-vasp" not in proposed.shown_amendments()
    assert all(proposed.amendments[a].status == "proposed" for a in proposed.shown_amendments())
    with pytest.raises(Exception, match="unknown status"):
        commands.compile_document(demo, status=["approved"])


def test_by_means_proposer_and_involving_any_role(demo: Path):
    rows = commands.list_amendments(demo, by="USA")
    assert rows and all("USA" in r["proposers"] for r in rows)
    involving = commands.list_amendments(demo, involving="USA")
    assert {r["id"] for r in rows} < {r["id"] for r in involving}
    assert any("USA" in r["opponents"] for r in involving)
    c = compiled(demo, by=["CHN"])
    assert c.shown_amendments() and all("CHN" in c.amendments[a].proposers
                                        for a in c.shown_amendments())
    c = compiled(demo, involving=["CHN"])
    assert any("CHN" not in c.amendments[a].proposers for a in c.shown_amendments())


def test_text_and_markdown_redlines_mark_changes(demo: Path):
    commands.set_status(demo, "ahc5-jpn-058-arrangements", "adopted", today="2023-04-21")
    txt = commands.compile_document(demo, mode="redline", fmt="txt").decode()
    assert "{+words+} = added" in " ".join(txt.split())
    assert "to conclude treaties {+or arrangements+}" in " ".join(txt.split())
    md = commands.compile_document(demo, mode="redline", fmt="md").decode()
    assert r"treaties **\{+or arrangements+\}** on" in " ".join(md.split())


def test_check_says_overtaken_not_conflict(demo: Path):
    commands.set_status(demo, "ahc5-eu-gbr-usa-093-delete", "adopted", today="2023-04-21")
    report = commands.check(demo)
    assert report.problems == []
    assert ("overtaken by adopted ahc5-eu-gbr-usa-093-delete (listed in the draft's annex): "
            "ahc5-pak-chn-cpv-093-property-assets") in report.info
    c = compiled(demo)
    assert [a.id for a, _why in c.overtaken] == ["ahc5-pak-chn-cpv-093-property-assets"]
    assert "which deletes Article 93" in str(c.overtaken[0][1])
    (stub,) = [u for u in c.units() if u.wid == "art_93"]
    assert stub.children == () and stub.blocks == (
        (Run("Deleted.", "adref", ("ahc5-eu-gbr-usa-093-delete",)),),)
    text = commands.compile_document(demo, fmt="txt").decode()
    assert "Deleted. (adopted at AHC-5)" in text
