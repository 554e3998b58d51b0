"""The files that secret, configMap, downwardAPI and projected volumes write, ported from
validateKeyToPath, validateDownwardAPIVolumeFile and validateProjectionSources in Kubernetes'
pkg/apis/core/validation: their paths, their modes and what each file is made from (the
podCertificate source's own rules are in `pod_certificate`)."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding, Fix, Severity
from ...kube.names import dns_subdomain_problem, qualified_name_problem
from ...kube.quantity import parse_quantity
from ...kube.schema import Version
from ...kube.selectors import SELECTOR_VALUES_CHECKED_SINCE, label_selector_problems
from ...yaml.nodes import Mapping, Node, Scalar
from .. import RuleContext, check, define
from ..values import integer, key, keys_set, mappings, text
from .pod_certificate import POD_CERTIFICATE_SINCE, certificate_problems, paths_written, signer_name_problem
from .volumes import at, is_empty, path_problem, sources

FILE_PATH = define(
    "volume-file-path", Severity.ERROR,
    "the files a volume projects need relative paths without '..', each path once",
    "The API server rejects an item of a secret, configMap, downwardAPI or projected volume "
    "whose path is empty, absolute, contains a '..' element or starts with '..', an item "
    "without a key, and two projections onto the same path.")
FILE_MODE = define(
    "volume-file-mode", Severity.ERROR,
    "file modes must be between 0 and 0777",
    "defaultMode and mode are permission bits: the API server rejects a value outside 0-0777 "
    "(511). YAML reads 0644 as octal but 644 as decimal, which is out of range.")
PROJECTION = define(
    "volume-projection", Severity.ERROR,
    "projected and downward API files need exactly one valid source each",
    "The API server rejects a projected source that names several kinds, a secret or configMap "
    "projection without a name, a service account token valid for less than 10 minutes, a "
    "clusterTrustBundle with both or neither of name and signerName or an invalid labelSelector, "
    "a podCertificate (from Kubernetes 1.37) with an invalid signerName, a keyType other than "
    "RSA3072, RSA4096, ECDSAP256, ECDSAP384, ECDSAP521 and ED25519, a maxExpirationSeconds "
    "under an hour or over 91 days (24 hours for kubernetes.io signers), a userAnnotations key "
    "without a domain prefix, or no file to write, and a downward API file without exactly one "
    "of fieldRef and resourceFieldRef, or with a field or resource that the downward API cannot "
    "write to a file.")

MAX_FILE_MODE = 0o777
MIN_TOKEN_SECONDS = 10 * 60
MAX_TOKEN_SECONDS = 1 << 32
VOLUME_FIELD_PATHS = ("metadata.name", "metadata.namespace", "metadata.labels", "metadata.annotations",
                      "metadata.uid")
RESOURCE_FIELDS = ("limits.cpu", "limits.memory", "limits.ephemeral-storage", "requests.cpu",
                   "requests.memory", "requests.ephemeral-storage")
HUGEPAGES_PREFIXES = ("requests.hugepages-", "limits.hugepages-")
CPU_DIVISORS = {parse_quantity("1m"), parse_quantity("1")}
BYTE_DIVISORS = {parse_quantity(f"1{suffix}") for suffix in ("", "k", "M", "G", "T", "P", "E", "Ki", "Mi",
                                                             "Gi", "Ti", "Pi", "Ei")}
PROJECTIONS = ("secret", "configMap", "downwardAPI", "serviceAccountToken", "clusterTrustBundle",
               "podCertificate")


@check(FILE_PATH, FILE_MODE, PROJECTION, needs=("secret", "configMap", "downwardAPI", "projected"))
def volume_files(ctx: RuleContext) -> Iterator[Finding]:
    for _, source_key, source in sources(ctx):
        kind = source_key.value
        if kind in ("secret", "configMap", "downwardAPI", "projected"):
            yield from _mode(source, "defaultMode")
        if kind in ("secret", "configMap"):
            yield from _key_to_paths(source, kind, None)
        elif kind == "downwardAPI":
            yield from _downward_files(source, None)
        elif kind == "projected":
            yield from _projected(source, ctx.version)


def _mode(mapping: Mapping, field: str) -> Iterator[Finding]:
    node = mapping.get(field)
    number = integer(node)
    if number is None or node is None or 0 <= number <= MAX_FILE_MODE:
        return
    fixes: tuple[Fix, ...] = ()
    written = node.value if isinstance(node, Scalar) else ""
    if written.isdigit() and not written.startswith("0") and set(written) <= set("01234567") \
            and int(written, 8) <= MAX_FILE_MODE:
        fixes = (Fix.replace(node, f"0{written}", f"Write it in octal: 0{written}", safe=True),)
        hint = f": {written} is decimal here; the octal mode is 0{written}"
    else:
        hint = ""
    yield FILE_MODE.hit(node, f"{field} must be between 0 and 0777 (511){hint}", fixes=fixes)


def _item_path(item: Mapping, paths: dict[str, Node] | None, field: str = "path") -> Iterator[Finding]:
    """The path of one projected file: required, local, not kubelet's '..' names, not taken."""
    node = item.get(field)
    path = text(node)
    if node is None:
        return  # the schema reports the missing field
    if not path:
        yield FILE_PATH.hit(at(item, field), f"{field} must not be empty")
        return
    if problem := path_problem(path, reserved=True):
        yield FILE_PATH.hit(node, f"{field} '{path}' {problem}")
    if paths is not None:
        if path in paths:
            yield FILE_PATH.hit(node, f"{field} '{path}' is already taken by another file of this volume")
        paths.setdefault(path, node)


