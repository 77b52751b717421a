"""The `treaty` command: parses arguments and calls the command layer (`treaty.commands`),
which does the work and the output. Nothing else lives here.

Errors the user can cause are `TreatyError`s; `main()` prints them as one line
(``file:line: what is wrong; what to do``) and exits 1 (2 for usage errors), with the
traceback only under ``--debug``.

Each command imports its module of `treaty.commands` when it runs: ``treaty --help`` and
every other command then load only what they use (start-up stays fast).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .fileio import os_error
from .gcpause import at_exit, one_shot
from .model import TreatyError
from .names import check_argv

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  context_settings={"help_option_names": ["-h", "--help"]},
                  help="Keep a treaty text as Akoma Ntoso, proposals as attributed patches, "
                       "and compile the bracketed negotiating draft.")


def _discover(path: Path) -> Path:
    from .workspace import discover

    return discover(path)


WS = Annotated[Path, typer.Argument(
    help="Workspace folder (default: the one the current folder is in, as git finds its "
         "repository).", callback=_discover)]
OUT_HELP = "Output file; '-' or none: standard output."


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"treaty {version('treaty-tracker')}")
        except PackageNotFoundError:
            typer.echo("treaty (version unknown: not installed as a package)")
        raise typer.Exit()


@app.callback(context_settings={"help_option_names": ["-h", "--help"]})
def _main(version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
          ) -> None:
    """Keep a treaty text as Akoma Ntoso, proposals as attributed patches, and compile the
    bracketed negotiating draft. Run `treaty COMMAND -h` for a command's options."""
NO_COMMIT = Annotated[bool, typer.Option("--no-commit", help="Do not record the change as a git commit "
                                                            "(when the workspace is in a git repository).")]
WS_OPTION = Annotated[Path, typer.Option("--ws", help="Workspace folder (default: the one the current "
                                                      "folder is in).", callback=_discover)]


def warn(message: str) -> None:
    typer.echo(message, err=True)


@app.command()
def init(directory: Annotated[Path, typer.Argument(help="Folder to create the workspace in.")],
         title: Annotated[str, typer.Option(help="Title of the text.")],
         symbol: Annotated[str, typer.Option(help="Document symbol, e.g. A/AC.291/22.")] = "",
         label: Annotated[str, typer.Option(help="Version label.")] = "draft",
         date: Annotated[str, typer.Option(help="Date of the text (YYYY-MM-DD).")] = "",
         git: Annotated[bool, typer.Option("--git", help="Make the folder a git repository.")] = False,
         no_commit: NO_COMMIT = False) -> None:
    """Create an empty workspace (in a git repository: with the merge driver and a first commit)."""
    from .commands.setup import init_command

    init_command(directory, title, symbol, label, date, git=git, commit=not no_commit)


@app.command("import")
def import_(source: Annotated[Path, typer.Argument(help="A .txt, .md, .docx or AKN file.")],
            into: Annotated[Path, typer.Option("--into", help="New workspace folder.")],
            label: Annotated[str, typer.Option(help="Version label.")] = "draft",
            title: Annotated[str, typer.Option(help="Title (default: from the text).")] = "",
            symbol: Annotated[str, typer.Option(help="Document symbol.")] = "",
            date: Annotated[str, typer.Option(help="Date (YYYY-MM-DD).")] = "",
            language: Annotated[str, typer.Option(
                help="The text's language (en fr es ru ar zh; default: detected). Into an "
                     "existing workspace: add or replace that language version.")] = "",
            no_commit: NO_COMMIT = False) -> None:
    """Read a treaty text into a new workspace (one file per article), or a language version
    into an existing one (--language)."""
    from .commands.setup import import_command

    import_command(source, into, label, title, symbol, date, language, commit=not no_commit)


@app.command()
def check(ws: WS = Path(".")) -> None:
    """Check schemas, ids, included files, delegations and anchors; exit 1 on problems."""
    from .commands.setup import check_command

    raise typer.Exit(check_command(ws))


