"""Bidirectional override characters in a proposal cannot reorder what a reader sees."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from treaty.names import BIDI_CONTROLS, neutralise_bidi

from .helpers import amendment, treaty

# "Trojan Source": the reader would see "shall not" where the text says the opposite.
TRICK = "shall \u202enot\u202c \u2066apply\u2069 \u202a\u202b\u202d\u2067\u2068x\u2069"


def test_neutralised_text_holds_no_control_and_says_which() -> None:
    out = neutralise_bidi(TRICK)
    assert not BIDI_CONTROLS & set(out)
    assert "\u27e8U+202E\u27e9" in out and "not" in out
    assert neutralise_bidi("plain text") == "plain text"


@pytest.fixture
def tricked(demo: Path) -> Path:
    (demo / "amendments" / "trick.xml").write_text(amendment(id="sec-trick", new=TRICK))
    return demo


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_draft_output_holds_no_bidi_control(tricked: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"draft.{fmt}"
    result = treaty("compile", str(tricked), "--format", fmt, "-o", str(out))
    assert result.returncode == 0, result.stderr
    if fmt == "docx":
        with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as zf:
            text = "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".xml"))
    else:
        text = out.read_text()
    assert not BIDI_CONTROLS & set(text)
    assert "U+202E" in text


def test_check_warns_of_bidi_controls(tricked: Path) -> None:
    result = treaty("check", str(tricked))
    assert result.returncode == 0, result.stdout
    assert any(line.startswith("warning:") and "sec-trick" in line and "bidirectional" in line
               for line in result.stdout.splitlines())