def _key_to_paths(source: Mapping, kind: str, paths: dict[str, Node] | None) -> Iterator[Finding]:
    for item in mappings(source.get("items")):
        if item.get("key") is not None and is_empty(item.get("key")):
            yield FILE_PATH.hit(at(item, "key"), f"{kind}.items key must not be empty")
        yield from _item_path(item, paths)
        yield from _mode(item, "mode")


def _downward_files(source: Mapping, paths: dict[str, Node] | None) -> Iterator[Finding]:
    for item in mappings(source.get("items")):
        yield from _item_path(item, paths)
        field_ref, resource_ref = item.get("fieldRef"), item.get("resourceFieldRef")
        if isinstance(field_ref, Mapping):
            yield from _field_ref(field_ref)
            if resource_ref is not None and (resource_key := key(item, "resourceFieldRef")) is not None:
                yield PROJECTION.hit(resource_key, "a downward API file takes fieldRef or resourceFieldRef, not both")
        elif isinstance(resource_ref, Mapping):
            yield from _resource_ref(key(item, "resourceFieldRef") or resource_ref, resource_ref)
        elif field_ref is None and resource_ref is None:
            yield PROJECTION.missing(key(item, "path") or item,
                                     "a downward API file needs fieldRef or resourceFieldRef")
        yield from _mode(item, "mode")


def _field_ref(ref: Mapping) -> Iterator[Finding]:
    """validateObjectFieldSelector with the fields a volume file may hold."""
    version = text(ref.get("apiVersion"))
    if version and version != "v1":
        yield PROJECTION.hit(at(ref, "apiVersion"), f"fieldRef.apiVersion '{version}' is not a Pod version: use v1")
        return
    node = ref.get("fieldPath")
    path = text(node)
    if node is None:
        return
    if not path:
        yield PROJECTION.hit(at(ref, "fieldPath"), "fieldRef.fieldPath must not be empty")
        return
    base, subscript = _subscripted(path)
    if subscript is not None:
        if base not in ("metadata.labels", "metadata.annotations"):
            yield PROJECTION.hit(node, f"fieldPath '{base}' does not support a subscript")
        elif problem := qualified_name_problem(subscript.lower() if base == "metadata.annotations" else subscript):
            yield PROJECTION.hit(node, f"the key in fieldPath '{path}' {problem}")
    elif path not in VOLUME_FIELD_PATHS:
        yield PROJECTION.hit(node, f"fieldPath '{path}' cannot be written to a file: use one of "
                                   f"{', '.join(VOLUME_FIELD_PATHS)}, or a key of the labels or annotations")


def _subscripted(path: str) -> tuple[str, str | None]:
    """fieldpath.SplitMaybeSubscriptedPath: metadata.labels['app'] is (metadata.labels, app)."""
    if path.endswith("']"):
        base, bracket, subscript = path[:-2].partition("['")
        if bracket and base:
            return base, subscript
    return path, None


def _resource_ref(ref_key: Node, ref: Mapping) -> Iterator[Finding]:
    """validateContainerResourceFieldSelector for a volume: the container must be named."""
    resource = text(ref.get("resource"))
    if is_empty(ref.get("containerName")):
        rule = PROJECTION.missing if ref.get("containerName") is None else PROJECTION.hit
        yield rule(key(ref, "containerName") or ref_key,
                             "resourceFieldRef.containerName is required in a volume")
    elif not resource:
        if ref.get("resource") is not None:
            yield PROJECTION.hit(at(ref, "resource"), "resourceFieldRef.resource must not be empty")
    elif resource not in RESOURCE_FIELDS and not resource.startswith(HUGEPAGES_PREFIXES):
        yield PROJECTION.hit(at(ref, "resource"), f"resource '{resource}' must be one of "
                                                  f"{', '.join(RESOURCE_FIELDS)} or a hugepages request or limit")
    divisor = text(ref.get("divisor"))
    value = parse_quantity(divisor) if divisor else None
    if resource and value:
        allowed = CPU_DIVISORS if resource.endswith(".cpu") else BYTE_DIVISORS
        if resource in RESOURCE_FIELDS or resource.startswith(HUGEPAGES_PREFIXES):
            if value not in allowed:
                units = "1m or 1" if resource.endswith(".cpu") else "1, 1k, 1M, ... 1E or 1Ki, 1Mi, ... 1Ei"
                yield PROJECTION.hit(at(ref, "divisor"), f"divisor of {resource} must be {units}")


