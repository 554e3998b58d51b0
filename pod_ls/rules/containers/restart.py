"""Container restart policies and restart rules, as the API server validates them per version.

Ported from validation.go in pkg/apis/core/validation: `validateInitContainerRestartPolicy` (an
init container's restartPolicy: only `Always` without ContainerRestartRules; with it any value,
and restartPolicyRules on the non-sidecars only) and `validateContainerRestartPolicy` (called by
`validateContainers` when `PodValidationOptions.AllowContainerRestartPolicyRules` is set: rules
need an explicit restartPolicy, at most 20 rules, each with exitCodes, at most 255 values; the
action and operator values are in schemas/policies.json, checked by `invalid-value`). The regular
containers' `Forbidden` before 1.35 and the ephemeral containers' allow list are
`container-field-placement`. Fields that `dropDisabledFields` (util.go in pkg/api/pod) clears
before validation (`dropContainerRestartRules`, and init containers' restartPolicy while
SidecarContainers is off) are never errors: they get a warning that they are ignored.

Gates (pkg/features/kube_features.go, versioned specs): SidecarContainers alpha (off) 1.28,
beta (on) 1.29, GA 1.33; ContainerRestartRules alpha (off) 1.34, beta (on) 1.35;
RestartAllContainersOnContainerExits alpha (off) from 1.35, so `AllowRestartAllContainers` is
false and a sidecar takes no restartPolicyRules.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding, Severity
from ...kube.gates import on_from
from ...kube.schema import Version, format_version
from ...yaml.nodes import Mapping, Node, Scalar, Sequence
from .. import RuleContext, check, define
from ..values import is_null, key, text

RESTART = define(
    "container-restart-policy", Severity.ERROR,
    "a container's restartPolicy and restartPolicyRules must be what its list and the Kubernetes version accept",
    "Before Kubernetes 1.35 an init container's restartPolicy may only be Always (a sidecar). "
    "From 1.35 (ContainerRestartRules, on by default) any container may set Always, OnFailure "
    "or Never, and restartPolicyRules restart it on chosen exit codes: the API server rejects "
    "rules without an explicit restartPolicy, rules on a sidecar (restartPolicy: Always), more "
    "than 20 rules, a rule without exitCodes and more than 255 exit codes in one rule.",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n"
    "    image: nginx:1.27\n    restartPolicyRules:\n    - action: Restart\n"
    "      exitCodes: {operator: In, values: [42]}\n")
DROPPED = define(
    "container-restart-policy-dropped", Severity.WARNING,
    "a container restartPolicy or restartPolicyRules that the API server drops at this version",
    "While a feature gate is off by default the API server clears its fields before it validates "
    "the Pod: in Kubernetes 1.28 (SidecarContainers alpha) an init container's restartPolicy, so "
    "no sidecar starts; in 1.34 (ContainerRestartRules alpha) every restartPolicyRules, the "
    "restartPolicy of app containers and an init container's restartPolicy other than Always, "
    "so the container follows the Pod's restartPolicy.")

SIDECARS_FIELD = (1, 28)
"""Container.restartPolicy arrives with SidecarContainers alpha (off by default)."""
SIDECARS_ON = (1, 29)
"""SidecarContainers beta, on by default."""
RULES_FIELD = (1, 34)
"""restartPolicyRules arrive with ContainerRestartRules alpha (off by default)."""
RULES_ON = on_from("Container", "restartPolicyRules")
"""ContainerRestartRules beta, on by default: AllowContainerRestartPolicyRules."""
MAX_RULES = 20
MAX_EXIT_CODES = 255


def dropped(list_name: str, field: str, value: str | None, version: Version) -> bool:
    """dropDisabledFields: the API server clears this container field before validating it."""
    if version < SIDECARS_FIELD:
        return False  # no such field: unknown-field
    if version < SIDECARS_ON:
        return field == "restartPolicy" and list_name == "initContainers"
    if not RULES_FIELD <= version < RULES_ON:
        return False  # dropContainerRestartRules runs while ContainerRestartRules is off
    return field == "restartPolicyRules" or list_name != "initContainers" or value != "Always"


@check(RESTART, needs=("restartPolicy",))
def container_restart_policy(ctx: RuleContext) -> Iterator[Finding]:
    for list_name, container in ctx.spec.containers():
        policy = container.get("restartPolicy")
        rules = container.get("restartPolicyRules")
        if list_name == "initContainers":
            yield from _init_container(ctx.version, policy, rules, container)
        elif list_name == "containers" and ctx.version >= RULES_ON:
            yield from _restart_rules(policy, rules, container)


def _init_container(version: Version, policy: Node | None, rules: Node | None,
                    container: Mapping) -> Iterator[Finding]:
    """validateInitContainerRestartPolicy, with and without AllowContainerRestartPolicyRules."""
    if version < SIDECARS_ON or RULES_FIELD <= version < RULES_ON:
        return  # dropped, or the non-Always values are (see `dropped`)
    value = text(policy)
    if version < RULES_ON:
        if value in ("OnFailure", "Never"):  # other strings are invalid-value's
            yield RESTART.hit(policy, f"An init container's restartPolicy must be Always before Kubernetes "
                                      f"1.35 (got {value}): it either runs to completion or is a sidecar")
        return
    if value == "Always" and _rule_items(rules):
        yield RESTART.hit(key(container, "restartPolicyRules") or rules,
                          "restartPolicyRules are not allowed on a sidecar (an init container with "
                          "restartPolicy: Always) unless the alpha feature gate "
                          "RestartAllContainersOnContainerExits is on, which it is not by default")
        return
    yield from _restart_rules(policy, rules, container)


def _restart_rules(policy: Node | None, rules: Node | None, container: Mapping) -> Iterator[Finding]:
    """validateContainerRestartPolicy: the rules' shape; their values are the schema's."""
    items = _rule_items(rules)
    if not items:
        return
    if is_null(policy):
        yield RESTART.missing(key(container, "restartPolicyRules") or container,
                              "restartPolicyRules need an explicit restartPolicy on the container "
                              "(Always, OnFailure or Never), even one that matches the Pod's")
    if len(items) > MAX_RULES:
        yield RESTART.hit(items[MAX_RULES], f"restartPolicyRules may have at most {MAX_RULES} rules "
                                            f"(this one is number {MAX_RULES + 1} of {len(items)})")
    for rule in items:
        if not isinstance(rule, Mapping):
            continue  # a wrong type is the schema walk's
        exit_codes = rule.get("exitCodes")
        if is_null(exit_codes):
            yield RESTART.missing(key(rule, "exitCodes") or _first_key(rule),
                                  "A restart rule needs exitCodes: the exit codes it applies to")
        elif isinstance(exit_codes, Mapping) and isinstance(values := exit_codes.get("values"), Sequence) \
                and len(values.items) > MAX_EXIT_CODES:
            yield RESTART.hit(values.items[MAX_EXIT_CODES], f"exitCodes.values may list at most {MAX_EXIT_CODES} "
                                                            f"exit codes (it has {len(values.items)})")


def _rule_items(rules: Node | None) -> list[Node]:
    return list(rules.items) if isinstance(rules, Sequence) else []


def _first_key(mapping: Mapping) -> Node:
    return mapping.items[0][0] if mapping.items else mapping


@check(DROPPED, needs=("restartPolicy",))
def container_restart_policy_dropped(ctx: RuleContext) -> Iterator[Finding]:
    if not (SIDECARS_FIELD <= ctx.version < SIDECARS_ON or RULES_FIELD <= ctx.version < RULES_ON):
        return
    for list_name, container in ctx.spec.containers():
        for name, value in container.items:
            if not isinstance(name, Scalar) or name.value not in ("restartPolicy", "restartPolicyRules") \
                    or is_null(value) or (isinstance(value, Sequence) and not value.items) \
                    or not dropped(list_name, name.value, text(value), ctx.version):
                continue
            gate, effect = (("SidecarContainers", "no sidecar starts: it runs to completion like any init container")
                            if ctx.version < SIDECARS_ON else
                            ("ContainerRestartRules", "the container follows the Pod's restartPolicy"))
            yield DROPPED.hit(name, f"The API server drops {name.value} here ({gate} is off by default in "
                                    f"Kubernetes {format_version(ctx.version)}): {effect}")
