"""Text → YAML documents whose every key and value knows its exact position.

ruamel.yaml composes each document into nodes with start and end marks; they are copied into
the small node classes below so that the rest of pod-ls never sees ruamel. A file is split on
its `---` lines first, so one broken document leaves the others intact and an edit re-parses
only the document it touched (see `StreamParser`).

Positions are 0-based (line, column) in code points, relative to the document's first line;
`YamlDocument.line_offset` turns them into file lines.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

from ruamel.yaml import YAML
from ruamel.yaml import nodes as ry
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scanner import RoundTripScanner

from .fastparse import Unsupported, read_fast
from .fastscalars import kubectl_tag
from .nodes import Mapping, Node, Pos, Scalar, Sequence, SyntaxProblem, YamlDocument

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BRACKET = re.compile(r"[\[\]{}]")
_COLLECTION_TAGS = frozenset({"map", "seq", "omap", "set", "pairs"})
_DOC_MARKER = re.compile(r"---(?:[ \t\r\n]|$)")
_MARKER_AT_LINE_START = re.compile(r"^---(?=[ \t\r\n]|$)", re.MULTILINE)
_LINE_WITH_BREAK = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_CORE_TAG = "tag:yaml.org,2002:"
# ruamel also breaks lines at NEL, LS and PS, and gives a byte order mark no column; LSP does
# neither. Blanking them keeps both in step (a BOM that starts the text is left to ruamel).
_NON_LSP_BREAKS = {0x85: " ", 0x2028: " ", 0x2029: " ", 0xFEFF: " "}
# Deeper nesting than this is refused: it only comes from generated or hostile text, and
# ruamel's recursive composer would run out of stack on it.
MAX_DEPTH = 200


def split_lines(text: str) -> list[str]:
    """Lines without their breaks, splitting on exactly what LSP and YAML call a line break."""
    if "\r" not in text:
        return text.split("\n")
    return _LINE_BREAK.split(text)


def position_of(text: str, offset: int) -> Pos:
    """(line, column) of a character offset, with the same line breaks as `split_lines`."""
    if "\r" not in text:
        line_start = text.rfind("\n", 0, offset) + 1
        return text.count("\n", 0, offset), offset - line_start
    starts = line_starts(text)
    line = bisect_right(starts, offset) - 1
    return line, offset - starts[line]


def line_starts(text: str) -> list[int]:
    """The offset of each line's first character, with the same line breaks as `split_lines`."""
    return [0, *(match.end() for match in _LINE_BREAK.finditer(text))]


def split_documents(text: str) -> list[tuple[int, str]]:
    """(first line, text) of each document; a `---` line starts a new one.

    YAML forbids `---` at column 0 inside content, so splitting on it never cuts a scalar.
    Directives (`%YAML`) and comments before the first marker stay with the document they
    introduce.
    """
    if "\r" in text and "\r" in text.replace("\r\n", ""):
        return _split_documents_slowly(text)  # lone CR line breaks: rare, read line by line
    starts = _marker_starts(text)
    if starts and starts[0] > 0 and not _has_content(text[:starts[0]]):
        starts = starts[1:]  # the preamble belongs to the first document
    bounds = [0, *[s for s in starts if s > 0], len(text)]
    chunks = []
    line = 0
    for begin, end in zip(bounds, bounds[1:], strict=False):
        chunk = text[begin:end]
        chunks.append((line, chunk))
        line += chunk.count("\n")
    return chunks


def _marker_starts(text: str) -> list[int]:
    """Offsets of the `---` lines (str.find is many times faster than a regex on big files)."""
    starts = [0] if _MARKER_AT_LINE_START.match(text) else []
    at = text.find("\n---")
    while at >= 0:
        after = text[at + 4:at + 5]
        if after in ("", " ", "\t", "\r", "\n"):
            starts.append(at + 1)
        at = text.find("\n---", at + 4)
    return starts


def _has_content(text: str) -> bool:
    return any(s and not s.startswith(("#", "%")) for s in (line.strip() for line in text.split("\n")))


