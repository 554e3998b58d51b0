"""Reading a Job's and a CronJob's own fields, which the schema walk does not cover (it checks
the pod spec and metadata): which fields are set, their strings, and the findings every batch
rule makes the same way (negative counts, values outside a fixed set)."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding, Fix
from ...kube.locate import get_path
from ...kube.schema import Version
from ...yaml.nodes import Mapping, Node, Scalar
from .. import Rule, RuleContext
from ..document.schema_checks import suggest
from ..values import integer

POD_FAILURE_POLICY_SINCE: Version = (1, 26)
"""JobPodFailurePolicy on by default: before, the API server drops podFailurePolicy."""
BACKOFF_LIMIT_PER_INDEX_SINCE: Version = (1, 29)
"""JobBackoffLimitPerIndex on by default: before, backoffLimitPerIndex and maxFailedIndexes are dropped."""
JOB_SPEC_PATHS = {"Job": ("spec",), "CronJob": ("spec", "jobTemplate", "spec")}


def job_spec_of(ctx: RuleContext) -> Mapping | None:
    """The Job spec around the pod spec: the Job's own, or the CronJob's jobTemplate's."""
    path = JOB_SPEC_PATHS.get(ctx.spec.kind)
    node = get_path(ctx.spec.root, path) if path else None
    return node if isinstance(node, Mapping) else None


def set_value(mapping: Mapping, name: str) -> Node | None:
    """The value of a field that is set (Go's non-nil pointer): present and not null."""
    value = mapping.get(name)
    return None if value is None or (isinstance(value, Scalar) and value.tag == "null") else value


def string(node: Node | None) -> str | None:
    """A string scalar's value; None for anything else (a number or boolean is no enum value)."""
    return node.value if isinstance(node, Scalar) and node.tag == "str" else None


def first_key(mapping: Mapping) -> Node:
    """Where to report what a list item lacks: its first key."""
    return mapping.items[0][0] if mapping.items else mapping


def object_name(ctx: RuleContext) -> tuple[Scalar, str] | None:
    """The object's metadata.name, when it is a plain string (not generateName)."""
    node = get_path(ctx.spec.root, ("metadata", "name"))
    return (node, node.value) if isinstance(node, Scalar) and node.tag == "str" and node.value else None


def non_negative(rule: Rule, mapping: Mapping, names: tuple[str, ...]) -> Iterator[Finding]:
    """ValidateNonnegativeField for each of `names` that holds an integer."""
    for name in names:
        node = mapping.get(name)
        number = integer(node)
        if node is not None and number is not None and number < 0:
            yield rule.hit(node, f"{name} must be greater than or equal to 0 (got {number})")


def one_of(rule: Rule, node: Node | None, field: str, allowed: tuple[str, ...]) -> Iterator[Finding]:
    """field.NotSupported for a string outside `allowed` (Required for an empty one), with the
    closest allowed value as a fix."""
    value = string(node)
    if value is None or value in allowed or not isinstance(node, Scalar):
        return
    choices = ", ".join(allowed[:-1]) + f" or {allowed[-1]}" if len(allowed) > 1 else allowed[0]
    if value == "":
        yield rule.hit(node, f"{field} may not be empty: use {choices}")
        return
    guess = suggest(value, allowed)
    fixes = (Fix.replace_string(node, guess, f"Change to {guess}"),) if guess else ()
    hint = f" Did you mean {guess}?" if guess else ""
    yield rule.hit(node, f"Unsupported {field} '{value}': use {choices}.{hint}", fixes=fixes)
