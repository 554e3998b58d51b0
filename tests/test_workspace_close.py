"""End to end: closing a big file while its first analysis runs frees it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest_lsp
from lsp_helpers import SERVER_COMMAND, TIMEOUT, next_publish, open_doc, prepare
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from workloads import wrap

C = "containers:\n  - name: app\n    image: nginx:1.27\n"
BIG = "---\n".join(wrap("Pod", f"dnsPolicy: None\n{C}").replace("name: p", f"name: p{i}") for i in range(25_000))
"""3 MB of distinct Pods, each with a finding: the first step is published while the rest is read."""


def server_rss(client: LanguageClient) -> float:
    """The server process's resident memory in MB (Linux)."""
    status = Path(f"/proc/{client._server.pid}/status").read_text()
    [kilobytes] = [line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")]
    return int(kilobytes) / 1024


async def settled(client: LanguageClient, uri: str) -> None:
    """Returns once the server has handled everything sent before: a request is answered in turn."""
    await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=0))),
        TIMEOUT)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def client(lsp_client: LanguageClient):
    prepare(lsp_client)
    await lsp_client.initialize_session(types.InitializeParams(capabilities=client_capabilities("neovim")))
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_closing_a_file_during_its_first_analysis_frees_it(client: LanguageClient):
    uri = "file:///tmp/pod-ls-close/big.yaml"
    samples = []
    for _ in range(16):
        since = len(client.published)
        open_doc(client, uri, BIG)
        partial = await next_publish(client, uri, since)  # the first step: the rest is being read
        assert partial
        since = len(client.published)
        client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))
        assert await next_publish(client, uri, since) == []
        await settled(client, uri)
        samples.append(server_rss(client))
    # The first reads grow the heap that later ones reuse (it levels off within ten); each
    # document kept alive would add 10 MB or more.
    assert samples[-1] - samples[7] < 15, samples
