"""Compiled templates kept between runs (Jinja's bytecode cache), so that a command does not
compile its templates from source every time it starts (~0.07 s of each HTML command).

Jinja's own `FileSystemBytecodeCache`: a private folder of this user's (``/tmp/_jinja2-cache-UID``,
mode 0700, refused if someone else owns it), never the workspace. Jinja keys an entry by the
template's name and file and checks the checksum of its source, so an edited template (a
workspace's ``render/`` override too) is compiled again. What Jinja does not key on is the
environment that compiled it (sandboxing, ``finalize``): the file names here carry a
fingerprint of the environment factory's own source and the kind of environment (sandboxed
or trusted), so code compiled under other settings is never loaded.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from jinja2 import BytecodeCache, FileSystemBytecodeCache

FACTORY = Path(__file__).with_name("env.py")


@lru_cache(maxsize=2)
def bytecode_cache(kind: str) -> BytecodeCache | None:
    """The cache of environments of `kind` (``sandboxed`` or ``trusted``: Jinja compiles
    calls differently in a sandbox, so the two never share code)."""
    try:
        tag = hashlib.sha256(FACTORY.read_bytes() + Path(__file__).read_bytes()).hexdigest()[:16]
        return FileSystemBytecodeCache(pattern=f"__treaty_{tag}_{kind}_%s.cache")
    except (OSError, RuntimeError):  # no private temporary folder: compile every time
        return None
