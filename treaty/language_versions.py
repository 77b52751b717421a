"""Language versions: one workspace holds the text in several languages, the same units
under the same wIds.

On disk (see docs/languages.md)::

    treaty.xml, articles/        the main language version (its FRBRlanguage says which)
    languages/fr/treaty.xml      the French version, laid out like the main one
    languages/fr/articles/       one article per file, the same file names
    amendments/                  one set of proposals; each says which version it was made
                                 on (<language>) and may carry <translation>s

`align` (pure) gives a newly read language version the ids of the main version: units are
paired by their eId (numbers are read in every script, so ``Article premier``, ``第一条``
and ``المادة ١`` are all ``art_1``), the rest in order among siblings of the same kind;
`compare` lists the units one version has and the other lacks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from . import languages, workspace
from .ids import is_roman, roman_to_int
from .model import Amendment, Document, TreatyError, Unit

LANGUAGES_DIR = "languages"


def main_language(doc: Document) -> str:
    """The ISO 639-1 code of a document's language (``eng`` -> ``en``)."""
    return languages.get(doc.meta.language).code


def version_root(root: Path, code: str) -> Path:
    return Path(root) / LANGUAGES_DIR / code


def version_codes(root: Path) -> list[str]:
    """The languages the workspace holds besides its main one, in code order."""
    folder = Path(root) / LANGUAGES_DIR
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir()
                  if p.is_dir() and languages.find(p.name) and workspace.is_workspace(p))


def check_code(code: str) -> str:
    """The ISO 639-1 code for `code` (``fra`` -> ``fr``), or a one-line error."""
    found = languages.find(code)
    if found is None:
        raise TreatyError("--language", f"unknown language {code!r}",
                          f"use one of {languages.choices()}")
    return found.code


def load_version(root: Path, code: str | None, main: Document | None = None) -> Document:
    """The text in language `code` (the main version when `code` is empty or its language)."""
    main = main if main is not None else workspace.load(root).document
    if not code or check_code(code) == main_language(main):
        return main
    code = check_code(code)
    folder = version_root(root, code)
    if not workspace.is_workspace(folder):
        held = ", ".join([main_language(main), *version_codes(root)])
        raise TreatyError(str(root), f"the workspace has no {languages.get(code).english_name} "
                          f"version (it holds: {held})",
                          f"add it with `treaty import FILE --into {root} --language {code}`")
    return workspace.load(folder).document


# -- aligning a language version with the main one ------------------------------------------


_DIVISIONS = frozenset({"chp", "part", "title", "book", "sec", "subsec"})


def same_number(eid: str) -> str:
    """`eid` with the Roman numbers of its divisions written in digits, so that the
    versions' ids of one chapter meet: the English text numbers it ``CHAPTER V``
    (``chp_V``), the Arabic ``الفصل الخامس`` and the Chinese ``第五章`` (``chp_5``).

    >>> same_number("chp_V"), same_number("chp_5"), same_number("art_5__point_v")
    ('chp_5', 'chp_5', 'art_5__point_v')
    """
    parts = []
    for part in eid.split("__"):
        prefix, _, token = part.rpartition("_")
        if prefix in _DIVISIONS and is_roman(token):
            part = f"{prefix}_{roman_to_int(token)}"
        parts.append(part)
    return "__".join(parts)


def _pairs(mains: tuple[Unit, ...], others: tuple[Unit, ...]) -> list[Unit | None]:
    """For each of `others`, the unit of `mains` it is the version of (or None): by eId
    (`same_number`), the rest in order among siblings of the same kind."""
    by_eid = {same_number(m.eid): m for m in mains if m.eid}
    used: set[int] = set()
    found: list[Unit | None] = []
    for other in others:
        match = by_eid.get(same_number(other.eid))
        if match is not None and match.kind == other.kind and id(match) not in used:
            used.add(id(match))
            found.append(match)
        else:
            found.append(None)
    for i, other in enumerate(others):  # the rest by order among siblings of the same kind
        if found[i] is None:
            match = next((m for m in mains if m.kind == other.kind and id(m) not in used), None)
            if match is not None and not (match.eid and other.eid
                                          and by_eid.get(same_number(other.eid))):
                used.add(id(match))
                found[i] = match
    return found


