"""Cases from a second pass over Kubernetes' validation tests, Go test by Go test, for what the
other tables left out: TestValidatePod's annotation, AppArmor, affinity and extended-resource cases
that no table named, a pod's overhead (validateOverhead, TestValidatePodSpec), the claim template
of an ephemeral volume (validateEphemeralVolumeSource, ValidatePersistentVolumeClaimTemplate,
ValidateTemplateObjectMeta) and what ValidateStatefulSetSpec leaves to the controller (its
volumeClaimTemplates and revisionHistoryLimit are not validated, its template's annotations are),
and TestValidateResourceRequirements, container and pod level. Each pod spec case runs in a Pod
and in the templates of a Deployment, a Job and a CronJob."""

from __future__ import annotations

import pytest
from validation_table import Case, case_ids, problem
from workloads import wrap

KINDS = ("Pod", "Deployment", "Job", "CronJob")
R = "  # <- rejected"
C = "containers:\n- name: app\n  image: nginx:1.27\n"


def cases(source: str, spec: str, kinds: tuple[str, ...] = KINDS, version: str = "1.37") -> list[Case]:
    """`spec` in each kind; a Job's template gets restartPolicy Never, as a Job needs."""
    return [Case(f"{source} ({kind})", wrap(kind, ("restartPolicy: Never\n" if kind in ("Job", "CronJob") else "")
                                            + spec), version) for kind in kinds]


OV = "TestValidatePodSpec"
OVERHEAD = [
    *cases(f"{OV}/populate Overhead", "overhead: {cpu: 250m, memory: 120Mi}\n" + C),
    *cases("validateOverhead/an empty overhead", "overhead: {}\n" + C),
    *cases("validateOverhead/negative cpu (ValidateResourceQuantityValue)", f"overhead:\n  cpu: '-1'{R}\n" + C),
    *cases("validateOverhead/negative memory", f"overhead:\n  memory: -10Mi{R}\n" + C),
    *cases("validateOverhead/not a quantity", f"overhead:\n  cpu: 1K{R}\n" + C),
    *cases("validateOverhead/unknown resource name (validateContainerResourceName)", f"overhead:\n  foo: '1'{R}\n" + C),
    *cases("validateOverhead/extended resource is an integer", f"overhead:\n  example.com/gpu: 500m{R}\n" + C),
    *cases("validateOverhead/a whole extended resource", "overhead:\n  example.com/gpu: '1'\n" + C),
    *cases("validateOverhead/hugepages without cpu or memory", f"overhead:\n  hugepages-2Mi: 2Mi{R}\n" + C),
    *cases("validateOverhead/hugepages with memory", "overhead:\n  hugepages-2Mi: 2Mi\n  memory: 1Mi\n" + C),
    *cases("validateOverhead/hugepages not a whole number of pages",
           f"overhead:\n  memory: 1Mi\n  hugepages-2Mi: 3Mi{R}\n" + C),
]


def ephemeral(template: str) -> str:
    """A pod spec whose one volume is an ephemeral volume with `template` (at column 0) as its claim template."""
    lines = "".join(f"      {line}\n" for line in template.splitlines())
    return "volumes:\n- name: scratch\n  ephemeral:\n    volumeClaimTemplate:\n" + lines + C


SPEC = "spec:\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n"
EV = "validateEphemeralVolumeSource"
EPHEMERAL = [
    *cases(f"{EV}/labels and annotations may be set (ValidateTemplateObjectMeta)",
           ephemeral("metadata:\n  labels: {app: db}\n  annotations: {example.com/Owner: me}\n" + SPEC)),
    *cases(f"{EV}/invalid label key", ephemeral(f"metadata:\n  labels:\n    'a b': c{R}\n" + SPEC)),
    *cases(f"{EV}/invalid label value", ephemeral(f"metadata:\n  labels:\n    app: -db-{R}\n" + SPEC)),
    *cases(f"{EV}/invalid annotation key", ephemeral(f"metadata:\n  annotations:\n    'a b': c{R}\n" + SPEC)),
    *cases(f"{EV}/a selector (ValidatePersistentVolumeClaimSpec)",
           ephemeral(SPEC + "  selector:\n    matchLabels: {tier: fast}\n"
                            "    matchExpressions: [{key: zone, operator: Exists}]\n")),
    *cases(f"{EV}/selector In without values",
           ephemeral(SPEC + f"  selector:\n    matchExpressions:\n    - {{key: zone, operator: In}}{R}\n")),
    *cases(f"{EV}/selector Exists with values",
           ephemeral(SPEC + "  selector:\n    matchExpressions:\n"
                            f"    - {{key: zone, operator: Exists, values: [a]}}{R}\n")),
    *cases(f"{EV}/selector with an invalid label key",
           ephemeral(SPEC + f"  selector:\n    matchLabels:\n      -tier: fast{R}\n")),
    *cases(f"{EV}/selector with an invalid label value",
           ephemeral(SPEC + f"  selector:\n    matchLabels:\n      tier: 'fast lane'{R}\n")),
]


