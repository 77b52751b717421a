"""The compiled draft as Markdown (``md``) and plain text (``txt``).

Both read like a UN negotiating text: ``[original words] [new words (Singapore)]¹``,
deletions as ``[deleted words] (delete: EU)``, whole units in brackets, "Alt 1" versions,
agreed ad referendum words marked ``(ad ref)``; the index of proposals at the end.
Markdown adds ``**bold**`` for proposed words and ``~~struck~~`` for proposed deletions,
escapes every character Markdown would interpret (brackets are written ``\\[``, which
renders as ``[``) and uses ``[^n]`` footnotes. Plain text is wrapped with hanging indents.
The redline (``--mode redline``) marks removed words ``[-so-]`` and added ones ``{+so+}``
(Markdown also strikes / bolds them), documented in docs/redline.md.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..compiled import Compiled
from ..delegations import Registry
from .draft_view import (
    AltView,
    BlockView,
    Closer,
    DraftView,
    GroupView,
    IndexEntry,
    RunView,
    UnitView,
    draft_view,
)
from .options import RenderOptions

WIDTH = 92
SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_LAYOUT_WS = re.compile(r"[ \t\n\r\f\v]+")
_SAFE_HREF = re.compile(r"^(?:https?://|/|#)")
"""Links written into Markdown: web addresses and paths only (no javascript: or data:)."""
_MD_SPECIAL = re.compile(r"([\\`*_~\[\]<>#|{}])")
_HEADED = ("chapter", "part", "title", "book", "section", "subsection", "article", "annex")


def wrap(text: str, width: int = WIDTH, initial_indent: str = "", subsequent_indent: str = "",
         **_ignored) -> list[str]:
    """Greedy word wrap (what `textwrap.wrap` does here, several times faster): whitespace
    collapsed, words never broken, a word longer than the line gets a line of its own.
    A no-break or thin space is not a place to break (and is kept)."""
    words = [w for w in _LAYOUT_WS.split(text) if w]
    if not words:
        return []
    lines: list[str] = []
    line = initial_indent + words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = subsequent_indent + word
    lines.append(line)
    return lines


@lru_cache(maxsize=4096)
def _sup(n: int) -> str:
    return str(n).translate(SUP)


class _Writer:
    def __init__(self, view: DraftView, md: bool):
        self.v = view
        self.md = md
        self.lines: list[str] = []

    # inline --------------------------------------------------------------------------

    def esc(self, text: str) -> str:
        return _MD_SPECIAL.sub(r"\\\1", text) if self.md else text

    def br(self, ch: str) -> str:
        return "\\" + ch if self.md else ch

    def fn(self, fns: tuple[int, ...]) -> str:
        if not fns:
            return ""
        if self.md:
            return "".join(f"[^{n}]" for n in fns)
        return ",".join(_sup(n) for n in fns)

    def emph(self, text: str, marker: str) -> str:
        """``**words**`` with the surrounding spaces kept outside the markers."""
        core = text.strip()
        if not core:
            return text
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()):]
        return f"{lead}{marker}{self.esc(core)}{marker}{trail}"

    def note_refs(self, notes: tuple[int, ...]) -> str:
        """References to the source's own footnotes (`DraftView.source_notes`)."""
        if self.md:
            return "".join(f"[^note-{n}]" for n in notes)
        return "".join(f"⁽{_sup(n)}⁾" for n in notes)

    def styled(self, r: RunView) -> str:
        """Markdown for the source's inline markup around plain words (pandoc syntax)."""
        out = self.esc(r.text)
        names = set(r.style)
        core = out.strip()
        if not core:
            return out
        for marker, wanted in (("*", {"i", "em"}), ("**", {"b", "strong"}),
                               ("^", {"sup"}), ("~", {"sub"})):
            if names & wanted:
                core = f"{marker}{core}{marker}"
        if r.href and "ref" in names and not re.search(r"[\s()<>]", r.href) \
                and _SAFE_HREF.match(r.href):
            core = f"[{core}]({r.href})"
        lead = out[: len(out) - len(out.lstrip())]
        return lead + core + out[len(out.rstrip()):]

    def quote(self, paras: tuple[str, ...]) -> str:
        """Words kept whole (a quoted structure) inline, in quotation marks."""
        return "".join(f" \u201c{self.esc(p)}\u201d" for p in paras)

    def redline(self, r: RunView) -> str:
        """``[-deleted-]`` and ``{+inserted+}`` (wdiff's marks), spaces kept outside."""
        core = r.text.strip()
        if not core:
            return r.text
        lead = r.text[: len(r.text) - len(r.text.lstrip())]
        trail = r.text[len(r.text.rstrip()):]
        opening, closing = ("[-", "-]") if r.mark == "del" else ("{+", "+}")
        marked = f"{self.br(opening[0])}{opening[1]}{self.esc(core)}{closing[0]}{self.br(closing[1])}"
        if self.md:
            marked = f"~~{marked}~~" if r.mark == "del" else f"**{marked}**"
        return f"{lead}{marked}{trail}"

    def run(self, r: RunView, bold: bool) -> str:
        if self.v.mode == "redline" and r.mark in ("ins", "del"):
            return self.redline(r)
        out = self.note_refs(r.notes) if r.notes else ""
        out += self.quote(r.quoted) if r.quoted else ""
        if not self.md:
            out += r.text
        elif r.mark == "ins" or (bold and r.mark in ("", "src")):
            out += self.emph(r.text, "**")
        elif r.mark == "del":
            out += self.emph(r.text, "~~")
        elif r.style:
            out += self.styled(r)
        else:
            out += self.esc(r.text)
        if r.mark == "adref" and r.status_label:
            label = r.status_label
            out += f" ({label})" if not self.md else f" *({label})*"
            out += self.fn(r.fns)
        return out

    def items(self, items, bold: bool = False) -> str:
        return "".join(self.group(i, bold) if isinstance(i, GroupView) else self.run(i, bold)
                       for i in items)

    def alt(self, a: AltView, bold: bool) -> str:
        text = self.br("[") + self.items(a.items, bold and not a.original)
        if a.attribution:
            text += " " + self.attr(a.attribution)
        text += self.br("]")
        if a.delete_note:
            text += " " + self.attr(a.delete_note)
        if a.status_label:
            text += f" ({a.status_label})" if not self.md else f" *({a.status_label})*"
        return text + self.fn(a.fns)

    def attr(self, text: str) -> str:
        return f"*{self.esc(text)}*" if self.md else text

    def group(self, g: GroupView, bold: bool) -> str:
        label = f"{self.esc(g.label)} " if g.label else ""
        return label + " ".join(self.alt(a, bold) for a in g.alts)

    def closers(self, closers: list[Closer]) -> str:
        out = ""
        for c in closers:
            if c.attribution:
                out += " " + self.attr(c.attribution)
            out += self.br("]")
            if c.status_label:
                out += f" ({c.status_label})"
            out += self.fn(c.fns)
        return out

    def block(self, b: BlockView) -> str:
        table = b.as_table() if self.md else None
        if table:  # a pipe table on its own lines
            width = max(len(r) for r in table)
            rows = [r + [""] * (width - len(r)) for r in table]
            lines = ["| " + " | ".join(self.esc(c) for c in rows[0]) + " |",
                     "|" + "---|" * width]
            lines += ["| " + " | ".join(self.esc(c) for c in r) + " |" for r in rows[1:]]
            return "\n" + "\n".join(lines) + "\n"
        return self.items(b.items, bold=b.ins) + self.note_refs(b.end_notes) + \
            self.quote(b.end_quoted) + self.closers(b.closers)

    # blocks --------------------------------------------------------------------------

    def para(self, text: str, indent: int = 0, num: str = "", markup: bool = False) -> None:
        """One paragraph: plain text wrapped with a hanging indent; Markdown as is
        (`markup`: the text starts with Markdown on purpose, do not escape its start)."""
        if self.md:
            lead = "&nbsp;" * (4 * indent) if indent else ""
            if num:
                text = f"{num} {text}" if text else num
            elif not markup and re.match(r"^(\d+[.)]|[-+*]\s|[-+*]$|[>#]|\s)", text):
                text = "\\" + text if not text[:1].isspace() else text.lstrip()
            self.lines += [lead + text, ""]
            return
        pad = " " * (6 * indent)
        if num:
            first = (pad + num).ljust(len(pad) + 6) if len(num) < 6 else pad + num + " "
        else:
            first = pad
        rest = pad + (" " * 6 if num else "")
        self.lines += wrap(text, WIDTH, initial_indent=first, subsequent_indent=rest,
                                    break_on_hyphens=False, break_long_words=False) or [first.rstrip()]
        self.lines.append("")

    def heading(self, u: UnitView, level: int) -> None:
        opener = self.br("[") * u.openers
        parts = [p for p in (u.num, u.heading) if p]
        if self.md:
            text = " — ".join(self.esc(p) for p in parts)
            bold = u.inserted
            text = f"{opener}{'**' + text + '**' if bold and text else text}"
            if u.status_label:
                text += f" *({u.status_label})*"
            self.lines += ["#" * min(level, 6) + " " + text, ""]
        else:
            lines = [opener + parts[0]] + parts[1:] if parts else [opener]
            for line in lines:
                self.lines.append(line.center(WIDTH).rstrip())
            self.lines.append("")
        if u.note:
            note = self.attr(u.note) + self.fn(u.note_fns)
            self.lines += [note if self.md else note.center(WIDTH).rstrip(), ""]

    def unit(self, u: UnitView, indent: int = 0, level: int = 2) -> None:
        if u.alt_label:
            self.para(f"**{self.esc(u.alt_label)}**" if self.md else u.alt_label, indent, markup=True)
        if u.kind in _HEADED:
            self.heading(u, level)
            child_indent = 0
        elif u.kind == "preamble":
            child_indent = 0
        else:
            child_indent = indent + 1
        blocks = [self.block(b) for b in u.blocks]
        num = ""
        if u.kind not in _HEADED and u.kind != "preamble":
            num = self.br("[") * u.openers + self.num(u)
            if u.note:
                blocks.insert(0, self.attr(u.note) + self.fn(u.note_fns))
        if num and not blocks:
            blocks = [""]
        # Blocks after the first (and the wrap-up) of a numbered unit hang at its text column.
        text_indent = indent + 1 if num else indent
        for k, text in enumerate(blocks):
            if k == 0:
                self.para(text, indent, num)
            else:
                self.para(text, text_indent)
        for ch in u.children:
            self.unit(ch, child_indent if u.kind not in _HEADED else indent, level + 1)
        for b in u.wrap_up:
            self.para(self.block(b), text_indent if u.kind not in _HEADED else 0)
        if u.trailing:
            self.para(self.closers(u.trailing).strip(), text_indent)
        for _label, alt in u.alternatives:
            self.unit(alt, indent, level)

    def num(self, u: UnitView) -> str:
        text = u.num
        if self.md:
            text = re.sub(r"^(\d+)([.)])", r"\1\\\2", self.esc(text))
            if u.inserted:
                text = f"**{text}**" if text else text
        return text

    # furniture -----------------------------------------------------------------------

    def masthead(self) -> None:
        m = self.v.meta
        w = self.v.words
        right = [x for x in (m.symbol, self.v.distribution, self.v.date, self.v.language_line,
                             self.v.original) if x]
        if self.md:
            if m.body:
                self.lines += [f"**{self.esc(m.body)}**", ""]
            self.lines += [" · ".join(self.esc(x) for x in right), ""]
            for x in (m.session, getattr(m, "venue", ""), m.agenda_item):
                if x:
                    self.lines += [self.esc(x), ""]
            self.lines += [f"# {self.esc(m.title)}", "", f"*{self.esc(self.v.version_line)}*", ""]
            for note in m.notes:
                self.lines += ["> " + self.esc(note), ""]
        else:
            left = wrap(m.body, 52) if m.body else []
            for k in range(max(len(left), len(right))):
                a = left[k] if k < len(left) else ""
                b = right[k] if k < len(right) else ""
                self.lines.append((a.ljust(WIDTH - len(b)) + b).rstrip())
            self.lines.append("")
            for x in (m.session, getattr(m, "venue", ""), m.agenda_item):
                if x:
                    self.lines += [x, ""]
            self.lines += wrap(m.title, WIDTH) + [""]
            self.lines += [self.v.version_line, ""]
            for note in m.notes:
                self.lines += wrap(note, WIDTH) + [""]
            self.lines += ["_" * WIDTH, ""]
        if self.v.bracketed:
            legend = (w["tx_head"] + (w["tx_marks"] if self.md else "") + w["tx_delete"]
                      + (w["tx_attr"] if self.v.attribution != "none" else "")
                      + w["tx_rest"] + (w["tx_index"] if self.v.show_index else w["tx_end"]))
            if self.md:
                self.lines += ["> " + self.esc(legend), ""]
            else:
                self.lines += wrap(legend, WIDTH) + [""]
        elif self.v.mode == "redline":
            legend = w["tx_redline"]
            if self.md:
                self.lines += ["> " + self.esc(legend), ""]
            else:
                self.lines += wrap(legend, WIDTH) + [""]
        if self.v.unlocated:
            warn = w.say("tx_warning", count=w.say("warn_count", n=len(self.v.unlocated)),
                         annex=w["unlocated_title"])
            self.lines += ([f"> **{self.esc(warn)}**", ""] if self.md
                           else wrap(warn, WIDTH) + [""])

    def entry(self, e: IndexEntry, label: str) -> None:
        w = self.v.words
        parts = [f"{label}{e.id} — {e.status_label}"]
        for key, names in ((w.proposed_by, e.proposers), (w.supported_by, e.supporters),
                           (w.opposed_by, e.opponents)):
            if names:
                parts.append(f"{key}{w.gap}{w.list_sep.join(names)}.")
        when = ", ".join(x for x in (e.session, e.date) if x)
        if when:
            parts.append(when + ".")
        if e.note:
            parts.append(e.note)
        if self.md:
            head, *rest = parts
            if label.startswith("[^"):
                self.lines += [f"{label}: `{e.id}` — **{self.esc(e.status_label)}**. "
                               + " ".join(self.esc(p) for p in rest), ""]
            else:
                self.lines += [f"- `{e.id}` — **{self.esc(e.status_label)}**. "
                               + " ".join(self.esc(p) for p in rest), ""]
        else:
            self.lines += wrap(parts[0], WIDTH, subsequent_indent="    ")
            for p in parts[1:]:
                self.lines += wrap(p, WIDTH, initial_indent="    ", subsequent_indent="    ")
            self.lines.append("")

    def notes(self) -> None:
        v = self.v
        w = v.words
        sep = w.list_sep
        if v.source_notes:
            self.section(w.notes)
            for n, _marker, words in v.source_notes:
                if self.md:
                    self.lines += [f"[^note-{n}]: {self.esc(words)}", ""]
                else:
                    self.lines += wrap(f"({n}) {words}", WIDTH, subsequent_indent="    ") + [""]
        if v.index:
            self.section(w.index_title)
            for e in v.index:
                self.entry(e, f"[^{e.num}]" if self.md else f"{e.num}. ")
        if v.unlocated:
            self.section(v.annex_title("unlocated_title"))
            for u in v.unlocated:
                who = f" ({sep.join(u.proposers)})" if u.proposers else ""
                text = w.say("tx_change", id=u.id, who=who, n=u.change, reason=u.reason)
                if u.closest:
                    text += w.say("tx_closest", text=u.closest)
                if self.md:
                    self.lines += ["- " + self.esc(text), ""]
                else:
                    self.lines += wrap(text, WIDTH, initial_indent="- ",
                                                subsequent_indent="  ") + [""]
        if v.foreign:
            self.section(v.annex_title("foreign_title"))
            for other in v.foreign:
                who = w.say("foreign_who", who=sep.join(other.proposers)) if other.proposers else ""
                lines = [f"{other.id} ({other.language}{who})", *other.changes]
                if self.md:
                    self.lines += ["- " + self.esc(lines[0]), *("  " + self.esc(x) for x in lines[1:]), ""]
                else:
                    self.lines += [f"- {lines[0]}", *(f"  {x}" for x in lines[1:]), ""]
        if v.overtaken:
            self.section(v.annex_title("overtaken_title"))
            for o in v.overtaken:
                who = f" ({sep.join(o.proposers)})" if o.proposers else ""
                text = w.say("tx_overtaken", id=o.id, who=who, reason=o.reason)
                if self.md:
                    self.lines += ["- " + self.esc(text), ""]
                else:
                    self.lines += wrap(text, WIDTH, initial_indent="- ",
                                       subsequent_indent="  ") + [""]
        if v.closed:
            self.section(w.say("annex", title=v.closed_title))
            for e in v.closed:
                self.entry(e, "- ")

    def section(self, title: str) -> None:
        if self.md:
            self.lines += [f"## {title}", ""]
        else:
            self.lines += ["_" * WIDTH, "", title.upper(), ""]

    def toc(self) -> None:
        if not self.v.toc:
            return
        if self.md:
            self.lines += [f"## {self.v.words.contents}", ""]
            for e in self.v.toc:
                state = f" *\\[{self.esc(e.state)}\\]*" if e.state else ""
                self.lines.append("  " * e.level + f"- {self.esc(e.label)}{state}")
            self.lines.append("")

    def write(self) -> str:
        self.masthead()
        self.toc()
        for paras in self.v.kept_before:
            for text in paras:
                self.para(self.esc(text))
        if self.v.preamble is not None:
            self.unit(self.v.preamble, 0)
        for u in self.v.body:
            self.unit(u, 0)
        for paras in self.v.kept_after:
            for text in paras:
                self.para(self.esc(text))
        self.notes()
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "\n".join(self.lines) + "\n"


def render_text(compiled: Compiled, fmt: str = "txt", attribution: str = "names",
                show_index: bool = True, registry: Registry | None = None) -> str:
    view = draft_view(compiled, attribution, show_index, registry)
    return _Writer(view, md=(fmt == "md")).write()


def write_md(compiled: Compiled, options: RenderOptions) -> bytes:
    """The draft writer of format ``md``."""
    return render_text(compiled, "md", options.attribution, options.show_index,
                       options.registry).encode("utf-8")


def write_txt(compiled: Compiled, options: RenderOptions) -> bytes:
    """The draft writer of format ``txt``."""
    return render_text(compiled, "txt", options.attribution, options.show_index,
                       options.registry).encode("utf-8")
