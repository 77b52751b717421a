"""The life of a proposal: which status changes are allowed, and the positions delegations
take on it in the room (support, oppose, withdraw). Pure: every function returns the
updated `Amendment` with a dated `HistoryEntry`, or raises `TreatyError` with one line
saying why not.

The rules (docs/status.md shows the same table; a test keeps them equal):

>>> sorted(str(s) for s in TRANSITIONS["proposed"])
['adopted', 'agreed-ad-ref', 'rejected', 'withdrawn']
>>> a = Amendment("p1", ("USA",), ())
>>> change_status(a, Status.ADOPTED, "2026-01-05").status == "adopted"
True
>>> change_status(replace(a, status=Status.STALE), Status.ADOPTED, "2026-01-05")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
treaty.model.TreatyError: p1: stale -> adopted is not allowed: a stale proposal no longer ...

An applied proposal (in a consolidated version) is history: it cannot change status
without ``--force``, which needs a note and is recorded as forced.
"""

from __future__ import annotations

from dataclasses import replace

from .model import Amendment, HistoryEntry, Status, TreatyError, every_status

# Status -> {allowed next status: what the change means}, checked at import to have a row
# for every status (a Status compares equal to its word, so lookups by word work too).
TRANSITIONS: dict[str, dict[str, str]] = every_status({
    Status.PROPOSED: {
        Status.AGREED_AD_REF: "agreed ad referendum, pending confirmation",
        Status.ADOPTED: "adopted by the committee",
        Status.REJECTED: "rejected by the committee",
        Status.WITHDRAWN: "withdrawn by its proposer",
    },
    Status.AGREED_AD_REF: {
        Status.ADOPTED: "the ad referendum agreement is confirmed",
        Status.PROPOSED: "the ad referendum agreement is not confirmed; back under negotiation",
        Status.REJECTED: "rejected by the committee",
        Status.WITHDRAWN: "withdrawn by its proposer",
    },
    Status.ADOPTED: {
        Status.PROPOSED: "reopened before consolidation",
        Status.AGREED_AD_REF: "reopened before consolidation, ad referendum",
    },
    Status.REJECTED: {
        Status.PROPOSED: "reconsidered",
    },
    Status.WITHDRAWN: {
        Status.PROPOSED: "tabled again by its proposer",
    },
    Status.STALE: {
        Status.PROPOSED: "re-anchored to the current text",
        Status.WITHDRAWN: "withdrawn by its proposer",
        Status.REJECTED: "rejected by the committee",
    },
})

WHY_NOT: dict[str, str] = every_status({
    Status.STALE: "a stale proposal no longer matches the text; re-table it against the "
                  "current text",
    Status.ADOPTED: "an adopted proposal can only be reopened (proposed or agreed-ad-ref) "
                    "before consolidation",
    Status.REJECTED: "a rejected proposal can only be reconsidered (set it to proposed first)",
    Status.WITHDRAWN: "a withdrawn proposal can only be tabled again (set it to proposed "
                      "first)",
    Status.PROPOSED: "stale is set by consolidation when a proposal no longer matches the text",
    Status.AGREED_AD_REF: "stale is set by consolidation when a proposal no longer matches the "
                          "text",
})


def refusal(a: Amendment, new: Status) -> str:
    """Why `a` cannot go to status `new` (empty if it can)."""
    if a.applied_in:
        return (f"{a.id} is applied in version {a.applied_in}; an applied proposal cannot be "
                "reopened or changed")
    if new in TRANSITIONS.get(a.status, {}):
        return ""
    return f"{a.status} -> {new} is not allowed: {WHY_NOT.get(a.status, 'see docs/status.md')}"


def change_status(a: Amendment, new: Status, date: str, note: str = "", force: bool = False,
                  ) -> Amendment:
    """`a` with status `new`, the change recorded in its history (``forced`` if it broke
    the rules under `force`, which needs a `note`)."""
    if new == a.status:
        raise TreatyError(a.id, f"is already {new}", "nothing to change")
    why = refusal(a, new)
    if why and not force:
        raise TreatyError(a.id, why, "--force with --note overrides (recorded in the history)")
    if why and not note.strip():
        raise TreatyError("--force", "forcing a status change needs a reason",
                          "add --note saying why (it is kept in the history)")
    entry = HistoryEntry(date, new, a.status, note, "status", "", bool(why))
    updated = replace(a, status=new, history=a.history + (entry,))
    if a.applied_in:
        updated = replace(updated, applied_in="")  # forced open again: to be applied anew
    if new != Status.STALE:
        updated = replace(updated, stale_reason="")
    return updated


def _position(a: Amendment, code: str, date: str, event: str, note: str) -> Amendment:
    if a.applied_in or a.status not in (Status.PROPOSED, Status.AGREED_AD_REF, Status.STALE):
        raise TreatyError(a.id, f"is {a.status}" + (f" (applied in {a.applied_in})"
                                                    if a.applied_in else ""),
                          "positions are taken on pending proposals")
    if code in a.proposers:
        raise TreatyError(a.id, f"{code} proposed it",
                          "a proposer supports its own proposal; use `treaty withdraw` to drop it")
    mine, other = (a.supporters, a.opponents) if event == "support" else (a.opponents, a.supporters)
    if code in mine:
        verb = "supports" if event == "support" else "opposes"
        raise TreatyError(a.id, f"{code} already {verb} it", "nothing to change")
    mine = mine + (code,)
    other = tuple(c for c in other if c != code)
    supporters, opponents = (mine, other) if event == "support" else (other, mine)
    entry = HistoryEntry(date, a.status, a.status, note, event, code)
    return replace(a, supporters=supporters, opponents=opponents, history=a.history + (entry,))


def support(a: Amendment, code: str, date: str, note: str = "") -> Amendment:
    """`code` supports `a` (and no longer opposes it, if it did)."""
    return _position(a, code, date, "support", note)


def oppose(a: Amendment, code: str, date: str, note: str = "") -> Amendment:
    """`code` opposes `a` (and no longer supports it, if it did)."""
    return _position(a, code, date, "oppose", note)


def withdraw(a: Amendment, date: str, note: str = "") -> Amendment:
    """The proposer withdraws `a`: a status change to ``withdrawn`` by the rules above."""
    if a.status == Status.WITHDRAWN:
        raise TreatyError(a.id, "is already withdrawn", "nothing to change")
    why = refusal(a, Status.WITHDRAWN)
    if why:
        raise TreatyError(a.id, why, "reopen it first (`treaty status ID proposed`)")
    entry = HistoryEntry(date, Status.WITHDRAWN, a.status, note, "withdraw",
                         a.proposers[0] if a.proposers else "")
    return replace(a, status=Status.WITHDRAWN, history=a.history + (entry,))
