"""How fast are `treaty positions` and `treaty report` on a large session?

    python benchmarks/bench_positions.py                 # 10,000 proposals (and 1,000)
    python benchmarks/bench_positions.py --proposals 20000 --profile

Synthetic, generated in memory (not timed): a text of 100 articles x 8 paragraphs, the
UN member States plus the EU, in four blocs that tend to vote together, and N proposals
(word replacements, some of them overlapping, new paragraphs, whole-article deletions,
article-wide substitutions), each with 1-4 proposers, 0-6 supporters, 0-5 opponents.

Each case is timed once without tracing (wall time), then run again under `tracemalloc`
for its peak Python memory. ``positions`` includes anchoring (to find the competing
proposals); the render cases start from the computed positions. Target: a few seconds for
10,000 proposals.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from treaty.delegations import registry  # noqa: E402
from treaty.model import Amendment, Change, Document, Metadata, Unit  # noqa: E402
from treaty.positions import positions, to_json  # noqa: E402
from treaty.render.positions_html import render_positions_html, render_report_html  # noqa: E402
from treaty.render.positions_text import render_positions_md, render_report_md  # noqa: E402
from treaty.report import session_report, unit_places  # noqa: E402

FILLER = ("the State Party shall take such measures as may be necessary in accordance with its "
          "domestic law to ensure that offences established under this Convention are subject "
          "to effective proportionate and dissuasive sanctions").split()
NOTES = ["limit the scope of the paragraph to serious offences",
         "new paragraph on safeguards for human rights",
         "replace the reference to domestic law",
         "extend the article to other criminal offences",
         ""]


def make_document(articles: int = 100, paragraphs: int = 8) -> Document:
    body = []
    for a in range(1, articles + 1):
        paras = []
        for p in range(1, paragraphs + 1):
            words = [f"{w}{a}x{p}x{k}" if k % 5 == 0 else w for k, w in enumerate(FILLER)]
            wid = f"art_{a}__para_{p}"
            paras.append(Unit("paragraph", wid, wid, f"{p}.", text=(" ".join(words),)))
        body.append(Unit("article", f"art_{a}", f"art_{a}", f"Article {a}", f"Heading {a}",
                         children=tuple(paras)))
    return Document(meta=Metadata(title="Synthetic convention", symbol="A/AC.0/1", label="bench"),
                    body=tuple(body))


def make_amendments(doc: Document, n: int, seed: int = 5) -> list[Amendment]:
    rng = random.Random(seed)
    reg = registry()
    states = sorted(c for c, d in reg.by_code.items() if d.kind == "state" and len(c) == 3)[:193]
    codes = states + ["EU"]
    blocs = [codes[i::4] for i in range(4)]
    paras = [u for u in doc.units() if u.kind == "paragraph"]
    out = []
    for i in range(n):
        bloc = rng.randrange(4)
        friends, others = blocs[bloc], [c for b in range(4) if b != bloc for c in blocs[b]]
        proposers = tuple(rng.sample(friends, rng.randint(1, 4)))
        supporters = tuple(c for c in rng.sample(friends, rng.randint(0, 6)) if c not in proposers)
        opponents = tuple(rng.sample(others, rng.choice((0, 0, 1, 2, 3, 5))))
        unit = rng.choice(paras)
        words = unit.text[0].split()
        roll = rng.random()
        if roll < 0.80:
            k = rng.randrange(len(words) - 4)
            old = " ".join(words[k:k + rng.randint(1, 4)])
            change = Change("replace", unit.wid, old, old + " and related matters")
        elif roll < 0.92:
            change = Change("insert-unit", unit.wid, where="after", units=(
                Unit("paragraph", text=("New paragraph text proposed by a delegation.",)),))
        elif roll < 0.97:
            change = Change("substitute", unit.wid.split("__")[0], "domestic law",
                            "domestic legal framework")
        else:
            change = Change("delete-unit", unit.wid.split("__")[0])
        status = rng.choices(("proposed", "agreed-ad-ref", "withdrawn"), (90, 8, 2))[0]
        out.append(Amendment(id=f"ahc5-{i:05d}", proposers=proposers, supporters=supporters,
                             opponents=opponents, changes=(change,), session="AHC-5",
                             status=status, note=rng.choice(NOTES)))
    return out


def measure(fn: Callable[[], object]) -> tuple[float, float, object]:
    t0 = time.perf_counter()
    result = fn()
    wall = time.perf_counter() - t0
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return wall, peak / 2**20, result


def run(n: int, profile: bool = False) -> list[tuple[str, int, float, float]]:
    doc = make_document()
    amendments = make_amendments(doc, n)
    reg = registry()
    places = unit_places(doc)
    rows = []

    def compute():
        return positions(amendments, doc, reg, session="AHC-5")

    wall, peak, pos = measure(compute)
    rows.append(("positions (compute, with anchoring)", n, wall, peak))
    wall, peak, _ = measure(lambda: positions(amendments, doc, reg, session="AHC-5",
                                              expand_groups=True))
    rows.append(("positions --expand-groups", n, wall, peak))
    for label, fn in (("render positions html", lambda: render_positions_html(pos)),
                      ("render positions md", lambda: render_positions_md(pos)),
                      ("render positions json", lambda: to_json(pos))):
        wall, peak, _ = measure(fn)
        rows.append((label, n, wall, peak))
    wall, peak, report = measure(lambda: session_report(pos, places))
    rows.append(("report (sentences)", n, wall, peak))
    for label, fn in (("render report html", lambda: render_report_html(report)),
                      ("render report md", lambda: render_report_md(report))):
        wall, peak, _ = measure(fn)
        rows.append((label, n, wall, peak))

    def end_to_end():
        p = positions(amendments, doc, reg, session="AHC-5")
        render_positions_html(p)
        render_report_html(session_report(p, places))

    wall, peak, _ = measure(end_to_end)
    rows.append(("total: positions html + report html", n, wall, peak))
    if profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.runcall(end_to_end)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--proposals", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    rows = []
    for n in args.proposals:
        rows += run(n, args.profile)
    width = max(len(r[0]) for r in rows)
    print(f"{'case':<{width}}  {'proposals':>9}  {'wall time':>9}  {'peak memory':>11}")
    print(f"{'-' * width}  {'-' * 9}  {'-' * 9}  {'-' * 11}")
    for case, n, wall, peak in rows:
        print(f"{case:<{width}}  {n:>9,}  {wall:>8.2f}s  {peak:>8.1f} MiB")


if __name__ == "__main__":
    main()
