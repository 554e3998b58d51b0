"""Quick fixes as the editor applies them: the fixes of the findings in a range, and a way to
silence each finding's rule, with every edit fitted to the file's text.

Rules write their edits for the common file: LF breaks, a final newline, no anchor before a
value. `fitted` makes them right for every file, so no rule has to think of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ...findings import Edit, Finding, Fix
from ...rules.suppress import suppression_fix
from ...yaml.nodes import Pos, YamlDocument
from ...yaml.parse import line_starts

# An anchor or a tag before a node's content, with the space after it.
_PROPERTY = re.compile(r"(?:&[^\s,\[\]{}]+|![^\s,\[\]{}]*)[ \t]+|(?:&[^\s,\[\]{}]+|![^\s,\[\]{}]*)$")


@dataclass(frozen=True, slots=True)
class QuickFix:
    finding: Finding
    fix: Fix
    uri: str | None = None
    """The file the fix edits, when it is not the finding's (a Service made headless)."""


def quick_fixes(findings: list[Finding], start: Pos, end: Pos, text: str, lines: list[str],
                documents: list[YamlDocument]) -> list[QuickFix]:
    """The fixes of the findings that overlap start..end, then a way to silence each one;
    `documents` are the parsed documents of those lines."""
    found = []
    for finding in findings:
        if not (finding.start <= end and start <= finding.end):
            continue
        fixes = list(finding.fixes)
        if (silence := suppression_fix(finding, lines, documents)) is not None:
            fixes.append(silence)
        found += [QuickFix(finding, fitted(fix, text, lines)) for fix in fixes]
    return found


def fitted(fix: Fix, text: str, lines: list[str]) -> Fix:
    """The fix with its edits made right for this text: a replaced node keeps its anchor and
    tag, an insertion past the last line goes after it, and new lines end as the file's do."""
    return replace(fix, edits=tuple(_fitted(edit, text, lines) for edit in fix.edits))


def _fitted(edit: Edit, text: str, lines: list[str]) -> Edit:
    start, end, new = edit.start, edit.end, edit.text
    if start != end:
        start = _after_properties(start, end, lines)
    elif new.endswith("\n") and _at_unbroken_end(start, text, lines):
        # New lines after the last one of a text with no final break: start a line, end none.
        start = end = (len(lines) - 1, len(lines[-1]))
        new = "\n" + new.removesuffix("\n")
    if "\n" in new and (brk := _line_break(text, lines, start[0])) != "\n":
        new = new.replace("\n", brk)
    return Edit(start, end, new)


def _at_unbroken_end(at: Pos, text: str, lines: list[str]) -> bool:
    """`at` is past the last line, or at the end of a last line that has no break after it."""
    return at[0] >= len(lines) or (at == (len(lines) - 1, len(lines[-1])) and not text.endswith(("\n", "\r")))


def _after_properties(start: Pos, end: Pos, lines: list[str]) -> Pos:
    """Where a node's content starts, past the anchor and tag that the node's range begins with
    (they may stand alone on the line before the content)."""
    line, column = start
    while line < len(lines) and (line, column) < end:
        text = lines[line]
        match = _PROPERTY.match(text, column)
        if match is None:
            return line, column
        column = match.end()
        if not text[column:].strip() or text[column:].lstrip().startswith("#"):
            line += 1
            column = len(lines[line]) - len(lines[line].lstrip(" ")) if line < len(lines) else 0
    return min((line, column), end)


def _line_break(text: str, lines: list[str], line: int) -> str:
    """The break that ends `line` (or the one before it, on the last line)."""
    if "\r" not in text:
        return "\n"
    if text.count("\r\n") == text.count("\n") == text.count("\r"):
        return "\r\n"
    starts = line_starts(text)
    at = min(line + 1, len(lines) - 1)
    if at == 0:
        return "\n"
    between = text[starts[at - 1] + len(lines[at - 1]):starts[at]]
    return between or "\n"
