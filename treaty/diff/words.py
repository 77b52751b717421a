"""Word diff: diff-match-patch over word tokens, never splitting a word.

How it works:

1. Both texts are cut into tokens: a word (``Parties'``, ``non-market``, ``1/CP.21``,
   ``1.5``), one punctuation mark, a quote mark (``` `` ``` and ``''`` count as one), or a
   paragraph break (``\\n``).  By default each token carries the whitespace after it; with
   ``exact=True`` whitespace runs are tokens of their own, so whitespace changes show.
2. Each token gets a comparison *key*.  By default the key ignores trailing whitespace and
   quote style (``"`` = ``“`` = ``”`` = ``` `` ``` = ``''``, ``'`` = ``‘`` = ``’``), so
   whitespace-only and quote-style edits are not reported; with ``exact=True`` the key is
   the token itself.
3. Each distinct key is mapped to one Unicode character (private-use code points; the
   paragraph break stays ``\\n`` so that diff-match-patch's boundary heuristics prefer
   paragraph ends), the two character strings are diffed, and the character runs are
   mapped back to token runs.  Because one character is one token, neither the diff nor
   the semantic cleanup can ever split a word.
4. The diff runs with the C++ ``fast_diff_match_patch`` when it is installed, the
   pure-Python ``diff_match_patch`` otherwise, and in both cases *without* a time limit:
   diff-match-patch's default 1 s ``Diff_Timeout`` silently returns "delete everything,
   insert everything" on long texts.  A caller that sets `timeout` gets a result flagged
   ``degraded`` when the limit was reached, never a silently worse diff.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from diff_match_patch import diff_match_patch

from ..textfold import folded_text

try:  # the C++ build, when installed
    import fast_diff_match_patch as _fast
except ImportError:  # pragma: no cover - depends on the platform
    _fast = None

FAST_ENGINE = "fast-diff-match-patch"
PY_ENGINE = "diff-match-patch"
DEFAULT_ENGINE = FAST_ENGINE if _fast is not None else PY_ENGINE

EQUAL, INSERT, DELETE = "eq", "ins", "del"

LINE_MODE = 2000
"""Texts longer than this many tokens are diffed paragraph by paragraph first, then word
by word inside the paragraphs that differ (diff-match-patch's line mode)."""

PARAGRAPH = "\n"
"""The token that separates paragraphs (blocks) in a text given to `diff_words`."""

# Han (and kana) text has no spaces between words: each character is a token of its own, so a
# one-character change in Chinese marks that character, never the whole sentence.
HAN_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_CHAR = f"[{HAN_RANGES}]"
# Combining marks (a decomposed é, Arabic vowel signs), soft hyphens, zero-width and
# directional marks belong to the word they stand in; keys compare words folded (`textfold`).
MARKS = ("\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u061c\u064b-\u065f\u0670"
         "\u06d6-\u06ed\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u00ad"
         "\u200b-\u200f\u2060")
_W = f"(?:[^\\W{HAN_RANGES}]|[{MARKS}])"  # a word character that is not Han
_WORD = rf"{_HAN_CHAR}|{_W}+(?:(?:[-'\u2019./]|,(?=\d)){_W}+)*"
_WORD_RE = re.compile(_WORD)
_LOOSE = re.compile(rf"(?:\n|``|''|{_WORD}|[^\w\s])[^\S\n]*")
_EXACT = re.compile(rf"\n|``|''|{_WORD}|[^\w\s]|[^\S\n]+")
_HAS_WORD = re.compile(r"\w")

_QUOTES = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2033": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "`": "'",
})


@dataclass(frozen=True)
class Segment:
    """A run of tokens: kept (``eq``), inserted (``ins``) or deleted (``del``).

    For a kept run `text` is the new wording; `old_text` is set only when the old wording
    differs from it in ignored ways (whitespace, quote style)."""

    op: str
    text: str
    old_text: str | None = None

    @property
    def old(self) -> str:
        return self.text if self.old_text is None else self.old_text


@dataclass(frozen=True)
class WordDiff:
    segments: tuple[Segment, ...]
    inserted: int
    """Words inserted (tokens with a letter or digit; punctuation is not counted)."""
    deleted: int
    engine: str
    degraded: bool = False
    """True only when a `timeout` was set and reached: the diff may then be coarser."""

    @property
    def changed(self) -> bool:
        return any(s.op != EQUAL for s in self.segments)

    def old_text(self) -> str:
        return "".join(s.old for s in self.segments if s.op != INSERT)

    def new_text(self) -> str:
        return "".join(s.text for s in self.segments if s.op != DELETE)


def tokenize(text: str, exact: bool = False) -> list[str]:
    """The tokens of `text`; joined back together they give `text` (minus leading blanks).

    >>> tokenize('the “Agreement”, as  adopted')
    ['the ', '“', 'Agreement', '”', ', ', 'as  ', 'adopted']
    >>> tokenize('人人有权 Article 1')
    ['人', '人', '有', '权 ', 'Article ', '1']
    """
    pattern = _EXACT if exact else _LOOSE
    if not exact:
        text = text.lstrip(" \t\u00a0")
    return pattern.findall(text)


def key(token: str, exact: bool = False) -> str:
    """What a token is compared by: itself (exact) or stripped, with quotes normalised."""
    if exact:
        return token
    if token.startswith(PARAGRAPH):
        return PARAGRAPH
    stripped = folded_text(token.strip())
    if stripped in ("``", "''"):
        return '"'
    return stripped.translate(_QUOTES)


def _code_points() -> Iterator[str]:
    """Characters to stand for tokens: private-use areas first (never letters, never
    whitespace, so diff-match-patch treats them all alike), then other non-space chars."""
    for start, stop in ((0xE000, 0xF900), (0xF0000, 0xFFFFE), (0x100000, 0x10FFFE)):
        for cp in range(start, stop):
            yield chr(cp)
    for cp in range(0x100, 0xD800):
        ch = chr(cp)
        if not ch.isspace():
            yield ch
    raise ValueError("too many distinct tokens to diff")  # pragma: no cover (> 1 million)


class _Table(dict[str, str]):
    def __init__(self) -> None:
        super().__init__({PARAGRAPH: PARAGRAPH})
        self.supply = _code_points()

    def __missing__(self, k: str) -> str:
        ch = self[k] = next(self.supply)
        return ch


def encode(keys_a: Sequence[str], keys_b: Sequence[str]) -> tuple[str, str]:
    """Map every distinct key to one character; return both texts as character strings."""
    table = _Table()
    return "".join(map(table.__getitem__, keys_a)), "".join(map(table.__getitem__, keys_b))


def _raw_diff(a: str, b: str, engine: str, timeout: float) -> list[tuple[str, int]]:
    """(op, length) runs over the character strings: the minimal diff, no cleanup."""
    if engine == FAST_ENGINE and _fast is not None:
        # Paragraph-level pre-pass on long texts (dmp's line mode; paragraphs are "\n").
        lines = len(a) > LINE_MODE and len(b) > LINE_MODE
        ops = _fast.diff(a, b, timelimit=timeout, checklines=lines, cleanup="No")
        return [({"=": EQUAL, "+": INSERT, "-": DELETE}[op], n) for op, n in ops]
    dmp = diff_match_patch()
    dmp.Diff_Timeout = timeout  # 0 = no time limit
    diffs = dmp.diff_main(a, b, len(a) > LINE_MODE and len(b) > LINE_MODE)
    names = {0: EQUAL, 1: INSERT, -1: DELETE}
    return [(names[op], len(text)) for op, text in diffs]


@dataclass
class _Block:
    """Token ranges of one kept run (``same``) or one change (deleted + inserted)."""

    same: bool
    o0: int
    o1: int
    n0: int
    n1: int


def _blocks(runs: Sequence[tuple[str, int]]) -> list[_Block]:
    blocks: list[_Block] = []
    i = j = 0
    for op, n in runs:
        if n == 0:
            continue
        if op == EQUAL:
            blocks.append(_Block(True, i, i + n, j, j + n))
            i, j = i + n, j + n
            continue
        if not blocks or blocks[-1].same:
            blocks.append(_Block(False, i, i, j, j))
        if op == DELETE:
            i += n
            blocks[-1].o1 = i
        else:
            j += n
            blocks[-1].n1 = j
    return blocks


def cleanup(blocks: list[_Block], old: Sequence[str], encoded: str) -> list[_Block]:
    """Word-level semantic cleanup: a kept run squeezed between two changes is folded into
    them when it is shorter (in tokens) than both changes, or when it is a few tokens with
    no word at all (a lone comma between two rewrites).  A run holding a paragraph break is
    never folded, so changes stay inside their paragraph.  Works on whole tokens: never
    splits a word.  `encoded` is the old text as `encode` made it (breaks stay ``\n``)."""
    out: list[_Block] = []
    for block in blocks:
        out.append(block)
        while len(out) >= 3 and not out[-1].same and out[-2].same and not out[-3].same:
            a, eq, b = out[-3], out[-2], out[-1]
            if PARAGRAPH in encoded[eq.o0:eq.o1]:
                break
            size = eq.o1 - eq.o0
            smaller = size < min(max(a.o1 - a.o0, a.n1 - a.n0), max(b.o1 - b.o0, b.n1 - b.n0))
            if not smaller and (size > 3 or any(_HAS_WORD.search(t) for t in old[eq.o0:eq.o1])):
                break
            out[-3:] = [_Block(False, a.o0, b.o1, a.n0, b.n1)]
    return out


def count_words(text: str) -> int:
    """Words in a text, counted as `diff_words` counts them."""
    return len(_WORD_RE.findall(text))


@lru_cache(maxsize=1 << 16)
def _loose_key(token: str) -> str:
    """`key` memoised across calls: a text's tokens repeat across all its units."""
    return key(token)


def diff_tokens(old: Sequence[str], new: Sequence[str], exact: bool = False,
                engine: str = DEFAULT_ENGINE, timeout: float = 0.0) -> WordDiff:
    """Diff two token lists (see `tokenize`)."""
    if exact:
        keys_old, keys_new = list(old), list(new)
    else:
        keys_old = list(map(_loose_key, old))
        keys_new = list(map(_loose_key, new))
    degraded = False
    if keys_old == keys_new:
        blocks = [_Block(True, 0, len(old), 0, len(new))] if old else []
    else:
        a, b = encode(keys_old, keys_new)
        started = time.perf_counter()
        runs = _raw_diff(a, b, engine, timeout)
        degraded = timeout > 0 and time.perf_counter() - started >= timeout
        blocks = cleanup(_blocks(runs), old, a)
    segments: list[Segment] = []
    inserted = deleted = 0
    for block in blocks:
        old_part = "".join(old[block.o0:block.o1])
        new_part = "".join(new[block.n0:block.n1])
        if block.same:
            segments.append(Segment(EQUAL, new_part, None if old_part == new_part else old_part))
            continue
        if old_part:
            deleted += count_words(old_part)
            segments.append(Segment(DELETE, old_part))
        if new_part:
            inserted += count_words(new_part)
            segments.append(Segment(INSERT, new_part))
    return WordDiff(tuple(segments), inserted, deleted, _engine_name(engine), degraded)


def _engine_name(engine: str) -> str:
    return engine if (engine != FAST_ENGINE or _fast is not None) else PY_ENGINE


def diff_words(old: str, new: str, exact: bool = False, engine: str = DEFAULT_ENGINE,
               timeout: float = 0.0) -> WordDiff:
    """Word diff of two texts; paragraphs are separated by ``\\n``.

    >>> d = diff_words("the Paris Agreement", "this Agreement")
    >>> [(s.op, s.text) for s in d.segments], d.inserted, d.deleted
    ([('del', 'the Paris '), ('ins', 'this '), ('eq', 'Agreement')], 1, 2)
    """
    if old == new:  # nothing to diff (most articles of two close drafts)
        tokens = tokenize(old, exact)
        text = "".join(tokens)
        return WordDiff((Segment(EQUAL, text),) if text else (), 0, 0, _engine_name(engine))
    return diff_tokens(tokenize(old, exact), tokenize(new, exact), exact, engine, timeout)


def _spaced(segments: Sequence[Segment]) -> list[Segment]:
    """Kept runs in the inline view show the new wording; where the old wording had a space
    before a following change and the new one has none (a word deleted at the end), keep
    the space so that the deleted word does not run into the kept one."""
    out = list(segments)
    for n, seg in enumerate(out[:-1]):
        if seg.op == EQUAL and seg.old_text is not None and out[n + 1].op != EQUAL:
            tail = seg.old[len(seg.old.rstrip()):]
            if tail and not seg.text[-1:].isspace():
                text = seg.text + tail.replace(PARAGRAPH, " ")
                out[n] = Segment(EQUAL, text, None if text == seg.old else seg.old)
    return out


def needs_gap(before: Segment, after: Segment) -> bool:
    """Whether a redline must put a space between a deleted run and the inserted run that
    follows it, so that the last deleted word and the first inserted word do not read as
    one (``prescribed`` + ``to eliminate``)."""
    return (before.op == DELETE and after.op == INSERT and before.text[-1:].isalnum()
            and after.text[:1].isalnum())


def split_lines(segments: Sequence[Segment]) -> list[list[Segment]]:
    """Segments cut at paragraph breaks: one list per line of the *merged* (inline) view.

    A kept or inserted break starts a new line; a deleted break stays inside the line
    (renderers show it as a deleted pilcrow)."""
    lines: list[list[Segment]] = [[]]
    for seg in _spaced(segments):
        if PARAGRAPH not in seg.text and PARAGRAPH not in seg.old:
            lines[-1].append(seg)
            continue
        if seg.op == DELETE:
            lines[-1].append(seg)
            continue
        new_parts = seg.text.split(PARAGRAPH)
        old_parts = seg.old.split(PARAGRAPH) if seg.op == EQUAL else new_parts
        if len(old_parts) != len(new_parts):  # pragma: no cover - keys keep breaks aligned
            old_parts = new_parts
        for n, (part, old_part) in enumerate(zip(new_parts, old_parts, strict=True)):
            if n:
                lines.append([])
            if part or old_part:
                lines[-1].append(Segment(seg.op, part, None if old_part == part else old_part))
    return lines


def side_lines(segments: Sequence[Segment], side: str) -> list[list[Segment]]:
    """The lines of one side (``old`` or ``new``) for a side-by-side view: the kept runs
    and that side's changes, cut at that side's own paragraph breaks."""
    skip = INSERT if side == "old" else DELETE
    lines: list[list[Segment]] = [[]]
    for seg in segments:
        if seg.op == skip:
            continue
        text = seg.old if side == "old" else seg.text
        for n, part in enumerate(text.split(PARAGRAPH)):
            if n:
                lines.append([])
            if part:
                lines[-1].append(Segment(seg.op, part))
    return lines
