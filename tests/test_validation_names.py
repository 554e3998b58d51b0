"""Names and metadata cases translated from Kubernetes' validation tests: the object's metadata
(apimachinery's objectmeta_test.go: TestValidateObjectMeta*, TestValidateAnnotations,
TestValidateFinalizers*; meta/v1's TestValidateLabels), the Pod's (TestValidatePod in
pkg/apis/core/validation/validation_test.go: names, labels, validated annotations), and the
names of a pod spec (TestValidatePodSpec, TestValidatePodReadinessGates, container names).

Metadata cases run on a Pod and a Deployment's own metadata, pod spec cases in a Pod and a
Deployment's template. Where Go tests a value that kubectl or the v1 defaults fill in before
the API server sees it (an empty namespace), the case is an accept here, as the API server
sees a manifest."""

from __future__ import annotations

import textwrap

import pytest
from validation_table import Case, case_ids, problem
from workloads import wrap

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.findings import Severity
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.settings import Settings

C = "containers: [{name: c, image: 'nginx:1.27'}]\n"
KINDS = ("Pod", "Deployment")
NAMES = {"Pod": "p", "PodTemplate": "t", "ReplicationController": "r", "Deployment": "d", "ReplicaSet": "r",
         "DaemonSet": "d", "Job": "j", "CronJob": "c"}
SUBDOMAIN_NAMED = tuple(NAMES)


def with_metadata(kind: str, metadata: str | None, spec: str = C) -> str:
    """The object with its own metadata replaced by `metadata` (block YAML at column 0), or
    without metadata when it is None."""
    text = wrap(kind, spec)
    old = f"metadata:\n  name: {NAMES[kind]}\n"
    new = "" if metadata is None else "metadata:\n" + textwrap.indent(textwrap.dedent(metadata), "  ")
    return text.replace(old, new, 1)


def meta_cases(source: str, metadata: str | None, kinds: tuple[str, ...] = KINDS) -> list[Case]:
    return [Case(source, with_metadata(kind, metadata)) for kind in kinds]


def unnamed_cases(source: str) -> list[Case]:
    """Objects without metadata: the finding lands on `kind`, where the object begins."""
    return [Case(source, with_metadata(kind, None).replace(f"kind: {kind}\n", f"kind: {kind}  # <- rejected\n", 1))
            for kind in KINDS]


def spec_cases(source: str, spec: str, kinds: tuple[str, ...] = KINDS, version: str = "1.37") -> list[Case]:
    return [Case(source, wrap(kind, spec + C), version) for kind in kinds]


def pod_meta_cases(source: str, extra: str, spec: str = C) -> list[Case]:
    """`extra` (block YAML at column 0, under the Pods' metadata) in a Pod's own metadata and in a
    Deployment's template metadata, where ValidatePodTemplateSpec checks the same."""
    pod = with_metadata("Pod", "name: p\n" + extra, spec)
    template = wrap("Deployment", spec).replace(
        "      labels: {app: a}\n", "      labels: {app: a}\n" + textwrap.indent(extra, "      "), 1)
    return [Case(source, pod), Case(source, template)]


BIG = 256 * 1024
LABELS_OK = [("simple", "bar"), ("now-with-dashes", "bar"), ("1-starts-with-num", "bar"), ("'1234'", "bar"),
             ("simple/simple", "bar"), ("now-with-dashes/simple", "bar"), ("now-with-dashes/now-with-dashes", "bar"),
             ("now.with.dots/simple", "bar"), ("now-with.dashes-and.dots/simple", "bar"), ("1-num.2-num/3-num", "bar"),
             ("1234/5678", "bar"), ("1.2.3.4/5678", "bar"), ("UpperCaseAreOK123", "bar"), ("goodvalue", "123_-.BaR")]
ANNOTATION_KEYS_OK = ["simple", "now-with-dashes", "1-starts-with-num", "'1234'", "simple/simple",
                      "now-with-dashes/simple", "now-with-dashes/now-with-dashes", "now.with.dots/simple",
                      "now-with.dashes-and.dots/simple", "1-num.2-num/3-num", "1234/5678", "1.2.3.4/5678",
                      "UpperCase123"]
TOLERATIONS_OK = '[{"key": "foo", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 60}]'

