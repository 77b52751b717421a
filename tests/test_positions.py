"""Positions (who proposed, supported, opposed what), agreement scores, and the session report,
checked against the demo's fifth session (AHC-5)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from treaty import commands
from treaty.cli import app
from treaty.commands.positions import compute, render_positions, render_report
from treaty.delegations import registry
from treaty.model import Amendment, Change, Document, Metadata, TreatyError, Unit
from treaty.positions import positions, to_json, to_json_dict
from treaty.render.positions_html import render_positions_html, render_report_html
from treaty.render.positions_text import render_positions_md, render_report_md
from treaty.report import natural_list, prose_name, session_report, unit_places

from .conftest import ROOT

runner = CliRunner()

RUS_POLITICAL = "ahc5-rus-058-political-offence"
RUS_ESSENTIAL = "ahc5-rus-syr-nic-058-essential-interests"
CMR_INFO = "ahc5-cmr-095-information-exchange"
DELETE_93 = "ahc5-eu-gbr-usa-093-delete"
EXTEND_93 = "ahc5-pak-chn-cpv-093-property-assets"


@pytest.fixture(scope="module")
def demo_loaded():
    loaded = commands.load(ROOT)
    assert loaded.problems == []
    return loaded


@pytest.fixture(scope="module")
def pos(demo_loaded):
    return positions(demo_loaded.amendments, demo_loaded.ws.document, registry(ROOT),
                     session="AHC-5")


@pytest.fixture(scope="module")
def expanded(demo_loaded):
    return positions(demo_loaded.amendments, demo_loaded.ws.document, registry(ROOT),
                     session="AHC-5", expand_groups=True)


@pytest.fixture(scope="module")
def report_text(pos, demo_loaded):
    report = session_report(pos, unit_places(demo_loaded.ws.document))
    return {p.key: p.text for p in report.contested + report.others}, report


# -- per delegation ---------------------------------------------------------------------------


def test_what_the_united_states_opposed(pos):
    usa = pos.delegation("USA")
    assert set(usa.opposed) == {RUS_POLITICAL, RUS_ESSENTIAL, CMR_INFO}
    assert len(usa.opposed) == 3
    assert set(usa.proposed) == {DELETE_93, "ahc5-can-usa-nzl-eu-conference-of-parties",
                                 "ahc5-usa-gbr-can-aus-095-meetings"}
    assert usa.supported == ()
    assert usa.provisions == ("art_58", "art_93", "art_95")


def test_per_delegation_counts(pos):
    eu = pos.delegation("EU")
    assert (len(eu.proposed), len(eu.supported), len(eu.opposed)) == (4, 0, 1)
    assert pos.delegation("CHN").supported == (RUS_POLITICAL,)
    assert pos.delegation("CHN").proposed == (EXTEND_93,)
    assert pos.delegation("IRN").supported == ("ahc5-egy-058-alt-para-1",)
    assert len(pos.proposals) == 17
    assert len(pos.delegations) == 27
    # Most active first.
    assert [d.code for d in pos.delegations[:2]] == ["USA", "EU"]


def test_matrix_roles(pos):
    row = pos.matrix[RUS_POLITICAL]
    assert row == {"RUS": "proposed", "CHN": "supported", "EU": "opposed", "USA": "opposed",
                   "JPN": "opposed", "AUS": "opposed"}
    assert pos.matrix["ahc5-gbr-countries-special-situations"] == {
        "GBR": "proposed", "AUS": "supported", "PRY": "supported"}


# -- per article --------------------------------------------------------------------------------


def test_article_93_sides(pos):
    art = pos.provision("art_93")
    assert art.contested and art.competing == 2 and art.opposed == 0
    (contest,) = art.contests
    assert contest.kind == "alternatives"
    assert set(contest.proposals) == {DELETE_93, EXTEND_93}
    assert contest.side(DELETE_93) == ("EU", "GBR", "USA")
    assert contest.side(EXTEND_93) == ("PAK", "CHN", "CPV")
    assert art.for_ == ("EU", "GBR", "USA", "PAK", "CHN", "CPV")
    assert art.against == ()


def test_article_58_is_contested_by_opposition(pos):
    art = pos.provision("art_58")
    assert len(art.proposals) == 5
    assert (art.competing, art.opposed) == (0, 2)
    by_proposal = {c.proposals[0]: c for c in art.contests}
    assert set(by_proposal) == {RUS_POLITICAL, RUS_ESSENTIAL}
    assert by_proposal[RUS_POLITICAL].side(RUS_POLITICAL) == ("RUS", "CHN")
    assert by_proposal[RUS_POLITICAL].side(RUS_POLITICAL, "against") == ("EU", "USA", "JPN", "AUS")
    assert by_proposal[RUS_ESSENTIAL].side(RUS_ESSENTIAL, "against") == ("NZL", "USA")
    assert art.divided == 9
    # Proposals are listed in reading order of the article.
    assert art.proposals[0] == "ahc5-egy-058-alt-para-1"


def test_which_provisions_are_contested(pos):
    assert [p.key for p in pos.provisions if p.contested] == ["art_57", "art_58", "art_93", "art_95"]
    art95 = pos.provision("art_95")
    assert (len(art95.proposals), art95.competing, art95.opposed) == (4, 2, 1)
    # A chapter-wide substitution is its own provision; a proposal on two articles is on both.
    assert pos.proposal("ahc5-gbr-countries-special-situations").provisions == ("chp_6",)
    assert pos.proposal("ahc5-eu-aus-can-electronic-surveillance").provisions == ("art_86", "art_87")
    assert [p.key for p in pos.provisions] == ["art_2", "art_57", "art_58", "chp_6", "art_86",
                                               "art_87", "art_93", "art_95"]


# -- agreement ------------------------------------------------------------------------------------


def test_highest_agreement_pair(pos):
    best = pos.highest_agreement()
    assert (best.a, best.b, best.agree, best.disagree) == ("EU", "USA", 3, 0)
    assert best.score == 1.0


def test_agreement_definition_on_the_demo(pos):
    rus_usa = pos.agreement("USA", "RUS")
    assert (rus_usa.agree, rus_usa.disagree, rus_usa.score) == (0, 2, 0.0)
    # Both for the political-offence paragraph (proposer and supporter).
    assert pos.agreement("CHN", "RUS").agree == 1
    # Both against it.
    assert pos.agreement("JPN", "AUS").agree == 1
    # Competing proposals are not a disagreement: no common proposal, no score.
    assert pos.agreement("EU", "PAK") is None
    assert pos.ranked_disagreements()[0].a == "RUS"


def _brute_force(amendments: list[Amendment]) -> dict[tuple[str, str], tuple[int, int]]:
    """The definition, literally: every pair of delegations against every proposal."""
    codes = sorted({c for a in amendments for c in a.delegations})
    result = {}
    for x, y in combinations(codes, 2):
        agree = disagree = 0
        for a in amendments:
            pro = set(a.proposers) | set(a.supporters)
            con = set(a.opponents) - pro
            sx = "for" if x in pro else "against" if x in con else None
            sy = "for" if y in pro else "against" if y in con else None
            if sx and sy:
                if sx == sy:
                    agree += 1
                else:
                    disagree += 1
        if agree or disagree:
            result[(x, y)] = (agree, disagree)
    return result


CODES = ["ARG", "BRA", "CHN", "EU", "FRA", "GBR", "RUS", "USA"]


@st.composite
def attributions(draw):
    n = draw(st.integers(1, 12))
    out = []
    for i in range(n):
        roles = draw(st.dictionaries(st.sampled_from(CODES), st.sampled_from("PSO"), min_size=1))
        proposers = tuple(c for c, r in roles.items() if r == "P") or ("USA",)
        supporters = tuple(c for c, r in roles.items() if r == "S" and c not in proposers)
        opponents = tuple(c for c, r in roles.items() if r == "O" and c not in proposers)
        out.append(Amendment(id=f"p{i}", proposers=proposers, supporters=supporters,
                             opponents=opponents, changes=(Change("delete-unit", "art_1"),)))
    return out


@settings(max_examples=80, deadline=None)
@given(attributions())
def test_agreement_matches_the_definition(amendments):
    doc = Document(body=(Unit("article", "art_1", "art_1", "Article 1"),))
    pos = positions(amendments, doc, registry(), conflicts=())
    got = {(x.a, x.b): (x.agree, x.disagree) for x in pos.agreements}
    assert got == _brute_force(amendments)
    for x in pos.agreements:
        assert 0.0 <= x.score <= 1.0


# -- groups ---------------------------------------------------------------------------------------


def test_expand_groups_counts_the_member_states(expanded):
    contest = expanded.provision("art_93").contests[0]
    deletion = contest.side(DELETE_93)
    eu_members = registry().expand("EU")
    assert len(eu_members) == 27
    assert set(deletion) == set(eu_members) | {"GBR", "USA"}
    assert "EU" not in deletion
    assert contest.side(EXTEND_93) == ("PAK", "CHN", "CPV")
    fra = expanded.delegation("FRA")
    assert fra.via == ("EU",)
    assert set(fra.opposed) == {RUS_POLITICAL}
    # As tabled, the attribution is unchanged.
    assert expanded.proposal(DELETE_93).proposers == ("EU", "GBR", "USA")


def test_a_member_state_keeps_its_own_position():
    doc = Document(body=(Unit("article", "art_1", "art_1", "Article 1"),))
    a = Amendment(id="x", proposers=("EU",), opponents=("FRA",),
                  changes=(Change("delete-unit", "art_1"),))
    pos = positions([a], doc, registry(), expand_groups=True, conflicts=())
    assert pos.matrix["x"]["FRA"] == "opposed"
    assert pos.matrix["x"]["DEU"] == "proposed"
    assert pos.agreement("DEU", "FRA").disagree == 1


# -- the session report ------------------------------------------------------------------------


def test_report_article_58(report_text):
    # Issue 14: what was proposed is described from the changes; the note is only a note.
    text = report_text[0]["art_58"]
    assert text.startswith("Five proposals were tabled. ")
    assert ("The Russian Federation, supported by China, proposed a new paragraph after "
            "paragraph 10 (note: “new paragraph after paragraph 10 (grounds for refusal) "
            "excluding the political offence exception") in text
    assert ("; the European Union and its member States, the United States, Japan, and "
            "Australia opposed it.") in text
    assert ("The Russian Federation, the Syrian Arab Republic and Nicaragua proposed a new "
            "paragraph after paragraph 10 (note: “new paragraph after paragraph 10 allowing "
            "refusal of extradition where it would prejudice the sovereignty, security, public "
            "order or other essential interests …”); New Zealand and the United States "
            "opposed it.") in text
    assert ("Egypt, supported by the Islamic Republic of Iran, proposed an alternative text "
            "for paragraph 1 (note: “alternative text (Alt)") in text
    assert ("Japan proposed to replace “to conclude treaties on extradition” by “to conclude "
            "treaties or arrangements on extradition” in paragraph 4 (b) (note: “refer to "
            "arrangements as well as treaties on extradition”). It was agreed ad "
            "referendum.") in text
    assert ("Switzerland, supported by Norway, proposed to replace “in the territory of the "
            "requested State Party” by “in the territory of the requested State Party or of a "
            "third State” in paragraph 10 (b)") in text
    assert text.endswith("The other four proposals remain under discussion.")
    # The opposed proposals come first.
    assert text.index("Russian Federation, supported by China") < text.index("Egypt")


def test_report_article_93(report_text):
    text = report_text[0]["art_93"]
    assert text.startswith(
        "The European Union and its member States, the United Kingdom, and the United States "
        "proposed to delete Article 93 (note: “Delete article 93 in its entirety (the matter "
        "is covered by existing anti-money-laundering instruments)”).")
    assert ("Pakistan, China and Cabo Verde proposed, as an alternative, to replace “proceeds "
            "of crime” by “proceeds of crime, property and assets” throughout Article 93") in text
    assert ("The two proposals are competing alternatives, with the European Union and its "
            "member States, the United Kingdom, and the United States on one side and Pakistan, "
            "China and Cabo Verde on the other.") in text
    assert text.endswith("Both proposals remain under discussion.")


def test_report_structure(report_text):
    texts, report = report_text
    assert [p.key for p in report.contested] == ["art_57", "art_58", "art_93", "art_95"]
    assert [p.title for p in report.contested][1] == "Article 58 (Extradition)"
    assert "Canada and the United States support both" in texts["art_95"]
    assert "described under Article 86 also applies here" in texts["art_87"]
    assert report.intro[0].startswith("Seventeen proposals were tabled at session AHC-5 on eight "
                                      "provisions")
    assert "Four provisions were contested: Article 57, Article 58, Article 93 and Article 95." \
        in report.intro
    assert any("The European Union and its member States, and the United States stood on the "
               "same side on all three proposals" in p for p in report.intro)


def test_names_and_lists():
    assert prose_name("Iran (Islamic Republic of)") == "the Islamic Republic of Iran"
    assert prose_name("Russian Federation") == "the Russian Federation"
    assert prose_name("European Union and its member States") == \
        "the European Union and its member States"
    assert prose_name("Congo, The Democratic Republic of the") == \
        "the Democratic Republic of the Congo"
    assert prose_name("Micronesia, Federated States of") == "the Federated States of Micronesia"
    assert prose_name("Netherlands") == "the Netherlands"
    assert prose_name("Nicaragua") == "Nicaragua"
    assert natural_list(["Russia", "Syria", "Nicaragua"]) == "Russia, Syria and Nicaragua"
    assert natural_list(["A", "B"]) == "A and B"
    assert natural_list(["the EU and its member States", "B", "C"]) == \
        "the EU and its member States, B, and C"


# -- output formats --------------------------------------------------------------------------


def test_json_is_the_documented_dict(pos):
    data = json.loads(to_json(pos))
    assert data["schema"] == "treaty-positions/1"
    assert set(data) == {"schema", "document", "session", "expand_groups", "definitions",
                         "provisions", "proposals", "delegations", "matrix", "agreement"}
    art93 = next(p for p in data["provisions"] if p["key"] == "art_93")
    assert art93["contests"][0]["sides"][0] == {"proposal": DELETE_93, "stance": "for",
                                               "delegations": ["EU", "GBR", "USA"]}
    usa = next(d for d in data["delegations"] if d["code"] == "USA")
    assert sorted(usa["opposed"]) == sorted([CMR_INFO, RUS_POLITICAL, RUS_ESSENTIAL])
    pair = next(x for x in data["agreement"] if (x["a"], x["b"]) == ("EU", "USA"))
    assert pair == {"a": "EU", "b": "USA", "agree": 3, "disagree": 0, "shared": 3, "score": 1.0}
    assert data == to_json_dict(pos) | {"definitions": data["definitions"]}


def test_html_and_markdown_show_the_positions(pos, report_text):
    html = render_positions_html(pos)
    assert 'class="r-opposed"' in html and ">O</td>" in html
    assert "Competing alternatives" in html
    assert 'class="cell ag10"' in html  # EU-USA, 100 %
    md = render_positions_md(pos)
    assert "| Article 58 | `ahc5-rus-058-political-offence` |" in md
    assert "- Opposed (3): " in md
    report = report_text[1]
    page = render_report_html(report)
    assert "<b>Article 93 (Detection of transfers of proceeds of crime).</b>" in page
    assert "**Article 58 (Extradition).** Five proposals were tabled." in render_report_md(report)


def test_workspace_text_is_escaped():
    doc = Document(meta=Metadata(title="<i>T</i>"),
                   body=(Unit("article", "art_1", "art_1", "Article 1", "<b>H</b>"),))
    evil = "<script>alert(1)</script> | *x*"
    a = Amendment(id="p<1>", proposers=("USA",), opponents=("RUS",), note=evil,
                  changes=(Change("delete-unit", "art_1"),))
    pos = positions([a], doc, registry(), conflicts=())
    html = render_positions_html(pos)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>H</b>" not in html
    report = session_report(pos, unit_places(doc))
    assert "<script>" not in render_report_html(report)
    md = render_positions_md(pos)
    assert "<script>" not in md and "\\| \\*x\\*" in md


# -- the commands ------------------------------------------------------------------------------


def test_cli_positions_and_report(tmp_path: Path):
    out = tmp_path / "positions.json"
    result = runner.invoke(app, ["positions", str(ROOT), "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert len(data["proposals"]) == 17
    result = runner.invoke(app, ["positions", str(ROOT), "--session", "AHC-5", "--format", "md",
                                 "--expand-groups"])
    assert result.exit_code == 0, result.output
    assert "Germany (DEU) (via EU)" in result.output
    result = runner.invoke(app, ["report", str(ROOT), "--session", "AHC-5", "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "The Russian Federation, supported by China, proposed" in result.output
    page = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(ROOT), "--session", "AHC-5", "-o", str(page)])
    assert result.exit_code == 0 and page.read_text().startswith("<!DOCTYPE html>")


def test_cli_errors_are_one_line():
    def run(*args):
        return subprocess.run([sys.executable, "-m", "treaty.cli", *args], capture_output=True,
                              text=True, cwd=ROOT)

    unknown = run("report", ".", "--session", "AHC-9")
    assert unknown.returncode == 1
    assert unknown.stderr.strip() == ("error: --session: no proposals of session 'AHC-9'; "
                                      "sessions in this workspace: AHC-5")
    assert run("positions", ".", "--format", "pdf").returncode == 2
    assert run("report", ".").returncode == 2


def test_commands_read_only_the_workspace(demo: Path):
    def files():  # the workspace's files, not its parse cache (.treaty-cache/)
        return {p: p.stat().st_mtime_ns for p in demo.rglob("*") if ".treaty-cache" not in p.parts}

    before = files()
    pos, doc = compute(demo, "AHC-5")
    render_positions(pos, "html")
    render_report(pos, doc, "md")
    assert files() == before
    with pytest.raises(TreatyError):
        render_positions(pos, "pdf")


def test_positions_are_per_session(demo_loaded):
    reg = registry(ROOT)
    doc = demo_loaded.ws.document
    other = Amendment(id="ahc6-usa-x", proposers=("USA",), supporters=("EU",), session="AHC-6",
                      changes=(Change("delete-unit", "art_2"),))
    both = positions(demo_loaded.amendments + [other], doc, reg)
    fifth = positions(demo_loaded.amendments + [other], doc, reg, session="AHC-5")
    assert len(both.proposals) == 18 and len(fifth.proposals) == 17
    assert both.agreement("EU", "USA").agree == 4
    assert fifth.agreement("EU", "USA").agree == 3
    counts: dict[str, int] = defaultdict(int)
    for p in fifth.proposals:
        counts[p.session] += 1
    assert dict(counts) == {"AHC-5": 17}
