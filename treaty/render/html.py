"""The compiled draft as one self-contained HTML page (Jinja2, autoescaped, StrictUndefined).

Templates are looked up first in the workspace's ``render/`` folder(s) (`template_dirs`), then
in the package: a workspace overrides ``masthead.html.j2``, ``draft.css`` or any other file
by giving a file of the same name, and may add ``house.css`` (appended to the built-in CSS).
A broken override is reported as ``render/masthead.html.j2:3: template error: ...``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from ..compiled import Compiled
from ..delegations import Registry
from ..model import TreatyError
from .draft_view import DraftView, draft_view
from .env import PageParts, environment, page_parts
from .options import RenderOptions

MAIN = "draft.html.j2"
HINT = "fix or remove the template in the workspace's render/ folder"
T = TypeVar("T")


def _source(env: Environment, name: str) -> str | None:
    assert env.loader is not None
    try:
        source, _filename, _uptodate = env.loader.get_source(env, name)
    except TemplateNotFound:
        return None
    return source


def stylesheet(env: Environment) -> Markup:
    """``draft.css`` (the workspace's if it has one) plus the workspace's ``house.css``."""
    parts = [_source(env, "draft.css") or "", _source(env, "house.css") or ""]
    css = "\n".join(p for p in parts if p)
    # The CSS is the user's own, but it must not be able to end the <style> element.
    return Markup(css.replace("</", "<\\/"))


def _template_frame(tb: Any) -> tuple[str, int | None] | None:
    """The innermost template (file, line) of a traceback (Jinja rewrites template frames
    so that they carry the template's file name and line)."""
    found = None
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".j2", ".jinja", ".jinja2", ".html", ".htm", ".txt", ".xml")):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _reported(name: str, make: Callable[[], T]) -> T:
    """`make()`, with a template's errors as one line naming the template's file and line."""
    try:
        return make()
    except TemplateSyntaxError as exc:
        where = exc.filename or exc.name or name
        raise TreatyError(where, f"template error: {exc.message}", HINT, exc.lineno) from None
    except TemplateNotFound as exc:
        raise TreatyError(str(exc.name), "template error: template not found",
                          "restore the file or remove the {% include %} naming it") from None
    except TreatyError:
        raise
    except SecurityError as exc:  # the sandbox refused (render/env.py)
        where, line = _template_frame(sys.exc_info()[2]) or (name, None)
        raise TreatyError(where, f"refused: the template does something unsafe ({exc})", HINT,
                          line) from None
    except Exception as exc:  # an error raised while a template runs (undefined name ...)
        frame = _template_frame(sys.exc_info()[2])
        if frame is None and not isinstance(exc, TemplateError):
            raise
        where, line = frame or (name, None)
        raise TreatyError(where, f"template error: {exc}", HINT, line) from None


def render_view(view: DraftView, template_dirs: tuple[Path, ...] = ()) -> str:
    env = environment(tuple(Path(d) for d in template_dirs))
    return _reported(MAIN, lambda: env.get_template(MAIN).render(d=view, css=stylesheet(env)))


def render_html(compiled: Compiled, attribution: str = "names", show_index: bool = True,
                template_dirs: tuple[Path, ...] = (), registry: Registry | None = None) -> str:
    view = draft_view(compiled, attribution, show_index, registry)
    return render_view(view, template_dirs)


def write_html(compiled: Compiled, options: RenderOptions) -> bytes:
    """The draft writer of format ``html``."""
    return render_html(compiled, options.attribution, options.show_index, options.template_dirs,
                       options.registry).encode("utf-8")


def draft_parts(compiled: Compiled, options: RenderOptions) -> PageParts:
    """The page's parts (title, styles, body), for `treaty serve`."""
    view = draft_view(compiled, options.attribution, options.show_index, options.registry)
    env = environment(options.template_dirs)
    return _reported(MAIN, lambda: page_parts(env, MAIN, {"d": view, "css": stylesheet(env)}))
