"""A citation of a provision, as negotiators write it, as a value: parse it, format it,
resolve it to a unit; and find every citation in running text.

`Citation` is to a provision what cobalt's `FrbrUri` is to a work: a small frozen value
with a parser and formatters. The short form is what people type on the command line,
the prose form what a treaty says:

>>> c = Citation.parse("58.2(a)")
>>> c
Citation(article='58', paragraph='2', points=('a',))
>>> str(c), c.prose()
('58.2(a)', 'article 58, paragraph 2 (a)')
>>> Citation.parse("article 23, paragraph 1 (b) (ii)")
Citation(article='23', paragraph='1', points=('b', 'ii'))
>>> Citation.parse("paragraph 2 of article 55") == Citation.parse("55.2")
True
>>> str(Citation.parse("Article 58 bis")), str(Citation.parse("preamble 3"))
('58bis', 'preamble 3')

`resolve(doc)` gives the wId of the unit cited (or raises `TreatyError` saying which part
is missing):

>>> from treaty.model import Document, Unit
>>> art = Unit("article", "art_58", "art_58", "Article 58", children=(
...     Unit("paragraph", "art_58__para_2", "art_58__para_2", "2.", children=(
...         Unit("point", "art_58__para_2__point_a", "art_58__para_2__point_a", "(a)"),)),))
>>> Citation.parse("58.2(a)").resolve(Document(body=(art,)))
'art_58__para_2__point_a'

`mentions(text)` finds every citation in a sentence, one `Mention` per number written,
with the full citation that number stands for. Lists (commas, "and", "or", "to" ranges),
nested forms ("articles 31, paragraph 1, and 54, paragraph 1 (a)", "paragraph 2 of
article 55") and relative ones ("paragraph 1 of this article", "subparagraph (b)") are
understood; another instrument's provisions are marked `external`:

>>> [(m.text, str(m.citation)) for m in mentions("articles 31, paragraph 1, and 54, "
...                                               "paragraph 1 a), of this Convention")]
[('31', '31'), ('1', '31.1'), ('54', '54'), ('1', '54.1'), ('a', '54.1(a)')]
>>> [(m.text, m.external) for m in mentions("article 5 of the United Nations Convention")]
[('5', True)]
>>> [(m.text, str(m.citation), m.relative) for m in mentions("paragraph 1 of this article")]
[('1', '.1', 'article')]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from .ids import LATIN, is_roman, num_token, split_latin
from .model import Document, TreatyError, Unit


@dataclass(frozen=True)
class Citation:
    """A provision: article (number token, e.g. ``58bis``), paragraph, points (``a``,
    ``ii``), or a recital of the preamble, or a chapter. Empty `article` with a
    paragraph means "of this article" (relative to where the citation is written)."""

    article: str = ""
    paragraph: str = ""
    points: tuple[str, ...] = ()
    recital: int | None = field(default=None, repr=False)
    chapter: str = field(default="", repr=False)

    # -- parsing ---------------------------------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> Citation:
        """A citation from its short form (``58``, ``58.2``, ``58.2(a)``, ``58 bis``,
        ``preamble 3``) or its prose form (``article 58, paragraph 2 (a)``, ``paragraph 2
        of article 58``, ``chapter IV``)."""
        raw = text.strip()
        pre = re.fullmatch(r"preamble(?:\s*(?:para(?:graph)?|rec(?:ital)?)?\s*(\d+))?", raw, re.I)
        if pre:
            return cls(recital=int(pre.group(1)) if pre.group(1) else 0)
        chap = re.fullmatch(r"chapter\s+([0-9A-Za-z]+)", raw, re.I)
        if chap:
            return cls(chapter=chap.group(1))
        if re.match(r"(?:sub)?paragraphs?\s|articles?\s+\d+\s*,", raw, re.I):
            found = [m.citation for m in mentions(raw) if m.citation.article and not m.external]
            if found:
                return max(found, key=lambda c: bool(c.paragraph) + len(c.points))
        m = re.fullmatch(r"(?:art(?:icle)?\.?\s*)?([0-9A-Za-z]+(?:\s*[a-z]+)?)"
                         r"((?:\.\s*[0-9A-Za-z]+(?:\s?[a-z]+)?)*)((?:\s*\([0-9A-Za-z ]+\))*)", raw, re.I)
        if not m:
            raise TreatyError(text, "not a citation",
                              "write e.g. 58, 58.2, 58.2(a), preamble 3 or an id")
        paras = [num_token(p) for p in m.group(2).split(".") if p.strip()]
        points = [num_token(p) for p in re.findall(r"\(([^)]+)\)", m.group(3))]
        if len(paras) > 1:
            points = paras[1:] + points
        return cls(num_token(m.group(1)), paras[0] if paras else "", tuple(points))

    # -- formatting ------------------------------------------------------------------------

    def __str__(self) -> str:
        if self.recital is not None:
            return f"preamble {self.recital}" if self.recital else "preamble"
        if self.chapter:
            return f"chapter {self.chapter}"
        out = self.article
        if self.paragraph:
            out += f".{self.paragraph}"
        return out + "".join(f"({p})" for p in self.points)

    def prose(self) -> str:
        """As a treaty writes it: ``article 58, paragraph 2 (a)``."""
        if self.recital is not None or self.chapter:
            return str(self)
        base, k = split_latin(self.article)
        parts = [f"article {base}{f' {LATIN[k - 1]}' if k else ''}"] if self.article else []
        if self.paragraph:
            parts.append(f"paragraph {self.paragraph}" + "".join(f" ({p})" for p in self.points))
        elif self.points:
            parts.append("".join(f"({p})" for p in self.points))
        return ", ".join(parts) if self.article else " ".join(parts)

    def within(self, article: str) -> Citation:
        """A relative citation ("paragraph 1 of this article") made absolute."""
        return self if self.article else replace(self, article=article)

    # -- resolving -------------------------------------------------------------------------

    def resolve(self, doc: Document) -> str:
        """The wId of the unit cited in `doc`; `TreatyError` names the missing part."""
        return self.unit(doc).wid

    def unit(self, doc: Document, table: Mapping[str, Unit] | None = None) -> Unit:
        """The unit cited in `doc`. `table` (`numbers(doc)`), when resolving many
        citations in one document, saves walking it for each one."""
        me = str(self)
        if self.recital is not None:
            if doc.preamble is None:
                raise TreatyError(me, "the text has no preamble", "cite an article instead")
            if not self.recital:
                return doc.preamble
            recitals = [u for u in doc.preamble.walk() if u.kind == "recital"] or list(
                doc.preamble.children)
            if 1 <= self.recital <= len(recitals):
                return recitals[self.recital - 1]
            raise TreatyError(me, f"the preamble has {len(recitals)} recitals",
                              "cite an existing recital")
        table = numbers(doc) if table is None else table
        if self.chapter:
            found = table.get(f"chapter {self.chapter.lower()}")
            if found is None:
                raise TreatyError(me, f"no chapter {self.chapter} in this text",
                                  "check the numbering")
            return found
        if not self.article:
            raise TreatyError(me, "a citation relative to an article needs the article",
                              "cite it as 58.2")
        unit = table.get(self.article.lower())
        if unit is None:
            raise TreatyError(me, f"no article {self.article} in this text",
                              "check `treaty amendments`")
        for token in ((self.paragraph,) if self.paragraph else ()) + self.points:
            nxt = find_child(unit, token)
            if nxt is None:
                raise TreatyError(me, f"{unit.num or unit.eid} has no {token}",
                                  "check the numbering in the compiled draft")
            unit = nxt
        return unit


def _same(a: str, b: str) -> bool:
    return a.lower() == b.lower()


def numbers(doc: Document) -> dict[str, Unit]:
    """Articles by number token (lower case, ``58bis``) and chapters as ``chapter iv``:
    the first unit with each number, found in one walk of the text."""
    table: dict[str, Unit] = {}
    provision = doc.provision_kind()  # sections, in an act built of sections
    for u in doc.units():
        if u.kind == provision:
            table.setdefault(num_token(u.num).lower(), u)
        elif u.kind == "chapter":
            table.setdefault(f"chapter {num_token(u.num).lower()}", u)
    return table


def find_article(doc: Document, token: str) -> Unit | None:
    return numbers(doc).get(token.lower())


def find_child(unit: Unit, token: str) -> Unit | None:
    """The child numbered `token`; points inside unnumbered paragraphs are found too."""
    for child in unit.children:
        if _same(num_token(child.num), token):
            return child
    for child in unit.children:
        if not child.num:
            found = find_child(child, token)
            if found is not None:
                return found
    return None


# -- citations in running text -----------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """One number written in a citation: ``text[start:end]`` stands for `citation` at
    `level` (``article``, ``paragraph``, ``point``, ``chapter``). `relative` is
    ``article`` when the citation is inside the article it is written in ("of this
    article", or a bare "paragraph 3"), ``paragraph`` for a subparagraph of the current
    paragraph; `external` when it cites another instrument."""

    start: int
    end: int
    text: str
    level: str
    citation: Citation
    relative: str = ""
    external: bool = False


_TOKEN = re.compile(r"\d+(?:\.\d+)*|[^\W\d_]+|\S")
_INTERNAL = {"convention", "protocol", "agreement", "treaty", "instrument", "covenant",
             "charter", "statute", "constitution", "regulation", "directive", "code", "act"}
_DIVISIONS = {"part", "chapter", "section", "title"}
_POINT = re.compile(r"^(?:[a-z]{1,2}|[ivx]{1,6})$")


@dataclass
class _Tok:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()


@dataclass(frozen=True)
class _Num:
    start: int
    end: int
    token: str
    next: int
    """Index of the token after the number."""


class _Scanner:
    """A small recursive-descent reader of citations over word/punctuation tokens."""

    def __init__(self, text: str):
        self.text = text
        self.toks = [_Tok(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        self.out: list[Mention] = []

    def at(self, i: int) -> str:
        return self.toks[i].low if 0 <= i < len(self.toks) else ""

    def number(self, i: int, roman: bool = False, letter: bool = False) -> _Num | None:
        """A provision number at token i (``58``, ``58 bis``; Roman numerals with `roman`,
        for chapters and articles; a capital letter with `letter`: "Article B")."""
        if not 0 <= i < len(self.toks):
            return None
        t = self.toks[i]
        nxt = self.toks[i + 1].text if i + 1 < len(self.toks) else ""
        # "Article B": a capital letter, unless a capitalised word follows ("article A State")
        lettered = letter and len(t.text) == 1 and "A" <= t.text <= "Z" and not (
            nxt[:1].isupper() and nxt[1:2].islower())
        if not (t.text.isdigit() or (roman and is_roman(t.text) and t.text.isupper())
                or lettered):
            return None
        if "." in t.text:
            return None  # "4.8": a decimal or a sub-number, not a citation of a provision
        if self.at(i + 1) in LATIN:
            latin = self.toks[i + 1]
            return _Num(t.start, latin.end, t.text + latin.low, i + 2)
        return _Num(t.start, t.end, t.text, i + 1)

    def points(self, i: int) -> tuple[int, list[tuple[_Tok, tuple[str, ...]]]]:
        """Points after a paragraph number: ``(a)``, ``a)``, ``(b) (ii)``, ``a) (i) or
        (ii) or b) (i)``. Returns (next index, [(token, path)])."""
        found: list[tuple[_Tok, tuple[str, ...]]] = []
        path: list[tuple[tuple[bool, bool], str]] = []
        j = i
        while True:
            k = j
            if self.at(k) in ("or", "and", ",", "to") and found:
                k += 1
            if self.at(k) == "(" and _POINT.match(self.at(k + 1)) and self.at(k + 2) == ")":
                tok, style, nxt = self.toks[k + 1], True, k + 3
            elif (_POINT.match(self.at(k)) and self.at(k + 1) == ")"
                  and self.toks[k + 1].start == self.toks[k].end and self.at(k - 1) != "("):
                tok, style, nxt = self.toks[k], False, k + 2
            else:
                return j, found
            roman = bool(re.fullmatch(r"[ivx]+", tok.low)) and (
                len(tok.low) > 1 or any(not r for (_p, r), _t in path))
            key = (style, roman)
            depth = next((n for n, (s, _t) in enumerate(path) if s == key), len(path))
            path = path[:depth] + [(key, tok.low)]
            found.append((tok, tuple(t for _s, t in path)))
            j = nxt

    def scope(self, i: int) -> tuple[int, str]:
        """What follows a list: ``of this Convention`` (internal), ``of this article``,
        ``of this paragraph``, ``of article N`` / ``of paragraph N``, ``of the X``
        (external), or nothing. Returns (index after it, kind)."""
        j = i + 1 if self.at(i) == "," and self.at(i + 1) == "of" else i
        if self.at(j) != "of":
            return i, ""
        w1, w2 = self.at(j + 1), self.at(j + 2)
        if w1 in ("this", "the") and w2 == "article":
            return j + 3, "this-article"
        if w1 in ("this", "the") and w2 in ("paragraph", "subparagraph"):
            return j + 3, "this-paragraph"
        if w1 == "this" and w2 in _INTERNAL:
            return j + 3, "internal"
        if w1 == "the" and w2 == "present" and self.at(j + 3) in _INTERNAL:
            return j + 4, "internal"
        if w1 in ("article", "paragraph"):
            return j + 1, w1
        if w1 in _DIVISIONS and self.number(j + 2, roman=True) is not None:
            # "of Part II of this Charter": the division, then what it belongs to
            k, outer = self.scope(self.number(j + 2, roman=True).next)  # type: ignore[union-attr]
            return k, "external" if outer == "external" else "internal"
        return j, "external"

    def add(self, start: int, end: int, level: str, citation: Citation, relative: str = "",
            external: bool = False) -> None:
        self.out.append(Mention(start, end, self.text[start:end], level, citation, relative,
                                external))

    def _continues(self, j: int, roman: bool = False, article: bool = False) -> int | None:
        """The index of the next number of a list (after ``,``, ``and``, ``or``, ``to``)."""
        k = j
        if self.at(k) == ",":
            k += 1
        if self.at(k) in ("and", "or", "to"):
            k += 1
        found = self.article(k) if article else self.number(k, roman)
        return k if k != j and found is not None else None

    def article(self, i: int) -> _Num | None:
        return self.number(i, roman=True, letter=True)

    def articles(self, i: int) -> int:
        items: list[tuple[_Num, list]] = []
        j = i
        while (num := self.article(j)) is not None:
            j = num.next
            paras: list = []
            if self.at(j) == "," and self.at(j + 1) in ("paragraph", "paragraphs"):
                nxt, paras = self.paragraph_list(j + 2, nested=True)
                if paras:
                    j = nxt
            items.append((num, paras))
            k = self._continues(j, article=True)
            if k is None:
                break
            j = k
        if not items:
            return i
        j, scope = self.scope(j)
        external = scope == "external"
        for num, paras in items:
            self.add(num.start, num.end, "article", Citation(article=num.token), external=external)
            self._paras(paras, num.token, "", external)
        return max(j, i)

    def paragraph_list(self, i: int, nested: bool = False) -> tuple[int, list]:
        """``1``, ``1 (a)``, ``1 and 2``, ``9 to 29``: (next index, [(number, points)]).
        `nested`: inside an article list, where ``and 54, paragraph 1`` is the next article."""
        items = []
        j = i
        while (num := self.number(j)) is not None:
            j, pts = self.points(num.next)
            items.append((num, pts))
            k = self._continues(j)
            if k is None:
                break
            after = self.number(k)
            if nested and after is not None and self.at(after.next) == "," and \
                    self.at(after.next + 1).startswith("paragraph"):
                break
            j = k
        return j, items

    def _paras(self, paras: list, article: str, relative: str, external: bool) -> None:
        for num, pts in paras:
            cit = Citation(article=article, paragraph=num.token)
            self.add(num.start, num.end, "paragraph", cit, relative, external)
            for tok, path in pts:
                self.add(tok.start, tok.end, "point", replace(cit, points=path), relative,
                         external)

    def paragraphs(self, i: int) -> int:
        j, paras = self.paragraph_list(i)
        if not paras:
            return i
        j, scope = self.scope(j)
        if scope == "article":
            num = self.article(j + 1)
            if num is not None:
                k, art_scope = self.scope(num.next)
                external = art_scope == "external"
                self.add(num.start, num.end, "article", Citation(article=num.token),
                         external=external)
                self._paras(paras, num.token, "", external)
                return k
            scope = "external"
        if scope in ("", "this-article"):
            self._paras(paras, "", "article", False)
        elif scope != "this-paragraph":
            self._paras(paras, "", "article", True)
        return max(j, i)

    def subparagraphs(self, i: int) -> int:
        j, pts = self.points(i)
        if not pts:
            return i
        j, scope = self.scope(j)
        if scope == "paragraph":
            k, paras = self.paragraph_list(j + 1)
            if paras:
                k, outer = self.scope(k)
                num = paras[0][0]
                relative = "article" if outer in ("", "this-article") else ""
                external = outer not in ("", "this-article", "internal")
                self._paras([(num, [])], "", relative, external)
                for tok, path in pts:
                    self.add(tok.start, tok.end, "point",
                             Citation(paragraph=num.token, points=path), relative, external)
                return k
        external = scope not in ("", "this-paragraph")
        for tok, path in pts:
            self.add(tok.start, tok.end, "point", Citation(points=path), "paragraph", external)
        return max(j, i)

    def chapters(self, i: int) -> int:
        items = []
        j = i
        while (num := self.number(j, roman=True)) is not None:
            items.append(num)
            j = num.next
            k = self._continues(j, roman=True)
            if k is None:
                break
            j = k
        if not items:
            return i
        j, scope = self.scope(j)
        for num in items:
            self.add(num.start, num.end, "chapter", Citation(chapter=num.token),
                     external=scope == "external")
        return max(j, i)

    def run(self) -> list[Mention]:
        i = 0
        readers = {"article": self.articles, "articles": self.articles,
                   "paragraph": self.paragraphs, "paragraphs": self.paragraphs,
                   "subparagraph": self.subparagraphs, "subparagraphs": self.subparagraphs,
                   "chapter": self.chapters, "chapters": self.chapters}
        while i < len(self.toks):
            reader = readers.get(self.at(i))
            i = reader(i + 1) if reader else i + 1
        return sorted(self.out, key=lambda m: m.start)


_TRIGGER = re.compile(r"articles?\s|(?:sub)?paragraphs?\s|chapters?\s", re.I)


def mentions(text: str) -> list[Mention]:
    """Every number of every citation written in `text`, in text order."""
    if not _TRIGGER.search(text):  # most sentences cite nothing: no tokenising
        return []
    return _Scanner(text).run()
