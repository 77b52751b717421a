"""Finding 9: what the operating system refuses is one line ``path: what; what to do``,
exit 1, with nothing half-written; control characters on the command line are refused."""

from __future__ import annotations

import errno
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from treaty import commands, fileio
from treaty.model import TreatyError

from .helpers import files, one_line_error, treaty

STATUS = ("status", "ahc5-che-058-ne-bis-in-idem", "adopted")


@pytest.mark.parametrize(("code", "words"), [
    (errno.EACCES, "permission denied"), (errno.EROFS, "read-only"),
    (errno.ENOSPC, "disk is full"), (errno.EFBIG, "larger than this system allows"),
    (errno.EMFILE, "too many open files"), (errno.EDQUOT, "quota"),
])
def test_write_failures_are_one_line_and_leave_nothing(demo: Path, monkeypatch, code, words) -> None:
    before = files(demo)
    real_replace = os.replace

    def failing_replace(src, dst, *args, **kwargs):
        if str(dst).endswith(".xml"):
            raise OSError(code, os.strerror(code))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(TreatyError) as info:
        commands.set_status(demo, "ahc5-che-058-ne-bis-in-idem", "adopted")
    message = str(info.value)
    assert "\n" not in message and words in message and "ahc5-che-058" in message
    assert files(demo) == before  # no temporary file left, the amendment unchanged


def test_consolidate_disk_full_rolls_back(demo: Path, monkeypatch) -> None:
    from treaty.commands.consolidate import consolidate

    commands.set_status(demo, "ahc5-che-058-ne-bis-in-idem", "adopted")
    before = files(demo)
    real_replace = os.replace
    calls = [0]

    def full_at_third(src, dst, *args, **kwargs):
        calls[0] += 1
        if calls[0] == 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", full_at_third)
    with pytest.raises(TreatyError, match="disk is full"):
        consolidate(demo, "next")
    monkeypatch.setattr(os, "replace", real_replace)
    assert files(demo) == before
    assert not (demo / ".treaty-txn").exists()


def test_disk_full_even_for_the_roll_back_is_recovered_by_the_next_command(demo: Path,
                                                                           monkeypatch) -> None:
    from treaty.commands.consolidate import consolidate

    commands.set_status(demo, "ahc5-che-058-ne-bis-in-idem", "adopted")
    before = files(demo)
    real_replace = os.replace
    calls = [0]

    def full_from_third(src, dst, *args, **kwargs):
        calls[0] += 1
        if calls[0] >= 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", full_from_third)
    with pytest.raises(TreatyError, match="disk is full"):
        consolidate(demo, "next")
    monkeypatch.setattr(os, "replace", real_replace)  # space freed
    result = treaty("check", str(demo))
    assert result.returncode == 0, result.stdout
    assert files(demo) == {k: v for k, v in before.items()}


