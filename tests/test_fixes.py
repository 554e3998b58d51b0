"""Quick fixes: applying a finding's fix makes the finding go away and keeps the YAML valid;
`# pod-ls: disable=<rule>` silences a rule on its line."""

from __future__ import annotations

import pytest
from fixing import apply_edits
from workloads import wrap

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.findings import Fix
from pod_ls.ide.fixes.quickfix import fitted
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.rules.suppress import suppression_fix
from pod_ls.settings import Settings
from pod_ls.yaml.parse import parse_stream, split_lines

C = "containers:\n  - name: app\n    image: nginx:1.27\n"


def run(text: str):
    return Analyzer("file:///t.yaml").analyse(text, WorkspaceModel(), Settings()).findings


def apply(text: str, fix: Fix) -> str:
    return apply_edits(text, list(fitted(fix, text, split_lines(text)).edits))


def silence(text: str, finding) -> Fix | None:
    return suppression_fix(finding, split_lines(text), parse_stream(text))


CASES = [
    ("probe-success-threshold", "Pod",
     C + "    livenessProbe:\n      exec: {command: [a]}\n      successThreshold: 3\n"),
    ("dns-none-without-config", "Pod", "dnsPolicy: None\n" + C),
    ("dns-none-without-config", "Deployment", "dnsPolicy: None\ndnsConfig:\n  searches: [a.local]\n" + C),
    ("subdomain-headless-service", "Pod", "hostname: h\nsubdomain: web\n" + C),
    ("subdomain-headless-service", "Deployment", "hostname: h\nsubdomain: web\n" + C),
    ("unknown-field", "Pod", C + "    imagePullPolcy: Always\n"),
    ("invalid-value", "Pod", "dnsPolicy: ClusterFirts\n" + C),
    ("wrong-type", "Pod", C + "    env: [{name: A, value: 8080}]\n"),
    ("wrong-type", "Pod", C + "    ports: [{containerPort: '80'}]\n"),
    ("workload-restart-policy", "Job", C),
    ("workload-restart-policy", "Deployment", "restartPolicy: Never\n" + C),
    ("duplicate-name", "Pod", C + "  - name: app\n    image: b:1\n"),
    ("host-network-dns-policy", "Pod", "hostNetwork: true\n" + C),
    ("host-network-dns-policy", "Pod", "hostNetwork: true\ndnsPolicy: ClusterFirst\n" + C),
    ("host-network-port", "Pod",
     "hostNetwork: true\ndnsPolicy: Default\n" + C + "    ports: [{containerPort: 80, hostPort: 81}]\n"),
    ("volume-mount-undeclared", "Pod", C + "    volumeMounts: [{name: dta, mountPath: /d}]\nvolumes: [{name: data}]\n"),
    ("topology-spread", "Pod",
     "topologySpreadConstraints: [{maxSkew: 0, topologyKey: z, whenUnsatisfiable: DoNotSchedule}]\n" + C),
]


@pytest.mark.parametrize(("rule", "kind", "spec"), CASES, ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CASES)])
def test_the_fix_removes_the_finding(rule, kind, spec):
    text = wrap(kind, spec, namespace="shop")
    [finding] = [f for f in run(text) if f.rule == rule]
    assert finding.fixes, f"{rule} offers no fix"
    fixed = apply(text, finding.fixes[0])
    after = run(fixed)
    assert rule not in {f.rule for f in after}, fixed
    assert "yaml-syntax" not in {f.rule for f in after}, fixed


def test_the_created_service_selects_the_pod():
    text = wrap("Deployment", "hostname: h\nsubdomain: web\n" + C, namespace="shop")
    [finding] = [f for f in run(text) if f.rule == "subdomain-headless-service"]
    fixed = apply(text, finding.fixes[0])
    assert fixed.endswith("---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\n"
                          "spec:\n  clusterIP: None\n  selector:\n    app: a\n")


def test_suppression_comment_silences_one_rule_on_its_line():
    text = wrap("Pod", "dnsPolicy: None  # pod-ls: disable=dns-none-without-config\n" + C)
    assert run(text) == []
    other = wrap("Pod", "dnsPolicy: None  # pod-ls: disable=image-tag\n" + C)
    assert [f.rule for f in run(other)] == ["dns-none-without-config"]


def test_suppression_fix_adds_or_extends_the_comment():
    text = wrap("Pod", "dnsPolicy: None\ncontainers:\n  - name: app\n    image: nginx\n")
    findings = run(text)
    assert {f.rule for f in findings} == {"dns-none-without-config", "image-tag"}
    for finding in findings:
        text = apply(text, silence(text, finding))
    assert run(text) == []
    assert "# pod-ls: disable=dns-none-without-config" in text
    assert "# pod-ls: disable=image-tag" in text
    both = wrap("Pod", "hostNetwork: true\ndnsPolicy: ClusterFirst  # pod-ls: disable=image-tag\n" + C)
    [finding] = run(both)
    extended = apply(both, silence(both, finding))
    assert "# pod-ls: disable=image-tag,host-network-dns-policy" in extended
    assert run(extended) == []
