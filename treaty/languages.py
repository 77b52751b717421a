"""The six UN languages: the words and numbers a treaty text uses in each, as tables.

Readers build their patterns from these tables (a heading word or a numbering style is
added here, never in a reader's code), `ids` turns any language's number into the ASCII
token of an eId (``Article premier``, ``第一条``, ``المادة ١`` -> ``art_1``; ``(أ)``,
``а)`` -> ``point_a``; ``第五条之二``, ``Статья 5 бис`` -> ``art_5bis``), and the writers take
the direction, fonts and locale from here.

>>> canonical_num("第十三条之二"), canonical_num("Article premier"), canonical_num("(ب)")
('13 bis', 'Article 1', '(b)')
>>> detect("Статья 1. Все люди рождаются свободными"), detect("第一条 人人生而自由")
('ru', 'zh')
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class CitationWords:
    """The words a language cites its provisions with, every form the text may write
    (cases, plural, a clitic "and"/"by" joined to the noun), lower case. One reader
    (`treaty.citation_lang`) takes them all; Chinese, whose citations are written around the
    number (第五条第二款), has its own patterns there."""

    article: tuple[str, ...] = ()
    paragraph: tuple[str, ...] = ()
    point: tuple[str, ...] = ()
    chapter: tuple[str, ...] = ()
    joins: tuple[str, ...] = ()
    """"and", "or": the list goes on."""
    ranges: tuple[str, ...] = ()
    """"to": a range ("des articles 5 à 7")."""
    links: tuple[str, ...] = ()
    """"of" and the determiners around it ("de l'", "del", "من"): a lower level, then the
    higher one it belongs to ("le paragraphe 2 de l'article 5")."""
    this: tuple[str, ...] = ()
    """"this" / "the present" ("présente", "esta", "настоящей", "هذه")."""
    instruments: tuple[str, ...] = ()
    """Convention, Charter ...: "of this Convention" is this text, "of the Convention of
    Vienna" another instrument."""


@dataclass(frozen=True)
class Language:
    """One language's conventions in treaty texts."""

    code: str
    """ISO 639-1, as HTML ``lang`` and Word ``w:lang`` want it (``fr``)."""
    code3: str
    """ISO 639-2/T, as AKN's FRBRlanguage wants it (``fra``)."""
    name: str
    """The name in the language itself, for the language switch."""
    english_name: str
    direction: str
    script: str
    """ISO 15924 (``Latn``, ``Cyrl``, ``Arab``, ``Hans``)."""
    article_words: tuple[str, ...]
    container_words: tuple[tuple[str, str], ...]
    """(heading word, AKN element)."""
    preamble_words: tuple[str, ...]
    recital_openers: str
    """Regex: how an unnumbered recital starts (a participle, ``Whereas``, ``鉴于``)."""
    preamble_closing: str
    """Regex: the proclaiming words after the recitals (``The General Assembly``)."""
    formula: str
    """Regex: the enacting formula (``Have agreed as follows``)."""
    conclusion: str
    """Regex: the testimonium after the last article (``IN WITNESS WHEREOF``, ``Done at``)."""
    annex_words: tuple[str, ...]
    inserted: tuple[str, ...]
    """bis, ter, quater ... as this language writes them after a number."""
    ordinals: tuple[tuple[str, int], ...] = ()
    """Number words used in headings (``premier``, ``الأولى``)."""
    locale: str = ""
    """gettext locale of pycountry's country names (``zh_CN``)."""
    font: str = "Noto Serif"
    font_package: str = "fonts-noto-core"
    sample: str = "A"
    """A character of the script, to ask fontconfig whether a font covers it."""
    citations: CitationWords | None = None
    """How running text cites provisions (None: English, read by `treaty.citation`)."""


LATIN_INSERTED = (
    "bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies",
    "decies", "undecies", "duodecies", "terdecies", "quaterdecies", "quinquiesdecies",
)
_AR_ORDINAL_M = ("الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن",
                 "التاسع", "العاشر")
_AR_ORDINAL_F = ("الأولى", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة", "السابعة",
                 "الثامنة", "التاسعة", "العاشرة")
_AR_TENS = ("العشرون", "الثلاثون", "الأربعون", "الخمسون", "الستون", "السبعون", "الثمانون",
            "التسعون")


