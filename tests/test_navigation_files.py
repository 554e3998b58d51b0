"""End to end: navigation across files, over stdio with VS Code's and Neovim's capabilities, in
a workspace folder whose files are on disk and open or not: definition, references, rename and
hover from a pod spec's reference to the object declared in another file (namespace-aware),
labels and selectors and a Service's target ports across files, files changed on disk, broken
YAML, flow style, anchors, kustomize generators and non-ASCII text before a name."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import pytest_lsp
from lsp_helpers import SERVER_COMMAND, TIMEOUT, open_doc, prepare
from lsprotocol import types
from navigation_cases import OBJECTS, USER_SPEC, position, span, units
from pygls.exceptions import JsonRpcException
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from workloads import wrap

from pod_ls.lsp.paths import path_to_uri

ELSEWHERE = OBJECTS.replace("namespace: shop", "namespace: other")
"""The same objects in another namespace: never linked to a pod spec in `shop`."""
DEPLOYMENT = wrap("Deployment", USER_SPEC, namespace="shop")
CRONJOB = wrap("CronJob", USER_SPEC, namespace="shop")
STRANGER = wrap("Pod", USER_SPEC, namespace="other")
WORKSPACE = {"objects.yaml": OBJECTS, "elsewhere.yaml": ELSEWHERE, "apps/deploy.yaml": DEPLOYMENT,
             "apps/cron.yaml": CRONJOB, "other/pod.yaml": STRANGER}
OBJECT_COUNT = 6 + 6 + 1 + 1 + 1


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND),
                    params=["visual_studio_code", "neovim"])
async def client(lsp_client: LanguageClient, request, tmp_path: Path):
    """A server for a workspace folder that each test fills with `start`."""
    prepare(lsp_client)
    lsp_client.root = tmp_path
    lsp_client.capabilities_name = request.param
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def start(client: LanguageClient, files: dict[str, str], objects: int) -> None:
    """Write the files, initialize on their folder and wait until the scan has read `objects`."""
    for name, text in files.items():
        (client.root / name).parent.mkdir(parents=True, exist_ok=True)
        (client.root / name).write_text(text, encoding="utf-8")
    result = await client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities(client.capabilities_name),
        workspace_folders=[types.WorkspaceFolder(uri=path_to_uri(client.root), name="root")]))
    client.encoding = result.capabilities.position_encoding or "utf-16"
    await scanned(client, objects)


async def scanned(client: LanguageClient, objects: int) -> None:
    """Wait until the workspace model holds that many objects (workspace symbols list them)."""
    async def poll() -> None:
        while len(await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="")) or []) != objects:
            await asyncio.sleep(0.02)

    await asyncio.wait_for(poll(), TIMEOUT)


def uri(client: LanguageClient, name: str) -> str:
    return path_to_uri(client.root / name)


def opened(client: LanguageClient, name: str, text: str | None = None) -> str:
    """Open a file of the workspace in the editor, as on disk unless `text` is given."""
    found = uri(client, name)
    open_doc(client, found, text if text is not None else (client.root / name).read_text(encoding="utf-8"))
    return found


def place(client: LanguageClient, name: str, needle: str, word: str | None = None, nth: int = 0,
          text: str | None = None) -> types.Location:
    text = text if text is not None else (client.root / name).read_text(encoding="utf-8")
    return types.Location(uri=uri(client, name), range=span(text, needle, word, nth, encoding=client.encoding))


def at(client: LanguageClient, name: str, needle: str, word: str | None = None, nth: int = 0,
       text: str | None = None) -> tuple[types.TextDocumentIdentifier, types.Position]:
    text = text if text is not None else (client.root / name).read_text(encoding="utf-8")
    return (types.TextDocumentIdentifier(uri=uri(client, name)),
            position(text, needle, word, nth, encoding=client.encoding))


async def definition(client: LanguageClient, where: tuple) -> list[types.Location]:
    document, pos = where
    found = await client.text_document_definition_async(types.DefinitionParams(text_document=document, position=pos))
    return list(found or [])


async def references(client: LanguageClient, where: tuple, declaration: bool) -> list[types.Location]:
    document, pos = where
    found = await client.text_document_references_async(types.ReferenceParams(
        text_document=document, position=pos, context=types.ReferenceContext(include_declaration=declaration)))
    return list(found or [])


async def rename(client: LanguageClient, where: tuple, new_name: str) -> dict[str, list[types.TextEdit]]:
    document, pos = where
    edit = await client.text_document_rename_async(types.RenameParams(text_document=document, position=pos,
                                                                      new_name=new_name))
    return dict(edit.changes)


def applied(client: LanguageClient, name: str, edits: list[types.TextEdit]) -> str:
    """The file's text on disk after the edits (positions in the client's units)."""
    lines = (client.root / name).read_text(encoding="utf-8").split("\n")
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        line = lines[edit.range.start.line]
        start, end = (next(n for n in range(len(line) + 1) if units(line[:n], client.encoding) >= p.character)
                      for p in (edit.range.start, edit.range.end))
        lines[edit.range.start.line] = line[:start] + edit.new_text + line[end:]
    return "\n".join(lines)


# A use of an object (or of its key) in USER_SPEC -> its declaration in OBJECTS.
OBJECT_LINKS = [
    (("serviceAccountName: runner", "runner"), ("{name: runner", "runner")),
    (("subdomain: web", "web"), ("{name: web,", "web")),
    (("[{name: creds}]", "creds"), ("{name: creds,", "creds")),
    (("configMapKeyRef: {name: settings", "settings"), ("{name: settings,", "settings")),
    (("key: LOG_LEVEL", "LOG_LEVEL"), ("  LOG_LEVEL: info", "LOG_LEVEL")),
    (("secretKeyRef: {name: creds", "creds"), ("{name: creds,", "creds")),
    (("key: password", "password"), ("  password: hunter2", "password")),
    (("configMapRef: {name: settings}", "settings"), ("{name: settings,", "settings")),
    (("      name: settings", "settings"), ("{name: settings,", "settings")),
    (("[{key: app.yaml", "app.yaml"), ("  app.yaml:", "app.yaml")),
    (("{claimName: storage}", "storage"), ("{name: storage,", "storage")),
]


@pytest.mark.parametrize("declaration_open", [False, True], ids=["declaration-on-disk", "declaration-open"])
async def test_definition_lands_in_the_file_that_declares_the_object(client: LanguageClient, declaration_open: bool):
    """Only the object of the pod's namespace: the same name in `other` is not it."""
    await start(client, WORKSPACE, OBJECT_COUNT)
    opened(client, "apps/deploy.yaml")
    if declaration_open:
        opened(client, "objects.yaml")
    for cursor, target in OBJECT_LINKS:
        found = await definition(client, at(client, "apps/deploy.yaml", *cursor))
        assert found == [place(client, "objects.yaml", *target)], cursor


