"""Environment variables: cases translated from Kubernetes' pkg/apis/core/validation/validation_test.go
(TestValidateEnv, TestRelaxedValidateEnv, TestValidateEnvFrom, TestRelaxedValidateEnvFrom,
TestLocalStorageEnvWithFeatureGate, TestHugePagesEnv), and from the Go functions where the
tables have no YAML-shaped case (validateObjectFieldSelector, validateDownwardAPIHostIPs,
validateContainerResourceFieldSelector, validateContainerResourceDivisor,
validateConfigMapKeySelector, validateSecretKeySelector).

The tables without AllowRelaxedEnvironmentVariableValidation run at Kubernetes 1.31, the last
version with the strict names; a fieldRef without apiVersion is accepted, as v1 defaults it.
"""

from __future__ import annotations

import textwrap

import pytest
from validation_table import MARK, Case, case_ids, problem
from workloads import wrap

R = MARK
STRICT = "1.31"
KINDS = ("Pod", "Deployment")


def app(fields: str) -> str:
    """A containers list with one container carrying `fields` (written at column 0)."""
    return "containers:\n- name: app\n  image: nginx:1.27\n" + textwrap.indent(textwrap.dedent(fields), "  ")


def cases(source: str, fields: str, version: str = "1.37", kinds: tuple[str, ...] = KINDS) -> list[Case]:
    return [Case(f"{source} ({kind})", wrap(kind, app(fields)), version) for kind in kinds]


def env(name: str, rest: str = "value: v", mark: str = "") -> str:
    return f"env:\n- name: {name}{mark}\n  {rest}\n"


def field_ref(path: str, mark: str = "", api: str = "v1") -> str:
    return (f"env:\n- name: abc\n  valueFrom:\n    fieldRef:\n      apiVersion: {api}\n"
            f"      fieldPath: \"{path}\"{mark}\n")


def resource_ref(resource: str, divisor: str = "", mark: str = "", divisor_mark: str = "") -> str:
    extra = f"\n      divisor: {divisor}{divisor_mark}" if divisor else ""
    return (f"env:\n- name: abc\n  valueFrom:\n    resourceFieldRef:\n      containerName: app\n"
            f"      resource: {resource}{mark}{extra}\n")


def key_ref(kind: str, name: str = "some-config-map", key: str = "some-key", name_mark: str = "",
            key_mark: str = "") -> str:
    name_line = f"      name: {name}{name_mark}\n" if name is not None else ""
    return f"env:\n- name: abc\n  valueFrom:\n    {kind}:\n{name_line}      key: {key}{key_mark}\n"


def env_from(body: str) -> str:
    return "envFrom:\n" + textwrap.indent(textwrap.dedent(body), "")


RELAXED_NAMES = ["'!\"#$%&''()'", "'* +,-./0123456789'", "':;<>?@'", "'[\\]^_`{}|~'"]

