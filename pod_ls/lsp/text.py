"""An open buffer's text and lines, patched by the editor's changes.

pygls would keep a copy of its own and rebuild it from every line on each change (about
10 ms a keystroke in a 63k-line file, then pod-ls split it again); here a change costs a
slice of the text and of the line list, and only the lines it touches are split.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from ..nodes import Pos
from ..parse import line_starts, split_lines
from .convert import Positions


def apply_changes(text: str, lines: list[str], changes: Sequence[types.TextDocumentContentChangeEvent],
                  codec: PositionCodec) -> tuple[str, list[str]]:
    """The text and lines after the changes, applied in order as LSP says."""
    for change in changes:
        if isinstance(change, types.TextDocumentContentChangePartial):
            text, lines = _patch(text, lines, change.range, change.text, codec)
        else:
            text, lines = change.text, split_lines(change.text)
    return text, lines


def _patch(text: str, lines: list[str], where: types.Range, new: str,
           codec: PositionCodec) -> tuple[str, list[str]]:
    positions = Positions(lines, codec)
    (first, start), (last, end) = sorted((_clamped(positions, where.start), _clamped(positions, where.end)))
    width = _break_width(text)
    if width is None or new.endswith("\r"):
        # Mixed or lone CR breaks, or a CR that may pair with the LF after the cut: split it all.
        offsets = line_starts(text)
        text = text[:offsets[first] + start] + new + text[offsets[last] + end:]
        return text, split_lines(text)
    before = sum(map(len, islice(lines, first))) + width * first
    cut = before + start
    after = before + sum(map(len, islice(lines, first, last))) + width * (last - first) + end
    text = text[:cut] + new + text[after:]
    return text, [*islice(lines, first), *split_lines(lines[first][:start] + new + lines[last][end:]),
                  *islice(lines, last + 1, None)]


def _break_width(text: str) -> int | None:
    """1 if every line break is LF, 2 if every one is CRLF, None if they are mixed."""
    if "\r" not in text:
        return 1
    crlf = text.count("\r\n")
    return 2 if crlf == text.count("\r") == text.count("\n") else None


def _clamped(positions: Positions, position: types.Position) -> Pos:
    """The position in code points; past the end of a line or of the text means its end."""
    lines = positions.lines
    if position.line >= len(lines):
        return len(lines) - 1, len(lines[-1])
    found = positions.from_client(types.Position(line=max(position.line, 0), character=max(position.character, 0)))
    return found if found is not None else (0, 0)

