"""End to end over stdio: outline, folding and selection ranges as VS Code and Neovim ask for them."""

from __future__ import annotations

import asyncio

import pytest
import pytest_lsp
from lsp_helpers import SERVER_COMMAND, TIMEOUT, change, open_doc, prepare
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

URI = "file:///tmp/pod-ls-tests/structure.yaml"
DOC = types.TextDocumentIdentifier(uri=URI)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND),
                    params=["visual_studio_code", "neovim"])
async def client(lsp_client: LanguageClient, request):
    prepare(lsp_client)
    lsp_client.editor = request.param
    result = await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities(request.param)))
    lsp_client.encoding = result.capabilities.position_encoding or "utf-16"
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


def outline(symbols) -> list:
    out: list = []
    for symbol in symbols or []:
        out.append(f"{symbol.name} ({symbol.detail})" if symbol.detail else symbol.name)
        if symbol.children:
            out.append(outline(symbol.children))
    return out


async def symbols(client: LanguageClient, text: str):
    open_doc(client, URI, text)
    return await asyncio.wait_for(client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=DOC)), TIMEOUT)


POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  containers:
  - name: app
    image: nginx:1.27
    ports:
    - {name: http, containerPort: 8080}
    livenessProbe:
      httpGet: {path: /healthz, port: http}
    volumeMounts:
    - {name: data, mountPath: /data}
  volumes:
  - name: data
    persistentVolumeClaim: {claimName: web-data}
