"""Settings and the workspace: initialize, configuration changes, the scan of the workspace
folders into the workspace model as they come and go, and the files that file events and
closed buffers name.

The scan lists the files and reads them in batches off the event loop; each batch goes into
the model as it comes, so requests are answered while it runs and workspace symbols fill up,
and the open documents are checked again once, at the end."""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import Awaitable
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types

from ..paths import path_to_uri, uri_to_path
from ..server import PodLanguageServer

if TYPE_CHECKING:
    from ...kube.links.objects import KubeObject
    from ...settings import WorkspaceSettings

log = logging.getLogger(__name__)

SECTION = "podls"
CLIENT_TIMEOUT = 3.0
"""Seconds to wait for the client to answer one of our requests before going on without it."""
SCAN_BATCH_SECONDS = 0.05
"""How long the scan reads files before it hands a batch to the event loop."""


def _merge(base: dict, override: dict) -> dict:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _apply_settings(ls: PodLanguageServer, client_config: object) -> None:
    from ...settings import parse_settings

    raw = ls.init_options
    if isinstance(client_config, dict):
        raw = _merge(raw, client_config)
    ls.settings, problem = parse_settings(raw)
    if problem is not None and problem != ls.settings_problem:
        ls.window_show_message(types.ShowMessageParams(
            type=types.MessageType.Warning, message=problem))
    ls.settings_problem = problem


async def _ask(request: Awaitable[object], what: str) -> asyncio.Future:
    """Our request to the client, awaited for at most CLIENT_TIMEOUT: done with the answer or
    the error by then, or still waiting (a late answer still reaches it)."""
    answer = asyncio.ensure_future(request)
    try:
        await asyncio.wait_for(asyncio.shield(answer), CLIENT_TIMEOUT)
    except TimeoutError:
        log.warning("no answer to %s within %s s: going on without it", what, CLIENT_TIMEOUT)
    except Exception as exc:  # a client that fails the request still gets a working server
        log.warning("%s failed: %s", what, exc)
    return answer


async def _read_client_config(ls: PodLanguageServer) -> None:
    workspace = ls.client_capabilities.workspace
    if not (workspace and workspace.configuration):
        ls.settings_read.set()
        return
    pushed = ls.settings_pushed
    answer = await _ask(ls.workspace_configuration_async(types.ConfigurationParams(
        items=[types.ConfigurationItem(section=SECTION)])), types.WORKSPACE_CONFIGURATION)
    if answer.done():
        _take_client_config(ls, answer, pushed)
    else:
        answer.add_done_callback(lambda late: _take_client_config(ls, late, pushed))
    ls.settings_read.set()


def _take_client_config(ls: PodLanguageServer, answer: asyncio.Future, pushed: int) -> None:
    """Applies the `podls` section the client sent, if it did and sent no settings since it
    was asked (`pushed`: the count then). Editors open documents while the answer is on its
    way: if the settings differ from those they were checked with, the open documents are
    checked again, as on a change of configuration."""
    if answer.cancelled() or answer.exception() is not None or ls.settings_pushed != pushed:
        return
    result = answer.result()
    before = ls.settings
    _apply_settings(ls, result[0] if isinstance(result, list | tuple) and len(result) == 1 else None)
    if ls.open_documents and ls.settings != before:
        ls.recheck_all()


def _folders(ls: PodLanguageServer) -> list[Path]:
    return [p for p in (uri_to_path(u) for u in ls.folder_uris()) if p is not None and p.is_dir()]


def _roots(ls: PodLanguageServer) -> list[tuple[Path, bool]]:
    """The folders the scan read, each with whether it read all below it (a workspace folder)
    or only the files right in it (the folder of a file opened outside them)."""
    if not ls.settings.workspace.scan:
        return []
    workspace = set(_folders(ls))
    return [(folder, folder in workspace) for folder in ls.scanned_folders]


def _holds(folder: Path, path: Path | None, recursive: bool) -> bool:
    """Whether `path` is under `folder` (`recursive`) or right in it."""
    return path is not None and (folder in path.parents if recursive else path.parent == folder)


def _objects_on_disk(path: Path, uri: str, max_characters: int) -> list[KubeObject]:
    """A file's objects as the analysis would find them in its text (within the
    maxCheckedCharacters bound)."""
    from ...analysis.scan import objects_in_text, read_text

    text = read_text(path)
    return objects_in_text(text, uri, max_characters) if text is not None else []


