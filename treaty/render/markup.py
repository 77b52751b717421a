"""A block's inline markup laid over its compiled runs, for every text writer.

`layout` walks the top-level items of one block (runs and bracket groups, with their
offsets in the original text, `Run.at`) together with the block's spans and yields a
well-nested event stream: ``("open", span)``, ``("item", item)``, ``("close", span)``,
``("note", span)``. Runs of original words are cut where markup starts or ends; a bracket
group is never cut: markup that begins or ends inside it closes before it and opens again
after it (its words are shown, only that styling is not). Inserted words take the markup
around their place. Writers map the events to their own tags (`html_open` / `html_close`
here for HTML; Markdown and Word do the same with their own marks).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from lxml import etree

from ..compiled import Group, Run
from ..model import Span


def layout(items: Sequence, spans: Sequence[Span]) -> Iterator[tuple[str, Any]]:
    """Events for one block (see the module docstring)."""
    if not spans or not any(getattr(it, "at", -1) >= 0 for it in items):
        for it in items:
            yield "item", it
        return
    order = list(spans)
    stack: list[Span] = []
    k = 0  # next span (pre-order) not yet opened or skipped
    pos = 0

    def advance(at: int, until: int) -> Iterator[tuple[str, Any]]:
        """Open what starts by `at` and covers up to `until`, in document order (closing
        what cannot contain it first); then close what ends by `at`."""
        nonlocal k
        while k < len(order) and order[k].start <= at:
            s = order[k]
            k += 1
            while stack and stack[-1].depth >= s.depth:
                yield "close", stack.pop()
            if s.payload:
                yield "note", s
            elif s.start == s.end:  # empty, or holding only notes: closed below
                stack.append(s)
                yield "open", s
            elif s.end >= until and s.end > at and (not stack or s.end <= stack[-1].end):
                stack.append(s)
                yield "open", s
            # otherwise the span ends inside a group at this place: its words are shown
            # inside the group without this styling
        while stack and stack[-1].end <= at:
            yield "close", stack.pop()

    for it in items:
        at = getattr(it, "at", -1)
        if isinstance(it, Run) and at >= 0:
            start, end = at, at + len(it.text)
            cuts = sorted({b for s in order for b in (s.start, s.end) if start < b < end})
            for a, b in zip([start, *cuts], [*cuts, end], strict=True):
                yield from advance(a, a)
                yield "item", replace(it, text=it.text[a - start:b - start], at=a)
            pos = end
        elif isinstance(it, Group) and it.at >= 0:
            yield from advance(it.at, it.end)
            # close markup that ends inside the group
            while stack and stack[-1].end < it.end:
                yield "close", stack.pop()
            yield "item", it
            pos = it.end
        else:  # inserted words: under whatever markup is open here
            yield from advance(pos, pos)
            yield "item", it
    yield from advance(pos, pos)
    while k < len(order):
        s = order[k]
        k += 1
        if s.payload:
            yield "note", s
    while stack:
        yield "close", stack.pop()


# -- HTML ---------------------------------------------------------------------------------

HTML_TAGS = {
    "b": "strong", "strong": "strong", "i": "em", "em": "em", "u": "u", "sup": "sup",
    "sub": "sub", "abbr": "abbr", "def": "dfn", "table": "table", "tr": "tr", "th": "th",
    "td": "td", "blockList": "ul", "ul": "ul", "ol": "ol", "item": "li", "li": "li",
    "ref": "a", "a": "a", "date": "time", "del": "del", "ins": "ins", "p": "p",
    "caption": "caption", "span": "span", "citations": "div", "citation": "div",
    "formula": "div", "blockContainer": "div", "container": "div", "intro": "div",
    "longTitle": "div", "tblock": "div", "crossHeading": "div", "block": "div",
}
"""AKN element -> HTML element; anything else is a ``<span class="akn-NAME">``."""
BLOCK_HTML = frozenset({"table", "ul", "ol", "li", "div", "p", "tr", "td", "th"})
def _safe() -> etree.XMLParser:
    """Kept XML is serialised by lxml from a safely parsed file; parsed safely all the same
    (a new parser per call: lxml parsers are not shared between threads)."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)

_SAFE_HREF = re.compile(r"^(?:https?://|/|#|[A-Za-z0-9_.-]+(?:/|$))")


def _esc(value: str) -> str:
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def html_tag(span: Span, depth0: bool = False) -> str:
    name = span.name
    if depth0 and name == "p":
        return ""
    return HTML_TAGS.get(name, "span")