def statefulset(spec: str) -> str:
    return ("apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: web\n"
            "  selector:\n    matchLabels: {app: web}\n" + "".join(f"  {line}\n" for line in spec.splitlines())
            + "  template:\n    metadata:\n      labels: {app: web}\n    spec:\n"
              "      containers:\n      - name: app\n        image: nginx:1.27\n")


def claim(spec: str, name: str = "data") -> str:
    return f"volumeClaimTemplates:\n- metadata: {{name: {name}}}\n  spec:\n" + "".join(
        f"    {line}\n" for line in spec.splitlines())


SS = "ValidateStatefulSetSpec"
STATEFULSET = [
    Case(f"{SS}/volumeClaimTemplates are not validated: no access modes", statefulset(claim(
        "resources: {requests: {storage: 1Gi}}"))),
    Case(f"{SS}/volumeClaimTemplates are not validated: no storage request", statefulset(claim(
        "accessModes: [ReadWriteOnce]"))),
    Case(f"{SS}/volumeClaimTemplates are not validated: an unknown access mode", statefulset(claim(
        "accessModes: [ReadWriteSometimes]\nresources: {requests: {storage: 1Gi}}"))),
    Case(f"{SS}/volumeClaimTemplates are not validated: a name that is no DNS subdomain", statefulset(claim(
        "accessModes: [ReadWriteOnce]\nresources: {requests: {storage: 1Gi}}", name="Data_1"))),
    Case(f"{SS}/volumeClaimTemplates are not validated: a zero storage request", statefulset(claim(
        "accessModes: [ReadWriteOnce]\nresources: {requests: {storage: '0'}}"))),
    Case(f"{SS}/volumeClaimTemplates are not validated: ReadWriteOncePod with another mode", statefulset(claim(
        "accessModes: [ReadWriteOncePod, ReadWriteOnce]\nresources: {requests: {storage: 1Gi}}"))),
    Case(f"{SS}/volumeClaimTemplates are not validated: a selector without values", statefulset(claim(
        "accessModes: [ReadWriteOnce]\nresources: {requests: {storage: 1Gi}}\n"
        "selector: {matchExpressions: [{key: a, operator: In}]}"))),
    Case(f"{SS}/revisionHistoryLimit is not validated", statefulset("revisionHistoryLimit: -1")),
    Case("TestValidateStatefulSet/empty PersistentVolumeClaimRetentionPolicy (SetDefaults_StatefulSet: Retain)",
         statefulset("persistentVolumeClaimRetentionPolicy: {}")),
    Case("TestValidateStatefulSet/PVC policy", statefulset(
        "persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete, whenScaled: Retain}")),
    Case("TestValidateStatefulSet/hostNetwork true (hostPort defaulted to containerPort)", statefulset("").replace(
        "    spec:\n", "    spec:\n      hostNetwork: true\n", 1).replace(
        "image: nginx:1.27\n", "image: nginx:1.27\n        ports: [{containerPort: 12345, protocol: TCP}]\n")),
]


def statefulset_annotation(annotation: str, mark: bool = True) -> str:
    """A StatefulSet whose template carries `annotation`: ValidatePodTemplateSpecForStatefulSet leaves the pod spec
    out but validates the annotations with it (ValidatePodSpecificAnnotations)."""
    return statefulset("").replace("      labels: {app: web}\n", "      labels: {app: web}\n      annotations:\n"
                                   f"        {annotation}{R if mark else ''}\n", 1)


