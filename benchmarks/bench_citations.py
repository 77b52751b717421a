"""How fast do citations follow renumbering, and applying word edits with their spaces?

    python benchmarks/bench_citations.py

Cases:

- ``uncac``: the whole UN Convention against Corruption (71 articles), an article inserted
  after article 16, renumbered; every citation followed (`renumber.renumber_all`);
- ``uncac-x10``: the same text ten times over (710 articles, ~180,000 words), to see the
  cost grow linearly;
- ``hcch-fr-x20``: the Hague Convention of 1958 in French twenty times over (300 articles),
  an article inserted before article 3, its French citations followed;
- ``charter-zh-x40``: the UN Charter chapters I-III in Chinese forty times over (320
  articles, 第N条 in Han numerals), the same;
- ``splice``: one 20,000-word paragraph with 2,000 word edits applied (`spacing.splice`).

Prints a table: case, input size, wall time, peak memory (tracemalloc, Python objects).
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from treaty.amend.anchor import anchor  # noqa: E402
from treaty.amend.apply import apply_sites  # noqa: E402
from treaty.amend.build import article_unit  # noqa: E402
from treaty.amend.spacing import splice  # noqa: E402
from treaty.ids import assign_ids  # noqa: E402
from treaty.languages import int_to_han  # noqa: E402
from treaty.model import Amendment, Change, Document, Unit  # noqa: E402
from treaty.readers import read  # noqa: E402
from treaty.renumber import renumber_all  # noqa: E402

UNCAC = ROOT / "tests" / "data" / "corpus" / "un_uncac_2003_en.txt"
LANGUAGES = ROOT / "tests" / "data" / "languages"


def times(doc: Document, k: int, num=lambda n: f"Article {n}") -> Document:
    """`doc`'s articles k times over, numbered on (citations keep their numbers)."""
    arts = [a for a in doc.articles()]
    out = []
    n = 0
    for _ in range(k):
        for a in arts:
            n += 1
            out.append(_strip(replace(a, num=num(n))))
    return assign_ids(Document(meta=doc.meta, preamble=doc.preamble, body=tuple(out)))


def _strip(unit: Unit) -> Unit:
    return replace(unit, eid="", wid="", children=tuple(_strip(c) for c in unit.children))


def follow(doc: Document, target: str = "art_16", where: str = "after") -> tuple[int, int]:
    a = Amendment("x", ("USA",), (Change("insert-unit", target, where=where,
                                         units=(article_unit("1. New.", "New"),)),))
    new = apply_sites(doc, list(anchor(doc, [a]).sites))
    inserted = {u.wid for u in new.units()} - {u.wid for u in doc.units()}
    result = renumber_all(doc, new, inserted)
    return len(result.changed), len(result.unresolved)


def measure(name: str, size: str, fn) -> None:
    tracemalloc.start()
    t0 = time.perf_counter()
    out = fn()
    wall = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] / 2 ** 20
    tracemalloc.stop()
    print(f"{name:<15} {size:>28} {wall:>9.3f} s {peak:>9.1f} MiB   {out}")


def main() -> None:
    base = read(UNCAC).document
    big = times(base, 10)
    words = " ".join(f"w{i}" for i in range(20000))
    offsets, pos = [], 0
    for w in words.split(" "):
        offsets.append((pos, pos + len(w)))
        pos += len(w) + 1
    edits = [(offsets[i][0], offsets[i][1], "" if i % 3 else "new words") for i in range(0, 20000, 10)]
    print(f"{'case':<15} {'input':>28} {'wall':>11} {'peak':>13}   result")
    measure("uncac", f"{len(base.articles())} articles, {base.word_count()} words",
            lambda: follow(base))
    measure("uncac-x10", f"{len(big.articles())} articles, {big.word_count()} words",
            lambda: follow(big))
    french = times(read(LANGUAGES / "hcch_1958_transfer_of_title_fr.txt").document, 20)
    measure("hcch-fr-x20", f"{len(french.articles())} articles, {french.word_count()} words",
            lambda: follow(french, "art_3", "before"))
    chinese = times(read(LANGUAGES / "charter_zh.txt").document, 40,
                    lambda n: f"第{int_to_han(n)}条")
    measure("charter-zh-x40", f"{len(chinese.articles())} articles, {chinese.word_count()} words",
            lambda: follow(chinese, "art_3", "before"))
    measure("splice", "20,000 words, 2,000 edits", lambda: len(splice(words, edits)))


if __name__ == "__main__":
    main()
