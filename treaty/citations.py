"""Citations as negotiators write them ("58", "58.2", "58.2(a)", "58 bis", "preamble 3")
resolved to wIds, and the article each unit or proposal belongs to.

>>> from treaty.model import Document, Unit
>>> art = Unit("article", "art_58", "art_58", "Article 58", children=(
...     Unit("paragraph", "art_58__para_2", "art_58__para_2", "2.", children=(
...         Unit("point", "art_58__para_2__point_a", "art_58__para_2__point_a", "(a)"),)),))
>>> resolve(Document(body=(art,)), "58.2(a)")
'art_58__para_2__point_a'
"""

from __future__ import annotations

import re

from .ids import num_token
from .model import Amendment, Document, TreatyError, Unit


def resolve(doc: Document, ref: str) -> str:
    """A wId from a wId/eId or a citation: ``58``, ``58.2``, ``58.2(a)``, ``58 bis``,
    ``preamble 3``, ``art_58__para_2``."""
    units = doc.by_wid()
    if ref in units:
        return ref
    by_eid = doc.by_eid()
    if ref in by_eid:
        return by_eid[ref].wid
    text = ref.strip()
    pre = re.fullmatch(r"preamble(?:\s*(?:para(?:graph)?|rec(?:ital)?)?\s*(\d+))?", text, re.I)
    if pre:
        if doc.preamble is None:
            raise TreatyError(ref, "the text has no preamble", "cite an article instead")
        if not pre.group(1):
            return "preamble"
        k = int(pre.group(1))
        if 1 <= k <= len(doc.preamble.children):
            return doc.preamble.children[k - 1].wid
        raise TreatyError(ref, f"the preamble has {len(doc.preamble.children)} recitals",
                          "cite an existing recital")
    m = re.fullmatch(r"(?:art(?:icle)?\.?\s*)?([0-9A-Za-z]+(?:\s*[a-z]+)?)"
                     r"((?:\.\s*[0-9A-Za-z]+(?:\s?[a-z]+)?)*)((?:\s*\([0-9A-Za-z ]+\))*)", text, re.I)
    if not m:
        raise TreatyError(ref, "not a citation", "write e.g. 58, 58.2, 58.2(a), preamble 3 or an id")
    path = [num_token(m.group(1))] + [num_token(p) for p in m.group(2).split(".") if p.strip()]
    path += [num_token(p) for p in re.findall(r"\(([^)]+)\)", m.group(3))]
    articles = [u for u in doc.articles() if num_token(u.num).lower() == path[0].lower()]
    if not articles:
        raise TreatyError(ref, f"no article {path[0]} in this text", "check `treaty amendments`")
    unit = articles[0]
    for token in path[1:]:
        nxt = _find_child(unit, token)
        if nxt is None:
            raise TreatyError(ref, f"{unit.num or unit.eid} has no {token}",
                              "check the numbering in the compiled draft")
        unit = nxt
    return unit.wid


def _find_child(unit: Unit, token: str) -> Unit | None:
    for child in unit.children:
        if num_token(child.num).lower() == token.lower():
            return child
    # Points sit inside paragraphs that may be unnumbered: look one level down.
    for child in unit.children:
        if not child.num:
            found = _find_child(child, token)
            if found is not None:
                return found
    return None


def article_index(doc: Document) -> dict[str, str]:
    """Every unit's wId -> the wId of the article containing it (built once per command)."""
    index: dict[str, str] = {}
    for art in doc.articles():
        for unit in art.walk():
            index[unit.wid] = art.wid
    return index


def article_wid(doc: Document, ref: str, index: dict[str, str]) -> str:
    """The wId of the article a citation or id falls in."""
    wid = resolve(doc, ref)
    return index.get(wid, wid)


def article_of(a: Amendment, index: dict[str, str]) -> str:
    """The wId of the (first) article an amendment changes, or its target/scope."""
    for change in a.changes:
        if change.target:
            return index.get(change.target, change.target)
    return ""
