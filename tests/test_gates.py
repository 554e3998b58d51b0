"""Fields the API server drops while their feature gate is off by default (pkg/api/pod/util.go's
dropDisabledPodFields and its kin): in those versions nothing under them is an error, and the
field is said to be dropped; from the version that turns the gate on, they are checked."""

from __future__ import annotations

import pytest
from workloads import wrap

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.findings import Severity
from pod_ls.kube.gates import DROPPED_WHILE_OFF
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.kube.schema import format_version
from pod_ls.settings import Settings

APP = "- name: app\n  image: nginx:1.27\n"
WRONG = {
    # Each with something the API server rejects once the field is kept: a wrong type or value,
    # a missing field, an unknown field.
    "hostnameOverride": ("1.34", "hostnameOverride: [not, a, name]\ncontainers:\n" + APP),
    "podCertificate": ("1.36", "containers:\n" + APP + "volumes:\n- name: c\n  projected:\n    sources:\n"
                               "    - podCertificate: {keyType: 5, credentialBundlePath: b.pem}\n"),
    "resourceClaims": ("1.27", "resourceClaims:\n- name: gpu\n  source: {resourceClaimTemplateName: t}\n"
                               "containers:\n" + APP + "  resources: {claims: [{name: gpu, request: 7}]}\n"),
    "claims": ("1.33", "containers:\n" + APP + "  resources: {claims: [{name: gpu, request: [x]}]}\n"),
    "resources": ("1.33", "resources: {limits: {cpu: [1]}}\ncontainers:\n" + APP),
    "resizePolicy": ("1.32", "containers:\n" + APP
                     + "  resizePolicy: [{resourceName: cpu, restartPolicy: Sometimes}]\n"),
    "recursiveReadOnly": ("1.30", "containers:\n" + APP + "  volumeMounts: [{name: v, mountPath: /v, readOnly: true,"
                                  " recursiveReadOnly: Always}]\nvolumes: [{name: v, emptyDir: {}}]\n"),
}


def findings(text: str, version: str):
    settings = Settings.model_validate({"kubernetesVersion": version})
    return Analyzer("file:///g.yaml").analyse(text, WorkspaceModel(), settings).findings


def test_every_gate_of_the_table_is_tried():
    assert {name for (_, name), gate in DROPPED_WHILE_OFF.items() if not gate.warned_elsewhere} == set(WRONG)


@pytest.mark.parametrize("kind", ["Pod", "Deployment", "Job"])
@pytest.mark.parametrize("field", sorted(WRONG))
def test_a_dropped_field_is_a_warning_and_nothing_under_it_an_error(field, kind):
    version, spec = WRONG[field]
    text = wrap(kind, ("restartPolicy: Never\n" if kind == "Job" else "") + spec)
    found = findings(text, version)
    lines = text.splitlines()
    assert [f for f in found if f.severity == Severity.ERROR] == []
    dropped = [f for f in found if f.rule == "field-dropped"]
    assert dropped and all(f.severity == Severity.WARNING for f in dropped)
    assert lines[dropped[0].start[0]][dropped[0].start[1]:dropped[0].end[1]] == field
    gate = next(g for (_, name), g in DROPPED_WHILE_OFF.items() if name == field)
    assert gate.name in dropped[0].message and f"on from {format_version(gate.on)}" in dropped[0].message


@pytest.mark.parametrize("field", sorted(WRONG))
def test_once_the_gate_is_on_the_field_is_checked(field):
    _, spec = WRONG[field]
    gate = next(g for (_, name), g in DROPPED_WHILE_OFF.items() if name == field)
    found = findings(wrap("Pod", spec), format_version(gate.on))
    assert "field-dropped" not in {f.rule for f in found}
    assert any(f.severity == Severity.ERROR for f in found), found


@pytest.mark.parametrize("field", sorted(WRONG))
def test_a_null_field_is_nothing(field):
    version, _ = WRONG[field]
    owner = next(owner for (owner, name) in DROPPED_WHILE_OFF if name == field).rsplit(".", 1)[-1]
    spec = {"PodSpec": f"{field}: null\ncontainers:\n" + APP,
            "Container": "containers:\n" + APP + f"  {field}: null\n",
            "VolumeProjection": "containers:\n" + APP + f"volumes:\n- name: c\n  projected:\n    sources:\n"
                                f"    - {field}: null\n",
            "ResourceRequirements": "containers:\n" + APP + f"  resources: {{{field}: null}}\n",
            "VolumeMount": "containers:\n" + APP + f"  volumeMounts: [{{name: v, mountPath: /v, {field}: null}}]\n"
                           "volumes: [{name: v, emptyDir: {}}]\n"}[owner]
    assert "field-dropped" not in {f.rule for f in findings(wrap("Pod", spec), version)}
