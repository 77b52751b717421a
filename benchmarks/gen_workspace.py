"""Generate a synthetic workspace: N articles in chapters, M attributed proposals with overlaps.

    python benchmarks/gen_workspace.py OUT_DIR --articles 100 --proposals 2000 [--seed 1]

Articles have four paragraphs (the second with three points) of generated treaty-like
prose. Proposals are a realistic mix: word replacements (about a fifth of them on words
another proposal already amends, so they form bracket groups of alternatives), word
insertions and deletions, new paragraphs (``bis``/``ter``), "Alt" versions of paragraphs,
whole-article deletions, a few agreed ad referendum. Everything is written with the
package's own writers (`treaty.workspace.create`, `treaty.amend.format.amendment_to_xml`),
so the files are exactly what the tool itself would write.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from treaty import workspace  # noqa: E402
from treaty.amend.format import amendment_to_xml  # noqa: E402
from treaty.model import Amendment, Change, Document, Metadata, Unit  # noqa: E402

WORDS = (
    "States Parties shall take such measures as may be necessary in accordance with their "
    "domestic law to establish competent authorities cooperation evidence electronic form "
    "offences assistance request requested requesting information technical capacity "
    "confiscation proceeds property jurisdiction extradition procedures safeguards human "
    "rights privacy data providers service traffic content preservation disclosure timely "
    "manner effective proportionate appropriate relevant international regional bilateral "
    "multilateral agreements arrangements training programmes victims witnesses prevention "
    "detection investigation prosecution judicial administrative civil criminal matters"
).split()
CODES = ("ARG", "AUS", "BRA", "CAN", "CHN", "CRI", "EGY", "EU", "GBR", "IND", "IRN", "JPN", "MEX",
         "MYS", "NGA", "NOR", "NZL", "PAK", "RUS", "SGP", "CHE", "SYR", "USA", "ZAF", "TUR")


def sentence(rng: random.Random, tag: str, n: int = 24) -> str:
    """Generated prose with a unique tag word so that amended words can be made unique."""
    words = [rng.choice(WORDS) for _ in range(n)]
    words.insert(rng.randrange(4, n), tag)
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def make_document(n_articles: int, rng: random.Random) -> Document:
    chapters: list[Unit] = []
    per_chapter = 10
    for c in range(0, n_articles, per_chapter):
        articles = []
        for a in range(c + 1, min(c + per_chapter, n_articles) + 1):
            aid = f"art_{a}"
            paras = []
            for p in range(1, 5):
                pid = f"{aid}__para_{p}"
                text = " ".join(sentence(rng, f"t{a}x{p}y{k}") for k in range(3))
                points = ()
                if p == 2:
                    points = tuple(
                        Unit("point", f"{pid}__point_{x}", f"{pid}__point_{x}", f"({x})",
                             text=(sentence(rng, f"t{a}x{p}{x}"),)) for x in "abc")
                    text = sentence(rng, f"t{a}x{p}i")[:-1] + ":"
                paras.append(Unit("paragraph", pid, pid, f"{p}.", text=(text,), children=points))
            articles.append(Unit("article", aid, aid, f"Article {a}", f"Heading of article {a}",
                                 children=tuple(paras)))
        k = c // per_chapter + 1
        chapters.append(Unit("chapter", f"chp_{k}", f"chp_{k}", f"Chapter {k}", f"Chapter {k} matters",
                             children=tuple(articles)))
    meta = Metadata(title="Synthetic negotiating text (benchmark)", short_name="synthetic",
                    symbol="A/AC.999/1", date="2024-01-15", body="Synthetic Committee",
                    session="First session", label="bench")
    return Document(meta=meta, body=tuple(chapters))


def phrase(rng: random.Random, text: str) -> str:
    """A run of 2-5 whole words of `text` that occurs exactly once in it (or "")."""
    words = text.split(" ")
    for _ in range(20):
        n = rng.randint(2, 5)
        start = rng.randrange(0, max(1, len(words) - n))
        old = " ".join(words[start:start + n])
        if old and text.count(old) == 1:
            return old
    return ""


def make_amendments(doc: Document, n: int, rng: random.Random) -> list[Amendment]:
    leaves = [u for u in doc.units() if u.kind in ("paragraph", "point") and u.text]
    paragraphs = [u for u in doc.units() if u.kind == "paragraph"]
    articles = [u for u in doc.units() if u.kind == "article"]
    taken: dict[str, list[str]] = {}  # wid -> words already amended (to make overlaps)
    deleted: set[str] = set()
    out: list[Amendment] = []
    for i in range(n):
        proposers = tuple(rng.sample(CODES, rng.choice((1, 1, 1, 2, 3))))
        supporters = tuple(c for c in rng.sample(CODES, rng.choice((0, 0, 1, 2))) if c not in proposers)
        status = "agreed-ad-ref" if rng.random() < 0.02 else "proposed"
        roll = rng.random()
        change: Change | None = None
        if roll < 0.60:
            unit = rng.choice(leaves)
            text = unit.text[0]
            if taken.get(unit.wid) and rng.random() < 0.35:
                old = rng.choice(taken[unit.wid])  # the same words: a bracket group
            else:
                old = phrase(rng, text)
            if old:
                taken.setdefault(unit.wid, []).append(old)
                change = Change("replace", unit.wid, old=old,
                                new=f"{old} {rng.choice(WORDS)} p{i}")
        elif roll < 0.75:
            unit = rng.choice(leaves)
            anchor_words = phrase(rng, unit.text[0])
            if anchor_words:
                change = Change("insert", unit.wid, old=anchor_words, new=f" and {rng.choice(WORDS)} q{i}",
                                where="after")
        elif roll < 0.85:
            unit = rng.choice(leaves)
            old = phrase(rng, unit.text[0])
            if old:
                change = Change("delete", unit.wid, old=old)
        elif roll < 0.93:
            after = rng.choice(paragraphs)
            new = Unit("paragraph", num="", text=(sentence(rng, f"n{i}"),))
            change = Change("insert-unit", after.wid, where="after", units=(new,))
        elif roll < 0.98:
            para = rng.choice(paragraphs)
            alt = Unit("paragraph", num=para.num, text=(sentence(rng, f"alt{i}"),))
            change = Change("replace-unit", para.wid, units=(alt,))
        else:
            art = rng.choice(articles)
            if art.wid not in deleted:
                deleted.add(art.wid)
                change = Change("delete-unit", art.wid)
        if change is None:
            unit = rng.choice(leaves)
            change = Change("insert", unit.wid, new=f" (r{i})", where="end")
        out.append(Amendment(id=f"bench-{i:05d}", proposers=proposers, changes=(change,),
                             supporters=supporters, session="S-1", date="2024-02-01",
                             status=status, base="bench"))
    return out


def generate(root: Path, n_articles: int, n_proposals: int, seed: int = 1) -> Path:
    """Write the workspace into `root` (which must not hold one yet); return `root`."""
    rng = random.Random(seed)
    doc = make_document(n_articles, rng)
    ws = workspace.create(root, doc)
    for a in make_amendments(doc, n_proposals, rng):
        (ws.amendments_dir / f"{a.id}.xml").write_bytes(amendment_to_xml(a))
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--proposals", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    generate(args.out, args.articles, args.proposals, args.seed)
    print(f"{args.out}: {args.articles} articles, {args.proposals} proposals "
          f"({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
