"""Inline markup through import, propose, consolidate and export (AKN), and the span
arithmetic that keeps it when words change."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from treaty import inline
from treaty.amend.anchor import Site
from treaty.amend.apply import adjust_inline

from .test_cli import treaty

DATA = Path(__file__).parent / "data" / "akn"
NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"


def _p(xml: str) -> etree._Element:
    return etree.fromstring(f'<p xmlns="{NS}">{xml}</p>')


def _write(text: str, spans) -> str:
    el = inline.write_block(text, spans)
    return etree.tostring(el, encoding="unicode").split(">", 1)[1].rsplit("<", 1)[0]


def test_markup_of_a_real_leos_bill_survives_propose_consolidate_and_export(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    done = treaty("import", str(DATA / "leos-bill_3Articles_movedArt3PointA_beforeArt1PointA.xml"),
                  "--into", str(ws))
    assert done.returncode == 0, done.stderr
    done = treaty("propose", "--target", "art_2__para_1__subpara_1", "--replace", "on the [...] day",
                  "--with", "on the twentieth day", "--by", "FRA", "--status", "adopted", cwd=ws)
    assert done.returncode == 0, done.stderr
    assert treaty("consolidate", "--label", "v2", cwd=ws).returncode == 0
    article = (ws / "articles" / "art_002.xml").read_text("utf-8")
    assert "enter into force on the twentieth day following" in article
    assert ">Official Journal of the European Union</i>." in article
    assert 'leos:origin="ec"' in article
    assert treaty("check", str(ws)).returncode == 0
    out = tmp_path / "draft.xml"
    done = treaty("compile", str(ws), "--format", "akn", "-o", str(out))
    assert done.returncode == 0, done.stderr
    # the footnotes of the citations came through the import into treaty.xml
    assert "OJ C [...], [...], p. [...]" in (ws / "treaty.xml").read_text("utf-8")


def test_read_and_write_a_block_gives_it_back() -> None:
    xml = ('Having regard to <ref href="/akn/eu/x">Regulation\u00a0(EU) 1</ref>, <b>and <i>in '
           'particular</i></b> Article<sup>2</sup><authorialNote marker="1"><p>OJ C 1.</p>'
           '</authorialNote>,')
    text, spans = inline.read_block(_p(xml))
    assert text == "Having regard to Regulation\u00a0(EU) 1, and in particular Article2,"
    assert _write(text, spans) == xml


def test_a_table_is_one_block_whose_cells_are_words() -> None:
    table = etree.fromstring(f'<table xmlns="{NS}"><tr><th><p>Party</p></th><th><p>Share</p>'
                             '</th></tr><tr><td><p>A</p></td><td><p>10 %</p></td></tr></table>')
    text, spans = inline.read_block(table)
    assert text == "Party Share A 10 %"
    back = inline.write_block(text, spans)
    assert etree.tostring(back) == etree.tostring(table)


def test_a_change_cutting_through_markup_clips_it_and_keeps_the_rest() -> None:
    text, spans = inline.read_block(_p("keep <b>bold words here</b> end"))
    start = text.index("keep bold")
    site = Site("a", 0, "replace", "w", start, start + len("keep bold"), "X")
    new_text = "X" + text[start + len("keep bold"):]
    assert _write(new_text, adjust_inline(spans, [site])) == "X<b> words here</b> end"


def test_words_inserted_inside_markup_take_it_and_before_it_do_not() -> None:
    text, spans = inline.read_block(_p("the <i>Official Journal</i> only"))
    at = text.index("Journal")
    inside = adjust_inline(spans, [Site("a", 0, "insert", "w", at, at, "EU ")])
    assert _write(text[:at] + "EU " + text[at:], inside) == "the <i>Official EU Journal</i> only"
    end = text.index(" only")
    after = adjust_inline(spans, [Site("a", 0, "insert", "w", end, end, " (OJ)")])
    assert _write(text[:end] + " (OJ)" + text[end:], after) == "the <i>Official Journal</i> (OJ) only"


def test_any_edits_keep_markup_well_nested_and_words_exact() -> None:
    """Property: after any non-overlapping edits, the block written from the adjusted spans
    is well-formed, its words are exactly the edited text, and no element is lost."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    base = _p("Alpha <b>beta <i>gamma</i> delta</b> epsilon <sup>2</sup>"
              "<authorialNote marker=\"1\"><p>Note.</p></authorialNote> zeta <ref href=\"#x\">eta</ref>")
    text, spans = inline.read_block(base)

    @st.composite
    def edits(draw):
        cuts = sorted(draw(st.lists(st.integers(0, len(text)), min_size=0, max_size=6, unique=True)))
        pairs = list(zip(cuts[::2], cuts[1::2], strict=False))
        return [(a, b, draw(st.text(alphabet="xyz ", max_size=5))) for a, b in pairs]

    @given(edits())
    @settings(max_examples=200, deadline=None)
    def check(changes):
        sites = [Site("a", k, "replace", "w", a, b, new) for k, (a, b, new) in enumerate(changes)]
        new_text = text
        for a, b, new in sorted(changes, reverse=True):
            new_text = new_text[:a] + new + new_text[b:]
        moved = adjust_inline(spans, sites)
        el = inline.write_block(new_text, moved)
        back_text, back_spans = inline.read_block(etree.fromstring(etree.tostring(el)))
        assert back_text == " ".join(new_text.split())
        assert [(s.name, s.depth) for s in back_spans] == [(s.name, s.depth) for s in moved]

    check()


def test_markup_follows_the_spaces_the_word_spacing_adds_or_removes() -> None:
    from treaty.amend.apply import apply_sites
    from treaty.model import Document, Unit

    text, spans = inline.read_block(_p("the <b>Parties</b> shall <i>act</i> now"))
    unit = Unit("article", "art_1", "art_1", "Article 1", text=(text,), inline=spans)
    doc = Document(body=(unit,))
    sites = [Site("a", 0, "insert", "art_1", 3, 3, "all"),            # "theall" -> "the all"
             Site("b", 0, "delete", "art_1", 18, 21, "")]             # "shall act now" -> "shall now"
    new = apply_sites(doc, sites).body[0]
    assert new.text == ("the all Parties shall now",)
    assert _write(new.text[0], new.inline) == "the all <b>Parties</b> shall <i/>now"
