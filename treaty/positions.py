"""Who proposed, supported and opposed what: the positions of the delegations.

`positions(amendments, doc, registry)` is pure: from the proposals, the text and the
delegation registry it builds a `Positions` value with

- per provision (an article, or the chapter / preamble / whole text a proposal is scoped
  to): its proposals and how contested it is — the *contests* on it, each either a set of
  competing alternatives (proposals whose changes overlap, i.e. bracketed alternatives in
  the compiled text, found by anchoring) or a proposal that has opponents, with the
  delegations on each side;
- per delegation: the proposals it proposed, supported and opposed, across the text;
- the delegation x proposal matrix (``proposed`` / ``supported`` / ``opposed``);
- an agreement score for every pair of delegations that took a position on a common
  proposal.

Definitions
-----------

*For* a proposal: its proposers and supporters. *Against*: its opponents. Two delegations
**agree** on a proposal when both are for it or both are against it, and **disagree** when
one is for it and the other against. Their **agreement score** is
``agreements / (agreements + disagreements)`` over the proposals on which both took a
position (0.0 = always on opposite sides, 1.0 = always on the same side); a pair with no
common proposal has no score. Backing two *competing* proposals is not counted as a
disagreement: only positions on the same proposal are. Every status counts (a position
taken on a later withdrawn proposal was still taken).

The scores are computed per proposal over the pairs of its participants, so the cost is
the sum of k^2 over proposals with k participants — never delegations^2 x proposals.

Groups: by default a group (``EU``) is one delegation. With ``expand_groups=True`` its
position is counted for each of its members (the European Union *and its member States*):
the members replace the group in the sides, the matrix, the per-delegation view and the
agreement scores. A member that took a position of its own on the proposal keeps it. The
attribution "as tabled" (`Proposal.proposers` ...) is never changed.

JSON (`to_json_dict`, schema ``treaty-positions/1``)::

    {
      "schema": "treaty-positions/1",
      "document": {"title": str, "symbol": str, "label": str},
      "session": str | null,           # the --session filter
      "expand_groups": bool,
      "definitions": {"for": ..., "against": ..., "agreement": ..., "contested": ...},
      "provisions": [{                 # document order
          "key": str,                  # wId of the article (chapter, "preamble"; "" = whole text)
          "label": str, "heading": str,
          "proposals": [id],
          "competing": int,            # proposals in a set of competing alternatives
          "opposed": int,              # proposals with at least one opponent
          "contested": bool,
          "for": [code], "against": [code],   # delegations for / against any proposal here
          "contests": [{"kind": "alternatives" | "opposed", "proposals": [id],
                        "sides": [{"proposal": id, "stance": "for" | "against",
                                   "delegations": [code]}]}]}],
      "proposals": [{"id", "provisions": [key], "status", "session", "date", "note", "what",
                     "proposers": [code], "supporters": [code], "opponents": [code],
                     "for": [code], "against": [code],   # after --expand-groups
                     "competing_with": [id]}],
      "delegations": [{"code", "name", "kind", "proposed": [id], "supported": [id],
                       "opposed": [id], "provisions": [key], "via": [group code]}],
      "matrix": {proposal id: {code: "proposed" | "supported" | "opposed"}},
      "agreement": [{"a": code, "b": code, "agree": int, "disagree": int,
                     "shared": int, "score": float}]       # a < b; pairs with shared >= 1
    }
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from .amend.anchor import anchor
from .delegations import Registry
from .describe import summary, unit_places
from .model import Amendment, Document, Status, every_status

SCHEMA = "treaty-positions/1"
ROLES: tuple[str, ...] = ("proposed", "supported", "opposed")
WHOLE_TEXT = ""

DEFINITIONS: dict[str, str] = {
    "for": "the proposers and supporters of a proposal",
    "against": "the opponents of a proposal",
    "agreement": "two delegations agree on a proposal when both are for it or both against it, "
                 "and disagree when one is for it and the other against; agreement score = "
                 "agreements / (agreements + disagreements) over the proposals on which both "
                 "took a position",
    "contested": "a provision is contested when one of its proposals competes with another "
                 "(their changes overlap: bracketed alternatives) or has opponents",
}


@dataclass(frozen=True)
class Proposal:
    """One proposal's attribution as tabled, and who is for / against it (expanded)."""

    id: str
    provisions: tuple[str, ...]
    status: str
    session: str
    date: str
    note: str
    proposers: tuple[str, ...]
    supporters: tuple[str, ...]
    opponents: tuple[str, ...]
    for_: tuple[str, ...]
    against: tuple[str, ...]
    competing: tuple[str, ...] = ()
    """Ids of the proposals whose changes overlap this one's (bracketed alternatives)."""
    position: int = -1
    """Reading-order rank of the first unit it changes (-1: the whole text or unknown)."""
    amendment: Amendment | None = field(default=None, compare=False, repr=False)
    changes: str = ""
    """What it does, in words, from its changes ("Replace “x” by “y” in paragraph 2")."""

    @property
    def what(self) -> str:
        """What it does: the proposer's note, else the description of its changes."""
        return self.note or self.changes


