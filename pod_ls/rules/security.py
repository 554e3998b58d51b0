"""Security context contradictions."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..nodes import Mapping, Scalar
from . import RuleContext, check, define
from .values import boolean, integer, key

ESCALATION = define(
    "privilege-escalation-contradiction", Severity.ERROR,
    "allowPrivilegeEscalation: false contradicts privileged: true and CAP_SYS_ADMIN",
    "A privileged container (or one with CAP_SYS_ADMIN) can always escalate; the API server "
    "rejects a securityContext that says both.")
NON_ROOT = define(
    "run-as-non-root-as-root", Severity.WARNING,
    "runAsNonRoot: true with runAsUser: 0 can never start",
    "The kubelet refuses to start a container that must not run as root but is told to run as "
    "UID 0; the Pod stays in CreateContainerConfigError.")


@check(ESCALATION)
def privilege_escalation_contradiction(ctx: RuleContext) -> Iterator[Finding]:
    for _, container in ctx.spec.containers():
        context = container.get("securityContext")
        if not isinstance(context, Mapping) or boolean(context.get("allowPrivilegeEscalation")) is not False:
            continue
        anchor = context.get("allowPrivilegeEscalation")
        if boolean(context.get("privileged")) is True:
            yield ESCALATION.hit(anchor, "allowPrivilegeEscalation cannot be false while privileged is true")
        capabilities = context.get("capabilities")
        added = capabilities.get("add") if isinstance(capabilities, Mapping) else None
        names = [n.value for n in getattr(added, "items", []) if isinstance(n, Scalar)]
        if "SYS_ADMIN" in names or "CAP_SYS_ADMIN" in names:
            yield ESCALATION.hit(anchor, "allowPrivilegeEscalation cannot be false while CAP_SYS_ADMIN is added")


def _setting(context: object, name: str):
    return context.get(name) if isinstance(context, Mapping) else None


@check(NON_ROOT)
def run_as_non_root_as_root(ctx: RuleContext) -> Iterator[Finding]:
    pod = ctx.spec.spec.get("securityContext")
    for _, container in ctx.spec.containers():
        own = container.get("securityContext")
        non_root_node = _setting(own, "runAsNonRoot")
        if non_root_node is None:
            non_root_node = _setting(pod, "runAsNonRoot")
        user_node = _setting(own, "runAsUser")
        if user_node is None:
            user_node = _setting(pod, "runAsUser")
        if boolean(non_root_node) is True and integer(user_node) == 0 and user_node is not None:
            owner = own if isinstance(own, Mapping) and own.get("runAsUser") is user_node else pod
            anchor = key(owner, "runAsUser") if isinstance(owner, Mapping) else None
            yield NON_ROOT.hit(anchor or user_node, "runAsNonRoot is true but runAsUser is 0 (root): "
                                                    "the container will never start")
