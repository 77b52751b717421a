"""Attributed patches: the amendment file format, anchoring, and applying.

`load_amendments` reads every ``*.xml`` file (any case) in a workspace's ``amendments/``
folder and its subfolders, validating each file, its id and the delegation codes it
names; problems are collected, not raised, so `treaty check` can list them all at once.
Nothing there is skipped in silence: a name ending in spaces is a problem, and every
other file is listed by `ignored_files` (``treaty check`` names each one).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ..delegations import Registry
from ..gcpause import paused_gc
from ..model import Amendment, Problem, TreatyError
from ..names import is_name
from .format import read_amendment


def _walk(folder: Path) -> tuple[list[Path], list[Path]]:
    """(amendment files, other entries) under `folder`, in a stable order; links to
    folders are not followed (they are listed as other entries)."""
    files: list[Path] = []
    others: list[Path] = []
    if not folder.is_dir():
        return files, others
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        for name in list(dirnames):
            if (here / name).is_symlink():
                dirnames.remove(name)
                others.append(here / name)
        dirnames.sort()
        for name in filenames:
            path = here / name
            if name.rstrip().lower().endswith(".xml") and not name.startswith("."):
                files.append(path)
            elif not (name.startswith(".") and name.endswith(".tmp")):  # a write in progress
                others.append(path)
    key = lambda p: p.relative_to(folder).as_posix()  # noqa: E731
    return sorted(files, key=key), sorted(others, key=key)


def amendment_files(folder: Path) -> list[Path]:
    """The files `load_amendments` reads (every ``*.xml``, any case, subfolders too)."""
    return _walk(folder)[0]


def ignored_files(folder: Path) -> list[Path]:
    """Entries in `folder` that are not amendment files (for `treaty check` to name)."""
    return _walk(folder)[1]


def load_amendments(folder: Path, registry: Registry | None = None, cache: bool = True,
                    ) -> tuple[list[Amendment], list[Problem]]:
    """Every amendment in `folder` (sorted by path) and the problems found on the way.

    With `cache`, files already parsed (same bytes) come from the workspace's parse cache
    (`cache.AmendmentCache`, kept next to `folder`)."""
    amendments: list[Amendment] = []
    problems: list[Problem] = []
    root = folder.parent  # the workspace: no file read may lead out of it
    files = _walk(folder)[0]
    if not files:
        return amendments, problems
    with paused_gc():  # tens of thousands of small acyclic objects (see gcpause)
        parsed = None
        if cache:
            from .cache import AmendmentCache  # lazy: only commands that read proposals

            parsed = AmendmentCache(root)
        _read_all(folder, files, parsed.read if parsed is not None
                  else (lambda path: read_amendment(path, inside=root)),
                  registry, amendments, problems)
        if parsed is not None:
            parsed.save()
    return amendments, problems


def _read_all(folder: Path, files: list[Path], read: Callable[[Path], Amendment],
              registry: Registry | None, amendments: list[Amendment],
              problems: list[Problem]) -> None:
    seen: dict[str, str] = {}
    for path in files:
        if path.name != path.name.rstrip():
            problems.append(Problem(str(path), "the file name ends with a space",
                                    f"rename it to {path.name.rstrip()!r}"))
            continue
        try:
            a = read(path)
        except TreatyError as exc:
            problems.append(exc.problem)
            continue
        if not is_name(a.id or ""):
            problems.append(Problem(str(path), f"amendment id {a.id!r} is not allowed",
                                    "use letters, digits, '-', '_' and '.' (not first)"))
            continue
        if a.id in seen:
            problems.append(Problem(str(path), f"duplicate amendment id {a.id!r} (also in {seen[a.id]})",
                                    "give each proposal its own id"))
            continue
        seen[a.id] = str(path)
        if registry is not None:
            for code in a.delegations:
                if not registry.known(code):
                    problems.append(Problem(str(path), f"{code}: unknown delegation; did you mean "
                                            f"{' or '.join(registry.suggest(code))}?",
                                            "use an ISO 3166 alpha-3 code or add it to delegations.xml"))
        amendments.append(a)
