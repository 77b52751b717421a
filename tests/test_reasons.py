"""Why a change is not located, as a value (`treaty.reasons.Reason`): ``str`` prints the
English every command has always printed, a draft says the same in its own language."""

from __future__ import annotations

import pytest

from treaty.amend.anchor import anchor
from treaty.model import Amendment, Change
from treaty.reasons import ENGLISH, Quoted, Reason
from treaty.render.words import LANGUAGES, WORDS, Words
from treaty.textfold import difference

from .test_languages_anchor import doc_with

NB = "\u00a0"


def unlocated(text: str, *changes: Change) -> list[str]:
    result = anchor(doc_with(text), [Amendment(id="p1", proposers=("FRA",), changes=changes)])
    return [str(u) for u in result.unlocated]


def test_every_anchoring_reason_prints_the_english_it_always_did() -> None:
    para = "art_1__para_1"
    text = "the States Parties shall take the measures that the States Parties need"
    cases = [
        (Change(kind="replace", target="art_9", old="x", new="y"),
         "change 1: target 'art_9' does not exist in this text"),
        (Change(kind="replace", target=para, old="States Parties", new="y"),
         "change 1: in art_1__para_1: ambiguous: 'States Parties' occurs 2 times; "
         "add occurrence=\"N\" (closest text: 'States Parties')"),
        (Change(kind="replace", target=para, old="States Parties", new="y", occurrence=3),
         "change 1: in art_1__para_1: occurrence 3 of 'States Parties' requested but the text "
         "has 2 (closest text: 'States Parties')"),
        (Change(kind="delete", target=para, old="words nowhere to be seen"),
         "change 1: in art_1__para_1: words not found: 'words nowhere to be seen'"),
        (Change(kind="substitute", target="art_9", old="States", new="y"),
         "change 1: scope 'art_9' does not exist in this text"),
        (Change(kind="substitute", target=para, old="Members", new="y"),
         "change 1: 'Members' does not occur in art_1__para_1"),
        (Change(kind="substitute", target="", old="Members", new="y"),
         "change 1: 'Members' does not occur in the text"),
    ]
    for change, english in cases:
        assert unlocated(text, change) == [english]
    # what differs, from `textfold`: another letter, a decomposed one in the file
    assert unlocated("Chaque E\u0301tat partie prend les mesures ne\u0301cessaires", Change(
        kind="replace", target=para, old="Chaque Etat membre", new="y")) == [
        "change 1: in art_1__para_1: words not found: 'Chaque Etat membre' (the text has 'É' "
        "(LATIN CAPITAL LETTER E WITH ACUTE) where the words have 'E' (LATIN CAPITAL LETTER E); "
        "the text uses a decomposed É) (closest text: 'Chaque E\u0301tat partie')"]


def test_the_english_of_every_reason_is_the_drafts_english() -> None:
    """One English: `words.WORDS` takes it from `reasons.ENGLISH` (its six languages and
    placeholders are checked with the rest of the furniture)."""
    for key, english in ENGLISH.items():
        assert WORDS[key]["en"] == english, key
        assert set(WORDS[key]) == set(LANGUAGES), key
    reason = Reason.of("in_unit", wid="art_2", reason=Reason.of("not_found", old=Quoted("it's")))
    assert Words("en").reason(reason) == str(reason) == "in art_2: words not found: \"it's\""
    assert Words("de").reason(reason) == str(reason)  # outside the six: English


@pytest.mark.parametrize(("code", "expected"), [
    ("fr", f"dans art_1{NB}: mots introuvables{NB}: «{NB}Etats{NB}» (le texte contient «{NB}É{NB}» "
           f"(LATIN CAPITAL LETTER E WITH ACUTE) là où la proposition contient «{NB}E{NB}» "
           f"(LATIN CAPITAL LETTER E){NB}; le texte écrit É sous forme décomposée)"),
    ("es", "en art_1: palabras no encontradas: “Etats” (el texto contiene “É” (LATIN CAPITAL "
           "LETTER E WITH ACUTE) donde la propuesta contiene “E” (LATIN CAPITAL LETTER E); el "
           "texto escribe É en forma descompuesta)"),
    ("ru", "в art_1: слова не найдены: «Etats» (в тексте «É» (LATIN CAPITAL LETTER E WITH "
           "ACUTE), а в предложении «E» (LATIN CAPITAL LETTER E); в тексте буква É записана в "
           "разложенной форме)"),
    ("zh", "在art_1中：未找到字词：“Etats”（案文中为“É”（LATIN CAPITAL LETTER E WITH ACUTE），"
           "而提案中为“E”（LATIN CAPITAL LETTER E）；案文中的É为分解形式）"),
])
def test_what_differs_in_the_drafts_language(code: str, expected: str) -> None:
    why = difference("Etats", "E\u0301tats")
    assert why is not None
    reason = Reason.of("in_unit_why", wid="art_1", reason=Reason.of("not_found", old=Quoted("Etats")),
                       why=why)
    assert Words(code).reason(reason) == expected


def test_overtaken_by_a_deleted_unit_in_the_drafts_language() -> None:
    reason = Reason.of("overtaken_deletes", by="ahc5-eu-093",
                       label=Reason.of("st_adopted_at", session="AHC-5"), unit="Article 93")
    assert str(reason) == "overtaken by ahc5-eu-093 (adopted at AHC-5), which deletes Article 93"
    assert Words("fr").reason(reason) == (
        "devenue sans objet du fait de la proposition ahc5-eu-093 (adoptée à AHC-5), qui "
        f"supprime la disposition suivante{NB}: Article 93")
    assert Words("zh").reason(reason) == "已被提案ahc5-eu-093（已在AHC-5通过）取代，该提案删除Article 93"
