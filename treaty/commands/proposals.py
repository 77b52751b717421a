"""``treaty propose``, ``amendments``, ``status`` and ``propose-from-docx``: tabling
proposals, listing them, deciding on them, and harvesting them from a Word copy."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapidfuzz import process

from .. import language_versions, languages, lifecycle, workspace
from ..amend.anchor import Anchoring, Unlocated, anchor
from ..amend.build import drafting_change, placed
from ..amend.format import amendment_to_xml
from ..citations import article_index, article_of, article_wid, resolve
from ..compile import not_located
from ..delegations import Registry
from ..fileio import atomic_write, create_new, read_bytes
from ..lock import locked, workspace_lock
from ..model import Amendment, Change, Document, Status, TreatyError
from ..names import check_name, inside
from ..textfold import explain_difference
from . import record
from .common import check_date, choice, echo, load, load_valid, today_iso, warn
from .table import text_table

if TYPE_CHECKING:  # the Word harvest (python-docx) is imported by the command that uses it:
    from ..docx_changes import Harvest, Unanchored  # `treaty amendments` must start fast

# -- propose --------------------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "x"


def prepared(amendment: Amendment, doc: Document, reg: Registry) -> Amendment:
    """`amendment` with its targets resolved to wIds and its base set, once every change is
    located exactly in `doc` (else the one-line error saying where it failed)."""
    for code in amendment.delegations:
        reg.get(code)
    units = doc.by_wid()
    changes = []
    for c in amendment.changes:
        if c.target:
            c = replace(c, target=resolve(doc, c.target))
            c = placed(c, units[c.target]) if c.target in units else c
        changes.append(c)
    amendment = replace(amendment, changes=tuple(changes), base=amendment.base or doc.meta.label)
    result = anchor(doc, [amendment])
    if result.unlocated:
        miss = result.unlocated[0]
        reason = miss.reason.replace('add occurrence="N"', "pick one with --occurrence N "
                                     "(1 = the first)")
        ambiguous = "--occurrence" in reason
        closest = f" (closest text: {miss.closest!r})" if miss.closest and not ambiguous else ""
        hint = ("or quote more words so they occur once" if ambiguous else
                "quote the words exactly as they appear in the target")
        raise TreatyError(amendment.id or "proposal", f"{reason}{closest}", hint)
    fuzzy = next((s for s in result.sites if s.method == "fuzzy"), None)
    if fuzzy is not None:
        unit = doc.by_wid().get(fuzzy.wid)
        closest = unit.own_text[fuzzy.start:fuzzy.end] if unit is not None else ""
        why = explain_difference(amendment.changes[fuzzy.change].old, closest) if closest else ""
        raise TreatyError(amendment.id or "proposal",
                          f"the words are not in {fuzzy.wid} exactly (closest match scores "
                          f"{fuzzy.score}{': ' + why if why else ''})",
                          "quote the words exactly as they appear in the target")
    return amendment


def write_new(folder: Path, amendment: Amendment, doc: Document, existing: set[str]) -> Path:
    """Write `amendment` as a new file of `folder` (never overwriting: the file is created
    exclusively, so two runs cannot take one id); its id is added to `existing`."""
    folder.mkdir(exist_ok=True)
    inside(folder.parent, folder, str(folder))  # amendments/ may not lead out of the workspace
    base_id = amendment.id or _default_id(amendment, doc)
    if amendment.id and amendment.id in existing:
        raise TreatyError(amendment.id, "an amendment with this id already exists",
                          "choose another --id")
    n = 1
    while True:
        candidate = base_id if n == 1 else f"{base_id}-{n}"
        n += 1
        if candidate in existing:
            continue
        path = folder / f"{candidate}.xml"
        try:
            create_new(path, amendment_to_xml(replace(amendment, id=candidate)))
        except FileExistsError:
            if amendment.id:
                raise TreatyError(str(path), "the file already exists",
                                  "choose another --id") from None
            continue
        existing.add(candidate)
        return path


@locked("propose")
def propose(root: Path, amendment: Amendment) -> Path:
    """Validate a new proposal against the text (the language version it is made on) and
    write it as a new file."""
    return _propose(root, amendment)[0]


def _propose(root: Path, amendment: Amendment) -> tuple[Path, Document]:
    loaded = load(root)
    doc = loaded.ws.document
    if amendment.language:  # made on a language version: located in that version's words
        code = language_versions.check_code(amendment.language)
        main_code = language_versions.main_language(doc)
        doc = language_versions.load_version(root, code, doc)
        amendment = replace(amendment, language="" if code == main_code else code)
    amendment = prepared(amendment, doc, loaded.registry)
    path = write_new(loaded.ws.amendments_dir, amendment, doc, {a.id for a in loaded.amendments})
    return path, doc


@locked("propose")
def table(root: Path, amendment: Amendment, commit: bool = True) -> tuple[Path, str | None]:
    """`propose`, then its git commit by the proposer (`treaty propose` and the web API),
    both under the workspace lock."""
    path, doc = _propose(root, amendment)
    return path, record.proposal(root, path, doc, commit)


def _default_id(a: Amendment, doc: Document) -> str:
    session = _slug(a.session) if a.session else "p"
    who = "-".join(c.lower() for c in a.proposers[:3])
    target = a.changes[0].target if a.changes else ""
    art = article_index(doc).get(target, target)
    return f"{session}-{who}-{_slug(art.replace('art_', ''))}"


def change_from_options(target: str = "", replace: str | None = None, with_: str | None = None,
                        insert: str | None = None, after: str | None = None,
                        before: str | None = None, delete: str | None = None,
                        delete_unit: bool = False, substitute: str | None = None,
                        **more: Any) -> Change:
    """The one change described by `treaty propose` options (`amend.build`)."""
    return drafting_change(target=target, replace=replace, with_=with_, insert=insert,
                           after=after, before=before, delete=delete, delete_unit=delete_unit,
                           substitute=substitute, **more)


def propose_from_options(root: Path, change: Change, by: list[str], supported_by: list[str],
                         opposed_by: list[str], session: str = "", date: str = "", id: str = "",
                         note: str = "", status: str = "proposed", language: str = "") -> Path:
    return propose(root, amendment_from_options(change, by, supported_by, opposed_by, session,
                                                date, id, note, status, language))


def amendment_from_options(change: Change, by: list[str], supported_by: list[str],
                           opposed_by: list[str], session: str = "", date: str = "", id: str = "",
                           note: str = "", status: str = "proposed",
                           language: str = "") -> Amendment:
    """The proposal `treaty propose` options describe (checked, not yet located)."""
    chosen = choice(Status, status, "--status", "status")
    date = check_date(date, "--date") if date else today_iso()
    if id:
        check_name(id, "amendment id", "--id")
    return Amendment(id=id, proposers=tuple(by), changes=(change,),
                     supporters=tuple(supported_by), opponents=tuple(opposed_by),
                     session=session, date=date, status=chosen, note=note, language=language)


def propose_command(root: Path, change: Change, by: list[str], supported_by: list[str],
                    opposed_by: list[str], session: str, date: str, id: str, note: str,
                    status: str, language: str = "", commit: bool = True) -> None:
    path, done = table(root, amendment_from_options(change, by, supported_by, opposed_by,
                                                    session, date, id, note, status, language),
                       commit)
    echo(f"wrote {path}")
    record.say(done)


def target_of(root: Path, amendment_id: str) -> str:
    """The target of a proposal's first change (where its translation goes by default)."""
    a = _find(load(root).amendments, amendment_id)
    return a.changes[0].target if a.changes else ""


