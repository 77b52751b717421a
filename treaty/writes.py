"""Every change to a workspace, as the CLI and the web API make it: the core function
(validation, anchoring, atomic write), then one git commit of exactly the files it wrote,
authored by the delegation it acts for (`history.commit_change`).

The CLI (`treaty propose`, `status`, `consolidate`, ...) and ``treaty serve --write`` both
call these functions, so a proposal tabled in the browser and one typed at the terminal
are the same file and the same commit.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from . import commands, history, workspace
from .amend.format import amendment_to_xml, read_amendment
from .model import Amendment, TreatyError


def _commit(root: Path, paths, code: str, message: str, amendment: str = "",
            commit: bool = True) -> str | None:
    return history.commit_change(root, paths, history.author_for(root, code), message,
                                 amendment=amendment, enabled=commit)


def propose(root: Path, amendment: Amendment, *, commit: bool = True) -> tuple[Path, str | None]:
    """Table a proposal (`commands.propose`) and record it, authored by its first proposer."""
    path = commands.propose(root, amendment)
    tabled = read_amendment(path)
    doc = workspace.load(root).document
    message = history.proposal_message(tabled, doc, Path(root))
    code = tabled.proposers[0] if tabled.proposers else ""
    return path, _commit(root, [path], code, message, tabled.id, commit)


def set_status(root: Path, amendment_id: str, status: str, note: str = "", *,
               commit: bool = True, today: str | None = None) -> tuple[Amendment, str | None]:
    """Change a proposal's status (the secretariat's act) and record it."""
    updated = commands.set_status(root, amendment_id, status, note, today=today)
    previous = updated.history[-1].previous if updated.history else ""
    message = (f"{history.author_for(root).name}: {updated.id} {previous or '?'} -> {status}"
               + (f" ({note})" if note else "") + f" [{updated.id}]")
    return updated, _commit(root, [updated.path], "", message, updated.id, commit)


STANCES = ("support", "oppose")


def take_position(root: Path, amendment_id: str, code: str, stance: str, *,
                  commit: bool = True) -> tuple[Amendment, str | None]:
    """Delegation `code` supports or opposes a proposal (moving it from the other list).

    Thin stand-in for issue 14's ``treaty support/oppose``: replaced by its core function
    when that lands (this is the only copy)."""
    from .delegations import registry

    if stance not in STANCES:
        raise TreatyError(stance, "unknown position", "use support or oppose")
    code = registry(root).get(code.upper()).code
    loaded = commands.load(root)
    found = [a for a in loaded.amendments if a.id == amendment_id]
    if not found:
        raise TreatyError(amendment_id, "no amendment with this id", "see `treaty amendments`")
    a = found[0]
    if code in a.proposers:
        raise TreatyError(amendment_id, f"{code} proposed it", "a proposer neither supports nor opposes")
    supporters = tuple(c for c in a.supporters if c != code)
    opponents = tuple(c for c in a.opponents if c != code)
    if stance == "support":
        supporters += (code,)
    else:
        opponents += (code,)
    updated = replace(a, supporters=supporters, opponents=opponents)
    if updated != a:
        workspace.atomic_write(Path(a.path), amendment_to_xml(updated))
    verb = "supports" if stance == "support" else "opposes"
    message = f"{history.author_for(root, code).name}: {verb} {a.id} [{a.id}]"
    return updated, _commit(root, [a.path], code, message, a.id, commit)


def consolidate(root: Path, label: str, *, commit: bool = True, **options):
    """The next version (`treaty.consolidate`), recorded as one commit by the secretariat."""
    from .consolidate import consolidate as run

    plan = run(root, label, **options)
    message = (f"{history.author_for(root).name}: consolidated into {label} "
               f"({len(plan.applied)} applied, {len(plan.carried)} carried over, "
               f"{len(plan.stale)} stale)")
    done = _commit(root, [Path(root) / rel for rel in plan.files], "", message, commit=commit)
    return plan, done


def init(directory: Path, *, git: bool = False, commit: bool = True,
         **meta) -> tuple[workspace.Workspace, str | None]:
    """A new workspace; inside a git repository (or with `git`: a new one) it gets the
    merge driver for amendment files and its first commit."""
    ws = commands.init(directory, **meta)
    root = ws.root
    if git:
        history.init_repository(root)
    return ws, _setup_and_commit(root, f"{history.author_for(root).name}: new workspace "
                                 f"'{meta.get('title', '')}'", commit)


def import_text(source: Path, into: Path, *, commit: bool = True, **meta):
    ws, result = commands.import_text(source, into, **meta)
    message = (f"{history.author_for(ws.root).name}: imported {Path(source).name} "
               f"as {ws.document.meta.label}")
    return ws, result, _setup_and_commit(ws.root, message, commit)


def _setup_and_commit(root: Path, message: str, commit: bool) -> str | None:
    if history.repo_root(root) is None:
        return None
    history.write_git_files(root)
    history.register_merge_driver(root)
    # A new workspace: the whole folder is what the command wrote (.gitignore applies).
    return _commit(root, [root], "", message, commit=commit)


def git_setup(root: Path) -> list[str]:
    """``treaty git-setup``: what a fresh clone needs (merge driver, ignore/attributes)."""
    if history.repo_root(root) is None:
        raise TreatyError(str(root), "not in a git repository", "clone it or run `git init` first")
    written = history.write_git_files(root)
    history.register_merge_driver(root)
    return [str(p) for p in written]


def from_docx(root: Path, report, *, commit: bool = True) -> str | None:
    """Record what `treaty propose-from-docx` wrote: one commit, by the delegation when
    every proposal is one delegation's, else by the secretariat."""
    written = [(path, a) for path, a, _para, _author in report.written if path is not None]
    if not written:
        return None
    codes = {a.proposers[0] for _p, a in written if a.proposers}
    code = codes.pop() if len(codes) == 1 else ""
    who = history.author_for(root, code).name
    message = f"{who}: {len(written)} proposal(s) from a Word copy of the draft"
    if len(written) == 1:
        doc = workspace.load(root).document
        message = history.proposal_message(read_amendment(written[0][0]), doc, Path(root))
    return _commit(root, [p for p, _a in written], code, message,
                   written[0][1].id if len(written) == 1 else "", commit)
