"""The rules, table-driven: every invalid case fires at the right place, every valid case is
silent, in every kind of object that carries a pod spec."""

from __future__ import annotations

import gc
from collections import Counter

import pytest
from workloads import KINDS, header_lines, wrap

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.analysis.document import Linked
from pod_ls.findings import Severity
from pod_ls.kube.links.objects import objects_in
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.settings import Settings
from pod_ls.yaml.parse import parse_stream


def findings(text: str, services: WorkspaceModel | None = None, settings: Settings | None = None):
    return Analyzer("file:///t.yaml").analyse(text, services or WorkspaceModel(),
                                              settings or Settings()).findings


def rules_of(text: str, **kw) -> list[str]:
    return [f.rule for f in findings(text, **kw)]


CONTAINER = "containers:\n  - name: app\n    image: nginx:1.27\n"


def with_container(extra: str, field_indent: int = 4) -> str:
    return CONTAINER + "".join(" " * field_indent + line + "\n" for line in extra.splitlines())


# -- probe-success-threshold

PROBE_CASES = [
    ("liveness-3", "livenessProbe:\n  tcpSocket: {port: 80}\n  successThreshold: 3", True),
    ("startup-2", "startupProbe:\n  tcpSocket: {port: 80}\n  successThreshold: 2", True),
    ("liveness-1", "livenessProbe:\n  tcpSocket: {port: 80}\n  successThreshold: 1", False),
    ("liveness-0-defaults-to-1", "livenessProbe:\n  tcpSocket: {port: 80}\n  successThreshold: 0", False),
    ("liveness-unset", "livenessProbe:\n  tcpSocket: {port: 80}", False),
    ("readiness-3", "readinessProbe:\n  tcpSocket: {port: 80}\n  successThreshold: 3", False),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("case", "probe", "fires"), PROBE_CASES, ids=[c[0] for c in PROBE_CASES])
def test_probe_success_threshold(kind, case, probe, fires):
    text = wrap(kind, with_container(probe))
    hits = [f for f in findings(text) if f.rule == "probe-success-threshold"]
    assert bool(hits) == fires
    if fires:
        [hit] = hits
        line = text.splitlines()[hit.start[0]]
        assert line[hit.start[1]:hit.end[1]] in ("2", "3")
        # A StatefulSet's template is not validated on create: its Pods are refused later.
        assert hit.severity == (Severity.WARNING if kind == "StatefulSet" else Severity.ERROR)


def test_a_statefulset_template_is_not_validated_on_create():
    """ValidatePodTemplateSpecForStatefulSet skips the pod spec: what pod validation refuses is a
    warning there, while what decoding refuses and the StatefulSet's own checks stay errors."""
    spec = "dnsPolicy: None\ncontainers:\n  - name: app\n    image: nginx:1.27\n    imagePullPolcy: Always\n"
    by_rule = {f.rule: f for f in findings(wrap("StatefulSet", spec))}
    assert by_rule["dns-none-without-config"].severity == Severity.WARNING
    assert "not validated on create" in by_rule["dns-none-without-config"].message
    assert by_rule["unknown-field"].severity == Severity.ERROR
    restart = {f.rule: f for f in findings(wrap("StatefulSet", "restartPolicy: Never\n" + spec))}
    assert restart["workload-restart-policy"].severity == Severity.ERROR
    assert {f.rule: f.severity for f in findings(wrap("Deployment", spec))}["dns-none-without-config"] == Severity.ERROR


def test_probe_success_threshold_in_a_sidecar_init_container():
    spec = ("initContainers:\n  - name: proxy\n    image: envoy:1.30\n    restartPolicy: Always\n"
            "    startupProbe:\n      tcpSocket: {port: 15000}\n      successThreshold: 5\n" + CONTAINER)
    text = wrap("Pod", spec)
    [hit] = [f for f in findings(text) if f.rule == "probe-success-threshold"]
    assert hit.start[0] == header_lines("Pod") + 6


