"""apiVersion and kind against what the chosen Kubernetes version serves (the table comes from
the API schemas of every supported version: schemas/kubernetes.json "served")."""

from __future__ import annotations

import pytest

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.settings import Settings

CASES = [
    # (apiVersion, kind, kubernetesVersion, the message's gist, or None when it is served)
    ("v1", "Pod", "1.25", None),
    ("apps/v1", "Deployment", "1.37", None),
    ("batch/v1", "CronJob", "1.25", None),
    ("policy/v1", "PodDisruptionBudget", "1.30", None),
    ("autoscaling/v2beta2", "HorizontalPodAutoscaler", "1.25", None),
    ("apps/v1", "Pod", "1.37", "served as v1, not apps/v1"),
    ("v1", "Deployment", "1.37", "served as apps/v1, not v1"),
    ("extensions/v1beta1", "Deployment", "1.25", "served as apps/v1"),
    ("extensions/v1beta1", "DaemonSet", "1.37", "served as apps/v1"),
    ("apps/v1beta2", "StatefulSet", "1.30", "served as apps/v1"),
    ("batch/v1beta1", "CronJob", "1.25", "served as batch/v1"),
    ("policy/v1beta1", "PodDisruptionBudget", "1.25", "served as policy/v1"),
    ("autoscaling/v2beta2", "HorizontalPodAutoscaler", "1.26", "autoscaling/v1 or autoscaling/v2"),
    ("networking.k8s.io/v1beta1", "Ingress", "1.30", "served as networking.k8s.io/v1"),
    # Not Kubernetes' to serve: custom resources, tools' own files, kubeconfig.
    ("monitoring.coreos.com/v1", "ServiceMonitor", "1.37", None),
    ("gateway.networking.k8s.io/v1", "HTTPRoute", "1.37", None),
    ("kustomize.config.k8s.io/v1beta1", "Kustomization", "1.37", None),
    ("v1", "Config", "1.37", None),
    ("v1", "List", "1.37", None),
]


@pytest.mark.parametrize("api, kind, version, expected", CASES, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES])
def test_the_api_version_must_serve_the_kind(api, kind, version, expected):
    text = f"apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: a\n"
    settings = Settings.model_validate({"kubernetesVersion": version})
    found = [f for f in Analyzer("file:///a.yaml").analyse(text, WorkspaceModel(), settings).findings
             if f.rule == "api-version"]
    if expected is None:
        assert found == []
    else:
        [finding] = found
        assert expected in finding.message and finding.start == (0, 12)
        assert finding.fixes and all(fix.title.startswith("Change to ") for fix in finding.fixes)