@dataclass(frozen=True)
class Side:
    proposal: str
    stance: str
    """``for`` or ``against``."""
    delegations: tuple[str, ...]


@dataclass(frozen=True)
class Contest:
    """Competing alternatives (``alternatives``) or one proposal with opponents (``opposed``)."""

    kind: str
    proposals: tuple[str, ...]
    sides: tuple[Side, ...]

    def side(self, proposal: str, stance: str = "for") -> tuple[str, ...]:
        for s in self.sides:
            if s.proposal == proposal and s.stance == stance:
                return s.delegations
        return ()

    @property
    def delegations(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c for s in self.sides for c in s.delegations))


@dataclass(frozen=True)
class Provision:
    key: str
    label: str
    heading: str
    proposals: tuple[str, ...]
    contests: tuple[Contest, ...]
    for_: tuple[str, ...]
    against: tuple[str, ...]
    competing: int
    opposed: int

    @property
    def contested(self) -> bool:
        return bool(self.contests)

    @property
    def title(self) -> str:
        return f"{self.label} ({self.heading})" if self.heading else self.label

    @property
    def divided(self) -> int:
        """Delegations taking part in a contest here (a rough measure of how contested)."""
        return len({c for contest in self.contests for c in contest.delegations})


@dataclass(frozen=True)
class DelegationRecord:
    code: str
    name: str
    kind: str
    proposed: tuple[str, ...]
    supported: tuple[str, ...]
    opposed: tuple[str, ...]
    provisions: tuple[str, ...]
    via: tuple[str, ...] = ()
    """Groups through which positions were counted (``--expand-groups``)."""

    @property
    def total(self) -> int:
        return len(self.proposed) + len(self.supported) + len(self.opposed)


@dataclass(frozen=True)
class Agreement:
    a: str
    b: str
    agree: int
    disagree: int

    @property
    def shared(self) -> int:
        return self.agree + self.disagree

    @property
    def score(self) -> float:
        return self.agree / self.shared if self.shared else 0.0


