"""Selection ranges: what "expand selection" grows through from the cursor.

The word, the scalar (key or value), the `key: value` pair, the mapping it is in, the list
item with its dash, the list, the pair that holds the list, and so on out to the document.
"""

from __future__ import annotations

import re

from ...kube.locate import document_at
from ...yaml.nodes import Mapping, Node, Pos, Scalar, Sequence, YamlDocument
from .doctree import item_start, own_items, own_pairs, pair_end, tree

Span = tuple[Pos, Pos]
_WORD = re.compile(r"[^\s,\[\]{}'\"#]+")


def selection_ranges(lines: list[str], documents: list[YamlDocument], positions: list[Pos]) -> list[list[Span]]:
    """For each file position, the ranges around it from the innermost out; each holds the
    one before it. A position outside every document gets the empty range there."""
    return [_chain(lines, documents, position) for position in positions]


def _chain(lines: list[str], documents: list[YamlDocument], position: Pos) -> list[Span]:
    line, column = position
    document = document_at(documents, line)
    root, _ = tree(document) if document is not None else (None, True)
    if document is None or root is None:
        return [(position, position)]
    offset = document.line_offset
    spans = [((offset, 0), _shift(root.end, offset))]
    for start, end in _spans(root, (line - offset, column), lines, offset):
        spans.append((_shift(start, offset), _shift(end, offset)))
    text = lines[line] if line < len(lines) else ""
    word = next((m.span() for m in _WORD.finditer(text) if m.start() <= column <= m.end()), None)
    if word is not None:
        spans.append(((line, word[0]), (line, word[1])))
    chain: list[Span] = []
    for span in spans:
        if span[0] <= position <= span[1] and (not chain or (chain[-1][0] <= span[0] and span[1] <= chain[-1][1]
                                                             and span != chain[-1])):
            chain.append(span)
    return chain[::-1] or [(position, position)]


def _spans(root: Node, at: Pos, lines: list[str], offset: int) -> list[Span]:
    """Document spans of the nodes around `at`, from the root in."""
    spans: list[Span] = []
    node: Node | None = root
    while node is not None:
        spans.append((node.start, node.end))
        found: Node | None = None
        if isinstance(node, Mapping):
            for key, value in own_pairs(node):
                end = pair_end(key, value, lines, offset)
                if not key.start <= at <= end:
                    continue
                spans.append((key.start, end))
                if key.start <= at <= key.end:
                    spans.append((key.start, key.end))
                elif value is not None and value.start <= at <= value.end and value.start != value.end:
                    found = value
                break
        elif isinstance(node, Sequence):
            for item in own_items(node):
                start = item_start(item, lines, offset)
                if start <= at <= item.end:
                    spans.append((start, item.end))
                    found = item
                    break
        node = found if not isinstance(found, Scalar) else None
        if isinstance(found, Scalar):
            spans.append((found.start, found.end))
    return spans


def _shift(pos: Pos, offset: int) -> Pos:
    return pos[0] + offset, pos[1]
