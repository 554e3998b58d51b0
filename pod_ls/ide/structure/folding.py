"""Folding ranges: each document of a multi-document file, each key whose value spans lines
(mappings, lists, block scalars, multi-line flow collections and strings), each list item that
spans lines (a container, a port, ...), and each block of two or more comment lines.

One fold a line: where two start on the same line, the outer one stays. Past the client's
limit the deepest folds go first, so what remains still folds the file's outline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...yaml.nodes import Mapping, Node, Scalar, Sequence, YamlDocument
from .doctree import own_items, own_pairs, pair_end, tree


@dataclass(slots=True)
class Fold:
    start_line: int
    start_column: int
    """Where the folded text starts: the end of the first line, which stays visible."""
    end_line: int
    end_column: int
    kind: str | None = None
    """`comment` for a comment block; None for YAML structure."""


@dataclass(slots=True)
class DocumentFolds:
    """What one document folds, before the file's folds are put together."""

    whole: tuple[int, int, int] | None
    """The document itself: first line, last line, last column."""
    folds: dict[int, tuple[int, int, int]]
    """First line → (last line, last column, depth): one fold a line, the outer one."""
    scalars: list[tuple[int, int]]
    """Lines of block scalars: a `#` line in one is text, not a comment."""


def document_folds(lines: list[str], document: YamlDocument) -> DocumentFolds:
    """The folds of one document's structure (file lines)."""
    root, plain = tree(document)
    if root is None:
        return DocumentFolds(None, {}, [])
    offset = document.line_offset
    marker = offset < len(lines) and lines[offset].startswith("---")
    found = DocumentFolds((offset if marker else root.start[0] + offset, root.end[0] + offset, root.end[1]), {}, [])
    _walk(root, plain, lines, offset, found.folds, found.scalars)
    return found


def folding_ranges(lines: list[str], documents: list[YamlDocument], limit: int | None = None,
                   folds_of: Callable[[list[str], YamlDocument], DocumentFolds] = document_folds) -> list[Fold]:
    """The folds of the file in line order, at most `limit` of them. `folds_of` finds each
    document's folds (a caller may keep them for documents that did not change)."""
    folds: dict[int, tuple[int, int, int]] = {}
    scalars: list[tuple[int, int]] = []
    several = len(documents) > 1
    for document in documents:
        part = folds_of(lines, document)
        if several and part.whole is not None:
            _add(folds, *part.whole, 0)
        for start, (end, column, depth) in part.folds.items():
            _add(folds, start, end, column, depth)
        scalars += part.scalars
    comments = _comment_blocks(lines, scalars, folds)
    chosen = sorted(folds.items())
    if limit is not None and len(chosen) > limit:
        chosen = sorted(sorted(chosen, key=lambda fold: fold[1][2])[:max(limit, 0)])
    return [Fold(start, len(lines[start]) if start < len(lines) else 0, end, column,
                 "comment" if start in comments else None)
            for start, (end, column, _) in chosen]


def _add(folds: dict[int, tuple[int, int, int]], start: int, end: int, column: int, depth: int) -> None:
    if end > start and ((known := folds.get(start)) is None or known[0] < end):
        folds[start] = (end, column, depth)


def _walk(root: Node, plain: bool, lines: list[str], offset: int, folds: dict[int, tuple[int, int, int]],
          scalars: list[tuple[int, int]]) -> None:
    """Fold every pair and list item of the document that spans lines. Iterative: a document
    can nest 200 deep."""
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, Mapping):
            for key, value in own_pairs(node, plain):
                first = key.start[0]
                if value is None:
                    last, column = pair_end(key, value, lines, offset)
                else:
                    last, column = value.end
                    if not isinstance(value, Scalar):
                        stack.append((value, depth + 1))
                    elif value.style in ("|", ">") and last > value.start[0]:
                        scalars.append((value.start[0] + offset, last + offset))
                if last > first:
                    _add(folds, first + offset, last + offset, column, depth)
        elif isinstance(node, Sequence):
            for item in own_items(node, plain):
                first, (last, column) = item.start[0], item.end
                if last > first:
                    _add(folds, first + offset, last + offset, column, depth)
                if not isinstance(item, Scalar):
                    stack.append((item, depth + 1))
                elif item.style in ("|", ">") and last > first:
                    scalars.append((first + offset, last + offset))


def _comment_blocks(lines: list[str], scalars: list[tuple[int, int]],
                    folds: dict[int, tuple[int, int, int]]) -> set[int]:
    """Fold each run of two or more comment lines outside block scalars; returns their first
    lines."""
    inside = sorted(scalars)
    starts: set[int] = set()
    first = None
    next_scalar = 0
    for number, text in enumerate([*lines, ""]):
        comment = "#" in text and text.lstrip(" \t").startswith("#")
        if comment:
            while next_scalar < len(inside) and inside[next_scalar][1] < number:
                next_scalar += 1
            comment = next_scalar == len(inside) or inside[next_scalar][0] >= number
        if comment:
            first = number if first is None else first
            continue
        if first is not None and number - 1 > first and first not in folds:
            folds[first] = (number - 1, len(lines[number - 1]), 0)
            starts.add(first)
        first = None
    return starts
