"""``treaty access add|list|revoke``: sign-in tokens for ``treaty serve --write``
(`treaty.access`)."""

from __future__ import annotations

from pathlib import Path

from .. import access, workspace
from ..model import TreatyError
from .common import echo


def _workspace(root: Path) -> None:
    if not workspace.is_workspace(root):
        raise TreatyError(str(root), "not a workspace (no treaty.xml)", "give --ws WS")


def add_command(root: Path, code: str, secretariat: bool) -> None:
    """Issue a token; it is printed once, alone on the last line."""
    _workspace(root)
    if bool(code) == secretariat:
        raise TreatyError("access add", "give a delegation code or --secretariat",
                          "e.g. `treaty access add SGP`")
    entry, token = access.add(root, "" if secretariat else code)
    echo(f"token {entry.id} for {entry.who} (shown only now; `treaty access revoke {entry.id}` "
         "withdraws it):")
    echo(token)


def list_command(root: Path) -> None:
    _workspace(root)
    entries = access.load(root)
    for e in entries:
        echo(f"{e.id}  {e.who:<12} {e.created}")
    echo(f"{len(entries)} token(s)")


def revoke_command(root: Path, which: str) -> None:
    _workspace(root)
    for e in access.revoke(root, which):
        echo(f"revoked {e.id} ({e.who})")
