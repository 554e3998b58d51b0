"""End to end: the Services of files on disk, as the workspace changes around the editor.

File events and closed buffers go through the scan's own limits, off the event loop; added
workspace folders are scanned and removed ones forgotten; odd file names and silent clients
do not stop the scan.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest_lsp
from lsp_helpers import (
    SERVER_COMMAND,
    TIMEOUT,
    codes,
    initialize_in,
    next_publish,
    open_and_wait,
    open_doc,
    prepare,
)
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from workloads import wrap

from pod_ls.lsp.paths import path_to_uri

C = "containers:\n  - name: app\n    image: nginx:1.27\n"
SUBDOMAIN = "subdomain-headless-service"


def service(name: str) -> str:
    return f"apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  clusterIP: None\n"


def pod(subdomain: str) -> str:
    return wrap("Pod", f"hostname: h\nsubdomain: {subdomain}\n" + C)


def clean(diagnostics: list[types.Diagnostic]) -> bool:
    return diagnostics == []


def warned(diagnostics: list[types.Diagnostic]) -> bool:
    return codes(diagnostics) == {SUBDOMAIN}


async def open_pod(client: LanguageClient, path: Path, subdomain: str, predicate=None) -> str:
    """Open a Pod that needs Service `subdomain`; wait for a publish matching `predicate`."""
    uri = path_to_uri(path)
    since = len(client.published)
    open_doc(client, uri, pod(subdomain))
    await next_publish(client, uri, since, predicate=predicate)
    return uri


def file_events(client: LanguageClient, *paths: Path,
                kind: types.FileChangeType = types.FileChangeType.Created) -> None:
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=path_to_uri(path), type=kind) for path in paths]))


def error_messages(client: LanguageClient) -> list[str]:
    return [m.message for m in client.messages if m.type == types.MessageType.Error]


async def initialize_with(client: LanguageClient, folder: Path, options: dict | None = None) -> None:
    prepare(client)
    client.root = folder
    await client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual_studio_code"), initialization_options=options,
        workspace_folders=[types.WorkspaceFolder(uri=path_to_uri(folder), name=folder.name)]))


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def client(lsp_client: LanguageClient, tmp_path: Path):
    """A session on an (almost) empty workspace folder with `ready.yaml` declaring Service
    `ready`, and Pod `ready-pod.yaml` clean once the scan is over."""
    (tmp_path / "ready.yaml").write_text(service("ready"))
    await initialize_with(lsp_client, tmp_path, {"workspace": {"include": ["*.yaml"]}})
    await open_pod(lsp_client, tmp_path / "ready-pod.yaml", "ready", clean)
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_file_events_keep_to_the_scans_limits(client: LanguageClient):
    root: Path = client.root
    (root / "node_modules").mkdir()
    (root / "node_modules" / "db.yaml").write_text(service("db"))  # excluded folder
    (root / "huge.yaml").write_text(service("huge") + "# " + "x" * 1_100_000 + "\n")  # over maxFileSize
    (root / "other.yml").write_text(service("other"))  # not in `include`
    pods = [await open_pod(client, root / f"{name}-pod.yaml", name, warned) for name in ("db", "huge", "other")]
    file_events(client, root / "node_modules" / "db.yaml", root / "huge.yaml", root / "other.yml")
    # A file the scan reads changes what lookups see: every Pod is published again.
    (root / "later.yaml").write_text(service("later"))
    since = len(client.published)
    file_events(client, root / "later.yaml")
    for uri in pods:
        assert warned(await next_publish(client, uri, since)), uri


async def test_closing_a_file_the_scan_skips_forgets_its_services(client: LanguageClient):
    root: Path = client.root
    (root / "node_modules").mkdir()
    buffer = root / "node_modules" / "db.yaml"
    buffer.write_text(service("db"))
    await open_and_wait(client, path_to_uri(buffer), service("db"))
    uri = await open_pod(client, root / "db-pod.yaml", "db", clean)  # open buffers always count
    since = len(client.published)
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=path_to_uri(buffer))))
    assert warned(await next_publish(client, uri, since))


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def roomy_client(lsp_client: LanguageClient, tmp_path: Path):
    """A session that reads files of any size."""
    (tmp_path / "ready.yaml").write_text(service("ready"))
    await initialize_with(lsp_client, tmp_path, {"workspace": {"maxFileSize": 100_000_000}})
    await open_pod(lsp_client, tmp_path / "ready-pod.yaml", "ready", clean)
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_a_big_file_event_is_read_off_the_event_loop(roomy_client: LanguageClient):
    client = roomy_client
    root: Path = client.root
    uri = await open_pod(client, root / "pod.yaml", "s0", warned)
    (root / "big.yaml").write_text("---\n".join(service(f"s{i}") for i in range(20_000)))  # 1.5 MB
    since = len(client.published)
    started = time.monotonic()
    file_events(client, root / "big.yaml")
    await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=1, character=1))),
        TIMEOUT)
    answered = time.monotonic() - started
    assert clean(await next_publish(client, uri, since))  # its Services are used
    read = time.monotonic() - started
    assert answered < read / 4, (answered, read)


async def test_added_folders_are_scanned_and_removed_ones_forgotten(client: LanguageClient, tmp_path_factory):
    root: Path = client.root
    added = tmp_path_factory.mktemp("added")
    (added / "b.yaml").write_text(service("b"))
    (root / "a.yaml").write_text(service("a"))
    (root / "kept.yaml").write_text(service("kept"))
    pods = tmp_path_factory.mktemp("pods")
    # The Services of `a.yaml`, written after the start, come from a file event.
    since = len(client.published)
    file_events(client, root / "a.yaml")
    await next_publish(client, path_to_uri(root / "ready-pod.yaml"), since)
    await open_and_wait(client, path_to_uri(root / "kept.yaml"), service("kept"))
    a_pod = await open_pod(client, pods / "a.yaml", "a", clean)
    kept_pod = await open_pod(client, pods / "kept.yaml", "kept", clean)
    b_pod = await open_pod(client, pods / "b.yaml", "b", warned)

    since = len(client.published)
    client.workspace_did_change_workspace_folders(types.DidChangeWorkspaceFoldersParams(
        event=types.WorkspaceFoldersChangeEvent(
            added=[types.WorkspaceFolder(uri=path_to_uri(added), name="added")], removed=[])))
    await next_publish(client, b_pod, since, predicate=clean)

    since = len(client.published)
    client.workspace_did_change_workspace_folders(types.DidChangeWorkspaceFoldersParams(
        event=types.WorkspaceFoldersChangeEvent(
            added=[], removed=[types.WorkspaceFolder(uri=path_to_uri(root), name=root.name)])))
    assert warned(await next_publish(client, a_pod, since))
    assert clean(await next_publish(client, kept_pod, since))  # an open buffer, not a file
    assert clean(await next_publish(client, b_pod, since))


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def odd_names_client(lsp_client: LanguageClient, tmp_path: Path):
    with open(os.path.join(os.fsencode(tmp_path), b"bad-\xff.yaml"), "wb") as file:  # not UTF-8
        file.write(service("odd").encode())
    (tmp_path / "z.yaml").write_text(service("good"))  # read after the odd name
    await initialize_in(lsp_client, tmp_path)
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_a_file_name_that_is_not_utf8_does_not_stop_the_scan(odd_names_client: LanguageClient):
    client = odd_names_client
    await open_pod(client, client.root / "good-pod.yaml", "good", clean)
    await open_pod(client, client.root / "odd-pod.yaml", "odd", clean)
    assert error_messages(client) == []


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def silent_client(lsp_client: LanguageClient, tmp_path: Path):
    """A client that never answers workspace/configuration nor client/registerCapability; the
    Service is in a subfolder, which only the workspace scan reads."""
    (tmp_path / "services").mkdir()
    (tmp_path / "services" / "web.yaml").write_text(service("web"))
    prepare(lsp_client)
    never = asyncio.Event()

    async def no_answer(params) -> None:
        await never.wait()

    lsp_client.protocol.fm.features[types.WORKSPACE_CONFIGURATION] = no_answer
    lsp_client.protocol.fm.features[types.CLIENT_REGISTER_CAPABILITY] = no_answer
    lsp_client.root = tmp_path
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual_studio_code"),
        workspace_folders=[types.WorkspaceFolder(uri=path_to_uri(tmp_path), name=tmp_path.name)]))
    yield
    never.set()
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_a_client_that_never_answers_still_gets_the_workspace_scan(silent_client: LanguageClient):
    await open_pod(silent_client, silent_client.root / "pod.yaml", "web", clean)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def bounded_client(lsp_client: LanguageClient, tmp_path: Path):
    """A session with maxCheckedCharacters 2,000, on a file whose second Service starts past it."""
    padding = "".join(f"---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pad-{i}\n" for i in range(40))
    (tmp_path / "bundle.yaml").write_text(service("early") + padding + "---\n" + service("late"))
    await initialize_with(lsp_client, tmp_path, {"maxCheckedCharacters": 2_000})
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_the_scan_reads_a_file_as_far_as_the_editor_checks_it(bounded_client: LanguageClient):
    """A document the analysis would not reach declares nothing: maxCheckedCharacters bounds
    the scan of files on disk as it bounds an open buffer."""
    client = bounded_client
    root: Path = client.root
    await open_pod(client, root / "early-pod.yaml", "early", clean)
    await open_pod(client, root / "late-pod.yaml", "late", warned)
