"""The awkward files' fixes as VS Code gets them from the real server (UTF-16 columns, the
file's own line breaks), applied as VS Code applies them, and judged as in test_fix_safety."""

from __future__ import annotations

import asyncio

import pytest_lsp
from fixing import apply_edits, edits_from_client, judge
from lsp_helpers import SERVER_COMMAND, TIMEOUT, open_and_wait, prepare
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from test_fix_safety import AWKWARD

from pod_ls.findings import Fix


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def client(lsp_client: LanguageClient):
    prepare(lsp_client)
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual_studio_code")))
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_every_fix_the_server_offers_for_the_awkward_files_is_safe(client: LanguageClient):
    failures, applied = [], 0
    for number, (name, text) in enumerate(AWKWARD.items()):
        uri = f"file:///tmp/pod-ls-fix-safety/{number}.yaml"
        for diagnostic in await open_and_wait(client, uri, text):
            actions = await client.text_document_code_action_async(types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri), range=diagnostic.range,
                context=types.CodeActionContext(diagnostics=[diagnostic])))
            for action in actions or []:
                if action.diagnostics[0].code != diagnostic.code or action.diagnostics[0].range != diagnostic.range:
                    continue  # another finding's fix: judged with its own diagnostic
                edits = edits_from_client(text, action.edit.changes[uri])
                after = apply_edits(text, edits)
                fix = Fix(action.title, tuple(edits), bool(action.is_preferred))
                applied += 1
                if not (verdict := judge(text, after, str(diagnostic.code), fix)):
                    failures.append(f"{name}: {action.title}: {verdict.problems}\n{after}")
        client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))
    assert applied > 200
    assert not failures, "\n\n".join(failures[:10])
