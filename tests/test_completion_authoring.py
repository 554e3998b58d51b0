"""Authoring from nothing (‸ is the cursor): top-level fields, whole resources, field bodies,
the metadata a person writes, and kind/apiVersion as the chosen version serves them."""

from __future__ import annotations

import pytest
from completing import apply, expand, items, labels, pick
from workloads import KINDS, wrap

from pod_ls.ide.completion.skeletons import RESOURCES

SKELETONS = list(RESOURCES)
POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
CONTAINER = POD + "  containers:\n    - name: a\n      image: nginx:1.27\n"


@pytest.mark.parametrize("marked", ["‸", "‸\n", "kind: Pod\n---\n‸", "# a manifest\n‸\n", "Dep‸"])
def test_an_empty_document_offers_the_top_level_fields_and_every_skeleton(marked):
    found = labels(marked, snippets=True)
    assert found[:4] == ["apiVersion", "kind", "metadata", "spec"]
    assert set(SKELETONS) <= set(found) and "status" not in found
    assert {"Pod", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"} == set(SKELETONS)


def test_skeletons_are_snippets_with_placeholders_and_a_pinned_image():
    deployment = pick("‸", "Deployment", snippets=True)
    assert deployment.kind == "snippet" and deployment.snippet and deployment.replace_start == 0
    assert deployment.insert_text.startswith("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${1:name}\n")
    assert "app.kubernetes.io/name: ${1:name}" in deployment.insert_text  # one tab stop for the name
    assert "image: ${4:nginx:1.27}" in deployment.insert_text
    assert "latest" not in deployment.insert_text


def test_without_snippet_support_the_skeleton_is_plain_text_with_the_defaults():
    plain = pick("‸", "Deployment")
    assert not plain.snippet and "${" not in plain.insert_text and "\\" not in plain.insert_text
    assert plain.insert_text == expand(pick("‸", "Deployment", snippets=True).insert_text)


def test_statefulset_comes_with_its_headless_service():
    text = apply("‸", "StatefulSet")
    statefulset, service = text.split("\n---\n")
    assert "serviceName: name" in statefulset and "volumeClaimTemplates:" in statefulset
    assert service.startswith("apiVersion: v1\nkind: Service\nmetadata:\n  name: name\n")
    assert "clusterIP: None" in service


@pytest.mark.parametrize(("kind", "policy"), [
    ("Pod", "restartPolicy: Always"), ("Job", "restartPolicy: Never"), ("CronJob", "restartPolicy: OnFailure"),
    ("Deployment", None), ("StatefulSet", None), ("DaemonSet", None),
])
def test_each_skeleton_has_the_restart_policy_of_its_kind(kind, policy):
    text = apply("‸", kind)
    if policy is None:
        assert "restartPolicy" not in text  # controllers allow only the default, Always
    else:
        assert policy in text


def test_only_the_missing_top_level_fields_are_offered():
    found = labels("apiVersion: v1\n‸\nmetadata:\n  name: a\n")
    assert found == ["kind", "spec"]  # something follows: no skeleton would fit here
    assert labels("apiVersion: v1\nkind: Pod\n‸\n") == ["metadata", "spec", *SKELETONS]


def test_after_a_document_skeletons_start_a_new_one():
    marked = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: []\n\n‸\n"
    job = pick(marked, "Job")
    assert job.insert_text.startswith("---\napiVersion: batch/v1\nkind: Job\n") and "new document" in job.detail
    assert "Job" not in labels(marked.replace("‸\n", "‸\n# the end\nspec: {}\n"))


def test_no_skeleton_inside_a_structure_or_in_flow_style():
    assert "Deployment" not in labels(POD + "  ‸\n")
    assert "Deployment" not in labels("{‸}\n")
    assert "apiVersion" in labels("{‸}\n")


def test_spec_of_a_known_kind_gets_the_skeleton_spec():
    text = apply("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n‸\n", "spec")
    assert "\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n" in text
    assert "      containers:\n        - name: app\n          image: nginx:1.27\n" in text


def test_kind_completes_what_the_api_version_serves():
    found = labels("apiVersion: apps/v1\nkind: ‸\n")
    assert set(found) == {"ControllerRevision", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet"}
    assert "Pod" in labels("apiVersion: v1\nkind: P‸\n") and "PodList" not in labels("apiVersion: v1\nkind: ‸\n")
    assert labels("apiVersion: batch/v1beta1\nkind: ‸\n") == []  # CronJob left it in 1.25
    assert labels("apiVersion: example.com/v1\nkind: ‸\n") == []
    anything = labels("kind: ‸\n")
    assert {"Pod", "Service", "ConfigMap", "Deployment"} <= set(anything) and "DeleteOptions" not in anything


def test_kind_and_api_version_follow_the_chosen_version():
    marked = "apiVersion: admissionregistration.k8s.io/v1\nkind: ‸\n"
    assert "ValidatingAdmissionPolicy" not in labels(marked, version=(1, 29))
    assert "ValidatingAdmissionPolicy" in labels(marked, version=(1, 30))
    policy = "apiVersion: ‸\nkind: ValidatingAdmissionPolicy\n"
    assert labels(policy, version=(1, 27)) == ["admissionregistration.k8s.io/v1alpha1"]
    assert set(labels(policy, version=(1, 30))) == {f"admissionregistration.k8s.io/{v}"
                                                    for v in ("v1", "v1alpha1", "v1beta1")}


def test_api_version_completes_the_versions_that_serve_the_kind():
    assert labels("apiVersion: ‸\nkind: CronJob\n") == ["batch/v1"]
    [item] = items("apiVersion: \"ap‸\"\nkind: Deployment\n")
    assert item.label == "apps/v1" and item.replace_start == len('apiVersion: "')
    assert labels("apiVersion: ‸\nkind: MyResource\n") == []
    assert {"v1", "apps/v1", "batch/v1"} <= set(labels("apiVersion: ‸\n"))


def test_kind_in_flow_style():
    assert "Deployment" in labels("{apiVersion: apps/v1, kind: ‸}\n")


METADATA_BY_PERSON = {"name", "namespace", "labels", "annotations", "generateName", "finalizers", "ownerReferences"}
SERVER_WRITTEN = {"uid", "resourceVersion", "managedFields", "creationTimestamp", "generation", "selfLink",
                  "deletionTimestamp", "deletionGracePeriodSeconds"}


def test_metadata_offers_only_what_a_person_writes():
    assert set(labels("apiVersion: v1\nkind: Pod\nmetadata:\n  ‸\n")) == METADATA_BY_PERSON
    assert set(labels("kind: Pod\nmetadata: {‸}\n")) == METADATA_BY_PERSON


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "Pod"])
def test_template_metadata_offers_what_the_controller_copies(kind):
    lines = wrap(kind, "containers: []\n").split("\n")
    spec = max(n for n, line in enumerate(lines) if line.strip() == "spec:")
    indent = " " * (len(lines[spec]) - len(lines[spec].lstrip()))
    metadata = next((n for n in range(spec) if lines[n] == indent + "metadata:"), None)
    if metadata is None:
        lines[spec:spec] = [indent + "metadata:", indent + "  ‸"]
    else:
        lines.insert(metadata + 1, indent + "  ‸")
    present = {"labels"} if metadata is not None else set()
    assert set(labels("\n".join(lines))) == {"labels", "annotations", "finalizers"} - present


