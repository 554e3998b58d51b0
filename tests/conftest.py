"""Shared test helpers: cursor-marked fixtures and the corpus location."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import pytest_lsp
from lsp_helpers import SERVER_COMMAND, TIMEOUT, prepare
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus" / "real"
CURSOR = "|"


def split_cursor(text: str, marker: str = "‸") -> tuple[str, int, int]:
    """Text with the cursor marker removed, and the (line, column) where it was."""
    index = text.index(marker)
    before = text[:index]
    line = before.count("\n")
    column = index - (before.rfind("\n") + 1)
    return text[:index] + text[index + len(marker):], line, column


@pytest.fixture
def fixture_text():
    def read(name: str) -> str:
        return (FIXTURES / name).read_text(encoding="utf-8")

    return read


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND),
                    params=["visual_studio_code", "neovim"])
async def client(lsp_client: LanguageClient, request):
    """The real server over stdio, initialized as VS Code and as Neovim would: the client of
    every module that does not set up its own."""
    prepare(lsp_client)
    await lsp_client.initialize_session(types.InitializeParams(capabilities=client_capabilities(request.param)))
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)