ENV = [
    # TestValidateEnv: successCase (strict names)
    *cases("TestValidateEnv/success names", "env:\n- {name: abc, value: value}\n- {name: ABC, value: value}\n"
           "- {name: AbC_123, value: value}\n- {name: abcd, value: ''}\n- {name: a.b.c, value: value}\n"
           "- {name: a-b-c, value: value}\n", STRICT),
    *[c for path in ("metadata.annotations['key']", "metadata.labels['key']", "metadata.name", "metadata.namespace",
                     "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.podIP",
                     "status.podIPs")
      for c in cases(f"TestValidateEnv/success fieldRef {path}", field_ref(path), STRICT)],
    *cases("TestValidateEnv/success secretKeyRef", key_ref("secretKeyRef", "some-secret", "secret-key"), STRICT),
    *cases("TestValidateEnv/success configMapKeyRef", key_ref("configMapKeyRef"), STRICT),
    # TestValidateEnv: updateSuccessCase (relaxed names) and updateErrorCase (strict)
    *[c for name in RELAXED_NAMES for c in cases(f"TestValidateEnv/relaxed name {name}", env(name))],
    *[c for name in RELAXED_NAMES for c in cases(f"TestValidateEnv/invalid name {name} before 1.32",
                                                  env(name, mark=f"  {R}"), STRICT)],
    # TestValidateEnv / TestRelaxedValidateEnv: errorCases
    *cases("TestValidateEnv/zero-length name", env("''", mark=f"  {R}")),
    *cases("TestRelaxedValidateEnv/illegal character", env("'=abc'", mark=f"  {R}")),
    *cases("TestValidateEnv/value and valueFrom specified",
           f"env:\n- name: abc\n  value: foo\n  valueFrom:  {R}\n"
           "    fieldRef: {apiVersion: v1, fieldPath: metadata.name}\n"),
    *cases("TestValidateEnv/valueFrom without a source", f"env:\n- name: abc\n  valueFrom: {{}}  {R}\n"),
    *cases("TestValidateEnv/valueFrom.fieldRef and valueFrom.secretKeyRef specified",
           "env:\n- name: abc\n  valueFrom:\n    fieldRef: {apiVersion: v1, fieldPath: metadata.name}\n"
           f"    secretKeyRef: {{name: a-secret, key: a-key}}  {R}\n"),
    *cases("TestValidateEnv/valueFrom.fieldRef and valueFrom.configMapKeyRef set",
           "env:\n- name: some_var_name\n  valueFrom:\n    fieldRef: {apiVersion: v1, fieldPath: metadata.name}\n"
           f"    configMapKeyRef: {{name: some-config-map, key: some-key}}  {R}\n"),
    *cases("TestValidateEnv/valueFrom with three sources",
           "env:\n- name: abc\n  valueFrom:\n    fieldRef: {apiVersion: v1, fieldPath: metadata.name}\n"
           f"    secretKeyRef: {{name: a-secret, key: a-key}}  {R}\n"
           "    configMapKeyRef: {name: some-config-map, key: some-key}\n"),
    *cases("TestValidateEnv/valueFrom.secretKeyRef.name invalid",
           key_ref("secretKeyRef", "'$%^&*#'", "a-key", name_mark=f"  {R}")),
    *cases("TestValidateEnv/valueFrom.configMapKeyRef.name invalid",
           key_ref("configMapKeyRef", "'$%^&*#'", name_mark=f"  {R}")),
    *cases("TestValidateEnv/missing FieldPath on ObjectFieldSelector",
           f"env:\n- name: abc\n  valueFrom:\n    fieldRef:  {R}\n      apiVersion: v1\n"),
    *cases("TestValidateEnv/missing APIVersion on ObjectFieldSelector (defaulted to v1)",
           "env:\n- name: abc\n  valueFrom:\n    fieldRef:\n      fieldPath: metadata.name\n"),
    *[c for path in ("metadata.whoops", "metadata.name['key']", "metadata.labels", "metadata.annotations",
                     "metadata.annotations['invalid~key']", "metadata.labels['Www.k8s.io/test']", "status.phase")
      for c in cases(f"TestValidateEnv/invalid fieldPath {path}", field_ref(path, f"  {R}"))],
    # TestRelaxedValidateEnv: successCase
    *cases("TestRelaxedValidateEnv/relaxed name from a label",
           field_ref("metadata.labels['key']").replace("name: abc", "name: '!\"#$%&''()'")),
    *cases("TestRelaxedValidateEnv/relaxed name from a ConfigMap",
           key_ref("configMapKeyRef").replace("name: abc", "name: ':;<>?@'")),
]

SOURCES = [
    # validateObjectFieldSelector and ConvertDownwardAPIFieldLabel
    *cases("validateObjectFieldSelector/apiVersion other than v1", field_ref("metadata.name", f"  {R}", api="v2")),
    *cases("validateObjectFieldSelector/spec.host is read as spec.nodeName", field_ref("spec.host")),
    *cases("validateObjectFieldSelector/annotation key checked lowercased",
           field_ref("metadata.annotations['My.Key']")),
    *cases("validateObjectFieldSelector/label key with a prefix",
           field_ref("metadata.labels['app.kubernetes.io/name']")),
    *cases("validateObjectFieldSelector/spec.restartPolicy is not for env", field_ref("spec.restartPolicy", f"  {R}")),
    *cases("validateDownwardAPIHostIPs/status.hostIPs before PodHostIPs",
           field_ref("status.hostIPs", f"  {R}"), "1.28"),
    *cases("validateDownwardAPIHostIPs/status.hostIPs from 1.29", field_ref("status.hostIPs"), "1.29"),
    # TestLocalStorageEnvWithFeatureGate, TestHugePagesEnv
    *cases("TestLocalStorageEnvWithFeatureGate/ephemeral-storage-limits", resource_ref("limits.ephemeral-storage")),
    *cases("TestLocalStorageEnvWithFeatureGate/ephemeral-storage-requests", resource_ref("requests.ephemeral-storage")),
    *cases("TestHugePagesEnv/hugepages-limits", resource_ref("limits.hugepages-2Mi")),
    *cases("TestHugePagesEnv/hugepages-requests", resource_ref("requests.hugepages-2Mi")),
    # validateContainerResourceFieldSelector and validateContainerResourceDivisor
    *cases("validateContainerResourceFieldSelector/unsupported resource", resource_ref("limits.nvidia.com/gpu",
                                                                                      mark=f"  {R}")),
    *cases("validateContainerResourceFieldSelector/empty resource", resource_ref("''", mark=f"  {R}")),
    *cases("validateContainerResourceDivisor/cpu divisor 1m", resource_ref("limits.cpu", "1m")),
    *cases("validateContainerResourceDivisor/cpu divisor 1Mi",
           resource_ref("limits.cpu", "1Mi", divisor_mark=f"  {R}")),
    *cases("validateContainerResourceDivisor/memory divisor 1Mi", resource_ref("requests.memory", "1Mi")),
    *cases("validateContainerResourceDivisor/memory divisor 1m", resource_ref("limits.memory", "1m",
                                                                             divisor_mark=f"  {R}")),
    *cases("validateContainerResourceDivisor/hugepages divisor 2", resource_ref("limits.hugepages-2Mi", "2",
                                                                               divisor_mark=f"  {R}")),
    # validateConfigMapKeySelector / validateSecretKeySelector
    *cases("validateConfigMapKeySelector/key with a space", key_ref("configMapKeyRef", key="'a b'", key_mark=f"  {R}")),
    *cases("validateConfigMapKeySelector/empty key", key_ref("configMapKeyRef", key="''", key_mark=f"  {R}")),
    *cases("validateSecretKeySelector/key starting with ..",
           key_ref("secretKeyRef", "s", "'..key'", key_mark=f"  {R}")),
    *cases("validateSecretKeySelector/dotted key", key_ref("secretKeyRef", "s", "tls.crt")),
    *cases("validateConfigMapKeySelector/no name",
           f"env:\n- name: abc\n  valueFrom:\n    configMapKeyRef:  {R}\n      key: some-key\n"),
]

