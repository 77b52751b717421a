"""Is there a font for the text's script? Asked of fontconfig (``fc-list :lang=ar``), which
is what WeasyPrint (Pango) and LibreOffice use to find glyphs: without such a font a PDF
shows empty boxes, so the command says which package to install instead.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache

from .. import languages


@lru_cache(maxsize=16)
def families_for(code: str) -> tuple[str, ...] | None:
    """Installed font families that cover language `code`; None if fontconfig is absent."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run([fc_list, f":lang={code}", "family"], capture_output=True, text=True,
                             timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return tuple(sorted({line.split(",")[0].strip() for line in out.splitlines() if line.strip()}))


def missing_font(code: str) -> str | None:
    """One line naming the package to install when no installed font covers `code`."""
    language = languages.get(code)
    found = families_for(language.code)
    if found is None or found:
        return None
    return (f"no installed font has {language.english_name} letters ({language.script}): the PDF "
            f"would show empty boxes; install {language.font_package} "
            f"(apt-get install {language.font_package})")
