"""Container rules: fields that only some container lists accept, and lifecycle hooks (ported
from validateLifecycle, validateHandler and validateSleepAction)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from ...findings import Finding, Severity
from ...kube.schema import Place, Schema
from ...yaml.nodes import Mapping, Node, Scalar, Sequence
from .. import RuleContext, check, define
from ..values import integer, is_null, key, text
from .probes import HOOK_HANDLERS, handlers_set, hooks, validated_containers
from .restart import dropped

CONTAINERS_REQUIRED = define(
    "containers-required", Severity.ERROR,
    "a pod spec needs at least one container",
    "validateContainers rejects a pod spec whose containers list is empty or null: init "
    "containers alone do not make a Pod.")
TARGET = define(
    "ephemeral-target-container", Severity.ERROR,
    "an ephemeral container's targetContainerName names a container or init container of the Pod",
    "validateEphemeralContainers rejects a targetContainerName that is not the name of one of "
    "the Pod's containers or init containers: the debug container would share nothing.")
PLACEMENT = define(
    "container-field-placement", Severity.ERROR,
    "restartPolicy is for init containers only (before 1.35); ports, resources, probes, lifecycle and restart "
    "rules not for ephemeral containers",
    "A container-level restartPolicy turns an init container into a sidecar; before Kubernetes "
    "1.35 app containers follow the Pod's restartPolicy, and the API server rejects the field on "
    "them (from 1.35, ContainerRestartRules lets any container override it; in 1.34 the API "
    "server drops it). Ephemeral containers must not take part in what the Pod serves: the API "
    "server rejects their ports, resources, resizePolicy, probes, lifecycle hooks, restartPolicy "
    "and restartPolicyRules.")
HOOK = define(
    "lifecycle-hook", Severity.ERROR,
    "postStart and preStop need exactly one handler, and a sleep must fit the grace period",
    "The API server rejects a hook with no handler or several (exec, httpGet, tcpSocket, sleep), "
    "and a sleep longer than the Pod's terminationGracePeriodSeconds (30 by default), negative, "
    "or of 0 seconds before Kubernetes 1.33.")
STOP_SIGNAL = define(
    "lifecycle-stop-signal", Severity.WARNING,
    "lifecycle.stopSignal needs spec.os.name, and a Windows Pod may only use SIGTERM or SIGKILL",
    "stopSignal is an alpha field (feature gate ContainerStopSignals, off by default): without "
    "the gate the API server drops it, so the container gets the image's stop signal; with it, "
    "the API server rejects a stopSignal in a Pod without spec.os.name, and a Windows Pod's "
    "signal other than SIGTERM or SIGKILL.")

_CONTAINER = "io.k8s.api.core.v1.Container"
DEFAULT_GRACE_PERIOD = 30
SLEEP_ZERO_ALLOWED_SINCE = (1, 33)  # PodLifecycleSleepActionAllowZero: beta, on by default
STOP_SIGNAL_SINCE = (1, 33)
WINDOWS_STOP_SIGNALS = ("SIGTERM", "SIGKILL")


@check(CONTAINERS_REQUIRED)
def containers_required(ctx: RuleContext) -> Iterator[Finding]:
    pair = ctx.spec.spec.pair("containers")
    if pair is not None and (is_null(pair[1]) or (isinstance(pair[1], Sequence) and not pair[1].items)):
        yield CONTAINERS_REQUIRED.missing(pair[0], "containers may not be empty: a Pod needs at least one container")


@check(PLACEMENT)
def container_field_placement(ctx: RuleContext) -> Iterator[Finding]:
    """validateContainers' restartPolicy, and validateEphemeralContainers' allow list (ports,
    resources, probes, lifecycle and restart rules are for the Pod's own containers). A field
    that dropDisabledFields clears first is `container-restart-policy-dropped`'s."""
    for list_name, container in ctx.spec.containers():
        for field, only in _restricted_fields(ctx.schema, list_name):
            if (pair := container.pair(field)) is None:
                continue
            name, value = pair
            if ctx.schema.allowed_in_list(Place({}, _CONTAINER, field), list_name, ctx.version) \
                    or is_null(value) or _empty(value) or dropped(list_name, field, text(value), ctx.version):
                continue
            yield PLACEMENT.hit(name, f"{field} is only allowed in {' and '.join(only)}, not in {list_name}")


@cache
def _restricted_fields(schema: Schema, list_name: str) -> tuple[tuple[str, list[str]], ...]:
    """The container fields that only some container lists take, not including `list_name`,
    with those lists (a version may add it: `allowed_in_list`)."""
    fields = schema.properties(Place({"ref": _CONTAINER}))
    return tuple((name, only) for name in fields
                 if (only := schema.policy(Place({}, _CONTAINER, name)).get("onlyIn")) and list_name not in only)


def _empty(value: Node) -> bool:
    """An empty list or mapping: the zero value, which validateFieldAllowList lets through."""
    return isinstance(value, (Sequence, Mapping)) and not value.items


@check(HOOK, needs=("lifecycle",))
def lifecycle_hook(ctx: RuleContext) -> Iterator[Finding]:
    grace_node = ctx.spec.spec.get("terminationGracePeriodSeconds")
    grace = DEFAULT_GRACE_PERIOD if is_null(grace_node) else integer(grace_node)
    zero_allowed = ctx.version >= SLEEP_ZERO_ALLOWED_SINCE
    for name, hook_key, hook in hooks(ctx):
        present = handlers_set(hook, HOOK_HANDLERS)
        if not present:
            yield HOOK.hit(hook_key, f"{name} has no handler: add one of exec, httpGet, tcpSocket or sleep")
        for extra in present[1:]:
            yield HOOK.hit(extra, f"{name} may have only one handler: it already has {present[0].value}")
        sleep = hook.get("sleep")
        if present and present[0].value == "sleep" and isinstance(sleep, Mapping):
            # An absent seconds is 0 to the API server (the schema's `required` is not validated).
            seconds = 0 if is_null(sleep.get("seconds")) else integer(sleep.get("seconds"))
            if problem := _sleep_problem(seconds, grace, zero_allowed):
                yield HOOK.hit(present[0], f"{name}.sleep.seconds {problem}")


def _sleep_problem(seconds: int | None, grace: int | None, zero_allowed: bool) -> str | None:
    """validateSleepAction: a sleep within 0 (or 1) and the Pod's grace period. A grace period
    that is no plain non-negative number is another rule's business: no bound then."""
    if seconds is None or grace is None or grace < 0:
        return None
    low = 0 if zero_allowed else 1
    if low <= seconds <= grace:
        return None
    if seconds > grace:
        return f"({seconds}) must not exceed the Pod's terminationGracePeriodSeconds ({grace})"
    if seconds == 0:
        return "must be greater than 0 before Kubernetes 1.33"
    return f"must not be negative (got {seconds})"


@check(STOP_SIGNAL, needs=("stopSignal",))
def lifecycle_stop_signal(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.version < STOP_SIGNAL_SINCE:
        return  # a field newer than the cluster: the schema walk's unknown-field
    os = ctx.spec.spec.get("os")
    os_name = text(os.get("name")) if isinstance(os, Mapping) else None
    for _, container in validated_containers(ctx):
        lifecycle = container.get("lifecycle")
        signal = lifecycle.get("stopSignal") if isinstance(lifecycle, Mapping) else None
        if not isinstance(signal, Scalar) or signal.tag == "null" or not isinstance(lifecycle, Mapping):
            continue
        if os_name is None:
            yield STOP_SIGNAL.hit(key(lifecycle, "stopSignal") or signal,
                                  "stopSignal needs spec.os.name (linux or windows): with the "
                                  "ContainerStopSignals gate the API server rejects it, without the gate it drops it")
        elif os_name == "windows" and signal.value not in WINDOWS_STOP_SIGNALS:
            yield STOP_SIGNAL.hit(signal, f"A Windows Pod's stopSignal must be SIGTERM or SIGKILL (got "
                                          f"{signal.value}): with the ContainerStopSignals gate the API "
                                          "server rejects it, without the gate it drops it")


@check(TARGET, needs=("targetContainerName",))
def ephemeral_target_container(ctx: RuleContext) -> Iterator[Finding]:
    lists = ctx.spec.containers()
    names = {text(c.get("name")) for list_name, c in lists if list_name != "ephemeralContainers"}
    for list_name, container in lists:
        target = key(container, "targetContainerName") if list_name == "ephemeralContainers" else None
        value = text(container.get("targetContainerName"))
        if target is not None and value and value not in names:
            known = ", ".join(sorted(n for n in names if n)) or "none"
            yield TARGET.missing(target, f"targetContainerName '{value}' is not a container of this Pod ({known})")
