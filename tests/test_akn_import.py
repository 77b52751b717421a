"""Importing Akoma Ntoso written by other tools: the invariant on every file we hold.

Each file in tests/data/akn/ (provenance in its PROVENANCE.md) is imported through the
command layer: the workspace must pass `treaty check`, keep every word of the source in
order, give every article-level unit its own file, and write the text back as AKN with
the same markup. Files the tool refuses must exit 1 with one line and write nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from treaty import akn, commands, workspace
from treaty.import_check import _chars, assemble_in_memory
from treaty.model import TreatyError
from treaty.readers import read
from treaty.readers.akn import normalise

from .akn_roundtrip import parts

DATA = Path(__file__).parent / "data" / "akn"

# file -> (article-level kind, how many, kinds that must be kept as what they are)
IMPORTED = {
    "eu-directive-2014-92-payment-accounts.akn.xml": ("article", 31, {"chapter", "alinea", "list"}),
    "it-legge-1941-633-consolidated-vigenza-20211231.xml": ("article", 306, {"chapter"}),
    "uk-pga-2014-27-enacted.xml": ("section", 8, {"subsection", "hcontainer"}),
    "uk-pga-2014-27-enacted.WD17-original.xml": ("section", 8, {"subsection"}),
    "leos-bill_3Articles_movedArt3PointA_beforeArt1PointA.xml": ("article", 3, {"subparagraph", "list"}),
    "leos-bill_softdeleted_fullArticle.xml": ("article", 2, {"paragraph"}),
    "leos-bill_ec_chapter_section_title_3Articles.xml":
        ("article", 3, {"part", "title", "chapter", "section", "clause"}),
    "derived-an-prefix-csd03-leos-bill_ec_chapter_section_title_3Articles.xml":
        ("article", 3, {"part", "title", "chapter", "section", "clause"}),
    "leos-annex_1.xml": ("article", 0, {"level"}),
    "laws-africa-bluebell-eids_basic.xml": ("article", 0, {"division", "paragraph", "block"}),
    "laws-africa-bluebell-attribs.xml": ("section", 4, {"hcontainer"}),
    "laws-africa-bluebell-escapes.xml": ("section", 2, set()),
    "minimal-act.xml": ("article", 1, set()),
    "synthetic-draft-with-alternatives.xml": ("article", 1, {"chapter", "point"}),
}

@pytest.mark.parametrize("name", sorted(IMPORTED))
def test_import_keeps_everything(tmp_path: Path, name: str) -> None:
    kind, count, kinds = IMPORTED[name]
    ws, result = commands.import_text(DATA / name, tmp_path / "ws")
    report = commands.check(tmp_path / "ws")
    assert report.problems == []
    doc = ws.document
    assert doc.provision_kind() == kind
    assert len(doc.articles()) == count
    assert kinds <= {u.kind for u in doc.units()}
    # one file per article-level unit, named from its own id, none shared
    assert len(set(ws.files.values())) == len(doc.articles())
    for unit in doc.articles():
        assert Path(ws.files[unit.wid]).stem.startswith(unit.eid.rpartition("__")[0])
    # unique ids
    eids = [u.eid for u in doc.units() if u.kind not in ("block", "crossHeading")]
    assert len(eids) == len(set(eids)) and all(eids)
    # every word of the source, in order (soft-deleted LEOS elements aside)
    source, _ = normalise(akn.parse_file(DATA / name), name)
    assembled, _ = workspace.assemble(tmp_path / "ws")
    assert _chars(source) == _chars(assembled)


@pytest.mark.parametrize("name", sorted(IMPORTED))
def test_round_trip_writes_the_same_markup(name: str) -> None:
    doc = read(DATA / name).document
    source, _ = normalise(akn.parse_file(DATA / name), name)
    back = akn.document_to_xml(doc)
    # the same elements, attributes and words in the same order; only ids may differ
    assert parts(source) == parts(back)


def test_leos_soft_deleted_and_moved_elements_are_left_out_with_a_warning() -> None:
    result = read(DATA / "leos-bill_softdeleted_fullArticle.xml")
    assert any("leos:softaction" in w.what for w in result.warnings)
    words = " ".join(result.document.reading_parts())
    src = (DATA / "leos-bill_softdeleted_fullArticle.xml").read_text()
    deleted = re.search(r'softaction="del"[^>]*>.*?<p[^>]*>([^<]+)</p>', src, re.S)
    assert deleted and deleted.group(1).strip() not in words


def test_leos_ids_are_replaced_by_conventional_ones_and_nbsp_is_kept() -> None:
    doc = read(DATA / "leos-bill_ec_chapter_section_title_3Articles.xml").document
    art = doc.articles()[0]
    assert art.eid == "art_1"
    sub = next(u for u in art.walk() if u.kind == "subparagraph")
    assert sub.eid == "art_1__para_1__subpara_1"
    assert sub.text[0] == "art1-par1 (sub)\u00a0"


def test_footnotes_and_links_stay_markup_not_words() -> None:
    doc = read(DATA / "laws-africa-bluebell-eids_basic.xml").document
    unit = next(u for u in doc.units() if any(s.name == "authorialNote" for s in u.inline))
    note = next(s for s in unit.inline if s.name == "authorialNote")
    assert "UNEP/CBD/COP/12/24." in note.payload
    assert "UNEP/CBD/COP/12/24." not in unit.own_text
    ref = next(s for u in doc.units() for s in u.inline if s.name == "ref")
    owner = next(u for u in doc.units() if ref in u.inline)
    assert owner.own_text[ref.start:ref.end] == "decision X/20"


@pytest.mark.parametrize("name, says", [
    ("leos-proposal.xml", "points to other files (memorandum.xml, bill.xml)"),
    ("laws-africa-bluebell-bad_eids.xml", "not valid Akoma Ntoso"),
    ("laws-africa-bluebell-nested_attachments.xml", "not valid Akoma Ntoso"),
])
def test_refused_files_write_nothing(tmp_path: Path, name: str, says: str) -> None:
    with pytest.raises(TreatyError) as err:
        commands.import_text(DATA / name, tmp_path / "ws")
    assert says in str(err.value)
    assert not (tmp_path / "ws" / "treaty.xml").exists()


def test_akn_2_is_refused_clearly(tmp_path: Path) -> None:
    old = tmp_path / "old.xml"
    old.write_text('<?xml version="1.0"?><akomaNtoso xmlns="http://www.akomantoso.org/2.0">'
                   '<act><body/></act></akomaNtoso>')
    with pytest.raises(TreatyError, match="Akoma Ntoso 2.0 is not supported"):
        commands.import_text(old, tmp_path / "ws")


def test_collection_with_embedded_components_keeps_them_as_attachments(tmp_path: Path) -> None:
    bill = etree.parse(str(DATA / "minimal-act.xml")).getroot()[0]
    annex = etree.fromstring(
        f'<doc xmlns="{akn.NS}" name="annex">{etree.tostring(bill[0]).decode()}'
        '<mainBody><p>Annex words that must survive.</p></mainBody></doc>')
    coll = etree.fromstring(
        f'<akomaNtoso xmlns="{akn.NS}"><documentCollection name="proposal">'
        f'{etree.tostring(bill[0]).decode()}<collectionBody><component/><component/>'
        '</collectionBody></documentCollection></akomaNtoso>')
    body = coll[0][1]
    body[0].append(bill)
    body[1].append(annex)
    path = tmp_path / "coll.xml"
    path.write_bytes(etree.tostring(coll))
    ws, result = commands.import_text(path, tmp_path / "ws")
    assert any("attachments" in w.what for w in result.warnings)
    assert "Annex words that must survive." in (tmp_path / "ws" / "treaty.xml").read_text()
    assert commands.check(tmp_path / "ws").problems == []


def test_sections_are_files_and_citable(tmp_path: Path) -> None:
    ws, _ = commands.import_text(DATA / "uk-pga-2014-27-enacted.xml", tmp_path / "ws")
    names = sorted(Path(f).name for f in ws.files.values())
    assert names[0] == "sec_001.xml" and len(names) == 8
    files = {p.name for p in (tmp_path / "ws" / "articles").iterdir()}
    assert files == set(names)


def test_in_memory_assembly_matches_disk(tmp_path: Path) -> None:
    doc = read(DATA / "minimal-act.xml").document
    out, _ = workspace.render_files(doc)
    assert akn.validate(assemble_in_memory(out)) == []


def test_propose_compile_consolidate_and_diff_work_on_sections(tmp_path: Path) -> None:
    from .test_cli import treaty

    ws = tmp_path / "ws"
    done = treaty("import", str(DATA / "uk-pga-2014-27-enacted.xml"), "--into", str(ws))
    assert done.returncode == 0 and "8 sections" in done.stdout, done.stderr
    done = treaty("propose", "--target", "1.2", "--replace", "retention notice", "--with",
                  "data notice", "--by", "FRA", "--status", "adopted", cwd=ws)
    assert done.returncode == 0 and "p-fra-sec-1" in done.stdout, done.stderr
    html = tmp_path / "draft.html"
    assert treaty("compile", str(ws), "--mode", "clean", "-o", str(html)).returncode == 0
    assert "data notice" in html.read_text("utf-8")
    assert treaty("consolidate", "--label", "v2", cwd=ws).returncode == 0
    assert "data notice" in (ws / "articles" / "sec_001.xml").read_text("utf-8")
    diff = treaty("diff", "versions/draft.akn.xml", ".", cwd=ws)
    assert diff.returncode == 0, diff.stderr
    assert "Section 1    Section 1  changed" in diff.stdout
    assert "Section 2    Section 2  unchanged" in diff.stdout
    assert treaty("check", str(ws)).returncode == 0


def test_duplicate_xml_ids_of_parts_and_blocks_are_dropped_not_fatal(tmp_path: Path) -> None:
    """LEOS's bill_big.xml repeats xml:ids (``art_1__para_1__num``) across articles."""
    src = (DATA / "minimal-act.xml").read_text("utf-8")
    body = ('<body><article xml:id="a1"><num xml:id="dup">Article 1</num>'
            '<content xml:id="c"><p xml:id="p">One.</p></content></article>'
            '<article xml:id="a2"><num xml:id="dup">Article 2</num>'
            '<content xml:id="c"><p xml:id="p">Two.</p></content></article></body>')
    start, end = src.index("<body"), src.index("</body>") + len("</body>")
    path = tmp_path / "dup.xml"
    path.write_text(src[:start] + body + src[end:], encoding="utf-8")
    ws, result = commands.import_text(path, tmp_path / "ws")
    assert [a.num for a in ws.document.articles()] == ["Article 1", "Article 2"]
    assert any("duplicate id" in w.what for w in result.warnings)
    assert commands.check(tmp_path / "ws").problems == []


