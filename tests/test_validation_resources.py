"""Resources: cases translated from Kubernetes' pkg/apis/core/validation/validation_test.go
(TestValidateResourceNames, TestValidatePodResourceNames, TestValidatePodResourceConsistency,
TestValidatePodSpec's resize policy), and from the Go functions where the tables have no
YAML-shaped case (validateContainerResourceName, validateResourceRequirements,
ValidateResourceQuantityValue, validateResourceQuantityHugePageValue, validatePodResources,
validateResourceClaimNames, validatePodResourceClaim, validateResizePolicy).

A container name table entry is a limit of 1 (limits alone are always consistent); pod-level
resources run at 1.34, where PodLevelResources is on by default.
"""

from __future__ import annotations

import textwrap

import pytest
from validation_table import MARK, Case, case_ids, problem
from workloads import wrap

R = MARK
REJECT_KINDS = ("Pod", "Deployment")
ACCEPT_KINDS = ("Pod", "Deployment", "PodTemplate")


def app(fields: str = "", name: str = "app") -> str:
    return f"- name: {name}\n  image: nginx:1.27\n" + textwrap.indent(textwrap.dedent(fields), "  ")


def cases(source: str, fields: str, version: str = "1.37", pod: str = "",
          kinds: tuple[str, ...] | None = None) -> list[Case]:
    """The container with `fields` in a Pod and workload templates (one more for an accepted
    spec: nothing may fire anywhere); `pod` adds pod spec fields."""
    spec = pod + "containers:\n" + app(fields)
    kinds = kinds or (REJECT_KINDS if MARK in spec else ACCEPT_KINDS)
    return [Case(f"{source} ({kind})", wrap(kind, spec), version) for kind in kinds]


def limit(name: str, mark: str = "") -> str:
    return f"resources:\n  limits:\n    {name}: 1{mark}\n"


def resources(requests: str = "", limits: str = "") -> str:
    body = "resources:\n"
    if requests:
        body += "  requests:\n" + textwrap.indent(requests, "    ")
    if limits:
        body += "  limits:\n" + textwrap.indent(limits, "    ")
    return body


NAMES = [
    # TestValidateResourceNames, as container resource names (validateContainerResourceName)
    *[c for name in ("memory", "cpu", "ephemeral-storage", "my.favorite.app.co/12345",
                     "kubernetes.io/" + "a" * 63, "example.kubernetes.io/gpu")
      for c in cases(f"TestValidateResourceNames/{name[:40]}", limit(name))],
    *cases("TestValidateResourceNames/hugepages-2Mi", resources("", "hugepages-2Mi: 2Mi\nmemory: 1Gi\n")),
    *[c for name in ("network", "disk", "storage", "requests.cpu", "'my.favorite.app.co/_12345'",
                     "'my.favorite.app.co/12345_'", "kubernetes.io/..", "kubernetes.io/" + "a" * 64,
                     "'kubernetes.io//'", "kubernetes.io/will/not/work/", "requests.example.com/gpu")
      for c in cases(f"TestValidateResourceNames/{name[:40]}", limit(name, f"  {R}"))],
    # TestValidatePodResourceNames (validatePodResourceName)
    *[c for name in ("memory", "cpu")
      for c in cases(f"TestValidatePodResourceNames/{name}", "", "1.34",
                     pod=f"resources:\n  limits:\n    {name}: 1\n")],
    *[c for name in ("storage", "requests.cpu", "limits.memory", "network", "ephemeral-storage",
                     "my.favorite.app.co/12345", "kubernetes.io/cpu")
      for c in cases(f"TestValidatePodResourceNames/{name}", "", "1.34",
                     pod=f"resources:\n  limits:\n    {name}: 1  {R}\n")],
    *cases("validatePodResources/pod-level resources are dropped before 1.34", "", "1.33",
           pod="resources:\n  limits:\n    ephemeral-storage: 1Gi\n"),
]

