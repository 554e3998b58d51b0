"""Jobs and CronJobs: cases translated from Kubernetes' pkg/apis/batch/validation/validation_test.go
(TestValidateJob, TestValidateCronJob, TestValidateCronJobScheduleTZ, TestValidateCronJobSpec,
TestTimeZones, TestValidateIndexesString, TestValidateScheduleFormatPanicRecovery,
TestValidateScheduleFormatNormalCases), and from the Go functions where the table has no
manifest-shaped case (ValidateJob's hostname check, validateGeneratedSelector, robfig/cron's
parser).

The Go tests call the validation on internal objects, before defaulting and before the API
server generates a Job's selector and labels. A manifest goes through both first, so: a Job
without a selector is accepted (it is generated), one with a selector of its own is rejected
unless manualSelector is true, a `controller-uid` cannot be known before the Job exists, an
absent concurrencyPolicy is Allow and an empty onPodConditions status is True.

A case about validateJobSpec runs in a Job and in a CronJob's jobTemplate (where it applies
the same way), pod spec cases in a Pod too where the Pod has the same rule.
"""

from __future__ import annotations

import textwrap

import pytest
from validation_table import MARK, Case, case_ids, errors, problem
from workloads import wrap

from pod_ls.kube.cron import has_time_zone_data

R = MARK
POD = ("restartPolicy: Never\ncontainers:\n- name: ctr\n  image: busybox:1.36\n"
       "initContainers:\n- name: def\n  image: busybox:1.36\n")


def _indent(text: str, spaces: int) -> str:
    return textwrap.indent(textwrap.dedent(text), " " * spaces)


def job(fields: str = "", pod: str = POD, name: str = "myjob", template: str = "") -> str:
    """A Job named `name` with `fields` in its spec, `template` in the template's metadata."""
    meta = f"    metadata:\n{_indent(template, 6)}" if template else ""
    return (f"apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {name}\nspec:\n{_indent(fields, 2)}"
            f"  template:\n{meta}    spec:\n{_indent(pod, 6)}")


def cronjob(fields: str = "schedule: '* * * * ?'\n", job_fields: str = "", pod: str = POD,
            name: str = "mycronjob") -> str:
    """A CronJob with `fields` in its spec and `job_fields` in its jobTemplate's spec."""
    return (f"apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: {name}\nspec:\n{_indent(fields, 2)}"
            f"  jobTemplate:\n    spec:\n{_indent(job_fields, 6)}      template:\n        spec:\n{_indent(pod, 10)}")


def in_both(source: str, fields: str, pod: str = POD, version: str = "1.37") -> list[Case]:
    """A validateJobSpec case as a Job and as a CronJob's jobTemplate."""
    return [Case(f"{source} (Job)", job(fields, pod), version),
            Case(f"{source} (CronJob jobTemplate)", cronjob(job_fields=fields, pod=pod), version)]


def pod_with(extra: str) -> str:
    return POD + extra


TV = "TestValidateJob"
TC = "TestValidateCronJob"
INDEXED = "completionMode: Indexed\n"

FAILURE_POLICY = """\
podFailurePolicy:
  rules:
  - action: Ignore
    onPodConditions:
    - {type: DisruptionTarget, status: "True"}
  - action: FailJob
    onPodConditions:
    - {type: CustomConditionType, status: "False"}
  - action: Count
    onExitCodes: {containerName: ctr, operator: In, values: [1, 2, 3]}
  - action: Ignore
    onExitCodes: {containerName: def, operator: In, values: [4]}
  - action: FailJob
    onExitCodes: {operator: NotIn, values: [5, 6, 7]}
"""


def rule(body: str) -> str:
    return "podFailurePolicy:\n  rules:\n" + _indent(body, 2)


