"""End to end: diagnostics that explain themselves, as editors get them over stdio. VS Code's
and Neovim's capabilities, and a client that shows neither related places nor tags: links to
the rule's section for all, relatedInformation and the Deprecated tag only where the client
takes them, `source.fixAll.pod-ls` applied and asked again, and a Service made headless in
its own file."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest_lsp
from conftest import ROOT
from fixing import apply_edits, edits_from_client
from lsp_helpers import (
    SERVER_COMMAND,
    TIMEOUT,
    change_and_wait,
    initialize_in,
    next_publish,
    open_and_wait,
    open_doc,
    prepare,
)
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from test_explain import anchors
from test_fix_safety import AWKWARD
from workloads import wrap

from pod_ls.lsp.paths import path_to_uri
from pod_ls.settings_files import DEFAULT_DOCS_URL

POD_URI = "file:///tmp/pod-ls-explain/pod.yaml"
SERVICE_URI = "file:///tmp/pod-ls-explain/service.yaml"
EXAMPLE = (ROOT / "examples" / "pod.yaml").read_text()
C = "containers:\n  - name: app\n    image: nginx:1.27\n"
DUPLICATE_AND_DEPRECATED = wrap("Pod", "serviceAccountName: a\nserviceAccount: b\n" + C
                                + "  - {image: \"b:1\", name: app}  # ✨ again\n")
SERVICE = ("apiVersion: v1\nkind: Service\nmetadata: {annotations: {note: \"🚀 é\"}, name: web}\n"
           "spec:\n  # the port\n  ports: [{port: 80}]\n")
POD = wrap("Pod", "hostname: h\nsubdomain: web\n" + C)
SAFE = wrap("Deployment", "restartPolicy: Never\n" + C + "    env: [{name: PORT, value: 8080}]  # 🚀\n")


def name_column(encoding: str | None) -> int:
    """Where the Service's name starts on its line, in the units the server chose: the rocket
    and the accent before it count as 2 and 1 in UTF-16, 4 and 2 in UTF-8."""
    line = SERVICE.split("\n")[2]
    before = line[:line.index("name: web") + len("name: ")]
    encoding = encoding or types.PositionEncodingKind.Utf16
    if encoding == types.PositionEncodingKind.Utf8:
        return len(before.encode("utf-8"))
    return len(before.encode("utf-16-le")) // 2 if encoding == types.PositionEncodingKind.Utf16 else len(before)


def bare() -> types.ClientCapabilities:
    """VS Code's capabilities without relatedInformation and tagSupport."""
    capabilities = client_capabilities("visual_studio_code")
    capabilities.text_document.publish_diagnostics = types.PublishDiagnosticsClientCapabilities()
    return capabilities


CAPABILITIES = {"visual_studio_code": lambda: client_capabilities("visual_studio_code"),
                "neovim": lambda: client_capabilities("neovim"), "bare": bare}


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND), params=list(CAPABILITIES))
async def client(lsp_client: LanguageClient, request):
    prepare(lsp_client)
    lsp_client.shows_more = request.param != "bare"
    result = await lsp_client.initialize_session(types.InitializeParams(capabilities=CAPABILITIES[request.param]()))
    lsp_client.served = result.capabilities
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_every_diagnostic_links_to_its_rule_s_section(client: LanguageClient):
    diagnostics = await open_and_wait(client, POD_URI, EXAMPLE)
    markdown = (ROOT / "docs" / "rules.md").read_text()
    assert len(diagnostics) == 4
    for diagnostic in diagnostics:
        page, _, anchor = diagnostic.code_description.href.partition("#")
        assert page == DEFAULT_DOCS_URL and anchor == diagnostic.code and anchor in anchors(markdown)


async def test_related_places_and_tags_only_where_the_client_shows_them(client: LanguageClient):
    diagnostics = {str(d.code): d for d in await open_and_wait(client, POD_URI, DUPLICATE_AND_DEPRECATED)}
    duplicate, deprecated = diagnostics["duplicate-name"], diagnostics["deprecated-service-account"]
    if not client.shows_more:
        assert duplicate.related_information is None and deprecated.tags is None
        return
    [place] = duplicate.related_information
    first = DUPLICATE_AND_DEPRECATED.split("\n").index("    - name: app")
    assert place.location == types.Location(uri=POD_URI, range=types.Range(
        start=types.Position(line=first, character=12), end=types.Position(line=first, character=15)))
    assert place.message == "the first container name 'app'"
    assert duplicate.range.start.line == first + 2 and list(deprecated.tags) == [types.DiagnosticTag.Deprecated]
    assert duplicate.tags is None


async def test_the_service_a_subdomain_names_is_related_and_made_headless_in_its_own_file(client: LanguageClient):
    await open_and_wait(client, SERVICE_URI, SERVICE)
    [diagnostic] = [d for d in await open_and_wait(client, POD_URI, POD) if d.code == "subdomain-headless-service"]
    if client.shows_more:
        [place] = diagnostic.related_information
        column = name_column(client.served.position_encoding)
        assert place.location == types.Location(uri=SERVICE_URI, range=types.Range(
            start=types.Position(line=2, character=column), end=types.Position(line=2, character=column + 3)))
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=POD_URI), range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic])))
    [headless] = [a for a in actions if "clusterIP: None" in a.title]
    assert "recreate the Service" in headless.title and not headless.is_preferred
    assert list(headless.edit.changes) == [SERVICE_URI]
    after = apply_edits(SERVICE, edits_from_client(SERVICE, headless.edit.changes[SERVICE_URI]))
    assert after == SERVICE.replace("spec:\n", "spec:\n  clusterIP: None\n")
    since = len(client.published)
    await change_and_wait(client, SERVICE_URI, 2, after)
    republished = await next_publish(client, POD_URI, since)
    assert "subdomain-headless-service" not in {d.code for d in republished}


