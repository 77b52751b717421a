"""The import invariant: a workspace made by `treaty import` keeps everything, or none is made.

Before anything is written, the files the import would write are assembled in memory and
checked: valid against the AKN 3.0 schema, every unit with a unique eId and wId and every
article-level unit in a file of its own, and every word of the source in order (the
non-whitespace characters of the source's text, compared with those of the assembled
document; for AKN sources the source XML itself, for other sources the document the
reader made). The first thing that fails is one `Problem` naming where it is.
"""

from __future__ import annotations

import re

from lxml import etree

from . import akn, workspace
from .model import Document, Problem

_SPACE = re.compile(r"\s+")
_SKIP = frozenset({"meta", "preface", "coverPage"})
"""Not compared: metadata is rebuilt; a foreign preface is kept verbatim, ours is rebuilt."""


def assemble_in_memory(out: dict[str, bytes]) -> etree._Element:
    """``treaty.xml`` from rendered files with each XInclude replaced by its file."""
    tree = akn.parse_bytes(out[workspace.TREATY], workspace.TREATY)
    for inc in list(tree.iter(f"{{{akn.XI_NS}}}include")):
        href = inc.get("href") or ""
        unit = akn.parse_bytes(out[href], href)
        unit.tail = inc.tail
        inc.getparent().replace(inc, unit)
    return tree


def text_nodes(root: etree._Element):
    """(text, line) of every text node outside ``<meta>``, in document order."""
    def walk(el):
        if isinstance(el.tag, str) and akn.local(el) in _SKIP:
            return
        if isinstance(el.tag, str) and el.text:
            yield el.text, el.sourceline
        for child in el:
            yield from walk(child)
            if child.tail:
                yield child.tail, el.sourceline
    yield from walk(root)


def _chars(root: etree._Element) -> str:
    return _SPACE.sub("", "".join(t for t, _ in text_nodes(root)))


def _line_at(root: etree._Element, index: int) -> int | None:
    seen = 0
    for text, line in text_nodes(root):
        seen += len(_SPACE.sub("", text))
        if seen > index:
            return line
    return None


def _place(tree: etree._Element) -> str:
    """`` in <article eId="art_3">``: the unit holding the first schema error."""
    schema = akn.schema()
    if schema.validate(tree) or not schema.error_log:
        return ""
    path = schema.error_log[0].path
    try:
        found = tree.getroottree().xpath(path) if path else []
    except etree.XPathError:
        return ""
    el = found[0] if found and isinstance(found[0], etree._Element) else None
    while el is not None and not el.get("eId"):
        el = el.getparent()
    return f' in <{akn.local(el)} eId="{el.get("eId")}">' if el is not None else ""


def _first_difference(a: str, b: str) -> int:
    n = min(len(a), len(b))
    for i in range(n):
        if a[i] != b[i]:
            return i
    return n


def verify(doc: Document, where: str, source: etree._Element | None = None) -> list[Problem]:
    """Problems the workspace for `doc` would have (empty: import may write it)."""
    out, files = workspace.render_files(doc)
    assembled = assemble_in_memory(out)
    problems: list[Problem] = []
    errors = akn.validate(assembled)
    source_errors = akn.validate(source) if errors and source is not None else []
    if source_errors:
        problems.append(Problem(where, f"the source is not valid Akoma Ntoso 3.0 "
                                f"({len(source_errors)} schema error(s)), first: {source_errors[0]}",
                                "fix the source file; nothing was written"))
    elif errors:
        problems.append(Problem(where, f"the imported text would not be valid Akoma Ntoso "
                                f"({len(errors)} schema error(s)), first{_place(assembled)}: "
                                f"{errors[0]}",
                                "nothing was written; report this with the source file"))
    seen_e: set[str] = set()
    seen_w: set[str] = set()
    for unit in doc.units():
        if unit.kind in ("block", "crossHeading"):
            continue
        for value, seen, label in ((unit.eid, seen_e, "eId"), (unit.wid, seen_w, "wId")):
            if not value or value in seen:
                problems.append(Problem(where, f"{unit.kind} {unit.num or ''} has a missing or "
                                        f"duplicate {label} {value!r}".replace("  ", " "),
                                        "nothing was written"))
            seen.add(value)
    articles = doc.articles()
    if len(set(files.values())) != len(files) or len(files) != len(articles):
        problems.append(Problem(where, f"{len(articles)} {doc.provision_kind()}s but "
                                f"{len(set(files.values()))} files", "nothing was written"))
    back = akn.document_from_xml(assembled, where)
    expected = _SPACE.sub("", "".join(doc.reading_parts()))
    got = _SPACE.sub("", "".join(back.reading_parts()))
    if expected != got:
        i = _first_difference(expected, got)
        problems.append(Problem(where, f"the workspace would not read back the same words, from "
                                f"{expected[max(0, i - 20):i + 20]!r}", "nothing was written"))
    if source is not None:
        want, have = _chars(source), _chars(assembled)
        if want != have:
            i = _first_difference(want, have)
            line = _line_at(source, i)
            problems.append(Problem(where, f"words of the source would be lost or changed near "
                                    f"{want[max(0, i - 15):i + 25]!r} (wrote "
                                    f"{have[max(0, i - 15):i + 25]!r})",
                                    "nothing was written; report this with the source file", line))
    return problems