@app.command()
def compile(ws: WS = Path("."),
            mode: Annotated[str, typer.Option(help="bracketed | clean | redline")] = "bracketed",
            format: Annotated[str, typer.Option("--format", "-f",
                                                help="html | pdf | akn | docx | md | txt")] = "html",
            output: Annotated[Path | None, typer.Option("-o", "--output", help=OUT_HELP)] = None,
            attribution: Annotated[str, typer.Option(help="names | codes | none")] = "names",
            by: Annotated[list[str] | None, typer.Option(
                "--by", help="Only proposals CODE proposed (repeat for several).")] = None,
            involving: Annotated[list[str] | None, typer.Option(
                "--involving", help="Only proposals CODE proposed, supported or opposed.")] = None,
            session: Annotated[str | None, typer.Option(help="Only proposals of this session.")] = None,
            status: Annotated[list[str] | None, typer.Option(help="Only proposals with this status.")] = None,
            article: Annotated[str | None, typer.Option(help="Only proposals on this article.")] = None,
            include_ad_ref: Annotated[bool, typer.Option(help="clean/redline: apply ad-ref too.")] = False,
            include_closed: Annotated[bool, typer.Option(help="Annex rejected/withdrawn.")] = False,
            index: Annotated[bool | None, typer.Option(
                help="Index of proposals (who proposed what); default: on, off with "
                     "--attribution none (the secretariat's copy adds --index).")] = None,
            version: Annotated[str | None, typer.Option(help="Compile a stored version.")] = None,
            strict: Annotated[bool, typer.Option(help="Fail (exit 1) if a change is not located.")] = False,
            pdf_engine: Annotated[str, typer.Option(
                help="PDF: typst (footnotes, line numbers) | html (WeasyPrint over the HTML page).")
            ] = "typst",
            line_numbers: Annotated[bool, typer.Option(
                "--line-numbers", help="PDF: number the lines, restarting on every page.")] = False,
            language: Annotated[str, typer.Option(
                help="The language version to compile (en fr es ru ar zh; default: the main).")] = "",
            ) -> None:
    """Compile the text and its proposals: the bracketed draft, the clean text or a redline."""
    from .commands.compile import compile_command

    compile_command(ws, output, mode=mode, fmt=format, attribution=attribution, by=by,
                    session=session, status=status, article=article,
                    include_ad_ref=include_ad_ref, include_closed=include_closed,
                    show_index=index, version=version, strict=strict, involving=involving,
                    pdf_engine=pdf_engine, line_numbers=line_numbers, language=language)


@app.command()
def propose(ws: WS = Path("."),
            by: Annotated[list[str], typer.Option("--by", help="Proposing delegation(s), e.g. USA.")] = ...,
            target: Annotated[str, typer.Option(
                help='The unit changed: an id or a citation, "58", "58.2", "58.2(a)".')] = "",
            replace_: Annotated[str | None, typer.Option("--replace", help="Words to replace.")] = None,
            with_: Annotated[str | None, typer.Option("--with", help="Replacement words.")] = None,
            insert: Annotated[str | None, typer.Option(help="Words to insert.")] = None,
            after: Annotated[str | None, typer.Option(
                help="With --insert: the words to insert after; with --new-*: the unit the new "
                     'one follows ("16.2", "15(a)", "16").')] = None,
            before: Annotated[str | None, typer.Option(
                help="With --insert: the words to insert before; with --new-*: the unit the new "
                     "one precedes.")] = None,
            occurrence: Annotated[int | None, typer.Option(
                help="Which occurrence of the words (1 = the first), when they occur more "
                     "than once in the target.")] = None,
            delete: Annotated[str | None, typer.Option(help="Words to delete.")] = None,
            delete_unit: Annotated[bool, typer.Option("--delete-unit",
                                                      help="Delete the whole target unit.")] = False,
            substitute: Annotated[str | None, typer.Option(
                help="Words to replace everywhere in the target (or the whole text), --with NEW.")] = None,
            new_paragraph: Annotated[str | None, typer.Option(
                "--new-paragraph", help="A new paragraph (its text; lines '(a) ...' become "
                                        "points), placed with --after/--before REF.")] = None,
            new_point: Annotated[str | None, typer.Option(
                "--new-point", help='A new point, placed with --after/--before "15(a)".')] = None,
            new_article: Annotated[str | None, typer.Option(
                "--new-article", help="A new article (lines '1. ...' become paragraphs), placed "
                                      "with --after/--before ARTICLE; see --heading.")] = None,
            heading: Annotated[str | None, typer.Option(
                help="Heading of a --new-article or of an --alt article.")] = None,
            alt: Annotated[str | None, typer.Option(
                help="An alternative text for the whole --target unit (an \"Alt\").")] = None,
            supported_by: Annotated[list[str] | None, typer.Option(
                "--supported-by", help="Delegation(s) supporting it when it is tabled.")] = None,
            opposed_by: Annotated[list[str] | None, typer.Option(
                "--opposed-by", help="Delegation(s) opposing it when it is tabled.")] = None,
            session: Annotated[str, typer.Option(help="Session, e.g. AHC-5.")] = "",
            date: Annotated[str, typer.Option(help="YYYY-MM-DD (default: today).")] = "",
            id: Annotated[str, typer.Option("--id", help="Amendment id (default: derived).")] = "",
            note: Annotated[str, typer.Option(help="Why, in the proposer's words (shown as a note).")] = "",
            status: Annotated[str, typer.Option(help="Initial status (default: proposed).")] = "proposed",
            language: Annotated[str, typer.Option(
                help="The language version the words are quoted from (default: the main).")] = "",
            no_commit: NO_COMMIT = False,
            ) -> None:
    """Table a new proposal (writes amendments/ID.xml; never overwrites)."""
    from .commands.proposals import change_from_options, propose_command

    change = change_from_options(
        target=target, replace=replace_, with_=with_, insert=insert, after=after, before=before,
        delete=delete, delete_unit=delete_unit, substitute=substitute, occurrence=occurrence,
        new_paragraph=new_paragraph, new_point=new_point, new_article=new_article, alt=alt,
        heading=heading)
    propose_command(ws, change, by, supported_by or [], opposed_by or [], session, date, id, note,
                    status, language, commit=not no_commit)


