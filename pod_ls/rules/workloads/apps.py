"""The workload objects' own specs: Deployment, ReplicaSet, DaemonSet, StatefulSet and
ReplicationController (Kubernetes' pkg/apis/apps/validation, and the controllers' part of
pkg/apis/core/validation), and what a pod template may not hold.

Validation runs after the apps/v1 defaults are applied, so a field that is absent is judged by
its default (maxSurge 25%, progressDeadlineSeconds 600, ...), not by Go's zero value.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding, Severity
from ...kube.locate import get_path
from ...kube.names import dns_label_problem, dns_subdomain_problem
from ...yaml.nodes import Mapping, Scalar, Sequence
from .. import RuleContext, check, define
from ..values import boolean, integer, key, mappings, text
from .workload_fields import Fields, enum_hit, served_spec

DEPLOYMENT = define(
    "deployment-spec", Severity.ERROR,
    "a Deployment's replicas, deadlines, history limit and strategy must be valid",
    "The API server rejects negative replicas, minReadySeconds or revisionHistoryLimit, a "
    "progressDeadlineSeconds not above minReadySeconds (it defaults to 600), a strategy type other "
    "than RollingUpdate or Recreate, rollingUpdate with Recreate, maxSurge or maxUnavailable that are "
    "neither a non-negative integer nor a percentage, maxUnavailable above 100%, and both at 0.")
REPLICA_SET = define(
    "replicaset-spec", Severity.ERROR,
    "a ReplicaSet's or ReplicationController's replicas and minReadySeconds must not be negative",
    "The API server rejects a negative spec.replicas or spec.minReadySeconds.")
DAEMON_SET = define(
    "daemonset-spec", Severity.ERROR,
    "a DaemonSet's update strategy, minReadySeconds and history limit must be valid",
    "The API server rejects an updateStrategy type other than RollingUpdate or OnDelete, maxSurge or "
    "maxUnavailable that are neither a non-negative integer nor a percentage or above 100%, both at 0 "
    "or both above 0 (maxUnavailable defaults to 1, so setting maxSurge needs maxUnavailable: 0), and "
    "a negative minReadySeconds or revisionHistoryLimit.")
STATEFUL_SET = define(
    "statefulset-spec", Severity.ERROR,
    "a StatefulSet's name, pod management, update strategy, ordinals and PVC retention must be valid",
    "The API server rejects a name that is not a DNS label (from 1.27: it becomes the Pods' hostname), "
    "a podManagementPolicy other than OrderedReady or Parallel, an updateStrategy type other than "
    "RollingUpdate or OnDelete, rollingUpdate with OnDelete, a negative partition, replicas, "
    "minReadySeconds or ordinals.start, a maxUnavailable of 0 or above 100%, and PVC retention "
    "policies other than Retain or Delete. A serviceName that is not a DNS label is accepted, but no "
    "Pod can be created with it as its subdomain.")
TEMPLATE = define(
    "pod-template", Severity.ERROR,
    "controller templates may not set activeDeadlineSeconds; templates and new Pods no ephemeral containers",
    "Deployments, ReplicaSets, StatefulSets, DaemonSets and ReplicationControllers keep their Pods "
    "running, so the API server forbids activeDeadlineSeconds in their templates; ephemeral "
    "containers are added to running Pods only, never through a template or on create. With more "
    "than one replica, a Deployment's, ReplicaSet's or ReplicationController's GCE persistent disks "
    "must be readOnly: a disk is attached read-write to one node only.")

_CONTROLLERS = ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "ReplicationController")
_REPLICATED = ("Deployment", "ReplicaSet", "ReplicationController")
"""The kinds whose template validation takes the replicas (ValidatePodTemplateSpecForReplicaSet, ...ForRC)."""
_DNS_LABEL_NAME_SINCE = (1, 27)
"""StatefulSet names became DNS labels in 1.27 (they were subdomains, which no Pod could use)."""
_GATED = {"ordinals": (1, 27), "persistentVolumeClaimRetentionPolicy": (1, 27), "maxUnavailable": (1, 37)}
"""Fields that the API server drops, unvalidated, while their feature gate is off by default:
StatefulSetStartOrdinal and StatefulSetAutoDeletePVC (beta 1.27), MaxUnavailableStatefulSet (off
again from 1.35.4 and in 1.36, on in 1.37)."""


@check(DEPLOYMENT, needs=("Deployment",))
def deployment_spec(ctx: RuleContext) -> Iterator[Finding]:
    spec = served_spec(ctx, "Deployment")
    if spec is None:
        return
    fields = Fields(DEPLOYMENT)
    fields.non_negative(spec, "replicas")
    min_ready = fields.non_negative(spec, "minReadySeconds")
    fields.non_negative(spec, "revisionHistoryLimit")
    deadline = fields.non_negative(spec, "progressDeadlineSeconds")
    ready_seconds = min_ready[1] if min_ready else 0
    if deadline is not None:
        if 0 <= deadline[1] <= ready_seconds:
            fields.add(DEPLOYMENT.hit(deadline[0], f"progressDeadlineSeconds ({deadline[1]}) must be greater "
                                                   f"than minReadySeconds ({ready_seconds})"))
    elif min_ready is not None and ready_seconds >= 600 and "progressDeadlineSeconds" not in _set(spec):
        fields.add(DEPLOYMENT.missing(min_ready[0], f"minReadySeconds ({ready_seconds}) must be below "
                                                    "progressDeadlineSeconds, which defaults to 600: set it higher"))
    strategy = fields.mapping(spec, "strategy")
    if strategy is not None:
        _deployment_strategy(fields, strategy)
    yield from fields.found


def _set(mapping: Mapping) -> set[str]:
    """The keys the mapping sets to something other than null."""
    return {k.value for k, v in mapping.items if isinstance(k, Scalar)
            and not (isinstance(v, Scalar) and v.tag == "null")}


def _deployment_strategy(fields: Fields, strategy: Mapping) -> None:
    kind = fields.string(strategy, "type")
    rolling = strategy.pair("rollingUpdate")
    if kind is not None and kind[1] == "Recreate":
        if rolling is not None and "rollingUpdate" in _set(strategy):
            fields.add(DEPLOYMENT.hit(rolling[0], "rollingUpdate may not be set when the strategy type is Recreate"))
        return
    if kind is not None and kind[1] not in ("", "RollingUpdate"):
        fields.add(enum_hit(DEPLOYMENT, kind[0], "strategy type", ("RollingUpdate", "Recreate")))
        return
    update = fields.mapping(strategy, "rollingUpdate")
    if update is None:
        return
    unavailable = fields.int_or_percent(update, "maxUnavailable")
    surge = fields.int_or_percent(update, "maxSurge")
    if unavailable is not None:
        fields.at_most_100_percent(update, "maxUnavailable")
    if unavailable is not None and surge is not None and unavailable[1] == 0 and surge[1] == 0:
        fields.add(DEPLOYMENT.hit(unavailable[0], "maxUnavailable may not be 0 when maxSurge is 0: the "
                                                  "rollout could never replace a Pod"))


@check(REPLICA_SET, needs=("ReplicaSet", "ReplicationController"))
def replica_set_spec(ctx: RuleContext) -> Iterator[Finding]:
    spec = served_spec(ctx, "ReplicaSet", "ReplicationController")
    if spec is None:
        return
    fields = Fields(REPLICA_SET)
    fields.non_negative(spec, "replicas")
    fields.non_negative(spec, "minReadySeconds")
    yield from fields.found


@check(DAEMON_SET, needs=("DaemonSet",))
def daemon_set_spec(ctx: RuleContext) -> Iterator[Finding]:
    spec = served_spec(ctx, "DaemonSet")
    if spec is None:
        return
    fields = Fields(DAEMON_SET)
    fields.non_negative(spec, "minReadySeconds")
    fields.non_negative(spec, "revisionHistoryLimit")
    strategy = fields.mapping(spec, "updateStrategy")
    if strategy is not None:
        _daemon_set_strategy(fields, strategy)
    yield from fields.found


def _daemon_set_strategy(fields: Fields, strategy: Mapping) -> None:
    kind = fields.string(strategy, "type")
    if kind is not None and kind[1] == "OnDelete":
        return
    if kind is not None and kind[1] not in ("", "RollingUpdate"):
        fields.add(enum_hit(DAEMON_SET, kind[0], "updateStrategy type", ("RollingUpdate", "OnDelete")))
        return
    update = fields.mapping(strategy, "rollingUpdate")
    if update is None:
        return
    unavailable = fields.int_or_percent(update, "maxUnavailable")
    surge = fields.int_or_percent(update, "maxSurge")
    fields.at_most_100_percent(update, "maxUnavailable")
    fields.at_most_100_percent(update, "maxSurge")
    given = _set(update)
    if (unavailable is None and "maxUnavailable" in given) or (surge is None and "maxSurge" in given):
        return  # not a number: reported above
    unavailable_value = unavailable[1] if unavailable else 1
    surge_value = surge[1] if surge else 0
    if unavailable_value and surge_value and surge is not None:
        message = "maxSurge may not be set when maxUnavailable is non-zero"
        if unavailable is None:
            fields.add(DAEMON_SET.missing(surge[0], f"{message} (it defaults to 1): add maxUnavailable: 0"))
        else:
            fields.add(DAEMON_SET.hit(surge[0], message))
    elif not unavailable_value and not surge_value and unavailable is not None:
        message = "maxUnavailable may not be 0 when maxSurge is 0: the update could never replace a Pod"
        if surge is None:
            fields.add(DAEMON_SET.missing(unavailable[0], f"{message} (maxSurge defaults to 0)"))
        else:
            fields.add(DAEMON_SET.hit(unavailable[0], message))


@check(STATEFUL_SET, needs=("StatefulSet",))
def stateful_set_spec(ctx: RuleContext) -> Iterator[Finding]:
    spec = served_spec(ctx, "StatefulSet")
    if spec is None:
        return
    fields = Fields(STATEFUL_SET)
    _stateful_set_name(ctx, fields)
    policy = fields.string(spec, "podManagementPolicy")
    if policy is not None and policy[1] not in ("", "OrderedReady", "Parallel"):
        fields.add(enum_hit(STATEFUL_SET, policy[0], "podManagementPolicy", ("OrderedReady", "Parallel")))
    fields.non_negative(spec, "replicas")
    fields.non_negative(spec, "minReadySeconds")
    if ctx.version >= _GATED["ordinals"] and (ordinals := fields.mapping(spec, "ordinals")) is not None:
        fields.non_negative(ordinals, "start", shown="ordinals.start")
    retention = fields.mapping(spec, "persistentVolumeClaimRetentionPolicy")
    if retention is not None and ctx.version >= _GATED["persistentVolumeClaimRetentionPolicy"]:
        for name in ("whenDeleted", "whenScaled"):
            value = fields.string(retention, name)
            if value is not None and value[1] not in ("", "Retain", "Delete"):
                fields.add(enum_hit(STATEFUL_SET, value[0], name, ("Retain", "Delete")))
    strategy = fields.mapping(spec, "updateStrategy")
    if strategy is not None:
        _stateful_set_strategy(ctx, fields, strategy)
    service = fields.string(spec, "serviceName")
    if service is not None and service[1] and (problem := dns_label_problem(service[1])):
        fields.add(STATEFUL_SET.hit(service[0], f"serviceName '{service[1]}' {problem}: the Pods take it as their "
                                                "subdomain, so none can be created", severity=Severity.WARNING))
    yield from fields.found


def _stateful_set_name(ctx: RuleContext, fields: Fields) -> None:
    """ValidateStatefulSetName: the name becomes each Pod's hostname."""
    metadata = ctx.spec.root.get("metadata")
    node = metadata.get("name") if isinstance(metadata, Mapping) else None
    name = text(node)
    if node is None or not name:
        return
    if ctx.version >= _DNS_LABEL_NAME_SINCE:
        problem = dns_label_problem(name)
        what = "a DNS label"
    else:
        problem = dns_subdomain_problem(name)
        what = "a DNS subdomain"
    if problem:
        fields.add(STATEFUL_SET.hit(node, f"A StatefulSet's name must be {what}: '{name}' {problem}"))