def _split_documents_slowly(text: str) -> list[tuple[int, str]]:
    lines = _LINE_WITH_BREAK.findall(text)
    chunks: list[tuple[int, list[str]]] = [(0, [])]
    directives_only = True
    for number, line in enumerate(lines):
        if _DOC_MARKER.match(line) and chunks[-1][1] and not directives_only:
            chunks.append((number, []))
            directives_only = True
        chunks[-1][1].append(line)
        stripped = line.strip()
        if stripped and not stripped.startswith(("#", "%")):
            directives_only = False
    return [(start, "".join(chunk)) for start, chunk in chunks]


class _GoYamlScanner(RoundTripScanner):
    """go-yaml, which kubectl reads manifests with, also takes `\\'` in a double-quoted scalar
    (libyaml's escapes); ruamel refuses it. Its `\\/`, which go-yaml refuses, stays: a JSON
    document, which kubectl decodes as JSON, may hold it."""

    ESCAPE_REPLACEMENTS = {**RoundTripScanner.ESCAPE_REPLACEMENTS, "'": "'"}


def _make_yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    # kubectl reads manifests as YAML 1.1: `yes` is a boolean, `0755` an octal number.
    yaml.version = (1, 1)
    yaml.Scanner = _GoYamlScanner
    return yaml


def _short_tag(tag: str) -> str:
    return tag[len(_CORE_TAG):] if tag.startswith(_CORE_TAG) else tag


def _collection_tag(node: ry.Node) -> str | None:
    tag = _short_tag(str(node.tag))
    return None if tag in _COLLECTION_TAGS else tag


class _Converter:
    """Copies ruamel nodes into pod-ls nodes, resolving merge keys.

    Aliases share one ruamel node; converting each node once keeps alias bombs linear.
    Positions are made to match `fastparse`: a block collection or block scalar ends where its
    last text ends (ruamel ends it at the next token), an empty value sits after its key's
    colon, and folded scalars lose ruamel's round-trip fold markers.
    """

    def __init__(self, lines: list[str]) -> None:
        self.done: dict[int, Node] = {}
        self.open: set[int] = set()
        """The collections being converted: an alias to one of them would make a cycle."""
        self.lines = lines

    def convert(self, node: ry.Node, depth: int = 0) -> Node:
        if id(node) in self.open:
            raise _Refused(node, "this anchor's value contains an alias to itself (a recursive alias): "
                                 "Kubernetes refuses it")
        if (hit := self.done.get(id(node))) is not None:
            return hit
        if depth > MAX_DEPTH:
            raise _Refused(node, f"YAML nesting is too deep (more than {MAX_DEPTH} levels)")
        start = (node.start_mark.line, node.start_mark.column)
        end = (node.end_mark.line, node.end_mark.column)
        out: Node
        if isinstance(node, ry.MappingNode):
            out = Mapping(start, end, flow=bool(node.flow_style), tag=_collection_tag(node))
            self.open.add(id(node))
            out.items = self._pairs(node, depth)
            self.open.discard(id(node))
            if not out.flow and out.items:
                out.end = _end_after(out.items[-1][1], out.items[-1][0])
        elif isinstance(node, ry.SequenceNode):
            out = Sequence(start, end, flow=bool(node.flow_style), tag=_collection_tag(node))
            self.open.add(id(node))
            out.items = [self.convert(item, depth + 1) for item in node.value]
            self.open.discard(id(node))
            if not out.flow and out.items:
                out.end = _end_after(out.items[-1], None)
        else:
            value = str(node.value)
            if node.style == ">":
                value = value.replace("\a", "")
            if node.style in ("|", ">"):
                end = self._block_scalar_end(start, end)
            tag = _short_tag(str(node.tag))
            out = Scalar(start, end, value, kubectl_tag(value, tag) if node.style is None else tag, node.style)
        self.done[id(node)] = out
        return out

    def _block_scalar_end(self, start: Pos, end: Pos) -> Pos:
        line = end[0] if end[1] > 0 else end[0] - 1
        while line > start[0] and not self.lines[line].strip(" "):
            line -= 1
        if line == start[0]:
            return start[0], start[1] + 1
        return line, len(self.lines[line])

    def _pairs(self, node: ry.MappingNode, depth: int) -> list[tuple[Node, Node]]:
        own: list[tuple[Node, Node]] = []
        merged: list[tuple[Node, Node]] = []
        for key, value in node.value:
            if isinstance(key, ry.ScalarNode) and _short_tag(str(key.tag)) == "merge":
                sources = value.value if isinstance(value, ry.SequenceNode) else [value]
                for source in sources:
                    target = self.convert(source, depth + 1)
                    if isinstance(target, Mapping):
                        merged.extend(target.items)
                continue
            pair = (self.convert(key, depth + 1), self.convert(value, depth + 1))
            empty = pair[1]
            if (isinstance(empty, Scalar) and empty.tag == "null" and empty.value == ""
                    and empty.style is None and empty.start == empty.end and not node.flow_style):
                # ruamel puts an empty value at the next token; it belongs after the colon.
                after = (pair[0].end[0], pair[0].end[1] + 1)
                pair = (pair[0], Scalar(after, after, "", "null", None))
                self.done[id(value)] = pair[1]
            own.append(pair)
        if merged:
            seen = {k.value for k, _ in own if isinstance(k, Scalar)}
            for key, value in merged:
                name = key.value if isinstance(key, Scalar) else None
                if name not in seen:
                    own.append((key, value))
                    seen.add(name)
        return own


