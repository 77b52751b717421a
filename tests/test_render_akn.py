"""The compiled draft as Akoma Ntoso: schema-valid, proposals as attributed ins/del."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from treaty import akn, workspace
from treaty.amend import load_amendments
from treaty.compile import compile_bracketed, compile_clean, compile_redline
from treaty.delegations import registry
from treaty.render import RenderOptions, render

ROOT = Path(__file__).resolve().parents[1]
NS = {"a": akn.NS, "tt": akn.META_NS}


@pytest.fixture(scope="module")
def demo():
    ws = workspace.load(ROOT)
    amendments, _ = load_amendments(ROOT / "amendments", registry(ROOT))
    return ws.document, amendments


@pytest.fixture(scope="module")
def bracketed(demo):
    compiled = compile_bracketed(*demo)
    return compiled, etree.fromstring(render(compiled, "akn", RenderOptions()))


def test_bracketed_akn_validates(bracketed):
    _, root = bracketed
    assert akn.validate(root) == []


def test_delegations_are_tlc_organizations_and_every_refers_to_resolves(bracketed):
    _, root = bracketed
    orgs = {o.get("eId"): o for o in root.iterfind(".//a:references/a:TLCOrganization", NS)}
    assert orgs["sgp"].get("showAs") == "Singapore"
    assert orgs["sgp"].get("href") == "/ontology/organization/un/sgp"
    assert orgs["eu"].get("showAs") == "European Union and its member States"
    for el in root.iter():
        for ref in (el.get("refersTo") or "").split():
            assert ref.startswith("#") and ref[1:] in orgs, ref


def test_group_alternatives_point_at_the_original(bracketed):
    _, root = bracketed
    eids = {el.get("eId") for el in root.iter() if el.get("eId")}
    para = root.find(".//a:paragraph[@eId='art_57__para_1']", NS)
    group = para.find(".//a:inline[@name='alternatives']", NS)
    original = group.find("a:inline[@name='original']", NS)
    assert original.text == "and of judicial proceedings in relation to such offences"
    ins = group.findall("a:ins", NS)
    assert [i.get("refersTo") for i in ins] == ["#arg #eu #mys", "#bra #cri #dom #gtm"]
    assert all(i.get("alternativeTo") == "#" + original.get("eId") for i in ins)
    assert ins[0].get(f"{{{akn.META_NS}}}amendment") == "ahc5-arg-eu-mys-057-criminal-matters"
    assert "".join(group.itertext()).startswith("[and of judicial proceedings in relation")
    for el in root.iter():
        if el.get("alternativeTo"):
            assert el.get("alternativeTo")[1:] in eids


def test_deletions_units_and_index(bracketed):
    compiled, root = bracketed
    deleted = root.find(".//a:del", NS)
    assert deleted.get("refersTo") == "#eu #aus #can"
    art93 = root.find(".//a:article[@eId='art_93']", NS)
    assert art93.get("class") == "proposed-deletion" and art93.get("refersTo") == "#eu #gbr #usa"
    point = root.find(".//a:point[@eId='art_2__point_hbis']", NS)
    assert point.get("class") == "proposed-insertion" and point.get("refersTo") == "#sgp"
    alt = root.find(".//a:paragraph[@eId='art_58__para_1-alt1']", NS)
    assert alt.get("alternativeTo") == "#art_58__para_1" and alt.get("refersTo") == "#egy"
    adref = root.find(".//a:inline[@name='adRef']", NS)
    assert adref.get("refersTo") == "#jpn"
    ids = [p.get("id") for p in root.iterfind(".//tt:proposals/tt:proposal", NS)]
    assert ids == compiled.shown_amendments()


@pytest.mark.parametrize("compile_", [compile_clean, compile_redline])
def test_clean_and_redline_akn_validate(demo, compile_):
    root = etree.fromstring(render(compile_(*demo), "akn", RenderOptions()))
    assert akn.validate(root) == []
