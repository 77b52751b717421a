"""The compiled draft's furniture (masthead, legend, contents, index of proposals, annexes,
status labels, "page N of M") in the document's language, in every writer: a French draft
reads French throughout, an Arabic one Arabic and right to left, a Chinese one Chinese."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from html import unescape
from pathlib import Path

import pytest

from treaty import commands
from treaty.readers.docx import read_docx
from treaty.render.words import (
    LANGUAGES,
    MASTHEAD_IN_ENGLISH,
    WORDS,
    Words,
    pieces,
    placeholders,
    read_date,
    read_distribution,
    read_original,
)

DATA = Path(__file__).parent / "data" / "languages"
NB = "\u00a0"

# The words each version's proposal replaces in its Article 1, and the new words.
CHANGES = {
    "fr": ("esprit de fraternité", "esprit de solidarité"),
    "ar": ("بروح الإخاء", "بروح التضامن"),
    "zh": ("兄弟关系", "团结"),
}

# Words of Article 3 a proposal adopted at AHC-5 changes.
ADOPTED = {
    "fr": ("Tout individu", "Toute personne"),
    "ar": ("لكل فرد", "لكل شخص"),
    "zh": ("人人有权", "每个人有权"),
}

AMENDMENT = ("<?xml version='1.0' encoding='UTF-8'?>\n"
             '<amendment xmlns="urn:treaty-tracker:amendment:1" id="{id}">'
             '<proposer ref="GBR"/><session>AHC-5</session><status>{status}</status>'
             '<changes><replace target="{target}"><old>{old}</old><new>{new}</new></replace>'
             "</changes></amendment>")

# The exact furniture each language's draft must show (and the English it must not).
EXPECTED = {
    "fr": {
        "masthead": ["Distr. générale", "21 avril 2023", f"Original{NB}: anglais",
                     "Texte de négociation entre crochets · version draft"],
        "legend": ["Comment lire ce texte.", "Gras souligné", "barré",
                   "Les chiffres en exposant renvoient"],
        "index": ["Index des propositions", f"Proposée par{NB}: France (FRA)",
                  f"Appuyée par{NB}: Singapour (SGP)"],
        "status": ["adoptée à AHC-5"],
        "unlocated": f"Annexe{NB}: Propositions qui n’ont pu être situées dans le présent texte",
        "contents": "Table des matières",
        "page": "page 1 sur",
    },
    "ar": {
        # the masthead's right-hand block in English, as UN documents in Arabic print it
        "masthead": ["Distr.: General", "21 April 2023", "Arabic", "Original: English",
                     "نص التفاوض بين أقواس معقوفة · النسخة draft"],
        "legend": ["كيفية قراءة هذا النص.", "الخط الغامق المسطر", "المشطوب"],
        "index": ["فهرس المقترحات", "مقدم من: فرنسا (FRA)", "أيده: سنغافورة (SGP)"],
        "status": ["اعتُمد في AHC-5"],
        "unlocated": "المرفق: مقترحات تعذر تحديد موضعها في هذا النص",
        "contents": "المحتويات",
        "page": "الصفحة 1 من",
    },
    "zh": {
        "masthead": ["Distr.: General", "21 April 2023", "Chinese", "Original: English",
                     "方括号谈判案文 · 版本 draft"],
        "legend": ["本案文阅读说明。", "粗体加下划线", "删除线"],
        "index": ["提案索引", "提案方：法国 (FRA)", "支持方：新加坡 (SGP)"],  # no space after "："
        "status": ["已在AHC-5通过"],
        "unlocated": "附件：无法在本案文中定位的提案",
        "contents": "目录",
        "page": "第 1 页，共",
    },
}
ENGLISH = ["How to read this text", "Contents",
           "Index of proposals", "Proposed by:", "Supported by:", "Annex:", "Bracketed negotiating",
           "adopted at", "page 1 of"]
ENGLISH_MASTHEAD = ["Distr.: General", "Original: English"]
"""In English only where UN documents print them so (`words.MASTHEAD_IN_ENGLISH`)."""


@pytest.fixture(scope="module")
def drafts(tmp_path_factory) -> dict[str, Path]:
    """A workspace per language (its main text), with one proposal, one adopted at AHC-5,
    one competing with it (overtaken), one whose words are not in the text and one whose
    article does not exist."""
    base = tmp_path_factory.mktemp("furniture")
    out = {}
    for code, (old, new) in CHANGES.items():
        ws = base / code
        commands.import_text(DATA / f"udhr_{code}.txt", ws, date="2023-04-21")
        commands.propose_from_options(
            ws, commands.change_from_options(target="1", replace=old, with_=new),
            by=["FRA"], supported_by=["SGP"], opposed_by=[], id=f"{code}-one")
        old3, new3 = ADOPTED[code]
        (ws / "amendments" / "adopted.xml").write_text(AMENDMENT.format(
            id="adopted", status="adopted", target="art_3", old=old3, new=new3),
            encoding="utf-8")
        (ws / "amendments" / "lost.xml").write_text(AMENDMENT.format(
            id="lost", status="proposed", target="art_2", old="words nowhere in it", new="x"),
            encoding="utf-8")
        (ws / "amendments" / "ghost.xml").write_text(AMENDMENT.format(
            id="ghost", status="proposed", target="art_99", old="x", new="y"), encoding="utf-8")
        (ws / "amendments" / "rival.xml").write_text(AMENDMENT.format(  # overtaken by "adopted"
            id="rival", status="proposed", target="art_3", old=old3, new="x"), encoding="utf-8")
        out[code] = ws
    return out


def _check(text: str, code: str, parts: tuple[str, ...]) -> None:
    flat = " ".join(text.split(" "))
    expected = EXPECTED[code]
    for part in parts:
        wanted = expected[part]
        for words in (wanted if isinstance(wanted, list) else [wanted]):
            assert words in flat, (code, part, words)
    for words in ENGLISH + ([] if code in MASTHEAD_IN_ENGLISH else ENGLISH_MASTHEAD):
        assert words not in flat, (code, words)


@pytest.mark.parametrize("code", sorted(CHANGES))
def test_html(drafts, code: str) -> None:
    html = commands.compile_document(drafts[code]).decode("utf-8")
    body = html.split("<body", 1)[1]
    words_only = unescape(re.sub(r"<[^>]+>", "", body))
    _check(words_only, code, ("masthead", "legend", "index", "status", "unlocated", "contents"))
    direction = "rtl" if code == "ar" else "ltr"
    assert " toc-chapter\"" not in html  # "المادة 1", "第一条": articles, not bold chapters
    assert f'<div class="draft-lang" lang="{code}" dir="{direction}">' in html
    # no English furniture left, but the masthead block where UN documents print it in English
    english = body.count('lang="en"')
    assert english == (1 if code in MASTHEAD_IN_ENGLISH else 0), english
    if english:
        assert '<div class="mast-symbol" lang="en" dir="ltr">' in body
    # the legend's marks on the right words
    legend = html.split('<aside class="legend"', 1)[1].split("</aside>", 1)[0]
    words = Words(code)
    ins = next(p.text for p in words.pieces("legend_head") if p.kind == "ins")
    struck = next(p.text for p in words.pieces("legend_head") if p.kind == "del")
    assert f"<ins>{ins}</ins>" in legend and f"<del>{struck}</del>" in legend
    assert '<span class="br">[ ]</span>' in legend
    # the status label is localized but keeps its colour's class
    assert f'<span class="status status-adopted">{EXPECTED[code]["status"][0]}</span>' in html
    # the print CSS says "page N of M" in the document's language
    assert "@bottom-center { content: " in html and "counter(pages)" in html


@pytest.mark.parametrize("code", sorted(CHANGES))
def test_markdown_and_text(drafts, code: str) -> None:
    md = commands.compile_document(drafts[code], fmt="md").decode("utf-8")
    _check(md.replace("\\", ""), code, ("masthead", "index", "status", "unlocated", "contents"))
    txt = commands.compile_document(drafts[code], fmt="txt").decode("utf-8")
    head = Words(code)["tx_head"].split(":")[0].split("：")[0]
    assert head in txt and "How to read" not in txt
    assert EXPECTED[code]["index"][0].upper() in txt


@pytest.mark.parametrize("code", sorted(CHANGES))
def test_word(drafts, code: str) -> None:
    data = commands.compile_document(drafts[code], fmt="docx")
    package = zipfile.ZipFile(io.BytesIO(data))
    document = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>",
                                  package.read("word/document.xml").decode("utf-8")))
    _check(document, code, ("masthead", "legend", "index", "status", "unlocated"))
    footer = next(n for n in package.namelist() if n.startswith("word/footer"))
    footer_text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>",
                                     package.read(footer).decode("utf-8")))
    assert footer_text.replace("1", "") == Words(code)["page_of"].replace("{n}", "").replace(
        "{m}", "")
    # the English masthead block of an Arabic draft is set left to right, runs and all
    # ("30 November 2026", not "November 2026 30")
    xml = package.read("word/document.xml").decode("utf-8")
    date = re.search(r'<w:p>(?:(?!</w:p>).)*?21 April 2023', xml, re.S)
    assert (date is not None and '<w:bidi w:val="0"/>' in date.group(0)
            and '<w:rtl w:val="0"/>' in date.group(0)) == (code == "ar")
    # read back: the masthead's metadata as the English draft's
    meta = read_docx(data).document.meta
    assert (meta.distribution, meta.original_language, meta.date) == ("General", "English",
                                                                       "2023-04-21")


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("needs pdftotext (poppler-utils)")
    pdf = tmp_path / "draft.pdf"
    pdf.write_bytes(data)
    return subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.parametrize("code", sorted(CHANGES))
def test_typst_pdf(drafts, code: str, tmp_path: Path) -> None:
    pytest.importorskip("typst")
    source = commands.compile_document(drafts[code], fmt="pdf")
    from treaty.commands.compile import compiled_draft
    from treaty.render.draft_view import draft_view
    from treaty.render.typst import typst_source

    view = draft_view(compiled_draft(drafts[code])[0])
    typ = typst_source(view)
    # the words reach Typst from the writer, in the document's language
    _check(typ, code, ("masthead", "status", "unlocated"))
    proposed, supported = (label.split(" ")[0] if code != "zh" else label.split("：")[0] + "："
                           for label in EXPECTED[code]["index"][1:])
    assert f'#let entry-words = (proposed: "{Words(code).proposed_by}"' in typ
    assert EXPECTED[code]["index"][0] in typ and proposed in typ and supported in typ
    assert f'page-of: "{Words(code)["page_of"]}"' in typ
    assert f'#contents(title: "{EXPECTED[code]["contents"]}")' in typ
    assert '#status("' + EXPECTED[code]["status"][0] + '", key: "adopted")' in typ
    assert ("block-dir: ltr" in typ) == (code == "ar")  # the English masthead block, in order
    if code == "ar":  # pdftotext gives Arabic in visual order: the source is checked above
        text = _pdf_text(source, tmp_path)
        assert "Index of proposals" not in text and "page 1 of" not in text
        return
    # pdftotext: a no-break space is a space; Typst sets a thin space between Chinese and
    # Latin letters or digits ("2023 年 4 月"), which pdftotext gives as a space
    def norm(words: str) -> str:
        words = words.replace(NB, " ").replace("\n", " ")
        return re.sub(r"\s+", "", words) if code == "zh" else words

    text = norm(_pdf_text(source, tmp_path))
    for words in (*EXPECTED[code]["masthead"][:3], EXPECTED[code]["index"][0],
                  EXPECTED[code]["contents"], EXPECTED[code]["page"], *EXPECTED[code]["legend"]):
        assert norm(words) in text, words
    for words in ENGLISH:
        assert norm(words) not in text, words


def test_english_typst_keeps_the_templates_own_words() -> None:
    """An English draft calls the house style as before (a workspace's own draft.typ, written
    for the English parameters, keeps working)."""
    from treaty.commands.compile import compiled_draft
    from treaty.render.draft_view import draft_view
    from treaty.render.typst import typst_source

    typ = typst_source(draft_view(compiled_draft(Path(__file__).parent.parent)[0]))
    assert "page-of:" not in typ and "distr-line:" not in typ and "key:" not in typ
    assert "#contents[" in typ and "entry-words" not in typ


def test_every_message_in_six_languages_with_the_same_placeholders() -> None:
    for key, entry in WORDS.items():
        assert set(entry) == set(LANGUAGES), key
        english = placeholders(entry["en"])
        marks = [p.kind for p in pieces(entry["en"]) if p.kind != "text"]
        for code, text in entry.items():
            assert text, (key, code)
            assert placeholders(text) == english, (key, code)
            # the legend's marks: the same kinds in every language (the order may differ)
            assert sorted(p.kind for p in pieces(text) if p.kind != "text") == sorted(marks), \
                (key, code)


@pytest.mark.parametrize(("code", "expected"), [
    ("en", "21 April 2023"), ("fr", "21 avril 2023"), ("es", "21 de abril de 2023"),
    ("ru", "21 апреля 2023 года"), ("ar", "21 نيسان/أبريل 2023"), ("zh", "2023年4月21日")])
def test_long_dates(code: str, expected: str) -> None:
    assert Words(code).date("2023-04-21") == expected
    assert read_date(expected) == "2023-04-21"


def test_masthead_lines_and_their_reading() -> None:
    assert Words("fr").date("2023-05-01") == "1er mai 2023"
    assert Words("fr").original("English") == f"Original{NB}: anglais"
    assert Words("es").original("French") == "Original: francés"
    assert Words("es").distribution("General") == "Distr. general"
    assert Words("ar").original("English") == "الأصل: بالإنكليزية"
    assert Words("fr").distribution("Secret") == "Distr. Secret"  # not in the table: as given
    for code in LANGUAGES:
        words = Words(code)
        assert read_distribution(words.distribution("Limited")) == "Limited"
        assert read_original(words.original("Russian")) == "Russian"
    assert Words("de").lang == "de" and Words("de")["contents"] == "Contents"
    # UN documents in Russian, Arabic and Chinese print the masthead block in English
    assert [c for c in LANGUAGES if Words(c).masthead.lang == "en"] == ["en", "ru", "ar", "zh"]


def test_a_language_version_of_an_english_workspace(tmp_path: Path) -> None:
    """`treaty compile WS --language fr`: the French version's draft is French, with the
    proposal made on the English text in its annex, described in French furniture."""
    ws = tmp_path / "ws"
    commands.import_text(DATA / "udhr_en.txt", ws, date="2023-04-21")
    commands.import_text(DATA / "udhr_fr.txt", ws, language="fr")
    commands.propose_from_options(
        ws, commands.change_from_options(target="1", replace="spirit of brotherhood",
                                         with_="spirit of solidarity"),
        by=["GBR"], supported_by=[], opposed_by=[], id="en-solidarity")
    md = commands.compile_document(ws, fmt="md", language="fr").decode("utf-8").replace("\\", "")
    assert f"## Annexe{NB}: Propositions faites sur une autre version linguistique" in md
    assert f"en-solidarity (anglais{NB}; proposée par Royaume-Uni (GBR))" in md
    assert "Distr. générale · 21 avril 2023 · Français · Original" in md
    english = commands.compile_document(ws, fmt="md").decode("utf-8")
    assert "Distr.: General · 21 April 2023 · Original: English" in english.replace("\\", "")


# -- why a proposal is not located, or overtaken: the core's reasons in the draft's language --

REASONS = {
    "fr": {
        "unlocated": [f"la disposition visée «{NB}art_99{NB}» ne figure pas dans le présent texte",
                      f"dans art_2{NB}: mots introuvables{NB}: «{NB}words nowhere in it{NB}»"],
        "overtaken": "devenue sans objet du fait de la proposition adopted (adoptée à AHC-5), "
                     "qui modifie déjà ces mots",
    },
    "ar": {
        "unlocated": ["الحكم المشار إليه ”art_99“ غير موجود في هذا النص",
                      "في art_2: لم يُعثر على الكلمات: ”words nowhere in it“"],
        "overtaken": "تجاوزه المقترح adopted (اعتُمد في AHC-5)، الذي يغير هذه الكلمات بالفعل",
    },
    "zh": {
        "unlocated": ["本案文中没有所指条款“art_99”", "在art_2中：未找到字词：“words nowhere in it”"],
        "overtaken": "已被提案adopted（已在AHC-5通过）取代，该提案已修改这些字词",
    },
}
ENGLISH_REASONS = ["does not exist in this text", "words not found", "in art_2:", "overtaken by",
                   "which already changes", "'words nowhere in it'", "'art_99'"]
"""Today's English reasons (what `treaty check` prints), absent from the other drafts."""


