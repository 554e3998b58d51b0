"""pod-ls values ↔ LSP types. Positions change encoding here and nowhere else.

The domain counts columns in code points; the client counts in UTF-16 units (or what was
negotiated). Lines that are pure ASCII, nearly all of YAML, need no conversion.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from ..ide.plaintext import plain_text
from ..yaml.nodes import Pos

if TYPE_CHECKING:
    from ..findings import Finding, Related
    from ..ide.completion.snippets import Completion
    from ..settings import Settings

_COMPLETION_KINDS = {
    "field": types.CompletionItemKind.Field,
    "value": types.CompletionItemKind.EnumMember,
    "reference": types.CompletionItemKind.Reference,
    "snippet": types.CompletionItemKind.Snippet,
}


class Positions:
    """Converts between code-point columns and the client's units on one text's lines."""

    def __init__(self, lines: list[str], codec: PositionCodec) -> None:
        self.lines = lines
        self.codec = codec
        self._code_points = codec.encoding == types.PositionEncodingKind.Utf32

    def to_client(self, pos: Pos) -> types.Position:
        line, column = pos
        if line >= len(self.lines):
            return types.Position(line=max(len(self.lines) - 1, 0),
                                  character=self._units(self.lines[-1]) if self.lines else 0)
        text = self.lines[line]
        column = min(column, len(text))
        if self._code_points or text.isascii():
            return types.Position(line=line, character=column)
        return types.Position(line=line, character=self._units(text[:column]))

    def from_client(self, position: types.Position) -> Pos | None:
        """Code-point position, or None when it lies outside the text."""
        line, units = position.line, position.character
        if not 0 <= line < len(self.lines) or units < 0:
            return None
        text = self.lines[line]
        if self._code_points or text.isascii():
            return line, min(units, len(text))
        count = 0
        for column, char in enumerate(text):
            if count >= units:
                return line, column
            count += self.codec.impl.code_units_for_char(char)
        return line, len(text)

    def range(self, start: Pos, end: Pos) -> types.Range:
        return types.Range(start=self.to_client(start), end=self.to_client(end))

    def _units(self, text: str) -> int:
        return len(text) if text.isascii() else self.codec.client_num_units(text)


@dataclass(frozen=True, slots=True)
class Explained:
    """What a diagnostic carries beyond its message: what the client shows, and for whom.

    `uri` is the diagnostic's file; `positions_of` gives another file's positions (None: its
    columns are sent as they are, right for the ASCII lines that names are on)."""

    uri: str
    rule_url: Callable[[str], str | None]
    related: bool
    """The client shows relatedInformation."""
    deprecated: bool
    """The client takes the Deprecated tag."""
    positions_of: Callable[[str], Positions | None]


def explained_for(uri: str, settings: Settings, capabilities: types.ClientCapabilities, pulled: bool,
                  positions_of: Callable[[str], Positions | None]) -> Explained:
    """What the client said it shows, for diagnostics pushed or (`pulled`) pulled: a pulling
    client that says nothing of it in its pull capabilities is taken at its push ones."""
    text = capabilities.text_document
    pushed = text.publish_diagnostics if text else None
    pull = text.diagnostic if text and pulled else None
    related = (pull.related_information if pull and pull.related_information is not None
               else bool(pushed and pushed.related_information))
    tags = pull.tag_support if pull and pull.tag_support is not None else (pushed.tag_support if pushed else None)
    deprecated = bool(tags and types.DiagnosticTag.Deprecated in tags.value_set)
    return Explained(uri, settings.rule_url, bool(related), deprecated, positions_of)


def diagnostic(finding: Finding, positions: Positions, explained: Explained | None = None) -> types.Diagnostic:
    href = explained.rule_url(finding.rule) if explained is not None else None
    related = None
    if explained is not None and explained.related and finding.related:
        related = [_related(place, positions, explained) for place in finding.related]
    return types.Diagnostic(
        range=positions.range(finding.start, finding.end),
        message=finding.message,
        severity=types.DiagnosticSeverity(int(finding.severity)),
        code=finding.rule,
        code_description=types.CodeDescription(href=href) if href else None,
        source="pod-ls",
        tags=[types.DiagnosticTag.Deprecated] if finding.deprecated and explained and explained.deprecated else None,
        related_information=related,
        data=finding.data or None,
    )


def _related(place: Related, positions: Positions, explained: Explained) -> types.DiagnosticRelatedInformation:
    uri = place.uri or explained.uri
    there = positions if uri == explained.uri else explained.positions_of(uri)
    if there is None:
        where = types.Range(start=types.Position(line=place.start[0], character=place.start[1]),
                            end=types.Position(line=place.end[0], character=place.end[1]))
    else:
        where = there.range(place.start, place.end)
    return types.DiagnosticRelatedInformation(location=types.Location(uri=uri, range=where), message=place.message)


def completion_item(item: Completion, line: int, column: int, positions: Positions,
                    markdown: bool = True) -> types.CompletionItem:
    """`markdown`: the client renders Markdown documentation (else it gets it as plain text)."""
    edit_range = positions.range((line, item.replace_start), (line, column))
    multiline = "\n" in item.insert_text
    documentation: types.MarkupContent | str | None = item.documentation or None
    if documentation:
        documentation = (types.MarkupContent(kind=types.MarkupKind.Markdown, value=item.documentation)
                         if markdown else plain_text(item.documentation))
    return types.CompletionItem(
        label=item.label,
        kind=_COMPLETION_KINDS[item.kind],
        detail=item.detail,
        documentation=documentation,
        filter_text=item.filter_text or item.label,
        sort_text=item.sort_text,
        text_edit=types.TextEdit(range=edit_range, new_text=item.insert_text),
        insert_text_format=types.InsertTextFormat.Snippet if item.snippet else None,
        insert_text_mode=(types.InsertTextMode.AdjustIndentation if item.relative_indent
                          else types.InsertTextMode.AsIs) if multiline else None,
    )
