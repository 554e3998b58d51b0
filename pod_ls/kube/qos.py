"""The QoS class Kubernetes gives a Pod, from its containers' requests and limits."""

from __future__ import annotations

from decimal import Decimal

from ..yaml.nodes import Mapping, Scalar
from .locate import PodSpecRef
from .quantity import parse_quantity

_COMPUTE = ("cpu", "memory")


def _amounts(resources: object, kind: str) -> dict[str, Decimal]:
    amounts = resources.get(kind) if isinstance(resources, Mapping) else None
    if not isinstance(amounts, Mapping):
        return {}
    out = {}
    for name, value in amounts.items:
        if isinstance(name, Scalar) and name.value in _COMPUTE and isinstance(value, Scalar):
            if (parsed := parse_quantity(value.value)) is not None:
                out[name.value] = parsed
    return out


def qos_class(spec: PodSpecRef) -> str:
    """Guaranteed, Burstable or BestEffort, as the kubelet computes it."""
    any_set = False
    guaranteed = True
    for _, container in spec.containers():
        resources = container.get("resources")
        limits = _amounts(resources, "limits")
        requests = {**limits, **_amounts(resources, "requests")}  # requests default to limits
        if limits or requests:
            any_set = True
        if set(limits) != set(_COMPUTE) or any(requests.get(r) != limits[r] for r in _COMPUTE):
            guaranteed = False
    if not any_set:
        return "BestEffort"
    return "Guaranteed" if guaranteed else "Burstable"