"""
DEPLOYMENT = ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n"
              "      initContainers:\n      - name: migrate\n        image: api:2\n"
              "      containers:\n      - name: api\n        image: api:2\n        env:\n        - name: A\n"
              "          value: b\n")
CRONJOB = ("apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n  jobTemplate:\n    spec:\n"
           "      template:\n        spec:\n          containers:\n          - name: backup\n            image: b:1\n")
SERVICE = ("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  ports:\n"
           "  - {name: http, port: 80, targetPort: http}\n")
CONFIGMAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: '1'\n  b.conf: |\n    x\n    y\n"
FLOW = "{kind: Pod, metadata: {name: f}, spec: {containers: [{name: c, image: i}]}}\n"
BROKEN = "kind: Pod\nmetadata:\n  name: typing\nspec:\n  containers:\n  - name: app\n    image: [nginx\n    imag\n"


POD_OUTLINE = ["Pod/web (shop)", [
    "app (nginx:1.27)", ["ports", ["http (8080/TCP)"], "livenessProbe (httpGet :http /healthz)",
                         "volumeMounts", ["data (/data)"]],
    "volumes", ["data (persistentVolumeClaim web-data)"]]]
SERVICE_OUTLINE = ["Service/web (shop)", ["ports", ["http (80 → http/TCP)"]]]
CONFIGMAP_OUTLINE = ["ConfigMap/settings", ["data", ["a (1)", "b.conf (2 lines)"]]]


@pytest.mark.parametrize(("text", "expected"), [
    (POD, POD_OUTLINE),
    (DEPLOYMENT, ["Deployment/api", ["migrate (init · api:2)", "api (api:2)", ["env", ["A (b)"]]]]),
    (CRONJOB, ["CronJob/nightly", ["backup (b:1)"]]),
    (SERVICE, SERVICE_OUTLINE),
    (CONFIGMAP, CONFIGMAP_OUTLINE),
    (POD + "---\n" + SERVICE + "---\n" + CONFIGMAP, POD_OUTLINE + SERVICE_OUTLINE + CONFIGMAP_OUTLINE),
    (FLOW, ["Pod/f", ["c (i)"]]),
    (BROKEN, ["Pod/typing", ["app ([nginx)"]]),
    ("resources:\n- a.yaml\nnamePrefix: dev-\n", ["resources (1 item)", "namePrefix (dev-)"]),
], ids=["pod", "deployment", "cronjob", "service", "configmap", "multi-document", "flow", "broken", "kustomization"])
async def test_document_symbols(client: LanguageClient, text, expected):
    assert outline(await symbols(client, text)) == expected


async def test_symbol_ranges_cover_the_item_and_select_the_name(client: LanguageClient):
    text = POD + "---\n" + SERVICE
    pod, service = await symbols(client, text)
    assert pod.kind == types.SymbolKind.Class
    assert pod.range.start == types.Position(line=0, character=0)
    assert pod.selection_range == types.Range(start=types.Position(line=3, character=8),
                                              end=types.Position(line=3, character=11))
    assert service.range.start.line == text.split("\n").index("---")
    [app, volumes] = pod.children
    assert app.kind == types.SymbolKind.Module and volumes.kind == types.SymbolKind.Array
    assert app.range.start == types.Position(line=7, character=2)
    assert app.selection_range.start == types.Position(line=7, character=10)


async def test_positions_are_in_the_negotiated_units(client: LanguageClient):
    text = "kind: Pod\r\nmetadata:\r\n  name: 😀é\r\nspec:\r\n  containers:\r\n  - name: ünï\r\n    image: x\r\n"
    [pod] = await symbols(client, text)
    width = {"utf-8": (4, 2), "utf-16": (2, 1), "utf-32": (1, 1)}[client.encoding]
    assert pod.name == "Pod/😀é"
    assert pod.selection_range.end == types.Position(line=2, character=8 + sum(width))
    [container] = pod.children
    assert container.selection_range == types.Range(
        start=types.Position(line=5, character=10), end=types.Position(line=5, character=10 + 3 + (width[1] - 1) * 2))
    selection = await client.text_document_selection_range_async(types.SelectionRangeParams(
        text_document=DOC, positions=[types.Position(line=2, character=8 + width[0])]))
    assert selection[0].range == pod.selection_range


async def test_folding_honours_line_folding_only(client: LanguageClient):
    open_doc(client, URI, POD + "---\n" + CONFIGMAP)
    folds = await client.text_document_folding_range_async(types.FoldingRangeParams(text_document=DOC))
    assert [(f.start_line, f.end_line) for f in folds][:4] == [(0, 17), (2, 4), (5, 17), (6, 14)]
    assert (18, 27) in [(f.start_line, f.end_line) for f in folds]  # the ConfigMap, from its `---`
    assert (25, 27) in [(f.start_line, f.end_line) for f in folds]  # its block scalar
    assert all(f.start_character is None and f.end_character is None for f in folds)


async def test_selection_ranges_grow_from_the_word_to_the_document(client: LanguageClient):
    open_doc(client, URI, POD)
    [selection] = await client.text_document_selection_range_async(types.SelectionRangeParams(
        text_document=DOC, positions=[types.Position(line=8, character=13)]))
    ranges = []
    while selection is not None:
        ranges.append(((selection.range.start.line, selection.range.start.character),
                       (selection.range.end.line, selection.range.end.character)))
        selection = selection.parent
    assert ranges == [((8, 11), (8, 21)), ((8, 4), (8, 21)), ((7, 4), (14, 36)), ((7, 2), (14, 36)),
                      ((6, 2), (14, 36)), ((6, 2), (17, 48)), ((5, 0), (17, 48)), ((0, 0), (17, 48))]


async def test_a_broken_edit_keeps_the_outline_and_folds(client: LanguageClient):
    open_doc(client, URI, POD)
    change(client, URI, 2, POD.replace("    image: nginx:1.27\n", "    image: nginx:1.27\n    imag\n    - [\n"))
    found = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=DOC))
    assert outline(found)[0] == "Pod/web (shop)"
    folds = await client.text_document_folding_range_async(types.FoldingRangeParams(text_document=DOC))
    assert (5, 19) in [(f.start_line, f.end_line) for f in folds]


async def test_unopened_documents_get_no_answer_and_no_error(client: LanguageClient):
    other = types.TextDocumentIdentifier(uri="file:///tmp/pod-ls-tests/never-opened.yaml")
    assert await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=other)) is None
    assert await client.text_document_folding_range_async(types.FoldingRangeParams(text_document=other)) is None
    assert await client.text_document_selection_range_async(types.SelectionRangeParams(
        text_document=other, positions=[types.Position(line=0, character=0)])) is None


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def plain_client(lsp_client: LanguageClient):
    """A client without hierarchical symbols, with character folding and a limit of 3 folds."""
    prepare(lsp_client)
    capabilities = client_capabilities("visual_studio_code")
    capabilities.text_document.document_symbol.hierarchical_document_symbol_support = False
    capabilities.text_document.folding_range.line_folding_only = False
    capabilities.text_document.folding_range.range_limit = 3
    await lsp_client.initialize_session(types.InitializeParams(capabilities=capabilities))
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_flat_symbols_character_folds_and_the_range_limit(plain_client: LanguageClient):
    found = await symbols(plain_client, POD)
    assert all(isinstance(s, types.SymbolInformation) for s in found)
    assert [(s.name, s.container_name) for s in found][:3] == [("Pod/web", None), ("app", "Pod/web"),
                                                               ("ports", "app")]
    assert found[1].location.uri == URI
    folds = await plain_client.text_document_folding_range_async(types.FoldingRangeParams(text_document=DOC))
    assert len(folds) == 3
    assert folds[0].start_line == 2 and folds[0].start_character == len("metadata:")
    assert folds[0].end_line == 4 and folds[0].end_character == len("  namespace: shop")


async def test_the_outline_after_edits_is_the_outline_of_the_new_text(client: LanguageClient):
    """The outline and folds kept for unchanged documents never outlive a change: after an edit
    inside one document and a line added above others, they equal a fresh buffer's."""
    text = POD + "---\n" + SERVICE + "---\n" + CONFIGMAP
    first = await symbols(client, text)
    await client.text_document_folding_range_async(types.FoldingRangeParams(text_document=DOC))
    edited = text.replace("name: app", "name: main").replace("kind: Service", "# added\nkind: Service")
    change(client, URI, 2, edited)
    again = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=DOC))
    fresh_uri = "file:///tmp/pod-ls-tests/fresh.yaml"
    open_doc(client, fresh_uri, edited)
    fresh = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        text_document=types.TextDocumentIdentifier(uri=fresh_uri)))
    assert again == fresh and again != first
    folds, fresh_folds = [await client.text_document_folding_range_async(types.FoldingRangeParams(
        text_document=types.TextDocumentIdentifier(uri=uri))) for uri in (URI, fresh_uri)]
    assert folds == fresh_folds
    assert again[0].children[0].name == "main" and again[1].range.start.line == first[1].range.start.line
    assert again[2].range.start.line == first[2].range.start.line + 1


@pytest.mark.parametrize("text", [
    "- " * 20_000, "[" * 5_000, "a: &a [*a]\n", "\x00\x01: \ufeff\n", "key: \ud800\n", "\t\tkind: Pod\n\t- x\n",
    "{{- if .Values.x }}\nkind: Pod\n{{- end }}\n", "a:\n" + "".join(" " * n + "b:\n" for n in range(1, 600)),
], ids=["dashes", "brackets", "recursive-alias", "control", "surrogate", "tabs", "helm", "deep"])
async def test_hostile_text_gets_answers_not_errors(client: LanguageClient, text):
    open_doc(client, URI, text)
    await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=DOC))
    folds = await client.text_document_folding_range_async(types.FoldingRangeParams(text_document=DOC))
    assert all(f.start_line < f.end_line for f in folds)
    [selection] = await client.text_document_selection_range_async(types.SelectionRangeParams(
        text_document=DOC, positions=[types.Position(line=0, character=3)]))
    assert selection.range.start.line == 0
