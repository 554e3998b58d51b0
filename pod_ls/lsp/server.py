"""The pod-ls language server: one object that owns all state.

Handlers live in small modules named after what they serve (`sync`, `diagnostics`,
`language`, `actions`, `workspace`); each converts LSP types and calls the domain code.
`app.create_server` puts the server and its handlers together.

Start-up must answer `initialize` as fast as a bare pygls server, so nothing here imports
the YAML reader, the rules or pydantic at module level: they are imported when first used, or
by `preload_while_waiting` while no message has come yet.
`warm_up` loads what the first diagnostics need right after `initialized`, before a document
arrives; `warm_up_requests` the rest and the helper process once the open documents are checked
(`codecache` keeps the code that the libraries generate meanwhile).
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import logging
import threading
import time
from collections.abc import Coroutine
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from .. import __version__
from ..kube.links.workspace_model import WorkspaceModel
from ..yaml.nodes import KeptRead
from . import transport
from .convert import Explained, Positions, diagnostic, explained_for
from .protocol import PodProtocol

if TYPE_CHECKING:
    from ..analysis.analyzer import Analysis, Analyzer
    from ..analysis.helper import Helper
    from ..ide.hints import HintCache
    from ..ide.navigation.names import FileDocuments, NameIndex
    from ..ide.structure.folding import DocumentFolds
    from ..kube.schema import Schema
    from ..settings import Settings
    from ..yaml.nodes import YamlDocument
    from .codecache import CodeCache
    from .files import DiskFiles

log = logging.getLogger(__name__)

STEP_DOCUMENTS = 50
"""Documents analysed between two looks at the message queue in a big file."""
CHANGE_PAUSE = 0.01
"""Pause after a lone change before analysing the new text."""
TYPING_GAP = 0.5
"""A change this soon (seconds) after the one before means the user is typing..."""
TYPING_PAUSE = 0.25
"""...so the analysis waits for a pause this long: a burst of keystrokes gets the diagnostics
of its last version, and requests meanwhile do not queue behind analyses stale before they end."""
BIG_FIRST_READ = 300_000
"""Characters of a first read for which the helper process is started at once, if the warm-up
has not started it yet (it waits for the first diagnostics, to keep them quick)."""
PRELOADED = ("pydantic", "pod_ls.findings", "pod_ls.yaml.fastparse", "pod_ls.kube.schema", "pod_ls.settings",
             "pod_ls.analysis.analyzer")
"""What the first diagnostics import, bottom up, in steps of at most a few tens of ms: loaded
while the server waits for `initialize` (`preload_while_waiting`)."""
WARM_UP_SAMPLE = "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: a:1\n"
"""What the warm-up checks, completes and hovers in, to load the code that doing so runs."""
SETTINGS_WAIT = 1.0
"""The longest the first diagnostics wait for the client's settings (asked for on
`initialized`): an editor that opens its files at start-up is answered with their findings
for its own kubernetesVersion, not first with the defaults'."""


@dataclass(eq=False)
class OpenDocument:
    """An editor buffer and what pod-ls has computed from it."""

    uri: str
    version: int
    text: str
    lines: list[str]
    analyzer: Analyzer
    analysis: Analysis | None = None
    analysed_version: int | None = None
    pending: asyncio.Task | None = field(default=None, repr=False)
    """Debounced or running analysis; replaced (cancelled) by the next change."""
    changed_at: float = float("-inf")
    """When the last change came (time.monotonic)."""
    hints: HintCache | None = field(default=None, repr=False)
    """Inlay hints of its parsed documents, reused while they are unchanged (Neovim asks for the
    whole buffer's after each change)."""
    names: NameIndex | None = None
    """The name sites of each of the buffer's documents, for navigation (made by its first request)."""
    outline: dict[int, tuple[YamlDocument, list]] = field(default_factory=dict, repr=False)
    """The outline last sent for each parsed document (`structure`), by the document's id: an
    unchanged document, at the same line, is sent the same."""
    folds: dict[int, tuple[YamlDocument, DocumentFolds]] = field(default_factory=dict, repr=False)
    """The folds of each parsed document last asked for, the same way."""

    def pause_after_change(self) -> float:
        """How long to wait before analysing the change that just came."""
        now = time.monotonic()
        typing = now - self.changed_at < TYPING_GAP
        self.changed_at = now
        return TYPING_PAUSE if typing else CHANGE_PAUSE

    def update(self, version: int, text: str) -> None:
        from ..yaml.parse import split_lines

        self.version, self.text, self.lines = version, text, split_lines(text)

    def documents_between(self, first_line: int, last_line: int) -> list[YamlDocument]:
        """The parsed documents overlapping those lines; only they are parsed if need be, so a
        request in a big file does not wait for the whole file."""
        return self.analyzer.parser.documents_between(self.text, first_line, last_line)

    def file_documents(self) -> FileDocuments:
        """All of the buffer's documents, each parsed when a request first needs it."""
        from ..ide.navigation.names import FileDocuments

        parser = self.analyzer.parser
        return FileDocuments(parser.split(self.text), parser.document)


class PodLanguageServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("pod-ls", __version__, protocol_cls=PodProtocol,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self._settings: Settings | None = None
        """Settings in force: initializationOptions merged with the `podls` section."""
        self.settings_problem: str | None = None
        """What was wrong with the settings last time, so the user is told once."""
        self.init_options: dict = {}
        """initializationOptions as sent, the base that client configuration overrides."""
        self.settings_read = asyncio.Event()
        """Set once the client's settings are in, or it has none to give, or it was asked and
        is slow (`with_settings`)."""
        self.settings_pushed = 0
        """How many times the client sent its settings in didChangeConfiguration: the answer to
        a configuration request asked before the last of them is older than it, and dropped."""
        self.open_documents: dict[str, OpenDocument] = {}
        """Open buffers by URI."""
        self.model = WorkspaceModel()
        """The objects of open buffers and workspace files (`kube.links.workspace_model`)."""
        self.scanned_folders: set[Path] = set()
        """Folders whose YAML files were read for the model (workspace folders: recursively)."""
        self.background_tasks: set[asyncio.Task] = set()
        """Running scans; held here because the event loop keeps only weak references."""
        self.helper: Helper | None = None
        """A second process that takes half of a big file's first read (started by `warm_up_requests`)."""
        self.disk_files: DiskFiles | None = None
        """Files that are not open, as navigation read them from disk (made by its first need)."""
        self.code_cache: CodeCache | None = None
        """The generated code kept for the next start (`codecache`), saved once warmed up."""

    def start_io(self, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
        self.preload_while_waiting()
        transport.serve_io(self, stdin, stdout)

    def start_tcp(self, host: str, port: int) -> None:
        self.preload_while_waiting()
        transport.serve_tcp(self, host, port)

    def preload_while_waiting(self) -> None:
        """Import what the first diagnostics need while no message has come yet, in a thread
        that stops at the first one. VS Code spawns the server as the extension loads and
        sends `initialize` 0.1 to 1 s later: the settings model and the analysis (pydantic
        alone is a third of the server's start) are then loaded before it, not after
        `initialized`. A client that writes at once finds the thread stopped after one step."""
        def preload() -> None:
            try:
                for name in PRELOADED:
                    if self.protocol.heard_from_client:
                        return
                    importlib.import_module(name)
            except Exception:  # the import fails again where it is needed, and is reported there
                log.debug("preloading failed", exc_info=True)

        threading.Thread(target=preload, name="pod-ls preload", daemon=True).start()

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from ..settings import Settings

            self._settings = Settings()
        return self._settings

    @settings.setter
    def settings(self, value: Settings) -> None:
        before, self._settings = self._settings, value
        if before is not None and (before.inlay_hints, before.version) != (value.inlay_hints, value.version):
            self.refresh_inlay_hints()

    def refresh_inlay_hints(self) -> None:
        """Asks the client to ask for inlay hints again, if it can be asked."""
        workspace = self.client_capabilities.workspace
        if workspace and workspace.inlay_hint and workspace.inlay_hint.refresh_support:
            self.workspace_inlay_hint_refresh(None)

    def warm_up(self) -> None:
        """Load the YAML reader, the rules and the schema, which a document's first diagnostics
        need, before it comes."""
        from ..analysis.analyzer import Analyzer
        from ..kube.schema import load_schema

        load_schema()
        Analyzer("warm-up").analyse(WARM_UP_SAMPLE, WorkspaceModel(), self.settings)

    async def warm_up_requests(self) -> None:
        """Once the open documents' first diagnostics are out, start the helper process and
        load the code of the other requests, one request's at a time between messages, so
        that neither delays those diagnostics and the first hover or completion does not load
        it. The helper is not held back further: a big file opened a moment later would be
        read by the server alone while the helper loads (open-large: 0.75 s instead of 0.6),
        and waiting for a quiet client did not bring VS Code's first squiggle forward."""
        from ..analysis.analyzer import Analyzer
        from ..kube.schema import load_schema

        await self._checked()
        self.start_helper()
        schema, lines = load_schema(), WARM_UP_SAMPLE.split("\n")
        documents = Analyzer("warm-up").parse(WARM_UP_SAMPLE)
        for step in (self._warm_completion, self._warm_hover, self._warm_navigation):
            await self._checked()
            step(lines, documents, schema)
        await self._checked()
        from ..ide import hints  # noqa: F401
        from ..rules import suppress  # noqa: F401
        from . import text  # noqa: F401

        gc.freeze()  # what is loaded now lives as long as the server: no cycle collection scans it
        if self.code_cache is not None:
            self.code_cache.save()

    def start_helper(self) -> None:
        """Start the helper process, once; it loads the same modules meanwhile, on the other core."""
        if self.helper is None:
            from ..analysis.helper import Helper

            self.helper = Helper()
            self.helper.start()

    async def _checked(self) -> None:
        """Return when no open document waits for its analysis (new messages handled first)."""
        await asyncio.sleep(0)
        while pending := [d.pending for d in self.open_documents.values() if d.pending and not d.pending.done()]:
            await asyncio.wait(pending)
            await asyncio.sleep(0)

    def _warm_completion(self, lines: list[str], documents: list[YamlDocument], schema: Schema) -> None:
        from ..ide.completion import completion

        completion.complete(lines, 4, 4, documents, schema, self.settings.version)

    def _warm_hover(self, lines: list[str], documents: list[YamlDocument], schema: Schema) -> None:
        from ..ide import hover
        from ..ide.navigation.names import FileDocuments
        from ..ide.navigation.target_hover import hover_with_target

        hover.hover(lines, 4, 5, documents, schema)
        hover_with_target(lines, 4, 5, FileDocuments.of(documents), schema)

    def _warm_navigation(self, lines: list[str], documents: list[YamlDocument], schema: Schema) -> None:
        from ..ide.navigation.names import FileDocuments
        from ..ide.navigation.rename import prepare_rename

        prepare_rename(FileDocuments.of(documents), 3, 10)

    @property
    def pull_diagnostics(self) -> bool:
        """The client pulls diagnostics (textDocument/diagnostic) and can be told to pull again.

        A Pod's diagnostics change when another file's objects do; a client that pulls but
        cannot be asked to refresh (Neovim 0.11) would keep stale ones, so it gets pushes.
        """
        caps = self.client_capabilities
        pulls = caps.text_document is not None and caps.text_document.diagnostic is not None
        workspace = caps.workspace
        refresh = bool(workspace and workspace.diagnostics and workspace.diagnostics.refresh_support)
        return pulls and refresh

    def positions(self, document: OpenDocument) -> Positions:
        return Positions(document.lines, self.workspace.position_codec)

    def folder_uris(self) -> tuple[str, ...]:
        """The workspace folders' URIs; the root URI of a client that names no folders."""
        uris = tuple(folder.uri for folder in self.workspace.folders.values())
        root = self.workspace.root_uri
        return uris or ((root,) if root else ())

    def explained(self, document: OpenDocument) -> Explained:
        """How the document's diagnostics explain themselves to this client (`convert`); other
        files are read once for all its diagnostics."""
        read: dict[str, Positions | None] = {}

        def positions_of(uri: str) -> Positions | None:
            if uri not in read:
                read[uri] = self.positions_of(uri)
            return read[uri]

        return explained_for(document.uri, self.settings, self.client_capabilities, self.pull_diagnostics,
                             positions_of)

    def positions_of(self, uri: str) -> Positions | None:
        """Positions in another file: an open buffer's, else the file's on disk."""
        from ..yaml.parse import split_lines
        from .paths import uri_to_path

        if (document := self.open_documents.get(uri)) is not None:
            return self.positions(document)
        path = uri_to_path(uri)
        try:
            text = path.read_bytes().decode("utf-8", errors="replace") if path is not None else None
        except OSError:
            return None
        return Positions(split_lines(text), self.workspace.position_codec) if text is not None else None

    def analyse(self, document: OpenDocument) -> Analysis:
        """Analyse the document's current text unless that was done already."""
        if document.analysis is None or document.analysed_version != document.version:
            self._keep(document, document.analyzer.analyse(document.text, self.model, self.settings,
                                                            helper=self.helper))
        return document.analysis

    def _keep(self, document: OpenDocument, analysis: Analysis) -> None:
        document.analysis, document.analysed_version = analysis, document.version
        if analysis.model_changed:
            self.recheck_all(except_uri=document.uri, parts=analysis.model_changed)

    def publish(self, document: OpenDocument, analysis: Analysis) -> None:
        if self.pull_diagnostics:
            return
        positions, explained = self.positions(document), self.explained(document)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=document.uri, version=document.version,
            diagnostics=[diagnostic(f, positions, explained) for f in analysis.findings]))

    def schedule(self, document: OpenDocument, delay: float) -> None:
        """Analyse and publish after `delay`, replacing any analysis still waiting."""
        if document.pending is not None:
            document.pending.cancel()
        document.pending = asyncio.get_running_loop().create_task(self._later(document, delay))

    async def with_settings(self) -> None:
        """Returns once the client's settings are in, or after SETTINGS_WAIT; after that
        nothing waits for them any more."""
        if self.settings_read.is_set():
            return
        try:
            await asyncio.wait_for(self.settings_read.wait(), SETTINGS_WAIT)
        except TimeoutError:
            self.settings_read.set()

    async def _later(self, document: OpenDocument, delay: float) -> None:
        """Analyse in steps, letting requests in between; a newer text stops the work.

        A big file's first step is published at once, so the top of the file shows its
        problems while the rest is read.
        """
        await asyncio.sleep(delay)
        await self.with_settings()
        version = document.version
        # Only a first read is worth showing in parts: later ones reuse the unchanged documents.
        first = document.analysis is None
        big = first and len(document.text) >= BIG_FIRST_READ
        if big:
            self.start_helper()  # a big file opened first does not wait for the warm-up's start
        with KeptRead() if big else nullcontext() as read:
            for analysis in document.analyzer.steps(document.text, self.model, self.settings,
                                                     batch=STEP_DOCUMENTS, helper=self.helper):
                if document.version != version or self.open_documents.get(document.uri) is not document:
                    return
                if not analysis.partial:
                    self._keep(document, analysis)
                    self.publish(document, analysis)
                    if read is not None:
                        read.keep()
                    return
                if first and analysis.findings:
                    self.publish(document, analysis)
                    first = False
                await asyncio.sleep(0)

    def run_in_background(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self.background_tasks.add(task)
        task.add_done_callback(self._background_done)

    def _background_done(self, task: asyncio.Task) -> None:
        self.background_tasks.discard(task)
        if not task.cancelled() and (error := task.exception()) is not None:
            log.error("background task failed", exc_info=error)

    def recheck_all(self, except_uri: str | None = None, parts: frozenset[tuple] | None = None) -> None:
        """Other files' objects or the settings changed: every open document may change, or
        with `parts` (what changed in the workspace model), those that asked about them. A
        change of Services re-checks them all, as it always has for the subdomain rule."""
        if parts is not None and any(part[0] in ("name", "kind") and part[1] == "Service" for part in parts):
            parts = None
        affected = [document for document in self.open_documents.values() if document.uri != except_uri
                    and (parts is None or document.analysis is None or document.analyzer.asked_about(parts))]
        for document in affected:
            document.analysis = None
        if self.pull_diagnostics:
            if affected:
                self.workspace_diagnostic_refresh(None)
            return
        for document in affected:
            self.schedule(document, 0)
