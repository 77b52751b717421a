"""The compiled draft as PDF through Typst: page-bottom footnotes, line numbers, A4.

The writer turns the same `DraftView` the HTML writer shows into a Typst file (`main.typ`)
that imports the house style (``templates/draft.typ``, or the workspace's
``render/draft.typ``; then the workspace's ``render/house.typ``, whose definitions win) and
calls its functions. Every word that comes from a file enters
Typst as a *string literal* (`typst_string`), never as markup, so ``#import``, ``*``,
``$`` or ``]`` in a proposal are printed, not run. Typst compiles with a temporary folder
as its root (holding only main.typ, the template and the workspace's render/ files), no
packages and no network: a template cannot reach outside the workspace.

Footnotes carry the index entry of the proposal (who proposed, supported, opposed, when,
status) at the foot of the page of its mark, numbered as in the index of proposals; a
number repeated within one paragraph shows the mark only.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..compiled import Compiled
from ..fileio import read_bytes
from ..model import TreatyError
from ..names import neutralise_bidi
from .draft_view import (
    AltView,
    BlockView,
    Closer,
    DraftView,
    GroupView,
    IndexEntry,
    Label,
    RunView,
    UnitView,
)
from .options import RenderOptions

HERE = Path(__file__).parent
TEMPLATE = "draft.typ"
HOUSE = "house.typ"
"""A workspace's additions: imported after the template, its definitions win."""
BUILTIN_TEMPLATE = HERE / "templates" / TEMPLATE
HINT = "fix or remove render/draft.typ (or render/house.typ) in the workspace"
SHORT_LEAD = 4
"""A unit number of up to this many characters ("1.", "(a)", "[2.") fits the hanging indent."""
HEAD_KINDS = frozenset({"chapter", "part", "title", "book", "section", "subsection", "article",
                        "annex"})
# Files a workspace's render/ folder may give the Typst template (no symlinks, size-capped).
SHARED_SUFFIXES = frozenset({".typ", ".png", ".jpg", ".jpeg", ".svg"})
MAX_SHARED_BYTES = 10_000_000
FONT_DIRS = (
    "/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/opentype/noto", "/usr/share/fonts/noto", "/usr/share/fonts/liberation",
    "/usr/share/fonts/dejavu", "/usr/share/fonts/google-noto", "/usr/share/fonts/google-noto-cjk",
)

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def typst_string(text: str) -> str:
    """`text` as a Typst string literal: printed as it is, whatever characters it holds
    (bidi overrides made visible, as in the HTML: `names.neutralise_bidi`)."""
    return '"' + neutralise_bidi(str(text)).translate(_ESCAPES) + '"'


q = typst_string


def _lang(code: str) -> str:
    return code if re.fullmatch(r"[a-z]{2,3}", code or "") else "en"


@dataclass(frozen=True)
class TypstOptions:
    line_numbers: bool = False
    lang: str = ""
    """ISO 639 code (``ar``); empty: the text's own (`DraftView.lang`)."""
    dir: str = ""
    """``rtl`` or ``ltr``; empty: from the language."""


# -- markup -------------------------------------------------------------------------------


