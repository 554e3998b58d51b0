"""Container restartPolicy and restartPolicyRules per Kubernetes version: the cases of
TestValidateContainerRestartPolicy (pkg/apis/core/validation/validation_test.go), run at every
version boundary of the gates they depend on (SidecarContainers on from 1.29,
ContainerRestartRules alpha in 1.34 and on from 1.35), with the fields dropDisabledFields
clears (dropContainerRestartRules) accepted with a warning. Each runs in a Pod, a Deployment's
template and a CronJob's."""

from __future__ import annotations

import asyncio

import pytest
import pytest_lsp
from lsp_helpers import SERVER_COMMAND, TIMEOUT, by_code, open_and_wait, prepare
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from validation_table import Case, case_ids, errors, problem
from workloads import wrap

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.findings import Finding, Severity
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.rules.document.syntax import INTERNAL
from pod_ls.settings import Settings

KINDS = ("Pod", "Deployment", "CronJob")
R = "  # <- rejected"
APP = "- name: app\n  image: nginx:1.27\n"
RULE = "  - action: Restart\n    exitCodes: {operator: In, values: [42]}\n"
T = "TestValidateContainerRestartPolicy"
D = "dropContainerRestartRules"
ALL = ("1.28", "1.29", "1.33", "1.34", "1.35", "1.37")


def app(fields: str) -> str:
    return "containers:\n" + APP + fields


def init(fields: str) -> str:
    return "initContainers:\n- name: init\n  image: busybox:1.36\n" + fields + "containers:\n" + APP


def cases(source: str, spec: str, versions: tuple[str, ...] = ("1.35", "1.37")) -> list[Case]:
    """`spec` in each kind at each version; a CronJob's Pods must not restart Always."""
    return [Case(f"{source} ({kind}, {version})",
                 wrap(kind, ("restartPolicy: OnFailure\n" if kind == "CronJob" else "") + spec), version)
            for kind in KINDS for version in versions]


def rules(count: int) -> str:
    return "  restartPolicy: Never\n  restartPolicyRules:\n" + RULE * count


CONTAINERS = [
    *cases(f"{T}/no-restart-policy-and-rules", app(""), ALL),
    *cases(f"{T}/restart-policy-always", app("  restartPolicy: Always\n")),
    *cases(f"{T}/restart-policy-never", app("  restartPolicy: Never\n")),
    *cases(f"{T}/restart-policy-on-failure", app("  restartPolicy: OnFailure\n")),
    *cases(f"{T}/restart-policy-rules", app(rules(1))),
    *cases(f"{T}/invalid container restart policy", app(f"  restartPolicy: invalid{R}\n")),
    *cases(f"{T}/empty container restart policy", app(f"  restartPolicy: ''{R}\n")),
    *cases(f"{T}/missing container restart policy when restart rules are specified",
           app(f"  restartPolicyRules:{R}\n" + RULE)),
    *cases(f"{T}/invalid action", app(rules(0) + f"  - action: invalid{R}\n    exitCodes: {{operator: In}}\n")),
    *cases(f"{T}/empty action", app(rules(0) + f"  - action: ''{R}\n    exitCodes: {{operator: In}}\n")),
    *cases(f"{T}/restart-all-containers, without the RestartAllContainersOnContainerExits gate (alpha)",
           app(rules(0) + f"  - action: RestartAllContainers{R}\n    exitCodes: {{operator: In, values: [1]}}\n")),
    *cases(f"{T}/empty ExitCodes", app(rules(0) + f"  - action: Restart{R}\n")),
    *cases(f"{T}/empty ExitCodes (null)", app(rules(0) + f"  - action: Restart\n    exitCodes:{R}\n")),
    *cases(f"{T}/invalid ExitCodes Operator",
           app(rules(0) + f"  - action: Restart\n    exitCodes:\n      operator: invalid{R}\n")),
    *cases(f"{T}/empty ExitCodes Operator",
           app(rules(0) + f"  - action: Restart\n    exitCodes:\n      operator: ''{R}\n")),
    *cases(f"{T}/restart-policy-rules with too many exit codes",
           app(rules(0) + "  - action: Restart\n    exitCodes:\n      operator: In\n"
               f"      values: [{', '.join(['0'] * 256)}]{R}\n")),
    *cases(f"{T}/restart-policy-rules with too many rules", app(rules(20) + f"  - action: Restart{R}\n"
                                                              "    exitCodes: {operator: In, values: [42]}\n")),
    *cases("validateContainerRestartPolicy/20 rules, the most allowed", app(rules(20))),
    *cases("validateContainerRestartPolicy/255 exit codes, duplicates and 0 are not checked",
           app(rules(0) + "  - action: Restart\n    exitCodes:\n      operator: NotIn\n"
               f"      values: [{', '.join(['0'] * 255)}]\n")),
    *cases("validateContainerRestartPolicy/exit codes may be omitted or empty, and rules may repeat",
           app(rules(0) + "  - {action: Restart, exitCodes: {operator: In}}\n"
               "  - {action: Restart, exitCodes: {operator: NotIn, values: []}}\n" + RULE * 2)),
    *cases("validateContainerRestartPolicy/no rules at all with an explicit empty list",
           app("  restartPolicyRules: []\n")),
    *cases("validateContainers/restartPolicy may not be set for non-init containers",
           app(f"  restartPolicy: OnFailure{R}\n"), ("1.28", "1.29", "1.33")),
    *cases(f"{D}/an app container's restartPolicy is dropped while ContainerRestartRules is off",
           app("  restartPolicy: OnFailure\n"), ("1.34",)),
    *cases(f"{D}/restartPolicyRules are dropped while ContainerRestartRules is off, unvalidated",
           app("  restartPolicyRules:\n  - action: Restart\n"), ("1.34",)),
    *cases(f"{D}/dropped restartPolicyRules are not checked against the schema either",
           app("  restartPolicy: Never\n  restartPolicyRules:\n  - action: Bogus\n    exitCodes: {operator: Maybe}\n"),
           ("1.34",)),
]

