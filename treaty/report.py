"""A session summary in prose, generated from the positions (pure: no I/O).

For each provision, one paragraph in the style of an observer's report: what was proposed
(described from its changes; the proposer's ``<note>`` follows only as a note), by whom,
who supported and who opposed it, whether proposals compete, and their status::

    Article 93 (Detection of transfers of proceeds of crime). The European Union and its
    member States, the United Kingdom, and the United States proposed to delete Article 93
    (note: “Delete article 93 in its entirety (...)”). Pakistan, China and Cabo Verde
    proposed, as an alternative, to replace “proceeds of crime” by “proceeds of crime,
    property and assets” throughout Article 93 (note: ...). The two proposals are competing
    alternatives, with ... on one side and ... on the other. Both proposals remain under
    discussion.

Contested provisions come first (document order), then the others. Delegations are named
as in UN documents ("the Russian Federation", "the European Union and its member States",
"the Islamic Republic of Iran") and listed naturally ("A, B and C").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .describe import _quote, describe_change, describe_changes, unit_places  # noqa: F401
from .model import Status, every_status
from .positions import Positions, Proposal, Provision

NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
           "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
           "eighteen", "nineteen", "twenty")

STATUS_PHRASES = every_status({
    Status.PROPOSED: "",
    Status.AGREED_AD_REF: "was agreed ad referendum",
    Status.ADOPTED: "was adopted",
    Status.REJECTED: "was rejected",
    Status.WITHDRAWN: "was withdrawn",
    Status.STALE: "no longer applies to the current text (stale)",
})
"""What the report says of a proposal's fate ("" for one still under discussion)."""
STATUS_LABELS = every_status({
    Status.PROPOSED: "under discussion", Status.AGREED_AD_REF: "agreed ad referendum",
    Status.ADOPTED: "adopted", Status.REJECTED: "rejected", Status.WITHDRAWN: "withdrawn",
    Status.STALE: "stale"})

# Names that take "the" in running text (UN usage), beyond those matched by _THE_WORDS.
_THE_NAMES = frozenset("""
Bahamas Comoros Congo Gambia Maldives Netherlands Niger Philippines Sudan
""".split()) | {"Holy See", "Marshall Islands", "Solomon Islands", "Cook Islands"}
_THE_WORDS = re.compile(r"\b(Republic|Federation|Kingdom|States|Union|Emirates|Group|Community|"
                        r"Organisation|Organization|Association|Office|Council|Committee|"
                        r"Conference|Islands|State of)\b")


def prose_name(name: str) -> str:
    """A delegation's name as written in a sentence: ``Iran (Islamic Republic of)`` ->
    ``the Islamic Republic of Iran``, ``Russian Federation`` -> ``the Russian Federation``."""
    name = name.strip()
    m = re.fullmatch(r"(.+?)\s*\((.+ of(?: the)?)\)", name) or re.fullmatch(
        r"([^,]+),\s*(.+ of(?: the)?)", name)
    if m:
        name = f"{m.group(2)} {m.group(1)}"
        name = re.sub(r"^The\b", "the", name)
    if name.startswith("the "):
        return name
    if name in _THE_NAMES or _THE_WORDS.search(name):
        return "the " + name
    return name


def natural_list(items: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C`` (a serial comma when an item holds "and" itself)."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    serial = any(" and " in i for i in items)
    head = ", ".join(items[:-1])
    return f"{head}{',' if serial else ''} and {items[-1]}"


def count_word(n: int) -> str:
    return NUMBERS[n] if 0 <= n < len(NUMBERS) else str(n)


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def first_sentence(note: str) -> str:
    text = " ".join(note.split())
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text, maxsplit=1)[0]
    return first.rstrip(" .")


_NOTE_PREFIX = re.compile(
    r"(?:article|art\.?)\s+(?P<num>[0-9]+[a-z]*(?:\s+(?:bis|ter|quater|quinquies|sexies))?)"
    r"\s*(?:,\s*(?P<loc>[^:]+?))?\s*:\s*(?P<rest>.+)", re.I)


@dataclass(frozen=True)
class What:
    """What a proposal does: ``phrase`` completes "X proposed ..."; ``where`` is a place
    inside the provision ("paragraph 1") or empty."""

    phrase: str
    where: str = ""