AMOUNTS = [
    *cases("ParseQuantity/a value past 2^63-1 is capped there, one under 1n rounded up to it: accepted",
           "resources:\n  requests: {cpu: '1e-999999999', memory: '1e999999999'}\n"
           "  limits: {cpu: '1e-99999', memory: 1e400, example.com/dev: '1e999999999'}\n"),
    # validateResourceRequirements: requests and limits
    *cases("validateResourceRequirements/requests equal to limits",
           resources("cpu: 500m\nmemory: 128Mi\n", "cpu: '0.5'\nmemory: 128Mi\n")),
    *cases("validateResourceRequirements/requests below limits",
           resources("cpu: 100m\nmemory: 64Mi\nephemeral-storage: 1Gi\n", "cpu: 1\nmemory: 1Gi\n")),
    *cases("validateResourceRequirements/cpu request above its limit",
           resources(f"cpu: '2'  {R}\n", "cpu: 1500m\n")),
    *cases("validateResourceRequirements/memory request above its limit",
           resources(f"memory: 1Gi  {R}\n", "memory: 512Mi\n")),
    *cases("ValidateResourceQuantityValue/negative request", resources(f"cpu: -1  {R}\n")),
    *cases("ValidateResourceQuantityValue/zero request", resources("cpu: 0\nmemory: 0\n")),
    # extended resources: whole numbers, not overcommitted
    *cases("validateResourceRequirements/extended resource limit only", resources("", "nvidia.com/gpu: 2\n")),
    *cases("validateResourceRequirements/extended resource request equal to limit",
           resources("nvidia.com/gpu: 2\n", "nvidia.com/gpu: 2\n")),
    *cases("validateResourceRequirements/extended resource request without a limit",
           resources(f"nvidia.com/gpu: 1  {R}\n")),
    *cases("validateResourceRequirements/extended resource request below its limit",
           resources(f"nvidia.com/gpu: 1  {R}\n", "nvidia.com/gpu: 2\n")),
    *cases("validateResourceRequirements/extended resource request above its limit",
           resources(f"example.com/foo: 3  {R}\n", "example.com/foo: 2\n")),
    *cases("ValidateResourceQuantityValue/extended resource of half a unit",
           resources("", f"nvidia.com/gpu: '0.5'  {R}\n")),
    *cases("ValidateResourceQuantityValue/extended resource in millis", resources("", f"example.com/foo: 500m  {R}\n")),
    *cases("ValidateResourceQuantityValue/extended resource of 1k", resources("", "example.com/foo: 1k\n")),
    *cases("validateResourceRequirements/kubernetes.io resources may be overcommitted",
           resources("kubernetes.io/foo: 1\n", "kubernetes.io/foo: 2\n")),
    # hugepages
    *cases("validateResourceQuantityHugePageValue/whole pages",
           resources("", "hugepages-2Mi: 10Mi\nmemory: 1Gi\n")),
    *cases("validateResourceQuantityHugePageValue/1Gi pages", resources("hugepages-1Gi: 2Gi\ncpu: 1\n",
                                                                        "hugepages-1Gi: 2Gi\n")),
    *cases("validateResourceQuantityHugePageValue/not a whole number of pages",
           resources("", f"hugepages-2Mi: 3Mi  {R}\nmemory: 1Gi\n")),
    *cases("validateResourceQuantityHugePageValue/half a page", resources("", f"hugepages-1Gi: 512Mi  {R}\ncpu: 1\n")),
    *cases("validateResourceRequirements/HugePages require cpu or memory", resources("", f"hugepages-2Mi: 2Mi  {R}\n")),
    *cases("validateResourceRequirements/hugepages request different from the limit",
           resources(f"hugepages-2Mi: 2Mi  {R}\nmemory: 1Gi\n", "hugepages-2Mi: 4Mi\n")),
    *cases("validateResourceRequirements/hugepages request without a limit",
           resources(f"hugepages-2Mi: 2Mi  {R}\nmemory: 1Gi\n")),
]

