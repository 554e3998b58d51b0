"""Hover from cursor-marked text (‸ is the cursor)."""

from __future__ import annotations

import pytest
from conftest import split_cursor
from workloads import KINDS, wrap

from pod_ls.ide.hover import hover
from pod_ls.kube.schema import load_schema
from pod_ls.yaml.parse import parse_stream, split_lines


def hover_at(marked: str):
    text, line, column = split_cursor(marked)
    return hover(split_lines(text), line, column, parse_stream(text), load_schema())


POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"


def test_field_hover_has_type_default_and_reference_note():
    found = hover_at(POD + "  restart‸Policy: Always\n  containers: []\n")
    assert found.markdown.startswith("**restartPolicy** `string` · default `Always`")
    assert "10s, 20s, 40s" in found.markdown and "5 minutes" in found.markdown
    assert (found.start, found.end) == ((5, 2), (5, 15))


def test_policy_value_hover_explains_the_value():
    found = hover_at(POD + "  dnsPolicy: ClusterF‸irst\n")
    assert "**dnsPolicy:** `ClusterFirst`" in found.markdown
    assert "cluster DNS" in found.markdown
    assert (found.start, found.end) == ((5, 13), (5, 25))


@pytest.mark.parametrize(("marked", "expected"), [
    ("  containers:\n  - name: a\n    resources:\n      limits:\n        mem‸ory: 1Gi\n", "OOMKilled"),
    ("  containers:\n  - name: a\n    resources:\n      limits:\n        cp‸u: 1\n", "throttled"),
    ("  containers:\n  - name: a\n    livenessProbe:\n      successThresh‸old: 1\n", "default `1`"),
    ("  containers:\n  - name: a\n    livenessProbe:\n      periodSec‸onds: 1\n", "default `10`"),
    ("  containers:\n  - name: a\n    imagePullPolicy: Alw‸ays\n", ":latest"),
    ("  containers:\n  - name: a\n    ports:\n    - protocol: UD‸P\n", "User Datagram"),
    ("  containers:\n  - name: a\n    securityContext:\n      allowPrivilegeEscal‸ation: false\n",
     "parent"),
    ("  securityContext:\n    seccompProfile:\n      type: RuntimeDef‸ault\n", "baseline"),
    ("  volumes:\n  - name: v\n    hostPath:\n      type: DirectoryOr‸Create\n", "0755"),
    ("  initContainers:\n  - name: a\n    restartPolicy: Alw‸ays\n", "sidecar"),
    ("  subdom‸ain: web\n", "headless Service"),
    ("  containers:\n  - name: a\n    resour‸ces: {}\n", "| BestEffort | No container sets any request"),
    ("  nodeSelector:\n    disk‸type: ssd\n", "an entry of `nodeSelector`"),
    ("  containers:\n  - name: a\n    resources:\n      limits:\n        nvidia.com/g‸pu: 1\n",
     "`quantity` · an entry of `limits`"),
])
def test_hover_texts_from_the_reference(marked, expected):
    assert expected in hover_at(POD + marked).markdown


@pytest.mark.parametrize("kind", KINDS)
def test_hover_in_every_workload(kind):
    found = hover_at(wrap(kind, "containers:\n  - name: a\n    image‸PullPolicy: Never\n"))
    assert found is not None and "**imagePullPolicy**" in found.markdown


def test_hover_on_a_label_key():
    found = hover_at("kind: Pod\nmetadata:\n  labels:\n    ap‸p: x\n")
    assert found.markdown.startswith("**app** `string` · an entry of `labels`")


def test_hover_positions_in_a_crlf_file():
    found = hover_at((POD + "  dnsPolicy: No‸ne\n").replace("\n", "\r\n"))
    assert (found.start, found.end) == ((5, 13), (5, 17))


def test_hover_on_workload_fields_outside_the_pod_spec():
    found = hover_at(wrap("Deployment", "containers: []\n").replace("  selector:", "  select‸or:"))
    assert "**selector**" in found.markdown


