"""Pull diagnostics (textDocument/diagnostic), for clients that ask instead of listening.

Push diagnostics are sent by the server object itself after each analysis. A client that
pulls but cannot be told to pull again gets pushes (see `pull_diagnostics`); its pulls are
answered with an empty report so that it does not show every finding twice.
"""

from __future__ import annotations

from lsprotocol import types

from ..convert import diagnostic
from ..server import PodLanguageServer


def register(server: PodLanguageServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC,
                    types.DiagnosticOptions(identifier="pod-ls", inter_file_dependencies=True,
                                            workspace_diagnostics=False))
    async def document_diagnostic(ls: PodLanguageServer, params: types.DocumentDiagnosticParams
                                  ) -> types.RelatedFullDocumentDiagnosticReport:
        """Returns the findings of the buffer's current text (with the client's settings, if
        they are on their way)."""
        await ls.with_settings()
        document = ls.open_documents.get(params.text_document.uri)
        if document is None or not ls.pull_diagnostics:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        analysis = ls.analyse(document)
        positions, explained = ls.positions(document), ls.explained(document)
        return types.RelatedFullDocumentDiagnosticReport(
            items=[diagnostic(f, positions, explained) for f in analysis.findings],
            result_id=f"{document.uri}@{document.version}")
