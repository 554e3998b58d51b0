"""Completion of names from the workspace model, end to end over stdio with VS Code's and
Neovim's capabilities: object names from another file of the workspace folder and from another
document of the same buffer, same namespace first, the keys of the named ConfigMap or Secret,
label keys and values in selectors, in half-typed and flow YAML, nothing where nothing is
known, and items that follow the model as files change on disk and in other buffers."""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path

import pytest
import pytest_lsp
from conftest import split_cursor
from lsp_helpers import SERVER_COMMAND, TIMEOUT, change, next_publish, open_doc, prepare
from lsprotocol import types
from navigation_cases import units
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from workloads import KINDS, wrap

from pod_ls.lsp.paths import path_to_uri

pytestmark = pytest.mark.asyncio(loop_scope="module")
_numbers = itertools.count()

SHOP = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: app-cfg, namespace: shop}
data: {LOG: info, MODE: fast}
---
apiVersion: v1
kind: Secret
metadata: {name: registry, namespace: shop}
type: kubernetes.io/dockerconfigjson
data: {.dockerconfigjson: e30=}
---
apiVersion: v1
kind: Secret
metadata: {name: db, namespace: shop}
stringData: {password: x, user: y}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: web-pods, namespace: shop}
spec: {clusterIP: None, selector: {app: web}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: shop}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: runner, namespace: shop}
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000
"""
BILLING = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: app-cfg, namespace: billing}
data: {OTHER: x}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: billing-cfg, namespace: billing}
data: {RATE: "1"}
"""
WORKLOADS = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: front}}
    spec: {containers: [{name: web, image: "web:1"}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: billing}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api, team: pay}}
    spec: {containers: [{name: api, image: "api:1"}]}
"""
PROBE = wrap("Pod", """\
containers:
  - name: probe
    image: probe:1
    env:
      - {name: A, valueFrom: {configMapKeyRef: {name: app-cfg, key: NOPE}}}
""", "shop")
"""Warned about its key once the scan has read the workspace: the tests start after that."""


def scanned(diagnostics: list[types.Diagnostic]) -> bool:
    return any(d.code == "missing-key" for d in diagnostics)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND),
                    params=["visual_studio_code", "neovim"], scope="module")
async def client(lsp_client: LanguageClient, request, tmp_path_factory):
    """One server per capability set on a workspace of three files in two namespaces."""
    root = tmp_path_factory.mktemp(f"names-{request.param}")
    for name, text in (("shop.yaml", SHOP), ("billing.yaml", BILLING), ("workloads.yaml", WORKLOADS)):
        (root / "manifests").mkdir(exist_ok=True)
        (root / "manifests" / name).write_text(text)
    prepare(lsp_client)
    lsp_client.root = root
    result = await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities(request.param),
        workspace_folders=[types.WorkspaceFolder(uri=path_to_uri(root), name=root.name)]))
    lsp_client.encoding = result.capabilities.position_encoding or "utf-16"
    probe = path_to_uri(root / "probe.yaml")
    since = len(lsp_client.published)
    open_doc(lsp_client, probe, PROBE)
    await next_publish(lsp_client, probe, since, predicate=scanned)
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


def new_uri(client: LanguageClient) -> str:
    return path_to_uri(client.root / f"pod-{next(_numbers)}.yaml")


async def complete(client: LanguageClient, uri: str, marked: str) -> list[types.CompletionItem]:
    """The items at ‸ in the buffer's current text (`marked` without the marker)."""
    text, line, column = split_cursor(marked)
    result = await asyncio.wait_for(client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line=line, character=units(text.split("\n")[line][:column], client.encoding)))),
        TIMEOUT)
    return list(result.items) if result is not None else []


def edit(client: LanguageClient, marked: str) -> str:
    """Put the text (without the marker) in the scratch buffer, one buffer for every test so
    that the model holds no earlier test's objects; its version, to await the analysis of."""
    uri = path_to_uri(client.root / "scratch.yaml")
    client.scratch_version = getattr(client, "scratch_version", 0) + 1
    if client.scratch_version == 1:
        open_doc(client, uri, split_cursor(marked)[0])
    else:
        change(client, uri, client.scratch_version, split_cursor(marked)[0])
    return uri


async def opened(client: LanguageClient, marked: str) -> tuple[str, list[types.CompletionItem]]:
    """The scratch buffer holds the text, analysed (its objects are in the model): the items at ‸."""
    since = len(client.published)
    uri = edit(client, marked)
    await next_publish(client, uri, since, version=client.scratch_version)
    return uri, await complete(client, uri, marked)