def list_files(folders: list[Path], settings: WorkspaceSettings, recursive: bool = True) -> list[Path]:
    """The YAML files under (or only in) the given folders that the scan reads."""
    from ...analysis.scan import yaml_files

    paths = []
    for folder in folders:
        for path in yaml_files(folder, settings.exclude, settings.max_file_size, recursive, settings.include):
            paths.append(path)
            if len(paths) % 100 == 0:
                time.sleep(0)  # a waiting request takes the interpreter lock now (see read_batch)
    return paths


def read_batch(paths: list[Path], start: int, seconds: float, max_characters: int
               ) -> tuple[int, dict[str, list[KubeObject]]]:
    """The objects of the files from `paths[start]` on, for about `seconds`; and where to go on."""
    deadline = time.monotonic() + seconds
    found: dict[str, list[KubeObject]] = {}
    index = start
    while index < len(paths) and (index == start or time.monotonic() < deadline):
        uri = path_to_uri(paths[index])
        found[uri] = _objects_on_disk(paths[index], uri, max_characters)
        index += 1
        # Hand the interpreter lock to a request waiting for it now, not at the end of the
        # switch interval: a request takes it several times (read, handle, write).
        time.sleep(0)
    return index, found


def _file_state(path: Path | None) -> tuple[int, int, int] | None:
    """What tells a version of a file from the next, or None when there is no file."""
    try:
        stat = path.stat() if path is not None else None
    except OSError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns) if stat is not None else None


def read_files(uris: list[str], roots: list[tuple[Path, bool]], settings: WorkspaceSettings,
               max_characters: int) -> dict[str, tuple[tuple[int, int, int] | None, list[KubeObject]]]:
    """Each file's objects as the scan of `roots` reads them (none where it would skip the
    file: excluded, not included, too big, gone), with the state of the file they come from."""
    from ...analysis.scan import FileFilter

    wanted = FileFilter(settings.exclude, settings.include, settings.max_file_size)
    found = {}
    for uri in uris:
        path = uri_to_path(uri)
        state = _file_state(path)
        read = state is not None and any(wanted.walk_reads(folder, path, recursive) for folder, recursive in roots)
        found[uri] = state, _objects_on_disk(path, uri, max_characters) if read else []
    return found


async def refresh_files(ls: PodLanguageServer, uris: list[str]) -> None:
    """Re-reads the objects of files changed on disk or closed in the editor, as the scan
    reads them and off the event loop (a big file takes seconds); open buffers take precedence."""
    uris = [uri for uri in dict.fromkeys(uris) if uri not in ls.open_documents]
    if not uris:
        return
    found = await asyncio.to_thread(read_files, uris, _roots(ls), ls.settings.workspace,
                                    ls.settings.max_checked_characters)
    changed: set[tuple] = set()
    for uri, (state, objects) in found.items():
        # Not when the buffer was opened meanwhile, nor when the file changed since it was
        # read: that change has its own event, whose read may have been applied already.
        if uri not in ls.open_documents and _file_state(uri_to_path(uri)) == state:
            changed |= ls.model.set(uri, objects)
    if changed:
        ls.recheck_all(parts=frozenset(changed))


async def _scan(ls: PodLanguageServer, folders: list[Path], recursive: bool) -> None:
    ls.scanned_folders.update(folders)
    paths = await asyncio.to_thread(list_files, folders, ls.settings.workspace, recursive)
    changed: set[tuple] = set()
    index = objects = 0
    while index < len(paths):
        index, found = await asyncio.to_thread(read_batch, paths, index, SCAN_BATCH_SECONDS,
                                               ls.settings.max_checked_characters)
        kept = [folder for folder in folders if folder in ls.scanned_folders]  # not removed meanwhile
        for uri, declared in found.items():
            if uri in ls.open_documents:  # an open buffer is newer than its file
                continue
            if len(kept) < len(folders) and not any(_holds(f, uri_to_path(uri), recursive) for f in kept):
                continue
            changed |= ls.model.set(uri, declared)
            objects += len(declared)
        # The batch's objects are the young ones now: a pass over them costs a millisecond and
        # stops tracking their tuples, where the collector's own pass over 100,000 of them
        # (its threshold, see yaml.nodes) would hold up every request for tens of ms.
        gc.collect(0)
    log.info("scanned %s: %d objects in %d files", ", ".join(map(str, folders)), objects, len(paths))
    if changed:
        ls.recheck_all(parts=frozenset(changed))


