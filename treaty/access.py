"""Sign-in tokens for ``treaty serve --write``: one per delegation (or the secretariat).

A token is shown once, when it is issued (``treaty access add SGP``); only its argon2 hash
is kept, in the workspace's private folder ``.treaty/access.json``, which git never sees
(the folder ignores itself, and `treaty init` lists it in ``.gitignore``). A token reads
``tt-<id>-<secret>``: the id finds its entry (so a sign-in checks one hash, not all), the
secret is 32 random bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from .fileio import atomic_write
from .history import PRIVATE
from .model import TreatyError

ACCESS = "access.json"
SECRETARIAT = "secretariat"
_TOKEN = re.compile(r"tt-([0-9a-f]{8})-([A-Za-z0-9_\-]{20,})")


@dataclass(frozen=True)
class Access:
    """One issued token: whom it signs in (a delegation code, or the secretariat)."""

    id: str
    code: str
    """Delegation code; empty for the secretariat."""
    hash: str
    created: str

    @property
    def secretariat(self) -> bool:
        return not self.code

    @property
    def who(self) -> str:
        return self.code or SECRETARIAT


def private_dir(root: Path) -> Path:
    """The workspace's untracked folder (created on first use, ignoring itself in git)."""
    folder = Path(root) / PRIVATE
    folder.mkdir(mode=0o700, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# private to this machine: sign-in token hashes, session secret\n*\n")
    return folder


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def load(root: Path) -> list[Access]:
    path = Path(root) / PRIVATE / ACCESS
    if not path.is_file():
        return []
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        return [Access(**row) for row in rows]
    except (OSError, ValueError, TypeError) as exc:
        raise TreatyError(str(path), f"cannot read the sign-in tokens ({exc})",
                          "remove the file and issue new tokens (`treaty access add`)") from None


def _save(root: Path, entries: list[Access]) -> None:
    path = private_dir(root) / ACCESS
    atomic_write(path, (json.dumps([asdict(e) for e in entries], indent=1) + "\n").encode())
    os.chmod(path, 0o600)


def add(root: Path, code: str = "") -> tuple[Access, str]:
    """Issue a token for delegation `code` ("" = the secretariat): (entry, the token)."""
    if code:
        from .delegations import registry

        code = registry(root).get(code.upper()).code
    entries = load(root)
    taken = {e.id for e in entries}
    token_id = secrets.token_hex(4)
    while token_id in taken:
        token_id = secrets.token_hex(4)
    token = f"tt-{token_id}-{secrets.token_urlsafe(32)}"
    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    entry = Access(token_id, code, _hasher().hash(token), created)
    _save(root, entries + [entry])
    return entry, token


def revoke(root: Path, which: str) -> list[Access]:
    """Withdraw the tokens with id `which`, or all of delegation `which` (``secretariat``)."""
    entries = load(root)
    key = which.strip()
    gone = [e for e in entries if e.id == key or e.who.lower() == key.lower()]
    if not gone:
        raise TreatyError(which, "no sign-in token with this id or delegation", "see `treaty access list`")
    _save(root, [e for e in entries if e not in gone])
    return gone


def verify(root: Path, token: str) -> Access | None:
    """The entry `token` signs in as, or None (unknown, revoked or wrong)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    m = _TOKEN.fullmatch(token.strip())
    if not m:
        return None
    for entry in load(root):
        if entry.id == m.group(1):
            try:
                _hasher().verify(entry.hash, token.strip())
            except (VerificationError, InvalidHashError):
                return None
            return entry
    return None


def find(root: Path, token_id: str) -> Access | None:
    """The entry with `token_id` if it has not been revoked (a signed-in session checks this
    on every write, so revoking a token ends its sessions)."""
    return next((e for e in load(root) if e.id == token_id), None)
