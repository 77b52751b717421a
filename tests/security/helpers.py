"""Shared helpers of the security tests: run the real CLI, read its one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

AMENDMENT = """<?xml version="1.0" encoding="{enc}"?>
{prolog}<amendment xmlns="urn:treaty-tracker:amendment:1" id="{id}">
  <proposer ref="CHE"/>
  <session>AHC-5</session>
  <date>2023-04-13</date>
  <status>proposed</status>
  <changes>
    <replace target="{target}"><old>{old}</old><new>{new}</new></replace>
  </changes>
</amendment>
"""


def amendment(id: str = "sec-1", target: str = "art_58__para_10__point_b",
              old: str = "in the territory of the requested State Party",
              new: str = "in the territory of the requested State Party or of a third State",
              prolog: str = "", enc: str = "UTF-8") -> str:
    return AMENDMENT.format(id=id, target=target, old=old, new=new, prolog=prolog, enc=enc)


def treaty(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 120,
           **kwargs) -> subprocess.CompletedProcess:
    """Run ``treaty ARGS`` in a fresh interpreter (the real CLI, exit codes and all), with
    its memory capped so that a payload that gets through fails the test, not the machine."""
    full_env = {**os.environ, **(env or {})}
    kwargs.setdefault("preexec_fn", memory_cap)
    return subprocess.run([sys.executable, "-m", "treaty.cli", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=timeout, env=full_env, **kwargs)


MEMORY_CAP = 4 << 30


def memory_cap() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def one_line_error(result: subprocess.CompletedProcess, *words: str) -> str:
    """The single ``error:`` line of a failed command (exit 1, no traceback), checked to
    hold every one of `words`."""
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), lines[0]
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def files(root: Path) -> dict[str, bytes]:
    """Every file under `root` with its bytes: the workspace's content, not the lock's own
    files nor the parse cache (derived data any command may refresh)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.startswith(".treaty-lock")
            and ".treaty-cache" not in p.parts}
