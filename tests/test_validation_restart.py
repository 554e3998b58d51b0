"""Container restartPolicy and restartPolicyRules per Kubernetes version: the cases of
TestValidateContainerRestartPolicy (pkg/apis/core/validation/validation_test.go), run at every
version boundary of the gates they depend on (SidecarContainers on from 1.29,
ContainerRestartRules alpha in 1.34 and on from 1.35), with the fields dropDisabledFields
clears (dropContainerRestartRules) accepted with a warning. Each runs in a Pod, a Deployment's
template and a CronJob's."""

from __future__ import annotations

import pytest
from validation_table import Case, case_ids, errors, problem
from workloads import wrap

from pod_ls.findings import Severity

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
    from pod_ls.analysis.analyzer import Analyzer
    from pod_ls.kube.links.workspace_model import WorkspaceModel
    from pod_ls.settings import Settings

    text = wrap("Pod", spec)
    settings = Settings.model_validate({"kubernetesVersion": version})
    found = Analyzer("file:///case.yaml").analyse(text, WorkspaceModel(), settings).findings
    warned = [f for f in found if f.rule == "container-restart-policy-dropped"]
    lines = text.splitlines()
    assert [lines[f.start[0]][f.start[1]:].split(":")[0] for f in warned] == fields
    assert all(f.severity == Severity.WARNING for f in warned)
    assert not errors(Case("dropped", text, version))
