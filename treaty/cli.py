"""The `treaty` command: parses arguments, calls the core, prints. Nothing else lives here.

Errors the user can cause are `TreatyError`s; `main()` prints them as one line
(``file:line: what is wrong; what to do``) and exits 1 (2 for usage errors), with the
traceback only under ``--debug``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from . import commands
from .model import TreatyError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Keep a treaty text as Akoma Ntoso, proposals as attributed patches, "
                       "and compile the bracketed negotiating draft.")

WS = Annotated[Path, typer.Argument(help="Workspace folder (default: current folder).")]


def echo(message: str) -> None:
    typer.echo(message)


def warn(message: str) -> None:
    typer.echo(message, err=True)


@app.command()
def init(directory: Annotated[Path, typer.Argument(help="Folder to create the workspace in.")],
         title: Annotated[str, typer.Option(help="Title of the text.")],
         symbol: Annotated[str, typer.Option(help="Document symbol, e.g. A/AC.291/22.")] = "",
         label: Annotated[str, typer.Option(help="Version label.")] = "draft",
         date: Annotated[str, typer.Option(help="Date of the text (YYYY-MM-DD).")] = "") -> None:
    """Create an empty workspace."""
    ws = commands.init(directory, title=title, symbol=symbol, label=label, date=date)
    echo(f"created workspace {ws.root} ({label})")


@app.command("import")
def import_(source: Annotated[Path, typer.Argument(help="A .txt, .md, .docx or AKN file.")],
            into: Annotated[Path, typer.Option("--into", help="New workspace folder.")],
            label: Annotated[str, typer.Option(help="Version label.")] = "draft",
            title: Annotated[str, typer.Option(help="Title (default: from the text).")] = "",
            symbol: Annotated[str, typer.Option(help="Document symbol.")] = "",
            date: Annotated[str, typer.Option(help="Date (YYYY-MM-DD).")] = "") -> None:
    """Read a treaty text into a new workspace (one file per article)."""
    ws, result = commands.import_text(source, into, label=label, title=title, symbol=symbol,
                                      date=date)
    for problem in result.warnings:
        warn(f"warning: {problem}")
    echo(commands.summary_line(ws.document, len(result.warnings)))
    echo(f"wrote workspace {ws.root}")


@app.command()
def check(ws: WS = Path(".")) -> None:
    """Check schemas, ids, included files, delegations and anchors; exit 1 on problems."""
    report = commands.check(ws)
    for line in report.info:
        echo(line)
    for problem in report.problems:
        echo(str(problem))
    if report.problems:
        echo(f"{len(report.problems)} problem(s)")
        raise typer.Exit(1)
    echo("ok: " + report.ok_line)


@app.command()
def compile(ws: WS = Path("."),
            mode: Annotated[str, typer.Option(help="bracketed | clean | redline")] = "bracketed",
            format: Annotated[str, typer.Option("--format", "-f",
                                                help="html | pdf | akn | docx | md | txt")] = "html",
            output: Annotated[Path | None, typer.Option("-o", "--output", help="Output file.")] = None,
            ) -> None:
    """Compile the text (and its proposals) to HTML, PDF, AKN, Word, Markdown or text."""
    data = commands.compile_document(ws, mode=mode, fmt=format)
    commands.write_output(data, output)
    if output:
        echo(f"wrote {output}")


def main() -> None:
    debug = "--debug" in sys.argv
    if debug:
        sys.argv.remove("--debug")
    try:
        app(standalone_mode=False)
    except TreatyError as exc:
        if debug:
            raise
        warn(f"error: {exc.problem}")
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        warn("aborted")
        sys.exit(1)
    except Exception as exc:  # click usage errors carry their own exit code
        from click.exceptions import ClickException

        if isinstance(exc, ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if debug:
            raise
        warn(f"error: internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
        sys.exit(3)


if __name__ == "__main__":
    main()
