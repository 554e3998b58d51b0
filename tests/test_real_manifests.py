"""Patterns from widely deployed projects' manifests that the API server accepts.

Each case is a minimal snippet written for this file after a pattern seen in a project's
released or example manifests (named in `project`; a few were found by reading the Go
validation next to them), with the Go function that accepts it
(`accepted_by`). pod-ls must report neither an error nor a warning on it: a finding on a
manifest that works is worse than a miss.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from lsp_helpers import open_and_wait
from lsprotocol import types
from pytest_lsp import LanguageClient

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.cli.main import main
from pod_ls.findings import Finding, Severity
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.kube.schema import load_schema
from pod_ls.settings import Settings


@dataclass(frozen=True)
class Pattern:
    id: str
    project: str
    """Where the pattern was seen."""
    accepted_by: str
    """The Kubernetes validation function that takes it."""
    yaml: str
    version: str = "1.37"


FROM_THE_GO_CODE = "none seen: found checking the schema's required fields against validation"


def pod(spec: str, name: str = "app") -> str:
    """A Pod manifest whose spec is `spec` (written at column 0)."""
    return (f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n"
            + textwrap.indent(textwrap.dedent(spec).strip("\n"), "  ") + "\n")


PATTERNS = [
    Pattern(
        "sysctl-without-value", "kyverno (test/conformance: a pod-security exclusion of sysctls)",
        "validateSysctls (pkg/apis/core/validation): checks a sysctl's name, never its value",
        pod("""
            securityContext:
              sysctls:
              - name: net.ipv4.ip_unprivileged_port_start
            containers:
            - name: web
              image: nginx:1.27
            """)),
    Pattern(
        "probe-header-without-value", FROM_THE_GO_CODE,
        "validateHTTPGetAction: IsHTTPHeaderName on each header's name; the value may be empty",
        pod("""
            containers:
            - name: web
              image: nginx:1.27
              readinessProbe:
                httpGet:
                  path: /healthz
                  port: 8080
                  httpHeaders:
                  - name: X-Health-Check
            """)),
    Pattern(
        "iscsi-without-lun", FROM_THE_GO_CODE,
        "validateISCSIVolumeSource: lun must be within 0-255, and an absent lun is 0",
        pod("""
            volumes:
            - name: disk
              iscsi:
                targetPortal: 10.0.2.15:3260
                iqn: iqn.2001-04.com.example:storage.kube.sys1.xyz
                fsType: ext4
            containers:
            - name: web
              image: nginx:1.27
              volumeMounts:
              - name: disk
                mountPath: /data
            """)),
    Pattern(
        "preferred-term-without-preference", FROM_THE_GO_CODE,
        "ValidatePreferredSchedulingTerms: checks the weight, and the preference's (empty) expressions",
        pod("""
            affinity:
              nodeAffinity:
                preferredDuringSchedulingIgnoredDuringExecution:
                - weight: 10
            containers:
            - name: web
              image: nginx:1.27
            """)),
    Pattern(
        "prestop-sleep-without-seconds", FROM_THE_GO_CODE,
        "validateSleepAction with AllowPodLifecycleSleepActionZeroValue (1.33+): 0 seconds is allowed",
        pod("""
            containers:
            - name: web
              image: nginx:1.27
              lifecycle:
                preStop:
                  sleep: {}
            """)),
]


def findings(pattern: Pattern) -> list[Finding]:
    settings = Settings.model_validate({"kubernetesVersion": pattern.version})
    found = Analyzer("file:///real.yaml").analyse(pattern.yaml, WorkspaceModel(), settings).findings
    return [f for f in found if f.severity in (Severity.ERROR, Severity.WARNING)]


@pytest.mark.parametrize("pattern", PATTERNS, ids=[p.id for p in PATTERNS])
def test_accepted_pattern_gets_no_error_or_warning(pattern: Pattern) -> None:
    assert findings(pattern) == [], f"{pattern.project}: accepted by {pattern.accepted_by}"


async def test_the_server_flags_none_of_the_patterns(client: LanguageClient) -> None:
    """All the patterns in one file, as an editor opens it, with one real warning beside them
    (an untagged image) to show the file was checked."""
    text = "---\n".join(p.yaml for p in PATTERNS) + "---\n" + pod("""
        containers:
        - name: web
          image: nginx
        """, name="untagged")
    diagnostics = await open_and_wait(client, "file:///tmp/pod-ls-tests/real.yaml", text)
    serious = [d for d in diagnostics if d.severity in (types.DiagnosticSeverity.Error,
                                                         types.DiagnosticSeverity.Warning)]
    assert [str(d.code) for d in serious] == ["image-tag"]


def test_a_sleep_without_seconds_is_still_zero_before_1_33() -> None:
    """Before the zero-second sleep was allowed, the absent value (0) is what the API refuses."""
    sleep = next(p for p in PATTERNS if p.id == "prestop-sleep-without-seconds")
    early = Pattern("early", "", "", sleep.yaml, version="1.32")
    assert [(f.rule, f.start[0]) for f in findings(early)] == [("lifecycle-hook", 10)]  # on `sleep`


def test_fields_accepted_absent_are_required_in_the_schema() -> None:
    """Each exception names a field the schema requires, else it excuses nothing."""
    schema = load_schema()
    for definition, names in schema.accepted_absent.items():
        assert set(names) <= set(schema.definitions[definition].get("required", [])), definition


PER_POD_SERVICES = """\
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: cache
spec:
  serviceName: cache
  replicas: 2
  selector:
    matchLabels: {app: cache}
  template:
    metadata:
      labels: {app: cache}
    spec:
      containers:
      - name: redis
        image: redis:7.2
