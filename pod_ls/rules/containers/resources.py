"""Resource requests and limits, ported from validateResourceRequirements,
validateContainerResourceName, validatePodResourceName, ValidateResourceQuantityValue and
validateResourceQuantityHugePageValue in Kubernetes' pkg/apis/core/validation (and validateOverhead, which
holds a pod's overhead to the same rules as a container's limits), with the resource
classes of pkg/apis/core/helper. What ties containers to the pod is in `pod_resources`."""

from __future__ import annotations

import math
from collections.abc import Iterator
from decimal import Decimal

from ...findings import Finding, Severity
from ...kube.gates import on_from
from ...kube.names import qualified_name_problem
from ...kube.quantity import has_fraction_of_unit, parse_quantity
from ...yaml.nodes import Mapping, Node, Scalar
from .. import RuleContext, check, define, per_spec

QUANTITY = define(
    "quantity-syntax", Severity.ERROR,
    "requests and limits must be valid quantities",
    "Quantities are a number with an optional suffix: Ki Mi Gi Ti Pi Ei (powers of 1024), m k M "
    "G T P E (powers of 1000) or an exponent (e3); `K` is not a suffix. The API server rejects "
    "anything else, and negative amounts.")
REQUEST_OVER_LIMIT = define(
    "request-exceeds-limit", Severity.ERROR,
    "a request may not be greater than the limit of the same resource",
    "The API server rejects a container that requests more than its limit allows.")
RESOURCE_NAME = define(
    "resource-name", Severity.ERROR,
    "resource names are cpu, memory, ephemeral-storage, hugepages-<size> or domain/name",
    "The API server rejects unknown resource names; extended resources need a domain prefix "
    "(example.com/gpu) and a name that is a label key. Pod-level resources take only cpu, "
    "memory and hugepages-<size>.")
NOT_OVERCOMMITTED = define(
    "extended-resource", Severity.ERROR,
    "extended resources and hugepages need a limit equal to the request; extended resources are whole numbers",
    "Extended resources (example.com/gpu) and hugepages cannot be overcommitted: the API server "
    "rejects a request without a limit or different from it, and an extended resource that is "
    "not a whole number.")
HUGEPAGES = define(
    "hugepages", Severity.ERROR,
    "hugepages must be a multiple of the page size, and come with a cpu or memory request or limit",
    "The API server rejects a hugepages-<size> amount that is not a whole number of pages, and "
    "hugepages in resources that name neither cpu nor memory.")
FRACTIONAL_MEMORY = define(
    "fractional-memory", Severity.WARNING,
    "memory in millibytes (`500m`) is almost certainly a mistake",
    "`m` means thousandths: 500m of memory is half a byte. Mi (mebibytes) was probably meant.")

STANDARD = {"cpu", "memory", "ephemeral-storage"}
POD_LEVEL = {"cpu", "memory"}
HUGEPAGES_PREFIX = "hugepages-"
POD_LEVEL_RESOURCES = on_from("PodSpec", "resources")
"""PodLevelResources is on by default from Kubernetes 1.34; before, spec.resources is dropped."""
_BYTES = ("memory", "ephemeral-storage")


def is_hugepages(name: str) -> bool:
    return name.startswith(HUGEPAGES_PREFIX)


def is_native(name: str) -> bool:
    """helper.IsNativeResource: unprefixed, or in the kubernetes.io namespace."""
    return "/" not in name or "kubernetes.io/" in name


def is_extended(name: str) -> bool:
    """helper.IsExtendedResourceName: a domain-prefixed resource outside kubernetes.io."""
    return (not is_native(name) and not name.startswith("requests.")
            and qualified_name_problem("requests." + name) is None)


def overcommit_allowed(name: str) -> bool:
    return is_native(name) and not is_hugepages(name)


