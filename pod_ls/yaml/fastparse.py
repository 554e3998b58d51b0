"""A fast reader for the YAML that manifests are made of, giving the same nodes as ruamel.

ruamel.yaml reads about 10,000 lines a second here, far too slow for a 60,000-line file
opened in an editor. Manifests use a small part of YAML: block mappings and sequences,
one-line plain or quoted scalars, one-line flow collections, literal and folded block
scalars. This reader handles exactly that part, line by line, and gives up (`Unsupported`)
on anything else (anchors, tags, multi-line plain scalars, duplicate keys, errors, ...), so that
`parse.parse_document` falls back to ruamel for that document. Scalars are typed by
ruamel's own YAML 1.1 resolver, so both readers agree on every tag; a test compares the two
on every document of the corpus.
"""

from __future__ import annotations

import re

from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

from .nodes import Mapping, Node, Scalar, Sequence

_CORE_TAG = "tag:yaml.org,2002:"
_RESOLVER = VersionedResolver(version=(1, 1))
_TAGS: dict[str, str] = {}
"""Tags of the plain scalars seen so far (valid ones only)."""
# A plain key: not starting with an indicator, up to the first ':' followed by a space or the
# line end; no '#' or tab in it. The group keeps the spaces before the ':' (strip them); the
# match ends after the spaces that follow it. Possessive (*+), so a failure never backtracks.
_KEY_TEXT = r"(?:[^:#\t]++|:(?![ ]|$))*+"
# Keys starting with '?' or ':' go to ruamel, which reads `:: a: 1` differently from a regex.
_KEY_PATTERN = (r"""([^\s\-?:,\[\]{}#&*!|>'"%@`]""" + _KEY_TEXT + r"|-[^\s#]" + _KEY_TEXT + r"):(?:[ ]+|$)")
_KEY = re.compile(_KEY_PATTERN)
# The commonest line, `key: plain value  # comment`, in one match (other lines take the long
# way): the value starts with no indicator and holds no ': ', ' #' or tab, nor ends with ':'.
_PAIR = re.compile(_KEY_PATTERN + r"""(?<= )([^\s\-?:,\[\]{}#&*!|>'"%@`](?:[^\t:# ]++|:(?=[^ \t])|(?<! )#"""
                   r"|[ ]++(?=[^ #\t]))*+)[ ]*+(?:#.*)?$")
_QUOTED_KEY = re.compile(r"""("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')[ ]*:(?:[ ]+|$)""")
_BLOCK_HEADER = re.compile(r"([|>])([+-]?)[ ]*(?:#.*)?$")
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
            "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
            "_": "\xa0", "L": "\u2028", "P": "\u2029"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
_FLOW_END = ",]}"
_INDICATORS = frozenset(",[]{}#&*!|>'\"%@`")


class Unsupported(Exception):
    """This document needs the full YAML reader."""


_RESOLVED_FIRST = frozenset(k for k in _RESOLVER.versioned_resolver if k)
"""First characters for which ruamel tries an implicit type; any other plain scalar is a str."""
if None in _RESOLVER.versioned_resolver:
    raise ImportError("ruamel's resolver changed: fastparse's shortcut no longer holds")


def _plain_tag(value: str) -> str:
    """The tag of a valid plain scalar; Unsupported for text that is not one."""
    first = value[:1]
    if first in _INDICATORS or (first in "-?:" and value[1:2] in ("", " ")) or first == "?":
        raise Unsupported  # not a plain scalar (or an error): ruamel knows
    if first not in _RESOLVED_FIRST:
        tag = "str"
    else:
        full = str(_RESOLVER.resolve(ScalarNode, value, (True, False)))
        tag = full[len(_CORE_TAG):] if full.startswith(_CORE_TAG) else full
        if tag == "merge":
            raise Unsupported
    if len(_TAGS) < 100_000:
        _TAGS[value] = tag
    return tag


def _plain(value: str, line: int, column: int) -> Scalar:
    return Scalar((line, column), (line, column + len(value)), value, _TAGS.get(value) or _plain_tag(value), None)


def _strip_comment(text: str) -> str:
    """A plain value without its trailing comment and spaces."""
    cut = text.find(" #")
    if cut >= 0:
        text = text[:cut]
    return text.rstrip(" ")


