"""``diff_command``: resolving inputs (workspace, version label, AKN, text), output, bad input."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from treaty import akn, ids, workspace
from treaty.commands.diff import diff_command, resolve, run_diff
from treaty.model import Document, Metadata, TreatyError, Unit

TEXTS = [
    ("Scope", "This Convention applies to the prevention, investigation and prosecution of the "
              "offences established in accordance with this Convention."),
    ("Use of terms", "For the purposes of this Convention, computer system means any device or "
                     "group of interconnected devices which performs automatic processing of data."),
    ("Illegal access", "Each State Party shall adopt such legislative measures as may be necessary "
                       "to establish as criminal offences the access to a computer system."),
    ("Jurisdiction", "Each State Party shall adopt such measures as may be necessary to establish "
                     "its jurisdiction over the offences when committed in its territory."),
]


def article(num: str, heading: str, text: str) -> Unit:
    return Unit(kind="article", num=f"Article {num}", heading=heading,
                children=(Unit(kind="paragraph", num="1.", text=(text,)),))


def base_document() -> Document:
    meta = Metadata(title="Draft convention", short_name="cybercrime", label="v1",
                    date="2024-01-01", version_date="2024-01-01")
    body = tuple(article(str(k + 1), h, t) for k, (h, t) in enumerate(TEXTS))
    return ids.assign_ids(Document(meta=meta, body=body))


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    """A workspace at version v2 with a snapshot of v1: Article 2 bis inserted, the old
    Article 3 rewritten beyond recognition and renumbered 4 (same wId), Article 4 -> 5."""
    v1 = base_document()
    arts = list(v1.body)
    inserted = ids.assign_ids(Document(body=(article(
        "2 bis", "Saving clause", "Nothing in this Convention shall affect the rights and "
        "obligations of States under international law."),))).body[0]
    inserted = replace(inserted, wid="art_2bis", eid="art_2bis")
    rewritten = replace(arts[2], num="Article 4", heading="Misuse of devices",
                        children=(replace(arts[2].children[0], text=(
                            "Parties may criminalize the production and sale of tools designed "
                            "for committing offences.",)),))
    moved = replace(arts[3], num="Article 5")
    v2 = replace(v1, meta=replace(v1.meta, label="v2"),
                 body=(arts[0], replace(arts[1], num="Article 2"), inserted, rewritten, moved))
    v2, _ = ids.renumber_eids(v2)
    root = tmp_path / "ws"
    workspace.create(root, v2)
    (root / "versions").mkdir()
    (root / "versions" / "v1.akn.xml").write_bytes(akn.serialize(akn.document_to_xml(v1)))
    return root


def test_workspace_against_its_version_label_pairs_by_wid(ws: Path, capsys):
    result, _, (a, b) = run_diff(f"{ws}@v1", str(ws), "json")
    assert a.akn and b.akn and result.aligned_by_wid
    rows = [(e.old.label if e.old else None, e.new.label if e.new else None, e.status,
             e.aligned_by) for e in result.entries if e.group == "article"]
    assert rows == [
        ("Article 1", "Article 1", "unchanged", "wid"),
        ("Article 2", "Article 2", "unchanged", "wid"),
        (None, "Article 2 bis", "added", ""),
        ("Article 3", "Article 4", "changed", "wid"),  # rewritten, still the same provision
        ("Article 4", "Article 5", "unchanged", "wid"),
    ]
    assert result.summary.counts().renumbered == 2


def test_version_label_spellings(ws: Path, monkeypatch):
    by_at = resolve(f"{ws}@v1").document
    by_slash = resolve(f"{ws}/v1").document
    monkeypatch.chdir(ws)
    bare = resolve("v1").document
    assert by_at == by_slash == bare
    assert [a.num for a in bare.articles()] == ["Article 1", "Article 2", "Article 3", "Article 4"]


def test_unknown_label_lists_known_ones(ws: Path):
    with pytest.raises(TreatyError) as err:
        resolve(f"{ws}@zero-draft")
    assert "no version labelled 'zero-draft'" in str(err.value)
    assert "known labels: v1" in str(err.value)


def test_missing_input_and_plain_folder(tmp_path: Path):
    with pytest.raises(TreatyError, match="no such file, folder or version label"):
        resolve(str(tmp_path / "nothing.txt"))
    with pytest.raises(TreatyError, match="not a workspace"):
        resolve(str(tmp_path))


def test_binary_file_is_refused(tmp_path: Path):
    blob = tmp_path / "scan.pdf"
    blob.write_bytes(b"%PDF-1.4\x00\x01\x02\x03" * 50)
    with pytest.raises(TreatyError, match="binary"):
        resolve(str(blob))


def test_text_without_articles_is_not_a_treaty(tmp_path: Path):
    shopping = tmp_path / "notes.txt"
    shopping.write_text("Milk\nEggs\nBread and butter\n", encoding="utf-8")
    with pytest.raises(TreatyError, match="no articles found"):
        resolve(str(shopping))


def test_identical_inputs_say_no_changes(tmp_path: Path, capsys):
    text = tmp_path / "a.txt"
    text.write_text("Article 1\n\nThe Parties shall cooperate.\n\nArticle 2\n\nThis Agreement "
                    "shall enter into force.\n", encoding="utf-8")
    assert diff_command(str(text), str(text), "txt", None, False) == 0
    out, err = capsys.readouterr()
    assert "no changes" in out and err.strip().endswith("no changes")
    assert "\x1b[" not in out  # not a terminal: no colours


def test_text_against_akn_file_and_output_by_suffix(ws: Path, tmp_path: Path, capsys):
    text = tmp_path / "draft.md"
    text.write_text("## Article 1\n\n1. This Convention applies to the prevention, investigation "
                    "and prosecution of the offences established in accordance with this "
                    "Convention.\n", encoding="utf-8")
    out = tmp_path / "report.json"
    assert diff_command(str(ws / "versions" / "v1.akn.xml"), str(text), "", out, False) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["options"]["aligned_by_wid"] is False
    statuses = {(c["old"], c["new"]): c["status"] for c in data["concordance"]}
    assert statuses[("Article 2", None)] == "deleted"
    assert "wrote" in capsys.readouterr().err
    assert not list(tmp_path.glob(".report.json.*"))  # atomic write leaves no temp file


def test_unknown_format(ws: Path):
    with pytest.raises(TreatyError, match="unknown format"):
        diff_command(str(ws), str(ws), "pdf", None, False)
