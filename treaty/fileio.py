"""Reading and writing the user's files: one-line errors on reads, atomic writes."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from .model import TreatyError

MAX_BYTES = 50 * 1024 * 1024
"""The largest file any command reads (50 MB: a long treaty in Word with images is ~5 MB)."""


def read_bytes(path: Path, inside: Path | None = None, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes, or a `TreatyError` saying why it cannot be read.

    Only a regular file is read (a FIFO would block for ever, a device never ends), at
    most `limit` bytes; with `inside`, a path (or link) leading out of that folder is refused.
    The file is opened non-blocking, and checked again on the open descriptor, so it cannot
    be swapped for a FIFO between the check and the read."""
    path = Path(path)
    if inside is not None:
        from .names import inside as check_inside

        check_inside(inside, path)
    try:
        _check_regular(path, os.stat(path), limit)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            _check_regular(path, os.fstat(fd), limit)
            chunks, total = [], 0
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
                total += len(chunk)
                if total > limit:
                    raise _too_big(path, limit)
            return b"".join(chunks)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise TreatyError(str(path), "file not found", "check the path") from None
    except IsADirectoryError:
        raise TreatyError(str(path), "this is a folder, not a file", "give a file") from None
    except OSError as exc:
        raise os_error(exc, path, "read") from None


def _check_regular(path: Path, st: os.stat_result, limit: int) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(path)
    if not stat.S_ISREG(st.st_mode):
        kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(st.st_mode) else
                "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else
                "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
        raise TreatyError(str(path), f"refused: this is {kind}, not a file",
                          "put the file itself there (special files are never read)")
    if st.st_size > limit:
        raise _too_big(path, limit)


def _too_big(path: Path, limit: int) -> TreatyError:
    return TreatyError(str(path), f"refused: the file is larger than {limit // (1024 * 1024)} MB",
                       "files this large are not treaty texts; split or shrink it")


# errno -> (what happened, what to do)
_OS_ERRORS: dict[int, tuple[str, str]] = {
    errno.EACCES: ("permission denied", "check the permissions of the file and its folder"),
    errno.EPERM: ("operation not permitted", "check the permissions of the file and its folder"),
    errno.EROFS: ("the file system is read-only", "copy the workspace to a writable folder"),
    errno.ENOSPC: ("the disk is full", "free some space and run the command again"),
    errno.EDQUOT: ("the disk quota is exceeded", "free some space and run the command again"),
    errno.EFBIG: ("the file is larger than this system allows",
                  "raise the file-size limit (ulimit -f) or write elsewhere"),
    errno.EMFILE: ("too many open files", "close other programs or raise the limit (ulimit -n)"),
    errno.ENFILE: ("too many open files on this system", "close other programs and try again"),
    errno.ENAMETOOLONG: ("the file name is too long", "use a shorter path"),
    errno.ELOOP: ("too many symbolic links", "replace the links with the files themselves"),
    errno.ENOTDIR: ("a part of the path is not a folder", "check the path"),
    errno.EIO: ("input/output error", "check the disk"),
}


def os_error(exc: OSError, path: Path | str | None = None, action: str = "") -> TreatyError:
    """An operating-system failure as a one-line `TreatyError` (``path: what; what to do``)."""
    what, hint = _OS_ERRORS.get(exc.errno or 0, (exc.strerror or str(exc) or type(exc).__name__,
                                                 "check the file and try again"))
    where = str(path if path is not None else (exc.filename or "file"))
    return TreatyError(where, f"cannot {action}: {what}" if action else what, hint)


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never half;
    an operating-system failure (read-only, disk full, ...) is a one-line `TreatyError`."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = _written_temp(path, data)
        try:
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise os_error(exc, path, "write") from None


def create_new(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet, complete or not at all: the temporary file is
    hard-linked into place, which fails with FileExistsError if another process took the
    name first, so two writers can never share a file."""
    try:
        tmp = _written_temp(path, data)
    except OSError as exc:
        raise os_error(exc, path, "write") from None
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError as exc:
        raise os_error(exc, path, "write") from None
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