def _double_quoted(text: str, start: int) -> tuple[str, int]:
    """(value, index after the closing quote) of the double-quoted scalar at text[start]."""
    out = []
    i = start + 1
    while i < len(text):
        char = text[i]
        if char == '"':
            return "".join(out), i + 1
        if char == "\\":
            code = text[i + 1:i + 2]
            if code in _ESCAPES:
                out.append(_ESCAPES[code])
                i += 2
            elif code in _HEX_ESCAPES:
                digits = text[i + 2:i + 2 + _HEX_ESCAPES[code]]
                if len(digits) != _HEX_ESCAPES[code] or not all(c in "0123456789abcdefABCDEF" for c in digits):
                    raise Unsupported
                out.append(chr(int(digits, 16)))
                i += 2 + len(digits)
            else:
                raise Unsupported
            continue
        out.append(char)
        i += 1
    raise Unsupported  # continues on the next line


def _single_quoted(text: str, start: int) -> tuple[str, int]:
    out = []
    i = start + 1
    while i < len(text):
        if text[i] == "'":
            if text[i + 1:i + 2] == "'":
                out.append("'")
                i += 2
                continue
            return "".join(out), i + 1
        out.append(text[i])
        i += 1
    raise Unsupported


def _quoted(text: str, start: int, line: int) -> tuple[Scalar, int]:
    quote = text[start]
    value, end = (_double_quoted if quote == '"' else _single_quoted)(text, start)
    return Scalar((line, start), (line, end), value, "str", quote), end


def _rest_is_empty(text: str, index: int) -> bool:
    rest = text[index:]
    stripped = rest.lstrip(" ")
    return not stripped or (stripped.startswith("#") and (len(stripped) < len(rest) or index == 0))


class _Flow:
    """A flow collection that opens and closes on one line."""

    def __init__(self, text: str, line: int) -> None:
        self.text = text
        self.line = line

    def skip(self, i: int) -> int:
        while i < len(self.text) and self.text[i] == " ":
            i += 1
        if i < len(self.text) and self.text[i] == "#":
            raise Unsupported
        return i

    def node(self, i: int) -> tuple[Node, int]:
        i = self.skip(i)
        char = self.text[i:i + 1]
        if char == "[":
            return self.sequence(i)
        if char == "{":
            return self.mapping(i)
        if char in ('"', "'"):
            return _quoted(self.text, i, self.line)
        return self.plain(i)

    def plain(self, i: int) -> tuple[Scalar, int]:
        start = i
        while i < len(self.text):
            char = self.text[i]
            if char in _FLOW_END:
                break
            if char == ":" and (i + 1 >= len(self.text) or self.text[i + 1] in " ,]}"):
                break
            if char == "#" and self.text[i - 1] == " ":
                raise Unsupported
            i += 1
        value = self.text[start:i].rstrip(" ")
        if not value or value[0] in "?:":
            raise Unsupported  # YAML 1.1 starts no plain scalar with '?' or ':' inside [] or {}
        return _plain(value, self.line, start), start + len(value)

    def sequence(self, i: int) -> tuple[Sequence, int]:
        start = i
        items: list[Node] = []
        i = self.skip(i + 1)
        while self.text[i:i + 1] != "]":
            if i >= len(self.text):
                raise Unsupported
            item, i = self.node(i)
            i = self.skip(i)
            if self.text[i:i + 1] == ":":
                raise Unsupported  # a single-pair mapping inside a sequence
            items.append(item)
            if self.text[i:i + 1] == ",":
                i = self.skip(i + 1)
            elif self.text[i:i + 1] != "]":
                raise Unsupported
        return Sequence((self.line, start), (self.line, i + 1), items, flow=True), i + 1

    def mapping(self, i: int) -> tuple[Mapping, int]:
        start = i
        pairs: list[tuple[Node, Node]] = []
        i = self.skip(i + 1)
        while self.text[i:i + 1] != "}":
            if i >= len(self.text) or self.text[i] in "[{?":
                raise Unsupported
            key, i = self.node(i)
            i = self.skip(i)
            if self.text[i:i + 1] == ":":
                i = self.skip(i + 1)
                if self.text[i:i + 1] in (",", "}"):
                    value: Node = Scalar((self.line, i), (self.line, i), "", "null", None)
                else:
                    value, i = self.node(i)
                    i = self.skip(i)
            else:
                value = Scalar((self.line, i), (self.line, i), "", "null", None)
            pairs.append((key, value))
            if self.text[i:i + 1] == ",":
                i = self.skip(i + 1)
            elif self.text[i:i + 1] != "}":
                raise Unsupported
        if len({key.value for key, _ in pairs}) < len(pairs):
            raise Unsupported  # a duplicate key
        return Mapping((self.line, start), (self.line, i + 1), pairs, flow=True), i + 1


