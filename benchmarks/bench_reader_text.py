"""Benchmark the plain-text / markdown reader on every file of ``tests/data/corpus``.

    .venv/bin/python benchmarks/bench_reader_text.py [--repeat 5] [--scale 4]

For each file: words, best reading time over `--repeat` runs, words per second, and the
counts of articles / paragraphs / points / warnings. ``--scale N`` also reads the largest
treaty (a file with articles) repeated N times, to show that reading time grows linearly.
Then the UDHR in the six UN languages (``tests/data/languages``): reading, importing it as a
language version of the English workspace, compiling that version to HTML, and peak memory.
Timings are printed, never asserted (the machine may be busy).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from treaty.readers.text import read_text  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "corpus"
LANGUAGES = ROOT / "tests" / "data" / "languages"


def best(text: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        read_text(text)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--scale", type=int, default=4)
    args = parser.parse_args()
    files = sorted(args.corpus.glob("*.txt"))
    print(f"{'file':48} {'words':>7} {'ms':>7} {'kwords/s':>9} {'art':>4} {'para':>5} {'pts':>5} {'warn':>4}")
    for path in files:
        text = path.read_text(encoding="utf-8")
        seconds = best(text, args.repeat)
        result = read_text(text, where=path.name)
        kinds = Counter(u.kind for u in result.document.units())
        words = len(text.split())
        print(f"{path.name[:48]:48} {words:7} {seconds * 1000:7.1f} {words / seconds / 1000:9.0f} "
              f"{kinds['article']:4} {kinds['paragraph']:5} {kinds['point']:5} {len(result.warnings):4}")
    treaties = [p for p in files if read_text(p.read_text(encoding="utf-8")).document.articles()]
    if treaties and args.scale > 1:
        largest = max(treaties, key=lambda p: p.stat().st_size)
        text = largest.read_text(encoding="utf-8")
        once, scaled = best(text, args.repeat), best("\n\n".join([text] * args.scale), 2)
        print(f"\n{largest.name}: x1 {once * 1000:.0f} ms, x{args.scale} {scaled * 1000:.0f} ms "
              f"(ratio {scaled / once:.1f}; linear = {args.scale})")
    languages(args.repeat)


def languages(repeat: int) -> None:
    """The same declaration in six languages: each must cost about what English costs."""
    import tempfile
    import tracemalloc

    from treaty import commands
    from treaty.languages import word_count

    print(f"\n{'UDHR in':8} {'chars':>6} {'words':>6} {'read ms':>8} {'import ms':>10} "
          f"{'compile ms':>11} {'peak MB':>8} {'art':>4}")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        commands.compile_document(LANGUAGES.parent.parent.parent, fmt="txt")  # warm up imports
        for code in ("en", "fr", "es", "ru", "ar", "zh"):
            path = LANGUAGES / f"udhr_{code}.txt"
            text = path.read_text(encoding="utf-8")
            seconds = best(text, repeat)
            tracemalloc.start()
            read_text(text)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            start = time.perf_counter()
            commands.import_text(path, root, language=code)  # en: the new workspace
            imported = time.perf_counter() - start
            start = time.perf_counter()
            commands.compile_document(root, language=code)
            compiled = time.perf_counter() - start
            articles = len(read_text(text).document.articles())
            print(f"{code:8} {len(text):6} {word_count(text):6} {seconds * 1000:8.1f} "
                  f"{imported * 1000:10.0f} {compiled * 1000:11.0f} {peak / 1e6:8.1f} {articles:4}")


if __name__ == "__main__":
    main()
