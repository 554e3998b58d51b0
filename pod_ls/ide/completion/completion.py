"""Completion: field names valid at the cursor's place, and values for the field being set.

The place comes from indentation (`textpath`), so completion works in half-typed YAML;
what can go there comes from the schema. A field that holds an object or a list comes with a
minimal body (`skeletons`), and so does a new list entry; a document's top level offers the
fields every object has and whole resources (`toplevel`). Names that refer to other parts of
the pod spec (volumes in volumeMounts, named ports in probes) come from the parsed document.
"""

from __future__ import annotations

from ...kube.docs import field_markdown, type_label, value_markdown
from ...kube.locate import PodSpecRef, document_at, find_pod_specs, scalar_text
from ...kube.schema import Place, Schema, Version
from ...yaml.nodes import Mapping, Sequence, YamlDocument
from ...yaml.textpath import Cursor, cursor_at, document_bounds
from .flowpath import flow_cursor
from .name_completion import WorkspaceNames, name_completions
from .repair import closed_flow, document_around
from .skeletons import entry_body, field_insert, person_writes
from .snippets import Completion, Inserter, layout_of
from .toplevel import api_version_values, document_keys, kind_values, skeleton_items

__all__ = ["Completion", "WorkspaceNames", "complete"]

_FROM_TEMPLATE = {
    "io.k8s.api.core.v1.PodTemplateSpec": {"labels", "annotations", "finalizers"},
    "io.k8s.api.batch.v1.JobTemplateSpec": {"labels", "annotations"},
}
"""The metadata a controller copies from its template (GetPodFromTemplate, the CronJob
controller's getJobFromTemplate2); it names the objects itself."""


def complete(lines: list[str], line: int, column: int, documents: list[YamlDocument],
             schema: Schema, version: Version | None = None, snippets: bool = False,
             workspace: WorkspaceNames | None = None) -> list[Completion]:
    """Completions at (line, column); fields newer than `version` are left out. With
    `snippets`, bodies carry tab stops and are indented for the client to adjust. With the
    `workspace`, the names of its objects and labels where a field names one."""
    version = version or schema.latest
    document = document_at(documents, line)
    if document is not None and document.root is None:
        document = closed_flow(document, line, column) or document
    cursor = flow_cursor(lines, line, column, document) if document is not None else None
    flow = cursor is not None
    if cursor is None:
        cursor = cursor_at(lines, line, column)
    if cursor is None:
        return []
    if cursor.mode == "value" and cursor.path == ["kind"]:
        return kind_values(cursor, lines, line, documents, schema, version)
    if cursor.mode == "value" and cursor.path == ["apiVersion"]:
        return api_version_values(cursor, lines, line, documents, schema, version)
    known = cursor.kind is not None and schema.root(cursor.kind) is not None
    if cursor.mode == "value":
        return ((_values(cursor, schema, lines, line, documents) if known else [])
                + name_completions(cursor, line, documents, schema, workspace))
    inserter = _inserter(lines, line, snippets)
    if not cursor.path:
        keys = (_keys(cursor, schema, version, inserter, flow, lines, line) if known
                else document_keys(cursor, schema, version, inserter, flow))
        return keys + ([] if flow else skeleton_items(cursor, lines, line, schema, version, inserter))
    return ((_keys(cursor, schema, version, inserter, flow, lines, line) if known else [])
            + name_completions(cursor, line, documents, schema, workspace))


def _inserter(lines: list[str], line: int, snippets: bool) -> Inserter:
    first, last = document_bounds(lines, line)
    text = lines[line]
    return Inserter(snippets, layout_of(lines, first, last), len(text) - len(text.lstrip(" ")) if snippets else 0)


def _keys(cursor: Cursor, schema: Schema, version: Version, inserter: Inserter, flow: bool,
          lines: list[str], line: int) -> list[Completion]:
    place = schema.walk(cursor.kind or "", cursor.path)
    if place is None:
        return []
    only = _FROM_TEMPLATE.get(place.owner or "") if place.name == "metadata" else None
    out = []
    for name, prop in schema.properties(place).items():
        if name in cursor.siblings or not person_writes(name, prop) or (only is not None and name not in only):
            continue
        child = Place(prop, place.field.get("ref"), name)
        if not schema.allowed_in_list(child, cursor.list_name, version) or not schema.available(child, version):
            continue
        insert, snippet = field_insert(schema, child.owner or "", name, cursor.kind, version, inserter,
                                        cursor.word_start, flow)
        out.append(Completion(name, "field", type_label(schema, child),
                              field_markdown(schema, child, cursor.kind), insert, cursor.word_start,
                              snippet=snippet, relative_indent=inserter.snippets))
    for key, doc in schema.known_map_keys(place).items():
        entry = schema.child(place, key)
        if key not in cursor.siblings and entry is not None:
            out.append(Completion(key, "field", type_label(schema, entry), doc, f"{key}: ",
                                  cursor.word_start))
    if not flow and cursor.path and cursor.path[-1] == -1 and not cursor.siblings:
        out += _new_entry(cursor, schema, version, inserter, lines[line])
    return out


def _new_entry(cursor: Cursor, schema: Schema, version: Version, inserter: Inserter,
               text: str) -> list[Completion]:
    """The minimal body of an entry, on the line of a new `- ` in a list of objects."""
    if not text[:cursor.word_start].rstrip().endswith("-"):
        return []
    list_place = schema.walk(cursor.kind or "", cursor.path[:-1])
    body = entry_body(schema, list_place, version, inserter.snippets) if list_place is not None else None
    item = schema.child(list_place, -1) if list_place is not None else None
    if not isinstance(body, dict) or not body or item is None:
        return []
    label = f"{type_label(schema, item)}: {', '.join(body)}"
    return [Completion(label, "snippet", f"a new entry of {list_place.name}", schema.description(item),
                       inserter.entry(body, cursor.word_start), cursor.word_start,
                       snippet=inserter.snippets, relative_indent=inserter.snippets,
                       filter_text=next(iter(body)), sort_text="0")]


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
    """The pod spec around `line`, while the line being typed breaks its document too."""
    document = document_around(documents, line)
    specs = find_pod_specs(document) if document is not None else []
    if len(specs) > 1:  # the items of a List: the one the line is in
        relative = line - document.line_offset
        return next((spec for spec in specs if spec.root.start[0] <= relative <= spec.root.end[0]), None)
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