def translate(root: Path, amendment_id: str, language: str, change: Change) -> Amendment:
    """Attach to proposal `amendment_id` its wording for the `language` version (replacing
    an earlier translation into it), under the workspace lock. The change is located in that
    version's words first; its target defaults to the proposal's own."""
    code = language_versions.check_code(language)
    name = languages.get(code).english_name

    def attach(a: Amendment) -> Amendment:
        main = workspace.load(root).document
        if (a.language or language_versions.main_language(main)) == code:
            raise TreatyError(amendment_id, f"the proposal was made on the {name} version",
                              "translate it into another language")
        doc = language_versions.load_version(root, code, main)
        target = resolve(doc, change.target or a.changes[0].target)
        worded = replace(change, target=target)
        result = anchor(doc, [replace(a, changes=(worded,), translations=())])
        if result.unlocated:
            raise TreatyError(amendment_id, f"{name} version: {result.unlocated[0].reason}",
                              "quote the words exactly as they appear in that version")
        kept = tuple((c, ch) for c, ch in a.translations if c != code)
        return replace(a, translations=kept + ((code, (worded,)),))

    return update_amendment(root, amendment_id, attach, "translate")


def translate_command(root: Path, amendment_id: str, language: str, change: Change,
                      commit: bool = True) -> None:
    with workspace_lock(root, "translate"):  # the translation and its commit
        updated = translate(root, amendment_id, language, change)
        done = record.translation(root, updated, language, commit)
    echo(f"{updated.id}: translation into {language} attached")
    record.say(done)


