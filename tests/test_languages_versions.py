"""Language versions on the UDHR in the six UN languages: the five join the English
workspace, check compares them, and compile / diff / consolidate / serve work in each."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from treaty import commands, language_versions, workspace
from treaty.commands.consolidate import consolidate
from treaty.model import TreatyError

DATA = Path(__file__).parent / "data" / "languages"
OTHERS = ("fr", "es", "ru", "ar", "zh")


def treaty(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "treaty.cli", *args], capture_output=True,
                          text=True, timeout=180)


@pytest.fixture(scope="module")
def six(tmp_path_factory) -> Path:
    """The English UDHR workspace with the five other language versions imported."""
    root = tmp_path_factory.mktemp("udhr") / "ws"
    commands.import_text(DATA / "udhr_en.txt", root, date="2026-01-15")
    for code in OTHERS:
        commands.import_text(DATA / f"udhr_{code}.txt", root, language=code)
    return root


@pytest.fixture
def ws(six: Path, tmp_path: Path) -> Path:
    """A writable copy of `six`."""
    dest = tmp_path / "ws"
    shutil.copytree(six, dest)
    return dest


def test_the_five_join_with_the_same_units(six: Path) -> None:
    assert language_versions.version_codes(six) == sorted(OTHERS)
    english = workspace.load(six).document
    wids = {u.wid for u in english.units()}
    for code in OTHERS:
        version = language_versions.load_version(six, code)
        assert version.meta.language == {"fr": "fra", "es": "spa", "ru": "rus", "ar": "ara",
                                         "zh": "zho"}[code]
        mine = {u.wid for u in version.units()}
        expected = wids - ({"preamble__rec_7"} if code == "ar" else set())
        assert mine == expected, (code, sorted(mine ^ expected)[:5])
        assert version.meta.label == english.meta.label and version.meta.date == "2026-01-15"


def test_check_is_clean_but_for_the_recital_the_arabic_source_lacks(six: Path) -> None:
    report = commands.check(six)
    assert [p.what for p in report.problems] == [
        "preamble__rec_7 (recital) of the English text is missing in the Arabic version"]
    assert "languages/ar" in report.problems[0].where
    assert any(line.startswith("Chinese version: 30 articles") for line in report.info)


def test_check_reports_missing_and_extra_units(ws: Path) -> None:
    french = (ws / "languages" / "fr" / "articles" / "art_030.xml")
    french.unlink()
    text = (ws / "languages" / "fr" / "treaty.xml").read_text(encoding="utf-8")
    (ws / "languages" / "fr" / "treaty.xml").write_text(
        text.replace('<xi:include href="articles/art_030.xml"/>', ""), encoding="utf-8")
    whats = [p.what for p in commands.check(ws).problems]
    assert "art_30 (Article 30) of the English text is missing in the French version" in whats
    # A Spanish text with one article more than the English one.
    extra = (DATA / "udhr_es.txt").read_text(encoding="utf-8") + \
        "\nArtículo 31\n\nTexto que solo tiene la versión española.\n"
    source = ws.parent / "es.txt"
    source.write_text(extra, encoding="utf-8")
    commands.import_text(source, ws, language="es")  # replaces the Spanish version
    whats = [p.what for p in commands.check(ws).problems]
    assert "art_31 (Artículo 31) of the Spanish version is not in the English text" in whats
    (ws / "languages" / "de").mkdir()  # never silently ignored
    stray = [p for p in commands.check(ws).problems if p.where.endswith("languages/de")]
    assert stray and "not a language version" in stray[0].what


def test_reimport_replaces_the_version_and_removes_its_old_files(ws: Path) -> None:
    shorter = (DATA / "udhr_ru.txt").read_text(encoding="utf-8").split("Статья 30")[0]
    source = ws.parent / "ru.txt"
    source.write_text(shorter, encoding="utf-8")
    commands.import_text(source, ws, language="ru")
    assert not (ws / "languages" / "ru" / "articles" / "art_030.xml").exists()
    assert len(language_versions.load_version(ws, "ru").articles()) == 29


def test_import_errors_are_one_line(ws: Path) -> None:
    result = treaty("import", str(DATA / "udhr_en.txt"), "--into", str(ws), "--language", "en")
    assert result.returncode == 1 and "main text is already in en" in result.stderr
    result = treaty("import", str(DATA / "udhr_fr.txt"), "--into", str(ws), "--language", "xx")
    assert result.returncode == 1 and "unknown language 'xx'" in result.stderr
    result = treaty("compile", str(ws), "--language", "de")
    assert result.returncode == 1 and "unknown language" in result.stderr


@pytest.mark.parametrize("code", OTHERS)
def test_compile_each_language(six: Path, code: str) -> None:
    html = commands.compile_document(six, language=code).decode("utf-8")
    direction = "rtl" if code == "ar" else "ltr"
    assert f'<html lang="{code}" dir="{direction}">' in html
    version = language_versions.load_version(six, code)
    assert version.meta.title in html
    for mode in ("clean", "redline"):
        text = commands.compile_document(six, mode=mode, fmt="txt", language=code).decode("utf-8")
        first = version.by_eid()["art_1"].all_text().split("\n")[-1]
        assert first.split()[0] in text


def test_proposal_on_one_version_shows_in_its_words_elsewhere(ws: Path) -> None:
    commands.propose_from_options(
        ws, commands.change_from_options(target="1", replace="esprit de fraternité",
                                         with_="esprit de solidarité"),
        by=["FRA"], supported_by=[], opposed_by=[], id="fr-solidarite", language="fr")
    saved = (ws / "amendments" / "fr-solidarite.xml").read_text(encoding="utf-8")
    assert "<language>fr</language>" in saved
    [row] = commands.list_amendments(ws)
    assert row["lands"] == "art_1 (fr)"  # located in the French words, not "not located"
    french = commands.compile_document(ws, fmt="txt", language="fr").decode("utf-8")
    assert "[esprit de fraternité] [esprit de solidarité (France)]" in " ".join(french.split())
    english = commands.compile_document(ws, fmt="txt").decode("utf-8")
    flat = " ".join(english.split())
    assert "ANNEX: PROPOSALS MADE ON ANOTHER LANGUAGE VERSION" in english
    assert "fr-solidarite (French; proposed by France (FRA)) art_1: “esprit de fraternité” → " \
           "“esprit de solidarité”" in flat
    assert "[" not in flat.split("Article 1", 1)[1].split("Article 2", 1)[0]
    # Arabic: the annex in the document's furniture, the proposal in French, left to right.
    arabic = commands.compile_document(ws, language="ar").decode("utf-8")
    assert 'lang="fr" dir="ltr">art_1: “esprit de fraternité”' in arabic
    assert "(فرنسا (FRA)" in arabic or "فرنسا" in arabic  # the proposer's name in Arabic
    # With an English wording attached, it shows in the English text itself.
    commands.translate(ws, "fr-solidarite", "en",
                       commands.change_from_options(target="1", replace="spirit of brotherhood",
                                                    with_="spirit of solidarity"))
    english = " ".join(commands.compile_document(ws, fmt="txt").decode("utf-8").split())
    assert "[spirit of brotherhood] [spirit of solidarity (France)]" in english
    assert "ANOTHER LANGUAGE" not in english
    assert not commands.check(ws).problems[1:]  # only the Arabic recital


def test_translation_must_be_found_in_that_version(ws: Path) -> None:
    commands.propose_from_options(
        ws, commands.change_from_options(target="3", replace="life", with_="existence"),
        by=["GBR"], supported_by=[], opposed_by=[], id="en-life")
    with pytest.raises(TreatyError, match="Russian version: in art_3: words not found"):
        commands.translate(ws, "en-life", "ru",
                           commands.change_from_options(target="3", replace="жизнь вечная",
                                                        with_="существование"))


def test_delegation_names_follow_the_document_language(ws: Path) -> None:
    for code, name in (("fr", "Égypte"), ("es", "Egipto"), ("ru", "Египет"), ("ar", "مصر"),
                       ("zh", "埃及")):
        commands.propose_from_options(
            ws, commands.change_from_options(target="3", delete=None, delete_unit=True),
            by=["EGY"], supported_by=[], opposed_by=[], id=f"egy-{code}", language=code)
        html = commands.compile_document(ws, language=code).decode("utf-8")
        assert name in html, code


def test_diff_per_language(ws: Path, tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(ws, old)
    path = ws / "languages" / "zh" / "articles" / "art_003.xml"
    path.write_text(path.read_text(encoding="utf-8").replace("生命", "生存"), encoding="utf-8")
    result = treaty("diff", str(old), str(ws), "--language", "zh", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "articles: 1 changed, 29 unchanged; words: +1 -1" in result.stderr
    import json

    data = json.loads(result.stdout)
    changed = [e for e in data["entries"] if e.get("status") == "changed"]
    assert len(changed) == 1
    ops = [(s["op"], s["text"]) for s in changed[0]["segments"] if s["op"] != "eq"]
    assert ops == [("del", "命"), ("ins", "存")]  # one character, not the sentence
    english = treaty("diff", str(old), str(ws))
    assert "no changes" in english.stderr


def test_consolidate_every_version(ws: Path) -> None:
    commands.propose_from_options(
        ws, commands.change_from_options(target="1", replace="brotherhood", with_="solidarity"),
        by=["GBR"], supported_by=[], opposed_by=[], id="en-sol", status="adopted")
    commands.translate(ws, "en-sol", "fr", commands.change_from_options(
        target=commands.target_of(ws, "en-sol"), replace="fraternité", with_="solidarité"))
    commands.propose_from_options(
        ws, commands.change_from_options(target="13.2", replace="بلده", with_="وطنه"),
        by=["EGY"], supported_by=[], opposed_by=[], id="ar-watan", language="ar")
    unit = ('<akn:article><akn:num>{num}</akn:num><akn:paragraph><akn:content><akn:p>{text}'
            '</akn:p></akn:content></akn:paragraph></akn:article>')
    english = unit.format(num="Article 5 bis", text="No one shall be held incommunicado.")
    chinese = unit.format(num="第五条之二", text="任何人不得被单独监禁。")
    insert = '<insert target="art_5" position="after">{}</insert>'
    (ws / "amendments" / "new-art.xml").write_text(
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<amendment xmlns="urn:treaty-tracker:amendment:1" '
        'xmlns:akn="http://docs.oasis-open.org/legaldocml/ns/akn/3.0" id="new-art">'
        '<proposer ref="FRA"/><status>adopted</status>'
        f"<changes>{insert.format(english)}</changes>"
        f'<translation language="zh">{insert.format(chinese)}</translation></amendment>',
        encoding="utf-8")
    plan = consolidate(ws, "rev-1", date="2026-02-01")
    assert plan.languages == ("ar", "es", "fr", "ru", "zh")
    assert ("ru", "new-art") in plan.untranslated and ("zh", "new-art") not in plan.untranslated
    for code in OTHERS:
        assert (ws / "versions" / f"draft.{code}.akn.xml").is_file()
    french = language_versions.load_version(ws, "fr")
    assert "esprit de solidarité" in french.by_eid()["art_1"].all_text()
    chinese = language_versions.load_version(ws, "zh")
    assert chinese.by_eid()["art_6"].num == "第六条"  # the new article, numbered like the main
    assert chinese.by_eid()["art_7"].num == "第七条"  # the former 第六条
    assert chinese.by_eid()["art_7"].wid == "art_6"
    russian = language_versions.load_version(ws, "ru")
    assert russian.by_eid()["art_7"].num == "Статья 7" and "art_6" not in russian.by_eid()
    arabic = language_versions.load_version(ws, "ar")
    assert arabic.by_eid()["art_14"].num == "المادة 14"
    amendments = {a.id: a for a in commands.load(ws).amendments}
    assert amendments["ar-watan"].status == "proposed"  # carried over in the Arabic words
    assert amendments["ar-watan"].base == "rev-1"
    whats = [p.what for p in commands.check(ws).problems]
    assert "art_5bis (Article 6) of the English text is missing in the Russian version" in whats
    # the French text before and after, by its label
    result = treaty("diff", f"{ws}@draft", str(ws), "--language", "fr", "--format", "txt")
    assert result.returncode == 0, result.stderr
    assert "fraternité" in result.stdout and "solidarité" in result.stdout


@pytest.mark.filterwarnings("ignore:Using `httpx`")
def test_serve_language_switch(six: Path) -> None:
    pytest.importorskip("httpx")
    from starlette.testclient import TestClient

    from treaty.serve import create_app

    client = TestClient(create_app(six, watch=False), base_url="http://127.0.0.1")
    page = client.get("/?language=ar")
    assert page.status_code == 200
    assert 'dir="rtl"' in page.text and "يولد جميع الناس" in page.text
    assert re.search(r'<select name="language"[^>]*>.*العربية.*中文', page.text, re.S)
    assert "All human beings" in client.get("/").text
    assert client.get("/?language=de").status_code == 422


def test_a_partial_version_pairs_its_chapter_by_number_in_any_script(tmp_path: Path) -> None:
    """UNCAC's English chapters are numbered in Roman (CHAPTER V: ``chp_V``), the Arabic in
    words (الفصل الخامس: ``chp_5``): an Arabic excerpt of articles 51-52 joins the English
    workspace as articles 51 and 52 of chapter V, not as the first two articles by order."""
    root = tmp_path / "ws"
    commands.import_text(Path(__file__).parent / "data" / "corpus" / "un_uncac_2003_en.txt", root)
    commands.import_text(DATA / "uncac_ar_art51_52_excerpt.txt", root, language="ar")
    arabic = language_versions.load_version(root, "ar")
    (chapter,) = arabic.body
    assert chapter.eid == "chp_V" and [a.wid for a in chapter.children] == ["art_51", "art_52"]
    assert sorted(p.name for p in (root / "languages" / "ar" / "articles").iterdir()) == [
        "art_051.xml", "art_052.xml"]
    assert language_versions.same_number("title_IV__sec_2") == "title_4__sec_2"
