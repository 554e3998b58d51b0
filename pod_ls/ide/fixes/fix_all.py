"""`source.fixAll`: every safe fix of a file at once (see `Fix.safe` for what is safe).

Fixes are applied in rounds: the safe fixes of the findings, each fitted to the text, those
that overlap an earlier one left for the next round; then the `---` documents the round
changed are checked again (alone, as the analysis checks each), since a fix may leave or
reveal another finding that a safe fix corrects. When a round finds none, the text is final,
so running it again on the result changes nothing. What goes back to the editor is edits of
the original text: those of the first round, or the changed lines when it took more than one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from difflib import SequenceMatcher

from ...findings import Edit, Finding
from ...kube.files.lists import split_manifests
from ...yaml.parse import line_starts, split_lines
from .quickfix import fitted

ROUNDS = 5
"""More rounds than any chain of safe fixes needs; a text that still changes after them is
left as the last round made it."""

_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
"""Each line with its break, on the breaks `split_lines` knows."""

Analyse = Callable[[str], list[Finding]]
"""One document's findings, as the file's own would be (same settings, same kind of file)."""


def fix_all(text: str, findings: list[Finding], analyse: Analyse) -> list[Edit]:
    """Non-overlapping edits of `text` that apply every safe fix (none when there is none);
    `findings` are the text's, `analyse` gives those of one of its documents."""
    first: list[Edit] = []
    rounds = 0
    current = text
    documents: set[str] | None = None
    for _ in range(ROUNDS):
        edits = _one_round(current, findings)
        if not edits:
            break
        if documents is None:
            documents = {chunk for _, chunk in split_manifests(text)}
        current, rounds = apply(current, edits), rounds + 1
        first = first or edits
        parts = split_manifests(current)
        findings = [finding.shifted(offset) for offset, chunk in parts if chunk not in documents
                    for finding in analyse(chunk)]
        documents = {chunk for _, chunk in parts}
        if not any(fix.safe for finding in findings for fix in finding.fixes):
            break
    if current == text:
        return []
    return first if rounds == 1 else _changed_lines(text, current)


def _one_round(text: str, findings: list[Finding]) -> list[Edit]:
    lines: list[str] | None = None
    chosen: list[Edit] = []
    for finding in findings:
        for fix in finding.fixes:
            if not fix.safe:
                continue
            lines = lines if lines is not None else split_lines(text)
            edits = fitted(fix, text, lines).edits
            # A value behind an anchor or a tag may be read elsewhere too (*alias): asked only.
            shared = any(e.start != f.start for e, f in zip(edits, fix.edits, strict=True) if f.start != f.end)
            if not shared and not any(_overlap(edit, other) for edit in edits for other in chosen):
                chosen += edits
            break  # one safe fix a finding
    return sorted(chosen, key=lambda e: (e.start, e.end))


def _overlap(a: Edit, b: Edit) -> bool:
    """The edits touch the same text, or insert at the same place (their order would matter)."""
    if a.start == a.end or b.start == b.end:
        return a.start <= b.end and b.start <= a.end
    return a.start < b.end and b.start < a.end


def apply(text: str, edits: list[Edit]) -> str:
    """The text with non-overlapping edits (code-point positions) applied, in one pass."""
    starts = line_starts(text)

    def offset(pos: tuple[int, int]) -> int:
        line, column = pos
        return len(text) if line >= len(starts) else min(starts[line] + column, len(text))

    pieces, done = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        start = offset(edit.start)
        pieces += [text[done:start], edit.text]
        done = offset(edit.end)
    pieces.append(text[done:])
    return "".join(pieces)


def _changed_lines(before: str, after: str) -> list[Edit]:
    """Edits that replace the lines that differ, whole, breaks included."""
    old, new = _LINES.findall(before), _LINES.findall(after)
    edits = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            edits.append(Edit(_line_start(old, i1), _line_start(old, i2), "".join(new[j1:j2])))
    return edits


def _line_start(lines: list[str], index: int) -> tuple[int, int]:
    """Where line `index` starts; past the last line, the end of a text without a final break."""
    if index < len(lines) or not lines or lines[-1].endswith(("\n", "\r")):
        return index, 0
    return len(lines) - 1, len(lines[-1].rstrip("\r\n"))