async def test_a_cluster_scoped_object_is_the_same_from_every_namespace(client: LanguageClient):
    await start(client, WORKSPACE, OBJECT_COUNT)
    opened(client, "other/pod.yaml")
    found = await definition(client, at(client, "other/pod.yaml", "priorityClassName: urgent", "urgent"))
    assert found == [place(client, "elsewhere.yaml", "{name: urgent}", "urgent"),
                     place(client, "objects.yaml", "{name: urgent}", "urgent")]


async def test_references_of_an_object_list_every_pod_spec_of_every_file(client: LanguageClient):
    await start(client, WORKSPACE, OBJECT_COUNT)
    opened(client, "objects.yaml")
    uses = [place(client, name, needle, "settings") for name in ("apps/cron.yaml", "apps/deploy.yaml")
            for needle in ("configMapKeyRef: {name: settings", "configMapRef: {name: settings}",
                           "      name: settings")]
    declared = place(client, "objects.yaml", "{name: settings,", "settings")
    cursor = at(client, "objects.yaml", "{name: settings,", "settings")
    assert await references(client, cursor, True) == [declared, *uses]
    assert await references(client, cursor, False) == uses
    # From a use, the same places, the request's file first: the other pod specs through the declaration.
    opened(client, "apps/deploy.yaml")
    assert await references(client, at(client, "apps/deploy.yaml", "configMapRef: {name: settings}", "settings"),
                            True) == [*uses[3:], *uses[:3], declared]


