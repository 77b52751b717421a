"""Inline markup as standoff spans over plain text: AKN blocks <-> (text, `Span`s).

A unit keeps its words as plain text (one string per block) so that anchoring, word
diff and brackets keep working on words; the markup of each block (``<b>``, ``<i>``,
``<ref href>``, ``<term>``, footnotes, the ``<table>`` or ``<blockList>`` around it) is a
list of `Span`s with offsets into that text. This module is the whole mapping:

- `read_block` turns a block element into (text, spans): ASCII whitespace runs collapse to
  one space (pretty-printing), every other character (no-break space, thin space, soft
  hyphen) is kept exactly; elements that carry words outside the running text
  (`OPAQUE`: footnotes, images, quoted structures) become zero-width spans holding their
  XML;
- `write_block` rebuilds the element from (text, spans);
- `adjust` moves spans through text edits (`Site`s of a proposal), so markup around
  changed words stays, and markup a change cuts through is clipped, never dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from lxml import etree

from .model import Span

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
A = f"{{{NS}}}"

OPAQUE = frozenset({
    "authorialNote", "note", "img", "eol", "eop", "quotedStructure", "embeddedStructure",
    "subFlow", "foreign", "documentRef", "componentRef", "noteRef", "marker",
})
"""Elements kept whole (their words are not part of the running text)."""

ELEMENT_ONLY = frozenset({
    "blockList", "item", "table", "tr", "th", "td", "tblock", "ul", "ol", "citations",
    "citation", "formula", "blockContainer", "container", "intro", "wrapUp", "longTitle",
    "caption", "toc", "tocItem",
})
"""Containers whose whitespace between children is layout, not text."""

BLOCKS = frozenset({"p", "block", "crossHeading", "num", "heading", "subheading", "intro",
                    "blockList", "table", "tblock", "ul", "ol", "blockContainer",
                    "container", "formula", "citations", "foreign", "toc", "longTitle"})
"""Elements that can be a block of a unit's content."""

_ASCII_WS = re.compile(r"[ \t\n\r]+")
etree.register_namespace("leos", "urn:eu:europa:ec:leos")  # LEOS attributes keep their prefix
_ID_ATTRS = frozenset({"eId", "wId", "GUID", "{http://www.w3.org/XML/1998/namespace}id"})


def local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _attrs(el: etree._Element) -> tuple[tuple[str, str], ...]:
    return tuple((k, v) for k, v in el.attrib.items())


def _payload(el: etree._Element) -> str:
    return etree.tostring(el, with_tail=False, encoding="unicode")


class _Reader:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.spans: list[list] = []  # [start, end, name, attrs, depth, payload]

    def text(self, value: str | None) -> None:
        if value:
            self.parts.append(value)
            self.size += len(value)

    def element(self, el: etree._Element, depth: int, inside_element_only: bool) -> None:
        name = local(el)
        if not name:  # comment or processing instruction: kept as an opaque span
            self.spans.append([self.size, self.size, "#node", (), depth,
                               etree.tostring(el, with_tail=False, encoding="unicode")])
            return
        if name in OPAQUE or etree.QName(el).namespace != NS:
            self.spans.append([self.size, self.size, name, (), depth, _payload(el)])
            return
        record = [self.size, 0, name, _attrs(el), depth, ""]
        self.spans.append(record)
        element_only = name in ELEMENT_ONLY and not _has_words(el)
        if not element_only:
            self.text(el.text)
        for k, child in enumerate(el):
            if element_only and k:
                self.text(" ")
            self.element(child, depth + 1, element_only)
            if not element_only:
                self.text(child.tail)
        record[1] = self.size


def _has_words(el: etree._Element) -> bool:
    return bool((el.text or "").strip()) or any((c.tail or "").strip() for c in el)