@app.command()
def translate(amendment_id: Annotated[str, typer.Argument(metavar="ID", help="The proposal's id.")],
              ws: WS = Path("."),
              language: Annotated[str, typer.Option(help="The language version (fr, ar ...).")] = ...,
              target: Annotated[str, typer.Option(help="Default: the proposal's own target.")] = "",
              replace_: Annotated[str | None, typer.Option("--replace", help="Words to replace.")] = None,
              with_: Annotated[str | None, typer.Option("--with", help="Replacement words.")] = None,
              insert: Annotated[str | None, typer.Option(help="Words to insert.")] = None,
              after: Annotated[str | None, typer.Option(help="Insert after these words.")] = None,
              before: Annotated[str | None, typer.Option(help="Insert before these words.")] = None,
              delete: Annotated[str | None, typer.Option(help="Words to delete.")] = None,
              delete_unit: Annotated[bool, typer.Option("--delete-unit",
                                                        help="Delete the whole target unit.")] = False,
              substitute: Annotated[str | None, typer.Option(help="Replace all occurrences.")] = None,
              no_commit: NO_COMMIT = False,
              ) -> None:
    """Attach a proposal's wording for another language version (shown inline there)."""
    from .commands.proposals import change_from_options, target_of, translate_command

    change = change_from_options(target=target or target_of(ws, amendment_id), replace=replace_,
                                 with_=with_, insert=insert, after=after, before=before,
                                 delete=delete, delete_unit=delete_unit, substitute=substitute)
    translate_command(ws, amendment_id, language, change, commit=not no_commit)


@app.command()
def amendments(ws: WS = Path("."),
               by: Annotated[str | None, typer.Option(help="Only proposals CODE proposed.")] = None,
               involving: Annotated[str | None, typer.Option(
                   help="Only proposals CODE proposed, supported or opposed.")] = None,
               article: Annotated[str | None, typer.Option(help='Article, e.g. "58".')] = None,
               status: Annotated[str | None, typer.Option(help="Only proposals with this status.")] = None,
               session: Annotated[str | None, typer.Option(help="Only proposals of this session.")] = None,
               format: Annotated[str, typer.Option("--format", help="table | json")] = "table",
               ) -> None:
    """List proposals: id, article, kind, who, status and where each lands."""
    from .commands.proposals import amendments_command

    if format not in ("table", "json"):
        raise typer.BadParameter("use table or json", param_hint="--format")
    amendments_command(ws, by, article, status, session, format, involving=involving)


@app.command()
def status(amendment_id: Annotated[str, typer.Argument(metavar="ID", help="The proposal's id.")],
           new_status: Annotated[str, typer.Argument(
               metavar="STATUS", help="proposed | agreed-ad-ref | adopted | rejected | withdrawn")],
           ws: WS = Path("."),
           note: Annotated[str, typer.Option(help="Why, for the history.")] = "",
           force: Annotated[bool, typer.Option(
               "--force", help="Allow a change the rules refuse (needs --note; recorded).")] = False,
           date: Annotated[str, typer.Option(help="YYYY-MM-DD (default: today).")] = "",
           no_commit: NO_COMMIT = False) -> None:
    """Change a proposal's status; the allowed changes are in docs/status.md."""
    from .commands.proposals import status_command

    status_command(ws, amendment_id, new_status, note, force=force, date=date, commit=not no_commit)


