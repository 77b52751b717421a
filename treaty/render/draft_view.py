"""The compiled draft as a *view*: what every text writer (HTML, PDF, Markdown, text) shows.

`Compiled` says what the text is; this module decides how a negotiator reads it, once,
for all formats:

- footnote numbers (order of first appearance, `Compiled.shown_amendments`);
- attribution labels per `RenderOptions.attribution`: ``(Singapore)``, ``(SGP)`` or nothing;
- where the square brackets of bracketed *units* open and close (an inserted point, a
  deleted article, an original paragraph that has "Alt" versions): the ``[`` goes before
  the unit's number, the ``]`` (with the attribution) after the unit's last words, which
  may be in its last descendant; brackets of nested units close innermost first;
- status labels ("ad ref") next to the colour.

Writers consume only this view (and `Compiled.meta`); nothing here looks at anchoring.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup

from .. import languages
from ..compiled import Alternative, Compiled, CUnit, Group, Run, integrated_label
from ..delegations import Registry, registry
from ..model import PROVISION_KINDS, Amendment, Change, Metadata, Status, TreatyError, every_status
from .markup import (
    BLOCK_HTML,
    _esc,
    block_tag,
    html_close,
    html_open,
    html_tag,
    is_footnote,
    kept_paragraphs,
    layout,
    note_text,
    table_rows,
)
from .words import WORDS, Words, words_for

STATUS_KEYS = every_status({  # the English labels: also the keys of the labels' colours
    Status.PROPOSED: "proposed",
    Status.AGREED_AD_REF: "ad ref",
    Status.ADOPTED: "adopted",
    Status.REJECTED: "rejected",
    Status.WITHDRAWN: "withdrawn",
    Status.STALE: "stale",
})

class Label(str):
    """A status label in the document's language (``adoptée``) that knows its status
    (`key`: the English label, ``ad ref``, ``adopted`` ...), for colours and CSS classes."""

    key: str

    def __new__(cls, text: str, key: str = "") -> Label:
        label = super().__new__(cls, text)
        label.key = key or str(text)
        return label

    @property
    def cls(self) -> str:
        """The CSS class suffix: ``adref``, ``adopted``, ``proposed`` ..."""
        return "adopted" if self.key.startswith("adopted") else self.key.replace(" ", "")


def status_label(words: Words, status: str) -> Label:
    """The label of a proposal's status in the document's language."""
    key = STATUS_KEYS.get(status, status)
    return Label(words.status(status), key)


def integrated(words: Words, a: Amendment | None) -> Label:
    """`compiled.integrated_label` in the document's language."""
    if integrated_label(a) == "ad ref":
        return Label(words.status("ad ref"), "ad ref")
    if a is not None and a.session:
        return Label(words.say("st_adopted_at", session=a.session), "adopted")
    return Label(words.status("adopted"), "adopted")


# -- view objects -------------------------------------------------------------------------


@dataclass
class RunView:
    text: str
    mark: str = ""
    """``""``, ``ins``, ``del``, ``adref``, ``src``."""
    ids: tuple[str, ...] = ()
    fns: tuple[int, ...] = ()
    status: str = ""
    status_label: str = ""
    kind: str = "run"
    aid: str = ""
    """`ids` joined by spaces (the ``data-amendment`` value)."""
    pre: str = ""
    """HTML of the source's inline markup opening/closing before these words."""
    style: tuple[str, ...] = ()
    """The source's inline elements around these words (``b``, ``i``, ``sup`` ...),
    outermost first, for writers other than HTML; `href` of an enclosing ``ref``."""
    href: str = ""
    notes: tuple[int, ...] = ()
    """Source footnotes (numbers in `DraftView.source_notes`) placed before these words."""
    newpara: bool = False
    """These words start a paragraph of their own inside the block (a citation, a list
    item, a table cell of an imported text): writers without nested blocks break here."""
    quoted: tuple[str, ...] = ()
    """Words of an element kept whole before these words (a ``quotedStructure``, an
    ``embeddedStructure``): not open to proposals, shown as they are."""