def test_pod_template_metadata():
    marked = wrap("Deployment", "").replace("      labels: {app: a}\n", "      ‸\n")
    assert set(labels(marked)) == {"annotations", "finalizers", "labels"}
    job = wrap("CronJob", "").replace("  jobTemplate:\n", "  jobTemplate:\n    metadata:\n      ‸\n")
    assert set(labels(job)) == {"annotations", "labels"}
    claim = ("apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  volumeClaimTemplates:\n"
             "    - metadata:\n        ‸\n")
    assert "name" in labels(claim)  # a claim's name is the volume's


def test_probe_body_has_one_handler_at_the_cursor_indentation():
    text = apply(CONTAINER + "      livenessP‸\n", "livenessProbe")
    assert text.endswith("      livenessProbe:\n        httpGet:\n          path: /\n          port: 80\n")


def test_bodies_in_snippet_mode_are_relative_to_the_cursor_line():
    marked = CONTAINER + "      readinessP‸\n"
    item = pick(marked, "readinessProbe", snippets=True)
    assert item.relative_indent
    assert item.insert_text == "readinessProbe:\n  httpGet:\n    path: ${1:/}\n    port: ${2:80}"
    assert apply(marked, "readinessProbe", snippets=True) == apply(marked, "readinessProbe")


@pytest.mark.parametrize(("field", "body"), [
    ("resources", "resources:\n        requests:\n          cpu: 100m\n          memory: 128Mi\n"
                  "        limits:\n          memory: 128Mi"),
    ("volumeMounts", "volumeMounts:\n        - name: data\n          mountPath: /data"),
    ("env", 'env:\n        - name: NAME\n          value: "value"'),
    ("ports", "ports:\n        - name: http\n          containerPort: 80"),
    ("securityContext", "securityContext:\n        allowPrivilegeEscalation: false\n        runAsNonRoot: true\n"
                        "        capabilities:\n          drop:\n            - ALL"),
    ("startupProbe", "startupProbe:\n        httpGet:\n          path: /\n          port: 80"),
])
def test_container_field_bodies(field, body):
    assert apply(CONTAINER + "      " + field[:3] + "‸\n", field) == CONTAINER + "      " + body + "\n"


