"""The checks across files: keys a ConfigMap or Secret lacks, objects nowhere in the
workspace, Services that select no Pod; and where each must stay quiet."""

from __future__ import annotations

import pytest
from workloads import KINDS, wrap

from pod_ls.analysis.analyzer import Analyzer
from pod_ls.analysis.scan import objects_in_text
from pod_ls.findings import Severity
from pod_ls.kube.links.workspace_model import WorkspaceModel
from pod_ls.settings import Settings

LINK_RULES = {"missing-key", "missing-reference", "service-selects-nothing"}
CONTAINER = "containers:\n  - name: app\n    image: nginx:1.27\n"


def link_findings(text: str, *others: str, settings: Settings | None = None):
    model = WorkspaceModel()
    for n, other in enumerate(others):
        model.set(f"file:///w/other{n}.yaml", objects_in_text(other, f"file:///w/other{n}.yaml"))
    found = Analyzer("file:///w/pod.yaml").analyse(text, model, settings or Settings()).findings
    return [f for f in found if f.rule in LINK_RULES]


def config_map(name: str = "cfg", namespace: str | None = "shop", keys: str = "{a: '1', b: '2'}",
               kind: str = "ConfigMap") -> str:
    ns = f", namespace: {namespace}" if namespace else ""
    field = "stringData" if kind == "Secret" else "data"
    return f"apiVersion: v1\nkind: {kind}\nmetadata: {{name: {name}{ns}}}\n{field}: {keys}\n"


def env_from(key: str, source: str = "configMapKeyRef", optional: str = "") -> str:
    extra = f", optional: {optional}" if optional else ""
    return ("containers:\n  - name: app\n    image: nginx:1.27\n    env:\n      - name: V\n"
            f"        valueFrom:\n          {source}: {{name: cfg, key: {key}{extra}}}\n")


def cut(text: str, finding) -> str:
    return text.splitlines()[finding.start[0]][finding.start[1]:finding.end[1]]


@pytest.mark.parametrize("kind", KINDS)
def test_a_key_the_configmap_lacks_is_a_warning_on_the_key(kind):
    text = wrap(kind, env_from("c"), "shop")
    [hit] = link_findings(text, config_map())
    assert (hit.rule, hit.severity, cut(text, hit)) == ("missing-key", Severity.WARNING, "c")
    assert "ConfigMap 'cfg' has no key 'c'" in hit.message and "'a', 'b'" in hit.message


@pytest.mark.parametrize(("case", "spec", "other"), [
    ("key-present", env_from("a"), config_map()),
    ("optional", env_from("c", optional="true"), config_map()),
    ("other-namespace-only", env_from("c"), config_map(namespace="billing") + "---\n" + config_map("x")),
    ("keys-unknown", env_from("c"), "kind: ConfigMap\nmetadata: {name: cfg, namespace: shop}\n"),
    ("placeholder-key", env_from("${KEY}"), config_map()),
    ("overlay-adds-it", env_from("c"), config_map() + "---\n" + config_map(keys="{c: '3'}", namespace=None)),
    ("secret-key-present", env_from("b", "secretKeyRef"), config_map(kind="Secret")),
])
def test_keys_stay_quiet_where_they_may_be_there(case, spec, other):
    assert [f for f in link_findings(wrap("Deployment", spec, "shop"), other) if f.rule == "missing-key"] == []


def test_secret_and_volume_items_keys():
    spec = ("containers:\n  - name: app\n    image: nginx:1.27\nvolumes:\n"
            "  - name: s\n    secret:\n      secretName: cfg\n      items:\n        - {key: a, path: a}\n"
            "        - {key: nope, path: b}\n"
            "  - name: p\n    projected:\n      sources:\n"
            "        - configMap: {name: cfg, items: [{key: zz, path: z}]}\n")
    text = wrap("Pod", spec, "shop")
    hits = link_findings(text, config_map(kind="Secret"), config_map())
    assert sorted((h.rule, cut(text, h)) for h in hits) == [("missing-key", "nope"), ("missing-key", "zz")]


def pod_with_references() -> str:
    return wrap("Pod", "serviceAccountName: robot\nimagePullSecrets: [{name: pull}]\n"
                "containers:\n  - name: app\n    image: nginx:1.27\n    envFrom:\n      - configMapRef: {name: cfg}\n"
                "volumes:\n  - name: data\n    persistentVolumeClaim: {claimName: data}\n", "shop")


WORKSPACE_OF_EACH_KIND = "---\n".join([
    config_map("other"), config_map("other", kind="Secret"),
    "kind: ServiceAccount\nmetadata: {name: other, namespace: shop}\n",
    "kind: PersistentVolumeClaim\nmetadata: {name: other, namespace: shop}\n"])


def test_missing_objects_are_information_on_their_names():
    text = pod_with_references()
    hits = link_findings(text, WORKSPACE_OF_EACH_KIND)
    assert {(h.rule, h.severity, h.data["kind"], cut(text, h)) for h in hits} == {
        ("missing-reference", Severity.INFO, "ServiceAccount", "robot"),
        ("missing-reference", Severity.INFO, "Secret", "pull"),
        ("missing-reference", Severity.INFO, "ConfigMap", "cfg"),
        ("missing-reference", Severity.INFO, "PersistentVolumeClaim", "data")}


