"""Resource requests and limits."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding, Severity
from ..nodes import Mapping, Scalar
from ..quantity import has_fraction_of_unit, parse_quantity
from . import RuleContext, check, define

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
    "(example.com/gpu).")
FRACTIONAL_MEMORY = define(
    "fractional-memory", Severity.WARNING,
    "memory in millibytes (`500m`) is almost certainly a mistake",
    "`m` means thousandths: 500m of memory is half a byte. Mi (mebibytes) was probably meant.")

STANDARD = {"cpu", "memory", "ephemeral-storage"}
_HUGEPAGES = re.compile(r"hugepages-\d+(?:[KMGTPE]i|[kMGTPE])?")
_EXTENDED = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"  # a DNS subdomain
                       r"/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?")
_BYTES = ("memory", "ephemeral-storage")


def _maps(ctx: RuleContext) -> Iterator[tuple[str, Mapping]]:
    """(requests|limits, map) of every container and of the Pod-level resources."""
    holders = [c for _, c in ctx.spec.containers()] + [ctx.spec.spec]
    for holder in holders:
        resources = holder.get("resources")
        if isinstance(resources, Mapping):
            for kind in ("requests", "limits"):
                amounts = resources.get(kind)
                if isinstance(amounts, Mapping):
                    yield kind, amounts


def _amounts(amounts: Mapping) -> Iterator[tuple[Scalar, Scalar]]:
    for name, value in amounts.items:
        if isinstance(name, Scalar) and isinstance(value, Scalar) and value.tag != "null":
            yield name, value


@check(QUANTITY)
def quantity_syntax(ctx: RuleContext) -> Iterator[Finding]:
    for kind, amounts in _maps(ctx):
        for name, value in _amounts(amounts):
            if value.tag not in ("str", "int", "float"):
                continue
            parsed = parse_quantity(value.value)
            if parsed is None:
                typo = "K" in value.value and "Ki" not in value.value
                hint = " (`K` is not a suffix: use `k` or `Ki`)" if typo else ""
                yield QUANTITY.hit(value, f"'{value.value}' is not a valid quantity for {kind}.{name.value}{hint}")
            elif parsed < 0:
                yield QUANTITY.hit(value, f"{kind}.{name.value} must not be negative")


@check(REQUEST_OVER_LIMIT)
def request_exceeds_limit(ctx: RuleContext) -> Iterator[Finding]:
    holders = [c for _, c in ctx.spec.containers()] + [ctx.spec.spec]
    for holder in holders:
        resources = holder.get("resources")
        if not isinstance(resources, Mapping):
            continue
        requests, limits = resources.get("requests"), resources.get("limits")
        if not isinstance(requests, Mapping) or not isinstance(limits, Mapping):
            continue
        limit_values = {n.value: (v, parse_quantity(v.value)) for n, v in _amounts(limits)}
        for name, value in _amounts(requests):
            requested = parse_quantity(value.value)
            limit = limit_values.get(name.value)
            if requested is not None and limit and limit[1] is not None and requested > limit[1]:
                yield REQUEST_OVER_LIMIT.hit(
                    value, f"The {name.value} request ({value.value}) is greater than its limit ({limit[0].value})")


@check(RESOURCE_NAME)
def resource_name(ctx: RuleContext) -> Iterator[Finding]:
    for _, amounts in _maps(ctx):
        for name, _ in _amounts(amounts):
            resource = name.value
            if resource in STANDARD or _HUGEPAGES.fullmatch(resource):
                continue
            if "/" in resource and _EXTENDED.fullmatch(resource) and not resource.startswith("kubernetes.io/"):
                continue
            yield RESOURCE_NAME.hit(name, f"Unknown resource '{resource}': use cpu, memory, ephemeral-storage, "
                                          "hugepages-<size> or a domain-prefixed extended resource")


@check(FRACTIONAL_MEMORY)
def fractional_memory(ctx: RuleContext) -> Iterator[Finding]:
    for kind, amounts in _maps(ctx):
        for name, value in _amounts(amounts):
            if name.value in _BYTES and value.tag == "str" and has_fraction_of_unit(value.value):
                yield FRACTIONAL_MEMORY.hit(
                    value, f"{kind}.{name.value} is '{value.value}': a fraction of a byte. Did you mean "
                           f"'{value.value[:-1]}Mi'?" if value.value.endswith("m") else
                    f"{kind}.{name.value} is '{value.value}': a fraction of a byte")
