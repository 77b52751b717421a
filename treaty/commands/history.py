"""``treaty log``, ``treaty git-setup`` and ``treaty merge-driver``: the history of a
workspace kept in git (`treaty.history`)."""

from __future__ import annotations

from pathlib import Path

from .. import history, workspace
from ..citations import article_index, article_of, article_wid
from ..model import TreatyError
from .common import echo, load, warn


def log_paths(root: Path, amendment_id: str = "", article: str | None = None) -> list[str]:
    """Workspace-relative paths whose commits make up the history asked for."""
    if amendment_id:
        rel = f"{workspace.AMENDMENTS}/{amendment_id}.xml"
        if not (root / rel).is_file() and not history.log(root, [rel]):
            raise TreatyError(amendment_id, "no amendment with this id, now or in the history",
                              "see `treaty amendments`")
        return [rel]
    if article:
        loaded = load(root)
        doc = loaded.ws.document
        index = article_index(doc)
        wid = article_wid(doc, article, index)
        paths = [rel for art, rel in loaded.ws.files.items() if art == wid]
        for a in loaded.amendments:
            if article_of(a, index) == wid:
                paths.append(Path(a.path).resolve().relative_to(root.resolve()).as_posix())
        return paths or [workspace.TREATY]
    return []


def log_lines(root: Path, amendment_id: str = "", article: str | None = None,
              by: str | None = None) -> list[str]:
    """``date  commit  who  what`` per change, newest first, and a count."""
    root = Path(root)
    if not workspace.is_workspace(root):
        raise TreatyError(str(root), "not a workspace (no treaty.xml)", "give --ws WS")
    code = ""
    if by:
        code = "secretariat" if by.lower() == "secretariat" else load(root).registry.get(by.upper()).code
    entries = history.log(root, log_paths(root, amendment_id, article), by=code)
    lines = [f"{e.date[:16].replace('T', ' ')}  {e.commit[:10]}  {e.author:<24} {e.subject}"
             for e in entries]
    what = amendment_id or (f"article {article}" if article else "") or (by or "") or "the workspace"
    lines.append(f"{len(entries)} change(s) to {what}")
    return lines


def log_command(root: Path, amendment_id: str, article: str | None, by: str | None) -> None:
    for line in log_lines(root, amendment_id, article, by):
        echo(line)


def git_setup_command(root: Path) -> None:
    """What a fresh clone needs: the merge driver registered, .gitattributes/.gitignore."""
    if history.repo_root(root) is None:
        raise TreatyError(str(root), "not in a git repository", "clone it or run `git init` first")
    for path in history.write_git_files(root):
        echo(f"wrote {path}")
    history.register_merge_driver(root)
    echo("merge driver registered: amendment files merge by their histories")


def merge_driver_command(base: Path, ours: Path, theirs: Path, name: str) -> int:
    """git's merge driver (``%O %A %B %P``): 0 merged into `ours`, 1 a conflict left to git."""
    status, note = history.merge_driver(base.resolve(), ours.resolve(), theirs.resolve(), name)
    if note:
        warn(note)
    return status
