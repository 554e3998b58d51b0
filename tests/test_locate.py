"""Finding pod specs and the node under a cursor."""

from __future__ import annotations

import pytest
from workloads import KINDS, wrap

from pod_ls.kube.locate import POD_SPEC_PATHS, find_pod_specs, node_at
from pod_ls.yaml.parse import parse_stream


@pytest.mark.parametrize("kind", KINDS)
def test_pod_spec_of_every_kind(kind):
    [doc] = parse_stream(wrap(kind, "dnsPolicy: None\n", namespace="shop"))
    [ref] = find_pod_specs(doc)
    assert ref.kind == kind and ref.path == POD_SPEC_PATHS[kind]
    assert ref.spec.get("dnsPolicy").value == "None"
    assert ref.namespace == "shop"


def test_template_namespace_does_not_count():
    text = ("kind: Deployment\nmetadata:\n  namespace: real\nspec:\n  template:\n"
            "    metadata:\n      namespace: ignored\n    spec:\n      containers: []\n")
    [ref] = find_pod_specs(parse_stream(text)[0])
    assert ref.namespace == "real"


@pytest.mark.parametrize("text", [
    "kind: ConfigMap\ndata:\n  spec: x\n", "kind: Pod\nspec: 3\n", "- kind: Pod\n", "kind: [Pod]\n",
    "kind: Deployment\nspec:\n  template: null\n",
])
def test_no_pod_spec(text):
    assert find_pod_specs(parse_stream(text)[0]) == []


def test_node_at_keys_values_and_items():
    [doc] = parse_stream("spec:\n  containers:\n  - name: a\n    image: b\n")
    at = node_at(doc.root, (3, 5))
    assert at.path == ["spec", "containers", 0, "image"] and at.is_key
    at = node_at(doc.root, (3, 11))
    assert at.path == ["spec", "containers", 0, "image"] and not at.is_key and at.node.value == "b"
    assert node_at(doc.root, (0, 20)) is None
