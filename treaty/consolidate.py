"""Consolidation: the next version of the text, with adopted proposals in and pending ones
carried over.

`plan()` is pure: from the workspace's text and proposals it computes every file of the
next version (the snapshot of the current one, the new text, the concordance, every
amendment file rewritten) or raises before anything is written. The command
(`treaty.commands.consolidate`) then writes all of it in one `txn.commit`, so the
workspace changes entirely or not at all.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import akn, language_versions, workspace
from .amend.anchor import anchor
from .amend.apply import apply_sites
from .amend.format import amendment_to_xml
from .model import CLOSED, Amendment, Document, Status, TreatyError
from .names import check_name
from .renumber import CitationChange, CitationProblem, follow_citations, renumber_all


@dataclass(frozen=True)
class Plan:
    files: dict[str, bytes | None]
    """Relative path -> new bytes (None: remove the file, e.g. a deleted article's)."""
    applied: list[str]
    carried: list[str]
    stale: list[tuple[str, str]]
    concordance: list[tuple[str, str, str]]
    snapshot: str
    languages: tuple[str, ...] = ()
    """The language versions consolidated with the main text (``fr`` ...)."""
    untranslated: tuple[tuple[str, str], ...] = ()
    """(language, amendment id): adopted proposals with no wording for that version, whose
    text therefore stays as it was for them."""
    citations_changed: list[CitationChange] = field(default_factory=list)
    citations_unresolved: list[CitationProblem] = field(default_factory=list)
    citations_external: list[CitationProblem] = field(default_factory=list)
    citations_report: str = ""
    """Relative path of the report listing every citation changed or not resolved."""
    version_citations: tuple[VersionCitations, ...] = ()
    """The same for each language version (its own report, ``versions/L.fr.citations.csv``)."""


@dataclass(frozen=True)
class VersionCitations:
    """What happened to the citations in one language version's running text."""

    language: str
    changed: list[CitationChange]
    unresolved: list[CitationProblem]
    external: list[CitationProblem]
    report: str


def snapshot_bytes(doc: Document) -> bytes:
    root = akn.document_to_xml(doc)
    akn.assert_validates(root, f"snapshot of {doc.meta.label}")
    return akn.serialize(root)


def plan(ws: workspace.Workspace, amendments: list[Amendment], label: str, title: str = "",
         symbol: str = "", date: str = "", include_ad_ref: bool = False,
         keep_numbers: bool = False, force: bool = False) -> Plan:
    doc = ws.document
    old_label = doc.meta.label
    check_name(label, "version label", "--label")
    check_name(old_label, "version label (FRBRversionNumber)", str(ws.root / workspace.TREATY))
    if label == old_label:
        raise TreatyError(label, "the new label is the current version's label",
                          "choose a new --label")
    for existing in (old_label, label):
        if (ws.versions_dir / f"{existing}.akn.xml").exists():
            raise TreatyError(str(ws.versions_dir / f"{existing}.akn.xml"),
                              f"version {existing!r} already exists",
                              "choose another --label (versions are never overwritten)")
    wanted = {Status.ADOPTED} | ({Status.AGREED_AD_REF} if include_ad_ref else set())
    to_apply = [a for a in amendments if a.status in wanted and not a.applied_in]
    if not to_apply and not force:
        raise TreatyError(label, "nothing is adopted: the new version would equal the current one",
                          "adopt proposals with `treaty status ID adopted`, or use --force to "
                          "cut a relabelled version")
    main_code = language_versions.main_language(doc)

    def worded(a: Amendment, code: str) -> Amendment | None:
        changes = a.changes_for(code, main_code)
        return None if changes is None else replace(a, changes=changes)

    untranslated = [(main_code, a.id) for a in to_apply if worded(a, main_code) is None]
    anchoring = anchor(doc, [w for a in to_apply if (w := worded(a, main_code))])
    if anchoring.unlocated:
        miss = anchoring.unlocated[0]
        raise TreatyError(miss.amendment, f"adopted amendment cannot be located: {miss.reason}",
                          "fix or re-table it before consolidating")
    for a in to_apply:
        if a.status == Status.STALE:
            raise TreatyError(a.id, "adopted amendment is stale", "re-table it")
    new_doc = apply_sites(doc, list(anchoring.sites))
    old_wids = {u.wid for u in doc.units()}
    inserted = {u.wid for u in new_doc.units()} - old_wids
    rows: list[tuple[str, str, str]] = []
    changed: list[CitationChange] = []
    unresolved: list[CitationProblem] = []
    external: list[CitationProblem] = []
    if not keep_numbers:
        result = renumber_all(doc, new_doc, inserted)
        new_doc, rows = result.doc, result.rows
        changed, unresolved, external = result.changed, result.unresolved, result.external
    meta = replace(new_doc.meta, label=label, title=title or new_doc.meta.title,
                   symbol=symbol or new_doc.meta.symbol, date=date or new_doc.meta.date,
                   version_date=date or new_doc.meta.version_date, concordance=tuple(rows))
    new_doc = replace(new_doc, meta=meta)

    text_files, _ = workspace.render_files(new_doc, ws.files)
    files: dict[str, bytes | None] = dict(text_files)
    for href in ws.files.values():
        files.setdefault(href, None)
    snapshot_rel = f"{workspace.VERSIONS}/{old_label}.akn.xml"
    files[snapshot_rel] = snapshot_bytes(doc)
    files[f"{workspace.VERSIONS}/{label}.concordance.csv"] = _csv(rows)
    report_rel = f"{workspace.VERSIONS}/{label}.citations.csv"
    if not keep_numbers:
        files[report_rel] = _citations_csv(changed, unresolved, external)

    # Each language version: its wording of the adopted proposals applied, the main text's
    # new numbers followed, its own snapshot (versions/<old label>.<code>.akn.xml).
    codes = language_versions.version_codes(ws.root)
    version_citations: list[VersionCitations] = []
    new_versions: dict[str, Document] = {main_code: new_doc}
    for code in codes:
        version = workspace.load(language_versions.version_root(ws.root, code)).document
        mine = [w for a in to_apply if (w := worded(a, code))]
        untranslated += [(code, a.id) for a in to_apply if worded(a, code) is None]
        located = anchor(version, mine)
        if located.unlocated:
            miss = located.unlocated[0]
            raise TreatyError(miss.amendment, f"adopted amendment cannot be located in the "
                              f"{code} version: {miss.reason}", "fix its wording for that "
                              "version (`treaty translate`) before consolidating")
        next_text = apply_sites(version, list(located.sites))
        if not keep_numbers:
            next_text = language_versions.follow_numbers(next_text, doc, new_doc)
            next_text, moved, problems = follow_citations(version, next_text)
            rel = f"{workspace.VERSIONS}/{label}.{code}.citations.csv"
            cited = VersionCitations(code, moved, [p for p in problems if not p.external],
                                     [p for p in problems if p.external], rel)
            files[rel] = _citations_csv(cited.changed, cited.unresolved, cited.external)
            version_citations.append(cited)
        next_text = replace(next_text, meta=replace(meta, title=next_text.meta.title,
                                                    notes=next_text.meta.notes,
                                                    language=next_text.meta.language))
        new_versions[code] = next_text
        files.update(language_versions.version_files(ws.root, code, next_text))
        files[f"{workspace.VERSIONS}/{old_label}.{code}.akn.xml"] = snapshot_bytes(version)

    applied_ids = {a.id for a in to_apply}
    pending = [a for a in amendments if a.id not in applied_ids and a.status != Status.ADOPTED
               and a.status not in CLOSED]
    stale_ids: dict[str, str] = {}
    for code, version_doc in new_versions.items():  # each proposal in its own version's words
        own = [w for a in pending if (a.language or main_code) == code and (w := worded(a, code))]
        stale_ids.update({u.amendment: u.reason for u in anchor(version_doc, own).unlocated})
    stale: list[tuple[str, str]] = []
    carried: list[str] = []
    for a in amendments:
        if a.id in applied_ids:
            updated = replace(a, applied_in=label)
        elif a in pending:
            if a.id in stale_ids:
                reason = f"not located in {label}: {stale_ids[a.id]}"
                updated = replace(a, status=Status.STALE, stale_reason=reason, base=a.base or old_label)
                stale.append((a.id, reason))
            else:
                updated = replace(a, base=label)
                carried.append(a.id)
        else:
            continue
        rel = Path(a.path).resolve().relative_to(ws.root.resolve()).as_posix()
        files[rel] = amendment_to_xml(updated)
    return Plan(files, sorted(applied_ids), carried, stale, rows, snapshot_rel,
                languages=tuple(codes), untranslated=tuple(untranslated),
                citations_changed=changed, citations_unresolved=unresolved,
                citations_external=external,
                citations_report="" if keep_numbers else report_rel,
                version_citations=tuple(version_citations))


def _csv(rows: list[tuple[str, str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["new number", "former number", "wId"])
    writer.writerows(rows)
    return out.getvalue().encode()


def _citations_csv(changed: list[CitationChange], unresolved: list[CitationProblem],
                   external: list[CitationProblem]) -> bytes:
    """Every citation consolidation met: changed, not resolved (kept as written), or of
    another instrument (kept on purpose)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["status", "wId", "citation", "change or reason", "context"])
    writer.writerows(["changed", c.wid, c.citation, f"{c.before} -> {c.after}", c.context]
                     for c in changed)
    writer.writerows(["unresolved", p.wid, p.written, p.reason, p.context] for p in unresolved)
    writer.writerows(["external", p.wid, p.written, p.reason, p.context] for p in external)
    return out.getvalue().encode()

