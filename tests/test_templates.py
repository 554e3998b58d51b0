"""`{{ }}` in a document: where its structure holds one, the document is a Helm or Go template
and waits for its rendering; where a valid manifest holds one only as data (a Vault agent
template, a Datadog check, a block scalar another tool renders), the manifest is checked, and
only a finding on that text waits."""

from __future__ import annotations

import pytest
from workloads import wrap

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.findings import Severity
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.settings import Settings

BROKEN = ("containers:\n- name: web\n  image: nginx:1.27\n  imagePullPolcy: Always\n"
          "  livenessProbe:\n    exec: {command: ['true']}\n    successThreshold: 3\n")
"""Two errors the API server reports: a misspelt field and a liveness probe's threshold."""
VAULT = ("vault.hashicorp.com/agent-inject-template-db: |\n"
         "  {{- with secret \"database/creds/db-app\" -}}\n"
         "  postgres://{{ .Data.username }}:{{ .Data.password }}@db/app\n"
         "  {{- end -}}\n")
DATADOG = "ad.datadoghq.com/redis.checks: '{\"redisdb\": {\"instances\": [{\"port\": \"{{port}}\"}]}}'\n"


def findings(text: str) -> list:
    return Analyzer("file:///t.yaml").analyse(text, WorkspaceModel(), Settings()).findings


def annotated(kind: str, annotations: str, spec: str = BROKEN) -> str:
    """`spec` in a `kind` whose own metadata has these annotations."""
    lines = "".join("    " + line for line in annotations.splitlines(keepends=True))
    return wrap(kind, spec).replace("metadata:\n", "metadata:\n  annotations:\n" + lines, 1)


@pytest.mark.parametrize("kind", ["Pod", "Deployment", "StatefulSet", "CronJob"])
@pytest.mark.parametrize("annotations", [VAULT, DATADOG], ids=["vault-block", "datadog-quoted"])
def test_a_template_in_an_annotation_is_data(kind, annotations):
    rules = {f.rule for f in findings(annotated(kind, annotations))}
    assert "template" not in rules
    assert {"unknown-field", "probe-success-threshold"} <= rules


def test_a_template_in_a_block_scalar_is_data():
    found = findings(wrap("Pod", BROKEN.replace("  livenessProbe:", "  args:\n  - |\n    render {{ x }}\n"
                                                                     "  livenessProbe:")))
    assert {"unknown-field", "probe-success-threshold"} <= {f.rule for f in found}


def test_a_finding_on_templated_data_waits_for_the_rendering():
    text = wrap("Pod", "containers:\n- name: |-\n    web-{{ .suffix }}\n  image: nginx:1.27\n")
    [name] = findings(text)
    assert name.rule == "dns-label" and name.severity == Severity.INFO
    assert name.message.startswith("Not checked until its {{ }} template is rendered: ")


@pytest.mark.parametrize("spec", [
    "containers:\n- name: web\n  image: \"{{ .Values.image }}\"\n",
    "containers:\n- name: web\n  image: nginx:{{ .Values.tag }}\n",
    "containers:\n- name: {{ .Values.name }}\n  image: nginx:1.27\n",
    "{{- if .Values.web }}\ncontainers:\n- name: web\n  image: nginx:1.27\n{{- end }}\n",
], ids=["quoted-value", "plain-value", "flow-mapping", "does-not-parse"])
def test_a_template_in_the_structure_or_a_value_is_a_template(spec):
    """Helm's own templating: a value or a structure rendered from the chart's values."""
    assert [f.rule for f in findings(wrap("Deployment", spec))] == ["template"]


def test_aliases_of_an_annotation_do_not_cost_more_than_the_tree():
    """Each node is looked at once, whatever shares it (an alias bomb in a valid document)."""
    bomb = "x0: &a0 {k: \"{{ v }}\"}\n" + "".join(
        f"x{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]\n" for n in range(1, 12))
    text = wrap("Pod", "containers:\n- name: web\n  image: nginx:1.27\n") + "extra:\n" + "".join(
        "  " + line for line in bomb.splitlines(keepends=True))
    assert any(f.rule == "template" for f in findings(text))