async def _fix_all(client: LanguageClient, uri: str, only: list[str] | None) -> list[types.CodeAction]:
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
        context=types.CodeActionContext(diagnostics=[], only=only)))
    return [a for a in actions or [] if a.kind == "source.fixAll.pod-ls"]


async def test_fix_all_applies_every_safe_fix_and_then_nothing(client: LanguageClient):
    before = await open_and_wait(client, POD_URI, SAFE)
    assert {"workload-restart-policy", "wrong-type"} <= {d.code for d in before}
    assert await _fix_all(client, POD_URI, None) == []  # asked for by kind only
    [action] = await _fix_all(client, POD_URI, [types.CodeActionKind.SourceFixAll])
    assert await _fix_all(client, POD_URI, ["source"]) == [action]
    assert await _fix_all(client, POD_URI, ["source.fixAll.pod-ls"]) == [action]
    after = apply_edits(SAFE, edits_from_client(SAFE, action.edit.changes[POD_URI]))
    assert "restartPolicy: Always" in after and 'value: "8080"' in after and "# 🚀" in after
    diagnostics = await change_and_wait(client, POD_URI, 2, after)
    assert not {"workload-restart-policy", "wrong-type"} & {d.code for d in diagnostics}
    assert await _fix_all(client, POD_URI, [types.CodeActionKind.SourceFixAll]) == []


async def test_fix_all_is_advertised(client: LanguageClient):
    kinds = client.served.code_action_provider.code_action_kinds
    assert "source.fixAll.pod-ls" in kinds and types.CodeActionKind.QuickFix in kinds


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def vscode(lsp_client: LanguageClient):
    prepare(lsp_client)
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual_studio_code"), initialization_options={"docsUrl": ""}))
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_an_empty_docs_url_turns_links_off(vscode: LanguageClient):
    diagnostics = await open_and_wait(vscode, POD_URI, EXAMPLE)
    assert diagnostics and all(d.code_description is None for d in diagnostics)


async def test_fix_all_of_every_awkward_file_is_final(vscode: LanguageClient):
    changed = 0
    for number, (name, text) in enumerate(AWKWARD.items()):
        uri = f"file:///tmp/pod-ls-fix-all/{number}.yaml"
        await open_and_wait(vscode, uri, text)
        actions = await _fix_all(vscode, uri, [types.CodeActionKind.SourceFixAll])
        if actions:
            changed += 1
            after = apply_edits(text, edits_from_client(text, actions[0].edit.changes[uri]))
            await change_and_wait(vscode, uri, 2, after)
            assert await _fix_all(vscode, uri, [types.CodeActionKind.SourceFixAll]) == [], name
        vscode.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))
    assert changed >= 5


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def workspace(lsp_client: LanguageClient, tmp_path: Path):
    (tmp_path / "service.yaml").write_text(SERVICE, encoding="utf-8")
    await initialize_in(lsp_client, tmp_path)
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_a_service_only_on_disk_is_related_and_fixed_there(workspace: LanguageClient):
    uri = path_to_uri(workspace.root / "pod.yaml")
    service_uri = path_to_uri(workspace.root / "service.yaml")
    since = len(workspace.published)
    open_doc(workspace, uri, POD)
    # Until the scan has read the folder, the Service is missing.
    diagnostics = await next_publish(workspace, uri, since, predicate=lambda ds: any(
        d.code == "subdomain-headless-service" and d.related_information for d in ds))
    [diagnostic] = [d for d in diagnostics if d.code == "subdomain-headless-service"]
    [place] = diagnostic.related_information
    column = name_column(types.PositionEncodingKind.Utf16)  # VS Code's
    assert place.location.uri == service_uri and place.location.range.start == types.Position(line=2, character=column)
    actions = await workspace.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic])))
    [headless] = [a for a in actions if "clusterIP: None" in a.title]
    after = apply_edits(SERVICE, edits_from_client(SERVICE, headless.edit.changes[service_uri]))
    assert after == SERVICE.replace("spec:\n", "spec:\n  clusterIP: None\n")


def pulling(related: bool | None) -> types.ClientCapabilities:
    """Neovim's capabilities, with diagnostic refresh (so it pulls) and its pull capabilities
    saying `related` of relatedInformation and tags (None: nothing, as Neovim's say)."""
    capabilities = client_capabilities("neovim")
    capabilities.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    if related is not None:
        capabilities.text_document.diagnostic.related_information = related
        capabilities.text_document.diagnostic.tag_support = types.ClientDiagnosticsTagOptions(
            value_set=[types.DiagnosticTag.Deprecated] if related else [])
    return capabilities


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND), params=[None, False])
async def puller(lsp_client: LanguageClient, request):
    prepare(lsp_client)
    lsp_client.shows_more = request.param is None
    await lsp_client.initialize_session(types.InitializeParams(capabilities=pulling(request.param)))
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_pulled_diagnostics_explain_themselves_as_the_pull_capabilities_say(puller: LanguageClient):
    """A client that says nothing of them when it pulls is taken at what it says of pushes."""
    open_doc(puller, POD_URI, DUPLICATE_AND_DEPRECATED)
    report = await puller.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=POD_URI)))
    found = {str(d.code): d for d in report.items}
    assert found["duplicate-name"].code_description.href == f"{DEFAULT_DOCS_URL}#duplicate-name"
    assert bool(found["duplicate-name"].related_information) == puller.shows_more
    assert bool(found["deprecated-service-account"].tags) == puller.shows_more
    assert puller.published == []
