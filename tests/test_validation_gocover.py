"""The named cases of Kubernetes' own validation tests that no other table translated: a pass
over TestValidatePodSpec, TestValidatePod, TestValidateContainers, TestValidateInitContainers and
TestValidateEphemeralContainers (pkg/apis/core/validation/validation_test.go), and the workload
tests of pkg/apis/apps/validation and pkg/apis/batch/validation, case name by case name.

The Go tests call the validation functions on internal objects with every field set; a manifest
goes through the v1 defaults first, so a case that only fails for a field the defaults fill in
says so in its name, and one that depends on a feature gate runs at a version where the gate has
the state the Go test sets. Left out: update-only and status cases, and those that need the
cluster (the `privilege disabled` case turns AllowPrivileged off, which kube-apiserver's
`--allow-privileged` decides). Ephemeral containers are refused when a Pod is created, so
TestValidateEphemeralContainers gives rejects only. The other pod spec tests beside these are in
tests/test_validation_gocover_pod.py."""

from __future__ import annotations

import re

import pytest
from test_validation_audit import C, R, annotated_pod, cases
from test_validation_batch import POD as JOB_POD
from test_validation_batch import cronjob, job
from test_validation_podspec import ephemeral
from validation_table import Case, case_ids, problem
from workloads import wrap

ACCEPTED = ("Pod", "Deployment")
"""Where an accept that is not the Pod's alone runs: a Pod and a template."""


def container(fields: str, name: str = "app", image: str = "nginx:1.27") -> str:
    """A pod spec whose one container has `fields` (written at the container's indentation)."""
    return f"containers:\n- name: {name}\n  image: {image}\n" + "".join(
        f"  {line}\n" for line in fields.splitlines())


def init(fields: str, name: str = "init") -> str:
    """A pod spec with one init container carrying `fields`, and the app container."""
    return f"initContainers:\n- name: {name}\n  image: busybox:1.36\n" + "".join(
        f"  {line}\n" for line in fields.splitlines()) + C


E = "TestValidateEphemeralContainers"
EPHEMERAL = [
    Case(f"{E}/Name Collision with EphemeralContainers",
         ephemeral(f"- name: debug{R}\n  image: busybox:1.36\n")),
    Case(f"{E}/Targets an ephemeral container",
         ephemeral(f"- name: debugception\n  image: busybox:1.36\n  targetContainerName: debug{R}\n")),
    *[Case(f"{E}/Forbidden RestartPolicy: {title}", ephemeral(f"  restartPolicy: {value}{R}\n"))
      for title, value in (("OnFailure", "OnFailure"), ("Never", "Never"), ("invalid", "invalid"),
                           ("empty", "''"))],
]

