"""The command layer: what each ``treaty`` command does, one module per family.

- `setup`: ``init``, ``import``, ``check``, ``stats``;
- `proposals`: ``propose``, ``amendments``, ``status``, ``support``, ``oppose``,
  ``withdraw``, ``propose-from-docx``;
- `compile`: ``compile``; `consolidate`: ``consolidate``; `diff`: ``diff``;
- `positions`: ``positions``, ``report``; `serve`: ``serve``;
- `common`: loading a workspace once, its first problem as the error, option checks,
  output (a file written atomically, or stdout).

This layer owns every read of a user's path, every write, every printed line and every
exit status; everything below it is pure. `treaty.cli` only parses arguments and calls a
``*_command`` function here.

The package's own names (``commands.check``, ``commands.compile_document`` ...) are the
functions of its modules, imported on first use (PEP 562) so that ``treaty --help``
imports none of them.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOME = {
    "Loaded": "common", "load": "common", "load_valid": "common", "raise_first": "common",
    "write_output": "common", "to_stdout": "common",
    "init": "setup", "import_text": "setup", "summary_line": "setup", "check": "setup",
    "CheckReport": "setup", "stats": "setup", "stats_report": "setup",
    "verify_import": "setup",
    "propose": "proposals", "propose_from_options": "proposals",
    "change_from_options": "proposals", "list_amendments": "proposals",
    "translate": "proposals", "target_of": "proposals", "import_language_version": "setup",
    "set_status": "proposals", "where_it_lands": "proposals",
    "take_position": "proposals", "withdraw": "proposals", "update_amendment": "proposals",
    "propose_from_docx": "proposals",
    "select": "compile", "compile_document": "compile", "compiled_draft": "compile",
    "consolidate": "consolidate",
}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