def read_block(el: etree._Element, keep_ids: bool = True) -> tuple[str, tuple[Span, ...]]:
    """A block element as (plain text, spans relative to the text). A bare ``<p>`` needs
    no span of its own; any other block, or a ``<p>`` with attributes, is the first span."""
    reader = _Reader()
    reader.element(el, 0, False)
    raw = "".join(reader.parts)
    text, move = _collapse(raw)
    spans = []
    for start, end, name, attrs, depth, payload in reader.spans:
        if not keep_ids:
            attrs = tuple((k, v) for k, v in attrs if k not in _ID_ATTRS)
        spans.append(Span(move(start), move(end), name, attrs, depth, payload))
    if spans and spans[0].name == "p" and not spans[0].attrs:
        spans = [replace(s, depth=s.depth - 1) for s in spans[1:]]
    return text, tuple(spans)


def read_inside(el: etree._Element) -> tuple[str, tuple[Span, ...]]:
    """The text and markup inside an element (``num``, ``heading``), without the element."""
    text, spans = read_block(el)
    if spans and spans[0].depth == 0 and spans[0].name == local(el):
        spans = tuple(replace(s, depth=s.depth - 1) for s in spans[1:])
    return text, spans


def fill(el: etree._Element, text: str, spans: Sequence[Span]) -> etree._Element:
    """`el` with `text` and its markup written inside it (the inverse of `read_inside`)."""
    _fill(el, text, list(spans), 0, len(text))
    return el


def _collapse(raw: str) -> tuple[str, Callable[[int], int]]:
    """Collapse ASCII whitespace runs to one space and strip the ends; also the map from
    a raw offset to its offset in the result (an offset inside a run maps after its space,
    except the run's first character, which maps before it)."""
    runs = [(m.start(), m.end()) for m in _ASCII_WS.finditer(raw)]
    text = _ASCII_WS.sub(" ", raw)
    lead = 1 if text.startswith(" ") else 0
    text = text.strip(" ")
    n = len(text)
    if not runs:
        return text, lambda x: min(x, n)
    starts = [a for a, _ in runs]
    removed = []  # characters removed before the end of each run
    total = 0
    for a, b in runs:
        total += b - a - 1
        removed.append(total)

    def move(x: int) -> int:
        k = bisect_right(starts, x) - 1
        if k < 0:
            return min(max(x - lead, 0), n)
        a, b = runs[k]
        before = removed[k - 1] if k else 0
        if x >= b:
            pos = x - removed[k]
        elif x == a:
            pos = a - before
        else:
            pos = a - before + 1
        return min(max(pos - lead, 0), n)

    return text, move


def join_blocks(blocks: Sequence[tuple[str, tuple[Span, ...]]]) -> tuple[tuple[str, ...], tuple[Span, ...]]:
    """Blocks as a unit stores them: the texts, and the spans with offsets into the texts
    joined by newlines (`Unit.own_text`)."""
    texts: list[str] = []
    spans: list[Span] = []
    offset = 0
    for text, block_spans in blocks:
        texts.append(text)
        spans.extend(replace(s, start=s.start + offset, end=s.end + offset) for s in block_spans)
        offset += len(text) + 1
    return tuple(texts), tuple(spans)


def block_spans(texts: Sequence[str], spans: Sequence[Span]) -> list[tuple[Span, ...]]:
    """The inverse of `join_blocks`: each block's spans relative to its own text."""
    result: list[list[Span]] = [[] for _ in texts]
    if not spans:
        return [() for _ in texts]
    bounds = []
    offset = 0
    for text in texts:
        bounds.append((offset, offset + len(text)))
        offset += len(text) + 1
    k = 0
    for s in spans:
        while k < len(bounds) - 1 and s.start > bounds[k][1]:
            k += 1
        if not bounds:
            break
        lo, hi = bounds[k]
        result[k].append(replace(s, start=min(max(s.start, lo), hi) - lo,
                                 end=min(max(s.end, lo), hi) - lo))
    return [tuple(r) for r in result]


def _make(name: str, attrs: Iterable[tuple[str, str]]) -> etree._Element:
    el = etree.Element(A + name, nsmap={None: NS})
    for key, value in attrs:
        el.set(key, value)
    return el