def _end_after(node: Node, key: Node | None) -> Pos:
    """Where a block collection ends: after its last item's text."""
    if isinstance(node, Scalar) and node.tag == "null" and node.start == node.end and key is not None:
        return key.end
    return node.end


class _Refused(Exception):
    """Composed YAML that pod-ls does not take: too deep, or a cycle."""

    def __init__(self, node: ry.Node, message: str) -> None:
        self.node, self.message = node, message


def _problem_from(exc: Exception, text: str) -> SyntaxProblem:
    if isinstance(exc, ReaderError):  # a character YAML does not allow: point at it
        line, column = position_of(text, exc.position)
        message = f"YAML does not allow the character U+{exc.character:04X} here"
        return SyntaxProblem(message, (line, column), (line, column + 1))
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None)
    message = f"YAML syntax error: {problem}" if problem else f"YAML syntax error: {str(exc).splitlines()[0]}"
    if mark is None:
        return SyntaxProblem(message, (0, 0), (0, 0))
    line, column = mark.line, mark.column
    lines = split_lines(text)
    context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and context_mark is not None and problem != context and _only_space_after(lines, line, column):
        # A quote or bracket that never closes: the end of the file says nothing, its start does.
        message = f"{message} {context} that starts here"
        line, column = context_mark.line, context_mark.column
    if line >= len(lines):
        line, column = len(lines) - 1, len(lines[-1])
    line_text = lines[line]
    # Underline the token at the error, or one character where there is none.
    token = re.match(r"\S+", line_text[column:])
    end = column + (len(token.group()) if token else 1)
    return SyntaxProblem(message, (line, column), (line, min(end, max(len(line_text), column))))


def _only_space_after(lines: list[str], line: int, column: int) -> bool:
    """Nothing but white space from (line, column) to the end of the text."""
    return line >= len(lines) or (not lines[line][column:].strip() and not any(
        text.strip() for text in lines[line + 1:]))


