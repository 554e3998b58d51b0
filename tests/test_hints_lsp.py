"""End to end over stdio: inlay hints for the API server's defaults (on by default, switched by
`inlayHints.defaults`, refreshed when the setting changes) and the reading of quantities on hover."""

from __future__ import annotations

import asyncio

import pytest_lsp
from lsp_helpers import SERVER_COMMAND, TIMEOUT, next_publish, open_and_wait, open_doc, prepare
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

URI = "file:///tmp/pod-ls-hints/pod.yaml"
POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: wéb-🚀
    image: nginx:1.27
    resources:
      limits: {cpu: "0.5", memory: 1Gi}
    ports:
    - containerPort: 80
"""
EVERYTHING = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=100, character=0))


async def start_client(lsp_client: LanguageClient, capabilities: str, options: dict | None = None) -> None:
    """Prepare the client, record the server's workspace/inlayHint/refresh requests and keep the
    position encoding the server chose (`lsp_client.encoding`)."""
    prepare(lsp_client)
    lsp_client.refreshes = asyncio.Queue()

    @lsp_client.feature(types.WORKSPACE_INLAY_HINT_REFRESH)
    def refresh(params: None) -> None:
        lsp_client.refreshes.put_nowait(True)

    lsp_client.capabilities = client_capabilities(capabilities)
    result = await lsp_client.initialize_session(types.InitializeParams(
        capabilities=lsp_client.capabilities, initialization_options=options))
    lsp_client.encoding = result.capabilities.position_encoding or types.PositionEncodingKind.Utf16
    lsp_client.server_capabilities = result.capabilities


def units(client: LanguageClient, text: str) -> int:
    """The length of `text` in the client's position units."""
    if client.encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8"))
    if client.encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    return len(text.encode("utf-16-le")) // 2


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND),
                    params=["visual_studio_code", "neovim"])
async def client(lsp_client: LanguageClient, request):
    await start_client(lsp_client, request.param)
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def off_client(lsp_client: LanguageClient):
    await start_client(lsp_client, "visual_studio_code", {"inlayHints": {"defaults": False}})
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def neovim_client(lsp_client: LanguageClient):
    """Neovim 0.11 says it takes workspace/inlayHint/refresh requests."""
    await start_client(lsp_client, "neovim")
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def vscode_client(lsp_client: LanguageClient):
    """The bundled VS Code capabilities (1.65) do not take refresh requests."""
    await start_client(lsp_client, "visual_studio_code")
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


def label(hint: types.InlayHint) -> str:
    assert isinstance(hint.label, str)
    return hint.label


async def hints(client: LanguageClient, uri: str = URI, where: types.Range = EVERYTHING) -> dict[int, list[str]]:
    found = await client.text_document_inlay_hint_async(types.InlayHintParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=where))
    out: dict[int, list[str]] = {}
    for hint in found or []:
        out.setdefault(hint.position.line, []).append(label(hint))
    return out


async def test_defaults_are_shown_by_default_in_utf16_columns(client: LanguageClient):
    await open_and_wait(client, URI, POD)
    found = await client.text_document_inlay_hint_async(types.InlayHintParams(
        text_document=types.TextDocumentIdentifier(uri=URI), range=EVERYTHING))
    [pull] = [h for h in found if label(h) == "imagePullPolicy: IfNotPresent (default)"]
    assert pull.position == types.Position(line=6, character=units(client, "  - name: wéb-🚀"))
    by_line = {h.position.line: label(h) for h in found if "(default" in label(h)}
    assert by_line[4].startswith("restartPolicy: Always, dnsPolicy: ClusterFirst, terminationGracePeriodSeconds: 30")
    assert by_line[11] == "protocol: TCP (default)"
    assert any(label(h) == "QoS: Guaranteed" for h in found)