async def _scan_workspace(ls: PodLanguageServer) -> None:
    if ls.settings.workspace.scan and (folders := _folders(ls)):
        await _scan(ls, folders, recursive=True)


async def scan_beside(ls: PodLanguageServer, uri: str) -> None:
    """A file opened outside every workspace folder: its neighbours may hold what it names."""
    path = uri_to_path(uri)
    if not ls.settings.workspace.scan or path is None or not path.parent.is_dir():
        return
    folder = path.parent
    if folder in ls.scanned_folders or any(_holds(f, folder, True) for f, recursive in _roots(ls) if recursive):
        return
    await _scan(ls, [folder], recursive=False)


def _forget_folders(ls: PodLanguageServer, removed: list[Path]) -> frozenset[tuple]:
    """Forgets the objects of the files under removed folders that no other scanned folder
    holds (open buffers keep theirs); the parts of the model that changed."""
    ls.scanned_folders.difference_update(removed)
    roots = _roots(ls)
    changed: set[tuple] = set()
    for uri in ls.model.uris():
        path = uri_to_path(uri)
        if (uri in ls.open_documents or not any(_holds(folder, path, True) for folder in removed)
                or any(_holds(folder, path, recursive) for folder, recursive in roots)):
            continue
        changed |= ls.model.forget(uri)
    return frozenset(changed)


async def _watch_yaml_files(ls: PodLanguageServer) -> None:
    workspace = ls.client_capabilities.workspace
    watched = workspace.did_change_watched_files if workspace else None
    if not (watched and watched.dynamic_registration):
        return
    await _ask(ls.client_register_capability_async(types.RegistrationParams(registrations=[
        types.Registration(
            id="podls-yaml-files",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=[
                types.FileSystemWatcher(glob_pattern="**/*.{yaml,yml}")]),
        )])), types.CLIENT_REGISTER_CAPABILITY)


def register(server: PodLanguageServer) -> None:
    @server.feature(types.INITIALIZE)
    def initialize(ls: PodLanguageServer, params: types.InitializeParams) -> None:
        """Keeps the initializationOptions; they are validated after the response is sent."""
        options = params.initialization_options
        ls.init_options = options if isinstance(options, dict) else {}

    @server.feature(types.INITIALIZED)
    async def initialized(ls: PodLanguageServer, params: types.InitializedParams) -> None:
        """Reads the client's `podls` settings, watches YAML files and scans the workspace."""
        _apply_settings(ls, None)
        ls.warm_up()
        ls.run_in_background(ls.warm_up_requests())
        ls.run_in_background(_watch_yaml_files(ls))
        await _read_client_config(ls)
        await _scan_workspace(ls)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: PodLanguageServer,
                                       params: types.DidChangeConfigurationParams) -> None:
        """Re-reads the settings and re-checks every open document."""
        settings = params.settings
        if isinstance(settings, dict) and isinstance(settings.get(SECTION), dict):
            ls.settings_pushed += 1
            _apply_settings(ls, settings[SECTION])
        else:
            await _read_client_config(ls)
        ls.recheck_all()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: PodLanguageServer,
                                 params: types.DidChangeWatchedFilesParams) -> None:
        """Refreshes the model from files changed on disk (open buffers take precedence)."""
        ls.run_in_background(refresh_files(ls, [event.uri for event in params.changes]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def did_change_workspace_folders(ls: PodLanguageServer,
                                     params: types.DidChangeWorkspaceFoldersParams) -> None:
        """Forgets the objects found in removed folders and scans the added ones."""
        removed = [p for p in (uri_to_path(f.uri) for f in params.event.removed) if p is not None]
        if removed and (changed := _forget_folders(ls, removed)):
            ls.recheck_all(parts=changed)
        added = [p for p in (uri_to_path(f.uri) for f in params.event.added) if p is not None and p.is_dir()]
        if added and ls.settings.workspace.scan:
            ls.run_in_background(_scan(ls, added, recursive=True))