OBJECT_META = [
    # TestValidatePod success and error cases on the name
    *meta_cases("TestValidatePod/basic fields", "name: '123'\n"),
    *meta_cases("TestValidatePod/just about everything (name)", "name: abc.123.do-re-mi\n"),
    *meta_cases("TestValidatePod/bad name", "name: ''  # <- rejected\n"),
    *meta_cases("TestValidatePod/bad name (metadata without a name)", "labels: {app: a}  # <- rejected\n"),
    *unnamed_cases("ValidateObjectMeta/name or generateName is required (no metadata)"),
    # TestValidateObjectMetaDeclaratively create cases
    *meta_cases("TestValidateObjectMetaDeclaratively/valid metadata", "name: valid-name\nnamespace: valid-ns\n"),
    *meta_cases("TestValidateObjectMetaDeclaratively/invalid name format", "name: invalid_name  # <- rejected\n"),
    *meta_cases("TestValidateObjectMetaDeclaratively/missing required namespace (filled in by kubectl)",
                "name: valid-name\nnamespace: ''\n"),
    *meta_cases("TestValidatePod/bad namespace (filled in by kubectl)", "name: '123'\nnamespace: ''\n"),
    *meta_cases("NameIsDNSSubdomain/uppercase name", "name: MyPod  # <- rejected\n", SUBDOMAIN_NAMED),
    *meta_cases("NameIsDNSSubdomain/254 characters", f"name: {'a' * 254}  # <- rejected\n"),
    *meta_cases("NameIsDNSSubdomain/253 characters", f"name: {'a' * 253}\n"),
    # TestValidateObjectMetaNamespaces
    *meta_cases("TestValidateObjectMetaNamespaces/foo.bar", "name: test\nnamespace: foo.bar  # <- rejected\n"),
    *meta_cases("TestValidateObjectMetaNamespaces/64 characters",
                f"name: test\nnamespace: {'a' * 64}  # <- rejected\n"),
    # generateName (TestValidateObjectMetaTrimsTrailingDash, TestValidateObjectMetaCustomName)
    *meta_cases("TestValidateObjectMetaTrimsTrailingDash/a generateName ending in a dash",
                "name: test\ngenerateName: foo-\n"),
    *meta_cases("TestValidateObjectMetaCustomName/valid name and generateName", "name: test\ngenerateName: test\n"),
    *meta_cases("ValidateObjectMeta/generateName alone (the name is generated)", "generateName: web-\n"),
    *meta_cases("TestValidateObjectMetaCustomName/invalid name, invalid generateName",
                "name: Invalid  # <- rejected\ngenerateName: Invalid\n"),
    *meta_cases("TestValidateObjectMetaCustomName/valid name, invalid generateName",
                "name: test\ngenerateName: -web-  # <- rejected\n"),
    *meta_cases("NameIsDNSSubdomain(prefix)/generated name no subdomain", "generateName: a.-  # <- rejected\n"),
    # TestValidateFinalizers*
    *meta_cases("TestValidateFinalizersUpdate/valid adding finalizers for objects not being deleted",
                "name: test\nfinalizers: [x/a, y/b]\n"),
    *meta_cases("validateKubeFinalizerName/standard finalizer names", "name: test\nfinalizers: [orphan, kubernetes]\n"),
    *meta_cases("TestValidateFinalizersPreventConflictingFinalizers/conflicting finalizers",
                "name: test\nfinalizers:  # <- rejected\n- orphan\n- foregroundDeletion\n"),
    *meta_cases("validateKubeFinalizerName/neither standard nor fully qualified",
                "name: test\nfinalizers:\n- my-finalizer  # <- rejected\n"),
    *meta_cases("ValidateFinalizerName/no qualified name",
                "name: test\nfinalizers:\n- example.com/a/b  # <- rejected\n"),
    # TestValidateObjectMetaOwnerReferences
    *meta_cases("TestValidateObjectMetaOwnerReferences/simple success - third party extension.",
                "name: test\nownerReferences:\n- {apiVersion: customresourceVersion, kind: customresourceKind, "
                "name: name, uid: '1'}\n"),
    *meta_cases("TestValidateObjectMetaOwnerReferences/simple success - apiVersion with no slashes",
                "name: test\nownerReferences:\n- {apiVersion: v1, kind: Pod, name: name, uid: '1'}\n"),
    *meta_cases("TestValidateObjectMetaOwnerReferences/simple controller ref success - one reference with "
                "Controller set",
                "name: test\nownerReferences:\n"
                "- {apiVersion: v, kind: k, name: name, uid: '1', controller: false}\n"
                "- {apiVersion: v, kind: k, name: name, uid: '2', controller: true}\n"
                "- {apiVersion: v, kind: k, name: name, uid: '3', controller: false}\n"
                "- {apiVersion: v, kind: k, name: name, uid: '4'}\n"),
    *meta_cases("TestValidateObjectMetaOwnerReferences/simple failures - event shouldn't be set as an owner",
                "name: test\nownerReferences:\n- apiVersion: v1\n  kind: Event  # <- rejected\n  name: name\n"
                "  uid: '1'\n"),
    *meta_cases("TestValidateObjectMetaOwnerReferences/simple failures - invalid apiVersion with too many slashes",
                "name: test\nownerReferences:\n- apiVersion: a/b/c  # <- rejected\n  kind: Pod\n  name: name\n"
                "  uid: '1'\n"),
    *meta_cases("TestValidateObjectMetaOwnerReferences/simple failures - invalid apiVersion with empty version",
                "name: test\nownerReferences:\n- apiVersion: foo/  # <- rejected\n  kind: Pod\n  name: name\n"
                "  uid: '1'\n"),
    *meta_cases("TestValidateObjectMetaOwnerReferences/simple controller ref failure - two references with "
                "Controller set",
                "name: test\nownerReferences:\n"
                "- {apiVersion: v, kind: k1, name: name, uid: '1', controller: false}\n"
                "- {apiVersion: v, kind: k2, name: name, uid: '2', controller: true}\n"
                "- {apiVersion: v, kind: k3, name: name, uid: '3', controller: true}  # <- rejected\n"
                "- {apiVersion: v, kind: k4, name: name, uid: '4'}\n"),
    *meta_cases("TestValidateObjectMetaDeclaratively/ownerReferences empty uid",
                "name: test\nownerReferences:\n- apiVersion: v1\n  kind: Pod\n  name: name\n"
                "  uid: ''  # <- rejected\n"),
    *meta_cases("TestValidateObjectMetaDeclaratively/ownerReferences empty name",
                "name: test\nownerReferences:\n- apiVersion: v1\n  kind: Pod\n  name: ''  # <- rejected\n"
                "  uid: uid-1\n"),
]

