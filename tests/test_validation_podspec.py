"""Pod spec cases the other tables left out, found by reading TestValidatePodSpec, TestValidatePod
and TestValidateInitContainers (pkg/apis/core/validation/validation_test.go) against them: the
containers list itself, images, the host network and lifecycle handlers the v1 defaults fill in.
Each runs in a Pod and in a Deployment's template unless the Go rule is the Pod's alone
(validateContainersOnlyForPod)."""

from __future__ import annotations

import pytest
from validation_table import Case, case_ids, problem
from workloads import wrap

KINDS = ("Pod", "Deployment")
R = "  # <- rejected"
C = "containers:\n- name: app\n  image: nginx:1.27\n"


def cases(source: str, spec: str, kinds: tuple[str, ...] = KINDS, version: str = "1.37") -> list[Case]:
    return [Case(f"{source} ({kind})", wrap(kind, spec), version) for kind in kinds]


SPEC = [
    *cases("TestValidatePodSpec/no containers", f"containers: []{R}\n"),
    *cases("TestValidatePodSpec/no containers (null)", f"containers:{R}\n"),
    *cases("TestValidatePodSpec/no containers, init containers only",
           f"initContainers:\n- name: init\n  image: busybox:1.36\ncontainers: []{R}\n"),
    *cases("TestValidatePodSpec/bad container (no image)", f"containers:\n- name: app{R}\n"),
    *cases("TestValidatePodSpec/bad init container (empty image)",
           f"initContainers:\n- name: init\n  image: ''{R}\n" + C),
    *cases("TestValidatePodSpec/bad restart policy", f"restartPolicy: UnknowPolicy{R}\n" + C),
    *cases("TestValidatePodSpec/populate HostNetwork",
           "hostNetwork: true\ncontainers:\n- name: app\n  image: nginx:1.27\n"
           "  ports: [{containerPort: 8080, hostPort: 8080, protocol: TCP}]\n"),
    *cases("TestValidatePodSpec/with hostNetwork hostPort unspecified (the v1 defaults set it to containerPort)",
           "hostNetwork: true\ncontainers:\n- name: app\n  image: nginx:1.27\n"
           "  ports: [{containerPort: 2600, protocol: TCP}]\n"),
    *cases("TestValidatePodSpec/with hostNetwork hostPort not equal to containerPort",
           "hostNetwork: true\ncontainers:\n- name: app\n  image: nginx:1.27\n  ports:\n"
           f"  - {{containerPort: 2600, hostPort: 8080, protocol: TCP}}{R}\n"),
    *cases("TestValidatePodSpec/populate Overhead", "overhead: {}\n" + C),
    *cases("TestValidatePodSpec/populate RunAsUser SupplementalGroups FSGroup with maxID 2147483647",
           "securityContext:\n  supplementalGroups: [2147483647]\n  runAsUser: 2147483647\n"
           "  fsGroup: 2147483647\n" + C),
    *cases("TestValidatePodSpec/bad empty fsGroupchangepolicy",
           f"securityContext:\n  fsGroupChangePolicy: ''{R}\n" + C),
    *cases("TestValidatePodSpec/bad invalid fsgroupchangepolicy",
           f"securityContext:\n  fsGroupChangePolicy: invalid{R}\n" + C),
    *cases("TestValidatePod/serialized node affinity requirements, II",
           "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
           "      nodeSelectorTerms:\n      - matchExpressions: []\n"
           "    preferredDuringSchedulingIgnoredDuringExecution:\n"
           "    - {weight: 10, preference: {matchExpressions: []}}\n" + C),
]