async def test_tooltips_come_with_the_hint_or_when_the_client_resolves_them(client: LanguageClient):
    open_doc(client, URI, POD)
    found = await client.text_document_inlay_hint_async(types.InlayHintParams(
        text_document=types.TextDocumentIdentifier(uri=URI), range=EVERYTHING))
    [pull] = [h for h in found if label(h).startswith("imagePullPolicy")]
    resolves = client_resolves_tooltips(client)
    assert client.server_capabilities.inlay_hint_provider.resolve_provider
    assert (pull.tooltip is None) == resolves  # a whole file's tooltips are megabytes: sent on demand
    if resolves:
        pull = await client.inlay_hint_resolve_async(pull)
    assert "the tag is `1.27`, not `latest` (pkg/apis/core/v1/defaults.go SetDefaults_Container)" in pull.tooltip.value


def client_resolves_tooltips(client: LanguageClient) -> bool:
    hints = client.capabilities.text_document.inlay_hint if client.capabilities.text_document else None
    return bool(hints and hints.resolve_support and "tooltip" in hints.resolve_support.properties)


async def test_only_the_visible_range_is_answered(client: LanguageClient):
    open_doc(client, URI, POD)
    visible = types.Range(start=types.Position(line=10, character=0), end=types.Position(line=11, character=9))
    assert await hints(client, where=visible) == {11: ["protocol: TCP (default)"]}


async def test_broken_yaml_and_unknown_documents_answer_without_error(client: LanguageClient):
    open_doc(client, URI, POD + "    livenessProbe: {exec: [\n")
    assert isinstance(await hints(client), dict)
    assert await hints(client, "file:///tmp/pod-ls-hints/never-opened.yaml") == {}


async def test_the_setting_switches_the_defaults_off(off_client: LanguageClient):
    open_doc(off_client, URI, POD)
    assert await hints(off_client) == {4: ["QoS: Guaranteed"]}


async def test_changing_the_setting_asks_the_client_to_refresh(neovim_client: LanguageClient):
    await open_and_wait(neovim_client, URI, POD)
    assert 6 in await hints(neovim_client)
    neovim_client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"podls": {"inlayHints": {"defaults": False}}}))
    await asyncio.wait_for(neovim_client.refreshes.get(), TIMEOUT)
    assert await hints(neovim_client) == {4: ["QoS: Guaranteed"]}
    # The Kubernetes version changes what is defaulted, so it refreshes too.
    neovim_client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"podls": {"inlayHints": {"defaults": True}, "kubernetesVersion": "1.30"}}))
    await asyncio.wait_for(neovim_client.refreshes.get(), TIMEOUT)
    assert (await hints(neovim_client))[6] == ["imagePullPolicy: IfNotPresent (default)"]


async def test_no_refresh_request_to_a_client_that_cannot_take_it(vscode_client: LanguageClient):
    await open_and_wait(vscode_client, URI, POD)
    since = len(vscode_client.published)
    vscode_client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"podls": {"inlayHints": {"defaults": False}}}))
    await next_publish(vscode_client, URI, since)  # the re-check after the settings were applied
    assert vscode_client.refreshes.empty()
    assert await hints(vscode_client) == {4: ["QoS: Guaranteed"]}


async def test_hover_reads_a_quantity_out(client: LanguageClient):
    open_doc(client, URI, POD)
    line = POD.split("\n")[9]
    for word, reading in (('"0.5"', "`0.5` = **500m** = 0.5 CPU cores"),
                          ("1Gi", "`1Gi` = **1073741824 bytes**")):
        column = line.index(word) + 1
        found = await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line=9, character=column)))
        assert found is not None and found.contents.value.startswith(reading)
        assert found.range.start == types.Position(line=9, character=line.index(word))


async def test_a_file_listed_as_a_kustomize_patch_gets_no_defaults(vscode_client: LanguageClient, tmp_path):
    from pod_ls.lsp.paths import path_to_uri

    (tmp_path / "kustomization.yaml").write_text("resources: [base.yaml]\npatches:\n  - path: pod-patch.yaml\n")
    patch = tmp_path / "pod-patch.yaml"
    patch.write_text(POD)
    await open_and_wait(vscode_client, path_to_uri(patch), POD)
    assert await hints(vscode_client, path_to_uri(patch)) == {4: ["QoS: Guaranteed"]}
