"""The compiled draft as one schema-valid Akoma Ntoso 3.0 ``<bill>`` (format ``akn``).

Proposals are inline AKN elements attributed with ``refersTo`` to ``<TLCOrganization>``
references in ``<meta><references>`` (one per delegation: ``eId="sgp"``,
``href="/ontology/organization/un/sgp"``, ``showAs="Singapore"``); AKN has no ``@by`` on
``ins``/``del``. A bracket group is ``<inline name="alternatives">`` holding the original
words (``<inline name="original">``, or ``<del>`` when a delegation proposes to delete them)
and one ``<ins alternativeTo="#<original's eId>">`` per proposal, with the square brackets
kept as text so that any AKN viewer shows the negotiating text. Agreed ad referendum words
are ``<inline name="adRef" class="agreed-ad-ref">``.

Whole units: an inserted unit carries ``class="proposed-insertion"``, a unit proposed for
deletion ``class="proposed-deletion"``, an "Alt" version ``class="alternative"`` with
``alternativeTo="#<eId of the unit>"`` and follows it. Every proposal element also carries
``tt:amendment="<id>"`` (namespace ``urn:treaty-tracker:meta:1``; the schema admits
foreign attributes everywhere), and ``<meta><proprietary>`` holds the index of proposals
(proposers, supporters, opponents, session, date, status, note) and the unlocated ones.
"""

from __future__ import annotations

from lxml import etree

from .. import akn
from ..akn import META_NS, E
from ..compiled import Alternative, Compiled, CUnit, Group, Run
from ..delegations import Registry, registry
from ..inline import BLOCKS, ELEMENT_ONLY
from ..model import Amendment
from .markup import layout
from .options import RenderOptions

TT = f"{{{META_NS}}}"
_HIER_TEXT = ("intro", "content", "wrapUp")


def _payload(xml: str) -> etree._Element | None:
    """A kept element (a footnote) without its ids (the compiled draft numbers its own)."""
    try:
        el = akn.parse_bytes(xml.encode(), "footnote")
    except Exception:  # noqa: BLE001 - a damaged note is left out of this output only
        return None
    for node in el.iter():
        if isinstance(node.tag, str):
            node.attrib.pop("eId", None)
            node.attrib.pop("wId", None)
    return el


def _org_eid(code: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in code.lower())


