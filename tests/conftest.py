"""Shared fixtures: the demo workspace (copied, so tests may write), the corpus folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def corpus_dir() -> Path | None:
    for candidate in (os.environ.get("TREATY_CORPUS"), ROOT.parent / "shared" / "corpus"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


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