def page_size(name: str) -> Decimal | None:
    """The page size of a hugepages-<size> resource, or None when it is not a whole positive quantity."""
    size = parse_quantity(name[len(HUGEPAGES_PREFIX):])
    return size if size is not None and size > 0 and size == size.to_integral_value() else None


def container_resource_name_problem(name: str) -> str | None:
    if (problem := qualified_name_problem(name)) is not None:
        return problem
    if "/" not in name:
        if name not in STANDARD and not is_hugepages(name):
            return ("must be cpu, memory, ephemeral-storage, hugepages-<size> or a domain-prefixed "
                    "extended resource (example.com/gpu)")
    elif not is_native(name) and not is_extended(name):
        return "does not follow the extended resource name standard"
    return None


def pod_resource_name_problem(name: str) -> str | None:
    if (problem := qualified_name_problem(name)) is not None:
        return problem
    if name not in POD_LEVEL and not is_hugepages(name):
        return "is not supported at pod level: use cpu, memory or hugepages-<size>"
    return None


@per_spec
def holders(ctx: RuleContext) -> Iterator[tuple[bool, Mapping]]:
    """(at pod level, resources mapping) of every container, of the pod from 1.34, and the pod's
    overhead as the limits it is validated as (validateOverhead: container resource rules)."""
    for _, container in ctx.spec.containers():
        if isinstance(resources := container.get("resources"), Mapping):
            yield False, resources
    if ctx.version >= POD_LEVEL_RESOURCES and isinstance(resources := ctx.spec.spec.get("resources"), Mapping):
        yield True, resources
    if isinstance(overhead := ctx.spec.spec.get("overhead"), Mapping):
        limits = Scalar(overhead.start, overhead.start, "limits")
        yield False, Mapping(overhead.start, overhead.end, [(limits, overhead)])


def amounts(found: Node | None) -> list[tuple[Scalar, Scalar]]:
    """The (name, value) pairs of a requests or limits map whose value is written."""
    if not isinstance(found, Mapping):
        return []
    return [(name, value) for name, value in found.items
            if isinstance(name, Scalar) and isinstance(value, Scalar) and value.tag != "null"]


def quantity(value: Scalar) -> Decimal | None:
    return parse_quantity(value.value) if value.tag in ("str", "int", "float") else None


@per_spec
def _quantity_maps(ctx: RuleContext) -> Iterator[tuple[str, Mapping]]:
    """(requests|limits, map) of every container and of the pod, whatever the version: a value
    that is no quantity fails to decode before anything is dropped."""
    for holder in [c for _, c in ctx.spec.containers()] + [ctx.spec.spec]:
        resources = holder.get("resources")
        if isinstance(resources, Mapping):
            for kind in ("requests", "limits"):
                if isinstance(found := resources.get(kind), Mapping):
                    yield kind, found
    if isinstance(overhead := ctx.spec.spec.get("overhead"), Mapping):
        yield "overhead", overhead


@check(QUANTITY, needs=("resources", "overhead"))
def quantity_syntax(ctx: RuleContext) -> Iterator[Finding]:
    for kind, found in _quantity_maps(ctx):
        for name, value in amounts(found):
            if value.tag not in ("str", "int", "float"):
                continue
            parsed = parse_quantity(value.value)
            if parsed is None:
                typo = "K" in value.value and "Ki" not in value.value
                hint = " (`K` is not a suffix: use `k` or `Ki`)" if typo else ""
                yield QUANTITY.hit(value, f"'{value.value}' is not a valid quantity for {kind}.{name.value}{hint}")
            elif parsed < 0:
                yield QUANTITY.hit(value, f"{kind}.{name.value} must not be negative")


@check(REQUEST_OVER_LIMIT, needs=("requests",))
def request_exceeds_limit(ctx: RuleContext) -> Iterator[Finding]:
    for _, resources in holders(ctx):
        limits = {name.value: (value, quantity(value)) for name, value in amounts(resources.get("limits"))}
        for name, value in amounts(resources.get("requests")):
            requested, limit = quantity(value), limits.get(name.value)
            if (requested is not None and limit and limit[1] is not None and requested > limit[1]
                    and overcommit_allowed(name.value)):
                yield REQUEST_OVER_LIMIT.hit(
                    value, f"The {name.value} request ({value.value}) is greater than its limit ({limit[0].value})")


