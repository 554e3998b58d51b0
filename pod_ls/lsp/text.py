"""An open buffer's text and lines, patched by the editor's changes.

pygls would keep a copy of its own and rebuild it from every line on each change (about
10 ms a keystroke in a 63k-line file, then pod-ls split it again); here the changes of one
`didChange` patch a copy of the line list in place, only the lines they touch are split,
and the text is joined once at the end: a thousand changes cost one pass over the text,
not a thousand.
"""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from ..yaml.nodes import Pos
from ..yaml.parse import line_starts, split_lines
from .convert import Positions


def apply_changes(text: str, lines: list[str], changes: Sequence[types.TextDocumentContentChangeEvent],
                  codec: PositionCodec) -> tuple[str, list[str]]:
    """The text and lines after the changes, applied in order as LSP says.

    While every line break is the same (all LF or all CRLF) and no change mixes them, the
    lines alone are patched and the text is their join. A change that mixes breaks, or a
    file that already does, goes through the whole text for it and what follows.
    """
    width = _break_width(text)
    patched = False
    for change in changes:
        if not isinstance(change, types.TextDocumentContentChangePartial):
            text, lines, patched = change.text, split_lines(change.text), False
            width = _break_width(text)
            continue
        if width is not None and _keeps_breaks(change.text, width):
            if not patched:
                lines, patched = list(lines), True
            _patch_lines(lines, change.range, change.text, codec)
            continue
        if patched:
            text, patched = _joined(lines, width), False
        text = _patch_text(text, lines, change.range, change.text, codec)
        lines, width = split_lines(text), _break_width(text)
    return (_joined(lines, width) if patched else text), lines


def _patch_lines(lines: list[str], where: types.Range, new: str, codec: PositionCodec) -> None:
    """Splices the change into the list in place; only the first and last lines it touches are cut."""
    (first, start), (last, end) = _span(lines, where, codec)
    lines[first:last + 1] = split_lines(lines[first][:start] + new + lines[last][end:])


def _patch_text(text: str, lines: list[str], where: types.Range, new: str, codec: PositionCodec) -> str:
    (first, start), (last, end) = _span(lines, where, codec)
    offsets = line_starts(text)
    return text[:offsets[first] + start] + new + text[offsets[last] + end:]


def _span(lines: list[str], where: types.Range, codec: PositionCodec) -> tuple[Pos, Pos]:
    positions = Positions(lines, codec)
    start, end = sorted((_clamped(positions, where.start), _clamped(positions, where.end)))
    return start, end


def _break_width(text: str) -> int | None:
    """1 if every line break is LF, 2 if every one is CRLF, None if they are mixed."""
    if "\r" not in text:
        return 1
    crlf = text.count("\r\n")
    return 2 if crlf == text.count("\r") == text.count("\n") else None


def _keeps_breaks(new: str, width: int) -> bool:
    """Whether inserting `new` anywhere keeps every break of the text the same kind.

    A trailing CR could pair with an LF after the cut, so it never does.
    """
    if "\r" not in new:
        return width == 1 or "\n" not in new
    return width == 2 and not new.endswith("\r") and new.count("\r\n") == new.count("\r") == new.count("\n")


def _joined(lines: list[str], width: int) -> str:
    return ("\n" if width == 1 else "\r\n").join(lines)


def _clamped(positions: Positions, position: types.Position) -> Pos:
    """The position in code points; past the end of a line or of the text means its end."""
    lines = positions.lines
    if position.line >= len(lines):
        return len(lines) - 1, len(lines[-1])
    found = positions.from_client(types.Position(line=max(position.line, 0), character=max(position.character, 0)))
    return found if found is not None else (0, 0)
