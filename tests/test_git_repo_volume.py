"""gitRepo volumes: deprecated, and from 1.33 not mounted by default (the GitRepoVolumeDriver
feature gate of pkg/features/kube_features.go: GA and on until 1.32, deprecated and off from
1.33), so a warning there and information before, both marked deprecated; in every workload."""

from __future__ import annotations

import pytest
from workloads import KINDS, wrap

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.findings import Severity
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.settings import Settings

SPEC = ("containers:\n  - name: app\n    image: nginx:1.27\n    volumeMounts:\n      - name: repo\n"
        "        mountPath: /repo\nvolumes:\n  - name: repo\n    gitRepo:\n      repository: https://example.com/r.git\n")


def _git_repo(text: str, version: str | None = None) -> list:
    analysis = Analyzer("file:///pod.yaml").analyse(text, WorkspaceModel(), Settings(kubernetes_version=version))
    return [f for f in analysis.findings if f.rule == "git-repo-volume"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_git_repo_volume_is_a_warning_from_1_33(kind):
    [finding] = _git_repo(wrap(kind, SPEC))
    assert finding.severity == Severity.WARNING and finding.deprecated
    assert "1.33" in finding.message


def test_before_1_33_it_is_information():
    [finding] = _git_repo(wrap("Pod", SPEC), "1.32")
    assert finding.severity == Severity.INFO and finding.deprecated


def test_other_volumes_say_nothing():
    empty_dir = SPEC.replace("gitRepo:\n      repository: https://example.com/r.git", "emptyDir: {}")
    assert _git_repo(wrap("Pod", empty_dir)) == []
