"""Reading a pod spec the way the API server does: typed values, list items."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..kube.locate import scalar_text as text
from ..yaml.nodes import Mapping, Node, Pos, Scalar, Sequence, YamlDocument
from ..yaml.parse import split_lines

__all__ = ["boolean", "end_of", "integer", "key", "keys_set", "line_after", "mappings", "text",
           "where"]


def integer(node: Node | None) -> int | None:
    """An integer as kubectl reads it: 0644 is octal, 0x1f hex, 0b101 binary, 0o17 octal, and a
    whole float such as 1.0 or 1e+06 is that integer (sigs.k8s.io/yaml's YAMLToJSON writes the
    float64 back as JSON, which prints 1.0 as 1)."""
    if isinstance(node, Scalar) and node.tag == "float":
        return _whole(node.value)
    if not isinstance(node, Scalar) or node.tag != "int":
        return None
    digits = node.value
    if digits.isdigit() and (digits[0] != "0" or len(digits) == 1):
        return int(digits)  # the commonest case, decided at once
    digits = digits.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    digits = digits.lstrip("+-")
    try:
        if digits[:2].lower() in ("0x", "0b", "0o"):
            return sign * int(digits, 0)
        return sign * int(digits, 8 if len(digits) > 1 and digits.startswith("0") else 10)
    except ValueError:
        return None


def _whole(text: str) -> int | None:
    try:
        value = float(text.replace("_", ""))
    except ValueError:  # .inf, .nan
        return None
    return int(value) if value.is_integer() else None


def is_null(node: Node | None) -> bool:
    """Absent or `null`: the API server sees no value (a nil pointer)."""
    return node is None or (isinstance(node, Scalar) and node.tag == "null")


def boolean(node: Node | None) -> bool | None:
    if not isinstance(node, Scalar) or node.tag != "bool":
        return None
    return node.value.lower() in ("true", "yes", "on", "y")


def mappings(node: Node | None) -> Iterator[Mapping]:
    """The mapping items of a list."""
    if isinstance(node, Sequence):
        for item in node.items:
            if isinstance(item, Mapping):
                yield item


def key(mapping: Mapping, name: str) -> Scalar | None:
    pair = mapping.pair(name)
    return pair[0] if pair and isinstance(pair[0], Scalar) else None


def where(mapping: Mapping, name: str) -> Node:
    """The value of `name` if present, for reporting; else the mapping's first key."""
    value = mapping.get(name)
    if value is not None:
        return value
    return mapping.items[0][0] if mapping.items else mapping


def line_after(node: Node) -> int:
    """The first line after the node's text (a value may start or go on below its key)."""
    end_line, end_column = node.end
    return end_line if end_column == 0 and end_line > node.start[0] else end_line + 1


def end_of(document: YamlDocument) -> Pos:
    """Where to append after the document (`quickfix.fitted` starts a line there if need be)."""
    lines = split_lines(document.text)
    return len(lines) - 1, len(lines[-1])


def keys_set(mapping: Mapping, names: Iterable[str]) -> list[Scalar]:
    """The keys among `names` that the mapping sets (to anything but nothing), in text order:
    for fields of which exactly one may be given (probe handlers, env sources, volume sources)."""
    wanted = set(names)
    return [k for k, v in mapping.items if isinstance(k, Scalar) and k.value in wanted
            and not (isinstance(v, Scalar) and v.tag == "null")]
