"""Node affinity and pod (anti-)affinity, as `validateAffinity` in the API server checks them,
and the matchLabelKeys/mismatchLabelKeys rules that pod affinity shares with topology spread.

Loaded by `scheduling`, whose family these rules belong to.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding, Severity
from ...kube.locate import get_path
from ...kube.names import dns_label_problem, dns_subdomain_problem, qualified_name_problem
from ...kube.schema import Version
from ...kube.selectors import (
    Problem,
    first_key,
    key_of,
    label_selector_problems,
    list_items,
    selector_keys,
    value_problems,
)
from ...yaml.nodes import Mapping, Scalar
from .. import Rule, RuleContext, check, define
from ..values import integer, mappings, text

NODE_AFFINITY = define(
    "node-affinity", Severity.ERROR,
    "node affinity terms need operators with the right values, valid keys and weights 1-100",
    "The API server rejects required node affinity without terms, In/NotIn without values, "
    "Exists/DoesNotExist with values, Gt/Lt without exactly one value, keys that are no label "
    "keys, matchFields other than metadata.name with In/NotIn and one node name, and "
    "preferred terms weighing less than 1 or more than 100.")
POD_AFFINITY = define(
    "pod-affinity", Severity.ERROR,
    "pod (anti-)affinity terms need a topologyKey, valid selectors, namespaces and label keys",
    "The API server rejects a pod affinity term with an empty or invalid topologyKey, an "
    "invalid labelSelector or namespaceSelector, namespaces that are no DNS labels, weights "
    "outside 1-100, and matchLabelKeys or mismatchLabelKeys without a labelSelector, invalid, "
    "in both lists, or already in the selector.")

REQUIRED_VALUES_CHECKED_SINCE: Version = (1, 33)
"""Required node affinity values must be label values from 1.33 (preferred ones never)."""
AFFINITY_LABEL_KEYS_SINCE: Version = (1, 31)
"""MatchLabelKeysInPodAffinity is on by default from 1.31 (beta): before, the fields are dropped."""


@check(NODE_AFFINITY, needs=("nodeAffinity",))
def node_affinity(ctx: RuleContext) -> Iterator[Finding]:
    affinity = get_path(ctx.spec.spec, ("affinity", "nodeAffinity"))
    if not isinstance(affinity, Mapping):
        return
    required = affinity.get("requiredDuringSchedulingIgnoredDuringExecution")
    if isinstance(required, Mapping):
        yield from (NODE_AFFINITY.hit(node, message) for node, message in
                    node_selector_problems(required, ctx.version >= REQUIRED_VALUES_CHECKED_SINCE))
    for preferred in mappings(affinity.get("preferredDuringSchedulingIgnoredDuringExecution")):
        yield from _weight(NODE_AFFINITY, preferred)
        preference = preferred.get("preference")
        if isinstance(preference, Mapping):
            yield from (NODE_AFFINITY.hit(node, message) for node, message in
                        node_selector_term_problems(preference, check_values=False))


def node_selector_problems(selector: Mapping, check_values: bool) -> Iterator[Problem]:
    """ValidateNodeSelector: at least one term, each term valid."""
    pair = selector.pair("nodeSelectorTerms")
    if pair is None:
        return  # required: the schema walk says so
    terms = list_items(pair[1])
    if not terms:
        yield pair[0], "requiredDuringSchedulingIgnoredDuringExecution needs at least one node selector term"
    for term in terms:
        if isinstance(term, Mapping):
            yield from node_selector_term_problems(term, check_values)


def node_selector_term_problems(term: Mapping, check_values: bool) -> Iterator[Problem]:
    for requirement in mappings(term.get("matchExpressions")):
        yield from _node_requirement(requirement, check_values)
    for requirement in mappings(term.get("matchFields")):
        yield from _node_field_requirement(requirement)


def _node_requirement(requirement: Mapping, check_values: bool) -> Iterator[Problem]:
    """ValidateNodeSelectorRequirement."""
    operator_node = requirement.get("operator")
    operator = text(operator_node)
    values = list_items(requirement.get("values"))
    where_values = key_of(requirement, "values") if requirement.pair("values") else operator_node or first_key(
        requirement)
    if operator in ("In", "NotIn") and not values:
        yield where_values, f"Operator {operator} needs at least one value in `values`"
    elif operator in ("Exists", "DoesNotExist") and values:
        yield key_of(requirement, "values"), f"Operator {operator} may not have `values`"
    elif operator in ("Gt", "Lt") and len(values) != 1:
        yield where_values, f"Operator {operator} needs exactly one value (an integer) in `values`"
    key = requirement.get("key")
    if isinstance(key, Scalar) and key.tag in ("str", "null") and (problem := qualified_name_problem(text(key) or "")):
        yield key, f"Invalid node label key '{text(key) or ''}': {problem}"
    if check_values:
        yield from value_problems(values)


def _node_field_requirement(requirement: Mapping) -> Iterator[Problem]:
    """ValidateNodeFieldSelectorRequirement: only metadata.name, with In or NotIn and one value."""
    operator_node = requirement.get("operator")
    operator = text(operator_node)
    values = list_items(requirement.get("values"))
    if operator in ("In", "NotIn") and len(values) != 1:
        at = key_of(requirement, "values") if requirement.pair("values") else operator_node or first_key(requirement)
        yield at, f"matchFields with operator {operator} need exactly one value"
    elif operator in ("Exists", "DoesNotExist", "Gt", "Lt") and operator_node is not None:
        yield operator_node, f"matchFields only take the operators In and NotIn, not {operator}"
    key = requirement.get("key")
    name = text(key)
    if isinstance(key, Scalar) and name != "metadata.name":
        yield key, f"'{name or ''}' is not a valid field selector key: matchFields only select by metadata.name"
    elif name == "metadata.name":
        for value in values:
            if isinstance(value, Scalar) and value.tag == "str" and (problem := dns_subdomain_problem(value.value)):
                yield value, f"Invalid node name '{value.value}': {problem}"


@check(POD_AFFINITY, needs=("podAffinity", "podAntiAffinity"))
def pod_affinity(ctx: RuleContext) -> Iterator[Finding]:
    affinity = get_path(ctx.spec.spec, ("affinity",))
    if not isinstance(affinity, Mapping):
        return
    labels = pod_labels(ctx)
    for kind in ("podAffinity", "podAntiAffinity"):
        section = affinity.get(kind)
        if not isinstance(section, Mapping):
            continue
        terms = list(mappings(section.get("requiredDuringSchedulingIgnoredDuringExecution")))
        for weighted in mappings(section.get("preferredDuringSchedulingIgnoredDuringExecution")):
            yield from _weight(POD_AFFINITY, weighted)
            if isinstance(term := weighted.get("podAffinityTerm"), Mapping):
                terms.append(term)
        for term in terms:
            yield from (POD_AFFINITY.hit(node, message)
                        for node, message in pod_affinity_term_problems(term, labels, ctx.version))


def pod_affinity_term_problems(term: Mapping, labels: dict[str, str], version: Version) -> Iterator[Problem]:
    """validatePodAffinityTerm, after the Pod's own labels were merged for matchLabelKeys."""
    yield from label_selector_problems(term.get("labelSelector"), version)
    yield from label_selector_problems(term.get("namespaceSelector"), version)
    for namespace in list_items(term.get("namespaces")):
        if isinstance(namespace, Scalar) and namespace.tag in ("str", "null") \
                and (problem := dns_label_problem(text(namespace) or "")):
            yield namespace, f"Invalid namespace '{text(namespace) or ''}': {problem}"
    if version >= AFFINITY_LABEL_KEYS_SINCE:
        yield from label_keys_problems(term, labels, ("matchLabelKeys", "mismatchLabelKeys"))
    topology = term.get("topologyKey")
    if isinstance(topology, Scalar) and topology.tag in ("str", "null"):
        if not text(topology):
            yield topology if topology.tag == "str" else key_of(term, "topologyKey"), "topologyKey may not be empty"
        elif problem := qualified_name_problem(topology.value):
            yield topology, f"Invalid topologyKey '{topology.value}': {problem}"


