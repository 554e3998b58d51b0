"""What a completion inserts: a field name, a value, or a whole YAML body with placeholders.

Bodies are written as data (mappings, lists, YAML text and `Placeholder`s) and rendered here
at the cursor's place: block style with the file's own indentation, or flow style inside
`{ }`. For a client with snippet support each placeholder becomes a tab stop (`${1:name}`,
the same tab stop wherever one `tie` repeats); otherwise its default is written as plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Completion:
    label: str
    kind: str
    """`field`, `value`, `reference` or `snippet` (a whole resource)."""
    detail: str
    documentation: str
    insert_text: str
    replace_start: int
    """Column where the text to replace (the typed part) starts; it ends at the cursor."""
    snippet: bool = False
    """`insert_text` is in snippet syntax (tab stops, `\\$` escapes)."""
    relative_indent: bool = False
    """Lines after the first are indented relative to the cursor line's own indentation, which
    the client adds (LSP's adjustIndentation); otherwise they are indented as they stand."""
    filter_text: str | None = None
    """What the typed word is matched against, where it is not the label."""
    sort_text: str | None = None


@dataclass(frozen=True, slots=True)
class Placeholder:
    """A value the user is expected to change: a tab stop with a default."""

    default: str
    """YAML text of the default value."""
    tie: str | None = None
    """Placeholders with the same tie are one tab stop: typing in one changes all."""
    quote: bool = False
    """Written inside double quotes, so whatever is typed stays a string."""


Body = str | Placeholder | dict[str, "Body"] | list["Body"]
"""A YAML value to insert; `str` leaves are YAML text written as they stand."""


@dataclass(frozen=True, slots=True)
class Layout:
    """How the file indents: the step of a nested mapping, and how far a list's dashes sit
    right of its key (0 for `key:\\n- item`)."""

    unit: int = 2
    sequence_indent: int = 2


_KEY_ONLY = re.compile(r"^( *)(- +)*[^\s#-][^#]*:\s*$")
_LAYOUT_LINES = 400
"""Lines read to learn the layout: enough for a document, bounded in a huge one."""


def layout_of(lines: list[str], first: int, last: int) -> Layout:
    """The layout of lines first..last, from their first nested mapping and their first list."""
    unit = sequence = None
    last = min(last, first + _LAYOUT_LINES, len(lines) - 1)
    for number in range(first, last):
        if unit is not None and sequence is not None:
            break
        if not _KEY_ONLY.match(lines[number]):
            continue
        parent = lines[number]
        child = next((lines[n] for n in range(number + 1, last + 1)
                      if lines[n].strip() and not lines[n].lstrip().startswith("#")), None)
        if child is None:
            break
        key_column = len(parent) - len(parent.lstrip(" -"))
        indent = len(child) - len(child.lstrip(" "))
        if child.lstrip(" ").startswith("- "):
            if sequence is None and indent >= key_column:
                sequence = indent - key_column
        elif unit is None and indent > key_column:
            unit = indent - key_column
    unit = unit or 2
    return Layout(unit, unit if sequence is None else sequence)


class Writer:
    """Renders bodies, numbering tab stops in the order they appear."""

    def __init__(self, snippets: bool, layout: Layout = Layout()) -> None:
        self.snippets = snippets
        self.layout = layout
        self._stops: dict[str, int] = {}
        self._count = 0

    def leaf(self, value: str | Placeholder) -> str:
        if isinstance(value, str):
            return self.text(value)
        if not self.snippets:
            inner = value.default
        else:
            if value.tie is not None and value.tie in self._stops:
                number = self._stops[value.tie]
            else:
                self._count += 1
                number = self._count
                if value.tie is not None:
                    self._stops[value.tie] = number
            inner = f"${{{number}:{_escape(value.default)}}}" if value.default else f"${number}"
        return f'"{inner}"' if value.quote else inner

    def text(self, literal: str) -> str:
        return _escape(literal) if self.snippets else literal

    def block(self, body: dict | list, column: int) -> list[tuple[int, str]]:
        """(column, text) lines of a mapping or list whose first line starts at `column`."""
        out: list[tuple[int, str]] = []
        if isinstance(body, dict):
            for key, value in body.items():
                out += self._pair(key, value, column)
            return out
        for item in body:
            if isinstance(item, dict) and item:
                lines = self.block(item, column + 2)
                out.append((column, self.text("- ") + lines[0][1]))
                out += lines[1:]
            else:
                out.append((column, self.text("- ") + self.inline(item)))
        return out

    def _pair(self, key: str, value: Body, column: int) -> list[tuple[int, str]]:
        head = self.text(f"{key}:")
        if isinstance(value, dict) and value:
            return [(column, head), *self.block(value, column + self.layout.unit)]
        if isinstance(value, list) and value:
            return [(column, head), *self.block(value, column + self.layout.sequence_indent)]
        return [(column, f"{head} {self.inline(value)}")]

    def inline(self, value: Body) -> str:
        """Flow style: `{a: b, c: [d]}`."""
        if isinstance(value, dict):
            pairs = (self.text(f"{key}: ") + self.inline(v) for key, v in value.items())
            return self.text("{") + self.text(", ").join(pairs) + self.text("}")
        if isinstance(value, list):
            return self.text("[") + self.text(", ").join(self.inline(v) for v in value) + self.text("]")
        return self.leaf(value)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("$", "\\$").replace("}", "\\}")


def join_lines(lines: list[tuple[int, str]], base: int) -> str:
    """The text to insert: the first line as it stands (it goes at the cursor), the others
    indented by their column less `base` (the cursor line's indentation, when the client adds it)."""
    if not lines:
        return ""
    parts = [lines[0][1]]
    parts += [" " * max(column - base, 0) + text for column, text in lines[1:]]
    return "\n".join(parts)


@dataclass(frozen=True, slots=True)
class Inserter:
    """Writes the insert texts of one completion request: each text numbers its own tab stops."""

    snippets: bool
    layout: Layout
    base: int
    """Indentation of the cursor's line, which the client adds to every inserted line after
    the first when it takes snippets (0 for a client that inserts text as it stands)."""

    def field(self, key: str, body: Body, column: int, flow: bool) -> str:
        """`key` and its body, the key at `column`."""
        writer = Writer(self.snippets, self.layout)
        if flow:
            return writer.text(f"{key}: ") + writer.inline(body)
        return join_lines(writer.block({key: body}, column), self.base)

    def entry(self, body: dict[str, Body], column: int) -> str:
        """A list entry's keys, the first at `column` (right after its `- `)."""
        return join_lines(Writer(self.snippets, self.layout).block(body, column), self.base)

    def documents(self, documents: list[dict[str, Body]], new_document: bool) -> str:
        """Whole documents at column 0, after a `---` when they start a new one."""
        writer = Writer(self.snippets, self.layout)
        parts = [join_lines(writer.block(document, 0), 0) for document in documents]
        return writer.text("---\n" if new_document else "") + writer.text("\n---\n").join(parts)
