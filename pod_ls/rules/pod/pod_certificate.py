"""The podCertificate projected source (KEP-4317), as validateProjectionSources checks it in
Kubernetes' pkg/apis/core/validation, with the signer names it shares with clusterTrustBundle
(ValidateSignerName, IsKubernetesSignerName) and the userAnnotations rule
(ValidateUserAnnotations). `volume_files` reports what this module finds; the three files a
podCertificate writes go through its path checks like every other projected file."""

from __future__ import annotations

from collections.abc import Iterator

from ...kube.gates import on_from
from ...kube.names import dns_label_problem, dns_subdomain_problem, qualified_name_problem
from ...kube.schema import Version
from ...yaml.nodes import Mapping, Node, Scalar
from ..values import integer, key, text
from .volumes import at

POD_CERTIFICATE_SINCE: Version = on_from("VolumeProjection", "podCertificate")
"""The PodCertificateRequest gate is on by default from 1.37 (alpha 1.34, beta but off in 1.35
and 1.36): before, dropDisabledPodCertificateProjection drops the field unvalidated."""
KEY_TYPES = ("RSA3072", "RSA4096", "ECDSAP256", "ECDSAP384", "ECDSAP521", "ED25519")
ML_DSA_KEY_TYPES = ("MLDSA44", "MLDSA65", "MLDSA87")
"""Accepted only from 1.38, behind PodCertificateMLDSA (off by default): 1.37 rejects them."""
PATH_FIELDS = ("credentialBundlePath", "keyPath", "certificateChainPath")
MIN_EXPIRATION_SECONDS = 60 * 60
"""certificates.MinMaxExpirationSeconds."""
MAX_EXPIRATION_SECONDS = 91 * 24 * 60 * 60
"""certificates.MaxMaxExpirationSeconds."""
KUBERNETES_MAX_EXPIRATION_SECONDS = 24 * 60 * 60
"""certificates.KubernetesMaxMaxExpirationSeconds, for kubernetes.io signers."""
USER_ANNOTATIONS_SIZE_LIMIT = 256 * 1024
"""TotalAnnotationSizeLimitB: the bytes of all keys and values together."""
MAX_SIGNER_DOMAIN = 253
MAX_SIGNER_NAME = 253 + 253 + 63 + 2


def certificate_problems(certificate_key: Scalar, certificate: Mapping) -> Iterator[tuple[Node, str, bool]]:
    """(where, message, whether it is about something absent) for each thing the API server
    rejects in a podCertificate source, but for its paths themselves."""
    signer = text(certificate.get("signerName"))
    if signer is not None and (problem := signer_name_problem(signer)):
        yield at(certificate, "signerName"), f"podCertificate.signerName {problem}", False
    yield from _user_annotations(certificate)
    key_type = text(certificate.get("keyType"))
    if key_type is not None and key_type not in KEY_TYPES:
        shown = f"'{key_type}' is not supported" if key_type else "must not be empty"
        later = (" (ML-DSA keys need Kubernetes 1.38 and its PodCertificateMLDSA gate)"
                 if key_type in ML_DSA_KEY_TYPES else "")
        yield (at(certificate, "keyType"),
               f"podCertificate.keyType {shown}: use one of {', '.join(KEY_TYPES)}{later}", False)
    seconds = integer(certificate.get("maxExpirationSeconds"))
    if seconds is not None:
        limit = KUBERNETES_MAX_EXPIRATION_SECONDS if is_kubernetes_signer(signer or "") else MAX_EXPIRATION_SECONDS
        if seconds < MIN_EXPIRATION_SECONDS:
            yield (at(certificate, "maxExpirationSeconds"),
                   f"maxExpirationSeconds must be at least {MIN_EXPIRATION_SECONDS} (1 hour)", False)
        elif seconds > limit:
            bound = ("86400 (24 hours) for a kubernetes.io signer" if limit == KUBERNETES_MAX_EXPIRATION_SECONDS
                     else f"{MAX_EXPIRATION_SECONDS} (91 days)")
            yield at(certificate, "maxExpirationSeconds"), f"maxExpirationSeconds must be at most {bound}", False
    if not paths_written(certificate):
        yield (certificate_key, "podCertificate needs at least one of credentialBundlePath, keyPath or "
                                "certificateChainPath", True)


def paths_written(certificate: Mapping) -> list[str]:
    """The path fields the source sets to a non-empty path: Go skips the empty ones."""
    return [name for name in PATH_FIELDS if text(certificate.get(name))]


def _user_annotations(certificate: Mapping) -> Iterator[tuple[Node, str, bool]]:
    """ValidateUserAnnotations: each key, lowercased, a qualified name with a domain prefix
    (IsDomainPrefixedKey); all keys and values within the annotations' size limit."""
    annotations = certificate.get("userAnnotations")
    if not isinstance(annotations, Mapping):
        return
    size = 0
    for name, value in annotations.items:
        if not isinstance(name, Scalar):
            continue
        written = name.value.lower()
        if not written:
            yield name, "a userAnnotations key must not be empty", False
        elif problem := qualified_name_problem(written):
            yield name, f"userAnnotations key '{name.value}' {problem}", False
        elif "/" not in written:
            yield (name, f"userAnnotations key '{name.value}' needs a domain prefix, like "
                         f"'example.com/{name.value}'", False)
        size += len(name.value.encode()) + len((text(value) or "").encode())
    if size > USER_ANNOTATIONS_SIZE_LIMIT:
        yield (key(certificate, "userAnnotations") or annotations,
               f"userAnnotations take {size} bytes, more than the {USER_ANNOTATIONS_SIZE_LIMIT} the API server "
               "accepts", False)


def is_kubernetes_signer(signer: str) -> bool:
    """IsKubernetesSignerName: the domain is kubernetes.io or one of its subdomains."""
    domain = signer.partition("/")[0]
    return domain == "kubernetes.io" or domain.endswith(".kubernetes.io")


def signer_name_problem(signer: str) -> str | None:
    """ValidateSignerName (certificates): 'example.com/signer-name'."""
    if not signer:
        return "must not be empty"
    domain, slash, path = signer.partition("/")
    if not slash or "/" in path:
        return "must be a fully qualified domain and a path, like 'example.com/signer-name'"
    if len(domain) > MAX_SIGNER_DOMAIN:
        return f"domain must be at most {MAX_SIGNER_DOMAIN} characters"
    labels = domain.split(".")
    bad_label = next((label for label in labels if dns_label_problem(label)), None)
    if bad_label is not None:
        return f"domain label '{bad_label}' {dns_label_problem(bad_label)}"
    if len(labels) < 2:
        return "must have a domain of at least two segments separated by dots"
    bad_part = next((part for part in path.split(".") if dns_subdomain_problem(part)), None)
    if bad_part is not None:
        return f"path segment '{bad_part}' {dns_subdomain_problem(bad_part)}"
    if len(signer) > MAX_SIGNER_NAME:
        return f"must be at most {MAX_SIGNER_NAME} characters"
    return None
