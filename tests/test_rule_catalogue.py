"""The validation rule catalogue, table-driven: each invalid case fires exactly the expected
rule on the expected text, each valid case is silent."""

from __future__ import annotations

import pytest
from workloads import KINDS, wrap

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.findings import Severity
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.settings import Settings

C = "containers:\n  - name: app\n    image: nginx:1.27\n"


def run(text: str, settings: Settings | None = None):
    return Analyzer("file:///t.yaml").analyse(text, WorkspaceModel(), settings or Settings()).findings


def texts_at(text: str, findings) -> list[tuple[str, str]]:
    lines = text.splitlines()
    return [(f.rule, lines[f.start[0]][f.start[1]:f.end[1]]) for f in findings if f.start[0] == f.end[0]]


def container(extra: str) -> str:
    return C + "".join(f"    {line}\n" for line in extra.splitlines())


INVALID = [
    # probes
    ("probe-no-handler", container("livenessProbe:\n  periodSeconds: 5"), [("probe-handler", "livenessProbe")]),
    ("probe-two-handlers", container("readinessProbe:\n  exec: {command: [a]}\n  tcpSocket: {port: 80}"),
     [("probe-handler", "tcpSocket")]),
    ("probe-on-init-container", "initContainers:\n  - name: init\n    image: busybox:1.36\n"
     "    readinessProbe: {exec: {command: [a]}}\n" + C, [("init-container-probe", "readinessProbe")]),
    ("lifecycle-on-init-container", "initContainers:\n  - name: init\n    image: busybox:1.36\n"
     "    lifecycle: {preStop: {exec: {command: [a]}}}\n" + C, [("init-container-probe", "lifecycle")]),
    ("readiness-grace", container("readinessProbe:\n  exec: {command: [a]}\n  terminationGracePeriodSeconds: 5"),
     [("readiness-probe-grace-period", "terminationGracePeriodSeconds")]),
    ("probe-negative", container("livenessProbe:\n  exec: {command: [a]}\n  periodSeconds: -1"),
     [("probe-negative-value", "-1")]),
    ("probe-named-port-missing", container("ports: [{name: http, containerPort: 80}]\n"
                                           "livenessProbe: {httpGet: {port: htp}}"),
     [("probe-port-not-declared", "htp")]),
    # restart policy
    ("init-restart-policy-unknown", "initContainers:\n  - name: init\n    image: busybox:1.36\n"
     "    restartPolicy: Sometimes\n" + C, [("invalid-value", "Sometimes")]),
    # names
    ("container-name-uppercase", "containers:\n  - name: App\n    image: nginx:1.27\n", [("dns-label", "App")]),
    ("volume-name-too-long", C + "volumes:\n  - name: " + "v" * 64 + "\n    emptyDir: {}\n",
     [("dns-label", "v" * 64)]),
    ("hostname-underscore", "hostname: my_host\n" + C, [("dns-label", "my_host")]),
    ("port-name-too-long", container("ports: [{name: metrics-endpoint1, containerPort: 80}]"),
     [("port-name", "metrics-endpoint1")]),
    ("port-name-digits-only", container("ports: [{name: '8080', containerPort: 80}]"), [("port-name", "'8080'")]),
    ("port-name-double-dash", container("ports: [{name: a--b, containerPort: 80}]"), [("port-name", "a--b")]),
    ("duplicate-container-across-init", "initContainers:\n  - name: app\n    image: busybox:1.36\n" + C,
     [("duplicate-name", "app")]),
    ("duplicate-volume", C + "volumes:\n  - name: v\n    emptyDir: {}\n  - name: v\n    emptyDir: {}\n",
     [("duplicate-name", "v")]),
    ("duplicate-port-name", container("ports: [{name: web, containerPort: 80}, {name: web, containerPort: 81}]"),
     [("duplicate-name", "web")]),
    ("duplicate-mount-path", container("volumeMounts: [{name: v, mountPath: /d}, {name: w, mountPath: /d}]")
     + "volumes: [{name: v, emptyDir: {}}, {name: w, emptyDir: {}}]\n", [("duplicate-name", "/d")]),
    # ports
    ("container-port-zero", container("ports: [{containerPort: 0}]"), [("port-range", "0")]),
    ("container-port-too-big", container("ports: [{containerPort: 70000}]"), [("port-range", "70000")]),
    ("host-port-too-big", container("ports: [{containerPort: 80, hostPort: 65536}]"), [("port-range", "65536")]),
    ("host-network-port-mismatch", "hostNetwork: true\ndnsPolicy: ClusterFirstWithHostNet\n"
     + container("ports: [{containerPort: 80, hostPort: 8080}]"), [("host-network-port", "8080")]),
    ("duplicate-host-port", C + "  - name: b\n    image: b:1\n    ports: [{containerPort: 81, hostPort: 9000}]\n"
     "  - name: c\n    image: c:1\n    ports: [{containerPort: 82, hostPort: 9000}]\n",
     [("duplicate-host-port", "9000")]),
    ("bad-protocol", container("ports: [{containerPort: 80, protocol: HTTP}]"), [("invalid-value", "HTTP")]),
    # env
    ("env-name-with-equals", container("env: [{name: 'A=B', value: x}]"), [("env-name", "'A=B'")]),
    ("env-value-and-from", container("env:\n  - name: A\n    value: x\n    valueFrom: {fieldRef: {fieldPath: "
                                     "metadata.name}}"), [("env-value-and-value-from", "valueFrom")]),
    ("env-no-source", container("env:\n  - name: A\n    valueFrom: {}"), [("env-value-from-source", "valueFrom")]),
    ("env-two-sources", container("env:\n  - name: A\n    valueFrom:\n      fieldRef: {fieldPath: metadata.name}\n"
                                  "      secretKeyRef: {name: s, key: k}"),
     [("env-value-from-source", "secretKeyRef")]),
    ("env-field-path", container("env: [{name: A, valueFrom: {fieldRef: {fieldPath: spec.hostname}}}]"),
     [("env-field-path", "spec.hostname")]),
    ("env-duplicate", container("env: [{name: A, value: a}, {name: A, value: b}]"), [("duplicate-env", "A")]),
    # volumes
    ("volume-two-sources", C + "volumes:\n  - name: v\n    emptyDir: {}\n    hostPath: {path: /x}\n",
     [("volume-source", "hostPath")]),
    ("mount-undeclared", container("volumeMounts: [{name: dta, mountPath: /d}]")
     + "volumes: [{name: data, emptyDir: {}}]\n", [("volume-mount-undeclared", "dta")]),
    ("subpath-absolute", container("volumeMounts: [{name: v, mountPath: /d, subPath: /etc}]")
     + "volumes: [{name: v}]\n", [("volume-mount-subpath", "/etc")]),
    ("subpath-dotdot", container("volumeMounts: [{name: v, mountPath: /d, subPath: a/../../b}]")
     + "volumes: [{name: v}]\n", [("volume-mount-subpath", "a/../../b")]),
    ("volume-source-fields", C + "volumes: [{name: v, csi: {driver: io_example}}]\n",
     [("volume-source-fields", "io_example")]),
    ("volume-file-path", C + "volumes: [{name: v, configMap: {name: c, items: [{key: k, path: ../k}]}}]\n",
     [("volume-file-path", "../k")]),
    ("volume-file-mode", C + "volumes: [{name: v, secret: {secretName: s, defaultMode: 755}}]\n",
     [("volume-file-mode", "755")]),
    ("volume-projection", C + "volumes: [{name: v, projected: {sources: [{serviceAccountToken: "
     "{path: t, expirationSeconds: 60}}]}}]\n", [("volume-projection", "60")]),
    ("volume-mount-propagation", container("volumeMounts: [{name: v, mountPath: /d, mountPropagation: Bidirectional}]")
     + "volumes: [{name: v}]\n", [("volume-mount", "Bidirectional")]),
    ("volume-device-source", container("volumeDevices: [{name: v, devicePath: /dev/xvda}]")
     + "volumes: [{name: v}]\n", [("volume-device", "v")]),
    # resources
    ("quantity-K", container("resources: {limits: {memory: 512K}}"), [("quantity-syntax", "512K")]),
    ("quantity-words", container("resources: {requests: {cpu: one}}"), [("quantity-syntax", "one")]),
    ("quantity-negative", container("resources: {requests: {cpu: -1}}"), [("quantity-syntax", "-1")]),
    ("request-over-limit", container("resources: {requests: {memory: 1Gi}, limits: {memory: 512Mi}}"),
     [("request-exceeds-limit", "1Gi")]),
    ("request-over-limit-cpu", container("resources: {requests: {cpu: '2'}, limits: {cpu: 1500m}}"),
     [("request-exceeds-limit", "'2'")]),
    ("unknown-resource", container("resources: {limits: {gpu: 1}}"), [("resource-name", "gpu")]),
    ("fractional-memory", container("resources: {requests: {memory: 500m}}"), [("fractional-memory", "500m")]),
    # dns
    ("four-nameservers", "dnsConfig: {nameservers: [1.1.1.1, 1.0.0.1, 8.8.8.8, 8.8.4.4]}\n" + C,
     [("dns-config-limits", "8.8.4.4")]),
    ("host-network-cluster-first", "hostNetwork: true\ndnsPolicy: ClusterFirst\n" + C,
     [("host-network-dns-policy", "ClusterFirst")]),
    ("ndots-not-a-number", "dnsConfig: {options: [{name: ndots, value: 'two'}]}\n" + C, [("dns-ndots", "'two'")]),
    ("ndots-too-big", "dnsConfig: {options: [{name: ndots, value: '16'}]}\n" + C, [("dns-ndots", "'16'")]),
    ("subdomain-without-hostname", "subdomain: web\n" + C, [("subdomain-without-hostname", "web"),
                                                            ("subdomain-headless-service", "web")]),
    # images
    ("image-empty", "containers:\n  - name: app\n    image: ''\n", [("image-missing", "''")]),
    ("image-latest", "containers:\n  - name: app\n    image: nginx:latest\n", [("image-tag", "nginx:latest")]),
    ("image-untagged", "containers:\n  - name: app\n    image: registry:5000/team/app\n",
     [("image-tag", "registry:5000/team/app")]),
    # security
    ("escalation-privileged", container("securityContext: {privileged: true, allowPrivilegeEscalation: false}"),
     [("privilege-escalation-contradiction", "securityContext")]),
    ("escalation-sys-admin", container("securityContext:\n  allowPrivilegeEscalation: false\n"
                                       "  capabilities: {add: [CAP_SYS_ADMIN]}"),
     [("privilege-escalation-contradiction", "securityContext")]),
    ("non-root-as-root", "securityContext: {runAsNonRoot: true}\n" + container("securityContext: {runAsUser: 0}"),
     [("run-as-non-root-as-root", "runAsUser")]),
    # scheduling
    ("toleration-exists-with-value", "tolerations: [{key: k, operator: Exists, value: v}]\n" + C,
     [("toleration", "Exists")]),
    ("toleration-no-key-equal", "tolerations: [{operator: Equal, value: v}]\n" + C, [("toleration", "Equal")]),
    ("toleration-seconds-no-execute", "tolerations: [{key: k, operator: Exists, effect: NoSchedule, "
     "tolerationSeconds: 5}]\n" + C, [("toleration", "NoSchedule")]),
    ("toleration-bad-effect", "tolerations: [{key: k, operator: Exists, effect: NoScheduling}]\n" + C,
     [("invalid-value", "NoScheduling")]),
    ("spread-max-skew-zero", "topologySpreadConstraints: [{maxSkew: 0, topologyKey: zone, "
     "whenUnsatisfiable: DoNotSchedule}]\n" + C, [("topology-spread", "0")]),
    ("spread-min-domains-anyway", "topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, "
     "whenUnsatisfiable: ScheduleAnyway, minDomains: 2}]\n" + C, [("topology-spread", "2")]),
    ("spread-bad-when", "topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, "
     "whenUnsatisfiable: Never}]\n" + C, [("invalid-value", "Never")]),
]


