"""Reader for single-file Akoma Ntoso documents (snapshots in ``versions/``, exports)."""

from __future__ import annotations

from .. import akn
from .result import ReadResult


def read_akn(data: bytes, where: str) -> ReadResult:
    root = akn.parse_bytes(data, where)
    return ReadResult(akn.document_from_xml(root, where))