---
apiVersion: v1
kind: Service
metadata:
  name: cache-0
spec:
  selector:
    app: cache
    statefulset.kubernetes.io/pod-name: cache-0
  ports:
  - port: 6379
"""


def test_a_service_for_one_statefulset_pod_selects_it() -> None:
    """argo-cd's HA install (a Service per redis-ha Pod): the StatefulSet controller's
    updateIdentity labels each Pod with statefulset.kubernetes.io/pod-name, which no template
    holds."""
    found = Analyzer("file:///real.yaml").analyse(PER_POD_SERVICES, WorkspaceModel(), Settings()).findings
    assert [f.rule for f in found if f.rule == "service-selects-nothing"] == []
    typo = PER_POD_SERVICES.replace("    app: cache\n    statefulset.kubernetes.io/pod-name: cache-0\n",
                                    "    app: cahce\n")
    found = Analyzer("file:///real.yaml").analyse(typo, WorkspaceModel(), Settings()).findings
    assert [f.rule for f in found if f.rule == "service-selects-nothing"] == ["service-selects-nothing"]


INDEXED_JOB = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: train
spec:
  completions: 2
  parallelism: 2
  completionMode: Indexed
  template:
    spec:
      subdomain: workers
      restartPolicy: Never
      containers:
      - name: worker
        image: python:3.12
"""


NON_INDEXED_JOB = INDEXED_JOB.replace("completionMode: Indexed", "completionMode: NonIndexed")


@pytest.mark.parametrize("text", [INDEXED_JOB, NON_INDEXED_JOB])
def test_an_indexed_job_names_its_pods_under_the_subdomain(text: str) -> None:
    """GoogleCloudPlatform/kubernetes-engine-samples' JAX and TPU Jobs: the Job controller's
    manageJob sets each Indexed Pod's hostname to <job>-<index>; a NonIndexed Job does not."""
    found = Analyzer("file:///real.yaml").analyse(text, WorkspaceModel(), Settings()).findings
    hints = [f.rule for f in found if f.rule == "subdomain-without-hostname"]
    assert hints == ([] if "completionMode: Indexed" in text else ["subdomain-without-hostname"])


ENVSUBST = pod("""
    serviceAccountName: $KSA_NAME
    containers:
    - name: server
      image: us-docker.pkg.dev/project/repo/server:1.0
      command: ["sh", "-c", "echo $(POD_NAME)"]
    """)