TC = "TestValidateContainers"
CONTAINERS = [
    *[c for name in ("zero-length-image", "zero-length image")
      for c in cases(f"{TC}/{name}", container("").replace("image: nginx:1.27", f"image: ''{R}"))],
    *cases(f"{TC}/unknown volume name", container(f"volumeMounts:\n- name: anything{R}\n  mountPath: /foo")),
    *cases(f"{TC}/invalid env var name (strict names before RelaxedEnvironmentVariableValidation, 1.31)",
           container(f"env:\n- name: ev!1{R}"), version="1.31"),
    *cases(f"{TC}/invalid message termination policy", container(f"terminationMessagePolicy: Unknown{R}")),
    *cases(f"{TC}/invalid compute resource", container(f"resources:\n  limits:\n    disk: 10G{R}")),
    *cases(f"{TC}/Resource CPU invalid", container(f"resources:\n  limits:\n    cpu: '-10'{R}\n    memory: '0'")),
    *cases(f"{TC}/Resource Requests CPU invalid",
           container(f"resources:\n  requests:\n    cpu: '-10'{R}\n    memory: '0'")),
    *cases(f"{TC}/Resource Memory invalid",
           container(f"resources:\n  limits:\n    cpu: '0'\n    memory: '-10'{R}")),
    *cases(f"{TC}/CPU request limit multiple invalid",
           container(f"resources:\n  limits: {{cpu: '5', memory: '3'}}\n  requests: {{cpu: '6', memory: '3'}}{R}")),
    *cases(f"{TC}/Memory request limit multiple invalid",
           container(f"resources:\n  limits: {{cpu: '5', memory: '3'}}\n  requests: {{cpu: '5', memory: '4'}}{R}")),
    *cases(f"{TC}/Invalid env from", container(f"envFrom:\n- configMapRef:\n    name: $%^&*#{R}")),
    *cases(f"{TC}/Unsupported resize policy for memory",
           container(f"resizePolicy:\n- {{resourceName: memory, restartPolicy: RestartContainerrrr}}{R}")),
    *cases(f"{TC}/Unsupported resize policy for CPU",
           container(f"resizePolicy:\n- {{resourceName: cpu, restartPolicy: RestartNotRequired}}{R}")),
    # Before ContainerRestartRules (beta, on, in 1.35) a regular container takes no restartPolicy.
    *[c for title, value in (("OnFailure", "OnFailure"), ("Never", "Never"), ("invalid", "invalid"),
                             ("empty", "''"))
      for c in cases(f"{TC}/Forbidden RestartPolicy: {title} (1.33)", container(f"restartPolicy: {value}{R}"),
                     version="1.33")],
    *cases(f"{TC}/successCase: a whitespace image in a template (backwards compatibility)",
           container("").replace("image: nginx:1.27", "image: ' some  '"), ("Deployment", "Job")),
    *cases(f"{TC}/successCase: resources-request-limit-partials",
           container("resources:\n  requests: {cpu: '9.5', memory: 10G}\n"
                     "  limits: {cpu: '10', my.org/resource: '10'}")),
    *cases(f"{TC}/successCase: same-host-port-different-protocol",
           container("ports:\n- {containerPort: 80, hostPort: 80, protocol: TCP}\n"
                     "- {containerPort: 80, hostPort: 80, protocol: UDP}")),
    *cases(f"{TC}/successCase: fallback-to-logs-termination-message",
           container("terminationMessagePolicy: FallbackToLogsOnError")),
    *cases(f"{TC}/successCase: resize-policy-cpu-and-mem",
           container("resizePolicy:\n- {resourceName: memory, restartPolicy: NotRequired}\n"
                     "- {resourceName: cpu, restartPolicy: RestartContainer}"), ACCEPTED),
    *cases("TestValidateResizePolicy/InvalidMemoryPolicyWithPodRestartPolicy (a Job's restartPolicy Never)",
           container(f"resizePolicy:\n- {{resourceName: cpu, restartPolicy: RestartContainer}}{R}\n"
                     "- {resourceName: memory, restartPolicy: NotRequired}"), ("Job", "CronJob")),
]

