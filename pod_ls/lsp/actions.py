"""Code actions: the quick fixes of the findings under the cursor, and for each finding a way
to silence its rule on that line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from .convert import Positions, diagnostic
from .server import PodLanguageServer

if TYPE_CHECKING:
    from ..findings import Finding, Fix


def _overlaps(finding: Finding, start: tuple[int, int], end: tuple[int, int]) -> bool:
    return finding.start <= end and start <= finding.end


def _action(fix: Fix, finding: Finding, uri: str, positions: Positions) -> types.CodeAction:
    edits = [types.TextEdit(range=positions.range(e.start, e.end), new_text=e.text) for e in fix.edits]
    return types.CodeAction(
        title=fix.title, kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic(finding, positions)], is_preferred=fix.preferred or None,
        edit=types.WorkspaceEdit(changes={uri: edits}))


def register(server: PodLanguageServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: PodLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        """Returns the fixes for the findings in the requested range."""
        from ..suppress import suppression_fix

        document = ls.open_documents.get(params.text_document.uri)
        if document is None:
            return None
        positions = ls.positions(document)
        start = positions.from_client(params.range.start)
        end = positions.from_client(params.range.end)
        if start is None or end is None:
            return None
        actions = []
        for finding in ls.analyse(document).findings:
            if not _overlaps(finding, start, end):
                continue
            actions += [_action(fix, finding, document.uri, positions) for fix in finding.fixes]
            if (silence := suppression_fix(finding, document.lines)) is not None:
                actions.append(_action(silence, finding, document.uri, positions))
        return actions
