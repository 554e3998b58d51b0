"""The server's start-up work is ordered for the editor: what the first diagnostics need is
loaded while the server waits for `initialize` (VS Code spawns it before it is ready to send
it)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from lsp_helpers import SERVER_COMMAND, TIMEOUT, codes, plain_client
from lsprotocol import types

URI = "file:///tmp/start-order/pod.yaml"
POD = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  dnsPolicy: None\n"
       "  containers:\n  - name: a\n    image: a:1\n")


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads /proc")
async def test_a_server_waiting_for_initialize_loads_the_settings_model_meanwhile():
    client, published = plain_client("start-order")

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
