"""The compiled draft as Markdown and plain text: brackets, attribution, footnotes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from treaty import workspace
from treaty.amend import load_amendments
from treaty.compile import compile_bracketed
from treaty.delegations import registry
from treaty.render import RenderOptions, render

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def compiled():
    ws = workspace.load(ROOT)
    amendments, _ = load_amendments(ROOT / "amendments", registry(ROOT))
    return compile_bracketed(ws.document, amendments)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_plain_text_reads_like_a_negotiating_text(compiled):
    txt = flat(render(compiled, "txt", RenderOptions()).decode())
    assert "[developing States] [countries in special situations" in txt
    assert "small island developing States (United Kingdom)]⁹" in txt
    assert ("[modern law enforcement equipment and techniques and the use thereof, including "
            "electronic surveillance] (delete: European Union and its member States, Australia, "
            "Canada)") in txt
    assert "[(h bis) \"Virtual asset service provider\"" in txt
    assert "(Singapore)]¹" in txt
    assert "[10 bis. A request for extradition" in txt
    assert "[Article 93" in txt
    assert "(delete: European Union and its member States, United Kingdom, United States)" in txt
    assert "to conclude treaties or arrangements on extradition (ad ref)⁵" in txt
    assert "Alt 1 [1. This article shall apply" in txt and "(Egypt)]⁴" in txt
    assert "INDEX OF PROPOSALS" in txt and "Proposed by: Singapore (SGP)." in txt
    assert txt.count("[") == txt.count("]")


def test_plain_text_lines_are_wrapped(compiled):
    txt = render(compiled, "txt", RenderOptions()).decode()
    assert max(len(line) for line in txt.splitlines()) <= 100


def test_markdown_marks_and_escapes(compiled):
    md = render(compiled, "md", RenderOptions(attribution="codes")).decode()
    assert "\\[developing States\\] \\[**countries in special situations" in md
    assert "*(GBR)*\\][^9]" in md
    assert "\\[~~modern law enforcement" in md and "~~\\] *(delete: EU, AUS, CAN)*[^10]" in md
    assert "### \\[Article 93 — Detection of transfers of proceeds of crime" in md
    assert "[^1]: `ahc5-sgp-vasp`" in md
    assert re.search(r"^1\\\. ", md, re.M)  # "1." is not turned into a Markdown list


def test_markdown_renders_brackets_as_text(compiled):
    markdown_it = pytest.importorskip("markdown_it")
    md = render(compiled, "md", RenderOptions()).decode()
    html = markdown_it.MarkdownIt("commonmark").enable("strikethrough").render(md)
    assert "<ol" not in html
    assert "[developing States] [<strong>countries in special situations" in html
    assert "<s>modern law enforcement" in html


def test_nested_unit_brackets_and_alt_labels():
    from treaty.compile import Alternative, Compiled, CUnit, Group, Run
    from treaty.model import Amendment, Metadata

    group = Group((Alternative((Run("information"),)),
                   Alternative((Run("relevant information", "ins", ("w",)),), ("w",))))
    point_a = CUnit("point", "p_a", "p_a", "(a)", blocks=((Run("exchange "), group, Run(";")),))
    alt_b = CUnit("point", "p_b-alt1", "", "(b)", blocks=((Run("provide assistance."),),),
                  inserted_by=("x",))
    point_b = CUnit("point", "p_b", "p_b", "(b)", blocks=((Run("assist."),),),
                    alternatives=(("Alt 1", alt_b),))
    para = CUnit("paragraph", "para_2", "para_2", "2.", blocks=((Run("The Parties shall:"),),),
                 children=(point_a, point_b), deleted_by=("d",))
    art = CUnit("article", "art_1", "art_1", "Article 1", "Scope", children=(para,))
    amendments = {k: Amendment(k, (code,), ()) for k, code in (("d", "RUS"), ("w", "BRA"), ("x", "CHN"))}
    compiled = Compiled(Metadata(), "bracketed", None, (art,), amendments)
    txt = render(compiled, "txt", RenderOptions(attribution="codes")).decode()
    assert "[2.   (delete: RUS)¹\n\n      The Parties shall:" in txt
    assert "(a)   exchange [information] [relevant information (BRA)]²;" in txt
    assert "[(b)  assist.]" in txt
    assert "Alt 1 [(b) provide assistance. (CHN)]³] ____" in flat(txt)
    assert flat(txt).strip().endswith("3. x — proposed Proposed by: China (CHN).")
    md = render(compiled, "md", RenderOptions(attribution="codes")).decode()
    assert "&nbsp;&nbsp;&nbsp;&nbsp;**Alt 1**" in md
    assert "**provide assistance.** *(CHN)*\\][^3]\\]" in md
