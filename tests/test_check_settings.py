"""`pod-ls check`'s settings: the project's file (`.pod-ls.json`, or pyproject.toml's
[tool.pod-ls]) found from the current folder up, applied as the model reads it; with none, the
model's defaults, taken without loading pydantic, in the process and in its workers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from test_check_workers import synthetic_tree
from workloads import wrap

from pod_ls.cli.check_settings import CheckSettings
from pod_ls.findings import Severity
from pod_ls.settings import Settings
from pod_ls.settings_files import settings_file

CONTAINER = "containers:\n  - name: app\n    image: nginx:1.27\n"
DNS_NONE = wrap("Pod", "dnsPolicy: None\n" + CONTAINER)
RECORD_PYDANTIC = """
import os, sys
from pod_ls.analysis.analyzer import Analyzer
analyse = Analyzer.analyse
def recorded(self, *args, **kwargs):
    with open(os.environ["PODLS_TEST_RECORD"], "a") as record:
        record.write(f"{os.getpid()} {'pydantic' in sys.modules}\\n")
    return analyse(self, *args, **kwargs)
Analyzer.analyse = recorded
from pod_ls.cli.main import main
try:
    main(["check", *sys.argv[1:]])
except SystemExit as done:
    with open(os.environ["PODLS_TEST_RECORD"], "a") as record:
        record.write(f"parent {'pydantic' in sys.modules}\\n")
    raise
"""


def check(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pod_ls", "check", *args], cwd=folder, capture_output=True,
                          text=True, timeout=300)


def test_the_defaults_are_the_models():
    assert CheckSettings.defaults() == CheckSettings.of(Settings())


def test_severities_are_the_models():
    model = Settings.model_validate({"rules": {"image-tag-pinned": "off", "dns-none-without-config": "info"},
                                     "kubernetesVersion": "1.30", "docsUrl": ""})
    plain = CheckSettings.of(model)
    for rule in ("image-tag-pinned", "dns-none-without-config", "probe-success-threshold"):
        assert plain.severity(rule, Severity.WARNING) == model.severity(rule, Severity.WARNING)
    assert plain.version == (1, 30) and plain.rule_url("x") is None and model.rule_url("x") is None


def test_without_settings_neither_the_check_nor_its_workers_load_pydantic(tmp_path: Path):
    tree = synthetic_tree(tmp_path / "tree")
    record = tmp_path / "record.txt"
    for jobs in ("1", "2"):
        record.write_text("")
        run = subprocess.run([sys.executable, "-c", RECORD_PYDANTIC, "--jobs", jobs, str(tree)], cwd=tmp_path,
                             capture_output=True, text=True, timeout=300,
                             env={**os.environ, "PODLS_TEST_RECORD": str(record)})
        assert run.returncode == 1, run.stderr
        lines = record.read_text().splitlines()
        assert "parent False" in lines and len({line.split()[0] for line in lines} - {"parent"}) == int(jobs)
        assert not any(line.endswith("True") for line in lines), lines


def test_the_first_settings_file_up_from_the_current_folder_applies(tmp_path: Path):
    work = tmp_path / "repo" / "deploy"
    work.mkdir(parents=True)
    (work / "pod.yaml").write_text(DNS_NONE)
    assert (found := settings_file(work)) is None or not str(found.path).startswith(str(tmp_path))
    assert check(work, "pod.yaml").returncode == 1
    (tmp_path / "repo" / "pyproject.toml").write_text('[tool.pod-ls.rules]\n"dns-none-without-config" = "off"\n')
    assert check(work, "pod.yaml").returncode == 0  # [tool.pod-ls] one folder up
    (work / "pyproject.toml").write_text('[project]\nname = "other"\n')
    assert check(work, "pod.yaml").returncode == 0  # a pyproject.toml without the table is passed over
    (work / ".pod-ls.json").write_text(json.dumps({"rules": {"dns-none-without-config": "hint"}}))
    run = check(work, "pod.yaml", "--severity", "hint")
    assert run.returncode == 1 and "hint [dns-none-without-config]" in run.stdout
    (work / ".pod-ls.json").unlink()
    (work / "pyproject.toml").write_text("[tool.pod-ls\n")
    run = check(work, "pod.yaml")
    assert run.returncode == 1 and "pyproject.toml" in run.stderr and "using the defaults" in run.stderr
