"""``treaty serve``: the live web view of a workspace (`treaty.serve`); read-only unless
``--write`` (sign-in and the write API of `treaty.web`)."""

from __future__ import annotations

from pathlib import Path

from .common import echo


def serve_command(root: Path, host: str, port: int, write: bool = False, workers: int = 1,
                  proxy_headers: bool = False, forwarded_allow_ips: str = "127.0.0.1") -> None:
    # imported here: Starlette, uvicorn and watchfiles are needed by this command only
    from ..serve import Options, run

    run(root, host=host, port=port, echo=echo,
        options=Options(write=write, workers=workers, proxy_headers=proxy_headers,
                        forwarded_allow_ips=forwarded_allow_ips))