@dataclass(frozen=True)
class Positions:
    title: str
    symbol: str
    label: str
    session: str | None
    expand_groups: bool
    proposals: tuple[Proposal, ...]
    provisions: tuple[Provision, ...]
    delegations: tuple[DelegationRecord, ...]
    """Every delegation that took a position, most active first."""
    agreements: tuple[Agreement, ...]
    """One entry per pair (a < b) with at least one common proposal, sorted by (a, b)."""
    matrix: Mapping[str, Mapping[str, str]]
    """proposal id -> {delegation code: role}."""
    names: Mapping[str, str]
    """Every code used -> the delegation's name."""
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """With ``expand_groups``: each expanded group -> its members."""
    _pairs: Mapping[tuple[str, str], Agreement] = field(default_factory=dict, repr=False,
                                                         compare=False)
    _by_id: Mapping[str, Proposal] = field(default_factory=dict, repr=False, compare=False)

    def proposal(self, pid: str) -> Proposal:
        return self._by_id[pid]

    def provision(self, key: str) -> Provision:
        for p in self.provisions:
            if p.key == key:
                return p
        raise KeyError(key)

    def delegation(self, code: str) -> DelegationRecord:
        for d in self.delegations:
            if d.code == code:
                return d
        raise KeyError(code)

    def agreement(self, a: str, b: str) -> Agreement | None:
        return self._pairs.get((a, b) if a < b else (b, a))

    def ranked_agreements(self, min_shared: int = 1) -> list[Agreement]:
        """Pairs by score, then by the number of common proposals (highest first)."""
        return sorted((x for x in self.agreements if x.shared >= min_shared),
                      key=lambda x: (-x.score, -x.shared, x.a, x.b))

    def ranked_disagreements(self, min_shared: int = 1) -> list[Agreement]:
        return sorted((x for x in self.agreements if x.shared >= min_shared and x.disagree),
                      key=lambda x: (x.score, -x.shared, x.a, x.b))

    def highest_agreement(self, min_shared: int = 1) -> Agreement | None:
        ranked = self.ranked_agreements(min_shared)
        return ranked[0] if ranked else None

    def name(self, code: str) -> str:
        return self.names.get(code, code)

    def compact(self, codes: Sequence[str]) -> tuple[str, ...]:
        """`codes` for display: with expanded groups, a group's members when all present are
        shown once as ``EU members (27)`` (in place of the first of them)."""
        if not self.groups:
            return tuple(codes)
        present = set(codes)
        folded: dict[str, str] = {}
        for group, members in self.groups.items():
            if len(members) > 1 and present.issuperset(members):
                for m in members:
                    folded.setdefault(m, group)
        out: list[str] = []
        shown: set[str] = set()
        for code in codes:
            into = folded.get(code)
            if into is None:
                out.append(code)
            elif into not in shown:
                shown.add(into)
                out.append(f"{into} members ({len(self.groups[into])})")
        return tuple(out)


# -- building -------------------------------------------------------------------------------


def provision_index(doc: Document) -> tuple[dict[str, str], dict[str, tuple[str, str, int]]]:
    """unit wId/eId -> provision key, and provision key -> (label, heading, reading order).

    A provision is the article containing a unit; a unit above the articles (a chapter, a
    part) is its own provision, and everything in the preamble is the ``preamble``."""
    owner: dict[str, str] = {}
    info: dict[str, tuple[str, str, int]] = {WHOLE_TEXT: ("Whole text", "", -1)}
    order = 0
    if doc.preamble is not None:
        key = doc.preamble.wid or "preamble"
        info[key] = ("Preamble", "", order)
        order += 1
        for unit in doc.preamble.walk():
            for ident in (unit.wid, unit.eid):
                if ident:
                    owner[ident] = key

    def visit(unit, article: str) -> None:
        nonlocal order
        if not article:
            key = unit.wid or unit.eid
            heading = (unit.heading or "") if unit.num else ""
            info[key] = (unit.num or unit.heading or key, heading, order)
            order += 1
            if unit.kind == "article":
                article = key
        for ident in (unit.wid, unit.eid):
            if ident:
                owner[ident] = article or unit.wid or unit.eid
        for child in unit.children:
            visit(child, article)

    for unit in doc.body:
        visit(unit, "")
    return owner, info


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent.setdefault(x, x)
        while parent != x:
            grand = self.parent.setdefault(parent, parent)
            self.parent[x] = grand
            x, parent = parent, grand
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _dedupe_roles(a: Amendment) -> list[tuple[str, str]]:
    """(code, role) as tabled, each delegation once (proposer > supporter > opponent)."""
    seen: dict[str, str] = {}
    for role, codes in zip(ROLES, (a.proposers, a.supporters, a.opponents), strict=True):
        for code in codes:
            seen.setdefault(code, role)
    return list(seen.items())