POD = [
    *cases("TestValidatePod/image whitespace", f"containers:\n- name: app\n  image: ' '{R}\n", ("Pod",)),
    *cases("TestValidatePod/image leading and trailing whitespace",
           f"containers:\n- name: app\n  image: ' something '{R}\n", ("Pod",)),
    *cases("validateContainerOnlyForPod/a template's image may carry whitespace (a trigger replaces it)",
           "containers:\n- name: app\n  image: ' '\n", ("Deployment", "ReplicaSet", "DaemonSet")),
    *cases("TestValidatePod/bad spec", f"containers:\n- image: nginx:1.27{R}\n"),
    *cases("TestValidatePod/invalid node selector requirement in node affinity, operator can't be null",
           "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
           f"      nodeSelectorTerms:\n      - matchExpressions:\n        - key: key1{R}\n" + C),
    *cases("TestValidatePod/invalid toleration operator",
           f"tolerations:\n- {{key: foo, operator: In, value: bar, effect: NoSchedule}}{R}\n" + C),
    *cases("TestValidatePod/serviceaccount token projected volume with no serviceaccount name specified "
           "(admission sets serviceAccountName to default)",
           "volumes:\n- name: projected-volume\n  projected:\n    sources:\n"
           "    - serviceAccountToken: {audience: foo-audience, expirationSeconds: 6000, path: foo-path}\n" + C),
]

INIT = [
    *cases("TestValidateInitContainers/invalid liveness probe, successThreshold != 1",
           "initContainers:\n- name: live-123\n  image: busybox:1.36\n  restartPolicy: Always\n"
           f"  livenessProbe:\n    tcpSocket: {{port: 80}}\n    successThreshold: 2{R}\n" + C),
    *cases("TestValidateInitContainers/invalid lifecycle, no http path (the v1 defaults set /)",
           "initContainers:\n- name: life-123\n  image: busybox:1.36\n  restartPolicy: Always\n"
           "  lifecycle:\n    preStop:\n      httpGet: {port: 80, scheme: HTTP}\n" + C),
    *cases("TestValidateInitContainers/invalid lifecycle, no http port",
           "initContainers:\n- name: life-123\n  image: busybox:1.36\n  restartPolicy: Always\n"
           f"  lifecycle:\n    preStop:\n      httpGet: {{path: /, scheme: HTTP}}{R}\n" + C),
    *cases("TestValidateInitContainers/invalid lifecycle, no tcp socket port",
           "initContainers:\n- name: life-123\n  image: busybox:1.36\n  restartPolicy: Always\n"
           f"  lifecycle:\n    preStop:\n      tcpSocket: {{}}{R}\n" + C),
    *cases("TestValidateInitContainers/invalid termination message policy",
           f"initContainers:\n- name: init\n  image: busybox:1.36\n  terminationMessagePolicy: Unknown{R}\n" + C),
    *cases("TestValidateInitContainers/Not supported RestartPolicy: empty",
           f"initContainers:\n- name: init\n  image: busybox:1.36\n  restartPolicy: ''{R}\n" + C),
    *cases("TestValidateInitContainers/Not supported ResizePolicy: invalid "
           "(InPlacePodVerticalScaling allows it from 1.33)",
           "initContainers:\n- name: init\n  image: busybox:1.36\n"
           "  resizePolicy: [{resourceName: cpu, restartPolicy: NotRequired}]\n" + C),
]

DEFAULTED = [
    # SetDefaults_PodSpec, SetDefaults_Container, SetDefaults_HTTPGetAction and ContainerPort's
    # declarative default fill in an empty string before validation sees it (a template rendered
    # from an empty value writes one).
    *cases("validateRestartPolicy/empty (SetDefaults_PodSpec sets Always)", "restartPolicy: ''\n" + C,
           ("Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController")),
    *cases("validateRestartPolicy/empty in a Job is Always, which a Job refuses",
           f"restartPolicy: ''{R}\n" + C, ("Job",)),
    *cases("TestValidateContainers/empty message termination policy (SetDefaults_Container sets File)",
           "containers:\n- name: app\n  image: nginx:1.27\n  terminationMessagePolicy: ''\n"),
    *cases("validatePullPolicy/empty (SetDefaults_Container sets IfNotPresent)",
           "containers:\n- name: app\n  image: nginx:1.27\n  imagePullPolicy: ''\n"),
    *cases("validatePullPolicy/null (SetDefaults_Container sets IfNotPresent)",
           "containers:\n- name: app\n  image: nginx:1.27\n  imagePullPolicy:\n"),
    *cases("validatePullPolicy/unsupported", f"containers:\n- name: app\n  image: nginx:1.27\n"
           f"  imagePullPolicy: Sometimes{R}\n"),
    *cases("validateContainerPorts/empty protocol (defaulted to TCP)",
           "containers:\n- name: app\n  image: nginx:1.27\n  ports: [{containerPort: 80, protocol: ''}]\n"),
    *cases("TestValidateContainers/invalid lifecycle, no http scheme. (empty: SetDefaults_HTTPGetAction sets HTTP)",
           "containers:\n- name: app\n  image: nginx:1.27\n  lifecycle:\n    preStop:\n"
           "      httpGet: {port: 80, path: '', scheme: ''}\n"),
]

