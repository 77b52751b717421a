"""The one workspace lock: every command that writes holds it for its whole
read-modify-write, so two writers never lose each other's work.

    with workspace_lock(root, command="status"):
        ...load, change, write...

A second writer waits (up to `timeout()` seconds, ``TREATY_LOCK_TIMEOUT`` in the
environment, default 60) and then fails with one line naming the holder::

    busy: consolidate by PID 4242 since 09:14:03; try again

Readers (check, compile, serve, diff ...) never take it: writes are atomic (one file) or
transactional (`txn`), so a reader sees the old state or the new one. The lock is
`filelock` (``flock`` on ``.treaty-lock``); the operating system releases it when its
process dies, so a killed writer never leaves the workspace locked. Who holds it is kept
beside it in ``.treaty-lock.owner`` (the lock file itself is truncated by waiters).
Taking the lock again in the same thread (a command calling another) is a no-op; other
threads and processes wait.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from .fileio import atomic_write, os_error, read_bytes
from .model import TreatyError

LOCK = ".treaty-lock"
OWNER = ".treaty-lock.owner"
DEFAULT_TIMEOUT = 60.0

_local = threading.local()


def _held() -> dict[Path, int]:
    """Workspaces this thread holds the lock of, with how deeply (re-entry is a no-op)."""
    if not hasattr(_local, "held"):
        _local.held = {}
    return _local.held


def timeout() -> float:
    try:
        return max(0.0, float(os.environ.get("TREATY_LOCK_TIMEOUT", DEFAULT_TIMEOUT)))
    except ValueError:
        return DEFAULT_TIMEOUT


@contextlib.contextmanager
def workspace_lock(root: Path | str, command: str, wait: float | None = None,
                   create: bool = False) -> Iterator[None]:
    """Hold the workspace's write lock for the duration of the block (see the module).
    `create`: make the folder first (init, import into a new folder); otherwise a missing
    folder is "not a workspace", and nothing is created."""
    root = Path(root)
    if create:
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise os_error(exc, root, "create the folder") from None
    elif not root.is_dir():
        raise TreatyError(str(root), "not a workspace (no such folder)",
                          "run `treaty init DIR` or `treaty import SOURCE --into DIR`")
    key = root.resolve()
    held = _held()
    if key in held:  # this thread holds it already (a command calling another)
        held[key] += 1
        try:
            yield
        finally:
            held[key] -= 1
        return
    path = root / LOCK
    _probe(path)
    lock = FileLock(str(path), timeout=timeout() if wait is None else wait)
    try:
        lock.acquire()
    except Timeout:
        raise TreatyError(str(root), busy_line(root), "try again") from None
    except OSError as exc:
        raise os_error(exc, path, "lock the workspace") from None
    try:
        held[key] = 1
        _write_owner(root, command)
        yield
    finally:
        held.pop(key, None)
        with contextlib.suppress(OSError):
            (root / OWNER).unlink()
        lock.release()


def _probe(path: Path) -> None:
    """Fail at once, in one line, where the lock file cannot be made (read-only workspace,
    permissions) instead of waiting out the timeout; a link in its place is refused."""
    flags = os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    try:
        os.close(os.open(path, flags, 0o666))
    except OSError as exc:
        raise os_error(exc, path, "lock the workspace") from None


def _write_owner(root: Path, command: str) -> None:
    info = {"pid": os.getpid(), "command": command,
            "since": dt.datetime.now().strftime("%H:%M:%S")}
    with contextlib.suppress(TreatyError):  # the lock is held either way; the note is a courtesy
        atomic_write(root / OWNER, json.dumps(info).encode())


def holder(root: Path) -> dict | None:
    """Who holds the lock (``pid``, ``command``, ``since``), as far as the owner note says."""
    try:  # a note planted in a shared workspace is untrusted: a regular file, 4 kB at most
        info = json.loads(read_bytes(root / OWNER, inside=root, limit=4096))
        return info if isinstance(info, dict) else None
    except (TreatyError, ValueError):
        return None


def busy_line(root: Path) -> str:
    info = holder(root)
    if not info:
        return "busy: another command is writing to this workspace"
    command = re.sub(r"[^\w.-]", "?", str(info.get("command", "?")))[:40]
    pid = info.get("pid") if isinstance(info.get("pid"), int) else "?"
    since = re.sub(r"[^0-9:]", "?", str(info.get("since", "?")))[:8]
    return f"busy: {command} by PID {pid} since {since}"


def locked(command: str):
    """Decorator: run a writing command ``f(root, ...)`` under `workspace_lock` on `root`."""
    def wrap(func):
        @functools.wraps(func)
        def run(root, *args, **kwargs):
            with workspace_lock(root, command):
                return func(root, *args, **kwargs)
        return run
    return wrap