def test_legislation_gov_uk_style_ids_give_one_file_per_unit(tmp_path: Path) -> None:
    """legislation.gov.uk writes eIds such as ``section-1``, ``section-1-2``, ``article-1``;
    each unit still gets its own conventional id and its own file."""
    src = (DATA / "uk-pga-2014-27-enacted.xml").read_text("utf-8")
    src = re.sub(r'eId="sec_(\d+)__subsec_(\d+)', r'eId="section-\1-\2', src)
    src = re.sub(r'eId="sec_(\d+)"', r'eId="section-\1"', src)
    path = tmp_path / "uk.xml"
    path.write_text(src, encoding="utf-8")
    ws, result = commands.import_text(path, tmp_path / "ws")
    assert sorted(Path(f).name for f in ws.files.values()) == [f"sec_{n:03}.xml" for n in range(1, 9)]
    assert ws.document.articles()[0].children[1].eid == "sec_1__subsec_2"

    minimal = (DATA / "minimal-act.xml").read_text("utf-8")
    start, end = minimal.index("<body"), minimal.index("</body>") + len("</body>")
    body = ('<body><article eId="article-1"><num>Article 1</num><content><p>One.</p></content>'
            '</article><article eId="article-2"><num>Article 2</num><content><p>Two.</p>'
            '</content></article></body>')
    path = tmp_path / "si.xml"
    path.write_text(minimal[:start] + body + minimal[end:], encoding="utf-8")
    ws, _ = commands.import_text(path, tmp_path / "si")
    assert sorted(ws.files.values()) == ["articles/art_001.xml", "articles/art_002.xml"]
    assert "Two." in (tmp_path / "si" / "articles" / "art_002.xml").read_text("utf-8")


