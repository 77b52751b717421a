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
from ..model import Amendment
from .options import RenderOptions

TT = f"{{{META_NS}}}"
_HIER_TEXT = ("intro", "content", "wrapUp")


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

    def blocks(self, name: str, blocks, scope: str) -> etree._Element:
        container = E(name)
        for block in blocks:
            p = E("p")
            self.inline(p, block, scope)
            container.append(p)
        return container

    # units -----------------------------------------------------------------------------

    def unit(self, cu: CUnit, alternative_to: str = "", label: str = "") -> list[etree._Element]:
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
        if classes:
            el.set("class", " ".join(classes))
        if cu.kind == "recital":
            if cu.num:
                el.append(E("num", text=cu.num))
            for block in cu.blocks + cu.wrap_up:
                p = E("p")
                self.inline(p, block, eid)
                el.append(p)
            return [el]
        if cu.num is not None:
            el.append(E("num", text=cu.num))
        if cu.heading is not None:
            el.append(E("heading", text=cu.heading))
        if cu.children:
            if cu.blocks:
                el.append(self.blocks("intro", cu.blocks, eid))
            for child in cu.children:
                el.extend(self.unit(child))
            if cu.wrap_up:
                el.append(self.blocks("wrapUp", cu.wrap_up, eid))
        elif cu.blocks or cu.wrap_up:
            el.append(self.blocks("content", cu.blocks + cu.wrap_up, eid))
        elif cu.kind not in ("chapter", "part", "section", "title", "book"):
            el.append(E("content", E("p")))
        out = [el]
        for alt_label, alt in cu.alternatives:
            out.extend(self.unit(alt, alternative_to=eid, label=alt_label))
        return out

    def preamble(self, pre: CUnit) -> etree._Element:
        el = E("preamble")
        for block in pre.blocks:
            p = E("p")
            self.inline(p, block, "preamble")
            el.append(p)
        if pre.children:
            recitals = E("recitals", eId=self.eid("preamble__recs"), wId="preamble__recs")
            for r in pre.children:
                recitals.extend(self.unit(r))
            el.append(recitals)
        if pre.wrap_up:
            el.append(self.blocks("formula", pre.wrap_up, "preamble"))
            el[-1].set("name", "enactingFormula")
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
                item.set("reason", why)
                overtaken.append(item)
        if self.c.closed:
            closed = etree.SubElement(box, TT + "closed")
            for a in self.c.closed:
                closed.append(self.proposal_xml(a, None))
        return E("proprietary", box, source="#secretariat")

    def write(self) -> etree._Element:
        meta_el, preface = akn.metadata_to_xml(self.c.meta)
        self.used.update(el.get("eId") for el in meta_el.iter() if el.get("eId"))
        preamble = self.preamble(self.c.preamble) if self.c.preamble is not None else None
        body = E("body")
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
        bill = E("bill", meta_el, preface, preamble, body, name="draftConvention")
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
