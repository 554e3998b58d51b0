"""Pod sysctls, ported from `validateSysctls`, `IsValidSysctlName` and `ValidateHostSysctl` in
Kubernetes' pkg/apis/core/validation, with the kernel namespaces of component-helpers'
node/util/sysctl."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...findings import Finding, Related, Severity
from ...yaml.nodes import Node
from .. import RuleContext, check, define
from ..values import mappings, text
from .security import pod_context, spec_flag

SYSCTL = define(
    "sysctl", Severity.ERROR,
    "sysctl names must be valid, unique, and not of a namespace the Pod shares with the host",
    "The API server rejects an empty or malformed sysctl name, the same sysctl twice, a net.* "
    "sysctl with hostNetwork and an IPC sysctl (kernel.shm*, kernel.msg*, kernel.sem, "
    "fs.mqueue.*) with hostIPC: they would change the node's own kernel settings.")

_SEGMENT = "[a-z0-9]([-_a-z0-9]*[a-z0-9])?"
_NAME = re.compile(rf"({_SEGMENT}[./])*{_SEGMENT}")
MAX_NAME = 253
HOST_NAMESPACE_CHECK = (1, 29)
"""Kubernetes 1.29 started to reject namespaced sysctls in Pods that share the namespace."""

_IPC_NAMES = {"kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced",
              "kernel.shm", "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.msg"}
_PREFIXES = {"net": "hostNetwork", "fs.mqueue": "hostIPC"}


def sysctl_name_problem(name: str) -> str | None:
    """IsValidSysctlName: dot- or slash-separated segments of lowercase letters, digits, '-'
    and '_' (not at a segment's ends), at most 253 characters."""
    if len(name) > MAX_NAME:
        return f"must be at most {MAX_NAME} characters (it has {len(name)})"
    if not _NAME.fullmatch(name):
        return ("must be segments of lowercase letters, digits, '-' and '_' separated by '.' or '/', "
                "each starting and ending with a letter or digit")
    return None


def _normalized(name: str) -> str:
    """NormalizeName: a name written with '/' first reads with '.', and its dots as slashes."""
    separator = re.search("[./]", name)
    if separator is None or separator.group() == ".":
        return name
    return name.translate(str.maketrans("./", "/."))


def shared_namespace_flag(name: str) -> str | None:
    """The pod spec flag that shares the kernel namespace the sysctl belongs to (GetNamespace)."""
    name = _normalized(name).split("*", 1)[0]
    if name in _IPC_NAMES:
        return "hostIPC"
    return next((flag for prefix, flag in _PREFIXES.items() if name.startswith(prefix + ".")), None)


@check(SYSCTL, needs=("sysctls",))
def sysctls(ctx: RuleContext) -> Iterator[Finding]:
    context = pod_context(ctx)
    seen: dict[str, Node] = {}
    for entry in mappings(context.get("sysctls") if context is not None else None):
        node = entry.get("name")
        name = text(node)
        if name is None or node is None:
            continue
        if not name:
            yield SYSCTL.hit(node, "sysctl name must not be empty")
        elif problem := sysctl_name_problem(name):
            yield SYSCTL.hit(node, f"Invalid sysctl name '{name}': {problem}")
        elif name in seen:
            yield SYSCTL.hit(node, f"sysctl '{name}' is set twice",
                             related=(Related.at(seen[name], f"sysctl '{name}' first set"),))
        seen.setdefault(name, node)
        flag = shared_namespace_flag(name)
        if flag and ctx.version >= HOST_NAMESPACE_CHECK and spec_flag(ctx, flag) is not None:
            yield SYSCTL.hit(node, f"sysctl '{name}' may not be set when {flag} is true: it would change "
                                   "the node's own setting")