class _Writer:
    def __init__(self, view: DraftView, opts: TypstOptions):
        self.v = view
        self.opts = opts
        self.out: list[str] = []
        self.seen: set[int] = set()
        """Footnote numbers already placed in the current paragraph."""
        self.used: set[int] = set()
        """Footnote numbers used so far (their entries must be defined)."""
        self.toc_pages: dict[str, str] | None = None
        """Page of each contents entry, when known beforehand (a document made in parts)."""
        self.toc_eids = {e.eid for e in view.toc}
        self.block_level: int | None = None
        """Level of the paragraph being written (nested paragraphs of a block reopen it)."""
        self.english = view.words.lang == "en"
        """English furniture: the template's own words (a workspace's older draft.typ,
        without the parameters that carry other languages' words, keeps working)."""

    # inline -----------------------------------------------------------------------------

    def fns(self, numbers: tuple[int, ...]) -> None:
        out = self.out
        for k, n in enumerate(numbers):
            if k:
                out.append("#fnsep")
            if n in self.seen:
                out.append(f"#fnmark({n})")
            else:
                self.seen.add(n)
                self.used.add(n)
                out.append(f"#fnote({n}, e{n})")

    def status(self, label: str) -> None:
        if label:
            self.out.append(_status(label))

    def source_extras(self, notes: tuple[int, ...], quoted: tuple[str, ...]) -> None:
        """An imported text's own footnotes (Typst footnotes) and quoted structures."""
        words = {n: w for n, _marker, w in self.v.source_notes}
        for n in notes:
            self.out.append(f"#footnote({q(words.get(n, ''))})")
        for text in quoted:
            self.out.append("#" + q(f" \u201c{text}\u201d"))

    def styled(self, it: RunView) -> str:
        """Plain words with the source's inline markup (bold, italics, super/subscript)."""
        text = q(it.text)
        for names, fn in (({"b", "strong"}, "strong"), ({"i", "em"}, "emph"),
                          ({"u"}, "underline"), ({"sup"}, "super"), ({"sub"}, "sub")):
            if names & set(it.style):
                text = f"{fn}({text})"
        return "#" + text

    def items(self, items: list[RunView | GroupView]) -> None:
        out = self.out
        for it in items:
            if it.newpara and self.block_level is not None:  # a citation, an item: a paragraph
                out.append("]\n")
                self.para_open(self.block_level, None)
            if isinstance(it, RunView) and (it.notes or it.quoted):
                self.source_extras(it.notes, it.quoted)
            if isinstance(it, GroupView):
                self.group(it)
            elif not it.mark:
                out.append(self.styled(it) if it.style else "#" + q(it.text))
            elif it.mark in ("ins", "del", "src"):
                out.append(f"#{it.mark}({q(it.text)})")
            elif it.mark == "adref":
                out.append(f"#adref({q(it.text)})")
                self.status(it.status_label)
                if it.fns:
                    self.fns(it.fns)
            else:
                out.append("#" + q(it.text))

    def group(self, g: GroupView) -> None:
        out = self.out
        if g.label:
            out.append(f"#group-label({q(g.label)}) ")
        for k, a in enumerate(g.alts):
            if k:
                out.append(" ")
            self.alternative(a)

    def alternative(self, a: AltView) -> None:
        out = self.out
        shaded = not a.original or bool(a.delete_note)
        out.append("#proposal[" if shaded else "#[")
        out.append('#br("[")')
        self.items(a.items)
        if a.attribution:
            out.append(f" #attr({q(a.attribution)})")
        out.append('#br("]")')
        if a.delete_note:
            out.append(f" #attr({q(a.delete_note)})")
        self.status(a.status_label)
        if a.fns:
            self.fns(a.fns)
        out.append("]")

    def closers(self, closers: list[Closer]) -> None:
        out = self.out
        for c in closers:
            if c.attribution:
                out.append(f" #attr({q(c.attribution)})")
            out.append('#br("]")')
            self.status(c.status_label)
            if c.fns:
                self.fns(c.fns)

    # blocks and units -------------------------------------------------------------------

    def para_open(self, level: int, lead: str | None, width: int = 0) -> None:
        self.seen = set()
        if lead is None:
            self.out.append(f"#para(level: {level})[")
        else:
            wide = ", wide: true" if width > SHORT_LEAD else ""
            self.out.append(f"#para(level: {level}, lead: [{lead}]{wide})[")

    def block(self, b: BlockView, level: int, lead: str | None = None, width: int = 0) -> None:
        out = self.out
        table = b.as_table()
        if table:
            if lead is not None:  # the number on its own line above the table
                self.para_open(level, lead, width)
                out.append("]\n")
            self.table(table, level)
            return
        self.para_open(level, lead, width)
        if b.ins:
            out.append("#unit-ins[")
            self.items(b.items)
            out.append("]")
        else:
            self.block_level = level
            self.items(b.items)
            self.block_level = None
        if b.end_notes or b.end_quoted:
            self.source_extras(b.end_notes, b.end_quoted)
        if b.closers:
            self.closers(b.closers)
        out.append("]\n")

    def table(self, rows: list[list[str]], level: int) -> None:
        """A table of an imported text as a real table, its first row in bold (as Word)."""
        columns = max(len(r) for r in rows)
        cells = []
        for k, row in enumerate(rows):
            for words in row + [""] * (columns - len(row)):
                cells.append(f"strong({q(words)})" if k == 0 else q(words))
        self.out.append(f"#table-block(level: {level}, table(columns: {columns}, "
                        f"{', '.join(cells)}))\n")

    def body(self, u: UnitView, level: int, lead: str | None = None) -> None:
        out = self.out
        width = u.openers + len(u.num)  # characters of the lead: a long one needs measuring
        if u.note:
            self.para_open(level, lead, width)
            out.append(f"#attr({q(u.note)})")
            if u.note_fns:
                self.fns(u.note_fns)
            out.append("]\n")
            lead = None
        if lead is not None and not u.blocks:
            self.para_open(level, lead, width)
            out.append("]\n")
        for k, b in enumerate(u.blocks):
            self.block(b, level, lead if k == 0 else None, width)
        for ch in u.children:
            self.unit(ch, level)
        for b in u.wrap_up:
            self.block(b, level)
        if u.trailing:
            self.para_open(level, None)
            self.closers(u.trailing)
            out.append("]\n")

    def number(self, u: UnitView) -> str:
        parts = []
        if u.openers:
            parts.append(f"#br({q('[' * u.openers)})")
        if u.num:
            text = f"#{q(u.num)}"
            if u.mark == "ins" or u.inserted:
                text = f"#ins({q(u.num)})"
            elif u.mark == "del":
                text = f"#del({q(u.num)})"
            parts.append(text)
        return "".join(parts)

    def unit(self, u: UnitView, level: int = 0) -> None:
        out = self.out
        if u.alt_label:
            out.append(f"#alt-label({q(u.alt_label)})\n")
        if u.eid in self.toc_eids:  # only the contents need to find a unit (each costs Typst)
            out.append(f"#toc-anchor({q(u.eid)})")
        if u.kind in HEADS_OR_PREAMBLE and u.kind != "preamble":
            args = [f"eid: {q(u.eid)}", f"kind: {q(u.kind)}", f"depth: {u.depth}"]
            if u.num or u.openers:
                args.append(f"num: [{self.number(u)}]")
            if u.heading:
                heading = f"#{q(u.heading)}"
                if u.mark == "del":
                    heading = f"#del({q(u.heading)})"
                args.append(f"heading: [{heading}]")
            if u.status_label:
                args.append(f"status: [{_status(u.status_label)}]")
            if u.inserted or u.mark == "ins":
                args.append("inserted: true")
            title = " ".join(p for p in (u.num, u.heading) if p)
            if title:
                args.append(f"title: {q(title)}")
            out.append(f"#unit-head({', '.join(args)})\n")
            self.body(u, level)
        elif u.kind == "preamble":
            self.body(u, level)
        elif u.num or u.openers:
            self.body(u, level + 1, self.number(u))
        else:
            self.body(u, level)
        for _label, alt in u.alternatives:
            self.unit(alt, level)

    # furniture --------------------------------------------------------------------------

    def entry(self, e: IndexEntry) -> str:
        def names(xs: list[str]) -> str:
            return "(" + "".join(q(x) + ", " for x in xs) + ")"

        words = "" if self.english else ", words: entry-words"
        return (f"entry(id: {q(e.id)}, status: {q(e.status_label)}, proposers: {names(e.proposers)}, "
                f"supporters: {names(e.supporters)}, opponents: {names(e.opponents)}, "
                f"when: {q(e.when)}, note: {q(e.note)}{words})")

    def masthead(self) -> None:
        m = self.v.meta
        v = self.v
        notes = "(" + "".join(q(n) + ", " for n in getattr(m, "notes", ())) + ")"
        fields = {
            "body": m.body, "symbol": m.symbol, "distribution": m.distribution,
            "date": v.date, "original": m.original_language, "session": m.session,
            "venue": getattr(m, "venue", ""), "agenda": m.agenda_item, "title": m.title,
            "version": v.version_line,
        }
        if not self.english:  # the lines in the document's language (docs/pdf.md)
            fields |= {"distr-line": v.distribution, "language-line": v.language_line,
                       "original-line": v.original}
        args = ", ".join(f"{k}: {q(val or '')}" for k, val in fields.items())
        if v.words.masthead.lang != v.words.lang and v.dir == "rtl":
            args += ", block-dir: ltr"  # the block in English (words.MASTHEAD_IN_ENGLISH)
        self.out.append(f"#masthead({args}, notes: {notes})\n")

    def pieces(self, key: str) -> str:
        """Words of the legend (`words.Piece`) as Typst calls of the house style."""
        out = []
        for p in self.v.words.pieces(key):
            if p.kind == "text":
                out.append(f"#{q(p.text)}")
            elif p.kind == "status":
                out.append(_status(Label(p.text, p.key)))
            else:
                out.append(f"#{p.kind}({q(p.text)})")
        return "".join(out)

    def warning(self, key: str) -> str:
        w = self.v.words
        count = q(w.say("warn_count", n=len(self.v.unlocated)))
        words = q(f"{w[key]} \u201c{w['unlocated_title']}\u201d.")
        return f"#warning[#strong({count})#{words}]"

    def legend(self) -> None:
        v = self.v
        out = self.out
        if v.bracketed:
            warn = self.warning("warn_unlocated") if v.unlocated else ""
            text = [self.pieces("legend_head")]
            if v.attribution != "none":
                text.append(self.pieces("legend_attr"))
            text.append(self.pieces("legend_status"))
            if v.show_index:
                text.append(self.pieces("legend_index_notes"))
            out.append("#legend[" + "".join(text) + warn + "]\n")
        elif v.mode == "redline":
            warn = self.warning("warn_unlocated_short") if v.unlocated else ""
            out.append("#legend[" + self.pieces("legend_redline") + warn + "]\n")
        elif v.unlocated:
            out.append(f"#legend[{self.warning('warn_unlocated_short')}]\n")

    def toc(self) -> None:
        if not self.v.toc:
            return
        lines = []
        for e in self.v.toc:
            chapter = e.chapter
            page = "" if self.toc_pages is None else f", page: {q(self.toc_pages.get(e.eid, ''))}"
            lines.append(f"#toc-entry({q(e.eid)}, {q(e.label)}, level: {e.level}, "
                         f"state: {q(e.state)}, chapter: {'true' if chapter else 'false'}{page})")
        title = "" if self.english else f"(title: {q(self.v.words.contents)})"
        self.out.append(f"#contents{title}[\n" + "\n".join(lines) + "\n]\n")

    def annexes(self) -> None:
        v = self.v
        w = v.words
        out = self.out
        sep = w["list_sep"]
        if v.index:
            rows = "".join(f"({e.num}, e{e.num}), " for e in v.index)
            title = "" if self.english else f", title: {q(w.index_title)}"
            out.append(f"#index-of-proposals(({rows}){title})\n")
        if v.unlocated:
            rows = "".join(
                f"({q(u.id)}, {q(sep.join(u.proposers))}, {q(str(u.change))}, {q(u.reason)}, "
                f"{q('“' + u.closest + '”' if u.closest else '')}), " for u in v.unlocated)
            header = "" if self.english else ", header: (" + "".join(
                f"{q(w[k])}, " for k in ("col_proposal", "col_proposed_by", "col_change",
                                         "col_reason", "col_closest")) + ")"
            out.append(f"#annex({q(v.annex_title('unlocated_title'))})[#par({q(w.unlocated_intro)})"
                       f"#unlocated-table(({rows}){header})]\n")
        if v.foreign:  # in their own words, each change in its own language and direction
            items = []
            for other in v.foreign:
                who = w.say("foreign_who", who=sep.join(other.proposers)) if other.proposers else ""
                changes = "".join(f"#linebreak()#text(lang: {q(_lang(other.lang))}, "
                                  f"dir: {'rtl' if other.dir == 'rtl' else 'ltr'}, {q(ch)})"
                                  for ch in other.changes)
                items.append(f'#block(below: 0.6em)[#{q(f"{other.id} ({other.language}{who})")}'
                             f'{changes}]\n')
            out.append(f"#annex({q(v.annex_title('foreign_title'))})[#par({q(w.foreign_intro)})\n"
                       + "".join(items) + "]\n")
        if v.overtaken:
            items = []
            for o in v.overtaken:
                who = f" ({sep.join(o.proposers)})" if o.proposers else ""
                line = w.say("tx_overtaken", id=o.id, who=who, reason=o.reason)
                items.append(f"#block(below: 0.6em)[#{q(line)}]\n")
            out.append(f"#annex({q(v.annex_title('overtaken_title'))})[#par({q(w.overtaken_intro)})\n"
                       + "".join(items) + "]\n")
        if v.closed:
            entries = "".join(f"#block(below: 0.6em, {self.entry(e)})\n" for e in v.closed)
            out.append(f"#annex({q(w.say('annex', title=v.closed_title))})[\n{entries}]\n")

    def head(self, furniture: bool = True) -> str:
        """Imports and the page set-up (`furniture`: running header and page numbers)."""
        v = self.v
        lang = _lang(self.opts.lang or v.lang)
        direction = "rtl" if (self.opts.dir or v.dir) == "rtl" else "ltr"
        page_of = "" if self.english else f", page-of: {q(v.words['page_of'])}"
        entry_words = "" if self.english else (
            f"#let entry-words = (proposed: {q(v.words.proposed_by)}, "
            f"supported: {q(v.words.supported_by)}, opposed: {q(v.words.opposed_by)}, "
            f"gap: {q(v.words.gap)}, sep: {q(v.words.list_sep)})\n")
        return (f'#import "{TEMPLATE}": *\n#import "{HOUSE}": *\n'
                f"#show: draft.with(symbol: {q(v.meta.symbol)}, title: {q(v.meta.title)}, "
                f"lang: {q(lang)}, dir: {direction}, furniture: {_bool(furniture)}{page_of})\n"
                + entry_words)

    def defs(self, numbers) -> str:
        by_num = {e.num: e for e in self.v.index}
        return "".join(f"#let e{n} = {self.entry(by_num[n])}\n" for n in sorted(numbers))

    def take(self) -> str:
        text = "".join(self.out)
        self.out = []
        return text

    def front(self) -> str:
        self.masthead()
        self.legend()
        self.toc()
        return self.take()

    def body_units(self, units) -> str:
        self.out.append(f"#main-text(line-numbers: {_bool(self.opts.line_numbers)})[\n")
        every = ([self.v.preamble] if self.v.preamble is not None else []) + list(self.v.body)
        if units and every and units[0] is every[0]:
            self.kept(self.v.kept_before)
        for u in units:
            self.unit(u)
        if units and every and units[-1] is every[-1]:
            self.kept(self.v.kept_after)
        self.out.append("]\n")
        return self.take()

    def kept(self, parts: list[list[str]]) -> None:
        """Parts of an imported text kept verbatim (its preface, conclusions, annexes)."""
        for paras in parts:
            for text in paras:
                self.out.append(f"#par({q(text)})\n")

    def back(self) -> str:
        self.annexes()
        return self.take()

    def document(self) -> str:
        """The whole draft as one Typst file."""
        units = ([self.v.preamble] if self.v.preamble is not None else []) + list(self.v.body)
        head = self.head()
        front = self.front()
        body = self.body_units(units)
        back = self.back()
        return head + self.defs(e.num for e in self.v.index) + front + body + back

    def parts(self, budget: int) -> tuple[list[str], str]:
        """The body as Typst files of about `budget` characters each (split between
        top-level units; each ends with `PAGES_PROBE`), and the index and annexes as one
        more; the front matter is made last (`front_part`), once its pages are known."""
        units = ([self.v.preamble] if self.v.preamble is not None else []) + list(self.v.body)
        bodies: list[str] = []
        texts: list[str] = []
        used: set[int] = set()
        size = 0
        for u in units:
            self.used = set()
            text = self.body_units([u])
            texts.append(text)
            used |= self.used
            size += len(text)
            if size >= budget:
                bodies.append(self._part(texts, used))
                texts, used, size = [], set(), 0
        if texts:
            bodies.append(self._part(texts, used))
        back = self.head(furniture=False) + self.defs(e.num for e in self.v.index) + self.back()
        return bodies, back

    def _part(self, texts: list[str], used: set[int]) -> str:
        return self.head(furniture=False) + self.defs(used) + "".join(texts) + PAGES_PROBE

    def front_part(self, pages: dict[str, str], probe: bool = True) -> str:
        """The masthead, legend and contents (with these page numbers); with `probe`, as
        a Typst file of its own."""
        self.toc_pages = pages
        if not probe:
            return self.front()
        return self.head(furniture=False) + self.front() + PAGES_PROBE