def test_hover_in_a_document_that_does_not_parse():
    found = hover_at(POD + "  dnsPol‸icy: None\n  containers: [\n")
    assert found is not None and "**dnsPolicy**" in found.markdown
    value = hover_at(POD + "  dnsPolicy: No‸ne\n  containers: [\n")
    assert "**dnsPolicy:** `None`" in value.markdown


@pytest.mark.parametrize("marked", [
    "kind: ConfigMap\nda‸ta:\n  a: b\n",
    POD + "  unknownFie‸ld: 1\n",
    POD + "  # comm‸ent\n",
    POD + "‸\n",
    "‸",
])
def test_no_hover_where_nothing_is_known(marked):
    assert hover_at(marked) is None


RESOURCES = "  containers:\n  - name: a\n    resources:\n      {kind}:\n        {name}: {value}\n"


@pytest.mark.parametrize(("name", "value", "reading"), [
    ("cpu", "0.‸5", "`0.5` = **500m** = 0.5 CPU cores"),
    ("cpu", "50‸0m", "`500m` = **0.5 CPU cores**"),
    ("cpu", "‸2", "`2` = **2000m** = 2 CPU cores"),
    ("cpu", "1e‸3", "`1e3` = **1000000m** = 1000 CPU cores"),
    ("cpu", "0.000‸1", "rounds this up to `1m`"),
    ("memory", "1G‸i", "`1Gi` = **1073741824 bytes** (1 Gi = 1.07 G)"),
    ("memory", "1e‸3", "`1e3` = **1000 bytes**"),
    ("memory", "100‸M", "`M` counts in powers of 1000; `100Mi` would be 104857600 bytes."),
    ("memory", "100M‸i", "`Mi` counts in powers of 1024; `100M` would be 100000000 bytes."),
    ("memory", "1024M‸i", "The API server writes it as `1Gi`."),
    ("memory", "50‸0m", "a fraction of a byte (`m` means thousandths"),
    ("ephemeral-storage", "‸2Gi", "`2Gi` = **2147483648 bytes**"),
    ("nvidia.com/gpu", "‸2", "`2` = **2**"),
    # Ki's decimal twin is k (there is no K), and the API server caps what passes 2^63-1
    ("memory", "512K‸i", "`Ki` counts in powers of 1024; `512k` would be 512000 bytes."),
    ("hugepages-2Mi", "0.5K‸i", "`0.5Ki` = **512 bytes**"),
    ("memory", "1e4‸00", "The API server writes it as `9223372036854775807`."),
    ("memory", "'1e99999999‸9'", "**9223372036854775807 bytes**"),
    ("memory", "1234567890123456789‸0Gi", "**9223372036854775807 bytes**"),
    ("cpu", "'1e-99999999‸9'", "rounds this up to `1m`"),
])
def test_hover_reads_a_quantity_out(name, value, reading):
    found = hover_at(POD + RESOURCES.format(kind="limits", name=name, value=value))
    assert found.markdown.startswith("`") and reading in found.markdown
    assert f"**{name}** `quantity`" in found.markdown  # the field's docs follow


def test_hover_on_a_quantity_in_flow_style_and_quotes():
    found = hover_at(POD + "  containers:\n  - name: a\n    resources: {requests: {cpu: \"25‸0m\", memory: 64Mi}}\n")
    assert found.markdown.startswith("`250m` = **0.25 CPU cores**")
    found = hover_at(POD + "  volumes:\n  - name: v\n    emptyDir: {sizeLimit: 1‸Gi}\n")
    assert found.markdown.startswith("`1Gi` = **1073741824 bytes**")


def test_hover_on_something_that_is_no_quantity_keeps_the_docs_only():
    found = hover_at(POD + RESOURCES.format(kind="limits", name="memory", value="1‸K"))
    assert found.markdown.startswith("**memory** `quantity`")
    assert hover_at(POD + RESOURCES.format(kind="limits", name="cp‸u", value="1")).markdown.startswith("**cpu**")


def test_hover_reads_a_quantity_in_yaml_that_does_not_parse():
    found = hover_at(POD + "  containers:\n  - name: a\n    resources:\n      limits:\n        memory: 2G‸i\n"
                     "    image: [\n")
    assert found is not None and found.markdown.startswith("`2Gi` = **2147483648 bytes**")