def _align_units(mains: tuple[Unit, ...], others: tuple[Unit, ...], taken: set[str]) -> tuple[Unit, ...]:
    out = []
    for other, match in zip(others, _pairs(mains, others), strict=True):
        if match is None:
            wid = other.wid or other.eid
            while wid in taken:  # a unit only this version has: keep it apart from the main's ids
                wid += "-x"
            out.append(replace(other, wid=wid,
                               children=_align_units((), other.children, taken)))
        else:
            out.append(replace(other, eid=match.eid, wid=match.wid,
                               children=_align_units(match.children, other.children, taken)))
    return tuple(out)


def align(main: Document, other: Document) -> Document:
    """`other` (a language version just read) with the ids of the `main` version's units
    and the main version's furniture (symbol, label, dates); its own title and language."""
    taken = {u.wid for u in main.units() if u.wid}
    preamble = None
    if other.preamble is not None:
        match = main.preamble
        children = _align_units(match.children if match else (), other.preamble.children, taken)
        preamble = replace(other.preamble, children=children)
    body = _align_units(main.body, other.body, taken)
    meta = replace(main.meta, title=other.meta.title, notes=other.meta.notes,
                   language=other.meta.language)
    return Document(meta=meta, preamble=preamble, body=body)


@dataclass(frozen=True)
class Difference:
    """Units one language version has and the other lacks (by wId)."""

    missing: tuple[Unit, ...]
    """Units of the main version this version lacks."""
    extra: tuple[Unit, ...]
    """Units of this version the main version lacks."""


_COMPARED = frozenset({"article", "paragraph", "subparagraph", "point", "recital", "chapter",
                       "part", "section", "subsection", "title", "book"})


def compare(main: Document, other: Document) -> Difference:
    mine = {u.wid: u for u in main.units() if u.kind in _COMPARED}
    theirs = {u.wid: u for u in other.units() if u.kind in _COMPARED}
    return Difference(missing=tuple(u for w, u in mine.items() if w not in theirs),
                      extra=tuple(u for w, u in theirs.items() if w not in mine))


def describe(unit: Unit) -> str:
    """``art_5bis (Article 5 bis)`` for messages."""
    label = unit.num or (unit.heading or "")[:40] or unit.kind  # a recital has no number
    return f"{unit.wid} ({label})"


# -- writing a language version ----------------------------------------------------------------


def version_files(root: Path, code: str, doc: Document) -> dict[str, bytes | None]:
    """Every file of the `code` version of `doc`, relative to the workspace root, plus None
    for the files an earlier import of that version left and this one does not write."""
    folder = version_root(root, code)
    existing: dict[str, str] = {}
    if workspace.is_workspace(folder):
        existing = workspace.load(folder).files
    out, _ = workspace.render_files(doc, existing)
    prefix = f"{LANGUAGES_DIR}/{code}/"
    files: dict[str, bytes | None] = {prefix + rel: data for rel, data in out.items()}
    for href in existing.values():
        files.setdefault(prefix + href, None)
    return files


# -- proposals per language version --------------------------------------------------------------


def split_by_language(amendments: list[Amendment], code: str, main_code: str,
                      ) -> tuple[list[Amendment], list[Amendment]]:
    """(proposals to show in the `code` version, worded for it; proposals made on another
    version with no translation into this one, each marked with the language it was made
    on)."""
    shown: list[Amendment] = []
    foreign: list[Amendment] = []
    for a in amendments:
        changes = a.changes_for(code, main_code)
        if changes is not None:
            shown.append(a if changes is a.changes else replace(a, changes=changes))
        else:
            foreign.append(replace(a, language=a.language or main_code))
    return shown, foreign


def follow_numbers(version: Document, old_main: Document, new_main: Document) -> Document:
    """`version` with the eIds of `new_main` (the main text just renumbered) and, where the
    main text's number of a unit changed, the new number written in this language's style
    (``Статья 5 бис`` -> ``Статья 6``, ``第五条之二`` -> ``第六条``)."""
    from .ids import num_token

    old_nums = {u.wid: u.num for u in old_main.units()}
    new_units = {u.wid: u for u in new_main.units()}

    def walk(unit: Unit) -> Unit:
        match = new_units.get(unit.wid)
        children = tuple(walk(c) for c in unit.children)
        if match is None:
            return replace(unit, children=children)
        num = unit.num
        if num and match.num and match.num != old_nums.get(unit.wid):
            num = languages.format_num(num, num_token(match.num))
        return replace(unit, eid=match.eid, num=num, children=children)

    return replace(version, preamble=version.preamble and walk(version.preamble),
                   body=tuple(walk(u) for u in version.body))
