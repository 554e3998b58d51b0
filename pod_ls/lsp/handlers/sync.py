"""Document sync: didOpen / didChange / didClose / didSave keep the open buffers and the
workspace model current and schedule their diagnostics."""

from __future__ import annotations

import logging

from lsprotocol import types

from ..paths import uri_to_path
from ..server import OpenDocument, PodLanguageServer
from .workspace import refresh_files, scan_beside

log = logging.getLogger(__name__)


def register(server: PodLanguageServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: PodLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        """Analyses the new buffer at once (as a patch if a kustomization lists its file)."""
        from ...analysis.analyzer import Analyzer
        from ...kube.files.kustomize import kustomize_role

        item = params.text_document
        analyzer = Analyzer(item.uri)
        path = uri_to_path(item.uri)
        if path is not None:
            analyzer.patch, analyzer.resource = kustomize_role(path)
        document = OpenDocument(item.uri, item.version, "", [], analyzer)
        document.update(item.version, item.text)
        ls.open_documents[item.uri] = document
        ls.schedule(document, 0)
        ls.run_in_background(scan_beside(ls, item.uri))

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PodLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        """Patches the buffer and analyses it after a pause (longer while the user types); a
        newer change cancels the pause or the analysis in progress."""
        from ..text import apply_changes

        document = ls.open_documents.get(params.text_document.uri)
        if document is None:
            log.info("ignoring a change to %s, which is not open", params.text_document.uri)
            return
        document.version = params.text_document.version
        document.text, document.lines = apply_changes(document.text, document.lines, params.content_changes,
                                                      ls.workspace.position_codec)
        ls.schedule(document, document.pause_after_change())

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PodLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        """Clears the buffer's diagnostics; its objects fall back to the file on disk, if the
        workspace scan reads that file."""
        uri = params.text_document.uri
        document = ls.open_documents.pop(uri, None)
        if document is not None and document.pending is not None:
            document.pending.cancel()
            # The cancelled task keeps its CancelledError, whose traceback holds the document:
            # a cycle the raised collector thresholds would leave alive, whole text and parse.
            document.pending = None
        if not ls.pull_diagnostics:
            ls.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        ls.run_in_background(refresh_files(ls, [uri]))

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: PodLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        """The buffer is already analysed; a save only matters to files that are not open."""
