"""Final numbers for a new version: inserted units take their place in the sequence.

Numbers *follow their predecessors*: a unit inserted as ``58 bis`` becomes 59 and every
later sibling moves up by one; a deleted unit moves later siblings down by one. Gaps that
were already in the text stay (an excerpt numbered 2, 57, 58 keeps those numbers), and
units whose numbers cannot be read (``Annex``) are left alone. Articles are numbered
across the whole text; paragraphs and points within their parent.

`renumber_all(old, new, inserted)` returns the renumbered document, the concordance
(new number, former number, wId) of every unit whose number changed or that is new, and
what happened to every citation in the text (`follow_citations`): each one that cites a
renumbered provision follows it ("articles 31, paragraph 1, and 54, paragraph 1 (a)"),
citations of another instrument stay, and those that cite nothing are reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from . import ids
from .model import Document, TreatyError, Unit

_LATIN = "|".join(sorted(ids.LATIN, key=len, reverse=True))
_NUM = re.compile(rf"^(?P<pre>\D*?)(?P<val>\d+|[A-Za-z]{{1,6}})(?:[\s\-]*(?P<latin>{_LATIN}))?"
                  rf"(?P<post>[^\w]*)$", re.IGNORECASE)


_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@dataclass(frozen=True)
class Numbering:
    """How a sequence writes its numbers: arabic, lower/upper letters, or Roman."""

    style: str  # "arabic" | "lower" | "upper" | "roman" | "ROMAN"

    def value(self, token: str) -> int:
        if self.style == "arabic":
            return int(token)
        if self.style in ("roman", "ROMAN"):
            return ids.roman_to_int(token)
        return sum((ord(c.lower()) - 96) * 26 ** k for k, c in enumerate(reversed(token)))

    def write(self, n: int) -> str:
        if self.style == "arabic":
            return str(n)
        if self.style == "roman":
            return ids.int_to_roman(n).lower()
        if self.style == "ROMAN":
            return ids.int_to_roman(n)
        letters = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            letters = chr(97 + r) + letters
        return letters.upper() if self.style == "upper" else letters


def _parse(num: str | None) -> re.Match[str] | None:
    return _NUM.match(_latin(num).strip()) if num else None


def _latin(num: str) -> str:
    """A Latin-script number with its ordinal word read (``Article premier`` -> ``Article
    1``, ``Artículo primero``), so a French or Spanish text's first article counts; a Chinese
    one read (``第五条`` -> ``5``); other scripts as written."""
    from .languages import canonical_num, language_of_num

    return canonical_num(num) if language_of_num(num).code in ("en", "zh") else num


def _han(num: str | None) -> bool:
    from .languages import has_han

    return bool(num) and has_han(num or "")


def _style(units: list[Unit]) -> Numbering | None:
    tokens = [m.group("val") for u in units if (m := _parse(u.num))]
    if not tokens:
        return None
    if all(t.isdigit() for t in tokens):
        return Numbering("arabic")
    alpha = [t for t in tokens if t.isalpha()]
    if alpha and all(ids.is_roman(t) for t in alpha) and any(len(t) > 1 for t in alpha):
        return Numbering("ROMAN" if alpha[0].isupper() else "roman")
    if all(len(t) == 1 for t in alpha):
        return Numbering("upper" if alpha[0].isupper() else "lower")
    return None


def _renumber_sequence(old_seq: list[Unit], new_seq: list[Unit], inserted: set[str]) -> dict[str, str]:
    """wId -> new number string for one sequence of siblings."""
    style = _style([u for u in new_seq if u.wid not in inserted] or new_seq)
    if style is None:
        return {}
    new_wids = {u.wid for u in new_seq}
    deleted_before: dict[str, int] = {}
    gone = 0
    for u in old_seq:
        if u.wid not in new_wids:
            gone += 1
        deleted_before[u.wid] = gone
    result: dict[str, str] = {}
    added = 0
    previous: int | None = None
    # How the sequence writes its numbers, from a unit that was there before ("1.", "(a)").
    template, template_num = next(((m, u.num) for u in new_seq
                                   if u.wid not in inserted and (m := _parse(u.num))),
                                  (None, None))
    for u in new_seq:
        m = _parse(u.num)
        if m is None and (u.wid not in inserted or template is None):
            continue  # a number that cannot be read ("Annex") stays as it is
        if template is None:
            template, template_num = m, u.num
        if u.wid in inserted:  # its provisional number ("4 bis", "1 new") gives way
            value = (previous or 0) + 1
            added += 1
        else:
            assert m is not None
            try:
                base = style.value(m.group("val"))
            except (KeyError, ValueError):
                continue
            if m.group("latin"):
                previous = base + added - deleted_before.get(u.wid, 0)
                continue  # an existing "bis" keeps its number, on its shifted base
            value = base + added - deleted_before.get(u.wid, 0)
        previous = value
        pattern = template if u.wid in inserted else m
        assert pattern is not None
        written = style.write(value)
        if re.search("[٠-٩]", pattern.group("val")):  # المادة ٥ -> المادة ٦, not المادة 6
            written = written.translate(_ARABIC_INDIC)
        new = f"{pattern.group('pre')}{written}{pattern.group('post')}"
        source = template_num if u.wid in inserted else u.num
        if _han(source):  # 第五条 -> 第六条, in Han numerals
            from .languages import format_num

            new = format_num(source or "", str(value))
        if new != u.num and new != _latin(u.num or ""):
            result[u.wid] = new
    return result


@dataclass(frozen=True)
class CitationChange:
    """A citation consolidation rewrote: in unit `wid`, `before` became `after`."""

    wid: str
    citation: str
    """What was cited, in the old numbering (``article 23, paragraph 1 (b)``)."""
    before: str
    after: str
    context: str


@dataclass(frozen=True)
class CitationProblem:
    """A citation found in the text that could not be resolved (kept as written), or one
    of another instrument (`external`, kept as written on purpose)."""

    wid: str
    written: str
    reason: str
    context: str
    external: bool = False


@dataclass(frozen=True)
class Renumbered:
    doc: Document
    rows: list[tuple[str, str, str]]
    """Concordance rows: (new number, former number, wId)."""
    eid_map: dict[str, str]
    changed: list[CitationChange]
    unresolved: list[CitationProblem]
    external: list[CitationProblem]


def renumber(old: Document, new: Document, inserted: set[str],
             ) -> tuple[Document, list[tuple[str, str, str]], dict[str, str]]:
    """(renumbered document, concordance rows, old eId -> new eId)."""
    result = renumber_all(old, new, inserted)
    return result.doc, result.rows, result.eid_map


def renumber_all(old: Document, new: Document, inserted: set[str]) -> Renumbered:
    """Renumber `new` (the text after adopted proposals) following `old`, and make every
    citation in the text follow; returns the citations changed and those not resolved."""
    old_parent = {u.wid: u for u in old.units()}
    numbers: dict[str, str] = {}
    numbers.update(_renumber_sequence(old.articles(), new.articles(), inserted))
    for unit in new.units():
        kids = [c for c in unit.children if c.kind != "article"]
        if kids:
            before = old_parent.get(unit.wid)
            old_kids = [c for c in before.children if c.kind != "article"] if before else []
            for kind in dict.fromkeys(c.kind for c in kids):
                numbers.update(_renumber_sequence([c for c in old_kids if c.kind == kind],
                                                  [c for c in kids if c.kind == kind], inserted))

    def apply(unit: Unit) -> Unit:
        return replace(unit, num=numbers.get(unit.wid, unit.num),
                       children=tuple(apply(c) for c in unit.children))

    renamed = replace(new, preamble=new.preamble and apply(new.preamble),
                      body=tuple(apply(u) for u in new.body))
    renamed, eid_map = ids.renumber_eids(renamed)
    former = {u.wid: u.num for u in old.units()}
    parent_of = {c.wid: u.wid for u in renamed.units() for c in u.children}
    rows = [(numbers.get(u.wid, u.num or ""), former.get(u.wid) or "(new)", u.wid)
            for u in renamed.units()
            if (u.wid in numbers and u.wid not in inserted)
            or (u.wid in inserted and parent_of.get(u.wid) not in inserted)]
    renamed, changed, problems = follow_citations(old, renamed)
    return Renumbered(renamed, rows, eid_map, changed,
                      [p for p in problems if not p.external], [p for p in problems if p.external])


def _written(num: str | None) -> str:
    """A number token as running text writes it: ``58bis`` -> ``58 bis``."""
    base, k = ids.split_latin(ids.num_token(num))
    return base + (f" {ids.latin_suffix(k)}" if k else "")


def _cited(cit, relative: str, unit: Unit, article_of: dict[str, Unit]) -> str:
    if relative and unit.wid in article_of:
        art = article_of[unit.wid]
        return f"{cit.prose()} of {art.num or art.wid}".replace("article", "Article", 0)
    return cit.prose()


def _context(block: str, start: int, end: int, spaced: bool = True) -> str:
    """Some 40 characters either side, cut at a space (`spaced`: a text with spaces between
    words; Chinese is cut at 20 characters either side)."""
    if not spaced:
        return block[max(0, start - 20):min(len(block), end + 20)].strip()
    left = block.rfind(" ", 0, max(0, start - 40))
    return block[left + 1:min(len(block), end + 40)].strip()


def follow_citations(old: Document, new: Document, language: str = "",
                     ) -> tuple[Document, list[CitationChange], list[CitationProblem]]:
    """Rewrite every citation in `new` (written in `old`'s numbering) to the new numbers.

    `language` (default: `new`'s own) says how the text cites: English is read by
    `citation.mentions`, the other UN languages by `citation_lang.mentions`, and a number
    rewritten in those keeps the text's style (``٥`` -> ``٦``, ``五`` -> ``六``).

    Each number of a citation (`citation.mentions`) is resolved in `old` with what
    surrounds it (the article and paragraph it is written in) to a wId, and replaced by
    the number that unit has in `new`. Citations of another instrument are left alone;
    citations that cite nothing in `old`, or a unit `new` no longer has, are kept as
    written and reported. Cost: one scan of the text, one lookup per citation."""
    from . import citation_lang, languages
    from .citation import Citation, find_child, mentions, numbers

    code = languages.get(language or new.meta.language).code
    english = languages.get(code).citations is None

    def found(block: str) -> list:
        return mentions(block) if english else citation_lang.mentions(block, code)

    new_units = new.by_wid()
    old_units = old.by_wid()
    old_numbers, new_numbers = numbers(old), numbers(new)
    old_article_of: dict[str, Unit] = {}
    for art in new.articles():
        for u in art.walk():
            old_article_of[u.wid] = art
    edits: dict[tuple[str, int], list[tuple[int, int, str]]] = {}
    changed: list[CitationChange] = []
    problems: list[CitationProblem] = []
    cache: dict[tuple, tuple[str, str]] = {}

    old_parent = {} if english else {c.wid: u for u in old.units() for c in u.children}
    new_parent = {} if english else {c.wid: u for u in new.units() for c in u.children}

    def in_old(cit: Citation) -> Unit:
        """The unit cited in `old`; outside English, "l'article 11, alinéa 2" of an article
        whose paragraphs carry no number is its second paragraph."""
        try:
            return cit.unit(old, old_numbers)
        except TreatyError:
            if english or not cit.article or not cit.paragraph.isdigit():
                raise
            paras = [c for c in Citation(article=cit.article).unit(old, old_numbers).children
                     if c.kind == "paragraph"]
            n = int(cit.paragraph)
            if not paras or any(c.num for c in paras) or not 1 <= n <= len(paras):
                raise
            found = paras[n - 1]
            for token in cit.points:
                nxt = find_child(found, token)
                if nxt is None:
                    raise
                found = nxt
            return found

    def position(parents: dict[str, Unit], wid: str) -> int:
        siblings = [c.wid for c in parents[wid].children if c.kind == "paragraph"]
        return siblings.index(wid) + 1

    def target(unit: Unit, cit: Citation, relative: str, paragraph: Unit | None) -> tuple[str, str]:
        """(wid in old, "") or ("", reason)."""
        art = old_article_of.get(unit.wid)
        key = (cit, relative, art.wid if art else "", paragraph.wid if paragraph else "")
        if key in cache:
            return cache[key]
        try:
            if relative:
                if art is None:
                    raise TreatyError(str(cit), "relative to an article, but written outside one")
                old_art = old_units.get(art.wid)
                if old_art is None:  # a new article: its own numbers, nothing to follow
                    full = cit.within(ids.num_token(art.num))
                    if relative == "paragraph" and paragraph is not None:
                        full = replace(full, paragraph=ids.num_token(paragraph.num))
                    full.unit(new, new_numbers)
                    found = ("", "")
                else:
                    full = cit.within(ids.num_token(old_art.num))
                    if relative == "paragraph":
                        before = old_units.get(paragraph.wid) if paragraph is not None else None
                        if before is None:
                            raise TreatyError(str(cit), "a subparagraph outside a paragraph")
                        full = replace(full, paragraph=ids.num_token(before.num))
                    found = (in_old(full).wid, "")
            else:
                found = (in_old(cit).wid, "")
        except TreatyError as exc:
            found = ("", exc.problem.what)
        cache[key] = found
        return found

    def visit(unit: Unit, paragraph: Unit | None) -> None:
        blocks = unit.text + unit.wrap_up
        for k, block in enumerate(blocks):
            for m in found(block):
                context = _context(block, m.start, m.end, spaced=code != "zh")
                if m.external:
                    problems.append(CitationProblem(unit.wid, m.text, "another instrument",
                                                    context, external=True))
                    continue
                wid, reason = target(unit, m.citation, m.relative, paragraph)
                if reason:
                    problems.append(CitationProblem(unit.wid, m.text, reason, context))
                    continue
                if not wid:
                    continue
                now = new_units.get(wid)
                if now is None:
                    problems.append(CitationProblem(
                        unit.wid, m.text, f"cites {old_units[wid].num or wid}, which this "
                        "version deletes", context))
                    continue
                before_num = old_units[wid].num
                if not english and m.level == "paragraph" and not before_num and not now.num:
                    moved = position(new_parent, wid)  # an unnumbered paragraph, by place
                    if moved != position(old_parent, wid):
                        written = languages.write_like(m.text, str(moved))
                        edits.setdefault((unit.wid, k), []).append((m.start, m.end, written))
                        changed.append(CitationChange(unit.wid, _cited(
                            m.citation, m.relative, unit, old_article_of), m.text, written,
                            context))
                    continue
                if ids.num_token(now.num) == ids.num_token(before_num):
                    continue
                if not english:
                    written = languages.write_like(m.text, ids.num_token(now.num))
                elif m.level == "point":
                    written = ids.num_token(now.num)
                else:
                    written = _written(now.num)
                edits.setdefault((unit.wid, k), []).append((m.start, m.end, written))
                changed.append(CitationChange(unit.wid, _cited(m.citation, m.relative, unit,
                                                               old_article_of),
                                              m.text, written, context))
        for child in unit.children:
            visit(child, child if child.kind == "paragraph" else paragraph)

    for top in ([new.preamble] if new.preamble is not None else []) + list(new.body):
        visit(top, None)
    if not edits:
        return new, changed, problems

    def rewrite(unit: Unit) -> Unit:
        n_text = len(unit.text)
        blocks = list(unit.text + unit.wrap_up)
        for k in range(len(blocks)):
            for start, end, written in sorted(edits.get((unit.wid, k), []), reverse=True):
                blocks[k] = blocks[k][:start] + written + blocks[k][end:]
        return replace(unit, text=tuple(blocks[:n_text]), wrap_up=tuple(blocks[n_text:]),
                       children=tuple(rewrite(c) for c in unit.children))

    return (replace(new, preamble=new.preamble and rewrite(new.preamble),
                    body=tuple(rewrite(u) for u in new.body)), changed, problems)