def _same_article(num: str, label: str) -> bool:
    wanted = re.sub(r"\s+", "", num).lower()
    got = re.sub(r"^(?:article|art\.?)\s*", "", label, flags=re.I)
    return re.sub(r"\s+", "", got).lower() == wanted


def describe(p: Proposal, provision: Provision, places: dict[str, str]) -> What:
    """What a proposal does, from its changes; the proposer's note is only ever a note
    after it ("... in paragraph 2 (note: “securities are already covered by property”)"),
    never turned into what was proposed."""
    changes = p.amendment.changes if p.amendment is not None else ()
    text = describe_changes(changes, places) if changes else "a change"
    note = note_text(p.note, provision.label)
    if note:
        text += f" (note: {_quote(note, 160)})"
    return What(text)


def note_text(note: str, provision_label: str) -> str:
    """The note's first sentence, without a leading "Article 58, paragraph 1:" naming
    the provision the report is already about."""
    sentence = first_sentence(note)
    m = _NOTE_PREFIX.fullmatch(sentence)
    if m and _same_article(m.group("num"), provision_label):
        sentence = m.group("rest").strip()
    return sentence


# -- paragraphs -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    key: str
    title: str
    """``Article 58 (Extradition)``: printed in bold before the text."""
    text: str
    contested: bool


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: str
    intro: tuple[str, ...]
    contested: tuple[Paragraph, ...]
    others: tuple[Paragraph, ...]


class _Namer:
    def __init__(self, pos: Positions):
        self.pos = pos

    def name(self, code: str) -> str:
        return prose_name(self.pos.name(code))

    def names(self, codes: Sequence[str]) -> str:
        return natural_list([self.name(c) for c in codes])

    def plural(self, codes: Sequence[str]) -> bool:
        return len(codes) > 1 or any(" and " in self.pos.name(c) for c in codes)


def proposal_sentence(p: Proposal, what: What, namer: _Namer, same_place: bool = False,
                      alternative: bool = False) -> str:
    """``On paragraph 1, A, supported by B, proposed to ...; C and D opposed it.``
    `same_place`: the previous sentence named the same place (not repeated);
    `alternative`: an alternative to the previous proposal ("proposed, as an alternative, ...")."""
    who = namer.names(p.proposers) or "A delegation"
    if p.supporters:
        who += f", supported by {namer.names(p.supporters)},"
    lead = f"On {what.where}, " if what.where and not same_place else ""
    verb = "proposed, as an alternative," if alternative else "proposed"
    sentence = f"{lead}{who} {verb} {what.phrase}"
    if p.opponents:
        sentence += f"; {namer.names(p.opponents)} opposed it"
    return capitalize(sentence) + "."


def _alternatives_sentence(members: Sequence[Proposal], namer: _Namer) -> str:
    n = len(members)
    if n == 2:
        a, b = (m.proposers + m.supporters for m in members)
        common = [c for c in a if c in b]
        if not common:
            return (f"The two proposals are competing alternatives, with {namer.names(a)} on one "
                    f"side and {namer.names(b)} on the other.")
        verb = "support" if namer.plural(common) else "supports"
        return ("The two proposals overlap and appear as bracketed alternatives in the compiled "
                f"text; {namer.names(common)} {verb} both.")
    return f"The {count_word(n)} proposals are competing alternatives."


def _status_sentence(p: Proposal) -> str:
    phrase = STATUS_PHRASES.get(p.status)
    return f"It {phrase}." if phrase else ""


def _closing(statuses: Sequence[str]) -> str:
    pending = sum(1 for s in statuses if s == Status.PROPOSED)
    total = len(statuses)
    if pending == 0:
        return ""
    if pending == total:
        if total == 1:
            return "The proposal remains under discussion."
        if total == 2:
            return "Both proposals remain under discussion."
        return f"All {count_word(total)} proposals remain under discussion."
    if pending == 1:
        return "The other proposal remains under discussion."
    return f"The other {count_word(pending)} proposals remain under discussion."