PAGES_PROBE = ("#context [#metadata((pages: counter(page).final().first(), toc: query(metadata)"
               '.filter(m => type(m.value) == array and m.value.at(0) == "toc")'
               ".map(m => (m.value.at(1), m.location().page())))) <treaty-part>]\n")
"""Ends each part of a document made in parts: its page count and the page of each
contents entry in it (read back with a query after the part is compiled)."""


FRONT_PROBE = "#context [#metadata((pages: here().page(), toc: ())) <treaty-part>]\n"
"""Marks the end of the front matter in the final document of a draft made in parts."""


def _status(label: str) -> str:
    """A status chip; a label in another language than English names its status (`key`)
    for the colour."""
    key = getattr(label, "key", str(label))
    if str(label).startswith(key):  # English: the label is its key ("adopted at AHC-5")
        return f"#status({q(label)})"
    return f"#status({q(label)}, key: {q(key)})"


def _bool(flag: bool) -> str:
    return "true" if flag else "false"


HEADS_OR_PREAMBLE = HEAD_KINDS | {"preamble"}


def typst_source(view: DraftView, opts: TypstOptions | None = None) -> str:
    """The Typst markup (``main.typ``) of the draft: pure, no I/O."""
    return _Writer(view, opts or TypstOptions()).document()


