"""``treaty init``, ``treaty import``, ``treaty check`` and ``treaty stats``: making a
workspace, reading a text into one, and checking or counting what it holds."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .. import akn, history, import_check, language_versions, languages, txn, workspace
from ..amend import amendment_files, ignored_files, load_amendments
from ..amend.anchor import anchor
from ..bracket_count import Unmatched, lines_of, scan, units_of
from ..compile import not_located
from ..delegations import registry
from ..fileio import read_bytes
from ..lock import LOCK, OWNER, workspace_lock
from ..model import Amendment, Document, Metadata, Problem, Status, TreatyError, Unit
from ..names import check_name, has_bidi
from ..progress import stage
from ..readers import ReadResult, read
from ..readers.akn import normalise
from . import record
from .common import check_date, echo, raise_first, today_iso, warn

# -- init / import --------------------------------------------------------------------------


def init(directory: Path, title: str, symbol: str = "", label: str = "draft", date: str = "",
         ) -> workspace.Workspace:
    check_name(label, "version label", "--label")
    date = check_date(date, "--date") if date else today_iso()
    meta = Metadata(title=title, symbol=symbol, label=label, date=date, version_date=date)
    # AKN requires a body with at least one provision: start with an empty Article 1.
    first = Unit("article", "art_1", "art_1", "Article 1")
    return _create(directory, Document(meta=meta, body=(first,)), "init")


def _create(into: Path, doc: Document, command: str) -> workspace.Workspace:
    """Write a new workspace under the workspace lock (taken once the input is known good,
    so a refused command leaves no folder behind)."""
    with workspace_lock(into, command, create=True):
        return workspace.create(into, doc)


def init_command(directory: Path, title: str, symbol: str, label: str, date: str,
                 git: bool = False, commit: bool = True) -> None:
    """``treaty init``; with `git` the folder becomes a git repository. In a repository the
    new workspace gets the merge driver for amendment files and its first commit."""
    ws = init(directory, title=title, symbol=symbol, label=label, date=date)
    if git:
        history.init_repository(ws.root)
    echo(f"created workspace {ws.root} ({label})")
    record.say(record.new_workspace(ws.root, f"new workspace '{title}'", commit))


def import_text(source: Path, into: Path, label: str = "draft", title: str = "", symbol: str = "",
                date: str = "", language: str = "") -> tuple[workspace.Workspace, ReadResult]:
    """Read `source` into a new workspace; with `language`, into an existing workspace as
    that language version (aligned to the main text's units, see `language_versions`)."""
    code = language_versions.check_code(language) if language else ""
    if code and workspace.is_workspace(into):
        return import_language_version(source, into, code)
    check_name(label, "version label", "--label")
    with stage(f"reading {source}"):
        result = read(source, **({"language": code} if code else {}))
    doc = result.document
    meta = doc.meta
    changes: dict[str, Any] = {"label": label}
    if title:
        changes["title"] = title
    if symbol:
        changes["symbol"] = symbol
    if date:
        check_date(date, "--date")
        changes.update(date=date, version_date=date)
    if not (date or meta.date):
        changes.update(date=today_iso(), version_date=today_iso())
    doc = replace(doc, meta=replace(meta, **changes))
    with stage("checking that nothing is lost"):
        problems = verify_import(source, doc)
    if problems:
        raise_first(problems)
    with stage(f"writing {into}"):
        ws = _create(into, doc, "import")
    report = check(into)
    if report.problems:
        _remove_created(into, ws)
        raise_first(report.problems)
    return ws, result


def verify_import(source: Path, doc: Document) -> list[Problem]:
    """The import invariant (`import_check.verify`), with the source XML for AKN files."""
    root = None
    if not source.is_dir():
        data = read_bytes(source)
        if source.suffix.lower() == ".xml" or data.lstrip()[:5] == b"<?xml":
            root, _ = normalise(akn.parse_bytes(data, str(source)), str(source))
    return import_check.verify(doc, str(source), root)


def _remove_created(into: Path, ws: workspace.Workspace) -> None:
    """Take back the files a failed import wrote (only those, the lock files it left, and
    folders left empty)."""
    for rel in [workspace.TREATY, *ws.files.values(), LOCK, OWNER]:
        (into / rel).unlink(missing_ok=True)
    for folder in (into / workspace.ARTICLES, into / workspace.AMENDMENTS, into):
        try:
            folder.rmdir()
        except OSError:
            pass


def import_language_version(source: Path, root: Path, code: str,
                            ) -> tuple[workspace.Workspace, ReadResult]:
    """Add (or replace) the `code` version of the workspace at `root`: read, align its units
    to the main version's (same wIds), write ``languages/<code>/`` all at once."""
    lv = language_versions
    with stage(f"reading {source}"):
        result = read(source, language=code)
    with workspace_lock(root, "import"):  # the main text read and the version written as one
        main = workspace.load(root).document
        if code == lv.main_language(main):
            raise TreatyError(str(source), f"the workspace's main text is already in {code}",
                              "import another language, or the main text into a new workspace")
        doc = lv.align(main, result.document)
        doc = replace(doc, meta=replace(doc.meta, language=languages.get(code).code3))  # AKN too
        txn.commit(root, lv.version_files(root, code, doc))
    return workspace.Workspace(root=lv.version_root(root, code), document=doc), result


def import_command(source: Path, into: Path, label: str, title: str, symbol: str,
                   date: str, language: str = "", commit: bool = True) -> None:
    if language and workspace.is_workspace(into):  # a language version of a workspace
        with workspace_lock(into, "import"):  # the version and its commit
            ws, result = import_text(source, into, language=language)
            done = record.language_version(into, ws.root, source.name, language, commit)
    else:
        ws, result = import_text(source, into, label=label, title=title, symbol=symbol,
                                 date=date, language=language)
        done = record.new_workspace(ws.root, f"imported {source.name} as {ws.document.meta.label}",
                                    commit)
    for problem in result.warnings:
        warn(f"warning: {problem}")
    echo(summary_line(ws.document, len(result.warnings)))
    echo(f"wrote workspace {ws.root}")
    record.say(done)


def summary_line(doc: Document, warnings: int) -> str:
    counts: dict[str, int] = {}
    for unit in doc.units():
        counts[unit.kind] = counts.get(unit.kind, 0) + 1
    provision = doc.provision_kind()  # "8 sections" for an act built of sections
    parts = [f"{counts.get(k, 0)} {k}s" for k in ("chapter", provision, "paragraph", "point")]
    parts.append(f"{counts.get('recital', 0)} recitals")
    return f"imported {', '.join(parts)}, {doc.word_count()} words; {warnings} warning(s)"


# -- check ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    info: list[str] = field(default_factory=list)
    ok_line: str = ""


def check(root: Path) -> CheckReport:
    """Everything `treaty check` verifies; problems are collected, not raised."""
    problems: list[Problem] = []
    info: list[str] = []
    if not workspace.is_workspace(root):
        raise TreatyError(str(root), "not a workspace (no treaty.xml)",
                          "run `treaty init DIR` or `treaty import SOURCE --into DIR`")
    try:
        # an interrupted change is rolled back (a running one waited for) before any read
        txn.recover(root, wait=txn.READER_WAIT)
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
    try:
        check_name(doc.meta.label, "version label (FRBRversionNumber)", where)
    except TreatyError as exc:
        problems.append(exc.problem)
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
    for a in amendments:
        if any(has_bidi(t) for c in a.changes for t in (c.old, c.new)):
            info.append(f"warning: {a.path}: {a.id} holds bidirectional control characters; "
                        "drafts show them as ⟨U+202E⟩ so they cannot reorder the text")
    for path in ignored_files(root / workspace.AMENDMENTS):
        info.append(f"warning: {path}: ignored (not an .xml amendment file); move it out of "
                    "amendments/ or rename it")
    live = [a for a in amendments if a.is_live and a.status != Status.STALE]
    version_problems, version_info, live = _check_language_versions(root, doc, live)
    problems.extend(version_problems)
    info.extend(version_info)
    anchoring = anchor(doc, live)
    by_id = {a.id: a for a in amendments}
    for miss in not_located(doc, live, anchoring):
        a = by_id[miss.amendment]
        problems.append(Problem(a.path, f"{a.id}: {miss}",
                                "fix the target or the words, or mark it stale/withdrawn"))
    adopted = {a.id for a in amendments if a.status == Status.ADOPTED}
    for ids in anchoring.conflicts:
        names = ", ".join(ids)
        if len(adopted.intersection(ids)) > 1:
            problems.append(Problem(by_id[ids[0]].path, f"adopted amendments conflict: {names}",
                                    "two adopted proposals change the same words; reject one"))
        elif adopted.intersection(ids):
            (taken,) = adopted.intersection(ids)
            others = ", ".join(i for i in ids if i != taken)
            info.append(f"overtaken by adopted {taken} (listed in the draft's annex): {others}")
        else:
            info.append(f"conflict (bracketed alternatives): {names}")
    fuzzy = [s for s in anchoring.sites if s.method == "fuzzy"]
    for s in fuzzy:
        info.append(f"fuzzy: {s.amendment} located in {s.wid} (score {s.score})")
    articles = len(doc.articles())
    ok = (f"{articles} articles, {len(amendments)} amendments, {len(anchoring.sites)} changes "
          f"located, {len(anchoring.conflicts)} conflicts")
    return CheckReport(problems, info, ok)


def _check_language_versions(root: Path, main: Document, live: list[Amendment],
                             ) -> tuple[list[Problem], list[str], list[Amendment]]:
    """Each language version: valid AKN, the same units as the main text (by wId), and the
    proposals made on it (or translated into it) located in its words. Returns the
    problems, info lines, and the proposals to locate in the main text (its own, or
    translated into its language)."""
    lv = language_versions
    problems: list[Problem] = []
    info: list[str] = []
    main_code = lv.main_language(main)
    codes = lv.version_codes(root)
    for a in live:
        for code in [a.language] + [c for c, _ in a.translations]:
            if code and code != main_code and code not in codes:
                problems.append(Problem(a.path, f"{a.id}: made on or translated into {code!r}, "
                                        "but the workspace has no such language version",
                                        f"import it with `treaty import FILE --into {root} "
                                        f"--language {code}`"))
    folder = root / lv.LANGUAGES_DIR
    for stray in sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []:
        if stray not in codes and not stray.startswith("."):
            problems.append(Problem(str(folder / stray), "not a language version of the text "
                                    "(the folder name must be a language code with a treaty.xml)",
                                    f"name it one of {languages.choices()}, or remove it"))
    main_name = languages.get(main_code).english_name
    for code in codes:
        folder = lv.version_root(root, code)
        where = str(folder / workspace.TREATY)
        try:
            tree, _files = workspace.assemble(folder)
            for error in akn.validate(tree):
                problems.append(Problem(where, f"schema: {error}", "fix the AKN markup"))
            version = akn.document_from_xml(tree, where)
        except TreatyError as exc:
            problems.append(exc.problem)
            continue
        name = languages.get(code).english_name
        difference = lv.compare(main, version)
        for unit in difference.missing:
            problems.append(Problem(where, f"{lv.describe(unit)} of the {main_name} text is "
                                    f"missing in the {name} version",
                                    f"add it to languages/{code} (or re-import the {name} text)"))
        for unit in difference.extra:
            problems.append(Problem(where, f"{lv.describe(unit)} of the {name} version is not in "
                                    f"the {main_name} text", "remove it, or add it to the main text"))
        mine = [replace(a, changes=changes) for a in live
                if (changes := a.changes_for(code, main_code)) is not None]
        located = anchor(version, mine)
        by_id = {a.id: a for a in mine}
        for miss in not_located(version, mine, located):
            a = by_id[miss.amendment]
            problems.append(Problem(a.path, f"{a.id} ({name} version): {miss}",
                                    "fix the target or the words of this language's wording"))
        info.append(f"{name} version: {len(version.articles())} articles, {len(mine)} "
                    f"proposals in {name}")
    own = [replace(a, changes=changes) for a in live
           if (changes := a.changes_for(main_code, main_code)) is not None]
    return problems, info, own


def check_command(root: Path) -> int:
    report = check(root)
    for line in report.info:
        echo(line)
    for problem in report.problems:
        echo(str(problem))
    if report.problems:
        echo(f"{len(report.problems)} problem(s)")
        return 1
    echo("ok: " + report.ok_line)
    return 0


# -- stats ----------------------------------------------------------------------------------

_OPTION = re.compile(r"\bOption\s+[0-9A-Z]+\b")


def stats(source: Path) -> dict[str, int]:
    """Counts for `treaty stats`: units, words, brackets, options, proposals."""
    return stats_report(source)[0]


def stats_report(source: Path) -> tuple[dict[str, int], list[Unmatched]]:
    """`stats` and the brackets left unbalanced (with their line in a text file, their unit
    elsewhere). Brackets are matched across paragraphs (`bracket_count`)."""
    doc = read(source).document
    counts = {"articles": 0, "paragraphs": 0, "points": 0, "recitals": 0}
    options = 0
    provision = doc.provision_kind()
    for unit in doc.units():
        key = "articles" if unit.kind == provision else unit.kind + "s"
        if key in counts:
            counts[key] += 1
        for block in unit.text + unit.wrap_up:
            options += len(_OPTION.findall(block))
    if source.is_file() and source.suffix.lower() in (".txt", ".md", ".markdown", ".text", ""):
        found = scan(lines_of(read_bytes(source).decode("utf-8-sig", errors="replace")))
    else:
        found = scan(units_of(doc))
    proposals = 0
    if source.is_dir() and (source / workspace.AMENDMENTS).is_dir():
        proposals = len(amendment_files(source / workspace.AMENDMENTS))
    return ({**counts, "words": doc.word_count(), "brackets": found.pairs,
             "unbalanced": len(found.unmatched), "options": options, "proposals": proposals},
            list(found.unmatched))


def stats_command(source: Path) -> None:
    counts, unmatched = stats_report(source)
    for name, value in counts.items():
        echo(f"{name:<11}{value:>8}")
    for bracket in unmatched[:20]:
        warn(f"warning: {source}: {bracket}")
    if len(unmatched) > 20:
        warn(f"warning: {source}: {len(unmatched) - 20} more unbalanced bracket(s)")
