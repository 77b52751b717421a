"""The compiled draft as HTML: structure of the demo's bracketed text, attribution modes,
escaping, template overrides."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import lxml.html
import pytest

from treaty import workspace
from treaty.amend import load_amendments
from treaty.amend.format import amendment_to_xml
from treaty.compile import (
    Alternative,
    Compiled,
    CUnit,
    Group,
    Run,
    compile_bracketed,
    compile_clean,
)
from treaty.delegations import registry
from treaty.model import Amendment, Change, Document, Metadata, TreatyError, Unit
from treaty.render import RenderOptions, render

ROOT = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=1)
def demo_compiled() -> Compiled:
    ws = workspace.load(ROOT)
    amendments, problems = load_amendments(ROOT / "amendments", registry(ROOT))
    assert not problems
    return compile_bracketed(ws.document, amendments)


@lru_cache(maxsize=8)
def demo_html(attribution: str = "names", show_index: bool = True) -> str:
    options = RenderOptions(attribution=attribution, show_index=show_index, registry=registry(ROOT))
    return render(demo_compiled(), "html", options).decode("utf-8")


def tree(html: str):
    return lxml.html.fromstring(html)


def text(el) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


def by_id(root, eid: str):
    found = root.get_element_by_id(eid)
    assert found is not None, eid
    return found


def main_text(root) -> str:
    return text(root.find_class("draft")[0])


# -- the demo's bracketed text ------------------------------------------------------------


def test_article_93_whole_unit_deletion():
    root = tree(demo_html())
    art = by_id(root, "art_93")
    assert "deleted" in art.get("class")
    assert "ahc5-eu-gbr-usa-093-delete" in art.get("data-amendment").split()
    words = text(art)
    assert words.startswith("[Article 93")
    assert "delete: European Union and its member States, United Kingdom, United States" in words
    assert words.endswith("]")
    # nested brackets: the groups inside the article proposed for deletion are kept
    assert art.find_class("group")


def test_article_57_group_has_two_attributed_alternatives():
    root = tree(demo_html())
    para = by_id(root, "art_57__para_1")
    groups = para.find_class("group")
    assert len(groups) == 1
    alts = [text(a) for a in groups[0].find_class("alt")]
    assert alts[0] == "[and of judicial proceedings in relation to such offences]"
    assert alts[1].startswith("[and of judicial proceedings in criminal matters")
    assert "(Argentina, European Union and its member States, Malaysia)]" in alts[1]
    assert "(Brazil, Costa Rica, Dominican Republic, Guatemala)]" in alts[2]
    # the proposals are <ins>, the original is not
    spans = groups[0].find_class("alt")
    assert not spans[0].findall(".//ins")
    assert spans[1].findall(".//ins") and spans[2].findall(".//ins")
    # copy-paste keeps the brackets as characters
    assert text(groups[0]).count("[") == 3 and text(groups[0]).count("]") == 3


def test_singapore_point_h_bis_is_bracketed_bold_and_attributed():
    root = tree(demo_html())
    point = by_id(root, "art_2__point_hbis")
    assert "inserted" in point.get("class")
    assert point.get("data-amendment") == "ahc5-sgp-vasp"
    words = text(point)
    assert words.startswith("[(h bis)")
    assert re.search(r"virtual asset\. \(Singapore\)\]\d+$", words)
    assert point.findall(".//ins")  # proposed text is <ins> (bold + underlined by the CSS)


def test_russian_paragraph_is_10_bis_in_article_58():
    root = tree(demo_html())
    para = by_id(root, "art_58__para_10bis")
    assert by_id(root, "art_58").xpath(".//*[@id='art_58__para_10bis']")
    words = text(para)
    assert words.startswith("[10 bis.")
    assert "(Russian Federation)]" in words
    ter = text(by_id(root, "art_58__para_10ter"))
    assert ter.startswith("[10 ter.")
    assert "(Russian Federation, Syrian Arab Republic, Nicaragua)]" in ter


def test_alt_1_follows_the_original_paragraph():
    root = tree(demo_html())
    original = by_id(root, "art_58__para_1")
    assert text(original).startswith("[1.") and text(original).endswith("]")
    label = original.getnext()
    assert "alt-label" in label.get("class") and text(label) == "Alt 1"
    alt = label.getnext()
    assert alt.get("data-amendment") == "ahc5-egy-058-alt-para-1"
    assert "(Egypt)]" in text(alt)


def test_ad_ref_runs_are_integrated_and_labelled():
    root = tree(demo_html())
    point = by_id(root, "art_58__para_4__point_b")
    adref = point.find_class("adref")
    assert len(adref) == 1
    assert text(adref[0]) == "to conclude treaties or arrangements on extradition"
    assert adref[0].get("data-amendment") == "ahc5-jpn-058-arrangements"
    label = adref[0].getnext()
    assert "status-adref" in label.get("class") and text(label) == "ad ref"
    assert "[" not in text(point)  # integrated: no brackets


def test_deletion_alternative_is_struck_through_with_delete_note():
    root = tree(demo_html())
    para = by_id(root, "art_86__para_2")
    alt = para.find_class("deletes")[0]
    assert text(alt.findall(".//del")[0]).startswith("modern law enforcement equipment")
    assert "(delete: European Union and its member States, Australia, Canada)" in text(alt)


def test_every_shown_amendment_has_data_amendment_and_a_footnote():
    html = demo_html()
    root = tree(html)
    shown = demo_compiled().shown_amendments()
    in_text = set()
    for el in root.find_class("draft")[0].xpath(".//*[@data-amendment]"):
        in_text.update(el.get("data-amendment").split())
    assert set(shown) <= in_text
    notes = root.get_element_by_id("index").findall(".//li")
    assert [li.get("data-amendment") for li in notes] == shown
    assert notes[0].get("id") == "fn-1"
    first = text(notes[0])
    assert "ahc5-sgp-vasp" in first and "Singapore (SGP)" in first and "AHC-5" in first
    # footnote references link to the index
    refs = {a.get("href") for a in root.xpath("//sup[@class='fnref']/a")}
    assert refs == {f"#fn-{n}" for n in range(1, len(shown) + 1)}


def test_opponents_and_supporters_are_in_the_index():
    root = tree(demo_html())
    entry = text(root.xpath("//li[@data-amendment='ahc5-rus-058-political-offence']")[0])
    assert "Supported by: China (CHN)" in entry
    assert "Opposed by: European Union and its member States (EU)" in entry


def test_brackets_balance_in_the_whole_text():
    words = main_text(tree(demo_html()))
    depth = 0
    for ch in words:
        depth += {"[": 1, "]": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0


def test_masthead_and_contents():
    root = tree(demo_html())
    head = text(root.find_class("masthead")[0])
    assert "A/AC.291/22" in head and "Distr.: General" in head and "21 April 2023" in head
    assert "Fifth session" in head and "Original: English" in head
    links = [a.get("href") for a in root.xpath("//nav[@class='toc']//a")]
    assert "#art_58" in links and "#chp_4" in links
    for href in links:
        assert root.get_element_by_id(href[1:]) is not None
    assert root.xpath("//style") and not root.xpath("//link[@rel='stylesheet']")  # self-contained


# -- attribution modes --------------------------------------------------------------------


def test_attribution_codes():
    words = main_text(tree(demo_html("codes")))
    assert "(SGP)]" in words and "(Singapore)" not in words
    assert "(ARG, EU, MYS)]" in words
    assert "delete: EU, GBR, USA" in words


def test_attribution_none_keeps_the_index_on_request():
    root = tree(demo_html("none"))
    words = main_text(root)
    assert "(Singapore)" not in words and "(SGP)" not in words
    assert "[(h bis)" in words and "(delete)" in words
    assert root.get_element_by_id("index") is not None
    bare = tree(demo_html("none", show_index=False))
    assert not bare.xpath("//sup[@class='fnref']")
    assert bare.xpath("//*[@id='index']") == []


def test_clean_mode_has_no_marks():
    ws = workspace.load(ROOT)
    amendments, _ = load_amendments(ROOT / "amendments", registry(ROOT))
    html = render(compile_clean(ws.document, amendments), "html", RenderOptions()).decode()
    root = tree(html)
    draft = root.find_class("draft")[0]
    assert not draft.xpath(".//ins | .//del") and not draft.find_class("group")
    assert "[" not in text(draft)
    assert not root.find_class("legend")


def test_unknown_format_and_attribution():
    with pytest.raises(TreatyError, match="unknown output format"):
        render(demo_compiled(), "docx-ish", RenderOptions())
    with pytest.raises(TreatyError, match="attribution"):
        render(demo_compiled(), "html", RenderOptions(attribution="flags"))


# -- a tiny workspace ---------------------------------------------------------------------


def tiny(tmp_path: Path, *amendments: Amendment, title: str = "Tiny <b>convention</b>") -> Compiled:
    doc = Document(
        meta=Metadata(title=title, symbol="A/AC.1/<1>", date="2024-01-02", body="Committee"),
        body=(Unit("article", "art_1", "art_1", "Article 1", "Scope", children=(
            Unit("paragraph", "art_1__para_1", "art_1__para_1", "1.",
                 text=("The Parties shall cooperate in good faith.",)),
            Unit("paragraph", "art_1__para_2", "art_1__para_2", "2.",
                 text=("Nothing here affects other treaties.",)),
        )),))
    ws = workspace.create(tmp_path / "ws", doc)
    for a in amendments:
        (ws.amendments_dir / f"{a.id}.xml").write_bytes(amendment_to_xml(a))
    loaded = workspace.load(ws.root)
    found, problems = load_amendments(ws.amendments_dir, registry())
    assert not problems
    return compile_bracketed(loaded.document, found)


HOSTILE = "<script>alert(1)</script> {{ 7*7 }} {% if true %}x{% endif %} & \"q\""


def test_proposal_text_is_escaped(tmp_path: Path):
    a = Amendment("t-hostile", ("SGP",), (Change("replace", "art_1__para_1", old="in good faith",
                                                  new=HOSTILE),), note="<i>note</i> {{ 1+1 }}")
    html = render(tiny(tmp_path, a), "html", RenderOptions()).decode()
    root = tree(html)
    assert not root.xpath("//script") and not root.xpath("//b") and not root.xpath("//i")
    para = text(by_id(root, "art_1__para_1"))
    assert "<script>alert(1)</script> {{ 7*7 }} {% if true %}x{% endif %} & \"q\"" in para
    assert "49" not in para
    assert "Tiny <b>convention</b>" in text(root.find_class("masthead")[0])
    assert "<i>note</i> {{ 1+1 }}" in text(root.get_element_by_id("index"))
    assert "&lt;script&gt;" in html


def test_unlocated_and_closed_proposals_are_listed(tmp_path: Path):
    lost = Amendment("t-lost", ("GBR",), (Change("replace", "art_1__para_2", old="words that are not there",
                                                  new="x"),))
    gone = Amendment("t-gone", ("FRA",), (Change("replace", "art_1__para_2", old="Nothing", new="No"),),
                     status="withdrawn")
    compiled = tiny(tmp_path, lost, gone)
    assert compiled.unlocated
    root = tree(render(compiled, "html", RenderOptions()).decode())
    annex = text(root.get_element_by_id("annex-unlocated"))
    assert "Proposals not located in this text" in annex
    assert "t-lost" in annex and "United Kingdom (GBR)" in annex
    assert compiled.unlocated[0].reason in annex
    assert "could not be located" in text(root.find_class("legend")[0])
    closed = text(root.get_element_by_id("annex-closed"))
    assert "t-gone" in closed and "withdrawn" in closed and "France (FRA)" in closed


def test_nested_brackets_inside_an_inserted_unit():
    group = Group((Alternative((Run("good faith"),)),
                   Alternative((Run("full good faith", "ins", ("b",)),), ("b",))))
    new = CUnit("paragraph", "art_1__para_1bis", "art_1__para_1bis", "1 bis.",
                blocks=((Run("Parties act in "), group, Run(".")),), inserted_by=("a",))
    gone = CUnit("paragraph", "art_1__para_2", "art_1__para_2", "2.", children=(
        CUnit("point", "art_1__para_2__point_a", "art_1__para_2__point_a", "(a)",
              blocks=((Run("first"),),), inserted_by=("a",)),), blocks=((Run("Intro:"),),),
        deleted_by=("b",))
    art = CUnit("article", "art_1", "art_1", "Article 1", "Scope", children=(new, gone))
    amendments = {"a": Amendment("a", ("SGP",), ()), "b": Amendment("b", ("CHN", "RUS"), ())}
    compiled = Compiled(Metadata(), "bracketed", None, (art,), amendments)
    root = tree(render(compiled, "html", RenderOptions(attribution="codes")).decode())
    assert text(by_id(root, "art_1__para_1bis")) == (
        "[1 bis. Parties act in [good faith] [full good faith (CHN, RUS)]2. (SGP)]1")
    # the deleted paragraph's bracket closes after its inserted point's own bracket
    assert " ".join(text(p) for p in by_id(root, "art_1__para_2").iter("p")) == (
        "[2. (delete: CHN, RUS)2 Intro: [(a) first (SGP)]1]")


# -- template overrides -------------------------------------------------------------------


def test_workspace_render_folder_overrides_templates_and_css(tmp_path: Path):
    folder = tmp_path / "render"
    folder.mkdir()
    (folder / "masthead.html.j2").write_text(
        '<header class="masthead"><p class="house">House style for {{ d.meta.symbol }}</p></header>')
    (folder / "house.css").write_text(".house { color: rebeccapurple; }")
    html = render(demo_compiled(), "html", RenderOptions(template_dirs=(folder,))).decode()
    root = tree(html)
    assert text(root.find_class("house")[0]) == "House style for A/AC.291/22"
    assert "rebeccapurple" in html and "--indent" in html  # house.css is added to draft.css
    (folder / "draft.css").write_text("body { color: teal; }")
    html = render(demo_compiled(), "html", RenderOptions(template_dirs=(folder,))).decode()
    assert "teal" in html and "--indent" not in html  # draft.css replaced by name


def test_demo_render_folder_gives_a_un_masthead():
    options = RenderOptions(template_dirs=(ROOT / "render",))
    root = tree(render(demo_compiled(), "html", options).decode())
    head = root.find_class("masthead")[0]
    assert "United Nations" in text(head)
    assert text(head.find_class("un-symbol")[0]) == "A/AC.291/22"


def test_broken_override_names_the_file(tmp_path: Path):
    folder = tmp_path / "render"
    folder.mkdir()
    bad = folder / "masthead.html.j2"
    bad.write_text("<header>\n{% if d.meta.symbol %}\n<p>unclosed</p>\n</header>\n")
    with pytest.raises(TreatyError) as err:
        render(demo_compiled(), "html", RenderOptions(template_dirs=(folder,)))
    assert "masthead.html.j2" in err.value.problem.where
    assert "template error" in err.value.problem.what
    bad.write_text("<header>{{ d.meta.no_such_field }}</header>")
    with pytest.raises(TreatyError) as err:
        render(demo_compiled(), "html", RenderOptions(template_dirs=(folder,)))
    assert "masthead.html.j2" in err.value.problem.where
    assert "no_such_field" in err.value.problem.what