def _expanded_roles(tabled: list[tuple[str, str]], registry: Registry,
                    ) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """Groups replaced by their members; a member's own position wins. Returns the roles and
    member -> group for the members counted through a group."""
    own = dict(tabled)
    roles: dict[str, str] = {}
    via: dict[str, str] = {}
    for code, role in tabled:
        members = registry.expand(code)
        if members == (code,):
            roles.setdefault(code, role)
            continue
        for member in members:
            if member in own or member in roles:
                continue
            roles[member] = role
            via[member] = code
    return list(roles.items()), via


def positions(amendments: Iterable[Amendment], doc: Document, registry: Registry,
              session: str | None = None, expand_groups: bool = False,
              conflicts: Iterable[Sequence[str]] | None = None) -> Positions:
    """The positions taken on `amendments` (those of `session` if given).

    `conflicts`: groups of amendment ids whose changes overlap; by default they are found by
    anchoring the live proposals in `doc` (what `treaty check` reports as conflicts).

    Steps: the competing alternatives (connected sets of overlapping proposals); each
    proposal's provisions, sides and roles tallied; the provisions in document order with
    their contests; the delegations with what they did; the agreement between pairs."""
    chosen = [a for a in amendments if session is None or a.session == session]
    if conflicts is None:
        live = [a for a in chosen if a.is_live and a.status != Status.STALE]
        conflicts = anchor(doc, live).conflicts
    owner, info = provision_index(doc)
    uf, competing = _competition(conflicts, {a.id for a in chosen})
    tally = _Tally(owner, info, _ranks(doc), registry, expand_groups, unit_places(doc))
    for a in chosen:
        tally.add(a, tuple(sorted(competing.get(a.id, ()))))
    by_id = {p.id: p for p in tally.proposals}
    pairs = {k: Agreement(k[0], k[1], tally.agree.get(k, 0), tally.disagree.get(k, 0))
             for k in sorted(set(tally.agree) | set(tally.disagree))}
    meta = doc.meta
    return Positions(title=meta.title, symbol=meta.symbol, label=meta.label, session=session,
                     expand_groups=expand_groups, proposals=tuple(tally.proposals),
                     provisions=tuple(_provisions(tally.proposals, by_id, info, uf)),
                     delegations=tuple(_delegations(tally, registry, info)),
                     agreements=tuple(pairs.values()), matrix=tally.matrix, names=tally.names,
                     groups=tally.expanded, _pairs=pairs, _by_id=by_id)


def _ranks(doc: Document) -> dict[str, int]:
    """wId and eId -> position in reading order."""
    rank: dict[str, int] = {}
    for i, unit in enumerate(doc.units()):
        for ident in (unit.wid, unit.eid):
            if ident:
                rank.setdefault(ident, i)
    return rank


def _competition(conflicts: Iterable[Sequence[str]], ids: set[str],
                 ) -> tuple[_UnionFind, dict[str, set[str]]]:
    """Competing alternatives: connected sets of overlapping proposals (of `ids`), and for
    each proposal the others it competes with."""
    uf = _UnionFind()
    competing: dict[str, set[str]] = defaultdict(set)
    for group in conflicts:
        members = [m for m in group if m in ids]
        if len(members) < 2:
            continue
        for m in members[1:]:
            uf.union(members[0], m)
        for m in members:
            competing[m].update(members)
    for m, others in competing.items():
        others.discard(m)
    return uf, competing


