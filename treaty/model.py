"""The one document model every reader produces and every writer consumes.

A treaty text is a tree of `Unit`s (preamble, chapters, articles, paragraphs, points,
recitals).  Each unit holds its own text blocks (`text`: the `<content>` of a leaf or the
`<intro>` of a unit with children, one string per `<p>`) and its `wrap_up` blocks; the
words of a unit's children are never part of its own text.  Everything is frozen: a change
to the text builds a new tree (`dataclasses.replace`), so a compiled draft can never leak
back into the workspace it was compiled from.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar, assert_never, cast

from .languages import word_count


@dataclass(frozen=True)
class Span:
    """One inline or block element laid over a unit's plain text (standoff markup).

    `start`/`end` are offsets into `Unit.own_text` (blocks joined by newlines), so the
    words stay plain for anchoring while ``<b>``, ``<ref href>``, footnotes and tables
    survive every change. Spans are stored in document order (pre-order) with their
    nesting `depth`; an element that carries words of its own outside the running text
    (``authorialNote``, ``img``, ``quotedStructure``) is a zero-width span whose `payload`
    is its XML, kept verbatim.
    """

    start: int
    end: int
    name: str
    attrs: tuple[tuple[str, str], ...] = ()
    depth: int = 0
    payload: str = ""


@dataclass(frozen=True)
class Unit:
    """One structural unit; `kind` is the AKN element name (article, paragraph, point ...)."""

    kind: str
    eid: str = ""
    wid: str = ""
    num: str | None = None
    heading: str | None = None
    text: tuple[str, ...] = ()
    children: tuple[Unit, ...] = ()
    wrap_up: tuple[str, ...] = ()
    attrs: tuple[tuple[str, str], ...] = ()
    """Extra attributes kept verbatim (e.g. ``class``, ``name``) so files round-trip."""
    inline: tuple[Span, ...] = ()
    """Markup over `own_text` (see `Span`); empty for plain text."""
    num_inline: tuple[Span, ...] = ()
    heading_inline: tuple[Span, ...] = ()
    """Markup inside `num` / `heading` (offsets into those strings)."""
    part_attrs: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    """Attributes of the unit's ``num``/``heading``/``intro``/``content``/``wrapUp``
    elements, by element name, kept verbatim from an imported document."""

    def walk(self) -> Iterator[Unit]:
        """This unit and all its descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def own_text(self) -> str:
        """The unit's own words (intro/content, then wrap-up), blocks joined by newlines."""
        return "\n".join(self.text + self.wrap_up)

    def reading_parts(self) -> Iterator[str]:
        """Every piece of text in reading order: number, heading, own text, the children,
        then the wrap-up."""
        yield from (p for p in (self.num, self.heading) if p)
        yield from self.text
        for child in self.children:
            yield from child.reading_parts()
        yield from self.wrap_up

    def all_text(self) -> str:
        """Every word of the unit and its descendants in reading order (for searching,
        word counts and "no word lost" checks)."""
        return "\n".join(self.reading_parts())


@dataclass(frozen=True)
class Metadata:
    """What a secretariat prints on the masthead, plus the FRBR identity of the text."""

    title: str = "Untitled draft"
    short_name: str = "treaty"
    """FRBR work number, e.g. ``cybercrime``."""
    country: str = "un"
    subtype: str = "convention"
    symbol: str = ""
    distribution: str = "General"
    date: str = ""
    """Date of the document (ISO), also the FRBR expression date."""
    language: str = "eng"
    original_language: str = "English"
    body: str = ""
    session: str = ""
    agenda_item: str = ""
    venue: str = ""
    label: str = "draft"
    """Version label (``cnd-2023-04``, ``zero-draft``), the FRBR version number."""
    version_date: str = ""
    notes: tuple[str, ...] = ()
    """Free paragraphs of the preface, e.g. "Note by the Secretariat"."""
    concordance: tuple[tuple[str, str, str], ...] = ()
    """(new number, former number, wId) rows written by consolidation."""
    doc_type: str = "bill"
    """The AKN document element (``bill``, ``act``, ``doc`` ...) and its ``name``."""
    doc_name: str = "draftConvention"