POD_REQUESTS = "resources:\n  requests:\n    cpu: 10\n    memory: 10Mi\n"
POD_LIMITS = "resources:\n  limits:\n    cpu: 10\n    memory: 10Mi\n"

POD_LEVEL = [
    # TestValidatePodResourceConsistency
    *cases("TestValidatePodResourceConsistency/aggregate container requests less than pod requests",
           resources("cpu: 4\nmemory: 3Mi\n"), "1.34", pod=POD_REQUESTS),
    *cases("TestValidatePodResourceConsistency/aggregate container requests equal to pod requests",
           resources("cpu: 10\nmemory: 10Mi\n"), "1.34", pod=POD_REQUESTS),
    *cases("TestValidatePodResourceConsistency/aggregate container requests greater than pod requests",
           resources("cpu: 11\nmemory: 3Mi\n"), "1.34",
           pod=f"resources:\n  requests:\n    cpu: 10  {R}\n    memory: 10Mi\n"),
    *cases("TestValidatePodResourceConsistency/aggregate container limits equal to pod limits",
           resources("", "cpu: 5\nmemory: 5Mi\n"), "1.34", pod=POD_LIMITS),
    *cases("TestValidatePodResourceConsistency/indivdual container limits greater than pod limits",
           resources("", f"cpu: 11  {R}\n"), "1.34", pod=POD_LIMITS),
    *cases("validatePodResources/claims at pod level", "", "1.34",
           pod=f"resourceClaims: [{{name: gpu, resourceClaimName: gpu-claim}}]\n"
               f"resources:\n  claims:  {R}\n  - name: gpu\n  limits:\n    cpu: 1\n"),
    *cases("validatePodResources/pod-level request above the pod-level limit", "", "1.34",
           pod=f"resources:\n  requests:\n    memory: 2Gi  {R}\n  limits:\n    memory: 1Gi\n"),
]

CLAIMS = [
    # validatePodResourceClaim and validateResourceClaimNames
    *cases("validateResourceClaimNames/claim of the pod", "resources:\n  claims:\n  - name: gpu\n",
           pod="resourceClaims:\n- name: gpu\n  resourceClaimTemplateName: gpu-template\n"),
    *cases("validateResourceClaimNames/claim request", "resources:\n  claims:\n  - {name: gpu, request: one}\n",
           pod="resourceClaims:\n- name: gpu\n  resourceClaimName: gpu-claim\n"),
    *cases("validateResourceClaimNames/claim not in the pod", f"resources:\n  claims:\n  - name: fpga  {R}\n",
           pod="resourceClaims:\n- name: gpu\n  resourceClaimName: gpu-claim\n"),
    *cases("validateResourceClaimNames/claim used twice",
           f"resources:\n  claims:\n  - name: gpu\n  - name: gpu  {R}\n",
           pod="resourceClaims:\n- name: gpu\n  resourceClaimName: gpu-claim\n"),
    *cases("validateResourceClaimNames/whole claim after one of its requests",
           f"resources:\n  claims:\n  - {{name: gpu, request: one}}\n  - name: gpu  {R}\n",
           pod="resourceClaims:\n- name: gpu\n  resourceClaimName: gpu-claim\n"),
    *cases("validateResourceClaimNames/invalid request",
           f"resources:\n  claims:\n  - name: gpu\n    request: One_  {R}\n",
           pod="resourceClaims:\n- name: gpu\n  resourceClaimName: gpu-claim\n"),
    *cases("validatePodResourceClaim/both sources", "",
           pod=f"resourceClaims:\n- name: gpu\n  resourceClaimName: a\n  resourceClaimTemplateName: b  {R}\n"),
    *cases("validatePodResourceClaim/no source", "", pod=f"resourceClaims:\n- name: gpu  {R}\n"),
    *cases("validatePodResourceClaim/duplicate name", "",
           pod=f"resourceClaims:\n- {{name: gpu, resourceClaimName: a}}\n- name: gpu  {R}\n  resourceClaimName: b\n"),
    *cases("validatePodResourceClaim/name not a DNS label", "",
           pod=f"resourceClaims:\n- name: my.gpu  {R}\n  resourceClaimName: a\n"),
    *cases("validatePodResourceClaim/claims are dropped before 1.34", "resources:\n  claims:\n  - name: fpga\n",
           "1.33", pod="resourceClaims:\n- name: gpu\n  resourceClaimName: gpu-claim\n"),
]

