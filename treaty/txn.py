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
leftovers are rolled back.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from .fileio import atomic_write
from .model import TreatyError

TXN = ".treaty-txn"

# Tests replace this to inject failures between steps.
_step_hook: Callable[[str], None] = lambda step: None  # noqa: E731


def _journal(root: Path) -> Path:
    return root / TXN / "journal.json"


def recover(root: Path) -> bool:
    """Roll back an interrupted commit; True if there was one."""
    txn = root / TXN
    journal = _journal(root)
    try:
        fd = os.open(txn, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return False  # another process is committing right now
    try:
        _roll_back(root, txn, journal)
    finally:
        os.close(fd)
    return True


def _roll_back(root: Path, txn: Path, journal: Path) -> None:
    if journal.is_file():
        entries = json.loads(journal.read_text())
        for entry in entries:
            target = root / entry["path"]
            if entry["existed"]:
                backup = txn / "backup" / entry["path"]
                if backup.is_file():
                    atomic_write(target, backup.read_bytes())
            else:
                target.unlink(missing_ok=True)
    shutil.rmtree(txn, ignore_errors=True)


def commit(root: Path, changes: dict[str, bytes | None]) -> None:
    """Write `changes` (relative path -> bytes, or None to delete) all or nothing."""
    recover(root)
    txn = root / TXN
    fresh = Path(tempfile.mkdtemp(dir=root, prefix=".treaty-txn-new-"))
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
    except BaseException:
        _roll_back(root, txn, _journal(root))
        raise
    shutil.rmtree(txn, ignore_errors=True)
