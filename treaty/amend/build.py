"""Proposals from drafting options, as the room states them: "insert these words after
those", "a new paragraph after 16.2", "a new article after 16", "an alternative text of
paragraph 3", "delete article 93". Pure: citations stay as written (the command resolves
them against the text) and new units get their numbers and ids when they are placed.

>>> c = drafting_change(new_paragraph="Each State Party shall cooperate.", after="16.2")
>>> str(c.kind), c.target, c.where, c.units[0].kind, c.units[0].text
('insert-unit', '16.2', 'after', 'paragraph', ('Each State Party shall cooperate.',))
>>> art = article_unit("1. Each State Party shall act.\\n2. It shall report.", "Reporting")
>>> art.heading, [(p.num, p.text) for p in art.children]
('Reporting', [('1.', ('Each State Party shall act.',)), ('2.', ('It shall report.',))])
"""

from __future__ import annotations

import re

from ..model import Change, ChangeKind, TreatyError, Unit

_PARA_NUM = re.compile(r"^\s*(\d+(?:\s*[a-z]+)?\.)\s+(.*)$")
_POINT_NUM = re.compile(r"^\s*(\(?[a-z]{1,4}\)|[a-z]\.)\s+(.*)$")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r", "").split("\n") if line.strip()]


def _points(lines: list[str]) -> tuple[list[str], list[Unit]]:
    """Leading lines (intro) and the points that follow (``(a) ...``)."""
    intro: list[str] = []
    points: list[Unit] = []
    for line in lines:
        m = _POINT_NUM.match(line)
        if m and (points or intro):
            points.append(Unit("point", num=m.group(1), text=(m.group(2),)))
        elif points:
            last = points[-1]
            points[-1] = Unit("point", num=last.num, text=last.text + (line,))
        else:
            intro.append(line)
    return intro, points


def paragraph_unit(text: str, num: str | None = None) -> Unit:
    """A paragraph from its text: one line, or an intro followed by ``(a)`` points."""
    intro, points = _points(_lines(text))
    if not intro and not points:
        raise TreatyError("--new-paragraph", "the new paragraph has no text", "give its words")
    return Unit("paragraph", num=num, text=tuple(intro), children=tuple(points))


def point_unit(text: str, num: str | None = None) -> Unit:
    lines = _lines(text)
    if not lines:
        raise TreatyError("--new-point", "the new point has no text", "give its words")
    return Unit("point", num=num, text=tuple(lines))


def article_unit(text: str, heading: str | None = None, num: str | None = None) -> Unit:
    """An article from its text: numbered lines (``1. ...``) become paragraphs, any other
    text is the article's own words."""
    lines = _lines(text)
    if not lines:
        raise TreatyError("--new-article", "the new article has no text", "give its words")
    paragraphs: list[list[str]] = []
    nums: list[str] = []
    own: list[str] = []
    for line in lines:
        m = _PARA_NUM.match(line)
        if m:
            nums.append(m.group(1))
            paragraphs.append([m.group(2)])
        elif paragraphs:
            paragraphs[-1].append(line)
        else:
            own.append(line)
    children = tuple(paragraph_unit("\n".join(p), n) for n, p in zip(nums, paragraphs, strict=True))
    return Unit("article", num=num, heading=heading or None, text=tuple(own), children=children)


def alternative(target: Unit, text: str, heading: str | None = None) -> Unit:
    """An alternative text (an "Alt") for the whole unit `target`: same kind and number."""
    if target.kind == "article":
        unit = article_unit(text, heading or target.heading, target.num)
    elif target.kind == "paragraph":
        unit = paragraph_unit(text, target.num)
    else:
        lines = _lines(text)
        if not lines:
            raise TreatyError("--alt", "the alternative has no text", "give its words")
        unit = Unit(target.kind, num=target.num, text=tuple(lines))
    return unit


