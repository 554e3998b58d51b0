"""The workload objects' own specs, translated from Kubernetes' tests: TestValidateDeployment,
TestValidateReplicaSet, TestValidateDaemonSet, TestDaemonSetUpdateMaxSurge, TestValidateStatefulSet
and TestValidateStatefulSetMinReadySeconds (pkg/apis/apps/validation) and
TestValidateReplicationController (pkg/apis/core/validation).

Go validates the internal types without defaults; a manifest is defaulted first (maxUnavailable,
progressDeadlineSeconds, podManagementPolicy, a ReplicationController's selector, ...). Where a
Go case leaves a field at its zero value, the YAML writes that value out, and where the default
turns a Go reject into an accept, the case says so and is an accept. Cases named after a Go
function rather than a test cover its branches that the Go tests leave out.
"""

from __future__ import annotations

import pytest
from validation_table import Case, case_ids, errors, problem
from workloads import wrap

MARK = "  # <- rejected"
CONTAINERS = "containers:\n  - {name: abc, image: image, imagePullPolicy: IfNotPresent}\n"
KIND_API = {"Deployment": "apps/v1", "ReplicaSet": "apps/v1", "DaemonSet": "apps/v1", "StatefulSet": "apps/v1",
            "ReplicationController": "v1"}


def workload(kind: str, spec: str = "", pod: str = "", *, selector: str | None = "matchLabels: {a: b}",
             labels: str | None = "{a: b}", name: str = "abc") -> str:
    """A `kind` in namespace default: `spec` lines (at column 0) go into its spec, `pod` lines
    into its pod spec; `selector` and `labels` are flow mappings, None to leave them out."""
    lines = [f"apiVersion: {KIND_API[kind]}", f"kind: {kind}", "metadata:", f"  name: {name}",
             "  namespace: default", "spec:"]
    if selector is not None:
        lines.append(f"  selector: {{{selector}}}" if kind != "ReplicationController" else f"  selector: {selector}")
    lines += [f"  {line}" for line in spec.splitlines()]
    lines += ["  template:"] + (["    metadata:", f"      labels: {labels}"] if labels is not None else [])
    lines.append("    spec:")
    lines += [f"      {line}" for line in (pod + CONTAINERS).splitlines()]
    return "\n".join(lines) + "\n"


def rc(spec: str = "", pod: str = "", *, selector: str | None = "{a: b}", labels: str | None = "{a: b}") -> str:
    return workload("ReplicationController", spec, pod, selector=selector, labels=labels)


def deployment(spec: str = "", pod: str = "", **kw) -> str:
    """TestValidateDeployment's validDeployment: selector name=abc, rolling update 1 and 1."""
    kw.setdefault("selector", "matchLabels: {name: abc}")
    kw.setdefault("labels", "{name: abc}")
    return workload("Deployment", spec, pod, **kw)


ROLLING = "strategy:\n  type: RollingUpdate\n  rollingUpdate:\n"


def rolling(**fields: str) -> str:
    return ROLLING + "".join(f"    {name}: {value}\n" for name, value in fields.items())


def ds_rolling(unavailable: str | None, surge: str | None, mark: str = "") -> str:
    """A DaemonSet RollingUpdate strategy; `mark` names the field the API rejects."""
    lines = ["updateStrategy:", "  type: RollingUpdate", "  rollingUpdate:"]
    for name, value in (("maxUnavailable", unavailable), ("maxSurge", surge)):
        if value is not None:
            lines.append(f"    {name}: {value}" + (MARK if name == mark else ""))
    return "\n".join(lines) + "\n"


def sts(spec: str = "", pod: str = "", **kw) -> str:
    """TestValidateStatefulSet's mkStatefulSet: OrderedReady, RollingUpdate, selector a=b."""
    base = "podManagementPolicy: OrderedReady\nupdateStrategy: {type: RollingUpdate}\n"
    return workload("StatefulSet", base + spec if "updateStrategy" not in spec else spec, pod, **kw)


def sts_rolling(fields: str, kind: str = "RollingUpdate") -> str:
    return (f"replicas: 3\nupdateStrategy:\n  type: {kind}\n  rollingUpdate:\n"
            + "".join(f"    {line}\n" for line in fields.splitlines()))


