"""Merging two offices' versions of one amendment file (git's three-way merge, per field).

Two offices that both changed the same proposal - one recorded a status, the other a new
supporter - must not get a text conflict on a few lines of XML. `merge_amendments` takes
the common ancestor and both sides and merges field by field:

- history entries (status changes and positions taken): the union, in date order (entries
  of the same day keep the order ancestor, ours, theirs); when both sides changed the
  status, the later of their last status changes wins;
- supporters and opponents: both sides' additions and removals (a delegation that one side
  moved from supporters to opponents ends up an opponent);
- every other field (the words of the changes, proposers, note, ...): taken from the side
  that changed it; changed differently on both sides is a real conflict.

A real conflict is left to git as a conflict (`treaty merge-driver` writes the usual
conflict markers and a note saying which fields differ).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .model import Amendment, HistoryEntry

SCALARS = ("id", "proposers", "changes", "session", "date", "base", "note", "applied_in",
           "stale_reason")


@dataclass(frozen=True)
class Merged:
    amendment: Amendment | None
    conflicts: tuple[str, ...] = ()


def _three_way(base, ours, theirs):
    """(value, conflict?) of one field."""
    if ours == theirs:
        return ours, False
    if ours == base:
        return theirs, False
    if theirs == base:
        return ours, False
    return ours, True


def _merge_codes(base: Sequence[str], ours: Sequence[str], theirs: Sequence[str]) -> tuple[str, ...]:
    removed = (set(base) - set(ours)) | (set(base) - set(theirs))
    merged = [c for c in ours if c not in removed]
    merged += [c for c in theirs if c not in removed and c not in merged]
    return tuple(merged)


def _merge_history(base: Sequence[HistoryEntry], ours: Sequence[HistoryEntry],
                   theirs: Sequence[HistoryEntry]) -> tuple[HistoryEntry, ...]:
    seen: list[HistoryEntry] = []
    for entry in (*base, *ours, *theirs):
        if entry not in seen:
            seen.append(entry)
    return tuple(sorted(seen, key=lambda e: e.date))  # stable: same day keeps the order above


STATUS_EVENTS = ("", "status", "withdraw")
"""History events that change the status (positions taken do not)."""


def _status_changes(entries: Sequence[HistoryEntry], known: Sequence[HistoryEntry]) -> list[HistoryEntry]:
    return [e for e in entries if e.event in STATUS_EVENTS and e not in known]


def merge_amendments(base: Amendment | None, ours: Amendment, theirs: Amendment) -> Merged:
    """The merge of `ours` and `theirs` (both descended from `base`; None: both added it)."""
    ancestor = base if base is not None else Amendment(id="", proposers=(), changes=())
    conflicts: list[str] = []
    values = {}
    for name in SCALARS:
        value, clash = _three_way(getattr(ancestor, name), getattr(ours, name), getattr(theirs, name))
        values[name] = value
        if clash:
            conflicts.append(name)
    supporters = _merge_codes(ancestor.supporters, ours.supporters, theirs.supporters)
    opponents = _merge_codes(ancestor.opponents, ours.opponents, theirs.opponents)
    both = sorted(set(supporters) & set(opponents))
    if both:
        conflicts.append(f"supporters/opponents ({', '.join(both)} on both lists)")
    history = _merge_history(ancestor.history, ours.history, theirs.history)
    status, clash = _three_way(ancestor.status, ours.status, theirs.status)
    if clash:  # both changed the status: the later of their last status changes wins
        ours_new = _status_changes(ours.history, ancestor.history)
        theirs_new = _status_changes(theirs.history, ancestor.history)
        if not ours_new or not theirs_new:
            conflicts.append("status")
        else:
            last_ours, last_theirs = ours_new[-1], theirs_new[-1]
            if last_ours.date == last_theirs.date:
                conflicts.append(f"status ({last_ours.status} and {last_theirs.status} on the "
                                 f"same day, {last_ours.date})")
            else:
                status = max(last_ours, last_theirs, key=lambda e: e.date).status
    if conflicts:
        return Merged(None, tuple(conflicts))
    merged = replace(ours, **values, supporters=supporters, opponents=opponents, history=history,
                     status=status)
    return Merged(merged)
