"""Finding 6 (special files: /dev/zero, FIFOs, links out of the workspace, huge files) and
7 (files in amendments/ skipped in silence)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from treaty import fileio
from treaty.model import TreatyError

from .helpers import amendment, memory_cap, one_line_error, treaty

OTHER = amendment(id="sec-other")


def _problems(result) -> list[str]:
    return [line for line in result.stdout.splitlines() if "/amendments/" in line]


def test_link_to_dev_zero_is_refused_at_once(demo: Path) -> None:
    (demo / "amendments" / "zero.xml").symlink_to("/dev/zero")
    start = time.monotonic()
    result = treaty("check", str(demo), timeout=60)  # memory capped (helpers.treaty)
    assert time.monotonic() - start < 30
    assert result.returncode == 1
    [line] = [x for x in _problems(result) if "zero.xml" in x]
    assert "outside the workspace" in line


def test_device_is_refused_as_a_device() -> None:
    # in a memory-capped child: a regression must not read /dev/zero in the test process
    script = ("from pathlib import Path\nfrom treaty import fileio\n"
              "try:\n    fileio.read_bytes(Path('/dev/zero'))\n"
              "except Exception as exc:\n    print(type(exc).__name__, exc)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60, preexec_fn=memory_cap)
    assert result.stdout.startswith("TreatyError /dev/zero: refused: this is a device"), result


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_never_hangs(demo: Path) -> None:
    os.mkfifo(demo / "amendments" / "pipe.xml")
    result = treaty("check", str(demo), timeout=60)  # a hang fails here with TimeoutExpired
    assert result.returncode == 1
    [line] = [x for x in _problems(result) if "pipe.xml" in x]
    assert "FIFO" in line
    one_line_error(treaty("compile", str(demo), timeout=60), "pipe.xml", "FIFO")


def test_link_out_of_the_workspace_is_refused_by_name(demo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.xml"
    outside.write_text(OTHER)
    (demo / "amendments" / "sneaky.xml").symlink_to(outside)
    result = treaty("check", str(demo))
    assert result.returncode == 1
    [line] = [x for x in _problems(result) if "sneaky.xml" in x]
    assert "outside the workspace" in line and str(outside) in line
    one_line_error(treaty("consolidate", str(demo), "--label", "next", "--force"), "sneaky.xml")


def test_link_inside_the_workspace_is_read(demo: Path) -> None:
    (demo / "shared").mkdir()
    (demo / "shared" / "x.xml").write_text(OTHER)
    (demo / "amendments" / "linked.xml").symlink_to(demo / "shared" / "x.xml")
    result = treaty("amendments", str(demo), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert '"sec-other"' in result.stdout


def test_treaty_xml_linked_outside_is_refused(demo: Path, tmp_path: Path) -> None:
    shutil.move(demo / "treaty.xml", tmp_path / "treaty.xml")
    (demo / "treaty.xml").symlink_to(tmp_path / "treaty.xml")
    result = treaty("check", str(demo))
    assert result.returncode == 1 and "outside the workspace" in result.stdout


def test_size_cap(tmp_path: Path, demo: Path) -> None:
    big = demo / "amendments" / "big.xml"
    with open(big, "wb") as handle:  # sparse: no disk used
        handle.truncate(fileio.MAX_BYTES + 1)
    result = treaty("check", str(demo))
    [line] = [x for x in _problems(result) if "big.xml" in x]
    assert "larger than 50 MB" in line
    small = tmp_path / "s.txt"
    small.write_bytes(b"x" * 100)
    with pytest.raises(TreatyError, match="larger than"):
        fileio.read_bytes(small, limit=10)


# -- nothing skipped in silence (finding 7) -------------------------------------------------


def test_every_xml_in_amendments_is_loaded_and_the_rest_named(demo: Path) -> None:
    folder = demo / "amendments"
    (folder / "UPPER.XML").write_text(amendment(id="sec-upper"))
    (folder / "AHC-6").mkdir()
    (folder / "AHC-6" / "sub.xml").write_text(amendment(id="sec-sub"))
    (folder / "notes.txt").write_text("remember to ask the chair")
    (folder / "AHC-6" / "draft.docx").write_bytes(b"PK")
    listed = treaty("amendments", str(demo), "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert '"sec-upper"' in listed.stdout and '"sec-sub"' in listed.stdout
    result = treaty("check", str(demo))
    assert result.returncode == 0, result.stdout
    warnings = [x for x in result.stdout.splitlines() if x.startswith("warning:")]
    assert any("notes.txt: ignored" in w for w in warnings)
    assert any("draft.docx: ignored" in w for w in warnings)
    assert not any("UPPER.XML" in w or "sub.xml" in w for w in warnings)


def test_trailing_space_in_a_file_name_is_a_problem(demo: Path) -> None:
    (demo / "amendments" / "spaced.xml ").write_text(amendment(id="sec-spaced"))
    result = treaty("check", str(demo))
    assert result.returncode == 1
    [line] = [x for x in _problems(result) if "spaced.xml" in x]
    assert "ends with a space" in line and "rename it to 'spaced.xml'" in line
    one_line_error(treaty("compile", str(demo)), "spaced.xml")
    one_line_error(treaty("propose", str(demo), "--by", "CHE", "--target", "58.10(b)",
                          "--replace", "requested", "--with", "requesting", "--id", "sec-new "),
                   "--id", "not allowed")
