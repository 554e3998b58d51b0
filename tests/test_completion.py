"""Completion from cursor-marked text (‸ is the cursor), in valid and half-typed YAML."""

from __future__ import annotations

import pytest
from conftest import split_cursor
from workloads import KINDS, wrap

from pod_ls.ide.completion.completion import complete
from pod_ls.kube.schema import load_schema
from pod_ls.yaml.parse import parse_stream, split_lines


def labels(marked: str) -> list[str]:
    text, line, column = split_cursor(marked)
    return [c.label for c in complete(split_lines(text), line, column, parse_stream(text), load_schema())]


def items(marked: str):
    text, line, column = split_cursor(marked)
    return complete(split_lines(text), line, column, parse_stream(text), load_schema())


POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"


def test_keys_on_a_blank_line_of_the_pod_spec():
    found = labels(POD + "  containers:\n  - name: a\n    image: b\n  ‸\n")
    assert {"dnsPolicy", "restartPolicy", "volumes", "initContainers"} <= set(found)
    assert "containers" not in found  # already present
    assert "image" not in found  # a container field, not a pod spec one


def test_keys_after_a_partial_key_in_half_typed_yaml():
    marked = POD + "  containers:\n    - name: a\n      image: b\n      livenessP‸\n  volumes: [\n"
    found = items(marked)
    assert "livenessProbe" in [c.label for c in found]
    probe = next(c for c in found if c.label == "livenessProbe")
    assert probe.replace_start == 6 and probe.insert_text.startswith("livenessProbe:\n        httpGet:")
    assert "restarts" in probe.documentation.lower() or "kills" in probe.documentation.lower()


def test_keys_in_a_new_list_item():
    found = labels(POD + "  containers:\n    - ‸\n")
    assert {"name", "image", "ports", "livenessProbe"} <= set(found)


def test_keys_already_present_in_the_item_are_not_offered():
    found = labels(POD + "  containers:\n    - name: a\n      ‸\n      image: b\n    - name: c\n      ports: []\n")
    assert "name" not in found and "image" not in found
    assert "ports" in found  # present only in the next item


def test_keys_under_a_compact_list():
    found = labels(POD + "  containers:\n  - name: a\n    livenessProbe:\n      ‸\n")
    assert {"httpGet", "successThreshold", "failureThreshold"} <= set(found)


@pytest.mark.parametrize("kind", KINDS)
def test_keys_in_every_workload(kind):
    text = wrap(kind, "containers:\n  - name: a\n    image: b\n    livenessProbe:\n      httpGet:\n        ‸\n")
    assert {"path", "port", "scheme", "httpHeaders"} <= set(labels(text))


def test_policy_values_after_the_colon():
    assert labels(POD + "  dnsPolicy: ‸\n") == ["ClusterFirst", "Default", "ClusterFirstWithHostNet", "None"]
    assert labels(POD + "  containers:\n    - name: a\n      imagePullPolicy: ‸\n") == [
        "IfNotPresent", "Always", "Never"]
    assert labels(POD + "  containers:\n    - name: a\n      ports:\n        - protocol: ‸\n") == [
        "TCP", "UDP", "SCTP"]
    probe = POD + "  containers:\n    - name: a\n      livenessProbe:\n        httpGet:\n          scheme: H‸\n"
    assert labels(probe) == ["HTTP", "HTTPS"]


def test_value_items_replace_what_is_typed():
    [item] = [c for c in items(POD + "  dnsPolicy: Clu‸\n") if c.label == "ClusterFirst"]
    assert item.replace_start == len("  dnsPolicy: ")
    assert "cluster DNS" in item.documentation


def test_restart_policy_values_depend_on_the_place():
    init = POD + "  initContainers:\n    - name: a\n      restartPolicy: ‸\n"
    assert labels(init) == ["Always", "OnFailure", "Never"]  # OnFailure and Never from 1.35
    assert labels(POD + "  restartPolicy: ‸\n") == ["Always", "OnFailure", "Never"]
    assert labels(wrap("Deployment", "restartPolicy: ‸\n")) == ["Always"]
    assert labels(wrap("Job", "restartPolicy: ‸\n")) == ["OnFailure", "Never"]
    assert labels(wrap("CronJob", "restartPolicy: ‸\n")) == ["OnFailure", "Never"]


