"""Helpers for the end-to-end tests that drive the real server over stdio."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import attrs
from lsprotocol import types
from pygls.lsp.client import LanguageClient as PlainClient
from pytest_lsp import LanguageClient, client_capabilities

from pod_ls.lsp.paths import path_to_uri

SERVER_COMMAND = [sys.executable, "-m", "pod_ls"]
TIMEOUT = 10


def plain_client(name: str) -> tuple[PlainClient, asyncio.Future]:
    """A pygls client outside pytest-lsp's session (to start the server as an editor does,
    with its own command or environment) and the future of the first diagnostics it is sent."""
    client = PlainClient(name, "1")
    published: asyncio.Future = asyncio.get_running_loop().create_future()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(params: types.PublishDiagnosticsParams) -> None:
        if not published.done():
            published.set_result(params.diagnostics)

    return client, published


async def initialize_in(client: LanguageClient, folder: Path) -> None:
    """Start a VS Code-like session on one workspace folder; `client.root` is that folder and
    `client.registrations` what the server registers."""
    client.registrations = prepare(client)
    client.root = folder
    await client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual_studio_code"),
        workspace_folders=[types.WorkspaceFolder(uri=path_to_uri(folder), name=folder.name)]))


def prepare(client: LanguageClient) -> list[types.Registration]:
    """Make the test client behave like an editor: accept client/registerCapability, and keep
    every publishDiagnostics in order (`client.published`) so no publish can be missed.

    Returns the registrations the server makes.
    """
    registrations: list[types.Registration] = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        registrations.extend(params.registrations)

    published: list[types.PublishDiagnosticsParams] = []
    handle = client.protocol._handle_notification

    def record(method: str, params) -> None:
        if method == types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS:
            published.append(params)
        handle(method, params)

    client.protocol._handle_notification = record
    client.published = published
    return registrations


async def next_publish(client: LanguageClient, uri: str, since: int, version: int | None = None,
                       predicate=None) -> list[types.Diagnostic]:
    """Diagnostics of the first publish for `uri` after index `since` of `client.published`
    that matches `version` and `predicate`."""
    async def poll() -> list[types.Diagnostic]:
        index = since
        while True:
            while index < len(client.published):
                params = client.published[index]
                index += 1
                if params.uri != uri or (version is not None and params.version != version):
                    continue
                diagnostics = list(params.diagnostics)
                if predicate is None or predicate(diagnostics):
                    return diagnostics
            await asyncio.sleep(0.01)

    return await asyncio.wait_for(poll(), TIMEOUT)


def open_doc(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=version, text=text)))


async def open_and_wait(client: LanguageClient, uri: str, text: str) -> list[types.Diagnostic]:
    """Open a document and return the diagnostics published for it."""
    since = len(client.published)
    open_doc(client, uri, text)
    return await next_publish(client, uri, since)


def change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


async def change_and_wait(client: LanguageClient, uri: str, version: int, text: str) -> list[types.Diagnostic]:
    since = len(client.published)
    change(client, uri, version, text)
    return await next_publish(client, uri, since, version)


def codes(diagnostics: list[types.Diagnostic]) -> set[str]:
    return {str(d.code) for d in diagnostics}


def by_code(diagnostics: list[types.Diagnostic]) -> dict[str, list[types.Diagnostic]]:
    out: dict[str, list[types.Diagnostic]] = {}
    for d in diagnostics:
        out.setdefault(str(d.code), []).append(d)
    return out


def without_related(diagnostics: list[types.Diagnostic]) -> list[types.Diagnostic]:
    """The diagnostics without their related places, which name their file: to compare a
    buffer's with those of the same text opened under another name."""
    return [attrs.evolve(d, related_information=None) for d in diagnostics]