def provision_paragraph(pos: Positions, provision: Provision, places: dict[str, str],
                        described: dict[str, str]) -> Paragraph:
    """One paragraph about one provision. `described`: proposal id -> the provision where it
    was already described (filled in as paragraphs are written)."""
    namer = _Namer(pos)
    proposals = [pos.proposal(pid) for pid in provision.proposals]
    # Order: competing alternatives (together), then opposed proposals, then the rest.
    ordered: list[list[Proposal]] = []
    seen: set[str] = set()
    for contest in provision.contests:
        if contest.kind == "alternatives":
            group = [pos.proposal(pid) for pid in contest.proposals]
            ordered.append(group)
            seen.update(contest.proposals)
    for p in proposals:
        if p.id not in seen and p.opponents:
            ordered.append([p])
            seen.add(p.id)
    for p in proposals:
        if p.id not in seen:
            ordered.append([p])
            seen.add(p.id)
    sentences: list[str] = []
    n = len(proposals)
    if n >= 3:
        sentences.append(f"{capitalize(count_word(n))} proposals were tabled.")
    statuses: list[str] = []
    place = None
    for group in ordered:
        sides = [set(q.proposers + q.supporters) for q in group]
        disjoint = len(group) > 1 and not set.intersection(*sides)
        for i, p in enumerate(group):
            if p.id in described:
                sentences.append(f"The proposal by {namer.names(p.proposers)} described under "
                                 f"{described[p.id]} also applies here.")
                place = None
                continue
            what = describe(p, provision, places)
            sentences.append(proposal_sentence(p, what, namer, same_place=what.where == place,
                                               alternative=disjoint and i > 0))
            place = what.where
            status = _status_sentence(p)
            if status:
                sentences.append(status)
            statuses.append(p.status)
            described[p.id] = provision.label
        if len(group) > 1:
            sentences.append(_alternatives_sentence(group, namer))
    closing = _closing(statuses)
    if closing:
        sentences.append(closing)
    return Paragraph(provision.key, provision.title, " ".join(sentences), provision.contested)


def session_report(pos: Positions, places: dict[str, str] | None = None) -> Report:
    """The whole summary: an introduction, then one paragraph per provision."""
    places = places or {}
    namer = _Namer(pos)
    described: dict[str, str] = {}
    contested = [provision_paragraph(pos, p, places, described)
                 for p in pos.provisions if p.contested]
    others = [provision_paragraph(pos, p, places, described)
              for p in pos.provisions if not p.contested]
    n = len(pos.proposals)
    delegations = {c for p in pos.proposals for c in p.proposers + p.supporters + p.opponents}
    session = pos.session or "all sessions"
    where = f"session {session}" if pos.session else session
    intro = [
        f"{capitalize(_counted(n, 'proposal'))} {'were' if n != 1 else 'was'} tabled at {where} "
        f"on {_counted(len(pos.provisions), 'provision')} of {pos.symbol or 'the text'} "
        f"({pos.label}); {_counted(len(delegations), 'delegation')} took a position on "
        f"{'them' if n != 1 else 'it'}."
    ]
    if contested:
        labels = natural_list([p.title.split(" (")[0] for p in contested])
        intro.append(f"{capitalize(count_word(len(contested)))} provision"
                     f"{'s were' if len(contested) != 1 else ' was'} contested: {labels}.")
    counts: dict[str, int] = {}
    for p in pos.proposals:
        counts[p.status] = counts.get(p.status, 0) + 1
    if counts:
        parts = [f"{count_word(v)} {_status_label(k)}" for k, v in counts.items()]
        intro.append(f"By status: {natural_list(parts)}.")
    best = pos.highest_agreement(min_shared=2)
    if best is not None and best.score > 0:
        share = (f"all {count_word(best.shared)}" if best.agree == best.shared
                 else f"{count_word(best.agree)} of the {count_word(best.shared)}")
        pair = natural_list([namer.name(best.a), namer.name(best.b)])
        intro.append(f"{capitalize(pair)} stood on the same "
                     f"side on {share} proposals on which both took a position, the closest "
                     "agreement of any two delegations.")
    title = f"Session {pos.session}: summary of proposals by article" if pos.session else \
        "Summary of proposals by article"
    subtitle = " — ".join(x for x in (pos.symbol, pos.title) if x)
    return Report(title, subtitle, tuple(intro), tuple(contested), tuple(others))


def _counted(n: int, noun: str) -> str:
    return f"{count_word(n)} {noun}{'' if n == 1 else 's'}"


def _status_label(status: str) -> str:
    return STATUS_LABELS.get(Status(status), status)
