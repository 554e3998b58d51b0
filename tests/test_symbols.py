"""The outline (document symbols), from YAML text: names, details, kinds and ranges."""

from __future__ import annotations

import pytest
from conftest import CORPUS

from pod_ls.ide.structure.symbols import Symbol, document_symbols
from pod_ls.kube.schema import load_schema
from pod_ls.yaml.parse import parse_stream, split_lines


def symbols_of(text: str) -> list[Symbol]:
    return document_symbols(split_lines(text), parse_stream(text), load_schema())


def outline(symbols: list[Symbol]) -> list:
    """Each symbol as `name (detail)`, followed by the list of its children if it has some."""
    out: list = []
    for symbol in symbols:
        out.append(f"{symbol.name} ({symbol.detail})" if symbol.detail else symbol.name)
        if symbol.children:
            out.append(outline(symbol.children))
    return out


def text_of(text: str, start, end) -> str:
    lines = split_lines(text)
    if start[0] == end[0]:
        return lines[start[0]][start[1]:end[1]]
    return "\n".join([lines[start[0]][start[1]:], *lines[start[0] + 1:end[0]], lines[end[0]][:end[1]]])


POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  initContainers:
  - name: setup
    image: busybox:1.36
  - name: proxy
    image: envoy:1.30
    restartPolicy: Always
  containers:
  - name: app
    image: nginx:1.27
    ports:
    - name: http
      containerPort: 8080
    - containerPort: 9090
      protocol: UDP
    env:
    - name: MODE
      value: fast
    - name: PASSWORD
      valueFrom:
        secretKeyRef: {name: creds, key: password}
    livenessProbe:
      httpGet: {path: /healthz, port: http}
    readinessProbe:
      exec:
        command: [cat, /ready]
    volumeMounts:
    - name: config
      mountPath: /etc/app
      readOnly: true
  volumes:
  - name: config
    configMap:
      name: app-config
  - name: scratch
    emptyDir: {}
"""


def test_a_pod_reads_as_its_containers_and_what_they_hold():
    assert outline(symbols_of(POD)) == [
        "Pod/web (shop)", [
            "setup (init · busybox:1.36)",
            "proxy (sidecar · envoy:1.30)",
            "app (nginx:1.27)", [
                "ports", ["http (8080/TCP)", "9090/UDP"],
                "env", ["MODE (fast)", "PASSWORD (from secretKeyRef creds/password)"],
                "livenessProbe (httpGet :http /healthz)",
                "readinessProbe (exec cat /ready)",
                "volumeMounts", ["config (/etc/app (read-only))"],
            ],
            "volumes", ["config (configMap app-config)", "scratch (emptyDir)"],
        ],
    ]


def test_ranges_cover_the_item_and_selection_ranges_its_name():
    [pod] = symbols_of(POD)
    assert pod.start == (0, 0) and text_of(POD, pod.start, pod.end) == POD.rstrip("\n")
    assert text_of(POD, pod.name_start, pod.name_end) == "web"
    app = pod.children[2]
    assert text_of(POD, app.start, app.end).startswith("- name: app\n    image: nginx:1.27")
    assert text_of(POD, app.start, app.end).endswith("readOnly: true")
    assert text_of(POD, app.name_start, app.name_end) == "app"
    ports = app.children[0]
    assert text_of(POD, ports.name_start, ports.name_end) == "ports"
    http = ports.children[0]
    assert text_of(POD, http.name_start, http.name_end) == "http"
    unnamed = ports.children[1]
    assert text_of(POD, unnamed.start, unnamed.end) == "- containerPort: 9090\n      protocol: UDP"
    assert (unnamed.name_start, unnamed.name_end) == ((18, 6), (18, 6 + len("containerPort")))


def test_kinds_say_what_each_symbol_is():
    [pod] = symbols_of(POD)
    app = pod.children[2]
    assert [pod.kind, app.kind, pod.children[0].kind] == ["object", "container", "container"]
    assert [child.kind for child in app.children] == ["list", "list", "probe", "probe", "list"]
    assert [app.children[0].children[0].kind, app.children[1].children[0].kind,
            app.children[4].children[0].kind, pod.children[3].children[0].kind] == ["port", "env", "mount", "volume"]


DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  template:
    spec:
      containers:
      - name: api
        image: api:2
        startupProbe:
          tcpSocket:
            port: 8080
"""