def references(items: list[types.CompletionItem]) -> list[types.CompletionItem]:
    """The items from the model, in the order the client shows them."""
    found = [item for item in items if item.kind == types.CompletionItemKind.Reference]
    return sorted(found, key=lambda item: (item.sort_text or item.label, item.label))


def labels(items: list[types.CompletionItem]) -> list[str]:
    return [item.label for item in references(items)]


def doc_text(item: types.CompletionItem) -> str:
    documentation = item.documentation
    return documentation.value if isinstance(documentation, types.MarkupContent) else str(documentation)


VOLUME = "volumes:\n  - name: v\n    configMap:\n      name: ‸\n"


async def test_config_map_names_from_another_file_same_namespace_first(client: LanguageClient):
    _, items = await opened(client, wrap("Pod", VOLUME, "shop"))
    found = references(items)
    assert [i.label for i in found] == ["app-cfg", "billing-cfg"]
    app, billing = found
    assert app.detail == "ConfigMap · manifests/shop.yaml"
    assert "`LOG`, `MODE`" in doc_text(app) and "OTHER" not in doc_text(app)
    assert billing.detail == "ConfigMap in billing, not shop: would not resolve · manifests/billing.yaml"
    assert "`RATE`" in doc_text(billing)
    assert app.text_edit.new_text == "app-cfg"


async def test_the_document_namespace_decides_the_order(client: LanguageClient):
    _, items = await opened(client, wrap("Pod", VOLUME, "billing"))
    found = references(items)
    assert [i.label for i in found] == ["app-cfg", "billing-cfg"]
    assert all("would not resolve" not in i.detail for i in found)
    assert "`OTHER`" in doc_text(found[0]) and "LOG" not in doc_text(found[0])  # billing's app-cfg
    # No namespace written is `default`: every one is elsewhere, and says so.
    _, items = await opened(client, wrap("Pod", VOLUME))
    assert all("not default: would not resolve" in i.detail for i in references(items))


@pytest.mark.parametrize(("field", "expected"), [
    ("serviceAccountName: ‸", ["runner"]),
    ("serviceAccount: ‸", ["runner"]),
    ("priorityClassName: ‸", ["high"]),
    ("subdomain: ‸", ["web-pods", "web"]),  # the headless one first
    ("imagePullSecrets:\n  - name: ‸", ["registry", "db"]),  # the registry Secret first
    ("volumes:\n  - name: v\n    persistentVolumeClaim: {claimName: ‸}", ["data"]),
    ("volumes:\n  - name: v\n    secret:\n      secretName: ‸", ["db", "registry"]),
    ("volumes:\n  - name: v\n    projected:\n      sources:\n        - configMap:\n            name: ‸",
     ["app-cfg", "billing-cfg"]),
    ("containers:\n  - name: a\n    envFrom:\n      - secretRef:\n          name: ‸", ["db", "registry"]),
])
async def test_each_field_offers_its_kind(client: LanguageClient, field: str, expected: list[str]):
    _, items = await opened(client, wrap("Pod", field + "\n", "shop"))
    assert labels(items) == expected


async def test_a_headless_service_is_marked(client: LanguageClient):
    _, items = await opened(client, wrap("StatefulSet", "containers: []\n", "shop").replace(
        "serviceName: s", "serviceName: ‸"))
    headless, plain = references(items)
    assert (headless.label, headless.detail) == ("web-pods", "Service (headless) · manifests/shop.yaml")
    assert (plain.label, plain.detail) == ("web", "Service · manifests/shop.yaml")


@pytest.mark.parametrize("kind", KINDS)
async def test_in_every_workload_pod_template(client: LanguageClient, kind: str):
    _, items = await opened(client, wrap(kind, VOLUME, "shop"))
    assert labels(items) == ["app-cfg", "billing-cfg"]


KEY_REF = """\
containers:
  - name: a
    image: a:1
    env:
      - name: X
        valueFrom:
          configMapKeyRef:
            name: app-cfg
            key: ‸
"""


async def test_keys_of_the_config_map_named_beside(client: LanguageClient):
    _, items = await opened(client, wrap("Deployment", KEY_REF, "shop"))
    found = references(items)
    assert [i.label for i in found] == ["LOG", "MODE"]
    assert found[0].detail == "key of ConfigMap app-cfg · manifests/shop.yaml"
    _, items = await opened(client, wrap("Deployment", KEY_REF, "billing"))
    assert labels(items) == ["OTHER"]  # the app-cfg of billing


