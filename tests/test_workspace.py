"""The AKN workspace: round trip, schema validity, ids, and bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from treaty import akn, ids, workspace
from treaty.model import Document, Metadata, TreatyError, Unit

from .conftest import ROOT


def test_demo_assembles_to_schema_valid_akn():
    tree, files = workspace.assemble(ROOT)
    assert akn.validate(tree) == []
    assert files["art_58"] == "articles/art_058.xml"


def test_demo_metadata_is_carried():
    meta = workspace.load(ROOT).document.meta
    assert meta.symbol == "A/AC.291/22"
    assert meta.distribution == "General"
    assert meta.date == "2023-04-21"
    assert meta.label == "cnd-2023-04"
    assert meta.original_language == "English"
    assert "Fifth session" in meta.session
    assert "Ad Hoc Committee" in meta.body
    assert any("illustrative" in n.lower() for n in meta.notes)


def test_round_trip_is_byte_for_byte(demo: Path):
    before = {p: p.read_bytes() for p in demo.rglob("*.xml") if "amendments" not in p.parts}
    ws = workspace.load(demo)
    workspace.save(ws)
    # Our own canonical output re-reads and re-writes identically.
    first = {p: p.read_bytes() for p in demo.rglob("*.xml") if "amendments" not in p.parts}
    workspace.save(workspace.load(demo))
    second = {p: p.read_bytes() for p in demo.rglob("*.xml") if "amendments" not in p.parts}
    assert first == second
    assert before.keys() == first.keys()
    assert workspace.load(demo).document == ws.document


def test_metadata_round_trips_through_new_workspace(tmp_path: Path):
    meta = Metadata(title="Draft convention", symbol="A/AC.291/22/Rev.1", distribution="Limited",
                    date="2023-11-06", body="Ad Hoc Committee", session="Sixth session",
                    label="rev-1", version_date="2023-11-06", agenda_item="Item 3",
                    notes=("Note by the Secretariat",), concordance=(("Article 3", "Article 2", "art_2"),))
    art = Unit("article", num="Article 12 bis", heading="Scope",
               children=(Unit("paragraph", num="1.", text=("Text.",)),))
    doc = ids.assign_ids(Document(meta=meta, body=(art,)))
    ws = workspace.create(tmp_path / "ws", doc)
    again = workspace.load(ws.root).document
    assert again == doc
    assert (tmp_path / "ws" / "articles" / "art_012bis.xml").is_file()
    assert akn.validate(workspace.assemble(ws.root)[0]) == []


@pytest.mark.parametrize(("kind", "num", "parent", "expected"), [
    ("article", "Article 58", "", "art_58"),
    ("article", "Article 58 bis", "", "art_58bis"),
    ("article", "Article IVbis", "", "art_IVbis"),
    ("article", "Article 3quater", "", "art_3quater"),
    ("paragraph", "2.", "art_58", "art_58__para_2"),
    ("point", "(a)", "art_58__para_2", "art_58__para_2__point_a"),
    ("point", "(i)", "art_58__para_2__point_a", "art_58__para_2__point_a__point_i"),
    ("point", "(c bis)", "art_5__para_1", "art_5__para_1__point_cbis"),
    ("chapter", "Chapter IV", "", "chp_IV"),
])
def test_eid_rules(kind, num, parent, expected):
    assert ids.eid_for(kind, num, parent) == expected


def test_recitals_unnumbered_are_counted():
    pre = Unit("preamble", children=(Unit("recital", text=("A",)), Unit("recital", text=("B",))))
    doc = ids.assign_ids(Document(preamble=pre))
    assert [u.eid for u in doc.units()] == ["preamble", "preamble__rec_1", "preamble__rec_2"]


def test_inserted_numbers_and_latin_table():
    assert ids.inserted_num("Article 58", 1) == "Article 58 bis"
    assert ids.inserted_num("4.", 2) == "4 ter."
    assert ids.inserted_num("(c)", 3) == "(c quater)"
    assert ids.split_latin("58quater") == ("58", 3)


def test_renumber_keeps_wids_and_maps_old_to_new():
    arts = tuple(Unit("article", num=f"Article {n}") for n in (1, 2))
    doc = ids.assign_ids(Document(body=arts))
    moved = Document(body=(doc.body[0].__class__(**{**doc.body[1].__dict__, "num": "Article 3"}),
                           doc.body[0]))
    renumbered, mapping = ids.renumber_eids(moved)
    assert mapping == {"art_2": "art_3"}
    assert [u.wid for u in renumbered.body] == ["art_2", "art_1"]


def _ws_with(tmp_path: Path, treaty: bytes | None = None, article: bytes | None = None) -> Path:
    root = tmp_path / "bad"
    shutil.copytree(ROOT / "articles", root / "articles")
    shutil.copy(ROOT / "treaty.xml", root / "treaty.xml")
    if treaty is not None:
        (root / "treaty.xml").write_bytes(treaty)
    if article is not None:
        (root / "articles" / "art_058.xml").write_bytes(article)
    return root


def test_malformed_xml_names_file_and_line(tmp_path: Path):
    root = _ws_with(tmp_path, article=b'<?xml version="1.0"?>\n<article>\n<num>1</nu>\n</article>')
    with pytest.raises(TreatyError) as err:
        workspace.load(root)
    assert "art_058.xml:3" in str(err.value)
    assert "malformed XML" in str(err.value)


@pytest.mark.parametrize("payload", [
    b'<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<a>&x;</a>',
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    b'\n<lolz>&lol2;</lolz>',
    b'<!doctype html><html/>',
])
def test_doctype_and_entities_are_refused(tmp_path: Path, payload: bytes):
    root = _ws_with(tmp_path, article=payload)
    with pytest.raises(TreatyError) as err:
        workspace.load(root)
    assert "refused" in str(err.value)
    assert "passwd" not in str(err.value)


def test_missing_article_file(tmp_path: Path):
    root = _ws_with(tmp_path)
    (root / "articles" / "art_093.xml").unlink()
    with pytest.raises(TreatyError) as err:
        workspace.load(root)
    assert "articles/art_093.xml does not exist" in str(err.value)


def test_include_outside_workspace_is_refused(tmp_path: Path):
    data = (ROOT / "treaty.xml").read_bytes().replace(b"articles/art_093.xml", b"../../etc/passwd")
    root = _ws_with(tmp_path, treaty=data)
    with pytest.raises(TreatyError, match="outside the workspace"):
        workspace.load(root)


def test_empty_file(tmp_path: Path):
    root = _ws_with(tmp_path, article=b"  \n")
    with pytest.raises(TreatyError, match="empty"):
        workspace.load(root)


def test_atomic_write_leaves_no_temp_files(tmp_path: Path):
    target = tmp_path / "x.xml"
    workspace.atomic_write(target, b"one")
    workspace.atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["x.xml"]


def test_check_reports_duplicate_eid_and_missing_file(demo: Path):
    from typer.testing import CliRunner

    from treaty.cli import app

    art = demo / "articles" / "art_057.xml"
    art.write_bytes(art.read_bytes().replace(b'eId="art_57__para_2"', b'eId="art_57__para_1"'))
    result = CliRunner().invoke(app, ["check", str(demo)])
    assert result.exit_code == 1
    assert "art_57__para_1" in result.output and "schema" in result.output
    (demo / "articles" / "art_095.xml").unlink()
    result = CliRunner().invoke(app, ["check", str(demo)])
    assert result.exit_code == 1
    assert "articles/art_095.xml does not exist" in result.output


def test_import_cli_prints_summary_and_compile_clean_formats(tmp_path: Path):
    from typer.testing import CliRunner

    from treaty.cli import app

    source = tmp_path / "t.md"
    source.write_text("# Convention\n\nThe Parties,\n\nHave agreed as follows:\n\n"
                      "## Article 1\n\nScope\n\n1. This applies.\n\n2. Also:\n\n(a) this;\n\n(b) that.\n\n"
                      "## Article 1 bis\n\nNew\n\nText.\n")
    runner = CliRunner()
    result = runner.invoke(app, ["import", str(source), "--into", str(tmp_path / "ws"),
                                 "--symbol", "A/1", "--date", "2024-01-02"])
    assert result.exit_code == 0, result.output
    assert "2 articles, 2 paragraphs, 2 points" in result.output
    doc = workspace.load(tmp_path / "ws").document
    assert [a.eid for a in doc.articles()] == ["art_1", "art_1bis"]
    for fmt in ("html", "akn", "txt"):
        out = tmp_path / f"clean.{fmt}"
        result = runner.invoke(app, ["compile", str(tmp_path / "ws"), "--mode", "clean",
                                     "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert "This applies." in out.read_text()
    assert akn.validate(akn.parse_file(tmp_path / "clean.akn")) == []
    again = runner.invoke(app, ["import", str(source), "--into", str(tmp_path / "ws")])
    assert again.exit_code == 1 and "already exists" in str(again.exception)


def test_compile_a_stored_version(demo: Path):
    from treaty import commands
    from treaty.commands.consolidate import consolidate

    commands.set_status(demo, "ahc5-sgp-vasp", "adopted")
    consolidate(demo, "zero-draft")
    old = commands.compile_document(demo, mode="clean", fmt="txt", version="cnd-2023-04").decode()
    new = commands.compile_document(demo, mode="clean", fmt="txt").decode()
    assert "Virtual asset service provider" not in old
    assert "Virtual asset service provider" in new


def test_atomic_write_keeps_normal_permissions(tmp_path: Path):
    import os

    target = tmp_path / "new.xml"
    workspace.atomic_write(target, b"x")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    target.chmod(0o640)
    workspace.atomic_write(target, b"y")
    assert target.stat().st_mode & 0o777 == 0o640
