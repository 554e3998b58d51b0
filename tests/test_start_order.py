"""The server's start-up work is ordered for the editor: what the first diagnostics need is
loaded while the server waits for `initialize` (VS Code spawns it before it is ready to send
it), and the helper process once the first diagnostics are out and the client has gone quiet,
not while an editor that has just opened a file keeps asking (it needs the cores to show the
diagnostics); a hover meanwhile is answered all the same."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from lsp_helpers import SERVER_COMMAND, TIMEOUT, codes, next_publish, open_doc
from lsprotocol import types
from pygls.lsp.client import LanguageClient as PlainClient
from pytest_lsp import LanguageClient
from test_helper import _children, needs_two_cores

from pod_ls.lsp.server import SETTLE_SECONDS

URI = "file:///tmp/start-order/pod.yaml"
POD = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  dnsPolicy: None\n"
       "  containers:\n  - name: a\n    image: a:1\n")


def _helpers(client: LanguageClient) -> list[int]:
    return [pid for pid, command in _children(client._server.pid) if "pod_ls.analysis.helper" in command]


async def _first_diagnostics(client: LanguageClient) -> set[str]:
    """The document's first diagnostics, pulled from a client that can be told to pull again
    (VS Code), else pushed (Neovim)."""
    workspace = client.capabilities.workspace
    if workspace and workspace.diagnostics and workspace.diagnostics.refresh_support:
        report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=URI)))
        return codes(report.items)
    return codes(await next_publish(client, URI, 0))


@needs_two_cores
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
async def test_the_helper_starts_once_the_client_is_quiet_after_the_first_diagnostics(client: LanguageClient):
    open_doc(client, URI, POD)
    assert "dns-none-without-config" in await _first_diagnostics(client)
    # An editor's burst of requests after the open: one after the other for twice the pause.
    busy_until = time.monotonic() + 2 * SETTLE_SECONDS
    while time.monotonic() < busy_until:
        hover = await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line=5, character=3)))
        assert hover is not None
        assert not _helpers(client), "the helper started while the client was still asking"
    deadline = time.monotonic() + TIMEOUT
    while not _helpers(client):
        assert time.monotonic() < deadline, "no helper process once the client went quiet"
        await asyncio.sleep(0.05)


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads /proc")
async def test_a_server_waiting_for_initialize_loads_the_settings_model_meanwhile():
    client = PlainClient("start-order", "1")
    published: asyncio.Future = asyncio.get_running_loop().create_future()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(params: types.PublishDiagnosticsParams) -> None:
        if not published.done():
            published.set_result(params.diagnostics)

    await client.start_io(*SERVER_COMMAND)
    try:
        maps = Path(f"/proc/{client._server.pid}/maps")
        deadline = time.monotonic() + TIMEOUT
        while "_pydantic_core" not in maps.read_text():
            assert time.monotonic() < deadline, "pydantic was not loaded while the server waited"
            await asyncio.sleep(0.05)
        await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
        client.initialized(types.InitializedParams())
        client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
            uri=URI, language_id="yaml", version=1, text=POD)))
        assert "dns-none-without-config" in codes(await asyncio.wait_for(published, TIMEOUT))
    finally:
        await asyncio.wait_for(client.shutdown_async(None), TIMEOUT)
        client.exit(None)
        await client.stop()
