"""The other pod spec tests of pkg/apis/core/validation/validation_test.go whose case names no
table held, found beside the ones tests/test_validation_gocover.py translates: TestValidateResizePolicy,
TestValidateWindowsPodSecurityContext, TestValidateWindowsSecurityContext, TestValidateWindowsHostProcessPod's
ephemeral containers, TestValidateSchedulingGates,
TestValidateSELinuxChangePolicy, TestValidatePodReadinessGates, the seccomp annotation tests,
TestValidateDynamicResourceAllocation, TestValidateSleepAction, TestValidatePodDNSConfigWithRelaxedSearchDomain,
the supplementalGroupsPolicy tests, TestValidateTopologySpreadConstraints and TestValidateOverhead.
Where the Go test sets a feature gate, the case runs at a version where the gate has that state by
default."""

from __future__ import annotations

import pytest
from test_validation_audit import C, R, cases
from test_validation_gocover import container
from test_validation_podspec import ephemeral
from test_validation_security import (
    CONTAINER_SECCOMP_KEY,
    POD_SECCOMP_KEY,
    annotated_cases,
    container_seccomp,
    pod_seccomp,
)
from validation_table import Case, case_ids, problem

TR = "TestValidateResizePolicy"
ALWAYS = ("Pod", "Deployment")
"""Where the pod's restartPolicy is Always, which every container resize policy allows."""
CPU_NOT_REQUIRED = "{resourceName: cpu, restartPolicy: NotRequired}"
MEMORY_NOT_REQUIRED = "{resourceName: memory, restartPolicy: NotRequired}"


def resize(*entries: str, restart: str = "") -> str:
    """A pod spec whose container carries these resizePolicy entries (one per line)."""
    return restart + container("resizePolicy:\n" + "".join(f"- {entry}\n" for entry in entries))


RESIZE = [
    *cases(f"{TR}/ValidCPUandMemoryPolicies",
           resize(CPU_NOT_REQUIRED, "{resourceName: memory, restartPolicy: RestartContainer}"), ALWAYS),
    *cases(f"{TR}/ValidCPUPolicy", resize("{resourceName: cpu, restartPolicy: RestartContainer}"), ALWAYS),
    *cases(f"{TR}/NoPolicy", container("resizePolicy: []")),
    *cases(f"{TR}/ValidCPUandInvalidMemoryPolicy",
           resize(CPU_NOT_REQUIRED, f"{{resourceName: memory, restartPolicy: Restarrrt}}{R}"), ALWAYS),
    *cases(f"{TR}/ValidMemoryandInvalidCPUPolicy",
           resize(f"{{resourceName: cpu, restartPolicy: RestartNotRequirrred}}{R}",
                  "{resourceName: memory, restartPolicy: RestartContainer}"), ALWAYS),
    *cases(f"{TR}/InvalidResourceNameValidPolicy", resize(f"{{resourceName: cpuuu, restartPolicy: NotRequired}}{R}")),
    *cases(f"{TR}/ValidResourceNameMissingPolicy", resize(f"{{resourceName: memory, restartPolicy: ''}}{R}")),
    *cases(f"{TR}/RepeatedPolicies", resize(CPU_NOT_REQUIRED,
                                            "{resourceName: memory, restartPolicy: RestartContainer}",
                                            f"{{resourceName: cpu, restartPolicy: RestartContainer}}{R}"), ALWAYS),
    *cases(f"{TR}/InvalidCPUPolicyWithPodRestartPolicy",
           resize(CPU_NOT_REQUIRED,
                  f"{{resourceName: memory, restartPolicy: RestartContainer}}{R}", restart="restartPolicy: Never\n"),
           ("Pod",)),
    *cases(f"{TR}/InvalidMemoryCPUPolicyWithPodRestartPolicy",
           resize(f"{{resourceName: cpu, restartPolicy: RestartContainer}}{R}",
                  "{resourceName: memory, restartPolicy: RestartContainer}"), ("Job", "CronJob")),
    *cases(f"{TR}/ValidMemoryCPUPolicyWithPodRestartPolicy",
           resize(CPU_NOT_REQUIRED, MEMORY_NOT_REQUIRED, restart="restartPolicy: Never\n"), ("Pod",)),
    *cases(f"{TR}/ValidMemoryCPUPolicyWithPodRestartPolicy (a Job)", resize(CPU_NOT_REQUIRED, MEMORY_NOT_REQUIRED),
           ("Job", "CronJob")),
]

