"""All-or-nothing writes of several files, surviving a crash.

`commit(root, changes)` writes a set of files so that either all of them change or none
does. It stages every new content under ``.treaty-txn/`` first, then writes a journal
listing, for every target, whether it existed (its old bytes are kept in the journal's
backup folder). Only then are targets replaced one by one. If anything fails, or the
process dies, `recover(root)` (run by `workspace.load`) puts every file back as it was.
The journal is removed last: its presence means "roll back".
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from .workspace import atomic_write

TXN = ".treaty-txn"

# Tests replace this to inject failures between steps.
_step_hook: Callable[[str], None] = lambda step: None  # noqa: E731


def _journal(root: Path) -> Path:
    return root / TXN / "journal.json"


def recover(root: Path) -> bool:
    """Roll back an interrupted commit; True if there was one."""
    txn = root / TXN
    journal = _journal(root)
    if not txn.exists():
        return False
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
    return True


def commit(root: Path, changes: dict[str, bytes | None]) -> None:
    """Write `changes` (relative path -> bytes, or None to delete) all or nothing."""
    recover(root)
    txn = root / TXN
    (txn / "stage").mkdir(parents=True)
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
        recover(root)
        raise
    shutil.rmtree(txn, ignore_errors=True)
