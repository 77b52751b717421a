"""Reader for plain-text and markdown treaty texts: one string in, one `Document` out.

The algorithm, in four linear passes (no pass looks back further than a small stack, so
reading is O(lines); the 90k-word EU AI Act reads in a fraction of a second):

1. **Lines.** YAML front matter (``---`` ... ``---``) is cut off (its ``title:`` is kept as
   a fallback title), markdown link definitions (``[label]: url``) are collected and
   dropped, and lines that are pure markup (code fences, ``<!-- -->``, ``* TOC``,
   ``{:toc}``, table borders, horizontal rules) count as blank lines. Markdown as pandoc
   writes it is normalised here: block-quote markers (``> **Article 13**``) become
   indentation (four spaces per ``>``, so quoted points stay under their paragraph), and a
   one-line article or chapter heading with emphasis anywhere in it, balanced or not
   (``Article 16 *(...)***``, ``**Article 5** (Scope)``), is heading markup.
2. **Blocks.** Consecutive lines are joined into one block (hard-wrapped and PDF-extracted
   text), except that a line *starts* a new block after a blank line, after a markdown
   heading, or when it is itself a heading, a numbered item following a list item or a
   finished sentence, a table row or a footnote definition; before the first article, a
   line opened by a recital word (``Recognizing``, ``Concerned``) after a line that ends a
   clause starts a block too (one recital per line). Each block's inline markup
   is stripped (`strip_markup`) and the block is classified by the first rule of `RULES`
   that matches (article, chapter, item ``1.``/``(a)``/``a)``/``a.``/``(i)`` ...).
3. **Front matter of the treaty.** Blocks before the first article or chapter become the
   title (first heading, else the front-matter title, else a short first line), editorial
   notes (anything before an explicit ``Preamble`` heading, kept in ``meta.notes``) and
   the preamble: its opening words (``text``), recitals (``(1)`` numbered, or opened by a
   participle such as *Considering*, *Recognizing*; a preamble collapsed into one line is
   split before each participle) and the enacting formula (``wrap_up``).
4. **Body.** A small state machine keeps a stack of open containers (part / chapter /
   section / title, nested in the order they are first seen), the open article and a
   stack of open items. An item becomes the sibling of the nearest open item with the
   same numbering style (and, in markdown, similar indentation), else a child of the
   innermost one; an arabic ``1.`` with no paragraph above it is a paragraph, everything
   else a point. Plain text goes to the innermost open paragraph (to the innermost item
   when indented under it or when it continues a sentence cut by a page break; to the
   article when it is an ``Option 2:`` / ``**Alternative**`` line separating alternatives).
   After the articles, ``IN WITNESS WHEREOF`` / ``Done at`` open a ``conclusions``
   hcontainer, ``ANNEX`` / ``APPENDIX`` / ``DECLARATION`` / ``RESOLUTION`` an ``annex``
   hcontainer (whose lines are kept as text blocks, unparsed), and markdown footnote
   definitions a ``footnotes`` hcontainer.

Finally each unit's own blocks are shaped into ``text`` / children / ``wrap_up``: text
before the first child is the intro, text after the last child the wrap-up; text between
children splits an article into unnumbered paragraphs (into ``hcontainer`` s named
``alternative`` when they hold numbered paragraphs, e.g. ``Option 1:`` ... ``Option 2:``)
and a paragraph into subparagraphs; inside other units it stays with the preceding child.
An article made only of several text blocks gets one unnumbered paragraph per block. Ids
come from `assign_ids` (a repeated number gets a ``-2`` suffix and a warning).

Nothing is dropped: every word of the source, apart from the markup listed in
`strip_markup` and the title line (kept in ``meta.title``), is in exactly one unit's
``num``, ``heading``, ``text`` or ``wrap_up`` (or in ``meta.notes``), in source order.
Square-bracketed negotiation text and ``Option 1:`` alternatives are kept verbatim as text.
Lines that look structural but cannot be placed (an unknown markdown heading, a repeated
article number) stay in the nearest unit and are reported as warnings with their line.

A European Parliament "amendments adopted" list (``Amendment 12`` / ``Text proposed by the
Commission`` / ``Amendment``, e.g. a ``pdftotext -layout`` dump) has no articles; each
amendment is kept as an ``hcontainer`` named ``amendment`` with its lines as text blocks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from .. import languages as lang
from ..ids import LATIN, assign_ids, eid_for, is_roman, num_token, roman_to_int
from ..model import Document, Metadata, Problem, TreatyError, Unit
from .md_markup import with_markdown_markup
from .result import ReadResult

# --------------------------------------------------------------------------------------
# The rules.  Every regex the reader uses is here, with what it recognises.
# --------------------------------------------------------------------------------------

_LATIN_ALT = "|".join(sorted(LATIN, key=len, reverse=True))
# The words of the other UN languages come from `languages` (tables per language).
_INSERTED_ALT = f"{_LATIN_ALT}|{lang.INSERTED_WORDS}"
# An article or chapter number: 12, IV, E, ١٢, premier / 1er, الأولى.
_HEAD_NUM = rf"(?:{lang.ORDINAL_WORDS}|\d+|[IVXLC]+|[A-Z])"
# Point letters in Cyrillic (а, б ...) and Arabic (أ, ب, ج ... in their order) as well.
_LETTER = rf"(?:[a-z]{{1,2}}|[а-яё]|{lang.ARABIC_LETTER_ALT})"
# Chinese list numbers: 一、 (a paragraph), （一） (a point), ㈠ (a paragraph, UN style).
_ZH_ITEM = rf"{lang.ZH_NUMERAL}、|[（(]{lang.ZH_NUMERAL}[）)]|[{lang.CIRCLED_HAN}]"

# Line-level markup that carries no words; such a line counts as a blank line.
DROP_LINE = re.compile(
    r"^\s*(?:"
    r"(?:```|~~~).*"                        # code fences, incl. ```{=html}
    r"|<!--\s*-->"                          # pandoc's empty HTML comment separator
    r"|[*+-]\s+TOC"                         # kramdown table-of-contents marker "* TOC"
    r"|\{:[^}]*\}"                          # kramdown attribute lines {:toc} {:.no_toc}
    r"|(?:[*_-][ \t]*){3,}"                 # horizontal rules *** --- * * *
    r"|[|+:=\s-]*[|+=-][|+:=\s-]*"          # table borders and separators |---|, +===+, |
    r")\s*$"
)
# A markdown link reference definition "[source]: http://..." (dropped; label remembered).
LINK_DEF = re.compile(r"^\s{0,3}\[(?!\^)(?P<label>[^\]]+)\]:\s+\S+(?:\s+\"[^\"]*\")?\s*$")
# A markdown ATX heading "### Article  2" / "####Title" (kramdown needs no space).
HEADING_MARK = re.compile(r"^\s*(?P<hashes>#{1,6})\s*")
# A whole line in emphasis: "*Article 5*", "**Option 1:**", "*[Further definitions ...]*".
EMPH_LINE = re.compile(r"^\s*\[?\*+\S.*\*+\]?\s*$")
# A markdown bullet "- text" / "* text" / "+ text" (not "**bold**", not "* emphasised*").
BULLET = re.compile(r"^\s*[-+*]\s+(?!.*\*\s*$)")
# Invisible direction marks and a stray BOM at the start of a block (they carry no words).
LEADING_MARKS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_MARKS = f"[{LEADING_MARKS}]*"
# An item marker at the start of a raw line, used to decide where blocks start.
_BIS = rf"(?:\s?(?:{_INSERTED_ALT}))?"  # an inserted item: "4 bis.", "(c bis)"
ITEM_START = re.compile(
    rf"^\s*{_MARKS}(?:\d{{1,3}}[a-z]{{0,2}}{_BIS}(?:\.|\s?-(?=\s))|\\?\((?:\d{{1,3}}[a-z]{{0,2}}|{_LETTER}|[ivx]+){_BIS}\\?\)"
    rf"|{_LETTER}{_BIS}\)|[a-z]\.|[ivx]+\.|\d{{1,3}}\))(?:\s|$)|^\s*{_MARKS}(?:{_ZH_ITEM})"
)
# Lines that always start a block: headings, table rows, footnote definitions.
BLOCK_START = re.compile(r"^\s*(?:#|\||\[\^[^\]]+\]:)")
# A plain line "Article 12" / "CHAPTER IV" / "ANNEX I" standing alone starts a block.
ALONE_START = re.compile(
    rf"^\s*{_MARKS}(?:(?:Article|ARTICLE|Artikel|CHAPTER|Chapter|PART|Part|SECTION|Section|TITLE|Title|ANNEX"
    rf"|Annex|APPENDIX|{lang.ARTICLE_WORDS}|{lang.CONTAINER_WORDS})\s+{_HEAD_NUM}"
    rf"(?:\s?(?:{_INSERTED_ALT})|[a-z]{{1,2}})?|{lang.ZH_ARTICLE}|{lang.ZH_CONTAINER})\s*$"
)
# Markdown normalisation (pandoc variants): block-quote markers "> " at the start of a line
# carry no words (a heading may be quoted: "> **Article 13 ...**").
QUOTE_MARK = re.compile(r"^\s{0,3}(?:>[ \t]?)+")
# Emphasis anywhere on a one-line heading, balanced or not: "Article 16 *(...)***",
# "**Article 5** (Scope)": the line is heading markup like "*Article 5*".
EMPH_IN_LINE = re.compile(r"\*")
# A sentence ends here (a numbered line after it starts a new block even without a blank).
SENTENCE_END = re.compile(r"[.;:。；：؛]\W*$")

# Inline markup, removed in this order (see `strip_markup`).
INLINE_MARKUP: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"<!--.*?-->", re.S), " "),                       # HTML comments
    (re.compile(r"</?[A-Za-z][^<>]*>"), " "),                      # HTML tags <sup> <p> <span ...>
    (re.compile(r"\[([^\[\]]*)\]\{[^{}]*\}"), r"\1"),              # pandoc spans [Chapter 2]{.smallcaps}
    (re.compile(r"\{[:.#=][^{}]*\}"), " "),                        # attribute blocks {:toc} {#id} {.ul}
    (re.compile(r"\[([^\[\]]*)\]\((?:https?:|mailto:|\.{0,2}/|#)[^)]*\)"), r"\1"),  # [text](url)
    (re.compile(r"\\(?=\s|$)"), ""),                                # pandoc hard line break "\"
    (re.compile(r"\\([!-/:-@\[-`{-~])"), r"\1"),                   # backslash escapes \[ \( \" \'
    (re.compile(r"\*+"), ""),                                       # emphasis * ** ***
)
_SPACE = re.compile(r"[ \t\n\r\f\v]+")  # layout only: no-break, thin spaces are text

# The block classification table: the first rule that matches a block's cleaned text wins
# (the state machine then checks the context: e.g. an article must be heading-like).
RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # A markdown footnote definition "[^3]: text" (Paris drafts): goes to a footnotes hcontainer.
    ("footnote", re.compile(r"^\[\^[^\]]+\]:")),
    # The preamble heading, or the Dutch mirror's one-line "Preamble The States Parties ...".
    ("preamble", re.compile(
        rf"^(?:{lang.PREAMBLE_WORDS})(?:(?!\w)|(?<=[\u3400-\u9fff]))[\s.:：]*(?P<rest>.*)$")),
    # The enacting formula: "Have agreed as follows:", "HAVE ADOPTED THIS REGULATION:".
    ("formula", re.compile(rf"^(?:{lang.FORMULAS})")),
    # The testimonium / final formula after the last article.
    ("conclusion", re.compile(rf"^(?:{lang.CONCLUSIONS})(?:(?!\w)|(?<=[\u3400-\u9fff]))")),
    # Annexes and the like after the articles: "ANNEX I", "### APPENDIX", "####DECLARATION".
    ("annex", re.compile(rf"^(?:{lang.ANNEX_WORDS})(?:(?!\w)|(?<=[\u3400-\u9fff]))(?P<rest>.*)$")),
    # A container heading: "CHAPTER IV", "### SECTION  1", "# TITLE IA", "Part II - Heading".
    ("container", re.compile(
        rf"^(?P<word>{lang.CONTAINER_WORDS})\s+(?P<num>[IVXLC]+[A-Z]?|\d+[a-zA-Z]?|[A-Z]"
        rf"|{lang.ORDINAL_WORDS})(?!\w)\.?"
        r"\s*(?:[-\u2013\u2014:.]\s+)?(?P<rest>.*)$")),
    # The same in Chinese: "第一章 总则", "第二部分".
    ("container", re.compile(rf"^(?P<num>{lang.ZH_CONTAINER})\s*(?:[:：]\s*)?(?P<rest>.*)$")),
    # An article heading: "Article 58", "Article 12 bis", "Article 2bis", "Article IVbis",
    # "Article 4a", "Article E", "[Article 3bis]"; the heading may follow on the same line.
    # Also "Article premier", "Artículo 1", "Статья 5 бис", "المادة ١٢ مكررا" (`languages`).
    ("article", re.compile(
        rf"^(?P<open>\[)?(?P<word>{lang.ARTICLE_WORDS}|Artikel|Aricle)\s+"
        rf"(?P<num>{_HEAD_NUM}(?:\s?(?:{_INSERTED_ALT})|[a-z]{{1,2}})?)(?!\w)"
        rf"\s*(?:[-\u2013\u2014:.]\s+)?(?P<rest>.*)$")),
    # The same in Chinese: "第一条", "第十三条之二", "第5条 定义" (the number is all of it).
    ("article", re.compile(
        rf"^(?P<open>\[)?(?P<word>)(?P<num>{lang.ZH_ARTICLE})\s*(?:[:：.]\s*)?(?P<rest>.*)$")),
    # A bare number as a markdown heading "### 1": a numbered paragraph (Social Charter, Part I).
    ("numhead", re.compile(r"^(?P<num>\d{1,3})\.?$")),
    # A numbered item; exactly one named group says the numbering style:
    #   dot "1." / "4a." / "4 bis."   pnum "(1)" / "(1a)"   plet "(a)" / "(iv)" / "(c bis)"
    #   rlet "a)" / "iv)"   dlet "a." / "iv."   rnum "1)"
    # Other scripts: Arabic "1 -" (dot), "(أ)" (plet), Cyrillic "а)" (rlet); Chinese
    # zdot "一、", zpar "（一）", zcirc "㈠".
    ("item", re.compile(
        rf"^(?:(?P<dot>\d{{1,3}}[a-z]{{0,2}}{_BIS})(?:\.(?!\d)|\s?-(?=\s))|\((?P<pnum>\d{{1,3}}[a-z]{{0,2}})\)"
        rf"|\((?P<plet>(?:{_LETTER}|[ivx]+){_BIS})\)|(?P<rlet>(?:{_LETTER}|[ivx]+){_BIS})\)"
        rf"|(?P<dlet>[a-z]|[ivx]+)\.|(?P<rnum>\d{{1,3}})\))(?:\s+|$)(?P<rest>.*)$", re.S)),
    ("item", re.compile(
        rf"^(?:(?P<zdot>{lang.ZH_NUMERAL})、|[（(](?P<zpar>{lang.ZH_NUMERAL})[）)]"
        rf"|(?P<zcirc>[{lang.CIRCLED_HAN}]))\s*(?P<rest>.*)$", re.S)),
    # A negotiation alternative "Option 1:", "[Option 2]", "Alt 1" (kept verbatim as text).
    ("option", re.compile(r"^\[?(?:Option|OPTION|Alt|ALT)\b")),
    # Anything else is text.
    ("text", re.compile(r"")),
)

RULE: dict[str, re.Pattern[str]] = {name: pattern for name, pattern in reversed(RULES)}

# Recitals that are not numbered start with a participle or adjective ("Considering that",
# "Deeply concerned", "Mindful of"); EU citations ("Having regard to") are not recitals.
RECITAL_WORD = (
    r"(?:[A-Z][a-z]+ing|Convinced|Concerned|Mindful|Aware|Conscious|Determined|Resolved"
    r"|Desirous|Moved|Persuaded|Deeply|Gravely|Further|Also|Pursuant|Have resolved|In pursuit)"
)
# After the recitals of a declaration: "The General Assembly", "Proclaims" (the closing words).
PREAMBLE_CLOSING = re.compile(rf"^(?:{lang.PREAMBLE_CLOSING})")


@lru_cache(maxsize=8)
def recital_patterns(code: str = "en") -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(start, split) of unnumbered recitals in language `code`: the English words above
    plus that language's openers from `languages` (``Whereas``, ``Considérant``, ``鉴于``)."""
    words = f"(?:{RECITAL_WORD[3:-1]}|{lang.get(code).recital_openers})"
    start = re.compile(
        rf"^(?:\[|Option \d+:\s*)*(?!Having regard|Acting in|After (?:transmission|consulting))"
        rf"{words}(?:\b|(?<=[\u3400-\u9fff]))")
    # Where a preamble collapsed into one line is split: before each such word that follows
    # a ";" (or a "," / ":" when a lower-case word comes next), and before "Have agreed".
    split = re.compile(
        rf"(?<=;)\s+(?={words}\b)|(?<=[,:])\s+(?={words}\s+[a-z])"
        rf"|(?<=[;,:])\s+(?=Have\s+(?:agreed|decided)\b)")
    return start, split


