"""Completion, hover and inlay hints."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from .convert import Positions, completion_item
from .server import PodLanguageServer

if TYPE_CHECKING:
    from ..ide.hints import InlayHint


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
        from ..ide.hover import hover
        from ..kube.schema import load_schema

        document = ls.open_documents.get(params.text_document.uri)
        if document is None:
            return None
        positions = ls.positions(document)
        pos = positions.from_client(params.position)
        if pos is None:
            return None
        found = hover(document.lines, pos[0], pos[1], document.documents_between(pos[0], pos[0]),
                      load_schema())
        if found is None:
            return None
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=found.markdown),
            range=positions.range(found.start, found.end))

    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions())
    def inlay_hint(ls: PodLanguageServer, params: types.InlayHintParams) -> list[types.InlayHint] | None:
        """Returns the QoS class and the API server's defaults in the visible range."""
        from ..ide.hints import inlay_hints
        from ..kube.schema import load_schema

        document = ls.open_documents.get(params.text_document.uri)
        if document is None:
            return None
        positions = ls.positions(document)
        first, last = params.range.start.line, params.range.end.line
        settings = ls.settings
        hints = inlay_hints(document.documents_between(first, last), load_schema(), first, last,
                            settings.version, settings.inlay_hints.defaults and not document.analyzer.patch)
        return [_inlay_hint(h, positions) for h in hints]


def _inlay_hint(hint: InlayHint, positions: Positions) -> types.InlayHint:
    """A hint with pieces gets a label part per piece, so each default has its own tooltip."""
    label: str | list[types.InlayHintLabelPart] = hint.label
    if hint.parts:
        label = [types.InlayHintLabelPart(value=part.text, tooltip=types.MarkupContent(
            kind=types.MarkupKind.Markdown, value=part.tooltip)) for part in hint.parts]
    return types.InlayHint(position=positions.to_client(hint.position), label=label, tooltip=hint.tooltip,
                           padding_left=True)
