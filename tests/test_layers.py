"""The seams of the code a contributor relies on: format tables with one writer
signature, one Jinja environment (with the workspace's overrides), kinds and statuses as
enums that still read and write the words of the files, and the command layer as the
only place that reads user paths and prints."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from treaty.commands.positions import compute, render_positions
from treaty.compile import compile_bracketed
from treaty.delegations import registry
from treaty.diff import compare
from treaty.model import CLOSED, PENDING, ChangeKind, Status, TreatyError, every_status
from treaty.positions import positions
from treaty.readers import READERS, reader_for
from treaty.render import (
    DIFF_WRITERS,
    DRAFT_WRITERS,
    POSITIONS_WRITERS,
    DiffOptions,
    PositionsOptions,
    RenderOptions,
    writer,
)
from treaty.render.env import environment, page_parts
from treaty.workspace import load

from .conftest import ROOT

PACKAGE = ROOT / "treaty"


@pytest.fixture(scope="module")
def demo_doc():
    return load(ROOT).document


def test_every_writer_of_every_table_writes_bytes(demo_doc):
    from treaty.amend import load_amendments

    amendments, _ = load_amendments(ROOT / "amendments", registry(ROOT))
    compiled = compile_bracketed(demo_doc, amendments)
    for name, write in DRAFT_WRITERS.items():
        if name == "pdf":
            continue  # needs Pango; tests/test_render_pdf.py covers it
        data = write(compiled, RenderOptions(registry=registry(ROOT)))
        assert isinstance(data, bytes) and data, name
    result = compare(demo_doc, demo_doc)
    for name, write in DIFF_WRITERS.items():
        assert isinstance(write(result, DiffOptions()), bytes), name
    pos = positions(amendments, demo_doc, registry(ROOT))
    for name, write in POSITIONS_WRITERS.items():
        assert isinstance(write(pos, PositionsOptions()), bytes), name


def test_unknown_format_names_the_table():
    with pytest.raises(TreatyError, match="use one of: html, txt, md, json"):
        writer(DIFF_WRITERS, "pdf")


def test_options_are_validated_once_when_made():
    with pytest.raises(TreatyError, match="unknown attribution 'flags'"):
        RenderOptions(attribution="flags")
    assert RenderOptions(attribution="codes").attribution == "codes"


def test_a_workspace_render_folder_overrides_every_html_page(demo: Path):
    (demo / "render" / "positions.html.j2").write_text(
        "<html><head><title>{% block title %}House positions{% endblock %}</title></head>"
        "<body>{% block body %}{{ pos.proposals|length }} proposals{% endblock %}</body></html>")
    pos, _doc = compute(demo)
    page = render_positions(pos, "html", PositionsOptions((demo / "render",))).decode()
    assert "House positions" in page and f"{len(pos.proposals)} proposals" in page
    parts = page_parts(environment((demo / "render",)), "positions.html.j2", {"pos": pos})
    assert parts.title == "House positions" and parts.body == f"{len(pos.proposals)} proposals"


def test_page_parts_of_a_template_without_blocks_is_the_whole_output(tmp_path: Path):
    (tmp_path / "plain.html.j2").write_text("<p>{{ x }}</p>")
    parts = page_parts(environment((tmp_path,)), "plain.html.j2", {"x": "<b>"})
    assert parts.body == "<p>&lt;b&gt;</p>" and parts.title == ""


def test_kinds_and_statuses_are_the_words_of_the_files():
    assert ChangeKind.DELETE_UNIT == "delete-unit" and Status.AGREED_AD_REF == "agreed-ad-ref"
    assert {"proposed", "agreed-ad-ref"} == PENDING and {"rejected", "withdrawn"} == CLOSED
    assert [k for k in ChangeKind if k.on_units] == [
        ChangeKind.DELETE_UNIT, ChangeKind.INSERT_UNIT, ChangeKind.REPLACE_UNIT]


def test_a_status_table_must_name_every_status():
    with pytest.raises(AssertionError, match="stale"):
        every_status({s: s.value for s in Status if s != Status.STALE})


def test_readers_are_chosen_by_suffix_then_by_signature():
    assert reader_for(".docx", b"PK\x03\x04").name == "docx"
    assert reader_for(".txt", b"PK\x03\x04").name == "docx"
    assert reader_for(".md", b"<?xml version='1.0'?>").name == "akn"
    assert reader_for(".txt", b"Article 1").name == "text"
    assert [r.name for r in READERS] == ["docx", "akn", "text"]


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def test_below_the_command_layer_nothing_prints_or_imports_it():
    edge = {"cli.py", "serve.py", "__main__.py"}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] in ("commands", "web") or rel.name in edge:  # web/: serve --write
            continue
        source = path.read_text()
        assert not re.search(r"(?<![.\w])print\(", source) and "sys.exit" not in source, rel
        assert not any(name.lstrip(".").startswith(("commands", "cli", "serve"))
                       for name in _imports(path)), rel