def test_the_invariant_names_lost_words_and_the_line(tmp_path: Path) -> None:
    """If a reader ever dropped words, the import would refuse, naming where."""
    from dataclasses import replace as _replace

    from treaty.import_check import verify

    source, _ = normalise(akn.parse_file(DATA / "uk-pga-2014-27-enacted.xml"), "uk")
    doc = read(DATA / "uk-pga-2014-27-enacted.xml").document
    section = doc.body[0]
    first = next(u for u in section.walk() if u.text)
    damaged_unit = _replace(first, text=(first.text[0].replace("retention notice", "notice"),)
                            + first.text[1:])

    def swap(unit):
        if unit is first:
            return damaged_unit
        return _replace(unit, children=tuple(swap(c) for c in unit.children))

    damaged = _replace(doc, body=tuple(swap(u) for u in doc.body))
    problems = verify(damaged, "uk.xml", source)
    assert any("would be lost or changed" in p.what and p.line for p in problems)
    assert verify(doc, "uk.xml", source) == []


def test_a_new_section_is_numbered_as_an_article_level_unit(tmp_path: Path) -> None:
    from .test_cli import treaty

    ws = tmp_path / "ws"
    assert treaty("import", str(DATA / "uk-pga-2014-27-enacted.xml"), "--into", str(ws)).returncode == 0
    (ws / "amendments" / "new-sec.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<amendment xmlns="urn:treaty-tracker:amendment:1" '
        'xmlns:akn="http://docs.oasis-open.org/legaldocml/ns/akn/3.0" id="new-sec">'
        '<proposer ref="FRA"/><status>adopted</status><changes>'
        '<insert target="sec_1" position="after"><akn:section><akn:heading>New section'
        '</akn:heading><akn:subsection><akn:num>1</akn:num><akn:content><akn:p>New words.'
        '</akn:p></akn:content></akn:subsection></akn:section></insert></changes></amendment>',
        encoding="utf-8")
    assert treaty("consolidate", "--label", "v2", cwd=ws).returncode == 0
    rows = (ws / "versions" / "v2.concordance.csv").read_text("utf-8").splitlines()
    assert rows[1] == "2,(new),sec_1bis"  # a section of its own, not inside a cross-heading
    assert treaty("check", str(ws)).returncode == 0