@dataclass
class AltView:
    items: list[RunView | GroupView]
    ids: tuple[str, ...] = ()
    attribution: str = ""
    """Inside the bracket, after the words: ``(Singapore)``; empty for the original."""
    delete_note: str = ""
    """After the bracket of struck-through words: ``(delete: EU, United Kingdom)``."""
    fns: tuple[int, ...] = ()
    original: bool = False
    deletes: bool = False
    status: str = ""
    status_label: str = ""
    aid: str = ""
    cls: str = ""
    """CSS classes: ``alt original|proposal [deletes] st-<status>``."""


@dataclass
class GroupView:
    alts: list[AltView]
    label: str = ""
    kind: str = "group"
    pre: str = ""
    newpara: bool = False


@dataclass
class Closer:
    """One ``]`` closing a bracketed unit, with what follows it."""

    attribution: str = ""
    fns: tuple[int, ...] = ()
    ids: tuple[str, ...] = ()
    status_label: str = ""
    aid: str = ""


@dataclass
class BlockView:
    items: list[RunView | GroupView]
    closers: list[Closer] = field(default_factory=list)
    ins: bool = False
    """The block belongs to an inserted unit: its words are proposed text."""
    ins_ids: tuple[str, ...] = ()
    ins_aid: str = ""
    post: str = ""
    """HTML closing the source's inline markup after the last words."""
    end_notes: tuple[int, ...] = ()
    """Source footnotes after the last words."""
    end_quoted: tuple[str, ...] = ()
    """Words of elements kept whole after the last words (see `RunView.quoted`)."""
    table: list[list[str]] | None = None
    """A block that is a table without proposals in it, as rows of cell words, for
    writers that make real tables (Word, Markdown, Typst); None otherwise."""
    tag: str = "p"
    """``div`` when the block is a table or a list."""

    def as_table(self) -> list[list[str]] | None:
        """`table`, when writing the block as rows of cell words loses nothing else: no
        footnote, kept words, index mark or closing bracket in it (else None: the writer
        shows the block's words as it shows any other block's)."""
        if self.table is None or self.closers or self.end_notes or self.end_quoted:
            return None
        for it in self.items:
            if not isinstance(it, RunView) or it.notes or it.quoted or it.fns:
                return None
        return self.table


@dataclass
class UnitView:
    kind: str
    eid: str
    num: str
    heading: str
    blocks: list[BlockView]
    children: list[UnitView]
    wrap_up: list[BlockView]
    openers: int = 0
    """How many ``[`` open before the number."""
    note: str = ""
    """Shown after the number/heading: ``(delete: ...)`` for a deleted unit with children."""
    note_fns: tuple[int, ...] = ()
    trailing: list[Closer] = field(default_factory=list)
    """Closers of a unit without any words (shown after its heading)."""
    alternatives: list[tuple[str, UnitView]] = field(default_factory=list)
    ids: tuple[str, ...] = ()
    """Amendments acting on the whole unit (``data-amendment``)."""
    inserted: bool = False
    deleted: bool = False
    has_alts: bool = False
    alt_label: str = ""
    status_label: str = ""
    depth: int = 0
    mark: str = ""
    """Redline: ``ins`` / ``del`` for a unit the new text adds / removes."""
    aid: str = ""
    short: bool = False
    """A leaf of a few lines: kept on one page in print (its number with its words)."""
    heading_html: str = ""
    """The heading with the source's inline markup (HTML), when it has any."""

    @property
    def classes(self) -> str:
        names = ["unit", f"u-{self.kind}"]
        names += [n for n, on in (("inserted", self.inserted), ("deleted", self.deleted),
                                  ("has-alts", self.has_alts), ("alt", bool(self.alt_label))) if on]
        if self.mark:
            names.append(f"mark-{self.mark}")
        if self.short:
            names.append("short")
        if getattr(self.status_label, "key", self.status_label) == "ad ref":
            # A pale background for the whole unit; the chip style (dark green, white
            # text) is only for the "ad ref" label itself, or attributions inside the
            # unit would be dark blue on dark green.
            names.append("unit-adref")
        return " ".join(names)


@dataclass
class IndexEntry:
    num: int
    id: str
    proposers: list[str]
    supporters: list[str]
    opponents: list[str]
    session: str
    date: str
    status: str
    status_label: str
    note: str

    @property
    def status_class(self) -> str:
        label = self.status_label
        return "status-" + (label.cls if isinstance(label, Label) else label.replace(" ", ""))

    @property
    def when(self) -> str:
        return ", ".join(x for x in (self.session, self.date) if x)