def _limited(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_file_size_limit_is_one_line(demo: Path) -> None:
    before = files(demo)
    result = subprocess.run([sys.executable, "-m", "treaty.cli", *STATUS, str(demo)],
                            capture_output=True, text=True, preexec_fn=_limited(200), timeout=120)
    one_line_error(result, "ahc5-che-058-ne-bis-in-idem.xml", "larger than this system allows",
                   "ulimit")
    assert files(demo) == before


def test_file_size_limit_during_consolidate(demo: Path) -> None:
    commands.set_status(demo, "ahc5-che-058-ne-bis-in-idem", "adopted")
    before = files(demo)
    result = subprocess.run([sys.executable, "-m", "treaty.cli", "consolidate", str(demo),
                             "--label", "next"], capture_output=True, text=True,
                            preexec_fn=_limited(20_000), timeout=120)
    one_line_error(result, "larger than this system allows")
    assert files(demo) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through permissions")
def test_read_only_workspace_for_real(demo: Path) -> None:
    for folder in (demo, demo / "amendments"):
        folder.chmod(0o555)
    try:
        one_line_error(treaty(*STATUS, str(demo)), "permission denied")
    finally:
        for folder in (demo, demo / "amendments"):
            folder.chmod(0o755)


def test_unwritable_lock_is_one_line_not_a_wait(demo: Path, monkeypatch) -> None:
    from treaty import lock

    real_open = os.open

    def read_only(path, flags, *args):
        if str(path).endswith(lock.LOCK) and flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(TreatyError, match="read-only"):
        commands.set_status(demo, "ahc5-che-058-ne-bis-in-idem", "adopted")


def test_too_many_open_files_on_read(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "a.xml"
    path.write_text("<a/>")

    def emfile(*args, **kwargs):
        raise OSError(errno.EMFILE, "Too many open files")

    monkeypatch.setattr(os, "open", emfile)
    with pytest.raises(TreatyError, match="too many open files.*ulimit -n"):
        fileio.read_bytes(path)


# -- control characters -----------------------------------------------------------------------


@pytest.mark.parametrize("option", ["--with", "--note", "--session"])
@pytest.mark.parametrize("char", ["\x07", "\x1b[2J", "\x00"[:0] + "\x08", "\x7f", "\r"])
def test_control_characters_refused(demo: Path, option: str, char: str) -> None:
    values = {"--with": "requesting", "--note": "why", "--session": "AHC-5"}
    values[option] = f"bad{char}text"
    args = ["propose", str(demo), "--by", "CHE", "--target", "58.10(b)", "--replace", "requested"]
    for name, value in values.items():
        args += [name, value]
    before = files(demo)
    one_line_error(treaty(*args), option, "control character")
    assert files(demo) == before


def test_control_characters_in_title_and_status_note(tmp_path: Path, demo: Path) -> None:
    one_line_error(treaty("init", str(tmp_path / "ws"), "--title", "Treaty\x1b]0;pwned\x07"),
                   "--title", "U+001B")
    assert not (tmp_path / "ws" / "treaty.xml").exists()
    one_line_error(treaty(*STATUS, str(demo), "--note=x\x01y"), "--note", "U+0001")


def test_tab_and_newline_are_text(demo: Path) -> None:
    result = treaty("propose", str(demo), "--by", "CHE", "--target", "58.10(b)", "--replace",
                    "in the territory of the requested State Party", "--with", "in its territory",
                    "--note", "first line\nsecond\tline")
    assert result.returncode == 0, result.stderr


def _read_only_run(demo: Path, *args: str) -> subprocess.CompletedProcess | None:
    """Run the CLI with `demo` bind-mounted read-only in a private mount namespace (root
    ignores permissions, not a read-only mount); None where namespaces are not allowed."""
    import shlex
    import shutil

    if shutil.which("unshare") is None:
        return None
    ws = shlex.quote(str(demo))
    cli = " ".join(shlex.quote(a) for a in (sys.executable, "-m", "treaty.cli", *args))
    script = (f"mount --make-rprivate / 2>/dev/null; mount --bind {ws} {ws} && "
              f"mount -o remount,ro,bind {ws} || exit 97; exec {cli}")
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True,
                            text=True, timeout=120)
    if result.returncode == 97 or "unshare:" in result.stderr:
        return None
    return result


def test_read_only_mount_for_real(demo: Path) -> None:
    before = files(demo)
    result = _read_only_run(demo, *STATUS, str(demo))
    if result is None:
        pytest.skip("cannot make a read-only mount here (needs unshare -m)")
    one_line_error(result, "read-only", "copy the workspace to a writable folder")
    assert files(demo) == before
    check = _read_only_run(demo, "check", str(demo))  # readers work on a read-only copy
    assert check is not None and check.returncode == 0, check.stdout + check.stderr


def test_control_characters_in_an_imported_text_are_removed_with_a_warning(tmp_path: Path) -> None:
    source = tmp_path / "t.txt"
    source.write_bytes(b"Convention\n\nArticle 1\n\nThe \x07parties\x1b shall.\x0cArticle 2\n\nMore.\n")
    result = treaty("import", str(source), "--into", str(tmp_path / "ws"))
    assert result.returncode == 0, result.stderr
    assert "t.txt:5: 2 control character(s) removed, the first U+0007" in result.stderr
    assert treaty("check", str(tmp_path / "ws")).returncode == 0


def test_failed_init_leaves_no_folder_behind(tmp_path: Path) -> None:
    one_line_error(treaty("init", str(tmp_path / "ws"), "--title", "T", "--date", "soon"), "--date")
    one_line_error(treaty("init", str(tmp_path / "ws"), "--title", "T", "--label", "../x"), "--label")
    assert not (tmp_path / "ws").exists()
