"""Label selectors as apimachinery's `ValidateLabelSelector` checks them (meta/v1/validation).

Every object that selects by label (pod affinity terms, topology spread constraints,
Deployments, ReplicaSets, Jobs, ...) takes its selector through `label_selector_problems`, so
the rules are written once. It gives (node, message) pairs; the caller turns them into
findings of its own rule. Operators outside the enum are the schema walk's business.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..yaml.nodes import Mapping, Node, Scalar, Sequence
from .locate import scalar_text
from .names import label_value_problem, qualified_name_problem
from .schema import Version

Problem = tuple[Node, str]

SELECTOR_VALUES_CHECKED_SINCE: Version = (1, 26)
"""Kubernetes 1.26 started rejecting matchExpressions values that are no label values."""


def label_selector_problems(selector: Node | None, version: Version) -> Iterator[Problem]:
    """What the API server rejects in a metav1.LabelSelector on create."""
    if not isinstance(selector, Mapping):
        return
    yield from label_map_problems(selector.get("matchLabels"), "matchLabels")
    expressions = selector.get("matchExpressions")
    if isinstance(expressions, Sequence):
        for requirement in expressions.items:
            if isinstance(requirement, Mapping):
                yield from requirement_problems(requirement, version >= SELECTOR_VALUES_CHECKED_SINCE)


def label_map_problems(labels: Node | None, where: str) -> Iterator[Problem]:
    """ValidateLabels: every key a qualified name, every value a label value."""
    if not isinstance(labels, Mapping):
        return
    for key, value in labels.items:
        if isinstance(key, Scalar) and (problem := qualified_name_problem(key.value)):
            yield key, f"Invalid label key '{key.value}' in {where}: {problem}"
        if isinstance(value, Scalar) and value.tag == "str" and (problem := label_value_problem(value.value)):
            yield value, f"Invalid label value '{value.value}' in {where}: {problem}"


def requirement_problems(requirement: Mapping, check_values: bool) -> Iterator[Problem]:
    """ValidateLabelSelectorRequirement: values as the operator wants them, the key a
    qualified name, and (from 1.26) every value a label value."""
    operator_node = requirement.get("operator")
    operator = scalar_text(operator_node)
    values = list_items(requirement.get("values"))
    if operator in ("In", "NotIn") and not values:
        at = key_of(requirement, "values") if requirement.pair("values") else operator_node or first_key(requirement)
        yield at, f"matchExpressions with operator {operator} need at least one value in `values`"
    elif operator in ("Exists", "DoesNotExist") and values:
        yield (key_of(requirement, "values"),
               f"matchExpressions with operator {operator} may not have `values`")
    key = requirement.get("key")
    name = scalar_text(key) or ""
    if isinstance(key, Scalar) and key.tag in ("str", "null") and (problem := qualified_name_problem(name)):
        yield key, f"Invalid label key '{name}' in matchExpressions: {problem}"
    if check_values:
        yield from value_problems(values)


def value_problems(values: list[Node]) -> Iterator[Problem]:
    for value in values:
        if isinstance(value, Scalar) and value.tag == "str" and (problem := label_value_problem(value.value)):
            yield value, f"Invalid label value '{value.value}' in values: {problem}"


def selector_keys(selector: Node | None) -> list[str]:
    """The label keys a selector constrains: matchLabels first, then matchExpressions."""
    if not isinstance(selector, Mapping):
        return []
    keys = []
    labels = selector.get("matchLabels")
    if isinstance(labels, Mapping):
        keys += [k.value for k, _ in labels.items if isinstance(k, Scalar)]
    expressions = selector.get("matchExpressions")
    if isinstance(expressions, Sequence):
        keys += [key for item in expressions.items if isinstance(item, Mapping)
                 if (key := scalar_text(item.get("key"))) is not None]
    return keys


def list_items(node: Node | None) -> list[Node]:
    """The items of a YAML list; nothing for null or a missing field."""
    return node.items if isinstance(node, Sequence) else []


def key_of(mapping: Mapping, name: str) -> Node:
    """The key `name` of the mapping, to report a field whose value is at fault as a whole."""
    pair = mapping.pair(name)
    return pair[0] if pair else first_key(mapping)


def first_key(mapping: Mapping) -> Node:
    return mapping.items[0][0] if mapping.items else mapping