JOB_SPEC_CASES = [
    # TestValidateJob, successCases
    *in_both(f"{TV}/valid success policy", INDEXED + "completions: 10\nsuccessPolicy:\n  rules:\n"
             "  - {succeededCount: 1, succeededIndexes: '0,2,4'}\n  - {succeededIndexes: '1,3,5-9'}\n"),
    *in_both(f"{TV}/valid pod failure policy with negative exitCodes - need for Windows support",
             rule("- action: FailJob\n  onExitCodes: {operator: NotIn, values: [-1073741819, -1073741676, "
                  "-1073741510]}\n")),
    *in_both(f"{TV}/valid pod failure policy", FAILURE_POLICY),
    *in_both(f"{TV}/valid pod replacement", "podReplacementPolicy: TerminatingOrFailed\n"),
    *in_both(f"{TV}/valid pod replacement with failed", "podReplacementPolicy: Failed\n"),
    *in_both(f"{TV}/valid NonIndexed completion mode", "completionMode: NonIndexed\n"),
    *in_both(f"{TV}/valid Indexed completion mode", INDEXED + "completions: 2\nparallelism: 100000\n"),
    *in_both(f"{TV}/valid parallelism and maxFailedIndexes for high completions when backoffLimitPerIndex is used",
             INDEXED + "completions: 100000\nparallelism: 100000\nmaxFailedIndexes: 100000\n"
             "backoffLimitPerIndex: 1\n"),
    *in_both(f"{TV}/valid parallelism and maxFailedIndexes for unlimited completions when backoffLimitPerIndex "
             "is used", INDEXED + "completions: 1000000000\nparallelism: 10000\nmaxFailedIndexes: 10000\n"
             "backoffLimitPerIndex: 1\n"),
    *in_both(f"{TV}/valid managedBy field", "managedBy: example.com/foo\n"),
    *in_both(f"{TV}/valid hostnet", "", POD.replace("containers:\n- name: ctr\n  image: busybox:1.36\n",
                                                    "hostNetwork: true\ncontainers:\n- name: ctr\n  image: "
                                                    "busybox:1.36\n  ports: [{containerPort: 12345, protocol: "
                                                    "TCP}]\n")),
    # TestValidateJob, errorCases
    *in_both(f"{TV}/spec.managedBy: Too long: may not be more than 63 bytes",
             f"managedBy: example.com/{'x' * 60}  {R}\n"),
    *in_both(f"{TV}/spec.managedBy: Invalid value: must be a domain-prefixed path",
             f"managedBy: invalid custom controller name  {R}\n"),
    *in_both(f"{TV}/spec.successPolicy: requires indexed completion mode",
             f"successPolicy:  {R}\n  rules: []\n"),
    *in_both(f"{TV}/spec.successPolicy.rules: Required value: at least one rules must be specified",
             INDEXED + f"completions: 5\nsuccessPolicy: {{}}  {R}\n"),
    *in_both(f"{TV}/spec.successPolicy.rules[0]: Required value: at least one of succeededCount or "
             "succeededIndexes", INDEXED + f"completions: 5\nsuccessPolicy:\n  rules:\n  - {{}}  {R}\n"),
    *in_both(f"{TV}/spec.successPolicy.rules[0].succeededIndexes: Invalid value: \"invalid-format\"",
             INDEXED + f"completions: 5\nsuccessPolicy:\n  rules:\n  - succeededIndexes: invalid-format  {R}\n"),
    *in_both(f"{TV}/spec.successPolicy.rules[0].succeededIndexes: Too long: may not be more than 65536 bytes",
             INDEXED + f"completions: 5\nsuccessPolicy:\n  rules:\n  - succeededIndexes: '{'1' * 65537}'  {R}\n"),
    *in_both(f"{TV}/spec.successPolicy.rules[0].succeededCount: must be greater than or equal to 0",
             INDEXED + f"completions: 5\nsuccessPolicy:\n  rules:\n  - succeededCount: -1  {R}\n"),
    *in_both(f"{TV}/spec.successPolicy.rules[0].succeededCount: Invalid value: 6: must be less than or equal to 5",
             INDEXED + f"completions: 5\nsuccessPolicy:\n  rules:\n  - succeededCount: 6  {R}\n"),
    *in_both(f"{TV}/spec.successPolicy.rules[0].succeededCount: Invalid value: 4: must be less than or equal to 3 "
             "(the number of indexes)", INDEXED + "completions: 5\nsuccessPolicy:\n  rules:\n"
             f"  - succeededIndexes: 0-2\n    succeededCount: 4  {R}\n"),
    *in_both(f"{TV}/spec.successPolicy.rules: Too many: 21: must have at most 20 items",
             INDEXED + "completions: 5\nsuccessPolicy:\n  rules:\n" + "  - {succeededCount: 5}\n" * 20
             + f"  - {{succeededCount: 5}}  {R}\n"),
    *in_both(f"{TV}/spec.podFailurePolicy.rules[0]: specifying one of OnExitCodes and OnPodConditions is required",
             rule(f"- action: FailJob  {R}\n")),
    *in_both(f"{TV}/spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Duplicate value: 11",
             rule(f"- action: FailJob\n  onExitCodes: {{operator: In, values: [11, 11]}}  {R}\n")),
    *in_both(f"{TV}/spec.podFailurePolicy.rules[0].onExitCodes.values: Too many: 256: must have at most 255 items",
             rule("- action: FailJob\n  onExitCodes:\n    operator: In\n    values:\n"
                  + "".join(f"    - {i}\n" for i in range(255)) + f"    - 255  {R}\n")),
    *in_both(f"{TV}/spec.podFailurePolicy.rules: Too many: 21: must have at most 20 items",
             rule("".join(f"- {{action: FailJob, onExitCodes: {{operator: In, values: [{i + 1}]}}}}\n"
                          for i in range(20)) + f"- {{action: FailJob, onExitCodes: {{operator: In, values: [21]}}}}"
                  f"  {R}\n")),
    *in_both(f"{TV}/spec.podFailurePolicy.rules[0].onPodConditions: Too many: 21: must have at most 20 items",
             rule("- action: FailJob\n  onPodConditions:\n"
                  + "".join(f"  - {{type: CustomType_{i}, status: 'True'}}\n" for i in range(20))
                  + f"  - {{type: CustomType_20, status: 'True'}}  {R}\n")),
    *in_both(f"{TV}/spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 13",
             rule(f"- action: FailJob\n  onExitCodes: {{operator: In, values: [12, 13, 13, 13]}}  {R}\n")),
    *in_both(f"{TV}/spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: [19,11]: must be ordered",
             rule(f"- action: FailJob\n  onExitCodes: {{operator: In, values: [19, 11]}}  {R}\n")),
    *in_both(f"{TV}/spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []: at least one value",
             rule(f"- action: FailJob\n  onExitCodes: {{operator: In, values: []}}  {R}\n")),
    *in_both(f"{TV}/spec.podFailurePolicy.rules[0].action: Required value",
             rule(f"- action: ''  {R}\n  onExitCodes: {{operator: In, values: [1, 2, 3]}}\n")),
    *in_both(f"{TV}/spec.podFailurePolicy.rules[0].onExitCodes.operator: Required value",
             rule(f"- action: FailJob\n  onExitCodes: {{operator: '', values: [1, 2, 3]}}  {R}\n")),
    *in_both(f"{TV}/spec.podFailurePolicy.rules[0]: specifying both OnExitCodes and OnPodConditions is not "
             "supported", rule("- action: FailJob\n  onExitCodes: {containerName: ctr, operator: In, values: [1, 2, 3]}"
                               f"\n  onPodConditions:  {R}\n  - {{type: DisruptionTarget, status: 'True'}}\n")),
    *in_both(f"{TV}/spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Invalid value: 0: must not be 0 for the "
             "In operator", rule(f"- action: Ignore\n  onExitCodes: {{operator: In, values: [1, 0, 2]}}  {R}\n")),
    *in_both(f"{TV}/spec.podFailurePolicy.rules[1].onExitCodes.containerName: Invalid value: \"xyz\"",
             rule("- action: Ignore\n  onExitCodes: {containerName: ctr, operator: In, values: [1, 2, 3]}\n"
                  "- action: FailJob\n  onExitCodes:\n"
                  f"    containerName: xyz  {R}\n    operator: In\n    values: [5, 6, 7]\n")),
    *in_both(f"{TV}/spec.podFailurePolicy.rules[0].action: Unsupported value: \"UnknownAction\"",
             rule(f"- action: UnknownAction  {R}\n  onExitCodes: {{containerName: ctr, operator: In, values: [1]}}\n")),
    *in_both(f"{TV}/spec.podFailurePolicy.rules[0].onExitCodes.operator: Unsupported value: \"UnknownOperator\"",
             rule(f"- action: Ignore\n  onExitCodes:\n    operator: UnknownOperator  {R}\n    values: [1, 2, 3]\n")),
    *in_both(f"{TV}/spec.podFailurePolicy.rules[0].onPodConditions[0].status: Required value (an empty status "
             "is defaulted to True, so accepted)", rule("- action: Ignore\n  onPodConditions:\n"
                                                        "  - type: DisruptionTarget\n")),
    *in_both(f"{TV}/spec.podFailurePolicy.rules[0].onPodConditions[0].status: Unsupported value: "
             "\"UnknownStatus\"", rule("- action: Ignore\n  onPodConditions:\n  - type: DisruptionTarget\n"
                                       f"    status: UnknownStatus  {R}\n")),
    *in_both(f"{TV}/spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value: \"\": name part must "
             "be non-empty", rule(f"- action: Ignore\n  onPodConditions:\n  - status: 'True'  {R}\n")),
    *in_both(f"{TV}/spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value: \"Invalid Condition "
             "Type\"", rule(f"- action: Ignore\n  onPodConditions:\n  - type: Invalid Condition Type  {R}\n"
                            "    status: 'True'\n")),
    *in_both(f"{TV}/spec.podReplacementPolicy: Unsupported value: \"TerminatingOrFailed\": supported values: "
             "\"Failed\"", f"podReplacementPolicy: TerminatingOrFailed  {R}\n"
             + rule("- action: Ignore\n  onPodConditions: [{type: DisruptionTarget, status: 'True'}]\n")),
    *in_both(f"{TV}/spec.podReplacementPolicy: Unsupported value: \"\"", f"podReplacementPolicy: ''  {R}\n"),
    *in_both(f"{TV}/spec.template.spec.restartPolicy: Invalid value: \"OnFailure\": only \"Never\" is supported "
             "when podFailurePolicy is specified", "podFailurePolicy:\n  rules: []\n",
             POD.replace("restartPolicy: Never\n", f"restartPolicy: OnFailure  {R}\n")),
    *in_both(f"{TV}/spec.parallelism:must be greater than or equal to 0", f"parallelism: -1  {R}\n"),
    *in_both(f"{TV}/spec.backoffLimit:must be greater than or equal to 0", f"backoffLimit: -1  {R}\n"),
    *in_both(f"{TV}/spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode",
             f"backoffLimitPerIndex: 1  {R}\n"),
    *in_both(f"{TV}/spec.backoffLimitPerIndex:must be greater than or equal to 0",
             f"completionMode: Indexed\ncompletions: 3\nbackoffLimitPerIndex: -1  {R}\n"),
    *in_both(f"{TV}/spec.maxFailedIndexes: Invalid value: 11: must be less than or equal to completions",
             INDEXED + f"completions: 10\nbackoffLimitPerIndex: 1\nmaxFailedIndexes: 11  {R}\n"),
    *in_both(f"{TV}/spec.maxFailedIndexes: Required value: must be specified when completions is above 100000",
             INDEXED + f"completions: 100001  {R}\nbackoffLimitPerIndex: 1\n"),
    *in_both(f"{TV}/spec.parallelism: Invalid value: 50000: must be less than or equal to 10000 when completions "
             "are above 100000", INDEXED + f"completions: 100001\nparallelism: 50000  {R}\nbackoffLimitPerIndex: 1\n"
             "maxFailedIndexes: 1\n"),
    *in_both(f"{TV}/spec.maxFailedIndexes: Invalid value: 100001: must be less than or equal to 100000",
             INDEXED + f"completions: 100001\nbackoffLimitPerIndex: 1\nmaxFailedIndexes: 100001  {R}\n"),
    *in_both(f"{TV}/spec.maxFailedIndexes: Invalid value: 50000: must be less than or equal to 10000 when "
             "completions are above 100000",
             INDEXED + f"completions: 100001\nbackoffLimitPerIndex: 1\nmaxFailedIndexes: 50000  {R}\n"),
    *in_both(f"{TV}/spec.maxFailedIndexes:must be greater than or equal to 0",
             INDEXED + f"completions: 3\nbackoffLimitPerIndex: 1\nmaxFailedIndexes: -1  {R}\n"),
    *in_both(f"{TV}/spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified",
             INDEXED + f"completions: 3\nmaxFailedIndexes: 1  {R}\n"),
    *in_both(f"{TV}/spec.completions:must be greater than or equal to 0", f"completions: -1  {R}\n"),
    *in_both(f"{TV}/spec.activeDeadlineSeconds:must be greater than or equal to 0",
             f"activeDeadlineSeconds: -1  {R}\n"),
    *in_both(f"{TV}/spec.ttlSecondsAfterFinished: must be greater than or equal to 0",
             f"ttlSecondsAfterFinished: -1  {R}\n"),
    *in_both(f"{TV}/spec.completions: Required value: when completion mode is Indexed",
             f"completionMode: Indexed  {R}\n"),
    *in_both(f"{TV}/spec.parallelism: must be less than or equal to 100000 when completion mode is Indexed",
             INDEXED + f"completions: 2\nparallelism: 100001  {R}\n"),
    *in_both(f"{TV}/spec.template.spec.restartPolicy: Unsupported value", "",
             POD.replace("restartPolicy: Never\n", f"restartPolicy: Invalid  {R}\n")),
    # the same limits, just within them (validateJobSpec, validatePodFailurePolicyRuleOnExitCodes)
    *in_both("validateJobSpec/maxFailedIndexes equal to completions",
             INDEXED + "completions: 10\nbackoffLimitPerIndex: 1\nmaxFailedIndexes: 10\n"),
    *in_both("validatePodFailurePolicyRuleOnExitCodes/0 is allowed with NotIn",
             rule("- action: FailJob\n  onExitCodes: {operator: NotIn, values: [0, 1]}\n")),
    *in_both("validatePodFailurePolicyRule/FailIndex with backoffLimitPerIndex",
             INDEXED + "completions: 2\nbackoffLimitPerIndex: 1\n"
             + rule("- action: FailIndex\n  onExitCodes: {operator: In, values: [10]}\n")),
    *in_both("validatePodFailurePolicyRule/FailIndex without backoffLimitPerIndex",
             rule(f"- action: FailIndex  {R}\n  onExitCodes: {{operator: In, values: [10]}}\n")),
    *in_both("validateSuccessPolicyRule/succeededCount equal to completions over every index",
             INDEXED + "completions: 5\nsuccessPolicy:\n  rules:\n  - {succeededIndexes: 0-4, succeededCount: 5}\n"),
    # ValidateNonnegativeField and the limits of validation.go, at their bounds
    *in_both("ValidateNonnegativeField/zero is valid", "parallelism: 0\ncompletions: 0\nactiveDeadlineSeconds: 0\n"
             "backoffLimit: 0\nttlSecondsAfterFinished: 0\n"),
    *in_both("ValidateNonnegativeField/zero backoffLimitPerIndex and maxFailedIndexes",
             INDEXED + "completions: 3\nbackoffLimitPerIndex: 0\nmaxFailedIndexes: 0\n"),
    *in_both("validateJobSpec/high completions within the limits for backoffLimitPerIndex",
             INDEXED + "completions: 100001\nparallelism: 10000\nbackoffLimitPerIndex: 1\nmaxFailedIndexes: 10000\n"),
    *in_both("validateSuccessPolicyRule/empty succeededIndexes without a count", INDEXED + "completions: 5\n"
             "successPolicy:\n  rules:\n  - {succeededIndexes: ''}\n"),
    *in_both("validateSuccessPolicyRule/succeededIndexes alone", INDEXED + "completions: 5\n"
             "successPolicy:\n  rules:\n  - {succeededIndexes: 0-4}\n"),
    *in_both("validateSuccessPolicy/20 rules", INDEXED + "completions: 5\nsuccessPolicy:\n  rules:\n"
             + "  - {succeededCount: 5}\n" * 20),
    *in_both("validatePodFailurePolicy/20 rules", rule("".join(
        f"- {{action: FailJob, onExitCodes: {{operator: In, values: [{i + 1}]}}}}\n" for i in range(20)))),
    *in_both("validatePodFailurePolicyRuleOnPodConditions/20 patterns", rule("- action: FailJob\n  onPodConditions:\n"
             + "".join(f"  - {{type: CustomType_{i}, status: 'True'}}\n" for i in range(20)))),
    *in_both("validatePodFailurePolicyRuleOnExitCodes/255 values", rule(
        "- action: FailJob\n  onExitCodes:\n    operator: In\n    values: ["
        + ", ".join(str(i) for i in range(1, 256)) + "]\n")),
    *in_both("validatePodFailurePolicyRuleOnPodConditions/statuses and a prefixed type", rule(
        "- action: Ignore\n  onPodConditions:\n  - {type: example.com/Custom, status: Unknown}\n"
        "  - {type: Ready, status: 'False'}\n")),
    *in_both("validatePodReplacementPolicy/Failed with a podFailurePolicy", "podReplacementPolicy: Failed\n"
             + rule("- action: Ignore\n  onPodConditions: [{type: DisruptionTarget}]\n")),
    *in_both("validatePodFailurePolicy/no rules with restartPolicy Never", "podFailurePolicy:\n  rules: []\n"),
    *in_both("IsDomainPrefixedPath/kubernetes.io/job-controller", "managedBy: kubernetes.io/job-controller\n"),
    *in_both("IsDomainPrefixedPath/63 characters", f"managedBy: example.com/{'x' * 51}\n"),
    # fields behind a feature gate are dropped before it is on by default
    *in_both("validateJobSpec/backoffLimitPerIndex dropped in 1.28 (JobBackoffLimitPerIndex alpha)",
             "backoffLimitPerIndex: 1\nmaxFailedIndexes: 1\n", version="1.28"),
    *in_both("validatePodReplacementPolicy/dropped in 1.28 (JobPodReplacementPolicy alpha)",
             "podReplacementPolicy: ''\n", version="1.28"),
    *in_both("validateJobSpec/managedBy dropped in 1.31 (JobManagedBy alpha)",
             "managedBy: invalid custom controller name\n", version="1.31"),
    *in_both("validatePodFailurePolicy/dropped in 1.25 (JobPodFailurePolicy alpha)",
             rule("- action: FailJob\n"), version="1.25"),
    *in_both("validateSuccessPolicy/dropped in 1.30 (JobSuccessPolicy alpha)",
             "successPolicy:\n  rules: []\n", version="1.30"),
    *in_both("validatePodFailurePolicyRule/FailIndex is no action before 1.28",
             rule(f"- action: FailIndex  {R}\n  onExitCodes: {{operator: In, values: [10]}}\n"), version="1.27"),
]

