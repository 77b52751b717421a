"""The compiled draft: what every writer of the draft (HTML, PDF, Markdown, text, AKN, Word)
renders. A tree of `CUnit`s whose text is a sequence of plain `Run`s and bracket `Group`s;
`treaty.compile` builds it from a text and its proposals, `treaty.brackets` from the
brackets a source text already carries. No writer looks at amendments or anchoring.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .amend.anchor import Unlocated
from .model import Amendment, Metadata, Span, Status
from .reasons import Reason


@dataclass(frozen=True)
class Run:
    """Plain text; `mark` is ``""``, ``ins`` (proposed words), ``del`` (proposed deletion),
    ``adref`` (integrated: agreed ad referendum, or adopted and not yet consolidated; the
    label comes from the amendment, `compile.integrated_label`) or ``src`` (a bracket
    already in the source)."""

    text: str
    mark: str = ""
    amendments: tuple[str, ...] = ()
    at: int = field(default=-1, compare=False)
    """Offset of these words in the block's original text (-1: not original words), so
    writers can lay the block's inline markup (`CUnit.marks`) over the runs."""


@dataclass(frozen=True)
class Alternative:
    """One option inside a bracket group: its words and who proposed it (empty = original)."""

    runs: tuple[Inline, ...]
    amendments: tuple[str, ...] = ()
    deletes: bool = False


@dataclass(frozen=True)
class Group:
    """``[original] [alternative 1 (SGP)] [alternative 2 (CHN, RUS)]``."""

    alternatives: tuple[Alternative, ...]
    label: str = ""
    """For brackets carried by the source text (``Option 1``), the label shown."""
    at: int = field(default=-1, compare=False)
    end: int = field(default=-1, compare=False)
    """The original words the group replaces, as offsets into the block (-1: unknown)."""


Inline = Run | Group
Block = tuple[Inline, ...]


@dataclass(frozen=True)
class CUnit:
    kind: str
    eid: str
    wid: str
    num: str | None = None
    heading: str | None = None
    blocks: tuple[Block, ...] = ()
    children: tuple[CUnit, ...] = ()
    wrap_up: tuple[Block, ...] = ()
    inserted_by: tuple[str, ...] = ()
    deleted_by: tuple[str, ...] = ()
    alternatives: tuple[tuple[str, CUnit], ...] = ()
    """(label, unit) pairs: ``("Alt 1", ...)`` proposals replacing this unit."""
    formerly: str = ""
    mark: str = ""
    """Redline only: ``ins`` for a unit the new text adds, ``del`` for one it removes."""
    attrs: tuple[tuple[str, str], ...] = ()
    """The unit's own attributes (an hcontainer's ``name`` ...), written back by AKN."""
    marks: tuple[tuple[Span, ...], ...] = ()
    """Inline markup of each block (text blocks, then wrap-up), offsets into the block's
    original text; runs with `Run.at` >= 0 are laid out under it (`render.markup`)."""
    heading_marks: tuple[Span, ...] = ()
    """Inline markup inside the heading (``<i>`` in a title, an ``<abbr>``)."""

    def walk(self) -> Iterator[CUnit]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Compiled:
    meta: Metadata
    mode: str
    preamble: CUnit | None
    body: tuple[CUnit, ...]
    amendments: dict[str, Amendment] = field(default_factory=dict)
    """Every amendment shown in the text, by id (for footnotes and the index)."""
    unlocated: tuple[Unlocated, ...] = ()
    closed: tuple[Amendment, ...] = ()
    """Rejected/withdrawn proposals, listed in an annex on request."""
    overtaken: tuple[tuple[Amendment, Reason], ...] = ()
    """Pending proposals an adopted (not yet consolidated) change overtakes, with why."""
    foreign: tuple[Amendment, ...] = ()
    """Proposals made on another language version and not translated into this one: shown
    in their own language in an annex (see `language_versions`)."""
    kept: tuple[tuple[str, str], ...] = ()
    """Parts of an imported AKN text carried verbatim (`Document.kept`): shown as is."""

    def units(self) -> Iterator[CUnit]:
        if self.preamble is not None:
            yield from self.preamble.walk()
        for unit in self.body:
            yield from unit.walk()

    def shown_amendments(self) -> list[str]:
        """Amendment ids in order of first appearance in the text (footnote numbers)."""
        order: dict[str, None] = {}

        def visit_inline(items):
            for item in items:
                if isinstance(item, Run):
                    order.update(dict.fromkeys(item.amendments))
                else:
                    for alt in item.alternatives:
                        order.update(dict.fromkeys(alt.amendments))
                        visit_inline(alt.runs)

        def visit(unit: CUnit):
            order.update(dict.fromkeys(unit.inserted_by + unit.deleted_by))
            for _label, alt in unit.alternatives:
                order.update(dict.fromkeys(alt.inserted_by))
                visit(alt)
            for block in unit.blocks + unit.wrap_up:
                visit_inline(block)
            for child in unit.children:
                visit(child)

        for unit in ([self.preamble] if self.preamble else []) + list(self.body):
            visit(unit)
        return [a for a in order if a in self.amendments]


INTEGRATED = frozenset({Status.AGREED_AD_REF, Status.ADOPTED})
"""Statuses shown integrated in the bracketed draft (marked, not bracketed)."""


def integrated_label(a: Amendment | None) -> str:
    """The mark after integrated words: ``ad ref`` or ``adopted at AHC-5``."""
    return str(integrated_reason(a))


def integrated_reason(a: Amendment | None) -> Reason:
    """`integrated_label` as a value a draft says in its own language."""
    if a is None or a.status == Status.AGREED_AD_REF:
        return Reason.of("st_ad_ref")
    return Reason.of("st_adopted_at", session=a.session) if a.session else Reason.of("st_adopted")