# -- amendments list and status ------------------------------------------------------------


def where_it_lands(a: Amendment, anchoring: Anchoring, missing: list[Unlocated]) -> str:
    sites = anchoring.sites_of(a.id)
    inside_proposals = [u for u in anchoring.unlocated_of(a.id) if u not in missing]
    if a.status == Status.STALE:
        return f"stale: {a.stale_reason}" if a.stale_reason else "stale"
    if a.applied_in:
        return f"applied in {a.applied_in}"
    parts = sorted({s.wid for s in sites})
    text = ", ".join(parts[:3]) + (f" (+{len(parts) - 3})" if len(parts) > 3 else "")
    fuzzy = [s for s in sites if s.method == "fuzzy"]
    if fuzzy:
        text += f" [fuzzy {min(s.score for s in fuzzy)}]"
    if inside_proposals:
        text += ("; " if text else "") + "inside another proposal's new text"
    own_missing = [u for u in missing if u.amendment == a.id]
    if own_missing:
        text += ("; " if text else "") + f"NOT LOCATED: {own_missing[0].reason}"
    return text


def list_amendments(root: Path, by: str | None = None, article: str | None = None,
                    status: str | None = None, session: str | None = None,
                    involving: str | None = None) -> list[dict[str, Any]]:
    """The rows of `treaty amendments` (also its JSON and serve's ``/api/amendments``):
    `by` = proposer, `involving` = in any role (proposer, supporter, opponent)."""
    loaded = load_valid(root)
    doc = loaded.ws.document
    wanted = choice(Status, status, "--status", "status") if status else None
    chosen = loaded.amendments
    if by:
        loaded.registry.get(by)
        chosen = [a for a in chosen if by in a.proposers]
    if involving:
        loaded.registry.get(involving)
        chosen = [a for a in chosen if involving in a.delegations]
    if wanted:
        chosen = [a for a in chosen if a.status == wanted]
    if session:
        chosen = [a for a in chosen if a.session == session]
    index = article_index(doc)
    units = doc.by_wid()
    if article:
        art = article_wid(doc, article, index)
        chosen = [a for a in chosen if article_of(a, index) == art]
    live = [a for a in chosen if a.is_live and a.status != Status.STALE]
    main_code = language_versions.main_language(doc)
    own = [a for a in live if (a.language or main_code) == main_code]
    anchoring = anchor(doc, own)
    missing = not_located(doc, own, anchoring)
    elsewhere = _lands_in_versions(root, doc, [a for a in live if a not in own])
    rows = []
    for a in chosen:
        art_wid = article_of(a, index)
        art_unit = units.get(art_wid)
        rows.append({
            "id": a.id,
            "article": (art_unit.num if art_unit is not None and art_unit.num else art_wid) or "(whole text)",
            "kind": ", ".join(dict.fromkeys(c.kind for c in a.changes)),
            "proposers": list(a.proposers),
            "supporters": list(a.supporters),
            "opponents": list(a.opponents),
            "session": a.session,
            "date": a.date,
            "status": a.status,
            "lands": elsewhere.get(a.id) or where_it_lands(a, anchoring, missing),
            "file": a.path,
        })
    return rows


