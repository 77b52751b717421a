"""The compiled draft as PDF: WeasyPrint over the very same HTML, with its print CSS (A4,
running header with the document symbol, "page N of M", the index of proposals as endnotes).
WeasyPrint loads nothing but files of the workspace's ``render/`` folder and the package
(`fetch.make_fetcher`): a workspace's CSS cannot make it fetch a URL or read /dev/zero.

WeasyPrint needs Pango (system libraries); when they are missing its import fails with an
OSError, reported here as one line saying what to install.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ..compiled import Compiled
from ..gcpause import collector_on, paused_gc
from ..model import TreatyError
from .html import render_html
from .options import RenderOptions

HINT = "install the system libraries: apt-get install libpango-1.0-0 libpangoft2-1.0-0 (see README)"


def _weasyprint() -> Any:
    try:  # imported here: it takes half a second, and it fails without Pango
        import weasyprint
    except OSError as exc:  # missing libpango / libgobject ...
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise TreatyError("weasyprint", f"cannot make PDF: {reason}", HINT) from None
    except ImportError as exc:
        raise TreatyError("weasyprint", f"cannot make PDF: {exc}",
                          "install the Python package: pip install weasyprint") from None
    return weasyprint


def html_to_pdf(html: str, base_url: str | None = None, folders: tuple[Path, ...] = ()) -> bytes:
    """The PDF of `html`; WeasyPrint may load files from `folders` (and the package) only."""
    weasyprint = _weasyprint()
    from .fetch import make_fetcher

    # WeasyPrint logs every CSS property it does not know (e.g. screen-only ones) as a warning.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    with collector_on():  # its layout makes cyclic garbage (see gcpause)
        return weasyprint.HTML(string=html, base_url=base_url,
                               url_fetcher=make_fetcher(folders)).write_pdf()


def write_pdf(compiled: Compiled, options: RenderOptions) -> bytes:
    """The draft writer of format ``pdf``."""
    with paused_gc():
        html = render_html(compiled, options.attribution, options.show_index,
                           options.template_dirs, options.registry)
    return html_to_pdf(html, folders=tuple(Path(d) for d in options.template_dirs))