def test_rules_and_cross_headings_are_kept_as_what_they_are(tmp_path: Path) -> None:
    minimal = (DATA / "minimal-act.xml").read_text("utf-8")
    start, end = minimal.index("<body"), minimal.index("</body>") + len("</body>")
    body = ('<body><part eId="part_1"><num>Part 1</num><heading>General</heading>'
            '<crossHeading eId="part_1__crossHeading_1">Rules on <i>procedure</i></crossHeading>'
            '<rule eId="part_1__rule_1"><num>Rule 1</num><content><p>First rule.</p></content></rule>'
            '<rule eId="part_1__rule_2"><num>Rule 2</num><content><p>Second rule.</p></content></rule>'
            '</part></body>')
    path = tmp_path / "rules.xml"
    path.write_text(minimal[:start] + body + minimal[end:], encoding="utf-8")
    ws, _ = commands.import_text(path, tmp_path / "ws")
    doc = ws.document
    assert doc.provision_kind() == "rule"
    assert [u.kind for u in doc.body[0].children] == ["crossHeading", "rule", "rule"]
    assert sorted(Path(f).name for f in ws.files.values()) == ["part_1__rule_001.xml",
                                                             "part_1__rule_002.xml"]
    treaty_xml = (tmp_path / "ws" / "treaty.xml").read_text("utf-8")
    assert "<crossHeading" in treaty_xml and "<i>procedure</i>" in treaty_xml
    assert commands.check(tmp_path / "ws").problems == []


def test_an_invalid_result_names_the_unit(tmp_path: Path) -> None:
    from dataclasses import replace as _replace

    from treaty.import_check import verify

    doc = read(DATA / "minimal-act.xml").document
    art = doc.body[0]
    broken = _replace(doc, body=(_replace(art, attrs=art.attrs + (("foo", "bar"),)),))
    problems = verify(broken, "act.xml")
    assert 'first in <article eId="art_1">' in problems[0].what
    assert "'foo'" in problems[0].what
