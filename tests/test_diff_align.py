"""Article alignment on constructed documents: renumbering, moves, splits, merges, wIds."""

from __future__ import annotations

from dataclasses import replace

from treaty.diff import compare, shares_lineage
from treaty.diff.align import items, longest_increasing
from treaty.model import Document, Metadata, Unit

TEXTS = {
    "scope": "This Convention applies to the prevention, investigation and prosecution of the "
             "offences established in accordance with this Convention.",
    "terms": "For the purposes of this Convention, computer system means any device or group of "
             "interconnected devices which performs automatic processing of data.",
    "access": "Each State Party shall adopt such legislative measures as may be necessary to "
              "establish as criminal offences the access to the whole or any part of a computer "
              "system without right.",
    "interception": "Each State Party shall adopt legislative measures to criminalize the "
                    "interception without right of non-public transmissions of computer data.",
    "jurisdiction": "Each State Party shall adopt such measures as may be necessary to establish "
                    "its jurisdiction over the offences when committed in its territory or on "
                    "board a vessel flying its flag.",
    "extradition": "The offences established in accordance with this Convention shall be deemed "
                   "to be included as extraditable offences in any extradition treaty existing "
                   "between States Parties.",
    "signature": "This Convention shall be open for signature by all States at the Headquarters "
                 "of the United Nations in New York until the end of the year.",
}


def art(num: str, heading: str | None, *paras: str, wid: str = "") -> Unit:
    return Unit(kind="article", num=f"Article {num}", heading=heading, wid=wid,
                children=tuple(Unit(kind="paragraph", num=f"{k + 1}.", text=(p,))
                               for k, p in enumerate(paras)))


def doc(*articles: Unit, recitals: tuple[str, ...] = ()) -> Document:
    pre = None
    if recitals:
        pre = Unit(kind="preamble", text=("The States Parties to this Convention,",),
                   children=tuple(Unit(kind="recital", text=(r,)) for r in recitals),
                   wrap_up=("Have agreed as follows:",))
    return Document(preamble=pre, body=articles)


def rows(result, group="article"):
    return [(e.old.label if e.old else None, e.new.label if e.new else None, e.status)
            for e in result.entries if e.group == group]


BASE = doc(art("1", "Scope", TEXTS["scope"]), art("2", "Use of terms", TEXTS["terms"]),
           art("3", "Illegal access", TEXTS["access"]),
           art("4", "Illegal interception", TEXTS["interception"]),
           art("5", "Jurisdiction", TEXTS["jurisdiction"]))


def test_identical_documents_have_no_changes():
    result = compare(BASE, BASE)
    assert result.summary.no_changes
    assert result.summary.counts().unchanged == 5


def test_inserted_article_renumbers_the_rest_and_pairs_by_heading():
    new = doc(art("1", "Scope", TEXTS["scope"]), art("2", "Use of terms", TEXTS["terms"]),
              art("3", "Extradition", TEXTS["extradition"]),
              art("4", "Illegal access", TEXTS["access"]),
              art("5", "Illegal interception", TEXTS["interception"]),
              art("6", "Jurisdiction", TEXTS["jurisdiction"]))
    result = compare(BASE, new)
    assert rows(result) == [
        ("Article 1", "Article 1", "unchanged"), ("Article 2", "Article 2", "unchanged"),
        (None, "Article 3", "added"), ("Article 3", "Article 4", "unchanged"),
        ("Article 4", "Article 5", "unchanged"), ("Article 5", "Article 6", "unchanged")]
    c = result.summary.counts()
    assert (c.added, c.renumbered, c.moved, c.changed) == (1, 3, 0, 0)


def test_number_reused_for_other_content_is_not_paired():
    """Old Article 3 (access) deleted, old 4 renumbered 3: the new Article 3 is old 4."""
    new = doc(art("1", "Scope", TEXTS["scope"]), art("2", "Use of terms", TEXTS["terms"]),
              art("3", None, TEXTS["interception"]), art("4", None, TEXTS["jurisdiction"]))
    result = compare(BASE, new)
    assert rows(result) == [
        ("Article 1", "Article 1", "unchanged"), ("Article 2", "Article 2", "unchanged"),
        ("Article 3", None, "deleted"), ("Article 4", "Article 3", "changed"),
        ("Article 5", "Article 4", "changed")]  # "changed": the heading went


def test_headingless_renumbering_found_by_similarity_in_order():
    strip = [replace(a, heading=None) for a in BASE.body]
    old = doc(*strip)
    new = doc(art("1", None, TEXTS["scope"]), art("2", None, TEXTS["extradition"]),
              *(replace(a, num=f"Article {k + 3}") for k, a in enumerate(strip[1:])))
    result = compare(old, new)
    assert rows(result)[1] == (None, "Article 2", "added")
    paired = [(o, n) for o, n, s in rows(result) if o and n]
    assert paired == [("Article 1", "Article 1"), ("Article 2", "Article 3"),
                      ("Article 3", "Article 4"), ("Article 4", "Article 5"),
                      ("Article 5", "Article 6")]
    assert [e.aligned_by for e in result.entries if e.old and e.new][1:] == ["similarity"] * 4


