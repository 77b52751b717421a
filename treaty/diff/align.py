"""Align the units of two versions of a text: which article of the new text is which of the old.

The units compared are *items*: the preamble's own words, each recital, each article
(with everything inside it), each division heading (part, chapter, section ...) and any
other top-level unit (an annex, a loose paragraph).  Items are aligned within their group
(articles with articles, recitals with recitals ...), by one algorithm in six steps:

1. **Identity.**  When the two texts share a lineage (both come from the same workspace
   history, so wIds are persistent), items with the same wId are paired.
2. **Number.**  Items with the same number token (``58bis`` = "Article 58 bis"; the k-th
   occurrence with the k-th, for noisy texts that repeat a number) are paired when their
   headings are the same, or when their words are similar (score >= `SAME_NUMBER`).
   A number that now labels a different provision is therefore *not* paired.  (Division
   headings - parts, chapters - of the same kind are paired by number alone: their heading
   is all their text.)
3. **Heading.**  Items whose (normalised, non-empty) heading is the same and unique on
   both sides are paired, unless their words have almost nothing in common: this finds
   renumbered and moved articles that kept their title.
4. **Similarity, in order.**  The pairs found so far that keep the document order (the
   longest increasing subsequence of new positions) are anchors; between two consecutive
   anchors, the unpaired old and new items are aligned by a maximum-weight *monotone*
   matching (dynamic programming, like an LCS) where a pair weighs its similarity minus
   `IN_ORDER` (plus `NUMBER_BONUS` when the numbers agree).  Then, with these pairs as
   anchors too, a gap holding just one old and one new item pairs them from the lower
   similarity `ALONE` (an article rewritten in place).  Similarity is the
   rapidfuzz Indel ratio over the items' word sequences (each word mapped to one
   character, so the ratio is word-level and cheap).
5. **Similarity, out of order.**  Remaining items are paired greedily, best first, when
   their similarity reaches `MOVED` (stricter than in-order pairing): moved articles.
6. **Containment: split and merge.**  An unpaired new item whose word trigrams are mostly
   (>= `CONTAINED`) found in one old item nearby (between the partners of its paired
   neighbours, give or take `SPLIT_REACH`) is *split* from it (e.g. Article 5 became
   Articles 5 and 5 bis); if that old item is itself unpaired, it is paired with its
   biggest piece instead.  Likewise an unpaired old item whose trigrams are mostly found in
   one new item nearby is *merged* into it, or paired with it when that new item is
   unpaired (an article expanded around its old text).
   What is left is *added* or *deleted*.

Finally every pair is classified: *renumbered* when the number token changed, *moved*
when the pair is not on the longest order-preserving chain of pairs.  The result lists
the items in the new document's order, with deleted / merged old items placed after their
old predecessor.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Indel

from ..ids import num_token
from ..model import Document, Unit

SAME_NUMBER = 0.5
"""Same number, different heading: paired when the words are at least this similar."""
HEADING_FLOOR = 0.15
"""Same unique heading: paired unless the words are less similar than this."""
IN_ORDER = 0.35
"""Step 4 pairs items in document order whose similarity exceeds this."""
NUMBER_BONUS = 0.15
"""Step 4 bonus when the two items carry the same number."""
ALONE = 0.2
"""Step 4: a gap holding exactly one old and one new item pairs them from this similarity
(the one article between two aligned neighbours was rewritten, not replaced)."""
"""Step 4 bonus when the two items carry the same number."""
MOVED = 0.6
"""Step 5 pairs items out of order only when at least this similar."""
CONTAINED = 0.8
"""Step 6: share of an item's word trigrams found in another for a split / merge."""
SPLIT_REACH = 2
"""Step 6 looks for the source of a piece (or the target of a merge) between the partners of
the item's nearest paired neighbours, this many units further on either side."""
MIN_SPLIT_WORDS = 12
"""Step 6 ignores items shorter than this (a heading alone says little)."""

DIVISIONS = frozenset({"part", "chapter", "section", "subsection", "title", "subtitle", "book",
                       "division", "subdivision", "subchapter", "subpart"})
