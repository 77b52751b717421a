"""The command line can do what the room does (issue 14): every kind of proposal from
options, help for every option, --version, -h, -o -, stats and workspace discovery."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from treaty import workspace
from treaty.amend.format import parse_amendment
from treaty.cli import app
from treaty.model import TreatyError

from .conftest import ROOT

runner = CliRunner()


@pytest.fixture()
def demo(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(
        ".git", ".venv", "tests", "*.egg-info", "__pycache__", "treaty", "benchmarks", "docs"))
    return root


def propose(demo: Path, *args: str):
    result = runner.invoke(app, ["propose", str(demo), "--by", "USA", "--date", "2023-04-20",
                                 *args])
    return result


def read(demo: Path, ident: str):
    path = demo / "amendments" / f"{ident}.xml"
    return parse_amendment(path.read_bytes(), str(path))


def test_every_option_of_every_command_has_help():
    command = typer.main.get_command(app)
    missing = [(name, p.name) for name, sub in command.commands.items() for p in sub.params
               if not getattr(p, "help", None)]
    assert missing == []


def test_version_and_short_help():
    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0 and r.output.startswith("treaty ")
    assert runner.invoke(app, ["-h"]).exit_code == 0
    r = runner.invoke(app, ["propose", "-h"])
    assert r.exit_code == 0 and "--new-paragraph" in r.output and "--occurrence" in r.output


def test_new_paragraph_point_article_alt_delete_unit(demo: Path):
    assert propose(demo, "--new-paragraph", "States Parties shall cooperate.",
                   "--after", "58.2", "--id", "np").exit_code == 0
    a = read(demo, "np")
    (c,) = a.changes
    assert (c.kind, c.target, c.where, c.units[0].kind, c.units[0].text) == (
        "insert-unit", "art_58__para_2", "after", "paragraph", ("States Parties shall cooperate.",))
    assert propose(demo, "--new-point", "any other offence;", "--after", "58.4(a)",
                   "--id", "pt").exit_code == 0
    assert read(demo, "pt").changes[0].target == "art_58__para_4__point_a"
    r = propose(demo, "--new-article", "1. Each State Party shall report.\n2. Reports are public.",
                "--heading", "Reporting", "--before", "58", "--id", "art")
    assert r.exit_code == 0, r.output
    (c,) = read(demo, "art").changes
    assert (c.where, c.target, c.units[0].heading) == ("before", "art_58", "Reporting")
    assert [(p.num, p.text) for p in c.units[0].children] == [
        ("1.", ("Each State Party shall report.",)), ("2.", ("Reports are public.",))]
    assert propose(demo, "--alt", "This article applies to all offences.", "--target", "58.1",
                   "--id", "alt").exit_code == 0
    (c,) = read(demo, "alt").changes
    assert (c.kind, c.units[0].kind, c.units[0].num, c.units[0].text) == (
        "replace-unit", "paragraph", "1.", ("This article applies to all offences.",))
    assert propose(demo, "--delete-unit", "--target", "58.13", "--id", "del").exit_code == 0
    assert read(demo, "del").changes[0].kind == "delete-unit"
    check = runner.invoke(app, ["check", str(demo)])
    assert check.exit_code == 0, check.output


def test_occurrence_and_its_hint(demo: Path):
    r = propose(demo, "--target", "58.1", "--delete", "the")
    assert r.exit_code == 1 and isinstance(r.exception, TreatyError)
    message = str(r.exception)
    assert "pick one with --occurrence N (1 = the first)" in message
    assert 'occurrence="N"' not in message and "closest text" not in message
    r = propose(demo, "--target", "58.1", "--delete", "the", "--occurrence", "2", "--id", "o2")
    assert r.exit_code == 0
    assert read(demo, "o2").changes[0].occurrence == 2


@pytest.mark.parametrize("args, message", [
    (["--new-paragraph", "X.", "--after", "58"], "a new paragraph cannot go after Article 58"),
    (["--new-paragraph", "X."], "where does the new unit go?"),
    (["--target", "58.1", "--heading", "H", "--delete-unit"], "a heading belongs to"),
    (["--target", "58.1", "--delete", "x", "--insert", "y"], "give exactly one of"),
])
def test_drafting_mistakes_are_one_line(demo: Path, args, message):
    r = propose(demo, *args)
    assert r.exit_code == 1 and message in str(r.exception)


def test_output_dash_is_standard_output(demo: Path):
    r = runner.invoke(app, ["compile", str(demo), "-f", "txt", "-o", "-"])
    assert r.exit_code == 0 and "Article 58" in r.output and "wrote" not in r.output
    assert not (demo / "-").exists()


def test_commands_find_the_workspace_from_a_subfolder(demo: Path):
    here = os.getcwd()
    os.chdir(demo / "articles")
    try:
        r = runner.invoke(app, ["stats"])
        assert r.exit_code == 0, r.output
        assert "proposals" in r.output and "articles" in r.output
        r = runner.invoke(app, ["amendments", "--by", "SGP"])
        assert r.exit_code == 0 and "ahc5-sgp-vasp" in r.output
        r = runner.invoke(app, ["check"])
        assert r.exit_code == 0, r.output
    finally:
        os.chdir(here)
    assert workspace.discover(demo / "articles") == demo.resolve()
    assert workspace.discover(demo.parent) == demo.parent  # not inside one: left as given


def test_diff_of_a_label_from_a_subfolder(demo: Path):
    r = runner.invoke(app, ["consolidate", str(demo), "--label", "v2", "--force"])
    assert r.exit_code == 0, r.output
    here = os.getcwd()
    os.chdir(demo / "articles")
    try:
        r = runner.invoke(app, ["diff", "cnd-2023-04", "v2", "-f", "json", "-o", "-"])
    finally:
        os.chdir(here)
    assert r.exit_code == 0, r.output
    assert '"concordance"' in r.output
