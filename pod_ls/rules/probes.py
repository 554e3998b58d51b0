"""Probe rules."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..parse import Mapping, Scalar
from . import RuleContext, check, define

SUCCESS_THRESHOLD = define(
    "probe-success-threshold",
    Severity.ERROR,
    "livenessProbe and startupProbe must have successThreshold 1",
    "The API server rejects a liveness or startup probe whose successThreshold is not 1 "
    "(0 is defaulted to 1); only a readinessProbe may ask for several successes.",
)

ONE_SUCCESS_PROBES = ("livenessProbe", "startupProbe")


@check(SUCCESS_THRESHOLD)
def probe_success_threshold(ctx: RuleContext) -> Iterator[Finding]:
    for _, container in ctx.spec.containers():
        for probe_name in ONE_SUCCESS_PROBES:
            probe = container.get(probe_name)
            if not isinstance(probe, Mapping):
                continue
            value = probe.get("successThreshold")
            if isinstance(value, Scalar) and value.tag == "int" and _int(value.value) not in (0, 1):
                yield SUCCESS_THRESHOLD.hit(
                    value,
                    f"{probe_name}.successThreshold must be 1 (got {value.value}): "
                    "liveness and startup probes act on the first success",
                    replacement="1",
                )


def _int(text: str) -> int | None:
    try:
        return int(text.replace("_", ""), 0)
    except ValueError:
        return None