PT = "ValidatePodTemplateSpecForStatefulSet"
STATEFULSET_TEMPLATE = [
    Case(f"{PT}/an invalid seccomp annotation (ValidateSeccompPodAnnotations)",
         statefulset_annotation("seccomp.security.alpha.kubernetes.io/pod: foo")),
    Case(f"{PT}/an AppArmor annotation for no container (ValidateAppArmorPodAnnotations)",
         statefulset_annotation("container.apparmor.security.beta.kubernetes.io/other: runtime/default")),
    Case(f"{PT}/an invalid AppArmor annotation",
         statefulset_annotation("container.apparmor.security.beta.kubernetes.io/app: foo")),
    Case(f"{PT}/a pod-deletion-cost that is no integer",
         statefulset_annotation("controller.kubernetes.io/pod-deletion-cost: x")),
    Case(f"{PT}/a mirror pod annotation without nodeName", statefulset_annotation("kubernetes.io/config.mirror: x")),
    Case(f"{PT}/a valid AppArmor annotation", statefulset_annotation(
        "container.apparmor.security.beta.kubernetes.io/app: runtime/default", mark=False)),
    Case(f"{PT}/the seccomp annotation against the field is ValidatePodTemplateSpec's, which is not called",
         statefulset_annotation("seccomp.security.alpha.kubernetes.io/pod: runtime/default", mark=False).replace(
             "    spec:\n", "    spec:\n      securityContext: {seccompProfile: {type: Unconfined}}\n", 1)),
]

RR = "TestValidateResourceRequirements"
POD_RESOURCES = "resources:\n  limits:\n    {limit}\n  requests:\n    {request}\n" + C
CONTAINER_RESOURCES = "containers:\n- name: app\n  image: nginx:1.27\n  resources:\n    limits:\n      {limit}\n" \
                      "    requests:\n      {request}\n"
RESOURCE_REQUIREMENTS = [
    *cases(f"{RR}/limits and requests of hugepage resource are equal (container)", CONTAINER_RESOURCES.format(
        limit="{cpu: '10', hugepages-2Mi: 2Mi}", request="{cpu: '10', hugepages-2Mi: 2Mi}")),
    *cases(f"{RR}/limits and requests of memory resource are equal (container)", CONTAINER_RESOURCES.format(
        limit="memory: 2Mi", request="memory: 2Mi")),
    *cases(f"{RR}/limits and requests of memory resource are equal (pod)", POD_RESOURCES.format(
        limit="memory: 2Mi", request="memory: 2Mi")),
    *cases(f"{RR}/limits and requests of cpu resource are equal (pod)", POD_RESOURCES.format(
        limit="cpu: '10'", request="cpu: '10'")),
    *cases(f"{RR}/hugepage resource without cpu or memory (container: the API names resources)",
           CONTAINER_RESOURCES.format(limit="hugepages-2Mi: 2Mi", request="hugepages-2Mi: 2Mi").replace(
               "  resources:\n", f"  resources:{R}\n")),
    *cases(f"{RR}/pod resource with hugepages (without cpu or memory)", POD_RESOURCES.format(
        limit="hugepages-2Mi: 2Mi", request="hugepages-2Mi: 2Mi").replace("resources:\n", f"resources:{R}\n", 1)),
    *cases(f"{RR}/pod resource with ephemeral-storage", POD_RESOURCES.format(
        limit=f"ephemeral-storage: 2Mi{R}", request="cpu: 100m")),
    *cases(f"{RR}/pod resource with unsupported prefixed resources", POD_RESOURCES.format(
        limit=f"kubernetesio/cpu: '2'{R}", request=f"kubernetesio/memory: '2'{R}")),
    *cases(f"{RR}/pod resource with unsupported native resources", POD_RESOURCES.format(
        limit=f"kubernetes.io/{'a' * 63}: '2'{R}", request="cpu: 100m")),
    *cases(f"{RR}/pod resource with unsupported empty native resource name", POD_RESOURCES.format(
        limit=f"kubernetes.io/: '2'{R}", request="cpu: 100m")),
    *cases(f"{RR}/pod-level resources before PodLevelResources (1.33: dropped)", POD_RESOURCES.format(
        limit="ephemeral-storage: 2Mi", request="hugepages-2Mi: 2Mi"), version="1.33"),
    *cases("TestValidateContainers/Invalid storage limit request", CONTAINER_RESOURCES.format(
        limit=f"attachable-volumes-aws-ebs: '10'{R}", request="cpu: 100m")),
    *cases("TestValidateContainers/Request limit simple invalid", CONTAINER_RESOURCES.format(
        limit="{cpu: '5', memory: '3'}", request=f"{{cpu: '6', memory: '3'}}{R}")),
]

def annotated_pod(annotation: str, spec: str = C) -> str:
    """A Pod whose one annotation is `annotation` (a line of its own, which a reject marks)."""
    return ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n"
            f"    {annotation}\nspec:\n" + "".join(f"  {line}\n" for line in spec.splitlines()))