def _has_reasons(text: str, code: str) -> None:
    for words in [*REASONS[code]["unlocated"], REASONS[code]["overtaken"]]:
        assert words in text, (code, words)
    for words in ENGLISH_REASONS:
        assert words not in text, (code, words)


@pytest.mark.parametrize("code", sorted(CHANGES))
def test_reasons_in_the_drafts_language_in_every_writer(drafts, code: str) -> None:
    from treaty.commands.compile import compiled_draft
    from treaty.render.draft_view import draft_view
    from treaty.render.typst import typst_source

    html = commands.compile_document(drafts[code]).decode("utf-8")
    annexes = unescape(re.sub(r"<[^>]+>", "", html.split('id="annex-unlocated"', 1)[1]))
    _has_reasons(annexes, code)
    md = commands.compile_document(drafts[code], fmt="md").decode("utf-8").replace("\\", "")
    _has_reasons(md, code)
    sep = {"fr": f"{NB}: ", "ar": ": ", "zh": "："}[code]  # after the id, as the language writes it
    assert f"GBR)){sep}{REASONS[code]['overtaken']}" in md
    txt = commands.compile_document(drafts[code], fmt="txt").decode("utf-8")
    _has_reasons(re.sub(r"[ \n]+", " ", txt), code)
    data = commands.compile_document(drafts[code], fmt="docx")
    document = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", zipfile.ZipFile(
        io.BytesIO(data)).read("word/document.xml").decode("utf-8")))
    _has_reasons(unescape(document), code)
    typ = typst_source(draft_view(compiled_draft(drafts[code])[0]))
    _has_reasons(typ, code)


