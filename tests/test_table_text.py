"""The plain table of `treaty amendments`: one line per row, columns aligned (wide CJK
characters count double), no control characters from a file reach the terminal."""

from __future__ import annotations

from treaty.commands.table import text_table


def test_columns_are_aligned_one_line_per_row():
    out = text_table(["id", "who"], [["a-1", "SGP"], ["long-id-2", "中国, EU"], ["x\ny\x1b[31m", ""]])
    lines = out.splitlines()
    assert len(lines) == 5
    assert lines[0].startswith("id ") and lines[1].startswith("---------  ")
    assert lines[2].index("SGP") == lines[3].index("中国") == lines[0].index("who")
    assert "\x1b" not in out and lines[4].startswith("x y[31m")
