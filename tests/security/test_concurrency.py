"""Finding 3 (lost updates) with real processes: 16 `treaty status` at once on one
proposal, `status` during `consolidate`, two `consolidate` at once; a second writer
waits for the workspace lock or says in one line who holds it. Readers never wait."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from treaty.amend.format import read_amendment

from .helpers import files, one_line_error, treaty

ID = "ahc5-che-058-ne-bis-in-idem"
CLI = [sys.executable, "-m", "treaty.cli"]


def _spawn(*args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([*CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, **(env or {})})


def _finish(procs: list[subprocess.Popen]) -> list[tuple[int, str, str]]:
    outputs = [p.communicate(timeout=300) for p in procs]
    return [(p.returncode, *out) for p, out in zip(procs, outputs, strict=True)]


def _hold_lock(root: Path, command: str, ready: Path, seconds: float = 60) -> subprocess.Popen:
    """A process holding the workspace lock (as `command` would) until killed."""
    script = ("import sys, time, pathlib\n"
              "from treaty.lock import workspace_lock\n"
              "with workspace_lock(sys.argv[1], sys.argv[2]):\n"
              "    pathlib.Path(sys.argv[3]).touch()\n"
              f"    time.sleep({seconds})\n")
    proc = subprocess.Popen([sys.executable, "-c", script, str(root), command, str(ready)])
    _wait_for(ready, proc)
    return proc


def _wait_for(path: Path, proc: subprocess.Popen | None = None, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the process ended first: {proc.communicate()}")
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


def test_sixteen_status_changes_at_once_keep_every_history_entry(demo: Path) -> None:
    before = len(read_amendment(demo / "amendments" / f"{ID}.xml").history)
    procs = [_spawn("status", ID, "agreed-ad-ref" if n % 2 else "proposed", str(demo),
                    "--note", f"writer {n}") for n in range(16)]
    results = _finish(procs)
    ok = [r for r in results if r[0] == 0]
    # a loser must say so in one line, never succeed silently: it waited and found the
    # proposal already in the status it asked for (the state machine refuses a no-op)
    for code, _out, err in results:
        assert code == 0 or (code == 1 and err.count("\n") == 1
                             and ("busy:" in err or "nothing to change" in err)), err
    history = read_amendment(demo / "amendments" / f"{ID}.xml").history
    assert len(history) == before + len(ok)
    notes = sorted(e.note for e in history[before:])
    assert notes == sorted(f"writer {n}" for n, r in enumerate(results) if r[0] == 0)
    assert len(ok) >= 2  # with the default timeout, all of them wait their turn
    assert not [r for r in results if "busy:" in r[2]]
    # every entry's "from" is the status the previous writer left: a real sequence
    for previous, entry in zip(history[before:], history[before + 1:], strict=False):
        assert entry.previous == previous.status


SIXTEEN = ("ARG", "BRA", "CAN", "DEU", "EGY", "FRA", "GHA", "IND",
           "KEN", "MEX", "NZL", "PER", "QAT", "SEN", "TUR", "URY")


def test_sixteen_delegations_support_one_proposal_at_once(demo: Path) -> None:
    """`treaty support` is a read-modify-write too: sixteen at once lose nobody."""
    path = demo / "amendments" / f"{ID}.xml"
    before = read_amendment(path)
    assert not set(SIXTEEN) & set(before.delegations)
    results = _finish([_spawn("support", ID, str(demo), "--by", code) for code in SIXTEEN])
    assert [r[0] for r in results] == [0] * 16, [r[2] for r in results if r[0]]
    after = read_amendment(path)
    assert set(after.supporters) == set(before.supporters) | set(SIXTEEN)
    assert len(after.history) == len(before.history) + 16


def _slow_consolidate(root: Path, label: str, ready: Path, pause: float = 2.0) -> subprocess.Popen:
    """`treaty consolidate` that pauses (holding the lock) once its files are staged."""
    script = ("import sys, time, pathlib\n"
              "from treaty import txn\n"
              "ready = pathlib.Path(sys.argv[3])\n"
              "def hook(step):\n"
              "    if step == 'staged':\n"
              "        ready.touch()\n"
              f"        time.sleep({pause})\n"
              "txn._step_hook = hook\n"
              "from treaty.cli import main\n"
              "sys.argv = ['treaty', 'consolidate', sys.argv[1], '--label', sys.argv[2]]\n"
              "main()\n")
    return subprocess.Popen([sys.executable, "-c", script, str(root), label, str(ready)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_status_during_consolidate_is_not_lost(demo: Path, tmp_path: Path) -> None:
    from treaty import commands

    commands.set_status(demo, "ahc5-eu-gbr-usa-093-delete", "adopted")
    pending = "ahc5-can-095-principles"
    ready = tmp_path / "staged"
    writer = _slow_consolidate(demo, "next", ready)
    _wait_for(ready, writer)
    status = _spawn("status", pending, "agreed-ad-ref", str(demo), "--note", "during")
    (code_c, out_c, err_c), (code_s, _out_s, err_s) = _finish([writer, status])
    assert code_c == 0, err_c
    assert code_s == 0, err_s
    a = read_amendment(demo / "amendments" / f"{pending}.xml")
    assert a.status == "agreed-ad-ref" and a.history[-1].note == "during"
    assert a.base == "next"  # consolidate's rewrite is kept too: neither write is lost


def test_two_consolidates_at_once_one_wins(demo: Path, tmp_path: Path) -> None:
    from treaty import commands

    commands.set_status(demo, "ahc5-eu-gbr-usa-093-delete", "adopted")
    alone = tmp_path / "alone"
    shutil.copytree(demo, alone)
    assert treaty("consolidate", str(alone), "--label", "next").returncode == 0
    expected = files(alone)

    ready = tmp_path / "staged"
    first = _slow_consolidate(demo, "next", ready)
    _wait_for(ready, first)
    second = _spawn("consolidate", str(demo), "--label", "next")
    (code1, _o1, err1), (code2, _o2, err2) = _finish([first, second])
    assert code1 == 0, err1
    assert code2 == 1 and err2.count("\n") == 1 and "next" in err2, err2
    assert files(demo) == expected  # exactly one consolidation, nothing mixed


def test_two_consolidates_racing_freely(demo: Path) -> None:
    from treaty import commands

    commands.set_status(demo, "ahc5-eu-gbr-usa-093-delete", "adopted")
    results = _finish([_spawn("consolidate", str(demo), "--label", label)
                       for label in ("next-a", "next-b")])
    codes = sorted(r[0] for r in results)
    assert codes == [0, 1], results
    loser = next(r for r in results if r[0] == 1)
    assert loser[2].count("\n") == 1 and "nothing is adopted" in loser[2]
    versions = sorted(p.name for p in (demo / "versions").iterdir())
    assert len([v for v in versions if v.endswith(".akn.xml")]) == 1
    assert treaty("check", str(demo)).returncode == 0


def test_busy_message_names_the_holder(demo: Path, tmp_path: Path) -> None:
    holder = _hold_lock(demo, "consolidate", tmp_path / "held")
    try:
        start = time.monotonic()
        result = treaty("status", ID, "adopted", str(demo), env={"TREATY_LOCK_TIMEOUT": "0.5"})
        line = one_line_error(result, "busy: consolidate by PID", str(holder.pid), "try again")
        assert time.monotonic() - start < 30
        assert " since " in line
        # readers never take the lock
        assert treaty("check", str(demo), env={"TREATY_LOCK_TIMEOUT": "0"}).returncode == 0
        assert treaty("compile", str(demo), "-o", str(tmp_path / "d.html"),
                      env={"TREATY_LOCK_TIMEOUT": "0"}).returncode == 0
    finally:
        holder.kill()
        holder.wait()
    # a dead holder leaves no lock behind
    assert treaty("status", ID, "adopted", str(demo), env={"TREATY_LOCK_TIMEOUT": "5"}).returncode == 0


def test_every_writing_command_takes_the_lock(demo: Path, tmp_path: Path) -> None:
    holder = _hold_lock(demo, "status", tmp_path / "held")
    src = tmp_path / "t.md"
    src.write_text("# Treaty\n\nArticle 1\n\nText.\n")
    env = {"TREATY_LOCK_TIMEOUT": "0.2"}
    try:
        for args in (["status", ID, "adopted", str(demo)],
                     ["propose", str(demo), "--by", "CHE", "--target", "58.10(b)", "--replace",
                      "in the territory of the requested State Party", "--with", "here"],
                     ["consolidate", str(demo), "--label", "next", "--force"],
                     ["support", ID, str(demo), "--by", "NZL"],
                     ["oppose", ID, str(demo), "--by", "RUS"],
                     ["withdraw", ID, str(demo)],
                     ["init", str(demo), "--title", "T"],
                     ["import", str(src), "--into", str(demo)]):
            one_line_error(treaty(*args, env=env), "busy: status by PID")
    finally:
        holder.kill()
        holder.wait()


def test_a_writer_on_a_missing_folder_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-ws"
    one_line_error(treaty("status", ID, "adopted", str(missing)), "not a workspace")
    one_line_error(treaty("consolidate", str(missing), "--label", "x"), "not a workspace")
    assert not missing.exists()


def test_a_planted_owner_note_cannot_hang_or_paint_the_terminal(demo: Path, tmp_path: Path) -> None:
    holder = _hold_lock(demo, "status", tmp_path / "held")
    try:
        owner = demo / ".treaty-lock.owner"
        owner.write_text('{"pid": "1\\u001b[2J", "command": "x\\u001b]0;evil\\u0007", "since": "now"}')
        line = one_line_error(treaty("status", ID, "adopted", str(demo),
                                     env={"TREATY_LOCK_TIMEOUT": "0.2"}), "busy:")
        assert "\x1b" not in line and "\x07" not in line
        owner.unlink()
        os.mkfifo(owner)
        one_line_error(treaty("status", ID, "adopted", str(demo),
                              env={"TREATY_LOCK_TIMEOUT": "0.2"}, timeout=60), "busy:")
    finally:
        holder.kill()
        holder.wait()