# -- compiling ----------------------------------------------------------------------------


CJK_FONT_DIRS = frozenset({"/usr/share/fonts/opentype/noto", "/usr/share/fonts/google-noto-cjk"})
"""Where the (large) CJK font collections are: scanned only for a text that needs them."""
CJK = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f]")


def font_paths(cjk: bool = True) -> list[str]:
    """Folders of the system's fonts the house style names (Liberation, DejaVu, Noto):
    scanning only these is faster than all system fonts (and the CJK collections only when
    `cjk`); empty = let Typst scan the system's fonts."""
    return [d for d in FONT_DIRS if Path(d).is_dir() and (cjk or d not in CJK_FONT_DIRS)]


def needs_cjk(*texts: str) -> bool:
    return any(CJK.search(t) for t in texts)


def _shared_files(template_dirs: tuple[Path, ...]) -> dict[str, bytes]:
    """Regular files of the workspace's render/ folder(s) the template may use."""
    files: dict[str, bytes] = {}
    for folder in reversed(template_dirs):  # the first folder wins
        try:
            entries = sorted(Path(folder).iterdir())
        except OSError:
            continue
        for p in entries:
            if p.suffix.lower() not in SHARED_SUFFIXES or p.is_symlink() or not p.is_file():
                continue
            files[p.name] = read_bytes(p, inside=Path(folder), limit=MAX_SHARED_BYTES)
    return files


