"""spec.hostnameOverride (KEP 4762), as the API server treats it in each version.

The checks are validatePodHostName in pkg/apis/core/validation/validation.go, called by
ValidatePodSpec for Pods and every pod template: nothing for a nil field; Forbidden with
setHostnameAsFQDN: true and with hostNetwork: true; TooLong past 64 bytes; then
ValidateDNS1123Subdomain. The e2e test "Override hostname of Pod" (test/e2e/node, package
node) creates Pods with the field; its cases are here by their It text. Before 1.35 the
HostnameOverride gate is off by default and dropDisabledPodFields (pkg/api/pod/util.go) sets the
field to nil first: in 1.34 nothing about it is an error, only the schema walk's `field-dropped`;
1.33 does not know the field.

Each case runs in a Pod and in the templates of a Deployment, a Job and a CronJob (the last two
with restartPolicy: Never), at 1.35 and at the latest version; accepted cases in a StatefulSet's
template too. A StatefulSet's pod template is not validated on create
(ValidatePodTemplateSpecForStatefulSet), so there a rejection is a warning that its Pods will be
refused: `test_a_statefulset_template_is_warned`."""

from __future__ import annotations

import pytest
from validation_table import MARK, Case, case_ids, problem
from workloads import wrap

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.findings import Severity
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.settings import Settings

R = MARK
C = "containers: [{name: c, image: 'nginx:1.27'}]\n"
KINDS = ("Pod", "Deployment", "StatefulSet", "Job", "CronJob")
REJECT_KINDS = ("Pod", "Deployment", "Job", "CronJob")
ON = ("1.35", "1.37")
"""HostnameOverride beta, on by default, and the latest version pod-ls knows."""
E2E = "e2e Override hostname of Pod"
GO = "validatePodHostName"


def pod_spec(kind: str, spec: str) -> str:
    body = spec + C
    return "restartPolicy: Never\n" + body if kind in ("Job", "CronJob") else body


def cases(source: str, spec: str, versions: tuple[str, ...] = ON) -> list[Case]:
    kinds = REJECT_KINDS if MARK in spec else KINDS
    return [Case(f"{source} ({kind}, {version})", wrap(kind, pod_spec(kind, spec)), version)
            for version in versions for kind in kinds]


LABEL_63 = "a" * 63
CASES = [
    # Accepted
    *cases(f"{E2E}/a pod has hostnameOverride field with value that is a valid DNS subdomain",
           "hostnameOverride: override.example.host\n"),
    *cases(f"{E2E}/a pod with hostname and hostnameOverride fields will have hostnameOverride as hostname",
           "hostname: custom-host\nhostnameOverride: override-host\n"),
    *cases(f"{E2E}/a pod with only hostnameOverride field will have hostnameOverride as hostname",
           "hostnameOverride: override-host\n"),
    *cases(f"{E2E}/a pod with subdomain and hostnameOverride fields will have hostnameOverride as hostname",
           "subdomain: t\nhostnameOverride: override-host\n"),
    *cases(f"{GO}/exactly 64 characters (TooLong is past 64)", f"hostnameOverride: {'a' * 64}\n"),
    *cases(f"{GO}/64 characters of dotted labels", f"hostnameOverride: {'b' * 31}.{'c' * 32}\n"),
    *cases(f"{GO}/a FQDN with digits and dashes", "hostnameOverride: web-0.db-1.example.com\n"),
    *cases(f"{GO}/setHostnameAsFQDN false is no conflict",
           "hostname: web\nsubdomain: svc\nsetHostnameAsFQDN: false\nhostnameOverride: web.svc.example.com\n"),
    *cases(f"{GO}/hostNetwork false is no conflict", "hostNetwork: false\nhostnameOverride: override-host\n"),
    *cases(f"{GO}/a nil hostnameOverride is not validated",
           "hostNetwork: true\ndnsPolicy: ClusterFirstWithHostNet\nsetHostnameAsFQDN: true\n"
           "hostname: web\nsubdomain: svc\nhostnameOverride: null\n"),
    *cases(f"{GO}/setHostnameAsFQDN without hostnameOverride",
           "hostname: web\nsubdomain: svc\nsetHostnameAsFQDN: true\n"),
    # Rejected
    *cases(f"{E2E}/a pod with setHostnameAsFQDN and hostnameOverride fields will fail to be created",
           f"setHostnameAsFQDN: true\nhostnameOverride: override-host  {R}\n"),
    *cases(f"{E2E}/a pod with hostNetwork and hostnameOverride fields will fail to be created",
           f"hostNetwork: true\ndnsPolicy: ClusterFirstWithHostNet\nhostnameOverride: override-host  {R}\n"),
    *cases(f"{E2E}/a pod with non-RFC1123 subdomain string for hostnameOverride field will fail to be created",
           f"hostNetwork: false\nhostnameOverride: Not-RFC1123  {R}\n"),
    *cases(f"{GO}/65 characters", f"hostnameOverride: {'a' * 65}  {R}\n"),
    *cases(f"{GO}/65 characters of valid labels", f"hostnameOverride: {LABEL_63}.b  {R}\n"),
    *cases(f"{GO}/an empty string is not nil", f"hostnameOverride: ''  {R}\n"),
    *cases(f"{GO}/an underscore", f"hostnameOverride: my_host  {R}\n"),
    *cases(f"{GO}/a trailing dot", f"hostnameOverride: host.example.com.  {R}\n"),
    *cases(f"{GO}/a label starting with a dash", f"hostnameOverride: host.-bad  {R}\n"),
    *cases(f"{GO}/an empty string with setHostnameAsFQDN",
           f"setHostnameAsFQDN: true\nhostnameOverride: ''  {R}\n"),
    # 1.34: the gate is off by default, the API server drops the field before validating it
    *cases(f"dropDisabledPodFields/{E2E}/setHostnameAsFQDN and hostnameOverride, gate off",
           "setHostnameAsFQDN: true\nhostnameOverride: override-host\n", ("1.34",)),
    *cases(f"dropDisabledPodFields/{E2E}/hostNetwork and hostnameOverride, gate off",
           "hostNetwork: true\ndnsPolicy: ClusterFirstWithHostNet\nhostnameOverride: override-host\n", ("1.34",)),
    *cases(f"dropDisabledPodFields/{E2E}/non-RFC1123 hostnameOverride, gate off",
           "hostnameOverride: Not-RFC1123\n", ("1.34",)),
    *cases(f"dropDisabledPodFields/{GO}/65 characters, gate off", f"hostnameOverride: {'a' * 65}\n", ("1.34",)),
    # 1.33: the schema has no such field
    *cases("schema/hostnameOverride needs 1.34", f"hostnameOverride: override-host  {R}\n", ("1.33",)),
]


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_case(case):
    assert problem(case) is None


