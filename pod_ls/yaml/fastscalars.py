"""The scalars of the fast reader: plain ones typed by ruamel's own YAML 1.1 resolver, as kubectl
reads them (`kubectl_tag`), quoted ones, and literal and folded block scalars."""

from __future__ import annotations

import re

from ruamel.yaml.resolver import VersionedResolver

from .nodes import Scalar

_CORE_TAG = "tag:yaml.org,2002:"
_RESOLVER = VersionedResolver(version=(1, 1))
_TAGS: dict[str, str] = {}
"""Tags of the short plain scalars seen so far (valid ones only)."""
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
            "r": "\r", "e": "\x1b", " ": " ", '"': '"', "'": "'", "/": "/", "\\": "\\", "N": "\x85",
            "_": "\xa0", "L": "\u2028", "P": "\u2029"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
_DOUBLE_CLOSED = re.compile(r'"(?:[^"\\]|\\.)*+"')
_SINGLE_CLOSED = re.compile(r"'(?:[^']|'')*+'")
"""A quoted scalar that closes on its line (possessive, so `'it''s` is not closed at `'it'`)."""
_BLOCK_HEADER = re.compile(r"([|>])([+-]?)(?:[ ]+#.*|[ ]*)$")
"""A block scalar's header; a '#' right after it starts no comment (ruamel refuses `|#`)."""
_INDICATORS = frozenset(",[]{}#&*!|>'\"%@`")


class Unsupported(Exception):
    """This document needs the full YAML reader."""


_IMPLICIT = {first: tuple(entries) for first, entries in _RESOLVER.versioned_resolver.items() if first}
"""YAML 1.1's implicit types, (tag, pattern), by the first character of the text they match."""
_RESOLVED_FIRST = frozenset(_IMPLICIT)
"""First characters for which ruamel tries an implicit type; any other plain scalar is a str."""
_DIGITS = frozenset("0123456789")
"""First characters of a timestamp, the only implicit type whose pattern matches white space."""
if None in _RESOLVER.versioned_resolver:
    raise ImportError("ruamel's resolver changed: fastparse's shortcut no longer holds")


_GO_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
"""go-yaml v2's yamlStyleFloat."""
_GO_BASES = {"b": 2, "o": 8, "x": 16}


def kubectl_tag(value: str, tag: str) -> str:
    """The type kubectl gives a plain scalar that YAML 1.1 types `tag`: kubectl reads YAML with
    go-yaml v2 (sigs.k8s.io/yaml), whose resolve() has no base-60 numbers (1:30 is a string) and
    no `=` value type, and reads numbers with Go's strconv.ParseInt(text, 0, 64) after removing
    '_': 0o17 and 0X1F are integers, and 09, no octal, is go-yaml's float 9."""
    if tag == "str":
        if value[:1] in _GO_NUMBER_FIRST and (number := _go_number(value.replace("_", ""))):
            return number
        return tag
    if (tag in ("int", "float") and ":" in value) or tag == "value":
        return "str"
    return tag


_GO_NUMBER_FIRST = frozenset("0123456789+-")


def _go_number(text: str) -> str | None:
    """'int' or 'float' where go-yaml v2 reads `text` (without its '_') as that number."""
    body = text[1:] if text[:1] in "+-" else text
    base, digits = 10, body
    if body[:2].lower() in ("0b", "0o", "0x"):
        base, digits = _GO_BASES[body[1].lower()], body[2:]
    elif len(body) > 1 and body[0] == "0":
        base, digits = 8, body[1:]
    try:
        number = int(digits, base) if digits and digits.isalnum() and digits.isascii() else None
    except ValueError:
        number = None
    if number is not None and number < (1 << 64) and (text[0] != "-" or number <= 1 << 63):
        return "int"
    return "float" if _GO_FLOAT.fullmatch(text) else None


def _plain_tag(value: str) -> str:
    """The tag of a valid plain scalar; Unsupported for text that is not one."""
    first = value[:1]
    if first in _INDICATORS or (first in "-?:" and value[1:2] in ("", " ", "\t", "\n")) or first == "?":
        raise Unsupported  # not a plain scalar (or an error): ruamel knows
    if first not in _RESOLVED_FIRST or (first not in _DIGITS and (" " in value or "\n" in value)):
        tag = "str"
    else:
        # ruamel's resolve() for a plain scalar, without its version look-up on every call.
        full = next((tag for tag, pattern in _IMPLICIT[first] if pattern.match(value)), _CORE_TAG + "str")
        tag = kubectl_tag(value, full[len(_CORE_TAG):] if full.startswith(_CORE_TAG) else full)
        if tag == "merge":
            raise Unsupported
    if len(_TAGS) < 100_000 and len(value) <= 64:  # names and numbers recur; descriptions do not
        _TAGS[value] = tag
    return tag


def _plain(value: str, line: int, column: int) -> Scalar:
    return Scalar((line, column), (line, column + len(value)), value, _TAGS.get(value) or _plain_tag(value), None)