@pytest.mark.parametrize(("case", "spec", "expected"), INVALID, ids=[c[0] for c in INVALID])
def test_invalid(case, spec, expected):
    text = wrap("Pod", spec)
    assert sorted(texts_at(text, run(text))) == sorted(expected)


VALID = [
    ("sidecar-with-probes", "initContainers:\n  - name: proxy\n    image: envoy:1.30\n    restartPolicy: Always\n"
     "    ports: [{name: admin, containerPort: 9901}]\n    startupProbe: {tcpSocket: {port: admin}}\n"
     "    lifecycle: {preStop: {exec: {command: [sleep, '5']}}}\n" + C),
    ("probe-port-without-declared-ports", container("livenessProbe: {httpGet: {port: 8080, path: /}}")),
    ("grpc-probe", container("ports: [{containerPort: 50051}]\nlivenessProbe: {grpc: {port: 50051}}")),
    ("probe-number-not-declared", container("ports: [{containerPort: 80}]\nlivenessProbe: {tcpSocket: {port: 81}}")),
    ("readiness-many-successes", container("readinessProbe: {exec: {command: [a]}, successThreshold: 3}")),
    ("names", "hostname: web-0\nsubdomain: web\n" + container("ports: [{name: http-alt, containerPort: 8080}]")
     + "volumes: [{name: data-1, emptyDir: {}}]\n"),
    ("host-network-matching-ports", "hostNetwork: true\ndnsPolicy: ClusterFirstWithHostNet\n"
     + container("ports: [{containerPort: 80, hostPort: 80}, {containerPort: 53, protocol: UDP}]")),
    ("same-host-port-other-protocol",
     C + "  - name: b\n    image: b:1\n    ports: [{containerPort: 53, hostPort: 53}]\n"
     "  - name: c\n    image: c:1\n    ports: [{containerPort: 53, hostPort: 53, protocol: UDP}]\n"),
    ("env", container("env:\n  - {name: A, value: x}\n  - {name: my.var-1, value: ''}\n"
                      "  - {name: B, valueFrom: {fieldRef: {fieldPath: \"metadata.labels['app']\"}}}\n"
                      "  - {name: C, valueFrom: {resourceFieldRef: {resource: limits.cpu}}}\n"
                      "  - {name: D, valueFrom: {secretKeyRef: {name: s, key: k}}}\n"
                      "  - {name: E, valueFrom: {fieldRef: {fieldPath: status.podIPs}}}")),
    ("volumes", container("volumeMounts:\n  - {name: scratch, mountPath: /tmp}\n"
                          "  - {name: config, mountPath: /etc/app, subPath: app/conf, readOnly: true}")
     + "volumes:\n  - name: scratch\n  - name: config\n    configMap: {name: app}\n"),
    ("resources", container("resources:\n  requests: {cpu: 250m, memory: 64Mi, ephemeral-storage: 1G, "
                            "hugepages-2Mi: 2Mi, example.com/gpu: 1}\n"
                            "  limits: {cpu: '1', memory: 1e9, example.com/gpu: 1, hugepages-2Mi: 2Mi}")),
    ("dns", "dnsPolicy: None\ndnsConfig:\n  nameservers: [1.1.1.1, 8.8.8.8, 9.9.9.9]\n  searches: [a.local]\n"
     "  options: [{name: ndots, value: '2'}, {name: edns0}]\n" + C),
    ("images", "containers:\n  - {name: a, image: 'registry:5000/team/app:1.2'}\n"
     "  - {name: b, image: 'app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'}\n"),
    ("security", "securityContext: {runAsNonRoot: true, runAsUser: 1000}\n"
     + container("securityContext: {allowPrivilegeEscalation: false,\n"
                 "                  capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}")),
    ("root-allowed", container("securityContext: {runAsUser: 0, privileged: true}")),
    ("scheduling", "tolerations:\n  - {operator: Exists}\n  - {key: k, operator: Equal, value: v, effect: NoSchedule}\n"
     "  - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}\n"
     "topologySpreadConstraints:\n"
     "  - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, minDomains: 3}\n"
     "  - {maxSkew: 2, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway}\n" + C),
]


