"""Where and when a Pod may run: tolerations, topology spread, scheduling gates, nodeSelector,
nodeName, priorityClassName and activeDeadlineSeconds, as `ValidatePodSpec` checks them.
Node and pod affinity live in `affinity`."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding, Fix, Related, Severity
from ...kube.names import dns_subdomain_problem, label_value_problem, qualified_name_problem
from ...kube.schema import Version
from ...kube.selectors import first_key, key_of, label_map_problems, label_selector_problems, list_items, selector_keys
from ...yaml.nodes import Mapping, Node, Scalar
from .. import RuleContext, check, define
from ..values import integer, key, mappings, text
from . import affinity

TOLERATION = define(
    "toleration", Severity.ERROR,
    "toleration keys, operators, values and effects must agree",
    "The API server rejects a toleration key that is no label key, an empty key without "
    "operator Exists, a value that is no label value, a value with Exists, and "
    "tolerationSeconds without effect NoExecute.")
TOPOLOGY_SPREAD = define(
    "topology-spread", Severity.ERROR,
    "topologySpreadConstraints need maxSkew > 0, a topologyKey, valid selectors and no duplicates",
    "The API server rejects a spread constraint with maxSkew below 1, an empty topologyKey, "
    "minDomains below 1 or with ScheduleAnyway, an invalid labelSelector, matchLabelKeys "
    "without a labelSelector or already in it, or two constraints on the same topologyKey "
    "and whenUnsatisfiable.")
SCHEDULING_GATE = define(
    "scheduling-gate", Severity.ERROR,
    "schedulingGates need unique qualified names, and a Pod with gates no nodeName",
    "The API server rejects a scheduling gate whose name is no qualified name or repeats "
    "another, and a Pod created with both schedulingGates and nodeName.")
NODE_SELECTOR = define(
    "node-selector", Severity.ERROR,
    "nodeSelector keys and values must be label keys and values",
    "The API server validates nodeSelector as labels: keys are [prefix/]name, values at most "
    "63 letters, digits, '-', '_' and '.'.")
POD_PLACEMENT = define(
    "pod-placement", Severity.ERROR,
    "nodeName and priorityClassName must be DNS subdomains, activeDeadlineSeconds 1 or more",
    "The API server rejects a nodeName or priorityClassName that is no DNS subdomain, and an "
    "activeDeadlineSeconds below 1 or above 2147483647.")

SPREAD_FIELDS_SINCE: Version = (1, 27)
"""minDomains, matchLabelKeys and the labelSelector check of spread constraints are enforced
from 1.27 (the gates were off, or the check absent, before)."""
SPREAD_SELECTOR_MERGE_SINCE: Version = (1, 34)
"""From 1.34 the API server merges matchLabelKeys into the labelSelector before validating."""
SCHEDULING_GATES_SINCE: Version = (1, 27)
"""PodSchedulingReadiness is on by default from 1.27: before, the field is dropped."""
MAX_INT32 = 2**31 - 1


@check(TOLERATION, needs=("tolerations",))
def toleration(ctx: RuleContext) -> Iterator[Finding]:
    """ValidateTolerations; a finding lands on the field the API names (the operator for
    value problems)."""
    for item in mappings(ctx.spec.spec.get("tolerations")):
        key_node, operator_node, value = item.get("key"), item.get("operator"), item.get("value")
        name, operator, value_text = text(key_node) or "", text(operator_node) or "", text(value) or ""
        if name and (problem := qualified_name_problem(name)):
            yield TOLERATION.hit(key_node, f"Invalid toleration key '{name}': {problem}")
        if not name and operator in ("", "Equal"):
            yield TOLERATION.hit(operator_node or key_node or first_key(item),
                                 "A toleration without a key must use operator Exists (it then tolerates "
                                 "every taint)")
        seconds = item.get("tolerationSeconds")
        if seconds is not None and not (isinstance(seconds, Scalar) and seconds.tag == "null") \
                and text(item.get("effect")) != "NoExecute":
            yield TOLERATION.hit(item.get("effect") or key_of(item, "tolerationSeconds"),
                                 "effect must be NoExecute when tolerationSeconds is set")
        if operator in ("", "Equal") and isinstance(value, Scalar) and value.tag == "str" \
                and (problem := label_value_problem(value_text)):
            yield TOLERATION.hit(operator_node or value, f"Invalid toleration value '{value_text}': {problem}")
        elif operator == "Exists" and value_text and operator_node is not None:
            yield TOLERATION.hit(operator_node, "A toleration with operator Exists may not have a value")


@check(TOPOLOGY_SPREAD, needs=("topologySpreadConstraints",))
def topology_spread(ctx: RuleContext) -> Iterator[Finding]:
    """validateTopologySpreadConstraints (whenUnsatisfiable and the node policies are enums,
    checked by the schema walk)."""
    constraints = list(mappings(ctx.spec.spec.get("topologySpreadConstraints")))
    labels = affinity.pod_labels(ctx)
    for index, item in enumerate(constraints):
        skew = item.get("maxSkew")
        if (number := integer(skew)) is not None and number < 1 and skew is not None:
            yield TOPOLOGY_SPREAD.hit(skew, f"maxSkew must be at least 1 (got {number})",
                                      fixes=(Fix.replace(skew, "1", "Set maxSkew to 1"),))
        topology = item.get("topologyKey")
        if isinstance(topology, Scalar) and not text(topology):
            yield TOPOLOGY_SPREAD.hit(topology if topology.tag == "str" else key_of(item, "topologyKey"),
                                      "topologyKey may not be empty")
        pair = (text(topology) or "", text(item.get("whenUnsatisfiable")) or "")
        if all(pair) and any((text(other.get("topologyKey")), text(other.get("whenUnsatisfiable"))) == pair
                             for other in constraints[index + 1:]):
            yield TOPOLOGY_SPREAD.hit(topology or item, f"Another constraint also spreads over {pair[0]} "
                                                        f"with {pair[1]}: each pair may appear once")
        if ctx.version >= SPREAD_FIELDS_SINCE:
            yield from _min_domains(item, pair[1])
            yield from (TOPOLOGY_SPREAD.hit(node, message) for node, message in _spread_label_keys(
                item, labels, ctx.version))
            yield from (TOPOLOGY_SPREAD.hit(node, message) for node, message in label_selector_problems(
                item.get("labelSelector"), ctx.version))


def _min_domains(item: Mapping, when: str) -> Iterator[Finding]:
    domains = item.get("minDomains")
    count = integer(domains)
    if domains is None or count is None:
        return
    if count < 1:
        yield TOPOLOGY_SPREAD.hit(domains, f"minDomains must be at least 1 (got {count})")
    if when != "DoNotSchedule":
        yield TOPOLOGY_SPREAD.hit(domains, "minDomains only applies with whenUnsatisfiable: DoNotSchedule")


def _spread_label_keys(item: Mapping, labels: dict[str, str], version: Version) -> Iterator[tuple]:
    if version >= SPREAD_SELECTOR_MERGE_SINCE:
        yield from affinity.label_keys_problems(item, labels, ("matchLabelKeys",))
        return
    # validateMatchLabelKeysInTopologySpread, before the merge: no key of the selector at all.
    entries = list_items(item.get("matchLabelKeys"))
    selector = item.get("labelSelector")
    if entries and not isinstance(selector, Mapping):
        yield key_of(item, "matchLabelKeys"), "matchLabelKeys may not be set without a labelSelector"
    taken = set(selector_keys(selector))
    for entry in entries:
        if not isinstance(entry, Scalar):
            continue
        if problem := qualified_name_problem(entry.value):
            yield entry, f"Invalid label key '{entry.value}' in matchLabelKeys: {problem}"
        if entry.value in taken:
            yield entry, f"'{entry.value}' is in both matchLabelKeys and labelSelector"


@check(SCHEDULING_GATE, needs=("schedulingGates",))
def scheduling_gates(ctx: RuleContext) -> Iterator[Finding]:
    """validateSchedulingGates, and ValidatePodCreate's rule that a Pod bound to a node has
    no gates left."""
    if ctx.version < SCHEDULING_GATES_SINCE:
        return
    gates = list(mappings(ctx.spec.spec.get("schedulingGates")))
    seen: dict[str, Node] = {}
    for gate in gates:
        node = gate.get("name")
        if not isinstance(node, Scalar) or node.tag not in ("str", "null"):
            continue
        name = text(node) or ""
        if problem := qualified_name_problem(name):
            yield SCHEDULING_GATE.hit(node, f"Invalid scheduling gate name '{name}': {problem}")
        elif name in seen:
            yield SCHEDULING_GATE.hit(node, f"Duplicate scheduling gate '{name}'",
                                      related=(Related.at(seen[name], f"the first gate '{name}'"),))
        seen.setdefault(name, node)
    node_name = ctx.spec.spec.get("nodeName")
    if ctx.spec.kind == "Pod" and gates and text(node_name):
        yield SCHEDULING_GATE.hit(node_name, "nodeName cannot be set until all schedulingGates have been "
                                             "cleared")


@check(NODE_SELECTOR, needs=("nodeSelector",))
def node_selector(ctx: RuleContext) -> Iterator[Finding]:
    for node, message in label_map_problems(ctx.spec.spec.get("nodeSelector"), "nodeSelector"):
        yield NODE_SELECTOR.hit(node, message)


@check(POD_PLACEMENT, needs=("nodeName", "priorityClassName", "activeDeadlineSeconds"))
def pod_placement(ctx: RuleContext) -> Iterator[Finding]:
    spec = ctx.spec.spec
    for field, what in (("nodeName", "node name"), ("priorityClassName", "priority class name")):
        node = spec.get(field)
        name = text(node)
        if isinstance(node, Scalar) and node.tag == "str" and name and (problem := dns_subdomain_problem(name)):
            yield POD_PLACEMENT.hit(node, f"Invalid {what} '{name}': {problem}")
    deadline = key(spec, "activeDeadlineSeconds")
    seconds = integer(spec.get("activeDeadlineSeconds"))
    if deadline is not None and seconds is not None and not 1 <= seconds <= MAX_INT32:
        yield POD_PLACEMENT.hit(spec.get("activeDeadlineSeconds") or deadline,
                                f"activeDeadlineSeconds must be between 1 and {MAX_INT32} (got {seconds})")