def _rest_is_empty(text: str, index: int) -> bool:
    """Nothing but spaces and a comment from text[index] on: a '#' right after a token starts no comment."""
    rest = text[index:]
    stripped = rest.lstrip(" ")
    return not stripped or (stripped.startswith("#") and (len(stripped) < len(rest) or index == 0))


def _is_dash(text: str, column: int) -> bool:
    """A block sequence entry starts at text[column] (the block reader and its anchors ask)."""
    return text[column:column + 2] in ("- ", "-")


def _double_quoted(text: str, start: int) -> tuple[str, int]:
    """(value, index after the closing quote) of the double-quoted scalar at text[start]."""
    out = []
    i = start + 1
    while i < len(text):
        char = text[i]
        if char == '"':
            return "".join(out), i + 1
        if char == "\\":
            escaped, i = _escape(text, i)
            out.append(escaped)
            continue
        out.append(char)
        i += 1
    raise Unsupported  # continues on the next line


def _escape(text: str, i: int) -> tuple[str, int]:
    """The character of the escape at text[i] (a backslash) and the index after it."""
    code = text[i + 1:i + 2]
    if code in _ESCAPES:
        return _ESCAPES[code], i + 2
    if code in _HEX_ESCAPES:
        digits = text[i + 2:i + 2 + _HEX_ESCAPES[code]]
        if len(digits) != _HEX_ESCAPES[code] or not all(c in "0123456789abcdefABCDEF" for c in digits):
            raise Unsupported
        return chr(int(digits, 16)), i + 2 + len(digits)
    raise Unsupported


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


def _quoted_lines(lines: list[str], line: int, i: int, minimum: int) -> tuple[str, int, int]:
    """(value, line, column after the closing quote) of the quoted scalar that opens at
    lines[line][i] and closes on a later line, each line after the first indented at least
    `minimum`; folded as YAML folds flow scalars: trailing spaces and the line break become one
    space, or n line breaks for n blank lines; a `\\` at the end of a line in double quotes
    joins the lines (keeping the spaces before it, and a line break per blank line after it)."""
    quote = lines[line][i]
    out: list[str] = []
    loose = 0
    """Spaces at the end of `out` that came from the text, not from an escape."""
    joined = False
    """The line ended with an escaped line break."""
    number, k, current = line, i + 1, lines[line]
    while True:
        if k >= len(current):  # a line break inside the quotes
            if not joined:
                del out[len(out) - loose:]
            number += 1
            blanks = 0
            while number < len(lines) and not lines[number].strip(" "):
                blanks += 1
                number += 1
            if number >= len(lines):
                raise Unsupported  # not closed
            current = lines[number]
            k = len(current) - len(current.lstrip(" "))
            if k < minimum or "\t" in current or (k == 0 and current[:3] in ("---", "...")):
                raise Unsupported  # a line ruamel must judge (or a document marker)
            out.append("\n" * blanks if blanks or joined else " ")
            loose = 0 if blanks or joined else 1
            joined = False
            continue
        char = current[k]
        if char == quote:
            if quote == "'" and current[k + 1:k + 2] == "'":
                out.append("'")
                loose, k = 0, k + 2
                continue
            break
        if char == "\\" and quote == '"':
            if k + 1 == len(current):
                joined, k = True, k + 1
                continue
            escaped, k = _escape(current, k)
            out.append(escaped)
            loose = 0
            continue
        if char == "\t":
            raise Unsupported
        out.append(char)
        loose = loose + 1 if char == " " else 0
        k += 1
    if number == line:
        raise Unsupported  # closes on its line: not for this reader
    return "".join(out), number, k + 1


def _block_scalar(lines: list[str], text: str, i: int, line: int, column: int) -> tuple[Scalar, int]:
    """The literal or folded scalar whose header is at text[i] of lines[line], in a block at
    `column`, and the line after it."""
    header = _BLOCK_HEADER.match(text, i)
    if header is None:
        raise Unsupported
    style, chomping = header.group(1), header.group(2)
    body: list[str] = []
    indent = None
    number = line + 1
    while number < len(lines):
        content = lines[number]
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
    if indent is not None and 0 < len(body[0]) < indent and not body[0].strip(" "):
        raise Unsupported  # ruamel refuses a first line of fewer spaces than the text's indentation
    # Trailing blank lines belong to the scalar only for chomping; the node ends at the text.
    while body and not body[-1].strip(" "):
        body.pop()
        number -= 1
    last = number - 1
    if chomping == "+" or indent is None or last >= len(lines) - 1:
        raise Unsupported  # kept breaks, no content, or no final break: ruamel's rare cases
    unindented = [b[indent:] if len(b) > indent else "" for b in body]
    value = "\n".join(unindented) if style == "|" else _fold(unindented)
    if chomping != "-":
        value += "\n"
    return Scalar((line, i), (last, len(lines[last])), value, "str", style), number


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
