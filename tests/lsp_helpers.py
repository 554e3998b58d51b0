"""Helpers for the end-to-end tests that drive the real server over stdio."""

from __future__ import annotations

import asyncio
import sys

from lsprotocol import types
from pytest_lsp import LanguageClient

SERVER_COMMAND = [sys.executable, "-m", "pod_ls"]
TIMEOUT = 10


def open_doc(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=version, text=text)))


async def open_and_wait(client: LanguageClient, uri: str, text: str) -> list[types.Diagnostic]:
    """Open a document and return the diagnostics published for it."""
    waiter = client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    open_doc(client, uri, text)
    await wait_for_uri(client, uri, waiter)
    return client.diagnostics[uri]


async def wait_for_uri(client: LanguageClient, uri: str, waiter=None, version: int | None = None):
    """Wait until diagnostics for `uri` (and `version`, if given) have been published."""
    async def until() -> None:
        nonlocal waiter
        while True:
            params = await (waiter or client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS))
            waiter = None
            if params.uri == uri and (version is None or params.version == version):
                return
    await asyncio.wait_for(until(), TIMEOUT)


async def change_and_wait(client: LanguageClient, uri: str, version: int, text: str) -> list[types.Diagnostic]:
    waiter = client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
    await wait_for_uri(client, uri, waiter, version)
    return client.diagnostics[uri]


def by_code(diagnostics: list[types.Diagnostic]) -> dict[str, list[types.Diagnostic]]:
    out: dict[str, list[types.Diagnostic]] = {}
    for d in diagnostics:
        out.setdefault(str(d.code), []).append(d)
    return out
