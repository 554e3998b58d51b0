"""`pod-ls check` of a whole tree on one core and on every core, beside checkov, and of a 3 MB
bundle: wall time, CPU time and the peak memory of the process tree, side by side in one run.

    python3 -m venv /tmp/checkov-venv && /tmp/checkov-venv/bin/pip install checkov
    python benchmarks/check_tree.py [--reps 3] [--files 1000] [--checkov /tmp/checkov-venv/bin/checkov]
                                    [--baseline 92e7e83]

The tree is made at run time in a temporary folder by copying the real corpus
(`../shared/corpus/real`, never into the repository), cycling through its files until there
are `--files` of them. Each figure is the median of `--reps` runs, interleaved; before each run
the script waits (up to `--wait` seconds) for the 1-minute load average to fall to `--max-load`
and repeats a run that started above it (at most twice), since other work shares this machine.
Peak memory is the largest sum of the RSS of the command and its children, sampled every 20 ms
(a forked worker's pages shared with its parent count in both, so the sum overstates a little).
Python runs with its bytecode cached (in a temporary folder), as an installed pod-ls does.
`--baseline` also times the tree with the code of an older commit (by default 92e7e83, the
code of the day issue #13 was filed), taken out of git into the temporary folder and run with
this environment's packages. The results go to stdout and to benchmarks/check_tree.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASELINE = "92e7e83"
"""The code of the day issue #13 (fast on whole repositories) was filed: one process."""
CORPUS = HERE.parent.parent / "shared" / "corpus" / "real"
sys.path.insert(0, str(HERE))
from bundle import bundle  # noqa: E402

POD_LS = [sys.executable, "-m", "pod_ls", "check"]


@dataclass
class Figure:
    label: str
    command: list[str]
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)
    """The 1-minute load average at the start of each kept run."""
    retried: int = 0
    env: dict[str, str] = field(default_factory=dict)
    """Set for this command beside the run's environment."""


def make_tree(corpus: Path, folder: Path, count: int) -> int:
    """`count` manifests copied from the corpus, cycling; returns their bytes."""
    sources = sorted(corpus.rglob("*.yaml"))
    size = 0
    for n in range(count):
        source = sources[n % len(sources)]
        target = folder / f"copy{n // len(sources)}" / source.parent.name / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        size += target.stat().st_size
    return size


def _tree_rss(pid: int) -> int:
    """Bytes of RSS of a process and all its descendants now (0 once it is gone)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                total += next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmRSS:"))
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo += [int(child) for child in children.read().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def run_once(command: list[str], env: dict[str, str], cwd: str) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of the process tree, peak MB of the tree's RSS). Run from
    the temporary folder: from the checkout, `python -m` would take its pod_ls before the
    baseline's on PYTHONPATH."""
    before = os.times()
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                               cwd=cwd)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss(process.pid))
        time.sleep(0.02)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {process.returncode}")
    return wall, cpu, peak / 1e6


def quiet_enough(max_load: float, wait: float) -> float:
    """Wait until the load average is at most `max_load` (or `wait` seconds passed); the load."""
    deadline = time.monotonic() + wait
    while (load := os.getloadavg()[0]) > max_load and time.monotonic() < deadline:
        time.sleep(5)
    return load


def measure(figure: Figure, env: dict[str, str], cwd: str, max_load: float, wait: float) -> None:
    for attempt in range(3):
        load = quiet_enough(max_load, wait)
        wall, cpu, peak = run_once(figure.command, {**env, **figure.env}, cwd)
        if load <= max_load or attempt == 2:
            break
        figure.retried += 1
    figure.seconds.append(wall)
    figure.cpu.append(cpu)
    figure.peak_mb.append(peak)
    figure.loads.append(load)