def test_probe_through_a_merge_key_is_checked_once():
    text = ("x-probe: &probe\n  tcpSocket: {port: 80}\n  successThreshold: 3\n---\n"
            + wrap("Pod", CONTAINER + "    livenessProbe:\n      <<: *probe\n      periodSeconds: 5\n"
                   "  - name: b\n    image: b:1\n    livenessProbe: *probe\n"))
    # Anchors do not cross documents: the Pod document is invalid YAML there.
    assert "yaml-syntax" in rules_of(text)
    local = wrap("Pod", CONTAINER + "    livenessProbe: &probe\n      tcpSocket: {port: 80}\n"
                 "      successThreshold: 3\n  - name: b\n    image: b:1\n    livenessProbe:\n"
                 "      <<: *probe\n")
    assert rules_of(local).count("probe-success-threshold") == 1


# -- dns-none-without-config

DNS_CASES = [
    ("none-no-config", "dnsPolicy: None\n", True),
    ("quoted-none-no-config", 'dnsPolicy: "None"\n', True),
    ("none-empty-nameservers", "dnsPolicy: None\ndnsConfig:\n  nameservers: []\n", True),
    ("none-config-without-nameservers", "dnsPolicy: None\ndnsConfig:\n  searches: [a.local]\n", True),
    ("none-with-nameservers", "dnsPolicy: None\ndnsConfig:\n  nameservers: [1.1.1.1]\n", False),
    ("cluster-first", "dnsPolicy: ClusterFirst\n", False),
    ("config-without-none", "dnsConfig:\n  options: [{name: ndots, value: '2'}]\n", False),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("case", "spec", "fires"), DNS_CASES, ids=[c[0] for c in DNS_CASES])
def test_dns_none_without_config(kind, case, spec, fires):
    text = wrap(kind, spec + CONTAINER)
    hits = [f for f in findings(text) if f.rule == "dns-none-without-config"]
    assert bool(hits) == fires
    if fires:
        line = text.splitlines()[hits[0].start[0]]
        assert line[hits[0].start[1]:hits[0].end[1]].strip('"') == "None"


# -- subdomain-headless-service

def service(name: str, namespace: str | None = None, headless: bool = True) -> str:
    ns = f"  namespace: {namespace}\n" if namespace else ""
    cluster_ip = "  clusterIP: None\n" if headless else ""
    return f"apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\n{ns}spec:\n{cluster_ip}  selector: {{app: a}}\n"


SUBDOMAIN_CASES = [
    ("headless-same-file", "shop", service("web", "shop"), None),
    ("headless-no-namespaces", None, service("web"), None),
    ("headless-service-without-namespace", "shop", service("web"), None),
    ("missing", "shop", service("other", "shop"), "missing"),
    ("not-headless", "shop", service("web", "shop", headless=False), "not-headless"),
    ("other-namespace", "shop", service("web", "billing"), "other-namespace"),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("case", "namespace", "svc", "expected"), SUBDOMAIN_CASES,
                         ids=[c[0] for c in SUBDOMAIN_CASES])
def test_subdomain_needs_a_headless_service(kind, case, namespace, svc, expected):
    text = wrap(kind, "hostname: h\nsubdomain: web\n" + CONTAINER, namespace) + "---\n" + svc
    hits = [f for f in findings(text) if f.rule == "subdomain-headless-service"]
    # A StatefulSet's Pods take serviceName as their subdomain, whatever the template says.
    assert [h.data["case"] for h in hits] == ([expected] if expected and kind != "StatefulSet" else [])
    if hits:
        line = text.splitlines()[hits[0].start[0]]
        assert line[hits[0].start[1]:hits[0].end[1]] == "web"


