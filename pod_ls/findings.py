"""The plain result of a check: what is wrong, where, and how bad it is."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import IntEnum

from .yaml.nodes import Node, Pos, Scalar
from .yaml.scalars import string_scalar


class Severity(IntEnum):
    """Same numbers as LSP's DiagnosticSeverity, so the server maps them one to one."""

    ERROR = 1
    WARNING = 2
    INFO = 3
    HINT = 4


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text from `start` to `end` with `text`."""

    start: Pos
    end: Pos
    text: str

    def shifted(self, lines: int) -> Edit:
        return Edit((self.start[0] + lines, self.start[1]), (self.end[0] + lines, self.end[1]), self.text)


@dataclass(frozen=True, slots=True)
class Fix:
    """A quick fix: a title for the menu and the edits that make it."""

    title: str
    edits: tuple[Edit, ...]
    preferred: bool = True
    safe: bool = False
    """The one obvious correction, which `source.fixAll` applies unasked: the only value the
    API server takes (`successThreshold: 1`), the same data written as it is read (quotes,
    octal), never a guess among several (a did-you-mean, a new name, a policy to choose)."""

    def shifted(self, lines: int) -> Fix:
        return Fix(self.title, tuple(e.shifted(lines) for e in self.edits), self.preferred, self.safe)

    @classmethod
    def replace(cls, node: Node, text: str, title: str, preferred: bool = True, safe: bool = False) -> Fix:
        """Write `text` in place of the node (its anchor and tag stay: see `quickfix.fitted`)."""
        return cls(title, (Edit(node.start, node.end, text),), preferred, safe)

    @classmethod
    def replace_string(cls, node: Node, value: str, title: str, preferred: bool = True, safe: bool = False) -> Fix:
        """Write the string `value` in place of the node, in the node's quotes if it has any,
        and quoted wherever YAML would read it plain as something else."""
        style = node.style if isinstance(node, Scalar) and node.quoted else None
        return cls.replace(node, string_scalar(value, style), title, preferred, safe)


@dataclass(frozen=True, slots=True)
class Related:
    """Another place a finding involves (the first of two duplicates, the Service a subdomain
    names): `uri` None means the finding's own document, with document-relative positions
    like the finding's; otherwise file positions in that file."""

    message: str
    start: Pos
    end: Pos
    uri: str | None = None

    @classmethod
    def at(cls, node: Node, message: str) -> Related:
        return cls(message, node.start, _end_of(node))

    def shifted(self, lines: int) -> Related:
        if self.uri is not None:
            return self
        return Related(self.message, (self.start[0] + lines, self.start[1]), (self.end[0] + lines, self.end[1]))


@dataclass(frozen=True, slots=True)
class Finding:
    """A finding with document-relative positions."""

    rule: str
    severity: Severity
    message: str
    start: Pos
    end: Pos
    data: dict = field(default_factory=dict, compare=False, hash=False)
    """Facts about the finding (e.g. the suggested name), for tests and tools."""
    fixes: tuple[Fix, ...] = field(default=(), compare=False, hash=False)
    related: tuple[Related, ...] = field(default=(), compare=False, hash=False)
    deprecated: bool = field(default=False, compare=False, hash=False)
    """About a field or value that Kubernetes deprecates (editors strike it through)."""

    @classmethod
    def at(cls, node: Node, rule: str, severity: Severity, message: str,
           fixes: tuple[Fix, ...] = (), related: tuple[Related, ...] = (), deprecated: bool = False,
           **data: object) -> Finding:
        return cls(rule, severity, message, node.start, _end_of(node), dict(data), fixes, related, deprecated)

    def shifted(self, lines: int) -> Finding:
        if not lines:
            return self
        # Built directly, not with dataclasses.replace: a big file's edit shifts every finding
        # after it, and replace took a fifth of the edit's time.
        return Finding(self.rule, self.severity, self.message, (self.start[0] + lines, self.start[1]),
                       (self.end[0] + lines, self.end[1]), self.data, tuple(f.shifted(lines) for f in self.fixes),
                       tuple(r.shifted(lines) for r in self.related), self.deprecated)

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)


def _end_of(node: Node) -> Pos:
    """Block collections end at the start of the next line; keep the range on real text."""
    if isinstance(node, Scalar) or node.end[1] > 0 or node.end[0] == node.start[0]:
        return node.end
    return node.start[0], node.start[1] + 1
