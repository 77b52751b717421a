"""``treaty diff`` on real version pairs from tests/data/corpus (see its PROVENANCE.md).

Each test states checkable facts about a pair: which articles are new, which old article
became which new one, which words changed.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from treaty.commands.diff import render, run_diff
from treaty.diff import compare
from treaty.diff.report import DiffResult
from treaty.readers import read

from .conftest import corpus_dir

CORPUS = corpus_dir() or Path("tests/data/corpus")
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="tests/data/corpus not present")


def path(prefix: str) -> Path:
    found = sorted(CORPUS.glob(prefix + "*"))
    assert found, prefix
    return found[0]


@cache
def diff(old: str, new: str) -> DiffResult:
    return compare(read(path(old)).document, read(path(new)).document)


def articles(result: DiffResult) -> list[tuple[str | None, str | None, str]]:
    return [(e.old.label if e.old else None, e.new.label if e.new else None, e.status)
            for e in result.entries if e.group == "article"]


def added(result: DiffResult) -> list[str]:
    return [n for o, n, s in articles(result) if s == "added"]


def deleted(result: DiffResult) -> list[str]:
    return [o for o, n, s in articles(result) if s == "deleted"]


def pairs(result: DiffResult) -> dict[str, str]:
    return {o: n for o, n, _ in articles(result) if o and n}


def changes(result: DiffResult, label: str) -> list[tuple[str, str]]:
    entry = next(e for e in result.entries if e.group == "article" and e.new
                 and e.new.label == label)
    return [(s.op, s.text.strip()) for s in entry.diff.segments if s.op != "eq"]


# -- SUA 1988 -> as amended by the 2005 Protocol ------------------------------------------


def test_sua_2005_protocol_inserts_bis_ter_quater_articles():
    r = diff("imo_sua_convention_v1", "imo_sua_convention_v2")
    assert added(r) == ["Article 2bis", "Article 3bis", "Article 3ter", "Article 3quater",
                        "Article 5bis", "Article 8bis", "Article 11bis", "Article 11ter",
                        "Article 12bis", "Article 16bis"]
    assert deleted(r) == []
    # every 1988 article keeps its number; Article 1 grew from one definition to many
    assert pairs(r) == {f"Article {n}": f"Article {n}" for n in range(1, 23)}
    first = r.entries[[e.new.label if e.new else "" for e in r.entries].index("Article 1")]
    assert first.aligned_by == "contained" and first.diff.inserted > 10 * first.diff.deleted
    c = r.summary.counts()
    assert (c.renumbered, c.moved, c.added) == (0, 0, 10)


# -- Universal Copyright Convention 1952 -> Paris 1971 ------------------------------------


def test_ucc_1971_adds_ivbis_vbis_vter_vquater():
    r = diff("unesco_universal_copyright_convention_v1", "unesco_universal_copyright_convention_v2")
    assert added(r) == ["Article IVbis", "Article Vbis", "Article Vter", "Article Vquater"]
    assert deleted(r) == []
    romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
              "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI"]
    assert pairs(r) == {f"Article {n}": f"Article {n}" for n in romans}


# -- European Social Charter 1961 -> revised 1996 -----------------------------------------


def test_social_charter_1996_renumbers_parts_iii_to_v_into_letters():
    r = diff("coe_ets035", "coe_ets163")
    p = pairs(r)
    # Part II rights keep their numbers (15 and 17 were rewritten, still paired)
    assert all(p[f"Article {n}"] == f"Article {n}" for n in range(1, 20))
    # the 1961 articles after the rights became lettered articles
    assert {p["Article 20"], p["Article 30"], p["Article 31"], p["Article 32"], p["Article 37"],
            p["Article 38"]} == {"Article A", "Article F", "Article G", "Article H", "Article M",
                                 "Article N"}
    assert p["Article 20"] == "Article A" and p["Article 38"] == "Article N"
    assert p["Article 34"] == "Article L" and p["Article 35"] == "Article K"
    assert p["Artikel 36"] == "Article J"  # sic: the source writes "Artikel 36"
    # the new rights 20-31 are new; the 1961 reporting procedure (21-29) is gone
    assert added(r) == [f"Article {n}" for n in range(20, 32)] + [
        "Article B", "Article C", "Article D", "Article E", "Article O"]
    assert deleted(r) == [f"Article {n}" for n in range(21, 30)]
    moved = {e.new.label for e in r.entries if e.group == "article" and e.moved}
    assert moved and moved <= {"Article K", "Article L", "Article J"}
    entry = next(e for e in r.entries if e.new and e.new.label == "Article A")
    assert entry.renumbered and entry.aligned_by == "heading"


# -- Paris Agreement drafts -----------------------------------------------------------------


def test_paris_v4_to_v5_editorial_corrections():
    r = diff("unfccc_paris_agreement_v4", "unfccc_paris_agreement_v5")
    c = r.summary.counts()
    assert (c.added, c.deleted, c.renumbered, c.moved) == (0, 0, 0, 0)
    changed = [n for o, n, s in articles(r) if s == "changed"]
    assert changed == [f"Article {n}" for n in
                       (1, 2, 4, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 19, 21, 25)]
    assert r.summary.words_inserted < 60 and r.summary.words_deleted < 90
    assert changes(r, "Article 1")[:6] == [("del", "purposes"), ("ins", "purpose"),
                                           ("del", "all"), ("ins", "the"), ("ins", "shall"),
                                           ("del", ".")]
    assert changes(r, "Article 2")[:2] == [("del", "to pursue"), ("ins", "pursuing")]
    assert ("del", "decisionmaking") in changes(r, "Article 7")
    assert ("ins", "decision-making") in changes(r, "Article 7")
    assert changes(r, "Article 21") == [("del", "percent"), ("ins", "per cent")]
    assert changes(r, "Article 25") == [("ins", "in")]
    # "the Paris Agreement" became "this Agreement" throughout
    for label in ("Article 9", "Article 11", "Article 17"):
        assert changes(r, label) == [("del", "the Paris"), ("ins", "this")]
    assert set(changes(r, "Article 16")) == {("del", "the Paris"), ("ins", "this")}
    # the terminal report shows the changed paragraphs only
    text = render(r, "txt")
    assert "[-to pursue-] {+pursuing+}" in text
    assert "\u2026 (2 unchanged paragraphs)" in text
    assert "Each Party shall prepare, communicate and maintain successive" not in text


def test_paris_v3_to_v4_renumbering_to_articles_1_to_29():
    r = diff("unfccc_paris_agreement_v3", "unfccc_paris_agreement_v4")
    assert added(r) == [] and deleted(r) == []
    expected = {"1": "1", "2": "2", "2bis": "3", "3": "4", "3bis": "5", "3ter": "6", "4": "7",
                "5": "8", "6": "9", "7": "10", "8": "11", "8 bis": "12", "9": "13", "10": "14",
                "11": "15", "12": "16", "13": "17", "14": "18", "15": "19", "16": "20",
                "18": "21", "19": "22", "20": "23", "21": "24", "22": "25", "23": "26",
                "24": "27", "25": "28", "26": "29"}
    assert pairs(r) == {f"Article {o}": f"Article {n}" for o, n in expected.items()}
    assert r.summary.counts().renumbered == 27
    assert r.summary.counts().moved == 0


def test_paris_v2_to_v3_drops_article_17():
    r = diff("unfccc_paris_agreement_v2", "unfccc_paris_agreement_v3")
    assert deleted(r) == ["Article 17"] and added(r) == []
    assert all(o == n for o, n in pairs(r).items())


def test_paris_v1_to_v2_keeps_every_article():
    r = diff("unfccc_paris_agreement_v1", "unfccc_paris_agreement_v2")
    assert added(r) == [] and deleted(r) == []
    assert len(pairs(r)) == 30 and all(o == n for o, n in pairs(r).items())
    assert {"Article 3bis", "Article 3ter", "Article 8 bis"} <= set(pairs(r))
    assert r.summary.words_deleted > r.summary.words_inserted  # options and brackets cut


# -- EU AI Act (the benchmark pair) ---------------------------------------------------------


def test_ai_act_general_approach_to_final_regulation():
    r = diff("eu_ai_act_v10", "eu_ai_act_v12")
    assert not r.degraded
    p = pairs(r)
    for n in [1, 2, 3, *range(5, 19), *range(35, 45)]:
        assert p[f"Article {n}"] == f"Article {n}"
    assert p["Article 20"] == "Article 19"  # automatically generated logs
    assert p["Article 33a"] == "Article 32"  # presumption of conformity (notified bodies)
    assert p["Article 54a"] == "Article 60"  # testing in real world conditions
    assert p["Article 70"] == "Article 78"  # confidentiality, moved
    assert p["Article 85"] == "Article 113"  # entry into force
    new = added(r)
    assert "Article 4" in new  # AI literacy
    assert [f"Article {n}" for n in range(51, 57)] == [a for a in new if a in
                                                        {f"Article {n}" for n in range(51, 57)}]
    moved = {n for o, n, _ in articles(r) if n and any(
        e.moved for e in r.entries if e.new and e.new.label == n and e.group == "article")}
    assert "Article 78" in moved
    assert r.summary.counts().renumbered > 50


def test_ai_act_v09_to_v10_is_nearly_identical():
    r = diff("eu_ai_act_v09", "eu_ai_act_v10")
    c = r.summary.counts()
    assert (c.added, c.deleted, c.renumbered) == (0, 0, 0)
    assert c.changed <= 6 and c.unchanged >= 90


# -- options and outputs on real text -------------------------------------------------------


def test_quote_style_ignored_unless_exact(tmp_path: Path):
    """The Dutch database writes ``computer system"; the same text with “curly” quotes is
    no change unless --exact."""
    src = path("coe_ets185").read_text(encoding="utf-8")
    curly = re.sub(r'``([^"`]+)"', "\u201c\\1\u201d", src)
    assert curly != src
    other = tmp_path / "budapest_curly.txt"
    other.write_text(curly, encoding="utf-8")
    loose, _, _ = run_diff(str(path("coe_ets185")), str(other), "json")
    assert loose.summary.no_changes
    exact, text, _ = run_diff(str(path("coe_ets185")), str(other), "json", exact=True)
    assert not exact.summary.no_changes
    assert (exact.summary.words_inserted, exact.summary.words_deleted) == (0, 0)
    changed = {e.new.label for e in exact.entries if e.status == "changed"}
    assert "Article 1" in changed
    assert json.loads(text)["options"]["exact"] is True


def test_identical_corpus_text_has_no_changes():
    r = diff("un_untoc_2000", "un_untoc_2000")
    assert r.summary.no_changes
    assert "no changes" in render(r, "txt")


def test_sua_html_report_names_the_new_articles():
    page = render(diff("imo_sua_convention_v1", "imo_sua_convention_v2"), "html")
    for label in ("Article 2bis", "Article 3quater", "Article 16bis"):
        assert re.search(rf'<td>—</td><td><a href="#article-new-\d+">{label}</a></td>', page)
    assert page.count('<span class="status added">added</span></td>') == 10