def test_an_envsubst_placeholder_is_information_until_substituted() -> None:
    """GoogleCloudPlatform/kubernetes-engine-samples (`serviceAccountName: $KSA_NAME`, applied
    through envsubst): the value is not wrong yet, only unknown."""
    found = Analyzer("file:///real.yaml").analyse(ENVSUBST, WorkspaceModel(), Settings()).findings
    names = [f for f in found if f.rule == "pod-names"]
    assert [f.severity for f in names] == [Severity.INFO], names
    written = Analyzer("file:///real.yaml").analyse(ENVSUBST.replace("$KSA_NAME", "Ksa_Name"), WorkspaceModel(),
                                                    Settings()).findings
    assert [f.severity for f in written if f.rule == "pod-names"] == [Severity.ERROR]


def test_a_dollar_in_a_shell_line_is_no_placeholder() -> None:
    """`args: "echo $HOME"` (a string, not a list) is refused as it is written: $HOME is the
    shell's, not a value substituted before the manifest is applied."""
    text = pod("""
        containers:
        - name: server
          image: busybox:1.36
          args: "echo $HOME"
        """)
    found = Analyzer("file:///real.yaml").analyse(text, WorkspaceModel(), Settings()).findings
    assert [(f.rule, f.severity) for f in found] == [("wrong-type", Severity.ERROR)]


def test_nano_and_micro_quantities_are_quantities() -> None:
    """None seen in a manifest, but `kubectl top` prints CPU as `250n`: apimachinery's
    newSuffixer (api/resource/suffix.go) takes n (10⁻⁹) and u (10⁻⁶) as decimal suffixes."""
    text = pod("""
        containers:
        - name: web
          image: nginx:1.27
          resources:
            requests:
              cpu: 250000000n
              memory: 64Mi
            limits:
              cpu: 500000u
        """)
    settings = Settings.model_validate({"kubernetesVersion": "1.37"})
    found = Analyzer("file:///real.yaml").analyse(text, WorkspaceModel(), settings).findings
    assert [(f.rule, f.message) for f in found] == []


def test_a_workload_count_in_octal_is_read_as_yaml_1_1_reads_it() -> None:
    """Found probing YAML 1.1 integers (kubectl's goyaml.v2 reads 010 as 8, -010 as -8): the
    workload field reader took them for Python literals and raised."""
    text = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: octal}
spec:
  replicas: 010
  revisionHistoryLimit: -010
  selector: {matchLabels: {app: octal}}
  template:
    metadata: {labels: {app: octal}}
    spec:
      containers: [{name: web, image: "nginx:1.27"}]
"""
    found = Analyzer("file:///real.yaml").analyse(text, WorkspaceModel(), Settings()).findings
    assert [(f.rule, f.message) for f in found] == [
        ("deployment-spec", "revisionHistoryLimit must be greater than or equal to 0 (got -8)")]


def test_a_whole_float_is_the_integer_kubectl_sends() -> None:
    """Helm renders big numbers from values as floats (`runAsUser: 1e+06`); kubectl's YAML to
    JSON conversion (sigs.k8s.io/yaml YAMLToJSON, then encoding/json) writes a whole float64 as
    an integer, so the API server decodes 1000000. A fraction stays refused."""
    text = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: floats}
spec:
  replicas: 2.0
  strategy: {rollingUpdate: {maxSurge: 1.0}}
  selector: {matchLabels: {app: floats}}
  template:
    metadata: {labels: {app: floats}}
    spec:
      securityContext: {runAsUser: 1e+06, fsGroup: 1e+06}
      terminationGracePeriodSeconds: 30.0
      containers:
      - name: web
        image: nginx:1.27
        ports: [{containerPort: 8080.0}]
"""
    found = Analyzer("file:///real.yaml").analyse(text, WorkspaceModel(), Settings()).findings
    assert [(f.rule, f.message) for f in found] == []
    half = Analyzer("file:///real.yaml").analyse(text.replace("30.0", "30.5"), WorkspaceModel(), Settings()).findings
    assert [f.rule for f in half] == ["wrong-type"]