@pytest.mark.parametrize(("case", "spec"), VALID, ids=[c[0] for c in VALID])
@pytest.mark.parametrize("kind", ["Pod", "Deployment", "CronJob"])
def test_valid(case, spec, kind):
    if kind == "CronJob":
        spec = "restartPolicy: OnFailure\n" + spec
    text = wrap(kind, spec) + "---\nkind: Service\nmetadata: {name: web}\nspec: {clusterIP: None}\n"
    assert texts_at(text, run(text)) == []


@pytest.mark.parametrize("kind", KINDS)
def test_rules_apply_in_every_workload(kind):
    spec = ("hostNetwork: true\ndnsPolicy: ClusterFirst\n"
            + container("ports: [{name: Web, containerPort: 80}]\nresources: {limits: {memory: 1K}}"))
    found = {f.rule for f in run(wrap(kind, spec))}
    assert {"host-network-dns-policy", "port-name", "quantity-syntax"} <= found


def test_image_missing_is_an_error_in_templates_and_a_blank_one_a_warning():
    """validateContainerCommon requires an image in templates too; only a Pod's image may not be
    blank (validateContainerOnlyForPod), so a blank one in a template is its Pods' refusal."""
    [pod] = [f for f in run(wrap("Pod", "containers: [{name: a}]\n")) if f.rule == "image-missing"]
    [template] = [f for f in run(wrap("Deployment", "containers: [{name: a}]\n")) if f.rule == "image-missing"]
    [blank] = [f for f in run(wrap("Deployment", "containers: [{name: a, image: ' '}]\n")) if f.rule == "image-missing"]
    assert (pod.severity, template.severity, blank.severity) == (Severity.ERROR, Severity.ERROR, Severity.WARNING)


