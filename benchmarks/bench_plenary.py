"""A plenary on `treaty serve --workers N --write`: 700 readers (193 delegations plus
observers) with the draft open, and a proposal tabled through the write API.

Starts `treaty serve --workers N --write` (a subprocess, free loopback port) in a tmp copy
of the demo kept in a git repository, opens READERS live pages (server-sent event streams,
as browsers would), lets READERS readers (threads, keep-alive connections) fetch the draft
REQUESTS times each, then tables a proposal with a bearer token and measures how long until
every open page is told and until their simultaneous re-fetches are done. Prints a table
(reported, never asserted): median / p95 latency, errors, the server's peak RSS (all
processes), and the propagation times.

    .venv/bin/python benchmarks/bench_plenary.py [--readers 700] [--workers 4] [--requests 3]

Client and server share this machine (loopback), so the numbers are pessimistic for the
server. Nothing is written outside the tmp copy.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_serve import ROOT, OpenPages, demo_copy, get, pct  # noqa: E402
from bench_serve import load as serve_load  # noqa: E402

SECONDS = 120.0


def load(base: str, path: str, readers: int, requests: int) -> tuple[list[float], int]:
    """`bench_serve.load` as a browser reads the page (gzip), for up to SECONDS."""
    return serve_load(base, path, readers, requests, seconds=SECONDS, gzip=True, timeout=60)


def tree_rss_mb(pid: int) -> float:
    """Peak RSS of the server and its worker processes."""
    total = 0.0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


def table_proposal(base: str, token: str) -> int:
    body = json.dumps({"target": "57.1", "insert": " XYZZY-PLENARY", "after": "criminal matters"})
    req = urllib.request.Request(base + "/api/proposals", data=body.encode(), method="POST",
                                 headers={"Authorization": f"Bearer {token}",
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        return resp.status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=700)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--requests", type=int, default=3, help="draft fetches per reader")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, max(soft, 4 * args.readers + 256))
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))  # the server inherits it
    threading.stack_size(512 * 1024)
    with tempfile.TemporaryDirectory(prefix="bench-plenary-") as tmp:
        ws = demo_copy(Path(tmp) / "demo")
        env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
               "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid"}
        for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "CND"]):
            subprocess.run(cmd, cwd=ws, check=True, env=env)
        sys.path.insert(0, str(ROOT))
        from treaty import access

        token = access.add(ws, "NOR")[1]
        proc = subprocess.Popen([sys.executable, "-m", "treaty", "serve", str(ws), "--port", "0",
                                 "--write", "--workers", str(args.workers)], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        try:
            line = proc.stdout.readline() if proc.stdout else ""
            if "http://" not in line:
                print(line + (proc.stdout.read() if proc.stdout else ""), file=sys.stderr)
                return 1
            base = line.split(" at ", 1)[1].split()[0].rstrip("/")
            deadline = time.monotonic() + 60
            while True:
                try:
                    if get(base, "/")[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    print("the server did not answer within 60 s", file=sys.stderr)
                    return 1
                time.sleep(0.2)
            for _ in range(args.workers * 2):  # let every worker make its page once
                get(base, "/")
            run(base, proc.pid, token, args)
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0


def run(base: str, pid: int, token: str, args) -> None:
    n = args.readers
    start = time.perf_counter()
    with OpenPages(base, n) as pages:
        opened = time.perf_counter() - start
        times, errors = load(base, "/", n, args.requests)
        tabled = time.perf_counter()
        status = table_proposal(base, token)
        answered = time.perf_counter()
        deadline = time.monotonic() + 30
        while len(pages.told) < n and time.monotonic() < deadline:
            time.sleep(0.01)
        told = [(t - tabled) * 1000 for t in pages.told]
        refetch, refetch_errors = load(base, "/?partial=1", n, 1)
        refetched = time.perf_counter()
        rss = tree_rss_mb(pid)
    print(f"treaty serve --workers {args.workers} --write, demo workspace, {n} readers with the "
          f"page open ({os.cpu_count()}-core machine shared by client and server, loopback)\n")
    head = f"{'what':<44} {'n':>6} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'errors':>6}"
    print(head)
    print("-" * len(head))
    print(f"{'GET / (the draft), concurrent':<44} {len(times):>6} {statistics.median(times):>10.1f} "
          f"{pct(times, 0.95):>8.1f} {max(times):>8.1f} {errors:>6}")
    print(f"{'open pages connected (/events)':<44} {n:>6} {'':>10} {'':>8} {opened * 1000:>8.0f} {0:>6}")
    print(f"{'POST /api/proposals (201 = ' + str(status) + ')':<44} {1:>6} "
          f"{(answered - tabled) * 1000:>10.1f} {'':>8} {'':>8} {0:>6}")
    if told:
        print(f"{'proposal tabled -> open page told':<44} {len(told):>6} {statistics.median(told):>10.1f} "
              f"{pct(told, 0.95):>8.1f} {max(told):>8.1f} {n - len(told):>6}")
    print(f"{'open pages re-fetch the draft (all at once)':<44} {len(refetch):>6} "
          f"{statistics.median(refetch):>10.1f} {pct(refetch, 0.95):>8.1f} {max(refetch):>8.1f} "
          f"{refetch_errors:>6}")
    print(f"\nproposal tabled -> last open page has the new text: {(refetched - tabled) * 1000:.0f} ms; "
          f"server peak RSS (all processes): {rss:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