async def test_references_of_a_key_reach_the_pod_specs_that_take_it(client: LanguageClient):
    await start(client, WORKSPACE, OBJECT_COUNT)
    opened(client, "objects.yaml")
    found = await references(client, at(client, "objects.yaml", "  password: hunter2", "password"), False)
    assert found == [place(client, name, needle, "password") for name in ("apps/cron.yaml", "apps/deploy.yaml")
                     for needle in ("key: password",)]


async def test_rename_an_object_edits_every_file_and_nothing_of_another_namespace(client: LanguageClient):
    await start(client, WORKSPACE, OBJECT_COUNT)
    opened(client, "apps/deploy.yaml")
    changes = await rename(client, at(client, "apps/deploy.yaml", "configMapRef: {name: settings}", "settings"),
                           "app-settings")
    assert sorted(changes) == sorted(uri(client, name) for name in ("objects.yaml", "apps/deploy.yaml",
                                                                     "apps/cron.yaml"))
    assert applied(client, "objects.yaml", changes[uri(client, "objects.yaml")]) == OBJECTS.replace(
        "name: settings", "name: app-settings")
    for name, text in (("apps/deploy.yaml", DEPLOYMENT), ("apps/cron.yaml", CRONJOB)):
        assert applied(client, name, changes[uri(client, name)]) == text.replace("name: settings",
                                                                                 "name: app-settings")


async def test_rename_edits_an_open_buffer_as_it_is_now(client: LanguageClient):
    """The declaration's buffer has a line more than its file: the edit is at the buffer's line."""
    await start(client, WORKSPACE, OBJECT_COUNT)
    buffer = "# edited, not saved\n" + OBJECTS
    opened(client, "objects.yaml", buffer)
    opened(client, "apps/deploy.yaml")
    changes = await rename(client, at(client, "apps/deploy.yaml", "key: LOG_LEVEL", "LOG_LEVEL"), "LEVEL")
    [edit] = changes[uri(client, "objects.yaml")]
    assert edit.range == place(client, "objects.yaml", "  LOG_LEVEL: info", "LOG_LEVEL", text=buffer).range
    assert edit.new_text == "LEVEL"


@pytest.mark.parametrize(("new_name", "message"), [
    pytest.param("App_Settings", "'App_Settings' is not a valid ConfigMap name", id="ConfigMap-name"),
    pytest.param("", "A ConfigMap name cannot be empty", id="empty"),
])
async def test_rename_across_files_to_an_invalid_name_is_refused(client: LanguageClient, new_name: str,
                                                                 message: str):
    await start(client, WORKSPACE, OBJECT_COUNT)
    opened(client, "objects.yaml")
    with pytest.raises(JsonRpcException) as refused:
        await rename(client, at(client, "objects.yaml", "{name: settings,", "settings"), new_name)
    assert message in refused.value.message
    assert refused.value.code == types.LSPErrorCodes.RequestFailed


async def test_a_name_declared_nowhere_in_the_workspace_is_not_renamed(client: LanguageClient):
    await start(client, {"pod.yaml": wrap("Pod", USER_SPEC, namespace="shop")}, 1)
    opened(client, "pod.yaml")
    with pytest.raises(JsonRpcException) as refused:
        await client.text_document_prepare_rename_async(types.PrepareRenameParams(
            *at(client, "pod.yaml", "{claimName: storage}", "storage")))
    assert "PersistentVolumeClaim 'storage' is declared nowhere in the workspace" in refused.value.message


async def test_hover_on_a_reference_shows_the_object_its_keys_and_its_file(client: LanguageClient):
    await start(client, WORKSPACE, OBJECT_COUNT)
    opened(client, "apps/deploy.yaml")
    document, pos = at(client, "apps/deploy.yaml", "configMapRef: {name: settings}", "settings")
    found = await client.text_document_hover_async(types.HoverParams(text_document=document, position=pos))
    assert found.contents.value.startswith(
        "ConfigMap `settings` in namespace `shop` (`objects.yaml` line 3)\n\nkeys: `LOG_LEVEL`, `app.yaml`")


