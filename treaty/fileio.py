"""Reading and writing the user's files: one-line errors on reads, atomic writes."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .model import TreatyError


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a `TreatyError` saying why it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise TreatyError(str(path), "file not found", "check the path") from None
    except IsADirectoryError:
        raise TreatyError(str(path), "this is a folder, not a file", "give a file") from None
    except OSError as exc:
        raise TreatyError(str(path), f"cannot read the file ({exc.strerror})",
                          "check its permissions") from None


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _written_temp(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def create_new(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet, complete or not at all: the temporary file is
    hard-linked into place, which fails with FileExistsError if another process took the
    name first, so two writers can never share a file."""
    tmp = _written_temp(path, data)
    try:
        os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _written_temp(path: Path, data: bytes) -> Path:
    """A temporary file beside `path` holding `data`, flushed to disk, with `path`'s mode."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _mode_for(path: Path) -> int:
    """The file's current permissions, or what a plain new file gets under the umask
    (mkstemp's private 0600 would hide a shared workspace's files from colleagues)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