PROVISION_KINDS: tuple[str, ...] = ("article", "section", "rule")
"""Kinds that can be a text's article level, by preference."""


@dataclass(frozen=True)
class Document:
    """A whole treaty text: metadata, an optional preamble unit, the body's units."""

    meta: Metadata = field(default_factory=Metadata)
    preamble: Unit | None = None
    body: tuple[Unit, ...] = ()
    part_attrs: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    """Attributes of the ``preamble`` and ``body`` elements of an imported document."""
    kept: tuple[tuple[str, str], ...] = ()
    """Parts of an imported AKN document carried verbatim but not amendable, as
    (slot, XML): ``preface`` (when not the masthead this tool writes), ``conclusions``,
    ``attachments``."""

    def units(self) -> Iterator[Unit]:
        """Every unit of the document in reading order, the preamble first."""
        if self.preamble is not None:
            yield from self.preamble.walk()
        for unit in self.body:
            yield from unit.walk()

    def reading_parts(self) -> Iterator[str]:
        """The text of the whole document in reading order: preface notes, preamble, body."""
        yield from self.meta.notes
        for unit in ([self.preamble] if self.preamble is not None else []) + list(self.body):
            yield from unit.reading_parts()

    def provision_kind(self) -> str:
        """The kind that plays the article's part: ``article``, or in acts built of
        sections (or rules, regulations) that kind. One file per such unit."""
        kinds = {u.kind for u in self.units()}
        return next((k for k in PROVISION_KINDS if k in kinds), "article")

    def articles(self) -> list[Unit]:
        """The article-level units (see `provision_kind`), in reading order."""
        kind = self.provision_kind()
        return [u for u in self.units() if u.kind == kind]

    def by_wid(self) -> dict[str, Unit]:
        return {u.wid: u for u in self.units() if u.wid}

    def by_eid(self) -> dict[str, Unit]:
        return {u.eid: u for u in self.units() if u.eid}

    def word_count(self) -> int:
        words = 0
        for unit in self.units():
            for part in (unit.num, unit.heading, *unit.text, *unit.wrap_up):
                if part:
                    words += word_count(part)
        return words


@dataclass(frozen=True)
class Problem:
    """Something wrong with the user's input: shown as one line ``where: what; what to do``."""

    where: str
    what: str
    hint: str = ""
    line: int | None = None

    def __str__(self) -> str:
        loc = f"{self.where}:{self.line}" if self.line else self.where
        text = f"{loc}: {self.what}" + (f"; {self.hint}" if self.hint else "")
        return " ".join(text.splitlines()) if "\n" in text or "\r" in text else text  # one line


class TreatyError(Exception):
    """An error the user can fix; the CLI prints it as one line and exits 1."""

    def __init__(self, where: str, what: str, hint: str = "", line: int | None = None):
        self.problem = Problem(where, what, hint, line)
        super().__init__(str(self.problem))


# -- proposals ----------------------------------------------------------------------------

class Status(StrEnum):
    """Where a proposal stands; the values are the words written in amendment files (a
    member compares equal to its word)."""

    PROPOSED = "proposed"
    AGREED_AD_REF = "agreed-ad-ref"
    ADOPTED = "adopted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    STALE = "stale"
    """No longer locatable in the text it was carried over to (with the reason)."""


STATUSES: tuple[Status, ...] = tuple(Status)
V = TypeVar("V")


def every_status(table: dict[Status, V]) -> dict[str, V]:
    """`table`, checked when its module is imported to have an entry for every status (a
    new status then fails at once, naming the table that lacks it). Looked up by the word
    (a `Status` is its word)."""
    missing = [s for s in Status if s not in table]
    if missing:
        raise AssertionError(f"no entry for status {', '.join(missing)}")
    return cast(dict[str, V], table)
PENDING: frozenset[Status] = frozenset({Status.PROPOSED, Status.AGREED_AD_REF})
CLOSED: frozenset[Status] = frozenset({Status.REJECTED, Status.WITHDRAWN})