def test_subdomain_messages_say_which_case():
    text = wrap("Pod", "hostname: h\nsubdomain: web\n" + CONTAINER, "shop")
    [missing] = findings(text)
    assert "No Service named 'web'" in missing.message and "'shop'" in missing.message
    # The Service selects no Pod of the file, which `service-selects-nothing` says too.
    [other] = [f for f in findings(text + "---\n" + service("web", "billing"))
               if f.rule == "subdomain-headless-service"]
    assert "another namespace ('billing')" in other.message
    [plain] = [f for f in findings(text + "---\n" + service("web", "shop", headless=False))
               if f.rule == "subdomain-headless-service"]
    assert "not headless" in plain.message and "clusterIP" in plain.message


def test_subdomain_finds_a_service_of_another_file():
    from pod_ls.kube.links.objects import objects_in
    from pod_ls.yaml.parse import parse_stream

    services = WorkspaceModel()
    services.set("file:///svc.yaml", objects_in(parse_stream(service("web")), "file:///svc.yaml"))
    assert rules_of(wrap("Pod", "hostname: h\nsubdomain: web\n" + CONTAINER), services=services) == []


# -- schema checks

SCHEMA_CASES = [
    ("misspelled-field", "imagePullPolcy: Always", "unknown-field", "imagePullPolcy", "imagePullPolicy"),
    ("string-for-int", "terminationMessagePath: /x\nports:\n  - containerPort: '80'", "wrong-type", "'80'", None),
    ("int-for-string", "env:\n  - name: A\n    value: 8080", "wrong-type", "8080", None),
    ("bool-11-for-string", "env:\n  - name: A\n    value: yes", "wrong-type", "yes", None),
    ("bad-enum", "imagePullPolicy: always", "invalid-value", "always", "Always"),
    ("bad-protocol", "ports:\n  - containerPort: 53\n    protocol: tcp", "invalid-value", "tcp", "TCP"),
    ("list-for-string", "workingDir: [a]", "wrong-type", "[a]", None),
    ("scalar-for-object", "resources: big", "wrong-type", "big", None),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("case", "extra", "rule", "text_at", "suggestion"), SCHEMA_CASES,
                         ids=[c[0] for c in SCHEMA_CASES])
def test_schema_checks(kind, case, extra, rule, text_at, suggestion):
    text = wrap(kind, with_container(extra))
    hits = [f for f in findings(text) if f.rule == rule]
    assert len(hits) == 1, findings(text)
    [hit] = hits
    line = text.splitlines()[hit.start[0]]
    assert line[hit.start[1]:hit.end[1]] == text_at
    if suggestion:
        assert f"`{suggestion}`" in hit.message and hit.data["suggestion"] == suggestion


@pytest.mark.parametrize("kind", KINDS)
def test_a_pod_spec_that_is_not_a_mapping_is_a_wrong_type(kind):
    header = wrap(kind, "")
    assert header.endswith("spec:\n")
    for written in ("3", "[a]", "'x'"):
        text = header[:-1] + f" {written}\n"
        [hit] = findings(text)
        assert hit.rule == "wrong-type" and hit.message.startswith("Expected a mapping"), hit
        assert text.splitlines()[hit.start[0]][hit.start[1]:hit.end[1]] == written
    assert findings(header) == []  # `spec:` with nothing yet: being typed


def test_a_template_that_is_not_a_mapping_is_a_wrong_type():
    text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template: [x]\n"
    [hit] = findings(text)
    assert hit.rule == "wrong-type" and (hit.start, hit.end) == ((4, 12), (4, 15))


def test_valid_values_of_special_types():
    extra = ("ports:\n  - containerPort: 80\n    name: http\n"
             "livenessProbe:\n  httpGet: {port: http, path: /}\n"
             "readinessProbe:\n  httpGet: {port: 80, scheme: HTTPS}\n"
             "resources:\n  limits: {cpu: 1, memory: 1.5Gi}\n  requests: {cpu: 0.5, memory: 128Mi}\n"
             "env:\n  - name: EMPTY\n  - name: NAME\n    value: ''\n")
    assert findings(wrap("Deployment", with_container(extra))) == []