def table(figures: list[Figure]) -> list[str]:
    rows = ["| command | wall s (median) | runs | CPU s | peak MB (tree) | load at start |",
            "|---|---:|---|---:|---:|---|"]
    for f in figures:
        runs = ", ".join(f"{s:.2f}" for s in f.seconds)
        loads = ", ".join(f"{load:.2f}" for load in f.loads)
        rows.append(f"| {f.label} | {statistics.median(f.seconds):.2f} | {runs} | {statistics.median(f.cpu):.2f} "
                    f"| {statistics.median(f.peak_mb):.0f} | {loads} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--checkov", default=shutil.which("checkov") or "/tmp/checkov-venv/bin/checkov")
    parser.add_argument("--max-load", type=float, default=1.5)
    parser.add_argument("--wait", type=float, default=60, help="seconds to wait for the load to fall, each time")
    parser.add_argument("--baseline", default=BASELINE, help="an older commit to time beside ('' for none)")
    parser.add_argument("--output", type=Path, default=HERE / "check_tree.md")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"no corpus at {args.corpus}")
    with tempfile.TemporaryDirectory(prefix="check-tree-") as scratch:
        tree, cache = Path(scratch) / "tree", Path(scratch) / "pycache"
        size = make_tree(args.corpus, tree, args.files)
        install = Path(scratch) / "install.yaml"
        install.write_text(bundle(3.0))
        env = {**os.environ, "PYTHONPYCACHEPREFIX": str(cache)}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        cores = len(os.sched_getaffinity(0))
        figures = [
            Figure("`pod-ls check --jobs 1` of the tree", [*POD_LS, "--jobs", "1", str(tree)]),
            Figure(f"`pod-ls check` of the tree (default: {cores} processes)", [*POD_LS, str(tree)]),
            Figure("`pod-ls check` of the 3.4 MB bundle", [*POD_LS, str(install)]),
            Figure("`pod-ls check` of one 30-line Pod (the start-up)",
                   [*POD_LS, str(HERE.parent / "examples" / "pod.yaml")]),
        ]
        if Path(args.checkov).exists():
            figures.insert(2, Figure("`checkov --framework kubernetes -d` of the tree",
                                     [args.checkov, "--framework", "kubernetes", "-d", str(tree), "--quiet",
                                      "--compact"]))
        else:
            print(f"checkov not found at {args.checkov}: skipped (see this script's docstring to install it)")
        if args.baseline:
            old = Path(scratch) / "baseline"
            old.mkdir()
            archive = subprocess.run(["git", "-C", str(HERE.parent), "archive", args.baseline, "pod_ls", "schemas"],
                                     capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
            figures.insert(0, Figure(f"`pod-ls check` of the tree with the code of {args.baseline}",
                                     [*POD_LS, str(tree)], env={"PYTHONPATH": str(old)}))
            run_once(figures[0].command, {**env, **figures[0].env}, scratch)
        run_once(POD_LS + ["--jobs", "1", str(tree)], env, scratch)  # caches the bytecode
        for _ in range(args.reps):
            for figure in figures:
                measure(figure, env, scratch, args.max_load, args.wait)
    median = {f.label: statistics.median(f.seconds) for f in figures}
    one = median["`pod-ls check --jobs 1` of the tree"]
    every = median[next(f.label for f in figures if "(default" in f.label)]
    lines = [f"Tree: {args.files} manifests copied from the real corpus ({size / 1e6:.2f} MB, "
             f"{len(list(args.corpus.rglob('*.yaml')))} distinct files), {time.strftime('%Y-%m-%d %H:%M')}, "
             f"{cores} cores, medians of {args.reps}.", "", *table(figures), "",
             f"- every core vs one: {one / every:.2f}x faster",
             f"- vs the issue's baseline (34 s for 735 operator-bundle files, one core): {34 / every:.1f}x"]
    if args.baseline:
        lines.append(f"- vs the code of {args.baseline}: {median[figures[0].label] / every:.2f}x faster")
    checkov = [f for f in figures if f.label.startswith("`checkov")]
    if checkov:
        lines.append(f"- vs checkov: {median[checkov[0].label] / every:.1f}x faster")
    if retried := sum(f.retried for f in figures):
        lines.append(f"- {retried} runs repeated because the load was over {args.max_load}")
    print("\n".join(lines))
    args.output.write_text("# `pod-ls check` of a tree (benchmarks/check_tree.py)\n\n" + "\n".join(lines) + "\n")
    print(json.dumps({f.label: {"seconds": f.seconds, "cpu": f.cpu, "peak_mb": f.peak_mb, "loads": f.loads}
                      for f in figures}))


if __name__ == "__main__":
    main()
