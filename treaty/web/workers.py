"""``treaty serve --workers N``: N uvicorn worker processes accepting on one socket.

Each worker builds its own application (page cache, file watcher, server-sent events) from
the environment, so a change to the workspace reaches the open pages of every worker."""

from __future__ import annotations

import inspect
import json
import os
import socket
from pathlib import Path
from typing import Any

ENV = "TREATY_SERVE_APP"


def app_from_env():
    """The application of one worker (uvicorn calls this factory in each process)."""
    from ..serve import create_app

    spec = json.loads(os.environ[ENV])
    return create_app(spec["root"], loopback_only=spec["loopback_only"], write=spec["write"],
                      https=spec["https"])


def run_workers(root: Path, sock: socket.socket, options, loopback_only: bool) -> None:
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from ..serve import _config_args

    os.environ[ENV] = json.dumps({"root": str(Path(root).resolve()), "loopback_only": loopback_only,
                                  "write": options.write, "https": options.proxy_headers})
    config = uvicorn.Config("treaty.web.workers:app_from_env", factory=True, workers=options.workers,
                            **_config_args(options))
    kwargs: dict[str, Any] = {"sockets": [sock]}
    if "target" in inspect.signature(Multiprocess.__init__).parameters:  # uvicorn < 0.30
        kwargs["target"] = uvicorn.Server(config).run
    Multiprocess(config, **kwargs).run()
