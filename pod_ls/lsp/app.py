"""The server with every handler registered: the one module that knows both, so the handler
modules import the server's class and the server imports none of them."""

from __future__ import annotations

from .handlers import actions, diagnostics, language, navigation, structure, symbols, sync, workspace
from .server import PodLanguageServer


def create_server() -> PodLanguageServer:
    server = PodLanguageServer()
    for module in (sync, diagnostics, language, actions, structure, workspace, symbols, navigation):
        module.register(server)
    return server