RECITAL_START, RECITAL_SPLIT = recital_patterns("en")
# A container heading that ends with the next level's number, as PDF conversions glue them:
# "TITLE VI GOVERNANCE CHAPTER 1", "# TITLE III" + "HIGH-RISK AI SYSTEMS CHAPTER 1".
TRAILING_CHAPTER = re.compile(r"^(?P<heading>.*?)\s*\b(?P<num>(?:CHAPTER|Chapter)\s+(?:\d+|[IVXLC]+))$")
# The first line of an "amendments adopted" list item: "Amendment 12".
AMENDMENT_HEAD = re.compile(r"^Amendment\s+\d+\s*$")
AMENDMENT_MARK = re.compile(r"Text proposed by the Commission\s+Amendment")

_STYLE_GROUPS = {"dot": "1.", "pnum": "(1)", "plet": "(a)", "rlet": "a)", "dlet": "a.", "rnum": "1)",
                 "zdot": "一、", "zpar": "（一）", "zcirc": "㈠"}
# Styles that number the paragraphs of an article (when no paragraph is open above them).
PARAGRAPH_STYLES = ("1.", "#", "一、", "㈠")
_ROMAN_OF = {"(a)": "(i)", "a)": "i)", "a.": "i."}


# --------------------------------------------------------------------------------------
# Pass 1 and 2: lines and blocks
# --------------------------------------------------------------------------------------


