"""The compiled draft as PDF (WeasyPrint over the same HTML): the extracted text keeps the
brackets, the attributions, the running header and the page numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from treaty import workspace
from treaty.amend import load_amendments
from treaty.compile import compile_bracketed
from treaty.delegations import registry
from treaty.model import TreatyError
from treaty.render import RenderOptions, render

ROOT = Path(__file__).resolve().parents[1]
pypdf = pytest.importorskip("pypdf")


@pytest.fixture(scope="module")
def pdf_text() -> tuple[int, str]:
    ws = workspace.load(ROOT)
    amendments, _ = load_amendments(ROOT / "amendments", registry(ROOT))
    compiled = compile_bracketed(ws.document, amendments)
    try:
        data = render(compiled, "pdf", RenderOptions(template_dirs=(ROOT / "render",), pdf_engine="html"))
    except TreatyError as exc:  # no Pango on this machine
        pytest.skip(str(exc))
    assert data.startswith(b"%PDF")
    import io

    reader = pypdf.PdfReader(io.BytesIO(data))
    pages = [page.extract_text() for page in reader.pages]
    return len(pages), "\n".join(pages)


def test_pdf_keeps_brackets_and_attribution(pdf_text):
    _, words = pdf_text
    flat = re.sub(r"\s+", " ", words)
    assert "[developing States]" in flat
    assert "(United Kingdom)]" in flat
    assert "(Singapore)]" in flat
    assert "delete: European Union and its member States, United Kingdom, United States" in flat
    assert "Index of proposals" in flat and "ahc5-sgp-vasp" in flat


def test_pdf_has_running_header_and_page_numbers(pdf_text):
    pages, words = pdf_text
    assert pages > 1
    assert f"page 1 of {pages}" in words and f"page {pages} of {pages}" in words
    assert words.count("A/AC.291/22") >= pages  # masthead + running header on later pages
    assert "United Nations" in words  # the demo's render/ masthead


def test_missing_weasyprint_libraries_are_one_clear_error(monkeypatch):
    import builtins

    from treaty.render import pdf

    real_import = builtins.__import__

    def failing(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0': not found")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", failing)
    with pytest.raises(TreatyError) as err:
        pdf.html_to_pdf("<p>x</p>")
    assert err.value.problem.where == "weasyprint"
    assert "cannot make PDF: cannot load library" in err.value.problem.what
    assert "libpango" in err.value.problem.hint


def test_weasyprint_lays_out_with_the_collector_on_in_a_one_shot_run(monkeypatch):
    """A command-line run has the cyclic collector off (`gcpause.one_shot`), but WeasyPrint's
    layout makes cyclic garbage (the AI Act's PDF peaked 45 MB higher without it): it runs
    with the collector, and the run's setting is restored after."""
    import gc
    import types

    from treaty.render import pdf

    seen: list[bool] = []

    class HTML:
        def __init__(self, **kwargs):
            pass

        def write_pdf(self) -> bytes:
            seen.append(gc.isenabled())
            return b"%PDF"

    monkeypatch.setattr(pdf, "_weasyprint", lambda: types.SimpleNamespace(HTML=HTML))
    was = gc.isenabled()
    gc.disable()
    try:
        assert pdf.html_to_pdf("<p>x</p>") == b"%PDF"
        assert seen == [True] and not gc.isenabled()
    finally:
        if was:
            gc.enable()
