"""Completion: field names valid at the cursor's place, and values for the field being set.

The place comes from indentation (`textpath`), so completion works in half-typed YAML;
what can go there comes from the schema. Names that refer to other parts of the pod spec
(volumes in volumeMounts, named ports in probes) come from the parsed document.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..kube.docs import field_markdown, type_label, value_markdown
from ..kube.locate import PodSpecRef, document_at, find_pod_specs, scalar_text
from ..kube.schema import Place, Schema, Version
from ..yaml.nodes import Mapping, Sequence, YamlDocument
from ..yaml.parse import parse_document, split_lines
from ..yaml.textpath import Cursor, cursor_at
from .flowpath import flow_cursor


@dataclass(frozen=True, slots=True)
class Completion:
    label: str
    kind: str
    """`field`, `value` or `reference`."""
    detail: str
    documentation: str
    insert_text: str
    replace_start: int
    """Column where the text to replace (the typed part) starts; it ends at the cursor."""


_COLLECTION_TYPES = ("object", "array")
_REPAIR_ATTEMPTS = 4


def complete(lines: list[str], line: int, column: int, documents: list[YamlDocument],
             schema: Schema, version: Version | None = None) -> list[Completion]:
    """Completions at (line, column); fields newer than `version` are left out."""
    document = document_at(documents, line)
    cursor = flow_cursor(lines, line, column, document) if document is not None else None
    if cursor is None:
        cursor = cursor_at(lines, line, column)
    if cursor is None or cursor.kind is None or schema.root(cursor.kind) is None:
        return []
    if cursor.mode == "key":
        return _keys(cursor, schema, version or schema.latest)
    return _values(cursor, schema, lines, line, documents)


def _keys(cursor: Cursor, schema: Schema, version: Version) -> list[Completion]:
    place = schema.walk(cursor.kind or "", cursor.path)
    if place is None:
        return []
    out = []
    for name, prop in schema.properties(place).items():
        if name in cursor.siblings or name == "status":
            continue
        child = Place(prop, place.field.get("ref"), name)
        if not schema.allowed_in_list(child, cursor.list_name) or not schema.available(child, version):
            continue
        kind = schema.type_of(child)
        insert = f"{name}:" if kind in _COLLECTION_TYPES else f"{name}: "
        out.append(Completion(name, "field", type_label(schema, child),
                              field_markdown(schema, child, cursor.kind), insert, cursor.word_start))
    for key, doc in schema.known_map_keys(place).items():
        entry = schema.child(place, key)
        if key not in cursor.siblings and entry is not None:
            out.append(Completion(key, "field", type_label(schema, entry), doc, f"{key}: ",
                                  cursor.word_start))
    return out


def _values(cursor: Cursor, schema: Schema, lines: list[str], line: int,
            documents: list[YamlDocument]) -> list[Completion]:
    place = schema.walk(cursor.kind or "", cursor.path)
    if place is None:
        return []
    field = cursor.path[-1]
    parent = [step for step in cursor.path[:-1] if isinstance(step, str)]
    named_default = bool(schema.policy(place).get("default"))  # offered by name, not as ""
    out = [Completion(value or '""', "value", f"{place.name}", value_markdown(schema, place, value),
                      value or '""', cursor.word_start)
           for value in schema.allowed_values(place, cursor.kind) if value or not named_default]
    if schema.type_of(place) == "boolean":
        out += [Completion(v, "value", "boolean", "", v, cursor.word_start) for v in ("true", "false")]
    if field == "name" and parent[-1:] == ["volumeMounts"]:
        spec = _spec_at(lines, line, documents)
        if spec is not None:
            out += [Completion(name, "reference", "volume", f"Volume `{name}` of this pod spec.",
                               name, cursor.word_start) for name in _volume_names(spec)]
    if field == "port" and any(p.endswith("Probe") for p in parent):
        spec = _spec_at(lines, line, documents)
        container = _container_at(spec, line) if spec is not None else None
        if container is not None:
            out += [Completion(name, "reference", f"containerPort {number}",
                               f"Port `{name}` ({number}) of this container.", name, cursor.word_start)
                    for name, number in _named_ports(container)]
    return out


def _spec_at(lines: list[str], line: int, documents: list[YamlDocument]) -> PodSpecRef | None:
    """The pod spec around `line`.

    A broken document is read again without the line being typed and without the lines the
    parser stumbles on, a few times at most, so the rest of the spec still counts.
    """
    document = document_at(documents, line)
    if document is None:
        return None
    doc_lines = split_lines(document.text)
    blank = {line - document.line_offset}
    for _ in range(_REPAIR_ATTEMPTS):
        if document.root is not None:
            break
        if document.error is not None:
            blank.add(document.error.start[0])
        repaired = ["" if n in blank else text for n, text in enumerate(doc_lines)]
        document = parse_document("\n".join(repaired), document.line_offset)
    specs = find_pod_specs(document)
    return specs[0] if specs else None


def _volume_names(spec: PodSpecRef) -> list[str]:
    volumes = spec.spec.get("volumes")
    if not isinstance(volumes, Sequence):
        return []
    names = (scalar_text(v.get("name")) for v in volumes.items if isinstance(v, Mapping))
    return [n for n in names if n]


def _container_at(spec: PodSpecRef, line: int) -> Mapping | None:
    """The container the cursor is in (the cursor is known to be inside one): the last one
    starting above it. The line being typed may be missing from the parse, so ends don't count."""
    relative = line - spec.document.line_offset
    above = [c for _, c in spec.containers() if c.start[0] <= relative]
    return max(above, key=lambda c: c.start, default=None)


def _named_ports(container: Mapping) -> list[tuple[str, str]]:
    ports = container.get("ports")
    if not isinstance(ports, Sequence):
        return []
    out = []
    for port in ports.items:
        if isinstance(port, Mapping) and (name := scalar_text(port.get("name"))):
            out.append((name, scalar_text(port.get("containerPort")) or "?"))
    return out