class _Writer:
    def __init__(self, compiled: Compiled, reg: Registry):
        self.c = compiled
        self.reg = reg
        self.orgs: dict[str, None] = {}
        self.used: set[str] = set()
        self.counters: dict[str, int] = {}
        self.bracketed = compiled.mode == "bracketed"

    # ids and attribution ---------------------------------------------------------------

    def eid(self, wanted: str) -> str:
        """`wanted`, made unique in the document (AKN eIds must be)."""
        eid, n = wanted, 2
        while eid in self.used:
            eid, n = f"{wanted}-{n}", n + 1
        self.used.add(eid)
        return eid

    def numbered(self, prefix: str) -> str:
        """``prefix_1``, ``prefix_2`` ...: the first one not yet used."""
        n = self.counters.get(prefix, 0) + 1
        while f"{prefix}_{n}" in self.used:
            n += 1
        self.counters[prefix] = n
        return self.eid(f"{prefix}_{n}")

    def proposers(self, ids: tuple[str, ...]) -> list[str]:
        codes: dict[str, None] = {}
        for aid in ids:
            a = self.c.amendments.get(aid)
            if a is not None:
                codes.update(dict.fromkeys(a.proposers))
        return list(codes)

    def attribute(self, el: etree._Element, ids: tuple[str, ...]) -> etree._Element:
        ids = tuple(a for a in ids if a in self.c.amendments)
        codes = self.proposers(ids)
        if codes:
            self.orgs.update(dict.fromkeys(codes))
            el.set("refersTo", " ".join("#" + _org_eid(c) for c in codes))
        if ids:
            el.set(TT + "amendment", " ".join(ids))
        return el

    # inline ----------------------------------------------------------------------------

    @staticmethod
    def add_text(parent: etree._Element, text: str) -> None:
        if not text:
            return
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + text
        else:
            parent.text = (parent.text or "") + text

    def inline(self, parent: etree._Element, items, scope: str, in_alt: bool = False) -> None:
        for item in items:
            if isinstance(item, Group):
                self.group(parent, item, scope)
            elif item.mark == "adref":
                first = self.c.amendments.get(item.amendments[0]) if item.amendments else None
                adopted = first is not None and first.status == "adopted"
                el = E("inline", text=item.text, name="adopted" if adopted else "adRef",
                       **{"class": "adopted" if adopted else "agreed-ad-ref"})
                parent.append(self.attribute(el, item.amendments))
            elif item.mark in ("ins", "del") and not in_alt:
                el = E(item.mark, text=item.text)
                parent.append(self.attribute(el, item.amendments))
            else:
                self.add_text(parent, item.text)

    def group(self, parent: etree._Element, group: Group, scope: str) -> None:
        gid = self.numbered(f"{scope}__alts")
        el = E("inline", name="alternatives", eId=gid)
        if group.label:
            self.add_text(el, group.label + " ")
        original_eid = None
        for k, alt in enumerate(group.alternatives):
            if k:
                self.add_text(el, " ")
            self.add_text(el, "[")
            el.append(self.alternative(alt, gid, original_eid))
            self.add_text(el, "]")
            if k == 0 and self._is_original(alt):
                original_eid = el[-1].get("eId")
        parent.append(el)

    @staticmethod
    def _is_original(alt: Alternative) -> bool:
        runs = [r for r in alt.runs if isinstance(r, Run)]
        return not any(r.mark == "ins" for r in runs) and (not alt.amendments or alt.deletes)

    def alternative(self, alt: Alternative, gid: str, original_eid: str | None) -> etree._Element:
        if self._is_original(alt):
            struck = alt.deletes and alt.amendments
            el = E("del" if struck else "inline", eId=self.eid(f"{gid}__orig"),
                   **({} if struck else {"name": "original"}))
            if struck:
                self.attribute(el, alt.amendments)
        else:
            el = E("ins", eId=self.numbered(f"{gid}__alt"))
            if original_eid:
                el.set("alternativeTo", "#" + original_eid)
            self.attribute(el, alt.amendments)
            statuses = {self.c.amendments[a].status for a in alt.amendments if a in self.c.amendments}
            if "agreed-ad-ref" in statuses:
                el.set("class", "agreed-ad-ref")
        self.inline(el, alt.runs, gid, in_alt=True)
        return el

    def blocks(self, name: str, blocks, scope: str, marks=()) -> etree._Element:
        container = E(name)
        marks = tuple(marks) or ((),) * len(blocks)
        for block, spans in zip(blocks, marks, strict=False):
            container.append(self.block(block, spans, scope))
        return container

    def block(self, items, spans, scope: str) -> etree._Element:
        """One block with the source's inline markup (`CUnit.marks`) around its runs and
        bracket groups, as it came: the block element itself, b/i/ref/footnotes/tables."""
        if not spans:
            p = E("p")
            self.inline(p, items, scope)
            return p
        first = spans[0]
        own = first.depth == 0 and first.name in BLOCKS and not first.payload \
            and all(s.depth > 0 for s in spans[1:])
        root = E(first.name if own else "p", **({k: v for k, v in first.attrs
                                                  if k not in ("eId", "wId")} if own else {}))
        stack = [root]
        for event, value in layout(items, spans[1:] if own else spans):
            if event == "open":
                child = E(value.name, **{k: v for k, v in value.attrs if k not in ("eId", "wId")})
                stack[-1].append(child)
                stack.append(child)
            elif event == "close":
                if len(stack) > 1:
                    stack.pop()
            elif event == "note":
                note = _payload(value.payload)
                if note is not None:
                    stack[-1].append(note)
            else:
                holder = stack[-1]
                if akn.local(holder) in ELEMENT_ONLY and isinstance(value, Run) \
                        and not value.text.strip():
                    continue
                self.inline(holder, (value,), scope)
        return root

    # units -----------------------------------------------------------------------------

    def unit(self, cu: CUnit, alternative_to: str = "", label: str = "") -> list[etree._Element]:
        if cu.kind in ("block", "crossHeading"):  # a block among units (imported AKN)
            el = E("p" if cu.kind == "block" else "crossHeading")
            for block in cu.blocks:
                self.inline(el, block, cu.eid or cu.kind)
            return [el]
        eid = self.eid(cu.eid or cu.kind)
        attrs: dict[str, str] = {"eId": eid}
        if cu.wid and not alternative_to:
            attrs["wId"] = cu.wid
        el = E(cu.kind, **attrs)
        classes = []
        if cu.inserted_by and not alternative_to:
            classes.append("proposed-insertion" if self.bracketed else "inserted")
        if cu.deleted_by:
            classes.append("proposed-deletion")
        if alternative_to:
            classes.append("alternative")
            el.set("alternativeTo", "#" + alternative_to)
            if label:
                el.set("title", label)
        self.attribute(el, tuple(dict.fromkeys(cu.inserted_by + cu.deleted_by)))
        mark = getattr(cu, "mark", "")
        if mark:
            classes.append({"ins": "inserted", "del": "deleted"}.get(mark, mark))
        own = dict(cu.attrs)
        if own.get("class"):
            classes.insert(0, own["class"])
        for key, value in own.items():
            if key not in ("class", "eId", "wId", "alternativeTo", "title") and el.get(key) is None:
                el.set(key, value)
        if classes:
            el.set("class", " ".join(classes))
        if cu.kind == "recital":
            if cu.num:
                el.append(E("num", text=cu.num))
            marks = cu.marks or ((),) * (len(cu.blocks) + len(cu.wrap_up))
            for block, spans in zip(cu.blocks + cu.wrap_up, marks, strict=False):
                el.append(self.block(block, spans, eid))
            return [el]
        if cu.num is not None:
            el.append(E("num", text=cu.num))
        if cu.heading is not None:
            el.append(E("heading", text=cu.heading))
        if cu.children:
            if cu.blocks:
                el.append(self.blocks("intro", cu.blocks, eid, cu.marks[:len(cu.blocks)]))
            for child in cu.children:
                el.extend(self.unit(child))
            if cu.wrap_up:
                el.append(self.blocks("wrapUp", cu.wrap_up, eid, cu.marks[len(cu.blocks):]))
        elif cu.blocks or cu.wrap_up:
            el.append(self.blocks("content", cu.blocks + cu.wrap_up, eid, cu.marks))
        elif cu.kind not in ("chapter", "part", "section", "title", "book"):
            el.append(E("content", E("p")))
        out = [el]
        for alt_label, alt in cu.alternatives:
            out.extend(self.unit(alt, alternative_to=eid, label=alt_label))
        return out

    def preamble(self, pre: CUnit) -> etree._Element:
        el = E("preamble")
        marks = pre.marks or ((),) * (len(pre.blocks) + len(pre.wrap_up))
        for block, spans in zip(pre.blocks, marks, strict=False):
            written = self.block(block, spans, "preamble")
            if akn.local(written) == "intro":  # the recitals' own intro: a preamble <p>
                written = written[0] if len(written) else E("p")
            el.append(written)
        if pre.children:
            recitals = E("recitals", eId=self.eid("preamble__recs"), wId="preamble__recs")
            for r in pre.children:
                recitals.extend(self.unit(r))
            el.append(recitals)
        if pre.wrap_up:
            tail = [self.block(b, m, "preamble")
                    for b, m in zip(pre.wrap_up, marks[len(pre.blocks):], strict=False)]
            if all(akn.local(t) == "p" for t in tail):
                el.append(E("formula", *tail, name="enactingFormula"))
            else:
                el.extend(tail)
        return el

    # metadata --------------------------------------------------------------------------

    def proposal_xml(self, a: Amendment, number: int | None) -> etree._Element:
        el = etree.Element(TT + "proposal", id=a.id, status=a.status)
        if number:
            el.set("footnote", str(number))
        for key, value in (("session", a.session), ("date", a.date)):
            if value:
                el.set(key, value)
        for kind, codes in (("proposer", a.proposers), ("supporter", a.supporters),
                            ("opponent", a.opponents)):
            for code in codes:
                etree.SubElement(el, TT + kind, ref=code, name=self.reg.name(code))
        if a.note:
            etree.SubElement(el, TT + "note").text = a.note
        return el

    def proprietary(self) -> etree._Element | None:
        shown = self.c.shown_amendments()
        if not (shown or self.c.unlocated or self.c.closed or self.c.overtaken):
            return None
        box = etree.Element(TT + "compiled", mode=self.c.mode)
        proposals = etree.SubElement(box, TT + "proposals")
        for n, aid in enumerate(shown, start=1):
            proposals.append(self.proposal_xml(self.c.amendments[aid], n))
        if self.c.unlocated:
            unlocated = etree.SubElement(box, TT + "unlocated")
            for u in self.c.unlocated:
                item = etree.SubElement(unlocated, TT + "change", amendment=u.amendment,
                                        change=str(u.change + 1), reason=u.reason)
                if u.closest:
                    item.set("closest", u.closest)
                a = self.c.amendments.get(u.amendment)
                if a is not None and a.id not in shown:
                    unlocated.append(self.proposal_xml(a, None))
        if self.c.overtaken:
            overtaken = etree.SubElement(box, TT + "overtaken")
            for a, why in self.c.overtaken:
                item = self.proposal_xml(a, None)
                item.set("reason", str(why))
                overtaken.append(item)
        if self.c.closed:
            closed = etree.SubElement(box, TT + "closed")
            for a in self.c.closed:
                closed.append(self.proposal_xml(a, None))
        return E("proprietary", box, source="#secretariat")

    def write(self) -> etree._Element:
        meta_el, preface = akn.metadata_to_xml(self.c.meta, title_alias="preface" in dict(self.c.kept))
        self.used.update(el.get("eId") for el in meta_el.iter() if el.get("eId"))
        preamble = self.preamble(self.c.preamble) if self.c.preamble is not None else None
        doc_type = self.c.meta.doc_type if self.c.meta.doc_type in akn.BODY_OF else "bill"
        body = E(akn.BODY_OF[doc_type])
        for u in self.c.body:
            body.extend(self.unit(u))
        # Proposals in the index but shown nowhere (none expected) still get their proposers.
        for aid in self.c.shown_amendments():
            self.orgs.update(dict.fromkeys(self.c.amendments[aid].proposers))
        references = meta_el.find(akn.A + "references")
        for code in self.orgs:
            eid = _org_eid(code)
            if eid in self.used:
                continue
            self.used.add(eid)
            references.append(E("TLCOrganization", eId=eid, href=f"/ontology/organization/un/{eid}",
                                showAs=self.reg.name(code)))
        extra = self.proprietary()
        if extra is not None:
            # <proprietary> goes after <references> and any <notes>/<proprietary> already there.
            meta_el.append(extra)
        kept = dict(self.c.kept)
        if "preface" in kept:  # an imported text's own preface, as it came
            preface = akn._kept(kept["preface"], preface)
        after = [akn._kept(kept[slot], None) for slot in akn.KEPT_AFTER_BODY if slot in kept]
        name = (self.c.meta.doc_name or None) if doc_type != "bill" else "draftConvention"
        bill = E(doc_type, meta_el, preface, preamble, body, *after, name=name)
        root = etree.Element(akn.A + "akomaNtoso", nsmap={None: akn.NS, "tt": META_NS})
        root.append(bill)
        etree.cleanup_namespaces(root, top_nsmap={None: akn.NS, "tt": META_NS})
        return root


def compiled_to_xml(compiled: Compiled, reg: Registry | None = None) -> etree._Element:
    return _Writer(compiled, reg or registry()).write()


def render_akn(compiled: Compiled, reg: Registry | None = None) -> bytes:
    root = compiled_to_xml(compiled, reg)
    akn.assert_validates(root, "compiled draft (akn)")
    return akn.serialize(root)


def write_akn(compiled: Compiled, options: RenderOptions) -> bytes:
    """The draft writer of format ``akn``."""
    return render_akn(compiled, options.registry)