@app.command()
def support(amendment_id: Annotated[str, typer.Argument(metavar="ID", help="The proposal's id.")],
            ws: WS = Path("."),
            by: Annotated[str, typer.Option("--by", help="The delegation that supports it.")] = ...,
            note: Annotated[str, typer.Option(help="What was said, for the history.")] = "",
            date: Annotated[str, typer.Option(help="YYYY-MM-DD (default: today).")] = "",
            no_commit: NO_COMMIT = False) -> None:
    """Record that a delegation supports a proposal (dated in its history)."""
    from .commands.proposals import position_command

    position_command(ws, amendment_id, by, "support", note, date, commit=not no_commit)


@app.command()
def oppose(amendment_id: Annotated[str, typer.Argument(metavar="ID", help="The proposal's id.")],
           ws: WS = Path("."),
           by: Annotated[str, typer.Option("--by", help="The delegation that opposes it.")] = ...,
           note: Annotated[str, typer.Option(help="What was said, for the history.")] = "",
           date: Annotated[str, typer.Option(help="YYYY-MM-DD (default: today).")] = "",
           no_commit: NO_COMMIT = False) -> None:
    """Record that a delegation opposes a proposal (dated in its history)."""
    from .commands.proposals import position_command

    position_command(ws, amendment_id, by, "oppose", note, date, commit=not no_commit)


@app.command()
def withdraw(amendment_id: Annotated[str, typer.Argument(metavar="ID", help="The proposal's id.")],
             ws: WS = Path("."),
             note: Annotated[str, typer.Option(help="Why, for the history.")] = "",
             date: Annotated[str, typer.Option(help="YYYY-MM-DD (default: today).")] = "",
             no_commit: NO_COMMIT = False) -> None:
    """Record that the proposer withdraws a proposal (dated in its history)."""
    from .commands.proposals import withdraw_command

    withdraw_command(ws, amendment_id, note, date, commit=not no_commit)


@app.command()
def consolidate(ws: WS = Path("."),
                label: Annotated[str, typer.Option(help="Label of the new version.")] = ...,
                title: Annotated[str, typer.Option(help="New title.")] = "",
                symbol: Annotated[str, typer.Option(help="New document symbol.")] = "",
                date: Annotated[str, typer.Option(help="Date of the new version.")] = "",
                include_ad_ref: Annotated[bool, typer.Option(help="Apply ad-ref proposals too.")] = False,
                keep_numbers: Annotated[bool, typer.Option(help='Keep "58 bis" numbers.')] = False,
                force: Annotated[bool, typer.Option(help="Cut a version with nothing adopted.")] = False,
                no_commit: NO_COMMIT = False,
                ) -> None:
    """Make the next version: snapshot, apply adopted proposals, renumber, rebase the rest."""
    from .commands.consolidate import consolidate_command

    consolidate_command(ws, label, title, symbol, date, include_ad_ref, keep_numbers, force,
                        commit=not no_commit)


@app.command()
def serve(ws: WS = Path("."),
          host: Annotated[str, typer.Option(help="Interface to listen on; the default lets only "
                                                 "this computer in (0.0.0.0: the network).")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="Port (0: any free port).")] = 8000,
          write: Annotated[bool, typer.Option("--write", help="Let delegations signed in with a "
                                              "token (`treaty access add`) table proposals.")] = False,
          workers: Annotated[int, typer.Option(help="Worker processes on one socket (a plenary: 4).")] = 1,
          proxy_headers: Annotated[bool, typer.Option(
              "--proxy-headers", help="Behind a reverse proxy (TLS): believe its X-Forwarded-* "
                                      "headers and send cookies over HTTPS only.")] = False,
          forwarded_allow_ips: Annotated[str, typer.Option(
              help="Addresses of the proxy whose headers are believed.")] = "127.0.0.1",
          ) -> None:
    """Serve the compiled draft as a live web page (filters, projector mode, positions,
    versions, compare); open pages follow the files as they are saved. Read-only unless --write."""
    from .commands.serve import serve_command

    serve_command(ws, host, port, write, workers, proxy_headers, forwarded_allow_ips)


access_app = typer.Typer(help="Sign-in tokens for `treaty serve --write`.", no_args_is_help=True)
app.add_typer(access_app, name="access")


