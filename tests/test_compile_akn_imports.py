"""`treaty compile --format akn` is valid AKN for every imported text: every corpus treaty
(text readers: hcontainers need their ``name``) and every AKN file from other producers
(their markup, preface, conclusions and document type written back)."""

from __future__ import annotations

from pathlib import Path

import pytest

from treaty.compile import compile_bracketed
from treaty.readers import read
from treaty.render import RenderOptions, render

DATA = Path(__file__).parent / "data"
REFUSED = {"leos-proposal.xml", "laws-africa-bluebell-bad_eids.xml",
           "laws-africa-bluebell-nested_attachments.xml"}  # import refuses them (exit 1)
SOURCES = sorted((DATA / "corpus").glob("*.txt")) + sorted(
    p for p in (DATA / "akn").glob("*.xml") if p.name not in REFUSED)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_compiled_akn_is_valid(path: Path) -> None:
    doc = read(path).document
    data = render(compile_bracketed(doc, []), "akn", RenderOptions())  # raises if invalid
    assert data.startswith(b"<?xml")
