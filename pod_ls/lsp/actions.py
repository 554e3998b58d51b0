"""Code actions: the quick fixes of the findings under the cursor, and for each finding a way
to silence its rule on that line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from .convert import Positions, diagnostic
from .server import PodLanguageServer

if TYPE_CHECKING:
    from ..ide.quickfix import QuickFix


def _action(found: QuickFix, uri: str, positions: Positions) -> types.CodeAction:
    fix = found.fix
    edits = [types.TextEdit(range=positions.range(e.start, e.end), new_text=e.text) for e in fix.edits]
    return types.CodeAction(
        title=fix.title, kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic(found.finding, positions)], is_preferred=fix.preferred or None,
        edit=types.WorkspaceEdit(changes={uri: edits}))


def register(server: PodLanguageServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: PodLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        """Returns the fixes for the findings in the requested range."""
        from ..ide.quickfix import quick_fixes

        document = ls.open_documents.get(params.text_document.uri)
        if document is None:
            return None
        positions = ls.positions(document)
        start = positions.from_client(params.range.start)
        end = positions.from_client(params.range.end)
        if start is None or end is None:
            return None
        findings = ls.analyse(document).findings
        lines = sorted({f.start[0] for f in findings if f.start <= end and start <= f.end})
        documents = document.documents_between(lines[0], lines[-1]) if lines else []
        found = quick_fixes(findings, start, end, document.text, document.lines, documents)
        return [_action(f, document.uri, positions) for f in found]
