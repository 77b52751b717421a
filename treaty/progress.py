"""Progress on a terminal for work that can take seconds (big imports, PDFs, diffs).

`stage("rendering PDF")` shows a rich spinner on stderr while the block runs — only when
stderr is a terminal, so pipes, files and CI logs stay quiet. A spinner turns in a thread
of its own, and a process with threads does not fork (`parallel`): a stage whose work is
split over the cores passes ``animate=False`` and shows the same line, still.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def stage(message: str, show: bool | None = None, animate: bool = True) -> Iterator[None]:
    if show is None:
        show = sys.stderr.isatty()
    if not show:
        yield
        return
    from rich.console import Console  # here: only a terminal shows progress

    console = Console(stderr=True)
    if animate:
        with console.status(message):
            yield
        return
    from rich.live import Live
    from rich.text import Text

    with Live(Text(f"… {message}"), console=console, auto_refresh=False, transient=True):
        yield