@dataclass
class Block:
    """Consecutive source lines read as one unit of text, with what its first line says."""

    line: int
    """1-based line number of the first line."""
    indent: int
    raw: str
    """The first line as written (stripped), markup included."""
    lines: list[str] = field(default_factory=list)
    text: str = ""
    """All lines joined, markup stripped, whitespace collapsed."""
    level: int = 0
    """Number of ``#`` of a markdown heading (0 if not a heading)."""
    emph: bool = False
    bullet: bool = False
    rule: str = "text"
    match: re.Match[str] | None = None

    @property
    def heading_markup(self) -> bool:
        return self.level > 0 or self.emph

    @property
    def found(self) -> re.Match[str]:
        """The match of a block a rule classified (only such blocks are asked for it)."""
        assert self.match is not None, self.raw
        return self.match


def strip_markup(text: str, link_labels: frozenset[str] = frozenset()) -> str:
    """The words of `text` without markdown / pandoc / HTML markup, whitespace collapsed.

    Removed: HTML tags and comments; pandoc spans ``[x]{.smallcaps}`` (kept: ``x``) and
    attribute blocks ``{...}``; link targets ``[x](url)`` and ``[x][label]`` for defined
    labels (kept: ``x``); backslash escapes (``\\[`` -> ``[``); emphasis asterisks.
    Kept verbatim: square brackets of negotiation text, footnote references ``[^3]``.

    >>> strip_markup("*In [furtherance][pursuit]* of the \\\\[objective\\\\]")
    'In [furtherance][pursuit] of the [objective]'
    """
    if link_labels:
        text = _strip_reference_links(text, link_labels)
    for pattern, repl in INLINE_MARKUP:
        text = pattern.sub(repl, text)
    return _SPACE.sub(" ", text).strip()


