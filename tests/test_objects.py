"""What one file declares, as the workspace model reads it: names, namespaces, labels,
selectors and keys with their file positions, in block and flow style, through anchors, in
Lists and kustomizations, and nothing from what does not parse or is not filled in yet."""

from __future__ import annotations

import pytest

from pod_ls.analysis.scan import objects_in_text
from pod_ls.kube.links.objects import KubeObject


def read(text: str, uri: str = "file:///w/a.yaml") -> list[KubeObject]:
    return objects_in_text(text, uri)


def at(text: str, named) -> str:
    """The text a Named covers (one line)."""
    assert named.line == named.end_line
    return text.splitlines()[named.line][named.column:named.end_column]


DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {team: a}
spec:
  selector:
    matchLabels:
      app: web
    matchExpressions:
      - {key: tier, operator: In, values: [front, back]}
  template:
    metadata:
      labels:
        app: web
        tier: front
    spec:
      containers: [{name: app, image: nginx}]
"""


def test_a_deployment_with_every_place_of_its_names():
    [obj] = read(DEPLOYMENT)
    assert (obj.kind, obj.api_version, obj.name.text, obj.namespace.text) == ("Deployment", "apps/v1", "web", "shop")
    assert at(DEPLOYMENT, obj.name) == "web" and obj.name.start == (3, 8)
    assert [(k.text, v.text) for k, v in obj.labels] == [("team", "a")]
    assert [(k.text, v.text) for k, v in obj.template_labels] == [("app", "web"), ("tier", "front")]
    assert at(DEPLOYMENT, obj.template_labels[1][1]) == "front"
    assert obj.selector.matches({"app": "web", "tier": "front"}) is True
    assert obj.selector.matches({"app": "web", "tier": "db"}) is False
    assert (obj.start, obj.end[0]) == ((0, 0), 18)


def test_namespaces_default_and_cluster_scoped_kinds():
    text = ("kind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\n---\n"
            "kind: PriorityClass\nmetadata: {name: high, namespace: ignored}\nvalue: 1\n")
    config, priority = read(text)
    assert config.namespace is None and config.namespace_or_default == "default"
    assert priority.cluster_scoped and priority.namespace is None and priority.namespace_or_default is None
    assert config.start == (0, 0) and priority.start == (4, 0)


def test_configmap_and_secret_keys_from_every_field():
    text = ("kind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a.conf: x\nbinaryData:\n  b: eA==\n---\n"
            "kind: Secret\nmetadata:\n  name: s\nstringData:\n  user: u\ndata:\n  pass: cA==\n")
    config, secret = read(text)
    assert [k.text for k in config.keys] == ["a.conf", "b"]
    assert at(text, config.keys[0]) == "a.conf"
    assert sorted(k.text for k in secret.keys) == ["pass", "user"]


@pytest.mark.parametrize(("case", "text"), [
    ("no-data", "kind: ConfigMap\nmetadata: {name: cfg}\n"),
    ("token", "kind: Secret\ntype: kubernetes.io/service-account-token\nmetadata: {name: t}\n"
              "stringData: {}\n"),
])
def test_keys_nobody_can_know_are_unknown(case, text):
    [obj] = read(text)
    assert obj.keys is None


def test_a_service_selector_and_headlessness():
    text = "kind: Service\nmetadata: {name: db}\nspec:\n  clusterIP: None\n  selector: {app: db}\n"
    [service] = read(text)
    assert service.headless and [(k.text, v.text) for k, v in service.selector.labels] == [("app", "db")]
    assert service.template_labels is None


def test_anchors_and_aliases_are_followed():
    text = ("kind: Deployment\nmetadata:\n  name: web\n  labels: &labels {app: web}\nspec:\n"
            "  selector: {matchLabels: *labels}\n  template:\n    metadata: {labels: *labels}\n")
    [obj] = read(text)
    assert obj.selector.matches(obj.pod_labels) is True


def test_a_list_declares_its_items_whether_split_or_not():
    items = "".join(f"- kind: ConfigMap\n  metadata:\n    name: c{n}\n  data: {{k: v}}\n" for n in range(3))
    text = "apiVersion: v1\nkind: List\nitems:\n" + items
    assert [(o.name.text, o.name.line) for o in read(text)] == [("c0", 5), ("c1", 9), ("c2", 13)]
    anchored = text.replace("name: c0", "name: &n c0")  # anchors keep a List whole
    assert [o.name.text for o in read(anchored)] == ["c0", "c1", "c2"]


def test_broken_documents_declare_nothing_and_spare_the_others():
    text = "kind: ConfigMap\nmetadata: {name: a\n---\nkind: ConfigMap\nmetadata:\n  name: b\n"
    assert [o.name.text for o in read(text)] == ["b"]


@pytest.mark.parametrize(("case", "text", "names"), [
    ("helm-name", "kind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cfg\n", []),
    ("helm-elsewhere", "kind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  t: '{{ .x }}'\n", ["cfg"]),
    ("placeholder", "kind: ConfigMap\nmetadata:\n  name: ${APP}-cfg\n", ["${APP}-cfg"]),
    ("no-name", "kind: Pod\nmetadata:\n  generateName: p-\n", []),
    ("no-kind", "metadata:\n  name: x\n", []),
    ("a-scalar", "just text\n", []),
])
def test_what_counts_as_a_name(case, text, names):
    assert [o.name.text for o in read(text)] == names


def test_kustomize_generators_declare_configmaps_and_secrets():
    text = ("namespace: shop\nconfigMapGenerator:\n  - name: app-cfg\n    literals: [LOG=debug, MODE=x]\n"
            "    files: [conf/app.properties, other=conf/b.txt]\n  - name: env-cfg\n    envs: [.env]\n"
            "secretGenerator:\n  - name: creds\n    literals: [password=p]\n")
    app, env, creds = read(text, "file:///w/kustomization.yaml")
    assert (app.kind, app.name.text, app.namespace.text) == ("ConfigMap", "app-cfg", "shop")
    assert [k.text for k in app.keys] == ["LOG", "MODE", "app.properties", "other"]
    assert at(text, app.keys[1]) == "MODE"
    assert env.keys is None and creds.kind == "Secret" and [k.text for k in creds.keys] == ["password"]
    assert read(text, "file:///w/not-a-kustomization.yaml") == []


def test_a_kustomize_patch_declares_its_partial_object():
    text = "kind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  extra: x\n  $patch: merge\n"
    [obj] = read(text)
    assert "extra" in {k.text for k in obj.keys}


def test_crlf_tabs_and_non_ascii_keep_columns_in_code_points():
    text = "kind: ConfigMap\r\nmetadata:\r\n  name: \"café\"\r\ndata:\r\n  \"ключ\": v\r\n"
    [obj] = read(text)
    assert obj.name.text == "café" and obj.name.start == (2, 8) and obj.name.end == (2, 14)
    assert obj.keys[0].text == "ключ"


def test_facts_leave_out_positions():
    [a] = read(DEPLOYMENT)
    [b] = read("# a comment\n" + DEPLOYMENT)
    assert a.facts() == b.facts() and a.name.line + 1 == b.name.line
    assert a.shifted(1) == b
