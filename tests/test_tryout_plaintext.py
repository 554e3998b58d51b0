"""A client that renders no Markdown (Emacs' eglot without markdown-mode asks hover for
`plaintext` and names no documentation format) gets plain text, not stars, backticks and
table pipes; the others keep their Markdown. Over stdio."""

from __future__ import annotations

import asyncio

import pytest_lsp
from lsp_helpers import SERVER_COMMAND, TIMEOUT, open_doc, prepare
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from pod_ls.ide.plaintext import plain_text

URI = "file:///tmp/pod-ls-tests/plain.yaml"
POD = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  dnsPolicy: ClusterFirst\n  containers:\n"
       "    - name: a\n      image: nginx:1.27\n      resources: {requests: {cpu: 0.5}}\n      \n")


def _eglot_without_markdown() -> types.ClientCapabilities:
    """What eglot 1.9 sends when gfm-view-mode is not there: plain text hover, and completion
    items with no documentation format."""
    capabilities = client_capabilities("visual_studio_code")
    capabilities.text_document.hover.content_format = [types.MarkupKind.PlainText]
    capabilities.text_document.completion.completion_item.documentation_format = None
    return capabilities


CLIENTS = {"eglot": _eglot_without_markdown, "visual_studio_code": lambda: client_capabilities("visual_studio_code"),
           "neovim": lambda: client_capabilities("neovim")}


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND), params=list(CLIENTS))
async def client(lsp_client: LanguageClient, request):
    prepare(lsp_client)
    await lsp_client.initialize_session(types.InitializeParams(capabilities=CLIENTS[request.param]()))
    lsp_client.plain = request.param == "eglot"
    open_doc(lsp_client, URI, POD)
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def _hover(client: LanguageClient, line: int, character: int) -> types.MarkupContent:
    result = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line=line, character=character)))
    return result.contents


async def test_hover_in_the_format_the_client_shows(client: LanguageClient):
    field = await _hover(client, 5, 4)
    quantity = await _hover(client, 9, 36)
    if client.plain:
        assert field.kind == types.MarkupKind.PlainText
        assert field.value.startswith("dnsPolicy string · default ClusterFirst\n"), field.value
        assert "\n- ClusterFirst: The default." in field.value and "|" not in field.value
        assert "**" not in field.value + quantity.value and "`" not in field.value + quantity.value
        assert quantity.value.startswith("0.5 = 500m = 0.5 CPU cores"), quantity.value
    else:
        assert field.kind == types.MarkupKind.Markdown
        assert field.value.startswith("**dnsPolicy** `string`") and "| `ClusterFirst` |" in field.value


async def test_completion_documentation_in_the_format_the_client_shows(client: LanguageClient):
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line=10, character=6)))
    [probe] = [item for item in result.items if item.label == "livenessProbe"]
    if client.plain:
        assert isinstance(probe.documentation, str) and probe.documentation.startswith("livenessProbe Probe\n")
    else:
        assert probe.documentation.kind == types.MarkupKind.Markdown
        assert probe.documentation.value.startswith("**livenessProbe** `Probe`")


def test_plain_text_keeps_what_the_marks_held():
    markdown = ("**a** `b` · see [the docs](https://k8s.io/x) or [https://k8s.io](https://k8s.io)\n\n"
                "| value | meaning |\n|---|---|\n| `x` | one |\n| `y` | two | three |\n\n---\n\n2 * 3 ** 2")
    assert plain_text(markdown) == ("a b · see the docs (https://k8s.io/x) or https://k8s.io\n\n"
                                    "- x: one\n- y: two · three\n\n---\n\n2 * 3 ** 2")