@check(RESOURCE_NAME, needs=("requests", "limits", "overhead"))
def resource_name(ctx: RuleContext) -> Iterator[Finding]:
    for pod_level, resources in holders(ctx):
        for kind in ("requests", "limits"):
            for name, _ in amounts(resources.get(kind)):
                problem = (pod_resource_name_problem if pod_level else container_resource_name_problem)(name.value)
                if problem is not None:
                    where = "pod-level resource" if pod_level else "resource"
                    yield RESOURCE_NAME.hit(name, f"Unknown {where} '{name.value}': {problem}")


@check(NOT_OVERCOMMITTED, needs=("requests", "limits", "overhead"))
def extended_resource(ctx: RuleContext) -> Iterator[Finding]:
    for _, resources in holders(ctx):
        limits = {name.value: value for name, value in amounts(resources.get("limits"))}
        for kind in ("requests", "limits"):
            for name, value in amounts(resources.get(kind)):
                if is_extended(name.value) and (parsed := quantity(value)) is not None \
                        and parsed != parsed.to_integral_value():
                    yield NOT_OVERCOMMITTED.hit(value, f"{name.value} must be a whole number (got '{value.value}')")
        for name, value in amounts(resources.get("requests")):
            if overcommit_allowed(name.value):
                continue
            if name.value not in limits:
                yield NOT_OVERCOMMITTED.missing(
                    name, f"{name.value} cannot be overcommitted: set its limit, equal to the request")
            elif (parsed := quantity(value)) is not None and (limit := quantity(limits[name.value])) is not None \
                    and parsed != limit:
                yield NOT_OVERCOMMITTED.hit(
                    value, f"{name.value} cannot be overcommitted: the request must equal the limit")


@check(HUGEPAGES, needs=("hugepages-",))
def hugepages(ctx: RuleContext) -> Iterator[Finding]:
    for _, resources in holders(ctx):
        pages = [(name, value) for kind in ("requests", "limits") for name, value in amounts(resources.get(kind))
                 if is_hugepages(name.value)]
        for name, value in pages:
            size, parsed = page_size(name.value), quantity(value)
            pages_of = name.value[len(HUGEPAGES_PREFIX):]
            if parsed is None:
                continue
            if size is None:  # IsHugePageResourceValueDivisible: no page size divides anything
                yield HUGEPAGES.hit(name, f"'{pages_of}' is not a page size: use a whole quantity such as 2Mi or 1Gi")
            elif math.ceil(parsed) % size != 0:
                yield HUGEPAGES.hit(value, f"'{value.value}' is not a whole number of {pages_of} pages")
        named = {name.value for kind in ("requests", "limits") for name, _ in amounts(resources.get(kind))}
        if pages and not named & POD_LEVEL:  # Forbidden on the resources themselves: their first key
            yield HUGEPAGES.missing(resources.items[0][0],
                                    "hugepages need a cpu or memory request or limit beside them")


@check(FRACTIONAL_MEMORY, needs=("resources", "overhead"))
def fractional_memory(ctx: RuleContext) -> Iterator[Finding]:
    for kind, found in _quantity_maps(ctx):
        for name, value in amounts(found):
            if name.value in _BYTES and value.tag == "str" and has_fraction_of_unit(value.value):
                yield FRACTIONAL_MEMORY.hit(
                    value, f"{kind}.{name.value} is '{value.value}': a fraction of a byte. Did you mean "
                           f"'{value.value[:-1]}Mi'?" if value.value.endswith("m") else
                    f"{kind}.{name.value} is '{value.value}': a fraction of a byte")