def test_restart_policy_key_only_in_init_containers_before_1_35():
    def offered(marked: str, version: tuple[int, int]) -> bool:
        text, line, column = split_cursor(marked)
        found = complete(split_lines(text), line, column, parse_stream(text), load_schema(), version)
        return "restartPolicy" in [c.label for c in found]

    init, app = (POD + f"  {name}:\n    - name: a\n      ‸\n" for name in ("initContainers", "containers"))
    assert offered(init, (1, 34)) and offered(init, (1, 37))
    assert not offered(app, (1, 34)) and offered(app, (1, 35))


def test_volume_names_in_volume_mounts():
    text = POD + ("  containers:\n    - name: a\n      volumeMounts:\n        - name: ‸\n"
                  "  volumes:\n    - name: data\n      emptyDir: {}\n    - name: config\n"
                  "      configMap: {name: c}\n")
    assert labels(text) == ["data", "config"]


def test_named_ports_in_probe_port_while_the_line_is_broken():
    text = POD + ("  containers:\n    - name: a\n      ports:\n        - name: http\n          containerPort: 8080\n"
                  "        - name: metrics\n          containerPort: 9090\n"
                  "      livenessProbe:\n        httpGet:\n          port: ‸\n"
                  "    - name: b\n      ports: [{name: other, containerPort: 1}]\n")
    assert labels(text) == ["http", "metrics"]
    broken = text.replace("port: ‸", "port: ‸\n  - : : [")
    assert labels(broken) == ["http", "metrics"]


def test_boolean_values():
    assert labels(POD + "  hostNetwork: ‸\n") == ["true", "false"]


def test_map_keys_under_resources():
    text = POD + "  containers:\n    - name: a\n      resources:\n        limits:\n          ‸\n"
    assert {"cpu", "memory"} <= set(labels(text))


@pytest.mark.parametrize("marked", [
    "kind: ConfigMap\ndata:\n  ‸\n",
    POD + "  containers:\n    - name: a\n      command:\n        - |\n          echo ‸\n",
    POD + "  containers:\n    - name: a\n      args: |\n        --flag\n        ‸\n",
    POD + "  # a comment ‸\n",
])
def test_no_completion_where_nothing_fits(marked):
    assert labels(marked) == []


def test_top_level_keys_of_a_pod():
    found = labels("apiVersion: v1\nkind: Pod\n‸\n")
    assert {"metadata", "spec"} <= set(found) and "kind" not in found and "status" not in found


KYAML = ('---\n{\n  apiVersion: "v1",\n  kind: "Pod",\n  spec: {\n    dnsPolicy: ‸DNS,\n    containers: [{\n'
         '      name: "app",\n      image: "nginx:1.27",\n      ‸KEY\n    }],\n  },\n}\n')


def _kyaml(dns: str, key: str) -> str:
    return KYAML.replace("‸DNS", dns).replace("‸KEY", key)


def test_flow_style_keys():
    found = labels(_kyaml("ClusterFirst", "livenessP‸"))
    assert "livenessProbe" in found and "name" not in found and "image" not in found
    found = labels(_kyaml("ClusterFirst", "‸"))
    assert "ports" in found and "name" not in found


def test_flow_style_values():
    assert labels(_kyaml("Clu‸", "")) == ["ClusterFirst", "Default", "ClusterFirstWithHostNet", "None"]
    [item] = [i for i in items(_kyaml('"Clu‸"', "")) if i.label == "ClusterFirst"]
    assert item.replace_start == len("    dnsPolicy: \"")


def test_single_line_flow_mapping():
    found = labels("{kind: Pod, spec: {containers: [{name: a, ima‸}]}}\n")
    assert "image" in found and "name" not in found
    assert "dnsPolicy" in labels("{kind: Pod, spec: {containers: [], ‸}}\n")


def test_flow_style_value_not_typed_yet():
    assert labels(_kyaml("‸", "")) == ["ClusterFirst", "Default", "ClusterFirstWithHostNet", "None"]


def test_keys_under_the_first_key_of_a_list_item():
    claim = "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  volumeClaimTemplates:\n    - metadata:\n        ‸\n"
    assert {"name", "labels"} <= set(labels(claim))
    env_from = POD + "  containers:\n    - name: a\n      envFrom:\n        - configMapRef:\n            ‸\n"
    assert set(labels(env_from)) == {"name", "optional"}
