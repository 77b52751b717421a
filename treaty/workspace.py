"""The on-disk workspace: ``treaty.xml`` + ``articles/*.xml`` (+ amendments, versions).

``treaty.xml`` holds the metadata, preface, preamble and the body's structure; each
article lives in its own file, pulled in with ``<xi:include href="articles/..."/>`` so
that delegations editing different articles in git branches never conflict.

XIncludes are resolved here, not by lxml: only relative paths inside the workspace are
followed, each file is parsed with the safe parser, and a missing file is reported by name.
Every write is atomic (temporary file in the same folder, then rename).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from . import akn, txn
from .fileio import atomic_write
from .model import Document, TreatyError, Unit

TREATY = "treaty.xml"
ARTICLES = "articles"
AMENDMENTS = "amendments"
VERSIONS = "versions"


@dataclass(frozen=True)
class Workspace:
    """A loaded workspace: its folder, its document, and which file holds which article."""

    root: Path
    document: Document
    files: dict[str, str] = field(default_factory=dict)
    """article wId -> path relative to `root` (``articles/art_058.xml``)."""

    @property
    def amendments_dir(self) -> Path:
        return self.root / AMENDMENTS

    @property
    def versions_dir(self) -> Path:
        return self.root / VERSIONS


def version_path(root: Path, label: str, where: str | None = None) -> Path:
    """``versions/<label>.akn.xml`` of a workspace: the label checked by the one name rule,
    the file (links resolved) checked to stay inside the workspace."""
    from .names import check_name, inside

    check_name(label, "version label", where)
    path = Path(root) / VERSIONS / f"{label}.akn.xml"
    if path.exists() or path.is_symlink():
        inside(root, path)
    return path


def is_workspace(path: Path) -> bool:
    return path.is_dir() and (path / TREATY).is_file()


def discover(path: Path) -> Path:
    """The workspace `path` is in, as git finds its repository: `path` itself if it holds
    treaty.xml, else the nearest parent folder that does; `path` unchanged if none does
    (the command then says it is not a workspace)."""
    if not path.is_dir() or is_workspace(path):
        return path
    here = path.resolve()
    for parent in here.parents:
        if is_workspace(parent):
            return parent
    return path


def _safe_href(root: Path, href: str | None, where: str, line: int | None) -> Path:
    if not href:
        raise TreatyError(where, "xi:include without href", "add href=\"articles/...\"", line)
    target = (root / href).resolve()
    if Path(href).is_absolute() or ".." in Path(href).parts or root.resolve() not in target.parents:
        raise TreatyError(where, f"xi:include href {href!r} points outside the workspace",
                          "use a relative path such as articles/art_001.xml", line)
    if not target.is_file():
        raise TreatyError(where, f"included file {href} does not exist",
                          "restore the article file or remove its xi:include", line)
    return target


def assemble(root: Path) -> tuple[etree._Element, dict[str, str]]:
    """``treaty.xml`` with every XInclude replaced by its article; also wId -> href."""
    where = str(root / TREATY)
    if not (root / TREATY).is_file():
        raise TreatyError(str(root), "not a workspace (no treaty.xml)",
                          "run `treaty init DIR` or `treaty import SOURCE --into DIR`")
    tree = akn.parse_file(root / TREATY, inside=root)
    files: dict[str, str] = {}
    for inc in list(tree.iter(f"{{{akn.XI_NS}}}include")):
        href = inc.get("href")
        path = _safe_href(root, href, where, inc.sourceline)
        article = akn.parse_file(path, inside=root)
        if akn.local(article) not in akn.HIER or etree.QName(article).namespace != akn.NS:
            raise TreatyError(str(path), "the file's root element is not an AKN <article> "
                              "(or section, rule ...)", "one article per file, in the AKN namespace",
                              article.sourceline)
        files[article.get("wId") or article.get("eId") or href] = href
        article.tail = inc.tail
        inc.getparent().replace(inc, article)
    return tree, files


def load(root: Path | str) -> Workspace:
    """Read a workspace (first rolling back any interrupted multi-file write)."""
    root = Path(root)
    txn.recover(root, wait=txn.READER_WAIT)
    tree, files = assemble(root)
    return Workspace(root=root, document=akn.document_from_xml(tree, str(root / TREATY)), files=files)


def article_filename(wid: str) -> str:
    """``art_58bis`` -> ``articles/art_058bis.xml``: the unit's own id, its number
    zero-padded so files sort in order (``sec_4`` -> ``articles/sec_004.xml``,
    ``chp_I__art_1`` -> ``articles/chp_I__art_001.xml``); characters unsafe in a file
    name become ``-``."""
    head, sep, last = wid.rpartition("__")
    prefix, underscore, stem = last.partition("_")
    if not underscore:
        prefix, stem = "", last
    digits = len(stem) - len(stem.lstrip("0123456789"))
    if digits:
        stem = stem[:digits].zfill(3) + stem[digits:]
    name = f"{head}{sep}{prefix}{underscore}{stem}"
    name = re.sub(r"[^A-Za-z0-9_\-]", "-", name).strip("-.") or "unit"
    return f"{ARTICLES}/{name}.xml"


def render_files(doc: Document, files: dict[str, str] | None = None,
                 ) -> tuple[dict[str, bytes], dict[str, str]]:
    """Every file of the workspace's text as bytes (``treaty.xml`` and one per article),
    and the article wId -> file mapping (existing names kept, new ones derived)."""
    files = dict(files or {})
    taken = set(files.values())
    out: dict[str, bytes] = {}
    provision = doc.provision_kind()

    def child_xml(unit: Unit) -> etree._Element:
        if unit.kind != provision:
            return akn.unit_to_xml(unit, child_xml)
        href = files.get(unit.wid)
        if href is None:
            href = article_filename(unit.eid or unit.wid)
            stem, n = href.removesuffix(".xml"), 2
            while href in taken:
                href, n = f"{stem}-{n}.xml", n + 1
            files[unit.wid] = href
            taken.add(href)
        out[href] = akn.serialize(akn.unit_to_xml(unit))
        return etree.Element(f"{{{akn.XI_NS}}}include", href=href)

    body = [child_xml(u) for u in doc.body]
    root = akn.document_to_xml(doc, body)
    # Declare the XInclude prefix on the root so includes read as xi:include.
    with_xi = etree.Element(root.tag, nsmap={None: akn.NS, "xi": akn.XI_NS})
    with_xi.extend(list(root))
    out[TREATY] = akn.serialize(with_xi)
    return out, files


def save(ws: Workspace, document: Document | None = None) -> Workspace:
    """Write the document's text files (only those whose bytes changed) and return the
    workspace as saved. Article files no longer referenced are left for the user (git)."""
    document = document or ws.document
    out, files = render_files(document, ws.files)
    for rel, data in out.items():
        path = ws.root / rel
        if not path.is_file() or path.read_bytes() != data:
            atomic_write(path, data)
    return replace(ws, document=document, files=files)


def create(root: Path | str, document: Document) -> Workspace:
    """Write a new workspace into an empty (or missing) folder; refuses to overwrite one."""
    root = Path(root)
    if (root / TREATY).exists():
        raise TreatyError(str(root / TREATY), "a workspace already exists here",
                          "choose an empty folder or remove the old workspace first")
    root.mkdir(parents=True, exist_ok=True)
    (root / AMENDMENTS).mkdir(exist_ok=True)
    return save(Workspace(root=root, document=document))