OTHER_SPEC = [
    *cases("TestValidateWindowsPodSecurityContext/valid SC, windows, no error",
           "os: {name: windows}\nsecurityContext:\n  windowsOptions: {runAsUserName: dummy}\n" + C),
    *cases("TestValidateWindowsPodSecurityContext/invalid SC, windows, error",
           f"os: {{name: windows}}\nsecurityContext:\n  seLinuxOptions: {{role: dummyRole}}{R}\n" + C),
    *cases("TestValidateSchedulingGates/legal gates", "schedulingGates: [{name: foo}, {name: bar}]\n" + C),
    *cases("TestValidateSchedulingGates/illegal gates",
           f"schedulingGates:\n- name: foo\n- name: \"\\nbar\"{R}\n" + C),
    *cases("TestValidateSchedulingGates/empty string in gates", f"schedulingGates:\n- name: foo\n- name: ''{R}\n" + C),
    *cases("TestValidateSchedulingGates/duplicated gates (single duplication)",
           f"schedulingGates:\n- name: foo\n- name: bar\n- name: bar{R}\n" + C),
    *cases("TestValidateSchedulingGates/duplicated gates (multiple duplications)",
           f"schedulingGates:\n- name: foo\n- name: bar\n- name: foo{R}\n- name: baz\n- name: foo\n- name: bar\n" + C),
    *cases("TestValidateWindowsSecurityContext/pod with SELinux Options",
           "os: {name: windows}\n" + container(f"securityContext:\n  seLinuxOptions: {{role: dummy}}{R}")),
    *cases("TestValidateWindowsSecurityContext/pod with SeccompProfile",
           "os: {name: windows}\n" + container(
               f"securityContext:\n  seccompProfile: {{type: Localhost, localhostProfile: dummy}}{R}")),
    *cases("TestValidateWindowsSecurityContext/pod with AppArmorProfile",
           "os: {name: windows}\n" + container(f"securityContext:\n  appArmorProfile: {{type: RuntimeDefault}}{R}")),
    *cases("TestValidateWindowsSecurityContext/pod with WindowsOptions, no error",
           "os: {name: windows}\n" + container("securityContext:\n  windowsOptions: {runAsUserName: dummy}")),
    *cases("TestValidateSELinuxChangePolicy/nil is valid", "securityContext: {seLinuxChangePolicy: null}\n" + C),
    *cases("TestValidateSELinuxChangePolicy/Recursive is always valid",
           "securityContext: {seLinuxChangePolicy: Recursive}\n" + C, version="1.33"),
    *cases("TestValidateSELinuxChangePolicy/MountOption is not valid when AllowOnlyRecursiveSELinuxChangePolicy "
           "(SELinuxMount off before 1.37)", f"securityContext:\n  seLinuxChangePolicy: MountOption{R}\n" + C,
           version="1.36"),
    *cases("TestValidateSELinuxChangePolicy/MountOption is valid when not AllowOnlyRecursiveSELinuxChangePolicy",
           "securityContext: {seLinuxChangePolicy: MountOption}\n" + C),
    *cases("TestValidateSELinuxChangePolicy/invalid value",
           f"securityContext:\n  seLinuxChangePolicy: InvalidValue{R}\n" + C),
    Case("TestValidateWindowsHostProcessPod/Non-HostProcess ephemeral container in HostProcess pod should not validate",
         ephemeral(f"  securityContext:\n    windowsOptions:\n      hostProcess: false{R}\n").replace(
             "spec:\n", "spec:\n  os: {name: windows}\n  hostNetwork: true\n"
                         "  securityContext: {windowsOptions: {hostProcess: true}}\n", 1)),
    Case("TestValidateWindowsHostProcessPod/HostProcess ephemeral container in Non-HostProcess pod should not validate",
         ephemeral(f"  securityContext:\n    windowsOptions:\n      hostProcess: true{R}\n")),
    *cases("TestValidatePodReadinessGates/no gate", "readinessGates: []\n" + C),
    *cases("TestValidatePodReadinessGates/one readiness gate",
           "readinessGates:\n- conditionType: example.com/condition\n" + C),
]

