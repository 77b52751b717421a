"""Canonical form of AKN text parts, to compare an import written back with its source."""

from __future__ import annotations

import re

from lxml import etree

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
IDS = {"eId", "wId", "GUID", "{http://www.w3.org/XML/1998/namespace}id"}
WS = re.compile(r"[ \t\n\r]+")


def canonical(el: etree._Element) -> list[str]:
    """One line per element/text: name + attributes (ids left out) / collapsed text."""
    out: list[str] = []

    def text(value: str | None) -> None:
        value = WS.sub(" ", value or "").strip()
        if value:
            out.append(f"  {value}")

    def walk(e: etree._Element) -> None:
        if not isinstance(e.tag, str):
            return
        attrs = sorted((k, v) for k, v in e.attrib.items() if k not in IDS)
        out.append(f"<{etree.QName(e).localname} {attrs}>")
        text(e.text)
        for child in e:
            walk(child)
            text(child.tail)
        out.append(f"</{etree.QName(e).localname}>")

    walk(el)
    return out


def parts(root: etree._Element, names=("preamble", "body", "mainBody", "conclusions")) -> dict:
    doc = next(c for c in root if isinstance(c.tag, str))
    return {n: canonical(doc.find(f"{{{NS}}}{n}")) for n in names
            if doc.find(f"{{{NS}}}{n}") is not None}
