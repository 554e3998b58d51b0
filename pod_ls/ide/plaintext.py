"""Markdown read as plain text, for a client that renders none: Emacs' eglot without
markdown-mode asks for `plaintext` and shows what it gets as it is, stars and pipes included.
Emphasis and code marks go, a table becomes a list (as Neovim's config shows it), and a link
keeps its address."""

from __future__ import annotations

import re

_ROW = re.compile(r"\|(.*)\|\s*")
_RULE = re.compile(r"[\s:|-]+")
_EMPHASIS = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`([^`\n]+)`")
_LINK = re.compile(r"\[([^\]\n]+)\]\((\S+?)\)")


def plain_text(markdown: str) -> str:
    out: list[str] = []
    in_table = False
    for line in markdown.split("\n"):
        row = _ROW.fullmatch(line)
        if row is None:
            in_table = False
            out.append(_inline(line))
        elif not in_table:
            in_table = True  # the header row
        elif not _RULE.fullmatch(row.group(1)):
            first, *rest = (cell.strip() for cell in row.group(1).split("|"))
            out.append(f"- {_inline(first)}: {' · '.join(_inline(cell) for cell in rest)}")
    return "\n".join(out)


def _inline(text: str) -> str:
    text = _LINK.sub(lambda m: m.group(1) if m.group(1) == m.group(2) else f"{m.group(1)} ({m.group(2)})", text)
    return _CODE.sub(r"\1", _EMPHASIS.sub(r"\1", text))
