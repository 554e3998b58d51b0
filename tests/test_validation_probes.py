"""Probes, lifecycle hooks and container ports: cases translated from Kubernetes'
pkg/apis/core/validation/validation_test.go (TestValidateProbe, Test_validateProbe,
TestValidateHandler, TestValidatePorts, TestValidateContainers, TestValidateInitContainers),
and from the Go functions themselves where the test table has no YAML-shaped case
(validateSleepAction, validateGRPCAction, validatePodHostNetworkDeps).

A Go case whose field the v1 defaults fill in (an httpGet's path and scheme, a port's
protocol) is accepted here: the API server defaults before it validates.
"""

from __future__ import annotations

import textwrap

import pytest
from validation_table import MARK, Case, case_ids, errors, problem
from workloads import wrap

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.findings import Severity
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.settings import Settings

R = MARK


def app(fields: str = "", name: str = "app") -> str:
    """A containers list with one container carrying `fields` (written at column 0)."""
    return f"containers:\n- name: {name}\n  image: nginx:1.27\n" + textwrap.indent(textwrap.dedent(fields), "  ")


def sidecar(fields: str, name: str = "proxy") -> str:
    """An initContainers list with one sidecar (restartPolicy: Always) carrying `fields`."""
    return (f"initContainers:\n- name: {name}\n  image: envoy:1.30\n  restartPolicy: Always\n"
            + textwrap.indent(textwrap.dedent(fields), "  "))


def init(fields: str, name: str = "init") -> str:
    """An initContainers list with one ordinary init container carrying `fields`."""
    return f"initContainers:\n- name: {name}\n  image: busybox:1.36\n" + textwrap.indent(textwrap.dedent(fields), "  ")


ACCEPT_KINDS = ("Pod", "Deployment", "Job", "PodTemplate")
REJECT_KINDS = ("Pod", "Deployment")


def cases(source: str, spec: str, kinds: tuple[str, ...] | None = None, version: str = "1.37") -> list[Case]:
    """The case in a Pod and in workload templates (more of them for an accepted spec: nothing
    may fire anywhere); a Job's template says restartPolicy: Never."""
    made = []
    for kind in kinds or (REJECT_KINDS if MARK in spec else ACCEPT_KINDS):
        body = "restartPolicy: Never\n" + spec if kind == "Job" else spec
        made.append(Case(f"{source} ({kind})", wrap(kind, body), version))
    return made


EXEC = "exec:\n    command: [echo]\n"