@dataclass
class UnlocatedEntry:
    id: str
    proposers: list[str]
    change: int
    reason: str
    """Why it could not be located, in the document's language (`Words.reason`)."""
    closest: str


@dataclass
class ForeignEntry:
    """A proposal made on another language version, shown in its own words and language."""

    id: str
    proposers: list[str]
    status_label: str
    language: str
    """The language's name (``French``)."""
    lang: str
    dir: str
    changes: list[str]


def describe_change(change: Change, words: Words | None = None) -> str:
    """One line saying what a change does, in the words of its own language version (the
    few words of ours in the document's language, `words`)."""
    words = words or Words()
    target = change.target or words["whole_text"]
    if change.kind == "replace":
        return f"{target}: \u201c{change.old}\u201d \u2192 \u201c{change.new}\u201d"
    if change.kind == "substitute":
        return (f"{target}: \u201c{change.old}\u201d \u2192 \u201c{change.new}\u201d "
                f"{words['every_occurrence']}")
    if change.kind == "delete":
        return f"{target}: \u2212 \u201c{change.old}\u201d"
    if change.kind == "insert":
        anchor = f" {change.where} \u201c{change.old}\u201d" if change.old else f" ({change.where})"
        return f"{target}{anchor}: + \u201c{change.new}\u201d"
    if change.kind == "delete-unit":
        return f"{target}: \u2212 {words['whole_unit']}"
    text = " ".join(u.all_text().replace("\n", " ") for u in change.units)
    return f"{target} ({change.where or change.kind}): \u201c{text}\u201d"


@dataclass
class OvertakenEntry:
    """A pending proposal an adopted change overtakes (not bracketed against lost words)."""

    id: str
    proposers: list[str]
    reason: str
    """Which adopted change overtakes it, in the document's language (`Words.reason`)."""


@dataclass
class TocEntry:
    eid: str
    label: str
    level: int
    state: str = ""
    chapter: bool = False
    """A division at the top (a chapter, part ...), not an article-level provision: shown in
    bold (told by its kind, not by its words, which are "المادة 1" or "第一条" as well)."""


LANGS = {"eng": "en", "fra": "fr", "spa": "es", "rus": "ru", "ara": "ar", "zho": "zh", "chi": "zh",
         "deu": "de", "ger": "de", "por": "pt", "ita": "it", "jpn": "ja"}
RTL = frozenset({"ar", "he", "fa", "ur"})


