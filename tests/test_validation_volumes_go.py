"""The rest of the volume tables of pkg/apis/core/validation/validation_test.go
(TestValidateVolumes, TestValidateKeyToPath, TestValidateCSIVolumeSource,
TestValidateVolumeMounts, TestValidateMountPropagation, TestAlphaValidateVolumeDevices and
TestValidateSubpathMutuallyExclusive): the cases tests/test_validation_volumes.py does not hold.
"""

from __future__ import annotations

import pytest
from test_validation_volumes import CSI, D, K, M, P, V, cases, mounts, spec, volume
from validation_table import MARK, Case, case_ids, problem
from workloads import wrap

R = MARK
PV = "TestValidatePod"
CLAIM = "{volumeClaimTemplate: {spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 10G}}}}}"
"""validPVCTemplate of TestValidatePod."""


def named_pod(name: str, pod_spec: str) -> str:
    """A Pod called `name` with this spec (the pod name matters for ephemeral claims)."""
    return wrap("Pod", pod_spec).replace("  name: p\n", f"  name: '{name}'\n", 1)


def projected(source: str) -> str:
    """A spec whose projected volume has this one source (written at column 0)."""
    return spec("- name: projected-volume\n  projected:\n    sources:\n" + "".join(
        ("    - " if n == 0 else "      ") + line for n, line in enumerate(source.splitlines(keepends=True))))

