"""Compiled templates kept between runs (Jinja's bytecode cache), so that a command does not
compile its templates from source every time it starts (~0.07 s of each HTML command).

Jinja's own `FileSystemBytecodeCache`: a private folder of this user's (``/tmp/_jinja2-cache-UID``,
mode 0700, refused if someone else owns it), never the workspace; entries are keyed by the
template's name and the checksum of its source, so an edited template (a workspace's
``render/`` override too) is compiled again.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import BytecodeCache, FileSystemBytecodeCache


@lru_cache(maxsize=1)
def bytecode_cache() -> BytecodeCache | None:
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # no private temporary folder: compile every time
        return None