@dataclass
class DraftView:
    meta: Metadata
    mode: str
    mode_title: str
    date: str
    bracketed: bool
    preamble: UnitView | None
    body: list[UnitView]
    toc: list[TocEntry]
    index: list[IndexEntry]
    unlocated: list[UnlocatedEntry]
    closed: list[IndexEntry]
    attribution: str
    show_index: bool
    overtaken: list[OvertakenEntry] = field(default_factory=list)
    foreign: list[ForeignEntry] = field(default_factory=list)
    """Proposals made on another language version, not translated into this one."""
    source_notes: list[tuple[int, str, str]] = field(default_factory=list)
    """Footnotes of the source text (``authorialNote``): (number, marker, words)."""
    kept: list[tuple[str, list[str]]] = field(default_factory=list)
    """Parts of an imported text carried verbatim, as (slot, paragraphs): ``preface``
    before the text, ``conclusions`` and ``attachments`` after it."""
    words: Words = field(default_factory=Words)
    """The furniture in the text's language (`words.Words`): ``d.words.contents``."""

    @property
    def distribution(self) -> str:
        """``Distr.: General`` in the masthead's language (`words.MASTHEAD_IN_ENGLISH`)."""
        masthead = self.words.masthead
        return masthead.distribution(self.meta.distribution) if self.meta.distribution else ""

    @property
    def original(self) -> str:
        """``Original: English`` in the masthead's language."""
        lang = self.meta.original_language
        return self.words.masthead.original(lang) if lang else ""

    @property
    def language_line(self) -> str:
        """The document's language (``Français``, ``Arabic``) when it is not the original's,
        as UN documents show a translation (empty for the original)."""
        masthead = self.words.masthead
        own = masthead.language(self.lang)
        original = masthead.language(self.meta.original_language or "English")
        if self.words.lang == "en" or own == original:
            return ""
        return own[:1].upper() + own[1:]

    @property
    def version_line(self) -> str:
        """``Bracketed negotiating text · version X`` in the document's language."""
        return self.words.say("version", mode=self.mode_title, label=self.meta.label)

    @property
    def page_of_css(self) -> Markup:
        """The print CSS footer's ``content`` value saying "page N of M" in the document's
        language: ``"page " counter(page) " sur " counter(pages)``."""
        parts = []
        for part in re.split(r"(\{[nm]\})", self.words["page_of"]):
            if part in ("{n}", "{m}"):
                parts.append("counter(page)" if part == "{n}" else "counter(pages)")
            elif part:
                parts.append('"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"')
        return Markup(" ".join(parts))

    def annex_title(self, key: str) -> str:
        return self.words.say("annex", title=self.words[key])

    @property
    def kept_before(self) -> list[list[str]]:
        return [paras for slot, paras in self.kept if slot == "preface"]

    @property
    def kept_after(self) -> list[list[str]]:
        return [paras for slot, paras in self.kept if slot != "preface"]

    @property
    def closed_title(self) -> str:
        """``Proposals rejected or withdrawn`` (``, or stale`` when some no longer apply)."""
        kinds = [k for k in (Status.REJECTED, Status.WITHDRAWN, Status.STALE)
                 if any(e.status == k for e in self.closed)]
        kinds = kinds or [Status.REJECTED, Status.WITHDRAWN]
        listed = self.words.listing([self.words[f"closed_{k}"] for k in kinds])
        return self.words.say("closed_title", list=listed)

    @property
    def lang(self) -> str:
        """The text's language as an HTML ``lang`` (``eng`` -> ``en``)."""
        code = getattr(self.meta, "language", "") or "en"
        return LANGS.get(code, code)

    @property
    def dir(self) -> str:
        return "rtl" if self.lang in RTL else "ltr"


# -- building -----------------------------------------------------------------------------