SERVICE = """\
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
"""
WEB = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: nginx:1.27
          ports: [{name: http, containerPort: 8080}]
          readinessProbe: {httpGet: {path: /, port: http}}
"""
DB = WEB.replace("web", "db")
"""Pods the Service does not select."""
ELSEWHERE_WEB = WEB.replace("namespace: shop", "namespace: other")
"""The same labels in another namespace: not the Service's."""
SELECTED = {"service.yaml": SERVICE, "deploy.yaml": WEB, "db.yaml": DB, "other.yaml": ELSEWHERE_WEB}


async def test_a_service_selector_and_target_port_land_in_the_pods_it_selects(client: LanguageClient):
    await start(client, SELECTED, 4)
    opened(client, "service.yaml")
    assert await definition(client, at(client, "service.yaml", "selector: {app: web}", "web")) == [
        place(client, "deploy.yaml", "labels: {app: web}", "web")]
    assert await definition(client, at(client, "service.yaml", "selector: {app: web}", "app")) == [
        place(client, "deploy.yaml", "labels: {app: web}", "app")]
    assert await definition(client, at(client, "service.yaml", "targetPort: http", "http")) == [
        place(client, "deploy.yaml", "{name: http,", "http")]


async def test_references_of_a_template_label_reach_the_service_in_another_file(client: LanguageClient):
    await start(client, SELECTED, 4)
    opened(client, "deploy.yaml")
    found = await references(client, at(client, "deploy.yaml", "labels: {app: web}", "web"), True)
    assert found == [place(client, "deploy.yaml", "matchLabels: {app: web}", "web"),
                     place(client, "deploy.yaml", "labels: {app: web}", "web"),
                     place(client, "service.yaml", "selector: {app: web}", "web")]


async def test_rename_a_container_port_renames_the_target_port_of_the_service(client: LanguageClient):
    await start(client, SELECTED, 4)
    opened(client, "deploy.yaml")
    changes = await rename(client, at(client, "deploy.yaml", "{name: http,", "http"), "serve")
    assert sorted(changes) == sorted([uri(client, "deploy.yaml"), uri(client, "service.yaml")])
    assert applied(client, "deploy.yaml", changes[uri(client, "deploy.yaml")]) == WEB.replace(
        "http,", "serve,").replace("port: http}", "port: serve}")
    assert applied(client, "service.yaml", changes[uri(client, "service.yaml")]) == SERVICE.replace(
        "http", "serve")


def file_event(client: LanguageClient, name: str, kind: types.FileChangeType) -> None:
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=uri(client, name), type=kind)]))


async def test_a_file_changed_on_disk_is_read_again(client: LanguageClient):
    await start(client, WORKSPACE, OBJECT_COUNT)
    opened(client, "apps/deploy.yaml")
    cursor = at(client, "apps/deploy.yaml", "configMapRef: {name: settings}", "settings")
    assert await definition(client, cursor) == [place(client, "objects.yaml", "{name: settings,", "settings")]
    (client.root / "objects.yaml").write_text("# a comment above\n" + OBJECTS)
    file_event(client, "objects.yaml", types.FileChangeType.Changed)
    assert await definition(client, cursor) == [place(client, "objects.yaml", "{name: settings,", "settings")]
    (client.root / "objects.yaml").unlink()
    file_event(client, "objects.yaml", types.FileChangeType.Deleted)
    assert await definition(client, cursor) == []
    # A new file that declares it: found once the model has read it.
    await scanned(client, OBJECT_COUNT - 6)
    (client.root / "late.yaml").write_text(OBJECTS)
    file_event(client, "late.yaml", types.FileChangeType.Created)
    await scanned(client, OBJECT_COUNT)
    assert await definition(client, cursor) == [place(client, "late.yaml", "{name: settings,", "settings")]


