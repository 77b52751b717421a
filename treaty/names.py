"""Names that become paths, text from the command line, and what a reader must not be
tricked by: one place for each rule, so every command applies the same one.

- `check_name`: version labels, amendment ids and every other name that ends up in a
  file name: letters, digits, ``-``, ``_`` and ``.``, no leading dot (so never ``..``,
  never a hidden file), no slash, at most `MAX_NAME` characters.
- `inside`: a path, with symbolic links resolved, must stay inside the workspace.
- `check_text` / `check_argv`: no control characters (other than tab and newline) and no
  undecodable bytes in what a user types; XML cannot hold them and a terminal would obey them.
- `neutralise_bidi`: bidirectional override characters made visible, so a proposal cannot
  reorder what a reader of the draft sees (the "Trojan Source" trick).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from .model import TreatyError

MAX_NAME = 100
_NAME = re.compile(r"\w[\w.-]*")  # \w: Unicode letters, digits and "_"; so no leading "." or "-"


def is_name(value: str) -> bool:
    return len(value) <= MAX_NAME and _NAME.fullmatch(value) is not None


def check_name(value: str, what: str, where: str | None = None, line: int | None = None) -> str:
    """`value` if it is safe as (part of) a file name; else a one-line `TreatyError`.

    `what` says what the name is ("version label", "amendment id"); `where` is the file or
    option it came from (default: the value itself)."""
    if not is_name(value):
        raise TreatyError(where or repr(value), f"{what} {value!r} is not allowed",
                          "use letters, digits, '-', '_' and '.' (not first), at most "
                          f"{MAX_NAME} characters", line)
    return value


def inside(root: Path, path: Path, where: str | None = None) -> Path:
    """`path` resolved (links followed), refused unless it lies inside `root`."""
    base = os.path.realpath(root)
    target = os.path.realpath(path)
    if target != base and not target.startswith(base.rstrip(os.sep) + os.sep):
        shown = where or str(path)
        link = " (a symbolic link)" if Path(path).is_symlink() else ""
        raise TreatyError(shown, f"refused: it points outside the workspace{link}, to {target}",
                          "keep every file of the workspace inside its folder; replace the "
                          "link with the file itself")
    return Path(target)


# -- text typed by the user --------------------------------------------------------------------

_ALLOWED_CONTROLS = frozenset("\t\n")


def bad_character(value: str) -> str | None:
    """A description of the first character `value` must not hold, or None."""
    for i, ch in enumerate(value):
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:
            return f"an undecodable byte at character {i + 1} (not UTF-8)"
        if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc":
            return f"the control character U+{code:04X} at character {i + 1}"
    return None


def check_text(value: str, where: str) -> str:
    bad = bad_character(value)
    if bad:
        raise TreatyError(where, f"refused: the text holds {bad}",
                          "remove it (only tab and newline are allowed)")
    return value


def check_argv(argv: Iterable[str]) -> None:
    """Refuse control characters in any command-line argument, naming the option."""
    previous = ""
    for n, arg in enumerate(argv, start=1):
        option = arg.split("=", 1)[0] if arg.startswith("--") else previous
        where = f"{option} (argument {n})" if option.startswith("-") else f"argument {n}"
        check_text(arg, where)
        previous = arg if arg.startswith("-") and "=" not in arg else ""


# -- bidirectional overrides ------------------------------------------------------------------

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def has_bidi(text: str) -> bool:
    return _BIDI.search(text) is not None


def neutralise_bidi(text: str) -> str:
    """Every bidi embedding/override/isolate character replaced by a visible ``⟨U+202E⟩``:
    the reader sees that the proposal held one, and the text keeps its logical order."""
    if not _BIDI.search(text):
        return text
    return _BIDI.sub(lambda m: f"\u27e8U+{ord(m.group()):04X}\u27e9", text)