def _stateful_set_strategy(ctx: RuleContext, fields: Fields, strategy: Mapping) -> None:
    kind = fields.string(strategy, "type")
    rolling = strategy.pair("rollingUpdate")
    if kind is not None and kind[1] == "OnDelete":
        if rolling is not None and "rollingUpdate" in _set(strategy):
            fields.add(STATEFUL_SET.hit(rolling[0], "rollingUpdate is only allowed with updateStrategy "
                                                    "type RollingUpdate"))
        return
    if kind is not None and kind[1] not in ("", "RollingUpdate"):
        fields.add(enum_hit(STATEFUL_SET, kind[0], "updateStrategy type", ("RollingUpdate", "OnDelete")))
        return
    update = fields.mapping(strategy, "rollingUpdate")
    if update is None:
        return
    fields.non_negative(update, "partition")
    if ctx.version >= _GATED["maxUnavailable"]:
        unavailable = fields.int_or_percent(update, "maxUnavailable")
        if unavailable is not None and unavailable[1] == 0:
            fields.add(STATEFUL_SET.hit(unavailable[0], "maxUnavailable cannot be 0"))
        fields.at_most_100_percent(update, "maxUnavailable")


@check(TEMPLATE, needs=("activeDeadlineSeconds", "gcePersistentDisk", "ephemeralContainers"))
def pod_template(ctx: RuleContext) -> Iterator[Finding]:
    """ValidatePodTemplateSpec and the controllers' ValidatePodTemplateSpecFor*; and
    ValidatePodCreate's twin rule for ephemeral containers."""
    kind, spec = ctx.spec.kind, ctx.spec.spec
    deadline = key(spec, "activeDeadlineSeconds")
    if kind in _CONTROLLERS and deadline is not None and "activeDeadlineSeconds" in _set(spec):
        yield TEMPLATE.hit(deadline, f"activeDeadlineSeconds is not supported in a {kind}'s template: its "
                                     "Pods are meant to keep running")
    if kind in _REPLICATED:
        yield from _read_only_disks(ctx)
    ephemeral = spec.pair("ephemeralContainers")
    if ephemeral is None or not isinstance(ephemeral[1], Sequence) or not ephemeral[1].items:
        return
    if kind == "Pod":
        yield TEMPLATE.hit(ephemeral[0], "ephemeralContainers cannot be set when a Pod is created: add them to "
                                         "the running Pod with kubectl debug")
        return
    # StatefulSet templates skip ValidatePodTemplateSpec: the set is stored, its Pods are refused.
    severity = Severity.WARNING if kind == "StatefulSet" else None
    yield TEMPLATE.hit(ephemeral[0], "Ephemeral containers are not allowed in a pod template: add them to a "
                                     "running Pod with kubectl debug", severity=severity)


def _read_only_disks(ctx: RuleContext) -> Iterator[Finding]:
    """ValidateReadOnlyPersistentDisks, which the template checks run when replicas > 1."""
    replicas = integer(get_path(ctx.spec.root, ("spec", "replicas")))
    if replicas is None or replicas <= 1:
        return
    for volume in mappings(ctx.spec.spec.get("volumes")):
        pair = volume.pair("gcePersistentDisk")
        if pair is None or not isinstance(pair[1], Mapping) or boolean(pair[1].get("readOnly")) is True:
            continue
        message = f"readOnly must be true with {replicas} replicas: a GCE persistent disk is attached read-write " \
                  "to one node only"
        read_only = key(pair[1], "readOnly")
        yield TEMPLATE.hit(read_only, message) if read_only is not None else TEMPLATE.missing(pair[0], message)