LABELS_AND_ANNOTATIONS = [
    # meta/v1 TestValidateLabels
    *[case for key, value in LABELS_OK
      for case in meta_cases(f"TestValidateLabels/success {key}: {value}", f"name: test\nlabels:\n  {key}: {value}\n")],
    *meta_cases("TestValidateLabels/nospecialchars^=@",
                "name: test\nlabels:\n  'nospecialchars^=@': bar  # <- rejected\n"),
    *meta_cases("TestValidateLabels/cantendwithadash-",
                "name: test\nlabels:\n  cantendwithadash-: bar  # <- rejected\n"),
    *meta_cases("TestValidateLabels/only/one/slash", "name: test\nlabels:\n  only/one/slash: bar  # <- rejected\n"),
    *meta_cases("TestValidateLabels/toolongvalue",
                f"name: test\nlabels:\n  toolongvalue: {'a' * 64}  # <- rejected\n"),
    *meta_cases("TestValidateLabels/backslashesinvalue",
                "name: test\nlabels:\n  backslashesinvalue: 'some\\bad\\value'  # <- rejected\n"),
    *meta_cases("TestValidateLabels/nocommasallowed",
                "name: test\nlabels:\n  nocommasallowed: bad,value  # <- rejected\n"),
    *meta_cases("TestValidatePod/bad label",
                "name: '123'\nlabels:\n  NoUppercaseOrSpecialCharsLike=Equals: bar  # <- rejected\n"),
    # TestValidateAnnotations
    *[case for key in ANNOTATION_KEYS_OK
      for case in meta_cases(f"TestValidateAnnotations/success {key}", f"name: test\nannotations:\n  {key}: bar\n")],
    *meta_cases("TestValidateAnnotations/uppercase prefix (keys are checked in lower case)",
                "name: test\nannotations:\n  Example.COM/Note: anything at all, even spaces\n"),
    *meta_cases("TestValidateAnnotations/nospecialchars^=@",
                "name: test\nannotations:\n  'nospecialchars^=@': bar  # <- rejected\n"),
    *meta_cases("TestValidateAnnotations/only/one/slash",
                "name: test\nannotations:\n  only/one/slash: bar  # <- rejected\n"),
    *meta_cases("TestValidateAnnotations/254 characters",
                f"name: test\nannotations:\n  {'a' * 254}: bar  # <- rejected\n"),
    *meta_cases("TestValidateAnnotations/just under the total size",
                f"name: test\nannotations:\n  a: {'b' * (BIG - 2)}\n"),
    *meta_cases("TestValidateAnnotations/total size exceeded",
                f"name: test\nannotations:  # <- rejected\n  a: {'b' * BIG}\n"),
    *meta_cases("TestValidateAnnotations/total size exceeded by two halves",
                f"name: test\nannotations:  # <- rejected\n  a: {'b' * (BIG // 2)}\n  c: {'d' * (BIG // 2)}\n"),
]