def _parse_payload(payload: str) -> etree._Element | None:
    if payload.startswith("<!--"):
        return etree.Comment(payload[4:-3])
    if payload.startswith("<?"):
        body = payload[2:-2].strip()
        target, _, rest = body.partition(" ")
        return etree.ProcessingInstruction(target, rest)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        return etree.fromstring(payload.encode(), parser)
    except etree.XMLSyntaxError:
        return None


def write_block(text: str, spans: Sequence[Span], default: str = "p") -> etree._Element:
    """One block element from its text and spans (relative offsets)."""
    spans = list(spans)
    if spans and spans[0].depth == 0 and spans[0].name in BLOCKS and not spans[0].payload \
            and spans[0].start == 0 and spans[0].end >= len(text) \
            and all(s.depth > 0 for s in spans[1:]):
        root = _make(spans[0].name, spans[0].attrs)
        _fill(root, text, spans[1:], 0, len(text))
        return root
    root = _make(default, ())
    _fill(root, text, spans, 0, len(text))
    return root


def _fill(el: etree._Element, text: str, spans: list[Span], start: int, end: int) -> None:
    element_only = local(el) in ELEMENT_ONLY
    last: list[etree._Element | None] = [None]

    def add(value: str) -> None:
        if not value or (element_only and not value.strip()):
            return
        if last[0] is None:
            el.text = (el.text or "") + value
        else:
            last[0].tail = (last[0].tail or "") + value

    pos = start
    i = 0
    while i < len(spans):
        s = spans[i]
        j = i + 1
        while j < len(spans) and spans[j].depth > s.depth:
            j += 1
        s_start = min(max(s.start, pos), end)
        s_end = min(max(s.end, s_start), end)
        add(text[pos:s_start])
        child = _parse_payload(s.payload) if s.payload else None
        if child is None:
            child = _make(s.name if s.name != "#node" else "span", s.attrs)
            _fill(child, text, spans[i + 1:j], s_start, s_end)
        el.append(child)
        last[0] = child
        pos = s_end
        i = j
    add(text[pos:end])


# -- edits --------------------------------------------------------------------------------


def adjust(spans: Sequence[Span], edits: Iterable[tuple[int, int, int]]) -> tuple[Span, ...]:
    """Spans after replacing each (start, end, new length) range of the text (ranges must
    not overlap). A span that starts where a change starts, or ends where it ends, covers
    the new words; one that a change cuts through is clipped to what is left; none is
    dropped. The map is monotonic, so nesting is preserved."""
    ordered = sorted(edits)
    if not ordered or not spans:
        return tuple(spans)

    def move(x: int) -> int:
        shift = 0
        for a, b, n in ordered:
            if x <= a:
                break
            if x < b:
                return a + n + shift
            shift += n - (b - a)
        return x + shift

    return tuple(replace(s, start=move(s.start), end=move(s.end)) for s in spans)


def follow_spaces(spans: Sequence[Span], naive: str, spaced: str) -> tuple[Span, ...]:
    """Spans over `naive` moved onto `spaced`, the same text with spaces added or removed
    (where word spacing was normalised at the seams of an edit). Linear two-pointer walk;
    the map is monotonic, so nesting is kept."""
    mapping = [0] * (len(naive) + 1)
    i = j = 0
    while i < len(naive):
        if j < len(spaced) and naive[i] == spaced[j]:
            mapping[i] = j
            i += 1
            j += 1
        elif j < len(spaced) and spaced[j].isspace() and not naive[i].isspace():
            j += 1  # a space the spacing added
        else:
            mapping[i] = j  # a space the spacing removed (or, defensively, anything else)
            i += 1
    mapping[len(naive)] = len(spaced) if j >= len(spaced) else j
    n = len(spaced)
    return tuple(replace(s, start=min(mapping[min(s.start, len(naive))], n),
                         end=min(mapping[min(s.end, len(naive))], n)) for s in spans)


def plain(el: etree._Element) -> str:
    """The running text of an element as `read_block` sees it."""
    return read_block(el)[0]
