"""What every command shares: loading a workspace once, reporting its first problem,
validating options, and writing the output (a file, atomically, or stdout)."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from .. import workspace
from ..amend import load_amendments
from ..delegations import Registry, registry
from ..fileio import atomic_write
from ..model import Amendment, Problem, TreatyError

E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True)
class Loaded:
    """A workspace with its delegations and its proposals, loaded once for one command."""

    ws: workspace.Workspace
    amendments: list[Amendment]
    problems: list[Problem]
    registry: Registry


def load(root: Path) -> Loaded:
    """The workspace at `root`, its registry and its proposals (problems collected)."""
    ws = workspace.load(root)
    reg = registry(ws.root)
    amendments, problems = load_amendments(ws.amendments_dir, reg)
    return Loaded(ws, amendments, problems, reg)


def load_valid(root: Path, hint: str | None = None) -> Loaded:
    """`load`, raising the first problem of the proposals (see `raise_first`)."""
    loaded = load(root)
    raise_first(loaded.problems, hint)
    return loaded


def raise_first(problems: list[Problem], hint: str | None = None) -> None:
    """Raise the first problem as the command's one-line error, saying how many there are;
    `hint` replaces the problem's own hint (if it has none)."""
    if problems:
        p = problems[0]
        more = f" ({len(problems)} problems; run `treaty check`)" if len(problems) > 1 else ""
        raise TreatyError(p.where, p.what + more, p.hint or hint or "run `treaty check`", p.line)


def check_date(value: str, where: str) -> str:
    """`value` if it is an ISO date, else the one-line error for option `where`."""
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise TreatyError(where, f"{value!r} is not a date", "write it as YYYY-MM-DD") from None
    return value


def today_iso() -> str:
    return dt.date.today().isoformat()


def choice(kind: type[E], value: str, option: str, what: str) -> E:
    """`value` as a member of the enum `kind`, or the one-line error for `option` listing
    the members."""
    try:
        return kind(value)
    except ValueError:
        raise TreatyError(option, f"unknown {what} {value!r}",
                          f"use one of {', '.join(kind)}") from None


def echo(message: str) -> None:
    """A line of the command's output (stdout)."""
    print(message, flush=True)


def warn(message: str) -> None:
    """A warning or a summary line (stderr), kept out of piped output."""
    print(message, file=sys.stderr, flush=True)


class _Relay(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        warn(record.getMessage())


@contextlib.contextmanager
def relayed_warnings() -> Iterator[None]:
    """Warnings the layers below log to the ``treaty`` logger (e.g. a URL the PDF engine
    refused to load), printed as they come, one line each."""
    logger = logging.getLogger("treaty")
    handler = _Relay(logging.WARNING)
    logger.addHandler(handler)
    previous, logger.propagate = logger.propagate, False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous


def echo_all(lines: Iterable[str]) -> None:
    for line in lines:
        echo(line)


def to_stdout(output: Path | None) -> bool:
    """No ``-o``, or ``-o -``: the result goes to standard output."""
    return output is None or str(output) == "-"


def write_output(data: bytes, output: Path | None) -> None:
    """`data` to the file `output` (atomically) or, without one or with ``-``, to stdout."""
    if output is None or to_stdout(output):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        atomic_write(output, data)
