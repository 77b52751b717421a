"""The one Jinja environment factory: every HTML writer and ``treaty serve`` get their
templates from `make_env`, so built-in and workspace templates run the same way.

A workspace's ``render/`` folder is untrusted (workspaces travel by e-mail and USB stick),
so templates run in Jinja's `SandboxedEnvironment`: ``{{ self.__init__.__globals__ ... }}``
is refused instead of running code. Autoescaping is on and undefined names are errors.
Template files are read through `fileio.read_bytes`: regular files only, size-capped, and
a link out of their folder is refused by name. Every value a template prints passes
`names.neutralise_bidi`, so no text can reorder what a reader of the page sees.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, StrictUndefined, TemplateNotFound
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from ..fileio import read_bytes
from ..model import TreatyError
from ..names import neutralise_bidi

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


class SafeLoader(BaseLoader):
    """Templates from `folders` in order (first found wins), read safely (see module)."""

    def __init__(self, folders: tuple[Path, ...]):
        self.folders = folders

    def get_source(self, environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        parts = split_template_path(template)  # refuses "..", absolute names
        for folder in self.folders:
            path = folder.joinpath(*parts)
            if not os.path.lexists(path):
                continue
            data = read_bytes(path, inside=folder)
            try:
                source = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise TreatyError(str(path), f"not UTF-8 text (byte {exc.start})",
                                  "save the template as UTF-8") from None
            mtime = _mtime(path)
            return source, str(path), lambda p=path, m=mtime: _mtime(p) == m
        raise TemplateNotFound(template)


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return Markup(neutralise_bidi(str(value)))
    if isinstance(value, str):
        return neutralise_bidi(value)
    return value


@lru_cache(maxsize=16)
def make_env(overrides_dir: Path | None = None) -> SandboxedEnvironment:
    """The sandboxed environment: `overrides_dir` (a workspace's ``render/``) first, then
    the built-in templates and static files."""
    folders = ((Path(overrides_dir),) if overrides_dir else ()) + (TEMPLATES, STATIC)
    return SandboxedEnvironment(loader=SafeLoader(folders), autoescape=True,
                                undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                                keep_trailing_newline=True, finalize=_finalize)
