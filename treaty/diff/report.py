"""The result of comparing two texts, and what is derived from it (summary, concordance).

Pure data and pure functions: the renderers (HTML, text, Markdown, JSON) read a
`DiffResult` and never compute anything about the texts themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .words import WordDiff

STATUSES = ("unchanged", "changed", "added", "deleted", "split", "merged")
GROUP_TITLES = {"preamble": "Preamble", "recital": "Recitals", "article": "Articles",
                "division": "Headings (parts, chapters, sections)", "other": "Other units"}
GROUP_ORDER = ("preamble", "recital", "article", "division", "other")
COUNT_FIELDS = ("added", "deleted", "split", "merged", "renumbered", "moved", "changed",
                "unchanged")


@dataclass(frozen=True)
class Side:
    """One version of an aligned unit."""

    label: str
    """``Article 58 bis``, ``Recital 3``, ``Preamble``."""
    index: int
    """Position within its group in that document (0-based)."""
    num: str | None = None
    heading: str | None = None
    wid: str = ""
    eid: str = ""


@dataclass(frozen=True)
class Entry:
    """One line of the comparison: a unit of the old text, of the new text, or both."""

    group: str
    """``preamble``, ``recital``, ``article``, ``division`` or ``other``."""
    kind: str
    status: str
    """``unchanged`` / ``changed`` (paired), ``added`` / ``split`` (new only),
    ``deleted`` / ``merged`` (old only)."""
    old: Side | None
    new: Side | None
    diff: WordDiff
    """Word diff of the pair; all-inserted for new-only units, all-deleted for old-only."""
    aligned_by: str = ""
    """``wid``, ``number``, ``heading``, ``similarity``, ``moved``, ``contained`` or empty."""
    similarity: float = 0.0
    renumbered: bool = False
    moved: bool = False
    related: str | None = None
    """For ``split``: the old unit it was split from; for ``merged``: the new unit it went
    into (labels)."""

    @property
    def label(self) -> str:
        """``Article 58 -> Article 61``, or the one label when it did not change."""
        if self.old and self.new and self.old.label != self.new.label:
            return f"{self.old.label} \u2192 {self.new.label}"
        return (self.new or self.old).label  # type: ignore[union-attr]

    @property
    def anchor(self) -> str:
        """A stable HTML id for the entry."""
        side = self.new or self.old
        prefix = "new" if self.new else "old"
        return f"{self.group}-{prefix}-{side.index + 1}"  # type: ignore[union-attr]

    @property
    def notes(self) -> tuple[str, ...]:
        """Short flags a reader sees next to the label."""
        out: list[str] = []
        if self.renumbered:
            out.append("renumbered")
        if self.moved:
            out.append("moved")
        if self.status == "split" and self.related:
            out.append(f"split from {self.related}")
        if self.status == "merged" and self.related:
            out.append(f"merged into {self.related}")
        return tuple(out)


@dataclass(frozen=True)
class Counts:
    added: int = 0
    deleted: int = 0
    split: int = 0
    merged: int = 0
    renumbered: int = 0
    moved: int = 0
    changed: int = 0
    unchanged: int = 0

    @property
    def total_changes(self) -> int:
        return self.added + self.deleted + self.split + self.merged + self.changed + self.moved


@dataclass(frozen=True)
class Summary:
    groups: tuple[tuple[str, Counts], ...]
    """Counts per group, in `GROUP_ORDER`, only groups present in either text."""
    words_inserted: int
    words_deleted: int

    def counts(self, group: str = "article") -> Counts:
        return dict(self.groups).get(group, Counts())

    @property
    def no_changes(self) -> bool:
        return self.words_inserted == 0 and self.words_deleted == 0 and all(
            c.total_changes == 0 and c.renumbered == 0 for _, c in self.groups)


@dataclass(frozen=True)
class Source:
    """Where one of the two texts came from."""

    name: str
    """What the user gave: a path, or ``workspace@label``."""
    title: str = ""
    label: str = ""
    words: int = 0
    articles: int = 0
    warnings: int = 0
    """Lines the reader could not classify (kept in the nearest unit)."""
    language: str = ""
    """The text's language (FRBRlanguage, ``fra``)."""


@dataclass(frozen=True)
class DiffResult:
    old: Source
    new: Source
    entries: tuple[Entry, ...]
    exact: bool = False
    engine: str = ""
    aligned_by_wid: bool = False
    summary: Summary = field(default_factory=lambda: Summary((), 0, 0))

    @property
    def degraded(self) -> bool:
        return any(e.diff.degraded for e in self.entries)

    def group(self, name: str) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.group == name)


def is_change(entry: Entry) -> bool:
    return entry.status != "unchanged" or entry.renumbered or entry.moved


def summarize(entries: Iterable[Entry]) -> Summary:
    """Counts per group and words inserted / deleted over all entries."""
    tallies: dict[str, dict[str, int]] = {}
    ins = dels = 0
    for e in entries:
        t = tallies.setdefault(e.group, dict.fromkeys(Counts.__dataclass_fields__, 0))
        t[e.status] += 1
        t["renumbered"] += e.renumbered
        t["moved"] += e.moved
        ins += e.diff.inserted
        dels += e.diff.deleted
    groups = tuple((g, Counts(**tallies[g])) for g in GROUP_ORDER if g in tallies)
    return Summary(groups, ins, dels)


@dataclass(frozen=True)
class ConcordanceRow:
    old: str
    """Old label, or empty when the unit is new."""
    new: str
    status: str
    notes: tuple[str, ...] = ()
    anchor: str = ""


def concordance(entries: Sequence[Entry], group: str = "article") -> tuple[ConcordanceRow, ...]:
    """Old number -> new number for every unit of `group`, in new-text order."""
    return tuple(
        ConcordanceRow(e.old.label if e.old else "", e.new.label if e.new else "", e.status,
                       e.notes, e.anchor)
        for e in entries if e.group == group)
