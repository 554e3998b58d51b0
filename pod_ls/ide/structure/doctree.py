"""The node tree of a document as the structure features (outline, folding, selection) read it:
the parsed nodes, or, where the YAML does not parse, a tree read from indentation alone.

Half-typed YAML is the normal case in an editor, and an outline that vanishes at the first
syntax error is no outline. The indentation reader takes block style as a person reads it (a
`key:` opens a mapping, a `- ` a list item, a deeper line belongs to the line above) and keeps
flow collections, multi-line scalars and block scalars as single scalars.

Aliases share one node with their anchor, and merge keys (`<<`) copy the anchor's pairs, so a
node can sit far from the place that uses it: `own_pairs` and `own_items` give only what is
written in its parent, `pair_end` where a pair's own text ends, and such a tree is copied with
each block collection ending where its own text ends.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ...yaml.nodes import Mapping, Node, Pos, Scalar, Sequence, YamlDocument
from ...yaml.parse import MAX_DEPTH, split_lines

_KEY = re.compile(r"""("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"\[\]{},:-][^#]*?|-[^\s#][^#]*?)[ \t]*:(?=[ \t]|$)""")
_DASH = re.compile(r"-(?=[ \t]|$)[ \t]*")
_MARKER = re.compile(r"(?:---|\.\.\.)(?=[ \t]|$)")
_COMMENT = re.compile(r"[ \t]+#.*$|^#.*$")
_PROPERTIES = re.compile(r"(?:[&!][^\s]*[ \t]*)+$")
"""A value that is only an anchor or tag: the node itself is on the lines below."""
_ALIAS = re.compile(r"\*[^\s,\[\]{}]+")


def tree(document: YamlDocument) -> tuple[Node | None, bool]:
    """The document's root node, parsed or read from indentation if the YAML does not parse,
    and whether the tree is plain: no node shared by aliases or merge keys, so every node lies
    in its parent's text and `own_pairs` and `own_items` need not check."""
    if document.root is None:
        return (tree_from_indentation(split_lines(document.text)), True) if document.error is not None else (None, True)
    if document.plain:
        return document.root, True
    return _Respan(split_lines(document.text)).copy(document.root), False


def own_pairs(mapping: Mapping, plain: bool = False) -> Iterable[tuple[Node, Node | None]]:
    """The pairs written in this mapping (not merged in by `<<`), each with its value, or None
    where the value is an alias. An alias comes after its anchor, so a shared node starts
    before the place that uses it."""
    if plain:
        return mapping.items
    start = mapping.start
    return [(key, value if key.end <= value.start else None) for key, value in mapping.items if start <= key.start]


def own_items(sequence: Sequence, plain: bool = False) -> list[Node]:
    """The items written in this sequence (an alias item's node lies at its anchor)."""
    if plain:
        return sequence.items
    start = sequence.start
    return [item for item in sequence.items if start <= item.start]


class _Respan:
    """A copy of a tree with aliases and merge keys in which each block collection ends where
    its own text ends: the parser ends it with its last item, which for an alias or a merged
    pair lies at the anchor. Shared nodes are copied once, so an alias bomb stays small."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.done: dict[int, Node] = {}

    def copy(self, node: Node) -> Node:
        if isinstance(node, Scalar) or (hit := self.done.get(id(node))) is not None:
            return node if isinstance(node, Scalar) else hit
        if isinstance(node, Mapping):
            mapping = Mapping(node.start, node.end, flow=node.flow, tag=node.tag)
            self.done[id(node)] = mapping
            mapping.items = [(self.copy(key), self.copy(value)) for key, value in node.items]
            if not mapping.flow:
                ends = [pair_end(key, value, self.lines, 0) for key, value in own_pairs(mapping)]
                mapping.end = max(ends, default=mapping.start)
            return mapping
        sequence = Sequence(node.start, node.end, flow=node.flow, tag=node.tag)
        self.done[id(node)] = sequence
        sequence.items = [self.copy(item) for item in node.items]
        if not sequence.flow:
            sequence.end = max((item.end for item in own_items(sequence)), default=sequence.start)
        return sequence


def fields(mapping: Node | None) -> dict[str, tuple[Node, Node]]:
    """Every pair of a mapping by key, merged ones too (the first of a repeated key), to read
    what the mapping says; empty for a node that is no mapping."""
    if not isinstance(mapping, Mapping):
        return {}
    found: dict[str, tuple[Node, Node]] = {}
    for key, value in mapping.items:
        if isinstance(key, Scalar) and key.value not in found:
            found[key.value] = (key, value)
    return found


def pair_end(key: Node, value: Node | None, lines: list[str], offset: int) -> Pos:
    """Document position where a pair's text ends. An alias value (None, or a node before its
    key) ends with the alias's name, read from the file `lines` (the document starts at line
    `offset`)."""
    if value is not None and key.end <= value.start:
        return max(value.end, key.end)
    line, column = key.end
    text = lines[line + offset] if line + offset < len(lines) else ""
    found = _ALIAS.search(text, column)
    return (line, found.end()) if found else key.end


def item_start(item: Node, lines: list[str], offset: int) -> Pos:
    """Document position where a list item's text starts: at its dash in block style."""
    line, column = item.start
    text = lines[line + offset] if line + offset < len(lines) else ""
    dash = text.rfind("-", 0, column)
    return (line, dash) if dash >= 0 and not text[dash + 1:column].strip() else item.start