CASES = [
    # TestValidateVolumes
    *cases(f"{V}/valid alphanum name", spec(volume("emptyDir: {}", "empty-123"))),
    *cases(f"{V}/image volume with empty name",
           spec(f"- name: ''  {R}\n  image: {{reference: 'quay.io/my/artifact:v1', pullPolicy: IfNotPresent}}\n")),
    *cases(f"{V}/empty tenant quobyte",
           spec(volume("quobyte: {registry: 'registry:7861', volume: /test, tenant: ''}\n"))),
    *cases(f"{V}/ProjectedVolumeSource more than one projection in a source (the second source's name)",
           spec(volume(f"projected:\n  sources:\n  - secret: {{name: foo}}\n  - secret: {{name: foo}}  {R}\n"
                       "    downwardAPI: {}\n", "projected-volume"))),
    *cases(f"{V}/HugePages medium for EmptyDir", spec(volume("emptyDir: {medium: HugePages}\n", "working"))),
    # TestValidatePod: projections and ephemeral volumes
    *cases(f"{PV}/valid ClusterTrustBundlePEM projected volume referring to a CTB by name",
           projected("clusterTrustBundle: {path: foo-path, name: foo}\n")),
    *cases(f"{PV}/valid ClusterTrustBundlePEM projected volume referring to a CTB by signer name",
           projected("clusterTrustBundle: {path: foo-path, signerName: example.com/foo, "
                     "labelSelector: {matchLabels: {version: live}}}\n")),
    *cases(f"{PV}/ClusterTrustBundlePEM projected volume using both byName and bySigner",
           projected(f"clusterTrustBundle:\n  path: foo-path\n  signerName: example.com/foo  {R}\n"
                     "  labelSelector: {matchLabels: {version: live}}\n  name: foo\n")),
    *cases(f"{PV}/ClusterTrustBundlePEM projected volume byName with no name",
           projected(f"clusterTrustBundle:\n  path: foo-path\n  name: ''  {R}\n")),
    *cases(f"{PV}/ClusterTrustBundlePEM projected volume bySigner with no signer name",
           projected(f"clusterTrustBundle:\n  path: foo-path\n  signerName: ''  {R}\n"
                     "  labelSelector: {matchLabels: {foo: bar}}\n")),
    *cases(f"{PV}/ClusterTrustBundlePEM projected volume bySigner with invalid signer name",
           projected(f"clusterTrustBundle:\n  path: foo-path\n  signerName: example.com/foo/invalid  {R}\n")),
    *cases("validateProjectionSources/clusterTrustBundle by signer name with an invalid labelSelector",
           projected("clusterTrustBundle:\n  path: foo-path\n  signerName: example.com/foo\n  labelSelector:\n"
                     f"    matchLabels:\n      'not a key': live  {R}\n")),
    *cases("validateProjectionSources/clusterTrustBundle by signer name with a selector on every operator",
           projected("clusterTrustBundle:\n  path: foo-path\n  signerName: example.com/foo\n  labelSelector:\n"
                     "    matchExpressions: [{key: a, operator: Exists}, {key: b, operator: NotIn, values: [x]}]\n")),
    Case(f"{PV}/valid serviceaccount token projected volume with serviceaccount name specified",
         wrap("Pod", "serviceAccountName: some-service-account\n"
              + projected("serviceAccountToken: {audience: foo-audience, expirationSeconds: 6000, path: foo-path}\n"))),
    Case(f"{PV}/ephemeral volume + PVC, no conflict between them",
         named_pod("valid-extended", spec(f"- {{name: pvc, persistentVolumeClaim: {{claimName: my-pvc}}}}\n"
                                          f"- {{name: ephemeral, ephemeral: {CLAIM}}}\n"))),
    Case(f"{PV}/final PVC name for ephemeral volume must be valid",
         named_pod("a" * 200, spec(f"- {{name: pvc, persistentVolumeClaim: {{claimName: my-pvc}}}}\n"
                                   f"- name: {'b' * 60}  {R}\n  ephemeral: {CLAIM}\n"))),
    Case(f"{PV}/PersistentVolumeClaimVolumeSource must not reference a generated PVC",
         named_pod("123", spec("- name: pvc-volume\n  persistentVolumeClaim:\n"
                               f"    claimName: 123-ephemeral-volume  {R}\n"
                               f"- {{name: ephemeral-volume, ephemeral: {CLAIM}}}\n"))),
    # ValidatePersistentVolumeClaimSpec, through an ephemeral volume's claim template
    *cases("ValidatePersistentVolumeClaimSpec/invalid volumeAttributesClassName (1.34, VolumeAttributesClass GA)",
           spec(volume("ephemeral:\n  volumeClaimTemplate:\n    spec:\n      accessModes: [ReadWriteOnce]\n"
                       "      resources: {requests: {storage: 1Gi}}\n"
                       f"      volumeAttributesClassName: Not_A_Class  {R}\n"))),
    *cases("ValidatePersistentVolumeClaimSpec/volumeAttributesClassName not validated before 1.34",
           spec(volume("ephemeral:\n  volumeClaimTemplate:\n    spec:\n      accessModes: [ReadWriteOnce]\n"
                       "      resources: {requests: {storage: 1Gi}}\n      volumeAttributesClassName: Not_A_Class\n")),
           version="1.33"),
    *cases("ValidatePersistentVolumeClaimSpec/an empty volumeAttributesClassName",
           spec(volume("ephemeral:\n  volumeClaimTemplate:\n    spec:\n      accessModes: [ReadWriteOnce]\n"
                       "      resources: {requests: {storage: 1Gi}}\n      volumeAttributesClassName: ''\n"))),
    # TestValidateKeyToPath
    *cases(f"{K}/k p with mode 0644",
           spec(volume("secret: {secretName: s, items: [{key: k, path: p, mode: 0644}]}\n"))),
    *cases(f"{K}/empty path", spec(volume(f"secret:\n  secretName: s\n  items:\n  - key: k\n    path: ''  {R}\n"))),
    *cases(f"{K}/../p", spec(volume(f"secret:\n  secretName: s\n  items:\n  - key: k\n    path: ../p  {R}\n"))),
    *cases(f"{K}/p/../p", spec(volume(f"configMap:\n  name: c\n  items:\n  - key: k\n    path: p/../p  {R}\n"))),
    *cases(f"{K}/mode -1",
           spec(volume(f"configMap:\n  name: c\n  items:\n  - key: k\n    path: p\n    mode: -1  {R}\n"))),
    # TestValidateCSIVolumeSource
    *cases(f"{CSI}/driver name: ok dash only", spec(volume("csi: {driver: io-kubernetes-storage-csi-flex}\n"))),
    *cases(f"{CSI}/driver name: ok ending with number",
           spec(volume("csi: {driver: io.kubernetes.storage-csi.flex2}\n"))),
    *cases(f"{CSI}/driver name: invalid dot underscores",
           spec(volume(f"csi:\n  driver: io.kubernetes.storage_csi.flex  {R}\n"))),
    # TestValidateVolumeMounts
    *cases(f"{M}/successCase (the other mounts)", mounts("""\
        - {name: abc-123, mountPath: /baz}
        - {name: abc-123, mountPath: "F:", subPath: ""}
        - {name: "123", mountPath: /rro-nil, readOnly: true}
        - {name: "123", mountPath: /rro-enabled, readOnly: true, recursiveReadOnly: Enabled}
        """)),
    *cases(f"{M}/both exist in volumeDevice",
           mounts(f"- name: abc  {R}\n  mountPath: /mnt/exists\n", "- {name: abc, devicePath: /mnt/exists}\n")),
    *cases(f"{M}/subPath not allowed for image volume sources (absolute)",
           mounts(f"- name: image-volume\n  mountPath: /image-volume-err-1\n  subPath: /foo  {R}\n")),
    *cases("TestValidateSubpathMutuallyExclusive/subpath and subpathexpr not specified",
           mounts("- {name: abc-123, mountPath: /bab}\n")),
    # TestValidateMountPropagation
    *cases(f"{P}/implicitly non-privileged container + no propagation", mounts("- {name: '123', mountPath: /foo}\n")),
    *cases(f"{P}/explicitly non-privileged container + HostToContainer",
           mounts("- {name: '123', mountPath: /foo, mountPropagation: HostToContainer}\n",
                  extra="securityContext: {privileged: false}\n")),
    *cases(f"{P}/privileged container + HostToContainer",
           mounts("- {name: '123', mountPath: /foo, mountPropagation: HostToContainer}\n",
                  extra="securityContext: {privileged: true}\n")),
    *cases(f"{P}/privileged container + no propagation",
           mounts("- {name: '123', mountPath: /foo}\n", extra="securityContext: {privileged: true}\n")),
    # TestAlphaValidateVolumeDevices
    *cases(f"{D}/empty name", mounts("- {name: '123', mountPath: /x}\n", f"- name: ''  {R}\n  devicePath: /foo\n")),
    # The Go case fails on the name, which badVolumeMounts mount: ValidateVolumeDevices checks
    # devicePath for backsteps only, so a relative path alone is accepted.
    *cases(f"{D}/relative devicepath", mounts("- {name: abc-123, mountPath: /this/path/exists}\n",
                                              f"- name: abc-123  {R}\n  devicePath: baz\n")),
    *cases(f"{D}/relative devicepath alone", mounts("- {name: '123', mountPath: /x}\n",
                                                    "- {name: abc-123, devicePath: baz}\n")),
    *cases(f"{D}/name exists in volumemounts", mounts("- {name: abc, mountPath: /foo}\n",
                                                      f"- name: abc  {R}\n  devicePath: /baz\n")),
    *cases(f"{D}/both exist in volumemounts",
           mounts("- {name: abc, mountPath: /foo}\n- {name: abc-123, mountPath: /this/path/exists}\n",
                  f"- name: abc  {R}\n  devicePath: /this/path/exists\n")),
    # validateEphemeralContainers: subPath and subPathExpr are forbidden in ephemeral containers
    *cases("validateEphemeralContainers/VolumeMount.SubPathExpr",
           spec(volume("emptyDir: {}\n", "vol")) + "ephemeralContainers:\n- name: debug\n  image: busybox:1.36\n"
           f"  volumeMounts:\n  - name: vol\n    mountPath: /vol\n    subPathExpr: $(POD_NAME)  {R}\n", ("Pod",)),
    *cases(f"{D}/a device under a mount's path", mounts("- {name: '123', mountPath: /foo}\n",
                                                        "- {name: abc, devicePath: /foo/usr/share/test}\n")),
]


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_kubernetes_volume_cases(case):
    assert problem(case) is None