# TestValidateIndexesString, through a successPolicy of an Indexed Job with `completions`
INDEXES = [("empty is valid", "''", 6, False), ("single number is valid", "'1'", 6, False),
           ("single interval is valid", "1-3", 6, False), ("mixed intervals valid", "0,1-3,5,7-10", 12, False),
           ("invalid due to extra space", "'0,1-3, 5'", 6, True),
           ("invalid due to too large index", "0,1-3,5", 5, True),
           ("invalid due to non-increasing order of intervals", "1-3,0,5", 6, True),
           ("invalid due to non-increasing order between intervals", "0,0,5", 6, True),
           ("invalid due to non-increasing order within interval", "0,1-1,5", 6, True),
           ("invalid due to starting with '-'", "-1,0", 6, True), ("invalid due to ending with '-'", "0,1-", 6, True),
           ("invalid due to repeated '-'", "0,1--3", 6, True), ("invalid due to repeated ','", "0,,1,3", 6, True)]
INDEXES_CASES = [
    Case(f"TestValidateIndexesString/{name}",
         job(f"completionMode: Indexed\ncompletions: {completions}\nsuccessPolicy:\n  rules:\n"
             f"  - succeededIndexes: {indexes}{'  ' + R if rejected else ''}\n"))
    for name, indexes, completions, rejected in INDEXES
]

