"""End to end: pull diagnostics, position encodings, settings and the workspace."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import pytest_lsp
from lsp_helpers import (
    SERVER_COMMAND,
    TIMEOUT,
    by_code,
    codes,
    initialize_in,
    next_publish,
    open_and_wait,
    open_doc,
    prepare,
)
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from workloads import wrap

from pod_ls.lsp.paths import path_to_uri

CONTAINER = "containers:\n  - name: app\n    image: nginx:1.27\n"
SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  clusterIP: None\n"


def _pull_capabilities() -> types.ClientCapabilities:
    caps = client_capabilities("neovim")
    caps.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    return caps


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def pull_client(lsp_client: LanguageClient):
    prepare(lsp_client)
    await lsp_client.initialize_session(types.InitializeParams(capabilities=_pull_capabilities()))
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def _pull(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    assert report.kind == "full" and report.result_id
    return report.items


async def test_pull_diagnostics_and_refresh_when_a_service_appears(pull_client: LanguageClient):
    uri = "file:///tmp/pod-ls-pull/pod.yaml"
    open_doc(pull_client, uri, wrap("Pod", "hostname: h\nsubdomain: web\ndnsPolicy: None\n" + CONTAINER))
    items = await _pull(pull_client, uri)
    assert set(by_code(items)) == {"subdomain-headless-service", "dns-none-without-config"}
    open_doc(pull_client, "file:///tmp/pod-ls-pull/svc.yaml", SERVICE)

    async def refreshed() -> None:
        while pull_client.diagnostic_refresh_count == 0:
            await asyncio.sleep(0.02)

    await asyncio.wait_for(refreshed(), TIMEOUT)
    assert set(by_code(await _pull(pull_client, uri))) == {"dns-none-without-config"}
    assert pull_client.published == []  # nothing was pushed


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def utf16_client(lsp_client: LanguageClient):
    prepare(lsp_client)
    caps = client_capabilities("visual_studio_code")
    caps.general = types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf16])
    await lsp_client.initialize_session(types.InitializeParams(capabilities=caps))
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_ranges_are_in_utf16_units(utf16_client: LanguageClient):
    text = ('apiVersion: v1\nkind: Pod\nmetadata:\n  annotations: {note: "🚀🚀", x: "1"}\n  name: u\nspec:\n'
            '  containers:\n  - {name: a, image: "🚀:1", imagePullPolicy: bad}\n')
    [diagnostic] = await open_and_wait(utf16_client, "file:///tmp/u16.yaml", text)
    line = text.splitlines()[7]
    code_points = line.index("bad")
    assert diagnostic.range.start == types.Position(line=7, character=code_points + 1)  # 🚀 is 2 units
    hover = await utf16_client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri="file:///tmp/u16.yaml"),
        position=types.Position(line=7, character=code_points + 1 - 10)))
    assert hover is not None and "imagePullPolicy" in hover.contents.value


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def configured_client(lsp_client: LanguageClient):
    prepare(lsp_client)
    lsp_client.set_configuration({"rules": {"subdomain-headless-service": "off"}}, section="podls")
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual_studio_code"),
        initialization_options={"rules": {"dns-none-without-config": "warning"}}))
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_settings_from_init_options_and_configuration(configured_client: LanguageClient):
    uri = "file:///tmp/cfg/pod.yaml"
    since = len(configured_client.published)
    open_doc(configured_client, uri, wrap("Pod", "hostname: h\nsubdomain: web\ndnsPolicy: None\n" + CONTAINER))
    # The client's configuration may arrive after the open: the server then checks again.
    [dns] = await next_publish(configured_client, uri, since,
                               predicate=lambda found: [d.code for d in found] == ["dns-none-without-config"])
    assert dns.code == "dns-none-without-config" and dns.severity == types.DiagnosticSeverity.Warning
    # Switching the rule off through the client's configuration re-checks open documents.
    configured_client.set_configuration({"rules": {"dns-none-without-config": "off",
                                                   "subdomain-headless-service": "off"}}, section="podls")
    since = len(configured_client.published)
    configured_client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    assert await next_publish(configured_client, uri, since) == []


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def badly_configured_client(lsp_client: LanguageClient):
    prepare(lsp_client)
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual_studio_code"),
        initialization_options={"rules": {"dns-none-without-config": "loud"}, "bogus": 1}))
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_invalid_settings_are_reported_and_defaults_used(badly_configured_client: LanguageClient):
    diagnostics = await open_and_wait(badly_configured_client, "file:///tmp/bad/pod.yaml",
                                      wrap("Pod", "dnsPolicy: None\n" + CONTAINER))
    assert [d.code for d in diagnostics] == ["dns-none-without-config"]
    [message] = badly_configured_client.messages
    assert message.type == types.MessageType.Warning
    assert "rules.dns-none-without-config" in message.message and "bogus" in message.message


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "services").mkdir()
    (tmp_path / "services" / "web.yaml").write_text(SERVICE)
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "db.yaml").write_text(SERVICE.replace("name: web", "name: db"))
    return tmp_path


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def workspace_client(lsp_client: LanguageClient, workspace: Path):
    await initialize_in(lsp_client, workspace)
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_services_from_the_workspace_scan_and_file_events(workspace_client: LanguageClient):
    root: Path = workspace_client.root
    uri = path_to_uri(root / "pod.yaml")
    open_doc(workspace_client, uri, wrap("Pod", "hostname: h\nsubdomain: web\n" + CONTAINER))
    # The scan runs beside the first analysis; once it is done the Pod is clean.
    await next_publish(workspace_client, uri, 0, predicate=lambda d: codes(d) == set())
    assert any(r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES for r in workspace_client.registrations)

    # The Service file is deleted on disk: the warning appears.
    (root / "services" / "web.yaml").unlink()
    since = len(workspace_client.published)
    workspace_client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=path_to_uri(root / "services" / "web.yaml"), type=types.FileChangeType.Deleted)]))
    assert codes(await next_publish(workspace_client, uri, since)) == {"subdomain-headless-service"}

    # A new file declares it again.
    (root / "again.yml").write_text(SERVICE)
    since = len(workspace_client.published)
    workspace_client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=path_to_uri(root / "again.yml"), type=types.FileChangeType.Created)]))
    assert await next_publish(workspace_client, uri, since) == []


async def test_the_scan_skips_excluded_folders(workspace_client: LanguageClient):
    uri = path_to_uri(workspace_client.root / "pod.yaml")
    # Wait for the scan to be over: it found web (in services/) but not db (in node_modules/).
    probe_uri = path_to_uri(workspace_client.root / "probe.yaml")
    open_doc(workspace_client, probe_uri, wrap("Pod", "hostname: h\nsubdomain: web\n" + CONTAINER))
    await next_publish(workspace_client, probe_uri, 0, predicate=lambda d: d == [])
    diagnostics = await open_and_wait(workspace_client, uri, wrap("Pod", "hostname: h\nsubdomain: db\n" + CONTAINER))
    assert codes(diagnostics) == {"subdomain-headless-service"}


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def folderless_client(lsp_client: LanguageClient):
    prepare(lsp_client)
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("neovim")))
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_without_workspace_folders_the_files_beside_are_read(folderless_client: LanguageClient,
                                                                   tmp_path: Path):
    (tmp_path / "svc.yaml").write_text(SERVICE)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "db.yaml").write_text(SERVICE.replace("name: web", "name: db"))
    uri = path_to_uri(tmp_path / "pod.yaml")
    open_doc(folderless_client, uri, wrap("Pod", "hostname: h\nsubdomain: web\n" + CONTAINER))
    await next_publish(folderless_client, uri, 0, predicate=lambda d: d == [])
    # Only the folder itself is read, not the folders below it.
    diagnostics = await open_and_wait(folderless_client, path_to_uri(tmp_path / "db-pod.yaml"),
                                      wrap("Pod", "hostname: h\nsubdomain: db\n" + CONTAINER))
    assert codes(diagnostics) == {"subdomain-headless-service"}
