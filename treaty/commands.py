"""What each CLI command does, as plain functions (the CLI only parses and prints).

This is the I/O edge: it loads workspaces and amendment files, calls the pure core
(anchor, compile, render) and writes results atomically.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import workspace
from .amend import load_amendments
from .amend.anchor import Anchoring, Unlocated, anchor
from .amend.format import amendment_to_xml
from .citations import article_index, article_of, article_wid, resolve
from .delegations import registry
from .fileio import create_new
from .model import (
    CLOSED,
    PENDING,
    STATUSES,
    Amendment,
    Change,
    Document,
    HistoryEntry,
    Metadata,
    Problem,
    TreatyError,
    Unit,
)
from .progress import stage
from .readers import ReadResult, read

# -- init / import --------------------------------------------------------------------------


def init(directory: Path, title: str, symbol: str = "", label: str = "draft", date: str = "",
         ) -> workspace.Workspace:
    date = date or dt.date.today().isoformat()
    _check_date(date, "--date")
    meta = Metadata(title=title, symbol=symbol, label=label, date=date, version_date=date)
    # AKN requires a body with at least one provision: start with an empty Article 1.
    first = Unit("article", "art_1", "art_1", "Article 1")
    return workspace.create(directory, Document(meta=meta, body=(first,)))


def _check_date(value: str, where: str) -> None:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise TreatyError(where, f"{value!r} is not a date", "write it as YYYY-MM-DD") from None


def import_text(source: Path, into: Path, label: str = "draft", title: str = "", symbol: str = "",
                date: str = "") -> tuple[workspace.Workspace, ReadResult]:
    with stage(f"reading {source}"):
        result = read(source)
    doc = result.document
    meta = doc.meta
    changes = {"label": label}
    if title:
        changes["title"] = title
    if symbol:
        changes["symbol"] = symbol
    if date:
        _check_date(date, "--date")
        changes.update(date=date, version_date=date)
    if not (date or meta.date):
        today = dt.date.today().isoformat()
        changes.update(date=today, version_date=today)
    doc = replace(doc, meta=replace(meta, **changes))
    with stage(f"writing {into}"):
        return workspace.create(into, doc), result


def summary_line(doc: Document, warnings: int) -> str:
    counts: dict[str, int] = {}
    for unit in doc.units():
        counts[unit.kind] = counts.get(unit.kind, 0) + 1
    parts = [f"{counts.get(k, 0)} {k}s" for k in ("chapter", "article", "paragraph", "point")]
    parts.append(f"{counts.get('recital', 0)} recitals")
    return f"imported {', '.join(parts)}, {doc.word_count()} words; {warnings} warning(s)"


# -- loading a workspace with its proposals -------------------------------------------------


@dataclass(frozen=True)
class Loaded:
    ws: workspace.Workspace
    amendments: list[Amendment]
    problems: list[Problem]


def load(root: Path) -> Loaded:
    ws = workspace.load(root)
    amendments, problems = load_amendments(ws.amendments_dir, registry(ws.root))
    return Loaded(ws, amendments, problems)


# -- check ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    info: list[str] = field(default_factory=list)
    ok_line: str = ""


def check(root: Path) -> CheckReport:
    """Everything `treaty check` verifies; problems are collected, not raised."""
    from . import akn

    problems: list[Problem] = []
    info: list[str] = []
    if not workspace.is_workspace(root):
        raise TreatyError(str(root), "not a workspace (no treaty.xml)",
                          "run `treaty init DIR` or `treaty import SOURCE --into DIR`")
    try:
        tree, _files = workspace.assemble(root)
    except TreatyError as exc:
        return CheckReport([exc.problem])
    where = str(root / workspace.TREATY)
    for error in akn.validate(tree):
        problems.append(Problem(where, f"schema: {error}", "fix the AKN markup"))
    try:
        doc = akn.document_from_xml(tree, where)
    except TreatyError as exc:
        return CheckReport(problems + [exc.problem])
    seen_w: dict[str, str] = {}
    for unit in doc.units():
        if unit.kind in ("article", "paragraph", "point", "recital") and not (unit.eid and unit.wid):
            problems.append(Problem(where, f"{unit.kind} {unit.num or ''} has no eId/wId".strip(),
                                    "every amendable unit needs both ids"))
        if unit.wid and unit.wid in seen_w:
            problems.append(Problem(where, f"duplicate wId {unit.wid!r}", "wIds must be unique"))
        seen_w[unit.wid] = unit.eid
    amendments, amendment_problems = load_amendments(root / workspace.AMENDMENTS, registry(root))
    problems.extend(amendment_problems)
    live = [a for a in amendments if a.is_live and a.status != "stale"]
    anchoring = anchor(doc, live)
    by_id = {a.id: a for a in amendments}
    for miss in not_located(doc, live, anchoring):
        a = by_id[miss.amendment]
        problems.append(Problem(a.path, f"{a.id}: {miss}",
                                "fix the target or the words, or mark it stale/withdrawn"))
    adopted = {a.id for a in amendments if a.status == "adopted"}
    for ids in anchoring.conflicts:
        names = ", ".join(ids)
        if len(adopted.intersection(ids)) > 1:
            problems.append(Problem(by_id[ids[0]].path, f"adopted amendments conflict: {names}",
                                    "two adopted proposals change the same words; reject one"))
        else:
            info.append(f"conflict (bracketed alternatives): {names}")
    fuzzy = [s for s in anchoring.sites if s.method == "fuzzy"]
    for s in fuzzy:
        info.append(f"fuzzy: {s.amendment} located in {s.wid} (score {s.score})")
    articles = len(doc.articles())
    ok = (f"{articles} articles, {len(amendments)} amendments, {len(anchoring.sites)} changes "
          f"located, {len(anchoring.conflicts)} conflicts")
    return CheckReport(problems, info, ok)


# -- compile --------------------------------------------------------------------------------


def select(amendments: list[Amendment], by: list[str] | None = None, session: str | None = None,
           status: list[str] | None = None) -> list[Amendment]:
    """Filter proposals by delegation (proposer or supporter), session and status."""
    chosen = amendments
    if by:
        wanted = set(by)
        chosen = [a for a in chosen if wanted & set(a.proposers + a.supporters)]
    if session:
        chosen = [a for a in chosen if a.session == session]
    if status:
        chosen = [a for a in chosen if a.status in status]
    return chosen


def compile_document(root: Path, mode: str = "bracketed", fmt: str = "html",
                     attribution: str = "names", by: list[str] | None = None,
                     session: str | None = None, status: list[str] | None = None,
                     article: str | None = None, include_ad_ref: bool = False,
                     include_closed: bool = False, show_index: bool | None = None,
                     version: str | None = None, strict: bool = False) -> bytes:
    from .compile import compile_bracketed, compile_clean, compile_redline
    from .render import RenderOptions, render

    if mode not in ("bracketed", "clean", "redline"):
        raise TreatyError("--mode", f"unknown mode {mode!r}", "use bracketed, clean or redline")
    if attribution not in ("names", "codes", "none"):
        raise TreatyError("--attribution", f"unknown attribution {attribution!r}",
                          "use names, codes or none")
    loaded = load(root)
    _raise_first(loaded.problems)
    doc = loaded.ws.document
    if version:
        doc = read(loaded.ws.versions_dir / f"{version}.akn.xml").document
    reg = registry(root)
    for code in by or []:
        reg.get(code)
    chosen = select(loaded.amendments, by, session, status)
    if article:
        index = article_index(doc)
        wanted = article_wid(doc, article, index)
        chosen = [a for a in chosen if article_of(a, index) == wanted]
    if not include_closed:
        chosen = [a for a in chosen if a.status not in CLOSED]
    with stage(f"compiling the {mode} text"):
        if mode == "bracketed":
            compiled = compile_bracketed(doc, chosen)
        elif mode == "clean":
            compiled = compile_clean(doc, chosen, include_ad_ref)
        else:
            compiled = compile_redline(doc, chosen, include_ad_ref)
    if strict and compiled.unlocated:
        first = compiled.unlocated[0]
        raise TreatyError(first.amendment, f"{len(compiled.unlocated)} change(s) not located in "
                          f"this text, first: {first}", "run `treaty check`; without --strict "
                          "they are listed in an annex of the draft")
    if show_index is None:  # an unattributed text does not name delegations in its index either
        show_index = attribution != "none"
    options = RenderOptions(attribution=attribution, show_index=show_index,
                            template_dirs=tuple(p for p in [root / "render"] if p.is_dir()),
                            registry=reg)
    with stage(f"writing {fmt.upper()}"):
        return render(compiled, fmt, options)


def _raise_first(problems: list[Problem]) -> None:
    if problems:
        p = problems[0]
        more = f" ({len(problems)} problems; run `treaty check`)" if len(problems) > 1 else ""
        raise TreatyError(p.where, p.what + more, p.hint, p.line)


def write_output(data: bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        workspace.atomic_write(output, data)


# -- propose --------------------------------------------------------------------------------


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "x"


def propose(root: Path, amendment: Amendment) -> Path:
    """Validate a new proposal against the text and write it as a new file (never
    overwriting: the file is created exclusively, so two runs cannot take one id)."""
    loaded = load(root)
    doc = loaded.ws.document
    amendment = checked_proposal(doc, registry(root), amendment)
    return _write_new_proposal(loaded, doc, amendment, loaded.ws.amendments_dir)


def checked_proposal(doc: Document, reg, amendment: Amendment) -> Amendment:
    """A new proposal with its targets resolved to wIds, once every change is located
    exactly in `doc` (else the one-line error `treaty propose` prints)."""
    for code in amendment.delegations:
        reg.get(code)
    changes = []
    for change in amendment.changes:
        if change.target:
            change = replace(change, target=resolve(doc, change.target))
        changes.append(change)
    amendment = replace(amendment, changes=tuple(changes),
                        base=amendment.base or doc.meta.label)
    result = anchor(doc, [amendment])
    if result.unlocated:
        miss = result.unlocated[0]
        closest = f" (closest text: {miss.closest!r})" if miss.closest else ""
        raise TreatyError(amendment.id or "proposal", f"{miss.reason}{closest}",
                          "quote the words exactly as they appear in the target")
    if any(s.method == "fuzzy" for s in result.sites):
        s = next(s for s in result.sites if s.method == "fuzzy")
        raise TreatyError(amendment.id or "proposal",
                          f"the words are not in {s.wid} exactly (closest match scores {s.score})",
                          "quote the words exactly as they appear in the target")
    return amendment


def _write_new_proposal(loaded: Loaded, doc: Document, amendment: Amendment, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    existing = {a.id for a in loaded.amendments}
    base_id = amendment.id or _default_id(amendment, doc)
    if amendment.id and amendment.id in existing:
        raise TreatyError(amendment.id, "an amendment with this id already exists",
                          "choose another --id")
    n = 1
    while True:
        candidate = base_id if n == 1 else f"{base_id}-{n}"
        path = folder / f"{candidate}.xml"
        if candidate not in existing:
            data = amendment_to_xml(replace(amendment, id=candidate))
            try:
                create_new(path, data)
            except FileExistsError:
                if amendment.id:
                    raise TreatyError(str(path), "the file already exists",
                                      "choose another --id") from None
                n += 1
                continue
            return path
        n += 1


def _default_id(a: Amendment, doc: Document) -> str:
    session = _slug(a.session) if a.session else "p"
    who = "-".join(c.lower() for c in a.proposers[:3])
    target = a.changes[0].target if a.changes else ""
    art = article_index(doc).get(target, target)
    return f"{session}-{who}-{_slug(art.replace('art_', ''))}"


# -- amendments list and status ------------------------------------------------------------


def not_located(doc: Document, amendments: list[Amendment], anchoring: Anchoring) -> list[Unlocated]:
    """Changes located nowhere: not in the text, and not in a unit another pending
    proposal inserts (a proposal on a proposal is located when the draft is compiled)."""
    if not anchoring.unlocated:
        return []
    from .compile import compile_bracketed

    in_draft = {(u.amendment, u.change) for u in compile_bracketed(doc, amendments).unlocated}
    pending = {a.id for a in amendments if a.status in PENDING}
    return [u for u in anchoring.unlocated
            if (u.amendment, u.change) in in_draft or u.amendment not in pending]


def where_it_lands(a: Amendment, anchoring: Anchoring, missing: list[Unlocated]) -> str:
    sites = anchoring.sites_of(a.id)
    inside_proposals = [u for u in anchoring.unlocated_of(a.id) if u not in missing]
    if a.status == "stale":
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
                    status: str | None = None, session: str | None = None) -> list[dict]:
    loaded = load(root)
    _raise_first(loaded.problems)
    reg = registry(root)
    doc = loaded.ws.document
    if status and status not in STATUSES:
        raise TreatyError("--status", f"unknown status {status!r}", f"use one of {', '.join(STATUSES)}")
    chosen = loaded.amendments
    if by:
        reg.get(by)
        chosen = [a for a in chosen if by in a.delegations]
    if status:
        chosen = [a for a in chosen if a.status == status]
    if session:
        chosen = [a for a in chosen if a.session == session]
    index = article_index(doc)
    units = doc.by_wid()
    if article:
        art = article_wid(doc, article, index)
        chosen = [a for a in chosen if article_of(a, index) == art]
    live = [a for a in chosen if a.is_live and a.status != "stale"]
    anchoring = anchor(doc, live)
    missing = not_located(doc, live, anchoring)
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
            "lands": where_it_lands(a, anchoring, missing),
            "file": a.path,
        })
    return rows


def set_status(root: Path, amendment_id: str, status: str, note: str = "",
               today: str | None = None) -> Amendment:
    if status not in STATUSES:
        raise TreatyError(status, f"unknown status {status!r}", f"use one of {', '.join(STATUSES)}")
    loaded = load(root)
    found = [a for a in loaded.amendments if a.id == amendment_id]
    if not found:
        from rapidfuzz import process

        close = [m[0] for m in process.extract(amendment_id, [a.id for a in loaded.amendments],
                                               limit=2)]
        raise TreatyError(amendment_id, "no amendment with this id",
                          f"did you mean {' or '.join(close)}?" if close else "see `treaty amendments`")
    a = found[0]
    entry = HistoryEntry(today or dt.date.today().isoformat(), status, a.status, note)
    updated = replace(a, status=status, history=a.history + (entry,))
    workspace.atomic_write(Path(a.path), amendment_to_xml(updated))
    return updated


def stats(source: Path) -> dict[str, int]:
    """Counts for `treaty stats`: units, words, brackets, options, proposals."""
    import re as _re

    from .brackets import count

    doc = read(source).document
    counts = {"articles": 0, "paragraphs": 0, "points": 0, "recitals": 0}
    brackets = options = 0
    for unit in doc.units():
        key = unit.kind + "s"
        if key in counts:
            counts[key] += 1
        for block in unit.text + unit.wrap_up:
            brackets += count(block)
            options += len(_re.findall(r"\bOption\s+[0-9A-Z]+\b", block))
    proposals = 0
    if source.is_dir() and (source / workspace.AMENDMENTS).is_dir():
        proposals = len(list((source / workspace.AMENDMENTS).glob("*.xml")))
    return {**counts, "words": doc.word_count(), "brackets": brackets, "options": options,
            "proposals": proposals}


def change_from_options(target: str, replace: str | None = None, with_: str | None = None,
                        insert: str | None = None, after: str | None = None,
                        before: str | None = None, delete: str | None = None,
                        delete_unit: bool = False, substitute: str | None = None) -> Change:
    """The one change described by `treaty propose` options."""
    given = [k for k, v in (("--replace", replace), ("--insert", insert), ("--delete", delete),
                            ("--substitute", substitute)) if v is not None] + (
        ["--delete-unit"] if delete_unit else [])
    if len(given) != 1:
        raise TreatyError("propose", "give exactly one of --replace, --insert, --delete, "
                          "--delete-unit, --substitute", f"got {', '.join(given) or 'none'}")
    if replace is not None or substitute is not None:
        if with_ is None:
            raise TreatyError("propose", "--replace/--substitute need --with", "add --with NEW")
        if substitute is not None:
            return Change("substitute", target if target not in ("", "all") else "", substitute, with_)
        return Change("replace", target, replace, with_)
    if insert is not None:
        if after is not None:
            return Change("insert", target, after, insert, where="after")
        if before is not None:
            return Change("insert", target, before, insert, where="before")
        return Change("insert", target, "", insert, where="end")
    if delete is not None:
        return Change("delete", target, delete)
    return Change("delete-unit", target)


def propose_from_options(root: Path, change: Change, by: list[str], supported_by: list[str],
                         opposed_by: list[str], session: str = "", date: str = "", id: str = "",
                         note: str = "", status: str = "proposed") -> Path:
    return propose(root, amendment_from_options(change, by, supported_by, opposed_by, session, date,
                                                id, note, status))


def amendment_from_options(change: Change, by: list[str], supported_by: list[str],
                           opposed_by: list[str], session: str = "", date: str = "", id: str = "",
                           note: str = "", status: str = "proposed") -> Amendment:
    """The proposal `treaty propose` options describe (checked, not yet located)."""
    if status not in STATUSES:
        raise TreatyError("--status", f"unknown status {status!r}", f"use one of {', '.join(STATUSES)}")
    date = date or dt.date.today().isoformat()
    _check_date(date, "--date")
    if id and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]*", id):
        raise TreatyError("--id", f"{id!r} is not a valid id", "use letters, digits, '-', '_' and '.'")
    return Amendment(id=id, proposers=tuple(by), changes=(change,),
                     supporters=tuple(supported_by), opponents=tuple(opposed_by),
                     session=session, date=date, status=status, note=note)