GROUPS = ("preamble", "recital", "division", "article", "other")

_WS = re.compile(r"\s+")
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class Item:
    """One alignable unit, flattened for comparison."""

    group: str
    """``preamble``, ``recital``, ``division``, ``article`` or ``other``."""
    kind: str
    """The unit's kind (``article``, ``chapter``, ``annex`` ...)."""
    index: int
    """Position within its group, in document order."""
    label: str
    """How a reader names it: ``Article 58 bis``, ``Recital 3``, ``Preamble``."""
    wid: str = ""
    eid: str = ""
    num: str | None = None
    heading: str | None = None
    lines: tuple[str, ...] = ()
    """The text compared word by word, one paragraph per line (heading first, then each
    inner unit's number and words)."""
    line_wids: tuple[str, ...] = ()
    """For each line, the wId of the unit it comes from (pairs paragraphs across versions
    of one lineage)."""
    token: str = ""
    """The number as compared: ``num_token`` lower-cased (``Article 58 bis`` -> ``58bis``)."""

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class Pair:
    """One line of the alignment: an old item, a new item, or both."""

    old: int | None
    new: int | None
    how: str = ""
    """How the pair was found: ``wid``, ``number``, ``heading``, ``similarity``, ``moved``
    (out-of-order similarity), ``contained`` (one holds most of the other's words: the
    largest piece of a split, or an article expanded around its old text); empty if
    unpaired."""
    score: float = 0.0
    """Word similarity of the pair (0-1); for split / merged items, the share contained."""
    relation: str = ""
    """``split`` (a new item carved from old item `related`) or ``merged`` (an old item
    folded into new item `related`); empty otherwise."""
    related: int | None = None
    moved: bool = False


# -- items ---------------------------------------------------------------------------------


_ODD_SPACE = re.compile(r"\s\s|[^\S ]")


def _clean(text: str) -> str:
    """Whitespace runs as one space (the regex substitution only where there is one)."""
    return _WS.sub(" ", text).strip() if _ODD_SPACE.search(text) else text.strip()


def _unit_lines(unit: Unit, top: bool) -> list[tuple[str, str]]:
    """(wId of the unit it comes from, line) for the unit and its descendants."""
    lines: list[tuple[str, str]] = []
    key = unit.wid
    prefix = "" if top or not unit.num else _clean(unit.num) + " "
    if unit.heading:
        lines.append((key, prefix + _clean(unit.heading)))
        prefix = ""
    texts = [t for t in (_clean(t) for t in unit.text) if t]
    if texts:
        lines.append((key, prefix + texts[0]))
        lines.extend((key, t) for t in texts[1:])
    elif prefix.strip():
        lines.append((key, prefix.strip()))
    for child in unit.children:
        lines.extend(_unit_lines(child, False))
    lines.extend((key + "#wrap", t) for t in (_clean(t) for t in unit.wrap_up) if t)
    return lines


def _own_lines(unit: Unit) -> list[tuple[str, str]]:
    """A division's own words: heading, intro and wrap-up, not its articles."""
    parts = [unit.heading or "", *unit.text, *unit.wrap_up]
    return [(unit.wid, c) for c in (_clean(p) for p in parts) if c]


def _has_article(unit: Unit, kind: str = "article") -> bool:
    return any(u.kind == kind for u in unit.walk())


def _label(unit: Unit, kind_name: str, position: int) -> str:
    if unit.num:
        num = _clean(unit.num)
        if unit.kind == "recital":
            return f"Recital {num}"
        if num[:1].isdigit() or num[:1] == "(":
            return f"{kind_name} {num}"
        return num
    return f"{kind_name} {position}"


