"""`pod-ls check` memory grows with the files, not with files × Services: each file's analysis
is dropped once its findings are kept, and all files share one view of the Services. The
parses the first pass keeps for the second stop at a bound (`workers.KEEP_CHARACTERS`, made
small here: 50 of the files).

Measured in a fresh interpreter: tracemalloc counts every thread's allocations, and threads an
earlier test left (a language client's readers) would be counted too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SMALL, LARGE = 100, 400

MEASURE = """
import contextlib, io, sys, tracemalloc
from pod_ls.cli import workers
from pod_ls.cli.main import main
workers.KEEP_CHARACTERS = int(sys.argv[6])

def peak(folder, count):
    output = io.StringIO()
    tracemalloc.start()
    try:
        with contextlib.redirect_stdout(output):
            try:
                main(["check", "--jobs", "1", folder])
            except SystemExit as exit_status:
                code = exit_status.code
        result = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert code == 1, code
    assert output.getvalue().splitlines()[-1].startswith(f"{count} files checked:"), output.getvalue()
    return result

peak(sys.argv[1], 2)  # imports, schema and rules loaded once
print(peak(sys.argv[2], int(sys.argv[4])), peak(sys.argv[3], int(sys.argv[5])))
"""


def write_files(folder: Path, count: int) -> Path:
    """`count` files, each a headless Service and a Pod under it with one finding."""
    folder.mkdir()
    for n in range(count):
        (folder / f"app{n}.yaml").write_text(
            f"apiVersion: v1\nkind: Service\nmetadata:\n  name: svc{n}\nspec:\n  clusterIP: None\n---\n"
            f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod{n}\nspec:\n  hostname: h\n  subdomain: svc{n}\n"
            "  containers:\n    - name: app\n      image: nginx:1.27\n      imagePullPolcy: Always\n")
    return folder


def test_check_memory_is_linear_in_files(tmp_path: Path):
    folders = [str(write_files(tmp_path / name, count))
               for name, count in (("warm-up", 2), ("small", SMALL), ("large", LARGE))]
    keep = 50 * len((tmp_path / "small" / "app0.yaml").read_text())
    run = subprocess.run([sys.executable, "-c", MEASURE, *folders, str(SMALL), str(LARGE), str(keep)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    small, large = map(int, run.stdout.split())
    figures = f"{SMALL} files: {small / 1e6:.1f} MB, {LARGE} files: {large / 1e6:.1f} MB"
    # Linear: four times the files take at most about four times the memory (quadratic: ~10x).
    assert large < 5 * small, figures
    # Each more file costs its text and findings (~2 kB), not its parsed trees too (~15 kB):
    # beyond the bound, the first pass keeps none.
    assert (large - small) / (LARGE - SMALL) < 6_000, figures
