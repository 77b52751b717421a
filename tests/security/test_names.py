"""Finding 2: names that become paths (labels, ids) cannot lead out of the workspace."""

from __future__ import annotations

from pathlib import Path

import pytest

from treaty.model import TreatyError
from treaty.names import check_name, is_name

from .helpers import amendment, files, one_line_error, treaty


@pytest.mark.parametrize("bad", ["../../evil", "..", ".hidden", "a/b", "a\\b", "", "-rf", "x y",
                                 "a\x00b", "x" * 101, "/etc/passwd", "lab\n"])
def test_one_rule_for_names(bad: str) -> None:
    assert not is_name(bad)
    with pytest.raises(TreatyError):
        check_name(bad, "version label")


@pytest.mark.parametrize("good", ["draft", "zero-draft", "rev.1", "AHC_5", "2023-04", "révision"])
def test_ordinary_names_pass(good: str) -> None:
    assert check_name(good, "version label") == good


def test_consolidate_label_cannot_write_outside(demo: Path) -> None:
    before = files(demo.parent)
    result = treaty("consolidate", str(demo), "--label", "../../evil", "--force")
    one_line_error(result, "../../evil", "not allowed")
    assert files(demo.parent) == before
    assert not list(demo.parent.parent.glob("evil*"))


def _set_version_number(demo: Path, value: str) -> None:
    path = demo / "treaty.xml"
    path.write_bytes(path.read_bytes().replace(b'FRBRversionNumber value="cnd-2023-04"',
                                               f'FRBRversionNumber value="{value}"'.encode()))


def test_version_number_in_treaty_xml_is_checked(demo: Path) -> None:
    _set_version_number(demo, "../../x")
    result = treaty("check", str(demo))
    assert result.returncode == 1
    assert "'../../x' is not allowed" in result.stdout
    before = files(demo.parent)
    result = treaty("consolidate", str(demo), "--label", "next", "--force")
    one_line_error(result, "FRBRversionNumber", "not allowed")
    assert files(demo.parent) == before
    assert not (demo.parent.parent / "x.akn.xml").exists()


def test_compile_version_cannot_read_outside(demo: Path, tmp_path: Path) -> None:
    result = treaty("compile", str(demo), "--version", "../../../etc/passwd")
    one_line_error(result, "--version", "not allowed")


def test_propose_id_cannot_name_a_path(demo: Path) -> None:
    result = treaty("propose", str(demo), "--by", "CHE", "--target", "58.10(b)",
                    "--replace", "requested", "--with", "requesting", "--id", "../../owned")
    one_line_error(result, "--id", "not allowed")
    assert not (demo.parent / "owned.xml").exists()


@pytest.mark.parametrize("bad_id", ["../../evil", "evil ", ".x"])
def test_amendment_id_in_a_file_is_checked(demo: Path, bad_id: str) -> None:
    (demo / "amendments" / "evil.xml").write_text(amendment(id=bad_id))
    result = treaty("check", str(demo))
    assert result.returncode == 1
    problem = [line for line in result.stdout.splitlines() if "evil.xml" in line]
    assert len(problem) == 1 and ("not allowed" in problem[0] or "not a valid amendment" in problem[0])


def test_linked_versions_folder_cannot_take_writes_outside(demo: Path, tmp_path: Path) -> None:
    from treaty import commands

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (demo / "versions").symlink_to(outside)
    commands.set_status(demo, "ahc5-che-058-ne-bis-in-idem", "adopted")
    result = treaty("consolidate", str(demo), "--label", "next")
    one_line_error(result, "outside the workspace")
    assert list(outside.iterdir()) == []
