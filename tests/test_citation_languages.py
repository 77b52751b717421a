"""Citations in the running text of the French, Spanish, Russian, Arabic and Chinese
versions follow renumbering as the English ones do, written in the text's own style, and
are reported (`versions/L.<code>.citations.csv`).

Real texts: the UN Charter, chapters I-III, in English, Spanish and Chinese; the Hague
Convention of 15 April 1958 (French only); articles 51-52 of UNCAC in Arabic; sentences of
UN documents in Russian and Arabic (tests/data/languages/PROVENANCE.md)."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from treaty import commands, language_versions, workspace
from treaty.amend.anchor import anchor
from treaty.amend.apply import apply_sites
from treaty.amend.build import article_unit, paragraph_unit
from treaty.citation_lang import mentions
from treaty.commands.consolidate import consolidate
from treaty.model import Amendment, Change, Document
from treaty.readers import read
from treaty.renumber import renumber_all

DATA = Path(__file__).parent / "data" / "languages"


def _found(text: str, code: str) -> list[tuple[str, str, str, bool]]:
    return [(m.text, str(m.citation), m.relative, m.external) for m in mentions(text, code)]


# -- the forms of each language ---------------------------------------------------------------

@pytest.mark.parametrize("code, text, expected", [
    ("fr", "l'article 5", [("5", "5", "", False)]),
    ("fr", "l'article premier", [("premier", "1", "", False)]),
    ("fr", "les articles 5 et 6", [("5", "5", "", False), ("6", "6", "", False)]),
    ("fr", "des articles 5 à 7", [("5", "5", "", False), ("7", "7", "", False)]),
    ("fr", "le paragraphe 2 de l'article 5", [("2", "5.2", "", False), ("5", "5", "", False)]),
    ("fr", "à l'alinéa a) du paragraphe 1 de l'article 5",
     [("a", "5.1(a)", "", False), ("1", "5.1", "", False), ("5", "5", "", False)]),
    ("fr", "de l'article 5 de la présente Convention", [("5", "5", "", False)]),
    ("fr", "de l'article 5 de la Convention de Vienne", [("5", "5", "", True)]),
    ("fr", "l'article 5 bis", [("5 bis", "5bis", "", False)]),
    ("fr", "le paragraphe 3 du présent article", [("3", ".3", "article", False)]),
    ("es", "el artículo 5", [("5", "5", "", False)]),
    ("es", "los artículos 5 y 6", [("5", "5", "", False), ("6", "6", "", False)]),
    ("es", "el párrafo 2 del artículo 5", [("2", "5.2", "", False), ("5", "5", "", False)]),
    ("es", "el apartado a) del párrafo 1 del artículo 5",
     [("a", "5.1(a)", "", False), ("1", "5.1", "", False), ("5", "5", "", False)]),
    ("es", "el artículo 5 de la presente Convención", [("5", "5", "", False)]),
    ("es", "el artículo 5 de esta Carta", [("5", "5", "", False)]),
    ("es", "el artículo 5 de la Convención de Viena", [("5", "5", "", True)]),
    ("ru", "статьи 5", [("5", "5", "", False)]),
    ("ru", "в статье 5", [("5", "5", "", False)]),
    ("ru", "пункта 2 статьи 5", [("2", "5.2", "", False), ("5", "5", "", False)]),
    ("ru", "подпункт a) пункта 1 статьи 5",
     [("a", "5.1(a)", "", False), ("1", "5.1", "", False), ("5", "5", "", False)]),
    ("ru", "подпункт б) пункта 1 статьи 5",
     [("б", "5.1(b)", "", False), ("1", "5.1", "", False), ("5", "5", "", False)]),
    ("ru", "статьями 5 и 6", [("5", "5", "", False), ("6", "6", "", False)]),
    ("ru", "статьи 5 настоящей Конвенции", [("5", "5", "", False)]),
    ("ru", "пункта 3 настоящей статьи", [("3", ".3", "article", False)]),
    ("ru", "в подпунктах 1 - 4 пункта 1 статьи 3", [  # numbered points of a paragraph
        ("1", "3.1(1)", "", False), ("4", "3.1(4)", "", False), ("1", "3.1", "", False),
        ("3", "3", "", False)]),
    ("ru", "подпунктом 5 пункта 1 статьи 205 Таможенного кодекса", [
        ("5", "205.1(5)", "", True), ("1", "205.1", "", True), ("205", "205", "", True)]),
    ("ar", "المادة 5", [("5", "5", "", False)]),
    ("ar", "من المادة ٥", [("٥", "5", "", False)]),
    ("ar", "الفقرة 2 من المادة 5", [("2", "5.2", "", False), ("5", "5", "", False)]),
    ("ar", "المادتين 5 و6", [("5", "5", "", False), ("6", "6", "", False)]),
    ("ar", "المواد 5 إلى 7", [("5", "5", "", False), ("7", "7", "", False)]),
    ("ar", "المادة الخامسة", [("الخامسة", "5", "", False)]),
    ("ar", "المادة 5 من هذه الاتفاقية", [("5", "5", "", False)]),
    ("ar", "المادة 5 من اتفاقية فيينا", [("5", "5", "", True)]),
    ("ar", "الفقرة الفرعية (ب) من الفقرة 1 من المادة 5",
     [("ب", "5.1(b)", "", False), ("1", "5.1", "", False), ("5", "5", "", False)]),
    ("zh", "第五条", [("五", "5", "", False)]),
    ("zh", "第5条", [("5", "5", "", False)]),
    ("zh", "第五条第二款", [("五", "5", "", False), ("二", "5.2", "", False)]),
    ("zh", "第五条第二款(a)项",
     [("五", "5", "", False), ("二", "5.2", "", False), ("a", "5.2(a)", "", False)]),
    ("zh", "本公约第五条", [("五", "5", "", False)]),
    ("zh", "第五条和第六条", [("五", "5", "", False), ("六", "6", "", False)]),
    ("zh", "第五条至第七条", [("五", "5", "", False), ("七", "7", "", False)]),
    ("zh", "第五条之二", [("五条之二", "5bis", "", False)]),
    ("zh", "本条第二款", [("二", ".2", "article", False)]),
    ("zh", "《维也纳公约》第五条", [("五", "5", "", True)]),
])
def test_forms(code, text, expected):
    assert _found(text, code) == expected


def test_sentences_of_un_documents():
    # CED/C/BRA/CO/1 (Russian): the Convention the report is about is another instrument.
    assert _found("представленный Бразилией в соответствии с пунктом 1 статьи 29 Конвенции",
                  "ru") == [("1", "29.1", "", True), ("29", "29", "", True)]
    # CRC/C/OPAC/2 (Russian): a point after the paragraph number, spaced as the source has it.
    assert _found("в соответствии с   пунктом   1   b ) статьи   44 Конвенции, любую", "ru") == [
        ("1", "44.1", "", True), ("b", "44.1(b)", "", True), ("44", "44", "", True)]
    assert _found("согласно пункту 2 статьи 8 Факультативного протокола", "ru") == [
        ("2", "8.2", "", True), ("8", "8", "", True)]
    # The 1971 Convention on Psychotropic Substances (Arabic): the Charter is another one.
    assert _found("وفقا للفقرة ٤ من المادة ٦٢ من ميثاق الأمم المتحدة", "ar") == [
        ("٤", "62.4", "", True), ("٦٢", "62", "", True)]
    # The Slavery Convention (Arabic): its own article 12.
    assert _found("طبقا لأحكام المادة ١٢", "ar") == [("١٢", "12", "", False)]


def test_a_provision_without_a_number_is_left_alone():
    """"de l'article précédent" cannot be numbered: kept and reported, as English's "of the
    preceding article"."""
    assert _found("des alinéas 2 et 3 de l'article précédent", "fr") == [
        ("2", ".2", "", True), ("3", ".3", "", True)]