def items(doc: Document) -> dict[str, list[Item]]:
    """The document's items by group, each list in document order."""
    found: dict[str, list[Item]] = {g: [] for g in GROUPS}

    def add(group: str, unit: Unit, keyed: list[tuple[str, str]], label: str | None = None) -> None:
        idx = len(found[group])
        name = unit.kind.capitalize()
        found[group].append(Item(group=group, kind=unit.kind, index=idx,
                                 label=label or _label(unit, name, idx + 1), wid=unit.wid,
                                 eid=unit.eid, num=unit.num and _clean(unit.num),
                                 heading=unit.heading and _clean(unit.heading),
                                 lines=tuple(line for _, line in keyed),
                                 line_wids=tuple(key for key, _ in keyed),
                                 token=num_token(unit.num).lower()))

    if doc.preamble is not None:
        pre = doc.preamble
        own = [(pre.wid, c) for c in (_clean(t) for t in (*pre.text, *pre.wrap_up)) if c]
        if own:
            add("preamble", pre, own, "Preamble")
        for child in pre.children:
            if child.kind in ("recitals",) and child.children:
                for recital in child.children:
                    add("recital", recital, _unit_lines(recital, False))
            else:
                add("recital", child, _unit_lines(child, False))

    provision = doc.provision_kind()  # acts of sections: sections align as articles

    def visit(unit: Unit) -> None:
        if unit.kind == provision:
            add("article", unit, _unit_lines(unit, True))
        elif unit.kind in DIVISIONS or _has_article(unit, provision):
            add("division", unit, _own_lines(unit))
            for child in unit.children:
                visit(child)
        else:
            add("other", unit, _unit_lines(unit, True))

    for unit in doc.body:
        visit(unit)
    return found


def heading_key(heading: str | None) -> str:
    return " ".join(_WORDS.findall(heading.lower())) if heading else ""


# -- similarity ----------------------------------------------------------------------------


class _Vocab(dict[str, str]):
    """word -> a private-use character of its own, assigned on first sight."""

    def __missing__(self, word: str) -> str:
        ch = self[word] = chr(0xF0000 + len(self))
        return ch


class Similarity:
    """Word-level similarity of old and new items.

    Each distinct word (lower-cased) becomes one character, so an item is a short string
    and rapidfuzz's Indel ratio of two items is a word-level LCS ratio:
    ``2 * common words in order / (words in a + words in b)``.  Scores are computed in
    batches (one C++ call per old item) and cached.  Containment (for splits and merges)
    counts shared word trigrams, which random scattered matches of common words cannot
    fake the way a subsequence can."""

    def __init__(self, old: Sequence[Item], new: Sequence[Item]):
        vocab = _Vocab()
        self.old = ["".join(map(vocab.__getitem__, _WORDS.findall(i.text.lower()))) for i in old]
        self.new = ["".join(map(vocab.__getitem__, _WORDS.findall(i.text.lower()))) for i in new]
        self._ratio: dict[tuple[int, int], float] = {}
        self._shingles: dict[tuple[str, int], set[str]] = {}

    def ratio(self, i: int, j: int) -> float:
        value = self._ratio.get((i, j))
        if value is None:
            a, b = self.old[i], self.new[j]
            value = self._ratio[(i, j)] = Indel.normalized_similarity(a, b) if a or b else 1.0
        return value

    def ratios(self, i: int, js: Sequence[int], cutoff: float) -> dict[int, float]:
        """Ratios of old item i against new items `js` that reach `cutoff`, in one batch
        (rapidfuzz skips the pairs that cannot reach the cutoff)."""
        if not js:
            return {}
        out: dict[int, float] = {}
        new = self.new
        found = process.extract(self.old[i], [new[j] for j in js],
                                scorer=Indel.normalized_similarity, score_cutoff=cutoff,
                                limit=None)
        for _, score, k in found:
            out[js[k]] = self._ratio[(i, js[k])] = score
        return out

    def shingles(self, side: str, k: int) -> set[str]:
        got = self._shingles.get((side, k))
        if got is None:
            text = (self.old if side == "old" else self.new)[k]
            got = self._shingles[(side, k)] = {text[n:n + 3] for n in range(len(text) - 2)}
        return got

    def contained(self, side: str, k: int, other: int) -> float:
        """Share of item k's word trigrams (on `side`) found in item `other` of the other side."""
        mine = self.shingles(side, k)
        if not mine:
            return 0.0
        theirs = self.shingles("new" if side == "old" else "old", other)
        return len(mine & theirs) / len(mine)