def test_moved_article_is_flagged_moved():
    a = BASE.body
    new = doc(a[0], a[1], a[3], a[4], replace(a[2], num="Article 6"))
    result = compare(BASE, new)
    moved = [e for e in result.entries if e.moved]
    assert [(e.old.label, e.new.label) for e in moved] == [("Article 3", "Article 6")]
    assert result.summary.counts().moved == 1


def test_split_article_is_recognised():
    both = TEXTS["access"] + " " + TEXTS["interception"]
    old = doc(art("1", "Scope", TEXTS["scope"]), art("2", "Offences", both),
              art("3", "Jurisdiction", TEXTS["jurisdiction"]))
    new = doc(art("1", "Scope", TEXTS["scope"]), art("2", "Offences", TEXTS["access"]),
              art("2 bis", "Interception", TEXTS["interception"]),
              art("3", "Jurisdiction", TEXTS["jurisdiction"]))
    result = compare(old, new)
    entry = next(e for e in result.entries if e.new and e.new.label == "Article 2 bis")
    assert entry.status == "split" and entry.related == "Article 2"
    assert result.summary.counts().split == 1 and result.summary.counts().added == 0


def test_merged_article_is_recognised():
    old = doc(art("1", "Scope", TEXTS["scope"]), art("2", "Illegal access", TEXTS["access"]),
              art("3", "Illegal interception", TEXTS["interception"]),
              art("4", "Jurisdiction", TEXTS["jurisdiction"]))
    new = doc(art("1", "Scope", TEXTS["scope"]),
              art("2", "Illegal access", TEXTS["access"] + " " + TEXTS["interception"]),
              art("3", "Jurisdiction", TEXTS["jurisdiction"]))
    result = compare(old, new)
    entry = next(e for e in result.entries if e.old and e.old.label == "Article 3")
    assert entry.status == "merged" and entry.related == "Article 2"
    assert entry.new is None


def test_wid_lineage_pairs_a_rewritten_renumbered_article():
    meta = Metadata(short_name="cybercrime")
    old = Document(meta=meta, body=(art("1", "Scope", TEXTS["scope"], wid="art_1"),
                                    art("2", "Signature", TEXTS["signature"], wid="art_2")))
    new = Document(meta=meta, body=(art("1", "Scope", TEXTS["scope"], wid="art_1"),
                                    art("1 bis", "Terms", TEXTS["terms"], wid="art_1bis"),
                                    art("3", "Final clause", TEXTS["extradition"], wid="art_2")))
    assert shares_lineage(old, new)
    by_wid = compare(old, new, use_wid=True)
    assert by_wid.aligned_by_wid
    assert rows(by_wid)[2] == ("Article 2", "Article 3", "changed")
    assert by_wid.entries[-1].aligned_by == "wid" and by_wid.entries[-1].renumbered
    # without lineage the rewritten article is deleted + added
    other = compare(old, new, use_wid=False)
    assert ("Article 2", None, "deleted") in rows(other)


def test_recitals_and_preamble_are_aligned():
    old = doc(*BASE.body, recitals=("Concerned about the seriousness of cybercrime,",
                                    "Recognizing the need for cooperation between States,",
                                    "Noting existing instruments,"))
    new = doc(*BASE.body, recitals=("Concerned about the seriousness of cybercrime,",
                                    "Determined to deter misuse of technology,",
                                    "Recognizing the need for close cooperation between States,",
                                    "Noting existing instruments,"))
    result = compare(old, new)
    assert rows(result, "recital") == [
        ("Recital 1", "Recital 1", "unchanged"), (None, "Recital 2", "added"),
        ("Recital 2", "Recital 3", "changed"), ("Recital 3", "Recital 4", "unchanged")]
    assert rows(result, "preamble") == [("Preamble", "Preamble", "unchanged")]


def test_duplicate_numbers_pair_by_occurrence():
    old = doc(art("5", None, TEXTS["access"]), art("5", None, TEXTS["interception"]))
    new = doc(art("5", None, TEXTS["access"]), art("5", None, TEXTS["interception"] + " Also."))
    assert [s for _, _, s in rows(compare(old, new))] == ["unchanged", "changed"]


def test_chapters_are_division_items_and_articles_inside_are_found():
    chapter = Unit(kind="chapter", num="Chapter I", heading="General provisions",
                   children=BASE.body[:2])
    d = Document(body=(chapter, *BASE.body[2:]))
    found = items(d)
    assert [i.label for i in found["division"]] == ["Chapter I"]
    assert [i.label for i in found["article"]] == [f"Article {n}" for n in range(1, 6)]
    renamed = Document(body=(replace(chapter, heading="Scope and terms"), *BASE.body[2:]))
    result = compare(d, renamed)
    assert rows(result, "division") == [("Chapter I", "Chapter I", "changed")]
    assert result.summary.counts().unchanged == 5


def test_longest_increasing():
    assert sorted(longest_increasing([0, 1, 5, 2, 3, 4])) == [0, 1, 3, 4, 5]
    assert longest_increasing([]) == set()
