"""Where the cursor is, read from indentation alone.

While the user types, the YAML is usually broken (`livenessP`, `- `, `image: `), so
completion cannot rely on the parser. This module reads the lines above the cursor the way
a person does: the nearest less-indented `key:` is the parent, a `- ` opens a list item.
Block style only; it gives up (returns None) inside block scalars.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .nodes import PathKey

_KEY_LINE = re.compile(
    r"""^(?P<indent>[ ]*+)(?P<dashes>(?:-[ ]+)*+)
        (?P<key>"[^"]*"|'[^']*'|[^\s#:"'\[\]{},][^#:]*?|)[ ]*:(?:[ ]+|$)(?P<value>.*)$""",
    re.VERBOSE,
)
_DASH_ONLY = re.compile(r"^(?P<indent>[ ]*+)(?P<dashes>(?:-[ ]*+)++)$")
_DOC_START = re.compile(r"^(---|\.\.\.)(\s|$)")
_KIND = re.compile(r"^kind:[ \t]*['\"]?([A-Za-z0-9]+)")
_BLOCK_SCALAR = re.compile(r"^[|>][-+0-9]*\s*(#.*)?$")
# What is typed before the cursor on its line.
_TYPING_KEY = re.compile(r"^(?P<indent>[ ]*+)(?P<dashes>(?:-[ ]+)*+)(?P<word>[\w.\-/]*+)$")
_TYPING_VALUE = re.compile(
    r"^(?P<indent>[ ]*+)(?P<dashes>(?:-[ ]+)*+)(?P<key>[\w.\-/]+)[ ]*:[ ]+(?P<quote>[\"']?)(?P<word>[^\"'#]*)$")


@dataclass(slots=True)
class _Line:
    indent: int
    dash_columns: list[int]
    key_column: int
    key: str | None
    value: str


def _read_line(text: str) -> _Line | None:
    """Key, indentation and list dashes of one line; None for blank and comment lines."""
    stripped = text.strip()
    if not stripped or stripped.startswith("#"):
        return None
    match = _KEY_LINE.match(text) or _DASH_ONLY.match(text)
    indent = len(text) - len(text.lstrip(" "))
    if match is None:
        return _Line(indent, [], indent, None, stripped)
    dashes = match.group("dashes")
    columns = [indent + m.start() for m in re.finditer("-", dashes)]
    key = match.groupdict().get("key")
    if key is not None:
        key = key.strip("\"'")
    return _Line(indent, columns, indent + len(dashes), key,
                 (match.groupdict().get("value") or "").strip())


@dataclass(slots=True)
class Cursor:
    """What the user is typing and where in the object it goes."""

    mode: str
    """`key` (typing a field name) or `value` (typing after `key: `)."""
    path: list[PathKey]
    """Key mode: path of the mapping the key goes in. Value mode: path of the field."""
    word: str
    """The part already typed."""
    word_start: int
    """Column where the typed part starts."""
    kind: str | None
    """The document's `kind`."""
    siblings: set[str] = field(default_factory=set)
    """Keys already present in the mapping (key mode)."""
    list_name: str | None = None
    """The list the innermost item belongs to, e.g. initContainers."""


def document_bounds(lines: list[str], line: int) -> tuple[int, int]:
    """First and last line of the `---` document holding `line`."""
    start = line
    while start > 0 and not _DOC_START.match(lines[start]):
        start -= 1
    end = line + 1
    while end < len(lines) and not _DOC_START.match(lines[end]):
        end += 1
    return start, end - 1


def _kind(lines: list[str], start: int, end: int) -> str | None:
    for number in range(start, end + 1):
        if (match := _KIND.match(lines[number])) is not None:
            return match.group(1)
    return None