@access_app.command("add")
def access_add(code: Annotated[str, typer.Argument(help="Delegation code, e.g. SGP.")] = "",
               secretariat: Annotated[bool, typer.Option("--secretariat",
                                                         help="A token for the secretariat.")] = False,
               ws: WS_OPTION = Path(".")) -> None:
    """Issue a sign-in token (shown once, on the last line; only its hash is kept)."""
    from .commands.access import add_command

    add_command(ws, code, secretariat)


@access_app.command("list")
def access_list(ws: WS_OPTION = Path(".")) -> None:
    """The tokens issued (id, delegation, date); never the tokens themselves."""
    from .commands.access import list_command

    list_command(ws)


@access_app.command("revoke")
def access_revoke(which: Annotated[str, typer.Argument(metavar="ID|CODE")],
                  ws: WS_OPTION = Path(".")) -> None:
    """Withdraw a token (by id) or every token of a delegation; its sessions end."""
    from .commands.access import revoke_command

    revoke_command(ws, which)


@app.command()
def positions(ws: WS = Path("."),
              session: Annotated[str | None, typer.Option(help="Only proposals of this session.")] = None,
              format: Annotated[str, typer.Option("--format", "-f", help="html | md | json")] = "html",
              output: Annotated[Path | None, typer.Option("-o", "--output", help=OUT_HELP)] = None,
              expand_groups: Annotated[bool, typer.Option(
                  "--expand-groups", help="Count a group's position for each of its members.")] = False,
              ) -> None:
    """Who proposed, supported and opposed what: by article, by delegation, coalitions."""
    from .commands.positions import POSITIONS_FORMATS, positions_command

    if format not in POSITIONS_FORMATS:
        raise typer.BadParameter(f"use {' or '.join(POSITIONS_FORMATS)}", param_hint="--format")
    positions_command(ws, session, format, output, expand_groups)


@app.command()
def report(ws: WS = Path("."),
           session: Annotated[str, typer.Option(help="The session to summarise, e.g. AHC-5.")] = ...,
           format: Annotated[str, typer.Option("--format", "-f", help="html | md")] = "html",
           output: Annotated[Path | None, typer.Option("-o", "--output", help=OUT_HELP)] = None,
           ) -> None:
    """A session summary in prose, article by article (who proposed, supported, opposed)."""
    from .commands.positions import REPORT_FORMATS, report_command

    if format not in REPORT_FORMATS:
        raise typer.BadParameter(f"use {' or '.join(REPORT_FORMATS)}", param_hint="--format")
    report_command(ws, session, format, output)


@app.command()
def diff(old: Annotated[str, typer.Argument(help="Old text: workspace, version label, AKN, .txt/.md/.docx.")],
         new: Annotated[str, typer.Argument(help="New text, same kinds (default with git:REV: the "
                                                 "current workspace).")] = "",
         format: Annotated[str, typer.Option("--format", "-f", help="html | txt | md | json")] = "",
         output: Annotated[Path | None, typer.Option("-o", "--output", help=OUT_HELP)] = None,
         exact: Annotated[bool, typer.Option(help="Count whitespace and quote-style changes.")] = False,
         language: Annotated[str, typer.Option(
             help="Compare this language version of workspaces and labels (en fr es ru ar zh).")] = "",
         ) -> None:
    """Compare two versions article by article (renumbered and moved articles aligned).
    git:REV (or WS@git:REV) is the workspace's text at a commit."""
    from .commands.diff import diff_command

    if not new:
        if not (old.startswith("git:") or "@git:" in old):
            raise typer.BadParameter("give the new text too", param_hint="NEW")
        new = old.rpartition("git:")[0].removesuffix("@") or "."

    raise typer.Exit(diff_command(old, new, format, output, exact, language))


