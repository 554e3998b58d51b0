"""Inlay hints: facts the text does not show, next to where they apply."""

from __future__ import annotations

from dataclasses import dataclass

from ..kube.locate import find_pod_specs, get_path
from ..kube.qos import qos_class
from ..kube.schema import Schema
from ..yaml.nodes import Mapping, Pos, YamlDocument


@dataclass(frozen=True, slots=True)
class InlayHint:
    position: Pos
    """File position the hint is shown at."""
    label: str
    tooltip: str


def inlay_hints(documents: list[YamlDocument], schema: Schema, first_line: int = 0,
                last_line: int | None = None) -> list[InlayHint]:
    """The QoS class after the key of every pod spec between the two file lines."""
    hints = []
    for document in documents:
        for spec in find_pod_specs(document):
            parent = get_path(spec.root, spec.path[:-1]) if len(spec.path) > 1 else spec.root
            pair = parent.pair(spec.path[-1]) if isinstance(parent, Mapping) else None
            if pair is None:
                continue
            line = pair[0].start[0] + document.line_offset
            if line < first_line or (last_line is not None and line > last_line):
                continue
            qos = qos_class(spec)
            hints.append(InlayHint((line, pair[0].end[1] + 1), f"QoS: {qos}", schema.qos_classes[qos]))
    return hints
