"""Completion, hover and inlay hints."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from ..convert import Positions, completion_item
from ..server import OpenDocument, PodLanguageServer

if TYPE_CHECKING:
    from ...ide.hints import InlayHint


def register(server: PodLanguageServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_COMPLETION,
                    types.CompletionOptions(trigger_characters=[":", " ", "-"]))
    def completion(ls: PodLanguageServer, params: types.CompletionParams
                   ) -> types.CompletionList | None:
        """Returns the fields or values that fit at the cursor."""
        from ...ide.completion.completion import WorkspaceNames, complete
        from ...kube.schema import load_schema

        document = ls.open_documents.get(params.text_document.uri)
        if document is None:
            return None
        positions = ls.positions(document)
        pos = positions.from_client(params.position)
        if pos is None:
            return None
        snippets, markdown = _completion_support(ls)
        items = complete(document.lines, pos[0], pos[1], document.documents_between(pos[0], pos[0]),
                         load_schema(), ls.settings.version, snippets=snippets,
                         workspace=WorkspaceNames(ls.model, document.uri, ls.folder_uris()))
        return types.CompletionList(is_incomplete=False, items=[
            completion_item(item, pos[0], pos[1], positions, markdown) for item in items])

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover_text(ls: PodLanguageServer, params: types.HoverParams) -> types.Hover | None:
        """Returns the docs of the field or value under the cursor."""
        from ...ide.navigation.target_hover import hover_with_target
        from ...ide.plaintext import plain_text
        from ...kube.schema import load_schema
        from .navigation import workspace_of

        document = ls.open_documents.get(params.text_document.uri)
        if document is None:
            return None
        positions = ls.positions(document)
        pos = positions.from_client(params.position)
        if pos is None:
            return None
        found = hover_with_target(document.lines, pos[0], pos[1], document.file_documents(), load_schema(),
                                  workspace_of(ls, document.uri))
        if found is None:
            return None
        if _renders_markdown(ls):
            contents = types.MarkupContent(kind=types.MarkupKind.Markdown, value=found.markdown)
        else:
            contents = types.MarkupContent(kind=types.MarkupKind.PlainText, value=plain_text(found.markdown))
        return types.Hover(contents=contents, range=positions.range(found.start, found.end))

    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=True))
    def inlay_hint(ls: PodLanguageServer, params: types.InlayHintParams) -> list[types.InlayHint] | None:
        """Returns the QoS class and the API server's defaults in the visible range."""
        document = ls.open_documents.get(params.text_document.uri)
        if document is None:
            return None
        positions = ls.positions(document)
        lazy = _resolves_tooltips(ls)
        return [_inlay_hint(h, positions, None if lazy else h.tooltip, document.uri if lazy else None)
                for h in _hints(ls, document, params.range.start.line, params.range.end.line)]

    @server.feature(types.INLAY_HINT_RESOLVE)
    def inlay_hint_resolve(ls: PodLanguageServer, hint: types.InlayHint) -> types.InlayHint:
        """Returns the hint with its tooltip: which code sets each default, and why."""
        document = ls.open_documents.get(hint.data) if isinstance(hint.data, str) else None
        if document is None:
            return hint
        positions = ls.positions(document)
        line = hint.position.line
        for found in _hints(ls, document, line, line):
            if positions.to_client(found.position) == hint.position and found.label == hint.label:
                return _inlay_hint(found, positions, found.tooltip, None)
        return hint


def _hints(ls: PodLanguageServer, document: OpenDocument, first: int, last: int) -> list[InlayHint]:
    from ...ide.hints import HintCache, inlay_hints
    from ...kube.schema import load_schema

    if document.hints is None:
        document.hints = HintCache()
    settings = ls.settings
    return inlay_hints(document.documents_between(first, last), load_schema(), first, last, settings.version,
                       settings.inlay_hints.defaults and not document.analyzer.patch, document.hints)


def _resolves_tooltips(ls: PodLanguageServer) -> bool:
    """The client asks for a hint's tooltip when it shows it, so the answer for a big file stays
    small: a whole file's tooltips are megabytes."""
    hints = ls.client_capabilities.text_document and ls.client_capabilities.text_document.inlay_hint
    resolve = hints.resolve_support if hints else None
    return resolve is not None and "tooltip" in resolve.properties


def _inlay_hint(hint: InlayHint, positions: Positions, tooltip: str | None, data: str | None) -> types.InlayHint:
    return types.InlayHint(
        position=positions.to_client(hint.position), label=hint.label, padding_left=True, data=data,
        tooltip=types.MarkupContent(kind=types.MarkupKind.Markdown, value=tooltip) if tooltip else None)


def _renders_markdown(ls: PodLanguageServer) -> bool:
    """The client's hover takes Markdown: it says so, or names no format (eglot without
    markdown-mode names only plain text)."""
    document = ls.client_capabilities.text_document
    formats = document.hover.content_format if document is not None and document.hover is not None else None
    return not formats or types.MarkupKind.Markdown in formats


def _completion_support(ls: PodLanguageServer) -> tuple[bool, bool]:
    """Whether the client expands snippets in completion items, and renders their Markdown
    (a client that names no documentation format gets plain text)."""
    document = ls.client_capabilities.text_document
    completion = document.completion if document is not None else None
    item = completion.completion_item if completion is not None else None
    if item is None:
        return False, False
    return bool(item.snippet_support), types.MarkupKind.Markdown in (item.documentation_format or ())
