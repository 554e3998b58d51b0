"""The first diagnostics of a file opened at start-up come with the client's own settings: the
server asks for them on `initialized`, and what it opens meanwhile waits for the answer (at
most a second), instead of showing the defaults' findings and then others."""

from __future__ import annotations

import asyncio

import pytest_lsp
from lsp_helpers import SERVER_COMMAND, TIMEOUT, next_publish, open_doc, prepare
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

URI = "untitled:sidecar.yaml"
TEXT = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n  - name: side\n"
        "    image: busybox:1.36\n    restartPolicy: Always\n  containers:\n  - name: app\n    image: nginx:1.27\n")
"""A sidecar: no finding in the default (latest) version, unknown-field in 1.27."""


def answering(client: LanguageClient, after: float) -> None:
    """The client answers workspace/configuration with kubernetesVersion 1.27, `after` seconds
    late (an editor busy starting up)."""
    async def configuration(params: types.ConfigurationParams) -> list[object]:
        await asyncio.sleep(after)
        return [{"kubernetesVersion": "1.27"} for _ in params.items]

    def refreshed(params: None) -> None:
        return None

    client.protocol.fm.features[types.WORKSPACE_CONFIGURATION] = configuration
    client.protocol.fm.features[types.WORKSPACE_INLAY_HINT_REFRESH] = refreshed
    client.protocol.fm.features[types.WORKSPACE_DIAGNOSTIC_REFRESH] = refreshed


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def pushed(lsp_client: LanguageClient):
    prepare(lsp_client)
    answering(lsp_client, 0.3)
    await lsp_client.initialize_session(types.InitializeParams(capabilities=client_capabilities("neovim")))
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_the_first_push_has_the_clients_settings(pushed: LanguageClient):
    open_doc(pushed, URI, TEXT)
    first = await next_publish(pushed, URI, 0)
    assert [d.code for d in first] == ["unknown-field"], first


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def pulled(lsp_client: LanguageClient):
    prepare(lsp_client)
    answering(lsp_client, 0.3)

    capabilities = client_capabilities("visual_studio_code")
    capabilities.text_document.diagnostic = types.DiagnosticClientCapabilities(related_document_support=True)
    capabilities.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    await lsp_client.initialize_session(types.InitializeParams(capabilities=capabilities))
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_the_first_pull_has_the_clients_settings(pulled: LanguageClient):
    open_doc(pulled, URI, TEXT)
    report = await asyncio.wait_for(pulled.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=URI))), TIMEOUT)
    assert [d.code for d in report.items] == ["unknown-field"], report
