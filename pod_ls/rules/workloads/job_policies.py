"""A Job's podFailurePolicy and successPolicy (validatePodFailurePolicy, validateSuccessPolicy
of Kubernetes' pkg/apis/batch/validation), in a Job and in a CronJob's jobTemplate."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding, Fix, Severity
from ...kube.cron import atoi
from ...kube.names import qualified_name_problem
from ...kube.schema import Version
from ...yaml.nodes import Mapping, Node, Scalar, Sequence
from .. import RuleContext, check, define
from ..values import integer, key, mappings, text
from .batch_fields import (
    BACKOFF_LIMIT_PER_INDEX_SINCE,
    POD_FAILURE_POLICY_SINCE,
    first_key,
    job_spec_of,
    one_of,
    set_value,
    string,
)

POD_FAILURE_POLICY = define(
    "job-pod-failure-policy", Severity.ERROR,
    "podFailurePolicy rules must be well formed",
    "The API server rejects a podFailurePolicy with more than 20 rules, a rule without a known "
    "action or with both or neither of onExitCodes and onPodConditions, exit codes that are "
    "unordered, repeated, 0 for In or more than 255, an unknown containerName or condition, and "
    "a Job with a podFailurePolicy whose Pods do not use restartPolicy: Never.")
SUCCESS_POLICY = define(
    "job-success-policy", Severity.ERROR,
    "successPolicy needs an Indexed Job and rules within its completions",
    "The API server rejects a successPolicy on a Job that is not Indexed, one without rules or "
    "with more than 20, a rule with neither succeededCount nor succeededIndexes, indexes that "
    "are unordered or not below completions, and counts above completions or the indexes given.")

FAILURE_ACTIONS = ("Count", "FailIndex", "FailJob", "Ignore")
EXIT_CODE_OPERATORS = ("In", "NotIn")
CONDITION_STATUSES = ("False", "True", "Unknown")

# validation.go's limits
MAX_FAILURE_RULES = 20
MAX_EXIT_CODES = 255
MAX_CONDITION_PATTERNS = 20
MAX_SUCCESS_RULES = 20
MAX_SUCCEEDED_INDEXES_LENGTH = 64 * 1024

FAIL_INDEX_ACTION_SINCE: Version = (1, 28)
SUCCESS_POLICY_SINCE: Version = (1, 31)
"""JobSuccessPolicy on by default: before, the API server drops successPolicy."""


@check(POD_FAILURE_POLICY, needs=("podFailurePolicy",))
def job_pod_failure_policy(ctx: RuleContext) -> Iterator[Finding]:
    spec = job_spec_of(ctx)
    policy = set_value(spec, "podFailurePolicy") if spec is not None else None
    if spec is None or policy is None or ctx.version < POD_FAILURE_POLICY_SINCE:
        return
    restart = ctx.spec.spec.get("restartPolicy")
    if isinstance(restart, Scalar) and string(restart) == "OnFailure":
        yield POD_FAILURE_POLICY.hit(restart, "A Job with a podFailurePolicy must use restartPolicy: Never",
                                     fixes=(Fix.replace_string(restart, "Never", "Set restartPolicy to Never"),))
    if not isinstance(policy, Mapping):
        return
    rules = policy.get("rules")
    if isinstance(rules, Sequence) and len(rules.items) > MAX_FAILURE_RULES:
        yield POD_FAILURE_POLICY.hit(rules.items[MAX_FAILURE_RULES],
                                     f"podFailurePolicy may have at most {MAX_FAILURE_RULES} rules")
    containers = {text(container.get("name")) for list_name, container in ctx.spec.containers()
                  if list_name in ("containers", "initContainers")}
    for rule in mappings(rules):
        yield from _failure_rule(rule, spec, containers, ctx.version)


def _failure_rule(rule: Mapping, spec: Mapping, containers: set[str | None], version: Version) -> Iterator[Finding]:
    action_node = set_value(rule, "action")
    action = string(action_node)
    actions = FAILURE_ACTIONS if version >= FAIL_INDEX_ACTION_SINCE else tuple(a for a in FAILURE_ACTIONS
                                                                             if a != "FailIndex")
    if action_node is None:
        yield POD_FAILURE_POLICY.missing(first_key(rule), f"A podFailurePolicy rule needs an action: "
                                                           f"{', '.join(actions)}")
    elif action == "FailIndex" and version >= BACKOFF_LIMIT_PER_INDEX_SINCE:
        if set_value(spec, "backoffLimitPerIndex") is None:
            yield POD_FAILURE_POLICY.missing(action_node, "The FailIndex action needs backoffLimitPerIndex")
    elif action != "FailIndex" or version < FAIL_INDEX_ACTION_SINCE:
        yield from one_of(POD_FAILURE_POLICY, action_node, "action", actions)
    exit_codes = set_value(rule, "onExitCodes")
    conditions = rule.get("onPodConditions")
    patterns = conditions.items if isinstance(conditions, Sequence) else []
    if isinstance(exit_codes, Mapping):
        yield from _exit_codes(exit_codes, key(rule, "onExitCodes") or exit_codes, containers)
    if isinstance(conditions, Sequence):
        yield from _condition_patterns(conditions)
    if exit_codes is not None and patterns:
        later = max((key(rule, "onExitCodes"), key(rule, "onPodConditions")), key=lambda k: k.start if k else (0, 0))
        yield POD_FAILURE_POLICY.hit(later or rule, "A podFailurePolicy rule may have onExitCodes or "
                                                    "onPodConditions, not both")
    if exit_codes is None and not patterns:
        yield POD_FAILURE_POLICY.missing(first_key(rule), "A podFailurePolicy rule needs onExitCodes or "
                                                           "onPodConditions")


def _exit_codes(requirement: Mapping, anchor: Node, containers: set[str | None]) -> Iterator[Finding]:
    operator_node = set_value(requirement, "operator")
    operator = string(operator_node)
    if operator_node is None:
        yield POD_FAILURE_POLICY.missing(anchor, "onExitCodes needs an operator: In or NotIn")
    yield from one_of(POD_FAILURE_POLICY, operator_node, "operator", EXIT_CODE_OPERATORS)
    container = set_value(requirement, "containerName")
    name = text(container)
    if container is not None and containers - {None} and name not in containers:
        yield POD_FAILURE_POLICY.hit(container, f"containerName '{name}' is not one of the pod template's "
                                                "containers or init containers")
    values = requirement.get("values")
    items = values.items if isinstance(values, Sequence) else []
    if set_value(requirement, "values") is None:
        yield POD_FAILURE_POLICY.missing(anchor, "onExitCodes needs at least one exit code in values")
    elif isinstance(values, Sequence) and not items:
        yield POD_FAILURE_POLICY.hit(values, "onExitCodes needs at least one exit code in values")
    elif len(items) > MAX_EXIT_CODES:
        yield POD_FAILURE_POLICY.hit(items[MAX_EXIT_CODES], f"onExitCodes may list at most {MAX_EXIT_CODES} values")
    seen: set[int] = set()
    previous = None
    ordered = True
    for item in items:
        code = integer(item)
        if code is None:
            continue
        if operator == "In" and code == 0:
            yield POD_FAILURE_POLICY.hit(item, "Exit code 0 cannot be used with the In operator: "
                                               "succeeded containers are never matched")
        if code in seen:
            yield POD_FAILURE_POLICY.hit(item, f"Exit code {code} is listed twice")
        seen.add(code)
        ordered = ordered and (previous is None or previous <= code)
        previous = code
    if not ordered:
        yield POD_FAILURE_POLICY.hit(key(requirement, "values") or values, "onExitCodes values must be in "
                                                                           "ascending order")


def _condition_patterns(conditions: Sequence) -> Iterator[Finding]:
    if len(conditions.items) > MAX_CONDITION_PATTERNS:
        yield POD_FAILURE_POLICY.hit(conditions.items[MAX_CONDITION_PATTERNS],
                                     f"onPodConditions may list at most {MAX_CONDITION_PATTERNS} patterns")
    for pattern in mappings(conditions):
        kind = set_value(pattern, "type")
        if kind is None:
            yield POD_FAILURE_POLICY.missing(first_key(pattern), "An onPodConditions pattern needs a type")
        elif (problem := qualified_name_problem(text(kind) or "")) is not None:
            yield POD_FAILURE_POLICY.hit(kind, f"Condition type '{text(kind)}' {problem}")
        status = set_value(pattern, "status")  # an empty status is defaulted to True
        if isinstance(status, Scalar) and status.tag == "bool":
            yield POD_FAILURE_POLICY.hit(status, f"Quote the status (\"{status.value}\"): unquoted it is a "
                                                 "YAML boolean, and the API server wants a string",
                                         fixes=(Fix.replace(status, f'"{status.value}"', "Quote the value",
                                                            safe=True),))
        elif string(status):
            yield from one_of(POD_FAILURE_POLICY, status, "status", CONDITION_STATUSES)


# -- successPolicy (validateSuccessPolicy)


@check(SUCCESS_POLICY, needs=("successPolicy",))
def job_success_policy(ctx: RuleContext) -> Iterator[Finding]:
    spec = job_spec_of(ctx)
    policy = set_value(spec, "successPolicy") if spec is not None else None
    if spec is None or policy is None or ctx.version < SUCCESS_POLICY_SINCE:
        return
    policy_key = key(spec, "successPolicy") or policy
    if string(spec.get("completionMode")) != "Indexed":
        yield SUCCESS_POLICY.hit(policy_key, "successPolicy requires completionMode: Indexed")
        return
    if not isinstance(policy, Mapping):
        return
    rules = set_value(policy, "rules")
    items = rules.items if isinstance(rules, Sequence) else []
    if rules is None:
        yield SUCCESS_POLICY.missing(policy_key, "successPolicy needs at least one rule")
    elif isinstance(rules, Sequence) and not items:
        yield SUCCESS_POLICY.hit(rules, "successPolicy needs at least one rule")
    elif len(items) > MAX_SUCCESS_RULES:
        yield SUCCESS_POLICY.hit(items[MAX_SUCCESS_RULES], f"successPolicy may have at most {MAX_SUCCESS_RULES} rules")
    completions = integer(spec.get("completions"))
    for rule in mappings(rules):
        yield from _success_rule(rule, completions)


def _success_rule(rule: Mapping, completions: int | None) -> Iterator[Finding]:
    count_node, indexes_node = set_value(rule, "succeededCount"), set_value(rule, "succeededIndexes")
    if count_node is None and indexes_node is None:
        yield SUCCESS_POLICY.missing(first_key(rule), "A successPolicy rule needs succeededCount or succeededIndexes")
    if completions is None:  # reported as missing for an Indexed Job
        return
    indexes = string(indexes_node)
    total = 0
    if indexes is not None and indexes_node is not None:
        if len(indexes) > MAX_SUCCEEDED_INDEXES_LENGTH:
            yield SUCCESS_POLICY.hit(indexes_node, f"succeededIndexes may be at most "
                                                   f"{MAX_SUCCEEDED_INDEXES_LENGTH} characters long")
        total, problem = indexes_total(indexes, completions)
        if problem is not None:
            yield SUCCESS_POLICY.hit(indexes_node, f"Invalid succeededIndexes: {problem}")
    count = integer(count_node)
    if count_node is None or count is None:
        return
    if count < 0:
        yield SUCCESS_POLICY.hit(count_node, f"succeededCount must be greater than or equal to 0 (got {count})")
    if count > completions:
        yield SUCCESS_POLICY.hit(count_node, f"succeededCount must be at most completions ({completions})")
    if indexes is not None and count > total:
        yield SUCCESS_POLICY.hit(count_node, f"succeededCount must be at most the number of succeededIndexes ({total})")


def indexes_total(indexes: str, completions: int) -> tuple[int, str | None]:
    """validateIndexesFormat: how many indexes "0,2-4,7" names, or why it is invalid (each index
    below completions, intervals in increasing order)."""
    if not indexes:
        return 0, None
    last = None
    total = 0
    for interval in indexes.split(","):
        limits = interval.split("-")
        if len(limits) > 2:
            return 0, f"the fragment '{_shown(interval)}' may have at most two parts separated by '-'"
        bounds = [atoi(limit) for limit in limits]
        for limit, number in zip(limits, bounds, strict=True):
            if number is None:
                return 0, f"cannot convert '{_shown(limit)}' to an index"
            if number >= completions:
                return 0, f"index {number} is too large: indexes go from 0 to completions - 1"
        first, end = bounds[0], bounds[-1]
        if len(bounds) == 2 and first >= end:
            return 0, f"non-increasing order, previous: {first}, current: {end}"
        if last is not None and last >= first:
            return 0, f"non-increasing order, previous: {last}, current: {first}"
        total += end - first + 1
        last = end
    return total, None


def _shown(text: str) -> str:
    """A piece of the value short enough for a message."""
    return text if len(text) <= 24 else text[:20] + "..."
