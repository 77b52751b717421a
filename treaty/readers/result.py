"""What every reader returns."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Document, Problem


@dataclass(frozen=True)
class ReadResult:
    document: Document
    warnings: tuple[Problem, ...] = ()