CASES: list[Case] = [
    # TestValidateProbe: each of these fields may be positive; none may be negative.
    *[c for field in ("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold",
                      "failureThreshold")
      for c in cases(f"TestValidateProbe/success {field}=10",
                     app(f"readinessProbe:\n  {EXEC}  {field}: 10\n"))],
    *[c for field in ("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold",
                      "failureThreshold")
      for c in cases(f"TestValidateProbe/error {field}=-10",
                     app(f"readinessProbe:\n  {EXEC}  {field}: -10 {R}\n"))],
    *cases("TestValidateProbe/error no handler",
           app(f"livenessProbe: {R}\n  timeoutSeconds: 10\n  initialDelaySeconds: 10\n")),
    # Test_validateProbe
    *cases("Test_validateProbe/empty probe", app(f"livenessProbe: {{}} {R}\n")),
    *cases("Test_validateProbe/terminationGracePeriodSeconds -1",
           app(f"livenessProbe:\n  {EXEC}  terminationGracePeriodSeconds: -1 {R}\n")),
    *cases("Test_validateProbe/terminationGracePeriodSeconds 0",
           app(f"livenessProbe:\n  {EXEC}  terminationGracePeriodSeconds: 0 {R}\n")),
    *cases("Test_validateProbe/terminationGracePeriodSeconds 1",
           app(f"livenessProbe:\n  {EXEC}  terminationGracePeriodSeconds: 1\n")),
    # TestValidateHandler: success cases
    *cases("TestValidateHandler/success exec echo", app(f"livenessProbe:\n  {EXEC}")),
    *cases("TestValidateHandler/success httpGet port 1",
           app("livenessProbe:\n  httpGet:\n    path: /\n    port: 1\n    scheme: HTTP\n")),
    *cases("TestValidateHandler/success httpGet port 65535 with host",
           app("livenessProbe:\n  httpGet:\n    path: /foo\n    port: 65535\n    host: host\n")),
    *cases("TestValidateHandler/success httpGet named port",
           app("ports:\n- name: port\n  containerPort: 8080\nlivenessProbe:\n  httpGet:\n    path: /\n"
               "    port: port\n")),
    *cases("TestValidateHandler/success header Host",
           app("ports:\n- name: port\n  containerPort: 8080\nreadinessProbe:\n  httpGet:\n    path: /\n"
               "    port: port\n    httpHeaders:\n    - name: Host\n      value: foo.example.com\n")),
    *cases("TestValidateHandler/success header X-Forwarded-For twice",
           app("readinessProbe:\n  httpGet:\n    port: 8080\n    httpHeaders:\n"
               "    - {name: X-Forwarded-For, value: 1.2.3.4}\n    - {name: X-Forwarded-For, value: 5.6.7.8}\n")),
    # TestValidateHandler: error cases
    *cases("TestValidateHandler/error empty handler", app(f"readinessProbe: {R}\n  periodSeconds: 5\n")),
    *cases("TestValidateHandler/error exec with empty command",
           app(f"livenessProbe:\n  exec:\n    command: [] {R}\n")),
    *cases("TestValidateHandler/error httpGet port 0",
           app(f"livenessProbe:\n  httpGet:\n    path: ''\n    port: 0 {R}\n")),
    *cases("TestValidateHandler/error httpGet port 65536",
           app(f"livenessProbe:\n  httpGet:\n    path: /foo\n    port: 65536 {R}\n    host: host\n")),
    *cases("TestValidateHandler/error httpGet empty port name",
           app(f"livenessProbe:\n  httpGet:\n    path: ''\n    port: '' {R}\n")),
    *cases("TestValidateHandler/error header name Host:",
           app(f"readinessProbe:\n  httpGet:\n    path: /\n    port: 8080\n    httpHeaders: {R}\n"
               "    - name: 'Host:'\n      value: foo.example.com\n")),
    *cases("TestValidateHandler/error header name X_Forwarded_For",
           app(f"readinessProbe:\n  httpGet:\n    path: /\n    port: 8080\n    httpHeaders: {R}\n"
               "    - name: X_Forwarded_For\n      value: foo.example.com\n")),
    # ValidatePortNumOrName: a quoted number is a port name, and names follow IANA syntax.
    *cases("ValidatePortNumOrName/quoted number is a name",
           app(f"livenessProbe:\n  tcpSocket:\n    port: '8080' {R}\n")),
    *cases("ValidatePortNumOrName/name with uppercase and underscore",
           app(f"ports:\n- containerPort: 80\nlivenessProbe:\n  tcpSocket:\n    port: Port_80 {R}\n")),
    # validateGRPCAction: a port number in range.
    *cases("validateGRPCAction/port 50051", app("livenessProbe:\n  grpc:\n    port: 50051\n")),
    *cases("validateGRPCAction/port 0", app(f"livenessProbe:\n  grpc:\n    port: 0 {R}\n")),
    *cases("validateGRPCAction/port 65536", app(f"readinessProbe:\n  grpc:\n    port: 65536 {R}\n")),
    # TestValidatePorts
    *cases("TestValidatePorts/success case",
           app("ports:\n- {name: abc, containerPort: 80, hostPort: 80, protocol: TCP}\n"
               "- {name: easy, containerPort: 82, protocol: TCP}\n- {name: as, containerPort: 83, protocol: UDP}\n"
               "- {name: do-re-me, containerPort: 84, protocol: SCTP}\n- {containerPort: 85, protocol: TCP}\n")),
    *cases("TestValidatePorts/non-canonical case", app("ports:\n- containerPort: 80\n  protocol: TCP\n")),
    *cases("TestValidatePorts/protocol required (defaulted to TCP)", app("ports:\n- name: abc\n  containerPort: 80\n")),
    *cases("TestValidatePorts/name > 15 characters",
           app(f"ports:\n- name: {'a' * 16} {R}\n  containerPort: 80\n")),
    *cases("TestValidatePorts/name contains invalid characters",
           app(f"ports:\n- name: a.b.c {R}\n  containerPort: 80\n")),
    *cases("TestValidatePorts/name is a number", app(f"ports:\n- name: '80' {R}\n  containerPort: 80\n")),
    *cases("TestValidatePorts/name not unique",
           app(f"ports:\n- name: abc\n  containerPort: 80\n- name: abc {R}\n  containerPort: 81\n")),
    *cases("TestValidatePorts/zero container port", app(f"ports:\n- containerPort: 0 {R}\n")),
    *cases("TestValidatePorts/invalid container port", app(f"ports:\n- containerPort: 65536 {R}\n")),
    *cases("TestValidatePorts/invalid host port", app(f"ports:\n- containerPort: 80\n  hostPort: 65536 {R}\n")),
    *cases("TestValidatePorts/invalid protocol case", app(f"ports:\n- containerPort: 80\n  protocol: tcp {R}\n")),
    *cases("TestValidatePorts/invalid protocol", app(f"ports:\n- containerPort: 80\n  protocol: ICMP {R}\n")),
    # TestValidateContainers: success cases
    *cases("TestValidateContainers/success life-123 preStop exec",
           app("lifecycle:\n  preStop:\n    exec:\n      command: [ls, -l]\n", name="life-123")),
    *cases("TestValidateContainers/success live-123 liveness tcpSocket",
           app("livenessProbe:\n  tcpSocket:\n    port: 80\n  successThreshold: 1\n", name="live-123")),
    *cases("TestValidateContainers/success startup-123 startup tcpSocket",
           app("startupProbe:\n  tcpSocket:\n    port: 80\n  successThreshold: 1\n", name="startup-123")),
    *cases("TestValidateContainers/success same-host-port-different-protocol",
           app("ports:\n- {containerPort: 80, hostPort: 80, protocol: TCP}\n"
               "- {containerPort: 80, hostPort: 80, protocol: UDP}\n")),
    *cases("TestValidateContainers/invalid lifecycle, no http path. (path defaults to /)",
           app("lifecycle:\n  preStop:\n    httpGet:\n      port: 80\n      scheme: HTTP\n")),
    *cases("TestValidateContainers/invalid lifecycle, no http scheme. (scheme defaults to HTTP)",
           app("lifecycle:\n  preStop:\n    httpGet:\n      path: /\n      port: 80\n")),
    # TestValidateContainers: error cases
    *cases("TestValidateContainers/host port not unique",
           app("ports:\n- {containerPort: 80, hostPort: 80, protocol: TCP}\n")
           + f"- name: def\n  image: nginx:1.27\n  ports:\n  - containerPort: 81\n    hostPort: 80 {R}\n"),
    *cases("TestValidateContainers/invalid lifecycle, no exec command.",
           app(f"lifecycle:\n  preStop:\n    exec: {{}} {R}\n")),
    *cases("TestValidateContainers/invalid lifecycle, no http port.",
           app(f"lifecycle:\n  preStop:\n    httpGet: {R}\n      path: /\n      scheme: HTTP\n")),
    *cases("TestValidateContainers/invalid lifecycle, no tcp socket port.",
           app(f"lifecycle:\n  preStop:\n    tcpSocket: {{}} {R}\n")),
    *cases("TestValidateContainers/invalid lifecycle, zero tcp socket port.",
           app(f"lifecycle:\n  preStop:\n    tcpSocket:\n      port: 0 {R}\n")),
    *cases("TestValidateContainers/invalid lifecycle, no action.", app(f"lifecycle:\n  preStop: {{}} {R}\n")),
    *cases("TestValidateContainers/invalid readiness probe, terminationGracePeriodSeconds set.",
           app(f"readinessProbe:\n  tcpSocket:\n    port: 80\n  terminationGracePeriodSeconds: 10 {R}\n")),
    *cases("TestValidateContainers/invalid liveness probe, no tcp socket port.",
           app(f"livenessProbe:\n  tcpSocket: {{}} {R}\n  successThreshold: 1\n")),
    *cases("TestValidateContainers/invalid liveness probe, no action.",
           app(f"livenessProbe: {R}\n  successThreshold: 1\n")),
    *cases("TestValidateContainers/invalid liveness probe, successThreshold != 1",
           app(f"livenessProbe:\n  tcpSocket:\n    port: 80\n  successThreshold: 2 {R}\n")),
    *cases("TestValidateContainers/invalid startup probe, successThreshold != 1",
           app(f"startupProbe:\n  tcpSocket:\n    port: 80\n  successThreshold: 2 {R}\n")),
    *cases("TestValidateContainers/invalid liveness probe, negative numbers",
           app(f"livenessProbe:\n  tcpSocket:\n    port: 80\n  initialDelaySeconds: -1 {R}\n  timeoutSeconds: -1\n"
               "  periodSeconds: -1\n  successThreshold: -1\n  failureThreshold: -1\n"
               "  terminationGracePeriodSeconds: -1\n")),
    *cases("TestValidateContainers/invalid readiness probe, negative numbers",
           app(f"readinessProbe:\n  tcpSocket:\n    port: 80\n  initialDelaySeconds: -1\n  timeoutSeconds: -1\n"
               f"  periodSeconds: -1\n  successThreshold: -1\n  failureThreshold: -1 {R}\n")),
    *cases("TestValidateContainers/invalid startup probe, negative numbers",
           app(f"startupProbe:\n  tcpSocket:\n    port: 80\n  periodSeconds: -1 {R}\n")),
    # TestValidateInitContainers
    *cases("TestValidateInitContainers/success same host port in two init containers",
           "initContainers:\n" + "".join(
               f"- name: container-{n}\n  image: busybox:1.36\n  ports:\n"
               "  - {containerPort: 80, hostPort: 80, protocol: TCP}\n"
               "  - {containerPort: 80, hostPort: 80, protocol: UDP}\n" for n in (1, 2))
           + app(), kinds=("Pod", "Deployment", "Job")),
    *cases("TestValidateInitContainers/success restart-always with lifecycle hook and probes",
           sidecar("lifecycle:\n  postStart:\n    exec:\n      command: [echo, post start]\n"
                   "  preStop:\n    exec:\n      command: [echo, pre stop]\n"
                   "livenessProbe:\n  tcpSocket:\n    port: 80\n  successThreshold: 1\n"
                   "readinessProbe:\n  tcpSocket:\n    port: 80\n"
                   "startupProbe:\n  tcpSocket:\n    port: 80\n  successThreshold: 1\n") + app(),
           kinds=("Pod", "Deployment", "Job")),
    *cases("TestValidateInitContainers/duplicate ports",
           init(f"ports:\n- {{containerPort: 8080, hostPort: 8080, protocol: TCP}}\n"
                f"- containerPort: 8080\n  hostPort: 8080 {R}\n  protocol: TCP\n") + app(),
           kinds=("Pod", "Deployment", "Job")),
    *cases("TestValidateInitContainers/uses disallowed field: Lifecycle",
           init(f"lifecycle: {R}\n  preStop:\n    exec:\n      command: [ls, -l]\n") + app()),
    *cases("TestValidateInitContainers/uses disallowed field: LivenessProbe",
           init(f"livenessProbe: {R}\n  tcpSocket:\n    port: 80\n  successThreshold: 1\n") + app()),
    *cases("TestValidateInitContainers/uses disallowed field: ReadinessProbe",
           init(f"readinessProbe: {R}\n  tcpSocket:\n    port: 80\n") + app()),
    *cases("TestValidateInitContainers/Disallowed field with other errors should only return a single Forbidden",
           init(f"startupProbe: {R}\n  tcpSocket:\n    port: 80\n  initialDelaySeconds: -1\n"
                "  terminationGracePeriodSeconds: -1\n") + app()),
    *cases("TestValidateInitContainers/invalid startup probe in restartable container, successThreshold != 1",
           sidecar(f"startupProbe:\n  tcpSocket:\n    port: 80\n  successThreshold: 2 {R}\n") + app(),
           kinds=("Pod", "Job")),
    *cases("TestValidateInitContainers/invalid readiness probe, terminationGracePeriodSeconds set.",
           sidecar(f"readinessProbe:\n  tcpSocket:\n    port: 80\n  terminationGracePeriodSeconds: 10 {R}\n") + app()),
    *cases("TestValidateInitContainers/invalid lifecycle, no exec command.",
           sidecar(f"lifecycle:\n  preStop:\n    exec: {{}} {R}\n") + app()),
    *cases("TestValidateInitContainers/invalid lifecycle, zero tcp socket port.",
           sidecar(f"lifecycle:\n  preStop:\n    tcpSocket:\n      port: 0 {R}\n") + app()),
    *cases("TestValidateInitContainers/invalid lifecycle, no action.",
           sidecar(f"lifecycle:\n  preStop: {{}} {R}\n") + app()),
    # validateLifecycle and validateHandler on hooks: one handler at most.
    *cases("validateHandler/hook with two handlers",
           app(f"lifecycle:\n  postStart:\n    exec:\n      command: [a]\n    tcpSocket: {R}\n      port: 80\n")),
    *cases("validateHandler/hook sleep", app("lifecycle:\n  preStop:\n    sleep:\n      seconds: 5\n")),
    *cases("validateHandler/the later handler in the API's order is the forbidden one",
           app(f"readinessProbe:\n  tcpSocket: {R}\n    port: 80\n  exec:\n    command: [a]\n")),
    # validateSleepAction: 0 (from 1.33) or more, up to the Pod's grace period (30 by default).
    *cases("validateSleepAction/negative seconds",
           app(f"lifecycle:\n  preStop:\n    sleep: {R}\n      seconds: -1\n")),
    *cases("validateSleepAction/longer than the default grace period",
           app(f"lifecycle:\n  preStop:\n    sleep: {R}\n      seconds: 31\n")),
    *cases("validateSleepAction/longer than terminationGracePeriodSeconds",
           "terminationGracePeriodSeconds: 3\n" + app(f"lifecycle:\n  preStop:\n    sleep: {R}\n      seconds: 5\n")),
    *cases("validateSleepAction/as long as terminationGracePeriodSeconds",
           "terminationGracePeriodSeconds: 60\n" + app("lifecycle:\n  preStop:\n    sleep:\n      seconds: 60\n")),
    *cases("validateSleepAction/a null grace period is defaulted to 30",
           "terminationGracePeriodSeconds: null\n" + app("lifecycle:\n  preStop:\n    sleep:\n      seconds: 20\n")),
    *cases("validateSleepAction/zero grace period, zero sleep",
           "terminationGracePeriodSeconds: 0\n" + app("lifecycle:\n  preStop:\n    sleep:\n      seconds: 0\n")),
    *cases("validateSleepAction/zero grace period, one second of sleep",
           "terminationGracePeriodSeconds: 0\n" + app(f"lifecycle:\n  preStop:\n    sleep: {R}\n      seconds: 1\n")),
    *cases("validateSleepAction/zero seconds before 1.33",
           app(f"lifecycle:\n  preStop:\n    sleep: {R}\n      seconds: 0\n"), version="1.32"),
    *cases("validateSleepAction/zero seconds from 1.33",
           app("lifecycle:\n  preStop:\n    sleep:\n      seconds: 0\n"), version="1.33"),
    # validatePodHostNetworkDeps: app containers only, and 0 in templates is defaulted later.
    *cases("validatePodHostNetworkDeps/hostPort differs from containerPort",
           "hostNetwork: true\ndnsPolicy: ClusterFirstWithHostNet\n"
           + app(f"ports:\n- containerPort: 80\n  hostPort: 8080 {R}\n")),
    *cases("validatePodHostNetworkDeps/hostPort unset",
           "hostNetwork: true\ndnsPolicy: ClusterFirstWithHostNet\n" + app("ports:\n- containerPort: 80\n")),
    *cases("validatePodHostNetworkDeps/init containers are not checked",
           "hostNetwork: true\ndnsPolicy: ClusterFirstWithHostNet\n"
           + init("ports:\n- containerPort: 80\n  hostPort: 8080\n") + app()),
    # The API server does not resolve port names: an undeclared one only fails at run time.
    *cases("ValidatePortNumOrName/undeclared named port is accepted",
           app("livenessProbe:\n  httpGet:\n    path: /healthz\n    port: metrics\n")),
    *cases("ValidatePortNumOrName/undeclared port number is accepted",
           app("ports:\n- containerPort: 80\nreadinessProbe:\n  httpGet:\n    path: /ready\n    port: 9090\n")),
]


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_validation_table(case):
    assert problem(case) is None


