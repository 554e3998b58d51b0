"""A ConfigMap, Secret, PersistentVolumeClaim or ServiceAccount that a pod spec names and
the workspace does not declare."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding, Severity
from .. import RuleContext, check, define
from . import named_objects, placeholder

MISSING_REFERENCE = define(
    "missing-reference", Severity.INFO,
    "the ConfigMaps, Secrets, PersistentVolumeClaims and ServiceAccount a pod spec names "
    "should be in the workspace",
    "A Pod whose ConfigMap, Secret, claim or service account does not exist stays Pending or "
    "fails to start its containers. Many are made by other tools (Helm, operators, "
    "kubectl create secret), so this is information, and only where the workspace declares "
    "some objects of that kind in the namespace (none at all: they are all made elsewhere); "
    "set the rule to warning where the workspace holds everything the cluster gets.")

ALWAYS_THERE = {("ServiceAccount", "default"), ("ConfigMap", "kube-root-ca.crt")}
"""Objects Kubernetes' own controllers put in every namespace."""


@check(MISSING_REFERENCE, uses_workspace=True, needs=(
    "KeyRef", "envFrom", "configMap", "secret", "persistentVolumeClaim", "imagePullSecrets", "serviceAccount"))
def missing_reference(ctx: RuleContext) -> Iterator[Finding]:
    namespace = ctx.spec.namespace
    reported = set()
    for reference in named_objects(ctx):
        name = reference.name.value
        if (reference.optional or placeholder(name) or (reference.kind, name) in ALWAYS_THERE
                or id(reference.name) in reported or not ctx.workspace.declares(reference.kind, namespace)
                or ctx.workspace.named(reference.kind, name, namespace)):
            continue
        reported.add(id(reference.name))
        elsewhere = sorted({obj.namespace_text for obj in ctx.workspace.named(reference.kind, name)
                            if obj.namespace_text is not None})
        where = f" in namespace '{namespace}'" if namespace else ""
        also = f" (there is one in {', '.join(repr(n) for n in elsewhere)})" if elsewhere else ""
        yield MISSING_REFERENCE.hit(
            reference.name, f"No {reference.kind} '{name}' in the workspace{where}{also}: the Pod needs it "
            f"({reference.where}) unless it is created elsewhere",
            kind=reference.kind, name=name, namespace=namespace)