CASES = [
    # -- Deployment
    Case("TestValidateDeployment/validDeployment", deployment(rolling(maxSurge="1", maxUnavailable="1"))),
    Case("TestValidateDeployment/host network with a container port", deployment(
        rolling(maxSurge="1", maxUnavailable="1"), "hostNetwork: true\n",
    ).replace("imagePullPolicy: IfNotPresent}", "imagePullPolicy: IfNotPresent,\n"
              "           ports: [{containerPort: 12345, protocol: TCP}]}")),
    Case("TestValidateDeploymentUpdate/positive replicas", deployment("replicas: 1\nstrategy: {type: Recreate}\n")),
    Case("TestValidateDeployment/`selector` does not match template `labels`",
         deployment(selector="matchLabels: {name: def}", labels="{name: abc}" + MARK)),
    Case("TestValidateDeployment/Unsupported value: \"Never\"", deployment(pod="restartPolicy: Never" + MARK + "\n")),
    Case("TestValidateDeployment/supported values: \"Recreate\", \"RollingUpdate\"",
         deployment("strategy:\n  type: randomType" + MARK + "\n")),
    Case("TestValidateDeployment/may not be specified when strategy `type` is 'Recreate'",
         deployment("strategy:\n  type: Recreate\n  rollingUpdate: {}" + MARK + "\n")),
    Case("TestValidateDeployment/a valid percent string must be",
         deployment(rolling(maxSurge="20Percent" + MARK))),
    Case("TestValidateDeployment/may not be 0 when `maxSurge` is 0",
         deployment(rolling(maxSurge="0%", maxUnavailable="0" + MARK))),
    Case("TestValidateDeployment/must not be greater than 100%",
         deployment(rolling(maxUnavailable="110%" + MARK))),
    Case("TestValidateDeployment/must be greater than minReadySeconds",
         deployment("minReadySeconds: 600\nprogressDeadlineSeconds: 600" + MARK + "\n")),
    Case("TestValidateDeployment/ephemeral containers not allowed", deployment(
        pod="ephemeralContainers:" + MARK + "\n  - {name: ec, image: image, imagePullPolicy: IfNotPresent}\n")),
    Case("TestValidateDeploymentUpdate/negative replicas", deployment("replicas: -1" + MARK + "\n")),
    Case("ValidateDeploymentSpec/selector is required", deployment(selector=None).replace(
        "spec:\n  template", "spec:" + MARK + "\n  template")),
    Case("ValidateDeploymentSpec/empty selector is invalid for deployment",
         deployment(selector="").replace("  selector: {}", "  selector: {}" + MARK)),
    Case("ValidateDeploymentSpec/empty matchLabels is an empty selector",
         deployment(selector="matchLabels: {}").replace("{matchLabels: {}}", "{matchLabels: {}}" + MARK)),
    Case("ValidateDeploymentSpec/selector by matchExpressions",
         deployment(selector="matchExpressions: [{key: name, operator: In, values: [abc, def]}]")),
    Case("ValidateDeploymentSpec/zero replicas and history", deployment("replicas: 0\nrevisionHistoryLimit: 0\n")),
    Case("ValidateDeploymentSpec/negative minReadySeconds", deployment("minReadySeconds: -1" + MARK + "\n")),
    Case("ValidateDeploymentSpec/negative revisionHistoryLimit",
         deployment("revisionHistoryLimit: -1" + MARK + "\n")),
    Case("ValidateDeploymentSpec/negative progressDeadlineSeconds",
         deployment("progressDeadlineSeconds: -1" + MARK + "\n")),
    Case("ValidateDeploymentSpec/progressDeadlineSeconds above minReadySeconds",
         deployment("minReadySeconds: 30\nprogressDeadlineSeconds: 60\n")),
    Case("ValidateDeploymentSpec/minReadySeconds below the default progressDeadlineSeconds",
         deployment("minReadySeconds: 599\n")),
    Case("ValidateDeploymentSpec/minReadySeconds reaches the default progressDeadlineSeconds (600)",
         deployment("minReadySeconds: 900" + MARK + "\n")),
    Case("ValidateDeploymentSpec/replicas is an int32, not a string", deployment("replicas: '3'" + MARK + "\n")),
    Case("ValidateDeploymentStrategy/Recreate without rollingUpdate", deployment("strategy: {type: Recreate}\n")),
    Case("ValidateDeploymentStrategy/Recreate with a null rollingUpdate",
         deployment("strategy:\n  type: Recreate\n  rollingUpdate:\n")),
    Case("ValidateDeploymentStrategy/type defaults to RollingUpdate", deployment(
        "strategy:\n  rollingUpdate: {maxSurge: 2, maxUnavailable: 0}\n")),
    Case("ValidateDeploymentStrategy/type is case-sensitive", deployment("strategy:\n  type: recreate" + MARK + "\n")),
    Case("ValidateRollingUpdateDeployment/maxSurge may exceed 100%", deployment(rolling(maxSurge="200%"))),
    Case("ValidateRollingUpdateDeployment/maxUnavailable 0 with maxSurge defaulted to 25%",
         deployment(rolling(maxUnavailable="0"))),
    Case("ValidateRollingUpdateDeployment/maxSurge 0 with maxUnavailable defaulted to 25%",
         deployment(rolling(maxSurge="0"))),
    Case("ValidateRollingUpdateDeployment/100% unavailable", deployment(rolling(maxUnavailable="100%", maxSurge="0"))),
    Case("ValidatePositiveIntOrPercent/a quoted number is no percentage",
         deployment(rolling(maxSurge="'1'" + MARK))),
    Case("ValidatePositiveIntOrPercent/negative integer", deployment(rolling(maxUnavailable="-1" + MARK))),
    Case("ValidatePositiveIntOrPercent/a fraction is neither", deployment(rolling(maxSurge="1.5" + MARK))),
    # -- ReplicaSet
    Case("TestValidateReplicaSet/abc", workload("ReplicaSet")),
    Case("TestValidateReplicaSet/abc-123", workload("ReplicaSet", name="abc-123")),
    Case("TestValidateReplicaSet/hostnet", workload("ReplicaSet", pod="hostNetwork: true\n")),
    Case("TestValidateReplicaSet/replicas 1", workload("ReplicaSet", "replicas: 1\n")),
    Case("TestValidateReplicaSet/empty selector", workload("ReplicaSet", selector=None).replace(
        "spec:\n", "spec:" + MARK + "\n", 1)),
    Case("TestValidateReplicaSet/selector_doesnt_match",
         workload("ReplicaSet", selector="matchLabels: {foo: bar}", labels="{a: b}" + MARK)),
    Case("TestValidateReplicaSet/negative_replicas", workload("ReplicaSet", "replicas: -1" + MARK + "\n")),
    Case("TestValidateReplicaSet/invalid restart policy 1",
         workload("ReplicaSet", pod="restartPolicy: OnFailure" + MARK + "\n")),
    Case("TestValidateReplicaSet/invalid restart policy 2",
         workload("ReplicaSet", pod="restartPolicy: Never" + MARK + "\n")),
    Case("ValidateReplicaSetSpec/negative minReadySeconds",
         workload("ReplicaSet", "minReadySeconds: -5" + MARK + "\n")),
    Case("ValidatePodTemplateSpecForReplicaSet/activeDeadlineSeconds",
         workload("ReplicaSet", pod="activeDeadlineSeconds: 60" + MARK + "\n")),
    # -- ReplicationController
    Case("TestValidateReplicationController/abc", rc()),
    Case("TestValidateReplicationController/abc-123", rc().replace("name: abc", "name: abc-123")),
    Case("TestValidateReplicationController/replicas 1", rc("replicas: 1\n")),
    # Go leaves the selector nil; the v1 defaults copy the template's labels into it.
    Case("TestValidateReplicationController/empty selector (defaulted from the labels)", rc(selector=None)),
    Case("ValidateNonEmptySelector/no selector and no template labels", rc(selector=None, labels=None).replace(
        "spec:\n", "spec:" + MARK + "\n", 1)),
    Case("TestValidateReplicationController/selector_doesnt_match", rc(selector="{foo: bar}", labels="{a: b}" + MARK)),
    Case("TestValidateReplicationController/negative_replicas", rc("replicas: -1" + MARK + "\n")),
    Case("TestValidateReplicationController/invalid restart policy 1",
         rc(pod="restartPolicy: OnFailure" + MARK + "\n")),
    Case("TestValidateReplicationController/invalid restart policy 2", rc(pod="restartPolicy: Never" + MARK + "\n")),
    Case("ValidatePodTemplateSpecForRC/activeDeadlineSeconds", rc(pod="activeDeadlineSeconds: 5" + MARK + "\n")),
    Case("ValidateReplicationControllerSpec/negative minReadySeconds", rc("minReadySeconds: -1" + MARK + "\n")),
    # -- DaemonSet
    Case("TestValidateDaemonSet/abc", workload("DaemonSet", "updateStrategy: {type: OnDelete}\n")),
    Case("TestValidateDaemonSet/abc-123", workload("DaemonSet", "updateStrategy: {type: OnDelete}\n", name="abc-123")),
    Case("TestValidateDaemonSet/hostnet", workload("DaemonSet", "updateStrategy: {type: OnDelete}\n",
                                                   "hostNetwork: true\n", name="hostnet")),
    Case("TestValidateDaemonSet/nil selector", workload("DaemonSet", selector=None, labels="{a: b}" + MARK)),
    Case("TestValidateDaemonSet/empty selector",
         workload("DaemonSet", selector="").replace("  selector: {}", "  selector: {}" + MARK)),
    Case("TestValidateDaemonSet/selector_doesnt_match",
         workload("DaemonSet", selector="matchLabels: {foo: bar}", labels="{a: b}" + MARK)),
    Case("TestValidateDaemonSet/invalid restart policy 1",
         workload("DaemonSet", pod="restartPolicy: OnFailure" + MARK + "\n")),
    Case("TestValidateDaemonSet/invalid restart policy 2",
         workload("DaemonSet", pod="restartPolicy: Never" + MARK + "\n")),
    Case("TestValidateDaemonSet/template may not contain ephemeral containers", workload(
        "DaemonSet", "updateStrategy: {type: OnDelete}\n", "ephemeralContainers:" + MARK + "\n"
        "  - {name: debug, image: image, imagePullPolicy: IfNotPresent, terminationMessagePolicy: File}\n")),
    Case("TestDaemonSetUpdateMaxSurge/invalid: unset", workload("DaemonSet", ds_rolling("0", "0", "maxUnavailable"))),
    Case("TestDaemonSetUpdateMaxSurge/invalid: zero percent",
         workload("DaemonSet", ds_rolling("'0%'", "0", "maxUnavailable"))),
    Case("TestDaemonSetUpdateMaxSurge/valid: one", workload("DaemonSet", ds_rolling("1", "0"))),
    Case("TestDaemonSetUpdateMaxSurge/valid: one percent", workload("DaemonSet", ds_rolling("1%", "0"))),
    Case("TestDaemonSetUpdateMaxSurge/valid: 100%", workload("DaemonSet", ds_rolling("100%", "0"))),
    Case("TestDaemonSetUpdateMaxSurge/invalid: greater than 100%",
         workload("DaemonSet", ds_rolling("101%", "0", "maxUnavailable"))),
    Case("TestDaemonSetUpdateMaxSurge/valid: surge and unavailable set (an error)",
         workload("DaemonSet", ds_rolling("1%", "1%", "maxSurge"))),
    Case("TestDaemonSetUpdateMaxSurge/invalid: surge enabled, surge zero percent",
         workload("DaemonSet", ds_rolling("0", "0%", "maxUnavailable"))),
    Case("TestDaemonSetUpdateMaxSurge/valid: surge enabled, surge one", workload("DaemonSet", ds_rolling("0", "1"))),
    Case("TestDaemonSetUpdateMaxSurge/valid: surge enabled, surge one percent",
         workload("DaemonSet", ds_rolling("0", "1%"))),
    Case("TestDaemonSetUpdateMaxSurge/valid: surge enabled, surge 100%",
         workload("DaemonSet", ds_rolling("0", "100%"))),
    Case("TestDaemonSetUpdateMaxSurge/invalid: surge enabled, surge greater than 100%",
         workload("DaemonSet", ds_rolling("0", "101%", "maxSurge"))),
    Case("TestDaemonSetUpdateMaxSurge/invalid: surge enabled, surge and unavailable mixed zero",
         workload("DaemonSet", ds_rolling("0", "0%", "maxUnavailable"))),
    Case("ValidateRollingUpdateDaemonSet/maxSurge alone meets the default maxUnavailable of 1",
         workload("DaemonSet", ds_rolling(None, "1", "maxSurge"))),
    Case("ValidateRollingUpdateDaemonSet/maxUnavailable 0 alone meets the default maxSurge of 0",
         workload("DaemonSet", ds_rolling("0", None, "maxUnavailable"))),
    Case("ValidateRollingUpdateDaemonSet/empty rollingUpdate takes the defaults",
         workload("DaemonSet", "updateStrategy:\n  type: RollingUpdate\n  rollingUpdate: {}\n")),
    Case("ValidateDaemonSetUpdateStrategy/OnDelete ignores rollingUpdate", workload(
        "DaemonSet", "updateStrategy:\n  type: OnDelete\n  rollingUpdate: {maxSurge: 1}\n")),
    Case("ValidateDaemonSetUpdateStrategy/unsupported type",
         workload("DaemonSet", "updateStrategy:\n  type: Recreate" + MARK + "\n")),
    Case("ValidateDaemonSetSpec/negative minReadySeconds",
         workload("DaemonSet", "minReadySeconds: -1" + MARK + "\n")),
    Case("ValidateDaemonSetSpec/negative revisionHistoryLimit",
         workload("DaemonSet", "revisionHistoryLimit: -1" + MARK + "\n")),
    # -- StatefulSet
    Case("TestValidateStatefulSet/alpha name", sts()),
    Case("TestValidateStatefulSet/alphanumeric name", sts(name="abc-123")),
    Case("TestValidateStatefulSet/hostNetwork true", sts(pod="hostNetwork: true\n")),
    Case("TestValidateStatefulSet/parallel pod management",
         sts("podManagementPolicy: Parallel\nupdateStrategy: {type: RollingUpdate}\n")),
    Case("TestValidateStatefulSet/ordered ready pod management", sts("replicas: 3\n")),
    Case("TestValidateStatefulSet/update strategy", sts(sts_rolling("partition: 2"))),
    Case("TestValidateStatefulSet/PVC policy", sts(
        "persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete, whenScaled: Retain}\n")),
    Case("TestValidateStatefulSet/maxUnavailable with parallel pod management",
         sts(sts_rolling("partition: 2\nmaxUnavailable: 2"))),
    Case("TestValidateStatefulSet/ordinals.start positive value", sts("replicas: 3\nordinals: {start: 2}\n")),
    Case("TestValidateStatefulSet/name-with-dots", sts().replace("name: abc", "name: abc.123" + MARK, 1)),
    Case("TestValidateStatefulSet/long name", sts(name="a" * 64).replace("a" * 64, "a" * 64 + MARK, 1)),
    Case("TestValidateStatefulSet/empty selector", sts(selector=None).replace("spec:\n", "spec:" + MARK + "\n", 1)),
    Case("TestValidateStatefulSet/selector_doesnt_match",
         sts(selector="matchLabels: {foo: bar}", labels="{a: b}" + MARK)),
    Case("TestValidateStatefulSet/negative_replicas", sts("replicas: -1" + MARK + "\n")),
    Case("TestValidateStatefulSet/invalid restart policy 1", sts(pod="restartPolicy: OnFailure" + MARK + "\n")),
    Case("TestValidateStatefulSet/invalid restart policy 2", sts(pod="restartPolicy: Never" + MARK + "\n")),
    Case("TestValidateStatefulSet/invalid update strategy",
         sts("replicas: 3\nupdateStrategy:\n  type: foo" + MARK + "\n")),
    # Go's "" is the v1 default's trigger: RollingUpdate.
    Case("TestValidateStatefulSet/empty update strategy (defaulted)", sts("updateStrategy: {type: ''}\n")),
    Case("TestValidateStatefulSet/invalid rolling update", sts(
        "replicas: 3\nupdateStrategy:\n  type: OnDelete\n  rollingUpdate:" + MARK + "\n    partition: 1\n")),
    Case("TestValidateStatefulSet/negative partition", sts(sts_rolling("partition: -1" + MARK))),
    Case("TestValidateStatefulSet/empty pod management policy (defaulted)", sts("podManagementPolicy: ''\n"
                                                                                "updateStrategy: {}\n")),
    Case("TestValidateStatefulSet/invalid pod management policy",
         sts("podManagementPolicy: foo" + MARK + "\nupdateStrategy: {type: RollingUpdate}\n")),
    Case("TestValidateStatefulSet/set active deadline seconds",
         sts("replicas: 3\n", "activeDeadlineSeconds: 60" + MARK + "\n")),
    Case("TestValidateStatefulSet/empty PersistentVolumeClaimRetentionPolicy (defaulted to Retain)",
         sts("persistentVolumeClaimRetentionPolicy: {}\n")),
    Case("TestValidateStatefulSet/invalid PersistentVolumeClaimRetentionPolicy", sts(
        "persistentVolumeClaimRetentionPolicy:\n  whenDeleted: invalid-retention-policy" + MARK + "\n"
        "  whenScaled: invalid-retention-policy\n")),
    Case("TestValidateStatefulSet/zero maxUnavailable", sts(sts_rolling("maxUnavailable: 0" + MARK))),
    Case("TestValidateStatefulSet/zero percent maxUnavailable", sts(sts_rolling("maxUnavailable: 0%" + MARK))),
    Case("TestValidateStatefulSet/greater than 100 percent maxUnavailable",
         sts(sts_rolling("maxUnavailable: 101%" + MARK))),
    Case("TestValidateStatefulSet/invalid ordinals.start",
         sts("replicas: 3\nordinals:\n  start: -2" + MARK + "\n")),
    Case("TestValidateStatefulSetMinReadySeconds/valid : minReadySeconds enabled, zero", sts("minReadySeconds: 0\n")),
    Case("TestValidateStatefulSetMinReadySeconds/invalid : minReadySeconds enabled, negative",
         sts("minReadySeconds: -1" + MARK + "\n")),
    Case("TestValidateStatefulSetMinReadySeconds/valid : minReadySeconds enabled, very large value",
         sts("minReadySeconds: 2147483647\n")),
    Case("TestValidateStatefulSetMinReadySeconds/invalid : minReadySeconds enabled, large negative",
         sts("minReadySeconds: -2147483648" + MARK + "\n")),
    Case("ValidateStatefulSetName/dots were allowed before 1.27", sts().replace("name: abc", "name: abc.123", 1),
         version="1.26"),
    Case("ValidatePersistentVolumeClaimRetentionPolicy/dropped while StatefulSetAutoDeletePVC is off (1.26)",
         sts("persistentVolumeClaimRetentionPolicy: {whenDeleted: Keep}\n"), version="1.26"),
    Case("validateRollingUpdateStatefulSet/maxUnavailable dropped while MaxUnavailableStatefulSet is off (1.36)",
         sts(sts_rolling("maxUnavailable: 0")), version="1.36"),
    Case("ValidateStatefulSetSpec/ordinals dropped while StatefulSetStartOrdinal is off (1.26)",
         sts("ordinals: {start: -2}\n"), version="1.26"),
    Case("ValidateStatefulSetSpec/serviceName is not validated (the Pods are)",
         sts("serviceName: My_Service\n")),
    Case("ValidateStatefulSetSpec/maxUnavailable is an int or a percentage",
         sts(sts_rolling("maxUnavailable: two" + MARK))),
    Case("ValidateDeploymentSpec/selector under matchExpressions and matchLabels", deployment(
        selector="matchLabels: {name: abc}, matchExpressions: [{key: tier, operator: DoesNotExist}]")),
    Case("ValidateDeploymentSpec/selector NotIn a label the template lacks",
         deployment(selector="matchExpressions: [{key: tier, operator: NotIn, values: [db]}]")),
    Case("ValidateDeploymentSpec/paused is a boolean", deployment("paused: true\n")),
    Case("ValidateDeploymentSpec/paused written as a string", deployment("paused: 'true'" + MARK + "\n")),
    Case("ValidateRollingUpdateDeployment/percentages on both sides",
         deployment(rolling(maxSurge="50%", maxUnavailable="0%"))),
    Case("ValidateRollingUpdateDeployment/null fields take the defaults",
         deployment(rolling(maxSurge="null", maxUnavailable="null"))),
    Case("ValidateReplicaSetSpec/zero replicas", workload("ReplicaSet", "replicas: 0\nminReadySeconds: 10\n")),
    Case("ValidateReplicaSetSpec/selector by matchExpressions",
         workload("ReplicaSet", selector="matchExpressions: [{key: a, operator: Exists}]")),
    Case("ValidateReplicationControllerSpec/an empty selector is defaulted from the labels", rc(selector="{}")),
    Case("ValidateDaemonSetSpec/history and readiness", workload("DaemonSet", "minReadySeconds: 5\n"
                                                                           "revisionHistoryLimit: 0\n")),
    Case("ValidateDaemonSetUpdateStrategy/type defaults to RollingUpdate",
         workload("DaemonSet", "updateStrategy:\n  rollingUpdate: {maxUnavailable: 10%}\n")),
    Case("ValidateStatefulSetSpec/OnDelete without rollingUpdate", sts("updateStrategy: {type: OnDelete}\n")),
    Case("ValidateStatefulSetSpec/rollingUpdate with the type defaulted",
         sts("updateStrategy:\n  rollingUpdate: {partition: 0}\n")),
    Case("ValidateStatefulSetSpec/volumeClaimTemplates and a headless service", sts(
        "serviceName: abc\nvolumeClaimTemplates:\n  - metadata: {name: data}\n"
        "    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n")),
    # -- templates of every kind
    Case("ValidatePodTemplateSpec/activeDeadlineSeconds is for Pods",
         wrap("Pod", "activeDeadlineSeconds: 60\n" + CONTAINERS)),
    Case("ValidatePodTemplateSpec/activeDeadlineSeconds in a Job's template",
         wrap("Job", "restartPolicy: Never\nactiveDeadlineSeconds: 60\n" + CONTAINERS)),
    Case("ValidatePodTemplateSpec/activeDeadlineSeconds in a PodTemplate",
         wrap("PodTemplate", "activeDeadlineSeconds: 60\n" + CONTAINERS)),
    Case("ValidatePodTemplateSpecForReplicaSet/activeDeadlineSeconds in a Deployment",
         wrap("Deployment", "activeDeadlineSeconds: 60" + MARK + "\n" + CONTAINERS)),
    Case("ValidatePodTemplate/ephemeral containers not allowed in pod template", wrap(
        "PodTemplate", CONTAINERS + "ephemeralContainers:" + MARK + "\n  - {name: debug, image: busybox:1.36}\n")),
    Case("ValidatePodTemplateSpec/ephemeral containers in a Job's template", wrap(
        "Job", "restartPolicy: Never\n" + CONTAINERS + "ephemeralContainers:" + MARK
        + "\n  - {name: debug, image: busybox:1.36}\n")),
    Case("ValidatePodCreate/ephemeral containers cannot be set on create", wrap(
        "Pod", CONTAINERS + "ephemeralContainers:" + MARK + "\n  - {name: debug, image: busybox:1.36}\n")),
    Case("ValidatePodTemplateSpec/an empty ephemeralContainers list", wrap(
        "Deployment", CONTAINERS + "ephemeralContainers: []\n")),
]


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_case(case: Case):
    assert problem(case) is None


