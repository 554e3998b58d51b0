"""`pod-ls check` on every core: worker processes give the report one process gives, byte for
byte, with the whole tree's workspace model; small inputs stay in the process; a failure in a
worker is told apart from findings; `--jobs` takes only a number of processes."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.analysis.scan import objects_in_text
from pod_ls.cli.check import check_texts
from pod_ls.cli.workers import PARALLEL_MINIMUM, Source, _Reads
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.settings import Settings

CORPUS = ROOT.parent / "shared" / "corpus" / "real"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus/real")
FORKS = sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()
RECORD_PIDS = """
import os, sys
from pod_ls.analysis.analyzer import Analyzer
RECORD = os.environ["PODLS_TEST_PIDS"]
with open(RECORD, "a") as record:
    record.write(f"parent {os.getpid()}\\n")
analyse = Analyzer.analyse
def recorded(self, *args, **kwargs):
    with open(RECORD, "a") as record:
        record.write(f"analysed {os.getpid()}\\n")
    return analyse(self, *args, **kwargs)
Analyzer.analyse = recorded
"""
"""Run before `pod-ls check`: notes which processes analyse files (forked workers inherit it)."""
CRASH_IN_WORKER = """
import os, sys
from pod_ls.analysis.analyzer import Analyzer
def broken(self, *args, **kwargs):
    raise KeyError(f"forced in {os.getpid()}")
