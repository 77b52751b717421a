"""Write udhr_<lang>.txt from the UDHR-in-Unicode XML next to it, as a UN document is typed.

Run from this folder: ``python udhr_to_text.py``. Deterministic: the .txt files in the
repository are its output. Every word of the XML is kept; only layout is chosen here:
the title line, the adoption note, the preamble heading and one recital per paragraph,
then each article's heading on its own line and its paragraphs. The XML's
``<orderedlist>`` items carry no number, so each gets the number as the UN types it in
that language: ``1.`` (English, French, Spanish, Russian), ``1 -`` (Arabic), and the
item's own ``tag`` (``㈠``) in Chinese.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

NS = "{http://www.unhchr.ch/udhr}"
LANGS = {"eng": "en", "fra": "fr", "spa": "es", "rus": "ru", "arb": "ar", "cmn_hans": "zh"}


def item_number(lang: str, n: int, tag: str | None) -> str:
    if tag:
        return tag
    return f"{n} -" if lang == "ar" else f"{n}."


def to_text(xml: bytes, lang: str) -> str:
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    out: list[str] = [root.findtext(f"{NS}title").strip(), ""]
    for note in root.iterfind(f"{NS}note/{NS}para"):
        out += [note.text.strip(), ""]
    preamble = root.find(f"{NS}preamble")
    out += [preamble.findtext(f"{NS}title").strip(), ""]
    for para in preamble.iterfind(f"{NS}para"):
        out += [para.text.strip(), ""]
    for article in root.iterfind(f"{NS}article"):
        out += [article.findtext(f"{NS}title").strip(), ""]
        for child in article:
            if child.tag == f"{NS}para":
                out += [child.text.strip(), ""]
            elif child.tag == f"{NS}orderedlist":
                for n, item in enumerate(child.iterfind(f"{NS}listitem"), 1):
                    text = " ".join(p.text.strip() for p in item.iterfind(f"{NS}para"))
                    out += [f"{item_number(lang, n, item.get('tag'))} {text}", ""]
    return "\n".join(out).rstrip() + "\n"


def main() -> None:
    here = Path(__file__).parent
    for key, lang in LANGS.items():
        text = to_text((here / "udhr" / f"udhr_{key}.xml").read_bytes(), lang)
        (here / f"udhr_{lang}.txt").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
