"""`positions` says what every proposal does; `report` keeps a note as a note (issue 14)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from treaty import commands
from treaty.commands.positions import compute, render_positions, render_report

from .conftest import ROOT


@pytest.fixture()
def demo(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(
        ".git", ".venv", "tests", "*.egg-info", "__pycache__", "treaty", "benchmarks", "docs"))
    for path in (root / "amendments").glob("*.xml"):
        path.unlink()
    return root


def table(root: Path, ident: str, by: str, note: str = "", **options) -> None:
    change = commands.change_from_options(**options)
    commands.propose_from_options(root, change, by=[by], supported_by=[], opposed_by=[],
                                  session="AHC-5", id=ident, note=note)


def test_positions_describe_every_proposal_without_a_note(demo: Path):
    table(demo, "bra", "BRA", target="58.2", replace="existing between States Parties",
          with_="in force between States Parties")
    table(demo, "nor", "NOR", new_paragraph="States Parties shall cooperate.", after="58.2")
    table(demo, "usa", "USA", target="58.13", delete_unit=True)
    pos, _doc = compute(demo, "AHC-5")
    data = json.loads(render_positions(pos, "json"))
    what = {p["id"]: p["what"] for p in data["proposals"]}
    assert what == {"bra": "Replace “existing between States Parties” by “in force between "
                           "States Parties” in paragraph 2",
                    "nor": "A new paragraph after paragraph 2",
                    "usa": "Delete paragraph 13"}
    md = render_positions(pos, "md").decode()
    assert ("| `bra` | Replace “existing between States Parties” by “in force between States "
            "Parties” in paragraph 2 |") in md
    assert "–" not in md.split("| `usa` |")[1].split("|")[1]
    html = render_positions(pos, "html").decode()
    assert '<td class="what">Delete paragraph 13' in html


def test_report_keeps_a_note_as_a_note(demo: Path):
    table(demo, "bra", "BRA", note="securities are already covered by property",
          target="58.2", replace="existing between States Parties", with_="in force between States Parties")
    pos, doc = compute(demo, "AHC-5")
    text = " ".join(render_report(pos, doc, "md").decode().split())
    assert ("Brazil proposed to replace “existing between States Parties” by “in force between "
            "States Parties” in paragraph 2 (note: "
            "“securities are already covered by property”).") in text
    assert "Brazil proposed securities" not in text


def test_a_note_that_describes_the_proposal_is_still_only_a_note(demo: Path):
    table(demo, "eu", "EU", note="Delete paragraph 13 in its entirety.", target="58.13",
          delete_unit=True)
    pos, doc = compute(demo, "AHC-5")
    text = " ".join(render_report(pos, doc, "md").decode().split())
    assert ("proposed to delete paragraph 13 (note: “Delete paragraph 13 in its entirety”)."
            in text)
