"""Hover: the docs of the field or policy value under the cursor."""

from __future__ import annotations

from dataclasses import dataclass

from ..kube.docs import field_markdown, value_markdown
from ..kube.locate import document_at, document_kind, node_at, pod_spec_at
from ..kube.qos import qos_class
from ..kube.quantity import quantity_reading
from ..kube.schema import Place, Schema
from ..yaml.nodes import Pos, Scalar, YamlDocument
from ..yaml.textpath import key_path_at
from .completion.repair import closed_flow
from .schedule_reading import schedule_reading

_CRON_JOB_SPEC = "io.k8s.api.batch.v1.CronJobSpec"


@dataclass(frozen=True, slots=True)
class HoverText:
    markdown: str
    start: Pos
    end: Pos
    """File positions of the word the hover is about."""


def hover(lines: list[str], line: int, column: int, documents: list[YamlDocument],
          schema: Schema) -> HoverText | None:
    document = document_at(documents, line)
    if document is None:
        return None
    if document.root is None:  # flow YAML typed without its closing brackets, closed after this line
        document = closed_flow(document, line, len(lines[line])) or document
    if document.root is None:  # other broken YAML: read the place from indentation
        found = key_path_at(lines, line, column)
        if found is None:
            return None
        path, kind, start, end = found
        on_value = start > 0 and lines[line][:start].rstrip().endswith(":")
        value = lines[line][start:end].strip("\"'") if on_value else None
        return _describe(schema, kind, path, value, (line, start), (line, end))
    at = node_at(document.root, (line - document.line_offset, column))
    if at is None or not isinstance(at.node, Scalar):
        return None
    offset = document.line_offset
    start = (at.node.start[0] + offset, at.node.start[1])
    end = (at.node.end[0] + offset, at.node.end[1])
    value = None if at.is_key else at.node.value
    found = _describe(schema, document_kind(document.root), at.path, value, start, end)
    spec = pod_spec_at(document, at.path)
    if found is not None and spec is not None and at.is_key and at.path[-1] == "resources":
        qos = qos_class(spec)
        found = HoverText(f"{found.markdown}\n\nThis Pod's QoS class: **{qos}**.", start, end)
    return found


def _describe(schema: Schema, kind: str | None, path: list, value: str | None,
              start: Pos, end: Pos) -> HoverText | None:
    if kind is None or not path:
        return None
    place = schema.walk(kind, path)
    if place is None or (place.name is None and place.map_key is None):
        return None
    if value is not None and value in schema.allowed_values(place):
        return HoverText(value_markdown(schema, place, value), start, end)
    found = HoverText(field_markdown(schema, place, kind), start, end)
    if value is not None and place.name == "schedule" and place.owner == _CRON_JOB_SPEC:
        reading = schedule_reading(value)
        return HoverText(f"{reading}\n\n{found.markdown}", start, end) if reading else found
    return with_quantity_reading(schema, place, value, found)


def with_quantity_reading(schema: Schema, place: Place, value: str | None, found: HoverText) -> HoverText:
    """A quantity's value read out, first: `0.5` cpu is `500m`, `1Gi` is 1073741824 bytes."""
    if value is None or schema.type_of(place) != "quantity":
        return found
    reading = quantity_reading(value, place.map_key or place.name or "")
    return HoverText(f"{reading}\n\n{found.markdown}", found.start, found.end) if reading else found
