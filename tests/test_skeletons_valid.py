"""Every skeleton, accepted through completion with its placeholders at their defaults, gets no
finding at all from pod-ls: whole resources for every supported version, field bodies for the
oldest and the newest."""

from __future__ import annotations

import pytest
from completing import apply

from pod_ls.cli.check import check_texts
from pod_ls.ide.completion.skeletons import BODIES, RESOURCES
from pod_ls.kube.schema import load_schema
from pod_ls.settings import Settings

VERSIONS = load_schema().versions
EDGES = [VERSIONS[0], VERSIONS[-1]]


def findings(text: str, version: str) -> list[str]:
    [result] = check_texts({"skeleton.yaml": text}, Settings.model_validate({"kubernetesVersion": version}))
    return [f"{f.start[0] + 1}:{f.start[1] + 1} {f.rule} {f.message}" for f in result.findings]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("kind", list(RESOURCES))
def test_every_resource_skeleton_is_valid_in_every_version(kind, version):
    text = apply("‸", kind, snippets=True)
    assert text == apply("‸", kind)  # the snippet at its defaults is the plain text
    assert findings(text + "\n", version) == [], text


@pytest.mark.parametrize("kind", list(RESOURCES))
def test_the_spec_of_each_kind_is_valid(kind):
    api_version = RESOURCES[kind][0]["apiVersion"]
    text = apply(f"apiVersion: {api_version}\nkind: {kind}\nmetadata:\n  name: name\n‸\n", "spec")
    for version in EDGES:
        assert findings(text, version) == [], text


POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
CONTAINER = POD + "  containers:\n    - name: a\n      image: nginx:1.27\n"
IN_CONTAINER = CONTAINER + "      ‸\n"
IN_POD = CONTAINER + "  ‸\n"
WITH_VOLUME = CONTAINER + "      ‸\n  volumes:\n    - name: data\n      emptyDir: {}\n"
DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n"
SELECTOR = "  selector:\n    matchLabels:\n      app.kubernetes.io/name: name\n"
TEMPLATE = ("  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: name\n"
            "    spec:\n      containers:\n        - name: a\n          image: nginx:1.27\n")
CRONJOB = ("apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: '0 * * * *'\n"
           "  jobTemplate:\n    ‸\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n"
           "          containers:\n            - name: a\n              image: busybox:1.36\n")
CORE = "io.k8s.api.core.v1."

CASES: dict[str, list[tuple[str, str]]] = {
    f"{CORE}Probe": [(IN_CONTAINER, "livenessProbe"), (IN_CONTAINER, "readinessProbe"),
                     (IN_CONTAINER, "startupProbe")],
    f"{CORE}ResourceRequirements": [(IN_CONTAINER, "resources")],
    f"{CORE}SecurityContext": [(IN_CONTAINER, "securityContext")],
    f"{CORE}PodSecurityContext": [(IN_POD, "securityContext")],
    f"{CORE}Container": [(POD + "  ‸\n", "containers"), (POD + "  containers:\n    - ‸\n", "Container: name, image")],
    f"{CORE}EnvVar": [(IN_CONTAINER, "env"), (CONTAINER + "      env:\n        - ‸\n", "EnvVar: name, value")],
    f"{CORE}EnvFromSource": [(IN_CONTAINER, "envFrom")],
    f"{CORE}VolumeMount": [(WITH_VOLUME, "volumeMounts")],
    f"{CORE}ContainerPort": [(IN_CONTAINER, "ports"), (CONTAINER + "      ports:\n        - ‸\n",
                                                       "ContainerPort: name, containerPort")],
    f"{CORE}Volume": [(IN_POD, "volumes"), (CONTAINER + "  volumes:\n  - ‸\n", "Volume: name, emptyDir")],
    f"{CORE}ConfigMapVolumeSource": [(CONTAINER + "  volumes:\n    - name: c\n      ‸\n", "configMap")],
    f"{CORE}SecretVolumeSource": [(CONTAINER + "  volumes:\n    - name: s\n      ‸\n", "secret")],
    f"{CORE}HTTPGetAction": [(CONTAINER + "      lifecycle:\n        postStart:\n          ‸\n", "httpGet")],
    f"{CORE}ExecAction": [(CONTAINER + "      startupProbe:\n        ‸\n", "exec")],
    f"{CORE}Lifecycle": [(IN_CONTAINER, "lifecycle")],
    f"{CORE}Toleration": [(IN_POD, "tolerations")],
    f"{CORE}TopologySpreadConstraint": [(IN_POD, "topologySpreadConstraints")],
    f"{CORE}PodTemplateSpec": [(DEPLOYMENT + SELECTOR + "  ‸\n", "template")],
    "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": [
        ("apiVersion: v1\nkind: Pod\n‸\nspec:\n  containers:\n    - name: a\n      image: nginx:1.27\n", "metadata")],
    "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector": [(DEPLOYMENT + "  ‸\n" + TEMPLATE, "selector")],
    f"{CORE}PodTemplateSpec.metadata": [(DEPLOYMENT + SELECTOR + TEMPLATE.replace(
        "    metadata:\n      labels:\n        app.kubernetes.io/name: name\n", "    ‸\n"), "metadata")],
    "io.k8s.api.batch.v1.JobTemplateSpec.metadata": [(CRONJOB, "metadata")],
    f"{CORE}PodSpec.initContainers": [(IN_POD, "initContainers")],
}


def test_every_field_body_has_a_case():
    assert set(CASES) == set(BODIES)


@pytest.mark.parametrize(("marked", "label"), [case for cases in CASES.values() for case in cases],
                         ids=[f"{key.rsplit('.', 1)[-1]}-{label}" for key, cases in CASES.items()
                              for _, label in cases])
def test_every_field_body_is_valid(marked, label):
    text = apply(marked, label)
    assert text != marked.replace("‸", "") and apply(marked, label, snippets=True) == text
    for version in EDGES:
        assert findings(text, version) == [], text