def _lands_in_versions(root: Path, main: Document, made_elsewhere: list[Amendment],
                       ) -> dict[str, str]:
    """Where proposals made on another language version land, in that version's words
    (``art_1 (fr)``), by amendment id."""
    lands: dict[str, str] = {}
    for code in sorted({a.language for a in made_elsewhere}):
        mine = [a for a in made_elsewhere if a.language == code]
        try:
            version = language_versions.load_version(root, code, main)
        except TreatyError as exc:
            lands.update({a.id: f"NOT LOCATED: {exc.problem.what}" for a in mine})
            continue
        located = anchor(version, mine)
        missing = not_located(version, mine, located)
        lands.update({a.id: f"{where_it_lands(a, located, missing)} ({code})" for a in mine})
    return lands


def amendments_json(rows: list[dict[str, Any]]) -> str:
    """The JSON of `treaty amendments --format json` (and serve's ``/api/amendments``)."""
    return json.dumps(rows, indent=2, ensure_ascii=False)


AMENDMENT_COLUMNS = ("id", "article", "kind", "proposers", "supporters", "opponents", "status",
                     "lands")


def amendments_command(root: Path, by: str | None, article: str | None, status: str | None,
                       session: str | None, fmt: str, involving: str | None = None) -> None:
    if fmt not in ("table", "json"):
        raise TreatyError("--format", f"unknown format {fmt!r}", "use table or json")
    rows = list_amendments(root, by=by, article=article, status=status, session=session,
                           involving=involving)
    if fmt == "json":
        echo(amendments_json(rows))
        return
    # A plain table (not rich's): one greppable line per proposal, and no rich import at start.
    echo(text_table(list(AMENDMENT_COLUMNS),
                    [[", ".join(r[c]) if isinstance(r[c], list) else r[c] for c in AMENDMENT_COLUMNS]
                     for r in rows]))
    echo(f"{len(rows)} amendment(s)")


def _find(amendments: list[Amendment], amendment_id: str) -> Amendment:
    found = [a for a in amendments if a.id == amendment_id]
    if found:
        return found[0]
    close = [m[0] for m in process.extract(amendment_id, [a.id for a in amendments], limit=2)]
    raise TreatyError(amendment_id, "no amendment with this id",
                      f"did you mean {' or '.join(close)}?" if close else "see `treaty amendments`")


def update_amendment(root: Path, amendment_id: str,
                     change: Callable[[Amendment], Amendment], command: str = "status") -> Amendment:
    """Load the proposal, apply the pure `change` to it (`lifecycle`), write it back: a
    read-modify-write under the workspace lock, so two writers never lose each other's entry."""
    with workspace_lock(root, command):
        loaded = load(root)
        updated = change(_find(loaded.amendments, amendment_id))
        atomic_write(Path(updated.path), amendment_to_xml(updated))
    return updated


def _date(today: str | None) -> str:
    return check_date(today, "--date") if today else today_iso()


def set_status(root: Path, amendment_id: str, status: str, note: str = "",
               today: str | None = None, force: bool = False) -> Amendment:
    """Change a proposal's status by the rules of `lifecycle.TRANSITIONS`."""
    new = choice(Status, status, status, "status")
    date = _date(today)
    return update_amendment(root, amendment_id,
                            lambda a: lifecycle.change_status(a, new, date, note, force))


