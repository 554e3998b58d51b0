"""`${VAR}` placeholders, filled in before the manifest is applied (envsubst, Flux's post-build
substitution, many CI templates): a value that fails a check only because it still holds one is
not wrong, only not checkable yet, so its finding becomes information that says so."""

from __future__ import annotations

import re
from dataclasses import replace

from ..findings import Finding, Severity
from ..yaml.nodes import Pos
from ..yaml.parse import split_lines

# ${NAME}, and Flux's ${NAME:=default} / ${NAME:-default} forms.
_PLACEHOLDER = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-=+?][^}]*)?\}")


def held_back(findings: list[Finding], text: str) -> list[Finding]:
    """The findings with those on a placeholder made information (document-relative positions)."""
    if "${" not in text or not findings:
        return findings
    lines = split_lines(text)
    out = []
    for finding in findings:
        if finding.severity < Severity.INFO and _PLACEHOLDER.search(_covered(lines, finding.start, finding.end)):
            # A fix here would write over what the placeholder stands for: never applied unasked.
            finding = replace(finding, severity=Severity.INFO,
                              message=f"Not checked until its ${{...}} placeholder is substituted: {finding.message}",
                              fixes=tuple(replace(fix, safe=False) for fix in finding.fixes))
        out.append(finding)
    return out


def _covered(lines: list[str], start: Pos, end: Pos) -> str:
    """The text from start to end."""
    (first, begin), (last, stop) = start, end
    if first >= len(lines):
        return ""
    if first == last:
        return lines[first][begin:stop]
    parts = [lines[first][begin:], *lines[first + 1:last]]
    if last < len(lines):
        parts.append(lines[last][:stop])
    return "\n".join(parts)
