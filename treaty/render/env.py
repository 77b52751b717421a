"""The one Jinja environment factory: every HTML writer and `treaty serve` get their
templates here, so a workspace's ``render/`` overrides and the environment's settings
(sandbox, autoescaping, strict undefined names) hold everywhere alike.

Templates are looked up first in the given folders (a workspace's ``render/``), then in
the package's ``templates/`` and ``static/``. Page templates put their parts in blocks
(``title``, ``styles``, ``body_class``, ``body``) so that `page_parts` can hand `serve`
the parts of a page without parsing the HTML it rendered.

A workspace's ``render/`` folder is untrusted (workspaces travel by e-mail and USB stick),
so wherever a workspace has one, templates - its own and the built-in ones they include -
run in Jinja's `SandboxedEnvironment`: ``{{ self.__init__.__globals__ ... }}`` is refused
instead of running code. With no such folder only the package's own templates run, and
they run in a plain `Environment`: they are the program's code, and the sandbox's checks
on every attribute and call cost a tenth of a large draft's rendering. Template files
are read through `fileio.read_bytes`: regular files only, size-capped, and a link out of
their folder is refused by name. Every value a template prints passes
`names.neutralise_bidi`, so no text can reorder what a reader of the page sees.
"""

from __future__ import annotations

import os
import types
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from ..fileio import read_bytes
from ..model import TreatyError
from ..names import neutralise_bidi
from .jinja_cache import bytecode_cache

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


class SafeLoader(BaseLoader):
    """Templates from `folders` in order (first found wins), read safely (see module)."""

    def __init__(self, folders: tuple[Path, ...]):
        self.folders = folders

    def get_source(self, environment: Environment, template: str,
                   ) -> tuple[str, str, Callable[[], bool]]:
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
    if isinstance(value, str) and value.isascii():  # no bidi control is ASCII; most text is
        return value
    if isinstance(value, Markup):
        return Markup(neutralise_bidi(str(value)))
    if isinstance(value, str):
        return neutralise_bidi(value)
    return value


_METHODS = (types.MethodType, types.BuiltinMethodType)


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox with its verdict on an attribute remembered per (type, name): the
    verdict depends on nothing else (`jinja2.sandbox.is_internal_attribute` tests only the
    object's type and the name), and a draft asks it some hundred thousand times."""

    def __init__(self, **options: Any):
        super().__init__(**options)
        self._verdicts: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = super().is_safe_attribute(obj, attr, value)
        return verdict

    def getattr(self, obj: Any, attribute: str) -> Any:
        """`SandboxedEnvironment.getattr` without its detour for an attribute already judged
        safe on this type whose value is not a method: such a value is what the sandbox
        itself would return (only a bound ``str.format`` is wrapped, and it is a method)."""
        if self._verdicts.get((type(obj), attribute)):
            try:
                value = getattr(obj, attribute)
            except AttributeError:
                pass
            else:
                if type(value) not in _METHODS:
                    return value
        return super().getattr(obj, attribute)


@lru_cache(maxsize=16)
def environment(template_dirs: tuple[Path, ...] = ()) -> Environment:
    """The environment for templates in `template_dirs` (first) and the built-in ones:
    sandboxed if there is any such folder, plain for the built-in templates alone (see the
    module). Cached per folder list: building one parses nothing, but templates are compiled
    once per environment."""
    folders = tuple(Path(d) for d in template_dirs) + (TEMPLATES, STATIC)
    kind, factory = ("sandboxed", _Sandbox) if template_dirs else ("trusted", Environment)
    return factory(loader=SafeLoader(folders), autoescape=True, undefined=StrictUndefined,
                   trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                   finalize=_finalize, bytecode_cache=bytecode_cache(kind))  # compiled between runs


def make_env(overrides_dir: Path | None = None) -> Environment:
    """`environment` for one override folder (a workspace's ``render/``) or none."""
    return environment((Path(overrides_dir),) if overrides_dir else ())


def overrides(root: Path) -> tuple[Path, ...]:
    """The template folders of the workspace at `root` (its ``render/``, if it has one)."""
    folder = root / "render"
    return (folder,) if folder.is_dir() else ()


@dataclass(frozen=True)
class PageParts:
    """A page's parts, for embedding it in another page (`treaty serve`)."""

    title: str
    styles: Markup
    """The page's ``<style>`` elements."""
    body_class: str
    body: Markup


def page_parts(env: Environment, name: str, context: dict[str, Any]) -> PageParts:
    """Render the blocks of page template `name`; a template without a ``body`` block (an
    override written without blocks) gives its whole output as the body."""
    template = env.get_template(name)
    ctx = template.new_context(context)

    def block(part: str) -> str:
        render = template.blocks.get(part)
        return "".join(render(ctx)) if render is not None else ""

    body = block("body") if "body" in template.blocks else template.render(context)
    return PageParts(block("title").strip(), Markup(block("styles")), block("body_class").strip(),
                     Markup(body))
