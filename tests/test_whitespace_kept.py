"""No-break spaces, thin spaces and soft hyphens are text: kept exactly through import,
propose, consolidate and the AKN round trip (consolidate used to turn them into spaces)."""

from __future__ import annotations

from pathlib import Path

from .test_cli import treaty

TEXT = ("Title\n\nArticle 1\n\n1. The 10\u00a0km zone\u2009applies to co\u00adoperation.\n\n"
        "Article 2\n\nOther words here.\n")


def test_special_spaces_survive_import_and_consolidate(tmp_path: Path) -> None:
    source = tmp_path / "draft.txt"
    source.write_text(TEXT, encoding="utf-8")
    ws = tmp_path / "ws"
    assert treaty("import", str(source), "--into", str(ws)).returncode == 0
    art1 = ws / "articles" / "art_001.xml"
    assert "The 10\u00a0km zone\u2009applies to co\u00adoperation." in art1.read_text("utf-8")
    done = treaty("propose", "--target", "2", "--replace", "Other", "--with", "Some", "--by", "FRA",
                  "--status", "adopted", cwd=ws)
    assert done.returncode == 0, done.stderr
    done = treaty("consolidate", "--label", "v2", cwd=ws)
    assert done.returncode == 0, done.stderr
    assert "The 10\u00a0km zone\u2009applies to co\u00adoperation." in art1.read_text("utf-8")
    assert "Some words here." in (ws / "articles" / "art_002.xml").read_text("utf-8")


def test_a_typed_space_matches_a_no_break_space_and_outputs_keep_it(tmp_path: Path) -> None:
    source = tmp_path / "draft.txt"
    source.write_text("Title\n\nArticle 1\n\n1. The 10\u00a0km zone applies.\n", encoding="utf-8")
    ws = tmp_path / "ws"
    assert treaty("import", str(source), "--into", str(ws)).returncode == 0
    done = treaty("propose", "--target", "1.1", "--replace", "zone applies", "--with",
                  "zone shall apply", "--by", "FRA", cwd=ws)
    assert done.returncode == 0, done.stderr
    done = treaty("propose", "--target", "1.1", "--replace", "10 km", "--with", "20 km",
                  "--by", "DEU", cwd=ws)
    assert done.returncode == 0, done.stderr  # typed with a plain space
    for fmt in ("txt", "md", "html"):
        out = treaty("compile", str(ws), "--format", fmt)
        assert "10\u00a0km" in out.stdout, fmt