# -- following renumbering in a language version ------------------------------------------------

_UNIT = ('<akn:article><akn:num>{num}</akn:num><akn:paragraph><akn:content><akn:p>{text}'
         '</akn:p></akn:content></akn:paragraph></akn:article>')


@pytest.fixture(scope="module")
def charter(tmp_path_factory) -> Path:
    """The UN Charter, chapters I-III: English, with its Spanish and Chinese versions."""
    root = tmp_path_factory.mktemp("charter") / "ws"
    commands.import_text(DATA / "charter_en.txt", root, date="2026-01-15")
    for code in ("es", "zh"):
        commands.import_text(DATA / f"charter_{code}.txt", root, language=code)
    return root


def _insert_before(ws: Path, target: str) -> None:
    insert = f'<insert target="{target}" position="before">{{}}</insert>'
    (ws / "amendments" / "new-art.xml").write_text(
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<amendment xmlns="urn:treaty-tracker:amendment:1" '
        'xmlns:akn="http://docs.oasis-open.org/legaldocml/ns/akn/3.0" id="new-art">'
        '<proposer ref="FRA"/><status>adopted</status>'
        f"<changes>{insert.format(_UNIT.format(num='Article 0', text='New.'))}</changes>"
        f'<translation language="es">{insert.format(_UNIT.format(num="Artículo 0", text="Nuevo."))}'
        '</translation>'
        f'<translation language="zh">{insert.format(_UNIT.format(num="第〇条", text="新。"))}'
        "</translation></amendment>", encoding="utf-8")


