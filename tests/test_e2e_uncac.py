"""End to end on the whole UN Convention against Corruption, from the command line: import
it, table one proposal of every kind, take positions, adopt, consolidate, and check the
whole consolidated text and every cross-reference word for word (issue 14)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from treaty import workspace
from treaty.citation import Citation
from treaty.cli import app
from treaty.model import TreatyError

from .conftest import ROOT

runner = CliRunner()
UNCAC = ROOT / "tests" / "data" / "corpus" / "un_uncac_2003_en.txt"

NEW_ARTICLE = ("1. Each State Party shall consider establishing as a criminal offence the promise "
               "of an undue advantage to a family member of a public official.\n"
               "2. Paragraph 1 of this article is without prejudice to article 15 and article 23.")

# (id, proposer, options): one proposal of every kind.
PROPOSALS = [
    ("usa-insert-after", "USA", ["--target", "15(a)", "--insert", "or any other benefit",
                                 "--after", "undue advantage"]),
    ("fra-insert-before", "FRA", ["--target", "19", "--insert", "intentional",
                                 "--before", "abuse of functions"]),
    ("gbr-replace", "GBR", ["--target", "16.2", "--replace", "shall consider adopting",
                            "--with", "shall adopt"]),
    ("bra-delete-words", "BRA", ["--target", "20", "--delete", "reasonably"]),
    ("can-substitute", "CAN", ["--target", "62", "--substitute", "developing countries",
                               "--with", "countries in special situations"]),
    ("chn-delete-unit", "CHN", ["--target", "30.5", "--delete-unit"]),
    ("nor-new-paragraph", "NOR", ["--new-paragraph", "Each State Party shall also consider "
                                  "adopting such measures with regard to international "
                                  "business transactions.", "--after", "16.2"]),
    ("mex-new-point", "MEX", ["--new-point", "The offering of an undue advantage to a "
                              "candidate for public office;", "--after", "15(a)"]),
    ("arg-new-article", "ARG", ["--new-article", NEW_ARTICLE, "--heading",
                                "Bribery through family members", "--after", "16"]),
    ("jpn-alt", "JPN", ["--alt", "States Parties shall conclude bilateral or multilateral "
                        "agreements or arrangements to enhance international cooperation.",
                        "--target", "59"]),
    ("ken-insert-end", "KEN", ["--target", "71.1", "--insert", "It shall inform all States "
                               "Parties of every notification."]),
]

# Every change the adopted proposals make to existing units: (wId, before, after).
EDITS = [
    ("art_15__point_a", "of an undue advantage, for", "of an undue advantage or any other benefit, for"),
    ("art_19", "the abuse of functions", "the intentional abuse of functions"),
    ("art_16__para_2", "Each State Party shall consider adopting such", "Each State Party shall adopt such"),
    ("art_20", "he or she cannot reasonably explain", "he or she cannot explain"),
    ("art_62__para_2__point_a", "with developing countries,", "with countries in special situations,"),
    ("art_62__para_2__point_b", "efforts of developing countries",
     "efforts of countries in special situations"),
    ("art_62__para_2__point_c", "assistance to developing countries and",
     "assistance to countries in special situations and"),
    ("art_62__para_2__point_d", "equipment to developing countries in",
     "equipment to countries in special situations in"),
    ("art_59", "States Parties shall consider concluding bilateral or multilateral agreements or "
     "arrangements to enhance the effectiveness of international cooperation undertaken pursuant "
     "to this chapter of the Convention.", "States Parties shall conclude bilateral or "
     "multilateral agreements or arrangements to enhance international cooperation."),
    ("art_71__para_1", "depositary of this Convention.",
     "depositary of this Convention. It shall inform all States Parties of every notification."),
]

# Every citation of a provision whose number changes (the new article moves 17 to 71 up).
CITATIONS = [
    ("art_2__point_h", "article 23 of this Convention", "article 24 of this Convention"),
    ("art_14__para_1__point_b", "article 46 of", "article 47 of"),
    ("art_24", "article 23 of", "article 24 of"),
    ("art_31__para_7", "this article and article 55 of", "this article and article 56 of"),
    ("art_37__para_4", "article 32 of", "article 33 of"),
    ("art_38__point_a", "articles 15, 21 and 23 of", "articles 15, 22 and 24 of"),
    ("art_42__para_2__point_c", "article 23, paragraph 1 b) (ii), of",
     "article 24, paragraph 1 b) (ii), of"),
    ("art_42__para_2__point_c", "article 23, paragraph 1 a) (i) or (ii) or b) (i), of",
     "article 24, paragraph 1 a) (i) or (ii) or b) (i), of"),
    ("art_42__para_3", "article 44 of", "article 45 of"),
    ("art_43__para_1", "articles 44 to 50 of", "articles 45 to 51 of"),
    ("art_46__para_2", "article 26 of", "article 27 of"),
    ("art_54__para_1", "article 55 of", "article 56 of"),
    ("art_54__para_2", "paragraph 2 of article 55 of", "paragraph 2 of article 56 of"),
    ("art_55__para_1", "article 31, paragraph 1, of", "article 32, paragraph 1, of"),
    ("art_55__para_1__point_b", "articles 31, paragraph 1, and 54, paragraph 1 a), of",
     "articles 32, paragraph 1, and 55, paragraph 1 a), of"),
    ("art_55__para_1__point_b", "article 31, paragraph 1, situated",
     "article 32, paragraph 1, situated"),
    ("art_55__para_2", "article 31, paragraph 1, of", "article 32, paragraph 1, of"),
    ("art_55__para_3", "article 46 of", "article 47 of"),
    ("art_55__para_3", "article 46, paragraph 15,", "article 47, paragraph 15,"),
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


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (args, result.output, result.exception)
    return result.output


@pytest.fixture(scope="module")
def consolidated(tmp_path_factory) -> tuple[Path, object, str]:
    ws = tmp_path_factory.mktemp("uncac") / "ws"
    cli("import", str(UNCAC), "--into", str(ws), "--label", "uncac-2003", "--date", "2003-10-31")
    before = workspace.load(ws).document
    for ident, who, options in PROPOSALS:
        cli("propose", str(ws), "--by", who, "--session", "COSP-1", "--date", "2024-05-02",
            "--id", ident, *options)
    cli("support", "usa-insert-after", str(ws), "--by", "AUS", "--date", "2024-05-03")
    cli("oppose", "usa-insert-after", str(ws), "--by", "RUS", "--date", "2024-05-03")
    cli("propose", str(ws), "--by", "IND", "--id", "ind-withdrawn", "--target", "9.3",
        "--delete", "civil and")
    cli("withdraw", "ind-withdrawn", str(ws), "--date", "2024-05-03")
    check = cli("check", str(ws))
    assert check.strip().endswith("0 conflicts")
    for ident, _who, _options in PROPOSALS:
        cli("status", ident, "adopted", str(ws), "--date", "2024-05-04")
    out = cli("consolidate", str(ws), "--label", "v2", "--date", "2024-06-01")
    return ws, before, out


def texts(doc) -> dict[str, str]:
    return {u.wid: "\n".join(u.text + u.wrap_up) for u in doc.units()}


def test_the_whole_consolidated_text_is_exactly_as_expected(consolidated):
    ws, before, out = consolidated
    after = workspace.load(ws).document
    expected = texts(before)
    del expected["art_30__para_5"]
    for wid, old, new in EDITS + CITATIONS:
        assert old in expected[wid], (wid, old)
        expected[wid] = expected[wid].replace(old, new, 1)
    expected.update({
        "art_16bis": "",
        "art_16bis__para_1": "Each State Party shall consider establishing as a criminal offence "
                             "the promise of an undue advantage to a family member of a public "
                             "official.",
        "art_16bis__para_2": "Paragraph 1 of this article is without prejudice to article 15 "
                             "and article 24.",
        "art_16__para_2bis": "Each State Party shall also consider adopting such measures with "
                             "regard to international business transactions.",
        "art_15__point_abis": "The offering of an undue advantage to a candidate for public "
                              "office;",
    })
    got = texts(after)
    assert set(got) == set(expected)
    for wid in expected:
        assert got[wid] == expected[wid], wid


def test_numbers_follow_in_the_new_version(consolidated):
    ws, before, _out = consolidated
    after = workspace.load(ws).document
    old = {u.wid: u.num for u in before.units()}
    new = {u.wid: u.num for u in after.units()}
    changed = {w: (old.get(w), n) for w, n in new.items() if old.get(w) != n}
    expected = {"art_16bis": (None, "Article 17"), "art_16bis__para_1": (None, "1."),
                "art_16bis__para_2": (None, "2."), "art_16__para_2bis": (None, "3."),
                "art_15__point_abis": (None, "b)"), "art_15__point_b": ("b)", "c)")}
    expected.update({f"art_{n}": (f"Article {n}", f"Article {n + 1}") for n in range(17, 72)})
    expected.update({f"art_30__para_{n}": (f"{n}.", f"{n - 1}.") for n in range(6, 11)})
    assert changed == expected
    assert after.by_wid()["art_16bis"].heading == "Bribery through family members"
    # Citations of units an adopted proposal created resolve in the new version.
    assert Citation.parse("17.1").resolve(after) == "art_16bis__para_1"
    assert Citation.parse("16.3").resolve(after) == "art_16__para_2bis"
    assert Citation.parse("15(b)").resolve(after) == "art_15__point_abis"


def test_consolidation_lists_every_citation(consolidated):
    ws, _before, out = consolidated
    assert "applied 11:" in out
    assert "citations: 35 changed, 0 not resolved (kept as written)" in out
    rows = list(csv.DictReader((ws / "versions" / "v2.citations.csv").open()))
    assert {r["status"] for r in rows} == {"changed"}
    assert len(rows) == 35
    assert {"status": "changed", "wId": "art_16bis__para_2", "citation": "article 23",
            "change or reason": "23 -> 24",
            "context": "without prejudice to article 15 and article 23."} in rows


def test_after_consolidation(consolidated):
    ws, _before, _out = consolidated
    rows = {r[0]: r for r in csv.reader((ws / "versions" / "v2.concordance.csv").open())}
    assert rows["Article 17"] == ["Article 17", "(new)", "art_16bis"]
    assert "applied in v2" in cli("amendments", str(ws), "--by", "USA")
    r = runner.invoke(app, ["status", "usa-insert-after", "proposed", str(ws)])
    assert r.exit_code == 1 and isinstance(r.exception, TreatyError)
    assert "applied in version v2" in str(r.exception)
    cli("check", str(ws))
    # A new proposal cites the new article by its new number.
    cli("propose", str(ws), "--by", "USA", "--id", "usa-new", "--target", "17.1",
        "--replace", "family member", "--with", "relative")
    assert "art_16bis__para_1" in (ws / "amendments" / "usa-new.xml").read_text()
