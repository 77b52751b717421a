"""Citations in the running text of a French, Spanish, Russian, Arabic or Chinese version.

One reader for all of them, driven by each language's `languages.CitationWords`: a level
noun (article, paragraph, point, chapter) in any of its forms, its list of numbers ("5 et
6", "5 à 7", "5 و6", "5 bis", "premier", "٥", "a)", "(أ)"), then, linked by the language's
"of" words or by nothing (Russian declines: "пункта 2 статьи 5"), the higher level it
belongs to, then what it is of: "this Convention" (internal), "this article" (relative),
another instrument (external). Chinese writes the number inside the noun (第五条第二款(a)项)
and is read by patterns of its own. Each number gives one `citation.Mention`, exactly as
the English reader does, so `renumber.follow_citations` treats every language alike:

>>> [(m.text, str(m.citation)) for m in mentions("le paragraphe 2 de l'article 5", "fr")]
[('2', '5.2'), ('5', '5')]
>>> [(m.text, m.external) for m in mentions("статьи 5 Венской конвенции", "ru")]
[('5', True)]
>>> [(m.text, str(m.citation)) for m in mentions("本公约第五条第二款(a)项", "zh")]
[('五', '5'), ('二', '5.2'), ('a', '5.2(a)')]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import languages
from .citation import Citation, Mention, _Num, _Tok  # the English reader's records
from .ids import num_token

_TOKEN = re.compile(r"[0-9٠-٩]+|[^\W\d_]+|\S")
_LEVELS = ("point", "paragraph", "article", "chapter")
_POINT = re.compile(r"^(?:[a-z]{1,2}|[ivx]{1,6}|[а-яё]|هـ|[\u0621-\u064a])$")
_ROMAN = re.compile(r"^[IVXLC]+$")


@dataclass(frozen=True)
class _Group:
    level: str
    nums: tuple[_Num, ...]


class _Reader:
    """Over word/punctuation tokens: a chain of groups (lowest level first), then a scope."""

    def __init__(self, text: str, words: languages.CitationWords, language: languages.Language):
        self.text = text
        self.words = words
        self.toks = [_Tok(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        self.nouns: dict[str, str] = {}
        for level in _LEVELS:
            for w in getattr(words, level):
                self.nouns[w] = level
        self.ordinals = {w.lower(): n for w, n in language.ordinals}
        self.inserted = {w.lower() for w in language.inserted} | {
            w for w in languages.LATIN_INSERTED}
        self.out: list[Mention] = []

    def at(self, i: int) -> str:
        return self.toks[i].low if 0 <= i < len(self.toks) else ""

    def noun(self, i: int) -> tuple[str, int] | None:
        """(level, index after it) when a level noun starts at i (one or two words)."""
        two = f"{self.at(i)} {self.at(i + 1)}"
        if two in self.nouns:
            return self.nouns[two], i + 2
        one = self.at(i)
        if one in self.nouns and not (one in ("п", "ст", "art", "par") and self.at(i + 1) != "."):
            return self.nouns[one], i + (2 if self.at(i + 1) == "." and len(one) <= 3 else 1)
        return None

    def number(self, i: int, level: str) -> _Num | None:
        if not 0 <= i < len(self.toks):
            return None
        t = self.toks[i]
        if level == "numbered point":
            level = "paragraph"
        elif level == "point":
            k = i + 1 if t.text in "(（" else i
            if k < len(self.toks) and _POINT.match(self.at(k)) and self.at(k + 1) in (")", "）"):
                tok = self.toks[k]
                return _Num(tok.start, tok.end, num_token(f"({tok.text})"), k + 2)
            return None
        for span in (3, 2, 1):  # ordinal words: "premier", "الحادية عشرة"
            words = [self.toks[j] for j in range(i, min(i + span, len(self.toks)))]
            if len(words) == span and " ".join(w.low for w in words) in self.ordinals:
                value = self.ordinals[" ".join(w.low for w in words)]
                return self._inserted(_Num(words[0].start, words[-1].end, str(value), i + span))
        if t.text.isdigit() and self.at(i + 1) in ("er", "re") and \
                self.toks[i + 1].start == t.end:  # "1er"
            return _Num(t.start, self.toks[i + 1].end, num_token(t.text), i + 2)
        if t.text.isdigit() or (level == "chapter" and _ROMAN.match(t.text)):
            return self._inserted(_Num(t.start, t.end, num_token(t.text), i + 1))
        return None

    def _inserted(self, num: _Num) -> _Num:
        """"5 bis", "5 бис", "5 مكررا"."""
        word = self.at(num.next)
        if word in self.inserted:
            tok = self.toks[num.next]
            return _Num(num.start, tok.end, num_token(self.text[num.start:tok.end]), num.next + 1)
        return num

    def numbers(self, i: int, level: str) -> tuple[list[_Num], int]:
        found: list[_Num] = []
        j = i
        while (num := self.number(j, level)) is not None:
            found.append(num)
            k = num.next
            while self.at(k) in self.words.joins or self.at(k) in self.words.ranges:
                k += 1
            if k == num.next or self.number(k, level) is None:
                return found, num.next
            j = k
        return found, j

    def skip_links(self, i: int) -> int:
        while self.at(i) in self.words.links:
            i += 1
        return i

    def scope(self, i: int) -> tuple[int, str]:
        """What the chain is of: internal, this-article, this-paragraph, external or ""."""
        j = self.skip_links(i)
        if self.at(j) in self.words.this:
            noun = self.noun(j + 1)
            if noun is not None and noun[0] in ("article", "paragraph"):
                return noun[1], f"this-{noun[0]}"
            if self.at(j + 1) in self.words.instruments:
                return j + 2, "internal"
            return i, ""
        if self.at(j) in self.words.instruments:
            return j + 1, "external"
        if j < len(self.toks) and self.toks[j].text[:1].isupper() and \
                self.at(j + 1) in self.words.instruments:  # "статьи 5 Венской конвенции"
            return j + 2, "external"
        return i, ""

    def level_at(self, i: int, level: str) -> str:
        """A point word with a number is a paragraph ("l'alinéa 2" of a Hague convention is
        its second paragraph; "l'alinéa a)" a point)."""
        if level == "point" and self.number(i, "point") is None and \
                self.number(i, "paragraph") is not None:
            _nums, j = self.numbers(i, "paragraph")
            noun = self.noun(self.skip_links(j))
            if noun is not None and noun[0] == "paragraph":
                return "numbered point"  # "подпунктах 1 - 4 пункта 1": points numbered 1-4
            return "paragraph"
        return level

    def chain(self, i: int, level: str) -> int:
        groups: list[_Group] = []
        j = i
        while True:
            level = self.level_at(j, level)
            nums, j = self.numbers(j, level)
            if not nums:
                if groups:  # "de l'article précédent": a provision this reader cannot number
                    self.emit(groups, "external")
                    return j
                break
            if level == "numbered point":
                level = "point"
            groups.append(_Group(level, tuple(nums)))
            if level == "paragraph" and self.number(j, "point") is not None:
                points, j = self.numbers(j, "point")  # "пунктом 1 b) статьи 44"
                groups.insert(len(groups) - 1, _Group("point", tuple(points)))
            if level == "article" and self.at(j) == "," and (inner := self.noun(j + 1)) and \
                    inner[0] in ("paragraph", "point"):  # "l'article 12, alinéa premier"
                sub = self.level_at(inner[1], inner[0])
                sub_nums, k = self.numbers(inner[1], sub)
                if sub_nums:
                    groups.insert(0, _Group(sub, tuple(sub_nums)))
                    j = k + 1 if self.at(k) == "," and self.at(k + 1) in self.words.links else k
            k = self.skip_links(j)
            noun = self.noun(k)
            if noun is None or _LEVELS.index(noun[0]) <= _LEVELS.index(level):
                break
            level, j = noun[0], noun[1]
        if not groups:
            return i
        j, scope = self.scope(j)
        self.emit(groups, scope)
        return j

    def emit(self, groups: list[_Group], scope: str) -> None:
        external = scope == "external"
        top = groups[-1]
        if top.level == "chapter":
            for num in top.nums:
                self.add(num, "chapter", Citation(chapter=num.token), "", external)
            groups = groups[:-1]
            if not groups:
                return
            top = groups[-1]
        article = ""
        if top.level == "article":
            article = top.nums[0].token
            for num in top.nums:
                self.add(num, "article", Citation(article=num.token), "", external)
        relative = "" if article or external else (
            "paragraph" if top.level == "point" and scope != "this-article" else "article")
        paragraph = ""
        for group in reversed(groups):
            if group.level == "paragraph":
                paragraph = group.nums[0].token
                for num in group.nums:
                    self.add(num, "paragraph", Citation(article=article, paragraph=num.token),
                             relative, external)
            elif group.level == "point":
                for num in group.nums:
                    self.add(num, "point", Citation(article=article, paragraph=paragraph,
                                                    points=(num.token,)), relative, external)

    def add(self, num: _Num, level: str, citation: Citation, relative: str,
            external: bool) -> None:
        self.out.append(Mention(num.start, num.end, self.text[num.start:num.end], level,
                                citation, relative, external))

    def run(self) -> list[Mention]:
        i = 0
        while i < len(self.toks):
            noun = self.noun(i)
            i = self.chain(noun[1], noun[0]) if noun else i + 1
        return sorted(self.out, key=lambda m: m.start)


# -- Chinese: 第五条第二款(a)项 -------------------------------------------------------------

_ZH_NUM = rf"(?:{languages.ZH_NUMERAL}|[0-9]+)"


@functools.cache
def _zh_patterns(words: languages.CitationWords) -> re.Pattern[str]:
    instruments = "|".join(words.instruments)
    return re.compile(
        rf"(?P<pre>》|本(?:{instruments})|该(?:{instruments})|本条)?"
        rf"第(?P<art>{_ZH_NUM})(?P<artw>条(?:之{_ZH_NUM})?|章)"
        rf"|(?P<pre2>本条)?第(?P<para>{_ZH_NUM})款"
        rf"|[（(](?P<point>[a-z]|{languages.ZH_NUMERAL})[）)]项?")


def _zh_value(text: str) -> str:
    return text if text.isdigit() else str(languages.han_to_int(text))


def _chinese(text: str, words: languages.CitationWords) -> list[Mention]:
    out: list[Mention] = []
    article, paragraph, last_end = "", "", -1
    external, relative = False, ""
    for m in _zh_patterns(words).finditer(text):
        joined = m.start() == last_end  # 第五条第二款: the paragraph of that article
        last_end = m.end()
        if m.group("art"):
            value = _zh_value(m.group("art"))
            if m.group("artw") == "章":
                out.append(Mention(m.start("art"), m.end("art"), m.group("art"), "chapter",
                                   Citation(chapter=value), "", m.group("pre") == "》"))
                article = ""
                continue
            bis = m.group("artw")[1:]
            end = m.end("artw") if bis else m.end("art")
            token = value + (languages.LATIN_INSERTED[languages.han_to_int(bis[1:]) - 2]
                             if bis else "")
            pre = m.group("pre") or ""
            external = pre == "》" or pre.startswith("该")
            article, paragraph, relative = token, "", ""
            out.append(Mention(m.start("art"), end, text[m.start("art"):end], "article",
                               Citation(article=token), "", external))
        elif m.group("para"):
            value = _zh_value(m.group("para"))
            if not joined:
                article, external, relative = "", False, "article"
            paragraph = value
            out.append(Mention(m.start("para"), m.end("para"), m.group("para"), "paragraph",
                               Citation(article=article, paragraph=value), relative, external))
        elif m.group("point") and joined and paragraph:
            raw = m.group("point")
            token = raw if raw.isascii() else num_token(languages.canonical_num(f"（{raw}）"))
            out.append(Mention(m.start("point"), m.end("point"), raw, "point",
                               Citation(article=article, paragraph=paragraph, points=(token,)),
                               relative, external))
    return out


def mentions(text: str, code: str) -> list[Mention]:
    """Every number of every citation written in `text` (in language `code`), in order."""
    language = languages.get(code)
    words = language.citations
    if words is None:
        return []
    if language.code == "zh":
        return _chinese(text, words) if "第" in text else []
    if not _trigger(words).search(text):  # most sentences cite nothing: no tokenising
        return []
    return _Reader(text, words, language).run()


@functools.cache
def _trigger(words: languages.CitationWords) -> re.Pattern[str]:
    """Any level noun of the language, as a whole word."""
    nouns = sorted({w for level in _LEVELS for w in getattr(words, level)}, key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, nouns))})(?!\w)", re.IGNORECASE)
