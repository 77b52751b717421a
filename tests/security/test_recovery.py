"""Finding 4: a killed `consolidate` is rolled back by whatever command runs next -
`treaty check` included - and `serve` recovers a journal whose writer is gone instead of
answering 503 for ever. A journal that came with the workspace cannot write outside it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from treaty import commands, txn
from treaty.model import TreatyError

from .helpers import files, treaty

ADOPT = "ahc5-eu-gbr-usa-093-delete"

KILLER = """
import os, shutil, signal, sys
from treaty import txn
kind, at = sys.argv[2], sys.argv[3]
def die():
    os.kill(os.getpid(), signal.SIGKILL)
if kind == "step":
    txn._step_hook = lambda step: die() if step == at else None
elif kind == "backup":  # while old files are being copied aside, before the journal
    real_copy, calls = shutil.copy2, [0]
    def copy2(*args, **kwargs):
        calls[0] += 1
        if calls[0] == int(at):
            die()
        return real_copy(*args, **kwargs)
    shutil.copy2 = copy2
elif kind == "cleanup":  # the journal is gone, its folder not yet
    real_rmtree = shutil.rmtree
    def rmtree(path, *args, **kwargs):
        if str(path).endswith(txn.TXN) and not (os.path.join(path, "journal.json") and
                                                  os.path.exists(os.path.join(path, "journal.json"))):
            die()
        return real_rmtree(path, *args, **kwargs)
    shutil.rmtree = rmtree
from treaty.commands.consolidate import consolidate
consolidate(sys.argv[1], "next")
"""


def _steps(demo: Path, tmp_path: Path) -> list[str]:
    probe = tmp_path / "probe"
    shutil.copytree(demo, probe)
    seen: list[str] = []
    txn._step_hook = seen.append
    try:
        from treaty.commands.consolidate import consolidate

        consolidate(probe, "next")
    finally:
        txn._step_hook = lambda step: None
    return seen


def _kill_points(demo: Path, tmp_path: Path) -> list[tuple[str, str]]:
    return ([("backup", "1"), ("backup", "3")] + [("step", s) for s in _steps(demo, tmp_path)]
            + [("cleanup", "-")])


def test_a_kill_at_every_step_then_check(demo: Path, tmp_path: Path) -> None:
    commands.set_status(demo, ADOPT, "adopted")
    pristine = tmp_path / "pristine"
    shutil.copytree(demo, pristine)
    before = files(pristine)
    done = tmp_path / "done"
    shutil.copytree(pristine, done)
    assert treaty("consolidate", str(done), "--label", "next").returncode == 0
    after = files(done)
    points = _kill_points(demo, tmp_path)
    assert len(points) > 8
    outcomes = []
    for kind, at in points:
        shutil.rmtree(demo)
        shutil.copytree(pristine, demo)
        killed = subprocess.run([sys.executable, "-c", KILLER, str(demo), kind, at],
                                capture_output=True, text=True, timeout=120)
        assert killed.returncode == -9, (kind, at, killed.stderr)
        result = treaty("check", str(demo))
        assert result.returncode == 0, (kind, at, result.stdout)
        assert not (demo / txn.TXN).exists(), (kind, at)
        state = files(demo)
        assert state in (before, after), (kind, at)  # all or nothing, never a mix
        outcomes.append(state == after)
    assert outcomes[-1] is True and outcomes[0] is False  # the journal decides


def test_serve_recovers_a_dead_journal(demo: Path, tmp_path: Path) -> None:
    pytest.importorskip("starlette")
    from treaty import serve

    commands.set_status(demo, ADOPT, "adopted")
    before = files(demo)
    killed = subprocess.run([sys.executable, "-c", KILLER, str(demo), "step",
                             "write treaty.xml"], capture_output=True, timeout=120)
    assert killed.returncode == -9
    assert (demo / txn.TXN / "journal.json").exists()
    state = serve.State(root=demo)
    assert state.busy() is False  # the writer is dead: rolled back, not waited for
    assert files(demo) == before
    page = serve.make_draft(state, serve.Filters())
    assert page.status == 200


def _journal(demo: Path, entries) -> None:
    folder = demo / txn.TXN
    (folder / "backup").mkdir(parents=True)
    (folder / "journal.json").write_text(json.dumps(entries))


@pytest.mark.parametrize("entries", [
    [{"path": "../victim.txt", "existed": False}],
    [{"path": "/tmp/victim.txt", "existed": False}],
    [{"path": "linked/victim.txt", "existed": False}],
    "not a list", [{"nope": 1}],
])
def test_a_journal_from_elsewhere_cannot_touch_files_outside(demo: Path, tmp_path: Path,
                                                              entries) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (demo / "linked").symlink_to(tmp_path)
    _journal(demo, entries)
    result = treaty("check", str(demo))
    assert result.returncode == 1
    assert ".treaty-txn" in result.stdout and "remove the .treaty-txn folder" in result.stdout
    assert victim.read_text() == "keep me"
    with pytest.raises(TreatyError, match="refused"):
        txn.recover(demo)


def test_lock_file_planted_as_a_link_is_refused(demo: Path, tmp_path: Path) -> None:
    from .helpers import one_line_error

    target = tmp_path / "victim"
    target.write_text("keep me")
    (demo / ".treaty-lock").symlink_to(target)
    one_line_error(treaty("status", ADOPT, "adopted", str(demo)), ".treaty-lock",
                   "symbolic links")
    assert target.read_text() == "keep me"


def test_journal_folder_planted_as_a_link_is_refused(demo: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "journal.json").write_text(json.dumps([{"path": "x", "existed": False}]))
    (demo / txn.TXN).symlink_to(elsewhere)
    result = treaty("check", str(demo))
    assert result.returncode == 1 and "remove the .treaty-txn folder" in result.stdout
    assert (elsewhere / "journal.json").exists()


def test_check_during_a_commit_waits_and_reports_the_result(demo: Path, tmp_path: Path) -> None:
    """`check` started while `consolidate` is writing sees the workspace after it."""
    import time

    commands.set_status(demo, ADOPT, "adopted")
    steps = [s for s in _steps(demo, tmp_path) if s.startswith("write ")]
    middle = steps[len(steps) // 2]  # half the files are replaced: a reader must not see that
    ready = tmp_path / "ready"
    script = ("import sys, time, pathlib\n"
              "from treaty import txn\n"
              "ready = pathlib.Path(sys.argv[2])\n"
              "def hook(step):\n"
              "    if step == sys.argv[3]:\n"
              "        ready.touch()\n"
              "        time.sleep(2)\n"
              "txn._step_hook = hook\n"
              "from treaty.commands.consolidate import consolidate\n"
              "consolidate(sys.argv[1], 'next')\n")
    writer = subprocess.Popen([sys.executable, "-c", script, str(demo), str(ready), middle])
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert writer.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    during = treaty("check", str(demo))
    assert writer.wait(timeout=120) == 0
    after = treaty("check", str(demo))
    assert after.returncode == 0, after.stdout
    assert (during.returncode, during.stdout) == (0, after.stdout)
