"""The tables translated from Kubernetes' validation tests, taken together: how many cases
there are, and that each names the Go test it comes from."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from validation_table import Case


def all_cases() -> list[Case]:
    cases = []
    for path in sorted(Path(__file__).parent.glob("test_validation_*.py")):
        if path.stem != Path(__file__).stem:
            cases += getattr(importlib.import_module(path.stem), "CASES", [])
    return cases


def test_there_are_400_cases_accepts_and_rejects_alike():
    cases = all_cases()
    rejects = sum(c.rejected_line is not None for c in cases)
    assert len(cases) >= 400 and rejects >= 150 and len(cases) - rejects >= 150, (len(cases), rejects)


def test_every_case_names_the_go_test_or_function_it_comes_from():
    unnamed = [c.source for c in all_cases() if not re.match(r"[A-Za-z_]\w*\b[^/]*/.", c.source)]
    assert not unnamed