def arabic_ordinal(n: int, feminine: bool = True) -> str | None:
    """The ordinal a heading writes for `n` (1-99): ``المادة الحادية عشرة``, ``الفصل الثاني عشر``.

    Article (مادة) is feminine, chapter (فصل) and part (جزء) masculine. Past 10 the unit takes
    الحادي/الحادية (not الأول/الأولى) and the tens follow it with و.

    >>> arabic_ordinal(11), arabic_ordinal(12, feminine=False), arabic_ordinal(21), arabic_ordinal(30)
    ('الحادية عشرة', 'الثاني عشر', 'الحادية والعشرون', 'الثلاثون')
    """
    units = _AR_ORDINAL_F if feminine else _AR_ORDINAL_M
    if not 1 <= n <= 99:
        return None
    if n <= 10:
        return units[n - 1]
    tens, unit = divmod(n, 10)
    first = ("الحادية" if feminine else "الحادي") if unit == 1 else units[unit - 1]
    if tens == 1:
        return f"{first} {'عشرة' if feminine else 'عشر'}"
    return f"{first} و{_AR_TENS[tens - 2]}" if unit else _AR_TENS[tens - 2]


def _arabic_ordinal_words() -> tuple[tuple[str, int], ...]:
    """Every way a real text writes the ordinals 1-99: both genders, the tens also in the
    oblique case (``والعشرين``), and the feminine teen as texts often misspell it (``الحادية عشر``)."""
    words: dict[str, int] = {}
    for n in range(1, 100):
        for feminine in (True, False):
            word = arabic_ordinal(n, feminine)
            assert word is not None
            words.setdefault(word, n)
            oblique = re.sub(r"ون$", "ين", word)
            words.setdefault(oblique, n)
            if feminine and 11 <= n <= 19:
                words.setdefault(word.removesuffix("ة"), n)
    return tuple(words.items())


_AR_ADVERB = ("ثانيا", "ثالثا", "رابعا", "خامسا", "سادسا", "سابعا", "ثامنا", "تاسعا", "عاشرا")
_ZH_DIGITS = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}

# How running text cites provisions, language by language (see `CitationWords`).
_FR_CITES = CitationWords(
    article=("article", "articles", "art"),
    paragraph=("paragraphe", "paragraphes", "par"),
    point=("alinéa", "alinéas", "sous-alinéa", "sous-alinéas", "lettre", "lettres", "point",
           "points"),
    chapter=("chapitre", "chapitres"),
    joins=("et", "ou", ","), ranges=("à", "au", "-", "–"),
    links=("de", "du", "des", "l", "la", "le", "les", "'", "’", "d"),
    this=("présent", "présente", "présents", "présentes", "cette", "ce", "cet"),
    instruments=("convention", "protocole", "accord", "traité", "pacte", "charte", "statut",
                 "constitution", "règlement", "directive", "code", "instrument"),
)
_ES_CITES = CitationWords(
    article=("artículo", "artículos", "articulo", "articulos", "art"),
    paragraph=("párrafo", "párrafos", "parrafo", "parrafos", "inciso", "incisos"),
    point=("apartado", "apartados", "letra", "letras", "subpárrafo", "subpárrafos"),
    chapter=("capítulo", "capítulos", "capitulo", "capitulos"),
    joins=("y", "e", "o", "u", ","), ranges=("a", "al", "-", "–"),
    links=("de", "del", "el", "la", "los", "las"),
    this=("presente", "presentes", "esta", "este", "estas", "estos"),
    instruments=("convención", "convencion", "protocolo", "acuerdo", "tratado", "pacto", "carta",
                 "estatuto", "constitución", "reglamento", "directiva", "código", "instrumento"),
)
_RU_CITES = CitationWords(
    article=("статья", "статьи", "статье", "статью", "статьей", "статьёй", "статей", "статьям",
             "статьями", "статьях", "ст"),
    paragraph=("пункт", "пункта", "пункте", "пунктом", "пункту", "пункты", "пунктов", "пунктам",
               "пунктами", "пунктах", "п"),
    point=("подпункт", "подпункта", "подпункте", "подпунктом", "подпункту", "подпункты",
           "подпунктов", "подпунктам", "подпунктами", "подпунктах"),
    chapter=("глава", "главы", "главе", "главу", "главой", "глав", "главах", "главами"),
    joins=("и", "или", ","), ranges=("до", "по", "—", "–", "-"),
    this=("настоящая", "настоящей", "настоящую", "настоящего", "настоящему", "настоящим",
          "настоящем", "настоящий", "этой", "этого", "данной", "данного"),
    instruments=("конвенция", "конвенции", "конвенцию", "конвенцией", "протокол", "протокола",
                 "протоколе", "протоколом", "соглашение", "соглашения", "соглашении", "договор",
                 "договора", "договоре", "пакт", "пакта", "пакте", "устав", "устава", "уставе",
                 "статут", "статута", "кодекс", "кодекса", "кодексе", "кодексом"),
)
_AR_CITES = CitationWords(
    article=("المادة", "مادة", "المادتين", "المادتان", "مادتين", "المواد", "مواد", "والمادة",
             "بالمادة", "للمادة", "وبالمادة", "وللمادة", "والمادتين", "بالمادتين", "للمادتين",
             "والمواد", "بالمواد", "للمواد"),
    paragraph=("الفقرة", "فقرة", "الفقرتين", "الفقرتان", "الفقرات", "فقرات", "والفقرة",
               "بالفقرة", "للفقرة", "والفقرتين", "والفقرات", "بالفقرات", "للفقرات"),
    point=("الفقرة الفرعية", "البند", "البندين", "البنود", "والبند", "بالبند", "للبند"),
    chapter=("الفصل", "الفصلين", "الفصول", "والفصل", "بالفصل", "للفصل"),
    joins=("و", "أو", "،", ","), ranges=("إلى", "الى", "حتى"),
    links=("من", "في", "فى"),
    this=("هذه", "هذا"),
    instruments=("الاتفاقية", "اتفاقية", "الميثاق", "ميثاق", "البروتوكول", "بروتوكول", "العهد",
                 "عهد", "المعاهدة", "معاهدة", "الاتفاق", "اتفاق", "النظام", "الصك", "صك"),
)
_ZH_CITES = CitationWords(
    article=("条",), paragraph=("款",), point=("项",), chapter=("章",),
    joins=("和", "及", "以及", "或", "、", "，"), ranges=("至", "到"),
    this=("本",),
    instruments=("公约", "宪章", "议定书", "条约", "协定", "盟约", "规约", "章程", "文书"),
)