def check_json(capsys, *args: str) -> list[dict]:
    with pytest.raises(SystemExit):
        main(["check", "--format", "json", *args])
    return [f for f in json.loads(capsys.readouterr().out) if f["severity"] in ("error", "warning")]


MANAGER_PATCH = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: controller-manager
  namespace: system
spec:
  template:
    spec:
      containers:
      - name: manager
        imagePullPolicy: {policy}
        args: ["--config=controller_manager_config.yaml"]
"""


def test_a_scaffolded_patch_listed_only_in_a_comment_is_a_patch(tmp_path: Path, capsys) -> None:
    """Kubebuilder's config/default (NVIDIA gpu-operator, Kong, k8ssandra, kubeflow's
    controllers, jobset, openkruise): `manager_config_patch.yaml` is listed as `#- ...` until the
    feature is turned on. Kustomize never sends it whole: PatchTransformer merges it into the base
    (GetById(patch.OrgId())), so the absent selector and image are the base's."""
    (tmp_path / "kustomization.yaml").write_text(
        "resources:\n- ../manager\n#patches:\n#- path: manager_config_patch.yaml\n")
    (tmp_path / "manager_config_patch.yaml").write_text(MANAGER_PATCH.format(policy="IfNotPresent"))
    assert check_json(capsys, str(tmp_path)) == []
    (tmp_path / "manager_config_patch.yaml").write_text(MANAGER_PATCH.format(policy="Sometimes"))
    assert [f["rule"] for f in check_json(capsys, str(tmp_path))] == ["invalid-value"]  # present: checked


def test_a_file_beside_a_kustomization_that_is_no_resource_of_it_is_a_patch(tmp_path: Path, capsys) -> None:
    """Kong's config/variants/postgres/kong-ingress-postgres.yaml: a partial Deployment beside a
    kustomization that lists other files as resources (its own copy is a component's patch).
    kustomize build reads only what the kustomization names, so it is never applied whole."""
    (tmp_path / "kustomization.yaml").write_text("resources:\n- postgres.yaml\n")
    (tmp_path / "kong-ingress.yaml").write_text(MANAGER_PATCH.format(policy="Always"))
    (tmp_path / "postgres.yaml").write_text(MANAGER_PATCH.format(policy="Always"))
    found = check_json(capsys, str(tmp_path))
    assert {Path(f["path"]).name for f in found} == {"postgres.yaml"}  # a resource: a whole object


def test_a_file_named_as_a_patch_is_one_without_a_kustomization(tmp_path: Path, capsys) -> None:
    """envoyproxy/gateway's test/e2e/remote_infra/sidecar-patch.yaml, applied with
    `kubectl patch --patch-file`: the API server merges it into the existing Deployment
    (strategic merge patch), so only what it holds is validated."""
    (tmp_path / "sidecar-patch.yaml").write_text(MANAGER_PATCH.format(policy="Always"))
    (tmp_path / "dispatcher.yaml").write_text(MANAGER_PATCH.format(policy="Always"))
    found = check_json(capsys, str(tmp_path))
    assert {Path(f["path"]).name for f in found} == {"dispatcher.yaml"}  # "patch" not a word of it


HELM_VALUES = """\
kind: DaemonSet
image:
  repository: quay.io/prometheus/snmp-exporter
  tag: ""
nodeSelector: {}
"""


def test_a_charts_values_file_that_names_its_kind_is_no_object() -> None:
    """prometheus-community's prometheus-snmp-exporter and fluent-bit charts choose their
    workload with a top-level `kind:` in values.yaml: Helm reads the file as values, it is never
    sent. A document with a kind but no apiVersion, metadata or spec is no object."""
    found = Analyzer("file:///values.yaml").analyse(HELM_VALUES, WorkspaceModel(), Settings()).findings
    assert [(f.rule, f.message) for f in found] == []
    named = HELM_VALUES + "metadata:\n  name: exporter\n"
    found = Analyzer("file:///exporter.yaml").analyse(named, WorkspaceModel(), Settings()).findings
    assert "unknown-field" in {f.rule for f in found}  # an object after all: checked