SECURITY = [
    *cases("validateSupplementalGroupsPolicy/Merge and Strict",
           "securityContext: {supplementalGroupsPolicy: Strict}\n" + C),
    *cases("validateSupplementalGroupsPolicy/unsupported value",
           f"securityContext:\n  supplementalGroupsPolicy: Invalid{R}\n" + C),
    *cases("validateSupplementalGroupsPolicy/empty (a pointer: not defaulted)",
           f"securityContext:\n  supplementalGroupsPolicy: ''{R}\n" + C),
    *cases("validateSupplementalGroupsPolicy/dropped while SupplementalGroupsPolicy is off (1.32)",
           "securityContext: {supplementalGroupsPolicy: Invalid}\n" + C, version="1.32"),
    *cases("validateSELinuxChangePolicy/Recursive", "securityContext: {seLinuxChangePolicy: Recursive}\n" + C),
    *cases("validateSELinuxChangePolicy/MountOption once SELinuxMount is on (1.37)",
           "securityContext: {seLinuxChangePolicy: MountOption}\n" + C),
    *cases("validateSELinuxChangePolicy/MountOption while SELinuxMount is off (AllowOnlyRecursiveSELinuxChangePolicy)",
           f"securityContext:\n  seLinuxChangePolicy: MountOption{R}\n" + C, version="1.35"),
    *cases("validateSELinuxChangePolicy/unsupported value", f"securityContext:\n  seLinuxChangePolicy: Foo{R}\n" + C),
    *cases("validateSELinuxChangePolicy/dropped while SELinuxChangePolicy is off (1.32)",
           "securityContext: {seLinuxChangePolicy: Foo}\n" + C, version="1.32"),
]

HUGEPAGES = "containers:\n- name: app\n  image: nginx:1.27\n  resources:\n    limits:\n      memory: 1Gi\n"
RESOURCES = [
    *cases("validateResourceQuantityHugePageValue/a page size that is no quantity",
           HUGEPAGES + f"      hugepages-2Mb: 1Gi{R}\n"),
    *cases("validateResourceQuantityHugePageValue/a page size of zero", HUGEPAGES + f"      hugepages-0: 1Gi{R}\n"),
    *cases("validateResourceQuantityHugePageValue/a whole number of 1Gi pages",
           HUGEPAGES + "      hugepages-1Gi: 2Gi\n"),
]


def replicated(kind: str, replicas: int, disk: str) -> str:
    """`kind` with `replicas` and a GCE persistent disk volume whose fields are `disk`."""
    return wrap(kind, "volumes:\n- name: gcepd\n  gcePersistentDisk:\n" + disk + C).replace(
        "\nspec:\n", f"\nspec:\n  replicas: {replicas}\n", 1)


READ_ONLY_DISKS = [
    *[Case(f"{test}/read-write persistent disk with > 1 pod ({kind})",
           replicated(kind, 2, f"    pdName: my-PD\n    readOnly: false{R}\n"))
      for test, kind in (("TestValidateReplicationController", "ReplicationController"),
                         ("TestValidateReplicaSet", "ReplicaSet"),
                         ("ValidatePodTemplateSpecForReplicaSet", "Deployment"))],
    Case("ValidateReadOnlyPersistentDisks/readOnly absent is false (Deployment)",
         replicated("Deployment", 3, f"    pdName: my-PD{R}\n").replace(f"  gcePersistentDisk:\n    pdName: my-PD{R}",
                                                                      f"  gcePersistentDisk:{R}\n    pdName: my-PD")),
    *[Case(f"ValidateReadOnlyPersistentDisks/one replica may write ({kind})",
           replicated(kind, 1, "    pdName: my-PD\n")) for kind in ("Deployment", "ReplicationController")],
    Case("ValidateReadOnlyPersistentDisks/read-only with replicas (Deployment)",
         replicated("Deployment", 5, "    pdName: my-PD\n    readOnly: true\n")),
    Case("ValidateStatefulSetSpec/a StatefulSet's replicas each get their own claims, no disk check (StatefulSet)",
         replicated("StatefulSet", 3, "    pdName: my-PD\n")),
]

