"""Fields that only some container lists accept."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..nodes import Scalar
from ..schema import Place
from . import RuleContext, check, define

PLACEMENT = define(
    "container-field-placement", Severity.ERROR,
    "restartPolicy is only for init containers",
    "A container-level restartPolicy turns an init container into a sidecar; app containers "
    "follow the Pod's restartPolicy, and the API server rejects the field on them.")

_CONTAINER = "io.k8s.api.core.v1.Container"


@check(PLACEMENT)
def container_field_placement(ctx: RuleContext) -> Iterator[Finding]:
    for list_name, container in ctx.spec.containers():
        if list_name == "ephemeralContainers":
            continue
        for name, value in container.items:
            if not isinstance(name, Scalar) or value is None:
                continue
            place = Place({}, _CONTAINER, name.value)
            if not ctx.schema.allowed_in_list(place, list_name):
                only = ", ".join(ctx.schema.policy(place)["onlyIn"])
                yield PLACEMENT.hit(name, f"{name.value} is only allowed in {only}, not in {list_name}")
