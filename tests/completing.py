"""Apply a completion as an editor does: splice its text in at the cursor, with snippet tab
stops filled by their defaults and relative indentation resolved as the client would."""

from __future__ import annotations

import re

from conftest import split_cursor

from pod_ls.ide.completion.completion import Completion, complete
from pod_ls.kube.schema import Version, load_schema
from pod_ls.yaml.parse import parse_stream, split_lines

_SNIPPET = re.compile(r"\$\{\d+:((?:\\.|[^\\}])*)\}|\$\{\d+\}|\$\d+|\\(.)")


def expand(snippet: str) -> str:
    """A snippet's text with every tab stop at its default (what `vim.snippet.expand` shows)."""
    def one(match: re.Match) -> str:
        if match.group(1) is not None:
            return re.sub(r"\\(.)", r"\1", match.group(1))
        return match.group(2) or ""
    return _SNIPPET.sub(one, snippet)


def items(marked: str, snippets: bool = False, version: Version | None = None) -> list[Completion]:
    text, line, column = split_cursor(marked)
    return complete(split_lines(text), line, column, parse_stream(text), load_schema(), version,
                    snippets=snippets)


def labels(marked: str, snippets: bool = False, version: Version | None = None) -> list[str]:
    return [item.label for item in items(marked, snippets, version)]


def pick(marked: str, label: str, snippets: bool = False, version: Version | None = None) -> Completion:
    found = [item for item in items(marked, snippets, version) if item.label == label]
    assert len(found) == 1, (label, labels(marked, snippets, version))
    return found[0]


def apply(marked: str, label: str, snippets: bool = False, version: Version | None = None) -> str:
    """The text after accepting the item `label` at the cursor."""
    item = pick(marked, label, snippets, version)
    text, line, column = split_cursor(marked)
    lines = text.split("\n")
    inserted = expand(item.insert_text) if item.snippet else item.insert_text
    if item.relative_indent:
        indent = " " * (len(lines[line]) - len(lines[line].lstrip(" ")))
        inserted = inserted.replace("\n", "\n" + indent)
    lines[line] = lines[line][:item.replace_start] + inserted + lines[line][column:]
    return "\n".join(lines)
