"""Citations as negotiators write them ("58", "58.2", "58.2(a)", "58 bis", "preamble 3",
parsed by `citation.Citation`) resolved to wIds, and the article each unit or proposal
belongs to.

>>> from treaty.model import Document, Unit
>>> art = Unit("article", "art_58", "art_58", "Article 58", children=(
...     Unit("paragraph", "art_58__para_2", "art_58__para_2", "2.", children=(
...         Unit("point", "art_58__para_2__point_a", "art_58__para_2__point_a", "(a)"),)),))
>>> resolve(Document(body=(art,)), "58.2(a)")
'art_58__para_2__point_a'
"""

from __future__ import annotations

from .citation import Citation
from .model import Amendment, Document


def resolve(doc: Document, ref: str) -> str:
    """A wId from a wId/eId or a citation: ``58``, ``58.2``, ``58.2(a)``, ``58 bis``,
    ``preamble 3``, ``art_58__para_2``."""
    units = doc.by_wid()
    if ref in units:
        return ref
    by_eid = doc.by_eid()
    if ref in by_eid:
        return by_eid[ref].wid
    return Citation.parse(ref).resolve(doc)


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