def _texts(doc: Document) -> dict[str, str]:
    return {u.wid: "\n".join(u.text + u.wrap_up) for u in doc.units()}


def _rows(ws: Path, code: str) -> list[dict[str, str]]:
    return list(csv.DictReader((ws / "versions" / f"rev-1.{code}.citations.csv").open(
        encoding="utf-8")))


def test_charter_new_article_before_article_3(charter: Path, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(charter, ws)
    before = {code: _texts(language_versions.load_version(ws, code)) for code in ("es", "zh")}
    _insert_before(ws, "art_3")
    consolidate(ws, "rev-1", date="2026-02-01")
    spanish = language_versions.load_version(ws, "es")
    chinese = language_versions.load_version(ws, "zh")
    assert spanish.by_eid()["art_4"].num == "Artículo 4" and chinese.by_eid()["art_4"].num == "第四条"
    # Article 1 is before the new article: it stays. Article 110 is not in chapters I-III:
    # kept as written, and reported.
    es, zh = _texts(spanish), _texts(chinese)
    assert "consignados en el Artículo 1, la Organización" in es["art_2"]
    assert "ratifiquen de conformidad con el Artículo 110." in es["art_3"]
    assert "为求实现第一条所述各宗旨起见" in zh["art_2"]
    assert "且依宪章第一百一十条规定而予以批准者" in zh["art_3"]
    # Every word of both versions is as it was (the new article aside).
    for code, now in (("es", es), ("zh", zh)):
        assert {w: t for w, t in now.items() if not w.startswith("art_0")} == before[code]
    assert [(r["status"], r["wId"], r["citation"], r["change or reason"]) for r in _rows(ws, "es")] == [
        ("unresolved", "art_2__para_7", "VII", "no chapter VII in this text"),
        ("unresolved", "art_3", "110", "no article 110 in this text")]
    assert [(r["status"], r["wId"], r["citation"], r["change or reason"]) for r in _rows(ws, "zh")] == [
        ("unresolved", "art_2__para_7", "七", "no chapter 7 in this text"),
        ("unresolved", "art_3", "一百一十", "no article 110 in this text")]


def test_charter_new_first_article_moves_every_citation(charter: Path, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(charter, ws)
    english_before = _texts(workspace.load(ws).document)
    before = {code: _texts(language_versions.load_version(ws, code)) for code in ("es", "zh")}
    _insert_before(ws, "art_1")
    result = subprocess.run([sys.executable, "-m", "treaty.cli", "consolidate", str(ws),
                             "--label", "rev-1", "--no-commit"],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    out = result.stdout + result.stderr
    assert "citations in the es text: 1 changed, 2 not resolved (kept as written), 0 of other " \
           "instruments left alone; listed in versions/rev-1.es.citations.csv" in out
    assert "art_2: article 1: 一 -> 二" in out
    english = _texts(workspace.load(ws).document)
    es = _texts(language_versions.load_version(ws, "es"))
    zh = _texts(language_versions.load_version(ws, "zh"))
    expected_es = dict(before["es"], art_2=before["es"]["art_2"].replace(
        "consignados en el Artículo 1,", "consignados en el Artículo 2,"))
    expected_zh = dict(before["zh"], art_2=before["zh"]["art_2"].replace(
        "为求实现第一条所述", "为求实现第二条所述"))
    assert {w: t for w, t in es.items() if not w.startswith("art_0")} == expected_es
    assert {w: t for w, t in zh.items() if not w.startswith("art_0")} == expected_zh
    assert english["art_2"] == english_before["art_2"].replace("stated in Article 1,",
                                                               "stated in Article 2,")
    assert _rows(ws, "zh")[0] == {
        "status": "changed", "wId": "art_2", "citation": "article 1", "change or reason": "一 -> 二",
        "context": "为求实现第一条所述各宗旨起见，本组织及其会员国应遵行"}


def _consolidate(doc: Document, *changes: Change):
    new = apply_sites(doc, list(anchor(doc, [Amendment("x", ("FRA",), changes)]).sites))
    inserted = {u.wid for u in new.units()} - {u.wid for u in doc.units()}
    return renumber_all(doc, new, inserted)


# The Hague Convention of 15 April 1958 (French only): every citation whose article moves
# when a new article is placed before Article 3, before and after.
HCCH = [
    ("art_3__para_1", "des articles 4 et 5 :", "des articles 5 et 6 :"),
    ("art_8", "des articles 1-7 de la présente", "des articles 1-8 de la présente"),
    ("art_10__point_a", "l'application de l'article 3 aux", "l'application de l'article 4 aux"),
    ("art_10__point_b", "de l'article 5.", "de l'article 6."),
    ("art_12__para_1", "à l'article 11, alinéa 2.", "à l'article 12, alinéa 2."),
    ("art_13__para_4", "son article 12, alinéa premier.", "son article 13, alinéa premier."),
    ("art_14__para_2", "de l'article 12, alinéa premier.", "de l'article 13, alinéa premier."),
    ("art_15__para_1", "dans l'article 12, alinéa premier, de", "dans l'article 13, alinéa premier, de"),
    ("art_15__para_4", "de l'article 13, alinéa 2.", "de l'article 14, alinéa 2."),
]


def test_french_convention_follows_a_new_article():
    doc = read(DATA / "hcch_1958_transfer_of_title_fr.txt").document
    result = _consolidate(doc, Change("insert-unit", "art_3", where="before",
                                      units=(article_unit("Nouveau.", "Nouveau"),)))
    assert [u.num for u in result.doc.articles()][:4] == [
        "Article premier", "Article 2", "Article 3", "Article 4"]
    expected = _texts(doc)
    for wid, before, after in HCCH:
        assert before in expected[wid], (wid, before)
        expected[wid] = expected[wid].replace(before, after, 1)
    got = _texts(result.doc)
    assert {w: t for w, t in got.items() if w in expected} == expected
    assert len(result.changed) == 10
    # "de l'article précédent" is not numbered: kept and listed; every "alinéa" (a paragraph
    # without a number in this text, cited by its place) is resolved.
    assert [(p.wid, p.written) for p in result.external] == [("art_6", "2"), ("art_6", "3")]
    assert result.unresolved == []


def test_french_unnumbered_paragraphs_are_cited_by_place():
    """A new first paragraph of article 12: "l'article 12, alinéa premier" (cited three
    times) is now its second paragraph."""
    doc = read(DATA / "hcch_1958_transfer_of_title_fr.txt").document
    result = _consolidate(doc, Change("insert-unit", "art_12__para_1", where="before",
                                      units=(paragraph_unit("Nouvel alinéa."),)))
    assert [(c.wid, c.before, c.after) for c in result.changed] == [
        ("art_13__para_4", "premier", "2"), ("art_14__para_2", "premier", "2"),
        ("art_15__para_1", "premier", "2")]
    got = _texts(result.doc)
    assert "en vertu de son article 12, alinéa 2." in got["art_13__para_4"]
    assert "dans l'article 12, alinéa 2, de la présente Convention" in got["art_15__para_1"]
    assert "à l'article 11, alinéa 2." in got["art_12__para_1"]  # article 11 did not change


def test_arabic_numbers_keep_their_digits():
    """UNCAC, articles 51-52 in Arabic: a new first paragraph of article 52 makes "الفقرة ١
    من هذه المادة" read "الفقرة ٢", in Arabic-Indic digits; article 14 is outside the excerpt."""
    doc = read(DATA / "uncac_ar_art51_52_excerpt.txt").document
    result = _consolidate(doc, Change("insert-unit", "art_52__para_1", where="before",
                                      units=(paragraph_unit("فقرة جديدة."),)))
    assert [u.num for u in result.doc.units()][1:] == [
        "المادة ٥١", "المادة ٥٢", "١-", "٢-", "٣-"]  # the text's digits, renumbered
    expected = _texts(doc)
    expected["art_52__para_2"] = expected["art_52__para_2"].replace(
        "فى الفقرة ١ من هذه المادة", "فى الفقرة ٢ من هذه المادة")
    got = _texts(result.doc)
    assert {w: t for w, t in got.items() if w in expected} == expected
    assert [(c.citation, c.before, c.after) for c in result.changed] == [
        ("paragraph 1 of المادة ٥٢", "١", "٢")]
    assert [(p.wid, p.written, p.reason) for p in result.unresolved] == [
        ("art_52__para_1", "١٤", "no article 14 in this text")]


def test_chinese_as_the_main_text():
    """The Chinese Charter read on its own: its articles renumbered in Han numerals and its
    citations following (第一条 -> 第二条); 宪章第一百一十条 is outside chapters I-III."""
    doc = read(DATA / "charter_zh.txt").document
    result = _consolidate(doc, Change("insert-unit", "art_1", where="before",
                                      units=(article_unit("新。", "新"),)))
    assert [u.num for u in result.doc.articles()][:3] == ["第一条", "第二条", "第三条"]
    expected = _texts(doc)
    expected["art_2"] = expected["art_2"].replace("为求实现第一条所述", "为求实现第二条所述")
    got = _texts(result.doc)
    assert {w: t for w, t in got.items() if w in expected} == expected
    assert [(c.before, c.after) for c in result.changed] == [("一", "二")]
    assert [(p.written, p.reason) for p in result.unresolved] == [
        ("七", "no chapter 7 in this text"), ("一百一十", "no article 110 in this text")]