CRONJOB = """\
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  namespace: jobs
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: backup
            image: backup:1
"""

SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: http
  - port: 443
    targetPort: 8443
"""

CONFIGMAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  LOG_LEVEL: debug
  app.conf: |
    listen 80
    root /srv
binaryData:
  logo.png: aGVsbG8=
"""

SECRET = """\
apiVersion: v1
kind: Secret
metadata:
  name: creds
stringData:
  password: hunter2
data:
  token: c2VjcmV0
"""


@pytest.mark.parametrize(("text", "expected"), [
    (DEPLOYMENT, ["Deployment/api", ["api (api:2)", ["startupProbe (tcpSocket :8080)"]]]),
    (CRONJOB, ["CronJob/nightly (jobs)", ["backup (backup:1)"]]),
    (SERVICE, ["Service/web", ["ports", ["http (80 → http/TCP)", "443 → 8443/TCP"]]]),
    (CONFIGMAP, ["ConfigMap/settings", ["data", ["LOG_LEVEL (debug)", "app.conf (2 lines)"],
                                        "binaryData", ["logo.png (aGVsbG8=)"]]]),
    (SECRET, ["Secret/creds", ["stringData", ["password"], "data", ["token"]]]),
], ids=["deployment", "cronjob", "service", "configmap", "secret-values-hidden"])
def test_outline_of_each_kind(text, expected):
    assert outline(symbols_of(text)) == expected


def test_each_document_of_a_stream_is_a_symbol_from_its_marker():
    text = DEPLOYMENT + "---\n" + SERVICE + "---\n# only a comment\n---\n" + CONFIGMAP
    symbols = symbols_of(text)
    assert [s.name for s in symbols] == ["Deployment/api", "Service/web", "ConfigMap/settings"]
    lines = split_lines(text)
    assert lines[symbols[1].start[0]] == "---"
    assert symbols[1].end[0] < symbols[2].start[0]
    assert text_of(text, symbols[2].name_start, symbols[2].name_end) == "settings"


def test_other_kubernetes_objects_show_their_top_level_fields():
    text = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: edge\nspec:\n  rules: []\n"
    assert outline(symbols_of(text)) == ["Ingress/edge", ["spec"]]


def test_a_kustomization_shows_its_top_level_keys():
    text = "resources:\n- deployment.yaml\n- service.yaml\nnamePrefix: dev-\npatches: []\n"
    symbols = symbols_of(text)
    assert outline(symbols) == ["resources (2 items)", "namePrefix (dev-)", "patches (0 items)"]
    assert [s.kind for s in symbols] == ["sequence", "string", "sequence"]


def test_a_list_shows_each_item_as_an_object():
    text = ("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n"
            "  spec:\n    containers:\n    - name: c\n      image: i\n- kind: Service\n  metadata: {name: s}\n")
    assert outline(symbols_of(text)) == ["List", ["Pod/a", ["c (i)"], "Service/s"]]


def test_flow_style_has_the_same_outline():
    text = ("{apiVersion: v1, kind: Pod, metadata: {name: f},\n"
            " spec: {containers: [{name: c, image: 'i:1', ports: [{containerPort: 80}]}]}}\n")
    [pod] = symbols_of(text)
    assert outline([pod]) == ["Pod/f", ["c (i:1)", ["ports", ["80/TCP"]]]]
    container = pod.children[0]
    assert text_of(text, container.start, container.end) == "{name: c, image: 'i:1', ports: [{containerPort: 80}]}"


def test_anchors_and_aliases_keep_ranges_where_the_text_is():
    text = """\
apiVersion: v1
kind: Pod
metadata:
  name: anchors
spec:
  containers:
  - name: a
    image: a:1
    livenessProbe: &probe
      httpGet: {path: /live, port: 80}
    env: &env
    - name: SHARED
      value: "1"
  - name: b
    image: b:1
    livenessProbe: *probe
    env: *env
"""
    [pod] = symbols_of(text)
    b = pod.children[1]
    assert outline([b]) == ["b (b:1)", ["livenessProbe (httpGet :80 /live)", "env"]]
    probe, env = b.children
    assert text_of(text, probe.start, probe.end) == "livenessProbe: *probe"
    assert text_of(text, env.start, env.end) == "env: *env" and env.children == []