def decide(root: Path, amendment_id: str, status: str, note: str = "", commit: bool = True,
           today: str | None = None, force: bool = False) -> tuple[Amendment, str | None]:
    """`set_status`, then its git commit by the secretariat (`treaty status`, the web API),
    both under the workspace lock."""
    with workspace_lock(root, "status"):
        updated = set_status(root, amendment_id, status, note, today=today, force=force)
        return updated, record.status(root, updated, commit)


def status_command(root: Path, amendment_id: str, status: str, note: str, force: bool = False,
                   date: str = "", commit: bool = True) -> None:
    a, done = decide(root, amendment_id, status, note, commit, today=date or None, force=force)
    forced = " (forced)" if a.history[-1].forced else ""
    echo(f"{a.id}: {a.history[-1].previous} -> {a.status}{forced}")
    record.say(done)


def take_position(root: Path, amendment_id: str, code: str, position: str, note: str = "",
                  today: str | None = None) -> Amendment:
    """`treaty support` / `treaty oppose`: a delegation's position, dated in the history."""
    load(root).registry.get(code)
    date = _date(today)
    act = lifecycle.support if position == "support" else lifecycle.oppose
    return update_amendment(root, amendment_id, lambda a: act(a, code, date, note), position)


def declare(root: Path, amendment_id: str, code: str, stance: str, note: str = "",
            commit: bool = True, today: str | None = None) -> tuple[Amendment, str | None]:
    """`take_position`, then its git commit by the delegation (`treaty support/oppose`, the
    web API), both under the workspace lock."""
    with workspace_lock(root, stance):
        updated = take_position(root, amendment_id, code, stance, note, today=today)
        return updated, record.position(root, updated, code, stance, commit)


def position_command(root: Path, amendment_id: str, code: str, position: str, note: str,
                     date: str, commit: bool = True) -> None:
    a, done = declare(root, amendment_id, code, position, note, commit, today=date or None)
    if position == "support":
        echo(f"{a.id}: {code} supports it (supporters: {', '.join(a.supporters)})")
    else:
        echo(f"{a.id}: {code} opposes it (opponents: {', '.join(a.opponents)})")
    record.say(done)


def withdraw(root: Path, amendment_id: str, note: str = "", today: str | None = None,
             ) -> Amendment:
    date = _date(today)
    return update_amendment(root, amendment_id, lambda a: lifecycle.withdraw(a, date, note),
                            "withdraw")


def withdraw_command(root: Path, amendment_id: str, note: str, date: str,
                     commit: bool = True) -> None:
    with workspace_lock(root, "withdraw"):
        a = withdraw(root, amendment_id, note, today=date or None)
        done = record.withdrawal(root, a, commit)
    echo(f"{a.id}: {a.history[-1].previous} -> withdrawn")
    record.say(done)


# -- propose-from-docx ----------------------------------------------------------------------


def read_author_map(path: Path, reg: Registry) -> dict[str, str]:
    """The ``--author-map`` file: ``author,CODE`` (CSV) or ``author<TAB>CODE`` lines."""
    try:
        text = read_bytes(path).decode("utf-8-sig")
    except TreatyError as exc:
        if exc.problem.what == "file not found":
            raise TreatyError(str(path), "author map not found",
                              "check the path of --author-map") from None
        raise
    except UnicodeDecodeError as exc:
        raise TreatyError(str(path), f"cannot read the author map ({exc})",
                          "give a UTF-8 CSV/TSV file of 'author,CODE' lines") from None
    from ..docx_changes import parse_author_map

    return parse_author_map(text, str(path), reg)


