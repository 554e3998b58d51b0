"""Completion and hover."""

from __future__ import annotations

from lsprotocol import types

from .convert import completion_item
from .server import PodLanguageServer


def register(server: PodLanguageServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_COMPLETION,
                    types.CompletionOptions(trigger_characters=[":", " ", "-"]))
    def completion(ls: PodLanguageServer, params: types.CompletionParams
                   ) -> types.CompletionList | None:
        """Returns the fields or values that fit at the cursor."""
        from ..ide.completion import complete
        from ..kube.schema import load_schema

        document = ls.open_documents.get(params.text_document.uri)
        if document is None:
            return None
        positions = ls.positions(document)
        pos = positions.from_client(params.position)
        if pos is None:
            return None
        items = complete(document.lines, pos[0], pos[1], document.documents_between(pos[0], pos[0]),
                         load_schema(), ls.settings.version)
        return types.CompletionList(is_incomplete=False, items=[
            completion_item(item, pos[0], pos[1], positions) for item in items])

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover_text(ls: PodLanguageServer, params: types.HoverParams) -> types.Hover | None:
        """Returns the docs of the field or value under the cursor."""
        from ..ide.target_hover import hover_with_target
        from ..kube.schema import load_schema

        document = ls.open_documents.get(params.text_document.uri)
        if document is None:
            return None
        positions = ls.positions(document)
        pos = positions.from_client(params.position)
        if pos is None:
            return None
        found = hover_with_target(document.lines, pos[0], pos[1], document.file_documents(), load_schema())
        if found is None:
            return None
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=found.markdown),
            range=positions.range(found.start, found.end))

    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions())
    def inlay_hint(ls: PodLanguageServer, params: types.InlayHintParams) -> list[types.InlayHint] | None:
        """Returns the QoS class of each pod spec in the visible range."""
        from ..ide.hints import inlay_hints
        from ..kube.schema import load_schema

        document = ls.open_documents.get(params.text_document.uri)
        if document is None:
            return None
        positions = ls.positions(document)
        first, last = params.range.start.line, params.range.end.line
        hints = inlay_hints(document.documents_between(first, last), load_schema(), first, last)
        return [types.InlayHint(position=positions.to_client(h.position), label=h.label,
                                tooltip=h.tooltip, padding_left=True) for h in hints]
