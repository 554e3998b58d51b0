"""What ties a container's resources to its pod, ported from Kubernetes'
pkg/apis/core/validation: pod-level resources against the containers' (validatePodResources,
validatePodResourceConsistency), resource claims (validatePodResourceClaims,
validateResourceClaimNames) and resize policies (validateResizePolicy)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ...findings import Finding, Severity
from ...kube.gates import on_from
from ...kube.names import dns_label_problem, dns_subdomain_problem
from ...yaml.nodes import Mapping
from .. import RuleContext, check, define
from ..containers.resources import POD_LEVEL, POD_LEVEL_RESOURCES, amounts, is_hugepages, quantity
from ..values import key, keys_set, mappings, text, where

POD_RESOURCES = define(
    "pod-resources", Severity.ERROR,
    "pod-level resources must cover the containers' requests and limits, and take no claims",
    "From Kubernetes 1.34 the API server rejects pod-level requests below the sum of the "
    "containers' requests, a container limit above the pod-level limit, and claims in the "
    "pod-level resources.")
RESOURCE_CLAIMS = define(
    "resource-claims", Severity.ERROR,
    "resource claims need unique names, one source each, and containers may use only the pod's claims",
    "From Kubernetes 1.34 (dynamic resource allocation) the API server rejects a pod resource "
    "claim without a DNS-label name, with a repeated name or with not exactly one of "
    "resourceClaimName and resourceClaimTemplateName, and a container claim that names no claim "
    "of the pod or names one twice.")
RESIZE_POLICY = define(
    "resize-policy", Severity.ERROR,
    "a container's resizePolicy names each resource once, and must not restart a Never pod",
    "From Kubernetes 1.33 (in-place resize) the API server rejects a resizePolicy that names a "
    "resource twice, and RestartContainer in a pod whose restartPolicy is Never.")

CLAIMS = on_from("PodSpec", "resourceClaims")
"""DynamicResourceAllocation is on by default from Kubernetes 1.34; before, claims are dropped."""
RESIZE = on_from("Container", "resizePolicy")
"""InPlacePodVerticalScaling is on by default from Kubernetes 1.33; before, resizePolicy is dropped."""
CLAIM_SOURCES = ("resourceClaimName", "resourceClaimTemplateName")


@check(POD_RESOURCES, needs=("resources",))
def pod_resources(ctx: RuleContext) -> Iterator[Finding]:
    resources = ctx.spec.spec.get("resources")
    if ctx.version < POD_LEVEL_RESOURCES or not isinstance(resources, Mapping):
        return
    if (claims := key(resources, "claims")) is not None:
        yield POD_RESOURCES.hit(claims, "claims cannot be set in pod-level resources: set them on the containers")
    containers = [c for name, c in ctx.spec.containers() if name == "containers"]
    container_resources = [r for c in containers if isinstance(r := c.get("resources"), Mapping)]
    yield from _requests_cover_containers(resources, container_resources)
    pod_limits = {name.value: quantity(value) for name, value in amounts(resources.get("limits"))}
    for own in container_resources:
        for name, value in amounts(own.get("limits")):
            limit, own_limit = pod_limits.get(name.value), quantity(value)
            if limit is not None and own_limit is not None and own_limit > limit:
                yield POD_RESOURCES.hit(value, f"The container's {name.value} limit ({value.value}) is above "
                                               f"the pod-level limit")


def _requests_cover_containers(resources: Mapping, container_resources: list[Mapping]) -> Iterator[Finding]:
    """Pod-level requests must be at least what the containers request. The sum of the app
    containers' written requests is a lower bound of what the API server adds up (it also
    counts defaults and init containers), so what this finds is always short."""
    for name, value in amounts(resources.get("requests")):
        if name.value not in POD_LEVEL and not is_hugepages(name.value):
            continue
        requested = quantity(value)
        total = Decimal(0)
        for own in container_resources:
            for own_name, own_value in amounts(own.get("requests")):
                if own_name.value == name.value and (amount := quantity(own_value)) is not None:
                    total += amount
        if requested is not None and total > requested:
            yield POD_RESOURCES.hit(value, f"The pod-level {name.value} request ({value.value}) is below what "
                                           f"the containers request together")


@check(RESOURCE_CLAIMS, needs=("claims", "Claims"))
def resource_claims(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.version < CLAIMS:
        return
    pod_claims: set[str] = set()
    for claim in mappings(ctx.spec.spec.get("resourceClaims")):
        yield from _pod_claim(claim, pod_claims)
    for _, container in ctx.spec.containers():
        resources = container.get("resources")
        if isinstance(resources, Mapping):
            yield from _container_claims(resources, pod_claims)


def _pod_claim(claim: Mapping, names: set[str]) -> Iterator[Finding]:
    node = claim.get("name")
    name = text(node)
    if name is not None and node is not None:
        if not name:
            yield RESOURCE_CLAIMS.hit(node, "a resource claim needs a name")
        elif name in names:
            yield RESOURCE_CLAIMS.hit(node, f"resource claim '{name}' is declared twice")
        elif (problem := dns_label_problem(name)) is not None:
            yield RESOURCE_CLAIMS.hit(node, f"Invalid resource claim name '{name}': {problem}")
        else:
            names.add(name)
    present = keys_set(claim, CLAIM_SOURCES)
    if not present:
        yield RESOURCE_CLAIMS.missing(claim.items[0][0] if claim.items else claim,
                                      "a resource claim needs resourceClaimName or resourceClaimTemplateName")
    for extra in present[1:]:
        yield RESOURCE_CLAIMS.hit(extra, "a resource claim takes resourceClaimName or resourceClaimTemplateName, "
                                         "not both")
    for source in present:
        value = claim.get(source.value)
        written = text(value)
        if written is not None and value is not None and (problem := dns_subdomain_problem(written)):
            yield RESOURCE_CLAIMS.hit(value, f"Invalid {source.value} '{written}': {problem}")


def _container_claims(resources: Mapping, pod_claims: set[str]) -> Iterator[Finding]:
    used: set[str] = set()
    for claim in mappings(resources.get("claims")):
        node = claim.get("name")
        name = text(node)
        if name is None or node is None:
            continue  # a missing name is the schema's finding
        if not name:
            yield RESOURCE_CLAIMS.hit(node, "a container claim needs the name of one of the pod's resourceClaims")
            continue
        request = text(claim.get("request")) or ""
        if request and (problem := dns_label_problem(request)) is not None:
            yield RESOURCE_CLAIMS.hit(where(claim, "request"), f"Invalid claim request '{request}': {problem}")
        entry = f"{name}/{request}" if request else name
        if name in used or entry in used or (not request and any(u.startswith(name + "/") for u in used)):
            yield RESOURCE_CLAIMS.hit(node, f"claim '{entry}' is already used by this container")
        used.update((name, entry) if not request else (entry,))
        if name not in pod_claims:  # the claim is absent (a patch leaves it to its base)
            known = ", ".join(sorted(pod_claims)) or "none"
            yield RESOURCE_CLAIMS.missing(node, f"'{name}' is not one of the pod's resourceClaims ({known})")


@check(RESIZE_POLICY, needs=("resizePolicy",))
def resize_policy(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.version < RESIZE:
        return
    never = text(ctx.spec.spec.get("restartPolicy")) == "Never"
    for _, container in ctx.spec.containers():
        seen: set[str] = set()
        for policy in mappings(container.get("resizePolicy")):
            resource = policy.get("resourceName")
            name = text(resource)
            if name and resource is not None:
                if name in seen:
                    yield RESIZE_POLICY.hit(resource, f"resizePolicy names {name} twice")
                seen.add(name)
            restart = policy.get("restartPolicy")
            if never and restart is not None and text(restart) not in (None, "NotRequired"):
                yield RESIZE_POLICY.hit(restart, "must be NotRequired: the pod's restartPolicy is Never")