GENERATED = "TestValidateJob (the selector and labels the API server generates)"
SELECTOR_CASES = [
    Case(f"{TV}/valid manual selector", job("selector: {matchLabels: {a: b}}\nmanualSelector: true\n",
                                            template="labels: {a: b}\nannotations: {foo: bar}\n")),
    Case(f"{TV}/valid generated selector (no selector in the manifest)", job()),
    Case(f"{TV}/valid batch labels", job(template="labels: {job-name: myjob, batch.kubernetes.io/job-name: myjob}\n")),
    Case(f"{TV}/do not allow new batch labels (1.26: only the legacy labels are generated)",
         job(template="labels: {batch.kubernetes.io/job-name: other}\n"), "1.26"),
    Case(f"{TV}/valid pod failure policy with FailIndex", job(
        "completionMode: Indexed\ncompletions: 2\nbackoffLimitPerIndex: 1\nmanualSelector: true\n"
        "selector: {matchLabels: {a: b}}\n"
        + rule("- action: FailIndex\n  onExitCodes: {operator: In, values: [10]}\n"),
        template="labels: {a: b}\n")),
    Case(f"{TV}/spec.selector:Required value (with manualSelector: true, where none is generated)",
         job(f"manualSelector: true  {R}\n", template="labels: {a: b}\n")),
    Case(f"{TV}/spec.template.metadata.labels: Invalid value: {{\"y\":\"z\"}}: `selector` does not match template "
         "`labels`", job("selector: {matchLabels: {a: b}}\nmanualSelector: true\n",
                         template=f"labels: {{y: z}}  {R}\n")),
    Case(f"{TV}/spec.template.metadata.labels: Invalid value: {{\"controller-uid\":\"4d5e6f\"}}: `selector` does "
         "not match template `labels`", job("selector: {matchLabels: {a: b}}\nmanualSelector: true\n",
                                            template=f"labels: {{controller-uid: 4d5e6f}}  {R}\n")),
    Case(f"{TV}/spec.selector: Invalid value: {{\"matchLabels\":{{\"a\":\"b\"}}}}: `selector` not auto-generated",
         job(f"selector:  {R}\n  matchLabels: {{a: b}}\n", template="labels: {a: b}\n")),
    Case(f"{TV}/spec.template.metadata.labels[controller-uid]: Required value: must be '1a2b3c' (a selector on a "
         "uid that is not known yet)", job(f"selector: {{matchLabels: {{controller-uid: 1a2b3c}}}}  {R}\n",
                                           template="labels: {job-name: myjob}\n")),
    Case(f"{TV}/spec.template.metadata.labels[batch.kubernetes.io/controller-uid]: Required value",
         job("selector: {matchLabels: {batch.kubernetes.io/controller-uid: 1a2b3c}}\n",
             template=f"labels:\n  batch.kubernetes.io/controller-uid: 1a2b3c  {R}\n  job-name: myjob\n")),
    Case(f"{GENERATED}/a template job-name label that is not the Job's name",
         job(template=f"labels:\n  job-name: other  {R}\n")),
    Case(f"{GENERATED}/a selector on the generated job-name label",
         job("selector: {matchLabels: {job-name: myjob}}\n")),
    Case(f"{GENERATED}/a selector on the presence of the generated uid label",
         job("selector:\n  matchExpressions: [{key: batch.kubernetes.io/controller-uid, operator: Exists}]\n")),
    Case(f"{GENERATED}/a selector that requires a label the API server does not generate",
         job(f"selector:  {R}\n  matchExpressions: [{{key: app, operator: Exists}}]\n", template="labels: {app: a}\n")),
    Case(f"{GENERATED}/template labels of one's own beside the generated ones",
         job(template="labels: {app: batch, tier: worker}\n")),
    Case(f"{GENERATED}/a name longer than a label value", f"{job(name='j' * 64)}".replace(
        f"name: {'j' * 64}", f"name: {'j' * 64}  {R}")),
    Case("ValidateJob/an Indexed Job whose last hostname is a DNS label",
         job("completionMode: Indexed\ncompletions: 10\n", name="j" * 61)),
    Case("ValidateJob/an Indexed Job whose last hostname is too long",
         job("completionMode: Indexed\ncompletions: 100\n", name="j" * 61).replace(
             f"name: {'j' * 61}", f"name: {'j' * 61}  {R}")),
    Case(f"{TC}/spec.jobTemplate.spec.selector: Invalid value: `selector` will be auto-generated",
         cronjob(job_fields=f"selector: {{matchLabels: {{a: b}}}}  {R}\n")),
    Case(f"{TC}/spec.jobTemplate.spec.manualSelector: Unsupported value",
         cronjob(job_fields=f"manualSelector: true  {R}\n")),
    Case(f"{TC}/spec.jobTemplate.spec.manualSelector: false is supported",
         cronjob(job_fields="manualSelector: false\n")),
]

