"""Hostile input and protocol faults, through the real server: each is answered with a clear
diagnostic (or none) and the server keeps answering."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest
import pytest_lsp
from conftest import CORPUS
from lsp_helpers import (
    SERVER_COMMAND,
    TIMEOUT,
    change,
    codes,
    initialize_in,
    next_publish,
    open_and_wait,
    open_doc,
    prepare,
    without_related,
)
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from test_fuzz_server import position as lsp_position
from workloads import bundle, wrap

from pod_ls.lsp.paths import path_to_uri

C = "containers:\n  - name: app\n    image: nginx:1.27\n"
URI = "file:///tmp/hostile/pod.yaml"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def client(lsp_client: LanguageClient):
    prepare(lsp_client)
    await lsp_client.initialize_session(types.InitializeParams(capabilities=client_capabilities("visual_studio_code")))
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), 30)


async def still_answers(client: LanguageClient, uri: str = URI, line: int = 0) -> None:
    """The server answers a hover quickly after whatever came before."""
    await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=line, character=1))), 5)


def alias_bomb() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, 10):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]")
    return "kind: Pod\nmetadata: {name: bomb}\nspec:\n  containers: [{name: a, image: a:1}]\n" + "\n".join(lines) + "\n"


HOSTILE = {
    "alias-bomb": (alias_bomb(), {"unknown-field"}),  # a0 ... a9 are no fields of a Pod; read once each
    "deep-nesting": ("a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 500)), {"yaml-syntax"}),
    "nul-byte": (wrap("Pod", C).replace("app", "a\x00pp"), {"yaml-syntax"}),
    "bom": ("\ufeff" + wrap("Pod", "dnsPolicy: None\n" + C), {"dns-none-without-config"}),
    "tab-indentation": ("kind: Pod\nspec:\n\tcontainers: []\n", {"yaml-syntax"}),
    "crlf": (wrap("Pod", "dnsPolicy: None\n" + C).replace("\n", "\r\n"), {"dns-none-without-config"}),
    "duplicate-keys": (wrap("Pod", "dnsPolicy: Default\ndnsPolicy: None\n" + C), {"duplicate-key"}),
    "yaml11-booleans": (wrap("Pod", C + "    env: [{name: DEBUG, value: yes}]\n"), {"wrong-type"}),
    "python-tag": (wrap("Pod", C + "    workingDir: !!python/object:os.system rm\n"), {"yaml-tag"}),
    "helm-template": ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n"
                      "  containers:\n  {{- range .Values.containers }}\n  - name: {{ .name }}\n  {{- end }}\n",
                      {"template"}),
    "jinja-template": ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n{% raw %}\n  containers:\n"
                       "  - name: web\n    image: nginx:1.27\n{% endraw %}\n", {"template"}),
    "jinja-text-in-valid-yaml": ("kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: t\ndata:\n  page: |\n"
                                 "    {% for x in xs %}<li>x</li>{% endfor %}\n---\n"
                                 + wrap("Pod", "dnsPolicy: None\n" + C), {"dns-none-without-config"}),
    "lone-surrogate": (wrap("Pod", C + "    workingDir: \"\\udcff\"\n    bad\udcffField: 1\n"), {"yaml-syntax"}),
    "binary-noise": ("".join(chr(random.Random(7).randrange(1, 0x2FF)) for _ in range(3000)), None),
    "recursive-alias": ("kind: Pod\nspec: &s\n  containers: [{name: a, image: a:1}]\n  overhead: *s\n",
                        {"yaml-syntax"}),
    "deep-flow-nesting": ("kind: Pod\nspec: " + "[" * 50_000 + "\n", {"yaml-syntax"}),
    "python-object-on-a-list": ("kind: Pod\nspec: !!python/object/apply:os.system [ls]\n", {"yaml-tag", "wrong-type"}),
    "dashes-without-end": ("- " * 20_000 + "x\n", {"yaml-syntax"}),
    "a-key-of-a-million-characters": ("kind: Pod\nspec:\n  " + "k" * 1_000_000 + ": v\n", None),
}


@pytest.mark.parametrize(("text", "expected"), HOSTILE.values(), ids=HOSTILE.keys())
async def test_hostile_input(client: LanguageClient, text: str, expected):
    diagnostics = await open_and_wait(client, URI, text)
    if expected is not None:
        assert codes(diagnostics) == expected, [d.message for d in diagnostics]
    for d in diagnostics:
        assert d.message and d.range.start.line <= d.range.end.line
    # Hover and completion anywhere: at the start, inside and at the end of every line.
    document = types.TextDocumentIdentifier(uri=URI)
    for line, content in enumerate(text.split("\n")[:40]):
        for character in {0, 1, len(content) // 2, len(content)}:
            position = types.Position(line=line, character=character)
            await asyncio.wait_for(client.text_document_hover_async(
                types.HoverParams(text_document=document, position=position)), 10)
            await asyncio.wait_for(client.text_document_completion_async(
                types.CompletionParams(text_document=document, position=position)), 10)
    await still_answers(client)


async def test_a_10_mb_file_is_bounded_and_the_user_is_told(client: LanguageClient):
    pod = wrap("Pod", "dnsPolicy: None\n" + C)
    text = "---\n".join([pod] * (10_000_000 // len(pod)))
    assert len(text) > 9_500_000
    since = len(client.published)
    open_doc(client, URI, text)
    final = await next_publish(client, URI, since, predicate=lambda d: "file-too-large" in codes(d))
    [notice] = [d for d in final if d.code == "file-too-large"]
    assert notice.severity == types.DiagnosticSeverity.Information and "only its first" in notice.message
    assert "maxCheckedCharacters" in notice.message
    await still_answers(client, line=text.count("\n") - 5)


async def test_requests_are_answered_while_a_big_file_is_analysed(client: LanguageClient):
    pod = wrap("Pod", "dnsPolicy: None\n" + C)
    text = "---\n".join([pod] * 1500)
    since = len(client.published)
    open_doc(client, URI, text)
    await still_answers(client, line=text.count("\n") - 3)  # answered before the analysis ends
    final = await next_publish(client, URI, since, predicate=lambda d: len(d) == 1500)
    assert codes(final) == {"dns-none-without-config"}


async def test_a_release_bundle_answers_requests_and_edits_while_it_is_read(client: LanguageClient):
    """The biggest bundle shape (3 MB of CRDs, read a CRD at a time and shared with the helper):
    hover, completion and an edit are answered before the first read ends, and no diagnostics of
    the first version come after the edit's. How fast: benchmarks/bundle.py."""
    deployment = wrap("Deployment", "dnsPolicy: None\n" + C)
    config_map = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{}\n"
    text = bundle(25, lambda n: deployment if n == 24 else config_map.format(n))
    assert len(text) > 3_000_000
    lines = text.split("\n")
    image = next(n for n, line in enumerate(lines) if line.strip().startswith("image: nginx"))
    policy = next(n for n, line in enumerate(lines) if line.strip() == "dnsPolicy: None")
    document = types.TextDocumentIdentifier(uri=URI)
    since = len(client.published)
    open_doc(client, URI, text)
    hover = await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
        text_document=document, position=types.Position(line=image, character=lines[image].index("image") + 1))), 10)
    completion = await asyncio.wait_for(client.text_document_completion_async(types.CompletionParams(
        text_document=document, position=types.Position(line=policy, character=lines[policy].index("None")))), 10)
    column = lines[policy].index("None")
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=2),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=policy, character=column),
                              end=types.Position(line=policy, character=column + 4)), text="Default")]))
    assert not [p for p in client.published[since:] if p.uri == URI], "answered only after the first read"
    assert hover is not None and "image" in hover.contents.value.lower()
    items = completion.items if isinstance(completion, types.CompletionList) else completion
    assert {"ClusterFirst", "Default", "None"} <= {item.label for item in items}
    final = await next_publish(client, URI, since, version=2)
    assert "dns-none-without-config" not in codes(final)
    versions = [p.version for p in client.published[since:] if p.uri == URI]
    assert versions == sorted(versions)  # a read overtaken by the edit never publishes after it


