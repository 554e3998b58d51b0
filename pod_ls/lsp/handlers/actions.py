"""Code actions: the quick fixes of the findings under the cursor (a Service made headless in
its own file among them), for each finding a way to silence its rule on that line, and
`source.fixAll.pod-ls`, every safe fix of the file at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from ..convert import Positions, diagnostic
from ..server import OpenDocument, PodLanguageServer

if TYPE_CHECKING:
    from ...ide.fixes.quickfix import QuickFix
    from ...yaml.nodes import YamlDocument

FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.pod-ls"


def _wanted(kind: str, only: list[str] | None) -> bool:
    """An action of `kind` answers a request for `only` (kinds are dotted: `source` takes
    `source.fixAll.pod-ls`); with no `only`, every action but source actions, which a
    client asks for by kind."""
    if only is None:
        return not kind.startswith("source")
    return any(kind == asked or kind.startswith(f"{asked}.") for asked in only)


def _action(ls: PodLanguageServer, found: QuickFix, document: OpenDocument, positions: Positions) -> types.CodeAction:
    fix = found.fix
    uri = found.uri or document.uri
    there = positions if uri == document.uri else ls.positions_of(uri)
    edits = [types.TextEdit(range=there.range(e.start, e.end) if there else _as_is(e.start, e.end), new_text=e.text)
             for e in fix.edits]
    return types.CodeAction(
        title=fix.title, kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic(found.finding, positions, ls.explained(document))],
        is_preferred=fix.preferred or None, edit=types.WorkspaceEdit(changes={uri: edits}))


def _as_is(start: tuple[int, int], end: tuple[int, int]) -> types.Range:
    return types.Range(start=types.Position(line=start[0], character=start[1]),
                       end=types.Position(line=end[0], character=end[1]))


def _read(ls: PodLanguageServer, uri: str, line: int) -> tuple[str, list[str], YamlDocument | None] | None:
    """Another file's text, lines and the document at `line`: the open buffer, else the file."""
    from ...kube.locate import document_at
    from ...yaml.parse import parse_stream, split_lines
    from ..paths import uri_to_path

    if (other := ls.open_documents.get(uri)) is not None:
        return other.text, other.lines, document_at(other.documents_between(line, line), line)
    path = uri_to_path(uri)
    try:
        text = path.read_bytes().decode("utf-8") if path is not None else None
    except (OSError, UnicodeDecodeError):
        return None
    return (text, split_lines(text), document_at(parse_stream(text), line)) if text is not None else None


def _fix_all(ls: PodLanguageServer, document: OpenDocument, positions: Positions) -> types.CodeAction | None:
    from ...analysis.analyzer import Analyzer
    from ...ide.fixes.fix_all import fix_all
    from ...kube.links.workspace_model import WorkspaceModel

    def analyse(text: str):
        # One document, checked as its file's are; safe fixes come from rules of the document
        # alone, so no other file's objects are needed.
        analyzer = Analyzer(document.uri)
        analyzer.patch = document.analyzer.patch
        analyzer.resource = document.analyzer.resource
        return analyzer.analyse(text, WorkspaceModel(), ls.settings).findings

    edits = fix_all(document.text, ls.analyse(document).findings, analyse)
    if not edits:
        return None
    changes = [types.TextEdit(range=positions.range(e.start, e.end), new_text=e.text) for e in edits]
    return types.CodeAction(title="Fix all safe problems (pod-ls)", kind=FIX_ALL,
                            edit=types.WorkspaceEdit(changes={document.uri: changes}))


def register(server: PodLanguageServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]))
    def code_action(ls: PodLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        """Returns the fixes for the findings in the requested range, or of the whole file."""
        from ...ide.fixes.headless import headless_fixes
        from ...ide.fixes.quickfix import quick_fixes

        document = ls.open_documents.get(params.text_document.uri)
        if document is None:
            return None
        positions = ls.positions(document)
        only = params.context.only
        actions = []
        if _wanted(FIX_ALL, only) and (every := _fix_all(ls, document, positions)) is not None:
            actions.append(every)
        if not _wanted(types.CodeActionKind.QuickFix, only):
            return actions
        start = positions.from_client(params.range.start)
        end = positions.from_client(params.range.end)
        if start is None or end is None:
            return actions
        findings = ls.analyse(document).findings
        here = [f for f in findings if f.start <= end and start <= f.end]
        lines = sorted({f.start[0] for f in here})
        documents = document.documents_between(lines[0], lines[-1]) if lines else []
        found = quick_fixes(here, start, end, document.text, document.lines, documents)
        found[:0] = [fix for f in here for fix in headless_fixes(f, lambda uri, line: _read(ls, uri, line))]
        return actions + [_action(ls, f, document, positions) for f in found]