TP = "TestValidatePod"
CTR = "containers:\n- name: ctr\n  image: nginx:1.27\n"
POD = [
    Case(f"{TP}/must be a non-empty container name in seccomp annotation",
         annotated_pod(f"container.seccomp.security.alpha.kubernetes.io/: foo{R}")),
    Case(f"{TP}/must be a non-empty container profile in seccomp annotation",
         annotated_pod(f"container.seccomp.security.alpha.kubernetes.io/foo: ''{R}")),
    Case(f"{TP}/must be a relative path in a node-local seccomp profile annotation",
         annotated_pod(f"seccomp.security.alpha.kubernetes.io/pod: localhost//foo{R}")),
    Case(f"{TP}/localhost seccomp profile for a container (no container of that name is needed)",
         annotated_pod("container.seccomp.security.alpha.kubernetes.io/foo: localhost/foo")),
    Case(f"{TP}/AppArmor profile must apply to a container",
         annotated_pod(f"container.apparmor.security.beta.kubernetes.io/fake-ctr: runtime/default{R}",
                       "initContainers:\n- name: init-ctr\n  image: busybox:1.36\n" + CTR)),
    Case(f"{TP}/default AppArmor annotation for an init container",
         annotated_pod("container.apparmor.security.beta.kubernetes.io/init-ctr: runtime/default",
                       "initContainers:\n- name: init-ctr\n  image: busybox:1.36\n" + CTR)),
    Case(f"{TP}/only default AppArmor profile may start with runtime/",
         annotated_pod(f"container.apparmor.security.beta.kubernetes.io/ctr: runtime/foo{R}", CTR)),
    Case(f"{TP}/mirror-pod present without nodeName", annotated_pod(f"kubernetes.io/config.mirror: ''{R}", CTR)),
    Case(f"{TP}/mismatched AppArmor localhost profiles",
         annotated_pod("container.apparmor.security.beta.kubernetes.io/ctr: localhost/foo",
                       CTR + "  securityContext:\n    appArmorProfile:\n      type: Localhost\n"
                             f"      localhostProfile: bar{R}\n")),
    *cases(f"{TP}/empty AppArmor localhost profile",
           f"securityContext:\n  appArmorProfile:\n    type: Localhost\n    localhostProfile: ''{R}\n" + C),
    *cases(f"{TP}/too long AppArmor localhost profile",
           f"securityContext:\n  appArmorProfile:\n    type: Localhost\n    localhostProfile: {'a' * 4096}{R}\n" + C),
    *cases(f"{TP}/invalid fractional extended resource in init container limit",
           "initContainers:\n- name: invalid\n  image: busybox:1.36\n  resources:\n"
           f"    requests: {{example.com/a: '2.5'}}\n    limits:\n      example.com/a: '2.5'{R}\n" + C),
    *cases(f"{TP}/invalid namespaceSelector in preferredDuringSchedulingIgnoredDuringExecution in podaffinity, "
           "Exists operator can not have values",
           "affinity:\n  podAntiAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n    - weight: 10\n"
           "      podAffinityTerm:\n        namespaceSelector:\n          matchExpressions:\n"
           f"          - {{key: key2, operator: Exists, values: [value1, value2]}}{R}\n"
           "        namespaces: [ns]\n        topologyKey: region\n" + C),
    *cases(f"{TP}/invalid name space in preferredDuringSchedulingIgnoredDuringExecution in podaffinity annotations, "
           "namespace should be valid",
           "affinity:\n  podAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n    - weight: 10\n"
           "      podAffinityTerm:\n        labelSelector:\n"
           "          matchExpressions: [{key: key2, operator: Exists}]\n"
           f"        namespaces:\n        - INVALID_NAMESPACE{R}\n        topologyKey: region\n" + C),
    *cases(f"{TP}/invalid node field selector requirement in node affinity, more values for field selector",
           "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n"
           f"      - matchFields:\n        - key: metadata.name\n          operator: In\n"
           f"          values: [host1, host2]{R}\n" + C),
    *cases("ValidateNodeSelectorRequirement/Lt with a value that is no integer (the scheduler reads it)",
           "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n"
           "      - matchExpressions:\n        - {key: k, operator: Lt, values: [a]}\n" + C),
]

CASES = POD + OVERHEAD + EPHEMERAL + STATEFULSET + STATEFULSET_TEMPLATE + RESOURCE_REQUIREMENTS


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_case(case):
    assert problem(case) is None
