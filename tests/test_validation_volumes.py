"""Volumes, projected files, mounts and devices: cases translated from Kubernetes'
pkg/apis/core/validation/validation_test.go (TestValidateVolumes, TestValidateKeyToPath,
TestValidateCSIVolumeSource, TestValidateVolumeMounts, TestValidateSubpathMutuallyExclusive,
TestValidateMountPropagation, TestAlphaValidateVolumeDevices, TestValidateEphemeralContainers),
and from the Go functions themselves where the test table has no case for a rule
(validateProjectionSources, validateEphemeralVolumeSource, ValidatePersistentVolumeClaimSpec).

A Go case that sets a field the v1 defaults fill in (a fieldRef's apiVersion) is written without
it: the API server defaults before it validates.
"""

from __future__ import annotations

import textwrap

import pytest
from validation_table import MARK, Case, case_ids, problem
from workloads import wrap

R = MARK
ACCEPT_KINDS = ("Pod", "Deployment", "Job")
REJECT_KINDS = ("Pod", "Deployment")


def spec(volumes: str, container: str = "") -> str:
    """A pod spec with one container carrying `container` and the `volumes` list (both at
    column 0)."""
    return ("containers:\n- name: c\n  image: nginx:1.27\n" + textwrap.indent(textwrap.dedent(container), "  ")
            + "volumes:\n" + textwrap.dedent(volumes))


def cases(source: str, pod_spec: str, kinds: tuple[str, ...] | None = None, version: str = "1.37") -> list[Case]:
    """The case in a Pod and in workload templates; a Job's template says restartPolicy: Never."""
    made = []
    for kind in kinds or (REJECT_KINDS if MARK in pod_spec else ACCEPT_KINDS):
        body = "restartPolicy: Never\n" + pod_spec if kind == "Job" else pod_spec
        made.append(Case(f"{source} ({kind})", wrap(kind, body), version))
    return made


def volume(source: str, name: str = "v") -> str:
    """A volumes list with one volume `name` whose source is `source` (written at column 0)."""
    return f"- name: {name}\n" + textwrap.indent(textwrap.dedent(source), "  ")


V = "TestValidateVolumes"
K = "TestValidateKeyToPath"
CSI = "TestValidateCSIVolumeSource"
M = "TestValidateVolumeMounts"
D = "TestAlphaValidateVolumeDevices"
P = "TestValidateMountPropagation"
PROJ = "validateProjectionSources"
EPH = "validateEphemeralVolumeSource"

# The volumes of TestValidateVolumeMounts and TestAlphaValidateVolumeDevices.
MOUNT_VOLUMES = """\
- name: abc
  persistentVolumeClaim: {claimName: testclaim1}
- name: abc-123
  persistentVolumeClaim: {claimName: testclaim2}
- name: "123"
  hostPath: {path: /foo/baz}
- name: ephemeral
  ephemeral:
    volumeClaimTemplate:
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 10G}}
- name: image-volume
  image: {reference: quay.io/my/artifact:v1, pullPolicy: IfNotPresent}
"""


def mounts(lines: str, devices: str = "", extra: str = "") -> str:
    """The mount-test pod spec whose container has these volumeMounts (and volumeDevices)."""
    container = "volumeMounts:\n" + textwrap.dedent(lines)
    if devices:
        container += "volumeDevices:\n" + textwrap.dedent(devices)
    return spec(MOUNT_VOLUMES, container + textwrap.dedent(extra))