# -- alignment -----------------------------------------------------------------------------


def longest_increasing(values: Sequence[int]) -> set[int]:
    """Positions (into `values`) of one longest strictly increasing subsequence."""
    tails: list[int] = []
    tail_pos: list[int] = []
    prev = [-1] * len(values)
    for pos, value in enumerate(values):
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_pos.append(pos)
        else:
            tails[k] = value
            tail_pos[k] = pos
        prev[pos] = tail_pos[k - 1] if k else -1
    chain: set[int] = set()
    pos = tail_pos[-1] if tail_pos else -1
    while pos >= 0:
        chain.add(pos)
        pos = prev[pos]
    return chain


def _window(k: int, partner: dict[int, int], n_mine: int, n_other: int) -> range:
    """Indices on the other side between the partners of item k's nearest paired
    neighbours, widened by `SPLIT_REACH`: where a piece of k would be found."""
    lo = next((partner[x] for x in range(k - 1, -1, -1) if x in partner), -1)
    hi = next((partner[x] for x in range(k + 1, n_mine) if x in partner), n_other)
    lo, hi = min(lo, hi), max(lo, hi)
    return range(max(lo - SPLIT_REACH, 0), min(hi + SPLIT_REACH, n_other - 1) + 1)


def _monotone_matching(olds: Sequence[int], news: Sequence[int],
                       weight: Callable[[int, int], float]) -> list[tuple[int, int]]:
    """Maximum-weight order-preserving matching between two index lists (weights <= 0
    never pair)."""
    n, m = len(olds), len(news)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for a in range(n - 1, -1, -1):
        row, below = best[a], best[a + 1]
        for b in range(m - 1, -1, -1):
            w = weight(olds[a], news[b])
            take = below[b + 1] + w if w > 0 else float("-inf")
            row[b] = max(below[b], row[b + 1], take)
    out: list[tuple[int, int]] = []
    a = b = 0
    while a < n and b < m:
        if best[a][b] == best[a + 1][b]:
            a += 1
        elif best[a][b] == best[a][b + 1]:
            b += 1
        else:
            out.append((olds[a], news[b]))
            a += 1
            b += 1
    return out


def align(old: Sequence[Item], new: Sequence[Item], use_wid: bool = False,
          same_number: float = SAME_NUMBER) -> tuple[Pair, ...]:
    """Align two item lists of one group (see the module docstring for the algorithm).

    `same_number` is step 2's similarity floor; division headings (whose only words are
    the heading) use 0: a chapter keeps its number when it is renamed."""
    p = _Pairing(old, new)
    if use_wid:
        p.by_identity()
    p.by_number(same_number)
    p.by_heading()
    p.in_order()
    p.lone_between_pairs()
    p.moved()
    split_from = p.splits()
    merged_into = p.merges()
    return _ordered(len(old), len(new), p.paired, split_from, merged_into)


