"""Rules about the workload around the pod spec: its restart policy, and the selector that must
exist and select the template's Pods (ValidateDeploymentSpec, ValidateReplicaSetSpec,
ValidateDaemonSetSpec, ValidateStatefulSetSpec, ValidateReplicationControllerSpec)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

from ...findings import Edit, Finding, Fix, Related, Severity
from ...kube.locate import get_path
from ...kube.schema import Place
from ...kube.selectors import label_selector_problems
from ...yaml.nodes import Mapping, Node, Scalar
from .. import RuleContext, check, define
from ..values import key, mappings, text
from .workload_fields import served_spec_pair

RESTART_POLICY = define(
    "workload-restart-policy", Severity.ERROR,
    "restartPolicy must fit the workload: Always in controllers, OnFailure or Never in Jobs",
    "Deployments, ReplicaSets, StatefulSets, DaemonSets and ReplicationControllers keep Pods "
    "running, so only Always is accepted; Jobs and CronJobs run to completion and reject "
    "Always, which is also the default: a Job must set OnFailure or Never.")
SELECTOR = define(
    "selector-mismatch", Severity.ERROR,
    "the workload's selector must match its template's labels",
    "The API server rejects a controller whose selector does not select the Pods it creates "
    "(spec.template.metadata.labels: `selector` does not match template `labels`).")
SELECTOR_REQUIRED = define(
    "workload-selector", Severity.ERROR,
    "a controller needs a selector, and an empty one is invalid",
    "Deployments, ReplicaSets, StatefulSets and DaemonSets of apps/v1 must set spec.selector with "
    "matchLabels or matchExpressions (an empty selector would select every Pod of the namespace); "
    "a ReplicationController's selector defaults to its template's labels, so it needs one or the "
    "other. The API server rejects the object otherwise.")

_RESTART_POLICY = Place({}, "io.k8s.api.core.v1.PodSpec", "restartPolicy")


@check(RESTART_POLICY)
def workload_restart_policy(ctx: RuleContext) -> Iterator[Finding]:
    every = ctx.schema.allowed_values(_RESTART_POLICY)
    accepted = list(ctx.schema.allowed_values(_RESTART_POLICY, ctx.spec.kind))
    if accepted == list(every):
        return
    allowed = [v for v in accepted if v]  # "" is the default, Always
    spec = ctx.spec.spec
    value = spec.get("restartPolicy")
    policy = text(value)
    names = " or ".join(allowed)
    if policy is not None and value is not None:
        if policy not in accepted and policy in every:
            shown = policy or "'' (the default, Always)"
            yield RESTART_POLICY.hit(
                value, f"restartPolicy {shown} is not allowed in a {ctx.spec.kind}: use {names}",
                fixes=tuple(Fix.replace_string(value, v, f"Set restartPolicy to {v}", safe=len(allowed) == 1)
                            for v in allowed))
        return
    if "Always" in allowed:
        return
    spec_key = _spec_key(ctx)
    fixes: tuple[Fix, ...] = ()
    if not spec.flow and spec.items:
        first = spec.items[0][0]
        at = (first.start[0], 0)
        fixes = tuple(Fix(f"Add restartPolicy: {v}", (Edit(at, at, f"{' ' * first.start[1]}restartPolicy: {v}\n"),),
                          safe=len(allowed) == 1) for v in allowed)
    yield RESTART_POLICY.missing(spec_key or spec, f"A {ctx.spec.kind}'s Pods must set restartPolicy to {names}: "
                                               "the default, Always, is rejected", fixes=fixes)


def _spec_key(ctx: RuleContext) -> Scalar | None:
    parent = get_path(ctx.spec.root, ctx.spec.path[:-1]) if len(ctx.spec.path) > 1 else ctx.spec.root
    return key(parent, ctx.spec.path[-1]) if isinstance(parent, Mapping) else None


@dataclass(frozen=True, slots=True)
class _TemplateLabels:
    """The template's labels, and where the API server's `spec.template.metadata.labels` is."""

    labels: dict[str, tuple[Scalar, Node]]
    """Label name to its key and value nodes."""
    anchor: Node
    """The `labels` key, else the nearest key on the way to it."""


def _template_labels(spec_key: Scalar, spec: Mapping) -> _TemplateLabels:
    anchor: Node = spec_key
    node: Node = spec
    for name in ("template", "metadata", "labels"):
        pair = node.pair(name) if isinstance(node, Mapping) else None
        if pair is None:
            return _TemplateLabels({}, anchor)
        anchor, node = pair
    labels = {k.value: (k, v) for k, v in node.items if isinstance(k, Scalar)} if isinstance(node, Mapping) else {}
    return _TemplateLabels(labels, anchor)


def _value(node: Node) -> str:
    """A label value as the API server reads it: null is the empty string."""
    return node.value if isinstance(node, Scalar) and node.tag != "null" else ""


def _selector_count(selector: Mapping) -> int:
    """How many requirements the selector makes (matchLabels entries and matchExpressions)."""
    labels, expressions = selector.get("matchLabels"), selector.get("matchExpressions")
    return (len(labels.items) if isinstance(labels, Mapping) else 0) + len(list(mappings(expressions)))


@check(SELECTOR_REQUIRED)
def workload_selector(ctx: RuleContext) -> Iterator[Finding]:
    found = served_spec_pair(ctx)
    if found is None:
        return
    spec_key, spec = found
    pair = spec.pair("selector")
    selector = pair[1] if pair else None
    kind = ctx.spec.kind
    if kind == "ReplicationController":
        if not (isinstance(selector, Mapping) and selector.items) and not _template_labels(spec_key, spec).labels:
            at = pair[0] if pair else spec_key
            yield SELECTOR_REQUIRED.missing(at, "A ReplicationController needs a selector, or template labels "
                                                "to default it from: it has neither")
        return
    if selector is None or (isinstance(selector, Scalar) and selector.tag == "null"):
        if kind == "DaemonSet":  # no selector selects nothing, so the API names the labels
            yield SELECTOR_REQUIRED.missing(_template_labels(spec_key, spec).anchor,
                                            "A DaemonSet needs spec.selector matching these labels: it has none",
                                            labelled=True)
        else:
            yield SELECTOR_REQUIRED.missing(spec_key, f"A {kind} needs spec.selector (matchLabels or "
                                                      "matchExpressions) matching its template's labels",
                                            labelled=True)
        return
    if not isinstance(selector, Mapping) or pair is None:
        return  # the schema's type, reported as such
    if _selector_count(selector) == 0:
        stray = [k.value for k, _ in selector.items if isinstance(k, Scalar)
                 and k.value not in ("matchLabels", "matchExpressions")]
        hint = f"put {', '.join(stray)} under matchLabels" if stray else "set matchLabels"
        yield SELECTOR_REQUIRED.hit(pair[0], f"An empty selector is invalid for a {kind}: it would select "
                                             f"every Pod of the namespace; {hint}")
    for node, message in label_selector_problems(selector, ctx.version):
        yield SELECTOR_REQUIRED.hit(node, message)


def _match_labels(wanted: Mapping, template: _TemplateLabels) -> Iterator[tuple[Node, str, bool, Node]]:
    """(where, message, whether it is about an absent label, the selector's entry) for each
    unmatched entry."""
    for name, value in wanted.items:
        if not isinstance(name, Scalar):
            continue
        want = _value(value)
        if name.value not in template.labels:
            yield (template.anchor, f"The selector wants {name.value}: {want}, but the template has no "
                                    f"label {name.value}", True, name)
        elif (actual := _value(template.labels[name.value][1])) != want:
            yield (template.labels[name.value][1],
                   f"The selector wants {name.value}: {want}, but the template has {name.value}: {actual}", False,
                   name)


def _match_expressions(expressions: Node | None, template: _TemplateLabels
                       ) -> Iterator[tuple[Node, str, bool, Node]]:
    for expression in mappings(expressions):
        label, operator = text(expression.get("key")), text(expression.get("operator"))
        if label is None or operator not in ("In", "NotIn", "Exists", "DoesNotExist"):
            continue
        values = {_value(v) for v in getattr(expression.get("values"), "items", [])}
        present = template.labels.get(label)
        listed = f" ({', '.join(sorted(v for v in values if v))})" if values else ""
        message = f"The selector's {label} {operator}{listed} does not match the template's labels"
        if present is None:
            if operator in ("In", "Exists"):
                yield template.anchor, f"{message}: it has no label {label}", True, expression
        elif operator == "DoesNotExist":
            yield present[0], message, False, expression
        elif operator != "Exists" and (operator == "In") != (_value(present[1]) in values):
            yield present[1], message, False, expression


def _invalid_operator(selector: Mapping) -> bool:
    """An operator outside the enum makes the selector unparsable: the API reports only that."""
    return any(text(e.get("operator")) not in ("In", "NotIn", "Exists", "DoesNotExist")
               for e in mappings(selector.get("matchExpressions")))


@check(SELECTOR, needs=("selector",))
def selector_mismatch(ctx: RuleContext) -> Iterator[Finding]:
    found = served_spec_pair(ctx)
    if found is None:
        return
    spec_key, spec = found
    selector = spec.get("selector")
    template = _template_labels(spec_key, spec)
    if not isinstance(selector, Mapping):
        return
    if ctx.spec.kind == "ReplicationController":
        problems = _match_labels(selector, template)  # an empty one is defaulted from the labels
    elif _invalid_operator(selector):
        return
    else:
        match_labels = selector.get("matchLabels")
        problems = chain(_match_labels(match_labels, template) if isinstance(match_labels, Mapping) else (),
                         _match_expressions(selector.get("matchExpressions"), template))
    for node, message, absent, wanted in problems:
        related = (Related.at(wanted, "what the selector wants"),)
        yield SELECTOR.missing(node, message, related=related) if absent else SELECTOR.hit(node, message,
                                                                                            related=related)