@pytest.mark.parametrize("source", [
    "volumes:\n  - name: v\n    secret:\n      secretName: db\n      items:\n        - key: ‸\n",
    "volumes:\n  - name: v\n    projected:\n      sources:\n        - secret:\n            name: db\n"
    "            items:\n              - key: ‸\n",
    "containers:\n  - name: a\n    env:\n      - name: P\n        valueFrom:\n"
    "          secretKeyRef: {name: db, key: ‸}\n",
])
async def test_keys_of_a_secret_in_items_and_key_refs(client: LanguageClient, source: str):
    _, items = await opened(client, wrap("Pod", source, "shop"))
    assert labels(items) == ["password", "user"]


async def test_keys_while_another_document_of_the_file_does_not_parse(client: LanguageClient):
    broken = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: broken\ndata: [\n---\n"
    _, items = await opened(client, broken + wrap("Pod", KEY_REF, "shop"))
    assert labels(items) == ["LOG", "MODE"]


async def test_names_from_another_document_of_the_same_buffer_while_half_typed(client: LanguageClient):
    local = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: local-cfg, namespace: shop}\ndata: {K: v}\n---\n"
    uri, items = await opened(client, local + wrap("Pod", VOLUME, "shop"))
    assert labels(items) == ["app-cfg", "local-cfg", "billing-cfg"]
    assert references(items)[1].detail == "ConfigMap · scratch.yaml"
    # A line above is half typed and breaks the document: asked at once, before any analysis.
    half = local + wrap("Pod", "containers:\n  - name: a\n    image: [\n" + VOLUME, "shop")
    edit(client, half)
    assert labels(await complete(client, uri, half)) == ["app-cfg", "local-cfg", "billing-cfg"]
    # And the keys of the ConfigMap of the same buffer, on a `key: ` with nothing after.
    keyed = local + wrap("Pod", KEY_REF.replace("app-cfg", "local-cfg"), "shop")
    edit(client, keyed)
    assert labels(await complete(client, uri, keyed)) == ["K"]


async def test_flow_style(client: LanguageClient):
    flow = ('{apiVersion: v1, kind: Pod, metadata: {name: p, namespace: shop}, spec: {containers: [{name: a, '
            'image: "a:1", env: [{name: "😀", valueFrom: {configMapKeyRef: {name: app-cfg, key: ‸}}}]}]}}\n')
    _, items = await opened(client, flow)
    found = references(items)
    assert [i.label for i in found] == ["LOG", "MODE"]
    text, line, column = split_cursor(flow)
    assert found[0].text_edit.range.start.character == units(text.split("\n")[line][:column], client.encoding)
    _, items = await opened(client, wrap("Pod", "volumes: [{name: v, configMap: {name: ‸}}]\n", "shop"))
    assert labels(items) == ["app-cfg", "billing-cfg"]


async def test_label_keys_and_values_of_a_service_selector(client: LanguageClient):
    service = "apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: shop}\nspec:\n  selector:\n    ‸\n"
    _, items = await opened(client, service)
    found = references(items)
    assert [i.label for i in found] == ["app", "tier", "team"]  # shop's templates first
    assert found[0].text_edit.new_text == "app: " and "`web` (1)" in doc_text(found[0])
    _, items = await opened(client, service.replace("    ‸", "    app: ‸"))
    assert labels(items) == ["web", "api"]


async def test_a_workload_selector_offers_its_own_template_first(client: LanguageClient):
    deployment = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: d, namespace: shop}
spec:
  selector:
    matchLabels:
      app: web
      ‸
  template:
    metadata:
      labels: {app: web, track: canary}