def _strip_reference_links(text: str, labels: frozenset[str]) -> str:
    def repl(m: re.Match[str]) -> str:
        label = (m.group(2) or m.group(1)).lower()
        return m.group(1) if label in labels else m.group(0)

    return re.sub(r"\[([^\[\]]+)\]\[([^\[\]]*)\]", repl, text)


def _front_matter(lines: list[str]) -> tuple[int, str | None]:
    """Number of lines of YAML front matter at the top, and its ``title:`` value."""
    if not lines or lines[0].strip() != "---":
        return 0, None
    title = None
    for i in range(1, min(len(lines), 200)):
        stripped = lines[i].strip()
        if stripped in ("---", "..."):
            return i + 1, title
        m = re.match(r"title:\s*(.+)$", stripped)
        if m and title is None:
            title = m.group(1).strip().strip("\"'")
    return 0, None


def _is_break(raw: str) -> bool:
    return not raw.strip() or bool(DROP_LINE.match(raw))


def _starts_block(raw: str, prev: str, prev_item: bool) -> bool:
    """Does the (non-blank) line `raw`, following the line `prev`, start a new block?"""
    if BLOCK_START.match(raw) or EMPH_LINE.match(raw):
        return True
    if HEADING_MARK.match(prev) or ALONE_START.match(prev):  # a heading is one line
        return True
    if BULLET.match(raw):
        return True
    if ITEM_START.match(raw):
        return prev_item or bool(SENTENCE_END.search(prev)) or raw[:1].isspace()
    return bool(ALONE_START.match(raw))


def _quote_indent(match: re.Match[str]) -> str:
    """A block quote is an indented block: four spaces per ``>`` (nesting is kept)."""
    return "    " * match.group(0).count(">")


def _first_article_line(lines: list[str], start: int) -> int:
    """Index of the first line that opens an article (recitals are before it)."""
    for index in range(start, len(lines)):
        text = strip_markup(QUOTE_MARK.sub("", HEADING_MARK.sub("", lines[index], count=1)))
        if RULE["article"].match(text) and len(text.split()) <= 15:
            return index
    return len(lines)


def _starts_recital(raw: str, prev: str) -> bool:
    """One recital per line in a preamble: a line opened by a participle ("Recognizing",
    "Concerned") after a line that ends a clause starts a new block."""
    text = strip_markup(raw)
    return bool(RECITAL_START.match(text)) and prev.rstrip(" *_").endswith((",", ";", ".", ":"))


def split_blocks(lines: list[str], start: int, link_labels: frozenset[str]) -> list[Block]:
    """Pass 2: group lines ``start..`` into blocks and strip their markup."""
    blocks: list[Block] = []
    current: Block | None = None
    prev = ""
    prev_item = False
    body_at = _first_article_line(lines, start)
    for index in range(start, len(lines)):
        raw = QUOTE_MARK.sub(_quote_indent, lines[index].replace("\f", " ")).rstrip()
        if _is_break(raw) or (LINK_DEF.match(raw) and not raw.lstrip().startswith("[^")):
            current, prev, prev_item = None, "", False
            continue
        if current is None or _starts_block(raw, prev, prev_item) or (
                index < body_at and _starts_recital(raw, prev)):
            expanded = raw.expandtabs(4)
            current = Block(line=index + 1, indent=len(expanded) - len(expanded.lstrip()),
                            raw=raw.strip())
            blocks.append(current)
        current.lines.append(raw.strip())
        prev = raw
        prev_item = bool(ITEM_START.match(raw) or BULLET.match(raw))
    for block in blocks:
        _finish_block(block, link_labels)
    return [block for block in blocks if block.text]  # markup only, e.g. "#  {#title-iva}"


def _finish_block(block: Block, link_labels: frozenset[str]) -> None:
    first = block.lines[0]
    heading = HEADING_MARK.match(first)
    if heading:
        block.level = len(heading.group("hashes"))
        block.lines[0] = first[heading.end():]
    elif BULLET.match(first) and not EMPH_LINE.match(first):
        block.bullet = True
        block.lines[0] = BULLET.sub("", first, count=1)
    block.emph = bool(EMPH_LINE.match(block.lines[0])) and len(block.lines) == 1
    block.text = strip_markup(" ".join(block.lines), link_labels)
    classify(block)
    if block.rule in ("article", "container") and len(block.lines) == 1 \
            and EMPH_IN_LINE.search(block.lines[0]):
        block.emph = True  # "Article 16 *(...)***": emphasis inside a heading line


def classify(block: Block, footnote: bool | None = None) -> Block:
    """Set the block's rule: the first of `RULES` its text matches. `footnote` True / False
    forces a footnote definition / rules it out (a reader that knows which blocks are
    notes says so), None lets the text decide. Directional marks a word processor puts
    before a right-to-left paragraph (RLM, ALM, embeddings) are dropped from its start, so
    ``\u200fالمادة 1`` is a heading."""
    block.text = block.text.lstrip(LEADING_MARKS)
    for name, pattern in RULES:
        if name == "numhead" and not block.level:
            continue
        if name == "footnote" and footnote is not None:
            if footnote:
                block.rule, block.match = name, pattern.match(block.text)
                return block
            continue
        match = pattern.match(block.text)
        if match:
            block.rule, block.match = name, match
            break
    return block


def plain_block(line: int, text: str, level: int = 0, indent: int = 0, bullet: bool = False,
                footnote: bool = False) -> Block:
    """A block of plain words (no markup to strip), from a reader that has already found
    the paragraphs, their heading level, indentation and bullets (the Word reader).
    `line` is where it is in that reader's source (a paragraph number)."""
    words = _SPACE.sub(" ", text).strip()
    return classify(Block(line=line, indent=indent, raw=words, lines=[words], text=words,
                          level=level, bullet=bullet), footnote)


# --------------------------------------------------------------------------------------
# The tree under construction
# --------------------------------------------------------------------------------------