SUCCESS_CONTAINERS = """\
containers:
- {name: abc, image: image}
- {name: def, image: ' '}
- {name: ghi, image: ' some  '}
- {name: '123', image: image}
- {name: abc-123, image: image}
- {name: life-123, image: image, lifecycle: {preStop: {exec: {command: [ls, -l]}}}}
- {name: resources-test, image: image, resources: {limits: {cpu: '10', memory: 10G, my.org/resource: '10'}}}
- name: resources-test-with-request-and-limit
  image: image
  resources: {requests: {cpu: '10', memory: 10G}, limits: {cpu: '10', memory: 10G}}
- {name: resources-request-limit-simple, image: image, resources: {requests: {cpu: '8'}, limits: {cpu: '10'}}}
- name: resources-request-limit-edge
  image: image
  resources:
    requests: {cpu: '10', memory: 10G, my.org/resource: '10'}
    limits: {cpu: '10', memory: 10G, my.org/resource: '10'}
- {name: resources-request, image: image, resources: {requests: {cpu: '9.5', memory: 10G}}}
- name: resources-resize-policy
  image: image
  resizePolicy:
  - {resourceName: cpu, restartPolicy: NotRequired}
  - {resourceName: memory, restartPolicy: RestartContainer}
- {name: file-termination-message, image: image, terminationMessagePolicy: File}
- {name: env-from-source, image: image, envFrom: [{configMapRef: {name: test}}]}
- {name: abc-1234, image: image, securityContext: {privileged: true}}
- {name: live-123, image: image, livenessProbe: {tcpSocket: {port: 80}, successThreshold: 1}}
- {name: startup-123, image: image, startupProbe: {tcpSocket: {port: 80}, successThreshold: 1}}
- {name: resize-policy-cpu, image: image, resizePolicy: [{resourceName: cpu, restartPolicy: NotRequired}]}
- {name: resize-policy-mem, image: image, resizePolicy: [{resourceName: memory, restartPolicy: RestartContainer}]}
"""
"""TestValidateContainers' successCase: one list, validated together (a template, so the whitespace images pass)."""
TOGETHER = [Case(f"{TC}/successCase (the whole list, in a Deployment)", wrap("Deployment", SUCCESS_CONTAINERS))]

TI = "TestValidateInitContainers"
INIT = [
    *cases(f"{TI}/name collision with regular container", init("", f"app{R}")),
    *cases(f"{TI}/duplicate names", f"initContainers:\n- name: init\n  image: busybox:1.36\n"
                                    f"- name: init{R}\n  image: busybox:1.36\n" + C),
    # Before ContainerRestartRules an init container's restartPolicy may only be Always.
    *cases(f"{TI}/Not supported RestartPolicy: OnFailure (1.33)", init(f"restartPolicy: OnFailure{R}"),
           version="1.33"),
    *cases(f"{TI}/Not supported RestartPolicy: Never (1.33)", init(f"restartPolicy: Never{R}"), version="1.33"),
    *cases(f"{TI}/Not supported RestartPolicy: invalid", init(f"restartPolicy: invalid{R}")),
    *cases(f"{TI}/successCase: container-2-same-host-port-different-protocol",
           init("ports:\n- {containerPort: 80, hostPort: 80, protocol: TCP}\n"
                "- {containerPort: 80, hostPort: 80, protocol: UDP}")),
    *cases(f"{TI}/successCase: container-4-allowed-resize-policy",
           init("resizePolicy:\n- {resourceName: cpu, restartPolicy: NotRequired}\nrestartPolicy: Always")),
]

PS = "TestValidatePodSpec"
POD_SPEC = [
    *cases(f"{PS}/populate basic fields, leave defaults for most", C),
    *cases(f"{PS}/populate RunAsUser SupplementalGroups FSGroup with minID 0",
           "securityContext:\n  supplementalGroups: [0]\n  runAsUser: 0\n  fsGroup: 0\n" + C),
    *cases(f"{PS}/populate FSGroupChangePolicy", "securityContext:\n  fsGroupChangePolicy: Always\n" + C),
    *cases(f"{PS}/bad volume", f"volumes:\n- {{}}{R}\n" + C),
    *cases(f"{PS}/bad-active-deadline-seconds", f"activeDeadlineSeconds: 0{R}\n" + C, ("Pod", "Job", "CronJob")),
    *cases(f"{PS}/active-deadline-seconds-too-large", f"activeDeadlineSeconds: 2147483648{R}\n" + C,
           ("Pod", "Job", "CronJob")),
    *cases(f"{PS}/ShareProcessNamespace and HostPID both set",
           f"hostPID: true\nshareProcessNamespace: true{R}\n" + C),
]