S = "schedule: '* * * * ?'\n"
CRONJOB_CASES = [
    Case(f"{TC}/basic scheduled job", cronjob(S + "concurrencyPolicy: Allow\n")),
    Case(f"{TC}/hostnet job", cronjob(pod=POD.replace("restartPolicy: Never\n", "restartPolicy: Never\n"
                                                      "hostNetwork: true\n"))),
    Case(f"{TC}/non-standard scheduled", cronjob("schedule: '@hourly'\n")),
    Case(f"{TC}/correct timeZone value", cronjob("schedule: 0 * * * *\ntimeZone: Europe/Rome\n")),
    Case(f"{TC}/spec.concurrencyPolicy: Required value (absent: defaulted to Allow)", cronjob(S)),
    Case(f"{TC}/spec.schedule: Invalid value", cronjob(f"schedule: error  {R}\n")),
    Case(f"{TC}/spec.schedule: Required value", cronjob(f"schedule: ''  {R}\n")),
    Case(f"{TC}/spec.timeZone: timeZone must be nil or non-empty string",
         cronjob(f"schedule: 0 * * * *\ntimeZone: ''  {R}\n")),
    Case(f"{TC}/spec.timeZone: timeZone must be an explicit time zone",
         cronjob(f"schedule: 0 * * * *\ntimeZone: LOCAL  {R}\n")),
    Case(f"{TC}/spec.timeZone: Invalid value: \" Continent/Zone\"",
         cronjob(f"schedule: 0 * * * *\ntimeZone: ' Europe/Rome'  {R}\n")),
    Case(f"{TC}/spec.timeZone: Invalid value: \" \"", cronjob(f"schedule: 0 * * * *\ntimeZone: ' '  {R}\n")),
    Case(f"{TC}/spec.timeZone: Invalid value: \"Continent/Zone \"",
         cronjob(f"schedule: 0 * * * *\ntimeZone: 'Europe/Rome '  {R}\n")),
    Case(f"{TC}/spec.startingDeadlineSeconds:must be greater than or equal to 0",
         cronjob(S + f"startingDeadlineSeconds: -1  {R}\n")),
    Case(f"{TC}/spec.successfulJobsHistoryLimit: must be greater than or equal to 0",
         cronjob(S + f"successfulJobsHistoryLimit: -1  {R}\n")),
    Case(f"{TC}/spec.failedJobsHistoryLimit: must be greater than or equal to 0",
         cronjob(S + f"failedJobsHistoryLimit: -1  {R}\n")),
    Case(f"{TC}/spec.successfulJobsHistoryLimit: zero is valid",
         cronjob(S + "successfulJobsHistoryLimit: 0\nfailedJobsHistoryLimit: 0\nstartingDeadlineSeconds: 0\n")),
    Case(f"{TC}/spec.concurrencyPolicy: Required value (explicitly empty: SetDefaults_CronJob sets Allow)",
         cronjob(S + "concurrencyPolicy: ''\n")),
    Case("validateConcurrencyPolicy/Unsupported value", cronjob(S + f"concurrencyPolicy: forbid  {R}\n")),
    Case("validateConcurrencyPolicy/Forbid and Replace", cronjob(S + "concurrencyPolicy: Forbid\n")
         + "---\n" + cronjob(S + "concurrencyPolicy: Replace\n")),
    Case(f"{TC}/metadata.name: must be no more than 52 bytes",
         cronjob(name="'10000000002000000000300000000040000000005000000000123'").replace(
             "000123'\n", f"000123'  {R}\n", 1)),
    Case(f"{TC}/metadata.name: 52 characters are allowed",
         cronjob(name="'1000000000200000000030000000004000000000500000000012'")),
    Case(f"{TC}/spec.jobTemplate.spec.template.spec.restartPolicy: Required value",
         cronjob(pod="containers:\n- name: ctr\n  image: busybox:1.36\n").replace(
             "        spec:\n", f"        spec:  {R}\n")),
    # TestValidateCronJobScheduleTZ and TestValidateScheduleFormatNormalCases
    Case("TestValidateCronJobScheduleTZ/update removing TZ should work (create: cannot use TZ or CRON_TZ)",
         cronjob(f"schedule: TZ=UTC 0 * * * *  {R}\n")),
    Case("TestValidateCronJobScheduleTZ/CRON_TZ on create", cronjob(f"schedule: CRON_TZ=Europe/Rome 0 * * * *  {R}\n")),
    Case("TestValidateScheduleFormatNormalCases/valid schedule without timezone", cronjob("schedule: 0 0 * * *\n")),
    Case("TestValidateScheduleFormatNormalCases/valid schedule with timezone field",
         cronjob("schedule: 0 0 * * *\ntimeZone: UTC\n")),
    Case("TestValidateScheduleFormatNormalCases/TZ in schedule when allowed (before 1.27)",
         cronjob("schedule: TZ=UTC 0 0 * * *\n"), "1.26"),
    Case("TestValidateScheduleFormatNormalCases/TZ in schedule with timezone field (before 1.27)",
         cronjob(f"schedule: TZ=UTC 0 0 * * *  {R}\ntimeZone: UTC\n"), "1.26"),
    # TestValidateScheduleFormatPanicRecovery
    Case("TestValidateScheduleFormatPanicRecovery/TZ=0 without space should not panic",
         cronjob(f"schedule: TZ=0  {R}\n"), "1.26"),
    Case("TestValidateScheduleFormatPanicRecovery/TZ= without value should not panic",
         cronjob(f"schedule: TZ=  {R}\n"), "1.26"),
    Case("TestValidateScheduleFormatPanicRecovery/CRON_TZ= without space should not panic",
         cronjob(f"schedule: CRON_TZ=UTC  {R}\n"), "1.26"),
    # TestValidateCronJobSpec and TestTimeZones
    Case("TestValidateCronJobSpec/check validation because timeZone is different for new",
         cronjob("schedule: 0 * * * *\ntimeZone: America/New_York\n")),
    Case("TestValidateCronJobSpec/old timeZone and new timeZone are valid",
         cronjob("schedule: 0 * * * *\ntimeZone: America/Chicago\n")),
    *[Case(f"TestTimeZones/{zone}", cronjob(f"schedule: 0 * * * *\ntimeZone: {zone}\n"))
      for zone in ("America/Argentina/ComodRivadavia", "Etc/GMT+5", "US/East-Indiana", "GMT-0", "Zulu",
                   "Asia/Kolkata", "Australia/Lord_Howe", "America/Port-au-Prince", "EST5EDT", "NZ-CHAT")],
    # robfig/cron's standard parser, which validateScheduleFormat calls
    *[Case(f"cron.ParseStandard/{schedule}", cronjob(f"schedule: '{schedule}'\n"))
      for schedule in ("*/5 * * * *", "0 9-17 * * MON-FRI", "0 0 1 JAN,jul *", "@every 1h30m", "@midnight",
                       "0/15 * * * *", "5 4 * * sun", "0 0,12 1 */2 *", "@yearly", "@every 30s", "0 22 * * 1-5",
                       "23 0-20/2 * * *", "* * * * 0,6")],
    *[Case(f"cron.ParseStandard/{schedule}", cronjob(f"schedule: '{schedule}'  {R}\n"))
      for schedule in ("0 0 * * 7", "60 * * * *", "* * 0 * *", "*/0 * * * *", "@reboot", "@every 1d", "* * * *")],
]
if has_time_zone_data():
    CRONJOB_CASES += [
        Case(f"{TC}/spec.timeZone: Invalid value: \"Continent/InvalidZone\"",
             cronjob(f"schedule: 0 * * * *\ntimeZone: Europe/InvalidRome  {R}\n")),
        Case("TestValidateCronJobSpec/check validation because timeZone is different for new and invalid",
             cronjob(f"schedule: 0 * * * *\ntimeZone: broken  {R}\n")),
        Case("TestValidateCronJobSpec/old timeZone and new timeZone are invalid, but different",
             cronjob(f"schedule: 0 * * * *\ntimeZone: still broken  {R}\n")),
        Case("TestValidateScheduleFormatPanicRecovery/malformed timezone spec should not panic",
             cronjob(f"schedule: TZ=Invalid/Timezone  {R}\n"), "1.26"),
    ]

