"""The argument handling the typer pin in pyproject.toml must keep (typer <0.29, which does
not import pydantic at start-up): required options are required, typed options are
checked, and the start-up does not load pydantic."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


def treaty(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "treaty.cli", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    """A copy of the demo workspace: nothing a test runs may touch the repository's."""
    dest = tmp_path / "ws"
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(
        ".git", ".venv", "tests", "out", "benchmarks", "docs", "treaty", "*.egg-info",
        ".treaty-cache", "__pycache__"))
    return dest


def _state(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".treaty-cache" not in p.parts}


@pytest.mark.parametrize(("args", "option"), [
    (["report", "."], "--session"),
    (["consolidate", "."], "--label"),
    (["support", "USA-1", "."], "--by"),
    (["oppose", "USA-1", "."], "--by"),
    (["translate", "USA-1", "."], "--language"),
    (["init", "new-ws"], "--title"),
    (["import", "treaty.xml"], "--into"),
])
def test_a_missing_required_option_is_a_usage_error(ws: Path, args: list[str], option: str):
    before = _state(ws)
    result = treaty(*args, cwd=ws)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert f"Missing option '{option}'" in result.stderr
    assert "Traceback" not in result.stderr
    assert _state(ws) == before  # nothing written


def test_a_required_option_given_runs_the_command(ws: Path):
    result = treaty("report", ".", "--session", "AHC-5", cwd=ws)
    assert result.returncode == 0, result.stderr
    assert "AHC-5" in result.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["serve", ".", "--port", "eighty"], "Invalid value for '--port'"),
    (["compile", ".", "--strict=maybe"], "--strict"),
])
def test_a_badly_typed_option_is_a_usage_error(ws: Path, args: list[str], message: str):
    result = treaty(*args, cwd=ws)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_start_up_does_not_import_pydantic(ws: Path):
    """What the pin is for: typer 0.29 imports pydantic to coerce every argument."""
    code = ("import sys; from treaty.cli import main; sys.argv = ['treaty', 'amendments', '.'];\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('pydantic' in sys.modules, file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ws, timeout=120)
    assert result.stderr.strip().splitlines()[-1] == "False", result.stderr


def test_only_the_named_command_is_built_and_every_command_still_answers(ws: Path):
    """`cli._build_only`: a run builds the one command it names; `--help`, a group
    (`access`), a hidden command and a typo still work as with every command built."""
    listing = treaty("--help", cwd=ws)
    assert listing.returncode == 0
    for name in ("compile", "propose", "diff", "access", "stats"):
        assert name in listing.stdout
    assert treaty("access", "list", "--ws", ".", cwd=ws).returncode == 0
    assert "Usage:" in treaty("merge-driver", "--help", cwd=ws).stdout
    typo = treaty("compil", ".", cwd=ws)
    assert typo.returncode == 2 and "Did you mean 'compile'" in typo.stderr
    assert "17 amendment(s)" in treaty("amendments", ".", cwd=ws).stdout
