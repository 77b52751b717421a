"""`treaty stats` follows brackets across paragraphs and names the unbalanced ones."""

from __future__ import annotations

from pathlib import Path

from treaty import commands
from treaty.brackets import count

from .test_cli import treaty

DATA = Path(__file__).parent / "data"
PARIS = DATA / "corpus" / "unfccc_paris_agreement_v1_2015-10-23_adp_draft_negotiating_text.txt"


def test_a_bracket_spanning_paragraphs_is_one_pair(tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("Article 1\n\n1. [Parties shall act.\n\n2. Parties shall report.]\n\n"
                     "3. See [^1] and [the site](https://example.org).\n\n"
                     "4. An [open bracket.\n", encoding="utf-8")
    counts, unmatched = commands.stats_report(draft)
    assert counts["brackets"] == 1
    assert [str(u) for u in unmatched] == ["line 9: '[' opened and never closed"]


def test_the_paris_draft_counts_pairs_across_paragraphs_and_lists_the_broken_ones() -> None:
    counts, unmatched = commands.stats_report(PARIS)
    per_paragraph = sum(count(line) for line in PARIS.read_text("utf-8").splitlines())
    assert counts["brackets"] > per_paragraph  # pairs that close in a later paragraph
    line24 = PARIS.read_text("utf-8").splitlines()[23]
    assert line24.endswith("circumstances,]]")  # one "]" too many in the source itself
    assert "line 24: ']' closed but never opened" in [str(u) for u in unmatched]
    assert counts["unbalanced"] == len(unmatched)


def test_stats_on_a_workspace_names_the_unit(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Title\n\nArticle 1\n\n1. [Words.\n\n2. More words.]\n\nArticle 2\n\n"
                     "Closing] words.\n", encoding="utf-8")
    assert treaty("import", str(draft), "--into", str(tmp_path / "ws")).returncode == 0
    done = treaty("stats", str(tmp_path / "ws"))
    assert done.returncode == 0
    assert "brackets          1" in done.stdout
    assert "art_2: ']' closed but never opened" in done.stderr
