"""A cache of parsed amendment files, so that a session's 20,000 proposals are not parsed
and validated again by every command.

Kept in the workspace's hidden ``.treaty-cache/amendments.json`` (gitignored), one entry
per file name: the file's identity when it was read (size, mtime, ctime, inode), the BLAKE2
hash of its bytes, and the parsed `Amendment` as JSON. It is never stale:

- an entry is used without reading the file only if size, mtime, ctime and inode are unchanged
  *and* the file was last modified well before the entry was made (a file written in the
  same clock tick as it was read could change without its mtime moving: it is re-read);
- otherwise the file is read and hashed; the parsed entry is reused only for the same bytes;
- a file that does not parse is never cached (its error is reported every time).

The cache is plain JSON (a workspace is untrusted input: nothing in it is unpickled or run)
signed with a key kept outside the workspace (``~/.cache/treaty-tracker/cache.key``), so a
cache that came with a workspace cannot pass off unvalidated proposals: it is ignored, as is
a cache that is missing, corrupt, from another version of the model, or cannot be written.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import hmac
import json
import os
import secrets
import stat
import time
import typing
from pathlib import Path

from ..fileio import os_error, read_bytes
from ..model import Amendment, Change, HistoryEntry, Unit
from ..names import inside as check_inside
from .format import parse_amendment

CACHE_DIR = ".treaty-cache"
CACHE_FILE = "amendments.json"
FORMAT = 1
RACY_NS = 2_000_000_000
"""A file modified less than this before it was read may change again without its mtime
moving (coarse file-system clocks): its entry is checked against the bytes."""

_CLASSES: dict[str, type] = {c.__name__: c for c in (Amendment, Change, HistoryEntry, Unit)}


def _key() -> bytes | None:
    """This user's signing key (made on first use); None if it cannot be kept."""
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        path = base / "treaty-tracker" / "cache.key"
        key = path.read_bytes() if path.exists() else b""
        if len(key) >= 32:
            return key
        path.parent.mkdir(parents=True, exist_ok=True)
        # a new key; a short one (a write cut off) is replaced
        flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if key else os.O_EXCL)
        try:
            fd = os.open(path, flags, 0o600)
        except FileExistsError:  # another process made it meanwhile: use theirs
            return path.read_bytes()
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(32))
        return path.read_bytes()
    except (OSError, RuntimeError):  # RuntimeError: no home folder
        return None


def _sign(key: bytes, body: bytes) -> bytes:
    return hmac.new(key, body, hashlib.sha256).hexdigest().encode("ascii")


def _shape() -> dict[str, list[str]]:
    """Field names of the cached classes: a cache written for other fields is ignored."""
    return {name: [f.name for f in dataclasses.fields(cls)] for name, cls in _CLASSES.items()}


# -- JSON codec of the frozen model (every sequence in it is a tuple) -------------------------


