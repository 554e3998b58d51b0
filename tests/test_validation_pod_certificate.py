"""The podCertificate projected source: the cases of TestValidatePod in Kubernetes'
pkg/apis/core/validation/validation_test.go, and cases read off validateProjectionSources
itself (named after it) for the rules its table does not test: every key type, the bounds of
maxExpirationSeconds, both ways of writing the files, paths shared with other sources, the
userAnnotations keys, and the versions before 1.37, when the PodCertificateRequest gate is off
by default and the API server drops the field without validating it.

A Go case without a keyType or signerName is written the same: the schema reports the missing
field, and the case marks the line the Go test's expected error names.
"""

from __future__ import annotations

import textwrap

import pytest
from test_validation_volumes import cases, spec
from test_validation_volumes_go import projected
from validation_table import MARK, case_ids, problem
from workloads import wrap

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.findings import Severity
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.settings import Settings

R = MARK
PV = "TestValidatePod"
PS = "validateProjectionSources"
KEY_TYPES = ("RSA3072", "RSA4096", "ECDSAP256", "ECDSAP384", "ECDSAP521", "ED25519")


def cert(fields: str) -> str:
    """A podCertificate source with these fields (written at column 0)."""
    return "podCertificate:\n" + textwrap.indent(textwrap.dedent(fields), "  ")


def minimal(extra: str = "", signer: str = "example.com/foo") -> str:
    """The Go tests' minimal source, with `extra` fields (at column 0) after it."""
    return projected(cert(f"signerName: {signer}\nkeyType: ED25519\ncredentialBundlePath: credbundle.pem\n"
                          + extra))


def volumes(*sources: str) -> str:
    """A spec whose projected volume has these sources (each written at column 0)."""
    items = "".join(("    - " if n == 0 else "      ") + line
                    for source in sources for n, line in enumerate(source.splitlines(keepends=True)))
    return spec("- name: projected-volume\n  projected:\n    sources:\n" + items)


