"""Attributed patches: the amendment file format, anchoring, and applying.

`load_amendments` reads every ``amendments/*.xml`` of a workspace, validating each file
and the delegation codes it names; problems are collected, not raised, so `treaty check`
can list them all at once.
"""

from __future__ import annotations

from pathlib import Path

from ..delegations import Registry
from ..gcpause import paused_gc
from ..model import Amendment, Problem, TreatyError
from .format import read_amendment


def load_amendments(folder: Path, registry: Registry | None = None, cache: bool = True,
                    ) -> tuple[list[Amendment], list[Problem]]:
    """Every amendment in `folder` (sorted by file name) and the problems found on the way.

    With `cache`, files already parsed (same bytes) come from the workspace's parse cache
    (`cache.AmendmentCache`, kept next to `folder`)."""
    amendments: list[Amendment] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        return amendments, problems
    with paused_gc():  # tens of thousands of small acyclic objects (see gcpause)
        parsed = None
        if cache:
            from .cache import AmendmentCache

            parsed = AmendmentCache(folder.parent)
        _read_all(folder, parsed.read if parsed is not None else read_amendment, registry,
                  amendments, problems)
        if parsed is not None:
            parsed.save()
    return amendments, problems


def _read_all(folder: Path, read, registry: Registry | None, amendments: list[Amendment],
              problems: list[Problem]) -> None:
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.xml"), key=lambda p: p.name):
        try:
            a = read(path)
        except TreatyError as exc:
            problems.append(exc.problem)
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