class _Tally:
    """Proposals, roles and pairwise agreement, counted one proposal at a time."""

    def __init__(self, owner: dict[str, str], info: dict[str, tuple[str, str, int]],
                 rank: dict[str, int], registry: Registry, expand_groups: bool,
                 places: dict[str, str]):
        self.owner, self.info, self.rank, self.places = owner, info, rank, places
        self.registry, self.expand_groups = registry, expand_groups
        self.proposals: list[Proposal] = []
        self.matrix: dict[str, dict[str, str]] = {}
        self.names: dict[str, str] = {}
        self.via_groups: dict[str, set[str]] = defaultdict(set)
        self.expanded: dict[str, tuple[str, ...]] = {}
        self.agree: Counter[tuple[str, str]] = Counter()
        self.disagree: Counter[tuple[str, str]] = Counter()
        self.by_role: dict[str, dict[str, list[str]]] = defaultdict(lambda: {r: [] for r in ROLES})
        self.touched: dict[str, dict[str, None]] = defaultdict(dict)
        self.unknown_order = len(info)

    def provisions_of(self, a: Amendment) -> dict[str, None]:
        """The provisions `a` changes (a target outside the text is a provision of its own)."""
        keys: dict[str, None] = {}
        for change in a.changes:
            key = self.owner.get(change.target, change.target) if change.target else WHOLE_TEXT
            if key not in self.info:
                self.info[key] = (key, "", self.unknown_order)
                self.unknown_order += 1
            keys[key] = None
        if not keys:
            keys[WHOLE_TEXT] = None
        return keys

    def roles_of(self, a: Amendment) -> list[tuple[str, str]]:
        tabled = _dedupe_roles(a)
        if not self.expand_groups:
            return tabled
        roles, via = _expanded_roles(tabled, self.registry)
        for member, group in via.items():
            self.via_groups[member].add(group)
            self.expanded.setdefault(group, self.registry.expand(group))
        return roles

    def add(self, a: Amendment, competing: tuple[str, ...]) -> None:
        keys = self.provisions_of(a)
        roles = self.roles_of(a)
        row = dict(roles)
        self.matrix[a.id] = row
        for code, role in roles:
            self.by_role[code][role].append(a.id)
            for key in keys:
                self.touched[code][key] = None
        for code in (*a.delegations, *row):
            self.names.setdefault(code, self.registry.name(code))
        pro = [c for c, r in roles if r != "opposed"]
        con = [c for c, r in roles if r == "opposed"]
        # Agreement: pairs of this proposal's participants only.
        self.agree.update(combinations(sorted(pro), 2))
        self.agree.update(combinations(sorted(con), 2))
        if con:
            self.disagree.update((x, y) if x < y else (y, x) for x in pro for y in con)
        self.proposals.append(Proposal(
            id=a.id, provisions=tuple(sorted(keys, key=lambda k: self.info[k][2])),
            status=a.status, session=a.session, date=a.date,
            note=a.note, proposers=a.proposers, supporters=a.supporters, opponents=a.opponents,
            for_=tuple(pro), against=tuple(con), competing=competing,
            position=next((self.rank[c.target] for c in a.changes if c.target in self.rank), -1),
            amendment=a, changes=summary(a.changes, places=self.places) if a.changes else ""))


def _provisions(proposals: list[Proposal], by_id: dict[str, Proposal],
                info: dict[str, tuple[str, str, int]], uf: _UnionFind) -> list[Provision]:
    """Provisions, in document order, with their contests."""
    on: dict[str, list[str]] = defaultdict(list)
    components: dict[str, list[str]] = defaultdict(list)
    for p in sorted(proposals, key=lambda p: p.position):
        for key in p.provisions:
            on[key].append(p.id)
        if p.competing:
            components[uf.find(p.id)].append(p.id)
    provisions: list[Provision] = []
    for key in sorted(on, key=lambda k: info[k][2]):
        pids = on[key]
        label, heading, _ = info[key]
        for_ = tuple(dict.fromkeys(c for pid in pids for c in by_id[pid].for_))
        against = tuple(dict.fromkeys(c for pid in pids for c in by_id[pid].against))
        provisions.append(Provision(
            key=key, label=label, heading=heading, proposals=tuple(pids),
            contests=_contests(pids, by_id, components, uf), for_=for_, against=against,
            competing=sum(1 for pid in pids if by_id[pid].competing),
            opposed=sum(1 for pid in pids if by_id[pid].against)))
    return provisions


