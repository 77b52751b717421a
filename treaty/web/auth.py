"""Who is asking: a bearer token (``Authorization: Bearer tt-...``) or a signed-in
session (Starlette's signed cookie), and a limit on failed sign-ins per client address."""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from .. import access
from ..fileio import create_new

SESSION_COOKIE = "treaty_session"
SECRET_FILE = "session-secret"


def session_secret(root: Path) -> str:
    """The key that signs session cookies, kept in the workspace's private folder so that
    every worker process (and a restart) accepts the same sessions."""
    path = access.private_dir(root) / SECRET_FILE
    if not path.is_file():
        try:
            create_new(path, secrets.token_urlsafe(48).encode())
            path.chmod(0o600)
        except FileExistsError:  # another worker made it first
            pass
    return path.read_text().strip()


@dataclass
class RateLimit:
    """At most `limit` failed attempts per client address within `window` seconds."""

    limit: int = 10
    window: float = 300.0

    def __post_init__(self) -> None:
        self._fails: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str, now: float) -> deque[float]:
        fails = self._fails.setdefault(client, deque())
        while fails and fails[0] <= now - self.window:
            fails.popleft()
        return fails

    def retry_after(self, client: str) -> int:
        """Seconds until `client` may try again (0: now)."""
        now = time.monotonic()
        with self._lock:
            fails = self._recent(client, now)
            if len(fails) < self.limit:
                return 0
            return max(1, int(fails[0] + self.window - now) + 1)

    def failed(self, client: str) -> None:
        with self._lock:
            self._recent(client, time.monotonic()).append(time.monotonic())