def test_missing_required_fields():
    text = wrap("Pod", "containers:\n  - name: a\n  - image: b:1\n")
    [(rule, message)] = [(f.rule, f.message) for f in findings(text) if f.rule == "missing-required"]
    assert "`name`" in message
    [image] = [f for f in findings(text) if f.rule == "image-missing"]
    assert image.severity == Severity.ERROR and "'a' has no image" in image.message
    [template] = [f for f in findings(wrap("Deployment", "containers:\n  - name: a\n")) if f.rule == "image-missing"]
    assert template.severity == Severity.ERROR  # validateContainerCommon, templates included
    text = wrap("Pod", "restartPolicy: Always\n")
    [hit] = findings(text)
    assert hit.rule == "missing-required" and "`containers`" in hit.message


def test_restart_policy_by_workload():
    for kind in ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController"):
        assert "workload-restart-policy" not in rules_of(wrap(kind, "restartPolicy: Always\n" + CONTAINER))
        [hit] = [f for f in findings(wrap(kind, "restartPolicy: Never\n" + CONTAINER))
                 if f.rule == "workload-restart-policy"]
        assert f"in a {kind}" in hit.message
    for kind in ("Job", "CronJob"):
        assert rules_of(wrap(kind, "restartPolicy: OnFailure\n" + CONTAINER)) == []
        assert rules_of(wrap(kind, "restartPolicy: Always\n" + CONTAINER)) == ["workload-restart-policy"]
        [missing] = findings(wrap(kind, CONTAINER))
        assert missing.rule == "workload-restart-policy" and "the default, Always, is rejected" in missing.message
    for value in ("Always", "OnFailure", "Never"):
        assert rules_of(wrap("Pod", f"restartPolicy: {value}\n" + CONTAINER)) == []


def test_init_container_restart_policy_values():
    """Always makes a sidecar; OnFailure and Never are container restart rules' (1.35+, where
    pod-ls does not tell them apart by version: a miss before 1.35, never a false error)."""
    spec = "initContainers:\n  - name: s\n    image: s:1\n    restartPolicy: {}\n" + CONTAINER
    for value in ("Always", "OnFailure", "Never"):
        assert rules_of(wrap("Pod", spec.format(value))) == []
    assert rules_of(wrap("Pod", spec.format("Sometimes"))) == ["invalid-value"]


# -- scope

def test_non_pod_documents_get_no_rule_diagnostics():
    config_map = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n"
                  "  dnsPolicy: None\n  subdomain: nowhere\n  successThreshold: '3'\n"
                  "spec:\n  dnsPolicy: None\n  subdomain: nowhere\n  imagePullPolcy: x\n")
    assert findings(config_map) == []
    assert findings("kind: CustomThing\nspec:\n  dnsPolicy: None\n  containers: 3\n") == []


def test_the_rest_of_the_file_is_checked_after_a_syntax_error():
    text = "kind: Pod\nspec: [\n---\n" + wrap("Pod", "dnsPolicy: None\n" + CONTAINER)
    assert rules_of(text) == ["yaml-syntax", "dns-none-without-config"]


def test_settings_switch_rules_off_and_change_severity():
    text = wrap("Pod", "dnsPolicy: None\nhostname: h\nsubdomain: web\n" + CONTAINER)
    settings = Settings.model_validate({"rules": {"dns-none-without-config": "off",
                                                  "subdomain-headless-service": "error"}})
    [hit] = findings(text, settings=settings)
    assert hit.rule == "subdomain-headless-service" and hit.severity == Severity.ERROR


