"""Cost of the hardening on reading: parse + DOCTYPE/entity/depth checks of a large AKN
file, and safe reads (stat, non-blocking open, fstat) against plain reads.

Prints a table: what, input size, wall time (best of 5), peak memory.
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

from treaty import akn, fileio  # noqa: E402
from treaty.readers import read  # noqa: E402


def best(fn, n: int = 5) -> tuple[float, int]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return min(times), peak


def main() -> None:
    source = ROOT / "tests" / "data" / "corpus" / "eu_ai_act_v12_2024-06-13_final_Regulation_2024_1689.txt"
    doc = read(source).document
    data = akn.serialize(akn.document_to_xml(doc))
    rows = []
    raw = lambda: etree.fromstring(data, akn._parser())  # noqa: E731
    rows.append(("lxml parse only", len(data), *best(raw)))
    rows.append(("parse_bytes (with checks)", len(data), *best(lambda: akn.parse_bytes(data, "x"))))
    root = raw()
    rows.append(("  of which nesting_depth", len(data), *best(lambda: akn.nesting_depth(root))))
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for n in range(500):
            path = Path(tmp) / f"a{n}.xml"
            path.write_bytes(b"<a/>" * 200)
            files.append(path)
        rows.append(("500 x Path.read_bytes", 800 * 500, *best(lambda: [p.read_bytes() for p in files])))
        rows.append(("500 x fileio.read_bytes(inside)", 800 * 500,
                     *best(lambda: [fileio.read_bytes(p, inside=Path(tmp)) for p in files])))
    print(f"{'what':34} {'bytes':>10} {'wall ms':>9} {'peak KB':>9}")
    for what, size, wall, peak in rows:
        print(f"{what:34} {size:>10} {wall * 1000:>9.1f} {peak // 1024:>9}")


if __name__ == "__main__":
    main()
