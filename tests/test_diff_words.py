"""Word diff: tokens, cleanup that never splits a word, ignored changes, no silent timeout."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from treaty.diff import words
from treaty.diff.words import (
    DELETE,
    EQUAL,
    FAST_ENGINE,
    INSERT,
    PY_ENGINE,
    diff_words,
    side_lines,
    split_lines,
    tokenize,
)

ENGINES = [PY_ENGINE] + ([FAST_ENGINE] if words._fast is not None else [])


def ops(diff):
    return [(s.op, s.text) for s in diff.segments]


@pytest.mark.parametrize("engine", ENGINES)
def test_paris_v4_v5_article_1_edits(engine):
    old = ("For the purposes of this Agreement, all definitions contained in Article 1 of the "
           "Convention apply.")
    new = ("For the purpose of this Agreement, the definitions contained in Article 1 of the "
           "Convention shall apply.")
    d = diff_words(old, new, engine=engine)
    assert d.engine == engine
    assert ops(d) == [
        (EQUAL, "For the "), (DELETE, "purposes "), (INSERT, "purpose "),
        (EQUAL, "of this Agreement, "), (DELETE, "all "), (INSERT, "the "),
        (EQUAL, "definitions contained in Article 1 of the Convention "), (INSERT, "shall "),
        (EQUAL, "apply."),
    ]
    assert (d.inserted, d.deleted) == (3, 2)


def test_tokens_keep_words_whole():
    assert tokenize("non-market decision 1/CP.21, 1.5 °C Party's") == [
        "non-market ", "decision ", "1/CP.21", ", ", "1.5 ", "°", "C ", "Party's"]
    assert tokenize("``quote''") == ["``", "quote", "''"]


def test_quote_style_and_whitespace_ignored_unless_exact():
    old = 'referred to as "the Convention",  and ``the Parties\'\''
    new = "referred to as \u201cthe Convention\u201d, and \u201cthe Parties\u201d"
    loose = diff_words(old, new)
    assert not loose.changed
    assert loose.segments[0].old_text == old  # the old wording is kept for the old side
    exact = diff_words(old, new, exact=True)
    assert exact.changed
    assert {s.text for s in exact.segments if s.op == INSERT} >= {"\u201c", "\u201d"}
    assert (exact.inserted, exact.deleted) == (0, 0)  # punctuation and spaces are not words


def test_apostrophe_style_ignored_unless_exact():
    assert not diff_words("the host Party's contribution", "the host Party\u2019s contribution").changed
    assert diff_words("the host Party's contribution", "the host Party\u2019s contribution",
                      exact=True).changed


def test_real_word_change_next_to_quote_change_is_reported():
    d = diff_words('the "Convention" applies', "the \u201cAgreement\u201d applies")
    assert [(s.op, s.text.strip()) for s in d.segments if s.op != EQUAL] == [
        (DELETE, "Convention"), (INSERT, "Agreement")]


def test_cleanup_keeps_single_word_equalities_between_changes():
    # dmp's own semantic cleanup would swallow "definitions" into the change
    d = diff_words("all definitions apply", "the definitions shall apply")
    assert ops(d) == [(DELETE, "all "), (INSERT, "the "), (EQUAL, "definitions "),
                      (INSERT, "shall "), (EQUAL, "apply")]


def test_cleanup_folds_lone_punctuation_between_rewrites():
    d = diff_words("alpha beta, gamma delta", "one two, three four")
    assert ops(d) == [(DELETE, "alpha beta, gamma delta"), (INSERT, "one two, three four")]


def test_paragraph_breaks_split_lines_and_changes_stay_in_their_paragraph():
    d = diff_words("1. First text here.\n2. Second text here.", "1. First text there.\n2. Second.")
    lines = split_lines(d.segments)
    assert len(lines) == 2
    assert [s.text for s in lines[0] if s.op == INSERT] == ["there"]
    assert [s.text.strip() for s in lines[1] if s.op == DELETE] == ["text here"]
    old_side = side_lines(d.segments, "old")
    assert "".join(s.text for s in old_side[1]) == "2. Second text here."


def test_deleted_last_word_does_not_run_into_kept_word():
    d = diff_words("shall apply above", "shall apply")
    line = split_lines(d.segments)[0]
    assert "".join(s.text for s in line) == "shall apply above"


@pytest.mark.parametrize("engine", ENGINES)
def test_no_silent_timeout_on_long_texts(engine):
    """30 000 words with 12 scattered one-word edits: the diff is minimal (12 in, 12 out),
    not 'delete everything, insert everything' (dmp's default 1 s timeout would do that
    for the pure-Python engine)."""
    rng = random.Random(7)
    vocab = [f"w{n}" for n in range(3000)]
    old = [rng.choice(vocab) for _ in range(30_000)]
    new = list(old)
    for pos in rng.sample(range(30_000), 12):
        new[pos] = f"changed{pos}"
    d = diff_words(" ".join(old), " ".join(new), engine=engine)
    assert (d.inserted, d.deleted) == (12, 12)
    assert not d.degraded
    assert d.old_text() == " ".join(old) and d.new_text() == " ".join(new)


def test_time_limit_is_flagged_as_degraded_never_silent():
    rng = random.Random(3)
    a = " ".join(f"a{rng.randrange(5000)}" for _ in range(20_000))
    b = " ".join(f"a{rng.randrange(5000)}" for _ in range(20_000))
    d = diff_words(a, b, engine=PY_ENGINE, timeout=0.001)
    assert d.degraded


def test_both_engines_agree():
    old = "The Parties shall cooperate, as appropriate, on matters of adaptation and finance."
    new = "Parties should cooperate, where appropriate, on adaptation, finance and technology."
    if len(ENGINES) == 2:
        assert ops(diff_words(old, new, engine=PY_ENGINE)) == ops(
            diff_words(old, new, engine=FAST_ENGINE))


_text = st.lists(st.sampled_from(
    ["the", "Parties", "shall", "Agreement", ",", ".", "\u201c", '"', "non-market", "1.5",
     "\n", "  ", "(a)", "Article", "12", "bis", "''", "``"]), max_size=40).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(_text, _text, st.booleans())
def test_diff_reconstructs_both_texts_and_never_splits_a_token(old, new, exact):
    d = diff_words(old, new, exact=exact)
    norm = (lambda s: s) if exact else (lambda s: re.sub(r"[^\S\n]+", " ", s).strip())
    assert norm(d.old_text()) == norm(old if exact else old.lstrip())
    assert norm(d.new_text()) == norm(new if exact else new.lstrip())
    # every run boundary is a token boundary on its side
    for side, text in (("old", old), ("new", new)):
        bounds = {0}
        pos = 0
        for tok in tokenize(text, exact):
            pos += len(tok)
            bounds.add(pos)
        pos = 0
        for seg in d.segments:
            if (side == "old" and seg.op == INSERT) or (side == "new" and seg.op == DELETE):
                continue
            pos += len(seg.old if side == "old" else seg.text)
            assert pos in bounds