def test_the_table_is_balanced():
    rejects = sum(c.rejected_line is not None for c in CASES)
    assert len(CASES) >= 80 and abs(2 * rejects - len(CASES)) <= len(CASES) // 5


def _findings(text: str, version: str = "1.37"):
    settings = Settings.model_validate({"kubernetesVersion": version})
    return Analyzer("file:///t.yaml").analyse(text, WorkspaceModel(), settings).findings


def _on(text: str, finding) -> str:
    return text.splitlines()[finding.start[0]][finding.start[1]:finding.end[1]]


def test_numeric_probe_ports_are_never_checked_against_declared_ports():
    text = wrap("Pod", app("ports:\n- containerPort: 80\nlivenessProbe:\n  tcpSocket:\n    port: 8081\n"))
    assert [f for f in _findings(text) if f.rule == "probe-port-not-declared"] == []


def test_a_named_port_must_be_declared_by_the_probed_container():
    spec = (app("livenessProbe:\n  httpGet:\n    path: /\n    port: admin\n")
            + "- name: other\n  image: nginx:1.27\n  ports:\n  - {name: admin, containerPort: 9901}\n")
    text = wrap("Deployment", spec)
    [hit] = [f for f in _findings(text) if f.rule == "probe-port-not-declared"]
    assert (_on(text, hit), hit.severity) == ("admin", Severity.WARNING)


