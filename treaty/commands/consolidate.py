"""``treaty consolidate``: the next version, written entirely or not at all."""

from __future__ import annotations

from pathlib import Path

from .. import txn
from ..consolidate import Plan, VersionCitations, plan
from ..lock import locked, workspace_lock
from ..progress import stage
from . import record
from .common import echo, load_valid


@locked("consolidate")
def consolidate(root: Path | str, label: str, title: str = "", symbol: str = "", date: str = "",
                include_ad_ref: bool = False, keep_numbers: bool = False,
                force: bool = False) -> Plan:
    """Plan the next version of the workspace at `root` and write it in one transaction
    (files whose bytes do not change are left alone)."""
    root = Path(root)
    loaded = load_valid(root, "run `treaty check` and fix it first")
    result = plan(loaded.ws, loaded.amendments, label, title=title, symbol=symbol, date=date,
                  include_ad_ref=include_ad_ref, keep_numbers=keep_numbers, force=force)
    unchanged = {rel for rel, data in result.files.items()
                 if data is not None and (root / rel).is_file() and (root / rel).read_bytes() == data}
    txn.commit(root, {rel: data for rel, data in result.files.items() if rel not in unchanged})
    return result


def consolidate_command(root: Path, label: str, title: str, symbol: str, date: str,
                        include_ad_ref: bool, keep_numbers: bool, force: bool,
                        commit: bool = True) -> None:
    with stage(f"consolidating into {label}"), workspace_lock(root, "consolidate"):
        done = consolidate(root, label, title=title, symbol=symbol, date=date,
                           include_ad_ref=include_ad_ref, keep_numbers=keep_numbers, force=force)
        recorded = record.consolidation(root, done, label, commit)
    echo(f"snapshot: {done.snapshot}")
    echo(f"applied {len(done.applied)}: {', '.join(done.applied) or '-'}")
    for new, former, wid in done.concordance:
        echo(f"  {former} -> {new} ({wid})")
    if done.citations_report:
        _citations("citations", VersionCitations(
            "", done.citations_changed, done.citations_unresolved, done.citations_external,
            done.citations_report))
    if done.languages:
        echo(f"language versions consolidated too: {', '.join(done.languages)}")
    for v in done.version_citations:
        _citations(f"citations in the {v.language} text", v)
    missing: dict[str, list[str]] = {}
    for code, amendment_id in done.untranslated:
        missing.setdefault(amendment_id, []).append(code)
    for amendment_id, codes in missing.items():
        echo(f"{amendment_id}: not applied to the {', '.join(codes)} text (no wording for it; "
             "add one with `treaty translate`)")
    echo(f"carried over {len(done.carried)} pending proposal(s)")
    for amendment_id, reason in done.stale:
        echo(f"stale: {amendment_id}: {reason}")
    echo(f"now at version {label}")
    record.say(recorded)


def _citations(title: str, v: VersionCitations) -> None:
    """What happened to one text's citations: a summary line, then each change and each
    citation kept as written because it cites nothing."""
    echo(f"{title}: {len(v.changed)} changed, {len(v.unresolved)} not resolved (kept as "
         f"written), {len(v.external)} of other instruments left alone; listed in {v.report}")
    for c in v.changed:
        echo(f"  {c.wid}: {c.citation}: {c.before} -> {c.after}")
    for p in v.unresolved:
        echo(f"  not resolved: {p.wid}: {p.written!r}: {p.reason} ({p.context})")