def test_the_table_is_balanced():
    rejects = sum(c.rejected_line is not None for c in CASES)
    assert len(CASES) >= 200 and 0.35 < rejects / len(CASES) < 0.65


def findings(kind: str, spec: str, version: str):
    settings = Settings.model_validate({"kubernetesVersion": version})
    text = wrap(kind, pod_spec(kind, spec))
    lines = text.splitlines()
    return [(f.rule, f.severity, lines[f.start[0]][f.start[1]:f.end[1]], f.message)
            for f in Analyzer("file:///t.yaml").analyse(text, WorkspaceModel(), settings).findings
            if "hostname" in f.rule or f.rule in ("pod-names", "field-dropped")]


@pytest.mark.parametrize("kind", KINDS)
def test_version_134_warns_that_the_field_is_dropped(kind):
    [(rule, severity, at, message)] = findings(kind, "setHostnameAsFQDN: true\nhostnameOverride: Bad_Name\n", "1.34")
    assert (rule, severity, at) == ("field-dropped", Severity.WARNING, "hostnameOverride")
    assert "drops hostnameOverride" in message and "1.34" in message


@pytest.mark.parametrize("version", ["1.34", "1.35", "1.37"])
def test_a_null_field_is_nothing(version):
    assert findings("Pod", "hostnameOverride: null\nsetHostnameAsFQDN: true\n", version) == []


@pytest.mark.parametrize("version", ON)
def test_each_rejection_names_its_rule_and_place(version):
    found = findings("Pod", f"hostNetwork: true\nsetHostnameAsFQDN: true\nhostnameOverride: {'X' * 65}\n", version)
    assert [(rule, at) for rule, _, at, _ in found] == [
        ("hostname-override-conflict", "hostnameOverride"), ("hostname-override-conflict", "hostnameOverride"),
        ("pod-names", "X" * 65), ("pod-names", "X" * 65)]
    messages = [message for *_, message in found]
    assert "setHostnameAsFQDN is true" in messages[0] and "hostNetwork is true" in messages[1]
    assert "at most 64 characters (it has 65)" in messages[2] and "lowercase" in messages[3]
    assert all(severity == Severity.ERROR for _, severity, _, _ in found)


def test_a_conflict_points_at_the_other_field():
    text = wrap("Pod", "setHostnameAsFQDN: true\nhostnameOverride: override-host\n" + C)
    [finding] = [f for f in Analyzer("file:///t.yaml").analyse(text, WorkspaceModel(), Settings()).findings
                 if f.rule == "hostname-override-conflict"]
    [related] = finding.related
    assert text.splitlines()[related.start[0]].strip().startswith("setHostnameAsFQDN")


def test_too_long_counts_bytes_as_the_api_server_does():
    found = findings("Pod", f"hostnameOverride: '{'é' * 40}'\n", "1.37")
    assert [message for *_, message in found][0].endswith("(it has 80 bytes)")


@pytest.mark.parametrize("version", ON)
def test_a_statefulset_template_is_warned(version):
    found = findings("StatefulSet", "hostNetwork: true\nhostnameOverride: Not-RFC1123\n", version)
    assert [(rule, severity) for rule, severity, _, _ in found] == [
        ("hostname-override-conflict", Severity.WARNING), ("pod-names", Severity.WARNING)]
    assert all("its Pods will be refused" in message for *_, message in found)
