"""Where an environment variable's value comes from, ported from validateObjectFieldSelector,
validateContainerResourceFieldSelector, validateContainerResourceDivisor and
validateConfigMapKeySelector/validateSecretKeySelector in Kubernetes' pkg/apis/core/validation,
with the field labels that ConvertDownwardAPIFieldLabel accepts."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding, Severity
from ...kube.names import config_map_key_problem, dns_subdomain_problem, qualified_name_problem
from ...kube.quantity import parse_quantity
from ...yaml.nodes import Mapping, Scalar
from .. import RuleContext, check, define
from ..pod.volume_files import BYTE_DIVISORS, CPU_DIVISORS, HUGEPAGES_PREFIXES, RESOURCE_FIELDS
from ..values import key, text
from .env import entries

FIELD_PATH = define(
    "env-field-path", Severity.ERROR,
    "fieldRef.fieldPath must be a field the downward API exposes to environment variables",
    "Only some Pod fields can be read into an environment variable; the API server rejects the "
    "others, subscripts other than metadata.labels['<key>'] and metadata.annotations['<key>'] "
    "(whose key must be a label key), and an apiVersion other than v1.")
RESOURCE_FIELD = define(
    "env-resource-field-ref", Severity.ERROR,
    "resourceFieldRef must name a container's cpu, memory, ephemeral-storage or hugepages "
    "request or limit, with a divisor of its unit",
    "The API server rejects a resourceFieldRef without a resource, any resource other than "
    "limits/requests of cpu, memory, ephemeral-storage and hugepages-<size>, and a divisor "
    "other than 1m or 1 for cpu and 1, 1k ... 1E or 1Ki ... 1Ei for the others.")
KEY_REF = define(
    "env-key-ref", Severity.ERROR,
    "configMapKeyRef and secretKeyRef need a valid name and key",
    "The API server rejects a ConfigMap or Secret key selector whose name is missing or not a "
    "DNS subdomain, or whose key is empty or not made of letters, digits, '-', '_' and '.'.")

ENV_FIELD_PATHS = ("metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName",
                   "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP",
                   "status.podIPs")
DOWNWARD_FIELD_LABELS = {
    "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid",
    "spec.nodeName", "spec.restartPolicy", "spec.serviceAccountName", "spec.schedulerName",
    "status.phase", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
}
"""The field labels of a Pod that ConvertDownwardAPIFieldLabel knows (spec.host is an old
name of spec.nodeName); the environment takes only some of them."""
SUBSCRIPTED = ("metadata.annotations", "metadata.labels")
HOST_IPS = (1, 29)
"""status.hostIPs needs the PodHostIPs feature gate, on by default from Kubernetes 1.29."""


def _sources(ctx: RuleContext, kind: str) -> Iterator[tuple[Scalar, Mapping]]:
    """(key, mapping) of every valueFrom.<kind> of the pod's containers."""
    for _, env in entries(ctx):
        for entry in env:
            source = entry.get("valueFrom")
            if isinstance(source, Mapping) and isinstance(ref := source.get(kind), Mapping):
                ref_key = key(source, kind)
                if ref_key is not None:
                    yield ref_key, ref


def split_subscript(path: str) -> tuple[str, str] | None:
    """fieldpath.SplitMaybeSubscriptedPath: ("metadata.labels", "app") for
    "metadata.labels['app']", None when the path has no subscript."""
    if not path.endswith("']"):
        return None
    base, bracket, subscript = path[:-2].partition("['")
    return (base, subscript) if bracket and base else None


@check(FIELD_PATH, needs=("fieldRef",))
def env_field_path(ctx: RuleContext) -> Iterator[Finding]:
    for _, ref in _sources(ctx, "fieldRef"):
        node = ref.get("fieldPath")
        path = text(node)
        if path is None or node is None:
            continue  # a missing fieldPath is the schema's finding
        version = text(ref.get("apiVersion"))
        if version and version != "v1":
            yield FIELD_PATH.hit(node, f"fieldPath '{path}' cannot be read from apiVersion '{version}': "
                                       "the downward API reads v1 Pods")
        elif not path:
            yield FIELD_PATH.hit(node, "fieldRef.fieldPath must not be empty")
        elif (problem := _field_path_problem(path, ctx.version >= HOST_IPS)) is not None:
            yield FIELD_PATH.hit(node, problem)


