"""Inline suppressions: a `# pod-ls: disable=rule-id[,other-id]` comment at the end of a line
silences those rules for findings that start on that line.

Only a real comment counts: the same words inside a string (`image: "x # pod-ls: ..."`) are
data, so they silence nothing and are never edited as a directive.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..findings import Edit, Finding, Fix
from ..kube.locate import document_at, scalar_at
from ..yaml.nodes import YamlDocument

_DIRECTIVE = re.compile(r"#\s*pod-ls:\s*disable=([\w\-]+(?:\s*,\s*[\w\-]+)*)")

Silenced = dict[int, set[str]]
"""File line → the rules silenced on it."""


def silenced_rules(lines: list[str], documents_at: Callable[[int], list[YamlDocument]]) -> Silenced:
    """The directives of the file's comments; `documents_at(line)` gives the parsed documents
    of a line, to tell a comment from a string."""
    silenced: Silenced = {}
    for number, line in enumerate(lines):
        if "pod-ls:" in line and (match := _directive(line, number, documents_at(number))) is not None:
            silenced[number] = {rule.strip() for rule in match.group(1).split(",")}
    return silenced


def drop_suppressed(findings: list[Finding], silenced: Silenced) -> list[Finding]:
    return [f for f in findings if f.rule not in silenced.get(f.start[0], ())]


def suppression_fix(finding: Finding, lines: list[str], documents: list[YamlDocument]) -> Fix | None:
    """Add the finding's rule to the line's directive, or append a new one; None where the
    line ends inside a string that goes on below (a comment there would become text)."""
    line = finding.start[0]
    if not 0 <= line < len(lines):
        return None
    text = lines[line]
    title = f"Disable {finding.rule} for this line"
    match = _directive(text, line, documents)
    if match is not None:
        end = (line, match.end(1))
        return Fix(title, (Edit(end, end, f",{finding.rule}"),), preferred=False)
    end = (line, len(text))
    document = document_at(documents, line)
    if document is not None and _ends_inside_a_string(document, line, len(text)):
        return None
    return Fix(title, (Edit(end, end, f"  # pod-ls: disable={finding.rule}"),), preferred=False)


def _ends_inside_a_string(document: YamlDocument, line: int, length: int) -> bool:
    """The line's end is part of a string that goes on below it, or of a block scalar's text."""
    relative = line - document.line_offset
    for column in (length, length - 1):
        inside = scalar_at(document.root, (relative, column)) if column >= 0 else None
        if inside is not None:
            if inside.style in ("|", ">"):
                return inside.start[0] < relative  # a comment may follow the `|` itself
            return inside.end[0] > relative
    return False


def _directive(line: str, number: int, documents: list[YamlDocument]) -> re.Match[str] | None:
    """The line's directive, if it stands in a comment: after a space (or first on the line)
    and outside every string of the document."""
    document = document_at(documents, number)
    for match in _DIRECTIVE.finditer(line):
        at = match.start()
        if at and not line[at - 1].isspace():
            continue
        if document is not None and scalar_at(document.root, (number - document.line_offset, at)) is not None:
            continue
        return match
    return None
