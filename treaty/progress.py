"""Progress on a terminal for work that can take seconds (big imports, PDFs, diffs).

`stage("rendering PDF")` shows a rich spinner on stderr while the block runs — only when
stderr is a terminal, so pipes, files and CI logs stay quiet.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def stage(message: str, show: bool | None = None) -> Iterator[None]:
    if show is None:
        show = sys.stderr.isatty()
    if not show:
        yield
        return
    from rich.console import Console  # here: only a terminal shows progress

    with Console(stderr=True).status(message):
        yield
