"""Reading a workload's own spec fields as the API server decodes and validates them.

The schema walk covers the pod spec only, so the fields around it (replicas, strategies, ...)
are type-checked here, as they are read: a value the API cannot decode into the field's Go
type is reported under the reading rule, and so is what ValidateNonnegativeField and
ValidatePositiveIntOrPercent reject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...findings import Finding, Fix
from ...kube.names import percent_problem
from ...yaml.nodes import Mapping, Node, Scalar
from .. import Rule, RuleContext
from ..document.schema_checks import suggest
from ..values import integer, text

SERVED = {"ReplicationController": "v1", "Deployment": "apps/v1", "ReplicaSet": "apps/v1",
          "StatefulSet": "apps/v1", "DaemonSet": "apps/v1"}
"""The apiVersion whose defaults and validation the workload rules port; the older ones are
refused by every supported Kubernetes version anyway."""

_GO_ATOI = re.compile(r"[+-]?[0-9]+")
_INT32 = range(-(2**31), 2**31)


def served_spec_pair(ctx: RuleContext) -> tuple[Scalar, Mapping] | None:
    """The `spec` key and mapping of a controller written in the apiVersion the rules port."""
    root = ctx.spec.root
    served = SERVED.get(ctx.spec.kind)
    if served is None or served != text(root.get("apiVersion")):
        return None
    pair = root.pair("spec")
    if pair is None or not isinstance(pair[0], Scalar) or not isinstance(pair[1], Mapping):
        return None
    return pair[0], pair[1]


def served_spec(ctx: RuleContext, *kinds: str) -> Mapping | None:
    """The spec of a controller of one of `kinds`, as `served_spec_pair` finds it."""
    pair = served_spec_pair(ctx) if ctx.spec.kind in kinds else None
    return pair[1] if pair else None


def enum_hit(rule: Rule, node: Node, what: str, allowed: tuple[str, ...]) -> Finding:
    """A value outside a Go enum, with a did-you-mean fix when one is close."""
    value = text(node) or ""
    guess = suggest(value, allowed)
    fixes = (Fix.replace_string(node, guess, f"Change to {guess}"),) if guess else ()
    hint = f" Did you mean `{guess}`?" if guess else ""
    return rule.hit(node, f"`{value}` is not a valid {what}: expected {' or '.join(allowed)}.{hint}",
                    fixes=fixes)


@dataclass(slots=True)
class Fields:
    """Reads fields for one rule and collects what it finds on the way."""

    rule: Rule
    found: list[Finding] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        self.found.append(finding)


    @staticmethod
    def value(mapping: Mapping, name: str) -> Node | None:
        """The field's value; None when absent or null (a nil pointer: the default applies)."""
        node = mapping.get(name)
        return None if node is None or (isinstance(node, Scalar) and node.tag == "null") else node

    def integer(self, mapping: Mapping, name: str) -> tuple[Node, int] | None:
        node = self.value(mapping, name)
        if node is None:
            return None
        number = integer(node)  # as YAML 1.1 reads it: 010 is 8, 0x10 is 16
        if number is None or number not in _INT32:
            return None
        return node, number

    def non_negative(self, mapping: Mapping, name: str, shown: str | None = None) -> tuple[Node, int] | None:
        """ValidateNonnegativeField, after the value is read as an integer; `shown` is the
        field's name in messages when `name` alone would not say which it is."""
        found = self.integer(mapping, name)
        if found is not None and found[1] < 0:
            self.add(self.rule.hit(found[0], f"{shown or name} must be greater than or equal to 0 (got {found[1]})"))
        return found

    def string(self, mapping: Mapping, name: str) -> tuple[Node, str] | None:
        node = self.value(mapping, name)
        if node is None:
            return None
        if not (isinstance(node, Scalar) and node.tag == "str"):
            return None
        return node, node.value

    def mapping(self, mapping: Mapping, name: str) -> Mapping | None:
        node = self.value(mapping, name)
        if node is None:
            return None
        if not isinstance(node, Mapping):
            return None
        return node

    def int_or_percent(self, mapping: Mapping, name: str) -> tuple[Node, int] | None:
        """ValidatePositiveIntOrPercent; the value is Go's getIntOrPercentValue (a string that is
        no percentage counts as its digits, or 0)."""
        node = self.value(mapping, name)
        if node is None:
            return None
        if isinstance(node, Scalar) and node.tag in ("int", "float") and integer(node) is not None:
            return self.non_negative(mapping, name)
        if not (isinstance(node, Scalar) and node.tag == "str"):
            return None
        if problem := percent_problem(node.value):
            self.add(self.rule.hit(node, f"{name} '{node.value}' {problem}, or an integer written without quotes"))
            return node, int(node.value) if _GO_ATOI.fullmatch(node.value) else 0
        return node, int(node.value[:-1])

    def at_most_100_percent(self, mapping: Mapping, name: str) -> None:
        """IsNotMoreThan100Percent: only a valid percentage is compared."""
        node = self.value(mapping, name)
        if isinstance(node, Scalar) and node.tag == "str" and not percent_problem(node.value):
            if int(node.value[:-1]) > 100:
                self.add(self.rule.hit(node, f"{name} must not be greater than 100% (got {node.value})"))
