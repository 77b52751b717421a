"""Renderers of a comparison: HTML, terminal text, Markdown, JSON (against docs/diff-json.md)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from treaty.commands.diff import render
from treaty.diff import compare
from treaty.model import Document, Unit

DOCS = Path(__file__).resolve().parent.parent / "docs" / "diff-json.md"


def art(num: str, heading: str | None, *paras: str) -> Unit:
    return Unit(kind="article", num=f"Article {num}", heading=heading,
                children=tuple(Unit(kind="paragraph", num=f"{k + 1}.", text=(p,))
                               for k, p in enumerate(paras)))


OLD = Document(
    preamble=Unit(kind="preamble", text=("The States Parties,",),
                  children=(Unit(kind="recital", text=("Concerned about <script>alert(1)</script>",)),)),
    body=(art("1", "Scope", "This Convention applies to offences & other acts set out herein."),
          art("2", "Use of terms", "For the purposes of this Convention, ship means a vessel of any "
              "type whatsoever not permanently attached to the sea-bed."),
          art("3", "Offences", "Any person commits an offence if that person unlawfully and "
              "intentionally seizes a ship by force."),
          art("4", "Jurisdiction", "Each State Party shall take such measures as may be necessary to "
              "establish its jurisdiction over the offences.")))
NEW = Document(
    preamble=OLD.preamble,
    body=(OLD.body[0],
          art("2", "Use of terms", "For the purposes of this Convention, ship means a vessel of any "
              "type not permanently attached to the sea-bed, including submersibles."),
          art("2 bis", "Saving clause", "Nothing in this Convention shall affect the rights and "
              "obligations of States under international law."),
          art("3", "Offences", "Any person commits an offence if that person unlawfully and "
              "intentionally seizes a ship by force or threat."),
          art("5", "Jurisdiction", "Each State Party shall take such measures as may be necessary to "
              "establish its jurisdiction over the offences.")))


@pytest.fixture(scope="module")
def result():
    return compare(OLD, NEW)


def test_html_is_self_contained_escaped_and_complete(result):
    page = render(result, "html")
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script|<link|\bsrc=|@import|url\(", page)  # nothing loaded from outside
    assert "&lt;script&gt;" not in page  # the unchanged recital is not shown ...
    changed = compare(OLD, Document(preamble=Unit(kind="preamble", text=("The States Parties,",),
                      children=(Unit(kind="recital", text=("<script>x</script> & more",)),)),
                      body=OLD.body))
    shown = render(changed, "html")
    assert "&lt;script&gt;" in shown and "&amp; more" in shown  # ... escaped
    assert "<script" not in shown
    assert "<ins>whatsoever</ins>" not in page and "<del>whatsoever</del>" in page
    assert "<ins>, including submersibles</ins>" in page
    assert "<ins>or threat</ins>" in page
    # summary and concordance
    assert re.search(r"<th>Articles</th>(<td class=\"num[^\"]*\">\d+</td>){8}", page)
    assert "<td>Article 4</td><td><a href=\"#article-new-5\">Article 5</a></td>" in page
    assert "renumbered" in page
    # the side-by-side toggle, pure CSS
    assert 'id="sbs"' in page and "#sbs:checked ~ main .sbs" in page
    assert page.count('<div class="sbs">') == page.count('<div class="inline">')


def test_html_no_changes(result):
    page = render(compare(OLD, OLD), "html")
    assert "No changes." in page


def test_txt_markers_without_colour_and_colours_with(result):
    plain = render(result, "txt")
    assert "\x1b[" not in plain
    assert "[-whatsoever-]" in plain and "sea-bed{+, including submersibles+}." in plain
    assert re.search(r"Article 4 -> Article 5 +unchanged +\(renumbered\)", plain)
    assert "== Article 2 bis [added]" in plain
    coloured = render(result, "txt", color=True)
    assert "\x1b[" in coloured and "[-whatsoever-]" not in coloured
    assert "no changes" in render(compare(OLD, OLD), "txt")


def test_markdown_escapes_and_marks(result):
    md = render(result, "md")
    assert "~~whatsoever~~" in md and "**including submersibles.**" not in md
    assert "sea-bed**, including submersibles**." in md
    assert "| Article 4 | Article 5 | unchanged | renumbered |" in md
    assert "offences & other" not in md  # only changed articles are shown; Article 1 is not
    weird = compare(Document(body=(art("1", None, "a *b* [c] <d>"),)),
                    Document(body=(art("1", None, "a *b* [c] <d> e_f"),)))
    text = render(weird, "md")
    assert r"a \*b\* \[c\] \<d\> **e\_f**" in text


# -- JSON against its documentation ---------------------------------------------------------


def documented_fields() -> dict[str, set[str]]:
    """Section title -> field names listed in that section's table of docs/diff-json.md."""
    sections: dict[str, set[str]] = {}
    current = None
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            current = line.lstrip("#").strip().strip("`")
            continue
        m = re.match(r"\| `([a-z_]+)` \|", line)
        if m and current:
            sections.setdefault(current, set()).add(m.group(1))
    return sections


def test_json_matches_documented_schema(result):
    data = json.loads(render(result, "json"))
    docs = documented_fields()
    assert data["schema_version"] == "1.0"
    assert f"Current version: **{data['schema_version']}**" in DOCS.read_text(encoding="utf-8")
    assert set(data) == docs["Top level"]
    assert set(data["options"]) == docs["options"]
    assert set(data["old"]) == set(data["new"]) == docs["Source"]
    assert set(data["summary"]) == docs["summary"]
    counts = {"added", "deleted", "split", "merged", "renumbered", "moved", "changed", "unchanged"}
    for group, c in data["summary"]["groups"].items():
        assert group in {"preamble", "recital", "article", "division", "other"}
        assert set(c) == counts and all(isinstance(v, int) for v in c.values())
    for row in data["concordance"]:
        assert set(row) == docs["ConcordanceRow"]
    for entry in data["entries"]:
        assert set(entry) == docs["Entry"]
        for side in (entry["old"], entry["new"]):
            assert side is None or set(side) == docs["Side"]
        for seg in entry["segments"]:
            assert set(seg) <= docs["Segment"] and seg["op"] in {"eq", "ins", "del"}
        assert entry["status"] in {"unchanged", "changed", "added", "deleted", "split", "merged"}
    art_counts = data["summary"]["groups"]["article"]
    assert (art_counts["added"], art_counts["renumbered"], art_counts["changed"],
            art_counts["unchanged"]) == (1, 1, 2, 2)
    assert data["concordance"][2] == {"old": None, "new": "Article 2 bis", "status": "added",
                                      "notes": []}


def test_json_segments_rebuild_both_texts(result):
    data = json.loads(render(result, "json"))
    entry = next(e for e in data["entries"] if e["new"] and e["new"]["label"] == "Article 2")
    old = "".join(s.get("old_text", s["text"]) for s in entry["segments"] if s["op"] != "ins")
    new = "".join(s["text"] for s in entry["segments"] if s["op"] != "del")
    assert "type whatsoever not permanently" in old
    assert new.endswith("sea-bed, including submersibles.")
    assert entry["words_inserted"] == 2 and entry["words_deleted"] == 1
