"""How fast is the pipeline from files to a rendered compiled draft?

    python benchmarks/bench_compile.py            # all cases
    python benchmarks/bench_compile.py --case small --profile   # + cProfile top 25

Cases (targets from the brief):

- ``small``: 100 articles + 2,000 proposals -> bracketed HTML   (target < 0.5 s)
- ``large``: 1,000 articles + 20,000 proposals -> bracketed HTML (target < 4 s, linear)
- ``demo-pdf``: the demo workspace -> PDF (Typst)                (target < 0.5 s)

In-process stages, to see where the time goes; `bench_targets.py` measures the same work
end to end (start-up included), which is what the targets are about.

Each case runs in its own process (so peak memory is that case's): it loads the workspace,
reads and validates the amendment files, compiles the bracketed draft and renders it; the
table shows each stage and the total (wall time), and the process's peak RSS. Synthetic
workspaces are generated once by `gen_workspace.py` into a cache folder (not timed).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

CASES = {
    "small": {"articles": 100, "proposals": 2000, "fmt": "html", "target": 0.5},
    "large": {"articles": 1000, "proposals": 20000, "fmt": "html", "target": 4.0},
    "demo-pdf": {"articles": None, "proposals": None, "fmt": "pdf", "target": 0.5},
    # Word has no target of its own; it is the slowest writer (python-docx builds every run)
    "small-docx": {"articles": 100, "proposals": 2000, "fmt": "docx", "target": None},
    "large-docx": {"articles": 1000, "proposals": 20000, "fmt": "docx", "target": None},
}
CACHE = Path(os.environ.get("TREATY_BENCH_CACHE", Path(tempfile.gettempdir()) / "treaty-bench"))


def workspace_for(case: str) -> Path:
    spec = CASES[case]
    if spec["articles"] is None:
        return ROOT
    folder = CACHE / f"ws-{spec['articles']}-{spec['proposals']}"
    if not (folder / "treaty.xml").is_file() or not (folder / ".complete").is_file():
        import shutil

        from gen_workspace import generate

        shutil.rmtree(folder, ignore_errors=True)
        folder.parent.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        generate(folder, spec["articles"], spec["proposals"])
        (folder / ".complete").write_text("ok")
        print(f"  (generated {folder} in {time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    return folder


def run_case(case: str, profile: bool = False) -> dict:
    """Runs in the child process: time each stage, report peak RSS."""
    import resource

    from treaty import workspace
    from treaty.amend import load_amendments
    from treaty.compile import compile_bracketed
    from treaty.delegations import registry
    from treaty.render import RenderOptions, render

    folder = workspace_for(case)
    fmt = CASES[case]["fmt"]
    registry()  # the built-in registry (pycountry) is loaded once per process; not timed
    if fmt == "pdf":
        import typst  # noqa: F401  (import time is not the document's)
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    t0 = time.perf_counter()
    ws = workspace.load(folder)
    t1 = time.perf_counter()
    amendments, problems = load_amendments(folder / "amendments", registry(folder))
    t2 = time.perf_counter()
    compiled = compile_bracketed(ws.document, amendments)
    t3 = time.perf_counter()
    data = render(compiled, fmt, RenderOptions(registry=registry(folder)))
    t4 = time.perf_counter()
    if profiler is not None:
        import io
        import pstats

        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
        print(out.getvalue(), file=sys.stderr)
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
        print(out.getvalue(), file=sys.stderr)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB -> MB on Linux
    return {
        "case": case, "articles": len(ws.document.articles()), "proposals": len(amendments),
        "problems": len(problems), "shown": len(compiled.shown_amendments()),
        "unlocated": len(compiled.unlocated), "bytes": len(data),
        "load": t1 - t0, "amendments": t2 - t1, "compile": t3 - t2, "render": t4 - t3,
        "total": t4 - t0, "peak_mb": peak, "target": CASES[case]["target"], "fmt": fmt,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=list(CASES), action="append")
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary per case")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_case(args.child, args.profile)))
        return 0
    rows = []
    for case in args.case or list(CASES):
        workspace_for(case)  # generate outside the timed child
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child", case]
        if args.profile:
            cmd.append("--profile")
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=HERE)
        if done.returncode:
            print(done.stderr, file=sys.stderr)
            return done.returncode
        if args.profile:
            print(done.stderr, file=sys.stderr)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    head = (f"{'case':<10} {'articles':>8} {'proposals':>9} {'shown':>6} {'unloc':>6} {'fmt':>4} "
            f"{'load':>6} {'amends':>7} {'compile':>8} {'render':>7} {'wall':>7} {'target':>7} "
            f"{'peak MB':>8}")
    print(head)
    print("-" * len(head))
    for r in rows:
        target = r["target"]
        ok = "" if target is None else "ok" if r["total"] < target else "SLOW"
        shown = "-" if target is None else "<" + format(target, "g") + "s"
        print(f"{r['case']:<10} {r['articles']:>8} {r['proposals']:>9} {r['shown']:>6} "
              f"{r['unlocated']:>6} {r['fmt']:>4} {r['load']:>6.2f} {r['amendments']:>7.2f} "
              f"{r['compile']:>8.2f} {r['render']:>7.2f} {r['total']:>6.2f}s "
              f"{shown:>6} {r['peak_mb']:>8.0f}  {ok}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
