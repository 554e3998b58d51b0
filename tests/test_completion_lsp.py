"""Authoring completion end to end over stdio: snippets where the client takes them (VS Code,
Neovim), plain text where it does not (Emacs' eglot without yasnippet), in the client's units."""

from __future__ import annotations

import asyncio

import pytest_lsp
from completing import expand
from lsp_helpers import SERVER_COMMAND, TIMEOUT, open_doc, prepare
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

URI = "file:///tmp/pod-ls-tests/new.yaml"
POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
CONTAINER = POD + "  containers:\n    - name: a\n      image: nginx:1.27\n"
SNIPPETS = {"visual_studio_code": True, "neovim": True, "emacs": False}


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND), params=list(SNIPPETS))
async def client(lsp_client: LanguageClient, request):
    prepare(lsp_client)
    capabilities = client_capabilities(request.param)
    assert capabilities.text_document.completion.completion_item.snippet_support is SNIPPETS[request.param]
    result = await lsp_client.initialize_session(types.InitializeParams(capabilities=capabilities))
    lsp_client.snippets = SNIPPETS[request.param]
    lsp_client.encoding = result.capabilities.position_encoding or types.PositionEncodingKind.Utf16
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def complete(client: LanguageClient, text: str, line: int, character: int) -> list[types.CompletionItem]:
    open_doc(client, URI, text)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line=line, character=character)))
    return list(result.items)


def by_label(found: list[types.CompletionItem], label: str) -> types.CompletionItem:
    [item] = [i for i in found if i.label == label]
    return item


async def test_an_empty_file_offers_whole_resources(client: LanguageClient):
    found = await complete(client, "", 0, 0)
    labels = [i.label for i in found]
    assert labels[:4] == ["apiVersion", "kind", "metadata", "spec"]
    assert {"Pod", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"} <= set(labels)
    deployment = by_label(found, "Deployment")
    assert deployment.kind == types.CompletionItemKind.Snippet
    assert deployment.text_edit.range == types.Range(start=types.Position(line=0, character=0),
                                                     end=types.Position(line=0, character=0))
    text = deployment.text_edit.new_text
    if client.snippets:
        assert deployment.insert_text_format == types.InsertTextFormat.Snippet
        assert "  name: ${1:name}\n" in text and "image: ${4:nginx:1.27}" in text
    else:
        assert deployment.insert_text_format in (None, types.InsertTextFormat.PlainText)
        assert "${" not in text and "  name: name\n" in text and "image: nginx:1.27" in text


async def test_a_field_body_is_indented_for_the_client(client: LanguageClient):
    text = CONTAINER + "      livenessP\n"
    probe = by_label(await complete(client, text, 8, 15), "livenessProbe")
    assert probe.text_edit.range.start == types.Position(line=8, character=6)
    if client.snippets:
        # The client puts the cursor line's indentation before every line after the first.
        assert probe.insert_text_mode == types.InsertTextMode.AdjustIndentation
        assert probe.text_edit.new_text == "livenessProbe:\n  httpGet:\n    path: ${1:/}\n    port: ${2:80}"
    else:
        assert probe.insert_text_mode == types.InsertTextMode.AsIs
        assert probe.text_edit.new_text == "livenessProbe:\n        httpGet:\n          path: /\n          port: 80"


async def test_a_new_list_entry(client: LanguageClient):
    text = CONTAINER + "      volumeMounts:\n        - \n"
    entry = by_label(await complete(client, text, 9, 10), "VolumeMount: name, mountPath")
    assert entry.filter_text == "name" and entry.text_edit.range.start == types.Position(line=9, character=10)
    if client.snippets:
        assert entry.text_edit.new_text == "name: ${1:data}\n  mountPath: ${2:/data}"
    else:
        assert entry.text_edit.new_text == "name: data\n          mountPath: /data"


async def test_documentation_in_a_format_the_client_renders(client: LanguageClient):
    probe = by_label(await complete(client, CONTAINER + "      livenessP\n", 8, 15), "livenessProbe")
    if client.snippets:  # VS Code and Neovim render Markdown
        assert probe.documentation.kind == types.MarkupKind.Markdown
    else:  # the capabilities of eglot name no documentation format: plain text, without Markdown's marks
        assert isinstance(probe.documentation, str) and probe.documentation.startswith("livenessProbe Probe\n")


async def test_metadata_and_kind_values(client: LanguageClient):
    metadata = await complete(client, "apiVersion: v1\nkind: Pod\nmetadata:\n  \n", 3, 2)
    assert {i.label for i in metadata} == {"name", "namespace", "labels", "annotations", "generateName",
                                           "finalizers", "ownerReferences"}
    kinds = await complete(client, "apiVersion: apps/v1\nkind: \n", 1, 6)
    assert {i.label for i in kinds} == {"ControllerRevision", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet"}
    assert all(i.kind == types.CompletionItemKind.EnumMember for i in kinds)


async def test_flow_style_in_the_client_units(client: LanguageClient):
    """An emoji is two UTF-16 units and four UTF-8 bytes: the edit's range says where the word starts."""
    text = '{kind: Pod, metadata: {annotations: {a: "😀"}}, spec: {containers: [{name: a, liv}]}}\n'
    code_points = text.index("liv}") + 3
    extra = {types.PositionEncodingKind.Utf16: 1, types.PositionEncodingKind.Utf8: 3}.get(client.encoding, 0)
    probe = by_label(await complete(client, text, 0, code_points + extra), "livenessProbe")
    assert probe.text_edit.range == types.Range(start=types.Position(line=0, character=code_points - 3 + extra),
                                                end=types.Position(line=0, character=code_points + extra))
    plain = "livenessProbe: {httpGet: {path: /, port: 80}}"
    new_text = probe.text_edit.new_text
    assert (expand(new_text) if client.snippets else new_text) == plain


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def old_cluster(lsp_client: LanguageClient):
    """A session for Kubernetes 1.29, in the initialization options and the configuration alike."""
    prepare(lsp_client)
    lsp_client.set_configuration({"kubernetesVersion": "1.29"}, section="podls")
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual_studio_code"), initialization_options={"kubernetesVersion": "1.29"}))
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_kinds_and_api_versions_of_the_chosen_version(old_cluster: LanguageClient):
    kinds = await complete(old_cluster, "apiVersion: admissionregistration.k8s.io/v1\nkind: \n", 1, 6)
    assert "ValidatingWebhookConfiguration" in {i.label for i in kinds}
    assert "ValidatingAdmissionPolicy" not in {i.label for i in kinds}  # served by v1 from 1.30
    versions = await complete(old_cluster, "apiVersion: \nkind: ValidatingAdmissionPolicy\n", 0, 12)
    assert {i.label for i in versions} == {"admissionregistration.k8s.io/v1alpha1",
                                           "admissionregistration.k8s.io/v1beta1"}
