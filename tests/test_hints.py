"""Inlay hints from text: the QoS class and the API server's defaults, where they are shown."""

from __future__ import annotations

import pytest
from workloads import KINDS, header_lines, wrap

from pod_ls.ide.hints import inlay_hints
from pod_ls.kube.schema import load_schema
from pod_ls.yaml.parse import parse_stream, split_lines

POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - containerPort: 80
    readinessProbe:
      httpGet: {path: /healthz, port: 80}
      periodSeconds: 5
"""


def hints(text: str, first: int = 0, last: int | None = None, **options) -> dict[int, list[str]]:
    """The hint labels by file line."""
    out: dict[int, list[str]] = {}
    for hint in inlay_hints(parse_stream(text), load_schema(), first, last, **options):
        out.setdefault(hint.position[0], []).append(hint.label)
    return out


def test_defaults_at_the_end_of_their_objects_line():
    found = hints(POD)
    assert found == {
        4: ["QoS: BestEffort",
            "restartPolicy: Always, dnsPolicy: ClusterFirst, terminationGracePeriodSeconds: 30, "
            "schedulerName: default-scheduler (defaults)"],
        6: ["imagePullPolicy: IfNotPresent (default)"],
        9: ["protocol: TCP (default)"],
        10: ["timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 (defaults)"],
        11: ["scheme: HTTP (default)"],
    }
    lines = split_lines(POD)
    positions = {h.position for h in inlay_hints(parse_stream(POD), load_schema())}
    assert (6, len(lines[6])) in positions and (11, len(lines[11])) in positions


def test_the_tooltip_names_the_code_that_sets_each_default():
    hint = next(h for h in inlay_hints(parse_stream(POD), load_schema()) if h.label.startswith("timeout"))
    assert hint.tooltip.splitlines()[2:] == [
        f"- `{field}` (pkg/apis/core/v1/defaults.go SetDefaults_Probe)"
        for field in ("timeoutSeconds: 1", "successThreshold: 1", "failureThreshold: 3")]
    pull = next(h for h in inlay_hints(parse_stream(POD), load_schema()) if "imagePull" in h.label)
    assert "`imagePullPolicy: IfNotPresent`: the tag is `1.27`, not `latest` (pkg/apis/core/v1/defaults.go " \
        "SetDefaults_Container)" in pull.tooltip


def test_what_is_written_gets_no_hint():
    text = POD.replace("    image: nginx:1.27\n", "    image: nginx:1.27\n    imagePullPolicy: Always\n")
    text = text.replace("    - containerPort: 80\n", "    - containerPort: 80\n      protocol: UDP\n")
    text += "  restartPolicy: Never\n  dnsPolicy: Default\n  schedulerName: s\n  terminationGracePeriodSeconds: 5\n"
    labels = [label for line in hints(text).values() for label in line]
    assert not any(label.startswith(("imagePullPolicy", "protocol", "restartPolicy")) for label in labels)
    assert "QoS: BestEffort" in labels


def test_off_keeps_only_the_qos_class():
    assert hints(POD, defaults=False) == {4: ["QoS: BestEffort"]}


def test_only_the_requested_lines():
    assert set(hints(POD, 6, 9)) == {6, 9}
    assert hints(POD, 100, 200) == {}


@pytest.mark.parametrize("kind", KINDS)
def test_in_every_workloads_pod_template(kind):
    text = wrap(kind, "containers:\n- name: a\n  image: app\n  livenessProbe:\n    exec: {command: [true]}\n")
    start = header_lines(kind)
    found = hints(text)
    assert found[start + 1] == ["imagePullPolicy: Always (default)"]
    assert found[start + 3] == ["timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, "
                                "failureThreshold: 3 (defaults)"]
    spec_line = found[start - 1]
    assert spec_line[0].startswith("QoS: ")
    # Jobs must say OnFailure or Never: no Always offered as their default
    assert ("restartPolicy: Always" in spec_line[1]) == (kind not in ("Job", "CronJob"))


def test_workload_defaults_on_the_workloads_spec_line():
    deployment = hints(wrap("Deployment", "containers: []\n"))
    assert deployment[4] == ["replicas: 1, strategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 25%, "
                             "maxSurge: 25%}}, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 (defaults)"]
    cron = hints(wrap("CronJob", "restartPolicy: Never\ncontainers: []\n"))
    assert cron[4] == ["concurrencyPolicy: Allow, suspend: false, successfulJobsHistoryLimit: 3, "
                       "failedJobsHistoryLimit: 1 (defaults)"]
    assert cron[7][0].startswith("completions: 1, parallelism: 1, backoffLimit: 6")  # the jobTemplate's spec


def test_version_decides_the_defaults_behind_feature_gates():
    text = wrap("StatefulSet", "containers: []\n")
    assert "persistentVolumeClaimRetentionPolicy" in hints(text, version=(1, 27))[4][0]
    assert "persistentVolumeClaimRetentionPolicy" not in hints(text, version=(1, 26))[4][0]
    job = wrap("Job", "restartPolicy: Never\ncontainers: []\n")
    assert "podReplacementPolicy: TerminatingOrFailed" in hints(job, version=(1, 29))[4][0]
    assert "podReplacementPolicy" not in hints(job, version=(1, 28))[4][0]


def test_host_port_under_host_network():
    text = wrap("Pod", "hostNetwork: true\ncontainers:\n- name: a\n  image: a:1\n  ports:\n  - containerPort: 8080\n")
    assert hints(text)[10] == ["protocol: TCP, hostPort: 8080 (defaults)"]


def test_flow_style_puts_the_hints_on_the_one_line():
    text = "kind: Pod\nspec: {containers: [{name: a, image: 'a:latest', ports: [{containerPort: 80}]}]}\n"
    [hint_labels] = hints(text).values()
    assert "imagePullPolicy: Always (default)" in hint_labels and "protocol: TCP (default)" in hint_labels
    [position] = {h.position for h in inlay_hints(parse_stream(text), load_schema()) if "(default" in h.label}
    assert position == (1, len(text.split("\n")[1]))


@pytest.mark.parametrize("text", [
    "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: [\n",  # does not parse
    "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: a:1\n    livenessProbe:\n",  # half typed
    "kind: Pod\nspec:\n  containers:\n  - name\n",
    "kind: Pod\nspec: 3\n",
    "kind: [Pod]\nspec:\n  containers: []\n",
    "\t\x00",
    "",
])
def test_broken_and_half_typed_yaml_gives_what_it_can_and_never_raises(text):
    for labels in hints(text).values():
        assert all("livenessProbe" not in label and "timeoutSeconds" not in label for label in labels)


def test_half_typed_field_is_present_and_gets_no_hint():
    text = "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: a:1\n    imagePullPolicy:\n"
    assert not any("imagePullPolicy" in label for labels in hints(text).values() for label in labels)


def test_aliases_give_one_hint_per_place():
    text = ("kind: Pod\nspec:\n  containers:\n  - &c {name: a, image: 'a:1'}\n"
            "  initContainers:\n  - *c\n")
    assert hints(text)[3] == ["imagePullPolicy: IfNotPresent (default)"]


def test_a_kustomize_patch_leaves_out_what_its_base_sets():
    text = wrap("Deployment", "containers:\n- name: a\n  image: a:1\n  $patch: replace\n")
    assert hints(text) == {header_lines("Deployment") - 1: ["QoS: BestEffort"]}


def test_crlf_and_non_ascii_columns_in_code_points():
    text = POD.replace("name: web\n    image", "name: wéb-ü\n    image").replace("\n", "\r\n")
    [hint] = [h for h in inlay_hints(parse_stream(text), load_schema()) if "imagePull" in h.label]
    assert hint.position == (6, len("  - name: wéb-ü"))


def test_several_documents_each_with_their_own_lines():
    text = POD + "---\n" + POD
    found = hints(text)
    offset = POD.count("\n") + 1
    assert found[6 + offset] == found[6] == ["imagePullPolicy: IfNotPresent (default)"]
    assert set(hints(text, offset, offset + 7)) == {4 + offset, 6 + offset}


def test_the_cache_gives_the_same_hints_and_follows_edits():
    from pod_ls.analysis.analyzer import Analyzer
    from pod_ls.ide.hints import HintCache

    schema = load_schema()
    parser = Analyzer("cache").parser
    cache = HintCache()
    text = POD + "---\n" + POD.replace("nginx:1.27", "nginx")
    count = text.count("\n")

    def both(current: str, first: int = 0, last: int = count, **options):
        documents = parser.documents_between(current, 0, current.count("\n"))
        cached = inlay_hints(documents, schema, first, last, cache=cache, **options)
        assert cached == inlay_hints(parse_stream(current), schema, first, last, **options)
        return cached

    before = both(text)
    assert both(text) == before and both(text, 5, 20) == [h for h in before if 5 <= h.position[0] <= 20]
    # Lines inserted above move the hints of the unchanged documents below.
    moved = both("# top\n" + text, 0, count + 1)
    assert [h.position for h in moved] == [(line + 1, column) for line, column in (h.position for h in before)]
    # An edit changes its own document's hints; other options are other hints.
    edited = both(text.replace("nginx\n", "nginx:latest\n"))
    assert edited != before and edited[:len(before) // 2] == before[:len(before) // 2]
    assert both(text, defaults=False) == [h for h in before if h.label.startswith("QoS")]
    assert both(text, version=(1, 25)) == before
