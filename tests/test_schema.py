"""The bundled schema is what the generator makes, and the docs are what the registry says."""

from __future__ import annotations

import importlib.util
import json
import runpy

import pytest
from conftest import ROOT

from pod_ls.cli.rules_doc import render
from pod_ls.kube.schema import load_schema


@pytest.mark.skipif(importlib.util.find_spec("kubernetes_validate") is None,
                    reason="kubernetes-validate is not installed (pip install -e '.[schemas]')")
def test_bundled_schema_is_generated_not_edited():
    generator = runpy.run_path(str(ROOT / "schemas" / "generate.py"))
    bundled = json.loads((ROOT / "schemas" / "kubernetes.json").read_text())
    fresh = generator["generate"](bundled["kubernetesVersion"])
    assert fresh == bundled


def test_policy_data_names_real_fields():
    schema = load_schema()
    for key, policy in schema.policies.items():
        owner, name = key.rsplit(".", 1)
        assert name in schema.definitions[owner]["properties"], key
        assert set(policy) <= {"default", "note", "values", "onlyIn", "alsoInSince", "allowedByKind"}, key
        for kind, values in policy.get("allowedByKind", {}).items():
            assert kind in schema.kinds and set(values) <= set(policy["values"]), key
    for key in schema.map_keys:
        owner, name = key.rsplit(".", 1)
        assert name in schema.definitions[owner]["properties"], key
    for owner in schema.extra_required:
        assert owner in schema.definitions


def test_every_pod_spec_kind_has_a_schema():
    from pod_ls.kube.locate import POD_SPEC_PATHS

    schema = load_schema()
    for kind, path in POD_SPEC_PATHS.items():
        place = schema.walk(kind, path)
        assert place is not None and place.field["ref"] == "io.k8s.api.core.v1.PodSpec", kind


def test_rules_doc_is_up_to_date():
    assert (ROOT / "docs" / "rules.md").read_text() == render()