def test_pod_level_bodies():
    assert apply(CONTAINER + "  volu‸\n", "volumes").endswith("  volumes:\n    - name: data\n      emptyDir: {}\n")
    assert apply(CONTAINER + "  securityC‸\n", "securityContext").endswith(
        "  securityContext:\n    runAsNonRoot: true\n    seccompProfile:\n      type: RuntimeDefault\n")
    init = apply(CONTAINER + "  initC‸\n", "initContainers")
    assert "  initContainers:\n    - name: init\n      image: busybox:1.36\n" in init


@pytest.mark.parametrize("kind", KINDS)
def test_bodies_in_every_workload_template(kind):
    marked = wrap(kind, "containers:\n  - name: a\n    image: b\n    ‸\n")
    text = apply(marked, "livenessProbe")
    lines = text.split("\n")
    at = next(n for n, line in enumerate(lines) if line.strip() == "livenessProbe:")
    key = len(lines[at]) - len(lines[at].lstrip())
    assert lines[at + 1] == " " * (key + 2) + "httpGet:" and lines[at + 2] == " " * (key + 4) + "path: /"


def test_a_new_list_entry_gets_a_minimal_body():
    marked = CONTAINER + "      volumeMounts:\n        - ‸\n"
    entry = pick(marked, "VolumeMount: name, mountPath", snippets=True)
    assert entry.insert_text == "name: ${1:data}\n  mountPath: ${2:/data}" and entry.filter_text == "name"
    assert apply(marked, entry.label).endswith("        - name: data\n          mountPath: /data\n")
    assert apply(POD + "  containers:\n  - ‸\n", "Container: name, image").endswith(
        "  - name: app\n    image: nginx:1.27\n")
    assert not [c for c in items(CONTAINER + "      volumeMounts:\n        - name: a\n          ‸\n")
                if c.kind == "snippet"]


def test_bodies_follow_the_file_layout():
    four = "apiVersion: v1\nkind: Pod\nspec:\n    containers:\n    -   name: a\n        image: b\n        ‸\n"
    assert apply(four, "securityContext").endswith(
        "        securityContext:\n            allowPrivilegeEscalation: false\n            runAsNonRoot: true\n"
        "            capabilities:\n                drop:\n                - ALL\n")
    assert apply(four, "env").endswith("        env:\n        - name: NAME\n          value: \"value\"\n")


def test_bodies_in_half_typed_yaml():
    marked = POD + "  containers:\n    - name: a\n      livenessP‸\n  volumes: [\n"
    assert "      livenessProbe:\n        httpGet:\n" in apply(marked, "livenessProbe")


def test_flow_style_bodies():
    marked = "{kind: Pod, spec: {containers: [{name: a, liv‸}]}}\n"
    assert apply(marked, "livenessProbe") == (
        "{kind: Pod, spec: {containers: [{name: a, livenessProbe: {httpGet: {path: /, port: 80}}}]}}\n")
    snippet = pick(marked, "livenessProbe", snippets=True)
    assert snippet.insert_text == "livenessProbe: {httpGet: {path: ${1:/}, port: ${2:80}\\}\\}"


def test_a_body_from_the_schema_leaves_its_required_fields_as_tab_stops():
    marked = CONTAINER + "      livenessProbe:\n        tcpS‸\n"
    assert pick(marked, "tcpSocket", snippets=True).insert_text == "tcpSocket:\n  port: $1"
    assert pick(marked, "tcpSocket").insert_text == "tcpSocket:"  # plain text would stay empty


def test_bodies_use_only_fields_of_the_chosen_version():
    marked = CONTAINER + "      ‸\n"
    assert "restartPolicyRules" not in labels(marked, version=(1, 25))
    assert pick(marked, "lifecycle", version=(1, 25)).insert_text.startswith("lifecycle:\n        preStop:\n")


@pytest.mark.parametrize("text", [
    "", "---", "\t", "\t- ", "- ", "{", "[", "- - - ", "kind: Pod\n\t", "a: b: c", "? x\n: y",
    "kind: Pod\r\nspec:\r\n  ", "kind: Pod\nspec:\n  containers:\n  - name: ü\n    ", "&a [*a]",
])
def test_no_position_raises(text):
    lines = text.replace("‸", "").split("\n")
    for line, content in enumerate(lines):
        for column in range(len(content) + 1):
            for snippets in (False, True):
                items(_marked(lines, line, column), snippets=snippets)


def _marked(lines: list[str], line: int, column: int) -> str:
    marked = list(lines)
    marked[line] = marked[line][:column] + "‸" + marked[line][column:]
    return "\n".join(marked)
