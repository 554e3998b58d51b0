"""The code stays clean: ruff (with the print check that keeps stdout free for LSP)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT


def _ruff() -> str | None:
    here = Path(sys.executable).parent / "ruff"
    return str(here) if here.exists() else shutil.which("ruff")


@pytest.mark.skipif(_ruff() is None, reason="ruff is not installed")
def test_ruff():
    run = subprocess.run([_ruff(), "check", "pod_ls", "tests", "schemas", "benchmarks"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout


def test_the_server_starts_without_the_heavy_modules():
    """initialize is answered before the YAML reader, the rules or pydantic are imported."""
    code = ("import sys; from pod_ls.lsp.app import create_server; create_server(); "
            "print(sorted(m for m in sys.modules if m.startswith(('ruamel', 'pydantic', 'pod_ls.analysis.analyzer'))))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert run.stdout.strip() == "[]"
