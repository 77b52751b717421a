"""Status is a state machine; positions are dated events (issue 14)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from treaty import commands, lifecycle
from treaty.amend.format import parse_amendment
from treaty.cli import app
from treaty.model import STATUSES, Amendment, TreatyError

from .conftest import ROOT

runner = CliRunner()


def test_docs_show_exactly_the_rules():
    doc = (ROOT / "docs" / "status.md").read_text()
    rows = set(re.findall(r"^\| ([a-z-]+) \| ([a-z-]+) \| (.+?) \|$", doc, re.M))
    table = {(a, b, why) for a, nxt in lifecycle.TRANSITIONS.items() for b, why in nxt.items()}
    assert rows - {("from", "to", "meaning"), ("---", "---", "---")} == table
    assert set(lifecycle.TRANSITIONS) == set(STATUSES)


def _a(status="proposed", applied_in=""):
    return Amendment("p1", ("USA",), (), status=status, applied_in=applied_in)


@pytest.mark.parametrize("old", STATUSES)
@pytest.mark.parametrize("new", STATUSES)
def test_every_transition_is_allowed_or_refused_with_a_reason(old, new):
    a = _a(old)
    if new == old:
        with pytest.raises(TreatyError, match="already"):
            lifecycle.change_status(a, new, "2026-01-01")
    elif new in lifecycle.TRANSITIONS[old]:
        b = lifecycle.change_status(a, new, "2026-01-01", "because")
        assert b.status == new
        assert b.history[-1].previous == old and b.history[-1].date == "2026-01-01"
        assert not b.history[-1].forced
    else:
        with pytest.raises(TreatyError) as info:
            lifecycle.change_status(a, new, "2026-01-01")
        assert f"{old} -> {new} is not allowed" in str(info.value)
        assert "\n" not in str(info.value)


def test_applied_proposal_cannot_be_reopened_without_force():
    a = _a("adopted", applied_in="v2")
    with pytest.raises(TreatyError, match="applied in version v2"):
        lifecycle.change_status(a, "proposed", "2026-01-01")
    with pytest.raises(TreatyError, match="needs a reason"):
        lifecycle.change_status(a, "proposed", "2026-01-01", force=True)
    b = lifecycle.change_status(a, "proposed", "2026-01-01", "Chair's ruling", force=True)
    assert b.status == "proposed" and b.applied_in == ""
    assert b.history[-1].forced and b.history[-1].note == "Chair's ruling"


def test_support_and_oppose_move_a_delegation_between_sides():
    a = _a()
    b = lifecycle.support(a, "AUS", "2026-01-02")
    assert b.supporters == ("AUS",)
    c = lifecycle.oppose(b, "AUS", "2026-01-03", "changed its mind")
    assert c.supporters == () and c.opponents == ("AUS",)
    assert [(h.event, h.by, h.date) for h in c.history] == [
        ("support", "AUS", "2026-01-02"), ("oppose", "AUS", "2026-01-03")]
    with pytest.raises(TreatyError, match="USA proposed it"):
        lifecycle.support(a, "USA", "2026-01-02")
    with pytest.raises(TreatyError, match="already opposes"):
        lifecycle.oppose(c, "AUS", "2026-01-02")
    with pytest.raises(TreatyError, match="positions are taken on pending"):
        lifecycle.support(_a("adopted"), "AUS", "2026-01-02")


@pytest.fixture()
def demo(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(
        ".git", ".venv", "tests", "*.egg-info", "__pycache__", "treaty", "benchmarks", "docs"))
    return root


def test_cli_status_refusal_force_and_history(demo: Path):
    ident = "ahc5-sgp-vasp"
    ok = runner.invoke(app, ["status", ident, "rejected", str(demo), "--date", "2023-04-20"])
    assert ok.exit_code == 0, ok.output
    assert ok.output.strip() == f"{ident}: proposed -> rejected"
    refused = runner.invoke(app, ["status", ident, "adopted", str(demo)])
    assert refused.exit_code == 1
    assert isinstance(refused.exception, TreatyError)
    assert str(refused.exception) == (
        f"{ident}: rejected -> adopted is not allowed: a rejected proposal can only be "
        "reconsidered (set it to proposed first); --force with --note overrides (recorded in "
        "the history)")
    forced = runner.invoke(app, ["status", ident, "adopted", str(demo), "--force", "--note",
                                 "decided in plenary", "--date", "2023-04-21"])
    assert forced.exit_code == 0 and forced.output.strip() == f"{ident}: rejected -> adopted (forced)"
    path = demo / "amendments" / f"{ident}.xml"
    a = parse_amendment(path.read_bytes(), str(path))
    assert [(h.date, h.previous, h.status, h.forced, h.note) for h in a.history] == [
        ("2023-04-20", "proposed", "rejected", False, ""),
        ("2023-04-21", "rejected", "adopted", True, "decided in plenary")]


def test_cli_support_oppose_withdraw(demo: Path):
    ident = "ahc5-sgp-vasp"
    r = runner.invoke(app, ["support", ident, str(demo), "--by", "NZL", "--date", "2023-04-20"])
    assert r.exit_code == 0, r.output
    assert "NZL supports it" in r.output
    r = runner.invoke(app, ["oppose", ident, str(demo), "--by", "RUS", "--date", "2023-04-20",
                            "--note", "premature"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["withdraw", ident, str(demo), "--date", "2023-04-21"])
    assert r.exit_code == 0 and r.output.strip() == f"{ident}: proposed -> withdrawn"
    path = demo / "amendments" / f"{ident}.xml"
    a = parse_amendment(path.read_bytes(), str(path))
    assert a.status == "withdrawn" and "NZL" in a.supporters and "RUS" in a.opponents
    assert [(h.event, h.by, h.date, h.note) for h in a.history] == [
        ("support", "NZL", "2023-04-20", ""), ("oppose", "RUS", "2023-04-20", "premature"),
        ("withdraw", "SGP", "2023-04-21", "")]
    r = runner.invoke(app, ["support", ident, str(demo), "--by", "XXX"])
    assert r.exit_code == 1
    r = runner.invoke(app, ["withdraw", "no-such-id", str(demo)])
    assert r.exit_code == 1 and "no amendment with this id" in str(r.exception)


def test_set_status_keeps_working_from_code(demo: Path):
    a = commands.set_status(demo, "ahc5-sgp-vasp", "adopted", today="2023-04-21")
    assert a.status == "adopted"