def _field_path_problem(path: str, host_ips: bool) -> str | None:
    subscripted = split_subscript(path)
    if subscripted is not None:
        base, subscript = subscripted
        if base not in SUBSCRIPTED:
            return f"fieldPath '{path}': {base} does not support a subscript"
        problem = qualified_name_problem(subscript.lower() if base == "metadata.annotations" else subscript)
        return f"fieldPath '{path}': the key '{subscript}' {problem}" if problem else None
    label = "spec.nodeName" if path == "spec.host" else path
    if label == "status.hostIPs" and not host_ips:
        return "fieldPath 'status.hostIPs' needs Kubernetes 1.29 or newer (the PodHostIPs feature)"
    if label in ENV_FIELD_PATHS:
        return None
    why = "cannot be read into an environment variable" if label in DOWNWARD_FIELD_LABELS else "is not a field of a Pod"
    return (f"fieldPath '{path}' {why}: use one of " + ", ".join(ENV_FIELD_PATHS)
            + ", metadata.labels['<key>'] or metadata.annotations['<key>']")


@check(RESOURCE_FIELD, needs=("resourceFieldRef",))
def env_resource_field_ref(ctx: RuleContext) -> Iterator[Finding]:
    for _, ref in _sources(ctx, "resourceFieldRef"):
        node = ref.get("resource")
        resource = text(node)
        if resource is None or node is None:
            continue  # a missing resource is the schema's finding
        if not resource:
            yield RESOURCE_FIELD.hit(node, "resourceFieldRef.resource must not be empty")
        elif resource not in RESOURCE_FIELDS and not resource.startswith(HUGEPAGES_PREFIXES):
            yield RESOURCE_FIELD.hit(node, f"resource '{resource}' must be one of {', '.join(RESOURCE_FIELDS)} "
                                           "or a hugepages request or limit (requests.hugepages-<size>)")
        yield from _divisor(ref, resource)


def _divisor(ref: Mapping, resource: str) -> Iterator[Finding]:
    node = ref.get("divisor")
    written = text(node)
    if written is None or node is None:
        return
    value = parse_quantity(written)
    if value is None:
        yield RESOURCE_FIELD.hit(node, f"divisor '{written}' is not a quantity")
        return
    if value == 0 or not (resource in RESOURCE_FIELDS or resource.startswith(HUGEPAGES_PREFIXES)):
        return
    if resource.endswith(".cpu"):
        if value not in CPU_DIVISORS:
            yield RESOURCE_FIELD.hit(node, f"divisor of {resource} must be 1m or 1 (got '{written}')")
    elif value not in BYTE_DIVISORS:
        yield RESOURCE_FIELD.hit(node, f"divisor of {resource} must be 1, 1k, 1M, ... 1E or 1Ki, 1Mi, ... 1Ei "
                                       f"(got '{written}')")


@check(KEY_REF, needs=("KeyRef",))
def env_key_ref(ctx: RuleContext) -> Iterator[Finding]:
    for kind, what in (("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")):
        for ref_key, ref in _sources(ctx, kind):
            yield from _key_ref_name(ref_key, ref, what)
            node = ref.get("key")
            written = text(node)
            if written is None or node is None:
                continue  # a missing key is the schema's finding
            if not written:
                yield KEY_REF.hit(node, f"{kind}.key must name a key of the {what}")
            elif (problem := config_map_key_problem(written)) is not None:
                yield KEY_REF.hit(node, f"Invalid {what} key '{written}': {problem}")


def _key_ref_name(ref_key: Scalar, ref: Mapping, what: str) -> Iterator[Finding]:
    node = ref.get("name")
    name = text(node)
    if name is None or node is None:
        yield KEY_REF.missing(ref_key, f"{ref_key.value} needs the name of the {what}")
    elif not name:
        yield KEY_REF.hit(node, f"The {what} name must not be empty")
    elif (problem := dns_subdomain_problem(name)) is not None:
        yield KEY_REF.hit(node, f"Invalid {what} name '{name}': {problem}")