def html_open(span: Span, depth0: bool = False) -> str:
    """The opening HTML tag of a span (attributes limited to what is safe and useful)."""
    tag = html_tag(span, depth0)
    if not tag:
        return ""
    attrs = dict(span.attrs)
    out = [tag]
    if tag in ("span", "div", "ul", "ol") or span.name in ("term", "quotedText", "def"):
        out.append(f'class="akn-{_esc(span.name)}"')
    if tag == "a":
        href = attrs.get("href", "")
        if href and _SAFE_HREF.match(href):
            out.append(f'href="{_esc(href)}"')
    if tag == "abbr" and attrs.get("title"):
        out.append(f'title="{_esc(attrs["title"])}"')
    if tag == "time" and attrs.get("date"):
        out.append(f'datetime="{_esc(attrs["date"])}"')
    for key in ("colspan", "rowspan"):
        if tag in ("td", "th") and attrs.get(key, "").isdigit():
            out.append(f'{key}="{attrs[key]}"')
    return "<" + " ".join(out) + ">"


def html_close(span: Span, depth0: bool = False) -> str:
    tag = html_tag(span, depth0)
    return f"</{tag}>" if tag else ""


def note_text(span: Span) -> tuple[str, str]:
    """(marker, words) of a footnote kept as a payload (``authorialNote``)."""
    try:
        el = etree.fromstring(span.payload.encode(), _safe())
    except etree.XMLSyntaxError:
        return "", ""
    words = re.sub(r"[ \t\n\r]+", " ", "".join(el.itertext())).strip()
    return el.get("marker", ""), words


def is_footnote(span: Span) -> bool:
    return span.name in ("authorialNote", "note") and bool(span.payload)


def block_tag(spans: Sequence[Span]) -> str:
    """``div`` for a block holding tables, lists or paragraphs (HTML cannot nest them in
    ``<p>``), else ``p``."""
    for s in spans:
        if s.payload or (s.depth == 0 and s.name == "p"):
            continue
        if HTML_TAGS.get(s.name) in BLOCK_HTML:
            return "div"
    return "p"


# -- parts kept verbatim (preface, conclusions, attachments of an imported text) ---------

_PARAGRAPHS = frozenset({"p", "heading", "subheading", "num", "block", "crossHeading",
                         "docTitle", "listIntroduction", "listWrapUp", "td", "th"})
KEPT_TITLES = {"preface": "", "conclusions": "", "attachments": "Annexes", "components": ""}


def kept_paragraphs(xml: str) -> list[str]:
    """The words of a kept part as paragraphs, in reading order (footnotes left out)."""
    try:
        root = etree.fromstring(xml.encode(), _safe())
    except etree.XMLSyntaxError:
        return []
    out: list[str] = []

    def walk(el: etree._Element) -> None:
        if not isinstance(el.tag, str):
            return
        name = etree.QName(el).localname
        if name in ("meta", "authorialNote", "note"):
            return
        if name in _PARAGRAPHS and not any(
                isinstance(d.tag, str) and etree.QName(d).localname in _PARAGRAPHS
                for d in el.iterdescendants()):
            words = re.sub(r"[ \t\n\r]+", " ", "".join(_text_without_notes(el))).strip()
            if words:
                out.append(words)
            return
        for child in el:
            walk(child)

    walk(root)
    return out


def _text_without_notes(el: etree._Element):
    if el.text:
        yield el.text
    for child in el:
        if isinstance(child.tag, str) and etree.QName(child).localname not in (
                "authorialNote", "note"):
            yield from _text_without_notes(child)
        if child.tail:
            yield child.tail


def table_rows(items: Sequence, spans: Sequence[Span]) -> list[list[str]] | None:
    """The rows of cell words of a block that is a table and carries no proposal (its
    runs are all original words), else None."""
    if not spans or spans[0].depth != 0 or spans[0].name != "table":
        return None
    if not all(isinstance(it, Run) and it.at >= 0 and not it.mark for it in items):
        return None
    text = "".join(it.text for it in items)
    rows: list[list[str]] = []
    for k, row in enumerate(spans):
        if row.name != "tr":
            continue
        cells = [c for c in spans[k + 1:] if c.depth == row.depth + 1 and c.name in ("th", "td")
                 and row.start <= c.start and c.end <= row.end]
        rows.append([text[c.start:c.end].strip() for c in cells])
    return rows or None
