"""Anchoring and word diff per script: proposals find words written with other code points
(decomposed letters, soft hyphens, zero-width and directional marks), the file keeps its own
characters, and Chinese is compared character by character."""

from __future__ import annotations

from treaty.amend.anchor import anchor
from treaty.compile import Run, clean_document, compile_redline
from treaty.diff.words import DELETE, EQUAL, INSERT, diff_words
from treaty.model import Amendment, Change, Document, Metadata, Unit
from treaty.textfold import explain_difference


def doc_with(text: str) -> Document:
    para = Unit(kind="paragraph", eid="art_1__para_1", wid="art_1__para_1", num="1.", text=(text,))
    article = Unit(kind="article", eid="art_1", wid="art_1", num="Article 1", children=(para,))
    return Document(meta=Metadata(title="T"), body=(article,))


def proposal(old: str, new: str, kind: str = "replace") -> Amendment:
    return Amendment(id="p1", proposers=("FRA",), changes=(
        Change(kind=kind, target="art_1__para_1", old=old, new=new),))


def located(text: str, old: str) -> tuple[int, int]:
    result = anchor(doc_with(text), [proposal(old, "X")])
    assert not result.unlocated, result.unlocated
    site = result.sites[0]
    return site.start, site.end


def test_decomposed_accents_match_what_the_user_typed() -> None:
    text = "la coope\u0301ration internationale"  # NFD é in the file
    start, end = located(text, "coopération")  # typed composed
    assert text[start:end] == "coope\u0301ration"  # the span is the file's own characters


def test_soft_hyphen_zero_width_and_directional_marks_are_ignored() -> None:
    assert located("la coopé\u00adration", "coopération") == (3, 15)
    assert located("les\u200b États Parties", "États Parties") == (5, 18)
    arabic = "تتعاون \u200fالدول\u200f الأطراف"
    start, end = located(arabic, "الدول الأطراف")
    assert arabic[start:end] == "الدول\u200f الأطراف"
    assert located("l’État Partie", "l'État") == (0, 6)  # typed apostrophe, file has ’


def test_applying_keeps_the_rest_of_the_file_exactly() -> None:
    text = "la coope\u0301ration et l\u2019entraide"
    doc = doc_with(text)
    adopted = Amendment(id="p1", proposers=("FRA",), status="adopted",
                        changes=proposal("coopération", "collaboration").changes)
    clean, _ = clean_document(doc, [adopted])
    new = clean.by_eid()["art_1__para_1"].text[0]
    assert new == "la collaboration et l\u2019entraide"  # the ’ elsewhere is untouched


def test_not_found_says_what_differs() -> None:
    reason = explain_difference("Etats Parties", "E\u0301tats Parties")
    assert reason == ("the text has 'É' (LATIN CAPITAL LETTER E WITH ACUTE) where the words have "
                      "'E' (LATIN CAPITAL LETTER E); the text uses a decomposed É")
    result = anchor(doc_with("the States Parties shall cooperate"),
                    [proposal("the St\u0430tes Parties", "X")])  # a Cyrillic а typed
    located_ = result.sites[0] if result.sites else None
    assert located_ is None or located_.method == "fuzzy"
    assert "CYRILLIC SMALL LETTER A" in explain_difference("St\u0430tes", "States")


def test_propose_error_names_the_difference(tmp_path) -> None:
    from treaty import commands
    from treaty.model import TreatyError
    from treaty.readers.text import read_text

    doc = read_text("Title of it all\n\nArticle 1\n\nLes E\u0301tats Parties coopèrent.\n",
                    where="x").document
    from treaty import workspace
    workspace.create(tmp_path / "ws", doc)
    change = Change(kind="replace", target="art_1", old="Les Etats Parties", new="Les Parties")
    try:
        commands.propose_from_options(tmp_path / "ws", change, by=["FRA"], supported_by=[],
                                      opposed_by=[])
    except TreatyError as exc:
        message = str(exc)
    else:
        raise AssertionError("the proposal should not be accepted")
    assert "where the words have 'E'" in message and "decomposed É" in message
    ok = Change(kind="replace", target="art_1", old="Les États Parties", new="Les Parties")
    path = commands.propose_from_options(tmp_path / "ws", ok, by=["FRA"], supported_by=[],
                                         opposed_by=[])
    assert path.exists()


def test_chinese_word_diff_marks_the_changed_character() -> None:
    diff = diff_words("人人有权离开任何国家", "人人有权进入任何国家")
    assert [(s.op, s.text) for s in diff.segments] == [
        (EQUAL, "人人有权"), (DELETE, "离开"), (INSERT, "进入"), (EQUAL, "任何国家")]
    one = diff_words("人人有权享受法律保护", "人人有权享有法律保护")
    assert [(s.op, s.text) for s in one.segments if s.op != EQUAL] == [(DELETE, "受"), (INSERT, "有")]


def test_chinese_redline_of_a_one_character_change() -> None:
    doc = doc_with("人人有权享受法律保护。")
    adopted = Amendment(id="p1", proposers=("CHN",), status="adopted",
                        changes=proposal("享受", "享有").changes)
    compiled = compile_redline(doc, [adopted])
    para = next(u for u in compiled.units() if u.eid == "art_1__para_1")
    runs = [(r.mark, r.text) for block in para.blocks for r in block if isinstance(r, Run)]
    assert [r for r in runs if r[0]] == [("del", "受"), ("ins", "有")]
    assert "".join(t for m, t in runs if m != "del") == "人人有权享有法律保护。"


def test_chinese_anchor_on_part_of_a_sentence() -> None:
    text = "人人有权享受法律保护,以免受这种干涉或攻击。"
    start, end = located(text, "法律保护")
    assert text[start:end] == "法律保护"


def test_word_tracked_change_in_chinese_is_that_character(tmp_path) -> None:
    """A one-character tracked change in a Chinese Word draft becomes a one-character
    proposal, not a replacement of the whole sentence."""
    from pathlib import Path

    from treaty import commands, workspace
    from treaty.compile import compile_plain
    from treaty.delegations import registry
    from treaty.docx_changes import harvest
    from treaty.render.docx_out import render_docx

    from .test_docx_support import Doc

    source = Path(__file__).parent / "data" / "languages" / "udhr_zh.txt"
    commands.import_text(source, tmp_path / "ws")
    doc = workspace.load(tmp_path / "ws").document
    data = Doc(render_docx(compile_plain(doc))).replace("人人有权享有生命", "生命", "生存", "China").save()
    result = harvest(doc, data, "zh.docx", registry(tmp_path / "ws"), today="2024-01-01",
                     author_map={"China": "CHN"})
    [a] = result.amendments
    assert a.changes == (Change("replace", "art_3", "命", "存"),)