class _Reader:
    def __init__(self, lines: list[str], indents: list[int]) -> None:
        self.lines = lines
        self.indents = indents
        """Indentation of each line with content; -1 for blank and comment-only lines."""
        self.i = 0

    def next_content(self) -> int:
        """Skip blank and comment lines; the indentation of the next content line, or -1 at
        the end (so that `indent < column` means the block ends either way)."""
        indents = self.indents
        i = self.i
        while i < len(indents):
            if indents[i] >= 0:
                self.i = i
                return indents[i]
            i += 1
        self.i = i
        return -1

    # -- structure

    def document(self) -> Node | None:
        indent = self.next_content()
        if indent < 0:
            return None
        first = self.lines[self.i]
        if first.startswith("%"):
            raise Unsupported
        if first.startswith("---"):
            if first[3:].strip() and not first[3:].strip().startswith("#"):
                raise Unsupported
            self.i += 1
            indent = self.next_content()
            if indent < 0:
                return None
        root = self.block(indent, self.i, indent)
        if self.next_content() >= 0:
            if self.lines[self.i].rstrip() != "...":
                raise Unsupported
            self.i += 1
            if self.next_content() >= 0:
                raise Unsupported
        return root

    def block(self, column: int, line: int, minimum: int) -> Node:
        """The block node whose first token is at (line, column)."""
        text = self.lines[line]
        if column < minimum:
            raise Unsupported
        if _is_dash(text, column):
            return self.sequence(column)
        if (found := _key_at(text, column, line)) is not None:
            return self.mapping(column, line, found)
        raise Unsupported  # a scalar alone on its lines

    def mapping(self, column: int, first_line: int, found: tuple[Scalar, int] | None) -> Mapping:
        """The block mapping whose first key, `found` on `first_line`, starts at `column`."""
        pairs: list[tuple[Node, Node]] = []
        index: dict[str, int] = {}
        lines, indents = self.lines, self.indents
        while True:
            line = self.i
            text = lines[line]
            pair = _PAIR.match(text, column) if found is None else None
            if pair is not None:
                name, plain = pair.group(1, 2)
                key: Node = _plain(name.rstrip(" "), line, column)
                value = _plain(plain, line, pair.start(2))
                self.i += 1
            else:
                found = found or _key_at(text, column, line)
                if found is None:
                    raise Unsupported
                key, after = found
                self.i += 1
                value = self.value(text, after, line, column, key)
                found = None
            index[key.value] = len(pairs)
            pairs.append((key, value))
            indent = indents[self.i] if self.i < len(indents) else -1
            if indent < 0:
                indent = self.next_content()
            if indent < column:
                break
            if indent > column:
                raise Unsupported
            if _is_dash(lines[self.i], column):
                break  # a sequence at this indentation belongs to an outer mapping
        if len(index) < len(pairs):
            raise Unsupported  # a duplicate key: ruamel's document keeps both, for the check to report
        return Mapping((first_line, column), _last_end(pairs[-1][1], pairs[-1][0]), pairs, False, index)

    def sequence(self, column: int) -> Sequence:
        items: list[Node] = []
        start = (self.i, column)
        lines = self.lines
        while True:
            line = self.i
            text = lines[line]
            rest = column + 1
            while rest < len(text) and text[rest] == " ":
                rest += 1
            self.i += 1
            if rest >= len(text) or text[rest] == "#":
                indent = self.next_content()
                if indent > column:
                    items.append(self.block(indent, self.i, column + 1))
                else:
                    items.append(Scalar((line, column + 1), (line, column + 1), "", "null", None))
            elif _is_dash(text, rest):
                raise Unsupported  # a sequence directly inside a sequence item
            elif (found := _key_at(text, rest, line)) is not None:
                self.i = line
                items.append(self.mapping(rest, line, found))
            else:
                items.append(self.inline(text, rest, line, column))
            indent = self.next_content()
            if indent < column:
                break
            if indent > column:
                raise Unsupported
            if not _is_dash(lines[self.i], column):
                break
        return Sequence(start, _last_end(items[-1], None), items)

    def value(self, text: str, after: int, line: int, column: int, key: Scalar) -> Node:
        """The value of the key on `line`: text[after:] (past the spaces after the ':') or the
        following lines."""
        if after >= len(text) or text[after] == "#":
            indent = self.next_content()
            if indent > column:
                return self.block(indent, self.i, column + 1)
            if indent == column and _is_dash(self.lines[self.i], column):
                return self.sequence(column)
            return Scalar((line, key.end[1] + 1), (line, key.end[1] + 1), "", "null", None)
        return self.inline(text, after, line, column)

    def inline(self, text: str, i: int, line: int, column: int) -> Node:
        """A value that starts on this line at text[i]. A more-indented line after it would
        continue it; the mapping and sequence loops refuse that for every entry."""
        char = text[i]
        if char in "[{":
            node, end = (_Flow(text, line).sequence if char == "[" else _Flow(text, line).mapping)(i)
            if not _rest_is_empty(text, end):
                raise Unsupported
            return node
        if char in "\"'":
            node, end = _quoted(text, i, line)
            if not _rest_is_empty(text, end):
                raise Unsupported
            return node
        if char in "|>":
            return self.block_scalar(text, i, line, column)
        value = _strip_comment(text[i:])
        if ": " in value or value.endswith(":") or "\t" in value:
            raise Unsupported
        return _plain(value, line, i)

    def block_scalar(self, text: str, i: int, line: int, column: int) -> Scalar:
        header = _BLOCK_HEADER.match(text, i)
        if header is None:
            raise Unsupported
        style, chomping = header.group(1), header.group(2)
        body: list[str] = []
        indent = None
        number = line + 1
        while number < len(self.lines):
            content = self.lines[number]
            stripped = content.lstrip(" ")
            if not stripped:
                body.append(content)
                number += 1
                continue
            if stripped[0] == "\t" and indent is None:
                raise Unsupported
            current = len(content) - len(stripped)
            if indent is None:
                if current <= column:
                    break
                indent = current
            elif current < indent:
                break
            body.append(content)
            number += 1
        if indent is not None and any(not b.strip(" ") and len(b) > indent for b in body):
            raise Unsupported  # a blank line with more spaces than the indentation keeps them
        # Trailing blank lines belong to the scalar only for chomping; the node ends at the text.
        while body and not body[-1].strip(" "):
            body.pop()
            number -= 1
        last = number - 1
        if chomping == "+" or indent is None or last >= len(self.lines) - 1:
            raise Unsupported  # kept breaks, no content, or no final break: ruamel's rare cases
        self.i = number
        lines = [b[indent:] if len(b) > indent else "" for b in body]
        value = "\n".join(lines) if style == "|" else _fold(lines)
        if chomping != "-":
            value += "\n"
        return Scalar((line, i), (last, len(self.lines[last])), value, "str", style)


