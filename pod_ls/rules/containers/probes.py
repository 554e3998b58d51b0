"""Probe rules, ported from validateProbe and its callers (validateLivenessProbe, ...), and the
handler actions that probes and lifecycle hooks share (validateHandler's exec, httpGet,
tcpSocket, grpc and sleep actions)."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding, Fix, Severity
from ...kube.names import http_header_name_problem
from ...kube.schema import Version, format_version
from ...yaml.nodes import Mapping, Scalar, Sequence
from .. import RuleContext, check, define, example_pod, per_spec
from ..values import integer, is_null, key, keys_set, mappings, text
from .ports import port_number_or_name_problem
from .restart import SIDECARS_ON

SUCCESS_THRESHOLD = define(
    "probe-success-threshold", Severity.ERROR,
    "livenessProbe and startupProbe must have successThreshold 1",
    "The API server rejects a liveness or startup probe whose successThreshold is not 1 "
    "(0 is defaulted to 1); only a readinessProbe may ask for several successes.",
    example=(
        example_pod("web") +
        "  containers:\n"
        "    - name: app\n"
        "      image: nginx:1.27\n"
        "      livenessProbe:\n"
        "        httpGet: {path: /healthz, port: 80}\n"
        "        successThreshold: 3\n"))
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
    "probe timings and thresholds cannot be negative, a probe's grace period must be positive",
    "The API server rejects negative probe delays, periods, timeouts and thresholds, and a "
    "probe-level terminationGracePeriodSeconds of 0 or less (0 means 'unset' only elsewhere).")
PROBE_PORT = define(
    "probe-port-not-declared", Severity.WARNING,
    "a probe's named port must be a port name of the same container",
    "The API server accepts any port name, but the kubelet looks it up in the probed container's "
    "own ports: a name it does not declare cannot be resolved and the probe always fails. "
    "Numbers are not checked: health and metrics ports are rarely declared.")
ACTION = define(
    "handler-action", Severity.ERROR,
    "a probe's or hook's action must be complete: exec command, valid ports and header names",
    "The API server rejects an exec action without a command, a port that is neither 1-65535 "
    "nor a valid port name (a gRPC port must be a number), and an HTTP header name with "
    "characters other than letters, digits and '-'.")

PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
ONE_SUCCESS_PROBES = ("livenessProbe", "startupProbe")
HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
HOOKS = ("postStart", "preStop")
HOOK_HANDLERS = ("exec", "httpGet", "tcpSocket", "sleep")
PORT_HANDLERS = ("httpGet", "tcpSocket", "grpc")


def handlers_set(handler: Mapping, names: tuple[str, ...]) -> list[Scalar]:
    """The handler keys set, in the order validateHandler takes them: it validates the first
    and forbids the others, whatever their order in the text."""
    return sorted(keys_set(handler, names), key=lambda found: names.index(found.value))


@per_spec
def validated_containers(ctx: RuleContext) -> Iterator[tuple[str, Mapping]]:
    """The containers whose probes and hooks the API server validates: app containers and
    sidecars. An ordinary init container may not have them at all (init-container-probe), nor
    may an ephemeral container."""
    for list_name, container in ctx.spec.containers():
        if list_name == "containers" or (list_name == "initContainers"
                                         and text(container.get("restartPolicy")) == "Always"):
            yield list_name, container


@per_spec
def _probes(ctx: RuleContext) -> Iterator[tuple[str, Mapping, str, Scalar, Mapping]]:
    """(list name, container, probe name, probe key, probe) for every validated probe."""
    for list_name, container in validated_containers(ctx):
        for name in PROBES:
            probe = container.get(name)
            probe_key = key(container, name)
            if isinstance(probe, Mapping) and probe_key is not None:
                yield list_name, container, name, probe_key, probe


@per_spec
def hooks(ctx: RuleContext) -> Iterator[tuple[str, Scalar, Mapping]]:
    """(hook name, hook key, hook) for the postStart and preStop hooks the API validates."""
    for _, container in validated_containers(ctx):
        lifecycle = container.get("lifecycle")
        if not isinstance(lifecycle, Mapping):
            continue
        for name in HOOKS:
            hook = lifecycle.get(name)
            hook_key = key(lifecycle, name)
            if isinstance(hook, Mapping) and hook_key is not None:
                yield name, hook_key, hook


@check(SUCCESS_THRESHOLD, needs=("Probe",))
def probe_success_threshold(ctx: RuleContext) -> Iterator[Finding]:
    for _, _, name, _, probe in _probes(ctx):
        value = probe.get("successThreshold")
        number = integer(value)
        if name in ONE_SUCCESS_PROBES and number is not None and number not in (0, 1):
            yield SUCCESS_THRESHOLD.hit(
                value, f"{name}.successThreshold must be 1 (got {number}): liveness and startup "
                "probes act on the first success",
                fixes=(Fix.replace(value, "1", "Set successThreshold to 1", safe=True),))


@check(HANDLER, needs=("Probe",))
def probe_handler(ctx: RuleContext) -> Iterator[Finding]:
    for _, _, name, probe_key, probe in _probes(ctx):
        present = handlers_set(probe, HANDLERS)
        if not present:
            yield HANDLER.hit(probe_key, f"{name} has no handler: add one of exec, httpGet, tcpSocket or grpc")
        for extra in present[1:]:
            yield HANDLER.hit(extra, f"{name} may have only one handler: it already has {present[0].value}")


@check(INIT_CONTAINER_PROBE, needs=("initContainers",))
def init_container_probe(ctx: RuleContext) -> Iterator[Finding]:
    for list_name, container in ctx.spec.containers():
        if list_name != "initContainers":
            continue
        if ctx.version >= SIDECARS_ON and text(container.get("restartPolicy")) == "Always":
            continue
        for name in (*PROBES, "lifecycle"):
            if (found := key(container, name)) is not None and not is_null(container.get(name)):
                yield INIT_CONTAINER_PROBE.hit(found, _init_container_probe_message(name, ctx.version))


def _init_container_probe_message(name: str, version: Version) -> str:
    """The way to a sidecar, where the version has one: before 1.29 the API server drops an
    init container's restartPolicy (or knows no such field), so none is a sidecar."""
    if version < SIDECARS_ON:
        return (f"{name} is not allowed on an init container in Kubernetes {format_version(version)}: "
                "sidecar init containers (restartPolicy: Always) are on by default from 1.29")
    return (f"{name} is only allowed on a sidecar init container: add restartPolicy: Always to make it "
            "one, or remove the field")


