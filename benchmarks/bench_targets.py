"""The speed targets of issue 17, each measured end to end (the `treaty` command in a child
process: start-up included) next to a reference measured in the same run.

    .venv/bin/python benchmarks/bench_targets.py [--repeat 3] [--full] [--only NAME]

| work                                  | target            | reference (same run)              |
| ------------------------------------- | ----------------- | --------------------------------- |
| ``treaty --help``                     | <= 0.2 s          | Python start-up alone             |
| ``treaty amendments`` on the demo     | <= 0.2 s          | Python start-up alone             |
| demo PDF (Typst)                      | <= 0.5 s          | ``--pdf-engine html`` (WeasyPrint)|
| EU AI Act PDF (Typst, 113 articles)   | <= 2 s, <= 0.15 x | WeasyPrint alone on our HTML      |
| 5,000-article PDF (Typst)             | <= 30 s, <= 1 GB  | WeasyPrint (``--full``: ~9 min, 8 GB) |
| compile 100 x 2,000 to HTML           | <= 0.5 s          | the same with no parse cache      |
| compile 1,000 x 20,000 to HTML        | <= 4 s            | the same with no parse cache      |
| diff AI Act v10 -> v12 to HTML        | <= 0.6 s          | ``git diff --no-index --word-diff``|

Each row shows the best wall time of `--repeat` runs, the CPU time (user + system) of that
run (on a busy machine the better guide), the child's peak RSS (``ru_maxrss`` from
``os.wait4``), the target and the reference's numbers. Nothing is asserted: the machine may
be busy. Synthetic workspaces come from `gen_workspace.py`, generated once into a cache
folder (``TREATY_BENCH_CACHE``, default /tmp/treaty-bench) and not timed; the AI Act
workspace is imported from tests/data/corpus the same way. `make bench` passes ``--full``.
treaty/ is compiled to bytecode first, as an installed package is (``--no-compile`` to
measure without).
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

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT / "tests" / "data" / "corpus"
AI_V10 = CORPUS / "eu_ai_act_v10_2022-12-06-CONSIL_ST_15698_2022_INIT_EN_TXT.txt"
AI_V12 = CORPUS / "eu_ai_act_v12_2024-06-13_final_Regulation_2024_1689.txt"
CACHE = Path(os.environ.get("TREATY_BENCH_CACHE", Path(tempfile.gettempdir()) / "treaty-bench"))
PY = sys.executable
TREATY = [PY, "-m", "treaty.cli"]

WEASYPRINT_ALONE = """
import logging, sys, weasyprint
logging.getLogger("weasyprint").setLevel(logging.ERROR)
html = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[2], "wb").write(weasyprint.HTML(string=html).write_pdf())
"""


@dataclass(frozen=True)
class Measure:
    wall: float
    cpu: float
    peak_mb: float
    ok: bool


def measure(cmd: list[str], timeout: float = 900, ok_codes: tuple[int, ...] = (0,)) -> Measure:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    try:
        err = proc.stderr.read() if proc.stderr else b""
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in ok_codes:
        print(f"  failed ({code}): {' '.join(cmd)}\n  {err.decode(errors='replace')[-500:]}",
              file=sys.stderr)
    return Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code in ok_codes)


def best(cmd: list[str], repeat: int, before=None, ok_codes: tuple[int, ...] = (0,)) -> Measure:
    runs = []
    for _ in range(repeat):
        if before:
            before()
        runs.append(measure(cmd, ok_codes=ok_codes))
    good = [r for r in runs if r.ok] or runs
    return min(good, key=lambda r: r.wall)


# -- inputs (prepared once, not timed) ---------------------------------------------------------


def synthetic(articles: int, proposals: int) -> Path:
    folder = CACHE / f"ws-{articles}-{proposals}"
    if not (folder / ".complete").is_file():
        sys.path.insert(0, str(HERE))
        sys.path.insert(0, str(ROOT))
        from gen_workspace import generate

        shutil.rmtree(folder, ignore_errors=True)
        folder.parent.mkdir(parents=True, exist_ok=True)
        print(f"  generating {folder} ...", file=sys.stderr)
        generate(folder, articles, proposals)
        (folder / ".complete").write_text("ok")
    return folder


def ai_act() -> Path:
    folder = CACHE / "ws-ai-act-v12"
    if not (folder / ".complete").is_file():
        shutil.rmtree(folder, ignore_errors=True)
        folder.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(TREATY + ["import", str(AI_V12), "--into", str(folder)], check=True,
                       capture_output=True, cwd=ROOT)
        (folder / ".complete").write_text("ok")
    return folder


def no_cache(folder: Path):
    return lambda: shutil.rmtree(folder / ".treaty-cache", ignore_errors=True)


# -- the table ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    name: str
    size: str
    run: Measure
    target_s: float
    target_mb: float | None
    ref_name: str
    ref: Measure | None
    max_ratio: float | None = None


def rows(repeat: int, full: bool, only: str | None, out: Path) -> list[Row]:
    result: list[Row] = []

    def want(name: str) -> bool:
        return only is None or only in name

    start = best([PY, "-c", "pass"], repeat)
    if want("help"):
        result.append(Row("treaty --help", "", best(TREATY + ["--help"], repeat), 0.2, None,
                          "python start-up", start))
    if want("amendments"):
        result.append(Row("treaty amendments (demo)", "14 proposals",
                          best(TREATY + ["amendments", str(ROOT)], repeat), 0.2, None,
                          "python start-up", start))
    if want("demo"):
        cmd = TREATY + ["compile", str(ROOT), "-f", "pdf", "-o", str(out / "demo.pdf")]
        result.append(Row("demo PDF", "7 articles", best(cmd, repeat), 0.5, None,
                          "--pdf-engine html", best(cmd + ["--pdf-engine", "html"], 1)))
    if want("ai-act"):
        ws = ai_act()
        html = out / "ai-act.html"
        subprocess.run(TREATY + ["compile", str(ws), "-o", str(html)], check=True, cwd=ROOT,
                       capture_output=True)
        cmd = TREATY + ["compile", str(ws), "-f", "pdf", "-o", str(out / "ai-act.pdf")]
        ref = best([PY, "-c", WEASYPRINT_ALONE, str(html), str(out / "ai-act-weasy.pdf")], 1)
        result.append(Row("AI Act PDF", "113 articles, 90k words", best(cmd, repeat), 2.0, None,
                          "WeasyPrint alone on our HTML", ref, 0.15))
    if want("5000"):
        ws = synthetic(5000, 5000)
        cmd = TREATY + ["compile", str(ws), "-f", "pdf", "-o", str(out / "5000.pdf")]
        ref = best(cmd + ["--pdf-engine", "html"], 1) if full else None
        result.append(Row("5,000-article PDF", "5,000 art. + 5,000 prop.", best(cmd, 1), 30.0, 1024,
                          "--pdf-engine html" if full else "WeasyPrint: --full", ref))
    for articles, proposals, target in ((100, 2000, 0.5), (1000, 20000, 4.0)):
        name = f"compile {articles:,} x {proposals:,}"
        if not want(name) and not want("compile"):
            continue
        ws = synthetic(articles, proposals)
        cmd = TREATY + ["compile", str(ws), "-o", str(out / f"c{articles}.html")]
        cold = best(cmd, 1, before=no_cache(ws))
        warm = best(cmd, repeat)
        result.append(Row(name + " -> HTML", f"{articles} art. + {proposals} prop.", warm, target,
                          None, "no parse cache (first run)", cold))
    if want("diff"):
        cmd = TREATY + ["diff", str(AI_V10), str(AI_V12), "--format", "html", "-o",
                        str(out / "diff.html")]
        ref = (best(["git", "diff", "--no-index", "--word-diff", "--no-color", str(AI_V10),
                     str(AI_V12)], repeat, ok_codes=(0, 1)) if shutil.which("git") else None)
        result.append(Row("diff AI Act v10 -> v12 -> HTML", "54k + 90k words", best(cmd, repeat),
                          0.6, None, "git diff --word-diff", ref))
    return result


def show(table: list[Row]) -> None:
    head = (f"{'work':<31} {'input':<25} {'wall':>7} {'cpu':>7} {'peak MB':>8} {'target':>8}  "
            f"{'reference':<29} {'wall':>7} {'cpu':>7} {'peak MB':>8} {'ratio':>6}")
    print(head)
    print("-" * len(head))
    for r in table:
        verdict = "ok" if r.run.wall <= r.target_s else "SLOW"
        if r.target_mb and r.run.peak_mb > r.target_mb:
            verdict = "BIG"
        if not r.run.ok:
            verdict = "FAILED"
        target = f"<={r.target_s:g}s"
        if r.ref is not None:
            ratio = r.run.wall / r.ref.wall if r.ref.wall else 0
            ref = f"{r.ref.wall:>6.2f}s {r.ref.cpu:>6.2f}s {r.ref.peak_mb:>8.0f} {ratio:>6.2f}"
            if r.max_ratio is not None:
                verdict += f" (ratio <={r.max_ratio:g}: {'ok' if ratio <= r.max_ratio else 'NO'})"
        else:
            ref = f"{'-':>7} {'-':>7} {'-':>8} {'-':>6}"
        print(f"{r.name:<31} {r.size:<25} {r.run.wall:>6.2f}s {r.run.cpu:>6.2f}s "
              f"{r.run.peak_mb:>8.0f} {target:>8}  {r.ref_name:<29} {ref}  {verdict}")
    print("wall: best of the runs; cpu: user+system of that run; peak: the child's max RSS.")


def bytecode() -> None:
    """Compile treaty/ to bytecode first, as installing the package does. An editable
    install leaves none, and with PYTHONDONTWRITEBYTECODE set (as on the team machine)
    Python then compiles every module from source at every start: 0.03-0.05 s of each
    command, which no user of an installed package pays. ``--no-compile`` measures that."""
    import compileall

    compileall.compile_dir(ROOT / "treaty", quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--full", action="store_true",
                        help="also the WeasyPrint reference of the 5,000-article PDF (minutes)")
    parser.add_argument("--only", help="rows whose name contains this (help, demo, ai-act, ...)")
    parser.add_argument("--no-compile", action="store_true",
                        help="leave treaty/ without bytecode (see `bytecode`)")
    args = parser.parse_args(argv)
    if not args.no_compile:
        bytecode()
    with tempfile.TemporaryDirectory(prefix="bench-targets-") as tmp:
        show(rows(args.repeat, args.full, args.only, Path(tmp)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
