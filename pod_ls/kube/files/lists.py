"""`kind: List` documents read item by item.

`kubectl get pods -o yaml` writes one document: a List of every object, thousands of them in
10 MB. Read whole, each keystroke would re-read all of it and the size bound would cover none
of it. Split into its items, it is read, checked, bounded and re-read after an edit one item
at a time, as a stream of `---` documents is.

An item becomes a document of its own lines with its `- ` blanked, so every position stays
where it is in the file; the lines before the first item and after the last one make the
List's own documents.
"""

from __future__ import annotations

import re

from ...yaml.parse import split_documents

_LIST_KIND = re.compile(r"^kind:[ \t]*[\"']?(?:[A-Z]\w*)?List[\"']?[ \t]*(?:#[^\r\n]*)?\r?$", re.MULTILINE)
_ITEMS = re.compile(r"^items:[ \t]*(?:#[^\r\n]*)?\r?$", re.MULTILINE)
_ITEM_START = re.compile(r"( *)-(?: |$)")
# An anchor (`&name`): an item could then hold an alias to another item, which a split breaks.
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s,\[\]{}]", re.MULTILINE)
_LINE_WITH_BREAK = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def split_manifests(text: str) -> list[tuple[int, str]]:
    """(first line, text) of each document, a big List's items each as a document."""
    chunks = split_documents(text)
    if "List" not in text or "items:" not in text:  # str.find: nearly free on a big text
        return chunks
    out: list[tuple[int, str]] = []
    for offset, chunk in chunks:
        out += list_parts(offset, chunk) or [(offset, chunk)]
    return out


def list_parts(offset: int, chunk: str) -> list[tuple[int, str]] | None:
    """The List's head, each item, and its tail, or None for any other document (and for a
    List with lone CR breaks or anchors)."""
    if "List" not in chunk or "\r" in chunk.replace("\r\n", "") or not _LIST_KIND.search(chunk):
        return None
    if _ANCHOR.search(chunk):
        return None
    items = _ITEMS.search(chunk)
    if items is None:
        return None
    lines = _LINE_WITH_BREAK.findall(chunk)
    starts, end = _item_lines(lines, chunk.count("\n", 0, items.start()) + 1)
    if not starts:
        return None
    parts = [(offset, "".join(lines[:starts[0]]))]
    for begin, stop in zip(starts, [*starts[1:], end], strict=True):
        head = lines[begin]
        dash = head.index("-")
        parts.append((offset + begin, head[:dash] + " " + head[dash + 1:] + "".join(lines[begin + 1:stop])))
    if end < len(lines):
        parts.append((offset + end, "".join(lines[end:])))
    return parts


def _item_lines(lines: list[str], after: int) -> tuple[list[int], int]:
    """The lines where the items that follow `items:` start, and the line after the last."""
    indent: int | None = None
    starts: list[int] = []
    for number in range(after, len(lines)):
        text = lines[number].rstrip("\r\n")
        content = text.lstrip(" ")
        if not content or content.startswith("#"):
            continue
        column = len(text) - len(content)
        match = _ITEM_START.match(text)
        if indent is None:
            if match is None:
                return [], number
            indent = len(match.group(1))
        if match is not None and len(match.group(1)) == indent:
            starts.append(number)
        elif column <= indent:
            return starts, number
    return starts, len(lines)
