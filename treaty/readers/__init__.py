"""Readers: every input format becomes one `Document` (pandoc-style; no writer knows them).

`read(path)` picks the reader by file type. Each reader returns a `ReadResult` with the
document and the warnings it raised (lines it could not classify, kept in the nearest unit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..fileio import read_bytes
from ..model import Document, Problem, TreatyError


@dataclass(frozen=True)
class ReadResult:
    document: Document
    warnings: tuple[Problem, ...] = ()


TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}


def read(path: Path | str, **options: str) -> ReadResult:
    """Read a treaty text from `path`: plain text / markdown, .docx, or an AKN file."""
    path = Path(path)
    if path.is_dir():
        from .. import workspace

        return ReadResult(workspace.load(path).document)
    data = read_bytes(path)
    if not data.strip():
        raise TreatyError(str(path), "the file is empty", "give a file with the treaty text")
    suffix = path.suffix.lower()
    if suffix == ".docx" or data[:2] == b"PK":
        from . import docx

        return docx.read_docx(data, where=str(path), **options)
    if suffix == ".xml" or data.lstrip()[:5] == b"<?xml":
        from . import akn as akn_reader

        return akn_reader.read_akn(data, where=str(path))
    if b"\x00" in data[:4096]:
        raise TreatyError(str(path), "this is a binary file, not a treaty text",
                          "give a .txt, .md, .docx or AKN .xml file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TreatyError(str(path), f"not UTF-8 text (byte {exc.start})",
                          "save the file as UTF-8") from None
    from . import text as text_reader

    text, removed = _without_controls(text, str(path))
    result = text_reader.read_text(text, where=str(path), **options)
    return ReadResult(result.document, result.warnings + removed) if removed else result


_PAGE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff]")


def _without_controls(text: str, where: str) -> tuple[str, tuple[Problem, ...]]:
    """Page breaks (form feed, vertical tab: pdftotext, Word) as line breaks; any other
    control character removed with one warning (XML cannot hold them, terminals obey them)."""
    text = text.translate(_PAGE_BREAKS)
    first = _CONTROLS.search(text)
    if first is None:
        return text, ()
    count = len(_CONTROLS.findall(text))
    line = text.count("\n", 0, first.start()) + 1
    warning = Problem(where, f"{count} control character(s) removed, the first "
                      f"U+{ord(first.group()):04X}", "check the text there", line)
    return _CONTROLS.sub("", text), (warning,)