def test_merge_keys_do_not_move_symbols_to_the_anchor():
    text = ("base: &base\n  image: shared:1\n  name: base\nkind: Pod\nmetadata: {name: m}\nspec:\n"
            "  containers:\n  - <<: *base\n    name: merged\n")
    [pod] = symbols_of(text)
    [container] = pod.children
    assert container.name == "merged" and container.start == (7, 2)
    assert container.detail == "shared:1"


def test_half_typed_yaml_still_has_its_outline_from_indentation():
    text = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: typing\nspec:\n  containers:\n  - name: app\n"
            "    image: nginx\n    imag\n    ports:\n    - containerPort: 80\n      name: [http\n")
    assert parse_stream(text)[0].error is not None
    assert outline(symbols_of(text)) == ["Pod/typing", ["app (nginx)", ["ports", ["[http (80/TCP)"]]]]


def test_helm_templates_and_garbage_give_keys_or_nothing_never_an_error():
    helm = ("{{- if .Values.enabled }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n"
            "  name: {{ .Release.Name }}\ndata:\n  a: {{ .Values.a | quote }}\n{{- end }}\n")
    assert outline(symbols_of(helm)) == ["ConfigMap/{{ .Release.Name }}", ["data", ["a ({{ .Values.a | quote }})"]]]
    for garbage in ("", "---\n", "just a scalar\n", ": : :\n", "- - - -\n", "\t\tkind: Pod\n", "[{]}\n",
                    "- " * 20_000, "a:\n" + " " * 300 + "b: 1\n", "\x00\x01: \ufeff\n"):
        symbols_of(garbage)


def test_names_are_never_empty():
    text = 'kind: Pod\nspec:\n  containers:\n  - image: x\n  - name: ""\n""": 1\n'
    def names(symbols):
        for symbol in symbols:
            yield symbol.name
            yield from names(symbol.children)
    found = list(names(symbols_of(text)))
    assert found and all(found)
    assert "containers[0]" in found and "containers[1]" in found


def test_crlf_and_non_ascii_positions_are_code_points():
    text = "kind: Pod\r\nmetadata:\r\n  name: café\r\nspec:\r\n  containers:\r\n  - name: 😀app\r\n    image: x\r\n"
    [pod] = symbols_of(text)
    assert pod.name == "Pod/café" and (pod.name_start, pod.name_end) == ((2, 8), (2, 12))
    [container] = pod.children
    assert container.name == "😀app" and (container.name_start, container.name_end) == ((5, 10), (5, 14))


CORPUS_FILES = sorted(CORPUS.rglob("*.yaml")) if CORPUS.is_dir() else []


def _check_nesting(symbols: list[Symbol], outer: tuple | None, lines: list[str]) -> None:
    for symbol in symbols:
        assert symbol.name
        assert symbol.start <= symbol.name_start <= symbol.name_end <= symbol.end
        assert symbol.end[0] < len(lines) and symbol.end[1] <= len(lines[symbol.end[0]])
        if outer is not None:
            assert outer[0] <= symbol.start and symbol.end <= outer[1]
        _check_nesting(symbol.children, (symbol.start, symbol.end), lines)


@pytest.mark.skipif(not CORPUS_FILES, reason="corpus not found")
def test_every_real_manifest_nests_its_symbols_inside_their_parents():
    for path in CORPUS_FILES:
        text = path.read_text(encoding="utf-8", errors="replace")
        _check_nesting(symbols_of(text), None, split_lines(text))


def test_a_pod_spec_behind_an_alias_shows_no_containers_elsewhere():
    text = "template: &spec\n  containers:\n  - name: shared\n    image: x\nkind: Pod\nmetadata: {name: a}\n"
    text += "spec: *spec\n"
    assert outline(symbols_of(text)) == ["Pod/a"]
