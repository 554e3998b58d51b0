"""Where the cursor is in flow-style YAML (`{ kind: "Pod", spec: { ... } }`, KYAML).

Indentation says nothing there, but half-typed flow YAML usually still parses (`{ name: a,
ima }` is a key with no value), so the parse tree tells the place. Returns the same
`Cursor` as `textpath`, or None when the cursor is not inside a flow mapping.
"""

from __future__ import annotations

import re

from ...kube.locate import document_kind, scalar_text
from ...yaml.nodes import Mapping, Node, PathKey, Pos, Scalar, Sequence, YamlDocument
from ...yaml.textpath import Cursor

_WORD_BACKWARDS = re.compile(r"[\w.\-/]*")
"""The word before the cursor, read on the reversed line: searching for `[...]*$` forwards
tries every start on the line, which takes seconds on a line of a few megabytes."""


def _inside(node: Node, pos: Pos) -> bool:
    return node.start <= pos <= node.end


def flow_cursor(lines: list[str], line: int, column: int, document: YamlDocument) -> Cursor | None:
    root = document.root
    if root is None:
        return None
    kind = document_kind(root)
    pos = (line - document.line_offset, column)
    before = lines[line][:column]
    word = _WORD_BACKWARDS.match(before[::-1]).group()[::-1]
    word_start = column - len(word)
    path: list[PathKey] = []
    list_name: str | None = None
    node: Node = root
    while True:
        if isinstance(node, Sequence):
            child = next((item for item in node.items if _inside(item, pos)), None)
            if child is None:
                return None
            list_name = str(path[-1]) if path and isinstance(path[-1], str) else list_name
            path.append(-1)
            node = child
            continue
        if not isinstance(node, Mapping):
            return None
        pairs = node.items
        for index, (key, value) in enumerate(pairs):
            if _inside(key, pos):
                if not node.flow:
                    return None
                siblings = {scalar_text(k) or "" for k, _ in pairs if k is not key}
                return Cursor("key", path, word, word_start, kind, siblings, list_name)
            zone_end = pairs[index + 1][0].start if index + 1 < len(pairs) else node.end
            if key.end <= pos < zone_end and (_inside(value, pos) or value.start == value.end):
                if isinstance(value, (Mapping, Sequence)) and _inside(value, pos):
                    path.append(scalar_text(key) or "")
                    node = value
                    break
                if not node.flow or ":" not in before[key.end[1]:] or key.end[0] != pos[0]:
                    return None
                value_start = value.start[1] if isinstance(value, Scalar) and value.start != value.end else column
                typed = before[value_start:].lstrip("\"'") if value_start <= column else ""
                return Cursor("value", [*path, scalar_text(key) or ""], typed, column - len(typed),
                              kind, list_name=list_name)
        else:
            if not node.flow:
                return None
            siblings = {scalar_text(k) or "" for k, _ in pairs}
            return Cursor("key", path, word, word_start, kind, siblings, list_name)