POD_ANNOTATIONS = [
    # TestValidatePod, ValidatePodSpecificAnnotations
    *pod_meta_cases("TestValidatePod/negative pod-deletion-cost",
                    "annotations: {controller.kubernetes.io/pod-deletion-cost: '-100'}\n"),
    *pod_meta_cases("TestValidatePod/positive pod-deletion-cost",
                    "annotations: {controller.kubernetes.io/pod-deletion-cost: '100'}\n"),
    *pod_meta_cases("TestValidatePod/invalid pod-deletion-cost",
                    "annotations:\n  controller.kubernetes.io/pod-deletion-cost: text  # <- rejected\n"),
    *pod_meta_cases("TestValidatePod/invalid leading zeros pod-deletion-cost",
                    "annotations:\n  controller.kubernetes.io/pod-deletion-cost: '008'  # <- rejected\n"),
    *pod_meta_cases("TestValidatePod/invalid leading plus sign pod-deletion-cost",
                    "annotations:\n  controller.kubernetes.io/pod-deletion-cost: '+10'  # <- rejected\n"),
    *pod_meta_cases("GetDeletionCostFromPodAnnotations/outside int32",
                    "annotations:\n  controller.kubernetes.io/pod-deletion-cost: '2147483648'  # <- rejected\n"),
    *pod_meta_cases("TestValidatePod/mirror-pod present without nodeName",
                    "annotations:\n  kubernetes.io/config.mirror: ''  # <- rejected\n"),
    *pod_meta_cases("TestValidatePod/mirror-pod populated without nodeName",
                    "annotations:\n  kubernetes.io/config.mirror: foo  # <- rejected\n"),
    *pod_meta_cases("ValidatePodSpecificAnnotations/mirror-pod with nodeName",
                    "annotations:\n  kubernetes.io/config.mirror: foo\n", spec="nodeName: node-1\n" + C),
    *pod_meta_cases("ValidateTolerationsInPodAnnotations/valid tolerations",
                    f"annotations:\n  scheduler.alpha.kubernetes.io/tolerations: '{TOLERATIONS_OK}'\n"),
    *pod_meta_cases("ValidateTolerationsInPodAnnotations/not JSON",
                    "annotations:\n  scheduler.alpha.kubernetes.io/tolerations: '[{key: foo'  # <- rejected\n"),
    *pod_meta_cases("ValidateTolerationsInPodAnnotations/value with Exists",
                    "annotations:\n  scheduler.alpha.kubernetes.io/tolerations: "
                    "'[{\"key\": \"foo\", \"operator\": \"Exists\", \"value\": \"bar\"}]'  # <- rejected\n"),
]