class _Builder:
    def __init__(self, compiled: Compiled, attribution: str, show_index: bool,
                 reg: Registry | None):
        if attribution not in ("names", "codes", "none"):
            raise TreatyError("--attribution", f"unknown attribution {attribution!r}",
                              "use names, codes or none")
        self.c = compiled
        self.attribution = attribution
        self.show_index = show_index
        # Delegation names follow the document's language (pycountry's translations).
        code = languages.get(getattr(compiled.meta, "language", "")).code
        self.reg = (reg or registry()).in_language(code)
        meta_lang = getattr(compiled.meta, "language", "") or "en"
        self.words = words_for(LANGS.get(meta_lang, meta_lang))
        self.bracketed = compiled.mode == "bracketed"
        self.source_notes: list[tuple[int, str, str]] = []
        kinds = {u.kind for u in compiled.units()}
        self.provision = next((k for k in PROVISION_KINDS if k in kinds), "article")
        self.inside = False
        shown = compiled.shown_amendments()
        self.numbers = {a: n for n, a in enumerate(shown, start=1)}
        self._who_cache: dict[tuple[str, ...], list[str]] = {}

    # attribution ---------------------------------------------------------------------

    def amendment(self, aid: str) -> Amendment | None:
        return self.c.amendments.get(aid)

    def who(self, ids: tuple[str, ...]) -> list[str]:
        """Proposing delegations of `ids`, first come first, as the options ask."""
        cached = self._who_cache.get(ids)
        if cached is None:
            codes: dict[str, None] = {}
            for aid in ids:
                a = self.amendment(aid)
                if a is not None:
                    codes.update(dict.fromkeys(a.proposers))
            cached = [self.reg.name(c) if self.attribution == "names" else c for c in codes]
            self._who_cache[ids] = cached
        return cached

    def attr(self, ids: tuple[str, ...]) -> str:
        if self.attribution == "none" or not ids:
            return ""
        who = self.who(ids)
        return f"({', '.join(who)})" if who else ""

    def delete_note(self, ids: tuple[str, ...]) -> str:
        if self.attribution == "none":
            return self.words["delete"]
        who = self.who(ids)
        sep = self.words["list_sep"]
        return self.words.say("delete_who", who=sep.join(who)) if who else self.words["delete"]

    def fns(self, ids: tuple[str, ...]) -> tuple[int, ...]:
        if not self.show_index:
            return ()
        return tuple(sorted({self.numbers[a] for a in ids if a in self.numbers}))

    def status(self, ids: tuple[str, ...]) -> tuple[str, str]:
        for aid in ids:
            a = self.amendment(aid)
            if a is not None and a.status != Status.PROPOSED:
                return a.status, status_label(self.words, a.status)
        return ("proposed", "") if ids else ("", "")

    # inline --------------------------------------------------------------------------

    def inline(self, items, in_alt: bool = False) -> list[RunView | GroupView]:
        out: list[RunView | GroupView] = []
        for item in items:
            if isinstance(item, Run):
                ids = item.amendments
                status, label = self.status(ids) if ids else ("", "")
                if item.mark == "adref":
                    # An integrated unit carries its label once, on its last words.
                    label = integrated(self.words, self.amendment(ids[0])) if ids else ""
                out.append(RunView(item.text, item.mark, ids,
                                   () if in_alt else self.fns(ids), status, label,
                                   aid=" ".join(ids)))
            elif isinstance(item, Group):
                out.append(self.group(item))
        return out

    def group(self, group: Group) -> GroupView:
        return GroupView([self.alternative(a) for a in group.alternatives], group.label)

    def alternative(self, alt: Alternative) -> AltView:
        ids = alt.amendments
        items = self.inline(alt.runs, in_alt=True)
        struck = bool(items) and all(isinstance(i, RunView) and i.mark == "del" for i in items)
        original = not any(isinstance(i, RunView) and i.mark == "ins" for i in items) and (
            not ids or struck)
        status, label = self.status(ids)
        view = AltView(items, ids, fns=self.fns(ids), original=original, deletes=alt.deletes,
                       status=status, status_label=label, aid=" ".join(ids))
        if alt.deletes and struck:
            view.delete_note = self.delete_note(ids)
        elif ids:
            view.attribution = self.attr(ids)
        view.cls = ("alt original" if original else "alt proposal") + (
            " deletes" if view.delete_note else "") + f" st-{status or 'none'}"
        return view

    def block(self, items, spans, **kw) -> BlockView:
        """A block with the source's inline markup laid over its runs (`markup.layout`)."""
        if not spans:
            return BlockView(self.inline(items), **kw)
        out: list[RunView | GroupView] = []
        pending: list[str] = []
        notes: list[int] = []
        quoted: list[str] = []
        stack: list = []
        newpara = False
        for event, value in layout(items, spans):
            if event == "item":
                views = self.inline((value,))
                if views and pending:
                    views[0].pre = Markup("".join(pending))
                    pending = []
                if views and newpara:
                    views[0].newpara = bool(out)
                    newpara = False
                if views and notes:
                    if isinstance(views[0], RunView):
                        views[0].notes = tuple(notes)
                        notes = []
                if views and quoted and isinstance(views[0], RunView):
                    views[0].quoted = tuple(quoted)
                    quoted = []
                for view in views:
                    if isinstance(view, RunView):
                        view.style = tuple(s.name for s in stack)
                        view.href = next((dict(s.attrs).get("href", "") for s in reversed(stack)
                                          if s.name == "ref"), "")
                out.extend(views)
            elif event == "open":
                stack.append(value)
                pending.append(html_open(value, depth0=value.depth == 0))
                newpara = newpara or html_tag(value) in BLOCK_HTML
            elif event == "close":
                if stack and stack[-1] is value:
                    stack.pop()
                pending.append(html_close(value, depth0=value.depth == 0))
            elif is_footnote(value):
                marker, words = note_text(value)
                n = len(self.source_notes) + 1
                self.source_notes.append((n, marker or str(n), words))
                notes.append(n)
                pending.append(f'<sup class="akn-fn"><a href="#akn-fn-{n}" id="akn-fnref-{n}">'
                               f'{_esc(marker or str(n))}</a></sup>')
            else:  # a quoted structure, an image ...: its words as they are
                paras = kept_paragraphs(value.payload)
                if paras:
                    quoted.extend(paras)
                    pending.append(f'<span class="akn-{_esc(value.name)}">' + "".join(
                        f'<span class="akn-qp">{_esc(p)}</span>' for p in paras) + "</span>")
        return BlockView(out, post=Markup("".join(pending)), tag=block_tag(spans),
                         end_notes=tuple(notes), end_quoted=tuple(quoted),
                         table=table_rows(items, spans), **kw)

    # units ---------------------------------------------------------------------------

    def shown_kind(self, kind: str) -> str:
        """How a unit is laid out: in an act of sections, a section reads as an article
        and the subsections (or sections) inside it as numbered paragraphs."""
        if self.provision == "article":
            return kind
        if kind == self.provision and not self.inside:
            return "article"
        if self.inside and kind in ("section", "subsection", "part", "chapter", "title"):
            return "paragraph"
        return kind

    def unit(self, cu: CUnit, tail: list[Closer], ins: tuple[str, ...] | None = None,
             depth: int = 0, alt_label: str = "") -> UnitView:
        bracketed = self.bracketed
        inserted = bool(cu.inserted_by) and (bracketed or cu.inserted_by != ("clean",))
        ids = tuple(a for a in cu.inserted_by + cu.deleted_by if a in self.c.amendments)
        view = UnitView(self.shown_kind(cu.kind), cu.eid, cu.num or "", cu.heading or "", [],
                        [], [], ids=ids, inserted=inserted, deleted=bool(cu.deleted_by),
                        has_alts=bool(cu.alternatives), alt_label=alt_label, depth=depth,
                        mark=getattr(cu, "mark", ""))
        if cu.heading and cu.heading_marks:
            view.heading_html = heading_html(cu.heading, cu.heading_marks)
        entering = cu.kind == self.provision and not self.inside
        if entering:
            self.inside = True
        view.status_label = self.status(ids)[1]
        view.aid = " ".join(ids)
        own: list[Closer] = []  # innermost first
        if cu.inserted_by:
            ins = (ins or ()) + tuple(a for a in cu.inserted_by if a in self.c.amendments)
            if bracketed:
                view.openers += 1
                own.append(Closer(self.attr(cu.inserted_by), self.fns(cu.inserted_by),
                                  cu.inserted_by, self.status(cu.inserted_by)[1],
                                  " ".join(cu.inserted_by)))
        if cu.alternatives and bracketed:
            view.openers += 1
            own.append(Closer())
        if cu.deleted_by and bracketed:
            view.openers += 1
            if cu.children:
                view.note = self.delete_note(cu.deleted_by)
                view.note_fns = self.fns(cu.deleted_by)
                own.append(Closer(ids=cu.deleted_by, aid=" ".join(cu.deleted_by)))
            else:
                own.append(Closer(self.delete_note(cu.deleted_by), self.fns(cu.deleted_by),
                                  cu.deleted_by, self.status(cu.deleted_by)[1],
                                  " ".join(cu.deleted_by)))
        # With alternatives, the enclosing units' brackets close after the last "Alt".
        closers = own + ([] if cu.alternatives else tail)

        is_ins = ins is not None
        ins_aid = " ".join(ins or ())
        marks = cu.marks or ((),) * (len(cu.blocks) + len(cu.wrap_up))
        view.blocks = [self.block(b, m, ins=is_ins, ins_ids=ins or (), ins_aid=ins_aid)
                       for b, m in zip(cu.blocks, marks, strict=False)]
        view.wrap_up = [self.block(b, m, ins=is_ins, ins_ids=ins or (), ins_aid=ins_aid)
                        for b, m in zip(cu.wrap_up, marks[len(cu.blocks):], strict=False)]
        if view.wrap_up:
            view.wrap_up[-1].closers = closers
            view.children = [self.unit(ch, [], ins, depth + 1) for ch in cu.children]
        elif cu.children:
            last = len(cu.children) - 1
            view.children = [self.unit(ch, closers if k == last else [], ins, depth + 1)
                             for k, ch in enumerate(cu.children)]
        elif view.blocks:
            view.blocks[-1].closers = closers
            view.short = sum(len(_text(b)) for b in cu.blocks) < 500
        else:
            view.trailing = closers
        if entering:
            self.inside = False
        if cu.alternatives:
            last = len(cu.alternatives) - 1
            view.alternatives = [
                (self.words.alt(label),
                 self.unit(alt, tail if k == last else [], ins, depth, alt_label=self.words.alt(label)))
                for k, (label, alt) in enumerate(cu.alternatives)]
        return view

    # furniture -----------------------------------------------------------------------

    def names(self, codes: tuple[str, ...]) -> list[str]:
        return [f"{self.reg.name(c)} ({c})" if self.reg.name(c) != c else c for c in codes]

    def entry(self, num: int, a: Amendment) -> IndexEntry:
        return IndexEntry(num, a.id, self.names(a.proposers), self.names(a.supporters),
                          self.names(a.opponents), a.session, a.date, a.status,
                          status_label(self.words, a.status), a.note)

    def toc(self) -> list[TocEntry]:
        out: list[TocEntry] = []

        def visit(u: CUnit, level: int) -> None:
            if u.kind not in ("chapter", "part", "section", "title", "article", "annex"):
                return
            label = " ".join(p for p in (u.num, u.heading) if p) or u.eid
            state = (self.words["toc_new"] if u.inserted_by
                     else self.words["toc_deletion"] if u.deleted_by else "")
            out.append(TocEntry(u.eid, label, level, state if self.bracketed else "",
                                chapter=level == 0 and u.kind != self.provision))
            if u.kind != "article":
                for ch in u.children:
                    visit(ch, level + 1)

        for u in self.c.body:
            visit(u, 0)
        return out

    def build(self) -> DraftView:
        c = self.c
        index = [self.entry(n, c.amendments[a]) for a, n in self.numbers.items()]
        unlocated = []
        for u in c.unlocated:
            a = c.amendments.get(u.amendment)
            unlocated.append(UnlocatedEntry(u.amendment, self.names(a.proposers) if a else [],
                                            u.change + 1, self.words.reason(u.why),
                                            u.closest))
        closed = [self.entry(0, a) for a in c.closed]
        foreign = []
        for a in c.foreign:
            language = languages.get(a.language)
            foreign.append(ForeignEntry(
                a.id, self.names(a.proposers), status_label(self.words, a.status),
                self.words.language(language.code), language.code, language.direction,
                [describe_change(ch, self.words) for ch in a.changes]))
        overtaken = [OvertakenEntry(a.id, self.names(a.proposers), self.words.reason(why))
                     for a, why in c.overtaken]
        return DraftView(
            meta=c.meta, mode=c.mode,
            mode_title=self.words[f"mode_{c.mode}"] if f"mode_{c.mode}" in WORDS else c.mode,
            date=self.words.masthead.date(c.meta.date), bracketed=self.bracketed,
            preamble=self.unit(c.preamble, []) if c.preamble is not None else None,
            body=[self.unit(u, []) for u in c.body], toc=self.toc(),
            index=index if self.show_index else [], unlocated=unlocated, closed=closed,
            foreign=foreign,
            attribution=self.attribution, show_index=self.show_index, overtaken=overtaken,
            source_notes=self.source_notes, words=self.words,
            kept=[(slot, kept_paragraphs(xml)) for slot, xml in c.kept])


def heading_html(text: str, spans) -> Markup:
    """A heading's words with their inline markup as HTML (footnotes left out)."""
    out: list[str] = []
    for event, value in layout((Run(text, at=0),), spans):
        if event == "item":
            out.append(_esc(value.text))
        elif event == "open":
            out.append(html_open(value))
        elif event == "close":
            out.append(html_close(value))
    return Markup("".join(out))


def draft_view(compiled: Compiled, attribution: str = "names", show_index: bool = True,
               reg: Registry | None = None) -> DraftView:
    return _Builder(compiled, attribution, show_index, reg).build()


def _text(items) -> str:
    out = []
    for it in items:
        if isinstance(it, Run):
            out.append(it.text)
        else:
            out.extend(_text(a.runs) for a in it.alternatives)
    return "".join(out)


SUPERSCRIPT = str.maketrans("0123456789,", "⁰¹²³⁴⁵⁶⁷⁸⁹˒")


def superscript(numbers: tuple[int, ...]) -> str:
    return ",".join(str(n) for n in numbers).translate(SUPERSCRIPT) if numbers else ""
