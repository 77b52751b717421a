"""Readable marks: every colour pair the draft uses meets WCAG AA (4.5:1) — in the CSS of
the HTML/PDF draft and in the Word writer's colours (issue 14: "(Norway)" in dark blue on
a dark green ad ref paragraph was unreadable)."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from treaty.render import docx_out

AA = 4.5


def luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_formula():
    assert round(contrast("#000", "#fff"), 1) == 21.0
    assert round(contrast("#777", "#fff"), 2) == 4.48


def css_rules() -> list[tuple[str, dict[str, str]]]:
    css = resources.files("treaty").joinpath("render/static/draft.css").read_text()
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    variables = dict(re.findall(r"(--[\w-]+)\s*:\s*(#[0-9a-fA-F]{3,6})", css))
    rules = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        props = {}
        for name, value in re.findall(r"(?<![\w-])(color|background(?:-color)?)\s*:\s*([^;]+)", body):
            value = value.strip()
            value = re.sub(r"var\((--[\w-]+)\)", lambda m: variables[m.group(1)], value)
            colour = re.match(r"#[0-9a-fA-F]{3,6}\b|none|inherit|#fff", value)
            if colour and colour.group(0).startswith("#"):
                props["bg" if name.startswith("background") else "fg"] = colour.group(0)
        if props:
            rules.append((selector.strip(), props))
    return rules


def css_pairs() -> set[tuple[str, str, str]]:
    """(where, text colour, background) for every pair the stylesheet can put together:
    a rule's own text on its own background, and every text colour on every background
    that other text can sit on (a rule that sets only a background is a container)."""
    rules = css_rules()
    page = next(p["bg"] for s, p in rules if s.startswith("html"))
    ink = next(p["fg"] for s, p in rules if s.startswith("html"))
    containers = {(s, p["bg"]) for s, p in rules if "bg" in p and "fg" not in p}
    containers.add(("page", page))
    texts = {(s, p["fg"]) for s, p in rules if "fg" in p and "bg" not in p} | {("ink", ink)}
    pairs = {(s, p["fg"], p["bg"]) for s, p in rules if "fg" in p and "bg" in p}
    pairs |= {(f"{ts} on {bs}", fg, bg) for ts, fg in texts for bs, bg in containers}
    # Text inside a chip or a marked run with its own background (e.g. .adref) is only its own.
    return pairs


def test_css_has_the_marks_we_check():
    selectors = {s for s, _ in css_rules()}
    assert {".adref", ".attr", ".unit-adref", ".status-adopted", ".alt.proposal, .alt.deletes"} <= selectors


@pytest.mark.parametrize("where, fg, bg", sorted(css_pairs()))
def test_every_css_colour_pair_meets_wcag_aa(where, fg, bg):
    assert contrast(fg, bg) >= AA, f"{where}: {fg} on {bg} = {contrast(fg, bg):.2f}:1"


def test_docx_colours_meet_wcag_aa_on_the_page():
    colours = {name: f"#{value}" for name, value in vars(docx_out).items()
               if type(value).__name__ == "RGBColor"}
    assert {"GREEN", "GREY"} <= set(colours)
    for name, colour in colours.items():
        assert contrast(colour, "#ffffff") >= AA, f"{name}: {colour} on white"


def test_chip_styles_never_colour_a_unit(tmp_path):
    """The dark "status" chips hold only their own label: a unit agreed ad ref gets the
    pale unit style, so the attribution inside it stays dark blue on pale green."""
    import shutil

    from lxml import html

    from treaty import commands

    from .conftest import ROOT

    ws = tmp_path / "ws"
    shutil.copytree(ROOT, ws, ignore=shutil.ignore_patterns(
        ".git", ".venv", "tests", "*.egg-info", "__pycache__", "treaty", "benchmarks", "docs"))
    change = commands.change_from_options(new_paragraph="States Parties shall cooperate.",
                                          after="58.1")
    commands.propose_from_options(ws, change, by=["NOR"], supported_by=[], opposed_by=[],
                                  session="AHC-5", status="agreed-ad-ref", id="nor-ad-ref")
    page = html.fromstring(commands.compile_document(ws))
    unit = page.xpath('//*[@data-amendment="nor-ad-ref" and contains(@class, "unit")]')
    assert unit and "unit-adref" in unit[0].get("class").split()
    attribution = [e for e in unit[0].iter() if "attr" in (e.get("class") or "").split()]
    assert [e.text_content() for e in attribution] == ["(Norway)"]
    for chip in page.xpath('//*[contains(@class, "status-")]'):
        assert chip.tag == "span" and len(chip) == 0, html.tostring(chip)[:200]
