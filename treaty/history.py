"""Git is the history: one commit per change to a workspace, authored by the delegation it
acts for, and the history read back from git (``treaty log``, ``treaty diff git:REV``).

We drive the ``git`` program (subprocess) rather than a library: the people who keep the
text push and pull with that same program, so its configuration, hooks, signing, merge
drivers (ours: ``treaty merge-driver``) and ``.gitattributes`` all behave exactly as they
do by hand; dulwich has no merge drivers, and pygit2 would add a native library that may
disagree with the installed git. A workspace outside a git repository (or a machine
without git) simply has no history: commands still work and say nothing about git.

`commit_change` is the single hook point: every command that writes calls it with exactly
the files it wrote.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import settings
from .model import Amendment, Change, Document, TreatyError, Unit

TRAILER_AMENDMENT = "Treaty-Amendment"
TRAILER_DELEGATION = "Treaty-Delegation"
MERGE_DRIVER = "treaty-amendment"
ATTRIBUTES = f"amendments/*.xml merge={MERGE_DRIVER}\n"
PRIVATE = ".treaty"
"""The workspace's untracked folder: sign-in token hashes, the session secret."""
IGNORED = (f"{PRIVATE}/", ".treaty-txn*/", ".treaty-lock", ".treaty-lock.owner", ".treaty-cache/",
           "out/")
"""Never committed: private files, a change being written, the workspace lock, the parse
cache, outputs."""


@dataclass(frozen=True)
class Author:
    """Who a change is by: a delegation (`code`) or the secretariat (``code == ""``)."""

    name: str
    email: str
    code: str = ""

    @property
    def label(self) -> str:
        return self.code or "secretariat"


def author_for(root: Path, code: str = "") -> Author:
    """The author of a change by delegation `code` ("" = the secretariat)."""
    conf = settings.load(root)
    if not code:
        return Author(conf.secretariat, conf.email_of(""))
    from .delegations import registry

    try:
        name = registry(root).name(code)
    except TreatyError:
        name = code
    return Author(name or code, conf.email_of(code), code.upper())


# -- running git -----------------------------------------------------------------------------


def _git(args: Sequence[str], cwd: Path, *, env: dict[str, str] | None = None,
         check: bool = True, data: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **(env or {})},
                              input=data, capture_output=True, timeout=120)
    except FileNotFoundError:
        raise TreatyError("git", "the git program is not installed", "install git") from None
    except subprocess.TimeoutExpired:
        raise TreatyError("git", f"git {args[0]} did not finish within 120 s",
                          "check the repository (a hook waiting for input?)") from None
    if check and proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise TreatyError(f"git {args[0]}", message[-1] if message else f"exit {proc.returncode}",
                          "see `git status`")
    return proc


def repo_root(path: Path) -> Path | None:
    """The top folder of the git repository holding `path`, or None (no repository, no git)."""
    if shutil.which("git") is None:
        return None
    folder = Path(path)
    if not folder.is_dir():
        return None
    proc = _git(["rev-parse", "--show-toplevel"], folder, check=False)
    if proc.returncode != 0:
        return None
    return Path(proc.stdout.decode().strip())


