"""Benchmark ``treaty diff`` end to end against GovTrack's xml_diff and git's word diff.

    .venv/bin/python benchmarks/bench_diff.py [--old FILE] [--new FILE] [--repeat 3]

Default pair: the EU AI Act, Council general approach (v10, ~54k words) against the final
Regulation (v12, ~90k words), from ``tests/data/corpus``.  Every tool runs in a subprocess
of its own, so its wall time includes starting up and reading both files, and its peak
memory is the child's maximum resident set size (``ru_maxrss`` from ``os.wait4``):

- ``treaty diff``: read both texts with the text reader, align the articles, diff the
  words, write the HTML report (``diff_command``), as the CLI would;
- ``xml_diff`` (PyPI ``xml-diff``, ``pip install -e '.[bench]'``): the same two texts as
  XML with one ``<p>`` per non-empty line, compared with ``xml_diff.compare`` and
  serialised;
- ``git diff --no-index --word-diff``: the two text files as they are.

Each tool runs `--repeat` times; the table shows the best wall time (and the CPU time of
that run: on a busy machine it is the better guide), and the largest peak memory.
``ratio`` is the tool's wall time over ``treaty diff``'s.  Timings are printed, never
asserted (the machine may be busy).  A rich progress bar is shown only when stderr is a
terminal.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus"
OLD = CORPUS / "eu_ai_act_v10_2022-12-06-CONSIL_ST_15698_2022_INIT_EN_TXT.txt"
NEW = CORPUS / "eu_ai_act_v12_2024-06-13_final_Regulation_2024_1689.txt"

TREATY = """
import sys
from pathlib import Path
from treaty.commands.diff import diff_command
sys.exit(diff_command(sys.argv[1], sys.argv[2], "html", Path(sys.argv[3]), False))
"""

XML_DIFF = """
import sys
import lxml.etree
import xml_diff
parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True)
a = lxml.etree.parse(sys.argv[1], parser).getroot()
b = lxml.etree.parse(sys.argv[2], parser).getroot()
xml_diff.compare(a, b)
with open(sys.argv[3], "wb") as out:
    out.write(lxml.etree.tostring(b, encoding="utf-8"))
"""

INPROCESS = """
import gc, sys, time
t0 = time.perf_counter()
from treaty.commands.diff import render, resolve
from treaty.diff import compare
from treaty.render import diff_html
t1 = time.perf_counter()
gc.disable()
a, b = resolve(sys.argv[1]), resolve(sys.argv[2])
t2 = time.perf_counter()
result = compare(a.document, b.document)
t3 = time.perf_counter()
html = render(result, "html")
t4 = time.perf_counter()
print(f"import {t1 - t0:.3f} s, read both {t2 - t1:.3f} s, align + word diff {t3 - t2:.3f} s, "
      f"HTML {t4 - t3:.3f} s ({len(html.encode()) / 1e6:.1f} MB); engine {result.engine}, "
      f"degraded: {result.degraded}")
"""


@dataclass(frozen=True)
class Run:
    tool: str
    seconds: float | None
    """Best wall time, or None when the tool failed or timed out."""
    cpu: float
    """CPU time (user + system) of that best run."""
    peak_mb: float
    words: int
    note: str = ""


def measure(cmd: list[str], timeout: float, stdout=subprocess.DEVNULL,
            ) -> tuple[float, float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in MB, exit code) of one child process; killed
    on timeout."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT)
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.stderr is not None:
        proc.stderr.close()
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode


def words_in(*paths: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in paths)


def as_xml(src: Path, dest: Path) -> None:
    lines = [ln.strip() for ln in src.read_text(encoding="utf-8").splitlines() if ln.strip()]
    body = "\n".join(f"<p>{escape(line)}</p>" for line in lines)
    dest.write_text(f"<doc>\n{body}\n</doc>\n", encoding="utf-8")


def bench(old: Path, new: Path, repeat: int, timeout: float, progress) -> list[Run]:
    python = sys.executable
    words = words_in(old, new)
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="bench-diff-") as tmp:
        tmpdir = Path(tmp)
        old_xml, new_xml = tmpdir / "old.xml", tmpdir / "new.xml"
        as_xml(old, old_xml)
        as_xml(new, new_xml)
        tools: list[tuple[str, list[str], set[int]]] = [
            ("treaty diff (html)", [python, "-c", TREATY, str(old), str(new),
                                    str(tmpdir / "treaty.html")], {0}),
            ("xml_diff (one <p> per line)", [python, "-c", XML_DIFF, str(old_xml), str(new_xml),
                                             str(tmpdir / "xml_diff.xml")], {0}),
        ]
        if shutil.which("git"):
            tools.append(("git diff --no-index --word-diff",
                          ["git", "diff", "--no-index", "--word-diff", "--no-color", str(old),
                           str(new)], {0, 1}))
        for name, cmd, ok in tools:
            best: float | None = None
            best_cpu = 0.0
            peak = 0.0
            note = ""
            for _ in range(repeat):
                wall, cpu, mb, code = measure(cmd, timeout)
                progress()
                peak = max(peak, mb)
                if code not in ok:
                    note = f"exit {code}" + (" (timed out)" if wall >= timeout else "")
                    break
                if best is None or wall < best:
                    best, best_cpu = wall, cpu
            runs.append(Run(name, best if not note else None, best_cpu, peak, words, note))
    return runs


def in_process(old: Path, new: Path) -> str:
    out = subprocess.run([sys.executable, "-c", INPROCESS, str(old), str(new)], cwd=ROOT,
                         capture_output=True, text=True, check=False)
    return out.stdout.strip() or out.stderr.strip().splitlines()[-1]


def table(runs: list[Run]) -> str:
    base = next((r.seconds for r in runs if r.tool.startswith("treaty") and r.seconds), None)
    header = ("tool", "wall time", "cpu time", "peak memory", "input words", "ratio")
    rows = []
    for r in runs:
        time_s = f"{r.seconds:.3f} s" if r.seconds is not None else (r.note or "failed")
        ratio = f"{r.seconds / base:.2f}x" if base and r.seconds is not None else "-"
        rows.append((r.tool, time_s, f"{r.cpu:.3f} s", f"{r.peak_mb:.0f} MB", f"{r.words:,}",
                     ratio))
    widths = [max(len(str(row[k])) for row in (header, *rows)) for k in range(len(header))]
    line = "  ".join("{:<" + str(w) + "}" for w in widths)
    out = [line.format(*header), line.format(*("-" * w for w in widths))]
    out += [line.format(*row) for row in rows]
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, default=OLD)
    parser.add_argument("--new", type=Path, default=NEW)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per run")
    args = parser.parse_args()
    for path in (args.old, args.new):
        if not path.is_file():
            print(f"{path}: not found; give --old and --new", file=sys.stderr)
            return 1
    total = args.repeat * 3
    if sys.stderr.isatty():
        from rich.progress import Progress

        with Progress(transient=True) as bar:
            task = bar.add_task("benchmarking", total=total)
            runs = bench(args.old, args.new, args.repeat, args.timeout,
                         lambda: bar.advance(task))
    else:
        runs = bench(args.old, args.new, args.repeat, args.timeout, lambda: None)
    print(f"old: {args.old.name}\nnew: {args.new.name}\n"
          f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}\n")
    print(table(runs))
    print(f"\ntreaty diff stages (one run, in process): {in_process(args.old, args.new)}")
    print(f"load average when done: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