TOLERATIONS = "tolerations:\n- {toleration}\n" + C
TP = "TestValidatePod"
AA_CONTAINER = "container.apparmor.security.beta.kubernetes.io/ctr"
CTR = container("", "ctr")
POD = [
    *cases(f"{TP}/serialized pod anti affinity with different Label Operators in affinity requirements in annotations",
           "affinity:\n  podAntiAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
           "    - labelSelector: {matchExpressions: [{key: key2, operator: Exists}]}\n"
           "      topologyKey: zone\n      namespaces: [ns]\n"
           "    preferredDuringSchedulingIgnoredDuringExecution:\n    - weight: 10\n      podAffinityTerm:\n"
           "        labelSelector: {matchExpressions: [{key: key2, operator: DoesNotExist}]}\n"
           "        namespaces: [ns]\n        topologyKey: region\n" + C, ACCEPTED),
    *cases(f"{TP}/populate forgiveness tolerations with exists operator in annotations.", TOLERATIONS.format(
        toleration="{key: foo, operator: Exists, value: '', effect: NoExecute, tolerationSeconds: 60}"), ACCEPTED),
    *cases(f"{TP}/populate tolerations equal operator in annotations.", TOLERATIONS.format(
        toleration="{key: foo, operator: Equal, value: bar, effect: NoSchedule}"), ACCEPTED),
    *cases(f"{TP}/populate tolerations exists operator in annotations. (an emptyDir volume)",
           "volumes:\n- {name: vol, emptyDir: {}}\n" + C, ACCEPTED),
    *cases(f"{TP}/empty key with Exists operator is OK for toleration, empty toleration key means match all "
           "taint keys.", TOLERATIONS.format(toleration="{operator: Exists, effect: NoSchedule}"), ACCEPTED),
    *cases(f"{TP}/empty effect is OK for toleration, empty toleration effect means match all taint effects.",
           TOLERATIONS.format(toleration="{key: foo, operator: Equal, value: bar}"), ACCEPTED),
    Case(f"{TP}/runtime default seccomp profile",
         annotated_pod("seccomp.security.alpha.kubernetes.io/pod: runtime/default")),
    Case(f"{TP}/docker default seccomp profile", annotated_pod("seccomp.security.alpha.kubernetes.io/pod: unconfined")),
    *cases(f"{TP}/runtime default seccomp profile for a pod",
           "securityContext:\n  seccompProfile: {type: RuntimeDefault}\n" + C, ACCEPTED),
    *cases(f"{TP}/runtime default seccomp profile for a container",
           container("securityContext:\n  seccompProfile: {type: Unconfined}", "ctr"), ACCEPTED),
    *cases(f"{TP}/unconfined seccomp profile for a pod (the Go case sets RuntimeDefault)",
           "securityContext:\n  seccompProfile: {type: RuntimeDefault}\n" + C, ACCEPTED),
    *cases(f"{TP}/unconfined seccomp profile for a container",
           container("securityContext:\n  seccompProfile: {type: Unconfined}", "ctr"), ACCEPTED),
    *cases(f"{TP}/localhost seccomp profile for a pod",
           "securityContext:\n  seccompProfile: {type: Localhost, localhostProfile: filename.json}\n" + C, ACCEPTED),
    *cases(f"{TP}/localhost seccomp profile for a container, II",
           container("securityContext:\n  seccompProfile: {type: Localhost, localhostProfile: filename.json}", "ctr"),
           ACCEPTED),
    Case(f"{TP}/default AppArmor annotation for a container", annotated_pod(f"{AA_CONTAINER}: runtime/default", CTR)),
    Case(f"{TP}/localhost AppArmor annotation for a container", annotated_pod(f"{AA_CONTAINER}: localhost/foo", CTR)),
    *cases(f"{TP}/runtime default AppArmor profile for a pod",
           "securityContext:\n  appArmorProfile: {type: RuntimeDefault}\n" + C, ACCEPTED),
    *cases(f"{TP}/runtime default AppArmor profile for a container",
           container("securityContext:\n  appArmorProfile: {type: RuntimeDefault}", "ctr"), ACCEPTED),
    *cases(f"{TP}/unconfined AppArmor profile for a pod",
           "securityContext:\n  appArmorProfile: {type: Unconfined}\n" + C, ACCEPTED),
    *cases(f"{TP}/unconfined AppArmor profile for a container",
           container("securityContext:\n  appArmorProfile: {type: Unconfined}", "ctr"), ACCEPTED),
    *cases(f"{TP}/localhost AppArmor profile for a pod", "securityContext:\n  appArmorProfile:\n"
           "    {type: Localhost, localhostProfile: example-org/application-foo}\n" + C, ACCEPTED),
    *cases(f"{TP}/localhost AppArmor profile for a container field", container(
        "securityContext:\n  appArmorProfile: {type: Localhost, localhostProfile: example-org/application-foo}",
        "ctr"), ACCEPTED),
    Case(f"{TP}/matching AppArmor fields and annotations", annotated_pod(
        f"{AA_CONTAINER}: localhost/foo",
        container("securityContext:\n  appArmorProfile: {type: Localhost, localhostProfile: foo}", "ctr"))),
    Case(f"{TP}/matching AppArmor pod field and annotations", annotated_pod(
        f"{AA_CONTAINER}: localhost/foo",
        "securityContext:\n  appArmorProfile: {type: Localhost, localhostProfile: foo}\n" + CTR)),
    *cases(f"{TP}/syntactically valid sysctls", "securityContext:\n  sysctls:\n"
           "  - {name: kernel.shmmni, value: '32768'}\n  - {name: kernel.shmmax, value: '1000000000'}\n"
           "  - {name: knet.ipv4.route.min_pmtu, value: '1000'}\n" + C, ACCEPTED),
    *cases(f"{TP}/valid extended resources for init container",
           init("resources:\n  requests: {example.com/a: '10'}\n  limits: {example.com/a: '10'}", "valid-extended")),
    *cases(f"{TP}/valid extended resources for regular container",
           container("resources:\n  requests: {example.com/a: '10'}\n  limits: {example.com/a: '10'}")),
    *cases(f"{TP}/invalid weight in preferredDuringSchedulingIgnoredDuringExecution in pod affinity annotations, "
           "weight should be in range 1-100",
           "affinity:\n  podAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n"
           f"    - weight: 109{R}\n      podAffinityTerm:\n"
           "        labelSelector: {matchExpressions: [{key: key2, operator: NotIn, values: [value1, value2]}]}\n"
           "        namespaces: [ns]\n        topologyKey: region\n" + C),
    *cases(f"{TP}/invalid labelSelector in preferredDuringSchedulingIgnoredDuringExecution in podaffinity "
           "annotations, values should be empty if the operator is Exists",
           "affinity:\n  podAntiAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n    - weight: 10\n"
           "      podAffinityTerm:\n        labelSelector:\n          matchExpressions:\n"
           f"          - {{key: key2, operator: Exists, values: [value1, value2]}}{R}\n"
           "        namespaces: [ns]\n        topologyKey: region\n" + C),
    *cases(f"{TP}/invalid namespaceSelector in preferredDuringSchedulingIgnoredDuringExecution in podaffinity, "
           "In operator must include Values",
           "affinity:\n  podAntiAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n    - weight: 10\n"
           "      podAffinityTerm:\n        namespaceSelector:\n          matchExpressions:\n"
           f"          - {{key: key2, operator: In}}{R}\n        namespaces: [ns]\n        topologyKey: region\n" + C),
    Case(f"{TP}/must be a valid pod seccomp profile",
         annotated_pod(f"seccomp.security.alpha.kubernetes.io/pod: foo{R}")),
    Case(f"{TP}/must be a valid container seccomp profile",
         annotated_pod(f"container.seccomp.security.alpha.kubernetes.io/foo: foo{R}")),
    Case(f"{TP}/must match seccomp profile type and pod annotation", annotated_pod(
        "seccomp.security.alpha.kubernetes.io/pod: unconfined",
        f"securityContext:\n  seccompProfile:\n    type: RuntimeDefault{R}\n" + C)),
    Case(f"{TP}/must match seccomp profile type and container annotation", annotated_pod(
        "container.seccomp.security.alpha.kubernetes.io/ctr: unconfined",
        container(f"securityContext:\n  seccompProfile:\n    type: RuntimeDefault{R}", "ctr"))),
    Case(f"{TP}/must not start with '../'",
         annotated_pod(f"seccomp.security.alpha.kubernetes.io/pod: localhost/../foo{R}")),
    Case(f"{TP}/AppArmor profile format must be valid", annotated_pod(f"{AA_CONTAINER}: bad-name{R}", CTR)),
    *cases(f"{TP}/unsupported pod AppArmor profile type",
           f"securityContext:\n  appArmorProfile:\n    type: test{R}\n" + C),
    *cases(f"{TP}/unsupported container AppArmor profile type",
           container(f"securityContext:\n  appArmorProfile:\n    type: test{R}", "ctr")),
    *cases(f"{TP}/missing pod AppArmor profile type", f"securityContext:\n  appArmorProfile:\n    type: ''{R}\n" + C),
    *cases(f"{TP}/missing AppArmor localhost profile",
           f"securityContext:\n  appArmorProfile:\n    type: Localhost{R}\n" + C),
    *cases(f"{TP}/invalid AppArmor localhost profile type", "securityContext:\n  appArmorProfile:\n"
           f"    type: RuntimeDefault\n    localhostProfile: foo-bar{R}\n" + C),
    *cases(f"{TP}/invalid AppArmor localhost profile", "securityContext:\n  appArmorProfile:\n"
           f"    type: Localhost\n    localhostProfile: 'foo-bar '{R}\n" + C),
    Case(f"{TP}/mismatched AppArmor field and annotation types", annotated_pod(
        f"{AA_CONTAINER}: runtime/default",
        container(f"securityContext:\n  appArmorProfile:\n    type: Unconfined{R}", "ctr"))),
    Case(f"{TP}/mismatched AppArmor pod field and annotation types", annotated_pod(
        f"{AA_CONTAINER}: runtime/default", f"securityContext:\n  appArmorProfile:\n    type: Unconfined{R}\n" + CTR)),
    *cases(f"{TP}/invalid extended resource name in container request",
           container(f"resources:\n  requests:\n    invalid-name: '2'{R}\n  limits:\n    invalid-name: '2'")),
    *cases(f"{TP}/invalid extended resource requirement: request must be == limit",
           container(f"resources:\n  requests:\n    example.com/a: '2'{R}\n  limits:\n    example.com/a: '1'")),
    *cases(f"{TP}/invalid extended resource requirement without limit",
           container(f"resources:\n  requests:\n    example.com/a: '2'{R}")),
    *cases(f"{TP}/invalid fractional extended resource in container request",
           container(f"resources:\n  requests:\n    example.com/a: 500m{R}")),
    *cases(f"{TP}/invalid fractional extended resource in init container request",
           init(f"resources:\n  requests:\n    example.com/a: 500m{R}", "invalid")),
    *cases(f"{TP}/invalid fractional extended resource in container limit",
           container(f"resources:\n  requests:\n    example.com/a: '5'\n  limits:\n    example.com/a: '2.5'{R}")),
    *cases(f"{TP}/invalid required node affinity, value of NodeSelectorRequirement should be a valid label value",
           "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
           "      nodeSelectorTerms:\n      - matchExpressions:\n        - key: foo\n          operator: In\n"
           f"          values: ['-1']{R}\n" + C),
]