class _Pairing:
    """The pairs found so far (old index -> (new index, how, score)) and the steps of
    `align`, each pairing only items no earlier step took."""

    def __init__(self, old: Sequence[Item], new: Sequence[Item]):
        self.old, self.new = old, new
        self.sim = Similarity(old, new)
        self.paired: dict[int, tuple[int, str, float]] = {}
        self.taken: set[int] = set()

    def pair(self, i: int, j: int, how: str, score: float | None = None) -> None:
        self.paired[i] = (j, how, self.sim.ratio(i, j) if score is None else score)
        self.taken.add(j)

    def fences(self) -> list[tuple[int, int]]:
        """The longest in-order chain of pairs, framed by the lists' ends."""
        anchors = sorted((i, j) for i, (j, _, _) in self.paired.items())
        chain = longest_increasing([j for _, j in anchors])
        return [(-1, -1)] + [anchors[k] for k in sorted(chain)] + [(len(self.old), len(self.new))]

    def between_fences(self) -> Iterator[tuple[list[int], list[int]]]:
        """The unpaired old and new items between each two consecutive fences."""
        fences = self.fences()
        for (lo_i, lo_j), (hi_i, hi_j) in zip(fences, fences[1:], strict=False):
            yield ([i for i in range(lo_i + 1, hi_i) if i not in self.paired],
                   [j for j in range(lo_j + 1, hi_j) if j not in self.taken])

    def by_identity(self) -> None:
        """1. The same wId."""
        new_by_wid = {item.wid: j for j, item in enumerate(self.new) if item.wid}
        for i, item in enumerate(self.old):
            j = new_by_wid.get(item.wid) if item.wid else None
            if j is not None and j not in self.taken:
                self.pair(i, j, "wid")

    def by_number(self, same_number: float) -> None:
        """2. The same number, with the same heading or enough words in common."""
        old, new = self.old, self.new
        old_tokens = _by_token(old, lambda i: i in self.paired)
        new_tokens = _by_token(new, lambda j: j in self.taken)
        for token, olds in old_tokens.items():
            for i, j in zip(olds, new_tokens.get(token, ()), strict=False):
                same_heading = bool(old[i].heading) and heading_key(old[i].heading) == heading_key(
                    new[j].heading)
                floor = same_number if old[i].kind == new[j].kind else SAME_NUMBER
                if same_heading or self.sim.ratio(i, j) >= floor:
                    self.pair(i, j, "number")

    def by_heading(self) -> None:
        """3. A heading found once on each side."""
        sim = self.sim
        new_headings = _by_heading(self.new, lambda j: j in self.taken)
        for h, i in _by_heading(self.old, lambda i: i in self.paired).items():
            j = new_headings.get(h)
            if j is not None and (min(len(sim.old[i]), len(sim.new[j])) < 20
                                  or sim.ratio(i, j) >= HEADING_FLOOR):
                self.pair(i, j, "heading")

    def in_order(self) -> None:
        """4. Similarity between in-order anchors (a monotone matching)."""
        floor = IN_ORDER - NUMBER_BONUS
        for olds, news in self.between_fences():
            if not (olds and news):
                continue
            weights: dict[tuple[int, int], float] = {}
            for i in olds:
                for j, score in self.sim.ratios(i, news, floor).items():
                    same = self.old[i].token and self.old[i].token == self.new[j].token
                    bonus = NUMBER_BONUS if same else 0.0
                    if score - IN_ORDER + bonus > 0:
                        weights[(i, j)] = score - IN_ORDER + bonus
            if weights:
                def weight(i: int, j: int, w: dict[tuple[int, int], float] = weights) -> float:
                    return w.get((i, j), 0.0)

                for i, j in _monotone_matching(olds, news, weight):
                    self.pair(i, j, "similarity")

    def lone_between_pairs(self) -> None:
        """4b. A lone old item facing a lone new item between two in-order pairs."""
        for olds, news in self.between_fences():
            if len(olds) == 1 and len(news) == 1 and self.sim.ratio(olds[0], news[0]) >= ALONE:
                self.pair(olds[0], news[0], "similarity")

    def moved(self) -> None:
        """5. Similarity, out of order (moves), best first."""
        left_old = [i for i in range(len(self.old)) if i not in self.paired]
        left_new = [j for j in range(len(self.new)) if j not in self.taken]
        candidates = sorted(((score, i, j) for i in left_old
                             for j, score in self.sim.ratios(i, left_new, MOVED).items()),
                            reverse=True)
        for score, i, j in candidates:
            if score < MOVED:
                break
            if i not in self.paired and j not in self.taken:
                self.pair(i, j, "moved", score)

    def splits(self) -> dict[int, tuple[int, float]]:
        """6a. New items holding most of an old one, looked for near where they sit
        (between the partners of their nearest paired neighbours, +- SPLIT_REACH): new
        index -> (old index, containment). An unpaired old item whose text went into
        pieces is paired with its biggest piece."""
        sim = self.sim
        new_to_old = {j: i for i, (j, _, _) in self.paired.items()}
        split_from: dict[int, tuple[int, float]] = {}
        for j in range(len(self.new)):
            if j in self.taken or len(sim.new[j]) < MIN_SPLIT_WORDS:
                continue
            best = max(((sim.contained("new", j, i), i)
                        for i in _window(j, new_to_old, len(self.new), len(self.old))),
                       default=(0.0, -1))
            if best[0] >= CONTAINED:
                split_from[j] = (best[1], best[0])
        for i in sorted({i for i, _ in split_from.values() if i not in self.paired}):
            pieces = [j for j, (src, _) in split_from.items() if src == i]
            j = max(pieces, key=lambda j: (len(sim.shingles("new", j) & sim.shingles("old", i)), -j))
            self.pair(i, j, "contained", split_from.pop(j)[1])
        return split_from

    def merges(self) -> dict[int, tuple[int, float]]:
        """6b. Old items a new one took in whole (an article expanded): old index -> (new
        index, containment). An unpaired new item is paired with the old item it holds
        most of; the others were merged into it."""
        sim = self.sim
        old_to_new = {i: j for i, (j, _, _) in self.paired.items()}
        merged_into: dict[int, tuple[int, float]] = {}
        for i in range(len(self.old)):
            if i in self.paired or len(sim.old[i]) < MIN_SPLIT_WORDS:
                continue
            best = max(((sim.contained("old", i, j), j)
                        for j in _window(i, old_to_new, len(self.old), len(self.new))),
                       default=(0.0, -1))
            if best[0] >= CONTAINED:
                merged_into[i] = (best[1], best[0])
        for j in sorted({j for j, _ in merged_into.values() if j not in self.taken}):
            sources = [i for i, (dst, _) in merged_into.items() if dst == j]
            i = max(sources, key=lambda i: (len(sim.shingles("old", i) & sim.shingles("new", j)), -i))
            self.pair(i, j, "contained", merged_into.pop(i)[1])
        return merged_into