SPEC_NAMES = [
    # TestValidatePodSpec
    *spec_cases("TestValidatePodSpec/populate all fields",
                "initContainers: [{name: ictr, image: 'busybox:1.36'}]\nvolumes: [{name: vol, emptyDir: {}}]\n"
                "nodeSelector: {key: value}\nnodeName: foobar\nserviceAccountName: acct\n"),
    *spec_cases("TestValidatePodSpec/bad service account name", "serviceAccountName: invalidName  # <- rejected\n"),
    *spec_cases("Convert_v1_PodSpec_To_core_PodSpec/serviceAccount stands in for serviceAccountName",
                "serviceAccount: invalidName  # <- rejected\n"),
    *spec_cases("Convert_v1_PodSpec_To_core_PodSpec/serviceAccountName wins over serviceAccount",
                "serviceAccountName: acct\nserviceAccount: acct\n"),
    *spec_cases("TestValidatePodSpec/populate RuntimeClassName", "runtimeClassName: valid-sandbox\n"),
    *spec_cases("TestValidatePodSpec/bad RuntimeClassName", "runtimeClassName: invalid/sandbox  # <- rejected\n"),
    *spec_cases("ValidateRuntimeClassName/empty name", "runtimeClassName: ''  # <- rejected\n"),
    *spec_cases("TestValidatePodSpec/populate HostAliases",
                "hostAliases: [{ip: 12.34.56.78, hostnames: [host1, host2]}]\n"),
    *spec_cases("TestValidatePodSpec/populate HostAliases with `foo.bar` hostnames",
                "hostAliases: [{ip: 12.34.56.78, hostnames: [host1.foo, host2.bar]}]\n"),
    *spec_cases("TestValidatePodSpec/populate HostAliases with HostNetwork",
                "hostNetwork: true\ndnsPolicy: ClusterFirstWithHostNet\n"
                "hostAliases: [{ip: 12.34.56.78, hostnames: [host1.foo, host2.bar]}]\n"),
    *spec_cases("ValidateHostAliases/IPv6 address", "hostAliases: [{ip: '2001:db8::1', hostnames: [ipv6-host]}]\n"),
    *spec_cases("TestValidatePodSpec/with hostAliases with invalid IP",
                "hostAliases:\n- ip: 999.999.999.999  # <- rejected\n  hostnames: [host1, host2]\n"),
    *spec_cases("TestValidatePodSpec/with hostAliases with invalid hostname",
                "hostAliases:\n- ip: 12.34.56.78\n  hostnames:\n  - '@#$^#@#$'  # <- rejected\n"),
    # TestValidatePodReadinessGates
    *spec_cases("TestValidatePodReadinessGates/two readiness gates",
                "readinessGates:\n- conditionType: example.com/condition1\n- conditionType: example.com/condition2\n"),
    *spec_cases("TestValidatePodReadinessGates/invalid condition type",
                "readinessGates:\n- conditionType: invalid/condition/type  # <- rejected\n"),
    # hostname and subdomain (ValidatePodSpec validates them only when set)
    *spec_cases("ValidatePodSpec/empty hostname and subdomain are not validated", "hostname: ''\nsubdomain: ''\n"),
    *spec_cases("ValidatePodSpec/hostname must be a DNS label", "hostname: my.host  # <- rejected\n"),
    # container names (validateContainers, validateInitContainers)
    *[Case("TestValidatePodSpec/bad container (no name)",
           wrap(kind, "containers:\n- name: ''  # <- rejected\n  image: 'nginx:1.27'\n")) for kind in KINDS],
    *spec_cases("validateInitContainers/name taken by a regular container",
                "initContainers:\n- name: c  # <- rejected\n  image: 'busybox:1.36'\n"),
    *spec_cases("validateInitContainers/distinct names", "initContainers: [{name: init, image: 'busybox:1.36'}]\n"),
]

CASES = OBJECT_META + LABELS_AND_ANNOTATIONS + POD_ANNOTATIONS + SPEC_NAMES


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_case(case):
    assert problem(case) is None


def test_the_table_is_balanced():
    rejects = sum(c.rejected_line is not None for c in CASES)
    assert len(CASES) >= 80 and 0.35 < rejects / len(CASES) < 0.65


def test_an_ignored_service_account_is_a_warning_with_a_fix():
    text = wrap("Pod", "serviceAccountName: web\nserviceAccount: legacy\n" + C)
    [finding] = [f for f in Analyzer("file:///t.yaml").analyse(text, WorkspaceModel(), Settings()).findings
                 if f.rule == "deprecated-service-account"]
    assert finding.severity == Severity.WARNING and "'legacy' is ignored" in finding.message
    [fix] = finding.fixes
    assert "serviceAccount:" not in apply(text, fix)


def apply(text: str, fix) -> str:
    lines = text.splitlines(keepends=True)
    [edit] = fix.edits
    return "".join(lines[:edit.start[0]] + lines[edit.end[0]:])