LANGUAGES: dict[str, Language] = {lang.code: lang for lang in (
    Language(
        code="en", code3="eng", name="English", english_name="English", direction="ltr",
        script="Latn",
        article_words=("Article", "ARTICLE", "Art."),
        container_words=(("PART", "part"), ("Part", "part"), ("CHAPTER", "chapter"),
                         ("Chapter", "chapter"), ("SECTION", "section"), ("Section", "section"),
                         ("SUB-SECTION", "subsection"), ("SUBSECTION", "subsection"),
                         ("Subsection", "subsection"), ("TITLE", "title"), ("Title", "title"),
                         ("BOOK", "book"), ("Book", "book")),
        preamble_words=("Preamble", "PREAMBLE"),
        recital_openers=r"Whereas|WHEREAS",
        preamble_closing=r"Now,? therefore|The General Assembly|Proclaims",
        formula=r"(?:Have|HAVE|Has|HAS)\s+(?:agreed|AGREED|adopted|ADOPTED|decided|DECIDED)\b",
        conclusion=r"IN (?:WITNESS|FAITH) WHEREOF|In witness whereof|DONE at|Done at"
                   r"|This Regulation shall be binding in its entirety",
        annex_words=("ANNEX", "APPENDIX", "DECLARATION", "RESOLUTION",
                     "LEGISLATIVE FINANCIAL STATEMENT", "Annex", "Appendix", "Declaration",
                     "Resolution"),
        inserted=LATIN_INSERTED, locale="en",
    ),
    Language(
        code="fr", code3="fra", name="Français", english_name="French", direction="ltr",
        script="Latn",
        article_words=("Article", "ARTICLE", "Art."),
        container_words=(("PARTIE", "part"), ("Partie", "part"), ("CHAPITRE", "chapter"),
                         ("Chapitre", "chapter"), ("SECTION", "section"), ("Section", "section"),
                         ("SOUS-SECTION", "subsection"), ("Sous-section", "subsection"),
                         ("TITRE", "title"), ("Titre", "title"), ("LIVRE", "book"),
                         ("Livre", "book")),
        preamble_words=("Préambule", "PRÉAMBULE", "PREAMBULE"),
        recital_openers=r"Considérant|[A-ZÉ][a-zéèêàâîôûç]+ant\b|Convaincus|Conscients"
                        r"|Préoccupés|Profondément|Gravement|Désireux|Résolus|Déterminés",
        preamble_closing=r"L[’']Assemblée générale|Proclame",
        formula=r"(?:Sont|SONT|Ont|ONT)\s+(?:convenu|CONVENU|arrêté|ARRÊTÉ|adopté|ADOPTÉ)",
        conclusion=r"EN FOI DE QUOI|En foi de quoi|FAIT à|Fait à",
        annex_words=("ANNEXE", "APPENDICE", "Annexe", "Appendice"),
        inserted=LATIN_INSERTED, locale="fr", citations=_FR_CITES,
        ordinals=(("premier", 1), ("PREMIER", 1), ("première", 1), ("PREMIÈRE", 1), ("1er", 1),
                  ("1re", 1)),
    ),
    Language(
        code="es", code3="spa", name="Español", english_name="Spanish", direction="ltr",
        script="Latn",
        article_words=("Artículo", "ARTÍCULO", "Articulo", "Art."),
        container_words=(("PARTE", "part"), ("Parte", "part"), ("CAPÍTULO", "chapter"),
                         ("Capítulo", "chapter"), ("CAPITULO", "chapter"), ("SECCIÓN", "section"),
                         ("Sección", "section"), ("TÍTULO", "title"), ("Título", "title"),
                         ("LIBRO", "book"), ("Libro", "book")),
        preamble_words=("Preámbulo", "PREÁMBULO", "PREAMBULO"),
        recital_openers=r"Considerando|[A-ZÁÉÍÓÚ][a-záéíóúñ]+(?:ando|endo)\b|Convencidos"
                        r"|Conscientes|Preocupados|Profundamente|Deseosos|Resueltos|Decididos",
        preamble_closing=r"La Asamblea General|Proclama",
        formula=r"(?:Han|HAN)\s+(?:convenido|CONVENIDO|acordado|ACORDADO)",
        conclusion=r"EN (?:FE|TESTIMONIO) DE LO CUAL|En (?:fe|testimonio) de lo cual|HECHO en"
                   r"|Hecho en",
        annex_words=("ANEXO", "APÉNDICE", "Anexo", "Apéndice"),
        inserted=LATIN_INSERTED, locale="es", citations=_ES_CITES,
        ordinals=(("primero", 1), ("PRIMERO", 1)),
    ),
    Language(
        code="ru", code3="rus", name="Русский", english_name="Russian", direction="ltr",
        script="Cyrl",
        article_words=("Статья", "СТАТЬЯ", "Ст."),
        container_words=(("ЧАСТЬ", "part"), ("Часть", "part"), ("ГЛАВА", "chapter"),
                         ("Глава", "chapter"), ("РАЗДЕЛ", "section"), ("Раздел", "section"),
                         ("ПОДРАЗДЕЛ", "subsection"), ("Подраздел", "subsection")),
        preamble_words=("Преамбула", "ПРЕАМБУЛА"),
        # Gerunds and participles; UN texts write them in lower case after "Государства ...,".
        recital_openers=r"(?i:принимая во внимание|признавая|учитывая|напоминая|подтверждая"
                        r"|вновь подтверждая|отмечая|считая|желая|сознавая|осознавая|будучи"
                        r"|стремясь|ссылаясь|приветствуя|подчеркивая|констатируя|выражая"
                        r"|руководствуясь|исходя|памятуя|понимая|полагая|убежденные|глубоко"
                        r"|преисполненные|исполненные|решив|согласившись)\b",
        preamble_closing=r"Генеральная Ассамблея|[Пп]ровозглашает",
        formula=r"(?:[Сс]огласились|СОГЛАСИЛИСЬ|[Дд]оговорились|ДОГОВОРИЛИСЬ)\b",
        conclusion=r"В УДОСТОВЕРЕНИЕ ЧЕГО|В удостоверение чего|СОВЕРШЕНО в|Совершено в",
        annex_words=("ПРИЛОЖЕНИЕ", "Приложение"),
        inserted=("бис", "тер", "кватер", "квинквиес", "сексиес", "септиес", "октиес",
                  "новиес", "дециес"),
        locale="ru", sample="Ж", citations=_RU_CITES,
    ),
    Language(
        code="ar", code3="ara", name="العربية", english_name="Arabic", direction="rtl",
        script="Arab",
        article_words=("المادة", "مادة"),
        container_words=(("الجزء", "part"), ("الفصل", "chapter"), ("الفرع", "section"),
                         ("الباب", "title"), ("الكتاب", "book")),
        preamble_words=("الديباجة", "ديباجة"),
        recital_openers=r"و?إذ\s|و?ل[مّ]+ا\s+كان|و?اقتناعا|و?اعترافا|و?إدراكا|و?تسليما",
        preamble_closing=r"فإن الجمعية العامة|الجمعية العامة|تنادي",
        formula=r"(?:قد\s+)?اتفقت?\s+على\s+ما\s+يلي|(?:قد\s+)?اتفقوا\s+على\s+ما\s+يلي",
        conclusion=r"وإثباتا لذلك|وإثباتاً لذلك|حرر(?:ت)? في",
        annex_words=("المرفق", "مرفق", "التذييل"),
        inserted=("مكررا", *(f"مكررا {a}" for a in _AR_ADVERB)),
        ordinals=_arabic_ordinal_words(),
        locale="ar", font="Noto Naskh Arabic", sample="ع", citations=_AR_CITES,
    ),
    Language(
        code="zh", code3="zho", name="中文", english_name="Chinese", direction="ltr",
        script="Hans",
        article_words=("第",),  # 第 N 条: the word is split around the number (see ZH_ARTICLE)
        container_words=(("部分", "part"), ("章", "chapter"), ("节", "section"), ("编", "title")),
        preamble_words=("序言",),
        recital_openers=r"鉴于|认识到|考虑到|确认|回顾|注意到|深信|申明|重申|铭记|意识到|关切|决心",
        preamble_closing=r"因此现在|大会",
        formula=r"(?:兹)?(?:协议|议定|商定)如下",
        conclusion=r"为此[，,]?\s*下列签署人|下列签署人",
        annex_words=("附件", "附录"),
        inserted=tuple(f"之{n}" for n in "二三四五六七八九") + ("之十",),
        locale="zh_CN", font="Noto Serif CJK SC", font_package="fonts-noto-cjk", sample="人",
        citations=_ZH_CITES,
    ),
)}