def label_keys_problems(owner: Mapping, labels: dict[str, str], fields: tuple[str, ...]) -> Iterator[Problem]:
    """validateMatchLabelKeysAndMismatchLabelKeys as it runs on create: the API server has
    already added `key In (the pod's value)` to the selector for every matchLabelKeys entry
    the pod carries (`key NotIn (...)` for mismatchLabelKeys), so a key the selector names
    already shows up twice."""
    selector = owner.get("labelSelector")
    keys = {name: list_items(owner.get(name)) for name in fields}
    for name, entries in keys.items():
        if entries and not isinstance(selector, Mapping):
            yield key_of(owner, name), f"{name} may not be set without a labelSelector"
            continue
        for entry in entries:
            if isinstance(entry, Scalar) and (problem := qualified_name_problem(entry.value)):
                yield entry, f"Invalid label key '{entry.value}' in {name}: {problem}"
    match = [e for e in keys.get("matchLabelKeys", []) if isinstance(e, Scalar)]
    if isinstance(selector, Mapping):
        merged = selector_keys(selector)[_match_labels_count(selector):]
        merged += [e.value for name in fields for e in keys[name] if isinstance(e, Scalar) and e.value in labels]
        last_entry = {e.value: e for e in match}
        seen = set(selector_keys(selector)[:_match_labels_count(selector)])
        reported: set[int] = set()
        for key in merged:
            if key in last_entry and key in seen and id(last_entry[key]) not in reported:
                reported.add(id(last_entry[key]))
                yield last_entry[key], f"'{key}' is in both matchLabelKeys and labelSelector"
            seen.add(key)
    mismatch = {e.value for e in keys.get("mismatchLabelKeys", []) if isinstance(e, Scalar)}
    for entry in match:
        if entry.value in mismatch:
            yield entry, f"'{entry.value}' is in both matchLabelKeys and mismatchLabelKeys"


def _match_labels_count(selector: Mapping) -> int:
    labels = selector.get("matchLabels")
    return sum(isinstance(k, Scalar) for k, _ in labels.items) if isinstance(labels, Mapping) else 0


def pod_labels(ctx: RuleContext) -> dict[str, str]:
    """The labels of the Pods this spec makes: the Pod's own, or its template's."""
    labels = get_path(ctx.spec.root, ctx.spec.path[:-1] + ("metadata", "labels"))
    if not isinstance(labels, Mapping):
        return {}
    return {k.value: text(v) or "" for k, v in labels.items if isinstance(k, Scalar)}


def _weight(rule: Rule, weighted: Mapping) -> Iterator[Finding]:
    weight = weighted.get("weight")
    number = integer(weight)
    if weight is not None and number is not None and not 1 <= number <= 100:
        yield rule.hit(weight, f"weight must be in the range 1-100 (got {number})")
