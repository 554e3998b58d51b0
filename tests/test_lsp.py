"""End to end: the real server over stdio, driven as an editor drives it."""

from __future__ import annotations

import asyncio

import pytest_lsp
from conftest import ROOT
from lsp_helpers import (
    SERVER_COMMAND,
    TIMEOUT,
    by_code,
    change,
    change_and_wait,
    next_publish,
    open_and_wait,
    open_doc,
    prepare,
)
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from workloads import wrap

URI = "file:///tmp/pod-ls-tests/pod.yaml"
EXAMPLE = (ROOT / "examples" / "pod.yaml").read_text()
CONTAINER = "containers:\n  - name: app\n    image: nginx:1.27\n"


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER_COMMAND),
    params=["visual_studio_code", "neovim"],
)
async def client(lsp_client: LanguageClient, request):
    """Both real-world capability sets: VS Code (push only) and Neovim 0.11 (pull, no refresh)."""
    prepare(lsp_client)
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities(request.param)))
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_diagnostics_of_the_example_have_codes_sources_and_precise_ranges(client: LanguageClient):
    diagnostics = await open_and_wait(client, URI, EXAMPLE)
    found = {str(d.code): d for d in diagnostics}
    assert set(found) == {"subdomain-headless-service", "dns-none-without-config", "unknown-field",
                          "probe-success-threshold"}
    assert all(d.source == "pod-ls" for d in diagnostics)
    assert found["probe-success-threshold"].range == types.Range(
        start=types.Position(line=21, character=26), end=types.Position(line=21, character=27))
    assert found["unknown-field"].range == types.Range(
        start=types.Position(line=13, character=6), end=types.Position(line=13, character=20))
    assert found["dns-none-without-config"].severity == types.DiagnosticSeverity.Error
    assert found["subdomain-headless-service"].severity == types.DiagnosticSeverity.Warning


async def test_changes_update_and_close_clears(client: LanguageClient):
    await open_and_wait(client, URI, EXAMPLE)
    fixed = EXAMPLE.replace("successThreshold: 3", "successThreshold: 1").replace("imagePullPolcy", "imagePullPolicy")
    diagnostics = await change_and_wait(client, URI, 2, fixed)
    assert set(by_code(diagnostics)) == {"subdomain-headless-service", "dns-none-without-config"}
    since = len(client.published)
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=URI)))
    assert await next_publish(client, URI, since) == []


async def test_incremental_edit(client: LanguageClient):
    await open_and_wait(client, URI, EXAMPLE)
    line = EXAMPLE.splitlines().index("        successThreshold: 3")
    since = len(client.published)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=2),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=line, character=26),
                              end=types.Position(line=line, character=27)), text="1")]))
    diagnostics = await next_publish(client, URI, since, version=2)
    assert "probe-success-threshold" not in by_code(diagnostics)
    assert "unknown-field" in by_code(diagnostics)


async def test_one_change_notification_with_a_thousand_changes(client: LanguageClient):
    """A multi-cursor edit: 1,000 Pods' `successThreshold: 3` become 1 in one didChange."""
    pods = "---\n".join([EXAMPLE] * 1_000)
    await open_and_wait(client, URI, pods)
    lines = pods.split("\n")
    at = [n for n, text in enumerate(lines) if text == "        successThreshold: 3"]
    assert len(at) == 1_000
    since = len(client.published)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=2),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=line, character=26),
                              end=types.Position(line=line, character=27)), text="1") for line in at]))
    # A big file's diagnostics come in steps; the last has one unknown field per Pod.
    diagnostics = await next_publish(client, URI, since, version=2,
                                     predicate=lambda found: len(by_code(found).get("unknown-field", ())) == 1_000)
    assert "probe-success-threshold" not in by_code(diagnostics)


async def test_a_syntax_error_is_one_diagnostic_and_other_documents_keep_working(client: LanguageClient):
    text = "apiVersion: v1\nkind: Pod\nspec:\n  containers: [\n---\n" + wrap("Pod", "dnsPolicy: None\n" + CONTAINER)
    diagnostics = await open_and_wait(client, URI, text)
    codes = by_code(diagnostics)
    assert len(codes["yaml-syntax"]) == 1 and len(codes["dns-none-without-config"]) == 1
    assert codes["yaml-syntax"][0].range.start.line in (3, 4)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line=10, character=4)))
    assert hover is not None and "dnsPolicy" in hover.contents.value


