"""End to end over stdio: the workspace model kept current across two files and two
namespaces (open, change, close, save, file events, folders), workspace symbols, and the
diagnostics that come from the links, including where they must stay quiet."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import pytest_lsp
from lsp_helpers import SERVER_COMMAND, TIMEOUT, by_code, change, next_publish, open_doc, prepare
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from workloads import wrap

from pod_ls.lsp.paths import path_to_uri

CONTAINER = "containers:\n  - name: app\n    image: nginx:1.27\n"


def config(name: str, namespace: str, keys: str) -> str:
    return f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: {namespace}\ndata: {keys}\n"


SHOP_CONFIG = config("app-cfg", "shop", "{LOG: info}") + "---\n" + config("other", "shop", "{x: y}")
BILLING_CONFIG = config("app-cfg", "billing", "{MODE: fast}")
POD = wrap("Pod", "containers:\n  - name: app\n    image: nginx:1.27\n    env:\n"
                  "      - name: MODE\n        valueFrom:\n          configMapKeyRef: {name: app-cfg, key: MODE}\n"
                  "      - name: LOG\n        valueFrom:\n          configMapKeyRef: {name: app-cfg, key: LOG}\n",
           "shop")


def missing_key(diagnostics: list[types.Diagnostic]) -> bool:
    return [d.message.split(":")[0] for d in diagnostics if d.code == "missing-key"] == [
        "ConfigMap 'app-cfg' has no key 'MODE' (it has 'LOG')"]


def no_links(diagnostics: list[types.Diagnostic]) -> bool:
    return not {"missing-key", "missing-reference", "service-selects-nothing"} & set(by_code(diagnostics))


def file_event(client: LanguageClient, path: Path, kind: types.FileChangeType) -> None:
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=path_to_uri(path), type=kind)]))


async def settled(client: LanguageClient, uri: str) -> None:
    """The server has handled everything sent before: a request is answered in turn."""
    await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=0))),
        TIMEOUT)


async def _scanned(client: LanguageClient) -> None:
    while len(await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="configmap/app-cfg"))) < 2:
        await asyncio.sleep(0.01)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND),
                    params=["visual_studio_code", "neovim"])
async def client(lsp_client: LanguageClient, request, tmp_path: Path):
    """A workspace of two folders' files, `shop/config.yaml` and `billing/config.yaml`, with
    the Pod `shop/pod.yaml` open and warned about its key once the scan is over."""
    (tmp_path / "shop").mkdir()
    (tmp_path / "billing").mkdir()
    (tmp_path / "shop" / "config.yaml").write_text(SHOP_CONFIG)
    (tmp_path / "billing" / "config.yaml").write_text(BILLING_CONFIG)
    (tmp_path / "shop" / "pod.yaml").write_text(POD)
    prepare(lsp_client)
    lsp_client.root = tmp_path
    lsp_client.initialized_with = await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities(request.param),
        workspace_folders=[types.WorkspaceFolder(uri=path_to_uri(tmp_path), name=tmp_path.name)]))
    lsp_client.pod = path_to_uri(tmp_path / "shop" / "pod.yaml")
    since = len(lsp_client.published)
    open_doc(lsp_client, lsp_client.pod, POD)
    await next_publish(lsp_client, lsp_client.pod, since, predicate=missing_key)
    # The Pod can be checked between two batches of the scan: wait for both folders' objects.
    await asyncio.wait_for(_scanned(lsp_client), TIMEOUT)
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_the_model_follows_buffers_saves_and_file_events(client: LanguageClient):
    root: Path = client.root
    config_path = root / "shop" / "config.yaml"
    config_uri = path_to_uri(config_path)
    # The ConfigMap's buffer gains the key: the Pod in the other file is clean.
    since = len(client.published)
    open_doc(client, config_uri, SHOP_CONFIG)
    change(client, config_uri, 2, SHOP_CONFIG.replace("{LOG: info}", "{LOG: info, MODE: slow}"))
    await next_publish(client, client.pod, since, predicate=no_links)
    # Closed unsaved, the file on disk counts again: the warning comes back.
    since = len(client.published)
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=config_uri)))
    await next_publish(client, client.pod, since, predicate=missing_key)
    # Edited, saved and closed: the file holds the key now.
    open_doc(client, config_uri, SHOP_CONFIG)
    saved = SHOP_CONFIG.replace("{LOG: info}", "{LOG: info, MODE: slow}")
    since = len(client.published)
    change(client, config_uri, 2, saved)
    await next_publish(client, client.pod, since, predicate=no_links)
    config_path.write_text(saved)
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=config_uri)))
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=config_uri)))
    await settled(client, client.pod)
    assert no_links(next(p for p in reversed(client.published) if p.uri == client.pod).diagnostics)
    # Changed outside the editor: the key goes again.
    config_path.write_text(SHOP_CONFIG)
    since = len(client.published)
    file_event(client, config_path, types.FileChangeType.Changed)
    await next_publish(client, client.pod, since, predicate=missing_key)
    # Deleted: no ConfigMap 'app-cfg' in shop, though billing has one.
    config_path.unlink()
    (root / "shop" / "more.yaml").write_text(config("other", "shop", "{x: y}"))
    since = len(client.published)
    file_event(client, config_path, types.FileChangeType.Deleted)
    file_event(client, root / "shop" / "more.yaml", types.FileChangeType.Created)
    found = await next_publish(client, client.pod, since, predicate=lambda found: "missing-reference" in by_code(found))
    info, second = by_code(found)["missing-reference"]  # each env entry that names it
    assert info.severity == types.DiagnosticSeverity.Information
    assert "No ConfigMap 'app-cfg' in the workspace in namespace 'shop'" in info.message
    assert "'billing'" in info.message and (info.range.start.line, second.range.start.line) == (12, 15)
    # Created again, with the key.
    config_path.write_text(saved)
    since = len(client.published)
    file_event(client, config_path, types.FileChangeType.Created)
    await next_publish(client, client.pod, since, predicate=no_links)


async def test_removed_and_added_folders_take_their_objects(client: LanguageClient, tmp_path_factory):
    extra = tmp_path_factory.mktemp("extra")
    (extra / "config.yaml").write_text(config("app-cfg", "shop", "{MODE: slow}"))
    folder = types.WorkspaceFolder(uri=path_to_uri(extra), name="extra")
    since = len(client.published)
    client.workspace_did_change_workspace_folders(types.DidChangeWorkspaceFoldersParams(
        event=types.WorkspaceFoldersChangeEvent(added=[folder], removed=[])))
    await next_publish(client, client.pod, since, predicate=no_links)  # the keys add up
    since = len(client.published)
    client.workspace_did_change_workspace_folders(types.DidChangeWorkspaceFoldersParams(
        event=types.WorkspaceFoldersChangeEvent(added=[], removed=[folder])))
    await next_publish(client, client.pod, since, predicate=missing_key)


async def symbols(client: LanguageClient, query: str) -> list[types.WorkspaceSymbol]:
    return await asyncio.wait_for(client.workspace_symbol_async(types.WorkspaceSymbolParams(query=query)), TIMEOUT)


async def test_workspace_symbols_across_files_and_namespaces(client: LanguageClient):
    root: Path = client.root
    found = await symbols(client, "configmap/app")
    assert sorted((s.name, s.container_name, s.location.uri) for s in found) == [
        ("ConfigMap/app-cfg", "billing", path_to_uri(root / "billing" / "config.yaml")),
        ("ConfigMap/app-cfg", "shop", path_to_uri(root / "shop" / "config.yaml"))]
    shop = next(s for s in found if s.container_name == "shop")
    assert shop.location.range == types.Range(start=types.Position(line=3, character=8),
                                              end=types.Position(line=3, character=15))
    assert [s.name for s in await symbols(client, "pod/p")] == ["Pod/p"]
    assert {s.name for s in await symbols(client, "")} == {"ConfigMap/app-cfg", "ConfigMap/other", "Pod/p"}
    assert await symbols(client, "nothing-like-this") == []
    # An open buffer's objects count, as typed, with their positions in the client's units.
    uri = path_to_uri(root / "new.yaml")
    text = "kind: Secret\nmetadata:\n  name: \"tök-😀\"\n  namespace: shop\n"
    since = len(client.published)
    open_doc(client, uri, text)
    await next_publish(client, uri, since)
    [secret] = await symbols(client, "secret/")
    units = {"utf-8": 11, "utf-16": 8, "utf-32": 7}[client.initialized_with.capabilities.position_encoding or "utf-16"]
    assert secret.name == "Secret/tök-😀" and secret.location.range.end.character == 8 + units
    since = len(client.published)
    change(client, uri, 2, text.replace("tök-😀", "renamed"))
    await next_publish(client, uri, since, version=2)
    assert [s.name for s in await symbols(client, "secret/")] == ["Secret/renamed"]


SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector: {app: web}\n"
DEPLOYMENT = wrap("Deployment", CONTAINER, "shop").replace("{app: a}", "{app: web}")


async def test_a_service_follows_the_labels_of_pods_in_another_file(client: LanguageClient):
    root: Path = client.root
    service_uri, deployment_uri = path_to_uri(root / "svc.yaml"), path_to_uri(root / "deploy.yaml")
    since = len(client.published)
    open_doc(client, deployment_uri, DEPLOYMENT)
    open_doc(client, service_uri, SERVICE)
    assert no_links(await next_publish(client, service_uri, since))
    since = len(client.published)
    change(client, deployment_uri, 2, DEPLOYMENT.replace("{app: web}", "{app: api}"))
    [info] = await next_publish(client, service_uri, since, predicate=lambda found: found != [])
    assert info.code == "service-selects-nothing" and info.severity == types.DiagnosticSeverity.Information
    assert info.range == types.Range(start=types.Position(line=6, character=2),
                                     end=types.Position(line=6, character=10))
    # In another namespace the same labels do not count.
    since = len(client.published)
    change(client, deployment_uri, 3, DEPLOYMENT.replace("namespace: shop", "namespace: billing"))
    await settled(client, service_uri)
    await next_publish(client, service_uri, since, predicate=lambda found: found == [info])
    since = len(client.published)
    change(client, deployment_uri, 4, DEPLOYMENT)
    assert await next_publish(client, service_uri, since, predicate=lambda found: found == []) == []


@pytest.mark.parametrize("spec", [
    "serviceAccountName: default\n" + CONTAINER,
    "volumes:\n  - name: ca\n    configMap: {name: kube-root-ca.crt}\n" + CONTAINER,
    "volumes:\n  - name: c\n    configMap: {name: elsewhere, optional: true}\n" + CONTAINER,
    "serviceAccountName: robot\n" + CONTAINER,  # no ServiceAccount in the workspace at all
    CONTAINER.replace("image: nginx:1.27\n", "image: nginx:1.27\n    envFrom: [{configMapRef: {name: '${CFG}'}}]\n"),
])
async def test_references_that_must_stay_quiet(client: LanguageClient, spec: str):
    uri = path_to_uri(client.root / "shop" / "quiet.yaml")
    since = len(client.published)
    open_doc(client, uri, wrap("Pod", spec, "shop"))
    assert no_links(await next_publish(client, uri, since))


async def test_broken_yaml_in_the_configmap_buffer_never_breaks_the_server(client: LanguageClient):
    config_uri = path_to_uri(client.root / "shop" / "config.yaml")
    since = len(client.published)
    open_doc(client, config_uri, SHOP_CONFIG.replace("{LOG: info}", "{LOG: info, MODE: [x"))
    [syntax] = await next_publish(client, config_uri, since)
    assert syntax.code == "yaml-syntax"
    assert await symbols(client, "configmap/other") != []  # the other document still counts
    since = len(client.published)
    change(client, config_uri, 2, "kind: ConfigMap\r\nmetadata: {name: app-cfg, namespace: shop}\r\n"
                                  "data:\r\n\tMODE: x\r\n")
    await next_publish(client, config_uri, since, version=2)
    await settled(client, client.pod)
