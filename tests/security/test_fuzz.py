"""Fuzzing harness: whatever bytes arrive, every reader and the amendment loader either
succeed or raise the project's one-line `TreatyError` - never another exception.

A short budget runs with the suite (``TREATY_FUZZ_EXAMPLES``, default 25 per reader);
``make fuzz`` runs the same properties with thousands of examples.
"""

from __future__ import annotations

import io
import os
import zipfile
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from treaty.amend import load_amendments
from treaty.amend.format import parse_amendment
from treaty.model import TreatyError
from treaty.readers import read
from treaty.readers.akn import read_akn
from treaty.readers.docx import read_docx
from treaty.readers.text import read_text

from ..conftest import ROOT
from .helpers import amendment

EXAMPLES = int(os.environ.get("TREATY_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 100,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


def survives(call) -> None:
    """`call()` returns, or raises a TreatyError whose message is one line."""
    try:
        call()
    except TreatyError as exc:
        assert "\n" not in str(exc), str(exc)


# -- seeds and mutations ------------------------------------------------------------------------

TREATY_LINES = ["Article 1", "Article 58 bis", "## Chapter II", "# Title", "1.", "(a)", "(iii)",
                "Preamble", "The States Parties to this Convention,", "[Option 1: shall]",
                "[[nested [brackets]]]", "*", "- item", "Annex", "Article", "58.", "(b) bis",
                "Recalling resolution 74/247,", "CHAPTER III", "Section 2", "| a | b |", "---"]


@st.composite
def treaty_text(draw) -> str:
    lines = draw(st.lists(st.one_of(st.sampled_from(TREATY_LINES), st.text(max_size=60)),
                          max_size=40))
    return "\n".join(lines)


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    """`seed` with a few random cuts, insertions and byte flips."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["flip", "cut", "insert", "dup"]))
        if op == "flip":
            data[at] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[at:at + draw(st.integers(1, 200))]
        elif op == "insert":
            data[at:at] = draw(st.sampled_from([b"<", b">", b"&amp;", b"<p>", b"</p>", b"\x00",
                                                b"<!DOCTYPE x>", b"&x;", b"\xff\xfe", b"]]>",
                                                b'eId="a"', b"<paragraph>", b"\n"]))
        else:
            data[at:at] = data[at:at + draw(st.integers(1, 300))]
    return bytes(data)


@lru_cache(maxsize=1)
def article_seed() -> bytes:
    return (ROOT / "articles" / "art_058.xml").read_bytes()


@lru_cache(maxsize=1)
def docx_seed() -> bytes:
    import docx

    doc = docx.Document()
    for line in ["Convention", "Article 1", "Use of terms", "1. For the purposes of this "
                 "Convention:", "(a) \"State\" means [a State] [any State];", "Article 2",
                 "2. The States Parties shall cooperate."]:
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@st.composite
def mutated_docx(draw) -> bytes:
    """The seed .docx with its document.xml (or another part) mutated, re-zipped."""
    seed = docx_seed()
    with zipfile.ZipFile(io.BytesIO(seed)) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    name = draw(st.sampled_from(["word/document.xml", "word/document.xml",
                                 "word/styles.xml", "word/numbering.xml", "[Content_Types].xml"]))
    if name in parts:
        parts[name] = draw(mutated(parts[name]))
    if draw(st.booleans()) and draw(st.booleans()):
        parts.pop(draw(st.sampled_from(sorted(parts))), None)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for n, data in parts.items():
            zf.writestr(n, data)
    return out.getvalue()


# -- properties ------------------------------------------------------------------------------


@FUZZ
@given(st.one_of(treaty_text(), st.text()))
def test_text_reader(text: str) -> None:
    survives(lambda: read_text(text, "fuzz.md"))


@FUZZ
@given(st.one_of(st.binary(max_size=2000), mutated(article_seed())))
def test_akn_reader(data: bytes) -> None:
    survives(lambda: read_akn(data, "fuzz.xml"))


@FUZZ
@given(st.one_of(st.binary(max_size=500), mutated_docx(), mutated(docx_seed())))
def test_docx_reader(data: bytes) -> None:
    survives(lambda: read_docx(data, "fuzz.docx"))


@FUZZ
@given(st.one_of(st.binary(max_size=1000), mutated(amendment().encode()),
                 mutated(amendment(prolog="").encode("utf-16"))))
def test_amendment_parser(data: bytes) -> None:
    survives(lambda: parse_amendment(data, "fuzz.xml"))


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(["a.xml", "B.XML", "sub/c.xml", "d.txt", "e.xml "]),
                          mutated(amendment().encode())), max_size=4))
def test_amendment_loader(tmp_path_factory, entries) -> None:
    folder = tmp_path_factory.mktemp("ws") / "amendments"
    for name, data in entries:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    amendments, problems = load_amendments(folder)
    assert all("\n" not in str(p) for p in problems)
    assert len(amendments) + len(problems) == len({n for n, _ in entries if n != "d.txt"})


@FUZZ
@given(st.sampled_from([".txt", ".md", ".docx", ".xml", ""]),
       st.one_of(st.binary(max_size=1000), mutated(article_seed()), mutated(docx_seed())))
def test_read_dispatch(tmp_path_factory, suffix: str, data: bytes) -> None:
    path = Path(tmp_path_factory.mktemp("src")) / f"fuzz{suffix}"
    path.write_bytes(data)
    survives(lambda: read(path))


@FUZZ
@given(st.one_of(treaty_text(), st.text()).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_text_import_writes_a_workspace(tmp_path_factory, data: bytes) -> None:
    """From a text file to the workspace's XML files: nothing the reader lets through can
    break the writer (control characters, surrogates)."""
    from treaty import workspace

    path = Path(tmp_path_factory.mktemp("src")) / "t.txt"
    path.write_bytes(data)

    def run() -> None:
        workspace.render_files(read(path).document)

    survives(run)