@app.command("propose-from-docx")
def propose_from_docx(
        args: Annotated[list[Path], typer.Argument(metavar="[WS] FILE.docx",
                                                   help="Workspace (default: .) and the Word "
                                                        "copy of the draft with tracked changes.")],
        by: Annotated[str | None, typer.Option("--by", help="Attribute every change to CODE.")] = None,
        author_map: Annotated[Path | None, typer.Option(
            "--author-map", help="CSV/TSV of 'author,CODE' lines (Word author -> delegation).")] = None,
        session: Annotated[str, typer.Option(help="Session of the proposals.")] = "",
        dry_run: Annotated[bool, typer.Option("--dry-run", help="Show, write nothing.")] = False,
        strict: Annotated[bool, typer.Option(help="Exit 1 if a change cannot be anchored.")] = False,
        no_commit: NO_COMMIT = False,
        ) -> None:
    """Turn a delegation's tracked changes in a Word copy of the draft into proposals."""
    from .commands.proposals import propose_from_docx_command

    if len(args) not in (1, 2):
        raise typer.BadParameter("give [WS] FILE.docx", param_hint="[WS] FILE.docx")
    ws, source = (Path("."), args[0]) if len(args) == 1 else (args[0], args[1])
    ws = _discover(ws)
    raise typer.Exit(propose_from_docx_command(ws, source, by, author_map, session, dry_run,
                                               strict, commit=not no_commit))


@app.command()
def log(what: Annotated[str, typer.Argument(metavar="[ID]", help="A proposal's id.")] = "",
        ws: WS_OPTION = Path("."),
        article: Annotated[str | None, typer.Option(help='Article, e.g. "58".')] = None,
        by: Annotated[str | None, typer.Option(help="Changes made for this delegation "
                                                    "(secretariat: the secretariat's).")] = None,
        ) -> None:
    """The history of a proposal, an article or a delegation (date, who, what), from git."""
    from .commands.history import log_command

    log_command(ws, what, article, by)


@app.command("git-setup")
def git_setup(ws: WS = Path(".")) -> None:
    """Prepare a clone of a workspace: register the merge driver for amendment files
    (git keeps it per clone), .gitattributes and .gitignore."""
    from .commands.history import git_setup_command

    git_setup_command(ws)


@app.command("merge-driver", hidden=True)
def merge_driver(base: Annotated[Path, typer.Argument(help="The common ancestor (git's %O).")],
                 ours: Annotated[Path, typer.Argument(help="Our version, merged in place (%A).")],
                 theirs: Annotated[Path, typer.Argument(help="Their version (%B).")],
                 name: Annotated[str, typer.Argument(help="The file's path, for messages (%P).")] = "",
                 ) -> None:
    """git's merge driver for amendment files (registered by `treaty init` / `treaty git-setup`)."""
    from .commands.history import merge_driver_command

    raise typer.Exit(merge_driver_command(base, ours, theirs, name))


@app.command()
def stats(source: Annotated[Path, typer.Argument(
        help="A workspace or a .txt/.md/.docx/AKN file (default: the current workspace).")] = Path("."),
          ) -> None:
    """Count articles, paragraphs, points, recitals, words, brackets, options, proposals."""
    from .commands.setup import stats_command

    if source.is_dir():
        source = _discover(source)
    stats_command(source)


def _build_only(argv: list[str]) -> None:
    """Keep in `app` only the command `argv` names. Typer turns every command's signature
    into a click command at each start (some 20 ms for all of them); a run uses one. With
    no command named (``treaty --help``, an option first, a typo) every command stays."""
    if not argv or argv[0].startswith("-"):
        return
    from typer.main import get_command_name

    chosen = [c for c in app.registered_commands
              if (c.name or get_command_name(c.callback.__name__ if c.callback else "")) == argv[0]]
    groups = [g for g in app.registered_groups if g.name == argv[0]]
    if chosen or groups:
        app.registered_commands, app.registered_groups = chosen, groups


def main() -> None:
    one_shot()  # a run does one job and exits (see gcpause)
    debug = "--debug" in sys.argv
    if debug:
        sys.argv.remove("--debug")
    try:
        check_argv(sys.argv[1:])  # control characters in any option: one line, exit 1
        _build_only(sys.argv[1:])
        # Without standalone mode, click returns a command's `typer.Exit` code.
        status = app(standalone_mode=False)
    except TreatyError as exc:
        if debug:
            raise
        warn(f"error: {exc.problem}")
        sys.exit(1)
    except OSError as exc:  # permissions, read-only, disk full ... not caught nearer the file
        if debug:
            raise
        warn(f"error: {os_error(exc).problem}")
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        warn("aborted")
        sys.exit(1)
    except Exception as exc:
        if hasattr(exc, "show") and hasattr(exc, "exit_code"):  # click's usage errors (exit 2)
            exc.show()
            sys.exit(exc.exit_code)
        if debug:
            raise
        warn(f"error: internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
        sys.exit(3)
    at_exit()
    sys.exit(status if isinstance(status, int) else 0)


if __name__ == "__main__":
    main()