def test_an_invalid_port_name_is_an_error_not_a_warning():
    text = wrap("Pod", app("livenessProbe:\n  tcpSocket:\n    port: Admin\n"))
    assert [(f.rule, f.severity, _on(text, f)) for f in _findings(text)] == [
        ("handler-action", Severity.ERROR, "Admin")]


def test_stop_signal_needs_the_pod_os():
    text = wrap("Pod", app("lifecycle:\n  stopSignal: SIGUSR1\n"))
    [hit] = [f for f in _findings(text) if f.rule == "lifecycle-stop-signal"]
    assert (_on(text, hit), hit.severity) == ("stopSignal", Severity.WARNING)
    linux = wrap("Pod", "os: {name: linux}\n" + app("lifecycle:\n  stopSignal: SIGUSR1\n"))
    assert not [f for f in _findings(linux) if f.rule == "lifecycle-stop-signal"]


def test_a_windows_pod_may_stop_only_with_sigterm_or_sigkill():
    text = wrap("Pod", "os: {name: windows}\n" + app("lifecycle:\n  stopSignal: SIGINT\n"))
    [hit] = [f for f in _findings(text) if f.rule == "lifecycle-stop-signal"]
    assert _on(text, hit) == "SIGINT"
    ok = wrap("Pod", "os: {name: windows}\n" + app("lifecycle:\n  stopSignal: SIGKILL\n"))
    assert not [f for f in _findings(ok) if f.rule == "lifecycle-stop-signal"]


def test_duplicate_defaulted_host_ports_only_warn_in_templates_since_1_28():
    spec = ("hostNetwork: true\ndnsPolicy: ClusterFirstWithHostNet\n"
            + app("ports:\n- containerPort: 80\n") + "- name: b\n  image: b:1\n  ports:\n  - containerPort: 80\n")
    severities = {(kind, version): [f.severity for f in _findings(wrap(kind, spec), version)
                                    if f.rule == "duplicate-host-port"]
                  for kind in ("Pod", "Deployment") for version in ("1.27", "1.28")}
    assert severities == {("Pod", "1.27"): [Severity.ERROR], ("Pod", "1.28"): [Severity.ERROR],
                          ("Deployment", "1.27"): [Severity.ERROR], ("Deployment", "1.28"): [Severity.WARNING]}


def test_sleep_lands_on_the_sleep_key():
    text = wrap("Pod", app("lifecycle:\n  preStop:\n    sleep: {seconds: 90}\n"))
    [hit] = errors(Case("sleep", text))
    assert (hit.rule, _on(text, hit)) == ("lifecycle-hook", "sleep")