ENV_FROM = [
    # TestValidateEnvFrom: successCase (strict) and updateSuccessCase (relaxed)
    *cases("TestValidateEnvFrom/success",
           env_from("- configMapRef: {name: abc}\n- prefix: pre_\n  configMapRef: {name: abc}\n"
                    "- prefix: a.b\n  secretRef: {name: abc}\n- secretRef: {name: abc}\n"), STRICT),
    *[c for prefix in RELAXED_NAMES[1:] + ["abcdefghijklmn"]
      for c in cases(f"TestValidateEnvFrom/relaxed prefix {prefix}",
                     env_from(f"- prefix: {prefix}\n  secretRef: {{name: abc}}\n"))],
    *cases("TestRelaxedValidateEnvFrom/prefix !\"#$%&'()",
           env_from(f"- prefix: {RELAXED_NAMES[0]}\n  configMapRef: {{name: abc}}\n")),
    # TestValidateEnvFrom: updateErrorCase (strict)
    *[c for prefix in RELAXED_NAMES
      for c in cases(f"TestValidateEnvFrom/invalid prefix {prefix} before 1.32",
                     env_from(f"- prefix: {prefix}  {R}\n  secretRef: {{name: abc}}\n"), STRICT)],
    # TestValidateEnvFrom / TestRelaxedValidateEnvFrom: errorCases
    *cases("TestRelaxedValidateEnvFrom/invalid prefix",
           env_from(f"- prefix: '=abc'  {R}\n  configMapRef: {{name: abc}}\n")),
    *cases("TestValidateEnvFrom/zero-length configMapRef name", env_from(f"- configMapRef: {{name: ''}}  {R}\n")),
    *cases("TestValidateEnvFrom/invalid configMapRef name", env_from(f"- configMapRef:\n    name: $  {R}\n")),
    *cases("TestValidateEnvFrom/zero-length secretRef name", env_from(f"- secretRef:\n    name: ''  {R}\n")),
    *cases("TestValidateEnvFrom/invalid secretRef name", env_from(f"- secretRef:\n    name: '&'  {R}\n")),
    *cases("TestValidateEnvFrom/no refs", env_from(f"- prefix: p_  {R}\n")),
    *cases("TestValidateEnvFrom/multiple refs",
           env_from(f"- secretRef: {{name: abc}}\n  configMapRef: {{name: abc}}  {R}\n")),
    *cases("TestValidateEnvFrom/invalid secret ref name", env_from(f"- secretRef:\n    name: '$%^&*#'  {R}\n")),
    *cases("TestValidateEnvFrom/invalid config ref name", env_from(f"- configMapRef:\n    name: '$%^&*#'  {R}\n")),
    *cases("validateConfigMapEnvSource/name with a trailing dash (a generated-name prefix)",
           env_from("- configMapRef: {name: abc-}\n")),
    *cases("validateSecretEnvSource/no name", env_from(f"- secretRef:  {R}\n    optional: true\n")),
]

CASES = ENV + SOURCES + ENV_FROM


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_env_validation(case):
    assert problem(case) is None


def test_the_table_is_balanced():
    rejects = sum(c.rejected_line is not None for c in CASES)
    assert len(CASES) >= 80 and abs(2 * rejects - len(CASES)) <= len(CASES) // 5