def _typst():
    try:
        import typst
    except ImportError as exc:
        raise TreatyError("typst", f"cannot make PDF: {exc}",
                          "install the Python package: pip install typst") from None
    return typst


def compile_pdf(source: str, template_dirs: tuple[Path, ...] = ()) -> bytes:
    """PDF of `source` (a main.typ) with the house style, in a sandbox folder."""
    typst = _typst()
    files = {TEMPLATE: BUILTIN_TEMPLATE.read_bytes(), HOUSE: b""}
    files.update(_shared_files(template_dirs))
    fonts = font_paths(needs_cjk(source, *(d.decode("utf-8", "replace") for d in files.values())))
    with tempfile.TemporaryDirectory(prefix="treaty-typst-") as tmp:
        root = Path(tmp)
        for name, data in files.items():
            (root / name).write_bytes(data)
        main = root / "main.typ"
        main.write_text(source, encoding="utf-8")
        try:
            return typst.compile(str(main), root=str(root), format="pdf", font_paths=fonts,
                                 ignore_system_fonts=bool(fonts))
        except typst.TypstError as exc:
            raise _error(exc, template_dirs) from None


DIAGNOSTIC_AT = re.compile(r"┌─ ([^:\n]+):(\d+):\d+")


def _error(exc: Exception, template_dirs: tuple[Path, ...]) -> TreatyError:
    """Typst's error as one line: at the workspace's template file and line when it is there
    (a broken house style), else as a bug of ours."""
    message = str(getattr(exc, "message", "") or exc).strip().splitlines()
    first = message[0] if message else type(exc).__name__
    places = DIAGNOSTIC_AT.findall(str(getattr(exc, "diagnostic", "") or ""))
    for folder in template_dirs:
        for name, line in places:  # innermost last: the first place in the workspace's files
            path = Path(folder) / Path(name).name
            if Path(name).name != "main.typ" and path.is_file():
                return TreatyError(str(path), f"Typst error: {first}", HINT, int(line))
    if not places:  # no location (an error from a part): blame the workspace's files, if any
        own = [Path(d) / n for d in template_dirs for n in (TEMPLATE, HOUSE)
               if (Path(d) / n).is_file()]
        if own:
            return TreatyError(str(own[0]), f"Typst error: {first}", HINT)
    return TreatyError("typst", f"cannot make PDF: {first}",
                       "report this as a bug, with the workspace (or use --pdf-engine html)")