INIT = [
    *cases("validateInitContainerRestartPolicy/sidecar containers without restart policy rules",
           init("  restartPolicy: Always\n"), ALL),
    *cases("validateInitContainerRestartPolicy/only Always without ContainerRestartRules (Never)",
           init(f"  restartPolicy: Never{R}\n"), ("1.29", "1.33")),
    *cases("validateInitContainerRestartPolicy/only Always without ContainerRestartRules (OnFailure)",
           init(f"  restartPolicy: OnFailure{R}\n"), ("1.29", "1.33")),
    *cases("validateInitContainerRestartPolicy/any restart policy with ContainerRestartRules (Never)",
           init("  restartPolicy: Never\n")),
    *cases("validateInitContainerRestartPolicy/any restart policy with ContainerRestartRules (OnFailure)",
           init("  restartPolicy: OnFailure\n")),
    *cases(f"{D}/an init container's restartPolicy other than Always is dropped while the gate is off",
           init("  restartPolicy: Never\n"), ("1.34",)),
    *cases("dropDisabledFields/an init container's restartPolicy is dropped while SidecarContainers is off",
           init("  restartPolicy: OnFailure\n"), ("1.28",)),
    *cases(f"{T}/restart policy rules are not supported with restart policy Always without option",
           init(f"  restartPolicy: Always\n  restartPolicyRules:{R}\n" + RULE)),
    *cases(f"{T}/restart policy rules are not supported if no restart policy is set",
           init(f"  restartPolicyRules:{R}\n" + RULE)),
    *cases("validateInitContainerRestartPolicy/restart rules on an init container that is no sidecar",
           init(rules(2))),
    *cases("validateInitContainerRestartPolicy/an init container's rule needs exitCodes",
           init(rules(0) + f"  - action: Restart{R}\n")),
    *cases(f"{D}/a sidecar's restartPolicyRules are dropped while the gate is off, Always is kept",
           init("  restartPolicy: Always\n  restartPolicyRules:\n" + RULE), ("1.34",)),
    *cases("validateInitContainers/a sidecar may have probes and lifecycle hooks",
           init("  restartPolicy: Always\n  readinessProbe: {exec: {command: ['true']}}\n"
                "  lifecycle: {preStop: {sleep: {seconds: 1}}}\n"), ("1.29", "1.34", "1.35", "1.37")),
    *cases("dropDisabledFields+validateInitContainers/the dropped Always leaves no sidecar: its probe is refused",
           init(f"  restartPolicy: Always\n  readinessProbe:{R}\n    exec: {{command: ['true']}}\n"), ("1.28",)),
    *cases("validateInitContainers/an ordinary init container may not have probes",
           init(f"  startupProbe:{R}\n    exec: {{command: ['true']}}\n"), ALL),
]


def ephemeral(fields: str) -> str:
    """A Pod with an ephemeral container (refused on create anyway: the finding must be there too)."""
    return wrap("Pod", "containers:\n" + APP + "ephemeralContainers:\n- name: debug\n  image: busybox:1.36\n" + fields)


EPHEMERAL = [
    Case(f"TestValidateEphemeralContainers/Container uses disallowed field: RestartPolicyRules ({v})",
         ephemeral(f"  restartPolicyRules:{R}\n" + RULE), v) for v in ("1.35", "1.37")]

CASES = CONTAINERS + INIT + EPHEMERAL


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_case(case):
    assert problem(case) is None


