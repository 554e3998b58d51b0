"""Writing values back into YAML text, as kubectl will read them (YAML 1.1).

A fix that writes `on`, `123` or `a: b` unquoted changes the type or the structure of what it
meant to write; here a value is written plain only where it reads back as exactly that value.
"""

from __future__ import annotations

import json
import re

from .fastscalars import Unsupported, _plain_tag

# Plain in block and flow context alike: no indicator first, no ': ', ' #', ',' or brackets.
_SAFE_PLAIN = re.compile(r"[A-Za-z0-9_./~(<=+$^][A-Za-z0-9_./~()<>=+$^;@%-]*")


def plain_tag(value: str) -> str | None:
    """The YAML 1.1 type that `value`, written plain, reads as; None where it cannot be
    written plain (it would start a structure, an alias, a comment...)."""
    if not _SAFE_PLAIN.fullmatch(value):
        return None
    try:
        return _plain_tag(value)
    except Unsupported:
        return None


def string_scalar(value: str, style: str | None = None) -> str:
    """The text of a scalar that reads as the string `value`: in the quotes of `style` if it
    has any, plain where that reads back as the same string, double-quoted otherwise."""
    if style == "'" and value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    if style != '"' and plain_tag(value) == "str":
        return value
    return json.dumps(value, ensure_ascii=False)