async def test_a_burst_of_edits_publishes_only_current_versions_and_few_of_them(client: LanguageClient):
    pod = wrap("Pod", "dnsPolicy: None\n" + C)
    text = "---\n".join([pod] * 300)
    await open_and_wait(client, URI, text)
    for version in range(2, 52):
        text = text.replace("name: app", f"name: app{version}", 1)
        change(client, URI, version, text)
        if version % 10 == 0:
            await still_answers(client)
        await asyncio.sleep(0.005)
    await next_publish(client, URI, 0, version=51)
    versions = [p.version for p in client.published if p.uri == URI and p.version is not None]
    assert versions == sorted(versions)  # never an older version after a newer one
    # Typing: at most the first key's change (nothing said yet it was a burst) and the last one.
    assert [v for v in versions if v > 1][-1] == 51 and len({v for v in versions if v > 1}) <= 2, versions


async def test_protocol_faults(client: LanguageClient):
    await open_and_wait(client, URI, wrap("Pod", C))
    # A change for a document that was never opened, and one with a stale version.
    change(client, "file:///tmp/hostile/never-opened.yaml", 3, "kind: Pod\n")
    change(client, URI, 0, wrap("Pod", "dnsPolicy: None\n" + C))
    # A request cancelled right after it is sent, and a cancellation of a request the server never saw.
    pending = client.protocol.send_request(types.TEXT_DOCUMENT_HOVER, types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line=5, character=3)),
        msg_id="cancel-me")
    client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="cancel-me"))
    client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id=987654))
    try:
        await asyncio.wait_for(asyncio.wrap_future(pending), 5)
    except Exception as exc:  # answered, or refused as cancelled: both are fine, silence is not
        assert "cancel" in str(exc).lower(), exc
    # Out-of-range and negative-looking positions, an unknown document, a closed document.
    for line, character in ((10_000, 0), (5, 10_000)):
        position = types.Position(line=line, character=character)
        await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=URI), position=position))
        await client.text_document_completion_async(types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=URI), position=position))
        await client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            range=types.Range(start=position, end=position), context=types.CodeActionContext(diagnostics=[])))
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=URI)))
    assert await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line=0, character=0))) is None
    assert not [m for m in client.messages if m.type == types.MessageType.Error]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def quitting_client(lsp_client: LanguageClient):
    prepare(lsp_client)
    await lsp_client.initialize_session(types.InitializeParams(capabilities=client_capabilities("neovim")))
    yield


