"""Checks across files, through the workspace model: the objects a pod spec names (ConfigMaps,
Secrets, PersistentVolumeClaims, ServiceAccounts) and the keys it takes from them, and the
Pods a Service selects. No Kubernetes validation refuses these: they fail at run time, in
the kubelet or as a Service without endpoints. Many objects are made by other tools, so a
missing one is information unless the settings raise it; a name or key with a `${VAR}` or
`{{ }}` placeholder is never looked up."""

from __future__ import annotations

from ...kube.links.references import Reference, pod_references
from .. import RuleContext, per_spec


@per_spec
def named_objects(ctx: RuleContext) -> list[Reference]:
    """What the pod spec names, read once for the checks that look each name up."""
    return pod_references(ctx.spec)


def placeholder(text: str) -> bool:
    """A name filled in later (envsubst, Flux, Helm): it cannot be looked up yet."""
    return "${" in text or "{{" in text
