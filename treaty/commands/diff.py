"""``treaty diff OLD NEW``: read both inputs, compare them (`treaty.diff.compare`), write
the comparison in a format of `treaty.render.DIFF_WRITERS`.

An input is a workspace folder; a version label (``WS@label``, ``WS/label``, or a bare
``label`` inside the current workspace, read from ``versions/<label>.akn.xml``); the
workspace at a git commit (``git:REV``, ``WS@git:REV``); an AKN file; or a .txt / .md /
.docx file read on the fly. `treaty serve` compares through `compare_inputs` too, so the
page and the command never disagree.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from pathlib import Path

from .. import language_versions, languages, workspace
from ..diff import compare, shares_lineage, source_of, summary_line
from ..diff.report import DiffResult, Source
from ..gcpause import paused_gc
from ..model import Document, Problem, TreatyError
from ..parallel import fork_map
from ..progress import stage
from ..readers import read
from ..render import DIFF_WRITERS, DiffOptions, writer
from .common import warn, write_output

FORMATS = tuple(DIFF_WRITERS)
SUFFIX_FORMAT = {".html": "html", ".htm": "html", ".json": "json", ".md": "md",
                 ".markdown": "md", ".txt": "txt"}
"""The format `-o FILE` implies when no ``--format`` is given."""
WARNINGS_SHOWN = 5


@dataclass(frozen=True)
class Resolved:
    document: Document
    source: Source
    akn: bool
    """Read from Akoma Ntoso (a workspace, a version snapshot or an AKN file)."""
    warnings: tuple[Problem, ...] = ()


def _versions(ws: Path) -> list[str]:
    folder = ws / workspace.VERSIONS
    if not folder.is_dir():
        return []
    names = (p.name.removesuffix(".akn.xml") for p in folder.glob("*.akn.xml"))
    # "zero-draft.fr.akn.xml" is the French version of "zero-draft", not a label of its own.
    return sorted(n for n in names if not ("." in n and languages.find(n.rpartition(".")[2])))


def _split_label(spec: str) -> tuple[Path, str] | None:
    """``WS@label``, ``WS/label`` or a bare ``label`` (in the current folder's workspace)."""
    if "@" in spec:
        ws, _, label = spec.rpartition("@")
        return workspace.discover(Path(ws or ".")), label
    path = Path(spec)
    parent = workspace.discover(path.parent)  # a label from inside a workspace's subfolder
    if workspace.is_workspace(parent) and path.name:
        return parent, path.name
    return None


def resolve(spec: str, language: str = "") -> Resolved:
    """Read one input of ``treaty diff``: a workspace folder, a version label inside a
    workspace (``WS@label``, ``WS/label`` or ``label`` in the current workspace), an AKN
    file, or a text / Markdown / Word file. With `language`, a workspace or label gives
    that language version (``languages/fr``, ``versions/LABEL.fr.akn.xml``); ``git:REV`` /
    ``WS@git:REV``: the workspace's text at a commit (read from git, the working tree
    untouched)."""
    code = language_versions.check_code(language) if language else ""
    if spec.startswith("git:") or "@git:" in spec:
        from ..history import document_at

        if code:
            raise TreatyError(spec, "git:REV reads the main text only",
                              "compare a language version by its folder or label")
        where, _, rev = spec.rpartition("git:")
        doc = document_at(Path(where.removesuffix("@") or "."), rev)
        return Resolved(_with_articles(doc, spec), source_of(spec, doc), akn=True)
    path = Path(spec)
    if path.is_dir():
        if not workspace.is_workspace(path):
            raise TreatyError(spec, "this folder is not a workspace (no treaty.xml)",
                              "give a workspace folder, a version label or a file")
        doc = language_versions.load_version(path, code)
        return Resolved(_with_articles(doc, spec), source_of(spec, doc), akn=True)
    if not path.exists():
        target = _split_label(spec)
        if target is not None:
            ws, label = target
            snapshot = workspace.version_path(ws, label, spec)
            translated = workspace.version_path(ws, f"{label}.{code}", spec) if code else snapshot
            if code and translated.is_file():
                snapshot = translated
            elif code and snapshot.is_file() and workspace.is_workspace(ws) and \
                    language_versions.main_language(workspace.load(ws).document) != code:
                raise TreatyError(spec, f"version {label!r} has no {code} text",
                                  "the language version was added after it was made")
            if snapshot.is_file():
                doc = _with_articles(read(snapshot).document, spec)
                return Resolved(doc, source_of(spec, doc), akn=True)
            if workspace.is_workspace(ws):
                current = language_versions.load_version(ws, code)
                if current.meta.label == label:  # the workspace's own, current version
                    return Resolved(_with_articles(current, spec), source_of(spec, current),
                                    akn=True)
                known = _versions(ws) + [current.meta.label]
                raise TreatyError(spec, f"no version labelled {label!r} in workspace {ws}",
                                  "known labels: " + (", ".join(known) if known else
                                                      "none (run `treaty consolidate --label L`)"))
        raise TreatyError(spec, "no such file, folder or version label",
                          "give a workspace folder, WS@label, an AKN file or a text file")
    is_akn = path.suffix.lower() == ".xml"
    result = read(path, **({"language": code} if code and not is_akn else {}))
    doc = _with_articles(result.document, spec)
    return Resolved(doc, source_of(spec, doc, len(result.warnings)), akn=is_akn,
                    warnings=result.warnings)


PARALLEL_BYTES = 256 * 1024
"""Two input files this large (together) are read at once, one in a forked process."""


def read_both(old: str, new: str, language: str = "") -> tuple[Resolved, Resolved]:
    """`resolve` both inputs; large files on two cores (`parallel.fork_map`)."""
    both = [old, new]
    sizes = [Path(s).stat().st_size if Path(s).is_file() else 0 for s in both]
    if sum(sizes) < PARALLEL_BYTES:
        return resolve(old, language), resolve(new, language)
    a, b = fork_map(lambda spec: resolve(spec, language), both)
    return a, b


def _with_articles(doc: Document, where: str) -> Document:
    if not doc.articles():
        raise TreatyError(where, "no articles found: this does not look like a treaty text",
                          "give a text with headings such as 'Article 1'")
    return doc


def compare_inputs(a: Resolved, b: Resolved, exact: bool = False, old_name: str | None = None,
                   new_name: str | None = None) -> DiffResult:
    """Compare two read inputs (by wId when they are of one lineage); `old_name` /
    `new_name` rename them in the result."""
    use_wid = a.akn and b.akn and shares_lineage(a.document, b.document)
    return compare(a.document, b.document, exact=exact, use_wid=use_wid,
                   old_source=replace(a.source, name=old_name or a.source.name),
                   new_source=replace(b.source, name=new_name or b.source.name))


def render(result: DiffResult, fmt: str, color: bool = False, width: int | None = None) -> str:
    """The comparison as text in one of `FORMATS`."""
    write = writer(DIFF_WRITERS, fmt)
    return write(result, DiffOptions(color=color, width=width)).decode("utf-8")


def run_diff(old: str, new: str, fmt: str = "txt", exact: bool = False, color: bool = False,
             progress: bool = False, language: str = "",
             ) -> tuple[DiffResult, str, tuple[Resolved, Resolved]]:
    """Resolve both inputs, compare and render: (result, rendered text, inputs)."""
    write = writer(DIFF_WRITERS, fmt)
    with paused_gc():
        with stage(f"reading {old} and {new}", progress, animate=False):  # may fork
            a, b = read_both(old, new, language)
        with stage("aligning and comparing", progress, animate=False):
            result = compare_inputs(a, b, exact)
        with stage(f"writing {fmt}", progress):
            text = write(result, DiffOptions(color=color)).decode("utf-8")
    return result, text, (a, b)


def diff_command(old: str, new: str, fmt: str, output: Path | None, exact: bool,
                 language: str = "") -> int:
    """``treaty diff OLD NEW [--format F] [-o OUT] [--exact]``.

    Writes the comparison to `output` (atomically) or to stdout; reader warnings and the
    one-line summary (``no changes`` for identical texts) go to stderr.  `fmt` may be
    empty: then it follows the output's suffix (``.html`` ...), else ``txt``; ``txt`` is
    coloured only when stdout is a terminal.  Raises `TreatyError` for bad input (the CLI
    prints it as one line and exits 1).  Returns the exit status (0)."""
    if output is not None and str(output) == "-":
        output = None  # -o -: standard output
    fmt = (fmt or "").lower() or (SUFFIX_FORMAT.get(output.suffix.lower(), "txt")
                                  if output else "txt")
    color = output is None and fmt == "txt" and sys.stdout.isatty()
    result, text, inputs = run_diff(old, new, fmt, exact, color=color,
                                    progress=sys.stderr.isatty(), language=language)
    for resolved in inputs:
        for problem in resolved.warnings[:WARNINGS_SHOWN]:
            warn(f"warning: {problem}")
        if len(resolved.warnings) > WARNINGS_SHOWN:
            warn(f"warning: {resolved.source.name}: {len(resolved.warnings) - WARNINGS_SHOWN} "
                 "more lines could not be classified (kept in the nearest unit)")
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
    else:
        write_output(text.encode("utf-8"), output)
    warn(summary_line(result) + (f"; wrote {output}" if output else ""))
    return 0
