"""The examples in module docstrings are part of the documentation: keep them true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["treaty.ids", "treaty.citation", "treaty.citations", "treaty.lifecycle", "treaty.describe",
           "treaty.amend.spacing", "treaty.amend.build", "treaty.diff.words",
           "treaty.readers.text", "treaty.readers.docx"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
