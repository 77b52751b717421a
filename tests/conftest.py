"""Shared fixtures: the demo workspace (copied, so tests may write), the corpus folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def corpus_dir() -> Path | None:
    """The treaty corpus kept in the repository (tests/data/corpus, see its PROVENANCE.md);
    ``TREATY_CORPUS`` points elsewhere."""
    folder = Path(os.environ.get("TREATY_CORPUS") or ROOT / "tests" / "data" / "corpus")
    return folder if folder.is_dir() else None


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A writable copy of the demo workspace."""
    dest = tmp_path / "demo"
    dest.mkdir()
    for name in ("treaty.xml", "articles", "amendments", "render", "delegations.xml"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.is_file():
            shutil.copy(src, dest / name)
    return dest