DEFAULT = "en"
BY_CODE3 = {lang.code3: lang for lang in LANGUAGES.values()}


def get(code: str | None) -> Language:
    """The language for a code (``fr``, ``fra``, ``fre``, ``zh-Hans``); English if unknown."""
    return find(code) or LANGUAGES[DEFAULT]


def find(code: str | None) -> Language | None:
    if not code:
        return None
    key = code.strip().lower().replace("_", "-")
    key = {"fre": "fra", "chi": "zho", "arb": "ara", "cmn": "zho"}.get(key, key)
    return LANGUAGES.get(key.split("-")[0]) or BY_CODE3.get(key.split("-")[0])


def choices() -> str:
    return ", ".join(LANGUAGES)


# -- numbers in every script --------------------------------------------------------------

# Letters of points in their order: (a) (b) (c) ... in each script.
CYRILLIC_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"
ARABIC_LETTERS = ("أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي", "ك", "ل", "م", "ن", "س",
                  "ع", "ف", "ص", "ق", "ر", "ش", "ت", "ث", "خ", "ذ", "ض", "ظ", "غ")
_LETTER_TO_LATIN = {**{c: chr(ord("a") + i) for i, c in enumerate(CYRILLIC_LETTERS[:26])},
                    **{c: chr(ord("a") + i) for i, c in enumerate(ARABIC_LETTERS[:26])},
                    "ه": "e"}
