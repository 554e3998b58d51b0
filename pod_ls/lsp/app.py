"""The server with every handler registered: the one module that knows both, so the handler
modules import the server's class and the server imports none of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .handlers import actions, diagnostics, language, navigation, structure, symbols, sync, workspace
from .server import PodLanguageServer

if TYPE_CHECKING:
    from .codecache import CodeCache


def create_server(code_cache: CodeCache | None = None) -> PodLanguageServer:
    server = PodLanguageServer()
    server.code_cache = code_cache
    for module in (sync, diagnostics, language, actions, structure, workspace, symbols, navigation):
        module.register(server)
    return server