@dataclass(eq=False)
class Node:
    """A unit being built: its blocks and children in reading order (`seq`)."""

    kind: str
    num: str | None = None
    heading: str | None = None
    eid: str = ""
    """Set only where the number alone would give a wrong id (``Artikel 36``)."""
    line: int = 0
    indent: int = 0
    style: str = ""
    style_token: str = ""
    """The item's number without brackets (``c`` for ``(c)``), to tell ``(i)`` from ``(h)``+1."""
    attrs: tuple[tuple[str, str], ...] = ()
    seq: list[str | Node] = field(default_factory=list)

    def add(self, entry: str | Node) -> None:
        self.seq.append(entry)

    def add_text(self, text: str) -> None:
        """Add a text block; one that continues a sentence broken by a page break is joined."""
        if self.seq and isinstance(self.seq[-1], str) and _continues(self.seq[-1], text):
            self.seq[-1] = f"{self.seq[-1]} {text}"
        else:
            self.seq.append(text)

    def last_text(self) -> str:
        return self.seq[-1] if self.seq and isinstance(self.seq[-1], str) else ""


def _continues(previous: str, text: str) -> bool:
    """Is `text` the rest of the sentence `previous` (broken by a page break)?"""
    return text[:1].islower() and bool(previous) and previous.rstrip()[-1:] not in ".;:,!?"


def _looks_like_heading(block: Block) -> bool:
    """A short line in capitals standing alone ("GENERAL PURPOSE AI SYSTEMS")."""
    text = block.text
    return len(block.lines) == 1 and 2 <= len(text.split()) <= 12 and text.isupper() \
        and text[-1] not in ".;:," and sum(c.isalpha() for c in text) > 8


def _heading_like(block: Block) -> bool:
    """Can `block` be the heading of the article or chapter just opened?"""
    if block.rule not in ("text", "annex") or len(block.lines) > 2 or block.bullet:
        return False
    text = block.text
    if not text or len(text.split()) > (60 if block.heading_markup else 20):
        return False
    if block.heading_markup:
        return True
    return (lang.starts_like_heading(text) or text[0] in "[(") and text[-1] not in ".;:,。；：，"


def _clean_heading(rest: str) -> tuple[str | None, tuple[tuple[str, str], ...]]:
    """``(adaptation)`` -> ``adaptation``; ``]`` closing a bracketed ``[Article 3bis]``."""
    attrs: tuple[tuple[str, str], ...] = ()
    rest = rest.strip()
    if rest.startswith("]"):
        attrs = (("class", "bracketed"),)
        rest = rest[1:].strip()
    if len(rest) > 2 and rest[0] == "(" and rest[-1] == ")" and "(" not in rest[1:-1]:
        rest = rest[1:-1].strip()
    return (rest or None), attrs


def _opens_list(node: Node) -> bool:
    """Does `node`'s text end with a colon, so that an item indented under it is its child?"""
    last = node.seq[-1] if node.seq else ""
    return isinstance(last, str) and last.rstrip().endswith(":")


def _item_style(match: re.Match[str]) -> tuple[str, str]:
    """(style, token) of an item match: ``("(a)", "c")`` for ``(c)``."""
    groups = match.groupdict()
    for group, style in _STYLE_GROUPS.items():
        token = groups.get(group)
        if token is not None:
            return style, token
    raise AssertionError("item rule without a style group")


# --------------------------------------------------------------------------------------
# Pass 3: title, notes and preamble
# --------------------------------------------------------------------------------------


@dataclass
class Front:
    title: str | None = None
    notes: list[str] = field(default_factory=list)
    preamble: Unit | None = None


def _guess_title(blocks: list[Block], fm_title: str | None) -> int | None:
    """Index of the block that is the title: the first non-structural markdown heading,
    else (without front-matter title) a short first or second line."""
    for i, block in enumerate(blocks):
        if block.level and block.rule in ("text", "annex", "option"):
            return i
    if fm_title:
        return None
    for i, block in enumerate(blocks[:2]):
        words = lang.word_count(block.text)
        if block.rule == "text" and 3 <= words <= 25 and block.text[-1] not in ",;:，；：" \
                and len(block.lines) <= 3:
            return i
    return None


def read_front(blocks: list[Block], fm_title: str | None, language: str = "en") -> Front:
    """Title, editorial notes and preamble from the blocks before the body."""
    front = Front(title=fm_title)
    title_at = _guess_title(blocks, fm_title)
    if title_at is not None:
        front.title = blocks[title_at].text
    rest = [b for i, b in enumerate(blocks) if i != title_at]
    marker = next((i for i, b in enumerate(rest) if b.rule == "preamble"), None)
    heading = None
    if marker is not None:
        front.notes = [b.text for b in rest[:marker]]
        pre_block = rest[marker]
        heading = pre_block.text[: pre_block.found.start("rest")].strip() if pre_block.match else None
        rest = rest[marker:]
    start, split = recital_patterns(language)
    pieces = _preamble_pieces(rest, marker is not None, split)
    if pieces or heading:
        front.preamble = _build_preamble(pieces, heading, start)
    return front


def _preamble_pieces(blocks: list[Block], has_marker: bool, split: re.Pattern[str] = RECITAL_SPLIT,
                     ) -> list[tuple[Block, str]]:
    """(block, text) pieces of the preamble; collapsed one-line preambles are split."""
    numbered = any(b.rule == "item" and b.match and b.match.group("pnum") for b in blocks)
    pieces: list[tuple[Block, str]] = []
    for i, block in enumerate(blocks):
        text = block.text
        if i == 0 and has_marker and block.rule == "preamble" and block.match:
            text = block.found.group("rest")
            if not text:
                continue
        parts = [text] if numbered else split.split(text)
        pieces.extend((block, part) for part in parts if part)
    return pieces


def _build_preamble(pieces: list[tuple[Block, str]], heading: str | None,
                    start: re.Pattern[str] = RECITAL_START) -> Unit:
    numbered = any(b.rule == "item" and b.match and b.match.group("pnum") for b, _ in pieces)
    intro: list[str] = []
    formula: list[str] = []
    recitals: list[tuple[str | None, list[str]]] = []
    for block, text in pieces:
        first_piece = text == block.text
        if formula or RULE["formula"].match(text) or (recitals and PREAMBLE_CLOSING.match(text)):
            formula.append(text)
        elif numbered and block.rule == "item" and block.match and block.found.group("pnum"):
            recitals.append((f"({block.found.group('pnum')})", [block.found.group("rest")]))
        elif numbered:  # text after a numbered recital belongs to it
            texts = recitals[-1][1] if recitals else intro
            if texts and _continues(texts[-1], text):
                texts[-1] = f"{texts[-1]} {text}"
            else:
                texts.append(text)
        elif recitals or start.match(text) or (first_piece and block.raw.startswith(("*", "[*"))
                                                        and not block.emph):
            recitals.append((None, [text]))
        else:
            intro.append(text)
    children = tuple(Unit(kind="recital", num=num, text=tuple(texts)) for num, texts in recitals)
    return Unit(kind="preamble", eid="preamble", wid="preamble", heading=heading,
                text=tuple(intro), children=children, wrap_up=tuple(formula))


