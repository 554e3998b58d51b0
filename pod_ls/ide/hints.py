"""Inlay hints: facts the text does not show, next to where they apply. Each pod spec's QoS class,
and what the API server will set for the fields left out (`imagePullPolicy: IfNotPresent
(default)`), at the end of the line of the object's key, or of its first line in a list."""

from __future__ import annotations

from dataclasses import dataclass

from ..kube.defaults import Default, Defaults, load_defaults
from ..kube.files.kustomize import has_directives
from ..kube.locate import document_kind, find_pod_specs, get_path
from ..kube.qos import qos_class
from ..kube.schema import Place, Schema, Version
from ..yaml.nodes import Mapping, Node, Pos, Scalar, Sequence, YamlDocument
from ..yaml.parse import split_lines


@dataclass(frozen=True, slots=True)
class InlayHint:
    position: Pos
    """File position the hint is shown at."""
    label: str
    tooltip: str
    """Markdown."""


class HintCache:
    """The hints of each parsed document, kept while its nodes are the same (an edit re-parses only
    the document it touches, and lines inserted above only move it), in the document's own lines."""

    LIMIT = 5000
    """Documents kept: past that the cache starts again (the replaced parses go with it)."""

    def __init__(self) -> None:
        self._by_root: dict[int, tuple[Node, tuple, list[InlayHint]]] = {}
        """id of a document's root → the root (so the id stays its own), the options, the hints."""

    def hints(self, document: YamlDocument, schema: Schema, options: tuple) -> list[InlayHint]:
        root = document.root
        if root is None:
            return _document_hints(document, schema, options, 0, float("inf"))
        cached = self._by_root.get(id(root))
        if cached is None or cached[0] is not root or cached[1] != options:
            if len(self._by_root) >= self.LIMIT:
                self._by_root.clear()
            cached = self._by_root[id(root)] = (root, options, _document_hints(document, schema, options, 0,
                                                                                float("inf")))
        return cached[2]


def inlay_hints(documents: list[YamlDocument], schema: Schema, first_line: int = 0,
                last_line: int | None = None, version: Version | None = None,
                defaults: bool = True, cache: HintCache | None = None) -> list[InlayHint]:
    """The hints between the two file lines; `defaults` adds the API server's defaults, for
    `version` (default: the newest). With a cache, each document's hints are worked out once."""
    last = last_line if last_line is not None else float("inf")
    options = (version or schema.latest, defaults)
    hints: list[InlayHint] = []
    for document in documents:
        offset = document.line_offset
        if cache is not None:
            own = cache.hints(document, schema, options)
        else:
            own = _document_hints(document, schema, options, first_line - offset, last - offset)
        for hint in own:
            line = hint.position[0] + offset
            if first_line <= line <= last:
                hints.append(InlayHint((line, hint.position[1]), hint.label, hint.tooltip) if offset else hint)
    return sorted(hints, key=lambda h: h.position)


def _document_hints(document: YamlDocument, schema: Schema, options: tuple, first: float,
                    last: float) -> list[InlayHint]:
    """A document's hints between two of its own lines, at positions in its own lines."""
    version, defaults = options
    hints = _qos_hints(document, schema, first, last)
    # A kustomize patch leaves out what its base sets: its absent fields are no defaults.
    if defaults and document.root is not None and not has_directives(document):
        _DefaultHints(document, load_defaults(), version, first, last, hints).run()
    return hints


def _qos_hints(document: YamlDocument, schema: Schema, first: float, last: float) -> list[InlayHint]:
    """The QoS class after the key of the document's pod spec."""
    hints = []
    for spec in find_pod_specs(document):
        parent = get_path(spec.root, spec.path[:-1]) if len(spec.path) > 1 else spec.root
        pair = parent.pair(spec.path[-1]) if isinstance(parent, Mapping) else None
        if pair is None:
            continue
        line = pair[0].start[0]
        if first <= line <= last:
            qos = qos_class(spec)
            hints.append(InlayHint((line, pair[0].end[1] + 1), f"QoS: {qos}", schema.qos_classes[qos]))
    return hints


class _DefaultHints:
    """One walk of a document along the schema, into the objects that may have defaults only,
    and only where they overlap the requested lines."""

    def __init__(self, document: YamlDocument, defaults: Defaults, version: Version, first: float,
                 last: float, out: list[InlayHint]) -> None:
        self.document, self.defaults, self.version, self.out = document, defaults, version, out
        self.schema = defaults.schema
        self.first, self.last = first, last
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
        child = self.schema.child
        if isinstance(node, Sequence):
            items = child(place, -1)
            if items is not None:
                for item in node.items:
                    if item.start[0] <= self.last and item.end[0] >= self.first:
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
            line = key.start[0]
            if line <= self.last and value.end[0] >= self.first and isinstance(key, Scalar):
                below = child(place, key.value)
                if below is not None:
                    self.visit(value, below, line)

    def emit(self, anchor: int, found: list[Default]) -> None:
        if self.lines is None:
            self.lines = split_lines(self.document.text)
        if anchor >= len(self.lines):
            return
        position = (anchor, len(self.lines[anchor].rstrip()))
        suffix = " (default)" if len(found) == 1 else " (defaults)"
        label = ", ".join(f"{d.field}: {d.shown}" for d in found) + suffix
        if (position, label) in self.seen:
            return
        self.seen.add((position, label))
        self.out.append(InlayHint(position, label, _tooltip(found)))


def _tooltip(found: list[Default]) -> str:
    """Which Kubernetes code sets each default, and why that value where it depends on the object."""
    lines = [f"- `{d.field}: {d.shown}`" + (f": {d.reason.rstrip('.')}" if d.reason else "") + f" ({d.source})"
             for d in found]
    return "\n".join(["What the API server sets for the fields left out:", "", *lines])
