"""What the API server sets for an absent field (kube/defaults.py over schemas/defaults.json), each
case named after the Kubernetes function that sets the value."""

from __future__ import annotations

import pytest

from pod_ls.kube.defaults import load_defaults, pull_policy, show
from pod_ls.kube.schema import load_schema
from pod_ls.yaml.nodes import Mapping
from pod_ls.yaml.parse import parse_stream

CORE = "io.k8s.api.core.v1."
APPS = "io.k8s.api.apps.v1."
BATCH = "io.k8s.api.batch.v1."
LATEST = (1, 37)


def mapping(text: str) -> Mapping:
    [document] = parse_stream(text)
    assert isinstance(document.root, Mapping)
    return document.root


def default_of(owner: str, field: str, text: str = "{}", version=LATEST, kind: str | None = None,
               pod_spec: str | None = None):
    spec = mapping(pod_spec) if pod_spec is not None else None
    return load_defaults().of(owner, field, mapping(text), version, kind, spec)


@pytest.mark.parametrize(("owner", "field", "value", "function"), [
    (CORE + "PodSpec", "restartPolicy", "Always", "SetDefaults_PodSpec"),
    (CORE + "PodSpec", "dnsPolicy", "ClusterFirst", "SetDefaults_PodSpec"),
    (CORE + "PodSpec", "terminationGracePeriodSeconds", 30, "SetDefaults_PodSpec"),
    (CORE + "PodSpec", "schedulerName", "default-scheduler", "SetDefaults_PodSpec"),
    (CORE + "PodSpec", "enableServiceLinks", True, "SetDefaults_Pod"),
    (CORE + "Container", "terminationMessagePath", "/dev/termination-log", "SetDefaults_Container"),
    (CORE + "Container", "terminationMessagePolicy", "File", "SetDefaults_Container"),
    (CORE + "ContainerPort", "protocol", "TCP", "+default=\"TCP\""),
    (CORE + "Probe", "timeoutSeconds", 1, "SetDefaults_Probe"),
    (CORE + "Probe", "periodSeconds", 10, "SetDefaults_Probe"),
    (CORE + "Probe", "successThreshold", 1, "SetDefaults_Probe"),
    (CORE + "Probe", "failureThreshold", 3, "SetDefaults_Probe"),
    (CORE + "HTTPGetAction", "path", "/", "SetDefaults_HTTPGetAction"),
    (CORE + "HTTPGetAction", "scheme", "HTTP", "SetDefaults_HTTPGetAction"),
    (CORE + "SecretVolumeSource", "defaultMode", 420, "SetDefaults_SecretVolumeSource"),
    (CORE + "ConfigMapVolumeSource", "defaultMode", 420, "SetDefaults_ConfigMapVolumeSource"),
    (CORE + "DownwardAPIVolumeSource", "defaultMode", 420, "SetDefaults_DownwardAPIVolumeSource"),
    (CORE + "ProjectedVolumeSource", "defaultMode", 420, "SetDefaults_ProjectedVolumeSource"),
    (CORE + "ServiceAccountTokenProjection", "expirationSeconds", 3600,
     "SetDefaults_ServiceAccountTokenProjection"),
    (CORE + "ObjectFieldSelector", "apiVersion", "v1", "SetDefaults_ObjectFieldSelector"),
    (CORE + "ReplicationControllerSpec", "replicas", 1, "+default=1"),
    (APPS + "DeploymentSpec", "replicas", 1, "SetDefaults_Deployment"),
    (APPS + "DeploymentSpec", "revisionHistoryLimit", 10, "SetDefaults_Deployment"),
    (APPS + "DeploymentSpec", "progressDeadlineSeconds", 600, "SetDefaults_Deployment"),
    (APPS + "DeploymentSpec", "strategy",
     {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
     "SetDefaults_Deployment"),
    (APPS + "RollingUpdateDeployment", "maxSurge", "25%", "SetDefaults_Deployment"),
    (APPS + "ReplicaSetSpec", "replicas", 1, "SetDefaults_ReplicaSet"),
    (APPS + "StatefulSetSpec", "podManagementPolicy", "OrderedReady", "SetDefaults_StatefulSet"),
    (APPS + "StatefulSetSpec", "updateStrategy", {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
     "SetDefaults_StatefulSet"),
    (APPS + "DaemonSetSpec", "updateStrategy",
     {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}}, "SetDefaults_DaemonSet"),
    (APPS + "DaemonSetSpec", "revisionHistoryLimit", 10, "SetDefaults_DaemonSet"),
    (BATCH + "JobSpec", "backoffLimit", 6, "SetDefaults_Job"),
    (BATCH + "JobSpec", "completionMode", "NonIndexed", "SetDefaults_Job"),
    (BATCH + "JobSpec", "suspend", False, "SetDefaults_Job"),
    (BATCH + "CronJobSpec", "concurrencyPolicy", "Allow", "SetDefaults_CronJob"),
    (BATCH + "CronJobSpec", "successfulJobsHistoryLimit", 3, "SetDefaults_CronJob"),
    (BATCH + "CronJobSpec", "failedJobsHistoryLimit", 1, "SetDefaults_CronJob"),
])
def test_each_default_and_the_code_that_sets_it(owner, field, value, function):
    found = default_of(owner, field)
    assert found is not None and found.value == value
    assert function in found.source


def test_a_present_field_has_no_default():
    assert default_of(CORE + "Probe", "periodSeconds", "{periodSeconds: 5}") is None
    # Present but empty is present too: the user is typing it.
    assert default_of(CORE + "Probe", "periodSeconds", "periodSeconds:\n") is None
    assert default_of(CORE + "Probe", "timeoutSeconds", "{periodSeconds: 5}").value == 1


def test_absent_lists_every_left_out_field_once_in_defaults_go_order():
    found = load_defaults().absent(CORE + "Probe", mapping("{periodSeconds: 5}"), LATEST)
    assert [(d.field, d.value) for d in found] == [("timeoutSeconds", 1), ("successThreshold", 1),
                                                   ("failureThreshold", 3)]


@pytest.mark.parametrize(("image", "policy"), [
    ("nginx", "Always"),  # no tag: pulled as :latest
    ("nginx:latest", "Always"),
    ("nginx:1.27", "IfNotPresent"),
    ("registry.local:5000/team/app:2.0", "IfNotPresent"),
    ("registry.local:5000/team/app", "Always"),  # the port is no tag
    ("app@sha256:" + "a" * 64, "IfNotPresent"),  # pinned by digest
    ("app:latest@sha256:" + "a" * 64, "Always"),  # the tag still says latest
    ("app:v1@sha256:" + "a" * 64, "IfNotPresent"),
])
def test_pull_policy_from_the_tag_as_SetDefaults_Container_reads_it(image, policy):
    found = default_of(CORE + "Container", "imagePullPolicy", f"{{name: a, image: '{image}'}}")
    assert found.value == policy and "SetDefaults_Container" in found.source
    assert found.reason


@pytest.mark.parametrize("image", ["${IMAGE}", "Nginx:1", "nginx:", "a b", "{{ .Values.image }}"])
def test_no_pull_policy_for_a_reference_that_does_not_parse(image):
    assert pull_policy(image) is None
    assert default_of(CORE + "Container", "imagePullPolicy", f"{{name: a, image: '{image}'}}") is None


def test_no_pull_policy_without_an_image():
    assert default_of(CORE + "Container", "imagePullPolicy", "{name: a}") is None


def test_host_port_follows_the_container_port_only_on_the_host_network():
    port = "{containerPort: 8080}"
    found = default_of(CORE + "ContainerPort", "hostPort", port, pod_spec="{hostNetwork: true}")
    assert found.value == 8080 and "SetDefaults_Pod" in found.source
    assert default_of(CORE + "ContainerPort", "hostPort", port, pod_spec="{hostNetwork: false}") is None
    assert default_of(CORE + "ContainerPort", "hostPort", port, pod_spec="{}") is None
    assert default_of(CORE + "ContainerPort", "hostPort", "{containerPort: http}",
                      pod_spec="{hostNetwork: true}") is None


def test_restart_policy_default_only_where_the_kind_accepts_it():
    assert default_of(CORE + "PodSpec", "restartPolicy", kind="Deployment").value == "Always"
    # A Job's pods must not restart Always: the missing field is an error, not a default.
    assert default_of(CORE + "PodSpec", "restartPolicy", kind="Job") is None
    assert default_of(CORE + "PodSpec", "restartPolicy", kind="CronJob") is None


def test_defaults_that_depend_on_other_fields():
    job = BATCH + "JobSpec"
    assert default_of(job, "completions").value == 1
    assert default_of(job, "completions", "{parallelism: 3}") is None  # SetDefaults_Job: only if both unset
    assert default_of(job, "backoffLimit", "{backoffLimitPerIndex: 1}").value == 2147483647
    assert default_of(job, "podReplacementPolicy").value == "TerminatingOrFailed"
    assert default_of(job, "podReplacementPolicy", "{podFailurePolicy: {rules: []}}").value == "Failed"
    strategy = APPS + "DeploymentStrategy"
    assert default_of(strategy, "rollingUpdate").value == {"maxUnavailable": "25%", "maxSurge": "25%"}
    assert default_of(strategy, "rollingUpdate", "{type: Recreate}") is None
    assert default_of(strategy, "rollingUpdate", "{type: RollingUpdate}") is not None
    daemon = APPS + "DaemonSetUpdateStrategy"
    assert default_of(daemon, "rollingUpdate", "{type: OnDelete}") is None
    stateful = APPS + "StatefulSetUpdateStrategy"
    assert default_of(stateful, "rollingUpdate").value == {"partition": 0}
    assert default_of(stateful, "rollingUpdate", "{type: RollingUpdate}") is None  # defaults.go: only with no type


@pytest.mark.parametrize(("owner", "field", "before", "since"), [
    # StatefulSetAutoDeletePVC: beta and on by default from 1.27
    (APPS + "StatefulSetSpec", "persistentVolumeClaimRetentionPolicy", (1, 26), (1, 27)),
    (APPS + "StatefulSetPersistentVolumeClaimRetentionPolicy", "whenDeleted", (1, 26), (1, 27)),
    # JobPodReplacementPolicy: beta and on by default from 1.29 (the field exists from 1.28)
    (BATCH + "JobSpec", "podReplacementPolicy", (1, 28), (1, 29)),
])
def test_defaults_behind_a_feature_gate_follow_the_version(owner, field, before, since):
    assert default_of(owner, field, version=before) is None
    assert default_of(owner, field, version=since) is not None
    assert default_of(owner, field, version=(1, 25)) is None


def test_image_volume_pull_policy_from_1_35():
    source = "{reference: 'tools:latest'}"
    assert default_of(CORE + "ImageVolumeSource", "pullPolicy", source, version=(1, 34)) is None
    assert default_of(CORE + "ImageVolumeSource", "pullPolicy", source, version=(1, 35)).value == "Always"


def test_fields_newer_than_the_version_neither_have_nor_change_a_default():
    # podReplacementPolicy came in 1.28 (its default in 1.29); backoffLimitPerIndex in 1.28, so 1.25
    # drops it and backoffLimit keeps its plain default.
    assert default_of(BATCH + "JobSpec", "podReplacementPolicy", version=(1, 27)) is None
    assert default_of(BATCH + "JobSpec", "backoffLimit", "{backoffLimitPerIndex: 1}", version=(1, 25)).value == 6
    assert default_of(BATCH + "JobSpec", "backoffLimit", "{backoffLimitPerIndex: 1}", version=(1, 28)).value \
        == 2147483647


def test_values_read_as_yaml():
    assert show(420) == "420" and show(False) == "false" and show("") == '""'
    assert show({"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}) == \
        "{type: RollingUpdate, rollingUpdate: {partition: 0}}"
    assert default_of(CORE + "SecretVolumeSource", "defaultMode").shown == "0644"


def test_data_names_real_fields_allowed_values_and_its_source():
    schema = load_schema()
    for owner, entries in load_defaults().entries.items():
        properties = schema.definitions[owner]["properties"]
        for entry in entries:
            assert entry["field"] in properties, (owner, entry)
            assert ("value" in entry) != ("rule" in entry), (owner, entry)
            assert entry["source"].startswith(("pkg/apis/", "k8s.io/api ")), (owner, entry)
            assert "SetDefaults_" in entry["source"] or "+default=" in entry["source"], (owner, entry)
            for sibling in [*entry.get("ifPresent", ()), *entry.get("unlessPresent", ()), *entry.get("when", {})]:
                assert sibling in properties, (owner, sibling)
            values = schema.policies.get(f"{owner}.{entry['field']}", {}).get("values")
            if values is not None and "value" in entry:
                assert entry["value"] in values, (owner, entry)


def test_the_reference_defaults_agree_with_defaults_go():
    """policies.json's documented defaults (shown on hover) are the values defaulting sets."""
    schema = load_schema()
    for owner, entries in load_defaults().entries.items():
        for entry in entries:
            documented = schema.policies.get(f"{owner}.{entry['field']}", {}).get("default")
            if documented is not None and "value" in entry and not isinstance(entry["value"], dict):
                assert documented == entry["value"], (owner, entry["field"])