VOLUMES = [
    *cases("validateVolumeSource/emptyDir medium HugePages (only sizeLimit is validated)",
           "volumes:\n- {name: pages, emptyDir: {medium: HugePages}}\n"
           "- {name: pages-2mi, emptyDir: {medium: HugePages-2Mi}}\n"
           "containers:\n- name: app\n  image: nginx:1.27\n  resources:\n"
           "    limits: {hugepages-2Mi: 4Mi, memory: 1Gi}\n"),
    *cases("validateVolumeSource/an emptyDir medium the kubelet does not know is the kubelet's refusal",
           "volumes:\n- {name: scratch, emptyDir: {medium: SSD}}\n" + C),
]

CRONJOB_METADATA = [
    Case("ValidateJobTemplateSpec/the jobTemplate's own metadata is not validated (CronJob)",
         wrap("CronJob", "restartPolicy: Never\n" + C).replace(
             "  jobTemplate:\n", "  jobTemplate:\n    metadata:\n      labels: {'bad key!': x}\n", 1)),
]


def ephemeral(fields: str, name: str = "debug", image: str = "busybox:1.36") -> str:
    """A Pod whose ephemeral container has `fields` (the API server refuses ephemeral containers on
    create in any case; the finding must land on the field validateEphemeralContainers names)."""
    return wrap("Pod", "initContainers:\n- name: init\n  image: busybox:1.36\n" + C
                + f"ephemeralContainers:\n- name: {name}\n  image: {image}\n" + fields)


E = "TestValidateEphemeralContainers"
EPHEMERAL = [
    *[Case(f"{E}/Container uses disallowed field: {title}", ephemeral(fields)) for title, fields in (
        ("Lifecycle", f"  lifecycle:{R}\n    preStop: {{exec: {{command: [ls, -l]}}}}\n"),
        ("LivenessProbe", f"  livenessProbe:{R}\n    tcpSocket: {{port: 80}}\n"),
        ("Ports", f"  ports:{R}\n  - {{name: port, containerPort: 8000, protocol: TCP}}\n"),
        ("ReadinessProbe", f"  readinessProbe:{R}\n    tcpSocket: {{port: 80}}\n"),
        ("StartupProbe", f"  startupProbe:{R}\n    tcpSocket: {{port: 80}}\n"),
        ("Resources", f"  resources:{R}\n    limits: {{cpu: 10}}\n"),
        ("ResizePolicy", f"  resizePolicy:{R}\n  - {{resourceName: cpu, restartPolicy: NotRequired}}\n"),
        ("Forbidden RestartPolicy: Always", f"  restartPolicy: Always{R}\n"),
        ("TargetContainerName doesn't exist", f"  targetContainerName: bogus{R}\n"),
        ("invalid image pull policy", f"  imagePullPolicy: PullThisImage{R}\n"))],
    Case(f"{E}/Name Collision with Container.Containers", ephemeral("", f"app{R}")),
    Case(f"{E}/Name Collision with Container.InitContainers", ephemeral("", f"init{R}")),
    Case(f"{E}/empty Container Name", ephemeral("", f"''{R}")),
    Case(f"{E}/whitespace padded image name", ephemeral("", image=f"' busybox'{R}")),
]

CASES = (SPEC + POD + INIT + DEFAULTED + SECURITY + RESOURCES + READ_ONLY_DISKS + VOLUMES + CRONJOB_METADATA
         + EPHEMERAL)


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_case(case):
    assert problem(case) is None


def test_the_table_is_balanced():
    rejects = sum(c.rejected_line is not None for c in CASES)
    assert len(CASES) >= 40 and 0.35 < rejects / len(CASES) < 0.8
