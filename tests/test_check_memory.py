"""`pod-ls check` memory grows with the files, not with files × Services: each file's analysis
is dropped once its findings are kept, and all files share one view of the Services."""

from __future__ import annotations

import contextlib
import gc
import io
import tracemalloc
from pathlib import Path

import pytest

from pod_ls.cli.main import main

SMALL, LARGE = 100, 400


def write_files(folder: Path, count: int) -> Path:
    """`count` files, each a headless Service and a Pod under it with one finding."""
    folder.mkdir()
    for n in range(count):
        (folder / f"app{n}.yaml").write_text(
            f"apiVersion: v1\nkind: Service\nmetadata:\n  name: svc{n}\nspec:\n  clusterIP: None\n---\n"
            f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod{n}\nspec:\n  hostname: h\n  subdomain: svc{n}\n"
            "  containers:\n    - name: app\n      image: nginx:1.27\n      imagePullPolcy: Always\n")
    return folder


def peak_memory_of_check(folder: Path) -> int:
    """Peak bytes allocated by Python while `pod-ls check folder` runs."""
    output = io.StringIO()
    tracemalloc.start()
    try:
        with contextlib.redirect_stdout(output), pytest.raises(SystemExit) as exit_status:
            main(["check", "--jobs", "1", str(folder)])  # the analysis in this process, where it is traced
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert exit_status.value.code == 1
    assert output.getvalue().splitlines()[-1].startswith(f"{len(list(folder.iterdir()))} files checked:")
    return peak


@pytest.fixture
def gc_thresholds():
    """`main` sets the process's collector thresholds; give the other tests theirs back."""
    saved = gc.get_threshold()
    yield
    gc.set_threshold(*saved)


def test_check_memory_is_linear_in_files(tmp_path: Path, gc_thresholds):
    peak_memory_of_check(write_files(tmp_path / "warm-up", 2))  # imports, schema and rules loaded once
    small = peak_memory_of_check(write_files(tmp_path / "small", SMALL))
    large = peak_memory_of_check(write_files(tmp_path / "large", LARGE))
    figures = f"{SMALL} files: {small / 1e6:.1f} MB, {LARGE} files: {large / 1e6:.1f} MB"
    # Linear: four times the files take at most about four times the memory (quadratic: ~10x).
    assert large < 5 * small, figures
    # Each more file costs its text and findings (~2 kB), not its parsed trees too (~15 kB).
    assert (large - small) / (LARGE - SMALL) < 6_000, figures
