"""False findings seen on real manifests of widely deployed projects, reduced to the lines that
matter: each case names the manifest it came from. A finding on a manifest that works is a bug."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lsp_helpers import open_and_wait
from lsprotocol import types
from pytest_lsp import LanguageClient

from pod_ls.cli.main import main

# kubernetes-sigs/metrics-server manifests/base/deployment.yaml and kubeflow/manifests
# applications/*/upstream/base/deployment.yaml: no selector and no template labels, written by
# the `commonLabels` of the kustomization that lists the file.
BASE_WORKLOAD = ("apiVersion: apps/v1\nkind: {kind}\nmetadata:\n  name: metrics-server\nspec:\n"
                 "  template:\n    spec:\n      containers:\n      - name: metrics-server\n"
                 "        image: registry.k8s.io/metrics-server/metrics-server:v0.7.2\n")
KUSTOMIZATION_LABELS = {
    "commonLabels": "commonLabels:\n  k8s-app: metrics-server\n",
    "labels": "labels:\n- includeSelectors: true\n  pairs:\n    app: profile-controller\n",
    "none here": "",  # kubeflow's notebook-controller: the overlay in a sibling folder sets them
}
# kubeflow/manifests common/knative/knative-serving/base/patches/sidecar-injection.yaml starts
# with `patches:` (null): in a strategic merge patch a null deletes the field, a no-op here.
NULL_KEY_PATCH = ("patches:\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: \"*\"\nspec:\n"
                  "  template:\n    metadata:\n      labels:\n        sidecar.istio.io/inject: \"true\"\n")


def check_json(capsys, *args: str) -> list[dict]:
    with pytest.raises(SystemExit):
        main(["check", "--format", "json", *args])
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("kind", ["Deployment", "DaemonSet", "StatefulSet", "ReplicaSet"])
@pytest.mark.parametrize("labels", list(KUSTOMIZATION_LABELS))
def test_a_kustomize_base_may_leave_the_selector_to_kustomize(tmp_path: Path, capsys, kind, labels):
    (tmp_path / "kustomization.yaml").write_text("resources:\n  - workload.yaml\n" + KUSTOMIZATION_LABELS[labels])
    (tmp_path / "workload.yaml").write_text(BASE_WORKLOAD.format(kind=kind))
    assert [f["rule"] for f in check_json(capsys, str(tmp_path)) if f["severity"] == "error"] == []


def test_a_kustomize_base_two_folders_down_counts(tmp_path: Path, capsys):
    (tmp_path / "kustomization.yaml").write_text("resources:\n  - base/deploy/workload.yaml\n")
    (tmp_path / "base" / "deploy").mkdir(parents=True)
    (tmp_path / "base" / "deploy" / "workload.yaml").write_text(BASE_WORKLOAD.format(kind="Deployment"))
    assert [f["rule"] for f in check_json(capsys, str(tmp_path)) if f["severity"] == "error"] == []


def test_a_workload_no_kustomization_lists_still_needs_its_selector(tmp_path: Path, capsys):
    (tmp_path / "kustomization.yaml").write_text("resources:\n  - other.yaml\n")
    (tmp_path / "other.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n")
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "workload.yaml").write_text(BASE_WORKLOAD.format(kind="Deployment"))
    assert [f["rule"] for f in check_json(capsys, str(alone))] == ["workload-selector"]


def test_a_kustomize_base_keeps_every_other_error(tmp_path: Path, capsys):
    (tmp_path / "kustomization.yaml").write_text("resources:\n  - workload.yaml\ncommonLabels:\n  a: b\n")
    (tmp_path / "workload.yaml").write_text(BASE_WORKLOAD.format(kind="Deployment").replace(
        "        image: registry.k8s.io/metrics-server/metrics-server:v0.7.2\n", "        image: ''\n"))
    assert [f["rule"] for f in check_json(capsys, str(tmp_path))] == ["image-missing"]


def test_a_null_key_in_a_patch_deletes_rather_than_sets(tmp_path: Path, capsys):
    (tmp_path / "kustomization.yaml").write_text(
        "resources: [serving-core.yaml]\npatches:\n- path: patches/sidecar-injection.yaml\n"
        "  target:\n    kind: Deployment\n")
    (tmp_path / "patches").mkdir()
    (tmp_path / "patches" / "sidecar-injection.yaml").write_text(NULL_KEY_PATCH)
    assert check_json(capsys, str(tmp_path / "patches")) == []


def test_a_null_unknown_key_is_still_unknown_outside_a_patch(capsys, tmp_path: Path):
    (tmp_path / "deployment.yaml").write_text(NULL_KEY_PATCH.replace('"*"', "web"))
    found = [(f["rule"], f["start"]["line"]) for f in check_json(capsys, str(tmp_path)) if f["severity"] == "error"]
    assert ("unknown-field", 1) in found  # strict decoding refuses it whatever its value


async def test_the_editor_leaves_a_kustomize_base_selector_to_kustomize(client: LanguageClient, tmp_path: Path):
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "kustomization.yaml").write_text("resources:\n  - deployment.yaml\ncommonLabels:\n  a: b\n")
    base = tmp_path / "base" / "deployment.yaml"
    base.write_text(BASE_WORKLOAD.format(kind="Deployment"))
    diagnostics = await open_and_wait(client, base.as_uri(), base.read_text())
    assert [str(d.code) for d in diagnostics if d.severity == types.DiagnosticSeverity.Error] == []
    alone = tmp_path / "elsewhere.yaml"
    alone.write_text(base.read_text())
    diagnostics = await open_and_wait(client, alone.as_uri(), alone.read_text())
    assert [str(d.code) for d in diagnostics if d.severity == types.DiagnosticSeverity.Error] == ["workload-selector"]