SM = "TestValidateSeccompAnnotationsAndFieldsMatch"
TEST_JSON = f"{CONTAINER_SECCOMP_KEY}: localhost/test.json"
SECCOMP = [
    *annotated_cases(f"{SM}/seccompField nil should return empty", f"{TEST_JSON}\n", C),
    *annotated_cases(f"{SM}/localhost/test.json annotation and SeccompProfileTypeLocalhost without profile "
                     "should error", f"{TEST_JSON}\n", container_seccomp(f"type: Localhost{R}\n")),
    *annotated_cases(f"{SM}/localhost/test.json annotation and SeccompProfileTypeUnconfined with different profile "
                     "should error", f"{TEST_JSON}\n", container_seccomp(f"type: Unconfined{R}\n")),
    *annotated_cases(f"{SM}/localhost/test.json annotation and SeccompProfileTypeRuntimeDefault with different profile "
                     "should error", f"{POD_SECCOMP_KEY}: localhost/test.json\n",
                     pod_seccomp(f"type: RuntimeDefault{R}\n")),
    *annotated_cases("TestValidatePodTemplateSpecSeccomp/seccomp field and pod annotation must match",
                     f"{POD_SECCOMP_KEY}: runtime/default\n", pod_seccomp(f"type: Unconfined{R}\n")),
    *annotated_cases("TestValidateSeccompAnnotationAndField/Nil errors must not be appended (container), "
                     "though type Abc is not supported", f"{CONTAINER_SECCOMP_KEY}: localhost/not-matching\n",
                     container_seccomp(f"type: Abc{R}\n")),
]

DRA = "TestValidateDynamicResourceAllocation"


def claims(pod_claims: str, container_claims: str = "", init_claims: str = "") -> str:
    """A pod spec with these `resourceClaims` entries and container `resources.claims` (one entry per line)."""
    def entries(lines: str, indent: str) -> str:
        return "".join(f"{indent}- {line}\n" for line in lines.splitlines())
    spec = ("resourceClaims:\n" + entries(pod_claims, "")) if pod_claims else ""
    if init_claims:
        spec += "initContainers:\n- name: ctr-init\n  image: busybox:1.36\n  resources:\n    claims:\n" + entries(
            init_claims, "    ")
    spec += "containers:\n- name: ctr\n  image: nginx:1.27\n"
    if container_claims:
        spec += "  resources:\n    claims:\n" + entries(container_claims, "    ")
    return spec


MY_CLAIM = "{name: my-claim, resourceClaimName: some-claim}"
DYNAMIC_RESOURCES = [
    *cases(f"{DRA}/resource claim reference", claims("{name: my-claim-reference, resourceClaimName: some-claim}",
                                                     "{name: my-claim-reference}")),
    *cases(f"{DRA}/resource claim template", claims(
        "{name: my-claim-template, resourceClaimTemplateName: some-claim-template}", "{name: my-claim-template}")),
    *cases(f"{DRA}/multiple claims", claims(MY_CLAIM + "\n{name: another-claim, resourceClaimName: some-claim}",
                                            "{name: my-claim}\n{name: another-claim}")),
    *cases(f"{DRA}/multiple claims with requests", claims(
        MY_CLAIM + "\n{name: another-claim, resourceClaimName: some-claim}",
        "{name: my-claim, request: req-0}\n{name: another-claim, request: req-0}")),
    *cases(f"{DRA}/single claim with requests",
           claims(MY_CLAIM, "{name: my-claim, request: req-0}\n{name: my-claim, request: req-1}")),
    *cases(f"{DRA}/init container", claims(MY_CLAIM, init_claims="{name: my-claim}")),
    *cases(f"{DRA}/pod claim name with prefix", claims(f"{{name: ../my-claim, resourceClaimName: some-claim}}{R}")),
    *cases(f"{DRA}/pod claim name with path", claims(f"{{name: my/claim, resourceClaimName: some-claim}}{R}")),
    *cases(f"{DRA}/pod claim name empty", claims(f"{{name: '', resourceClaimName: some-claim}}{R}")),
    *cases(f"{DRA}/duplicate pod claim entries", claims(f"{MY_CLAIM}\n{MY_CLAIM}{R}")),
    *cases(f"{DRA}/resource claim source empty", claims(f"{{name: my-claim}}{R}")),
    *cases(f"{DRA}/resource claim reference and template", claims(
        f"{{name: my-claim, resourceClaimName: some-claim, resourceClaimTemplateName: some-claim-template}}{R}",
        "{name: my-claim}")),
    *cases(f"{DRA}/claim not found", claims(MY_CLAIM, f"{{name: no-such-claim}}{R}")),
    *cases(f"{DRA}/claim name empty", claims(MY_CLAIM, f"{{name: ''}}{R}")),
    *cases(f"{DRA}/pod claim name duplicates", claims(MY_CLAIM, f"{{name: my-claim}}\n{{name: my-claim}}{R}")),
    *cases(f"{DRA}/pod claim name duplicates without and with request",
           claims(MY_CLAIM, f"{{name: my-claim}}\n{{name: my-claim, request: req-0}}{R}")),
    *cases(f"{DRA}/pod claim name duplicates with and without request",
           claims(MY_CLAIM, f"{{name: my-claim, request: req-0}}\n{{name: my-claim}}{R}")),
    *cases(f"{DRA}/pod claim name duplicates with requests",
           claims(MY_CLAIM, f"{{name: my-claim, request: req-0}}\n{{name: my-claim, request: req-0}}{R}")),
    *cases(f"{DRA}/bad request name", claims(MY_CLAIM, f"{{name: my-claim, request: '*$@%^'}}{R}")),
    *cases(f"{DRA}/no claims defined", claims("", f"{{name: my-claim}}{R}")),
    *cases(f"{DRA}/duplicate pod claim name", claims(f"{MY_CLAIM}\n{MY_CLAIM}{R}", "{name: my-claim}")),
    *cases(f"{DRA}/invalid claim template name", claims(
        f"{{name: my-claim-template, resourceClaimTemplateName: .foo_bar}}{R}", "{name: my-claim-template}")),
    *cases(f"{DRA}/invalid claim reference name", claims(
        f"{{name: my-claim-reference, resourceClaimName: .foo_bar}}{R}", "{name: my-claim-reference}")),
    Case(f"{DRA}/ephemeral container don't support resource requirements", ephemeral(
        f"  targetContainerName: app\n  resources:{R}\n    claims: [{{name: my-claim}}]\n").replace(
        "spec:\n", f"spec:\n  resourceClaims:\n  - {MY_CLAIM}\n", 1)),
]