def test_host_network_without_dns_policy_is_a_hint():
    [hint] = run(wrap("Pod", "hostNetwork: true\n" + C))
    assert hint.rule == "host-network-dns-policy" and hint.severity == Severity.HINT


def test_statefulset_claim_templates_are_volumes():
    text = wrap("StatefulSet", container("volumeMounts: [{name: data, mountPath: /d}]"))
    text += "  volumeClaimTemplates:\n  - metadata: {name: data}\n    spec: {accessModes: [ReadWriteOnce]}\n"
    assert [f.rule for f in run(text)] == []


SELECTOR = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: d}}\nspec:\n  selector:\n    {selector}\n"
            "  template:\n    metadata:\n      labels: {{app: web, tier: front}}\n    spec:\n"
            "      containers: [{{name: a, image: a:1}}]\n")


@pytest.mark.parametrize(("selector", "ok"), [
    ("matchLabels: {app: web}", True),
    ("matchLabels: {app: api}", False),
    ("matchLabels: {app: web, version: v1}", False),
    ("matchExpressions: [{key: tier, operator: In, values: [front, back]}]", True),
    ("matchExpressions: [{key: tier, operator: NotIn, values: [front]}]", False),
    ("matchExpressions: [{key: canary, operator: DoesNotExist}]", True),
    ("matchExpressions: [{key: canary, operator: Exists}]", False),
])
def test_selector_must_match_template_labels(selector, ok):
    rules = [f.rule for f in run(SELECTOR.format(selector=selector))]
    assert rules == ([] if ok else ["selector-mismatch"])


