"""What the PDF engine may load: files inside the workspace's ``render/`` folder or the
tool's own package, and ``data:`` URLs - nothing else.

A workspace's ``house.css`` is untrusted: ``url(http://...)`` would tell a third party
who compiles the draft and when; ``url(file:///dev/zero)`` would eat memory until the
OOM killer. Every other URL is refused with one warning (once per URL), logged to the
``treaty`` logger (the command layer prints it as one line on stderr), and WeasyPrint goes
on without it. Files are read through `fileio.read_bytes` (regular
files only, size-capped, no link out of the folder).
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..fileio import read_bytes
from ..model import TreatyError

PACKAGE = Path(__file__).resolve().parent.parent


log = logging.getLogger("treaty.render.fetch")


def allowed_file(url: str, folders: tuple[Path, ...]) -> tuple[Path, Path] | None:
    """(file, folder it lies in) for a ``file:`` URL inside one of `folders`, else None."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parts.path))
    for folder in folders:
        base = folder.resolve()
        try:
            target = path.resolve()
        except OSError:
            return None
        if base == target or base in target.parents:
            return path, base
    return None


def make_fetcher(folders: tuple[Path, ...], warn: Callable[[str], None] = log.warning) -> object:
    """A WeasyPrint URL fetcher serving only `folders` (plus the package) and ``data:``."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    allowed = tuple(Path(f) for f in folders) + (PACKAGE,)
    warned: set[str] = set()

    class WorkspaceFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.lower().startswith("data:"):
                return super().fetch(url, headers)
            found = allowed_file(url, allowed)
            if found is not None:
                path, folder = found
                try:
                    data = read_bytes(path, inside=folder)
                except TreatyError as exc:
                    self._refuse(url, exc.problem.what)
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, data, {"Content-Type": mime})
            self._refuse(url, "only files inside the workspace's render/ folder are used")

        def _refuse(self, url: str, why: str):
            shown = url if len(url) <= 120 else url[:117] + "..."
            if shown not in warned:
                warned.add(shown)
                warn(f"warning: PDF: refused to load {shown}: {why}")
            raise ValueError(f"refused: {shown}")

    return WorkspaceFetcher(timeout=5, allowed_protocols=("file", "data"),
                            allow_redirects=False)