CIRCLED_HAN = "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"
ZH_NUMERAL = "[〇零一二三四五六七八九十百千两]+"
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９",
                        "012345678901234567890123456789")


def han_to_int(text: str) -> int:
    """Chinese numerals to an int: ``十三`` -> 13, ``一百零五`` -> 105, ``二〇`` -> 20.

    >>> han_to_int("十三"), han_to_int("二十"), han_to_int("一百零五"), han_to_int("三十")
    (13, 20, 105, 30)
    """
    units = {"十": 10, "百": 100, "千": 1000}
    total, current = 0, 0
    if not any(ch in units for ch in text):  # positional: 二〇 -> 20
        return int("".join(str(_ZH_DIGITS.get(ch, 0)) for ch in text))
    for ch in text:
        if ch in units:
            total += (current or 1) * units[ch]
            current = 0
        else:
            current = _ZH_DIGITS.get(ch, 0)
    return total + current


_ORDINALS = {word: n for lang in LANGUAGES.values() for word, n in lang.ordinals}
_INSERTED_TO_LATIN = {word: LATIN_INSERTED[i] for lang in LANGUAGES.values()
                      for i, word in enumerate(lang.inserted)}


@functools.cache
def _ordinal_re() -> re.Pattern[str]:
    """Any language's ordinal word (compiled on first use: some hundred Arabic words)."""
    return re.compile(rf"(?<!\w)({_alt(_ORDINALS)})(?!\w)")


