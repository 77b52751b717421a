"""Readers: every input format becomes one `Document` (pandoc-style; no writer knows them).

`read(path)` picks the reader from a table (`READERS`): the first, in table order, that
claims the file's suffix or recognises its first bytes (``PK`` for Word, ``<?xml`` for
AKN); the text reader, last, takes the rest. Each reader returns a `ReadResult` with the document and
the warnings it raised (lines it could not classify, kept in the nearest unit). A new
reader is one module with a ``read_*(data, where, **options)`` function and one row here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import workspace
from ..fileio import read_bytes
from ..model import Problem, TreatyError
from .result import ReadResult

__all__ = ["READERS", "ReadResult", "Reader", "read"]


def _read_plain(data: bytes, where: str, **options: str) -> ReadResult:
    """Plain text or Markdown, once it is known to be UTF-8 text."""
    if b"\x00" in data[:4096]:
        raise TreatyError(where, "this is a binary file, not a treaty text",
                          "give a .txt, .md, .docx or AKN .xml file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TreatyError(where, f"not UTF-8 text (byte {exc.start})",
                          "save the file as UTF-8") from None
    text, removed = _without_controls(text, where)
    from .text import read_text  # imported for a text file only: its patterns take a while

    result = read_text(text, where=where, **options)
    return ReadResult(result.document, result.warnings + removed) if removed else result


_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff]")


def _without_controls(text: str, where: str) -> tuple[str, tuple[Problem, ...]]:
    """Page breaks (form feed, vertical tab: pdftotext, Word) as line breaks; any other
    control character removed with one warning (XML cannot hold them, terminals obey them)."""
    # str.replace, not str.translate: translate falls back to a slow per-character path on
    # any non-ASCII text (0.05 s on the EU AI Act), replace is a memchr scan.
    text = text.replace("\x0b", "\n").replace("\x0c", "\n")
    first = _CONTROLS.search(text)
    if first is None:
        return text, ()
    count = len(_CONTROLS.findall(text))
    line = text.count("\n", 0, first.start()) + 1
    warning = Problem(where, f"{count} control character(s) removed, the first "
                      f"U+{ord(first.group()):04X}", "check the text there", line)
    return _CONTROLS.sub("", text), (warning,)


def _read_akn(data: bytes, where: str, **options: str) -> ReadResult:
    from .akn import read_akn  # imported for an AKN file only

    return read_akn(data, where=where)


def _read_docx(data: bytes, where: str, **options: str) -> ReadResult:
    from .docx import read_docx  # imported for a Word file only: it is the largest reader

    return read_docx(data, where, **options)


@dataclass(frozen=True)
class Reader:
    name: str
    suffixes: tuple[str, ...]
    signature: Callable[[bytes], bool]
    """Whether bytes of any suffix are this format."""
    read: Callable[..., ReadResult]
    """``read(data, where, **options)``"""


READERS: tuple[Reader, ...] = (
    Reader("docx", (".docx",), lambda data: data[:2] == b"PK", _read_docx),
    Reader("akn", (".xml",), lambda data: data.lstrip()[:5] == b"<?xml", _read_akn),
    Reader("text", (".txt", ".md", ".markdown", ".text", ""), lambda data: True, _read_plain),
)


def reader_for(suffix: str, data: bytes) -> Reader:
    """The reader of a file with `suffix` and these bytes (see the module docstring)."""
    return next(r for r in READERS if suffix in r.suffixes or r.signature(data))


def read(path: Path | str, **options: str) -> ReadResult:
    """Read a treaty text from `path`: plain text / markdown, .docx, an AKN file, or a
    workspace folder."""
    path = Path(path)
    if path.is_dir():
        return ReadResult(workspace.load(path).document)
    data = read_bytes(path)
    if not data.strip():
        raise TreatyError(str(path), "the file is empty", "give a file with the treaty text")
    return reader_for(path.suffix.lower(), data).read(data, str(path), **options)