def _committer_env(root: Path, author: Author) -> dict[str, str]:
    env = {"GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email}
    # The committer is whoever runs the command (git's own configuration); a machine
    # without one (a server account) commits as the author.
    if _git(["config", "user.email"], root, check=False).returncode != 0:
        env.update(GIT_COMMITTER_NAME=author.name, GIT_COMMITTER_EMAIL=author.email)
    return env


def commit_change(root: Path, paths: Iterable[Path | str], author: Author, message: str,
                  amendment: str = "", enabled: bool = True) -> str | None:
    """Commit exactly `paths` (files of the workspace at `root` that a command wrote or
    deleted, absolute or relative to the current folder) as one commit by `author`; returns
    its hash, or None when there is nothing to record (not in a git repository, committing
    switched off, or the files are unchanged).

    Other changes in the working tree and the index are left as they were (``git commit
    --only``). Two commands committing at once wait for each other (git's index lock)."""
    root = Path(root).resolve()
    if not enabled or not settings.load(root).commit:
        return None
    top = repo_root(root)
    if top is None:
        return None
    rels = sorted({os.path.relpath(Path(p).resolve(), root) for p in paths})
    if not rels:
        return None
    trailers = [f"{TRAILER_DELEGATION}: {author.label}"]
    if amendment:
        trailers.insert(0, f"{TRAILER_AMENDMENT}: {amendment}")
    full = f"{message}\n\n" + "\n".join(trailers) + "\n"
    env = _committer_env(root, author)
    deadline = time.monotonic() + 30
    while True:
        proc = _try_commit(root, rels, full, env)
        if proc is None or proc.returncode == 0:
            break
        err = proc.stderr.decode("utf-8", "replace")
        if "index.lock" in err and time.monotonic() < deadline:
            time.sleep(0.05)
            continue
        lines = [line for line in err.strip().splitlines() if line.strip()]
        raise TreatyError("git commit", lines[-1] if lines else f"exit {proc.returncode}",
                          "the files are written; commit them by hand (`git status`)")
    if proc is None:
        return None
    return _git(["rev-parse", "HEAD"], root).stdout.decode().strip()


def _try_commit(root: Path, rels: list[str], message: str,
                env: dict[str, str]) -> subprocess.CompletedProcess | None:
    add = _git(["add", "-A", "--", *rels], root, check=False)
    if add.returncode != 0:
        return add
    staged = _git(["diff", "--cached", "--quiet", "--", *rels], root, check=False)
    if staged.returncode == 0:  # nothing of ours changed
        return None
    return _git(["commit", "-q", "--only", "-F", "-", "--", *rels], root, env=env, check=False,
                data=message.encode("utf-8"))


# -- what a change says ----------------------------------------------------------------------


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def cite(doc: Document, wid: str) -> str:
    """A unit as negotiators cite it: ``Article 2 (h)``, ``Article 58, paragraph 2 (a)``."""
    path = _path_to(doc, wid)
    if not path:
        return wid or "the whole text"
    parts: list[str] = []
    for unit in path:
        num = (unit.num or "").strip()
        if unit.kind == "article":
            parts.append(num or unit.wid)
        elif unit.kind == "paragraph":
            parts.append(f", paragraph {num.rstrip('.')}" if num else "")
        elif unit.kind == "recital":
            parts.append(f"preamble, recital {num}" if num else "preamble")
        elif num:
            parts.append(f" {num}")
        elif unit.kind not in ("preamble",):
            parts.append(f" {unit.kind}")
    return "".join(parts).strip(" ,") or wid


def _path_to(doc: Document, wid: str) -> list[Unit]:
    def walk(unit: Unit, trail: list[Unit]) -> list[Unit] | None:
        trail = trail + [unit]
        if unit.wid == wid:
            return trail
        for child in unit.children:
            found = walk(child, trail)
            if found:
                return found
        return None

    roots = ([doc.preamble] if doc.preamble is not None else []) + list(doc.body)
    for unit in roots:
        found = walk(unit, [])
        if found:
            return [u for u in found if u.kind not in ("chapter", "part", "section", "title")]
    return []


def describe_change(change: Change, doc: Document) -> str:
    where = cite(doc, change.target)
    kind = change.kind
    if kind == "replace":
        return f"replace '{_short(change.old)}' in {where}"
    if kind == "insert":
        if change.where in ("after", "before"):
            return f"insert '{_short(change.new)}' {change.where} '{_short(change.old, 30)}' in {where}"
        return f"insert '{_short(change.new)}' at the {change.where or 'end'} of {where}"
    if kind == "delete":
        return f"delete '{_short(change.old)}' in {where}"
    if kind == "delete-unit":
        return f"delete {where}"
    if kind == "insert-unit":
        unit_kind = change.units[0].kind if change.units else "unit"
        unit_kind = "definition" if unit_kind == "point" and "art_2" in change.target else unit_kind
        return f"new {unit_kind} {change.where or 'after'} {where}"
    if kind == "replace-unit":
        return f"alternative text for {where}"
    if kind == "substitute":
        scope = where if change.target else "the whole text"
        return f"replace '{_short(change.old)}' throughout {scope}"
    return f"{kind} {where}"


def who(codes: Sequence[str], root: Path) -> str:
    names = [author_for(root, c).name for c in codes[:3]]
    return ", ".join(names) + (" and others" if len(codes) > 3 else "")


def proposal_message(a: Amendment, doc: Document, root: Path) -> str:
    """``Singapore: new definition after Article 2 (h) [ahc5-sgp-vasp]``"""
    what = "; ".join(describe_change(c, doc) for c in a.changes[:2])
    if len(a.changes) > 2:
        what += f"; and {len(a.changes) - 2} more change(s)"
    return f"{who(a.proposers, root)}: {what} [{a.id}]"


# -- reading the history -----------------------------------------------------------------------


@dataclass(frozen=True)
class LogEntry:
    commit: str
    date: str
    author: str
    email: str
    subject: str
    amendment: str = ""
    delegation: str = ""


_FORMAT = ("%H%x1f%aI%x1f%an%x1f%ae%x1f%s%x1f"
           f"%(trailers:key={TRAILER_AMENDMENT},valueonly,separator=%x2C)%x1f"
           f"%(trailers:key={TRAILER_DELEGATION},valueonly,separator=%x2C)%x1e")


def log(root: Path, paths: Sequence[str] = (), by: str = "") -> list[LogEntry]:
    """Commits touching `paths` of the workspace (all of it when empty), newest first;
    `by`: only the changes made for that delegation (``secretariat`` for the secretariat)."""
    root = Path(root)
    if repo_root(root) is None:
        raise TreatyError(str(root), "the workspace is not in a git repository, so it has no history",
                          "run `git init` there and commit it (or `treaty init --git`)")
    args = ["log", f"--format={_FORMAT}"]
    if by:
        args += ["-E", f"--grep=^{TRAILER_DELEGATION}: {by}$"]
    if _git(["rev-parse", "--verify", "-q", "HEAD"], root, check=False).returncode != 0:
        return []
    args += ["--", *(paths or ["."])]
    out = _git(args, root).stdout.decode("utf-8", "replace")
    entries = []
    for record in out.split("\x1e"):
        fields = record.strip("\n").split("\x1f")
        if len(fields) < 7:
            continue
        commit, date, author, email, subject, amendment, delegation = fields[:7]
        entries.append(LogEntry(commit, date, author, email, subject, amendment.strip(),
                                delegation.strip()))
    return entries


def resolve_rev(root: Path, rev: str) -> str:
    proc = _git(["rev-parse", "--verify", "-q", f"{rev}^{{commit}}"], root, check=False)
    if proc.returncode != 0:
        raise TreatyError(f"git:{rev}", "no such commit in this repository",
                          "give a commit, branch or tag (see `treaty log`)")
    return proc.stdout.decode().strip()


def checkout_at(root: Path, rev: str, dest: Path) -> Path:
    """Write the workspace at `root` as it was at commit `rev` into `dest` (the folder is
    read from git's objects; the working tree is not touched)."""
    root = Path(root).resolve()
    top = repo_root(root)
    if top is None:
        raise TreatyError(str(root), "the workspace is not in a git repository",
                          "git:REV needs a workspace kept in git")
    commit = resolve_rev(root, rev)
    sub = root.relative_to(top.resolve()).as_posix()
    treeish = commit if sub in ("", ".") else f"{commit}:{sub}"
    proc = _git(["archive", "--format=tar", treeish], root, check=False)
    if proc.returncode != 0:
        raise TreatyError(f"git:{rev}", "the workspace did not exist at that commit",
                          "give a later commit (see `treaty log`)")
    tar_path = dest / ".snapshot.tar"
    dest.mkdir(parents=True, exist_ok=True)
    tar_path.write_bytes(proc.stdout)
    with tarfile.open(tar_path) as tar:
        tar.extractall(dest, filter="data")
    tar_path.unlink()
    return dest


def document_at(root: Path, rev: str) -> Document:
    """The text of the workspace at commit `rev`."""
    from . import workspace

    with tempfile.TemporaryDirectory(prefix="treaty-git-") as tmp:
        folder = checkout_at(root, rev, Path(tmp) / "ws")
        if not workspace.is_workspace(folder):
            raise TreatyError(f"git:{rev}", "no treaty.xml at that commit",
                              "give a commit where the workspace existed")
        return workspace.load(folder).document


# -- setting a repository up -------------------------------------------------------------------


def driver_command() -> str:
    """How git runs our merge driver (this Python, so it works from a virtualenv)."""
    import shlex
    import sys

    return f"{shlex.quote(sys.executable)} -m treaty merge-driver %O %A %B '%P'"


def write_git_files(root: Path) -> list[Path]:
    """``.gitattributes`` (our merge driver for amendment files) and ``.gitignore`` (the
    private folder) in the workspace; existing files are extended, never replaced."""
    from .fileio import atomic_write

    written = []
    for name, lines in ((".gitattributes", [ATTRIBUTES.strip()]), (".gitignore", list(IGNORED))):
        path = Path(root) / name
        old = path.read_text(encoding="utf-8") if path.is_file() else ""
        missing = [line for line in lines if line not in old.splitlines()]
        if missing:
            text = old + ("" if not old or old.endswith("\n") else "\n") + "\n".join(missing) + "\n"
            atomic_write(path, text.encode("utf-8"))
            written.append(path)
    return written


def register_merge_driver(root: Path) -> bool:
    """Register ``treaty merge-driver`` in the repository holding `root` (git keeps
    drivers in the local configuration, so every clone runs this once: `treaty git-setup`)."""
    if repo_root(root) is None:
        return False
    _git(["config", f"merge.{MERGE_DRIVER}.name", "treaty amendment files (union of histories)"], root)
    _git(["config", f"merge.{MERGE_DRIVER}.driver", driver_command()], root)
    return True


def init_repository(root: Path) -> None:
    if repo_root(root) is None:
        _git(["init", "-q"], root)


# -- the merge driver ---------------------------------------------------------------------------


def merge_driver(base: Path, ours: Path, theirs: Path, name: str = "") -> tuple[int, str]:
    """``treaty merge-driver %O %A %B %P`` as git runs it: merge the three versions of an
    amendment file into `ours` (git's %A). Returns (exit status, note): 0 merged; 1 a real
    conflict, left in `ours` as git conflict markers with the note saying what differs."""
    from .amend.format import amendment_to_xml, parse_amendment
    from .fileio import atomic_write
    from .merge import merge_amendments

    where = name or str(ours)
    sides: list[Amendment | None] | None
    try:
        sides = [parse_amendment(p.read_bytes(), where) if p.stat().st_size else None
                 for p in (base, ours, theirs)]
    except Exception as exc:  # any failure leaves git's own conflict, never a silent "ours"
        sides, why = None, str(getattr(exc, "problem", exc))
    if sides is not None and sides[1] is not None and sides[2] is not None:
        result = merge_amendments(sides[0], sides[1], sides[2])
        if result.amendment is not None:
            try:
                atomic_write(ours, amendment_to_xml(result.amendment))
                return 0, ""
            except Exception as exc:
                why = f"the merged file would not be valid ({getattr(exc, 'problem', exc)})"
        else:
            why = "both sides changed " + "; ".join(result.conflicts)
    elif sides is not None:
        why = "one side deleted the proposal"
    _git(["merge-file", "-L", "ours", "-L", "base", "-L", "theirs", str(ours), str(base),
          str(theirs)], ours.parent, check=False)
    return 1, (f"{where}: cannot merge automatically: {why}; edit the file (keep one side "
               "between the <<<<<<< and >>>>>>> marks), then `git add` it")
