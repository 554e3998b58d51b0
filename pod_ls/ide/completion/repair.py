"""The parsed document the cursor is in, while the line being typed breaks it.

Completion needs the rest of the document (the pod spec's volumes, the `name` beside the `key`
being typed, the object's namespace and labels) when the YAML does not parse. A broken
document is read again without the line being typed, then also without one line more: the
line the parser stumbled on or one above it (an unclosed bracket or quote shows up lines
later), a few lines at most. Flow YAML typed without its closing brackets is closed at the
cursor instead.
"""

from __future__ import annotations

import re

from ...kube.locate import document_at
from ...yaml.nodes import YamlDocument
from ...yaml.parse import parse_document, split_lines

REPAIR_ATTEMPTS = 8


def document_around(documents: list[YamlDocument], line: int) -> YamlDocument | None:
    """The document holding file line `line`, repaired if need be (its `root` stays None when
    no repair helps)."""
    document = document_at(documents, line)
    if document is None or document.root is not None or document.error is None:
        return document
    lines = split_lines(document.text)
    typed = line - document.line_offset

    def without(*blank: int) -> YamlDocument:
        return parse_document("\n".join("" if n in blank else text for n, text in enumerate(lines)),
                              document.line_offset)

    repaired = without(typed)
    if repaired.root is not None or repaired.error is None:
        return repaired
    at = min(repaired.error.start[0], len(lines) - 1)
    for other in [n for n in range(at, -1, -1) if n != typed and lines[n].strip()][:REPAIR_ATTEMPTS]:
        if (attempt := without(typed, other)).root is not None:
            return attempt
    return repaired


_FLOW_START = re.compile(r"[ \t]*(?:-[ \t]+)*"  # indentation and dashes
                         r"""(?:(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"\[{\]},][^#]*?):[ \t]+)?"""  # a key
                         r"(?=[\[{])")
"""Where a block line's value opens a flow collection: after its indentation, dashes and key."""
_CLOSER = {"[": "]", "{": "}"}
_QUOTED = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^']|'')*'""")
_MOST_READ = 1_000_000
"""Characters read back for the open brackets: a longer document is no hand-typed flow."""


def closed_flow(document: YamlDocument, line: int, column: int) -> YamlDocument | None:
    """The document cut at file position (line, column), with the flow collections and quote
    still open there closed, parsed: flow YAML being typed has no closing brackets yet (none
    where the editor adds no pairs). None when no flow collection is open there. Of the lines
    above the open flow only its outline is read (blanks keep the lines where they are): a
    request in a long document stays fast."""
    lines = split_lines(document.text)
    typed = line - document.line_offset
    if not 0 <= typed < len(lines):
        return None
    cut = [*lines[:typed], lines[typed][:column]]
    if sum(map(len, cut)) > _MOST_READ or (found := _open_flow(cut)) is None:
        return None
    closers, first = found
    kept = _outline(cut, first)
    outlined = "\n".join(text if n >= first or n in kept else "" for n, text in enumerate(cut))
    closed = parse_document(outlined + closers, document.line_offset)
    if closed.root is None and len(kept) < first:  # a scalar over lines lost a line: read them all
        closed = parse_document("\n".join(cut) + closers, document.line_offset)
    return closed


def _outline(lines: list[str], first: int) -> set[int]:
    """The lines above `first` that hold it: the top level's keys, then each line less indented
    than the one below it."""
    kept: set[int] = set()
    text = lines[first]
    indent = len(text) - len(text.lstrip(" "))
    for n in range(first - 1, -1, -1):
        text = lines[n]
        content = text.lstrip(" ")
        if not content or content.startswith("#"):
            continue
        depth = len(text) - len(content)
        if depth < indent or (depth == 0 and not content.startswith("-")):
            kept.add(n)
            indent = min(indent, depth)
    return kept


def _closes_itself(text: str) -> bool:
    """A block line whose flow collections all close on it (most do): with its quoted scalars
    taken out, no quote or comment is left and the brackets pair up."""
    bare = _QUOTED.sub("", text)
    return ("#" not in bare and "'" not in bare and '"' not in bare
            and bare.count("[") == bare.count("]") and bare.count("{") == bare.count("}"))


def _open_flow(lines: list[str]) -> tuple[str, int] | None:
    """What closes the flow collections open at the end of `lines`, the quote first, and the
    line where the outermost opened."""
    first = 0
    open_brackets: list[str] = []
    quote: str | None = None
    for n, text in enumerate(lines):
        at = 0
        if not open_brackets:
            if ("[" not in text and "{" not in text) or _closes_itself(text):
                continue
            start = _FLOW_START.match(text)
            if start is None or start.end() >= len(text):
                continue
            at = start.end()
        token_start = True  # a quote opens a scalar only where a token starts
        while at < len(text):
            char = text[at]
            at += 1
            if quote == '"':
                if char == "\\":
                    at += 1
                elif char == '"':
                    quote, token_start = None, False
            elif quote == "'":
                if char == "'" and text[at:at + 1] == "'":
                    at += 1
                elif char == "'":
                    quote, token_start = None, False
            elif char == "#" and (at == 1 or text[at - 2] in " \t"):
                break
            elif char in "\"'" and token_start:
                quote = char
            elif char in "[{":
                first = first if open_brackets else n
                open_brackets.append(_CLOSER[char])
                token_start = True
            elif char in "]}":
                if not open_brackets or open_brackets.pop() != char:
                    return None
                if not open_brackets:
                    break
                token_start = False
            elif char in ",:":
                token_start = True
            elif char not in " \t":
                token_start = False
    if not open_brackets:
        return None
    return (quote or "") + "".join(reversed(open_brackets)), first