def _projected(source: Mapping, version: Version) -> Iterator[Finding]:
    paths: dict[str, Node] = {}
    # Before 1.37 the API server drops podCertificate (its gate is off): no kind, no checks.
    kinds = PROJECTIONS if version >= POD_CERTIFICATE_SINCE else tuple(k for k in PROJECTIONS if k != "podCertificate")
    for entry in mappings(source.get("sources")):
        present = keys_set(entry, kinds)
        for extra in present[1:]:
            yield PROJECTION.hit(extra, f"a projected source has one kind: this one is already {present[0].value}")
        for kind_key in present:
            projection = entry.get(kind_key.value)
            if not isinstance(projection, Mapping):
                continue
            if kind_key.value in ("secret", "configMap"):
                if is_empty(projection.get("name")):
                    rule = PROJECTION.missing if projection.get("name") is None else PROJECTION.hit
                    yield rule(key(projection, "name") or kind_key, f"{kind_key.value}.name is required")
                yield from _key_to_paths(projection, kind_key.value, paths)
            elif kind_key.value == "downwardAPI":
                yield from _downward_files(projection, paths)
            elif kind_key.value == "serviceAccountToken":
                yield from _token(projection)
            elif kind_key.value == "clusterTrustBundle":
                yield from _trust_bundle(kind_key, projection, paths)
            elif kind_key.value == "podCertificate":
                yield from _pod_certificate(kind_key, projection, paths)


def _token(token: Mapping) -> Iterator[Finding]:
    seconds = integer(token.get("expirationSeconds"))
    if seconds is not None and seconds < MIN_TOKEN_SECONDS:
        yield PROJECTION.hit(at(token, "expirationSeconds"), f"expirationSeconds must be at least "
                                                             f"{MIN_TOKEN_SECONDS} (10 minutes)")
    elif seconds is not None and seconds > MAX_TOKEN_SECONDS:
        yield PROJECTION.hit(at(token, "expirationSeconds"), "expirationSeconds must be at most 2^32")
    yield from _item_path(token, None)


def _pod_certificate(certificate_key: Scalar, certificate: Mapping, paths: dict[str, Node]) -> Iterator[Finding]:
    """validateProjectionSources' podCertificate case: its fields, then each file it writes."""
    for node, message, absent in certificate_problems(certificate_key, certificate):
        yield (PROJECTION.missing if absent else PROJECTION.hit)(node, message)
    for field in paths_written(certificate):
        yield from _item_path(certificate, paths, field)


def _trust_bundle(bundle_key: Scalar, bundle: Mapping, paths: dict[str, Node]) -> Iterator[Finding]:
    name, signer = bundle.get("name"), bundle.get("signerName")
    if name is not None and signer is not None:
        yield PROJECTION.hit(key(bundle, "signerName") or bundle_key, "clusterTrustBundle takes name or "
                                                                      "signerName, not both")
    elif name is not None:
        if problem := _trust_bundle_name_problem(text(name) or ""):
            yield PROJECTION.hit(at(bundle, "name"), f"clusterTrustBundle.name {problem}")
        if bundle.get("labelSelector") is not None:
            yield PROJECTION.hit(key(bundle, "labelSelector") or bundle_key, "labelSelector must be unset when "
                                                                             "name is set")
    elif signer is not None:
        if problem := signer_name_problem(text(signer) or ""):
            yield PROJECTION.hit(at(bundle, "signerName"), f"clusterTrustBundle.signerName {problem}")
        # validateProjectionSources passes AllowInvalidLabelValueInSelector: false, whatever the version.
        for node, message in label_selector_problems(bundle.get("labelSelector"), SELECTOR_VALUES_CHECKED_SINCE):
            yield PROJECTION.hit(node, f"clusterTrustBundle.labelSelector: {message}")
    else:
        yield PROJECTION.missing(bundle_key, "clusterTrustBundle needs name or signerName")
    yield from _item_path(bundle, paths)


def _trust_bundle_name_problem(name: str) -> str | None:
    """ValidateClusterTrustBundleName: '<signer name, ':' for '/'>:<name>', or a plain name; the
    name part is a DNS subdomain."""
    if not name:
        return "must not be empty"
    _, colon, rest = name.rpartition(":")
    problem = dns_subdomain_problem(rest if colon else name)
    return f"'{name}': the part after the signer name {problem}" if problem and colon else problem
