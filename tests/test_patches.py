"""Inputs that are not whole manifests yet: kustomize patches (what they leave out is the
base's business) and `${VAR}` placeholders (not checkable until substituted)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import pytest_lsp
from lsp_helpers import SERVER_COMMAND, TIMEOUT, open_and_wait, prepare
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from workloads import wrap

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.cli.main import main
from pod_ls.findings import Severity
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.lsp.paths import path_to_uri
from pod_ls.settings import Settings

PARTIAL_JOB = ("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n"
               "      containers:\n      - name: app\n        imagePullPolicy: {policy}\n"
               "        volumeMounts: [{{name: data, mountPath: /d}}]\n")
KUSTOMIZATIONS = {
    "patches": "patches:\n  - path: {file}\n    target: {{kind: Job}}\n",
    "patchesStrategicMerge": "patchesStrategicMerge:\n  - {file}\n",
    "patchesJson6902": "patchesJson6902:\n  - path: {file}\n    target: {{kind: Job, name: j}}\n",
}


def check_json(capsys, *args: str) -> list[dict]:
    with pytest.raises(SystemExit):
        main(["check", "--format", "json", *args])
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("field", list(KUSTOMIZATIONS))
def test_a_file_a_kustomization_lists_as_a_patch_is_checked_as_one(tmp_path: Path, capsys, field):
    (tmp_path / "kustomization.yaml").write_text("resources: [job.yaml]\n" + KUSTOMIZATIONS[field].format(
        file="patches/job-patch.yaml"))
    (tmp_path / "patches").mkdir()
    (tmp_path / "patches" / "job-patch.yaml").write_text(PARTIAL_JOB.format(policy="Sometimes"))
    findings = check_json(capsys, str(tmp_path / "patches"))
    # Absent image, restartPolicy and volume: the base's. A present value must still be valid.
    assert [(f["rule"], f["start"]["line"]) for f in findings] == [("invalid-value", 10)]


def test_the_same_file_unlisted_is_a_whole_manifest(tmp_path: Path, capsys):
    (tmp_path / "job.yaml").write_text(PARTIAL_JOB.format(policy="Always"))
    rules = {f["rule"] for f in check_json(capsys, str(tmp_path))}
    assert {"image-missing", "workload-restart-policy"} <= rules


def test_a_kustomization_two_folders_up_counts(tmp_path: Path, capsys):
    (tmp_path / "kustomization.yaml").write_text("patchesStrategicMerge:\n- overlays/prod/job.yaml\n")
    (tmp_path / "overlays" / "prod").mkdir(parents=True)
    (tmp_path / "overlays" / "prod" / "job.yaml").write_text(PARTIAL_JOB.format(policy="Always"))
    assert check_json(capsys, str(tmp_path / "overlays" / "prod" / "job.yaml")) == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_files_sharing_folders_in_one_run_each_get_their_own_role(tmp_path: Path, capsys, jobs):
    """The folders a run has looked at are remembered for the next file (kustomize.Folders):
    what one file's walk saw must not decide another's role. A symlink to a listed patch is
    that patch, wherever the link lies."""
    base, overlay, links = tmp_path / "base", tmp_path / "overlays" / "prod", tmp_path / "links"
    for folder in (base, overlay, links):
        folder.mkdir(parents=True)
    (base / "kustomization.yaml").write_text("resources: [job.yaml]\n")
    (overlay / "kustomization.yaml").write_text("resources: [../../base]\npatchesStrategicMerge: [job.yaml]\n")
    for folder in (base, overlay):
        (folder / "job.yaml").write_text(PARTIAL_JOB.format(policy="Always"))
    (tmp_path / "loose.yaml").write_text(PARTIAL_JOB.format(policy="Always"))
    (links / "job.yaml").symlink_to(overlay / "job.yaml")
    # Big enough for two workers to share the tree out.
    padding = "".join(f"---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{n}\n" for n in range(4000))
    (tmp_path / "padding.yaml").write_text(padding)
    rules: dict[str, set[str]] = {}
    for finding in check_json(capsys, "--jobs", jobs, str(tmp_path)):
        rules.setdefault(Path(finding["path"]).relative_to(tmp_path).as_posix(), set()).add(finding["rule"])
    assert "image-missing" in rules["base/job.yaml"]  # a resource: a whole manifest
    assert "image-missing" in rules["loose.yaml"]
    assert "overlays/prod/job.yaml" not in rules  # the overlay's patch
    assert "links/job.yaml" not in rules


def test_merge_directives_make_a_document_a_patch():
    text = wrap("Deployment", "containers:\n  - name: sidecar\n    $patch: delete\n"
                "$setElementOrder/containers:\n  - name: app\n")
    found = Analyzer("file:///p.yaml").analyse(text, WorkspaceModel(), Settings()).findings
    assert [f.rule for f in found] == []


@pytest.mark.parametrize("kind", ["Pod", "Deployment", "CronJob"])
def test_a_replace_directive_in_a_map_is_no_key_of_it(kind):
    """`$patch: replace` in labels, a nodeSelector or limits (what kubectl kustomize applies)
    is neither a label nor a resource; the map's real entries are still checked."""
    text = wrap(kind, "nodeSelector: {$patch: replace, disk: ssd}\n"
                "containers:\n  - name: app\n    image: nginx:1.27\n"
                "    resources: {limits: {$patch: replace, memory: 1Gi, cpu: 2x}}\n").replace(
        "metadata:\n", "metadata:\n  labels: {$patch: replace, team: new, 'bad key!': x}\n", 1)
    found = Analyzer("file:///p.yaml").analyse(text, WorkspaceModel(), Settings()).findings
    lines = text.splitlines()
    assert sorted((f.rule, lines[f.start[0]][f.start[1]:f.end[1]]) for f in found) == [
        ("label-syntax", "'bad key!'"), ("quantity-syntax", "2x")]


@pytest.mark.parametrize("value", ["${MEMORY}", "${MEMORY:=512Mi}", "${MEMORY:-1Gi}"])
def test_a_value_that_fails_only_for_its_placeholder_is_information(value):
    text = wrap("Deployment", "containers:\n  - name: app\n    image: nginx:1.27\n"
                f"    resources: {{limits: {{memory: '{value}'}}}}\n")
    [finding] = Analyzer("file:///p.yaml").analyse(text, WorkspaceModel(), Settings()).findings
    assert finding.severity == Severity.INFO and "placeholder" in finding.message
    plain = text.replace(value, "lots")
    [error] = Analyzer("file:///p.yaml").analyse(plain, WorkspaceModel(), Settings()).findings
    assert error.severity == Severity.ERROR and error.rule == finding.rule


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def client(lsp_client: LanguageClient):
    prepare(lsp_client)
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual_studio_code")))
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_the_editor_checks_a_listed_patch_as_one(client: LanguageClient, tmp_path: Path):
    (tmp_path / "kustomization.yaml").write_text("patches:\n  - path: job-patch.yaml\n")
    patch = tmp_path / "job-patch.yaml"
    patch.write_text(PARTIAL_JOB.format(policy="Sometimes"))
    diagnostics = await open_and_wait(client, path_to_uri(patch), patch.read_text())
    assert [(str(d.code), d.range.start.line) for d in diagnostics] == [("invalid-value", 9)]
