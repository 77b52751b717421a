"""A workspace's settings (``settings.toml``, optional, kept in git): who the authors of
its history are.

Every command that changes a workspace inside a git repository makes a commit authored by
the delegation it acts for, or by the secretariat. The name is the delegation's name
from the registry (``Singapore``); the address comes from here::

    [authors]
    domain = "delegations.ahc.example.org"     # default address: sgp@delegations.ahc.example.org
    secretariat = "Secretariat of the Ad Hoc Committee"
    secretariat_email = "secretariat@ahc.example.org"

    [authors.email]                            # addresses of particular delegations
    SGP = "ahc@mfa.gov.sg"

    [git]
    commit = true                              # false: never commit (as --no-commit)

Without the file: ``CODE@delegations.invalid`` and ``Secretariat <secretariat@delegations.invalid>``
(``.invalid`` can never be a real address, RFC 2606).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .model import TreatyError

SETTINGS = "settings.toml"
DEFAULT_DOMAIN = "delegations.invalid"


@dataclass(frozen=True)
class Settings:
    domain: str = DEFAULT_DOMAIN
    secretariat: str = "Secretariat"
    secretariat_email: str = ""
    emails: dict[str, str] = field(default_factory=dict)
    commit: bool = True

    def email_of(self, code: str) -> str:
        """The address of delegation `code` ("" = the secretariat)."""
        if not code:
            return self.secretariat_email or f"secretariat@{self.domain}"
        return self.emails.get(code.upper()) or f"{code.lower()}@{self.domain}"


def load(root: Path) -> Settings:
    """The settings of the workspace at `root` (defaults when there is no settings.toml)."""
    path = Path(root) / SETTINGS
    if not path.is_file():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TreatyError(str(path), f"cannot read the settings ({exc})", "fix the TOML") from None
    authors = data.get("authors", {})
    git = data.get("git", {})
    if not isinstance(authors, dict) or not isinstance(git, dict):
        raise TreatyError(str(path), "[authors] and [git] must be tables", "see docs/collaboration.md")
    emails = authors.get("email", {})
    if not isinstance(emails, dict) or not all(isinstance(v, str) for v in emails.values()):
        raise TreatyError(str(path), "[authors.email] must map codes to addresses",
                          'write e.g. SGP = "ahc@mfa.gov.sg"')
    values = {k: authors.get(k) for k in ("domain", "secretariat", "secretariat_email")}
    for key, value in values.items():
        if value is not None and not isinstance(value, str):
            raise TreatyError(str(path), f"authors.{key} must be a string", "quote it")
    commit = git.get("commit", True)
    if not isinstance(commit, bool):
        raise TreatyError(str(path), "git.commit must be true or false", "write commit = false")
    return Settings(domain=values["domain"] or DEFAULT_DOMAIN,
                    secretariat=values["secretariat"] or "Secretariat",
                    secretariat_email=values["secretariat_email"] or "",
                    emails={k.upper(): v for k, v in emails.items()}, commit=commit)
