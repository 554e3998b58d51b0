"""The object's own metadata, as ValidateObjectMeta checks it on create: a name (or a
generateName to make one from) of the kind's syntax, the namespace, the finalizers and the
owner references. Labels and annotations are in `metadata`."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding, Severity
from ...kube.names import dns_label_problem, dns_subdomain_prefix_problem, dns_subdomain_problem, qualified_name_problem
from ...yaml.nodes import Mapping, Node, Scalar, Sequence
from .. import RuleContext, check, define
from ..values import boolean, key, mappings, text

OBJECT_NAME = define(
    "object-name", Severity.ERROR,
    "metadata.name (or generateName) and metadata.namespace must be valid names",
    "The API server rejects an object with neither metadata.name nor generateName; the name of a "
    "Pod, PodTemplate, ReplicationController, Deployment, ReplicaSet, DaemonSet or Job that is no "
    "DNS subdomain (at most 253 lowercase letters, digits, '-' and '.'); a generateName that "
    "cannot begin one; and a namespace that is no DNS label.")
OBJECT_META = define(
    "object-meta", Severity.ERROR,
    "finalizers and ownerReferences must be well formed",
    "The API server rejects a finalizer that is no qualified name, or has no '/' and is not "
    "kubernetes, orphan or foregroundDeletion; orphan together with foregroundDeletion; and an "
    "owner reference with an empty version, kind, name or uid, an Event as owner, or a second "
    "controller.")

SUBDOMAIN_NAMED = frozenset({"Pod", "PodTemplate", "ReplicationController", "Deployment", "ReplicaSet",
                             "DaemonSet", "Job", "CronJob"})
"""The kinds whose name (and generateName) this module checks: a DNS subdomain. A StatefulSet's
name has a rule of its own (in `apps`); a CronJob's length limit is in `cronjob`."""
STANDARD_FINALIZERS = frozenset({"kubernetes", "orphan", "foregroundDeletion"})
"""The finalizers that may go without a domain (helper.IsStandardFinalizerName)."""
BANNED_OWNERS = frozenset({("", "v1", "Event")})


@check(OBJECT_NAME)
def object_name(ctx: RuleContext) -> Iterator[Finding]:
    """ValidateObjectMeta's name, generateName and namespace, after kubectl has filled in the
    namespace of an object that has none."""
    root, kind = ctx.spec.root, ctx.spec.kind
    metadata = root.get("metadata")
    meta = metadata if isinstance(metadata, Mapping) else None
    name_node, generate_node, namespace_node = (meta.get(field) if meta else None
                                                for field in ("name", "generateName", "namespace"))
    name, prefix = text(name_node) or "", text(generate_node) or ""
    if prefix and generate_node is not None and kind in SUBDOMAIN_NAMED \
            and (problem := dns_subdomain_prefix_problem(prefix)):
        yield OBJECT_NAME.hit(generate_node, f"Invalid generateName '{prefix}': {problem}")
    if not name and not prefix:
        message = f"A {kind} needs metadata.name, or generateName for the API server to make one"
        if name_node is not None:
            yield OBJECT_NAME.hit(name_node, message)
        else:
            yield OBJECT_NAME.missing(key(root, "metadata") or key(root, "kind") or root, message)
    elif name and kind in SUBDOMAIN_NAMED and _is_string(name_node) and (problem := dns_subdomain_problem(name)):
        yield OBJECT_NAME.hit(name_node, f"Invalid {kind} name '{name}': {problem}")
    namespace = text(namespace_node)
    if namespace and _is_string(namespace_node) and (problem := dns_label_problem(namespace)):
        yield OBJECT_NAME.hit(namespace_node, f"Invalid namespace '{namespace}': {problem}")


def _is_string(node: Node | None) -> bool:
    """A string in YAML: the schema walk reports a number or a boolean where a name goes."""
    return isinstance(node, Scalar) and node.tag == "str"


@check(OBJECT_META, needs=("finalizers", "ownerReferences"))
def object_meta(ctx: RuleContext) -> Iterator[Finding]:
    metadata = ctx.spec.root.get("metadata")
    if isinstance(metadata, Mapping):
        yield from _finalizers(metadata)
        yield from _owner_references(metadata)


def _finalizers(metadata: Mapping) -> Iterator[Finding]:
    """ValidateFinalizers and validateKubeFinalizerName."""
    finalizers = metadata.get("finalizers")
    names = [item for item in finalizers.items if _is_string(item)] if isinstance(finalizers, Sequence) else []
    for node in names:
        name = text(node) or ""
        if problem := qualified_name_problem(name):
            yield OBJECT_META.hit(node, f"Invalid finalizer '{name}': {problem}")
        elif "/" not in name and name not in STANDARD_FINALIZERS:
            yield OBJECT_META.hit(node, f"Finalizer '{name}' is neither a standard finalizer (kubernetes, orphan, "
                                        "foregroundDeletion) nor qualified by a domain (example.com/name)")
    written = {text(node) for node in names}
    if {"orphan", "foregroundDeletion"} <= written:
        yield OBJECT_META.hit(key(metadata, "finalizers") or metadata,
                              "The finalizers orphan and foregroundDeletion cannot be both set")


def _owner_references(metadata: Mapping) -> Iterator[Finding]:
    """ValidateOwnerReferences: the fields the schema walk finds present, and the owners."""
    controller: str | None = None
    for reference in mappings(metadata.get("ownerReferences")):
        api_version = reference.get("apiVersion")
        group_version = _group_version(text(api_version) or "") if _is_string(api_version) else None
        if api_version is not None and group_version is not None and not group_version[1]:
            yield OBJECT_META.hit(api_version, "An owner reference's apiVersion must be <group>/<version> or "
                                               "<version>, with a version")
        for field in ("kind", "name", "uid"):
            node = reference.get(field)
            if node is not None and _is_string(node) and not text(node):
                yield OBJECT_META.hit(node, f"An owner reference's {field} must not be empty")
        kind = text(reference.get("kind")) or ""
        if group_version is not None and (*group_version, kind) in BANNED_OWNERS:
            yield OBJECT_META.hit(reference.get("kind") or reference, f"{kind} is disallowed from being an owner")
        if boolean(reference.get("controller")):
            current = f"{kind}/{text(reference.get('name')) or ''}"
            if controller is not None:
                yield OBJECT_META.hit(reference.get("controller") or reference,
                                      f"Only one owner reference can be the controller: {controller} and {current} "
                                      "both are")
            else:
                controller = current


def _group_version(api_version: str) -> tuple[str, str]:
    """schema.FromAPIVersionAndKind's group and version; a string with two '/' gives none."""
    if api_version in ("", "/"):
        return "", ""
    group, slash, version = api_version.partition("/")
    if not slash:
        return "", api_version
    return ("", "") if "/" in version else (group, version)
