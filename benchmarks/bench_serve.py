"""Load on `treaty serve`: 50 concurrent readers on the demo workspace.

Starts `treaty serve` (a subprocess, on a free loopback port) in a tmp copy of the demo
with one stored version, opens 50 live pages (server-sent event streams, as 50 browsers
would), then for each page lets 50 readers (threads with keep-alive connections) request
it in a loop (REQUESTS each, at most SECONDS per page: the loop stops by itself). Prints a
table: page, requests, median and 95th-percentile latency, the first (uncached) request,
and the server's peak RSS. Finally it saves a file and measures how long the 50 open pages
take to be told, and how long their 50 simultaneous re-fetches take (one re-render).

The client is http.client in threads: httpx.AsyncClient with 50 connections costs more CPU
than the server here (its pool made medians ~10x slower on this 2-core machine).

    .venv/bin/python benchmarks/bench_serve.py [--readers 50] [--requests 20]

Loopback only; nothing is written outside the tmp copy.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["/", "/?by=SGP", "/?attribution=codes", "/?mode=clean", "/?partial=1", "/positions",
         "/versions", "/diff", "/api/amendments", "/api/diff"]
SECONDS = 30.0


def demo_copy(dest: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from treaty import commands
    from treaty.commands.consolidate import consolidate

    dest.mkdir(parents=True)
    for name in ("treaty.xml", "articles", "amendments", "render", "delegations.xml"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.is_file():
            shutil.copy(src, dest / name)
    commands.set_status(dest, "ahc5-sgp-vasp", "adopted", today="2023-04-21")
    consolidate(dest, "rev-1", date="2023-05-01")
    return dest


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def load(base: str, path: str, readers: int, requests: int, seconds: float = SECONDS,
         gzip: bool = False, timeout: float = 30) -> tuple[list[float], int]:
    """`readers` threads, each a keep-alive connection doing `requests` GETs (stopping
    after `seconds`), with `gzip` as a browser does (``Accept-Encoding: gzip``, the body
    inflated). Plain http.client: the client must cost less than the server."""
    u = urlparse(base)
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    start_all = threading.Barrier(readers)
    headers = {"Accept-Encoding": "gzip"} if gzip else {}

    def reader() -> None:
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
        mine: list[float] = []
        bad = 0
        start_all.wait()
        try:
            for _ in range(requests):
                if time.monotonic() > deadline:
                    break
                start = time.perf_counter()
                conn.request("GET", path, headers=headers)
                resp = conn.getresponse()
                body = resp.read()
                if resp.getheader("Content-Encoding") == "gzip":
                    body = zlib.decompress(body, 31)
                mine.append((time.perf_counter() - start) * 1000)
                bad += resp.status != 200 or not body
        except OSError:
            bad += 1
        finally:
            conn.close()
        with lock:
            times.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=reader) for _ in range(readers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times, errors[0]


class OpenPages:
    """`n` live pages: each holds /events open and notes when it is told of a change."""

    def __init__(self, base: str, n: int):
        self.u = urlparse(base)
        self.n = n
        self.hello = threading.Semaphore(0)
        self.told: list[float] = []
        self.conns: list[http.client.HTTPConnection] = []
        self.threads = [threading.Thread(target=self._page, daemon=True) for _ in range(n)]

    def _page(self) -> None:
        conn = http.client.HTTPConnection(self.u.hostname, self.u.port, timeout=60)
        self.conns.append(conn)
        try:
            conn.request("GET", "/events")
            resp = conn.getresponse()
            while True:
                line = resp.readline()
                if not line:
                    return
                if line.strip() == b"event: hello":
                    self.hello.release()
                elif line.strip() == b"event: change":
                    self.told.append(time.perf_counter())
                    return
        except OSError:
            return

    def __enter__(self) -> OpenPages:
        for t in self.threads:
            t.start()
        for _ in range(self.n):
            if not self.hello.acquire(timeout=30):
                raise RuntimeError("the live pages did not connect")
        return self

    def __exit__(self, *exc) -> None:
        for conn in self.conns:
            conn.close()


def get(base: str, path: str) -> tuple[int, float]:
    u = urlparse(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    start = time.perf_counter()
    conn.request("GET", path)
    resp = conn.getresponse()
    resp.read()
    conn.close()
    return resp.status, (time.perf_counter() - start) * 1000


def bench(base: str, pid: int, ws: Path, readers: int, requests: int) -> None:
    rows = []
    with OpenPages(base, readers) as pages:
        for path in PAGES:
            status, cold = get(base, path)
            if status != 200:
                print(f"warning: {path} answered {status}", file=sys.stderr)
            times, errors = load(base, path, readers, requests)
            rows.append((path, len(times), statistics.median(times), pct(times, 0.95), cold,
                         errors, peak_rss_mb(pid)))
        # A delegate saves a file: how long until every open page is told?
        saved = time.perf_counter()
        (ws / "amendments" / "ahc5-che-058-ne-bis-in-idem.xml").touch()
        deadline = time.monotonic() + 10
        while len(pages.told) < readers and time.monotonic() < deadline:
            time.sleep(0.01)
        told = list(pages.told)
        refetch, _errors = load(base, "/?partial=1", readers, 1)
        rerender = time.perf_counter()

    print(f"treaty serve, demo workspace: {readers} concurrent readers and {readers} open live "
          f"pages (one {os.cpu_count()}-core machine for client and server)\n")
    head = f"{'page':<22} {'requests':>8} {'median ms':>10} {'p95 ms':>8} {'first ms':>9} " \
           f"{'errors':>6} {'peak RSS MB':>12}"
    print(head)
    print("-" * len(head))
    for path, n, med, p95, cold, errors, rss in rows:
        print(f"{path:<22} {n:>8} {med:>10.1f} {p95:>8.1f} {cold:>9.1f} {errors:>6} {rss:>12.1f}")
    if told:
        lat = [(t - saved) * 1000 for t in told]
        print(f"\nfile saved -> {len(told)}/{readers} open pages told: median "
              f"{statistics.median(lat):.0f} ms, last {max(lat):.0f} ms; "
              f"last of their {len(refetch)} re-fetches done {(rerender - saved) * 1000:.0f} ms "
              f"after the save (re-fetch median {statistics.median(refetch):.0f} ms)")
    else:
        print("\nfile saved -> no open page was told within 10 s (FAIL)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20, help="per reader and page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        ws = demo_copy(Path(tmp) / "demo")
        proc = subprocess.Popen([sys.executable, "-m", "treaty.cli", "serve", str(ws), "--port", "0"],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            line = proc.stdout.readline() if proc.stdout else ""
            if "http://" not in line:
                print(line + (proc.stdout.read() if proc.stdout else ""), file=sys.stderr)
                return 1
            base = line.split(" at ", 1)[1].split()[0].rstrip("/")
            bench(base, proc.pid, ws, args.readers, args.requests)
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
