"""All-or-nothing writes of several files, surviving a crash.

`commit(root, changes)` writes a set of files so that either all of them change or none
does. It stages every new content under ``.treaty-txn/`` first, then writes a journal
listing, for every target, whether it existed (its old bytes are kept in the journal's
backup folder). Only then are targets replaced one by one. If anything fails, or the
process dies, `recover(root)` (run by `workspace.load`) puts every file back as it was.
The journal is removed last: its presence means "roll back".

A committing process holds an exclusive lock on the ``.treaty-txn`` folder (created under a
temporary name, locked, then renamed into place), so `recover` run by a concurrent reader
(``treaty serve``) leaves a live commit alone; a dead process's lock is gone, so its
leftovers are rolled back. `live(root)` tells a reader whether a commit is running now,
rolling back a dead one's leftovers (so ``serve`` never waits for a journal whose writer
is gone).

A journal arrives with the workspace (git, e-mail, USB sticks), so it is untrusted: every
path it names must be a relative path inside the workspace, or nothing is rolled back
and the user is told to remove the folder. Callers hold the workspace lock (`lock`).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .fileio import atomic_write, os_error, read_bytes
from .model import TreatyError
from .names import inside

TXN = ".treaty-txn"
READER_WAIT = 60.0
"""How long a reader waits for a running commit to end before reading anyway (seconds)."""

# Tests replace this to inject failures between steps.
_step_hook: Callable[[str], None] = lambda step: None  # noqa: E731


def _journal(root: Path) -> Path:
    return root / TXN / "journal.json"


def recover(root: Path, wait: float = 0.0) -> bool:
    """Roll back an interrupted commit; True if there was one. A commit that is running
    (its process holds the folder's lock) is left alone - or, with `wait` seconds, waited
    for, so that a reader (``treaty check``) sees the workspace after it, not halfway."""
    txn = root / TXN
    journal = _journal(root)
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(txn, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
                         | getattr(os, "O_DIRECTORY", 0))
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise TreatyError(str(txn), f"cannot recover an interrupted change: {exc.strerror}",
                              "remove the .treaty-txn folder if it is not a folder of this tool"
                              ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                return False  # another process is committing right now
            time.sleep(0.05)
            continue
        try:
            if _same_folder(fd, txn):  # not one a finished commit removed meanwhile
                _roll_back(root, txn, journal)
                return True
        finally:
            os.close(fd)


def _same_folder(fd: int, path: Path) -> bool:
    try:
        now = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino)


def live(root: Path) -> bool:
    """True while another process is committing; leftovers of a dead commit are rolled back."""
    if not (root / TXN).exists():
        return False
    recover(root)
    return (root / TXN).exists()


def _entries(root: Path, journal: Path) -> list[tuple[str, bool]]:
    """The journal's (path, existed) pairs, each checked to stay inside the workspace."""
    hint = "remove the .treaty-txn folder (it did not come from an interrupted change here)"
    try:
        raw = json.loads(read_bytes(journal))
        entries = [(str(e["path"]), bool(e["existed"])) for e in raw]
    except TreatyError:
        raise
    except (ValueError, TypeError, KeyError):
        raise TreatyError(str(journal), "refused: the journal of an interrupted change is not "
                          "valid", hint) from None
    for rel, _existed in entries:
        if Path(rel).is_absolute() or ".." in Path(rel).parts or rel.split("/")[0] == TXN:
            raise TreatyError(str(journal), f"refused: the journal names {rel!r}, outside the "
                              "workspace", hint)
        try:
            inside(root, root / rel, str(journal))
        except TreatyError as exc:
            raise TreatyError(str(journal), exc.problem.what, hint) from None
    return entries


def _roll_back(root: Path, txn: Path, journal: Path) -> None:
    if journal.is_file():
        for rel, existed in _entries(root, journal):
            target = root / rel
            if existed:
                backup = txn / "backup" / rel
                if backup.is_file():
                    atomic_write(target, read_bytes(backup))
            else:
                target.unlink(missing_ok=True)
    shutil.rmtree(txn, ignore_errors=True)


def commit(root: Path, changes: dict[str, bytes | None]) -> None:
    """Write `changes` (relative path -> bytes, or None to delete) all or nothing."""
    for rel in changes:  # every target inside the workspace, links included
        inside(root, root / rel)
    recover(root)
    txn = root / TXN
    try:
        fresh = Path(tempfile.mkdtemp(dir=root, prefix=".treaty-txn-new-"))
    except OSError as exc:
        raise os_error(exc, root, "write") from None
    fd = os.open(fresh, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        os.rename(fresh, txn)
    except OSError:
        os.close(fd)
        shutil.rmtree(fresh, ignore_errors=True)
        raise TreatyError(str(txn), "another change to this workspace is being written",
                          "wait for it to finish and try again") from None
    try:
        _commit_locked(root, txn, changes)
    finally:
        os.close(fd)


def _commit_locked(root: Path, txn: Path, changes: dict[str, bytes | None]) -> None:
    (txn / "stage").mkdir()
    try:
        entries = []
        for rel, data in changes.items():
            target = root / rel
            existed = target.is_file()
            if existed:
                backup = txn / "backup" / rel
                backup.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(target, backup)
            if data is not None:
                staged = txn / "stage" / rel
                staged.parent.mkdir(parents=True, exist_ok=True)
                staged.write_bytes(data)
            entries.append({"path": rel, "existed": existed})
        _step_hook("staged")
        atomic_write(_journal(root), json.dumps(entries, indent=1).encode())
        for rel, data in changes.items():
            _step_hook(f"write {rel}")
            target = root / rel
            if data is None:
                target.unlink(missing_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(txn / "stage" / rel, target)
        _step_hook("written")
        _journal(root).unlink()
    except OSError as exc:
        _roll_back(root, txn, _journal(root))
        raise os_error(exc, exc.filename or root, "write") from None
    except BaseException:
        _roll_back(root, txn, _journal(root))
        raise
    shutil.rmtree(txn, ignore_errors=True)