async def test_broken_yaml_in_the_other_file(client: LanguageClient):
    """A broken document beside the object on disk; a half-typed line in the object's own
    document while its buffer is open."""
    broken = "apiVersion: v1\nkind: Pod\nspec:\n  containers: [\n---\n" + OBJECTS
    await start(client, {"objects.yaml": broken, "deploy.yaml": DEPLOYMENT}, 6 + 1)
    opened(client, "deploy.yaml")
    cursor = at(client, "deploy.yaml", "key: LOG_LEVEL", "LOG_LEVEL")
    assert await definition(client, cursor) == [place(client, "objects.yaml", "  LOG_LEVEL: info", "LOG_LEVEL")]
    half = broken.replace("  LOG_LEVEL: info\n", "  LOG_LEVEL: info\n  half: [\n")
    opened(client, "objects.yaml", half)
    assert await definition(client, cursor) == [
        place(client, "objects.yaml", "  LOG_LEVEL: info", "LOG_LEVEL", text=half)]


FLOW_OBJECTS = ('{apiVersion: v1, kind: ConfigMap, metadata: {name: settings, namespace: shop},'
                ' data: {LOG_LEVEL: info, "app.yaml": "a: 1"}}\n')
ANCHORED = wrap("Deployment", """\
containers:
  - name: app
    image: nginx
    envFrom: [{configMapRef: &settings {name: settings}}]
  - name: sidecar
    image: busybox
    envFrom: [{configMapRef: *settings}]
""", namespace="shop")


async def test_flow_style_and_anchors(client: LanguageClient):
    await start(client, {"objects.yaml": FLOW_OBJECTS, "deploy.yaml": ANCHORED}, 2)
    opened(client, "objects.yaml")
    declared = place(client, "objects.yaml", "{name: settings,", "settings")
    anchored = place(client, "deploy.yaml", "{name: settings}}]", "settings")
    assert await references(client, at(client, "objects.yaml", "{name: settings,", "settings"), True) == [
        declared, anchored]
    opened(client, "deploy.yaml")
    assert await definition(client, at(client, "deploy.yaml", "{name: settings}}]", "settings")) == [declared]


async def test_non_ascii_before_a_name_in_the_other_file(client: LanguageClient):
    """The target's range is in the units of its own file's line, not of the request's."""
    objects = ('apiVersion: v1\nkind: ConfigMap\nmetadata: {annotations: {note: "données 😀"}, name: settings,'
               ' namespace: shop}\ndata: {"clé😀": x, LOG_LEVEL: info}\n')
    await start(client, {"objects.yaml": objects, "deploy.yaml": DEPLOYMENT}, 2)
    opened(client, "deploy.yaml")
    assert await definition(client, at(client, "deploy.yaml", "configMapRef: {name: settings}", "settings")) == [
        place(client, "objects.yaml", "😀\"}, name: settings", "settings")]
    changes = await rename(client, at(client, "deploy.yaml", "key: LOG_LEVEL", "LOG_LEVEL"), "LEVEL")
    assert applied(client, "objects.yaml", changes[uri(client, "objects.yaml")]) == objects.replace(
        "LOG_LEVEL", "LEVEL")


KUSTOMIZATION = """\
namespace: shop
resources: [deploy.yaml]
configMapGenerator:
  - name: settings
    literals: [LOG_LEVEL=info, "app.yaml=a: 1"]
"""


async def test_a_kustomize_generator_declares_its_config_map(client: LanguageClient):
    await start(client, {"kustomization.yaml": KUSTOMIZATION, "deploy.yaml": DEPLOYMENT}, 2)
    opened(client, "deploy.yaml")
    assert await definition(client, at(client, "deploy.yaml", "configMapKeyRef: {name: settings", "settings")) == [
        place(client, "kustomization.yaml", "- name: settings", "settings")]
    assert await definition(client, at(client, "deploy.yaml", "key: LOG_LEVEL", "LOG_LEVEL")) == [
        place(client, "kustomization.yaml", "[LOG_LEVEL=info", "LOG_LEVEL")]
    changes = await rename(client, at(client, "deploy.yaml", "key: LOG_LEVEL", "LOG_LEVEL"), "yes")
    assert applied(client, "kustomization.yaml", changes[uri(client, "kustomization.yaml")]) == \
        KUSTOMIZATION.replace("LOG_LEVEL=", "yes=")