# --------------------------------------------------------------------------------------
# Pass 4: the body
# --------------------------------------------------------------------------------------


class NoArticles(TreatyError):
    """The text has no article headings: not a treaty text, or one this reader cannot see."""


class BodyReader:
    """The state machine of pass 4: feed it blocks, then call `finish`."""

    def __init__(self, where: str, place: str = "line") -> None:
        self.where = where
        self.place = place
        self.body: list[Node] = []
        self.containers: list[Node] = []
        self.ranks: dict[str, int] = {}
        self.article: Node | None = None
        self.items: list[Node] = []
        self.expect_heading: Node | None = None
        self.mode = "body"  # body | conclusions | annex | footnotes
        self.extra: Node | None = None  # the open conclusions / annex / footnotes hcontainer
        self.articles = 0
        self.warnings: list[Problem] = []

    # -- helpers ------------------------------------------------------------------------

    def warn(self, block: Block, what: str, hint: str) -> None:
        self.warnings.append(Problem(self.where, what, hint, line=block.line))

    def holder(self) -> Node | None:
        return self.article or (self.containers[-1] if self.containers else None)

    def _open_extra(self, name: str, block: Block) -> Node:
        self.article, self.items, self.containers = None, [], []
        node = Node(kind="hcontainer", line=block.line, attrs=(("name", name),))
        self.body.append(node)
        self.extra = node
        return node

    # -- dispatch -----------------------------------------------------------------------

    def feed(self, block: Block) -> None:
        expecting, self.expect_heading = self.expect_heading, None
        if expecting is not None and _heading_like(block):
            self._set_heading(expecting, block.text)
            return
        rule = block.rule
        if rule == "footnote":
            if self.mode != "footnotes":
                self.mode = "footnotes"
                self._open_extra("footnotes", block)
            assert self.extra is not None
            self.extra.add(block.text)
        elif self.mode in ("annex", "footnotes"):
            self._annex_block(block)
        elif rule == "conclusion" and self.articles and self.mode != "conclusions":
            self.mode = "conclusions"
            self._open_extra("conclusions", block).add(block.text)
        elif rule == "annex" and self.articles and self._annex_heading(block):
            self._start_annex(block)
        elif rule == "container" and self._container_heading(block):
            self.mode = "body"
            self._open_container(block)
        elif rule == "article" and self._article_heading(block):
            self.mode = "body"
            self._open_article(block)
        elif self.mode == "conclusions":
            assert self.extra is not None
            self.extra.add(block.text)
        elif rule == "numhead" and block.level:
            self._add_item(block, "#", block.found.group("num"), block.found.group("num"), "")
        elif rule == "item" or block.bullet:
            self._item(block)
        else:
            self._text(block)

    # -- structure ----------------------------------------------------------------------

    @staticmethod
    def _container_heading(block: Block) -> bool:
        rest = block.found.group("rest")
        if len(block.lines) > 1 or len(block.text.split()) > 20:
            return False
        word = block.found.group("word")
        return block.heading_markup or not rest or word.isupper() or lang.caseless(word[:1])

    @staticmethod
    def _article_heading(block: Block) -> bool:
        if len(block.lines) > 1 or block.found.group("word") == "Aricle":
            return False
        if block.heading_markup:
            return True
        rest = block.found.group("rest")
        if not rest or re.fullmatch(r"\[?deleted\]?", rest):
            return True
        return (lang.starts_like_heading(rest) and lang.word_count(block.text) <= 15
                and rest[-1] not in ".;:," and "(" not in block.text[:12])

    def _annex_heading(self, block: Block) -> bool:
        if block.heading_markup:
            return True
        text = block.text
        return len(block.lines) == 1 and len(text.split()) <= 6 and text.split()[0].isupper()

    def _open_container(self, block: Block) -> None:
        self.article, self.items, self.extra = None, [], None
        match = block.found
        kind = lang.CONTAINER_KIND[match.group("word")]
        heading, attrs = _clean_heading(match.group("rest"))
        node = Node(kind=kind, num=block.text[: match.start("rest")].strip(" .:-\u2013\u2014"),
                    line=block.line, attrs=attrs)
        self._push_container(node)
        if heading is None:
            self.expect_heading = node
        else:
            self._set_heading(node, heading)

    def _push_container(self, node: Node) -> None:
        rank = self.ranks.setdefault(node.kind, len(self.containers))
        while self.containers and self.ranks[self.containers[-1].kind] >= rank:
            self.containers.pop()
        (self.containers[-1].seq if self.containers else self.body).append(node)
        self.containers.append(node)

    def _set_heading(self, node: Node, heading: str) -> None:
        """Set `node`'s heading; a glued-on "CHAPTER 1" opens that chapter inside it."""
        glued = TRAILING_CHAPTER.match(heading) if node.kind in ("title", "part") else None
        if glued is None:
            node.heading = heading
            return
        node.heading = glued.group("heading") or None
        chapter = Node(kind="chapter", num=glued.group("num"), line=node.line)
        self._push_container(chapter)
        self.expect_heading = chapter

    def _open_article(self, block: Block) -> None:
        match = block.found
        rest = match.group("rest")
        text: str | None = None
        if re.fullmatch(r"\[?deleted\]?", rest):
            text, rest = rest, ""
        heading, attrs = _clean_heading(rest)
        if match.group("open"):  # "[Article 3bis]": the whole article is in brackets
            attrs = (("class", "bracketed"),)
        word, number = match.group("word"), match.group("num")
        node = Node(kind="article", num=f"{word} {number}".strip(), heading=heading, line=block.line,
                    attrs=attrs)
        if not lang.is_article_word(word):  # "Artikel 36" (a typo in a source)
            node.eid = eid_for("article", f"Article {number}")
            self.warn(block, f"{word!r} read as 'Article'", "check the article heading")
        if text:
            node.add(text)
        (self.containers[-1].seq if self.containers else self.body).append(node)
        self.article, self.items, self.extra = node, [], None
        self.articles += 1
        if heading is None and not text:
            self.expect_heading = node

    def _start_annex(self, block: Block) -> None:
        self.mode = "annex"
        node = self._open_extra("annex", block)
        if len(block.text.split()) <= 3:  # "ANNEX IV", "APPENDIX", "RESOLUTION"
            node.num = block.text
            self.expect_heading = node
        else:  # "Appendix to the Social Charter"
            node.heading = block.text

    def _annex_block(self, block: Block) -> None:
        if self.mode == "annex" and block.rule == "annex" and self._annex_heading(block) \
                and block.level <= 3:
            self._start_annex(block)
        else:
            assert self.extra is not None
            self.extra.add(block.text)

    # -- items --------------------------------------------------------------------------

    def _item(self, block: Block) -> None:
        if block.bullet and block.rule != "item":
            self._add_item(block, "-", None, "", block.text)
            return
        style, token = _item_style(block.found)
        style, token = self._roman_or_alpha(style, token)
        marker = block.text[: block.found.start("rest")].strip()
        self._add_item(block, style, marker, token, block.found.group("rest"))

    def _roman_or_alpha(self, style: str, token: str) -> tuple[str, str]:
        """``(i)`` is a roman sub-point unless it continues ``(h)``; ``(v)`` after ``(u)``."""
        if style not in _ROMAN_OF or not re.fullmatch(r"[ivx]+", token):
            return style, token
        roman = _ROMAN_OF[style]
        if token == "i" and self.items and self.items[-1].style == style and _opens_list(self.items[-1]):
            return roman, token  # "(h) ... the following:" + "(i)" opens sub-points
        for node in reversed(self.items):
            if node.style == roman and is_roman(node.style_token):
                if roman_to_int(node.style_token) + 1 == roman_to_int(token):
                    return roman, token
            if node.style == style and len(token) == 1 and node.style_token \
                    and ord(node.style_token[-1]) + 1 == ord(token):
                return style, token
        if token == "i" or len(token) > 1:
            return roman, token
        return style, token

    def _sibling_level(self, style: str, indent: int) -> int | None:
        """Index of the open item a new ``style`` item at `indent` follows as a sibling: the
        nearest one with the same style and indentation, else with about the same indentation
        (pandoc varies it), unless it is the last item, ends with a colon and is less indented."""
        same = [k for k in range(len(self.items) - 1, -1, -1) if self.items[k].style == style]
        for k in same:
            if self.items[k].indent == indent:
                return k
        for k in same:
            level = self.items[k]
            nested = indent > level.indent and k == len(self.items) - 1 and _opens_list(level)
            if abs(level.indent - indent) <= 2 and not nested:
                return k
        return None

    def _add_item(self, block: Block, style: str, marker: str | None, token: str, rest: str) -> None:
        holder = self.holder()
        if holder is None:  # cannot happen after the first article or chapter
            self._text(block)
            return
        indent = block.indent
        sibling = self._sibling_level(style, indent)
        if sibling is not None:
            del self.items[sibling:]
        else:
            while self.items and self.items[-1].indent > indent + 2:
                self.items.pop()
        is_para = style in PARAGRAPH_STYLES and not any(n.kind == "paragraph" for n in self.items)
        if is_para and self.items and indent <= self.items[-1].indent:
            self.items.clear()  # "2." after points "a." ... "f." of an unnumbered first paragraph
        parent = self.items[-1] if self.items else holder
        node = Node(kind="paragraph" if is_para else "point", num=marker, line=block.line,
                    indent=indent, style=style, style_token=token)
        if rest:
            node.add(rest)
        parent.add(node)
        self.items.append(node)

    # -- text ---------------------------------------------------------------------------

    def _text(self, block: Block) -> None:
        if block.level or _looks_like_heading(block):
            self.warn(block, f"unrecognised heading {block.text[:60]!r}",
                      "kept as text of the enclosing unit; check the structure there")
        elif block.rule in ("article", "container") and len(block.lines) == 1 \
                and len(block.text.split()) <= 8 and not SENTENCE_END.search(block.text):
            self.warn(block, f"{block.text[:60]!r} looks like a heading but was read as text",
                      "kept as text of the enclosing unit; write it as a heading line if it is one")
        holder = self.holder()
        if holder is None:
            holder = self._open_extra("text", block)
            self.mode = "conclusions"
        target = self._text_target(block, holder)
        target.add_text(block.text)

    def _text_target(self, block: Block, holder: Node) -> Node:
        text = block.text
        separator = block.rule == "option" or (block.emph and len(text.split()) <= 12)
        if separator and block.indent < 2:  # "Option 2:", "**Proposed Mechanism 2**"
            self.items.clear()
            return holder
        if self.items and _continues(self.items[-1].last_text(), text):
            return self.items[-1]
        if block.indent >= 2 and self.items:
            for k in range(len(self.items) - 1, -1, -1):
                if self.items[k].indent < block.indent:
                    del self.items[k + 1:]
                    return self.items[k]
        while self.items and self.items[-1].kind != "paragraph":
            self.items.pop()
        return self.items[-1] if self.items else holder

    # -- the end ------------------------------------------------------------------------

    def finish(self) -> tuple[Unit, ...]:
        lines: dict[int, int] = {}
        body = tuple(finish_node(node, lines) for node in self.body)
        self._check_duplicates(body, lines)
        return body

    def _check_duplicates(self, body: tuple[Unit, ...], lines: dict[int, int]) -> None:
        """Warn about a number used twice: articles in the whole text, other units among
        their siblings (the second one's id gets a ``-2`` suffix)."""
        articles: dict[str, Unit] = {}
        for unit in (u for top in body for u in top.walk()):
            siblings: dict[tuple[str, str], Unit] = {}
            for child in unit.children:
                if child.num and child.kind != "article":
                    key = (child.kind, num_token(child.num))
                    self._duplicate(child, siblings.setdefault(key, child), lines)
            if unit.kind == "article":
                self._duplicate(unit, articles.setdefault(num_token(unit.num), unit), lines)

    def _duplicate(self, unit: Unit, first: Unit, lines: dict[int, int]) -> None:
        if first is not unit:
            self.warnings.append(Problem(
                self.where,
                f"{unit.kind} {unit.num!r} appears again (first at {self.place} "
                f"{lines.get(id(first))})",
                "kept as it is; its id gets a -2 suffix; check the numbering",
                line=lines.get(id(unit))))