class ChangeKind(StrEnum):
    """What one change of a proposal does; the values are the kinds of the amendment format.
    Adding one: a member here, its element in ``schemas/amendment.rng`` and
    ``amend/format.py``; mypy then names every ``match`` that does not handle it."""

    REPLACE = "replace"
    """<replace target><old/><new/></replace>: words T -> U"""
    INSERT = "insert"
    """<insert target after|before|at>U</insert>: new words"""
    DELETE = "delete"
    """<delete target><old/></delete>: delete words"""
    DELETE_UNIT = "delete-unit"
    """<delete target/>: delete the whole unit"""
    INSERT_UNIT = "insert-unit"
    """<insert target position>AKN units</insert>: new units"""
    REPLACE_UNIT = "replace-unit"
    """<replaceUnit target>AKN unit</replaceUnit>: an "Alt" of a unit"""
    SUBSTITUTE = "substitute"
    """<substitute scope><old/><new/></substitute>: every occurrence"""

    @property
    def on_units(self) -> bool:
        """Whether the change adds, removes or replaces whole units (else it edits words)."""
        match self:
            case ChangeKind.REPLACE | ChangeKind.INSERT | ChangeKind.DELETE | ChangeKind.SUBSTITUTE:
                return False
            case ChangeKind.DELETE_UNIT | ChangeKind.INSERT_UNIT | ChangeKind.REPLACE_UNIT:
                return True
            case _:
                assert_never(self)


@dataclass(frozen=True)
class Change:
    """One edit of a proposal. Word changes carry `old`/`new`; unit changes carry `units`."""

    kind: ChangeKind
    target: str = ""
    """wId of the unit changed (the scope for `substitute`; empty = the whole text)."""
    old: str = ""
    new: str = ""
    occurrence: int | None = None
    where: str = ""
    """For word inserts: ``after`` / ``before`` (relative to `old`) or ``start`` / ``end``;
    for unit inserts: ``after`` / ``before`` / ``end`` (last child of the target)."""
    units: tuple[Unit, ...] = ()
    line: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", ChangeKind(self.kind))  # a plain word is accepted


@dataclass(frozen=True)
class HistoryEntry:
    """One dated event of a proposal: a status change (``previous`` -> ``status``), or a
    delegation's position taken in the room (`event` ``support``/``oppose``, `by`)."""

    date: str
    status: Status
    previous: Status | str = ""
    note: str = ""
    event: str = ""
    """``""``/``status`` (a status change), ``support``, ``oppose`` or ``withdraw``."""
    by: str = ""
    forced: bool = False
    """The change went against the status rules, with ``--force`` (and a note why)."""


@dataclass(frozen=True)
class Amendment:
    """One proposal as tabled: attribution, status, and its changes."""

    id: str
    proposers: tuple[str, ...]
    changes: tuple[Change, ...]
    supporters: tuple[str, ...] = ()
    opponents: tuple[str, ...] = ()
    session: str = ""
    date: str = ""
    status: Status = Status.PROPOSED
    base: str = ""
    note: str = ""
    applied_in: str = ""
    stale_reason: str = ""
    history: tuple[HistoryEntry, ...] = ()
    path: str = field(default="", compare=False)
    """File it was read from (for messages); not written."""
    language: str = ""
    """The language version it was made on (``fr``); empty = the workspace's main language."""
    translations: tuple[tuple[str, tuple[Change, ...]], ...] = ()
    """(language, changes): the same proposal worded for another language version."""

    def changes_for(self, language: str, main: str) -> tuple[Change, ...] | None:
        """The changes to apply to the `language` version (`main` is the workspace's main
        language): its own if it was made on that version, else its translation, else None."""
        if (self.language or main) == language:
            return self.changes
        return next((changes for code, changes in self.translations if code == language), None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", Status(self.status))  # a plain word is accepted

    @property
    def is_live(self) -> bool:
        """Still to be located in the current text: not closed and not already applied."""
        return self.status not in CLOSED and not self.applied_in

    @property
    def delegations(self) -> tuple[str, ...]:
        return self.proposers + self.supporters + self.opponents