PART_BUDGET = 1_500_000
"""Characters of Typst markup per part of a long document (Typst holds every page of a
document in memory, about 1 MB a page: a 4,000-page draft is made in parts of ~500 pages)."""


PART_CHILD = """
import json, pathlib, typst
import sys as _sys
path, root, fonts, probe = _sys.argv[1], _sys.argv[2], json.loads(_sys.argv[3]), _sys.argv[4]
out = pathlib.Path(path[:-4])
try:
    c = typst.Compiler(path, root=root, font_paths=fonts, ignore_system_fonts=bool(fonts))
    out.with_suffix(".pdf").write_bytes(c.compile(format="pdf"))
    found = c.query("<treaty-part>", field="value", one=True) if probe == "probe" else "{}"
    result = {"ok": json.loads(found)}
except typst.TypstError as exc:
    result = {"error": str(getattr(exc, "message", "") or exc).strip().splitlines()[0],
              "diagnostic": str(getattr(exc, "diagnostic", "") or "")}
out.with_suffix(".json").write_text(json.dumps(result))
"""
"""Typesets one part in a child process (Typst keeps every page in memory until the end
of a compilation: a process per part gives it back). Writes NAME.pdf and NAME.json."""


def render_typst_pdf(view: DraftView, template_dirs: tuple[Path, ...] = (),
                     opts: TypstOptions | None = None, budget: int = PART_BUDGET) -> bytes:
    opts = opts or TypstOptions()
    bodies, back = _Writer(view, opts).parts(budget)
    if len(bodies) <= 1:
        return compile_pdf(typst_source(view, opts), template_dirs)
    return _compile_in_parts(_Writer(view, opts), bodies, back, template_dirs)