def drafting_change(*, target: str = "", replace: str | None = None, with_: str | None = None,
                    insert: str | None = None, after: str | None = None,
                    before: str | None = None, delete: str | None = None,
                    delete_unit: bool = False, substitute: str | None = None,
                    occurrence: int | None = None, new_paragraph: str | None = None,
                    new_point: str | None = None, new_article: str | None = None,
                    alt: str | None = None, heading: str | None = None) -> Change:
    """The one change the `treaty propose` options describe (citations unresolved).

    With ``--insert``, ``--after``/``--before`` are words of the target; with
    ``--new-paragraph``/``--new-point``/``--new-article`` they cite the unit the new one
    goes after or before (without them, the new unit ends the ``--target``)."""
    kinds = [("--replace", replace), ("--insert", insert), ("--delete", delete),
             ("--substitute", substitute), ("--new-paragraph", new_paragraph),
             ("--new-point", new_point), ("--new-article", new_article), ("--alt", alt)]
    given = [name for name, value in kinds if value is not None]
    given += ["--delete-unit"] if delete_unit else []
    if len(given) != 1:
        raise TreatyError("propose", "give exactly one of --replace, --insert, --delete, "
                          "--delete-unit, --substitute, --new-paragraph, --new-point, "
                          "--new-article, --alt", f"got {', '.join(given) or 'none'}")
    if occurrence is not None and occurrence < 1:
        raise TreatyError("--occurrence", f"{occurrence} is not an occurrence",
                          "count from 1 (the first time the words occur)")
    if heading is not None and new_article is None and alt is None:
        raise TreatyError("--heading", "a heading belongs to a new article or an alternative",
                          "use it with --new-article or --alt")
    if new_paragraph is not None or new_point is not None or new_article is not None:
        refs = [(w, r) for w, r in (("after", after), ("before", before)) if r is not None]
        if len(refs) > 1 or (refs and target):
            raise TreatyError("propose", "a new unit goes in one place",
                              "give one of --after REF, --before REF or --target REF (at its end)")
        if not refs and not target:
            raise TreatyError("propose", "where does the new unit go?",
                              'add --after REF (e.g. --after 16.2) or --before REF')
        where, ref = refs[0] if refs else ("end", target)
        if new_article is not None:
            unit = article_unit(new_article, heading)
        elif new_paragraph is not None:
            unit = paragraph_unit(new_paragraph)
        else:
            unit = point_unit(new_point or "")
        return Change(ChangeKind.INSERT_UNIT, ref, where=where, units=(unit,))
    if not target:
        if substitute is None:
            raise TreatyError("--target", "which unit does the proposal change?",
                              'add --target REF (e.g. "58", "58.2", "58.2(a)")')
    if alt is not None:
        # The unit's kind and number come from the target, once it is resolved.
        return Change(ChangeKind.REPLACE_UNIT, target, units=(Unit("alt", text=tuple(_lines(alt)),
                                                          heading=heading),))
    if replace is not None or substitute is not None:
        if with_ is None:
            raise TreatyError("propose", "--replace/--substitute need --with", "add --with NEW")
        if substitute is not None:
            return Change(ChangeKind.SUBSTITUTE, target if target not in ("", "all") else "", substitute,
                          with_)
        return Change(ChangeKind.REPLACE, target, replace or "", with_, occurrence)
    if insert is not None:
        if after is not None and before is not None:
            raise TreatyError("propose", "--insert goes either --after or --before some words",
                              "give one of them")
        if after is not None:
            return Change(ChangeKind.INSERT, target, after, insert, occurrence, where="after")
        if before is not None:
            return Change(ChangeKind.INSERT, target, before, insert, occurrence, where="before")
        if occurrence is not None:
            raise TreatyError("--occurrence", "--occurrence picks words of --after/--before",
                              "add --after WORDS or --before WORDS")
        return Change(ChangeKind.INSERT, target, "", insert, where="end")
    if delete is not None:
        return Change(ChangeKind.DELETE, target, delete, "", occurrence)
    return Change(ChangeKind.DELETE_UNIT, target)


_PLACES = {"paragraph": ("paragraph", "article"), "point": ("point", "paragraph"),
           "article": ("article", "chapter")}


def placed(change: Change, target: Unit) -> Change:
    """`change` checked against the unit it cites (once resolved): a new paragraph goes
    after/before a paragraph or at the end of an article, a new point after/before a point
    or at the end of a paragraph, a new article after/before an article; an "Alt" takes
    the target's kind and number."""
    if change.kind == ChangeKind.REPLACE_UNIT and change.units and change.units[0].kind == "alt":
        draft = change.units[0]
        return Change(ChangeKind.REPLACE_UNIT, change.target, units=(
            alternative(target, "\n".join(draft.text), draft.heading),), line=change.line)
    if change.kind != ChangeKind.INSERT_UNIT or not change.units:
        return change
    kind = change.units[0].kind
    sibling, parent = _PLACES.get(kind, (kind, ""))
    wanted = parent if change.where == "end" else sibling
    if target.kind != wanted and not (change.where == "end" and kind == "article"):
        name = target.num or f"{target.kind} {target.wid}"
        what = f"at the end of {name}" if change.where == "end" else f"{change.where} {name}"
        raise TreatyError(f"--new-{kind}", f"a new {kind} cannot go {what}",
                          f"cite a {wanted} (e.g. --after 16.2 for a paragraph, --after "
                          f'"15(a)" for a point, --after 16 for an article)')
    return change
