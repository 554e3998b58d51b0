"""End to end: a long editing session does not grow the server.

20,000 keystrokes in an open manifest and 200 renames of a Service on disk, in a workspace of
2,000 Services, as an editor sends them (no wait for diagnostics between keystrokes); the
server's resident memory, read at quiet points once it is warm, must stay level.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import pytest_lsp
from lsp_helpers import SERVER_COMMAND, TIMEOUT, codes, initialize_in, next_publish, open_doc
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient
from test_workspace_close import server_rss
from workloads import wrap

from pod_ls.lsp.paths import path_to_uri

FILES, SERVICES_PER_FILE = 200, 10
ROUNDS, KEYS = 200, 100
"""Each round types KEYS / 2 characters into a comment and deletes them, then renames a Service."""
WARM_ROUNDS, SAMPLE_EVERY = 20, 20
GROWTH_MB = 5
EXPECTED = ["dns-none-without-config", "subdomain-headless-service"]
"""The findings of each open file: its last Pod's, whose Service is never there."""


def services(names: list[str]) -> str:
    return "---\n".join(f"apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  clusterIP: None\n"
                        for name in names)


def pods(k: int) -> str:
    """Pods whose subdomains name Services of the workspace, one the renamed Service."""
    container = "containers:\n  - name: app\n    image: nginx:1.27\n"
    docs = [wrap("Pod", f"hostname: h\nsubdomain: svc-{k * 20 + i}-{i % SERVICES_PER_FILE}\n" + container)
            for i in range(20)]
    docs.append(wrap("Pod", "hostname: h\nsubdomain: moving\ndnsPolicy: None\n" + container))
    return "# notes: \n" + "---\n".join(docs)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "services").mkdir()
    for i in range(FILES):
        names = [f"svc-{i}-{j}" for j in range(SERVICES_PER_FILE)]
        (tmp_path / "services" / f"svc-{i:03}.yaml").write_text(services(names))
    (tmp_path / "moving.yaml").write_text(services(["moving-0"]))
    return tmp_path


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def client(lsp_client: LanguageClient, workspace: Path):
    await initialize_in(lsp_client, workspace)
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


def key(client: LanguageClient, uri: str, version: int, column: int, text: str) -> None:
    """One keystroke on line 0: type `text` at `column`, or delete the character before it."""
    start = types.Position(line=0, character=column if text else column - 1)
    change = types.TextDocumentContentChangePartial(
        range=types.Range(start=start, end=types.Position(line=0, character=column)), text=text)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[change]))


async def handled(client: LanguageClient, uri: str) -> None:
    """Returns once the server has read every notification sent before (requests are answered
    in turn), without waiting for any analysis."""
    await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=1, character=1))),
        TIMEOUT)



async def test_a_long_session_does_not_grow_the_server(client: LanguageClient):
    root: Path = client.root
    typed, *others = uris = [path_to_uri(root / f"pods-{k}.yaml") for k in range(3)]
    for k, uri in enumerate(uris):
        since = len(client.published)
        open_doc(client, uri, pods(k))
        # Once the scan is in, only the last Pod's two findings are left.
        await next_publish(client, uri, since, predicate=lambda d: sorted(codes(d)) == EXPECTED)
    column = len("# notes: ")
    version = 1
    samples = []
    for round_ in range(1, ROUNDS + 1):
        for stroke in range(KEYS):
            version += 1
            if stroke < KEYS // 2:
                key(client, typed, version, column + stroke, "abcdefghijklmnopqrstuvwxyz"[stroke % 26])
            else:
                key(client, typed, version, column + KEYS - stroke, "")
        await handled(client, typed)
        (root / "moving.yaml").write_text(services([f"moving-{round_}"]))
        since = len(client.published)
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
            types.FileEvent(uri=path_to_uri(root / "moving.yaml"), type=types.FileChangeType.Changed)]))
        # The rename re-checks the open Pods: their Services changed.
        await next_publish(client, others[0], since)
        await next_publish(client, others[1], since)
        if round_ >= WARM_ROUNDS and round_ % SAMPLE_EVERY == 0:
            await handled(client, typed)
            samples.append(server_rss(client))
    # The typed file's last version is analysed (the typing pause is over) like the others.
    final = await next_publish(client, typed, 0, version=version)
    assert sorted(codes(final)) == EXPECTED
    samples.append(server_rss(client))
    assert max(samples) - samples[0] < GROWTH_MB, samples