def _compile_in_parts(writer: _Writer, bodies: list[str], back: str,
                      template_dirs: tuple[Path, ...]) -> bytes:
    """A long draft: every part compiled on its own, then put together page by page."""
    import json
    import subprocess
    import sys

    _typst()  # the children need it: say so here if it is missing
    files = {TEMPLATE: BUILTIN_TEMPLATE.read_bytes(), HOUSE: b""}
    files.update(_shared_files(template_dirs))
    placeholder = {e.eid: "000" for e in writer.v.toc}
    first_front = writer.front_part(placeholder)
    fonts = font_paths(needs_cjk(first_front, back, *bodies,
                                 *(d.decode("utf-8", "replace") for d in files.values())))
    with tempfile.TemporaryDirectory(prefix="treaty-typst-") as tmp:
        root = Path(tmp)
        for name, data in files.items():
            (root / name).write_bytes(data)

        def part(name: str, source: str, probe: bool = True) -> dict:
            path = root / f"{name}.typ"
            path.write_text(source, encoding="utf-8")
            # In a child process: the memory Typst takes for a part is given back after it.
            done = subprocess.run([sys.executable, "-c", PART_CHILD, str(path), str(root),
                                   json.dumps(fonts), "probe" if probe else "-"],
                                  capture_output=True)
            result_file = path.with_suffix(".json")
            if done.returncode or not result_file.is_file():
                message = done.stderr.decode("utf-8", "replace").strip().splitlines()
                raise _error(RuntimeError(message[-1] if message else "Typst failed"),
                             template_dirs)
            result = json.loads(result_file.read_text(encoding="utf-8"))
            if "error" in result:
                failure = RuntimeError(result["error"])
                failure.diagnostic = result.get("diagnostic", "")  # type: ignore[attr-defined]
                raise _error(failure, template_dirs)
            path.unlink()
            return result["ok"]

        # Parts are independent: two at a time (the machines this runs on have two cores or
        # more; more at once would take more memory than the whole is allowed).
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
            # The front matter's length (with dummy page numbers) is needed to number the rest.
            front_job = pool.submit(part, "front", first_front)
            back_job = pool.submit(part, "back", back + PAGES_PROBE)
            body_info = list(pool.map(lambda item: part(f"body{item[0]}", item[1]),
                                      enumerate(bodies)))
            back_info = back_job.result()
            front_pages = front_job.result()["pages"]
        # The final document: the front matter typeset with the real page numbers, then a
        # sheet for every page of the other parts (running header, page N of M).
        for _attempt in range(2):  # the real numbers may (rarely) change the contents' length
            pages: dict[str, str] = {}
            offset = front_pages
            for info in body_info:
                for eid, page in info["toc"]:
                    pages.setdefault(eid, str(offset + page))
                offset += info["pages"]
            order = [(f"body{k}", info["pages"]) for k, info in enumerate(body_info)]
            order.append(("back", back_info["pages"]))
            starts: dict[int, list[str]] = {}  # page -> bookmarks of the units starting there
            for e in writer.v.toc:
                if pages.get(e.eid, "").isdigit():
                    starts.setdefault(int(pages[e.eid]), []).append(f"({e.level + 1}, {q(e.label)}), ")
            sheets = []
            page_of = "" if writer.english else f", page-of: {q(writer.v.words['page_of'])}"
            n = front_pages
            total = front_pages + sum(count for _, count in order)
            for name, count in order:
                for p in range(1, count + 1):
                    n += 1
                    marks = f", marks: ({''.join(starts[n])})" if n in starts else ""
                    sheets.append(f'#sheet("{name}.pdf", {p}, {n}, {total}, '
                                  f'symbol: {q(writer.v.meta.symbol)}{marks}{page_of})\n')
            main = (writer.head(furniture=True) + writer.front_part(pages, probe=False)
                    + FRONT_PROBE + "".join(sheets))
            got = part("main", main)["pages"]
            if got == front_pages:
                break
            front_pages = got
        return (root / "main.pdf").read_bytes()


def write_pdf(compiled: Compiled, options: RenderOptions) -> bytes:
    """The draft writer of format ``pdf`` with ``--pdf-engine typst`` (the default)."""
    from ..gcpause import paused_gc
    from .draft_view import draft_view

    with paused_gc():
        view = draft_view(compiled, options.attribution, options.show_index, options.registry)
    return render_typst_pdf(view, options.template_dirs,
                            TypstOptions(line_numbers=options.line_numbers))