"""
    _, items = await opened(client, deployment)
    found = references(items)
    assert [i.label for i in found] == ["track", "tier", "team"]  # `app` is there already
    assert found[0].detail == "label of this pod template"
    _, items = await opened(client, deployment.replace("      app: web\n      ‸", "      track: ‸"))
    assert labels(items) == ["canary"]


@pytest.mark.parametrize("selector", [
    "affinity:\n  podAntiAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
    "      - topologyKey: kubernetes.io/hostname\n        labelSelector:\n          matchExpressions:\n"
    "            - key: app\n              operator: In\n              values:\n                - ‸\n",
    "topologySpreadConstraints:\n  - maxSkew: 1\n    topologyKey: zone\n    whenUnsatisfiable: DoNotSchedule\n"
    "    labelSelector:\n      matchLabels: {app: ‸}\n",
])
async def test_label_values_in_affinity_and_topology_spread(client: LanguageClient, selector: str):
    _, items = await opened(client, wrap("Pod", selector, "shop"))
    assert labels(items) == ["web", "api"]


async def test_match_expression_keys(client: LanguageClient):
    _, items = await opened(client, wrap("Pod", "affinity:\n  podAffinity:\n"
                                                "    preferredDuringSchedulingIgnoredDuringExecution:\n"
                                                "      - weight: 1\n        podAffinityTerm:\n"
                                                "          topologyKey: zone\n          labelSelector:\n"
                                                "            matchExpressions:\n              - key: ‸\n", "shop"))
    found = references(items)
    assert [i.label for i in found] == ["app", "tier", "team"]
    assert found[0].text_edit.new_text == "app"


@pytest.mark.parametrize("marked", [
    wrap("Pod", "volumes:\n  - name: v\n    configMap:\n      name: app-cfg\n      ‸\n", "shop"),  # a key
    wrap("Pod", KEY_REF.replace("app-cfg", "nowhere"), "shop"),  # a ConfigMap nobody declares
    wrap("Pod", "containers:\n  - name: a\n    image: ‸\n", "shop"),  # a field that names no object
    wrap("StatefulSet", "containers: []\n", "shop").replace(  # a claim template selects volumes
        "spec:\n  serviceName", "spec:\n  volumeClaimTemplates:\n    - spec:\n        selector:\n"
        "          matchLabels:\n            ‸\n  serviceName"),
    wrap("Pod", "affinity:\n  podAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "      - topologyKey: zone\n        namespaceSelector:\n          matchLabels: {‸}\n", "shop"),
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ‸\n",  # a name declared, not referred to
])
async def test_nothing_where_nothing_is_known(client: LanguageClient, marked: str):
    _, items = await opened(client, marked)
    assert labels(items) == []


async def test_items_follow_files_on_disk(client: LanguageClient):
    path = client.root / "manifests" / "later.yaml"
    marked = wrap("Pod", "containers:\n  - name: a\n    envFrom:\n      - configMapRef: {name: later-cfg}\n" + VOLUME,
                  "shop")
    uri, items = await opened(client, marked)
    assert labels(items) == ["app-cfg", "billing-cfg"]
    # Created outside the editor: offered once the re-check it brings is published.
    path.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: later-cfg, namespace: shop}\ndata: {A: b}\n")
    since = len(client.published)
    file_event(client, path, types.FileChangeType.Created)
    await next_publish(client, uri, since, predicate=lambda found: not missing_reference(found))
    assert labels(await complete(client, uri, marked)) == ["app-cfg", "later-cfg", "billing-cfg"]
    # Deleted: gone again.
    path.unlink()
    since = len(client.published)
    file_event(client, path, types.FileChangeType.Deleted)
    await next_publish(client, uri, since, predicate=missing_reference)
    assert labels(await complete(client, uri, marked)) == ["app-cfg", "billing-cfg"]


def missing_reference(diagnostics: list[types.Diagnostic]) -> bool:
    return any(d.code == "missing-reference" for d in diagnostics)


def file_event(client: LanguageClient, path: Path, kind: types.FileChangeType) -> None:
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=path_to_uri(path), type=kind)]))


async def test_items_follow_another_open_buffer(client: LanguageClient):
    other = new_uri(client)
    config = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: typed-cfg, namespace: shop}\ndata: {FIRST: a}\n"
    since = len(client.published)
    open_doc(client, other, config)
    await next_publish(client, other, since)
    marked = wrap("Pod", KEY_REF.replace("app-cfg", "typed-cfg"), "shop")
    uri, items = await opened(client, marked)
    assert labels(items) == ["FIRST"]
    since = len(client.published)
    change(client, other, 2, config.replace("{FIRST: a}", "{FIRST: a, SECOND: b}"))
    await next_publish(client, other, since, version=2)
    assert labels(await complete(client, uri, marked)) == ["FIRST", "SECOND"]
    # Emptied, the buffer declares nothing: its ConfigMap leaves the model, and the items.
    since = len(client.published)
    change(client, other, 3, "")
    await next_publish(client, other, since, version=3)
    assert labels(await complete(client, uri, marked)) == []
