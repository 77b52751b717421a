"""`treaty.parallel.fork_map`: the same results as a plain loop, in order, whatever happens
to the forked children; and the diff it speeds up gives the same comparison."""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from pathlib import Path

import pytest

from treaty import parallel
from treaty.commands import diff as diff_command
from treaty.diff import compare
from treaty.model import TreatyError
from treaty.render import DIFF_WRITERS, DiffOptions

from .conftest import corpus_dir

CORPUS = corpus_dir() or Path("tests/data/corpus")
TWO_CORES = pytest.mark.skipif(parallel.cores() < 2 or not hasattr(os, "fork"),
                               reason="needs two cores and os.fork")


@pytest.fixture(autouse=True)
def two_workers(monkeypatch):
    monkeypatch.setattr(parallel, "cores", lambda: 2)


def square_with_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


@TWO_CORES
def test_results_in_order_and_every_other_item_done_by_a_child() -> None:
    got = parallel.fork_map(square_with_pid, list(range(11)))
    assert [value for value, _ in got] == [n * n for n in range(11)]
    pids = [pid for _, pid in got]
    assert set(pids[0::2]) == {os.getpid()}
    assert len(set(pids[1::2])) == 1 and pids[1] != os.getpid()


def test_an_error_in_the_childs_share_is_raised_here() -> None:
    def check(n: int) -> int:
        if n == 3:
            raise TreatyError("item 3", "refused", "fix it")
        return n

    with pytest.raises(TreatyError, match="item 3"):
        parallel.fork_map(check, [0, 1, 2, 3])


def test_a_child_that_dies_has_its_share_done_here() -> None:
    parent = os.getpid()

    def die_in_child(n: int) -> int:
        if os.getpid() != parent:
            os._exit(9)
        return n + 1

    assert parallel.fork_map(die_in_child, [1, 2, 3, 4]) == [2, 3, 4, 5]


def test_a_result_that_does_not_pickle_is_made_here() -> None:
    parent = os.getpid()

    def unpicklable(n: int):
        return (lambda: n) if os.getpid() != parent else n

    assert parallel.fork_map(unpicklable, [1, 2, 3]) == [1, 2, 3]


@TWO_CORES
def test_warnings_logged_in_a_child_are_logged_here(caplog) -> None:
    def warn(n: int) -> int:
        logging.getLogger("treaty").warning("item %d looked odd", n)
        return n

    with caplog.at_level(logging.WARNING, logger="treaty"):
        assert parallel.fork_map(warn, [1, 2, 3, 4]) == [1, 2, 3, 4]
    messages = [r.getMessage() for r in caplog.records]
    assert sorted(messages) == [f"item {n} looked odd" for n in (1, 2, 3, 4)]


def test_no_fork_while_other_threads_run() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        got = parallel.fork_map(square_with_pid, [1, 2, 3, 4])
    finally:
        stop.set()
        other.join()
    assert {pid for _, pid in got} == {os.getpid()}


@TWO_CORES
@pytest.mark.skipif(not CORPUS.is_dir(), reason="tests/data/corpus not present")
def test_ai_act_diff_on_two_cores_is_the_serial_one(monkeypatch) -> None:
    """The EU AI Act v10 -> v12 (the benchmark): read and word-diffed in two processes,
    the comparison is exactly the one made in one."""
    old, new = (str(next(CORPUS.glob(f"eu_ai_act_{v}_*.txt"))) for v in ("v10", "v12"))
    forks: list[int] = []
    real = parallel._start
    monkeypatch.setattr(parallel, "_start", lambda fn, share: forks.append(1) or real(fn, share))
    a, b = diff_command.read_both(old, new)
    together = compare(a.document, b.document)
    assert len(forks) == 2  # the reading and the word diffs each forked
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    alone = compare(diff_command.resolve(old).document, diff_command.resolve(new).document)
    as_json = DIFF_WRITERS["json"]
    assert json.loads(as_json(together, DiffOptions())) == json.loads(as_json(alone, DiffOptions()))
    assert together.summary.counts("article").added == 28


@TWO_CORES
def test_a_still_progress_line_leaves_the_work_free_to_fork() -> None:
    from treaty.progress import stage

    with stage("aligning and comparing", show=True, animate=False):
        got = parallel.fork_map(square_with_pid, [1, 2])
    assert got[1][1] != os.getpid()


@TWO_CORES
def test_when_this_share_fails_no_child_is_left_behind(monkeypatch) -> None:
    parent = os.getpid()
    started: list[int] = []
    real = parallel._start

    def start(fn, share):
        child = real(fn, share)
        started.append(child[0])
        return child

    def slow_child_failing_parent(n: int) -> int:
        if os.getpid() == parent:
            raise TreatyError("item", "refused", "fix it")
        time.sleep(30)
        return n

    monkeypatch.setattr(parallel, "_start", start)
    with pytest.raises(TreatyError):
        parallel.fork_map(slow_child_failing_parent, [1, 2])
    (pid,) = started
    with pytest.raises(ChildProcessError):  # killed and reaped already
        os.waitpid(pid, os.WNOHANG)