def test_edits_reuse_unchanged_documents():
    analyzer = Analyzer("file:///t.yaml")
    pod = wrap("Pod", "dnsPolicy: None\n" + CONTAINER)
    text = pod + "---\n" + pod
    first = analyzer.analyse(text, WorkspaceModel(), Settings())
    edited = text.replace("name: app", "name: ap", 1)
    second = analyzer.analyse(edited, WorkspaceModel(), Settings())
    assert [f.start for f in first.findings] == [f.start for f in second.findings]
    assert analyzer.parse(edited)[1].root is analyzer.parse(text)[1].root
    # The unchanged document stays parsed, though the analysis only needed its findings.
    last = edited.count("\n") - 1
    [before] = analyzer.parser.documents_between(text, last, last)
    analyzer.analyse(edited.replace("name: ap", "name: a", 1), WorkspaceModel(), Settings())
    [after] = analyzer.parser.documents_between(edited.replace("name: ap", "name: a", 1), last, last)
    assert after.root is before.root
    # A line added above shifts the findings of the documents below it.
    third = analyzer.analyse("# new\n" + edited, WorkspaceModel(), Settings())
    assert [f.start[0] for f in third.findings] == [f.start[0] + 1 for f in second.findings]


def test_what_an_analyzer_keeps_does_not_grow_with_edits():
    """Edits replace documents; the parses and findings of the old ones are let go."""
    analyzer = Analyzer("file:///t.yaml")
    text = "---\n".join(wrap("Pod", f"dnsPolicy: None\nhostname: h{n}-0\n" + CONTAINER) for n in range(100))
    analyzer.analyse(text, WorkspaceModel(), Settings())
    counts = []
    for edit in range(60):
        n = edit % 10
        text = text.replace(f"hostname: h{n}-{edit // 10}\n", f"hostname: h{n}-{edit // 10 + 1}\n", 1)
        analyzer.analyse(text, WorkspaceModel(), Settings())
        analyzer.parser.documents_between(text, 0, 10**6)  # a request that parses them all
        if edit in (19, 59):
            gc.collect()
            alive = Counter(type(o).__name__ for o in gc.get_objects())
            counts.append({kind: alive[kind] for kind in ("YamlDocument", "Mapping", "Scalar", "Finding")})
    assert counts[0] == counts[1] and counts[0]["YamlDocument"] == 100, counts


def test_what_an_analyzer_keeps_does_not_grow_with_service_renames():
    """Findings that depend on the Services are kept for the Services they saw, once a
    document: renaming a Service elsewhere again and again leaves no old entries behind."""
    analyzer = Analyzer("file:///pods.yaml")
    text = "---\n".join(wrap("Pod", f"hostname: h\nsubdomain: db{n}\n" + CONTAINER) for n in range(5))
    services = WorkspaceModel()
    for n in range(300):
        services.set(f"file:///svc{n}.yaml", objects_in(parse_stream(service(f"other{n}")), f"file:///svc{n}.yaml"))
    sizes = []
    for rename in range(60):
        services.set("file:///db.yaml", objects_in(parse_stream(service(f"db{rename}")), "file:///db.yaml"))
        analyzer.analyse(text, services, Settings())
        if rename in (19, 59):
            gc.collect()
            sizes.append(sum(isinstance(o, Linked) for o in gc.get_objects()))
    assert sizes[0] == sizes[1], sizes


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("version, fires", [("1.33", True), ("1.34", False), ("1.35", False), ("1.37", False)])
def test_a_container_restart_policy_on_an_app_container_from_1_35(kind, version, fires):
    """ContainerRestartRules (kube_features.go: alpha in 1.34, beta and on by default from
    1.35) lets any container override the Pod's restartPolicy; before, validateContainers
    forbids the field outside init containers, but in 1.34 dropContainerRestartRules clears it
    first (container-restart-policy-dropped)."""
    text = wrap(kind, "containers:\n  - name: app\n    image: nginx:1.27\n    restartPolicy: Never\n")
    found = rules_of(text, settings=Settings(kubernetes_version=version))
    assert ("container-field-placement" in found) == fires, found
