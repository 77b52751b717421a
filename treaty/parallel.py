"""Large pure work split over the machine's cores, for the command line.

`fork_map(fn, items)` is ``[fn(x) for x in items]``, with every n-th item done by a forked
child process (one per extra core) while this process does its own share. A fork shares
everything already loaded (modules, parsed texts), so nothing is imported or read twice;
only the results come back, pickled through a pipe (a 90,000-word `Document` pickles and
unpickles in 4 ms). Warnings the child logs on the ``treaty`` logger are logged again here,
in order, so none is lost.

It runs the work in this process alone - the same results, only slower - when:

- the process has other threads (``treaty serve``): forking a threaded process can leave
  the child waiting on a lock a vanished thread held;
- there is one core (or no `os.fork`), or fewer than two items;
- a child fails in any way (an exception, a crash, a result that does not pickle): its
  share is done again here, where an exception is raised as usual.

Measured on the EU AI Act diff (two cores): reading both versions 0.11 -> 0.07 s, their
word diffs 0.19 -> 0.12 s.
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

LOGGER = "treaty"


def cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def fork_map(fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``[fn(x) for x in items]``, item k done by worker ``k % n`` (see the module)."""
    workers = min(cores(), len(items))
    if workers < 2 or not can_fork():
        return [fn(x) for x in items]
    children = [_start(fn, items[k::workers]) for k in range(1, workers)]
    try:
        shares: list[list[R]] = [[fn(x) for x in items[0::workers]]]
    except BaseException:  # this share failed: the children's work is not wanted
        for child in children:
            _stop(child)
        raise
    for k, child in enumerate(children, start=1):
        got = _collect(child)
        shares.append(got if got is not None else [fn(x) for x in items[k::workers]])
    out: list[R] = []
    for n in range(len(items)):
        out.append(shares[n % workers][n // workers])
    return out


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))


def _start(fn: Callable[[T], R], share: Sequence[T]) -> tuple[int, int]:
    """Fork a child doing `share`; (pid, read end of its pipe)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return pid, read_end
    code = 1
    try:  # the child: never returns
        os.close(read_end)
        logger = logging.getLogger(LOGGER)
        logger.handlers[:] = [records := _Records()]  # not the parent's terminal handlers
        logger.propagate = False
        results = [fn(x) for x in share]
        data = pickle.dumps((results, records.records), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)
        code = 0
    except BaseException:  # noqa: BLE001 - the parent does the share again and reports
        pass
    finally:
        os._exit(code)


def _stop(child: tuple[int, int]) -> None:
    pid, read_end = child
    os.close(read_end)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)


def _collect(child: tuple[int, int]) -> list | None:
    """The child's results (its warnings logged here), or None if it failed."""
    pid, read_end = child
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()  # before waiting: a child blocks on a full pipe until it is read
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return None
    try:
        results, records = pickle.loads(data)
    except Exception:  # noqa: BLE001 - a truncated or odd result: do the share here
        return None
    logger = logging.getLogger(LOGGER)
    for level, message in records:
        logger.log(level, message)
    return results
