"""`pod-ls check` output formats: SARIF validated against the official schema, GitHub
annotations, JSON, colour, globs and the progress bar."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT
from workloads import wrap

EXAMPLE = ROOT / "examples" / "pod.yaml"
SARIF_SCHEMA = ROOT / "tests" / "sarif" / "node_modules" / "@microsoft" / "jest-sarif" / "lib" / "schemas" \
    / "sarif-2.1.0-rtm.5.json"
C = "containers:\n  - name: app\n    image: nginx:1.27\n"


def pod_ls(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pod_ls", *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd)


@pytest.mark.skipif(not SARIF_SCHEMA.exists(), reason="SARIF schema not installed: npm ci --prefix tests/sarif")
def test_sarif_is_valid_and_complete(tmp_path: Path):
    (tmp_path / "pod.yaml").write_text(EXAMPLE.read_text())
    (tmp_path / "broken.yaml").write_text("kind: Pod\nspec: [\n")
    run = pod_ls("check", "--format", "sarif", ".", cwd=tmp_path)
    assert run.returncode == 1
    log = json.loads(run.stdout)
    jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text()))
    [sarif_run] = log["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    results = sarif_run["results"]
    assert {r["ruleId"] for r in results} == {"yaml-syntax", "probe-success-threshold", "unknown-field",
                                              "dns-none-without-config", "subdomain-headless-service"}
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    probe = next(r for r in results if r["ruleId"] == "probe-success-threshold")
    location = probe["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "pod.yaml"
    assert location["region"] == {"startLine": 22, "startColumn": 27, "endLine": 22, "endColumn": 28}
    assert probe["level"] == "error"


def test_sarif_of_the_corpus_is_valid():
    corpus = ROOT.parent / "shared" / "corpus" / "real"
    if not corpus.is_dir() or not SARIF_SCHEMA.exists():
        pytest.skip("corpus or SARIF schema missing")
    run = pod_ls("check", "--format", "sarif", str(corpus))
    assert run.returncode == 1
    log = json.loads(run.stdout)
    jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text()))
    assert len(log["runs"][0]["results"]) > 100
    assert "391 files checked" in run.stderr


@pytest.mark.skipif(not SARIF_SCHEMA.exists(), reason="SARIF schema not installed: npm ci --prefix tests/sarif")
def test_sarif_artifact_uris_are_percent_encoded(tmp_path: Path):
    """RFC 3986: a space, `#`, `%` and non-ASCII letters in a path are percent-encoded (UTF-8)."""
    encoded = {"a b.yaml": "a%20b.yaml", "v#1.yaml": "v%231.yaml", "100%.yaml": "100%25.yaml",
               "café.yaml": "caf%C3%A9.yaml"}
    folder = tmp_path / "my apps"
    folder.mkdir()
    for name in encoded:
        (folder / name).write_text(wrap("Pod", "dnsPolicy: None\n" + C))

    def uris(run: subprocess.CompletedProcess) -> list[str]:
        log = json.loads(run.stdout)
        jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text()))
        return sorted(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                      for result in log["runs"][0]["results"])

    relative = pod_ls("check", "--format", "sarif", "my apps", cwd=tmp_path)
    assert uris(relative) == sorted(f"my%20apps/{uri}" for uri in encoded.values())
    outside = pod_ls("check", "--format", "sarif", str(folder), cwd=ROOT)
    assert uris(outside) == sorted(f"{tmp_path.as_uri()}/my%20apps/{uri}" for uri in encoded.values())


def test_github_annotations_escape_what_they_must(tmp_path: Path):
    (tmp_path / "a,b.yaml").write_text(wrap("Pod", "dnsPolicy: None\n" + C))
    run = pod_ls("check", "--format", "github", str(tmp_path / "a,b.yaml"))
    [line] = run.stdout.splitlines()
    assert line.startswith("::error file=")
    assert "a%2Cb.yaml,line=6,col=14,endLine=6,endColumn=18,title=dns-none-without-config::" in line
    assert line.endswith("dnsPolicy is None but there is no dnsConfig: add dnsConfig.nameservers")


def test_text_colour_only_when_asked_or_on_a_terminal():
    assert "\033[" not in pod_ls("check", str(EXAMPLE)).stdout
    assert "\033[31merror\033[0m" in pod_ls("check", "--color", "always", str(EXAMPLE)).stdout


def test_colour_and_progress_on_a_terminal(tmp_path: Path):
    for n in range(60):
        (tmp_path / f"pod{n}.yaml").write_text(wrap("Pod", C))
    (tmp_path / "bad.yaml").write_text(wrap("Pod", "dnsPolicy: None\n" + C))
    primary, secondary = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    process = subprocess.Popen([sys.executable, "-m", "pod_ls", "check", str(tmp_path)], stdout=secondary,
                               stderr=secondary, env=env)
    os.close(secondary)
    output = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=60)
    text = output.decode()
    assert "] 100%" in text and "\033[31merror\033[0m" in text
    assert "61 files checked: 1 error" in text


def test_globs(tmp_path: Path):
    (tmp_path / "apps").mkdir()
    (tmp_path / "apps" / "bad.yaml").write_text(wrap("Pod", "dnsPolicy: None\n" + C))
    (tmp_path / "apps" / "notes.txt").write_text("dnsPolicy: None\n")
    run = pod_ls("check", "apps/**/*.yaml", cwd=tmp_path)
    assert run.returncode == 1 and "apps/bad.yaml:6:14" in run.stdout
    assert pod_ls("check", "nothing/*.yaml", cwd=tmp_path).returncode == 2


def test_suppressions_apply_in_check(tmp_path: Path):
    (tmp_path / "pod.yaml").write_text(wrap("Pod", "dnsPolicy: None  # pod-ls: disable=dns-none-without-config\n" + C))
    assert pod_ls("check", str(tmp_path)).returncode == 0


def test_pre_commit_hook_runs_the_checker(tmp_path: Path):
    from ruamel.yaml import YAML

    [hook] = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "pod-ls" and hook["language"] == "python" and hook["types"] == ["yaml"]
    assert hook["require_serial"] is True
    program, *args = hook["entry"].split()
    assert program == "pod-ls"
    (tmp_path / "pod.yaml").write_text(wrap("Pod", "dnsPolicy: None\n" + C))
    # pre-commit appends the staged files' names to the entry.
    run = pod_ls(*args, "pod.yaml", cwd=tmp_path)
    assert run.returncode == 1 and "dns-none-without-config" in run.stdout


def test_kubernetes_version_from_config(tmp_path: Path):
    (tmp_path / "pod.yaml").write_text(wrap("Pod", "initContainers:\n  - name: s\n    image: s:1\n"
                                                   "    restartPolicy: Always\n" + C))
    assert pod_ls("check", "pod.yaml", cwd=tmp_path).returncode == 0
    (tmp_path / "pyproject.toml").write_text('[tool.pod-ls]\nkubernetesVersion = "1.27"\n')
    run = pod_ls("check", "pod.yaml", cwd=tmp_path)
    assert run.returncode == 1 and "needs Kubernetes 1.28" in run.stdout