_INSERTED_RE = re.compile(r"(?:(?<=\d)|(?<=\s))(" + "|".join(
    sorted((re.escape(w) for w in _INSERTED_TO_LATIN if not w.isascii()), key=len, reverse=True))
    + r")(?!\w)")
_ZH_ARTICLE_NUM = re.compile(rf"第({ZH_NUMERAL}|\d+)(?:条|章|节|部分|编)?(?:之({ZH_NUMERAL}))?")
_ZH_LIST = re.compile(rf"^[（(]?({ZH_NUMERAL})[）)、]?$")
_LETTER_ITEM = re.compile(r"^([(（]?)(هـ|[\u0621-\u064a]|[а-яё])(\s.*)?([)）.]?)$")


def canonical_num(num: str) -> str:
    """Any language's displayed number in the ASCII form `ids.num_token` understands.

    >>> canonical_num("Статья 5 бис"), canonical_num("المادة ١٢ مكررا ثانيا"), canonical_num("а)")
    ('Статья 5 bis', 'المادة 12 ter', 'a)')
    >>> canonical_num("（三）"), canonical_num("㈡"), canonical_num("1er"), canonical_num("(هـ)")
    ('(3)', '2', '1', '(e)')
    """
    if num.isascii() and "1er" not in num and "1re" not in num and "premi" not in num.lower():
        return num
    text = num.translate(_DIGITS)
    if len(text) == 1 and text in CIRCLED_HAN:
        return str(CIRCLED_HAN.index(text) + 1)
    zh = _ZH_ARTICLE_NUM.search(text)
    if zh:
        value = str(han_to_int(zh.group(1)) if not zh.group(1).isdigit() else int(zh.group(1)))
        if zh.group(2):
            value += " " + LATIN_INSERTED[han_to_int(zh.group(2)) - 2]
        return value
    lst = _ZH_LIST.match(text.strip().rstrip("、"))
    if lst and not text.strip().isdigit():
        value = str(han_to_int(lst.group(1)))
        return f"({value})" if text.strip()[:1] in "(（" else value
    text = _ordinal_re().sub(lambda m: str(_ORDINALS[m.group(1)]), text)
    text = _INSERTED_RE.sub(lambda m: _INSERTED_TO_LATIN[m.group(1)], text)
    letter = _LETTER_ITEM.match(text.strip())
    if letter and letter.group(2) in _LETTER_TO_LATIN:
        open_, ch, rest, close = letter.groups()
        return f"{open_}{_LETTER_TO_LATIN[ch]}{rest or ''}{close}".replace("（", "(").replace("）", ")")
    return text


# -- what the readers match -----------------------------------------------------------------


def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted({re.escape(w) for w in words}, key=len, reverse=True))


def _all(field: str) -> list[str]:
    return [getattr(lang, field) for lang in LANGUAGES.values()]


ARTICLE_WORDS = _alt(w for lang in LANGUAGES.values() for w in lang.article_words if w != "第")
CONTAINER_KIND: dict[str, str] = {
    word: kind for lang in LANGUAGES.values() for word, kind in lang.container_words}
CONTAINER_WORDS = _alt(w for w in CONTAINER_KIND if w not in ("部分", "章", "节", "编"))
PREAMBLE_WORDS = _alt(w for lang in LANGUAGES.values() for w in lang.preamble_words)
ANNEX_WORDS = _alt(w for lang in LANGUAGES.values() for w in lang.annex_words)
ORDINAL_WORDS = _alt(_ORDINALS)
INSERTED_WORDS = _alt(w for lang in LANGUAGES.values() for w in lang.inserted if not w.startswith("之"))
RECITAL_OPENERS = "|".join(f"(?:{p})" for p in _all("recital_openers"))
PREAMBLE_CLOSING = "|".join(f"(?:{p})" for p in _all("preamble_closing"))
FORMULAS = "|".join(f"(?:{p})" for p in _all("formula"))
CONCLUSIONS = "|".join(f"(?:{p})" for p in _all("conclusion"))
ARABIC_LETTER_ALT = _alt(ARABIC_LETTERS + ("ه",))
ZH_INSERTED = rf"之{ZH_NUMERAL}"
# 第十三条 / 第13条 / 第五条之二 (the article), 第一章 / 第二部分 (containers).
ZH_ARTICLE = rf"第(?:{ZH_NUMERAL}|\d+)条(?:{ZH_INSERTED})?"
ZH_CONTAINER = rf"第(?:{ZH_NUMERAL}|\d+)(?P<word>部分|章|节|编)"