def _by_token(seq: Sequence[Item], skip: Callable[[int], bool]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for k, item in enumerate(seq):
        if item.token and not skip(k):
            out.setdefault(item.token, []).append(k)
    return out


def _by_heading(seq: Sequence[Item], skip: Callable[[int], bool]) -> dict[str, int]:
    """Heading key -> index, for the headings that occur once."""
    count: dict[str, list[int]] = {}
    for k, item in enumerate(seq):
        h = heading_key(item.heading)
        if h and not skip(k):
            count.setdefault(h, []).append(k)
    return {h: ks[0] for h, ks in count.items() if len(ks) == 1}


def _ordered(n_old: int, n_new: int, paired: dict[int, tuple[int, str, float]],
             split_from: dict[int, tuple[int, float]],
             merged_into: dict[int, tuple[int, float]]) -> tuple[Pair, ...]:
    """All pairs and leftovers in new-document order, old-only items after their old
    predecessor; pairs off the longest order-preserving chain are flagged moved."""
    by_old = sorted(paired.items())
    chain_pos = longest_increasing([j for _, (j, _, _) in by_old])
    in_order = {by_old[k][0] for k in chain_pos}
    old_of_new = {j: i for i, (j, _, _) in paired.items()}
    out: list[Pair] = []
    next_old = 0

    def flush(upto: int) -> None:
        nonlocal next_old
        while next_old < upto:
            i = next_old
            if i not in paired:
                into = merged_into.get(i)
                out.append(Pair(i, None, score=into[1] if into else 0.0,
                                relation="merged" if into else "",
                                related=into[0] if into else None))
            next_old += 1

    for j in range(n_new):
        i = old_of_new.get(j)
        if i is None:
            src = split_from.get(j)
            out.append(Pair(None, j, score=src[1] if src else 0.0,
                            relation="split" if src else "", related=src[0] if src else None))
            continue
        _, how, score = paired[i]
        if i in in_order:
            flush(i)
            next_old = max(next_old, i + 1)
        out.append(Pair(i, j, how, score, moved=i not in in_order))
    flush(n_old)
    return tuple(out)
