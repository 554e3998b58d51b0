"""Completion where a document starts: the fields every object has, whole-resource skeletons,
and the `kind` and `apiVersion` values that the chosen Kubernetes version serves together."""

from __future__ import annotations

import re
from functools import lru_cache

from ...kube.docs import field_markdown, type_label
from ...kube.locate import document_at, scalar_text
from ...kube.schema import Place, Schema, Version
from ...yaml.nodes import Mapping, YamlDocument
from ...yaml.textpath import Cursor, document_bounds
from .skeletons import field_insert, person_writes, resource_skeletons
from .snippets import Completion, Inserter

_CONTENT = re.compile(r"^[ \t]*[^\s#]")


def document_keys(cursor: Cursor, schema: Schema, version: Version, inserter: Inserter,
                  flow: bool) -> list[Completion]:
    """Top-level fields of a document with no kind yet: those every skeleton's kind has."""
    roots = [place for skeleton in resource_skeletons(schema, version)
             if (place := schema.root(skeleton.kind)) is not None]
    if cursor.kind is not None or not roots:
        return []
    shared = [name for name in schema.properties(roots[0])
              if all(name in schema.properties(root) for root in roots[1:])]
    out = []
    for name in shared:
        if name in cursor.siblings or not person_writes(name, schema.properties(roots[0])[name]):
            continue
        places = [Place(schema.properties(root)[name], root.field["ref"], name) for root in roots]
        same = len({schema.description(p) for p in places}) == 1
        insert, snippet = field_insert(schema, roots[0].field["ref"], name, None, version, inserter,
                                       cursor.word_start, flow)
        out.append(Completion(name, "field", type_label(schema, places[0]),
                              field_markdown(schema, places[0]) if same else "", insert, cursor.word_start,
                              snippet=snippet, relative_indent=inserter.snippets))
    return out


def skeleton_items(cursor: Cursor, lines: list[str], line: int, schema: Schema, version: Version,
                   inserter: Inserter) -> list[Completion]:
    """Whole resources: in a document with no field yet, or as a new `---` document on a
    top-level line that nothing of its document follows."""
    if cursor.path or cursor.word_start != 0:
        return []
    new_document = bool(cursor.siblings)
    if new_document:
        _, end = document_bounds(lines, line)
        if any(_CONTENT.match(lines[n]) for n in range(line + 1, end + 1)):
            return []
    return list(_skeletons(schema, version, inserter, new_document))


@lru_cache(maxsize=32)
def _skeletons(schema: Schema, version: Version, inserter: Inserter, new_document: bool) -> tuple[Completion, ...]:
    """The skeleton items, at column 0: rendered once per layout rather than on every request."""
    out = []
    for skeleton in resource_skeletons(schema, version):
        kinds = " and ".join(str(d["kind"]) for d in skeleton.documents)
        detail = f"{skeleton.api_version} {kinds}" + (" (new document)" if new_document else "")
        root = schema.root(skeleton.kind)
        doc = schema.description(root) if root is not None else ""
        out.append(Completion(skeleton.kind, "snippet", detail, doc,
                              inserter.documents(skeleton.documents, new_document), 0,
                              snippet=inserter.snippets, relative_indent=inserter.snippets))
    return tuple(out)


def kind_values(cursor: Cursor, lines: list[str], line: int, documents: list[YamlDocument],
                schema: Schema, version: Version) -> list[Completion]:
    """The kinds that the document's apiVersion serves (every apiVersion when it has none)."""
    api_version = _top_value(lines, line, documents, "apiVersion")
    if api_version is not None and api_version not in schema.served:
        return []
    apis = [api_version] if api_version is not None else list(schema.served)
    found: dict[str, list[str]] = {}
    for api in apis:
        for kind in _written_kinds(schema, api, version):
            found.setdefault(kind, []).append(api)
    out = []
    for kind, serving in found.items():
        root = schema.root(kind)
        doc = schema.description(root) if root is not None else ""
        out.append(Completion(kind, "value", ", ".join(serving), doc, kind, cursor.word_start,
                              sort_text=("0" if root is not None else "1") + kind))
    return out


def api_version_values(cursor: Cursor, lines: list[str], line: int, documents: list[YamlDocument],
                       schema: Schema, version: Version) -> list[Completion]:
    """The apiVersions that serve the document's kind (all that serve some kind when it has none)."""
    kind = _top_value(lines, line, documents, "kind")
    out = []
    for api in schema.served:
        kinds = _written_kinds(schema, api, version)
        if (kind is None and kinds) or kind in kinds:
            checked = any(k in schema.kinds for k in kinds)
            out.append(Completion(api, "value", kind or f"{len(kinds)} kinds", "Serves " + ", ".join(kinds),
                                  api, cursor.word_start, sort_text=("0" if checked else "1") + api))
    return out


def _written_kinds(schema: Schema, api_version: str, version: Version) -> list[str]:
    """Kinds of objects a person writes under `api_version`: not the lists, nor the kinds that
    every API group serves alike (DeleteOptions, WatchEvent)."""
    everywhere = _served_everywhere(schema)
    return [kind for kind in schema.served.get(api_version, {})
            if not kind.endswith("List") and kind not in everywhere
            and schema.serves(api_version, kind, version)]


@lru_cache(maxsize=2)
def _served_everywhere(schema: Schema) -> frozenset[str]:
    return frozenset.intersection(*(frozenset(kinds) for kinds in schema.served.values()))


def _top_value(lines: list[str], line: int, documents: list[YamlDocument], key: str) -> str | None:
    """The document's top-level `key`: from the parse, else from its lines while it is broken."""
    document = document_at(documents, line)
    if document is not None and isinstance(document.root, Mapping):
        return scalar_text(document.root.get(key))
    start, end = document_bounds(lines, line)
    pattern = re.compile(rf"^{key}:[ \t]*[\"']?([^\"'\s#]+)")
    for number in range(start, end + 1):
        if number != line and (match := pattern.match(lines[number])):
            return match.group(1)
    return None
