"""Benchmark pod-ls against yaml-language-server with ../shared/tools/lspbench.py.

    npm ci --prefix benchmarks                       # yaml-language-server 2.0.0
    python benchmarks/run.py [--reps 5] [--workload all]

yaml-language-server gets the Pod schema that lspbench builds from kubernetes-validate's JSON
schemas (--make-pod-schema), mapped to every YAML file. Both servers run the same workloads,
interleaved, a fresh process per repetition; the table gives medians and the ratio
pod-ls / yaml-language-server.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from importlib import resources
from pathlib import Path

HERE = Path(__file__).resolve().parent
LSPBENCH = HERE.parent.parent / "shared" / "tools" / "lspbench.py"
YLS = HERE / "node_modules" / ".bin" / "yaml-language-server"
KUBERNETES_VERSION = "v1.37.0-local-strict"

# (workload, metric, label) in the order of the README table.
ROWS = [
    ("startup", "startup_ms", "start-up to initialize response"),
    ("open-small", "diag_ms", "open a 60-line Pod → diagnostics"),
    ("open-small", "warm_diag_ms", "open a second 60-line Pod → diagnostics"),
    ("open-large", "diag_ms", "open a 1000-Pod, 63k-line file → first diagnostics"),
    ("open-large", "final_ms", "open the 63k-line file → final diagnostics"),
    ("edit-large", "diag_ms", "one-character edit in it → diagnostics"),
    ("completion", "key_ms", "completion of a key (60-line file)"),
    ("completion", "value_ms", "completion of a value (60-line file)"),
    ("hover", "key_ms", "hover on a key (60-line file)"),
    ("requests-large", "enter_diag_ms", "Enter in the 63k-line file → diagnostics"),
    ("requests-large", "key_ms", "completion in the 63k-line file"),
    ("requests-large", "hover_ms", "hover in the 63k-line file"),
    ("open-large", "peak_rss_mb", "peak RSS after opening it (MB)"),
    ("edit-large", "peak_rss_mb", "peak RSS after opening it and 10 edits (MB)"),
    ("edit-large", "tree_peak_rss_mb", "the same, server and helper process together (MB)"),
]


def compile_package() -> None:
    """Compile pod-ls's modules as pip does when it installs the package: with
    PYTHONDONTWRITEBYTECODE set (as on this machine) an editable checkout would otherwise be
    compiled anew by every server and helper process the benchmark starts."""
    import pod_ls

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(pod_ls.__file__).parent)], check=True,
                   stdout=subprocess.DEVNULL)


def _median(value) -> float | None:
    if isinstance(value, list):
        value = [v for v in value if v is not None]
        return statistics.median(value) if value else None
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--workload", default="all")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--settle", type=float, default=3.0,
                        help="quiet seconds before diagnostics count as final (pod-ls publishes the top "
                             "of a big file first, the rest about a second later)")
    args = parser.parse_args()
    args.out.mkdir(exist_ok=True)
    compile_package()
    schema_dir = resources.files("kubernetes_validate") / "kubernetes-json-schema" / KUBERNETES_VERSION
    pod_schema = args.out / "pod-schema.json"
    subprocess.run([sys.executable, str(LSPBENCH), "--make-pod-schema", str(schema_dir), str(pod_schema)],
                   check=True)
    yls_settings = args.out / "yls.json"
    yls_settings.write_text(json.dumps({"yaml": {
        "validate": True, "hover": True, "completion": True,
        "schemas": {pod_schema.as_uri(): "*.yaml"}}}))
    summary = args.out / "lspbench.json"
    subprocess.run([
        sys.executable, str(LSPBENCH),
        "--server", f"{YLS} --stdio", "--server-name", "yaml-language-server", "--settings", str(yls_settings),
        "--server", f"{sys.executable} -m pod_ls", "--server-name", "pod-ls",
        "--workload", args.workload, "--reps", str(args.reps), "--workdir", str(args.out / "work"),
        "--edits", "10", "--settle", str(args.settle), "--json", str(summary)], check=True)
    # The start-up floor: a pygls server with no features, started the same way.
    floor = args.out / "floor.json"
    subprocess.run([
        sys.executable, str(LSPBENCH),
        "--server", f"{sys.executable} {HERE / 'floor_server.py'}", "--server-name", "bare pygls",
        "--server", f"{sys.executable} -m pod_ls", "--server-name", "pod-ls",
        "--workload", "startup", "--reps", str(max(args.reps, 5)), "--workdir", str(args.out / "work-floor"),
        "--json", str(floor)], check=True)
    print_table(json.loads(summary.read_text()), json.loads(floor.read_text()))


def _collect(data: dict) -> dict[tuple[str, str], dict[str, list]]:
    runs: dict[tuple[str, str], dict[str, list]] = {}
    for run in data["runs"]:
        metrics = runs.setdefault((run["server"], run["workload"]), {})
        for key, value in run.get("metrics", {}).items():
            metrics.setdefault(key, []).append(_median(value))
    return runs


def print_table(data: dict, floor: dict) -> None:
    runs = _collect(data)
    print("| measure (median) | pod-ls | yaml-language-server | ratio |")
    print("|---|---:|---:|---:|")
    for workload, metric, label in ROWS:
        ours = _median(runs.get(("pod-ls", workload), {}).get(metric, []))
        theirs = _median(runs.get(("yaml-language-server", workload), {}).get(metric, []))
        ratio = f"{ours / theirs:.2f}" if ours is not None and theirs else "–"
        show = lambda v: "–" if v is None else f"{v:.1f}"  # noqa: E731
        print(f"| {label} | {show(ours)} | {show(theirs)} | {ratio} |")
    start = _collect(floor)
    ours = _median(start.get(("pod-ls", "startup"), {}).get("startup_ms", []))
    bare = _median(start.get(("bare pygls", "startup"), {}).get("startup_ms", []))
    if ours and bare:
        print(f"\nstart-up: pod-ls {ours:.1f} ms, bare pygls server {bare:.1f} ms: {ours / bare:.2f} x the floor")


if __name__ == "__main__":
    main()