RESIZE = [
    # TestValidatePodSpec "resources resize policy for containers" and validateResizePolicy
    *cases("TestValidatePodSpec/resources resize policy for containers",
           "resizePolicy:\n- {resourceName: cpu, restartPolicy: NotRequired}\n"),
    *cases("validateResizePolicy/cpu and memory",
           "resizePolicy:\n- {resourceName: cpu, restartPolicy: NotRequired}\n"
           "- {resourceName: memory, restartPolicy: RestartContainer}\n"),
    *cases("validateResizePolicy/duplicate resource",
           "resizePolicy:\n- resourceName: cpu\n  restartPolicy: NotRequired\n"
           f"- resourceName: cpu  {R}\n  restartPolicy: RestartContainer\n"),
    *cases("validateResizePolicy/unsupported resource",
           f"resizePolicy:\n- resourceName: storage  {R}\n  restartPolicy: NotRequired\n"),
    *cases("validateResizePolicy/unsupported restart policy",
           f"resizePolicy:\n- resourceName: cpu\n  restartPolicy: Always  {R}\n"),
    *cases("validateResizePolicy/RestartContainer in a Never pod",
           f"resizePolicy:\n- resourceName: memory\n  restartPolicy: RestartContainer  {R}\n",
           pod="restartPolicy: Never\n", kinds=("Pod", "Job")),
    *cases("validateResizePolicy/NotRequired in a Never pod",
           "resizePolicy:\n- {resourceName: memory, restartPolicy: NotRequired}\n",
           pod="restartPolicy: Never\n", kinds=("Pod", "Job")),
    *cases("validateResizePolicy/resize policies are dropped before 1.33",
           "resizePolicy:\n- {resourceName: cpu, restartPolicy: NotRequired}\n"
           "- {resourceName: cpu, restartPolicy: NotRequired}\n", "1.32"),
]

CASES = NAMES + AMOUNTS + POD_LEVEL + CLAIMS + RESIZE


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_resources_validation(case):
    assert problem(case) is None


def test_the_table_is_balanced():
    rejects = sum(c.rejected_line is not None for c in CASES)
    assert len(CASES) >= 80 and abs(2 * rejects - len(CASES)) <= len(CASES) // 5


def test_extreme_quantities_never_break_a_check():
    """Bad input is the normal case: every resource check reads such amounts without raising
    (a check that raises is reported as internal-error, on the pod spec)."""
    from pod_ls.analysis.analyzer import Analyzer
    from pod_ls.kube.links.workspace_model import WorkspaceModel
    from pod_ls.settings import Settings
    amounts = ("'1e999999999'", "'1e-999999999'", "'-1e999999999'", "1e400", "12345678901234567890Gi", "'0e99999999'")
    for amount in amounts:
        text = wrap("Pod", f"overhead: {{cpu: {amount}}}\ncontainers:\n" + app(
            f"resources:\n  requests: {{cpu: {amount}, memory: {amount}, hugepages-2Mi: {amount}}}\n"
            f"  limits: {{cpu: {amount}, memory: {amount}, hugepages-2Mi: {amount}, example.com/d: {amount}}}\n"))
        found = Analyzer("file:///q.yaml").analyse(text, WorkspaceModel(), Settings()).findings
        assert "internal-error" not in {f.rule for f in found}, (amount, found)
