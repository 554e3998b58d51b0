"""Inline suppressions: `# pod-ls: disable=rule-id[,other-id]` at the end of a line silences
those rules for findings that start on that line."""

from __future__ import annotations

import re

from .findings import Edit, Finding, Fix

_DIRECTIVE = re.compile(r"#\s*pod-ls:\s*disable=([\w\-]+(?:\s*,\s*[\w\-]+)*)")


def disabled_rules(line: str) -> set[str]:
    match = _DIRECTIVE.search(line)
    if match is None:
        return set()
    return {rule.strip() for rule in match.group(1).split(",")}


def drop_suppressed(findings: list[Finding], lines: list[str]) -> list[Finding]:
    kept = []
    for finding in findings:
        line = finding.start[0]
        if 0 <= line < len(lines) and "pod-ls:" in lines[line] and finding.rule in disabled_rules(lines[line]):
            continue
        kept.append(finding)
    return kept


def suppression_fix(finding: Finding, lines: list[str]) -> Fix | None:
    """Add the finding's rule to the line's directive, or append a new one."""
    line = finding.start[0]
    if not 0 <= line < len(lines):
        return None
    text = lines[line]
    title = f"Disable {finding.rule} for this line"
    match = _DIRECTIVE.search(text)
    if match is not None:
        end = (line, match.end(1))
        return Fix(title, (Edit(end, end, f",{finding.rule}"),), preferred=False)
    end = (line, len(text))
    return Fix(title, (Edit(end, end, f"  # pod-ls: disable={finding.rule}"),), preferred=False)
