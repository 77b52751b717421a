"""The Word redline carries the proposals through: accepting one delegation's tracked
changes (and rejecting the others) gives exactly that delegation's adopted text."""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from dataclasses import replace

import pytest
from lxml import etree

from treaty import commands
from treaty.amend.anchor import anchor
from treaty.compile import compile_clean, compile_redline
from treaty.delegations import registry
from treaty.render import RenderOptions, render

from .conftest import ROOT

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def body(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml")).find(W + "body")


def _unwrap(el: etree._Element) -> None:
    parent = el.getparent()
    index = parent.index(el)
    for k, child in enumerate(list(el)):
        parent.insert(index + k, child)
    parent.remove(el)


def decide(root: etree._Element, author: str) -> etree._Element:
    """What Word's "Accept all changes by <author>" + "Reject all other changes" leaves."""
    vanishing = []
    for el in list(root.iter(W + "ins", W + "del")):
        mine = el.get(W + "author") == author
        kind = el.tag[len(W):]
        if el.getparent().tag == W + "rPr":  # the paragraph mark itself
            paragraph = el.getparent().getparent().getparent()
            if (kind == "ins") != mine:  # a rejected new paragraph, an accepted deletion
                vanishing.append(paragraph)
            el.getparent().remove(el)
        elif (kind == "ins") == mine:  # accepted insertion, rejected deletion: keep the words
            for t in el.iter(W + "delText"):
                t.tag = W + "t"
            _unwrap(el)
        else:
            el.getparent().remove(el)
    for paragraph in vanishing:
        assert "".join(t.text or "" for t in paragraph.iter(W + "t")).strip() == ""
        paragraph.getparent().remove(paragraph)
    return root


def paragraphs(root: etree._Element) -> list[str]:
    texts = ["".join(t.text or "" for t in p.iter(W + "t")) for p in root.iter(W + "p")]
    return [t for t in texts if t.strip()]


def _provisional(text: str) -> str:
    return re.sub(r"^(\(?[0-9a-z]+) (?:bis|ter|quater|quinquies)\b", r"\1 bis", text)


def adoptable(doc, amendments):
    chosen = []
    for a in amendments:
        if a.status not in ("proposed", "agreed-ad-ref"):
            continue
        a = replace(a, status="adopted")
        check = anchor(doc, chosen + [a])
        if not check.conflicts and not check.unlocated:
            chosen.append(a)
    return chosen


@pytest.fixture(scope="module")
def demo():
    loaded = commands.load(ROOT)
    return loaded.ws.document, adoptable(loaded.ws.document, loaded.amendments)


def test_every_change_is_authored_and_dated_by_its_proposal(demo):
    doc, chosen = demo
    data = render(compile_redline(doc, chosen), "docx", RenderOptions(show_index=False))
    reg = registry()
    authors = Counter(el.get(W + "author") for el in body(data).iter(W + "ins", W + "del"))
    names = {", ".join(reg.name(c) for c in a.proposers) for a in chosen}
    assert set(authors) <= names and "Secretariat" not in authors
    assert len(authors) >= 5


def test_accepting_one_delegations_changes_gives_its_adopted_text(demo):
    doc, chosen = demo
    reg = registry()
    data = render(compile_redline(doc, chosen), "docx", RenderOptions(show_index=False))
    checked = 0
    for author in sorted({", ".join(reg.name(c) for c in a.proposers) for a in chosen}):
        mine = [a for a in chosen if ", ".join(reg.name(c) for c in a.proposers) == author]
        expected = render(compile_clean(doc, mine), "docx", RenderOptions(show_index=False))
        got = paragraphs(decide(body(data), author))
        want = paragraphs(body(expected))
        # The furniture differs (the mode's title); the text from the first recital on
        # must be the same, paragraph for paragraph.
        start_got = got.index(next(p for p in got if p.startswith("The States Parties")))
        start_want = want.index(next(p for p in want if p.startswith("The States Parties")))
        # A new unit's provisional number depends on the others inserted at the same place
        # ("10 ter" when another delegation's "10 bis" comes first): compared as "10 bis".
        assert [_provisional(p) for p in got[start_got:]] == \
            [_provisional(p) for p in want[start_want:]], author
        checked += 1
    assert checked >= 5