CASES = [
    # TestValidatePod: successCases
    *cases(f"{PV}/valid PodCertificate projected volume source, minimal", minimal()),
    *cases(f"{PV}/valid PodCertificate projected volume source, explicit max expiration",
           minimal("maxExpirationSeconds: 3600\n")),
    *cases(f"{PV}/valid PodCertificate projected volume source, separate key/cert",
           projected(cert("signerName: example.com/foo\nkeyType: ED25519\nmaxExpirationSeconds: 3600\n"
                          "keyPath: key.pem\ncertificateChainPath: certificates.pem\n"))),
    *cases(f"{PV}/valid PodCertificate projected volume source, user config is not nil",
           projected(cert("signerName: example.com/foo\nkeyType: ED25519\nmaxExpirationSeconds: 3600\n"
                          "keyPath: key.pem\ncertificateChainPath: certificates.pem\n"
                          "userAnnotations:\n  test.domain/attribute: test-value\n"))),
    # TestValidatePod: errorCases
    *cases(f"{PV}/PodCertificate projected volume with no signer name",
           projected(f"podCertificate:  {R}\n  keyType: ED25519\n  credentialBundlePath: credbundle.pem\n")),
    *cases(f"{PV}/PodCertificate projected volume with bad signer name",
           projected(cert(f"signerName: example.com/foo/invalid  {R}\nkeyType: ED25519\n"
                          "credentialBundlePath: credbundle.pem\n"))),
    *cases(f"{PV}/PodCertificate projected volume with bad key type",
           projected(cert(f"signerName: example.com/foo\nkeyType: BAD  {R}\ncredentialBundlePath: credbundle.pem\n"))),
    *cases(f"{PV}/PodCertificate projected volume with no paths",
           projected(f"podCertificate:  {R}\n  signerName: example.com/foo\n  keyType: ED25519\n")),
    *cases(f"{PV}/PodCertificate projected volume with conflicting paths",
           projected(cert("signerName: example.com/foo\nkeyType: ED25519\nkeyPath: same.pem\n"
                          f"certificateChainPath: same.pem  {R}\n"))),
    *cases(f"{PV}/PodCertificate projected volume with bad cred bundle path",
           projected(cert(f"signerName: example.com/foo\ncredentialBundlePath: /absolute.pem  {R}\n"))),
    *cases(f"{PV}/PodCertificate projected volume with bad key path",
           projected(cert(f"signerName: example.com/foo\nkeyPath: /absolute.pem  {R}\n"
                          "certificateChainPath: certificates.pem\n"))),
    *cases(f"{PV}/PodCertificate projected volume with bad certificates path",
           projected(cert("signerName: example.com/foo\nkeyPath: key.pem\n"
                          f"certificateChainPath: /certificates.pem  {R}\n"))),
    *cases(f"{PV}/PodCertificate projected volume with bad user annotations, invalid key",
           projected(cert("signerName: example.com/foo\nkeyType: ED25519\nkeyPath: key.pem\n"
                          "certificateChainPath: certificates.pem\n"
                          f"userAnnotations:\n  only/one/slash: bar  {R}\n"))),
    *cases(f"{PV}/PodCertificate projected volume with bad user annotations, too long key prefix size",
           projected(cert("signerName: example.com/foo\nkeyType: ED25519\nkeyPath: key.pem\n"
                          "certificateChainPath: certificates.pem\n"
                          f"userAnnotations:\n  {'a' * 254}/foo: bar  {R}\n"))),
    *cases(f"{PV}/PodCertificate projected volume with bad user annotations, too long total key/value size",
           projected(cert("signerName: example.com/foo\nkeyType: ED25519\nkeyPath: key.pem\n"
                          f"certificateChainPath: certificates.pem\nuserAnnotations:  {R}\n"
                          f"  domain/a: {'d' * 256 * 1024}\n")), ("Pod",)),
    # validateProjectionSources: the key types
    *[case for key_type in KEY_TYPES for case in cases(
        f"{PS}/podCertificate keyType {key_type}",
        projected(cert(f"signerName: example.com/foo\nkeyType: {key_type}\ncredentialBundlePath: b.pem\n")))],
    *[case for key_type in ("MLDSA44", "MLDSA65", "MLDSA87") for case in cases(
        f"{PS}/podCertificate keyType {key_type} (ML-DSA is accepted from 1.38, behind PodCertificateMLDSA)",
        projected(cert(f"signerName: example.com/foo\nkeyType: {key_type}  {R}\ncredentialBundlePath: b.pem\n")))],
    *cases(f"{PS}/podCertificate keyType is case-sensitive",
           projected(cert(f"signerName: example.com/foo\nkeyType: ed25519  {R}\ncredentialBundlePath: b.pem\n"))),
    *cases(f"{PS}/podCertificate empty keyType",
           projected(cert(f"signerName: example.com/foo\nkeyType: ''  {R}\ncredentialBundlePath: b.pem\n"))),
    # validateProjectionSources: signer names
    *cases(f"{PS}/podCertificate empty signerName",
           projected(cert(f"signerName: ''  {R}\nkeyType: ED25519\ncredentialBundlePath: b.pem\n"))),
    *cases(f"{PS}/podCertificate signerName without a path",
           projected(cert(f"signerName: example.com  {R}\nkeyType: ED25519\ncredentialBundlePath: b.pem\n"))),
    *cases(f"{PS}/podCertificate signerName with a one-label domain",
           projected(cert(f"signerName: example/foo  {R}\nkeyType: ED25519\ncredentialBundlePath: b.pem\n"))),
    *cases(f"{PS}/podCertificate kubernetes.io signer", minimal(signer="kubernetes.io/kube-apiserver-client-pod")),
    # validateProjectionSources: maxExpirationSeconds, [3600, 91 days], [3600, 24 hours] for kubernetes.io
    *cases(f"{PS}/podCertificate maxExpirationSeconds 3599", minimal(f"maxExpirationSeconds: 3599  {R}\n")),
    *cases(f"{PS}/podCertificate maxExpirationSeconds 0", minimal(f"maxExpirationSeconds: 0  {R}\n")),
    *cases(f"{PS}/podCertificate maxExpirationSeconds 91 days", minimal("maxExpirationSeconds: 7862400\n")),
    *cases(f"{PS}/podCertificate maxExpirationSeconds 91 days and a second",
           minimal(f"maxExpirationSeconds: 7862401  {R}\n")),
    *cases(f"{PS}/podCertificate kubernetes.io signer, maxExpirationSeconds 24 hours",
           minimal("maxExpirationSeconds: 86400\n", signer="kubernetes.io/kube-apiserver-client-pod")),
    *cases(f"{PS}/podCertificate kubernetes.io signer, maxExpirationSeconds 24 hours and a second",
           minimal(f"maxExpirationSeconds: 86401  {R}\n", signer="kubernetes.io/kube-apiserver-client-pod")),
    *cases(f"{PS}/podCertificate kubernetes.io signer, maxExpirationSeconds 3599",
           minimal(f"maxExpirationSeconds: 3599  {R}\n", signer="kubernetes.io/kube-apiserver-client-pod")),
    *cases(f"{PS}/podCertificate signer under a kubernetes.io subdomain, maxExpirationSeconds 86401",
           minimal(f"maxExpirationSeconds: 86401  {R}\n", signer="foo.kubernetes.io/bar")),
    *cases(f"{PS}/podCertificate signer of notkubernetes.io is no kubernetes.io signer",
           minimal("maxExpirationSeconds: 86401\n", signer="notkubernetes.io/bar")),
    # validateProjectionSources: the files, each non-empty path checked and taken once per volume
    *cases(f"{PS}/podCertificate all three paths",
           projected(cert("signerName: example.com/foo\nkeyType: ECDSAP256\ncredentialBundlePath: bundle.pem\n"
                          "keyPath: key.pem\ncertificateChainPath: chain.pem\n"))),
    *cases(f"{PS}/podCertificate keyPath alone",
           projected(cert("signerName: example.com/foo\nkeyType: ECDSAP256\nkeyPath: key.pem\n"))),
    *cases(f"{PS}/podCertificate certificateChainPath alone, in a directory",
           projected(cert("signerName: example.com/foo\nkeyType: ECDSAP256\ncertificateChainPath: tls/chain.pem\n"))),
    *cases(f"{PS}/podCertificate empty paths are skipped",
           projected(cert("signerName: example.com/foo\nkeyType: ECDSAP256\ncredentialBundlePath: ''\n"
                          "keyPath: key.pem\ncertificateChainPath: ''\n"))),
    *cases(f"{PS}/podCertificate only empty paths",
           projected(f"podCertificate:  {R}\n  signerName: example.com/foo\n  keyType: ECDSAP256\n"
                     "  credentialBundlePath: ''\n  keyPath: ''\n")),
    *cases(f"{PS}/podCertificate credentialBundlePath and keyPath the same",
           projected(cert(f"signerName: example.com/foo\nkeyType: ED25519\ncredentialBundlePath: a.pem\n"
                          f"keyPath: a.pem  {R}\ncertificateChainPath: chain.pem\n"))),
    *cases(f"{PS}/podCertificate path with a '..' element",
           projected(cert(f"signerName: example.com/foo\nkeyType: ED25519\ncredentialBundlePath: a/../b.pem  {R}\n"))),
    *cases(f"{PS}/podCertificate path starting with '..'",
           projected(cert(f"signerName: example.com/foo\nkeyType: ED25519\nkeyPath: ..key.pem  {R}\n"))),
    *cases(f"{PS}/podCertificate path with '..' inside a name",
           projected(cert("signerName: example.com/foo\nkeyType: ED25519\nkeyPath: key..pem\n"))),
    *cases(f"{PS}/podCertificate path taken by a secret of the same volume",
           volumes("secret:\n  name: s\n  items:\n  - {key: crt, path: tls.crt}\n",
                   cert(f"signerName: example.com/foo\nkeyType: ED25519\nkeyPath: tls.key\n"
                        f"certificateChainPath: tls.crt  {R}\n"))),
    *cases(f"{PS}/a configMap path taken by a podCertificate of the same volume",
           volumes(cert("signerName: example.com/foo\nkeyType: ED25519\ncredentialBundlePath: bundle.pem\n"),
                   f"configMap:\n  name: c\n  items:\n  - key: k\n    path: bundle.pem  {R}\n")),
    *cases(f"{PS}/two podCertificates writing one bundle",
           volumes(cert("signerName: example.com/foo\nkeyType: ED25519\ncredentialBundlePath: bundle.pem\n"),
                   cert(f"signerName: example.com/bar\nkeyType: RSA3072\ncredentialBundlePath: bundle.pem  {R}\n"))),
    *cases(f"{PS}/two podCertificates and a clusterTrustBundle writing their own files",
           volumes(cert("signerName: example.com/foo\nkeyType: ED25519\ncredentialBundlePath: foo.pem\n"),
                   cert("signerName: example.com/bar\nkeyType: RSA4096\ncredentialBundlePath: bar.pem\n"),
                   "clusterTrustBundle: {signerName: example.com/foo, path: ca.pem, labelSelector: {}}\n")),
    *cases(f"{PS}/podCertificate and a secret in one source",
           volumes(f"secret:\n  name: s\npodCertificate:  {R}\n  signerName: example.com/foo\n  keyType: ED25519\n"
                   "  credentialBundlePath: b.pem\n")),
    # validateProjectionSources: userAnnotations (ValidateUserAnnotations)
    *cases(f"{PS}/podCertificate userAnnotations key checked in lower case",
           minimal("userAnnotations:\n  Example.COM/Attribute: x\n")),
    *cases(f"{PS}/podCertificate empty userAnnotations", minimal("userAnnotations: {}\n")),
    *cases(f"{PS}/podCertificate userAnnotations values are free",
           minimal("userAnnotations:\n  example.com/a: 'any text: /even ../this'\n  example.com/b: ''\n")),
    *cases(f"{PS}/podCertificate userAnnotations key without a domain prefix",
           minimal(f"userAnnotations:\n  attribute: x  {R}\n")),
    *cases(f"{PS}/podCertificate userAnnotations key without a name",
           minimal(f"userAnnotations:\n  example.com/: x  {R}\n")),
    *cases(f"{PS}/podCertificate userAnnotations key with a bad name",
           minimal(f"userAnnotations:\n  example.com/-attribute: x  {R}\n")),
    *cases(f"{PS}/podCertificate userAnnotations at the size limit",
           minimal(f"userAnnotations:\n  domain/a: {'d' * (256 * 1024 - len('domain/a'))}\n"), ("Pod",)),
    # Before 1.37 the PodCertificateRequest gate is off by default: the API server drops the field
    *[case for version in ("1.34", "1.35", "1.36") for case in cases(
        f"{PS}/podCertificate dropped, not validated, in {version}",
        projected(cert("signerName: example.com/foo/invalid\nkeyType: BAD\nmaxExpirationSeconds: 10\n"
                       "keyPath: /absolute.pem\ncertificateChainPath: ../chain.pem\n"
                       + ("" if version == "1.34" else "userAnnotations:\n  attribute: x\n"))),  # a 1.35 field
        version=version)],
    *cases(f"{PS}/podCertificate with no paths dropped in 1.36",
           projected(cert("signerName: example.com/foo\nkeyType: ED25519\n")), version="1.36"),
    *cases(f"{PS}/podCertificate without its required fields dropped in 1.35, nothing missing",
           projected(cert("credentialBundlePath: b.pem\n")), version="1.35"),
    *cases(f"{PS}/podCertificate dropped in 1.36 frees its source for a secret",
           volumes("secret:\n  name: s\npodCertificate:\n  signerName: example.com/foo\n  keyType: ED25519\n"
                   "  credentialBundlePath: b.pem\n"), version="1.36"),
    *cases(f"{PS}/podCertificate dropped in 1.36 takes no path",
           volumes(cert("signerName: example.com/foo\nkeyType: ED25519\ncredentialBundlePath: bundle.pem\n"),
                   "configMap:\n  name: c\n  items:\n  - key: k\n    path: bundle.pem\n"), version="1.36"),
]


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_kubernetes_pod_certificate_cases(case):
    assert problem(case) is None


@pytest.mark.parametrize("version", ["1.34", "1.36"])
def test_a_dropped_pod_certificate_is_a_warning_on_its_key(version):
    """Dropped, the source writes no files: the only finding says so, on `podCertificate`."""
    text = wrap("Deployment", projected(cert("keyType: BAD\n")))
    settings = Settings.model_validate({"kubernetesVersion": version})
    found = Analyzer("file:///t.yaml").analyse(text, WorkspaceModel(), settings).findings
    lines = text.splitlines()
    assert [(f.rule, f.severity, lines[f.start[0]][f.start[1]:f.end[1]]) for f in found] == [
        ("field-dropped", Severity.WARNING, "podCertificate")]
    assert "PodCertificateRequest" in found[0].message and "1.37" in found[0].message