def is_article_word(word: str) -> bool:
    return any(word in lang.article_words for lang in LANGUAGES.values()) or word == ""


def caseless(ch: str) -> bool:
    """A letter of a script without capitals (Arabic, Han)."""
    return ch.isalpha() and not ch.isupper() and not ch.islower()


def starts_like_heading(text: str) -> bool:
    """Does `text` start as a heading does: a capital, or a letter of a caseless script?"""
    ch = text[:1]
    return ch.isupper() or caseless(ch)


# -- telling the language of a text ---------------------------------------------------------

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN_WORDS = {
    "fr": re.compile(r"\b(?:les|des|du|et|la|le|une|est|aux|sont|Article premier|présente)\b"),
    "es": re.compile(r"\b(?:los|las|del|y|el|una|es|Artículo|por|con|presente)\b"),
    "en": re.compile(r"\b(?:the|and|of|to|shall|is|be|which|with|this)\b"),
}


def detect(text: str) -> str:
    """The language of `text` by its script, and for Latin script by its commonest words."""
    sample = text[:20000]
    counts = {"zh": len(_HAN.findall(sample)), "ar": len(_ARABIC.findall(sample)),
              "ru": len(_CYRILLIC.findall(sample))}
    letters = sum(ch.isalpha() for ch in sample) or 1
    script, count = max(counts.items(), key=lambda kv: kv[1])
    if count > letters * 0.3:
        return script
    scores = {code: len(pattern.findall(sample)) for code, pattern in _LATIN_WORDS.items()}
    best = max(scores, key=lambda c: scores[c])
    return best if scores[best] else DEFAULT


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))


def word_count(text: str) -> int:
    """Words of `text`, a Han character counting as half a word (Chinese words average two)."""
    han = len(_HAN.findall(text))
    return len(_HAN.sub("", text).split()) + (han + 1) // 2


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# -- writing numbers in a language's style ----------------------------------------------------

_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_ARABIC_DIGITS_RE = re.compile(r"[٠-٩]")


@functools.cache
def _number_part() -> re.Pattern[str]:
    """The number inside a displayed number, and its inserted word (compiled on first use)."""
    return re.compile(
        rf"(?P<num>{_alt(_ORDINALS)}|[0-9٠-٩]+"
        r"|[IVXLC]+\b|\b[a-zA-Zа-яё]\b|هـ|[\u0621-\u064a](?=\)))"
        rf"(?P<ins>\s?(?:{_alt(_INSERTED_TO_LATIN)}))?")