def _contests(pids: list[str], by_id: dict[str, Proposal], components: dict[str, list[str]],
              uf: _UnionFind) -> tuple[Contest, ...]:
    """The contests on one provision: competing alternatives, and proposals opposed."""
    contests: list[Contest] = []
    done: set[str] = set()
    for pid in pids:
        p = by_id[pid]
        if pid in done:
            continue
        if p.competing:
            members = components[uf.find(pid)]
            done.update(members)
            sides: list[Side] = []
            for m in members:
                q = by_id[m]
                sides.append(Side(m, "for", q.for_))
                if q.against:
                    sides.append(Side(m, "against", q.against))
            contests.append(Contest("alternatives", tuple(members), tuple(sides)))
        elif p.against:
            done.add(pid)
            contests.append(Contest("opposed", (pid,),
                                    (Side(pid, "for", p.for_), Side(pid, "against", p.against))))
    return tuple(contests)


def _delegations(tally: _Tally, registry: Registry, info: dict[str, tuple[str, str, int]],
                 ) -> list[DelegationRecord]:
    """Every delegation with what it proposed, supported and opposed, most active first."""
    order = {k: info[k][2] for k in info}
    delegations = []
    for code, roles_of in tally.by_role.items():
        found = registry.by_code.get(code)
        delegations.append(DelegationRecord(
            code=code, name=tally.names.get(code, code), kind=found.kind if found else "state",
            proposed=tuple(roles_of["proposed"]), supported=tuple(roles_of["supported"]),
            opposed=tuple(roles_of["opposed"]),
            provisions=tuple(sorted(tally.touched[code], key=lambda k: order[k])),
            via=tuple(sorted(tally.via_groups.get(code, ())))))
    delegations.sort(key=lambda d: (-d.total, d.code))
    return delegations


# -- views shared by the renderers ----------------------------------------------------------


def coalition_order(pos: Positions, codes: Sequence[str] | None = None) -> list[str]:
    """Delegations ordered so that those who stand together sit together (a greedy chain:
    start with the most active, then always the closest remaining one), for heat maps."""
    remaining = list(codes if codes is not None else [d.code for d in pos.delegations])
    if not remaining:
        return []
    activity = {d.code: d.total for d in pos.delegations}
    neighbours: dict[str, dict[str, float]] = defaultdict(dict)
    wanted = set(remaining)
    for x in pos.agreements:
        if x.a in wanted and x.b in wanted:
            # Signed strength: agreements minus disagreements, so many common positions count.
            strength = float(x.agree - x.disagree)
            neighbours[x.a][x.b] = strength
            neighbours[x.b][x.a] = strength
    remaining.sort(key=lambda c: (-activity.get(c, 0), c))
    chain = [remaining.pop(0)]
    left = set(remaining)
    while left:
        last = neighbours.get(chain[-1], {})
        best = None
        for code, strength in last.items():
            if code in left and (best is None or (strength, activity.get(code, 0), code)
                                 > (best[0], activity.get(best[1], 0), best[1])):
                best = (strength, code)
        if best is None or best[0] <= 0:
            nxt = next(c for c in remaining if c in left)
        else:
            nxt = best[1]
        chain.append(nxt)
        left.discard(nxt)
    return chain


def to_json_dict(pos: Positions) -> dict:
    """The documented JSON form (schema ``treaty-positions/1``, see the module docstring)."""
    return {
        "schema": SCHEMA,
        "document": {"title": pos.title, "symbol": pos.symbol, "label": pos.label},
        "session": pos.session,
        "expand_groups": pos.expand_groups,
        "definitions": DEFINITIONS,
        "provisions": [{
            "key": p.key, "label": p.label, "heading": p.heading,
            "proposals": list(p.proposals), "competing": p.competing, "opposed": p.opposed,
            "contested": p.contested, "for": list(p.for_), "against": list(p.against),
            "contests": [{"kind": c.kind, "proposals": list(c.proposals),
                          "sides": [{"proposal": s.proposal, "stance": s.stance,
                                     "delegations": list(s.delegations)} for s in c.sides]}
                         for c in p.contests],
        } for p in pos.provisions],
        "proposals": [{
            "id": p.id, "provisions": list(p.provisions), "status": p.status,
            "session": p.session, "date": p.date, "note": p.note, "what": p.what,
            "proposers": list(p.proposers), "supporters": list(p.supporters),
            "opponents": list(p.opponents), "for": list(p.for_), "against": list(p.against),
            "competing_with": list(p.competing),
        } for p in pos.proposals],
        "delegations": [{
            "code": d.code, "name": d.name, "kind": d.kind, "proposed": list(d.proposed),
            "supported": list(d.supported), "opposed": list(d.opposed),
            "provisions": list(d.provisions), "via": list(d.via),
        } for d in pos.delegations],
        "matrix": {pid: dict(row) for pid, row in pos.matrix.items()},
        "agreement": [{"a": x.a, "b": x.b, "agree": x.agree, "disagree": x.disagree,
                       "shared": x.shared, "score": round(x.score, 4)} for x in pos.agreements],
    }


