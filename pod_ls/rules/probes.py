"""Probe rules: handlers, thresholds, where probes may appear and what they probe."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Fix, Severity
from ..nodes import Mapping, Scalar
from . import RuleContext, check, define
from .values import PROBE_DEFAULTS, integer, key, keys_set, mappings, text

SUCCESS_THRESHOLD = define(
    "probe-success-threshold", Severity.ERROR,
    "livenessProbe and startupProbe must have successThreshold 1",
    "The API server rejects a liveness or startup probe whose successThreshold is not 1 "
    "(0 is defaulted to 1); only a readinessProbe may ask for several successes.")
HANDLER = define(
    "probe-handler", Severity.ERROR,
    "a probe needs exactly one handler: exec, httpGet, tcpSocket or grpc",
    "The API server rejects a probe with no handler or with more than one.")
INIT_CONTAINER_PROBE = define(
    "init-container-probe", Severity.ERROR,
    "probes and lifecycle hooks need a sidecar init container (restartPolicy: Always)",
    "An ordinary init container runs to completion before the app starts, so the API server "
    "rejects probes and lifecycle hooks on it; only sidecars may have them.")
READINESS_GRACE = define(
    "readiness-probe-grace-period", Severity.ERROR,
    "readinessProbe may not set terminationGracePeriodSeconds",
    "A failing readiness probe never kills the container, so a grace period means nothing "
    "there and the API server rejects it.")
PROBE_VALUES = define(
    "probe-negative-value", Severity.ERROR,
    "probe timings and thresholds cannot be negative",
    "The API server rejects negative probe delays, periods, timeouts and thresholds.")
PROBE_PORT = define(
    "probe-port-not-declared", Severity.WARNING,
    "the probe's port is not one of the container's ports",
    "A named port that the container does not declare cannot be resolved, so the probe always "
    "fails; a number that is missing from a declared port list is usually a typo.")

PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
ONE_SUCCESS_PROBES = ("livenessProbe", "startupProbe")
HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
PORT_HANDLERS = ("httpGet", "tcpSocket", "grpc")


def _probes(ctx: RuleContext) -> Iterator[tuple[str, Mapping, str, Scalar, Mapping]]:
    """(list name, container, probe name, probe key, probe) for every probe of the spec."""
    for list_name, container in ctx.spec.containers():
        for name in PROBES:
            probe = container.get(name)
            probe_key = key(container, name)
            if isinstance(probe, Mapping) and probe_key is not None:
                yield list_name, container, name, probe_key, probe


@check(SUCCESS_THRESHOLD)
def probe_success_threshold(ctx: RuleContext) -> Iterator[Finding]:
    for _, _, name, _, probe in _probes(ctx):
        value = probe.get("successThreshold")
        number = integer(value)
        if name in ONE_SUCCESS_PROBES and number is not None and number not in (0, 1):
            yield SUCCESS_THRESHOLD.hit(
                value, f"{name}.successThreshold must be 1 (got {number}): liveness and startup "
                "probes act on the first success",
                fixes=(Fix.replace(value, "1", "Set successThreshold to 1"),))


@check(HANDLER)
def probe_handler(ctx: RuleContext) -> Iterator[Finding]:
    for _, _, name, probe_key, probe in _probes(ctx):
        present = keys_set(probe, HANDLERS)
        if not present:
            yield HANDLER.hit(probe_key, f"{name} has no handler: add one of exec, httpGet, tcpSocket or grpc")
        for extra in present[1:]:
            yield HANDLER.hit(extra, f"{name} may have only one handler: it already has {present[0].value}")


@check(INIT_CONTAINER_PROBE)
def init_container_probe(ctx: RuleContext) -> Iterator[Finding]:
    for list_name, container in ctx.spec.containers():
        if list_name != "initContainers" or text(container.get("restartPolicy")) == "Always":
            continue
        for name in (*PROBES, "lifecycle"):
            if (found := key(container, name)) is not None and container.get(name) is not None:
                yield INIT_CONTAINER_PROBE.hit(
                    found, f"{name} is only allowed on a sidecar init container: add restartPolicy: "
                    "Always to make it one, or remove the field")


@check(READINESS_GRACE)
def readiness_probe_grace_period(ctx: RuleContext) -> Iterator[Finding]:
    for _, _, name, _, probe in _probes(ctx):
        if name == "readinessProbe" and (found := key(probe, "terminationGracePeriodSeconds")):
            if probe.get("terminationGracePeriodSeconds") is not None:
                yield READINESS_GRACE.hit(found, "readinessProbe may not set terminationGracePeriodSeconds")


@check(PROBE_VALUES)
def probe_negative_value(ctx: RuleContext) -> Iterator[Finding]:
    for _, _, name, _, probe in _probes(ctx):
        for field in ("initialDelaySeconds", "terminationGracePeriodSeconds", *PROBE_DEFAULTS):
            value = probe.get(field)
            if (number := integer(value)) is not None and number < 0:
                yield PROBE_VALUES.hit(value, f"{name}.{field} must not be negative")


def _declared_ports(container: Mapping) -> tuple[set[int], set[str]]:
    numbers, names = set(), set()
    for port in mappings(container.get("ports")):
        if (number := integer(port.get("containerPort"))) is not None:
            numbers.add(number)
        if (name := text(port.get("name"))) is not None:
            names.add(name)
    return numbers, names


@check(PROBE_PORT)
def probe_port_not_declared(ctx: RuleContext) -> Iterator[Finding]:
    for _, container, name, _, probe in _probes(ctx):
        numbers, names = _declared_ports(container)
        for handler in PORT_HANDLERS:
            action = probe.get(handler)
            port = action.get("port") if isinstance(action, Mapping) else None
            if not isinstance(port, Scalar):
                continue
            if port.tag == "int" and numbers and integer(port) not in numbers:
                listed = ", ".join(str(n) for n in sorted(numbers))
                yield PROBE_PORT.hit(port, f"{name} probes port {port.value}, which this container does "
                                           f"not declare (its ports: {listed})")
            elif port.tag == "str" and port.value not in names:
                known = f" (its named ports: {', '.join(sorted(names))})" if names else ""
                yield PROBE_PORT.hit(port, f"{name} probes the named port '{port.value}', which this "
                                           f"container does not declare{known}: the probe will always fail")
