"""Brackets carried by imported negotiating texts become a bracket tree and render as such."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from treaty import commands
from treaty.brackets import count, parse
from treaty.compile import Group, Run

from .conftest import corpus_dir


def flat(items) -> str:
    out = ""
    for item in items:
        if isinstance(item, Run):
            out += item.text
        else:
            out += "[" + flat(item.alternatives[0].runs) + "]"
    return out


def test_nested_brackets_form_a_tree_and_keep_every_character():
    text = "[developed country Parties [and other Parties in a position to do so]] shall[^2] act ["
    items = parse(text)
    assert flat(items) == text
    outer = items[0]
    assert isinstance(outer, Group)
    inner = [i for i in outer.alternatives[0].runs if isinstance(i, Group)]
    assert flat(inner[0].alternatives[0].runs) == "and other Parties in a position to do so"
    assert count(text) == 2  # the footnote reference and the unbalanced bracket are text


@pytest.mark.skipif(corpus_dir() is None, reason="corpus not available")
def test_paris_draft_renders_its_own_brackets(tmp_path: Path):
    source = corpus_dir() / "unfccc_paris_agreement_v1_2015-10-23_adp_draft_negotiating_text.txt"
    commands.import_text(source, tmp_path / "paris")
    page = html.fromstring(commands.compile_document(tmp_path / "paris", fmt="html"))
    text = page.text_content()
    assert "In [furtherance][pursuit] of the objective" in " ".join(text.split())
    # Unattributed: no proposals, so no footnote references on those groups.
    assert not page.xpath("//*[@data-amendment]")
    md = commands.compile_document(tmp_path / "paris", fmt="md").decode()
    assert r"\[furtherance\]\[pursuit\]" in md  # escaped so Markdown shows the brackets


@pytest.mark.skipif(corpus_dir() is None, reason="corpus not available")
def test_stats_counts_brackets_and_options_of_the_paris_draft():
    v1 = commands.stats(corpus_dir() / "unfccc_paris_agreement_v1_2015-10-23_adp_draft_negotiating_text.txt")
    v4 = commands.stats(corpus_dir() / "unfccc_paris_agreement_v4_2015-12-12_adopted_L9Rev1.txt")
    assert v1["articles"] == 30 and v4["articles"] == 29
    assert v1["brackets"] > 900 and v1["options"] > 100
    assert v4["brackets"] == 0 and v4["options"] == 0