@check(READINESS_GRACE, needs=("Probe",))
def readiness_probe_grace_period(ctx: RuleContext) -> Iterator[Finding]:
    for _, _, name, _, probe in _probes(ctx):
        if name == "readinessProbe" and (found := key(probe, "terminationGracePeriodSeconds")):
            if not is_null(probe.get("terminationGracePeriodSeconds")):
                yield READINESS_GRACE.hit(found, "readinessProbe may not set terminationGracePeriodSeconds")


NON_NEGATIVE = ("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold")
"""The fields validateProbe checks with ValidateNonnegativeField (after defaulting, so an
absent one is fine)."""


@check(PROBE_VALUES, needs=("Probe",))
def probe_negative_value(ctx: RuleContext) -> Iterator[Finding]:
    for _, _, name, _, probe in _probes(ctx):
        for field in NON_NEGATIVE:
            value = probe.get(field)
            if (number := integer(value)) is not None and number < 0:
                yield PROBE_VALUES.hit(value, f"{name}.{field} must not be negative")
        grace = probe.get("terminationGracePeriodSeconds")
        if (number := integer(grace)) is not None and number <= 0:
            yield PROBE_VALUES.hit(grace, f"{name}.terminationGracePeriodSeconds must be greater than 0 "
                                          f"(got {number}); leave it out to use the Pod's")


@check(PROBE_PORT, needs=("Probe",))
def probe_port_not_declared(ctx: RuleContext) -> Iterator[Finding]:
    for _, container, name, _, probe in _probes(ctx):
        names = {n for port in mappings(container.get("ports")) if (n := text(port.get("name")))}
        for handler in ("httpGet", "tcpSocket"):
            action = probe.get(handler)
            port = action.get("port") if isinstance(action, Mapping) else None
            if not isinstance(port, Scalar) or port.tag != "str" or port.value in names:
                continue
            if port_number_or_name_problem(port) is None:  # an invalid name is handler-action's
                known = f" (its named ports: {', '.join(sorted(names))})" if names else ""
                yield PROBE_PORT.hit(port, f"{name} probes the named port '{port.value}', which this "
                                           f"container does not declare{known}: the probe will always fail")


@check(ACTION, needs=("Probe", "lifecycle"))
def handler_action(ctx: RuleContext) -> Iterator[Finding]:
    handlers = [(name, probe, HANDLERS) for _, _, name, _, probe in _probes(ctx)]
    handlers += [(name, hook, HOOK_HANDLERS) for name, _, hook in hooks(ctx)]
    for owner, handler, allowed in handlers:
        present = handlers_set(handler, allowed)
        if not present:
            continue
        kind = present[0].value  # the API server validates only the first of several
        action = handler.get(kind)
        if isinstance(action, Mapping):
            yield from _action_problems(f"{owner}.{kind}", kind, present[0], action)


def _action_problems(where: str, kind: str, action_key: Scalar, action: Mapping) -> Iterator[Finding]:
    if kind == "exec":
        command = action.get("command")
        if is_null(command) or (isinstance(command, Sequence) and not command.items):
            yield ACTION.hit(key(action, "command") or action_key,
                             f"{where}.command is required: name the program to run")
    port = action.get("port")
    # A named gRPC port is the schema walk's wrong-type: only its number is checked here.
    if kind in PORT_HANDLERS and isinstance(port, Scalar) and (kind != "grpc" or port.tag == "int"):
        if problem := port_number_or_name_problem(port):
            yield ACTION.hit(port, f"{where}.port {problem}")
    if kind == "httpGet":
        headers_key = key(action, "httpHeaders")
        for header in mappings(action.get("httpHeaders")):
            name = header.get("name")
            if headers_key is not None and isinstance(name, Scalar) and name.tag != "null":
                if problem := http_header_name_problem(name.value):
                    yield ACTION.hit(headers_key, f"HTTP header name '{name.value}' {problem}")
