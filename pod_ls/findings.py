"""The plain result of a check: what is wrong, where, and how bad it is."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from .parse import Node, Pos, Scalar


class Severity(IntEnum):
    """Same numbers as LSP's DiagnosticSeverity, so the server maps them one to one."""

    ERROR = 1
    WARNING = 2
    INFO = 3
    HINT = 4


@dataclass(frozen=True, slots=True)
class Finding:
    """A finding with document-relative positions."""

    rule: str
    severity: Severity
    message: str
    start: Pos
    end: Pos
    data: dict = field(default_factory=dict, compare=False, hash=False)
    """Facts a quick fix needs (e.g. the suggested name)."""

    @classmethod
    def at(cls, node: Node, rule: str, severity: Severity, message: str, **data: object) -> Finding:
        return cls(rule, severity, message, node.start, _end_of(node), dict(data))

    def shifted(self, lines: int) -> Finding:
        return Finding(self.rule, self.severity, self.message,
                       (self.start[0] + lines, self.start[1]),
                       (self.end[0] + lines, self.end[1]), self.data)


def _end_of(node: Node) -> Pos:
    """Block collections end at the start of the next line; keep the range on real text."""
    if isinstance(node, Scalar) or node.end[1] > 0 or node.end[0] == node.start[0]:
        return node.end
    return node.start[0], node.start[1] + 1
