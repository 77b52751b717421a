"""The three-way merge of one amendment file (treaty/merge.py), field by field."""

from __future__ import annotations

from dataclasses import replace

from treaty.merge import merge_amendments
from treaty.model import Amendment, Change, HistoryEntry

BASE = Amendment(id="a1", proposers=("SGP",), changes=(Change("replace", "art_1", "x", "y"),),
                 supporters=("NOR",), status="proposed", date="2023-04-10")


def entry(date: str, status: str, previous: str = "proposed") -> HistoryEntry:
    return HistoryEntry(date, status, previous)


def test_one_side_changed_status_other_supporters() -> None:
    ours = replace(BASE, status="adopted", history=(entry("2023-04-21", "adopted"),))
    theirs = replace(BASE, supporters=("NOR", "AUS"))
    merged = merge_amendments(BASE, ours, theirs).amendment
    assert merged is not None
    assert merged.status == "adopted" and merged.supporters == ("NOR", "AUS")


def test_both_changed_status_the_later_wins_history_in_date_order() -> None:
    ours = replace(BASE, status="adopted", history=(entry("2023-04-21", "adopted"),))
    theirs = replace(BASE, status="agreed-ad-ref", history=(entry("2023-04-20", "agreed-ad-ref"),))
    merged = merge_amendments(BASE, ours, theirs).amendment
    assert merged is not None and merged.status == "adopted"
    assert [h.date for h in merged.history] == ["2023-04-20", "2023-04-21"]


def test_same_day_different_statuses_is_a_conflict() -> None:
    ours = replace(BASE, status="adopted", history=(entry("2023-04-21", "adopted"),))
    theirs = replace(BASE, status="rejected", history=(entry("2023-04-21", "rejected"),))
    result = merge_amendments(BASE, ours, theirs)
    assert result.amendment is None and "same day" in result.conflicts[0]


def test_removals_are_kept_and_a_code_on_both_lists_is_a_conflict() -> None:
    ours = replace(BASE, supporters=(), opponents=("NOR",))  # NOR changed its mind
    theirs = replace(BASE, supporters=("NOR", "BRA"))
    merged = merge_amendments(BASE, ours, theirs).amendment
    assert merged is not None and merged.supporters == ("BRA",) and merged.opponents == ("NOR",)
    clash = merge_amendments(replace(BASE, supporters=()), replace(BASE, supporters=("USA",)),
                             replace(BASE, supporters=(), opponents=("USA",)))
    assert clash.amendment is None and "USA" in clash.conflicts[0]


def test_words_changed_on_both_sides_is_a_conflict_one_side_is_not() -> None:
    other = (Change("replace", "art_1", "x", "z"),)
    assert merge_amendments(BASE, replace(BASE, changes=other), BASE).amendment.changes == other
    result = merge_amendments(BASE, replace(BASE, changes=other),
                              replace(BASE, changes=(Change("replace", "art_1", "x", "w"),)))
    assert result.amendment is None and result.conflicts == ("changes",)


def test_added_on_both_sides() -> None:
    assert merge_amendments(None, BASE, BASE).amendment == BASE
    assert merge_amendments(None, replace(BASE, note="a"), replace(BASE, note="b")).conflicts == ("note",)


def test_a_position_taken_later_does_not_change_the_status() -> None:
    ours = replace(BASE, status="adopted", history=(entry("2023-04-21", "adopted"),))
    support = HistoryEntry("2023-05-02", "proposed", "proposed", "", "support", "AUS")
    ruling = HistoryEntry("2023-04-20", "agreed-ad-ref", "proposed")
    theirs = replace(BASE, status="agreed-ad-ref", supporters=("NOR", "AUS"),
                     history=(ruling, support))
    merged = merge_amendments(BASE, ours, theirs).amendment
    assert merged is not None
    assert merged.status == "adopted" and merged.supporters == ("NOR", "AUS")
    assert merged.history == (ruling, entry("2023-04-21", "adopted"), support)
