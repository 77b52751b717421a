"""The one Jinja environment factory: every HTML writer and `treaty serve` get their
templates here, so a workspace's ``render/`` overrides and the environment's settings
(autoescaping, strict undefined names) hold everywhere alike.

Templates are looked up first in the given folders (a workspace's ``render/``), then in
the package's ``templates/`` and ``static/``. Page templates put their parts in blocks
(``title``, ``styles``, ``body_class``, ``body``) so that `page_parts` can hand `serve`
the parts of a page without parsing the HTML it rendered.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


@lru_cache(maxsize=16)
def environment(template_dirs: tuple[Path, ...] = ()) -> Environment:
    """The environment for templates in `template_dirs` (first) and the built-in ones.
    Cached per folder list: building one parses nothing, but templates are compiled once
    per environment."""
    loaders = [FileSystemLoader([str(d) for d in template_dirs])] if template_dirs else []
    loaders.append(FileSystemLoader([str(TEMPLATES), str(STATIC)]))
    return Environment(loader=ChoiceLoader(loaders), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


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