@dataclass
class DocxReport:
    written: list[tuple[Path | None, Amendment, int, str]]
    """(file written (None in a dry run), amendment, docx paragraph, author)."""
    unanchored: list[Unanchored]
    authors: dict[str, str]
    formatting_changes: int = 0
    skipped: list[tuple[str, Amendment, int, str]] = field(default_factory=list)
    """(id of the existing amendment, the same proposal, paragraph, author): already
    proposed, e.g. when the same file is read twice."""


def propose_from_docx(root: Path, source: Path, by: str | None = None,
                      author_map: Path | None = None, session: str = "",
                      dry_run: bool = False) -> DocxReport:
    """Read `source`, turn its tracked changes into proposals in workspace `root` (the
    workspace is loaded once; each proposal is checked against it and written), under the
    workspace lock unless it is a dry run, so a concurrent writer's proposals are seen."""
    if dry_run:
        return _propose_from_docx(root, source, by, author_map, session, dry_run)
    with workspace_lock(root, "propose-from-docx"):
        return _propose_from_docx(root, source, by, author_map, session, dry_run)


def _propose_from_docx(root: Path, source: Path, by: str | None, author_map: Path | None,
                       session: str, dry_run: bool) -> DocxReport:
    from ..docx_changes import Unanchored, comparable, harvest

    loaded = load_valid(root)
    reg, doc = loaded.registry, loaded.ws.document
    data = read_bytes(source)
    mapping = read_author_map(author_map, reg) if author_map is not None else None
    found: Harvest = harvest(doc, data, str(source), reg, by=by, author_map=mapping,
                             session=session)
    written: list[tuple[Path | None, Amendment, int, str]] = []
    skipped: list[tuple[str, Amendment, int, str]] = []
    unanchored = list(found.unanchored)
    existing = {(a.proposers, a.changes): a.id for a in loaded.amendments}
    ids = {a.id for a in loaded.amendments}
    for k, a in enumerate(found.amendments):
        para, author = found.sources[k]
        twin = existing.get((a.proposers, comparable(a.changes)))
        if twin:
            skipped.append((twin, a, para, author))
            continue
        if dry_run:
            written.append((None, a, para, author))
            continue
        try:
            path = write_new(loaded.ws.amendments_dir, prepared(a, doc, reg), doc, ids)
        except TreatyError as exc:
            unanchored.append(Unanchored.of(para, author, a, exc.problem.what))
            continue
        written.append((path, a, para, author))
    unanchored.sort(key=lambda u: u.paragraph)
    return DocxReport(written, unanchored, found.authors, found.formatting_changes, skipped)


def propose_from_docx_command(root: Path, source: Path, by: str | None, author_map: Path | None,
                              session: str, dry_run: bool, strict: bool, commit: bool = True) -> int:
    from ..docx_changes import summary

    recorded = None
    if dry_run:
        report = propose_from_docx(root, source, by=by, author_map=author_map, session=session,
                                   dry_run=True)
    else:
        with workspace_lock(root, "propose-from-docx"):  # the proposals and their commit
            report = propose_from_docx(root, source, by=by, author_map=author_map,
                                       session=session)
            written = [(path, a) for path, a, _para, _author in report.written if path is not None]
            if written:
                recorded = record.proposals_from_docx(root, written, load(root).ws.document, commit)
    for path, a, para, author in report.written:
        head = f"would write ({a.proposers[0]})" if path is None else f"wrote {path}"
        echo(f"{head}: {summary(a)} [paragraph {para}, {author or 'no author'}]")
    for twin, a, para, _author in report.skipped:
        echo(f"already proposed as {twin}: {summary(a)} [paragraph {para}]")
    for miss in report.unanchored:
        warn(f"not anchored: {miss}")
    if report.formatting_changes:
        warn(f"note: {report.formatting_changes} formatting-only change(s) ignored")
    echo(f"{len(report.written)} proposal(s) {'found' if dry_run else 'written'}, "
         f"{len(report.unanchored)} change(s) not anchored")
    record.say(recorded)
    return 1 if report.unanchored and strict else 0