# --------------------------------------------------------------------------------------
# Shaping: a node's reading-order blocks -> text / children / wrap_up
# --------------------------------------------------------------------------------------


def _segments(seq: list[str | Node]) -> list[tuple[list[str], list[Node]]]:
    """Split `seq` before every text that follows a child."""
    segments: list[tuple[list[str], list[Node]]] = []
    for entry in seq:
        if isinstance(entry, str):
            if not segments or segments[-1][1]:
                segments.append(([entry], []))
            else:
                segments[-1][0].append(entry)
        else:
            if not segments:
                segments.append(([], []))
            segments[-1][1].append(entry)
    return segments


def finish_node(node: Node, lines: dict[int, int]) -> Unit:
    """The frozen `Unit` for `node`, its blocks shaped into intro / children / wrap-up
    (`lines` records each unit's source line, by ``id``, for warnings)."""
    segments = _segments(node.seq)
    wrap_up: list[str] = []
    if segments and not segments[-1][1] and len(segments) > 1:
        wrap_up = segments.pop()[0]
    text: list[str] = []
    children: list[Node] = []
    if not segments:
        pass
    elif len(segments) == 1:
        text, children = segments[0]
        if not children and node.kind == "article" and len(text) > 1:  # unnumbered paragraphs
            text, children = [], [Node(kind="paragraph", line=node.line, seq=[t]) for t in text]
    elif node.kind in ("article", "paragraph"):
        children = [_wrapper(node.kind, texts, kids) for texts, kids in segments]
    else:
        text = segments[0][0]
        for texts, kids in segments:
            if children:
                for entry in texts:
                    children[-1].add(entry)
            children.extend(kids)
    unit = Unit(kind=node.kind, eid=node.eid, num=node.num, heading=node.heading, text=tuple(text),
                children=tuple(finish_node(c, lines) for c in children), wrap_up=tuple(wrap_up),
                attrs=node.attrs)
    lines[id(unit)] = node.line
    return unit


