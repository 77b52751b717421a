"""Benchmark importing Akoma Ntoso from other producers (reader + invariant check + write).

    .venv/bin/python benchmarks/bench_import_akn.py [--scale 4] [FILE ...]

For each file (default: every file of ``tests/data/akn`` that imports): input size, units,
wall time of ``treaty import`` as a function (read, verify in memory, write, check) and of
the read alone, and peak Python memory (tracemalloc). ``--scale N`` also imports the EUR-Lex
directive with its body repeated N times, to show that time grows linearly with size.
Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import copy
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

from treaty import akn, commands  # noqa: E402
from treaty.model import TreatyError  # noqa: E402
from treaty.readers import read  # noqa: E402

DATA = ROOT / "tests" / "data" / "akn"


def measure(path: Path) -> tuple[str, ...] | None:
    tmp = Path(tempfile.mkdtemp())
    try:
        start = time.perf_counter()
        doc = read(path).document
        read_s = time.perf_counter() - start
        start = time.perf_counter()
        commands.import_text(path, tmp / "ws")
        total = time.perf_counter() - start
        shutil.rmtree(tmp / "ws")
        tracemalloc.start()  # a second run for the memory peak (tracemalloc slows it)
        commands.import_text(path, tmp / "ws")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    except TreatyError as exc:
        tracemalloc.stop()
        return (path.name[:48], f"{path.stat().st_size // 1024} KB", "refused", "", "", "",
                str(exc.problem.what)[:30])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    units = sum(1 for _ in doc.units())
    return (path.name[:48], f"{path.stat().st_size // 1024} KB", str(units),
            str(len(doc.articles())), f"{read_s:.2f} s", f"{total:.2f} s", f"{peak / 1e6:.0f} MB")


def scaled(n: int, folder: Path) -> Path:
    root = akn.parse_file(DATA / "eu-directive-2014-92-payment-accounts.akn.xml")
    body = root.find(f".//{{{akn.NS}}}body")
    chapters = list(body)
    for k in range(1, n):
        for chapter in chapters:
            twin = copy.deepcopy(chapter)
            for el in twin.iter():
                if isinstance(el.tag, str):
                    el.attrib.pop("GUID", None)
                    if el.get("eId"):
                        el.set("eId", f"x{k}_{el.get('eId')}")
            body.append(twin)
    out = folder / f"eu-directive-x{n}.xml"
    out.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--scale", type=int, default=4)
    args = parser.parse_args()
    files = args.files or sorted(DATA.glob("*.xml"))
    header = ("file", "size", "units", "articles", "read", "import", "peak mem")
    rows = [r for r in (measure(f) for f in files) if r]
    if args.scale > 1:
        folder = Path(tempfile.mkdtemp())
        for n in (1, 2, args.scale):
            rows.append(measure(scaled(n, folder)))
        shutil.rmtree(folder, ignore_errors=True)
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
