"""Shared test helpers: cursor-marked fixtures and the corpus location."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus" / "real"
CURSOR = "|"


def split_cursor(text: str, marker: str = "‸") -> tuple[str, int, int]:
    """Text with the cursor marker removed, and the (line, column) where it was."""
    index = text.index(marker)
    before = text[:index]
    line = before.count("\n")
    column = index - (before.rfind("\n") + 1)
    return text[:index] + text[index + len(marker):], line, column


@pytest.fixture
def fixture_text():
    def read(name: str) -> str:
        return (FIXTURES / name).read_text(encoding="utf-8")

    return read