SA = "TestValidateSleepAction"


def sleep(seconds: str, grace: str = "") -> str:
    """A pod spec whose container sleeps `seconds` before it stops, with this terminationGracePeriodSeconds."""
    return (f"terminationGracePeriodSeconds: {grace}\n" if grace else "") + container(
        f"lifecycle:\n  preStop:\n    sleep:\n      seconds: {seconds}")


SLEEP = [
    *cases(f"{SA}/valid setting", sleep("5", "30"), version="1.32"),
    *cases(f"{SA}/negative seconds", sleep(f"-1{R}", "30"), version="1.32"),
    *cases(f"{SA}/longer than gracePeriod", sleep(f"5{R}", "3"), version="1.32"),
    *cases(f"{SA}/sleep duration of zero with zero value feature gate disabled (before 1.33)", sleep(f"0{R}", "30"),
           version="1.32"),
    *cases(f"{SA}/sleep duration of zero with zero value feature gate enabled", sleep("0", "30")),
    *cases(f"{SA}/invalid sleep duration (negative value) with zero value disabled", sleep(f"-1{R}", "30"),
           version="1.32"),
    *cases(f"{SA}/invalid sleep duration (negative value) with zero value enabled", sleep(f"-1{R}", "30")),
    *cases(f"{SA}/zero grace period duration with zero value enabled", sleep("0", "0")),
    *cases(f"{SA}/nil grace period with zero value disabled (a zero grace period)", sleep(f"5{R}", "0"),
           version="1.32"),
    *cases(f"{SA}/nil grace period with zero value disabled (absent: defaulted to 30)", sleep("5"), version="1.32"),
    *cases(f"{SA}/nil grace period with zero value enabled", sleep("0", "0")),
]

RS = "TestValidatePodDNSConfigWithRelaxedSearchDomain"
SEARCHES = [("beginswith underscore, contains underscore", "_sip._tcp.abc_d.example.com", True),
            ("contains underscore", "abc_d.example.com", True), ("is dot", "'.'", True),
            ("two dots", "'..'", False), ("underscore and dot", "_.", False), ("dash and dot", "'-.'", False),
            ("two underscore and dot", "__.", False), ("dot and two underscore", ".__", False),
            ("dot and underscore", "._", False), ("lot of underscores", "____________", False),
            ("a regular name", "example.com", True), ("unicode character", "☃.example.com", False)]
"""Each search domain, and whether RelaxedDNSSearchValidation (on by default from 1.33) accepts it."""
RELAXED_SEARCHES = [
    *[c for name, domain, relaxed in SEARCHES
      for c in cases(f"{RS}/{name}, featuregate enabled",
                     f"dnsConfig:\n  searches:\n  - {domain}{'' if relaxed else R}\n" + C)],
    *[c for name, domain, _ in SEARCHES
      for c in cases(f"{RS}/{name.replace('beginswith', 'begins with')}, featuregate disabled",
                     f"dnsConfig:\n  searches:\n  - {domain}{'' if domain == 'example.com' else R}\n" + C,
                     version="1.32")],
]