Analyzer.analyse = broken
print(f"parent {os.getpid()}", file=sys.stderr)
"""
KILLED_IN_WORKER = """
import os, signal
from pod_ls.analysis.analyzer import Analyzer
def killed(self, *args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
Analyzer.analyse = killed
"""
RECORD_SPAWNS = """
import os
from multiprocessing.context import SpawnProcess
spawn = SpawnProcess.start
def recorded(self):
    with open(os.environ["PODLS_TEST_PIDS"], "a") as record:
        record.write("spawned\\n")
    return spawn(self)
SpawnProcess.start = recorded
"""
WITH_A_THREAD = """
import threading
threading.Thread(target=threading.Event().wait, daemon=True).start()
"""
"""A caller with a thread running: a forked child would lack it, so workers are spawned."""


def pod_ls_check(*args: str, prelude: str = "", stdin: str | None = None,
                 env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    code = prelude + "\nimport sys\nfrom pod_ls.cli.main import main\nmain(['check', *sys.argv[1:]])\n"
    return subprocess.run([sys.executable, "-c", code, *args], input=stdin, capture_output=True, text=True,
                          timeout=300, env={**os.environ, **(env or {})})


def analysing_processes(record: Path, *args: str, stdin: str | None = None) -> tuple[int, set[int]]:
    """The pid of `pod-ls check` and those of the processes that analysed its files."""
    run = pod_ls_check(*args, prelude=RECORD_PIDS, stdin=stdin, env={"PODLS_TEST_PIDS": str(record)})
    assert run.returncode in (0, 1), run.stderr
    lines = [line.split() for line in record.read_text().splitlines()]
    [parent] = [int(pid) for what, pid in lines if what == "parent"]
    return parent, {int(pid) for what, pid in lines if what == "analysed"}


def synthetic_tree(folder: Path, count: int = 150, lines: int = 40) -> Path:
    """`count` apps, each a ConfigMap (with a file of `lines` lines) in one file and a
    Deployment, a headless Service and a Pod in another, that name the next app's ConfigMap and
    Service: every link crosses files, and some of them miss."""
    for n in range(count):
        nxt = (n + 1) % count
        app = folder / f"team{n % 7}" / f"app{n}"
        app.mkdir(parents=True)
        settings = "".join(f"    line {m} of the settings of app {n}\n" for m in range(lines))
        (app / "config.yaml").write_text(
            f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-{n}\n  namespace: shop\n"
            f"data:\n  mode: fast\n  settings.txt: |\n{settings}")
        (app / "deploy.yaml").write_text(
            f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{n}\n  namespace: shop\nspec:\n"
            f"  selector:\n    matchLabels: {{app: app-{n}}}\n  template:\n    metadata:\n"
            f"      labels: {{app: app-{n}}}\n    spec:\n      containers:\n        - name: app\n"
            f"          image: example/app:{n}.0\n          env:\n            - name: MODE\n"
            f"              valueFrom:\n                configMapKeyRef: {{name: config-{nxt}, key: mode}}\n"
            f"            - name: LEVEL\n              valueFrom:\n"
            f"                configMapKeyRef: {{name: config-{nxt}, key: level}}\n"
            f"          envFrom:\n            - configMapRef: {{name: config-{n + count}}}\n---\n"
            f"apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{n}\n  namespace: shop\nspec:\n"
            f"  clusterIP: None\n  selector: {{app: {'app' if n % 3 else 'nothing'}-{n}}}\n"
            f"  ports:\n    - port: 80\n---\n"
            f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-{n}\n  namespace: shop\nspec:\n"
            f"  hostname: h\n  subdomain: svc-{nxt if n % 2 else n + count}\n"
            f"  containers:\n    - name: app\n      image: nginx:1.27\n      imagePullPolcy: Always\n")
    return folder


def size(tree: Path) -> int:
    return sum(file.stat().st_size for file in tree.rglob("*.yaml"))


def same_report(*args: str, prelude: str = "", env: dict[str, str] | None = None) -> str:
    """The report of `--jobs 2`, after checking it is `--jobs 1`'s byte for byte."""
    alone = pod_ls_check("--jobs", "1", *args)
    shared = pod_ls_check("--jobs", "2", *args, prelude=prelude, env=env)
    assert alone.returncode in (0, 1), alone.stderr
    assert (shared.returncode, shared.stdout, shared.stderr) == (alone.returncode, alone.stdout, alone.stderr)
    return shared.stdout


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the real corpus is not here")
@pytest.mark.parametrize("fmt", ["text", "sarif"])
def test_the_real_corpus_gets_the_same_report_on_every_core(fmt):
    assert size(CORPUS) > PARALLEL_MINIMUM["fork"]  # so it is shared out
    report = same_report("--format", fmt, str(CORPUS))
    assert report.count("\n") > 100


@pytest.mark.skipif(not FORKS, reason="proving where the work ran needs forked workers")
def test_a_big_tree_is_analysed_in_worker_processes(tmp_path: Path):
    tree = synthetic_tree(tmp_path / "tree")
    assert size(tree) > PARALLEL_MINIMUM["fork"]
    parent, analysed = analysing_processes(tmp_path / "pids.txt", "--jobs", "2", str(tree))
    assert parent not in analysed and len(analysed) == 2


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_synthetic_tree_gets_the_same_report_and_links_across_files(tmp_path: Path, fmt):
    report = same_report("--format", fmt, str(synthetic_tree(tmp_path / "tree")))
    if fmt == "json":
        return
    lines = report.splitlines()
    assert lines[-1].startswith("300 files checked:")

    def hits(rule: str, app: int) -> list[str]:
        return [line for line in lines if f"/app{app}/" in line and f"[{rule}]" in line]

    # The key `level` is in no app's ConfigMap, `mode` in every one: the next app's, in another file.
    assert len(hits("missing-key", 5)) == 1 and "ConfigMap 'config-6' has no key 'level'" in hits("missing-key", 5)[0]
    assert "config-155" in hits("missing-reference", 5)[0]
    # svc-6 (headless) is in app6's files; svc-124 is nowhere.
    assert hits("subdomain-headless-service", 5) == [] and len(hits("subdomain-headless-service", 4)) == 1
    assert len(hits("service-selects-nothing", 3)) == 1 and hits("service-selects-nothing", 4) == []


def test_spawned_workers_give_the_same_report(tmp_path: Path):
    """Where the process cannot fork safely (here: another thread runs), workers are spawned."""
    tree = synthetic_tree(tmp_path / "tree", 40, lines=800)
    assert size(tree) > PARALLEL_MINIMUM["spawn"]
    record = tmp_path / "spawned.txt"
    same_report(str(tree), prelude=WITH_A_THREAD + RECORD_SPAWNS, env={"PODLS_TEST_PIDS": str(record)})
    assert record.read_text().count("spawned") >= 2


@pytest.mark.skipif(not FORKS, reason="proving where the work ran needs forked workers")
def test_one_file_and_stdin_are_checked_in_the_process(tmp_path: Path):
    """However big: the pool would only add its start-up."""
    one = (synthetic_tree(tmp_path / "tree", 1) / "team0" / "app0" / "deploy.yaml").read_text()
    text = "---\n".join([one] * (PARALLEL_MINIMUM["fork"] // len(one) + 1))
    (tmp_path / "big.yaml").write_text(text)
    parent, analysed = analysing_processes(tmp_path / "file.txt", "--jobs", "2", str(tmp_path / "big.yaml"))
    assert analysed == {parent}
    parent, analysed = analysing_processes(tmp_path / "stdin.txt", "--jobs", "2", "-", stdin=text)
    assert analysed == {parent}


@pytest.mark.skipif(not FORKS, reason="the forced failure reaches forked workers only")
def test_a_failure_in_a_worker_exits_three_with_the_workers_traceback_line(tmp_path: Path):
    tree = synthetic_tree(tmp_path / "tree")
    run = pod_ls_check("--jobs", "2", str(tree), prelude=CRASH_IN_WORKER)
    assert run.returncode == 3, run.stderr
    parent = int(run.stderr.split()[1])
    message = run.stderr.splitlines()[-1]
    assert message.startswith("pod-ls: internal error: KeyError: 'forced in ") and "Traceback" not in run.stderr
    assert int(message.split("forced in ")[1].split("'")[0]) != parent
    assert "(<string>:5); please report it" in message  # the worker's line, not the pool's
    run = pod_ls_check("--jobs", "2", str(tree), prelude=CRASH_IN_WORKER, env={"PODLS_TRACEBACK": "1"})
    assert run.returncode == 3 and "Traceback" in run.stderr and "in broken" in run.stderr


@pytest.mark.skipif(not FORKS, reason="the forced death reaches forked workers only")
def test_a_worker_killed_mid_check_exits_three_at_once(tmp_path: Path):
    """Killed or out of memory: the run ends with the reason, and no worker is left behind."""
    run = pod_ls_check("--jobs", "2", str(synthetic_tree(tmp_path / "tree")), prelude=KILLED_IN_WORKER)
    assert run.returncode == 3, run.stderr
    assert "internal error: WorkerDied: worker process " in run.stderr
    assert "ended (exit code -9) before answering" in run.stderr


def test_a_lone_file_gets_the_findings_of_both_passes(tmp_path: Path):
    """A lone file skips the pass that reads its objects first: its findings across its own
    documents (keys, Services, references) are those found with its objects known up front."""
    tree = synthetic_tree(tmp_path / "tree", 12)
    texts = {"all-in-one.yaml": "---\n".join(file.read_text() for file in sorted(tree.rglob("*.yaml")))}
    texts |= {str(file): file.read_text() for file in sorted(CORPUS.rglob("*.yaml")) if "---" in file.read_text()}
    every_document = Settings().model_copy(update={"max_checked_characters": sys.maxsize})
    for path, text in texts.items():
        model = WorkspaceModel()
        model.set(path, objects_in_text(text, path))
        [alone] = check_texts({path: text}, Settings())
        assert alone.findings == Analyzer(path).analyse(text, model, every_document).findings, path
    assert {"missing-key", "missing-reference", "subdomain-headless-service", "service-selects-nothing"} <= {
        f.rule for f in check_texts({"all-in-one.yaml": texts["all-in-one.yaml"]}, Settings())[0].findings}


def test_own_findings_found_ahead_give_the_findings_found_at_once(tmp_path: Path):
    """A worker finds files' own findings while it waits for the model (`prepare_one`); the
    second pass then only asks the model, and the findings are those found in one go."""
    files = sorted(synthetic_tree(tmp_path / "tree", 12).rglob("*.yaml")) + sorted(CORPUS.rglob("*.yaml"))
    sources = [Source(str(file), file.read_text(encoding="utf-8", errors="replace"), True) for file in files]
    settings = Settings().model_copy(update={"max_checked_characters": sys.maxsize})
    found = []
    for ahead in (False, True):
        reads, model = _Reads(settings.version if ahead else None), WorkspaceModel()
        for index, source in enumerate(sources):
            model.set(source.path, reads.objects(index, source))
        prepared = 0
        while reads.prepare_one():
            prepared += 1
        assert prepared == (len(sources) if ahead else 0)
        found.append([reads.findings(index, source, model, settings) for index, source in enumerate(sources)])
    assert found[0] == found[1]
    assert {"missing-key", "missing-reference", "subdomain-headless-service"} <= {f.rule for fs in found[1] for f in fs}


@pytest.mark.parametrize(("value", "message"), [
    ("0", "must be at least 1 (got 0)"), ("-2", "must be at least 1 (got -2)"),
    ("two", "not a number of processes: 'two'"), ("1.5", "not a number of processes: '1.5'"),
])
def test_jobs_must_be_a_positive_number(value, message):
    run = pod_ls_check("--jobs", value, str(ROOT / "examples" / "pod.yaml"))
    assert run.returncode == 2 and f"argument --jobs: {message}" in run.stderr and run.stdout == ""


def test_jobs_is_documented_in_the_help():
    run = pod_ls_check("--help")
    assert run.returncode == 0 and "--jobs N" in run.stdout and "one per core" in run.stdout
