"""The server's own start-up work waits for the editor: the helper process and the code of the
other requests are loaded once the first diagnostics are out and the client has gone quiet,
not while an editor that has just opened a file keeps asking (it needs the cores to show the
diagnostics), and a hover meanwhile is answered all the same."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from lsp_helpers import TIMEOUT, codes, next_publish, open_doc
from lsprotocol import types
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
