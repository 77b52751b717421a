"""``treaty log``: which files a proposal, an article or a delegation's history lives in,
and the lines printed for it (from `history.log`)."""

from __future__ import annotations

from pathlib import Path

from . import history, workspace
from .model import TreatyError


def log_paths(root: Path, amendment_id: str = "", article: str | None = None) -> list[str]:
    """Workspace-relative paths whose commits make up the history asked for."""
    if amendment_id:
        path = root / workspace.AMENDMENTS / f"{amendment_id}.xml"
        if not path.is_file() and not history.log(root, [path.relative_to(root).as_posix()]):
            raise TreatyError(amendment_id, "no amendment with this id, now or in the history",
                              "see `treaty amendments`")
        return [path.relative_to(root).as_posix()]
    if article:
        from . import commands
        from .citations import article_index, article_of, article_wid

        loaded = commands.load(root)
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
    root = Path(root)
    if not workspace.is_workspace(root):
        raise TreatyError(str(root), "not a workspace (no treaty.xml)", "give --ws WS")
    code = ""
    if by:
        if by.lower() == "secretariat":
            code = "secretariat"
        else:
            from .delegations import registry

            code = registry(root).get(by.upper()).code
    entries = history.log(root, log_paths(root, amendment_id, article), by=code)
    lines = [f"{e.date[:16].replace('T', ' ')}  {e.commit[:10]}  {e.author:<24} {e.subject}"
             for e in entries]
    what = amendment_id or (f"article {article}" if article else "") or (by or "") or "the workspace"
    lines.append(f"{len(entries)} change(s) to {what}")
    return lines
