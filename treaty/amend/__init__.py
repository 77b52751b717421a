"""Attributed patches: the amendment file format, anchoring, and applying.

`load_amendments` reads every ``amendments/*.xml`` of a workspace, validating each file
and the delegation codes it names; problems are collected, not raised, so `treaty check`
can list them all at once.
"""

from __future__ import annotations

from pathlib import Path

from ..delegations import Registry
from ..model import Amendment, Problem, TreatyError
from .format import read_amendment


def load_amendments(folder: Path, registry: Registry | None = None,
                    ) -> tuple[list[Amendment], list[Problem]]:
    """Every amendment in `folder` (sorted by file name) and the problems found on the way."""
    amendments: list[Amendment] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    if not folder.is_dir():
        return amendments, problems
    for path in sorted(folder.glob("*.xml"), key=lambda p: p.name):
        try:
            a = read_amendment(path)
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
    return amendments, problems
