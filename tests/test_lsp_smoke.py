from __future__ import annotations

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from lsp_helpers import SERVER_COMMAND, open_and_wait
from conftest import ROOT


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(types.InitializeParams(capabilities=types.ClientCapabilities()))
    yield
    await lsp_client.shutdown_session()


async def test_smoke(client: LanguageClient):
    text = (ROOT / "examples" / "pod.yaml").read_text()
    diags = await open_and_wait(client, "file:///tmp/x/pod.yaml", text)
    print([(d.code, d.range.start.line, d.message) for d in diags])
    assert len(diags) == 4
