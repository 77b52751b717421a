"""The command line contract: one line per user error, exit 1; usage errors exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


def treaty(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "treaty.cli", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


@pytest.mark.parametrize(("args", "message"), [
    (["check", "/nonexistent/ws"], "not a workspace"),
    (["import", "/nonexistent.txt", "--into", "/tmp/x-never"], "file not found"),
    (["amendments", str(ROOT), "--by", "SNG"], "did you mean SGP"),
    (["amendments", str(ROOT), "--status", "approved"], "unknown status"),
    (["compile", str(ROOT), "--format", "rtf"], "rtf"),
    (["diff", str(ROOT), "/nonexistent.md"], "no such file"),
])
def test_user_errors_are_one_line_exit_1(args, message):
    result = treaty(*args)
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and message in lines[0]
    assert "Traceback" not in result.stderr


def test_binary_and_empty_sources(tmp_path: Path):
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    empty = tmp_path / "e.txt"
    empty.write_text("")
    assert "binary" in treaty("import", str(binary), "--into", str(tmp_path / "a")).stderr
    assert "empty" in treaty("import", str(empty), "--into", str(tmp_path / "b")).stderr
    prose = tmp_path / "p.txt"
    prose.write_text("Dear colleagues,\n\nthank you for the meeting.\n")
    result = treaty("import", str(prose), "--into", str(tmp_path / "c"))
    assert result.returncode == 1 and "no articles found" in result.stderr


def test_usage_error_exit_2():
    result = treaty("compile", "--no-such-option")
    assert result.returncode == 2


def test_debug_shows_traceback():
    result = treaty("--debug", "check", "/nonexistent/ws")
    assert result.returncode != 0 and "Traceback" in result.stderr


def test_unattributed_draft_hides_names_unless_the_index_is_asked_for():
    from treaty import commands

    plain = commands.compile_document(ROOT, fmt="txt", attribution="none").decode()
    assert "Singapore" not in plain and "(SGP)" not in plain
    assert "[developing States]" in plain  # the brackets stay
    secretariat = commands.compile_document(ROOT, fmt="txt", attribution="none",
                                            show_index=True).decode()
    assert "Proposed by: Singapore" in secretariat


def test_init_creates_a_valid_empty_workspace_and_refuses_to_overwrite(tmp_path: Path):
    ws = tmp_path / "new"
    result = treaty("init", str(ws), "--title", "Draft protocol", "--symbol", "A/AC.999/1",
                    "--label", "zero-draft", "--date", "2024-02-01")
    assert result.returncode == 0, result.stderr
    assert treaty("check", str(ws)).returncode == 0
    from treaty import workspace

    meta = workspace.load(ws).document.meta
    assert (meta.title, meta.symbol, meta.label, meta.date) == (
        "Draft protocol", "A/AC.999/1", "zero-draft", "2024-02-01")
    again = treaty("init", str(ws), "--title", "Other")
    assert again.returncode == 1 and "already exists" in again.stderr
    bad = treaty("init", str(tmp_path / "x"), "--title", "T", "--date", "1 May")
    assert bad.returncode == 1 and "YYYY-MM-DD" in bad.stderr


def test_compile_strict_fails_on_unlocated_changes(tmp_path: Path):
    import shutil

    ws = tmp_path / "ws"
    shutil.copytree(ROOT / "articles", ws / "articles")
    shutil.copytree(ROOT / "amendments", ws / "amendments")
    shutil.copy(ROOT / "treaty.xml", ws / "treaty.xml")
    path = ws / "amendments" / "ahc5-che-058-ne-bis-in-idem.xml"
    path.write_bytes(path.read_bytes().replace(b"<old>", b"<old>fisheries on the high seas "))
    assert treaty("compile", str(ws), "-f", "txt", "-o", str(tmp_path / "a.txt")).returncode == 0
    assert "Proposals not located in this text".upper() in (tmp_path / "a.txt").read_text().upper()
    strict = treaty("compile", str(ws), "-f", "txt", "--strict")
    assert strict.returncode == 1 and "not located" in strict.stderr
