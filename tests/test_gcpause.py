"""The collector policy (`treaty.gcpause`): off for a command-line run, on for a server."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from treaty.model import TreatyError


def test_a_command_line_run_has_no_cyclic_collector(tmp_path: Path) -> None:
    code = ("import gc, sys; import treaty.commands.setup as s\n"
            "s.stats_command = lambda source: print('collector', gc.isenabled())\n"
            "from treaty.cli import main; sys.argv = ['treaty', 'stats', sys.argv[1]]; main()")
    (tmp_path / "t.txt").write_text("Article 1\n\nWords.\n")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "t.txt")],
                          capture_output=True, text=True, timeout=120)
    assert "collector False" in done.stdout, done.stderr


def test_serve_turns_the_collector_back_on(tmp_path: Path) -> None:
    pytest.importorskip("starlette")
    from treaty import serve

    was = gc.isenabled()
    gc.disable()
    try:
        with pytest.raises(TreatyError):  # not a workspace: refused after the collector is on
            serve.run(tmp_path)
        assert gc.isenabled()
    finally:
        if not was:
            gc.disable()