BAD_KEY = "NoUppercaseOrSpecialCharsLike=Equals"
APPS = ("StatefulSet", "DaemonSet", "ReplicaSet")


def with_metadata(kind: str, lines: str, spec: str = C) -> str:
    """A `kind` object whose own metadata also carries `lines` (written at metadata's indentation)."""
    return wrap(kind, spec).replace("metadata:\n", "metadata:\n" + "".join(
        f"  {line}\n" for line in lines.splitlines()), 1)


def without_template(kind: str) -> str:
    """A `kind` object whose spec stops before its template (`invalid manifest`, `invalid template`)."""
    text = wrap(kind, C)
    return text[:text.index("  template:\n")].replace("spec:\n", f"spec:{R}\n", 1)


def bad_labels_everywhere(kind: str) -> str:
    """`invalid_label 2`: the object's labels, the selector and the template's labels all take the bad key."""
    return with_metadata(kind, f"labels: {{'{BAD_KEY}': bar}}{R}").replace(
        "matchLabels: {app: a}", f"matchLabels: {{'{BAD_KEY}': b}}").replace(
        "labels: {app: a}", f"labels: {{'{BAD_KEY}': b}}")


WORKLOADS = [
    *[Case(f"TestValidate{kind}/zero-length ID", re.sub(r"(?m)^  name: .*$", f"  name: ''{R}", wrap(kind, C), count=1))
      for kind in ("DaemonSet", "ReplicaSet")],
    Case("TestValidateDeployment/metadata.name: Required value",
         wrap("Deployment", C).replace("metadata:\n  name: d\n", f"metadata:{R}\n  labels: {{app: a}}\n", 1)),
    *[Case(f"TestValidate{kind}/{name}", without_template(kind))
      for kind, name in (("DaemonSet", "invalid template"), ("ReplicaSet", "invalid manifest"))],
    *[Case(f"TestValidate{kind}/invalid_label", with_metadata(kind, f"labels: {{'{BAD_KEY}': bar}}{R}"))
      for kind in APPS],
    *[Case(f"TestValidate{kind}/invalid_label 2", bad_labels_everywhere(kind)) for kind in APPS],
    *[Case(f"TestValidate{kind}/invalid_annotation", with_metadata(kind, f"annotations: {{'{BAD_KEY}': bar}}{R}"))
      for kind in APPS],
    Case("TestValidateStatefulSet/empty restart policy (SetDefaults_PodSpec sets Always)",
         wrap("StatefulSet", "restartPolicy: ''\n" + C)),
    Case("TestDaemonSetUpdateMaxSurge/invalid: surge enabled, surge and unavailable set",
         wrap("DaemonSet", C).replace("spec:\n  selector:", "spec:\n  updateStrategy:\n    type: RollingUpdate\n"
                                      f"    rollingUpdate:\n      maxUnavailable: 1%\n      maxSurge: 1%{R}\n"
                                      "  selector:", 1)),
]

