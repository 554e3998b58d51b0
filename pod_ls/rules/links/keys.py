"""A key taken from a ConfigMap or Secret that the workspace declares without it."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding, Severity
from .. import RuleContext, check, define
from . import named_objects, placeholder

MISSING_KEY = define(
    "missing-key", Severity.WARNING,
    "configMapKeyRef, secretKeyRef and items[].key must name a key of the ConfigMap or Secret",
    "The kubelet does not start a container whose env takes a key that the ConfigMap or Secret "
    "lacks (CreateContainerConfigError), and a volume whose items name a missing key does not "
    "mount, so the Pod never runs; `optional: true` lets it start without the key. Checked "
    "only against a ConfigMap or Secret of that name in the workspace, in the Pod's namespace.")


@check(MISSING_KEY, uses_workspace=True, needs=("KeyRef", "items"))
def missing_key(ctx: RuleContext) -> Iterator[Finding]:
    namespace = ctx.spec.namespace
    for reference in named_objects(ctx):
        name = reference.name.value
        if reference.optional or not reference.keys or placeholder(name):
            continue
        keys = ctx.workspace.keys(reference.kind, name, namespace)
        if keys is None:
            continue
        for key in reference.keys:
            if key.value in keys or placeholder(key.value):
                continue
            held = ", ".join(f"'{k}'" for k in sorted(keys)[:8]) + (", ..." if len(keys) > 8 else "")
            yield MISSING_KEY.hit(
                key, f"{reference.kind} '{name}' has no key '{key.value}' (it has {held or 'none'}): the "
                f"container does not start; add the key or set optional: true",
                kind=reference.kind, name=name, key=key.value)