SG = "TestValidatePodSpecWithSupplementalGroupsPolicy"
WSG = "TestValidateWindowsPodSecurityContextSupplementalGroupsPolicy"
SUPPLEMENTAL_GROUPS = [
    *cases(f"{SG}/nil SecurityContext is valid", C),
    *cases(f"{SG}/nil SupplementalGroupsPolicy is valid", "securityContext: {}\n" + C),
    *cases(f"{SG}/SupplementalGroupsPolicyMerge is valid", "securityContext: {supplementalGroupsPolicy: Merge}\n" + C),
    *cases(f"{SG}/SupplementalGroupsPolicyStrict is valid",
           "securityContext: {supplementalGroupsPolicy: Strict}\n" + C),
    *cases(f"{SG}/empty SupplementalGroupsPolicy is invalid",
           f"securityContext:\n  supplementalGroupsPolicy: ''{R}\n" + C),
    *cases(f"{SG}/not-supported SupplementalGroupsPolicy is invalid",
           f"securityContext:\n  supplementalGroupsPolicy: not-supported{R}\n" + C),
    *cases(f"{WSG}/nil SupplementalGroupdPolicy is valid",
           "os: {name: windows}\nsecurityContext: {}\n" + C),
    *cases(f"{WSG}/non-empty SupplementalGroupdPolicy is invalid",
           f"os: {{name: windows}}\nsecurityContext:\n  supplementalGroupsPolicy: Merge{R}\n" + C),
]

TT = "TestValidateTopologySpreadConstraints"


def spread(*constraints: str) -> str:
    """A pod spec with these topologySpreadConstraints (each an entry written at column 0)."""
    return "topologySpreadConstraints:\n" + "".join(
        "".join(("- " if n == 0 else "  ") + line + "\n" for n, line in enumerate(entry.splitlines()))
        for entry in constraints) + C


ZONE = "maxSkew: 1\ntopologyKey: k8s.io/zone\n"
TOPOLOGY = [
    *cases(f"{TT}/missing MaxSkew (0)",
           spread(f"{{maxSkew: 0, topologyKey: k8s.io/zone, whenUnsatisfiable: DoNotSchedule}}{R}")),
    *cases(f"{TT}/use negative MinDomains with ScheduleAnyway(invalid)",
           spread(ZONE + f"whenUnsatisfiable: ScheduleAnyway\nminDomains: -1{R}")),
    *cases(f"{TT}/missing scheduling mode", spread(f"{{maxSkew: 1, topologyKey: k8s.io/zone}}{R}")),
    *cases(f"{TT}/unsupported scheduling mode",
           spread(f"{{maxSkew: 1, topologyKey: k8s.io/zone, whenUnsatisfiable: N/A}}{R}")),
    *cases(f"{TT}/multiple constraints missing TopologyKey on partial ones",
           spread(f"{{maxSkew: 1, whenUnsatisfiable: ScheduleAnyway}}{R}",
                  "{maxSkew: 2, topologyKey: k8s.io/zone, whenUnsatisfiable: DoNotSchedule}")),
    *cases(f"{TT}/unsupported policy name set on NodeAffinityPolicy", spread(
        ZONE + f"whenUnsatisfiable: DoNotSchedule\nnodeAffinityPolicy: Unknown{R}\nnodeTaintsPolicy: Ignore")),
    *cases(f"{TT}/unsupported policy name set on NodeTaintsPolicy", spread(
        ZONE + f"whenUnsatisfiable: DoNotSchedule\nnodeAffinityPolicy: Honor\nnodeTaintsPolicy: Unknown{R}")),
]

TO = "TestValidateOverhead"
OVERHEAD = [
    *cases(f"{TO}/Valid Overhead for CPU + Memory", "overhead: {cpu: '10', memory: 10G}\n" + C),
    *cases(f"{TO}/Invalid Overhead Resources", f"overhead:\n  my.org: 10m{R}\n" + C),
]

CASES = (RESIZE + OTHER_SPEC + SECCOMP + DYNAMIC_RESOURCES + SLEEP + RELAXED_SEARCHES + SUPPLEMENTAL_GROUPS + TOPOLOGY
         + OVERHEAD)


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_case(case):
    assert problem(case) is None