def test_the_table_is_balanced():
    rejects = sum(c.rejected_line is not None for c in CASES)
    assert len(CASES) >= 100 and 0.3 < rejects / len(CASES) < 0.7


def findings(text: str, version: str) -> list[Finding]:
    settings = Settings.model_validate({"kubernetesVersion": version})
    return Analyzer("file:///case.yaml").analyse(text, WorkspaceModel(), settings).findings


@pytest.mark.parametrize(("version", "spec", "fields"), [
    ("1.34", app("  restartPolicy: OnFailure\n"), ["restartPolicy"]),
    ("1.34", init("  restartPolicy: Always\n  restartPolicyRules:\n" + RULE), ["restartPolicyRules"]),
    ("1.34", init("  restartPolicy: Never\n"), ["restartPolicy"]),
    ("1.28", init("  restartPolicy: Always\n"), ["restartPolicy"]),
    ("1.35", app(rules(1)), []),
    ("1.29", init("  restartPolicy: Always\n"), []),
    ("1.34", init("  restartPolicy: Always\n"), []),
], ids=["app-1.34", "sidecar-rules-1.34", "init-never-1.34", "sidecar-1.28", "rules-1.35", "sidecar-1.29",
        "sidecar-1.34"])
def test_a_dropped_field_gets_a_warning_on_its_key(version, spec, fields):
    """What the API server drops is accepted, but the user is told it will not take effect."""
    text = wrap("Pod", spec)
    warned = [f for f in findings(text, version) if f.rule == "container-restart-policy-dropped"]
    lines = text.splitlines()
    assert [lines[f.start[0]][f.start[1]:].split(":")[0] for f in warned] == fields
    assert all(f.severity == Severity.WARNING for f in warned)
    assert not errors(Case("dropped", text, version))


@pytest.mark.parametrize("fields", [
    "  restartPolicyRules:\n  - action\n",
    "  restartPolicyRules: {action: Restart}\n",
    "  restartPolicyRules:\n  - action: Restart\n    exitCodes: [1]\n",
    "  restartPolicyRules:\n  - action: Restart\n    exitCodes: {operator: In, values: 5}\n",
    "  restartPolicyRules:\n  -\n",
    "  restartPolicy: {a: b}\n  restartPolicyRules: &r\n" + RULE + "- name: other\n  image: busybox:1\n"
    "  restartPolicy: Never\n  restartPolicyRules: *r\n",
    "  restartPolicy: Never\n  restartPolicyRules:\n  - action: Restart\n\texitCodes:\n",
    "  restartPolicy: Never\r\n  restartPolicyRules:\r\n  - action: Restart\r\n"
    "    exitCodes: {operator: In, values: [ü]}\r\n",
], ids=["scalar-rule", "mapping-not-list", "exit-codes-list", "values-scalar", "null-rule", "anchors",
        "tab", "crlf-non-ascii"])
def test_half_typed_restart_rules_never_raise(fields):
    """Bad input is the normal case: what is no rule list is the schema walk's, never an exception
    (a check that raises is reported as internal-error)."""
    for version in ("1.28", "1.34", "1.35"):
        for spec in (app(fields), init(fields)):
            found = findings(wrap("Pod", spec), version)
            assert INTERNAL.id not in {f.rule for f in found}, found


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND),
                    params=["visual_studio_code", "neovim"])
async def client(lsp_client: LanguageClient, request):
    """VS Code (UTF-16 positions) and Neovim (which offers UTF-8 first)."""
    prepare(lsp_client)
    result = await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities(request.param)))
    lsp_client.position_encoding = result.capabilities.position_encoding or types.PositionEncodingKind.Utf16
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_the_editor_sees_a_sidecars_restart_rules_in_utf16(client: LanguageClient):
    """A sidecar's rule in flow style after a non-ASCII name: the range is in the negotiated units."""
    line = ("  - {name: \"\U0001F600\", image: busybox:1, restartPolicy: Always, "
            "restartPolicyRules: [{action: Restart, exitCodes: {operator: In}}]}")
    text = wrap("Pod", "initContainers:\n" + line[2:] + "\ncontainers:\n" + APP)
    diagnostics = await open_and_wait(client, "file:///tmp/pod-ls-tests/restart.yaml", text)
    found = by_code(diagnostics)["container-restart-policy"]
    row = text.splitlines().index(line)
    before = line[:line.index("restartPolicyRules")]
    column = len(before.encode("utf-16-le")) // 2
    if client.position_encoding == types.PositionEncodingKind.Utf8:
        column = len(before.encode())
    assert [d.range.start for d in found] == [types.Position(line=row, character=column)]
    assert found[0].severity == types.DiagnosticSeverity.Error