def test_check_and_strict_compile_keep_the_english_reasons(drafts) -> None:
    """The command line speaks English whatever the text's language (scripts read it):
    `treaty check`, `compile --strict` and ``str(Unlocated)`` print today's words."""
    import sys

    from treaty.commands.compile import compiled_draft

    def treaty(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "treaty.cli", *args], capture_output=True,
                              text=True, timeout=120)

    check = treaty("check", str(drafts["fr"]))
    assert check.returncode == 1
    assert ("ghost: change 1: target 'art_99' does not exist in this text; fix the target or "
            "the words, or mark it stale/withdrawn") in check.stdout + check.stderr
    assert ("lost: change 1: in art_2: words not found: 'words nowhere in it'; "
            in check.stdout + check.stderr)
    assert "overtaken by adopted adopted (listed in the draft's annex): rival" in check.stdout
    strict = treaty("compile", str(drafts["zh"]), "--strict", "-o", str(drafts["zh"] / "x.html"))
    assert strict.returncode == 1
    assert strict.stderr.strip() == (
        "error: ghost: 2 change(s) not located in this text, first: change 1: target 'art_99' "
        "does not exist in this text; run `treaty check`; without --strict they are listed in "
        "an annex of the draft")
    compiled = compiled_draft(drafts["ar"])[0]
    assert [str(u) for u in compiled.unlocated] == [
        "change 1: target 'art_99' does not exist in this text",
        "change 1: in art_2: words not found: 'words nowhere in it'"]
    assert [(a.id, str(why)) for a, why in compiled.overtaken] == [
        ("rival", "overtaken by adopted (adopted at AHC-5), which already changes these words")]
