"""Identifiers per the Akoma Ntoso naming convention, and bis/ter numbering.

The rules live in tables, not in code paths:

- `PREFIX` maps an element name to its eId prefix (``article`` -> ``art``);
- `LATIN` is the sequence of Latin multiplicative adverbs used for inserted units
  (``bis``, ``ter``, ``quater`` ...).

An eId is the parent's eId, ``__``, the prefix, ``_`` and the unit's number token:

>>> eid_for("article", "Article 58 bis")
'art_58bis'
>>> eid_for("point", "(a)", parent="art_58__para_2")
'art_58__para_2__point_a'
>>> eid_for("recital", None, parent="preamble", position=3)
'preamble__rec_3'

A wId is set once when a unit is created (equal to its eId then) and never changes;
`assign_ids` fills in only the ids that are missing and `renumber_eids` recomputes eIds
from numbers, returning the old -> new mapping so that references can follow.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import languages
from .model import Document, Unit

PREFIX: dict[str, str] = {
    "article": "art",
    "paragraph": "para",
    "subparagraph": "subpara",
    "point": "point",
    "list": "list",
    "recital": "rec",
    "recitals": "recs",
    "chapter": "chp",
    "part": "part",
    "section": "sec",
    "subsection": "subsec",
    "title": "title",
    "book": "book",
    "annex": "annex",
    "hcontainer": "hcontainer",
    "preamble": "preamble",
    "alinea": "al",
    "division": "dvs",
    "level": "lvl",
}

LATIN: tuple[str, ...] = (
    "bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies",
    "decies", "undecies", "duodecies", "terdecies", "quaterdecies", "quinquiesdecies",
)

# Words that introduce a number in a heading: "Article 58", "Chapter IV", "Part 2", and the
# same in the other UN languages (`languages`): "Artículo 5", "Глава II", "المادة 3".
_LEAD_WORD = re.compile(
    r"^(?:article|art\.|chapter|part|section|title|book|annex|appendix|schedule|recital"
    rf"|{languages.ARTICLE_WORDS}|{languages.CONTAINER_WORDS}|{languages.ANNEX_WORDS})\s+",
    re.IGNORECASE,
)
_LATIN_ALT = "|".join(sorted(LATIN, key=len, reverse=True))
_SUFFIX = re.compile(rf"^(?P<base>.*?)[\s\-]*(?P<latin>{_LATIN_ALT})$", re.IGNORECASE)
_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


def num_token(num: str | None) -> str:
    """The number as it appears in an eId: ``"Article 12 bis"`` -> ``12bis``, ``"(a)"`` -> ``a``.

    >>> num_token("Article IV bis"), num_token("4."), num_token("(c bis)"), num_token("3quater")
    ('IVbis', '4', 'cbis', '3quater')
    """
    if not num:
        return ""
    text = _LEAD_WORD.sub("", languages.canonical_num(num.strip()))
    text = re.sub(r"[\s\u00a0]+", "", text)
    text = text.strip("().[]:")
    text = re.sub(r"[^0-9A-Za-z\-]", "", text.replace(".", "-")).strip("-")
    return text


def eid_for(kind: str, num: str | None, parent: str = "", position: int = 1) -> str:
    """The eId of a unit of `kind` numbered `num` (or counted `position` if unnumbered)."""
    prefix = PREFIX.get(kind, kind)
    if kind == "preamble":
        return "preamble"
    token = num_token(num) or str(position)
    own = f"{prefix}_{token}"
    return f"{parent}__{own}" if parent else own


def latin_suffix(n: int) -> str:
    """The Latin adverb for the n-th inserted unit: 1 -> bis, 2 -> ter ...

    >>> latin_suffix(1), latin_suffix(3)
    ('bis', 'quater')
    """
    if 1 <= n <= len(LATIN):
        return LATIN[n - 1]
    return f"{n + 1}"


def split_latin(token: str) -> tuple[str, int]:
    """Split ``58bis`` into (``58``, 1); a plain number gives (number, 0)."""
    match = _SUFFIX.match(token)
    if match and match.group("base"):
        return match.group("base"), LATIN.index(match.group("latin").lower()) + 1
    return token, 0


def is_roman(token: str) -> bool:
    return bool(token) and bool(_ROMAN.match(token.upper()))


def roman_to_int(token: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    prev = 0
    for ch in reversed(token.upper()):
        value = values[ch]
        total += -value if value < prev else value
        prev = max(prev, value)
    return total


def int_to_roman(n: int) -> str:
    table = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
             (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for value, letters in table:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def inserted_num(predecessor_num: str | None, n: int) -> str:
    """The displayed number of the n-th unit inserted after `predecessor_num`.

    >>> inserted_num("Article 58", 1), inserted_num("4.", 2), inserted_num("(c)", 1)
    ('Article 58 bis', '4 ter.', '(c bis)')
    >>> inserted_num("Статья 5", 1), inserted_num("第五条", 1), inserted_num("المادة 5", 2)
    ('Статья 5 бис', '第五条之二', 'المادة 5 مكررا ثانيا')
    """
    if not predecessor_num:
        return latin_suffix(n)
    num = predecessor_num.strip()
    suffix = languages.inserted_word(num, n)  # bis / бис / مكررا, after the language's number
    if num.startswith("第") and num.endswith("条"):  # 第五条 -> 第五条之二
        return f"{num}之{languages.int_to_han(n + 1)}"
    return _with_word(num, suffix)


def inserted_before(following_num: str | None, n: int) -> str | None:
    """The provisional number of the n-th unit inserted before the first of its siblings
    (numbered `following_num`): it takes that number, marked "new" until renumbering.

    >>> inserted_before("1.", 1), inserted_before("(a)", 1), inserted_before("Article 1", 2)
    ('1 new.', '(a new)', 'Article 1 new 2')
    """
    if not following_num:
        return None
    return _with_word(following_num.strip(), "new" if n == 1 else f"new {n}")


def _with_word(num: str, word: str) -> str:
    """`word` after the number inside its punctuation: ``(c)`` -> ``(c bis)``, ``4.`` ->
    ``4 bis.``, ``a)`` -> ``a bis)``, ``Article 5`` -> ``Article 5 bis``."""
    if num.startswith("(") and num.endswith(")"):
        return f"({num[1:-1]} {word})"
    if num.endswith(")"):
        return f"{num[:-1]} {word})"
    if num.endswith("."):
        return f"{num[:-1]} {word}."
    return f"{num} {word}"


def unique(candidate: str, taken: set[str]) -> str:
    """`candidate`, or ``candidate_2``, ``_3`` ... whichever is not yet taken (and take it).

    The AKN naming convention's ``_N`` for a second unit with the same number: ``-`` is
    taken by numbers such as "1.2" (``para_1-2``), and ``_`` never occurs in a number token.

    >>> taken = {"art_1__para_1"}
    >>> unique("art_1__para_1", taken), unique("art_1__para_1", taken), eid_for("paragraph", "1.2", "art_1")
    ('art_1__para_1_2', 'art_1__para_1_3', 'art_1__para_1-2')
    """
    result = candidate
    n = 2
    while result in taken:
        result = f"{candidate}_{n}"
        n += 1
    taken.add(result)
    return result


def assign_subtree(unit: Unit, parent: str, position: int, taken_e: set[str], taken_w: set[str],
                   provision: str = "article") -> Unit:
    """Ids for `unit` (under the unit whose eId is `parent`) and its descendants, where missing."""
    eid = unit.eid or unique(eid_for(unit.kind, unit.num, parent, position), taken_e)
    wid = unit.wid or unique(eid, taken_w)
    counters: dict[str, int] = {}
    children = []
    for child in unit.children:
        counters[child.kind] = counters.get(child.kind, 0) + 1
        # Articles are numbered across the whole text: ``art_5``, not ``chp_1__art_5``.
        child_parent = "" if child.kind == provision else eid
        children.append(assign_subtree(child, child_parent, counters[child.kind], taken_e, taken_w,
                                       provision))
    return replace(unit, eid=eid, wid=wid, children=tuple(children))


def assign_ids(doc: Document) -> Document:
    """Give every unit that lacks one an eId (from its number) and a wId (= that eId)."""
    taken_e = {u.eid for u in doc.units() if u.eid}
    taken_w = {u.wid for u in doc.units() if u.wid}
    provision = doc.provision_kind()  # article-level units are numbered across the text
    preamble = doc.preamble and assign_subtree(doc.preamble, "", 1, taken_e, taken_w, provision)
    counters: dict[str, int] = {}
    body = []
    for unit in doc.body:
        counters[unit.kind] = counters.get(unit.kind, 0) + 1
        body.append(assign_subtree(unit, "", counters[unit.kind], taken_e, taken_w, provision))
    return replace(doc, preamble=preamble, body=tuple(body))


def renumber_eids(doc: Document) -> tuple[Document, dict[str, str]]:
    """Recompute every eId from the current numbers; wIds stay. Returns (doc, old -> new)."""
    mapping: dict[str, str] = {}

    def clear(unit: Unit) -> Unit:
        return replace(unit, eid="", children=tuple(clear(c) for c in unit.children))

    cleared = replace(doc, preamble=doc.preamble and clear(doc.preamble),
                      body=tuple(clear(u) for u in doc.body))
    renumbered = assign_ids(cleared)
    old_by_wid = {u.wid: u.eid for u in doc.units()}
    for unit in renumbered.units():
        old = old_by_wid.get(unit.wid)
        if old and old != unit.eid:
            mapping[old] = unit.eid
    return renumbered, mapping
