"""Making a Service headless, for a Pod's subdomain or a StatefulSet's serviceName that names
it: `clusterIP: None` written into that Service's spec, in the Service's own file.

The API server refuses to change a Service's clusterIP, so the title says to recreate it
(`kubectl replace --force`, or delete and apply). Nothing is offered where `None` would be
refused or is not the whole story: a type other than ClusterIP, `clusterIPs` set, a spec
written through merge keys, or a place the edit cannot be made without touching other text.
"""

from __future__ import annotations

from collections.abc import Callable

from ...findings import Edit, Finding, Fix
from ...kube.locate import document_kind, get_path, scalar_text
from ...yaml.nodes import Mapping, Scalar, YamlDocument
from .quickfix import QuickFix, fitted

SUBDOMAIN_RULE = "subdomain-headless-service"

ReadFile = Callable[[str, int], "tuple[str, list[str], YamlDocument | None] | None"]
"""(uri, file line) → the file's text, its lines and its parsed document holding that line."""


def headless_fixes(finding: Finding, read: ReadFile) -> list[QuickFix]:
    """For a finding that a Service is not headless, the edit that makes each one it names so."""
    if finding.rule != SUBDOMAIN_RULE or finding.data.get("case") != "not-headless":
        return []
    found = []
    for place in finding.related:
        if place.uri is None or (file := read(place.uri, place.start[0])) is None:
            continue
        text, lines, document = file
        edit = _clusterip_none(document, place.start, lines) if document is not None else None
        if edit is None:
            continue
        name = finding.data.get("service", "")
        fix = Fix(f"Make Service '{name}' headless (clusterIP: None); clusterIP cannot be changed: "
                  "recreate the Service", (edit,), preferred=False)
        found.append(QuickFix(finding, fitted(fix, text, lines), place.uri))
    return found


def _clusterip_none(document: YamlDocument, name_at: tuple[int, int], lines: list[str]) -> Edit | None:
    """The edit, in file positions, that makes the Service whose name is at `name_at` headless."""
    offset = document.line_offset
    root = _service_named_at(document.root, (name_at[0] - offset, name_at[1]))
    spec_pair = root.pair("spec") if root is not None else None
    if spec_pair is None or not isinstance(spec := spec_pair[1], Mapping):
        return None
    if scalar_text(spec.get("type")) not in (None, "ClusterIP") or spec.get("clusterIPs") is not None:
        return None
    if any(not (spec.start <= key.start and key.end <= spec.end) for key, _ in spec.items):
        return None  # merged in (<<) from elsewhere: the spec is not all written here
    current = spec.get("clusterIP")
    if current is not None:
        if not isinstance(current, Scalar) or current.start == current.end:
            return None
        return Edit(_file(current.start, offset), _file(current.end, offset), "None")
    if spec.flow:
        line, column = _file(spec.start, offset)
        brace = lines[line].find("{", column)
        if brace < 0:
            return None
        at = (line, brace + 1)
        return Edit(at, at, "clusterIP: None, " if spec.items else "clusterIP: None")
    return _new_first_line(spec_pair[0], spec, offset, lines)


def _service_named_at(root: object, name_at: tuple[int, int]) -> Mapping | None:
    """The Service (the document, or an item of its List) whose metadata.name starts there."""
    if not isinstance(root, Mapping):
        return None
    items = root.get("items")
    candidates = [root] + ([i for i in getattr(items, "items", []) if isinstance(i, Mapping)]
                           if document_kind(root) and document_kind(root).endswith("List") else [])
    for candidate in candidates:
        name = get_path(candidate, ("metadata", "name"))
        if document_kind(candidate) == "Service" and name is not None and name.start == name_at:
            return candidate
    return None


def _new_first_line(spec_key: object, spec: Mapping, offset: int, lines: list[str]) -> Edit | None:
    """`clusterIP: None` on a line of its own right under `spec:`, indented as its keys; comments
    between `spec:` and its first key stay with that key."""
    if not spec.items or not isinstance(spec_key, Scalar):
        return None
    first = spec.items[0][0]
    key_line, first_line = spec_key.start[0] + offset, first.start[0] + offset
    if first_line <= key_line or lines[first_line][:first.start[1]].strip():
        return None
    between = lines[key_line + 1:first_line]
    if any(line.strip() and not line.lstrip().startswith("#") for line in between):
        return None  # an anchor or tag on its own line: keep it next to the mapping it names
    at = (key_line + 1, 0)
    return Edit(at, at, f"{' ' * first.start[1]}clusterIP: None\n")


def _file(pos: tuple[int, int], offset: int) -> tuple[int, int]:
    return pos[0] + offset, pos[1]
