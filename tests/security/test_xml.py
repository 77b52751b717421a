"""Finding 5 (DOCTYPE refusal bypassed by UTF-16/UTF-32) and deep nesting (finding 9)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from treaty import akn
from treaty.model import TreatyError

from .helpers import amendment, one_line_error, treaty

ENTITY = '<!DOCTYPE amendment [<!ENTITY t "art_58__para_10__point_b">]>\n'
BOMS = {"utf-16": b"", "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32": b"", "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE,
        "utf-8-sig": b""}


@pytest.mark.parametrize("encoding", sorted(BOMS))
def test_entity_in_a_target_is_refused_in_every_encoding(demo: Path, encoding: str) -> None:
    declared = encoding.upper().removesuffix("-SIG").removesuffix("-LE").removesuffix("-BE")
    text = amendment(id="sec-entity", target="&t;", prolog=ENTITY, enc=declared)
    (demo / "amendments" / "sec-entity.xml").write_bytes(BOMS[encoding] + text.encode(encoding))
    result = treaty("check", str(demo))
    assert result.returncode == 1, result.stdout
    line = [x for x in result.stdout.splitlines() if "sec-entity.xml" in x]
    assert len(line) == 1 and "refused" in line[0] and "DOCTYPE" in line[0], result.stdout
    one_line_error(treaty("compile", str(demo)), "sec-entity.xml", "refused")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_parsed_tree_is_checked_not_the_bytes(encoding: str) -> None:
    for doc in ('<!DOCTYPE a [<!ENTITY x "EXPANDED">]><a t="&x;">&x;</a>',
                '<!DOCTYPE a SYSTEM "http://127.0.0.1:9/evil.dtd"><a/>',
                '<!DOCTYPE a [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]><a/>'):
        data = f'<?xml version="1.0" encoding="{encoding.upper()}"?>{doc}'.encode(encoding)
        with pytest.raises(TreatyError, match="refused|malformed") as info:
            akn.parse_bytes(data, "x.xml")
        assert "EXPANDED" not in str(info.value)


def test_billion_laughs_refused_fast() -> None:
    lol = '<!DOCTYPE l [<!ENTITY a "lol">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)) + "]>"
    data = f'<?xml version="1.0" encoding="UTF-16"?>{lol}<l>&j;</l>'.encode("utf-16")
    with pytest.raises(TreatyError, match="refused|malformed"):
        akn.parse_bytes(data, "lol.xml")


def _nested_article(depth: int) -> bytes:
    inner = '<content><p>deep</p></content>'
    for n in range(depth):
        inner = f'<paragraph eId="p{n}" wId="p{n}"><num>{n}.</num>{inner}</paragraph>'
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<article xmlns="{akn.NS}" eId="art_58" '
            f'wId="art_58"><num>Article 58</num>{inner}</article>').encode()


def test_deep_nesting_refused_by_check_with_its_depth(demo: Path) -> None:
    (demo / "articles" / "art_058.xml").write_bytes(_nested_article(250))
    result = treaty("check", str(demo))
    assert result.returncode == 1
    assert "nested 253 levels deep" in result.stdout and "art_058.xml" in result.stdout, result.stdout
    one_line_error(treaty("compile", str(demo)), "art_058.xml", "nested")


def test_nesting_within_the_limit_compiles(demo: Path, tmp_path: Path) -> None:
    (demo / "articles" / "art_058.xml").write_bytes(_nested_article(akn.MAX_DEPTH - 3))
    for fmt in ("html", "docx", "md", "akn"):
        result = treaty("compile", str(demo), "--format", fmt, "-o", str(tmp_path / f"x.{fmt}"))
        assert result.returncode == 0, (fmt, result.stderr)