def _deep_flow_start(text: str) -> Pos | None:
    """Where `[` and `{` nest deeper than MAX_DEPTH, counted without reading the YAML: ruamel's
    scanner takes time quadratic in the open brackets (seconds for a few thousand) before its
    composer gives up. Brackets in quotes and comments count too; only hostile text leaves
    hundreds of them open."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth = 0
    for match in _BRACKET.finditer(text):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return position_of(text, match.start())
        elif depth:
            depth -= 1
    return None


def parse_document(text: str, line_offset: int = 0) -> YamlDocument:
    """Parse one document; a syntax error becomes `error` instead of an exception.

    The fast reader takes the usual manifest; ruamel takes the rest (and reports errors).
    """
    try:
        root, plain = read_fast(text)
    except (Unsupported, IndexError, RecursionError):
        return _parse_with_ruamel(text, line_offset)
    return YamlDocument(text, line_offset, root, plain=plain)


def _parse_with_ruamel(text: str, line_offset: int) -> YamlDocument:
    if (deep := _deep_flow_start(text)) is not None:
        return YamlDocument(text, line_offset, None, SyntaxProblem(
            f"YAML nesting is too deep (more than {MAX_DEPTH} levels)", deep, (deep[0], deep[1] + 1)))
    try:
        source = text[:1] + text[1:].translate(_NON_LSP_BREAKS)
        if _DOC_MARKER.match(source):
            # An explicit `---` makes ruamel forget the YAML 1.1 it was told to read; blanking
            # the marker keeps every position and the version.
            source = "   " + source[3:]
        raw = _make_yaml().compose(source)
    except RecursionError:
        return YamlDocument(text, line_offset, None, SyntaxProblem(
            f"YAML nesting is too deep (more than {MAX_DEPTH} levels)", (0, 0), (0, 0)))
    except Exception as exc:  # ruamel raises several unrelated types for bad input
        return YamlDocument(text, line_offset, None, _problem_from(exc, text))
    if raw is None or (isinstance(raw, ry.ScalarNode) and raw.value == "" and raw.style is None):
        return YamlDocument(text, line_offset, None)  # an empty document
    try:
        root = _Converter(split_lines(text)).convert(raw)
    except _Refused as refused:
        mark = refused.node.start_mark
        return YamlDocument(text, line_offset, None, SyntaxProblem(
            refused.message, (mark.line, mark.column), (mark.line, mark.column + 1)))
    return YamlDocument(text, line_offset, root)


class StreamParser:
    """Parses multi-document text, reusing the documents whose text did not change.

    Parsing can go one document at a time (`document`), so that a big file is read in steps
    and a request about one place parses only the document it is in (`documents_between`).
    """

    def __init__(self, split: Callable[[str], list[tuple[int, str]]] = split_documents) -> None:
        self._splitter = split
        """Text → (first line, text) of each document."""
        self._cache: dict[str, YamlDocument] = {}
        self._previous: dict[str, YamlDocument] = {}
        self._split: tuple[str, list[tuple[int, str]]] | None = None

    def split(self, text: str) -> list[tuple[int, str]]:
        """The (first line, text) of each document, remembered for the last text."""
        if self._split is None or self._split[0] is not text:
            self._split = (text, self._splitter(text))
            # Documents of older texts stay reusable until the next full parse.
            self._previous = {**self._previous, **self._cache}
            self._cache = {}
        return self._split[1]

    def document(self, offset: int, chunk: str) -> YamlDocument:
        doc = self._cache.get(chunk) or self._previous.get(chunk)
        if doc is None:
            doc = parse_document(chunk, offset)
        elif doc.line_offset != offset:
            doc = YamlDocument(doc.text, offset, doc.root, doc.error, doc.plain)
        self._cache[chunk] = doc
        return doc

    def documents_between(self, text: str, first_line: int, last_line: int) -> list[YamlDocument]:
        """The documents that overlap file lines first_line..last_line."""
        chunks = self.split(text)
        found = []
        for index, (offset, chunk) in enumerate(chunks):
            end = chunks[index + 1][0] if index + 1 < len(chunks) else offset + chunk.count("\n") + 1
            if offset <= last_line and end > first_line:
                found.append(self.document(offset, chunk))
        return found

    def forget_older(self) -> None:
        """Drop the documents that are not in the last text (the others stay parsed, even if
        nothing asked for them since)."""
        if self._split is not None and self._previous:
            current = {chunk for _, chunk in self._split[1]}
            self._cache = {chunk: doc for chunk, doc in self._previous.items() if chunk in current} | self._cache
        self._previous = {}

    def parse(self, text: str) -> list[YamlDocument]:
        documents = [self.document(offset, chunk) for offset, chunk in self.split(text)]
        self.forget_older()
        return documents


def parse_stream(text: str) -> list[YamlDocument]:
    return StreamParser().parse(text)