def int_to_han(n: int) -> str:
    """13 -> 十三, 20 -> 二十, 105 -> 一百零五.

    >>> int_to_han(13), int_to_han(20), int_to_han(105), int_to_han(1)
    ('十三', '二十', '一百零五', '一')
    """
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if not rest else ("零" + int_to_han(rest) if rest < 10 else
                                ("一" + int_to_han(rest) if rest < 20 else int_to_han(rest)))
    return digits[n // 100] + "百" + tail


def language_of_num(num: str) -> Language:
    """The language a displayed number is written in, by its script (Latin: English)."""
    if has_han(num) or any(ch in CIRCLED_HAN for ch in num):
        return LANGUAGES["zh"]
    if _ARABIC.search(num):
        return LANGUAGES["ar"]
    if _CYRILLIC_RE.search(num):
        return LANGUAGES["ru"]
    return LANGUAGES["en"]


def inserted_word(num: str, n: int) -> str:
    """The word for the n-th unit inserted after `num`, in `num`'s language (bis, бис, مكررا)."""
    words = language_of_num(num).inserted
    return words[n - 1] if 1 <= n <= len(words) else LATIN_INSERTED[min(n, len(LATIN_INSERTED)) - 1]


def _feminine(ordinal: str, template: str) -> bool:
    """Is an Arabic ordinal feminine: by its unit (الأولى, الحادية ...), or for a bare ten
    (العشرون) by the word it numbers (مادة is feminine, فصل masculine)."""
    first = ordinal.split()[0]
    if re.sub(r"ين$", "ون", first) not in _AR_TENS:
        return first.endswith(("ة", "ى"))
    return "مادة" in template


def format_num(template: str, token: str) -> str:
    """`template` (a number as its language writes it) with its value made `token` (an eId
    token: ``6``, ``5bis``, ``b``), in the same script and style.

    >>> format_num("Статья 5 бис", "6"), format_num("第五条之二", "6"), format_num("(ب)", "c")
    ('Статья 6', '第六条', '(ج)')
    >>> format_num("المادة ٥", "5bis"), format_num("а)", "b"), format_num("Article premier", "2")
    ('المادة ٥ مكررا', 'б)', 'Article 2')
    >>> format_num("المادة العاشرة", "11"), format_num("الفصل الحادي عشر", "12")
    ('المادة الحادية عشرة', 'الفصل الثاني عشر')
    >>> format_num("المادة العشرون", "21"), format_num("المادة الثلاثون", "30bis")
    ('المادة الحادية والعشرون', 'المادة الثلاثون مكررا')
    """
    m = re.fullmatch(rf"(?P<base>[0-9]+|[a-zA-Z]+?)(?P<latin>{'|'.join(LATIN_INSERTED)})?", token)
    if m is None:
        return template
    base, latin = m.group("base"), m.group("latin")
    n = LATIN_INSERTED.index(latin) + 1 if latin else 0
    language = language_of_num(template)
    word = language.inserted[n - 1] if n and n <= len(language.inserted) else (latin or "")
    value = int(base) if base.isdigit() else None
    if language.code == "zh" and value is not None:
        zh = _ZH_ARTICLE_NUM.search(template)
        if zh:
            kind = re.search(r"条|章|节|部分|编", template)
            inserted = f"之{int_to_han(n + 1)}" if n else ""
            return f"第{int_to_han(value)}{kind.group(0) if kind else '条'}{inserted}"
        if template.strip() in CIRCLED_HAN and value <= len(CIRCLED_HAN):
            return CIRCLED_HAN[value - 1]
        if template.strip().endswith("、"):
            return f"{int_to_han(value)}、"
        if template.strip()[:1] in "（(":
            return f"（{int_to_han(value)}）"
    part = _number_part().search(template)
    if part is None:
        return template
    old = part.group("num")
    if value is not None:
        new = str(value)
        if old in _ORDINALS and _ARABIC.search(old):  # المادة العاشرة -> المادة الحادية عشرة
            new = arabic_ordinal(value, _feminine(old, template)) or new
        if _ARABIC_DIGITS_RE.search(old):
            new = new.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    else:
        index = ord(base[0].lower()) - ord("a")
        if old in ARABIC_LETTERS or old == "ه":
            new = ARABIC_LETTERS[index] if index < len(ARABIC_LETTERS) else base
        elif _CYRILLIC_RE.match(old):
            new = CYRILLIC_LETTERS[index] if index < len(CYRILLIC_LETTERS) else base
        else:
            new = base.upper() if old.isupper() else base
    return template[:part.start()] + new + (f" {word}" if word else "") + template[part.end():]


def write_like(written: str, token: str) -> str:
    """A number cited in running text (`written`, as the text has it: ``5``, ``٥``,
    ``premier``, ``五``, ``五条之二``, ``б``, ``ب``, ``الخامسة``) made `token` (an eId token:
    ``6``, ``5bis``, ``c``) in the same script and style.

    >>> write_like("٥", "6"), write_like("五", "11"), write_like("5", "5bis"), write_like("б", "c")
    ('٦', '十一', '5 bis', 'в')
    >>> write_like("五条之二", "6"), write_like("الخامسة", "6"), write_like("ب", "c")
    ('六条', 'السادسة', 'ج')
    """
    m = re.fullmatch(rf"(?P<base>[0-9]+|[a-z]+?)(?P<latin>{'|'.join(LATIN_INSERTED)})?", token)
    if m is None:
        return written
    base, latin = m.group("base"), m.group("latin")
    if has_han(written) or written.isascii() and "条" in written:
        value = int(base)
        number = str(value) if written[:1].isdigit() else int_to_han(value)
        tail = f"之{int_to_han(LATIN_INSERTED.index(latin) + 2)}" if latin else ""
        return f"{number}条{tail}" if "条" in written else number + tail
    if written in ARABIC_LETTERS or written == "ه":
        index = ord(base[0]) - ord("a")
        return ARABIC_LETTERS[index] if index < len(ARABIC_LETTERS) else written
    if _ARABIC.search(written) and not written.translate(_DIGITS).isdigit():
        return format_num(f"المادة {written}", token).removeprefix("المادة ")  # an ordinal
    return format_num(written, token)