def test_label_and_annotation_syntax():
    text = wrap("Pod", C).replace("metadata:\n  name: p\n", "metadata:\n  name: p\n  labels:\n"
                                  "    app.kubernetes.io/name: web\n    bad key: x\n    ok: 'has space'\n"
                                  "  annotations:\n    example.com/note: 'anything goes: here'\n    -bad: x\n")
    assert sorted(texts_at(text, run(text))) == sorted([("label-syntax", "-bad"), ("label-syntax", "bad key"),
                                                        ("label-syntax", "'has space'")])


def test_template_labels_are_checked_too():
    text = SELECTOR.format(selector="matchLabels: {app: web}").replace("tier: front", "tier: Front!")
    assert [f.rule for f in run(text)] == ["label-syntax"]


def test_kubernetes_version_gates_fields_and_rules():
    sidecar = wrap("Pod", "initContainers:\n  - name: s\n    image: s:1\n    restartPolicy: Always\n" + C)
    assert run(sidecar) == []
    old = Settings.model_validate({"kubernetesVersion": "1.27"})
    [hit] = run(sidecar, old)
    assert hit.rule == "unknown-field" and "needs Kubernetes 1.28" in hit.message
    env = wrap("Pod", container("env: [{name: 1PORT, value: x}]"))
    assert run(env) == []
    assert [f.rule for f in run(env, Settings.model_validate({"kubernetesVersion": "v1.31.4"}))] == ["env-name"]


def test_unsupported_kubernetes_version_is_refused():
    from pod_ls.settings import parse_settings

    settings, problem = parse_settings({"kubernetesVersion": "1.12"})
    assert settings.kubernetes_version is None and "1.25 to 1.37" in problem