def _fold(lines: list[str]) -> str:
    """Folded block scalar content (lines already without their indentation)."""
    if any(line[:1] in (" ", "\t") for line in lines):
        raise Unsupported  # more-indented lines keep their breaks: leave it to ruamel
    out = ""
    blanks = 0
    started = False
    for line in lines:
        if not line:
            blanks += 1
            continue
        if started:
            out += "\n" * blanks if blanks else " "
        else:
            out += "\n" * blanks
        out += line
        blanks = 0
        started = True
    return out


def _is_dash(text: str, column: int) -> bool:
    """A block sequence entry starts at text[column]."""
    return text[column:column + 2] in ("- ", "-")


def _key_at(text: str, column: int, line: int) -> tuple[Scalar, int] | None:
    """The key starting at text[column] and the index past the ': ' after it, if the line has
    one there."""
    char = text[column:column + 1]
    if char in ('"', "'"):
        match = _QUOTED_KEY.match(text, column)
        if match is None:
            return None
        node, _ = _quoted(text, column, line)
        return node, match.end()
    match = _KEY.match(text, column)
    if match is None:
        return None
    return _plain(match.group(1).rstrip(" "), line, column), match.end()


def _last_end(node: Node, key: Node | None) -> tuple[int, int]:
    if isinstance(node, Scalar) and node.tag == "null" and node.start == node.end and key is not None:
        return key.end
    return node.end


# What YAML does not allow in a stream: ruamel reports it, so the fast reader steps aside.
# NEL, LS and PS are line breaks to ruamel (see parse._NON_LSP_BREAKS), and it does not count
# a byte order mark as a column: both are ruamel's business too.
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")


def parse_fast(text: str) -> Node | None:
    """The document's root node; raises Unsupported where the full reader is needed."""
    if _NON_PRINTABLE.search(text):
        raise Unsupported
    lines = text.split("\n")
    if "\r" in text:
        lines = [line[:-1] if line.endswith("\r") else line for line in lines]
        if any("\r" in line for line in lines):
            raise Unsupported
    indents = [len(line) - len(content) if (content := line.lstrip(" ")) and content[0] != "#" else -1
               for line in lines]
    if "\t" in text and any(line[indent] == "\t" for line, indent in zip(lines, indents, strict=True)
                            if indent >= 0):
        raise Unsupported
    return _Reader(lines, indents).document()