def _wrapper(kind: str, texts: list[str], kids: list[Node]) -> Node:
    """An unnumbered paragraph (in an article) or subparagraph (in a paragraph) holding one
    run of text and the items after it; an hcontainer if the items are paragraphs."""
    if kind == "paragraph":
        wrapper = Node(kind="subparagraph")
    elif any(k.kind == "paragraph" for k in kids):
        is_option = bool(texts) and RULE["option"].match(texts[0]) is not None
        wrapper = Node(kind="hcontainer", attrs=(("name", "alternative" if is_option else "block"),))
    else:
        wrapper = Node(kind="paragraph")
    wrapper.seq = [*texts, *kids]
    return wrapper


# --------------------------------------------------------------------------------------
# Amendment lists (European Parliament "texts adopted")
# --------------------------------------------------------------------------------------


def is_amendment_list(lines: list[str]) -> bool:
    heads = sum(1 for line in lines if AMENDMENT_HEAD.match(line.replace("\f", "").strip()))
    return heads >= 3 and any(AMENDMENT_MARK.search(line) for line in lines[:2000])


def read_amendment_list(lines: list[str], where: str) -> ReadResult:
    """Each ``Amendment N`` and the blocks up to the next one become an hcontainer named
    ``amendment``: num ``Amendment N``, heading the target (``Proposal for a regulation
    Recital 1``), text the blocks (both columns of a layout dump, line by line)."""
    preface: list[str] = []
    units: list[Unit] = []
    current: tuple[str, list[str]] | None = None  # (num, blocks)
    for block in _plain_blocks(lines):
        if AMENDMENT_HEAD.match(block):
            if current:
                units.append(_amendment_unit(*current))
            current = (block, [])
        elif current is None:
            preface.append(block)
        else:
            current[1].append(block)
    if current:
        units.append(_amendment_unit(*current))
    title = next((p for p in preface if 3 <= len(p.split()) <= 25), None)
    preamble = Unit(kind="preamble", eid="preamble", wid="preamble", text=tuple(preface)) \
        if preface else None
    doc = Document(meta=Metadata(title=title or "Untitled draft"), preamble=preamble,
                   body=tuple(units))
    warning = Problem(where, f"no articles: this is a list of {len(units)} amendments",
                      "each amendment is kept as an hcontainer named 'amendment'")
    return ReadResult(assign_ids(doc), (warning,))


def _plain_blocks(lines: list[str]) -> Iterator[str]:
    """Runs of non-blank lines, whitespace collapsed; an ``Amendment N`` line is its own run."""
    run: list[str] = []
    for raw in lines:
        line = _SPACE.sub(" ", raw.replace("\f", " ")).strip()
        if not line or AMENDMENT_HEAD.match(line):
            if run:
                yield " ".join(run)
                run = []
            if line:
                yield line
        else:
            run.append(line)
    if run:
        yield " ".join(run)


def _amendment_unit(num: str, blocks: list[str]) -> Unit:
    heading = None
    if blocks and blocks[0].startswith("Proposal for"):
        heading, blocks = blocks[0], blocks[1:]
    return Unit(kind="hcontainer", num=num, heading=heading, text=tuple(blocks),
                attrs=(("name", "amendment"),))


# --------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------


def read_text(text: str, where: str = "<text>", **options: str) -> ReadResult:
    """Read a treaty from plain text or markdown (see the module docstring).

    Option ``language`` (``fr``, ``ar`` ...): the text's language; detected when not given.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if is_amendment_list(lines):
        return read_amendment_list(lines, where)
    start, fm_title = _front_matter(lines)
    labels = frozenset(m.group("label").lower() for line in lines
                       if (m := LINK_DEF.match(line)) is not None)
    result = read_blocks(split_blocks(lines, start, labels), where, fm_title,
                         language=options.get("language", ""))
    # Emphasis and links of Markdown kept as inline markup (words are not touched).
    doc = with_markdown_markup(result.document, lines, start,
                               lambda words: strip_markup(words, labels))
    return ReadResult(doc, result.warnings)


def read_blocks(blocks: list[Block], where: str, title: str | None = None,
                place: str = "line", language: str = "") -> ReadResult:
    """The document that classified `blocks` make: the front matter (title, notes,
    preamble) up to the first article or chapter heading, then the body. `place` names
    what a block's `line` counts in warnings ("line", or "paragraph" for Word). `language`
    (``fr``, ``ar`` ...) is the text's, detected from the blocks when not given. Raises
    `NoArticles` if there is no article."""
    body_start = next((i for i, b in enumerate(blocks) if _starts_body(b)), None)
    if body_start is None:
        raise NoArticles(where, "no articles found",
                         "the text needs article headings such as 'Article 1' on their own line")
    found = lang.find(language) or lang.get(lang.detect("\n".join(b.text for b in blocks[:2000])))
    front = read_front(blocks[:body_start], title, found.code)
    reader = BodyReader(where, place)
    for block in blocks[body_start:]:
        reader.feed(block)
    if not reader.articles:
        raise NoArticles(where, "no articles found",
                         "the text needs article headings such as 'Article 1' on their own line")
    meta = Metadata(title=front.title or "Untitled draft", notes=tuple(front.notes),
                    language=found.code3)
    doc = Document(meta=meta, preamble=front.preamble, body=reader.finish())
    return ReadResult(assign_ids(doc), tuple(reader.warnings))


def _starts_body(block: Block) -> bool:
    if block.rule == "article":
        return BodyReader._article_heading(block)
    if block.rule == "container":
        return BodyReader._container_heading(block)
    return False