@dataclass(slots=True, eq=False)
class _Frame:
    column: int
    node: Mapping | Sequence
    open: bool = False
    """Its last value (or item) is empty so far: deeper lines below become that value."""


def tree_from_indentation(lines: list[str]) -> Node | None:
    """A tree of block-style YAML read from indentation, whatever the syntax errors."""
    return _Reader(lines).read()


class _Reader:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.stack: list[_Frame] = []
        self.root: Node | None = None
        self.last: Scalar | None = None
        """The last scalar read: a deeper line that is no key continues it."""

    def read(self) -> Node | None:
        number = 0
        while number < len(self.lines):
            number = self._line(number) + 1
        return self.root

    def _line(self, number: int) -> int:
        """Read the line; returns the last line it took (block scalars take several)."""
        text = self.lines[number]
        stripped = text.lstrip(" \t")
        if not stripped or stripped.startswith("#") or _MARKER.match(text) or stripped.startswith("{{"):
            return number
        column = len(text) - len(stripped)
        while (dash := _DASH.match(text, column)) is not None and len(self.stack) < MAX_DEPTH:
            frame = self._frame_for(column, Sequence, number)
            if frame is None:
                self._continue(number, text)
                return number
            item = Scalar((number, dash.end()), (number, dash.end()), "", "null")
            frame.node.items.append(item)
            frame.open = True
            self._grow((number, column + 1))
            self.last = None
            column = dash.end()
        rest = _COMMENT.sub("", text[column:])
        if not rest:
            return number
        key = _KEY.match(text, column)
        if key is None:
            return self._value_line(number, column, rest)
        frame = self._frame_for(column, Mapping, number)
        if frame is None:
            self._continue(number, text)
            return number
        key_node = Scalar((number, column), (number, key.end(1)), key.group(1).strip("\"'"))
        value_at = key.end()
        value_text = _COMMENT.sub("", text[value_at:]).strip(" \t")
        if not value_text or _PROPERTIES.match(value_text):
            after = (number, value_at)
            frame.node.items.append((key_node, Scalar(after, after, "", "null")))
            frame.open = True
            self._grow(key_node.end)
            self.last = None
            return number
        frame.open = False
        start = text.index(value_text, value_at)
        value, last = self._scalar(number, start, value_text, column)
        frame.node.items.append((key_node, value))
        self._grow(value.end)
        self.last = value
        return last

    def _value_line(self, number: int, column: int, rest: str) -> int:
        """A line that is no key: an item's or key's value below it, the continuation of a
        scalar, or a key still being typed."""
        top = self.stack[-1] if self.stack else None
        # Under an open `key:`, a bare word is a key being typed; a list item's, its value.
        typing_key = top is not None and isinstance(top.node, Mapping) and rest[0] not in "|>[{\"'"
        if top is not None and top.open and top.column < column and not typing_key:
            value, last = self._scalar(number, column, rest.rstrip(" \t"), top.column)
            if isinstance(top.node, Mapping):
                top.node.items[-1] = (top.node.items[-1][0], value)
            else:
                top.node.items[-1] = value
            top.open = False
            self._grow(value.end)
            self.last = value
            return last
        frame = (self._frame_for(column, Mapping, number)
                 if top is None or top.column >= column or (top.open and typing_key) else None)
        if frame is None:
            self._continue(number, self.lines[number])
            return number
        word = rest.rstrip(" \t")
        key_node = Scalar((number, column), (number, column + len(word)), word)
        frame.node.items.append((key_node, Scalar(key_node.end, key_node.end, "", "null")))
        frame.open = False
        self._grow(key_node.end)
        self.last = None
        return number

    def _scalar(self, number: int, start: int, text: str, owner: int) -> tuple[Scalar, int]:
        """The value starting at (number, start); block scalars and open flow collections run on
        over the lines below. Returns it and its last line."""
        if text[0] in "|>":
            last = number
            for below in range(number + 1, len(self.lines)):
                line = self.lines[below]
                if line.strip(" \t"):
                    if len(line) - len(line.lstrip(" ")) <= owner:
                        break
                    last = below
            end = (last, len(self.lines[last].rstrip(" \t"))) if last > number else (number, start + 1)
            return Scalar((number, start), end, "", "str", text[0]), last
        if text[0] in "[{":  # a flow collection runs on over deeper lines until it closes
            depth, last, below = _depth(text), number, number + 1
            while depth > 0 and below < len(self.lines):
                line = self.lines[below]
                if line.strip(" \t"):
                    if len(line) - len(line.lstrip(" ")) <= owner:
                        break
                    depth, last = depth + _depth(line), below
                below += 1
            end = (last, len(self.lines[last].rstrip(" \t"))) if last > number else (number, start + len(text))
            return Scalar((number, start), end, text if last == number else ""), last
        return Scalar((number, start), (number, start + len(text)), text.strip("\"'")), number

    def _frame_for(self, column: int, kind: type, number: int) -> _Frame | None:
        """The collection a `kind` entry at `column` goes in, made if need be; None where the line
        belongs to the value above it."""
        stack = self.stack
        while stack:
            top = stack[-1]
            if top.column > column:
                stack.pop()
                continue
            if top.column == column:
                if isinstance(top.node, kind):
                    return top
                if kind is Sequence and top.open:  # `key:` with its list's dashes below, unindented
                    return self._open(top, column, kind, number)
                stack.pop()  # a key after an unindented list ends the list
                continue
            return self._open(top, column, kind, number) if top.open and len(stack) < MAX_DEPTH else None
        if self.root is None:
            node = kind((number, column), (number, column))
            self.root = node
            stack.append(_Frame(column, node))
            return stack[-1]
        return None

    def _open(self, parent: _Frame, column: int, kind: type, number: int) -> _Frame:
        node = kind((number, column), (number, column))
        if isinstance(parent.node, Mapping):
            parent.node.items[-1] = (parent.node.items[-1][0], node)
        else:
            parent.node.items[-1] = node
        parent.open = False
        self.stack.append(_Frame(column, node))
        return self.stack[-1]

    def _continue(self, number: int, text: str) -> None:
        """A deeper line under a scalar: more of that scalar (or text YAML would refuse)."""
        if self.last is not None:
            self.last.end = (number, len(_COMMENT.sub("", text).rstrip(" \t")))
            self._grow(self.last.end)

    def _grow(self, end: Pos) -> None:
        for frame in self.stack:
            if frame.node.end < end:
                frame.node.end = end


def _depth(text: str) -> int:
    return text.count("[") + text.count("{") - text.count("]") - text.count("}")
