"""Values read as kubectl's YAML 1.1 decoder reads them before the API server sees them."""

from __future__ import annotations

import pytest
from workloads import wrap

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.rules.values import integer
from pod_ls.settings import Settings
from pod_ls.yaml.parse import parse_document


@pytest.mark.parametrize(("written", "read"), [
    ("0", 0), ("7", 7), ("420", 420), ("0644", 420), ("0755", 493), ("-12", -12), ("+3", 3), ("1_000", 1000),
    ("0x1f", 31), ("-0x1f", -31), ("0b101", 5), ("'12'", None), ("12.5", None), ("true", None),
    # go-yaml v2 (sigs.k8s.io/yaml): ParseInt(text, 0, 64) after removing '_', no base 60
    ("0o17", 15), ("0O17", 15), ("0X1F", 31), ("0B101", 5), ("-0o7", -7), ("09", 9), ("08080", 8080),
    ("1:30", None), ("1:30:00", None),
])
def test_integers_as_kubectl_reads_them(written, read):
    document = parse_document(f"value: {written}\n")
    assert integer(document.root.get("value")) == read


@pytest.mark.parametrize(("written", "tag"), [
    ("1:30", "str"), ("190:20:30.15", "str"), ("=", "str"), ("0o644", "int"), ("0X1F", "int"), ("09", "float"),
    ("0b2", "str"), ("0x", "str"), ("1e3", "float"), ("y", "bool"), ("N", "bool"), ("0755", "int"),
    ("1_000", "int"), ("-.5", "float"), ("'0o17'", "str"), ("'1:30'", "str"), ("2001-12-14", "timestamp"),
])
def test_plain_scalars_are_typed_as_kubectl_types_them(written, tag):
    """kubectl decodes with go-yaml v2, not ruamel's YAML 1.1; both readers type alike, and a
    document the fast reader leaves to ruamel (the anchor) is typed the same."""
    for text in (f"value: {written}\n", f"value: {written}\nother: [&a 1, *a]\n"):
        assert parse_document(text).root.get("value").tag == tag, text


@pytest.mark.parametrize(("kind", "spec", "bits"), [
    ("Deployment", "terminationGracePeriodSeconds: 99999999999999999999999999\n", 64),
    ("Pod", "priority: 2147483648\n", 32),
    ("Pod", "priority: -2147483649\n", 32),
    ("Job", "activeDeadlineSeconds: 9223372036854775808\n", 64),
])
def test_a_number_past_its_field_s_integer_is_refused(kind, spec, bits):
    """The API server decodes JSON into int32 and int64 fields: a number past them is refused
    before any validation (kubectl writes it as a float or a uint64)."""
    text = wrap(kind, spec + "containers:\n- name: a\n  image: nginx:1.27\n")
    found = [f for f in Analyzer("file:///n.yaml").analyse(text, WorkspaceModel(), Settings()).findings
             if f.rule == "wrong-type"]
    assert len(found) == 1 and f"{bits}-bit integer" in found[0].message


@pytest.mark.parametrize("spec", [
    "priority: 2147483647\n", "priority: -2147483648\n", "terminationGracePeriodSeconds: 9223372036854775807\n",
    "priority: 1.0e3\n", "priority: 0x7fffffff\n",
])
def test_a_number_at_its_field_s_bounds_is_accepted(spec):
    text = wrap("Pod", spec + "containers:\n- name: a\n  image: nginx:1.27\n")
    assert [f.rule for f in Analyzer("file:///n.yaml").analyse(text, WorkspaceModel(), Settings()).findings] == []
