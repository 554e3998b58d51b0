"""Inlay hints: facts the text does not show, next to where they apply. Each pod spec's QoS class,
and what the API server will set for the fields left out (`imagePullPolicy: IfNotPresent
(default)`), at the end of the line of the object's key, or of its first line in a list."""

from __future__ import annotations

from dataclasses import dataclass

from ..kube.defaults import Default, Defaults, load_defaults
from ..kube.kustomize import has_directives
from ..kube.locate import document_kind, find_pod_specs, get_path
from ..kube.qos import qos_class
from ..kube.schema import Place, Schema, Version
from ..yaml.nodes import Mapping, Node, Pos, Scalar, Sequence, YamlDocument
from ..yaml.parse import split_lines


@dataclass(frozen=True, slots=True)
class HintPart:
    text: str
    tooltip: str


@dataclass(frozen=True, slots=True)
class InlayHint:
    position: Pos
    """File position the hint is shown at."""
    label: str
    tooltip: str
    parts: tuple[HintPart, ...] = ()
    """The label in pieces with their own tooltips (one per default), when it has pieces."""


def inlay_hints(documents: list[YamlDocument], schema: Schema, first_line: int = 0,
                last_line: int | None = None, version: Version | None = None,
                defaults: bool = True) -> list[InlayHint]:
    """The hints between the two file lines; `defaults` adds the API server's defaults, for
    `version` (default: the newest)."""
    last = last_line if last_line is not None else float("inf")
    hints: list[InlayHint] = []
    for document in documents:
        hints.extend(_qos_hints(document, schema, first_line, last))
        # A kustomize patch leaves out what its base sets: its absent fields are no defaults.
        if defaults and document.root is not None and not has_directives(document):
            _DefaultHints(document, load_defaults(), version or schema.latest, first_line, last, hints).run()
    return sorted(hints, key=lambda h: h.position)


def _qos_hints(document: YamlDocument, schema: Schema, first_line: int, last: float) -> list[InlayHint]:
    """The QoS class after the key of the document's pod spec."""
    hints = []
    for spec in find_pod_specs(document):
        parent = get_path(spec.root, spec.path[:-1]) if len(spec.path) > 1 else spec.root
        pair = parent.pair(spec.path[-1]) if isinstance(parent, Mapping) else None
        if pair is None:
            continue
        line = pair[0].start[0] + document.line_offset
        if first_line <= line <= last:
            qos = qos_class(spec)
            hints.append(InlayHint((line, pair[0].end[1] + 1), f"QoS: {qos}", schema.qos_classes[qos]))
    return hints


class _DefaultHints:
    """One walk of a document along the schema, into the objects that may have defaults only,
    and only where they overlap the requested lines."""

    def __init__(self, document: YamlDocument, defaults: Defaults, version: Version, first_line: int,
                 last: float, out: list[InlayHint]) -> None:
        self.document, self.defaults, self.version, self.out = document, defaults, version, out
        self.schema = defaults.schema
        offset = document.line_offset
        self.first, self.last = first_line - offset, last - offset
        """The requested lines, in the document's own numbering."""
        self.kind = document_kind(document.root)
        specs = find_pod_specs(document)
        self.pod_spec = specs[0].spec if specs else None
        self.lines: list[str] | None = None
        self.seen: set[tuple[Pos, str]] = set()
        """Hints already given: an aliased node is reached from each of its aliases."""

    def run(self) -> None:
        root = self.schema.root(self.kind) if self.kind else None
        if root is not None and isinstance(self.document.root, Mapping):
            self.visit(self.document.root, root, self.document.root.start[0])

    def visit(self, node: Node, place: Place, anchor: int) -> None:
        if isinstance(node, Sequence):
            items = self.schema.child(place, -1)
            if items is not None:
                for item in node.items:
                    if self.overlaps(item.start[0], item):
                        self.visit(item, items, item.start[0])
            return
        ref = place.field.get("ref")
        if not isinstance(node, Mapping) or not self.defaults.leads_to_hints(ref):
            return
        if self.first <= anchor <= self.last:
            found = [d for d in self.defaults.absent(ref, node, self.version, self.kind, self.pod_spec) if d.hint]
            if found:
                self.emit(anchor, found)
        for key, value in node.items:
            if isinstance(key, Scalar) and self.overlaps(key.start[0], value):
                child = self.schema.child(place, key.value)
                if child is not None:
                    self.visit(value, child, key.start[0])

    def overlaps(self, anchor: int, node: Node) -> bool:
        return anchor <= self.last and node.end[0] >= self.first

    def emit(self, anchor: int, found: list[Default]) -> None:
        if self.lines is None:
            self.lines = split_lines(self.document.text)
        if anchor >= len(self.lines):
            return
        position = (anchor + self.document.line_offset, len(self.lines[anchor].rstrip()))
        suffix = " (default)" if len(found) == 1 else " (defaults)"
        parts = tuple(
            HintPart(f"{d.field}: {d.shown}" + (suffix if number == len(found) else ", "), _tooltip(d))
            for number, d in enumerate(found, 1))
        label = "".join(part.text for part in parts)
        if (position, label) in self.seen:
            return
        self.seen.add((position, label))
        self.out.append(InlayHint(position, label, "What the API server sets for the fields left out.", parts))


def _tooltip(default: Default) -> str:
    reason = default.reason.rstrip(".")
    why = f"\n\n{reason[:1].upper()}{reason[1:]}." if reason else ""
    return f"`{default.field}` is left out, so the API server sets `{default.shown}`.{why}\n\nSet by {default.source}."
