"""Words inserted, deleted and replaced meet the text with exactly one space (none before
punctuation, none after an opening bracket), in the stored text and in the draft."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from treaty.amend.anchor import anchor, find_all
from treaty.amend.apply import apply_sites
from treaty.amend.spacing import CLOSING, OPENING, splice, tokens
from treaty.compile import Group, Run, compile_bracketed
from treaty.model import Amendment, Change, Document, Unit


def canonical(toks: list[str]) -> str:
    """Tokens written as a drafter writes them: one space, none before , . ; : ) or after (."""
    out = ""
    for t in toks:
        if out and out[-1] not in OPENING and t[0] not in CLOSING:
            out += " "
        out += t
    return out


def doc_of(text: str) -> Document:
    return Document(body=(Unit("article", "art_1", "art_1", "Article 1", text=(text,)),))


def stored(text: str, *changes: Change) -> str:
    doc = doc_of(text)
    a = Amendment("a", ("USA",), changes)
    found = anchor(doc, [a])
    assert found.unlocated == ()
    return apply_sites(doc, list(found.sites)).body[0].own_text


TEXT = "offering or giving to a public official an undue advantage, for the official himself."


def test_insert_after_words_gets_one_space():
    assert stored(TEXT, Change("insert", "art_1", "undue advantage", "or any other benefit",
                               where="after")) == (
        "offering or giving to a public official an undue advantage or any other benefit, "
        "for the official himself.")


def test_insert_before_words_gets_one_space():
    assert stored(TEXT, Change("insert", "art_1", "public official", "foreign",
                               where="before")) == (
        "offering or giving to a foreign public official an undue advantage, for the "
        "official himself.")


def test_insert_punctuation_takes_no_space_before_it():
    assert stored("as appropriate and in accordance", Change(
        "insert", "art_1", "as appropriate", ",", where="after")) == "as appropriate, and in accordance"


def test_insert_at_start_and_end():
    assert stored("shall adopt", Change("insert", "art_1", "", "Each State", where="start"),
                  Change("insert", "art_1", "", "measures.", where="end")) == (
        "Each State shall adopt measures.")


def test_delete_leaves_no_double_space():
    assert stored(TEXT, Change("delete", "art_1", "undue")) == (
        "offering or giving to a public official an advantage, for the official himself.")
    assert stored(TEXT, Change("delete", "art_1", "himself")) == (
        "offering or giving to a public official an undue advantage, for the official.")
    assert stored(TEXT, Change("delete", "art_1", "offering or")) == (
        "giving to a public official an undue advantage, for the official himself.")


def test_replace_keeps_single_spaces():
    assert stored(TEXT, Change("replace", "art_1", "undue advantage", "  improper  benefit ")) == (
        "offering or giving to a public official an improper benefit, for the official himself.")


def test_bracketed_draft_shows_insertion_with_spaces():
    doc = doc_of(TEXT)
    a = Amendment("a", ("USA",), (Change("insert", "art_1", "undue advantage",
                                         "or any other benefit", where="after"),))
    block = compile_bracketed(doc, [a]).body[0].blocks[0]
    flat = "".join(i.text if isinstance(i, Run) else
                   "[" + "".join(r.text for r in i.alternatives[0].runs) + "]" for i in block)
    assert flat == ("offering or giving to a public official an undue advantage "
                    "[or any other benefit], for the official himself.")
    assert isinstance(block[2], Group)


# -- the property: random texts, random word edits, the stored text is the expected one ------

WORDS = st.sampled_from(["the", "State", "Party", "shall", "adopt", "measures", "a", "of",
                         "and", "or", "b", "in", "convention"])
PUNCT = st.sampled_from([",", ".", ";", ":"])
TOKEN = st.one_of(WORDS, WORDS, WORDS, PUNCT)


@st.composite
def text_and_edits(draw):
    toks = draw(st.lists(TOKEN, min_size=3, max_size=30).filter(lambda t: t[0] not in ",.;:"))
    n = len(toks)
    cuts = sorted(draw(st.sets(st.integers(0, n), min_size=2, max_size=min(n + 1, 10))))
    edits = []  # (i, j, new tokens): replace toks[i:j] (an insertion when i == j)
    for k in range(0, len(cuts) - 1, 2):
        i, j = cuts[k], cuts[k + 1]
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        new = draw(st.lists(TOKEN, min_size=1, max_size=4))
        if kind == "insert":
            edits.append((i, i, new))
        elif kind == "delete":
            edits.append((i, j, []))
        else:
            edits.append((i, j, new))
    return toks, edits


def _spans(toks: list[str]) -> list[tuple[int, int]]:
    text = canonical(toks)
    spans, pos = [], 0
    for t in toks:
        start = text.index(t, pos)
        spans.append((start, start + len(t)))
        pos = start + len(t)
    return spans


@settings(max_examples=200, deadline=None)
@given(text_and_edits())
def test_property_stored_text_equals_expected_token_for_token(case):
    toks, edits = case
    text = canonical(toks)
    spans = _spans(toks)
    changes = []
    for i, j, new in edits:
        words = canonical(new)
        if i == j:  # insert after the previous token, or at the start
            if i == 0:
                changes.append(Change("insert", "art_1", "", words, where="start"))
                continue
            start, end = spans[i - 1]
            kind, old = "insert", text[start:end]
        else:
            start, end = spans[i][0], spans[j - 1][1]
            kind, old = ("delete" if not new else "replace"), text[start:end]
        occurrence = find_all(text, old).index(start) + 1
        if kind == "insert":
            changes.append(Change("insert", "art_1", old, words, where="after",
                                  occurrence=occurrence))
        else:
            changes.append(Change(kind, "art_1", old, words, occurrence=occurrence))
    expected_tokens: list[str] = []
    pos = 0
    for i, j, new in sorted(edits, key=lambda e: (e[0], e[1])):
        expected_tokens += toks[pos:i] + new
        pos = j
    expected_tokens += toks[pos:]
    result = stored(text, *changes)
    assert tokens(result) == tokens(canonical(expected_tokens))
    assert result == canonical(expected_tokens)
    assert "  " not in result and not re.search(r" [,.;:]", result)


@settings(max_examples=100, deadline=None)
@given(text_and_edits())
def test_property_splice_is_the_canonical_join(case):
    toks, edits = case
    spans = _spans(toks)
    text = canonical(toks)
    raw = []
    for i, j, new in edits:
        at = spans[i - 1][1] if i == j and i else (spans[i][0] if i < len(spans) else len(text))
        start, end = (at, at) if i == j else (spans[i][0], spans[j - 1][1])
        raw.append((start, end, canonical(new)))
    expected: list[str] = []
    pos = 0
    for i, j, new in sorted(edits, key=lambda e: (e[0], e[1])):
        expected += toks[pos:i] + new
        pos = j
    assert splice(text, raw) == canonical(expected + toks[pos:])


def test_french_keeps_its_spaces_before_double_punctuation_and_in_guillemets():
    from treaty.model import Metadata

    doc = Document(meta=Metadata(language="fra"), body=(Unit(
        "article", "art_1", "art_1", "Article 1",
        text=("Chaque État Partie adopte les mesures ; il peut « coopérer ».",)),))
    a = Amendment("a", ("FRA",), (
        Change("insert", "art_1", "les mesures", "nécessaires", where="after"),
        Change("insert", "art_1", "« coopérer", "pleinement", where="after")))
    found = anchor(doc, [a])
    assert apply_sites(doc, list(found.sites)).body[0].own_text == (
        "Chaque État Partie adopte les mesures nécessaires ; il peut « coopérer pleinement ».")


def test_chinese_words_meet_without_spaces():
    assert stored("提供不正当好处，以使该公职人员", Change(
        "insert", "art_1", "不正当好处", "或其他利益", where="after")) == (
        "提供不正当好处或其他利益，以使该公职人员")