# A Job's rules in a Pod: the pod spec part of a case, as a Pod gets it (the Pod rules' own verdict)
POD_CASES = [
    Case("TestValidateJob/valid hostnet (as a Pod)", wrap("Pod", POD.replace(
        "restartPolicy: Never\n", "restartPolicy: Never\nhostNetwork: true\n"))),
    Case("TestValidateJob/spec.template.spec.restartPolicy: Unsupported value (as a Pod)",
         wrap("Pod", POD.replace("restartPolicy: Never\n", f"restartPolicy: Invalid  {R}\n"))),
    Case("TestValidateJob/restartPolicy OnFailure is fine without a podFailurePolicy",
         wrap("Job", POD.replace("restartPolicy: Never\n", "restartPolicy: OnFailure\n"))),
]

CASES = JOB_SPEC_CASES + INDEXES_CASES + SELECTOR_CASES + CRONJOB_CASES + POD_CASES


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_case(case):
    assert problem(case) is None


def test_the_table_is_balanced():
    rejects = sum(case.rejected_line is not None for case in CASES)
    assert len(CASES) >= 80 and rejects * 3 >= len(CASES) and (len(CASES) - rejects) * 3 >= len(CASES)


def _fixed(text: str, rule: str) -> str:
    """The text after the first fix of the first finding of `rule`."""
    [finding] = [f for f in errors(Case("fix", text)) if f.rule == rule]
    lines = text.split("\n")
    for edit in sorted(finding.fixes[0].edits, key=lambda e: e.start, reverse=True):
        (line, start), (_, end) = edit.start, edit.end
        lines[line] = lines[line][:start] + edit.text + lines[line][end:]
    return "\n".join(lines)


def test_the_time_zone_moves_from_the_schedule_to_time_zone():
    fixed = _fixed(cronjob('schedule: "CRON_TZ=Europe/Rome 0 6 * * *"\n'), "cronjob-schedule")
    assert '  schedule: "0 6 * * *"\n  timeZone: Europe/Rome\n' in fixed
    assert errors(Case("fixed", fixed)) == []


def test_a_misspelt_concurrency_policy_is_fixed():
    fixed = _fixed(cronjob(S + "concurrencyPolicy: Forbidd\n"), "cronjob-spec")
    assert "concurrencyPolicy: Forbid\n" in fixed and errors(Case("fixed", fixed)) == []