def parent_path(lines: list[str], line: int, column: int, start: int,
                in_item: bool = False) -> list[PathKey] | None:
    """Path of the mapping whose keys sit at `column` on `line`; None inside a block scalar.

    With `in_item`, `column` is the dash of a list item and the result is the list's path.
    """
    path: list[PathKey] = []
    for number in range(line - 1, start - 1, -1):
        if column == 0 and not in_item:
            break
        info = _read_line(lines[number])
        if info is None:
            continue
        first_dash = info.dash_columns[0] if info.dash_columns else None
        if in_item:
            # Looking for the key that owns the list; earlier items are at or right of the dash.
            if info.indent > column or first_dash == column:
                continue
            if info.key is None:
                return None if first_dash is None else path
        else:
            if first_dash is not None and first_dash < column and info.key_column == column:
                path[:0] = [-1] * len(info.dash_columns)  # the first line of our list item
                column, in_item = first_dash, True
                continue
            if info.key_column >= column and (first_dash is None or first_dash >= column):
                continue  # a sibling, or deeper
            if info.key is None:
                if first_dash is not None:  # a lone `-`, the item's keys on the lines below
                    path[:0] = [-1] * len(info.dash_columns)
                    column, in_item = first_dash, True
                    continue
                return None  # less-indented text that is no key: a multi-line scalar
        if _BLOCK_SCALAR.match(info.value):
            return None
        path[:0] = [*([-1] * len(info.dash_columns)), info.key]  # `- key:`: the item, then its key
        column = first_dash if first_dash is not None else info.key_column
        in_item = first_dash is not None
    return path


def _siblings(lines: list[str], line: int, column: int, start: int, end: int,
              directions: tuple[int, ...] = (-1, 1)) -> set[str]:
    """Keys at `column` in the same mapping as `line`."""
    found: set[str] = set()
    for step in directions:
        number = line + step
        while start <= number <= end:
            info = _read_line(lines[number])
            number += step
            if info is None:
                continue
            if info.dash_columns and info.dash_columns[0] < column:
                if step == -1 and info.key_column == column and info.key is not None:
                    found.add(info.key)  # the first key of our item
                break
            if info.key_column < column:
                break
            if info.key_column == column and info.key is not None:
                found.add(info.key)
    return found


def _list_name(path: list[PathKey]) -> str | None:
    for index in range(len(path) - 1, 0, -1):
        if isinstance(path[index], int) and isinstance(path[index - 1], str):
            return str(path[index - 1])
    return None


def cursor_at(lines: list[str], line: int, column: int) -> Cursor | None:
    """Read what is being typed at (line, column); None where nothing can be completed."""
    if not 0 <= line < len(lines):
        return None
    before = lines[line][:column]
    start, end = document_bounds(lines, line)
    if _DOC_START.match(lines[line]):
        return None
    kind = _kind(lines, start, end)
    typing = _TYPING_KEY.match(before)
    mode = "key"
    if typing is None:
        typing = _TYPING_VALUE.match(before)
        mode = "value"
        if typing is None:
            return None
    indent, dashes = typing.group("indent"), typing.group("dashes")
    key_column = len(indent) + len(dashes)
    dash_columns = [len(indent) + m.start() for m in re.finditer("-", dashes)]
    parent_column = dash_columns[0] if dash_columns else key_column
    path = parent_path(lines, line, parent_column, start, in_item=bool(dash_columns))
    if path is None:
        return None
    path += [-1] * len(dash_columns)
    word = typing.group("word")
    word_start = column - len(word)
    if mode == "value":
        return Cursor("value", [*path, typing.group("key")], word, word_start, kind,
                      list_name=_list_name(path))
    # In a new list item, only the lines below can hold its other keys.
    directions = (1,) if dash_columns else (-1, 1)
    siblings = _siblings(lines, line, key_column, start, end, directions)
    return Cursor("key", path, word, word_start, kind, siblings, _list_name(path))


def key_path_at(lines: list[str], line: int, column: int) -> tuple[list[PathKey], str | None, int, int] | None:
    """For hover in a document that does not parse: path of the key or value under the cursor.

    Returns (path of the field, kind, start column, end column of the word under the cursor).
    """
    if not 0 <= line < len(lines):
        return None
    info = _read_line(lines[line])
    if info is None or info.key is None:
        return None
    start, end = document_bounds(lines, line)
    parent_column = info.dash_columns[0] if info.dash_columns else info.key_column
    path = parent_path(lines, line, parent_column, start, in_item=bool(info.dash_columns))
    if path is None:
        return None
    path += [-1] * len(info.dash_columns)
    text = lines[line]
    key_end = info.key_column + len(info.key)
    if column <= key_end:
        return [*path, info.key], _kind(lines, start, end), info.key_column, key_end
    value_start = text.find(info.value, key_end) if info.value else -1
    if value_start < 0 or column > value_start + len(info.value):
        return None
    return [*path, info.key], _kind(lines, start, end), value_start, value_start + len(info.value)