async def test_shutdown_during_analysis(quitting_client: LanguageClient):
    pod = wrap("Pod", "dnsPolicy: None\n" + C)
    open_doc(quitting_client, URI, "---\n".join([pod] * 2000))
    await asyncio.sleep(0.05)
    await asyncio.wait_for(quitting_client.shutdown_session(), 15)


@pytest.fixture
def tricky_workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    outside = tmp_path / "outside"
    (root / "sub").mkdir(parents=True)
    outside.mkdir()
    service = "kind: Service\nmetadata:\n  name: {}\nspec:\n  clusterIP: None\n"
    (outside / "svc.yaml").write_text(service.format("outside"))
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)  # a symlink loop
    (root / "escape").symlink_to(outside, target_is_directory=True)  # leads out of the workspace
    (root / "huge.yaml").write_text(service.format("huge") + "# " + "x" * 1_100_000 + "\n")
    (root / "ok.yaml").write_text(service.format("inside"))
    return root


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def workspace_client(lsp_client: LanguageClient, tricky_workspace: Path):
    await initialize_in(lsp_client, tricky_workspace)
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_the_workspace_scan_is_bounded(workspace_client: LanguageClient):
    root: Path = workspace_client.root
    inside = path_to_uri(root / "inside-pod.yaml")
    open_doc(workspace_client, inside, wrap("Pod", "hostname: h\nsubdomain: inside\n" + C))
    await next_publish(workspace_client, inside, 0, predicate=lambda d: d == [])  # the scan is done
    for name in ("outside", "huge"):
        uri = path_to_uri(root / f"{name}-pod.yaml")
        diagnostics = await open_and_wait(workspace_client, uri, wrap("Pod", f"hostname: h\nsubdomain: {name}\n" + C))
        assert codes(diagnostics) == {"subdomain-headless-service"}, name


@pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not found")
async def test_random_edits_of_real_manifests_through_the_server(client: LanguageClient):
    """Random incremental edits as an editor sends them, requests between them; at the end the
    buffer's diagnostics are those of the same text opened afresh (the server's copy of the
    text followed every change)."""
    files = sorted(CORPUS.rglob("*.yaml"))[::20]
    rnd = random.Random(2026)
    pieces = [":", "- ", "  ", "\n", "{", "]", "&a ", "*a", "'", "\t", "---\n", "{{ x }}", "🚀", "\x00"]
    version = 1
    text = files[0].read_text().replace("\r\n", "\n")
    open_doc(client, URI, text)
    for step in range(120):
        version += 1
        if step % 30 == 10:
            text = rnd.choice(files).read_text().replace("\r\n", "\n")
            change(client, URI, version, text)
        else:
            where = rnd.randrange(len(text) + 1)
            removed = 0 if rnd.random() < 0.5 else rnd.randrange(1, 30)
            new = rnd.choice(pieces) if removed == 0 else ""
            end = min(where + removed, len(text))
            edit = types.TextDocumentContentChangePartial(
                range=types.Range(start=lsp_position(text, where), end=lsp_position(text, end)), text=new)
            text = text[:where] + new + text[where + removed:]
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=version), content_changes=[edit]))
        lines = text.split("\n")
        line = rnd.randrange(len(lines))
        position = types.Position(line=line, character=rnd.randrange(len(lines[line]) + 1))
        document = types.TextDocumentIdentifier(uri=URI)
        await client.text_document_hover_async(types.HoverParams(text_document=document, position=position))
        await client.text_document_completion_async(types.CompletionParams(text_document=document, position=position))
        await client.text_document_code_action_async(types.CodeActionParams(
            text_document=document, range=types.Range(start=position, end=position),
            context=types.CodeActionContext(diagnostics=[])))
    final = await next_publish(client, URI, 0, version=version)
    line_count = len(text.split("\n"))
    assert all(d.range.end.line < line_count for d in final)
    afresh = await open_and_wait(client, "file:///tmp/hostile/afresh.yaml", text)
    assert without_related(final) == without_related(afresh)  # related places name their file
    assert not [m for m in client.messages if m.type == types.MessageType.Error]
