"""The parsed-amendment cache: the same proposals as without it, never stale (a changed
file is always re-read, even with its size and mtime restored), corrupt or foreign caches
ignored, nothing written outside the workspace's .treaty-cache/."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from treaty.amend import load_amendments
from treaty.amend.cache import CACHE_DIR, CACHE_FILE, AmendmentCache


@pytest.fixture(autouse=True)
def own_key(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def age(folder: Path, seconds: int = 100) -> None:
    """Make the files look written long ago (so the cache may trust their identity)."""
    old = time.time() - seconds
    for p in folder.glob("*.xml"):
        os.utime(p, (old, old))


def test_cached_amendments_are_the_parsed_ones(demo: Path):
    age(demo / "amendments")
    fresh, problems = load_amendments(demo / "amendments", cache=False)
    first, _ = load_amendments(demo / "amendments")
    assert (demo / CACHE_DIR / CACHE_FILE).is_file()
    assert (demo / CACHE_DIR / ".gitignore").read_text().strip().endswith("*")
    cache = AmendmentCache(demo)
    second = [cache.read(p) for p in sorted((demo / "amendments").glob("*.xml"))]
    assert cache.hits == len(fresh) > 5
    assert first == fresh and second == fresh
    assert [a.path for a in second] == [a.path for a in fresh]
    assert [c.line for a in second for c in a.changes] == [c.line for a in fresh for c in a.changes]
    assert any(c.units for a in second for c in a.changes)  # new units (AKN) survive the cache


def test_a_changed_file_is_reread_even_with_size_and_mtime_restored(demo: Path):
    folder = demo / "amendments"
    age(folder)
    load_amendments(folder)
    path = next(p for p in sorted(folder.glob("*.xml")) if b"<session>AHC-5</session>" in p.read_bytes())
    st = path.stat()
    data = path.read_bytes().replace(b"<session>AHC-5</session>", b"<session>AHC-9</session>")
    with open(path, "r+b") as fh:  # same inode, same size
        fh.write(data)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    amendments, _ = load_amendments(folder)
    changed = next(a for a in amendments if a.path == str(path))
    assert changed.session == "AHC-9"


def test_a_file_changed_in_the_same_tick_is_reread(demo: Path):
    folder = demo / "amendments"
    load_amendments(folder)  # files just written: their entries are "racy"
    path = sorted(folder.glob("*.xml"))[0]
    cache = AmendmentCache(demo)
    cache.read(path)
    assert cache.hits == 1  # same bytes: reused, but only after reading and hashing them


def test_broken_file_is_reported_every_time_and_not_cached(demo: Path):
    folder = demo / "amendments"
    (folder / "zz-broken.xml").write_text("<amendment>")
    for _ in range(2):
        _, problems = load_amendments(folder)
        assert any("zz-broken.xml" in p.where for p in problems)
    files = json.loads((demo / CACHE_DIR / CACHE_FILE).read_bytes().partition(b"\n")[2])["files"]
    assert "zz-broken.xml" not in files


@pytest.mark.parametrize("content", [b"", b"garbage\n{", b"0" * 64 + b"\n{}"])
def test_corrupt_or_unsigned_cache_is_ignored(demo: Path, content: bytes):
    age(demo / "amendments")
    fresh, _ = load_amendments(demo / "amendments", cache=False)
    (demo / CACHE_DIR).mkdir()
    (demo / CACHE_DIR / CACHE_FILE).write_bytes(content)
    assert load_amendments(demo / "amendments")[0] == fresh
    assert AmendmentCache(demo).entries  # rewritten, signed with this user's key


def test_a_cache_shipped_with_a_workspace_is_not_trusted(demo: Path, tmp_path, monkeypatch):
    age(demo / "amendments")
    load_amendments(demo / "amendments")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))
    assert AmendmentCache(demo).entries == {}


def test_cache_is_not_written_through_a_link(demo: Path, tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (demo / CACHE_DIR).symlink_to(outside)
    load_amendments(demo / "amendments")
    assert list(outside.iterdir()) == []


def test_cached_kinds_and_statuses_are_the_enums(demo: Path):
    from treaty.model import ChangeKind, Status

    age(demo / "amendments")
    load_amendments(demo / "amendments")
    cache = AmendmentCache(demo)
    cached = [cache.read(p) for p in sorted((demo / "amendments").glob("*.xml"))]
    assert cache.hits == len(cached)
    assert all(type(a.status) is Status for a in cached)
    assert all(type(c.kind) is ChangeKind for a in cached for c in a.changes)
