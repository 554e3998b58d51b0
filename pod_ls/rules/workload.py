"""Rules about the workload around the pod spec: restart policy and selector."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Edit, Finding, Fix, Severity
from ..locate import get_path
from ..nodes import Mapping, Node, Scalar
from ..schema import Place
from . import RuleContext, check, define
from .values import key, mappings, text

RESTART_POLICY = define(
    "workload-restart-policy", Severity.ERROR,
    "restartPolicy must fit the workload: Always in controllers, OnFailure or Never in Jobs",
    "Deployments, ReplicaSets, StatefulSets, DaemonSets and ReplicationControllers keep Pods "
    "running, so only Always is accepted; Jobs and CronJobs run to completion and reject "
    "Always, which is also the default: a Job must set OnFailure or Never.")
SELECTOR = define(
    "selector-mismatch", Severity.ERROR,
    "the workload's selector must match its template's labels",
    "The API server rejects a controller whose selector does not select the Pods it creates.")

_RESTART_POLICY = Place({}, "io.k8s.api.core.v1.PodSpec", "restartPolicy")
_LABEL_SELECTOR_KINDS = ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet")


@check(RESTART_POLICY)
def workload_restart_policy(ctx: RuleContext) -> Iterator[Finding]:
    every = ctx.schema.allowed_values(_RESTART_POLICY)
    allowed = list(ctx.schema.allowed_values(_RESTART_POLICY, ctx.spec.kind))
    if allowed == list(every):
        return
    spec = ctx.spec.spec
    value = spec.get("restartPolicy")
    policy = text(value)
    names = " or ".join(allowed)
    if policy is not None and value is not None:
        if policy not in allowed and policy in every:
            yield RESTART_POLICY.hit(
                value, f"restartPolicy {policy} is not allowed in a {ctx.spec.kind}: use {names}",
                fixes=tuple(Fix.replace_string(value, v, f"Set restartPolicy to {v}") for v in allowed))
        return
    if "Always" in allowed:
        return
    spec_key = _spec_key(ctx)
    fixes: tuple[Fix, ...] = ()
    if not spec.flow and spec.items:
        first = spec.items[0][0]
        at = (first.start[0], 0)
        fixes = tuple(Fix(f"Add restartPolicy: {v}", (Edit(at, at, f"{' ' * first.start[1]}restartPolicy: {v}\n"),))
                      for v in allowed)
    yield RESTART_POLICY.hit(spec_key or spec, f"A {ctx.spec.kind}'s Pods must set restartPolicy to {names}: "
                                               "the default, Always, is rejected", fixes=fixes)


def _spec_key(ctx: RuleContext) -> Scalar | None:
    parent = get_path(ctx.spec.root, ctx.spec.path[:-1]) if len(ctx.spec.path) > 1 else ctx.spec.root
    return key(parent, ctx.spec.path[-1]) if isinstance(parent, Mapping) else None


def _labels(ctx: RuleContext) -> dict[str, str] | None:
    metadata = get_path(ctx.spec.root, ctx.spec.path[:-1] + ("metadata",))
    labels = metadata.get("labels") if isinstance(metadata, Mapping) else None
    if not isinstance(labels, Mapping):
        return None
    return {k.value: text(v) or "" for k, v in labels.items if isinstance(k, Scalar)}


def _match_labels(selector: Mapping, labels: dict[str, str]) -> Iterator[tuple[Node, str]]:
    for name, value in selector.items:
        if not isinstance(name, Scalar):
            continue
        wanted = text(value) or ""
        if labels.get(name.value) != wanted:
            actual = labels.get(name.value)
            has = f"has {name.value}: {actual}" if actual is not None else f"has no label {name.value}"
            yield value, f"The selector wants {name.value}: {wanted}, but the template {has}"


def _match_expressions(expressions: Node | None, labels: dict[str, str]) -> Iterator[tuple[Node, str]]:
    for expression in mappings(expressions):
        label, operator = text(expression.get("key")), text(expression.get("operator"))
        values_node = expression.get("values")
        values = {text(v) for v in getattr(values_node, "items", [])}
        if label is None or operator is None:
            continue
        present = label in labels
        ok = {"In": present and labels.get(label) in values,
              "NotIn": not present or labels.get(label) not in values,
              "Exists": present, "DoesNotExist": not present}.get(operator, True)
        if not ok:
            listed = f" ({', '.join(sorted(v for v in values if v))})" if values else ""
            yield (expression.get("operator") or expression,
                   f"The selector's {label} {operator}{listed} does not match the template's labels")


@check(SELECTOR)
def selector_mismatch(ctx: RuleContext) -> Iterator[Finding]:
    spec = ctx.spec.root.get("spec")
    if not isinstance(spec, Mapping) or ctx.spec.kind not in (*_LABEL_SELECTOR_KINDS, "ReplicationController"):
        return
    selector = spec.get("selector")
    labels = _labels(ctx)
    if not isinstance(selector, Mapping) or labels is None:
        return
    if ctx.spec.kind == "ReplicationController":
        problems = _match_labels(selector, labels)
    else:
        match_labels = selector.get("matchLabels")
        problems = list(_match_labels(match_labels, labels)) if isinstance(match_labels, Mapping) else []
        problems += list(_match_expressions(selector.get("matchExpressions"), labels))
    for node, message in problems:
        yield SELECTOR.hit(node, message)