def test_the_table_is_balanced():
    rejects = sum(c.rejected_line is not None for c in CASES)
    assert len(CASES) >= 80 and abs(2 * rejects - len(CASES)) <= len(CASES) // 5


def test_a_selector_mismatch_lands_on_the_template_label_at_fault():
    text = deployment(selector="matchLabels: {name: def}", labels="\n        name: abc\n        tier: web")
    [hit] = errors(Case("mismatch", text))
    assert hit.rule == "selector-mismatch" and text.splitlines()[hit.start[0]].strip() == "name: abc"


def test_findings_about_absent_fields_are_dropped_in_a_patch():
    patch = "\n".join(["apiVersion: apps/v1", "kind: Deployment", "metadata: {name: abc}", "spec:",
                       "  minReadySeconds: 900", "  template:", "    spec:", "      containers:",
                       "        - {name: abc, image: image}", "        - {$patch: delete, name: old}", ""])
    assert errors(Case("patch", patch)) == []
    assert {f.rule for f in errors(Case("object", patch.replace("        - {$patch: delete, name: old}\n", "")))} == {
        "workload-selector", "deployment-spec"}


def test_enum_values_offer_the_close_one():
    [hit] = errors(Case("typo", deployment("strategy: {type: Recreat}\n")))
    assert [fix.title for fix in hit.fixes] == ["Change to Recreate"]