TJ = "TestValidateJob"
TCJ = "TestValidateCronJob"
UNSET_RESTART = JOB_POD.replace("restartPolicy: Never\n", "")
BATCH = [
    Case(f"{TJ}/valid job tracking annotation", job()),
    Case(f"{TJ}/spec.template.spec.restartPolicy: Required value (absent: SetDefaults_PodSpec sets Always)",
         job(pod=UNSET_RESTART).replace("    spec:\n", f"    spec:{R}\n", 1)),
    *[Case(f"{TCJ}/spec.jobTemplate.spec.{field}:must be greater than or equal to 0",
           cronjob(job_fields=f"{field}: -1{R}\n"))
      for field in ("parallelism", "completions", "activeDeadlineSeconds", "ttlSecondsAfterFinished")],
    Case(f"{TCJ}/spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value",
         cronjob(pod=JOB_POD.replace("restartPolicy: Never", f"restartPolicy: Invalid{R}"))),
    Case("TestValidateCronJobScheduleTZ/update not modifying TZ should work "
         "(create: cannot use TZ or CRON_TZ in schedule)", cronjob(f"schedule: 'TZ=UTC 0 * * * *'{R}\n")),
]

CASES = EPHEMERAL + CONTAINERS + TOGETHER + INIT + POD_SPEC + POD + WORKLOADS + BATCH


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_case(case):
    assert problem(case) is None