def _encode(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {"@": type(value).__name__}
        for f in dataclasses.fields(value):
            out[f.name] = _encode(getattr(value, f.name))
        return out
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    if isinstance(value, str):  # a StrEnum is stored as its text
        return str(value)
    return value


def _value(v):
    """A JSON value back in the model: objects are dataclasses, lists are tuples, at any depth
    (``Amendment.translations`` is a tuple of (language, tuple of changes))."""
    if v.__class__ is dict:
        return _decode(v)
    if v.__class__ is list:
        return tuple([_value(x) for x in v])
    return v


def _decode(value: dict, **extra):
    """A dataclass from its JSON object (lists become tuples, as in the model)."""
    kwargs = {k: _value(v) for k, v in value.items()}
    name = kwargs.pop("@")
    for field_name, enum_type in _enum_fields(name):  # "replace" -> ChangeKind.REPLACE, as parsed
        if field_name in kwargs:
            kwargs[field_name] = enum_type(kwargs[field_name])
    kwargs.update(extra)
    return _CLASSES[name](**kwargs)


@functools.cache
def _enum_fields(name: str) -> tuple[tuple[str, type], ...]:
    """Fields of class `name` typed with an enum (`Status`, `ChangeKind` ...)."""
    hints = typing.get_type_hints(_CLASSES[name])
    return tuple((f, t) for f, t in hints.items() if isinstance(t, type) and issubclass(t, enum.Enum))


def encode_amendment(a: Amendment) -> dict:
    return _encode(a)


def decode_amendment(data: dict, path: str) -> Amendment:
    a = _decode(data, path=path) if data.get("@") == "Amendment" else None
    if not isinstance(a, Amendment):
        raise ValueError("not an amendment")
    return a


# -- the cache ----------------------------------------------------------------------------------


class AmendmentCache:
    """Parsed amendments of one workspace's ``amendments/`` folder (see the module doc)."""

    def __init__(self, root: Path):
        self.root = root
        self.folder = root / "amendments"
        self.path = root / CACHE_DIR / CACHE_FILE
        self.key = _key()
        self.entries: dict[str, dict] = {}
        self.used: set[str] = set()
        self.dirty = False
        self.hits = 0
        self._real_root: str | None = None
        self._real_dirs: dict[Path, str] = {}
        self._load()

    def _load(self) -> None:
        if self.key is None or self.path.parent.is_symlink():
            return
        try:
            with open(self.path, "rb") as fh:
                mac, _, body = fh.read().partition(b"\n")
            if not hmac.compare_digest(mac, _sign(self.key, body)):
                return
            data = json.loads(body)
        except (OSError, ValueError):
            return
        if (not isinstance(data, dict) or data.get("format") != FORMAT
                or data.get("shape") != _shape() or not isinstance(data.get("files"), dict)):
            return
        self.entries = data["files"]

    def read(self, path: Path) -> Amendment:
        """The amendment in `path`: from the cache if its bytes are the ones cached."""
        name = self._name(path)
        self.used.add(name)
        try:
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode) or not self._inside(path):
                check_inside(self.root, path)  # before any cached entry is trusted for this path
                st = os.stat(path)
        except OSError as exc:
            raise os_error(exc, path, "read") from None
        if not stat.S_ISREG(st.st_mode):
            read_bytes(path)  # says in one line what the file is instead
        # ctime too: no one can set it back, so a rewrite with the same size and a restored
        # mtime is still seen.
        ident = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        entry = self.entries.get(name)
        changed_ns = max(st.st_mtime_ns, st.st_ctime_ns)
        if (isinstance(entry, dict) and entry.get("ident") == ident
                and isinstance(entry.get("seen"), int) and changed_ns < entry["seen"] - RACY_NS):
            a = self._cached(entry, path)
            if a is not None:
                self.hits += 1
                return a
        seen = time.time_ns()
        data = read_bytes(path, inside=self.root)
        digest = hashlib.blake2b(data, digest_size=20).hexdigest()
        if isinstance(entry, dict) and entry.get("hash") == digest:
            a = self._cached(entry, path)
            if a is not None:
                self.hits += 1
                self._remember(name, ident, seen, digest, entry["amendment"])
                return a
        self.entries.pop(name, None)  # a file that no longer parses leaves no entry behind
        self.dirty = True
        a = parse_amendment(data, str(path))
        self._remember(name, ident, seen, digest, encode_amendment(a))
        return a

    def _inside(self, path: Path) -> bool:
        """Whether `path`, a file that is not a link, lies inside the workspace: its folder's
        real path, found once per folder rather than once per file (`names.inside` resolves
        the workspace and every folder on the way again, some 40,000 calls for a big draft)."""
        if self._real_root is None:
            self._real_root = os.path.realpath(self.root).rstrip(os.sep) + os.sep
        parent = path.parent
        real = self._real_dirs.get(parent)
        if real is None:
            real = self._real_dirs[parent] = os.path.realpath(parent) + os.sep
        return real.startswith(self._real_root)

    def _cached(self, entry: dict, path: Path) -> Amendment | None:
        try:
            return decode_amendment(entry["amendment"], str(path))
        except (KeyError, TypeError, ValueError, AttributeError, NameError):
            self.entries.pop(self._name(path), None)
            self.dirty = True
            return None

    def _name(self, path: Path) -> str:
        try:  # one relative_to, not is_relative_to and then relative_to again
            return path.relative_to(self.folder).as_posix()
        except ValueError:
            return str(path)

    def _remember(self, name: str, ident: list[int], seen: int, digest: str, data: dict) -> None:
        old = self.entries.get(name)
        if old and old.get("ident") == ident and old.get("hash") == digest:
            return
        self.entries[name] = {"ident": ident, "seen": seen, "hash": digest, "amendment": data}
        self.dirty = True

    def save(self) -> None:
        """Write the cache (atomically) if anything changed; forget files that are gone.
        A cache that cannot be written is simply not kept."""
        gone = set(self.entries) - self.used
        for name in gone:
            del self.entries[name]
        if not (self.dirty or gone) or self.key is None:
            return
        body = json.dumps({"format": FORMAT, "shape": _shape(), "files": self.entries},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        folder = self.path.parent
        if folder.is_symlink():  # never write through a link out of the workspace
            return
        try:
            folder.mkdir(exist_ok=True)
            if not (folder / ".gitignore").exists():
                _write_atomic(folder / ".gitignore", b"# treaty tracker's cache: safe to delete\n*\n")
            _write_atomic(self.path, _sign(self.key, body) + b"\n" + body)
        except OSError:
            return
        self.dirty = False


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
