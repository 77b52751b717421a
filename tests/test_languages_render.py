"""Writing the six languages: lang/dir in HTML, Arabic PDF laid out right to left, Chinese
PDF with a font that has the glyphs, Word's bidi settings, the missing-font warning."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from treaty import commands

DATA = Path(__file__).parent / "data" / "languages"


@pytest.fixture(scope="module")
def udhr(tmp_path_factory) -> dict[str, Path]:
    """One workspace per language (each its own main text)."""
    base = tmp_path_factory.mktemp("udhr1")
    out = {}
    for code in ("en", "ar", "zh"):
        out[code] = base / code
        commands.import_text(DATA / f"udhr_{code}.txt", out[code], date="2026-01-15")
    return out


def _pdf_fonts(data: bytes) -> set[str]:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(data))
    names = set()
    for page in reader.pages[:3]:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object().get("/BaseFont")))
    return names


def _words(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """(xMin, xMax, word) of every word on `page`, from poppler's pdftotext -bbox (which
    gives Arabic words in visual order: they are turned back to reading order here)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("needs pdftotext (poppler-utils)")
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(float(a), float(b), w[::-1] if re.search("[\u0600-\u06ff]", w) else w) for a, b, w in
            re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
                       out)]


@pytest.mark.parametrize(("code", "lang", "direction"), [("en", "en", "ltr"), ("ar", "ar", "rtl"),
                                                         ("zh", "zh", "ltr")])
def test_html_lang_and_dir(udhr, code: str, lang: str, direction: str) -> None:
    html = commands.compile_document(udhr[code]).decode("utf-8")
    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert f'<div class="draft-lang" lang="{lang}" dir="{direction}">' in html
    # The legend is in the document's language: it inherits lang and dir (it was English,
    # lang="en" dir="ltr", before the furniture followed the text's language).
    legend = re.search(r'<aside class="legend"[^>]*>', html)
    assert legend is not None and "lang=" not in legend.group(0)


def test_arabic_pdf_is_right_to_left(udhr, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    data = commands.compile_document(udhr["ar"], fmt="pdf")
    assert any("NotoNaskhArabic" in f.replace("-", "") for f in _pdf_fonts(data))
    pdf = tmp_path / "ar.pdf"
    pdf.write_bytes(data)
    english = tmp_path / "en.pdf"
    english.write_bytes(commands.compile_document(udhr["en"], fmt="pdf"))
    width = 595.0  # A4 in points
    page = next(p for p in range(1, 5) if any("يولد" in w for _, _, w in _words(pdf, p)))
    words = _words(pdf, page)
    first = next(w for w in words if "يولد" in w[2])  # the first word of Article 1
    assert first[1] > width * 0.75, first  # it starts the line at the right margin
    assert any(width * 0.35 < w[0] < width * 0.65 for w in words if w[2] == "المادة")  # centred
    all_ = next(w for p in range(1, 5) for w in _words(english, p) if w[2] == "All")
    assert all_[0] < width * 0.25  # and English starts at the left


def test_chinese_pdf_has_its_glyphs(udhr, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    data = commands.compile_document(udhr["zh"], fmt="pdf")
    fonts = _pdf_fonts(data)
    assert any("CJK" in f for f in fonts), fonts  # Noto CJK, not a font without Han glyphs
    pdf = tmp_path / "zh.pdf"
    pdf.write_bytes(data)
    text = "".join(w for p in (1, 2) for _, _, w in _words(pdf, p))
    assert "世界人权宣言" in text


def test_word_bidi_and_east_asian_settings(udhr) -> None:
    arabic = zipfile.ZipFile(io.BytesIO(commands.compile_document(udhr["ar"], fmt="docx")))
    styles = arabic.read("word/styles.xml").decode("utf-8")
    normal = re.search(r'<w:style w:type="paragraph" w:default="1".*?</w:style>', styles, re.S).group(0)
    assert "<w:bidi/>" in normal and "<w:rtl/>" in normal
    assert 'w:cs="Noto Naskh Arabic"' in normal and 'w:bidi="ar-SA"' in normal
    footer = next(n for n in arabic.namelist() if n.startswith("word/footer"))
    # "page N of M" is in Arabic, right to left like the text (it was English, left to right)
    footer_xml = arabic.read(footer).decode("utf-8")
    assert "الصفحة " in footer_xml and " من " in footer_xml
    assert '<w:bidi w:val="0"/>' not in footer_xml
    chinese = zipfile.ZipFile(io.BytesIO(commands.compile_document(udhr["zh"], fmt="docx")))
    styles = chinese.read("word/styles.xml").decode("utf-8")
    assert 'w:eastAsia="Noto Serif CJK SC"' in styles and 'w:eastAsia="zh-CN"' in styles
    assert "<w:bidi/>" not in styles


def test_missing_font_is_one_warning_naming_the_package(udhr, monkeypatch, capsys) -> None:
    pytest.importorskip("weasyprint")
    from treaty.render import fonts

    assert fonts.missing_font("zh") is None  # fonts-noto-cjk is installed here
    monkeypatch.setattr(fonts, "families_for", lambda code: ())
    commands.compile_document(udhr["zh"], fmt="docx")
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["warning: no installed font has Chinese letters (Hans): the PDF would show "
                   "empty boxes; install fonts-noto-cjk (apt-get install fonts-noto-cjk)"]
