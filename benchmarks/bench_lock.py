"""Concurrent writers on one workspace: N `treaty support` processes (each a different
delegation) on one proposal at once, all through the workspace lock. Prints a table:
writers, wall time, history entries kept (must equal writers), peak memory of this script.
(`treaty status` is a state machine: the same status twice in a row is refused, so it
cannot be what N racing writers do.)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from treaty.amend.format import read_amendment  # noqa: E402

ID = "ahc5-che-058-ne-bis-in-idem"
CODES = ("AUS", "AUT", "BEL", "BRA", "CAN", "CHL", "CHN", "COL", "DEU", "DNK", "ESP", "FIN",
         "FRA", "GBR", "IND", "JPN")


def run(writers: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        ws.mkdir()
        for name in ("treaty.xml", "articles", "amendments", "render"):
            src = ROOT / name
            (shutil.copytree if src.is_dir() else shutil.copy)(src, ws / name)
        before = len(read_amendment(ws / "amendments" / f"{ID}.xml").history)
        start = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-m", "treaty.cli", "support", ID, str(ws),
                                   "--by", CODES[n], "--note", f"w{n}"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for n in range(writers)]
        for p in procs:
            p.wait()
        wall = time.perf_counter() - start
        kept = len(read_amendment(ws / "amendments" / f"{ID}.xml").history) - before
    return wall, kept


def main() -> None:
    tracemalloc.start()
    print(f"{'writers':>8} {'wall s':>8} {'kept':>6}")
    for writers in (1, 4, 16):
        wall, kept = run(writers)
        print(f"{writers:>8} {wall:>8.2f} {kept:>6}")
    print(f"peak memory of this script: {tracemalloc.get_traced_memory()[1] // 1024} KB")


if __name__ == "__main__":
    main()