def to_json(pos: Positions) -> str:
    """`to_json_dict` as text: one line per item of each top-level list (and per row of the
    matrix), so that large outputs stay fast to write and to diff line by line."""
    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    parts = []
    for key, value in to_json_dict(pos).items():
        if isinstance(value, list) and value:
            text = "[\n" + ",\n".join("    " + dump(v) for v in value) + "\n  ]"
        elif isinstance(value, dict) and value:
            text = "{\n" + ",\n".join(f"    {dump(k)}: {dump(v)}" for k, v in value.items()) + "\n  }"
        else:
            text = dump(value)
        parts.append(f"  {dump(key)}: {text}")
    return "{\n" + ",\n".join(parts) + "\n}\n"



# -- what the heat maps show (shared by the HTML and Markdown writers) ----------------------

MATRIX_MAX_ROWS = 400
"""Proposals shown in the rendered delegation x proposal matrix (all are in the JSON)."""
HEAT_MAX_DELEGATIONS = 60
"""Delegations shown in the rendered matrices: the most active ones (all are in the JSON)."""


@dataclass(frozen=True)
class HeatView:
    """Rows and columns of the two heat maps, with what was left out."""

    columns: tuple[str, ...]
    """Delegations, most active first then ordered so that coalitions sit together."""
    rows: tuple[tuple[Provision, tuple[Proposal, ...]], ...]
    """Proposals under the (first) provision they change, in reading order."""
    agreement_codes: tuple[str, ...]
    """Delegations of the agreement heat map (those sharing a proposal with another)."""
    hidden_delegations: int
    hidden_proposals: int


def heat_view(pos: Positions, max_rows: int = MATRIX_MAX_ROWS,
              max_delegations: int = HEAT_MAX_DELEGATIONS) -> HeatView:
    active = [d.code for d in pos.delegations][:max_delegations]
    columns = tuple(coalition_order(pos, active))
    paired = {c for x in pos.agreements for c in (x.a, x.b)}
    agreement_codes = tuple(c for c in columns if c in paired)
    rows: list[tuple[Provision, tuple[Proposal, ...]]] = []
    shown = 0
    placed: set[str] = set()
    for prov in pos.provisions:
        if shown >= max_rows:
            break
        chosen = []
        for pid in prov.proposals:
            if pid in placed or shown >= max_rows:
                continue
            placed.add(pid)
            chosen.append(pos.proposal(pid))
            shown += 1
        if chosen:
            rows.append((prov, tuple(chosen)))
    return HeatView(columns, tuple(rows), agreement_codes,
                    hidden_delegations=len(pos.delegations) - len(columns),
                    hidden_proposals=len(pos.proposals) - shown)


def agreement_bucket(score: float) -> int:
    """0 (always opposite sides) .. 10 (always the same side), for the heat map's colours."""
    return max(0, min(10, round(score * 10)))


ROLE_LETTERS = {"proposed": "P", "supported": "S", "opposed": "O"}
STATUS_LABELS = every_status({
    Status.PROPOSED: "proposed", Status.AGREED_AD_REF: "agreed ad ref.", Status.ADOPTED: "adopted",
    Status.REJECTED: "rejected", Status.WITHDRAWN: "withdrawn", Status.STALE: "stale"})
