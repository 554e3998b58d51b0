"""pod-ls values ↔ LSP types. Positions change encoding here and nowhere else.

The domain counts columns in code points; the client counts in UTF-16 units (or what was
negotiated). Lines that are pure ASCII, nearly all of YAML, need no conversion.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from ..yaml.nodes import Pos

if TYPE_CHECKING:
    from ..findings import Finding
    from ..ide.snippets import Completion

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


def diagnostic(finding: Finding, positions: Positions) -> types.Diagnostic:
    return types.Diagnostic(
        range=positions.range(finding.start, finding.end),
        message=finding.message,
        severity=types.DiagnosticSeverity(int(finding.severity)),
        code=finding.rule,
        source="pod-ls",
        data=finding.data or None,
    )


def completion_item(item: Completion, line: int, column: int, positions: Positions,
                    markdown: bool = True) -> types.CompletionItem:
    """`markdown`: the client renders Markdown documentation (else it gets the text as it is)."""
    edit_range = positions.range((line, item.replace_start), (line, column))
    multiline = "\n" in item.insert_text
    documentation: types.MarkupContent | str | None = item.documentation or None
    if documentation and markdown:
        documentation = types.MarkupContent(kind=types.MarkupKind.Markdown, value=item.documentation)
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
