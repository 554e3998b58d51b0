"""`${VAR}` placeholders, filled in before the manifest is applied (envsubst, Flux's post-build
substitution, many CI templates): a value that fails a check only because it still holds one is
not wrong, only not checkable yet, so its finding becomes information that says so. So does one
on a `{{ }}` that a valid manifest holds as data (`templates`)."""

from __future__ import annotations

import re
from dataclasses import replace

from ...findings import Finding, Severity
from ...yaml.nodes import Pos
from ...yaml.parse import split_lines
from .templates import templated

# ${NAME}, and Flux's ${NAME:=default} / ${NAME:-default} forms.
_PLACEHOLDER = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-=+?][^}]*)?\}")
# envsubst's bare $NAME, in capitals as such variables are written (GKE's samples:
# `serviceAccountName: $KSA_NAME`), and only in a value of one word: in a sentence or a shell
# line ("echo $HOME") it is no placeholder. `$(NAME)` is Kubernetes' own expansion in command
# and args, and `$$` an escape: neither is one.
_BARE_PLACEHOLDER = re.compile(r"(?<!\$)\$[A-Z_][A-Z0-9_]*")


def held_back(findings: list[Finding], text: str) -> list[Finding]:
    """The findings with those on a placeholder made information (document-relative positions)."""
    if ("$" not in text and "{{" not in text) or not findings:
        return findings
    lines = split_lines(text)
    out = []
    for finding in findings:
        if finding.severity < Severity.INFO:
            covered = _covered(lines, finding.start, finding.end)
            waits = ("its ${...} placeholder is substituted" if _placeholder(covered) else
                     "its {{ }} template is rendered" if templated(covered) else None)
            if waits is not None:
                # A fix here would write over what the placeholder stands for: never applied unasked.
                finding = replace(finding, severity=Severity.INFO,
                                  message=f"Not checked until {waits}: {finding.message}",
                                  fixes=tuple(replace(fix, safe=False) for fix in finding.fixes))
        out.append(finding)
    return out


def _placeholder(covered: str) -> bool:
    """A ${...} anywhere in the text, or a bare $NAME in a text of one word."""
    if _PLACEHOLDER.search(covered):
        return True
    return "$" in covered and not any(c.isspace() for c in covered.strip(" \t'\"")) \
        and _BARE_PLACEHOLDER.search(covered) is not None


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