CASES: list[Case] = [
    # TestValidateVolumes: names and sources.
    *cases(f"{V}/valid alpha name", spec(volume("emptyDir: {}", "empty"))),
    *cases(f"{V}/valid num name", spec(volume("emptyDir: {}", '"123"'))),
    *cases(f"{V}/valid numalpha name", spec(volume("emptyDir: {}", "123-empty"))),
    *cases(f"{V}/zero-length name", spec(f'- name: ""  {R}\n  emptyDir: {{}}\n')),
    *cases(f"{V}/name > 63 characters", spec(f"- name: {'a' * 64}  {R}\n  emptyDir: {{}}\n")),
    *cases(f"{V}/name has dots", spec(f"- name: a.b.c  {R}\n  emptyDir: {{}}\n")),
    *cases(f"{V}/name not a DNS label", spec(f"- name: 'Not a DNS label!'  {R}\n  emptyDir: {{}}\n")),
    *cases(f"{V}/more than one source", spec(volume(f"emptyDir: {{}}\nhostPath: {{path: /mnt/path}}  {R}\n"))),
    *cases(f"{V}/dupsCase", spec(f"- name: abc\n  emptyDir: {{}}\n- name: abc  {R}\n  emptyDir: {{}}\n")),
    *cases(f"{V}/no volume source (defaulted to emptyDir)", spec("- name: volume\n")),
    # HostPath
    *cases(f"{V}/default HostPath", spec(volume("hostPath:\n  path: /mnt/path\n  type: Directory\n"))),
    *cases(f"{V}/valid HostPath", spec(volume("hostPath:\n  path: /mnt/path\n  type: Socket\n"))),
    *cases(f"{V}/invalid HostPath", spec(volume(f"hostPath:\n  path: /mnt/path\n  type: invalid  {R}\n"))),
    *cases(f"{V}/invalid HostPath backsteps", spec(volume(f"hostPath:\n  path: /mnt/path/..  {R}\n"))),
    *cases("validateHostPathVolumeSource/empty path", spec(volume(f"hostPath:\n  path: ''  {R}\n"))),
    # Disks
    *cases(f"{V}/valid GcePersistentDisk",
           spec(volume("gcePersistentDisk: {pdName: my-PD, fsType: ext4, partition: 1}\n"))),
    *cases(f"{V}/valid AWSElasticBlockStore",
           spec(volume("awsElasticBlockStore: {volumeID: my-PD, fsType: ext4, partition: 1}\n"))),
    *cases("validateGCEPersistentDiskVolumeSource/partition over 255",
           spec(volume(f"gcePersistentDisk:\n  pdName: my-PD\n  partition: 256  {R}\n"))),
    # GitRepo
    *cases(f"{V}/valid GitRepo", spec(volume("gitRepo: {repository: my-repo, revision: hashstring, "
                                             "directory: target}\n"))),
    *cases(f"{V}/valid GitRepo in .", spec(volume("gitRepo: {repository: my-repo, directory: .}\n"))),
    *cases(f"{V}/valid GitRepo with .. in name", spec(volume("gitRepo: {repository: my-repo, directory: ..foo}\n"))),
    *cases(f"{V}/GitRepo starts with ../",
           spec(volume(f"gitRepo:\n  repository: foo\n  directory: ../dots/bar  {R}\n"))),
    *cases(f"{V}/GitRepo contains ..", spec(volume(f"gitRepo:\n  repository: foo\n  directory: dots/../bar  {R}\n"))),
    *cases(f"{V}/GitRepo absolute target",
           spec(volume(f"gitRepo:\n  repository: foo\n  directory: /abstarget  {R}\n"))),
    # ISCSI
    *cases(f"{V}/valid ISCSI", spec(volume("iscsi: {targetPortal: 127.0.0.1, iqn: 'iqn.2015-02.example.com:test', "
                                           "lun: 1, fsType: ext4}\n"))),
    *cases(f"{V}/valid IQN: eui format", spec(volume("iscsi: {targetPortal: 127.0.0.1, iqn: eui.0123456789ABCDEF, "
                                                     "lun: 1}\n"))),
    *cases(f"{V}/valid IQN: naa format",
           spec(volume("iscsi: {targetPortal: 127.0.0.1, iqn: naa.62004567BA64678D0123456789ABCDEF, lun: 1}\n"))),
    *cases(f"{V}/valid initiatorName",
           spec(volume("iscsi: {targetPortal: 127.0.0.1, iqn: 'iqn.2015-02.example.com:test', lun: 1, "
                       "initiatorName: 'iqn.2015-02.example.com:init'}\n", "iscsi"))),
    *cases(f"{V}/empty portal", spec(volume(f"iscsi:\n  targetPortal: ''  {R}\n  iqn: 'iqn.2015-02.example.com:test'\n"
                                            "  lun: 1\n"))),
    *cases(f"{V}/empty iqn", spec(volume(f"iscsi:\n  targetPortal: 127.0.0.1\n  iqn: ''  {R}\n  lun: 1\n"))),
    *cases(f"{V}/invalid IQN: iqn format",
           spec(volume(f"iscsi:\n  targetPortal: 127.0.0.1\n  iqn: 'iqn.2015-02.example.com:test;ls;'  {R}\n"
                       "  lun: 1\n"))),
    *cases(f"{V}/invalid IQN: eui format",
           spec(volume(f"iscsi:\n  targetPortal: 127.0.0.1\n  iqn: eui.0123456789ABCDEFGHIJ  {R}\n  lun: 1\n"))),
    *cases(f"{V}/invalid IQN: naa format",
           spec(volume(f"iscsi:\n  targetPortal: 127.0.0.1\n  iqn: naa.62004567BA_4-78D.123456789ABCDEF  {R}\n"
                       "  lun: 1\n"))),
    *cases(f"{V}/invalid initiatorName",
           spec(volume(f"iscsi:\n  targetPortal: 127.0.0.1\n  iqn: 'iqn.2015-02.example.com:test'\n  lun: 1\n"
                       f"  initiatorName: '2015-02.example.com:init'  {R}\n"))),
    *cases(f"{V}/empty secret (discovery CHAP)",
           spec(volume(f"iscsi:  {R}\n  targetPortal: 127.0.0.1\n  iqn: 'iqn.2015-02.example.com:test'\n  lun: 1\n"
                       "  chapAuthDiscovery: true\n"))),
    *cases(f"{V}/empty secret (session CHAP)",
           spec(volume(f"iscsi:  {R}\n  targetPortal: 127.0.0.1\n  iqn: 'iqn.2015-02.example.com:test'\n  lun: 1\n"
                       "  chapAuthSession: true\n"))),
    # Secret and ConfigMap
    *cases(f"{V}/valid Secret", spec(volume("secret: {secretName: my-secret}\n"))),
    *cases(f"{V}/valid Secret with defaultMode", spec(volume("secret: {secretName: my-secret, defaultMode: 0644}\n"))),
    *cases(f"{V}/valid Secret with projection and mode",
           spec(volume("secret:\n  secretName: my-secret\n  items: [{key: key, path: filename, mode: 0644}]\n"))),
    *cases(f"{V}/valid Secret with subdir projection",
           spec(volume("secret:\n  secretName: my-secret\n  items: [{key: key, path: dir/filename}]\n"))),
    *cases("validateSecretVolumeSource/missing secretName", spec(volume(f"secret:  {R}\n  optional: true\n"))),
    *cases(f"{V}/secret with missing path", spec(volume(f"secret:\n  secretName: s\n  items:\n  - key: key\n"
                                                        f"    path: ''  {R}\n"))),
    *cases(f"{V}/secret with leading ..", spec(volume(f"secret:\n  secretName: s\n  items:\n  - key: key\n"
                                                      f"    path: ../foo  {R}\n"))),
    *cases(f"{V}/secret with .. inside", spec(volume(f"secret:\n  secretName: s\n  items:\n  - key: key\n"
                                                     f"    path: foo/../bar  {R}\n"))),
    *cases(f"{V}/secret with invalid positive defaultMode",
           spec(volume(f"secret:\n  secretName: s\n  defaultMode: 01000  {R}\n"))),
    *cases(f"{V}/secret with invalid negative defaultMode",
           spec(volume(f"secret:\n  secretName: s\n  defaultMode: -1  {R}\n"))),
    *cases("validateSecretVolumeSource/decimal 644 meant as octal",
           spec(volume(f"secret:\n  secretName: s\n  defaultMode: 644  {R}\n"))),
    *cases(f"{V}/valid ConfigMap", spec(volume("configMap: {name: my-cfgmap}\n"))),
    *cases(f"{V}/valid ConfigMap with defaultMode", spec(volume("configMap: {name: my-cfgmap, defaultMode: 420}\n"))),
    *cases(f"{V}/valid ConfigMap with projection and mode",
           spec(volume("configMap:\n  name: my-cfgmap\n  items: [{key: key, path: filename, mode: 0644}]\n"))),
    *cases(f"{V}/valid ConfigMap with subdir projection",
           spec(volume("configMap:\n  name: my-cfgmap\n  items: [{key: key, path: dir/filename}]\n"))),
    *cases("validateConfigMapVolumeSource/missing name", spec(volume(f"configMap:  {R}\n  defaultMode: 0644\n"))),
    *cases(f"{V}/configmap with missing path", spec(volume(f"configMap:\n  name: c\n  items:\n  - key: key\n"
                                                           f"    path: ''  {R}\n"))),
    *cases(f"{V}/configmap with leading ..", spec(volume(f"configMap:\n  name: c\n  items:\n  - key: key\n"
                                                         f"    path: ../foo  {R}\n"))),
    *cases(f"{V}/configmap with .. inside", spec(volume(f"configMap:\n  name: c\n  items:\n  - key: key\n"
                                                        f"    path: foo/../bar  {R}\n"))),
    *cases(f"{V}/configmap with invalid positive defaultMode",
           spec(volume(f"configMap:\n  name: c\n  defaultMode: 01000  {R}\n"))),
    *cases(f"{V}/configmap with invalid negative defaultMode",
           spec(volume(f"configMap:\n  name: c\n  defaultMode: -1  {R}\n"))),
    # Network filesystems
    *cases(f"{V}/valid Glusterfs", spec(volume("glusterfs: {endpoints: host1, path: path}\n"))),
    *cases(f"{V}/empty hosts", spec(volume(f"glusterfs:\n  endpoints: ''  {R}\n  path: path\n"))),
    *cases(f"{V}/empty path", spec(volume(f"glusterfs:\n  endpoints: host\n  path: ''  {R}\n"))),
    *cases(f"{V}/valid Flocker -- datasetUUID",
           spec(volume("flocker: {datasetUUID: d846b09d-223d-43df-ab5b-d6db2206a0e4}\n"))),
    *cases(f"{V}/valid Flocker -- datasetName", spec(volume("flocker: {datasetName: datasetName}\n"))),
    *cases(f"{V}/both empty", spec(volume(f"flocker:  {R}\n  datasetName: ''\n"))),
    *cases(f"{V}/both specified", spec(volume(f"flocker:\n  datasetName: datasetName\n"
                                              f"  datasetUUID: d846b09d-223d-43df-ab5b-d6db2206a0e4  {R}\n"))),
    *cases(f"{V}/slash in flocker datasetName", spec(volume(f"flocker:\n  datasetName: foo/bar  {R}\n"))),
    *cases(f"{V}/valid RBD", spec(volume("rbd: {monitors: [foo], image: bar, fsType: ext4}\n"))),
    *cases(f"{V}/empty rbd monitors", spec(volume(f"rbd:\n  monitors: []  {R}\n  image: bar\n"))),
    *cases(f"{V}/empty image", spec(volume(f"rbd:\n  monitors: [foo]\n  image: ''  {R}\n"))),
    *cases(f"{V}/valid Cinder", spec(volume("cinder: {volumeID: 29ea5088-4f60-4757-962e-dba678767887}\n"))),
    *cases(f"{V}/valid CephFS", spec(volume("cephfs: {monitors: [foo]}\n"))),
    *cases(f"{V}/empty cephfs monitors", spec(volume(f"cephfs:\n  monitors: []  {R}\n"))),
    *cases("TestValidateNFSVolumeSource/abs path", spec(volume(f"nfs:\n  server: my-server\n  path: tmp  {R}\n"))),
    *cases("TestValidateNFSVolumeSource/missing server", spec(volume(f"nfs:\n  server: ''  {R}\n  path: /tmp\n"))),
    *cases(f"{V}/valid Quobyte", spec(volume("quobyte: {registry: 'registry:7861', volume: volume, user: root, "
                                             "group: root, tenant: ThisIsSomeTenantUUID}\n"))),
    *cases(f"{V}/empty tenant quobyte",
           spec(volume("quobyte: {registry: 'registry:7861', volume: /test, tenant: ''}\n"))),
    *cases(f"{V}/empty registry quobyte", spec(volume(f"quobyte:\n  registry: ''  {R}\n  volume: /test\n"))),
    *cases(f"{V}/wrong format registry quobyte", spec(volume(f"quobyte:\n  registry: registry7861  {R}\n"
                                                             "  volume: /test\n"))),
    *cases(f"{V}/wrong format multiple registries quobyte",
           spec(volume(f"quobyte:\n  registry: 'registry:7861,reg2'  {R}\n  volume: /test\n"))),
    *cases(f"{V}/empty volume quobyte", spec(volume(f"quobyte:\n  registry: 'registry:7861'\n  volume: ''  {R}\n"))),
    *cases(f"{V}/too long tenant quobyte",
           spec(volume(f"quobyte:\n  registry: 'registry:7861'\n  volume: /test\n  tenant: {'t' * 100}  {R}\n"))),
    # FC, FlexVolume, Azure, ScaleIO
    *cases(f"{V}/FC valid targetWWNs and lun", spec(volume("fc: {targetWWNs: [some_wwn], lun: 1, fsType: ext4}\n"))),
    *cases(f"{V}/FC valid wwids", spec(volume("fc: {wwids: [some_wwid], fsType: ext4}\n"))),
    *cases(f"{V}/FC empty targetWWNs and wwids", spec(volume(f"fc:  {R}\n  targetWWNs: []\n  lun: 1\n  wwids: []\n"))),
    *cases(f"{V}/FC invalid: both targetWWNs and wwids simultaneously",
           spec(volume(f"fc:\n  targetWWNs: [some_wwn]\n  lun: 1\n  wwids: [some_wwid]  {R}\n"))),
    *cases(f"{V}/FC valid targetWWNs and empty lun", spec(volume(f"fc:\n  targetWWNs: [wwn]  {R}\n  fsType: ext4\n"))),
    *cases(f"{V}/FC valid targetWWNs and invalid lun", spec(volume(f"fc:\n  targetWWNs: [wwn]\n  lun: 256  {R}\n"))),
    *cases(f"{V}/valid FlexVolume", spec(volume("flexVolume: {driver: kubernetes.io/blue, fsType: ext4}\n"))),
    *cases("validateFlexVolumeSource/reserved option namespace",
           spec(volume(f"flexVolume:\n  driver: kubernetes.io/blue\n  options:\n    kubernetes.io/secret: x  {R}\n"))),
    *cases(f"{V}/valid AzureFile", spec(volume("azureFile: {secretName: key, shareName: share}\n"))),
    *cases(f"{V}/AzureFile empty secret", spec(volume(f"azureFile:\n  secretName: ''  {R}\n  shareName: share\n"))),
    *cases(f"{V}/AzureFile empty share", spec(volume(f"azureFile:\n  secretName: name\n  shareName: ''  {R}\n"))),
    *cases(f"{V}/valid AzureDisk", spec(volume("azureDisk: {diskName: foo, diskURI: 'https://blob/vhds/bar.vhd'}\n"))),
    *cases(f"{V}/AzureDisk empty disk name",
           spec(volume(f"azureDisk:\n  diskName: ''  {R}\n  diskURI: 'https://blob/vhds/bar.vhd'\n"))),
    *cases(f"{V}/AzureDisk empty disk uri", spec(volume(f"azureDisk:\n  diskName: foo\n  diskURI: ''  {R}\n"))),
    *cases(f"{V}/valid scaleio volume", spec(volume("scaleIO: {gateway: 'http://abcd/efg', system: test-system, "
                                                    "volumeName: test-vol-1, secretRef: {name: s}}\n"))),
    *cases(f"{V}/ScaleIO with empty name",
           spec(volume(f"scaleIO:\n  gateway: 'http://abcd/efg'\n  system: test-system\n"
                                                       f"  volumeName: ''  {R}\n  secretRef: {{name: s}}\n"))),
    *cases(f"{V}/ScaleIO with empty gateway", spec(volume(f"scaleIO:\n  gateway: ''  {R}\n  system: test-system\n"
                                                          "  volumeName: test-vol-1\n  secretRef: {name: s}\n"))),
    *cases(f"{V}/ScaleIO with empty system", spec(volume(f"scaleIO:\n  gateway: 'http://agc/efg/gateway'\n"
                                                         f"  system: ''  {R}\n  volumeName: test-vol-1\n"
                                                         "  secretRef: {name: s}\n"))),
    # DownwardAPI
    *cases(f"{V}/valid DownwardAPI", spec(volume("""\
        downwardAPI:
          items:
          - {path: labels, fieldRef: {fieldPath: metadata.labels}}
          - {path: labels with subscript, fieldRef: {fieldPath: "metadata.labels['key']"}}
          - {path: labels with complex subscript, fieldRef: {fieldPath: "metadata.labels['test.example.com/key']"}}
          - {path: annotations, fieldRef: {fieldPath: metadata.annotations}}
          - {path: annotations with complex subscript,
             fieldRef: {fieldPath: "metadata.annotations['TEST.EXAMPLE.COM/key']"}}
          - {path: namespace, fieldRef: {apiVersion: v1, fieldPath: metadata.namespace}}
          - {path: path/./withdot, fieldRef: {fieldPath: metadata.name}}
          - {path: path/with/embedded..dotdot, fieldRef: {fieldPath: metadata.uid}}
          - {path: path/with/leading/..dotdot, fieldRef: {fieldPath: metadata.labels}}
          - {path: cpu_limit, resourceFieldRef: {containerName: test-container, resource: limits.cpu}}
          - {path: memory_request, resourceFieldRef: {containerName: test-container, resource: requests.memory,
             divisor: 1Mi}}
        """))),
    *cases(f"{V}/hugepages-downwardAPI-enabled", spec(volume("""\
        downwardAPI:
          items:
          - {path: hugepages_request, resourceFieldRef: {containerName: test-container,
             resource: requests.hugepages-2Mi}}
          - {path: hugepages_limit, resourceFieldRef: {containerName: test-container, resource: limits.hugepages-2Mi}}
        """))),
    *cases(f"{V}/downapi valid defaultMode", spec(volume("downwardAPI: {defaultMode: 0644}\n"))),
    *cases(f"{V}/downapi valid item mode",
           spec(volume("downwardAPI:\n  items: [{mode: 0644, path: path, fieldRef: {fieldPath: metadata.labels}}]\n"))),
    *cases(f"{V}/downapi invalid positive item mode", spec(volume(f"""\
        downwardAPI:
          items:
          - mode: 01000  {R}
            path: path
            fieldRef: {{fieldPath: metadata.labels}}
        """))),
    *cases(f"{V}/downapi invalid negative item mode", spec(volume(f"""\
        downwardAPI:
          items:
          - mode: -1  {R}
            path: path
            fieldRef: {{fieldPath: metadata.labels}}
        """))),
    *cases(f"{V}/downapi empty metatada path", spec(volume(f"""\
        downwardAPI:
          items:
          - path: ''  {R}
            fieldRef: {{fieldPath: metadata.labels}}
        """))),
    *cases(f"{V}/downapi absolute path", spec(volume(f"""\
        downwardAPI:
          items:
          - path: /absolutepath  {R}
            fieldRef: {{fieldPath: metadata.labels}}
        """))),
    *cases(f"{V}/downapi dot dot path", spec(volume(f"""\
        downwardAPI:
          items:
          - path: ../../passwd  {R}
            fieldRef: {{fieldPath: metadata.labels}}
        """))),
    *cases(f"{V}/downapi dot dot file name", spec(volume(f"""\
        downwardAPI:
          items:
          - path: ..badFileName  {R}
            fieldRef: {{fieldPath: metadata.labels}}
        """))),
    *cases(f"{V}/downapi dot dot first level dirent", spec(volume(f"""\
        downwardAPI:
          items:
          - path: ..badDirName/goodFileName  {R}
            fieldRef: {{fieldPath: metadata.labels}}
        """))),
    *cases(f"{V}/downapi fieldRef and ResourceFieldRef together", spec(volume(f"""\
        downwardAPI:
          items:
          - path: test
            fieldRef: {{fieldPath: metadata.labels}}
            resourceFieldRef: {{containerName: test-container, resource: requests.memory}}  {R}
        """))),
    *cases(f"{V}/downapi invalid positive defaultMode", spec(volume(f"downwardAPI:\n  defaultMode: 01000  {R}\n"))),
    *cases(f"{V}/downapi invalid negative defaultMode", spec(volume(f"downwardAPI:\n  defaultMode: -1  {R}\n"))),
    *cases("validateDownwardAPIVolumeFile/field only env vars can read", spec(volume(f"""\
        downwardAPI:
          items:
          - path: node
            fieldRef:
              fieldPath: spec.nodeName  {R}
        """))),
    *cases("validateDownwardAPIVolumeFile/resourceFieldRef without containerName", spec(volume(f"""\
        downwardAPI:
          items:
          - path: cpu
            resourceFieldRef:  {R}
              resource: limits.cpu
        """))),
    *cases("validateContainerResourceDivisor/cpu divisor 1Mi", spec(volume(f"""\
        downwardAPI:
          items:
          - path: cpu
            resourceFieldRef:
              containerName: c
              resource: limits.cpu
              divisor: 1Mi  {R}
        """))),
    # Projected
    *cases(f"{V}/ProjectedVolumeSource more than one projection in a source", spec(volume(f"""\
        projected:
          sources:
          - secret: {{name: foo}}
          - secret: {{name: foo}}
            downwardAPI: {{}}  {R}
        """))),
    *cases(f"{V}/ProjectedVolumeSource more than one projection in a source (no names)", spec(volume(f"""\
        projected:
          sources:
          - secret: {{}}  {R}
        """))),
    *cases(f"{PROJ}/token, configMap and downward API files", spec(volume("""\
        projected:
          defaultMode: 0440
          sources:
          - serviceAccountToken: {path: token, expirationSeconds: 3600, audience: vault}
          - configMap: {name: ca, items: [{key: ca.crt, path: ca.crt}]}
          - downwardAPI: {items: [{path: namespace, fieldRef: {fieldPath: metadata.namespace}}]}
        """))),
    *cases(f"{PROJ}/serviceAccountToken expirationSeconds under 10 minutes", spec(volume(f"""\
        projected:
          sources:
          - serviceAccountToken:
              path: token
              expirationSeconds: 599  {R}
        """))),
    *cases(f"{PROJ}/serviceAccountToken absolute path", spec(volume(f"""\
        projected:
          sources:
          - serviceAccountToken:
              path: /var/token  {R}
        """))),
    *cases(f"{PROJ}/conflicting duplicate paths", spec(volume(f"""\
        projected:
          sources:
          - secret: {{name: a, items: [{{key: k, path: same}}]}}
          - configMap:
              name: b
              items:
              - key: k
                path: same  {R}
        """))),
    *cases(f"{PROJ}/clusterTrustBundle by signer name", spec(volume("""\
        projected:
          sources:
          - clusterTrustBundle: {signerName: example.com/my-signer, labelSelector: {}, path: bundle.pem}
        """))),
    *cases(f"{PROJ}/clusterTrustBundle with name and signerName", spec(volume(f"""\
        projected:
          sources:
          - clusterTrustBundle:
              name: foo
              signerName: example.com/my-signer  {R}
              path: bundle.pem
        """))),
    *cases(f"{PROJ}/clusterTrustBundle without name or signerName", spec(volume(f"""\
        projected:
          sources:
          - clusterTrustBundle:  {R}
              path: bundle.pem
        """))),
    # Image volumes
    *cases(f"{V}/valid image volume on pod",
           spec(volume("image: {reference: 'quay.io/my/artifact:v1', pullPolicy: IfNotPresent}\n", "image-volume"))),
    *cases(f"{V}/image volume with empty reference on pod",
           spec(volume(f"image:\n  reference: ''  {R}\n  pullPolicy: IfNotPresent\n", "image-volume")), ("Pod",)),
    *cases(f"{V}/image volume with empty reference on other object",
           spec(volume("image: {reference: '', pullPolicy: IfNotPresent}\n", "image-volume")), ("Deployment", "Job")),
    *cases(f"{V}/image volume with wrong pullPolicy",
           spec(volume(f"image:\n  reference: 'quay.io/my/artifact:v1'\n  pullPolicy: wrong  {R}\n", "image-volume"))),
    # TestValidateKeyToPath
    *cases(f"{K}/k p", spec(volume("secret: {secretName: s, items: [{key: k, path: p}]}\n"))),
    *cases(f"{K}/k p/p/p/p", spec(volume("secret: {secretName: s, items: [{key: k, path: p/p/p/p}]}\n"))),
    *cases(f"{K}/k p/..p/p../p..p", spec(volume("secret: {secretName: s, items: [{key: k, path: p/..p/p../p..p}]}\n"))),
    *cases(f"{K}/empty key", spec(volume(f"secret:\n  secretName: s\n  items:\n  - key: ''  {R}\n    path: p\n"))),
    *cases(f"{K}/..p", spec(volume(f"secret:\n  secretName: s\n  items:\n  - key: k\n    path: ..p  {R}\n"))),
    *cases(f"{K}/p/..", spec(volume(f"secret:\n  secretName: s\n  items:\n  - key: k\n    path: p/..  {R}\n"))),
    *cases(f"{K}/mode 01000", spec(volume(f"configMap:\n  name: c\n  items:\n  - key: k\n    path: p\n"
                                          f"    mode: 01000  {R}\n"))),
    # TestValidateCSIVolumeSource
    *cases(f"{CSI}/all required fields ok", spec(volume("csi: {driver: test-driver}\n"))),
    *cases(f"{CSI}/driver name: ok no punctuations", spec(volume("csi: {driver: comgooglestoragecsigcepd}\n"))),
    *cases(f"{CSI}/driver name: ok dot only", spec(volume("csi: {driver: io.kubernetes.storage.csi.flex}\n"))),
    *cases(f"{CSI}/driver name: ok beginning with number",
           spec(volume("csi: {driver: 2io.kubernetes.storage-csi.flex}\n"))),
    *cases(f"{CSI}/driver name: ok length 1", spec(volume("csi: {driver: a}\n"))),
    *cases(f"{CSI}/valid nodePublishSecretRef",
           spec(volume("csi: {driver: com.google.gcepd, nodePublishSecretRef: {name: foobar}}\n"))),
    *cases(f"{CSI}/missing driver name", spec(volume(f"csi:\n  driver: ''  {R}\n"))),
    *cases(f"{CSI}/driver name: invalid underscore",
           spec(volume(f"csi:\n  driver: io_kubernetes_storage_csi_flex  {R}\n"))),
    *cases(f"{CSI}/driver name: invalid dot dash underscores",
           spec(volume(f"csi:\n  driver: io.kubernetes-storage.csi_flex  {R}\n"))),
    *cases(f"{CSI}/driver name: invalid length > 63", spec(volume(f"csi:\n  driver: {'g' * 65}  {R}\n"))),
    *cases(f"{CSI}/driver name: invalid start char", spec(volume(f"csi:\n  driver: _comgooglestoragecsigcepd  {R}\n"))),
    *cases(f"{CSI}/driver name: invalid end char", spec(volume(f"csi:\n  driver: comgooglestoragecsigcepd/  {R}\n"))),
    *cases(f"{CSI}/driver name: invalid separators",
           spec(volume(f"csi:\n  driver: com/google/storage/csi~gcepd  {R}\n"))),
    *cases(f"{CSI}/nodePublishSecretRef: invalid name missing",
           spec(volume(f"csi:\n  driver: com.google.gcepd\n  nodePublishSecretRef:\n    name: ''  {R}\n"))),
    # emptyDir and ephemeral volumes
    *cases("TestAlphaLocalStorageCapacityIsolation/sizeLimit", spec(volume("emptyDir: {sizeLimit: 5Gi}\n"))),
    *cases("validateVolumeSource/negative emptyDir sizeLimit", spec(volume(f"emptyDir:\n  sizeLimit: -1Gi  {R}\n"))),
    *cases(f"{EPH}/ephemeral volume", spec(MOUNT_VOLUMES)),
    *cases(f"{EPH}/no volumeClaimTemplate", spec(volume(f"ephemeral:\n  volumeClaimTemplate:  {R}\n"))),
    *cases(f"{EPH}/no access modes", spec(volume(f"""\
        ephemeral:
          volumeClaimTemplate:
            spec:
              accessModes: []  {R}
              resources: {{requests: {{storage: 1Gi}}}}
        """))),
    *cases(f"{EPH}/no storage request", spec(volume(f"""\
        ephemeral:
          volumeClaimTemplate:
            spec:
              accessModes: [ReadWriteOnce]
              resources:
                requests:  {R}
                  cpu: "1"
        """))),
    *cases(f"{EPH}/ReadWriteOncePod with other modes", spec(volume(f"""\
        ephemeral:
          volumeClaimTemplate:
            spec:
              accessModes: [ReadWriteOncePod, ReadWriteMany]  {R}
              resources: {{requests: {{storage: 1Gi}}}}
        """))),
    *cases(f"{EPH}/template metadata name", spec(volume(f"""\
        ephemeral:
          volumeClaimTemplate:
            metadata:
              name: data  {R}
              labels: {{app: a}}
            spec:
              accessModes: [ReadWriteOnce]
              resources: {{requests: {{storage: 1Gi}}}}
        """))),
    # TestValidateVolumeMounts
    *cases(f"{M}/successCase", mounts("""\
        - {name: abc, mountPath: /foo}
        - {name: "123", mountPath: /bar}
        - {name: abc-123, mountPath: /baa, subPath: ""}
        - {name: abc-123, mountPath: /bab, subPath: baz}
        - {name: abc-123, mountPath: "d:", subPath: ""}
        - {name: abc-123, mountPath: 'G:\\mount'}
        - {name: abc-123, mountPath: /bac, subPath: .baz}
        - {name: abc-123, mountPath: /bad, subPath: ..baz}
        - {name: ephemeral, mountPath: /foobar}
        - {name: "123", mountPath: /rro-disabled, readOnly: true, recursiveReadOnly: Disabled}
        - {name: "123", mountPath: /rro-disabled-2, readOnly: false, recursiveReadOnly: Disabled}
        - {name: "123", mountPath: /rro-ifpossible, readOnly: true, recursiveReadOnly: IfPossible}
        - {name: "123", mountPath: /rro-enabled-2, readOnly: true, recursiveReadOnly: Enabled,
           mountPropagation: None}
        - {name: image-volume, mountPath: /image-volume}
        """)),
    *cases(f"{M}/empty name", mounts(f"- name: ''  {R}\n  mountPath: /foo\n")),
    *cases(f"{M}/empty mountpath", mounts(f"- name: abc\n  mountPath: ''  {R}\n")),
    *cases(f"{M}/mountpath collision", mounts(f"- {{name: abc, mountPath: /path/a}}\n- name: abc-123\n"
                                              f"  mountPath: /path/a  {R}\n")),
    *cases(f"{M}/absolute subpath", mounts(f"- name: abc\n  mountPath: /bar\n  subPath: /baz  {R}\n")),
    *cases(f"{M}/subpath in ..", mounts(f"- name: abc\n  mountPath: /bar\n  subPath: ../baz  {R}\n")),
    *cases(f"{M}/subpath contains ..", mounts(f"- name: abc\n  mountPath: /bar\n  subPath: baz/../bat  {R}\n")),
    *cases(f"{M}/subpath ends in ..", mounts(f"- name: abc\n  mountPath: /bar\n  subPath: ./..  {R}\n")),
    *cases(f"{M}/name exists in volumeDevice",
           mounts("- name: abc\n  mountPath: /bar\n", "- name: abc  " + R + "\n  devicePath: /mnt/exists\n")),
    *cases(f"{M}/mountpath exists in volumeDevice",
           mounts(f"- name: abc-123\n  mountPath: /mnt/exists  {R}\n", "- {name: abc, devicePath: /mnt/exists}\n")),
    *cases(f"{M}/rro but not ro", mounts(f"- name: '123'\n  mountPath: /rro-bad1\n  readOnly: false\n"
                                         f"  recursiveReadOnly: Enabled  {R}\n")),
    *cases(f"{M}/rro with incompatible propagation",
           mounts(f"- name: '123'\n  mountPath: /rro-bad2\n  readOnly: true\n  recursiveReadOnly: Enabled  {R}\n"
                  "  mountPropagation: HostToContainer\n")),
    *cases(f"{M}/rro-if-possible but not ro",
           mounts(f"- name: '123'\n  mountPath: /rro-bad1\n  recursiveReadOnly: IfPossible  {R}\n")),
    *cases(f"{M}/rro unsupported value",
           mounts(f"- name: '123'\n  mountPath: /rro\n  readOnly: true\n  recursiveReadOnly: Always  {R}\n")),
    *cases(f"{M}/rro but not ro, before RecursiveReadOnlyMounts is on",
           spec(volume("hostPath: {path: /foo/baz}\n"), "volumeMounts:\n- {name: v, mountPath: /rro, "
                "recursiveReadOnly: Enabled}\n"), version="1.30"),
    # From 1.33 (ImageVolume beta, kubernetes/kubernetes#130135) subPath works on image volumes.
    *cases(f"{M}/subPath not allowed for image volume sources",
           mounts(f"- name: image-volume\n  mountPath: /image-volume-err-1\n  subPath: foo  {R}\n"), version="1.32"),
    *cases(f"{M}/subPathExpr not allowed for image volume sources",
           mounts(f"- name: image-volume\n  mountPath: /image-volume-err-2\n  subPathExpr: $(POD_NAME)  {R}\n"),
           version="1.32"),
    *cases("kubernetes/kubernetes#130135: subPath on an image volume from 1.33",
           mounts("- name: image-volume\n  mountPath: /image-volume\n  subPath: foo\n"), version="1.33"),
    *cases("kubernetes/kubernetes#130135: subPathExpr on an image volume",
           mounts("- name: image-volume\n  mountPath: /image-volume\n  subPathExpr: $(POD_NAME)\n")),
    # TestValidateSubpathMutuallyExclusive
    *cases("TestValidateSubpathMutuallyExclusive/subpath expr specified",
           mounts("- {name: abc-123, mountPath: /bab, subPathExpr: $(POD_NAME)}\n")),
    *cases("TestValidateSubpathMutuallyExclusive/subpath specified",
           mounts("- {name: abc-123, mountPath: /bab, subPath: baz}\n")),
    *cases("TestValidateSubpathMutuallyExclusive/subpath and subpathexpr specified",
           mounts(f"- name: abc-123\n  mountPath: /bab\n  subPath: baz\n  subPathExpr: $(POD_NAME)  {R}\n")),
    *cases("ValidateVolumeMounts/absolute subPathExpr",
           mounts(f"- name: abc-123\n  mountPath: /bab\n  subPathExpr: /$(POD_NAME)  {R}\n")),
    # TestValidateMountPropagation
    *cases(f"{P}/implicitly non-privileged container + HostToContainer",
           mounts("- {name: '123', mountPath: /foo, mountPropagation: HostToContainer}\n")),
    *cases(f"{P}/non-privileged container + None",
           mounts("- {name: '123', mountPath: /foo, mountPropagation: None}\n")),
    *cases(f"{P}/implicitly non-privileged container + Bidirectional",
           mounts(f"- name: '123'\n  mountPath: /foo\n  mountPropagation: Bidirectional  {R}\n")),
    *cases(f"{P}/explicitly non-privileged container + Bidirectional",
           mounts(f"- name: '123'\n  mountPath: /foo\n  mountPropagation: Bidirectional  {R}\n",
                  extra="securityContext: {privileged: false}\n")),
    *cases(f"{P}/privileged container + Bidirectional",
           mounts("- {name: '123', mountPath: /foo, mountPropagation: Bidirectional}\n",
                  extra="securityContext: {privileged: true}\n")),
    *cases(f"{P}/privileged container + invalid mount propagation",
           mounts(f"- name: '123'\n  mountPath: /foo\n  mountPropagation: invalid  {R}\n",
                  extra="securityContext: {privileged: true}\n")),
    # TestAlphaValidateVolumeDevices
    *cases(f"{D}/successCase", mounts("- {name: '123', mountPath: /foofoo}\n",
                                      "- {name: abc, devicePath: /foo}\n"
                                      "- {name: abc-123, devicePath: /usr/share/test}\n"
                                      "- {name: ephemeral, devicePath: /disk}\n")),
    *cases(f"{D}/duplicate name", mounts("- {name: '123', mountPath: /x}\n",
                                         f"- {{name: abc, devicePath: /foo}}\n"
                                         f"- name: abc  {R}\n  devicePath: /foo/bar\n")),
    *cases(f"{D}/name not found", mounts("- {name: '123', mountPath: /x}\n",
                                         f"- name: not-found  {R}\n  devicePath: /usr/share/test\n")),
    *cases(f"{D}/name found but invalid source", mounts("- {name: abc, mountPath: /x}\n",
                                                        f"- name: '123'  {R}\n  devicePath: /usr/share/test\n")),
    *cases(f"{D}/empty devicepath", mounts("- {name: '123', mountPath: /x}\n",
                                           f"- name: abc\n  devicePath: ''  {R}\n")),
    *cases(f"{D}/duplicate devicepath", mounts("- {name: '123', mountPath: /x}\n",
                                               f"- {{name: abc, devicePath: /foo}}\n- name: abc-123\n"
                                               f"  devicePath: /foo  {R}\n")),
    *cases(f"{D}/no backsteps", mounts("- {name: '123', mountPath: /x}\n",
                                       f"- name: abc\n  devicePath: /baz/../  {R}\n")),
    *cases(f"{D}/path exists in volumemounts", mounts("- {name: abc-123, mountPath: /this/path/exists}\n",
                                                      f"- name: abc\n  devicePath: /this/path/exists  {R}\n")),
    # TestValidateEphemeralContainers
    *cases("TestValidateEphemeralContainers/Container uses disallowed field: VolumeMount.SubPath",
           spec(volume("emptyDir: {}\n", "vol")) + "ephemeralContainers:\n- name: debug\n  image: busybox:1.36\n"
           f"  volumeMounts:\n  - name: vol\n    mountPath: /vol\n    subPath: foo  {R}\n", ("Pod",)),
]


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_kubernetes_volume_cases(case):
    assert problem(case) is None


def test_octal_fix_for_a_decimal_mode():
    from pod_ls.analysis.analyzer import Analyzer
    from pod_ls.kube.links.workspace_model import WorkspaceModel
    from pod_ls.settings import Settings

    text = wrap("Pod", spec(volume("secret: {secretName: s, defaultMode: 644}\n")))
    [finding] = [f for f in Analyzer("file:///t.yaml").analyse(text, WorkspaceModel(), Settings()).findings
                 if f.rule == "volume-file-mode"]
    assert [edit.text for fix in finding.fixes for edit in fix.edits] == ["0644"]
