"""Recording a change in git: what each writing command says about itself, and the one
hook that commits it (`history.commit_change`), authored by the delegation it acts for.

Every writing command (``init``, ``import``, ``propose``, ``status``, support/oppose,
``consolidate``, ``propose-from-docx``) calls one of these after its core function, from
the CLI and from ``treaty serve --write`` alike. Outside a git repository, or with
``--no-commit``, they return None and do nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .. import history
from ..amend.format import read_amendment
from ..consolidate import Plan
from ..model import Amendment, Document
from .common import echo


def _commit(root: Path, paths: Iterable[Path | str], code: str, message: str,
            amendment: str = "", commit: bool = True) -> str | None:
    return history.commit_change(root, paths, history.author_for(root, code), message,
                                 amendment=amendment, enabled=commit)


def proposal(root: Path, path: Path, doc: Document, commit: bool = True) -> str | None:
    """A proposal tabled (file `path`), by its first proposer:
    ``Singapore: new definition after Article 2 (h) [ahc5-sgp-vasp]``."""
    tabled = read_amendment(path)
    code = tabled.proposers[0] if tabled.proposers else ""
    return _commit(root, [path], code, history.proposal_message(tabled, doc, Path(root)),
                   tabled.id, commit)


def status(root: Path, updated: Amendment, commit: bool = True) -> str | None:
    """A status decided (the secretariat's act)."""
    previous = updated.history[-1].previous if updated.history else ""
    note = updated.history[-1].note if updated.history else ""
    message = (f"{history.author_for(root).name}: {updated.id} {previous or '?'} -> "
               f"{updated.status}" + (f" ({note})" if note else "") + f" [{updated.id}]")
    return _commit(root, [updated.path], "", message, updated.id, commit)


def position(root: Path, updated: Amendment, code: str, stance: str,
             commit: bool = True) -> str | None:
    """A delegation's support or opposition: ``Australia: supports ID [ID]``."""
    verb = {"support": "supports", "oppose": "opposes"}.get(stance, stance)
    message = f"{history.author_for(root, code).name}: {verb} {updated.id} [{updated.id}]"
    return _commit(root, [updated.path], code, message, updated.id, commit)


def withdrawal(root: Path, updated: Amendment, commit: bool = True) -> str | None:
    """The proposer withdraws its proposal: ``Singapore: withdraws ID [ID]``."""
    code = updated.proposers[0] if updated.proposers else ""
    message = f"{history.author_for(root, code).name}: withdraws {updated.id} [{updated.id}]"
    return _commit(root, [updated.path], code, message, updated.id, commit)


def translation(root: Path, updated: Amendment, language: str, commit: bool = True) -> str | None:
    """A proposal's wording for a language version, by the secretariat (its translators)."""
    message = (f"{history.author_for(root).name}: {language} wording of {updated.id} "
               f"[{updated.id}]")
    return _commit(root, [updated.path], "", message, updated.id, commit)


def language_version(root: Path, folder: Path, source: str, language: str,
                     commit: bool = True) -> str | None:
    """A language version imported into the workspace (its folder), by the secretariat."""
    message = f"{history.author_for(root).name}: imported {source} as the {language} version"
    return _commit(root, [folder], "", message, commit=commit)


def consolidation(root: Path, plan: Plan, label: str, commit: bool = True) -> str | None:
    """The next version: every file it wrote, one commit by the secretariat."""
    message = (f"{history.author_for(root).name}: consolidated into {label} "
               f"({len(plan.applied)} applied, {len(plan.carried)} carried over, "
               f"{len(plan.stale)} stale)")
    return _commit(root, [Path(root) / rel for rel in plan.files], "", message, commit=commit)


def new_workspace(root: Path, message: str, commit: bool = True) -> str | None:
    """A workspace just made (init, import) inside a git repository: the merge driver for
    amendment files, ``.gitattributes``/``.gitignore``, and the whole folder committed."""
    if history.repo_root(root) is None:
        return None
    history.write_git_files(root)
    history.register_merge_driver(root)
    return _commit(root, [root], "", f"{history.author_for(root).name}: {message}", commit=commit)


def proposals_from_docx(root: Path, written: list[tuple[Path, Amendment]], doc: Document,
                        commit: bool = True) -> str | None:
    """What ``propose-from-docx`` wrote: one commit, by the delegation when every proposal
    is one delegation's, else by the secretariat."""
    if not written:
        return None
    if len(written) == 1:
        return proposal(root, written[0][0], doc, commit)
    codes = {a.proposers[0] for _p, a in written if a.proposers}
    code = codes.pop() if len(codes) == 1 else ""
    message = (f"{history.author_for(root, code).name}: {len(written)} proposals from a Word "
               "copy of the draft")
    return _commit(root, [p for p, _a in written], code, message, commit=commit)


def say(commit: str | None) -> None:
    """The CLI's line for a recorded change (nothing when none was made)."""
    if commit:
        echo(f"committed {commit[:10]}")
