"""Flow style as it is typed: the brackets still open after the cursor (Neovim and Emacs add no
closing ones), so the document does not parse. Completion and hover read the place all the
same, over stdio, for the VS Code and Neovim clients."""

from __future__ import annotations

import pytest
from conftest import split_cursor
from lsp_helpers import open_doc
from lsprotocol import types
from pytest_lsp import LanguageClient

URI = "file:///tmp/pod-ls-tests/flow.yaml"
JOB = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: once}\n"


async def complete(client: LanguageClient, marked: str) -> list[str]:
    text, line, character = split_cursor(marked)
    open_doc(client, URI, text)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line=line, character=character)))
    return [item.label for item in result.items] if result else []


async def hover(client: LanguageClient, marked: str) -> str | None:
    text, line, character = split_cursor(marked)
    open_doc(client, URI, text)
    result = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line=line, character=character)))
    return result.contents.value if result else None


@pytest.mark.parametrize("marked, expected", [
    pytest.param(JOB + "spec: {template: {spec: {containers: [{name: a, li‸", {"lifecycle", "livenessProbe"},
                 id="a key in a container"),
    pytest.param(JOB + "spec: {template: {spec: {restartPolicy: ‸", {"OnFailure", "Never"}, id="a value"),
    pytest.param(JOB + "spec: {template: {spec: {restartPolicy: Ne‸", {"OnFailure", "Never"},
                 id="a half-typed value"),
    pytest.param(JOB + 'spec: {template: {spec: {containers: [{name: a, image: "busybox:1.36", imagePullPolicy: ‸',
                 {"Always", "IfNotPresent", "Never"}, id="after a quoted value"),
    pytest.param(JOB + "spec: {template: {spec: {containers: [{name: a, ports: [{containerPort: 80}], ‸",
                 {"image", "livenessProbe"}, id="after a closed list"),
    pytest.param(JOB + "spec:\n  template:\n    spec:\n      containers:\n        - {name: a, li‸",
                 {"lifecycle", "livenessProbe"}, id="a flow entry of a block list"),
    pytest.param(JOB + "spec: {template: {spec: {\n  containers: [\n    {name: a, # the app\n     li‸",
                 {"lifecycle", "livenessProbe"}, id="over lines, past a comment"),
    pytest.param(JOB + "spec: {template: {spec: {containers: [{name: a, command: ['sh', '-c', 'it''s'], st‸",
                 {"startupProbe", "stdin", "stdinOnce"}, id="past quotes with escapes"),
    pytest.param(JOB + "spec:\n  template:\n    spec:\n      initContainers:\n"
                 + "".join(f"        - name: i{n}\n          image: busybox:1.36\n          args: [a, {{b: c}}]\n"
                           "          env: [{name: A, value: \"x\"}]\n" for n in range(300))
                 + "      containers:\n        - {name: a, li‸", {"lifecycle", "livenessProbe"},
                 id="below a long block document"),
    pytest.param(JOB.replace("metadata: {name: once}", 'metadata: {name: once, annotations: {a: "two\n  lines"}}')
                 + "spec: {template: {spec: {containers: [{name: a, li‸", {"lifecycle", "livenessProbe"},
                 id="below a quoted scalar over lines"),
])
async def test_completion_while_the_flow_is_open(client: LanguageClient, marked: str, expected: set[str]):
    labels = await complete(client, marked)
    assert expected <= set(labels), labels


async def test_the_keys_already_typed_are_not_offered_again(client: LanguageClient):
    labels = await complete(client, JOB + 'spec: {template: {spec: {containers: [{name: a, image: "b:1", ‸')
    assert "imagePullPolicy" in labels and "image" not in labels and "name" not in labels


async def test_hover_while_the_flow_is_open(client: LanguageClient):
    found = await hover(client, JOB + "spec: {template: {spec: {restartPolicy: Never, contai‸ners: [{name: a, ima")
    assert found is not None and found.startswith("**containers**"), found
    value = await hover(client, JOB + "spec: {template: {spec: {restartPolicy: Ne‸ver, containers: [{name: a, ima")
    assert value is not None and "Do not restart the container" in value, value


@pytest.mark.parametrize("marked", [
    pytest.param(JOB + "spec: {template: [‸", id="a list where a mapping goes"),
    pytest.param(JOB + 'spec: {template: {spec: {containers: [{name: "a, li‸', id="inside an open quote"),
    pytest.param(JOB + "spec: {template: {spec: {containers: [{name: a}]}}}}}, li‸", id="closed too often"),
    pytest.param(JOB + "spec:\n  template: ]‸", id="a stray closing bracket"),
])
async def test_no_completion_where_nothing_fits_and_no_error(client: LanguageClient, marked: str):
    labels = await complete(client, marked)
    assert "livenessProbe" not in labels
