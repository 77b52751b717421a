"""The PDF through Typst, read back with pdftotext -layout: the brackets, attributions and
masthead of the demo, each footnote on the page of its mark, line numbers restarting on
every page, words of proposals printed as written whatever Typst markup they contain, and a
workspace's template kept inside the workspace."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from treaty import commands
from treaty.compile import compile_bracketed
from treaty.model import Document, Metadata, TreatyError, Unit
from treaty.render import RenderOptions, render
from treaty.render.typst import typst_string

pytest.importorskip("typst")
if not shutil.which("pdftotext"):
    pytest.skip("poppler-utils (pdftotext) is not installed", allow_module_level=True)

ROOT = Path(__file__).resolve().parents[1]


def pages_of(pdf: bytes, tmp: Path) -> list[str]:
    path = tmp / "out.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def demo_pages(tmp_path_factory) -> list[str]:
    pdf = commands.compile_document(ROOT, fmt="pdf")
    assert pdf.startswith(b"%PDF")
    return pages_of(pdf, tmp_path_factory.mktemp("pdf"))


def test_demo_pdf_has_masthead_brackets_attributions_and_index(demo_pages):
    first = flat(demo_pages[0])
    assert "United Nations" in first and "A/AC.291/22" in first  # the demo's render/house.typ
    assert "Distr.: General" in first and "Fifth session" in first
    assert "Bracketed negotiating text" in first and "Contents" in first
    words = flat("\n".join(demo_pages))
    assert "[developing States]" in words
    assert "(United Kingdom)]" in words and "(Singapore)]" in words
    assert "delete: European Union and its member States, United Kingdom, United States" in words
    assert "Alt 1" in words and "10 bis" in words
    assert "AD REF" in words  # the status mark of an agreed ad ref proposal
    assert "Index of proposals" in words and "ahc5-sgp-vasp" in words


def test_running_header_and_page_n_of_m(demo_pages):
    total = len(demo_pages)
    assert total > 2
    for n, page in enumerate(demo_pages, start=1):
        assert f"page {n} of {total}" in page
        if n > 1:
            assert page.lstrip().startswith("A/AC.291/22")  # the symbol heads every later page


def test_contents_give_the_page_of_each_article(demo_pages):
    contents = demo_pages[0]
    line = next(x for x in contents.splitlines() if "Article 58 Extradition" in x)
    page = int(line.split()[-1])
    assert "Extradition" in demo_pages[page - 1]


def test_each_footnote_is_on_the_page_of_its_mark(demo_pages):
    from treaty import workspace
    from treaty.amend import load_amendments
    from treaty.delegations import registry
    from treaty.render.draft_view import draft_view

    ws = workspace.load(ROOT)
    amendments, _ = load_amendments(ROOT / "amendments", registry(ROOT))
    view = draft_view(compile_bracketed(ws.document, amendments), reg=registry(ROOT))
    ids = {e.num: e.id for e in view.index}
    checked = 0
    for page in demo_pages:
        for n in map(int, re.findall(r"\)\](\d+)", page)):
            assert ids[n] in page, f"footnote {n} ({ids[n]}) not on the page of its mark"
            checked += 1
    assert checked >= 10


def test_line_numbers_restart_on_every_page(tmp_path):
    pdf = commands.compile_document(ROOT, fmt="pdf", line_numbers=True)
    pages = pages_of(pdf, tmp_path)
    for page in pages[1:4]:
        numbered = [int(m.group(1)) for m in re.finditer(r"^\s{0,3}(\d+) {2,}\S", page, re.M)]
        assert numbered[:3] == [1, 2, 3], numbered[:5]
        assert numbered == sorted(numbered) and len(numbered) > 20
    plain = pages_of(commands.compile_document(ROOT, fmt="pdf"), tmp_path)
    assert not re.search(r"^ {0,3}1 {2,}\S", plain[1], re.M)


def test_line_numbers_need_the_typst_pdf():
    with pytest.raises(TreatyError, match="line numbers"):
        commands.compile_document(ROOT, fmt="html", line_numbers=True)
    with pytest.raises(TreatyError, match="unknown PDF engine"):
        commands.compile_document(ROOT, fmt="pdf", pdf_engine="latex")


NASTY = r'#import "/etc/passwd": * [x] *bold* _it_ $x^2$ @ref <lbl> \ \\ \n "q" // c /* c */ = h'


def test_typst_string_escapes_everything():
    assert typst_string('a"b\\c\nd') == r'"a\"b\\c\nd"'


def test_markup_in_a_proposal_is_printed_as_written(demo, tmp_path):
    change = commands.change_from_options(target="57.2", insert=" " + NASTY,
                                          after="in electronic form")
    commands.propose_from_options(demo, change, by=["SGP"], supported_by=[], opposed_by=[],
                                  note="note with #strong[x] and ] and $")
    pages = pages_of(commands.compile_document(demo, fmt="pdf"), tmp_path)
    words = flat("\n".join(pages))
    for piece in ['#import "/etc/passwd": *', "[x]", "*bold*", "_it_", "$x^2$", "@ref", "<lbl>",
                  "\\ \\\\ \\n", '"q" // c /* c */ = h', "note with #strong[x] and ] and $"]:
        assert piece in words, piece


def test_a_workspace_template_stays_inside_the_workspace(demo, tmp_path):
    (demo / "render" / "house.typ").write_text('#let masthead(..args) = read("/etc/hostname")\n')
    with pytest.raises(TreatyError) as err:
        commands.compile_document(demo, fmt="pdf")
    assert err.value.problem.where.endswith("house.typ") and err.value.problem.line == 1
    assert "Typst error" in err.value.problem.what
    (demo / "render" / "house.typ").write_text(
        '#let masthead(title: "", ..rest) = [HOUSE MASTHEAD #title]\n')
    pages = pages_of(commands.compile_document(demo, fmt="pdf"), tmp_path)
    assert "HOUSE MASTHEAD Consolidated negotiating document" in flat(pages[0])


def test_arabic_text_is_set_right_to_left(tmp_path):
    article = Unit("article", "art_1", "art_1", "المادة 1", "نطاق التطبيق", children=(
        Unit("paragraph", "art_1__para_1", "art_1__para_1", "1.",
             text=("تسري هذه الاتفاقية على منع الجرائم والتحقيق فيها وملاحقة مرتكبيها.",)),))
    doc = Document(Metadata(title="اتفاقية", symbol="A/AC.291/22", language="ara"), None, (article,))
    pdf = render(compile_bracketed(doc, []), "pdf", RenderOptions())
    words = flat("\n".join(pages_of(pdf, tmp_path)))
    assert "الاتفاقية" in words and "المادة" in words
    assert b"NotoNaskhArabic" in pdf or b"NotoSansArabic" in pdf or b"NotoKufiArabic" in pdf


def test_chinese_text_finds_its_fonts(tmp_path):
    article = Unit("article", "art_1", "art_1", "第一条", "适用范围", children=(
        Unit("paragraph", "art_1__para_1", "art_1__para_1", "1.",
             text=("本公约适用于预防、侦查和起诉犯罪。",)),))
    doc = Document(Metadata(title="公约", symbol="A/AC.291/22", language="zho"), None, (article,))
    pdf = render(compile_bracketed(doc, []), "pdf", RenderOptions())
    assert "本公约适用于预防、侦查和起诉犯罪。" in flat("\n".join(pages_of(pdf, tmp_path))).replace(" ", "")
    assert b"CJK" in pdf  # a Noto CJK face, not a fallback's empty boxes


def test_a_long_draft_made_in_parts_reads_the_same(tmp_path, demo_pages):
    """A draft too long for one Typst document is compiled in parts (forced here with a
    tiny budget): same pages' words, page N of M, the contents' page numbers, footnotes."""
    from treaty import workspace
    from treaty.amend import load_amendments
    from treaty.delegations import registry
    from treaty.render.draft_view import draft_view
    from treaty.render.typst import render_typst_pdf

    ws = workspace.load(ROOT)
    amendments, _ = load_amendments(ROOT / "amendments", registry(ROOT))
    view = draft_view(compile_bracketed(ws.document, amendments), reg=registry(ROOT))
    pages = pages_of(render_typst_pdf(view, (ROOT / "render",), budget=2000), tmp_path)
    total = len(pages)
    assert total >= len(demo_pages)
    for n, page in enumerate(pages, start=1):
        assert f"page {n} of {total}" in page
        if n > 1:
            assert page.lstrip().startswith("A/AC.291/22")
    line = next(x for x in pages[0].splitlines() if "Article 58 Extradition" in x)
    assert "Extradition" in pages[int(line.split()[-1]) - 1]
    words = flat("\n".join(pages))
    assert flat("\n".join(demo_pages)).count("(Singapore)]") == words.count("(Singapore)]")
    ids = {e.num: e.id for e in view.index}
    for page in pages:
        for n in map(int, re.findall(r"\)\](\d+)", page)):
            assert ids[n] in page


def test_pdf_bookmarks_lead_to_chapters_and_articles(demo_pages):
    import io

    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(commands.compile_document(ROOT, fmt="pdf")))
    marks: dict[str, int] = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                marks[item.title] = reader.get_destination_page_number(item)

    walk(reader.outline)
    assert "Chapter IV International cooperation" in marks
    page = marks["Article 58 Extradition"]
    assert "Extradition" in demo_pages[page]


def test_a_draft_made_in_parts_keeps_bookmarks_and_contents_links(tmp_path):
    import io

    from treaty import workspace
    from treaty.amend import load_amendments
    from treaty.delegations import registry
    from treaty.render.draft_view import draft_view
    from treaty.render.typst import render_typst_pdf

    pypdf = pytest.importorskip("pypdf")
    ws = workspace.load(ROOT)
    amendments, _ = load_amendments(ROOT / "amendments", registry(ROOT))
    view = draft_view(compile_bracketed(ws.document, amendments), reg=registry(ROOT))
    data = render_typst_pdf(view, (ROOT / "render",), budget=2000)
    pages = pages_of(data, tmp_path)
    reader = pypdf.PdfReader(io.BytesIO(data))
    marks = {}
    for item in reader.outline:
        if not isinstance(item, list):
            marks[item.title] = reader.get_destination_page_number(item)
    assert "Extradition" in pages[marks["Chapter IV International cooperation"]] or \
        "International cooperation" in pages[marks["Chapter IV International cooperation"]]
    links = [a.get_object() for a in reader.pages[0].get("/Annots", [])]
    assert sum(1 for a in links if a.get("/Subtype") == "/Link") >= len(view.toc)


def test_a_workspace_draft_typ_replaces_the_template(demo, tmp_path):
    from treaty.render.typst import BUILTIN_TEMPLATE

    (demo / "render" / "house.typ").unlink()
    (demo / "render" / "draft.typ").write_text(
        BUILTIN_TEMPLATE.read_text() + '\n#let masthead(..args) = [REPLACED TEMPLATE]\n')
    pages = pages_of(commands.compile_document(demo, fmt="pdf"), tmp_path)
    assert pages[0].lstrip().startswith("REPLACED TEMPLATE")  # not the demo's UN masthead


def test_bidi_overrides_are_shown_not_obeyed():
    assert typst_string("abc\u202edef") == '"abc\u27e8U+202E\u27e9def"'