def test_the_settings_raise_or_silence_missing_references():
    raised = Settings.model_validate({"rules": {"missing-reference": "warning"}})
    assert {h.severity for h in link_findings(pod_with_references(), WORKSPACE_OF_EACH_KIND, settings=raised)} \
        == {Severity.WARNING}
    off = Settings.model_validate({"rules": {"missing-reference": "off"}})
    assert link_findings(pod_with_references(), WORKSPACE_OF_EACH_KIND, settings=off) == []


@pytest.mark.parametrize(("case", "spec", "other"), [
    ("all-there", "serviceAccountName: robot\n", "kind: ServiceAccount\nmetadata: {name: robot}\n---\n"
                                                 "kind: ServiceAccount\nmetadata: {name: x, namespace: shop}\n"),
    ("default-account", "serviceAccountName: default\n", WORKSPACE_OF_EACH_KIND),
    ("root-ca", "volumes:\n  - name: ca\n    configMap: {name: kube-root-ca.crt}\n", WORKSPACE_OF_EACH_KIND),
    ("optional", "volumes:\n  - name: c\n    configMap: {name: cfg, optional: true}\n", WORKSPACE_OF_EACH_KIND),
    ("none-of-the-kind", "serviceAccountName: robot\n", config_map()),
    ("placeholder", "serviceAccountName: ${SA}\n", WORKSPACE_OF_EACH_KIND),
])
def test_missing_references_stay_quiet(case, spec, other):
    text = wrap("Pod", spec + "containers:\n  - name: app\n    image: nginx:1.27\n", "shop")
    assert link_findings(text, other) == []


def test_a_statefulset_claim_template_replaces_the_volume_of_its_name():
    text = wrap("StatefulSet", "volumes:\n  - name: data\n    persistentVolumeClaim: {claimName: data}\n" + CONTAINER,
                "shop").replace("  serviceName: s\n", "  serviceName: s\n  volumeClaimTemplates:\n"
                                "    - metadata: {name: data}\n")
    assert link_findings(text, WORKSPACE_OF_EACH_KIND) == []
    assert [h.data["kind"] for h in link_findings(text.replace("{name: data}", "{name: other}"),
                                                  WORKSPACE_OF_EACH_KIND)] == ["PersistentVolumeClaim"]


def test_an_object_in_another_namespace_is_named_in_the_message():
    text = wrap("Pod", "serviceAccountName: robot\ncontainers:\n  - name: app\n    image: nginx:1.27\n", "shop")
    [hit] = link_findings(text, "kind: ServiceAccount\nmetadata: {name: robot, namespace: billing}\n---\n"
                                "kind: ServiceAccount\nmetadata: {name: x, namespace: shop}\n")
    assert "No ServiceAccount 'robot' in the workspace in namespace 'shop'" in hit.message
    assert "'billing'" in hit.message


SERVICE = "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {app: web}\n"


def test_a_service_that_selects_nothing_is_information_on_its_selector():
    [hit] = link_findings(SERVICE, wrap("Deployment", "containers: [{name: a, image: a}]\n", "shop"))
    assert (hit.rule, hit.severity, cut(SERVICE, hit)) == ("service-selects-nothing", Severity.INFO, "selector")
    assert "app=web" in hit.message


@pytest.mark.parametrize(("case", "service", "other"), [
    ("a-deployment", SERVICE, wrap("Deployment", "containers: [{name: a, image: a}]\n", "shop")
     .replace("{app: a}", "{app: web}")),
    ("a-pod", SERVICE, "kind: Pod\nmetadata: {name: p, labels: {app: web, x: y}}\nspec: {containers: []}\n"),
    ("no-selector", SERVICE.replace("  selector: {app: web}\n", "  clusterIP: None\n"), ""),
    ("empty-selector", SERVICE.replace("{app: web}", "{}"), ""),
    ("external-name", SERVICE + "  type: ExternalName\n", ""),
    ("placeholder", SERVICE.replace("web}", "${APP}}"), ""),
])
def test_services_stay_quiet_when_they_select_or_cannot_be_told(case, service, other):
    assert link_findings(service, *([other] if other else [])) == []


def test_what_the_file_itself_declares_counts_at_once():
    text = wrap("Pod", env_from("zz"), "shop") + "---\n" + config_map()
    [hit] = link_findings(text)
    assert hit.rule == "missing-key"
    fixed = link_findings(text.replace("{a: '1', b: '2'}", "{a: '1', zz: '2'}"))
    assert fixed == []


def test_findings_follow_the_other_file_when_it_changes():
    model = WorkspaceModel()
    other = "file:///w/cfg.yaml"
    model.set(other, objects_in_text(config_map(), other))
    analyzer = Analyzer("file:///w/pod.yaml")
    text = wrap("Pod", env_from("c"), "shop")
    assert [f.rule for f in analyzer.analyse(text, model, Settings()).findings] == ["missing-key"]
    model.set(other, objects_in_text(config_map(keys="{c: x}"), other))
    assert analyzer.analyse(text, model, Settings()).findings == []