async def test_completion_of_keys_and_values(client: LanguageClient):
    text = "apiVersion: v1\nkind: Pod\nspec:\n  dnsPolicy: \n  containers:\n    - name: a\n      livenessP\n"
    open_doc(client, URI, text)
    values = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line=3, character=13)))
    assert [i.label for i in values.items] == ["ClusterFirst", "Default", "ClusterFirstWithHostNet", "None"]
    assert values.items[0].documentation.kind == types.MarkupKind.Markdown
    keys = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line=6, character=15)))
    probe = next(i for i in keys.items if i.label == "livenessProbe")
    assert probe.text_edit.range.start == types.Position(line=6, character=6)
    assert probe.text_edit.new_text.startswith("livenessProbe:\n  httpGet:")  # a body (tests/test_completion_lsp.py)
    assert "name" not in [i.label for i in keys.items]


async def test_hover_on_keys_and_values(client: LanguageClient):
    open_doc(client, URI, EXAMPLE)
    line = EXAMPLE.splitlines().index("  dnsPolicy: None")
    key = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line=line, character=4)))
    assert key.contents.value.startswith("**dnsPolicy**")
    assert key.range == types.Range(start=types.Position(line=line, character=2),
                                    end=types.Position(line=line, character=11))
    value = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line=line, character=14)))
    assert "dnsConfig" in value.contents.value


async def test_opening_the_service_file_updates_the_pod(client: LanguageClient):
    pod = wrap("Pod", "hostname: h\nsubdomain: web\n" + CONTAINER, "shop")
    assert "subdomain-headless-service" in by_code(await open_and_wait(client, URI, pod))
    svc_uri = "file:///tmp/pod-ls-tests/svc.yaml"
    service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  clusterIP: None\n"
    since = len(client.published)
    open_doc(client, svc_uri, service)
    assert await next_publish(client, URI, since) == []
    # The Service stops being headless: the Pod's warning comes back.
    since = len(client.published)
    change(client, svc_uri, 2, service.replace("None", "10.0.0.1"))
    [warning] = await next_publish(client, URI, since)
    assert "not headless" in warning.message
    # Closing the Service's buffer (no such file on disk) takes the Service away.
    since = len(client.published)
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=svc_uri)))
    [warning] = await next_publish(client, URI, since)
    assert "No Service named 'web'" in warning.message


async def test_unknown_documents_and_positions_are_harmless(client: LanguageClient):
    other = types.TextDocumentIdentifier(uri="file:///tmp/pod-ls-tests/never-opened.yaml")
    assert await client.text_document_hover_async(types.HoverParams(
        text_document=other, position=types.Position(line=0, character=0))) is None
    assert await client.text_document_completion_async(types.CompletionParams(
        text_document=other, position=types.Position(line=0, character=0))) is None
    open_doc(client, URI, EXAMPLE)
    for position in (types.Position(line=500, character=0), types.Position(line=3, character=900)):
        await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=URI), position=position))
        await client.text_document_completion_async(types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=URI), position=position))
    report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=other))
    assert list(report.items) == []


async def test_crlf_file(client: LanguageClient):
    text = EXAMPLE.replace("\n", "\r\n")
    diagnostics = await open_and_wait(client, URI, text)
    probe = by_code(diagnostics)["probe-success-threshold"][0]
    assert probe.range.start == types.Position(line=21, character=26)
    line = EXAMPLE.splitlines().index("  dnsPolicy: None")
    items = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line=line, character=13)))
    assert "ClusterFirst" in [i.label for i in items.items]


async def test_code_actions_fix_and_silence(client: LanguageClient):
    diagnostics = await open_and_wait(client, URI, EXAMPLE)
    probe = next(d for d in diagnostics if d.code == "probe-success-threshold")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=URI), range=probe.range,
        context=types.CodeActionContext(diagnostics=[probe])))
    by_title = {a.title: a for a in actions}
    fix = by_title["Set successThreshold to 1"]
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
    [edit] = fix.edit.changes[URI]
    assert edit.new_text == "1" and edit.range == probe.range
    silence = by_title["Disable probe-success-threshold for this line"]
    [comment] = silence.edit.changes[URI]
    assert comment.new_text == "  # pod-ls: disable=probe-success-threshold"
    # The server honours the comment once the client applies the edit.
    lines = EXAMPLE.split("\n")
    lines[probe.range.start.line] += comment.new_text
    remaining = await change_and_wait(client, URI, 2, "\n".join(lines))
    assert "probe-success-threshold" not in by_code(remaining)


async def test_inlay_hint_shows_the_qos_class(client: LanguageClient):
    open_doc(client, URI, EXAMPLE)
    hints = await client.text_document_inlay_hint_async(types.InlayHintParams(
        text_document=types.TextDocumentIdentifier(uri=URI),
        range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=40, character=0))))
    [hint] = [h for h in hints if isinstance(h.label, str) and h.label.startswith("QoS")]
    assert hint.label == "QoS: BestEffort" and hint.position.line == EXAMPLE.split("\n").index("spec:")
