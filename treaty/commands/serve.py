"""``treaty serve``: the live, read-only web view of a workspace (`treaty.serve`)."""

from __future__ import annotations

from pathlib import Path

from .common import echo


def serve_command(root: Path, host: str, port: int) -> None:
    # imported here: Starlette, uvicorn and watchfiles are needed by this command only
    from ..serve import run

    run(root, host=host, port=port, echo=echo)
