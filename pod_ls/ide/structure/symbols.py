"""Document symbols: an outline of each `---` document in Kubernetes terms.

A manifest reads as `Kind/name` › containers (with their image) › probes, ports, env and
volume mounts, and the pod spec's volumes; a Service shows its ports, a ConfigMap or Secret its
keys. Which container fields are probes and which lists hold named items comes from the
schema. A document that is no Kubernetes object (a kustomization, a Helm template, a syntax
error) gets its top-level keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...kube.locate import CONTAINER_LISTS, POD_SPEC_PATHS
from ...kube.schema import Place, Schema
from ...yaml.nodes import Mapping, Node, Pos, Scalar, Sequence, YamlDocument
from .doctree import fields as pairs_of
from .doctree import item_start, own_items, own_pairs, pair_end, tree

Fields = dict[str, tuple[Node, Node]]

_DATA_KEYS = {"ConfigMap": ("data", "binaryData"), "Secret": ("data", "stringData")}
"""Where ConfigMaps and Secrets keep their keys (neither kind is in the bundled schema)."""
_ITEM_KINDS = {"ports": "port", "env": "env", "volumeMounts": "mount", "volumeDevices": "mount",
               "volumes": "volume"}
_ROLES = {"initContainers": "init", "ephemeralContainers": "ephemeral"}
_PROBE_ACTIONS = ("httpGet", "tcpSocket", "grpc", "exec")
_REFERENCES = ("name", "secretName", "claimName")
"""The field that names the object a volume source reads."""
_OBJECT_KEYS = frozenset({"apiVersion", "kind", "metadata"})
_SCALAR_KINDS = {"int": "number", "float": "number", "bool": "boolean", "null": "null"}
_DETAIL_LENGTH = 60


@dataclass(slots=True)
class Symbol:
    name: str
    kind: str
    """object, container, list, probe, port, env, mount, volume, key, or for other keys the
    kind of their value: mapping, sequence, string, number, boolean, null."""
    detail: str | None
    start: Pos
    end: Pos
    """File positions of the whole item."""
    name_start: Pos
    name_end: Pos
    """File positions of its name (inside start..end)."""
    children: list[Symbol] = field(default_factory=list)


def document_symbols(lines: list[str], documents: list[YamlDocument], schema: Schema) -> list[Symbol]:
    """The outline of every document, in file order."""
    return [symbol for symbols in symbols_of_each(lines, documents, schema) for symbol in symbols]


def symbols_of_each(lines: list[str], documents: list[YamlDocument], schema: Schema) -> list[list[Symbol]]:
    """The outline of each document, one list a document."""
    outline = _Outline(lines, schema)
    found = []
    for document in documents:
        root, outline.plain = tree(document)
        outline.offset = document.line_offset
        found.append(outline.document(root) if root is not None else [])
    return found


class _Outline:
    """Symbols of one document after another; positions in the current one are shifted by
    `offset` to file lines."""

    def __init__(self, lines: list[str], schema: Schema) -> None:
        self.lines, self.schema = lines, schema
        self.offset = 0
        self.plain = False
        self._roles: dict[str | None, dict[str, str]] = {}
        """For each container definition, the fields that are probes or lists of named items."""
        volume = schema.walk("Pod", ("spec", "volumes", -1))
        self._volume_sources = schema.properties(volume) if volume is not None else {}
        """The fields of a volume: its name and every kind of source."""

    def document(self, root: Node) -> list[Symbol]:
        fields = pairs_of(root)
        kind = _text(_get(fields, "kind"))
        if kind is None or not isinstance(root, Mapping):
            return self.keys(root)
        return [self.object(root, fields, kind, ((0, 0), root.end))]

    def object(self, root: Mapping, fields: Fields, kind: str, span: tuple[Pos, Pos]) -> Symbol:
        metadata = pairs_of(_get(fields, "metadata"))
        name_node = _get(metadata, "name")
        name = _text(name_node)
        label = name_node if isinstance(name_node, Scalar) else self.label(fields, "kind")
        symbol = self.symbol(f"{kind}/{name}" if name else kind, "object", _text(_get(metadata, "namespace")),
                             span, label)
        if kind in POD_SPEC_PATHS:
            symbol.children = self.workload(root, fields, kind)
        elif kind == "Service":
            spec = _get(fields, "spec")
            if isinstance(spec, Mapping):
                symbol.children = self.lists(spec, pairs_of(spec), ("ports",), {"ports": "list"})
        elif kind in _DATA_KEYS:
            symbol.children = self.data(root, fields, _DATA_KEYS[kind], secret=kind == "Secret")
        elif kind.endswith("List") and "items" in fields:
            items = self.written(root, *fields["items"])
            for item in own_items(items, self.plain) if isinstance(items, Sequence) else ():
                if isinstance(item, Mapping):
                    item_fields = pairs_of(item)
                    item_kind = _text(_get(item_fields, "kind")) or "object"
                    symbol.children.append(self.object(item, item_fields, item_kind, self.item(item)))
        else:
            symbol.children = [s for s in self.keys(root) if s.name not in _OBJECT_KEYS]
        return symbol

    def workload(self, root: Mapping, fields: Fields, kind: str) -> list[Symbol]:
        """The pod spec's containers and volumes, if the spec is written in this object (not an
        alias: its containers would be somewhere else)."""
        path = POD_SPEC_PATHS[kind]
        spec: Node | None | bool = root
        for step in path:
            if not isinstance(spec, Mapping) or step not in fields:
                return []
            spec = self.written(spec, *fields[step])
            fields = pairs_of(spec)
        if not isinstance(spec, Mapping):
            return []
        place = self.schema.walk(kind, path)
        children = []
        for name, (key, value) in pairs_of(spec).items():
            value = self.written(spec, key, value)
            if name in CONTAINER_LISTS and isinstance(value, Sequence):
                roles = self.roles(self.schema.child(place, name) if place else None)
                children += [self.container(item, name, index, roles)
                             for index, item in enumerate(own_items(value, self.plain)) if isinstance(item, Mapping)]
            elif name == "volumes" and isinstance(value, Sequence):
                children += self.lists(spec, {name: (key, value)}, (name,), {name: "list"})
        return children

    def roles(self, container_list: Place | None) -> dict[str, str]:
        """`probe` or `list` for each field of the container that the outline shows."""
        container = self.schema.child(container_list, -1) if container_list is not None else None
        ref = container.field.get("ref") if container is not None else None
        if ref not in self._roles:
            roles = {}
            for name in self.schema.properties(container) if container is not None else ():
                place = self.schema.child(container, name)
                if place is not None and str(place.field.get("ref", "")).endswith(".Probe"):
                    roles[name] = "probe"
                elif place is not None and (items := self.schema.child(place, -1)) is not None \
                        and "name" in self.schema.properties(items):
                    roles[name] = "list"
            self._roles[ref] = roles
        return self._roles[ref]

    def container(self, item: Mapping, list_name: str, index: int, roles: dict[str, str]) -> Symbol:
        fields = pairs_of(item)
        name_node = _get(fields, "name")
        role = _ROLES.get(list_name)
        if role == "init" and _text(_get(fields, "restartPolicy")) == "Always":
            role = "sidecar"
        detail = " · ".join(part for part in (role, _text(_get(fields, "image"))) if part) or None
        label = name_node if isinstance(name_node, Scalar) else self.label(fields)
        symbol = self.symbol(_text(name_node) or f"{list_name}[{index}]", "container", detail, self.item(item), label)
        for name, (key, value) in fields.items():
            role = roles.get(name)
            if role == "probe" and self.written(item, key, value) is not False:
                symbol.children.append(self.probe(key, value))
            elif role == "list":
                symbol.children += self.lists(item, fields, (name,), roles)
        return symbol

    def probe(self, key: Node, value: Node | None) -> Symbol:
        handler = None
        for name, (_, action) in pairs_of(value).items():
            if name in _PROBE_ACTIONS and isinstance(action, Mapping):
                parts = pairs_of(action)
                port, path = _text(_get(parts, "port")), _text(_get(parts, "path"))
                command = _get(parts, "command")
                words = [_text(w) or "" for w in command.items] if isinstance(command, Sequence) else []
                handler = " ".join(p for p in (name, f":{port}" if port else None, path, *words) if p)
        return self.symbol(_text(key) or "probe", "probe", _clip(handler), self.pair(key, value), key)

    def lists(self, owner: Mapping, fields: Fields, names: tuple[str, ...], roles: dict[str, str]) -> list[Symbol]:
        """A symbol for each list of named items among `names`, with a child for each item
        written there (none for an alias)."""
        groups = []
        for name in names:
            key, value = fields.get(name, (None, None))
            written = self.written(owner, key, value) if key is not None else False
            if written is False or roles.get(name) != "list" or not isinstance(value, Sequence):
                continue
            group = self.symbol(name, "list", None, self.pair(key, value), key)
            items = [item for item in own_items(written, self.plain) if isinstance(item, Mapping)] if written else []
            group.children = [self.named_item(name, item, index) for index, item in enumerate(items)]
            groups.append(group)
        return groups

    def named_item(self, list_name: str, item: Mapping, index: int) -> Symbol:
        fields = pairs_of(item)
        name_node = _get(fields, "name")
        name, detail = _text(name_node), None
        if list_name == "ports":
            port = _text(_get(fields, "containerPort")) or _text(_get(fields, "port"))
            protocol = _text(_get(fields, "protocol")) or "TCP"
            target = _text(_get(fields, "targetPort"))
            number = f"{port} → {target}/{protocol}" if target else f"{port}/{protocol}"
            name, detail = (name, number) if name else (number, None)
        elif list_name == "env":
            detail = _env_detail(fields, self.plain)
        elif list_name in ("volumeMounts", "volumeDevices"):
            detail = _text(_get(fields, "mountPath")) or _text(_get(fields, "devicePath"))
            if detail and _text(_get(fields, "readOnly")) == "true":
                detail += " (read-only)"
        elif list_name == "volumes":
            detail = self.volume_source(fields)
        label = name_node if isinstance(name_node, Scalar) else self.label(fields)
        return self.symbol(name or f"{list_name}[{index}]", _ITEM_KINDS.get(list_name, "key"), _clip(detail),
                           self.item(item), label)

    def volume_source(self, fields: Fields) -> str | None:
        """The volume's source kind (configMap, emptyDir, ...) and the object it names."""
        for source, (_, value) in fields.items():
            if source != "name" and source in self._volume_sources:
                parts = pairs_of(value)
                referred = next((text for f in _REFERENCES if (text := _text(_get(parts, f)))), None)
                return f"{source} {referred}" if referred else source
        return None

    def data(self, root: Mapping, fields: Fields, names: tuple[str, ...], secret: bool) -> list[Symbol]:
        groups = []
        for name, (key, value) in fields.items():
            written = self.written(root, key, value)
            if name not in names or written is False or not isinstance(value, Mapping):
                continue
            group = self.symbol(name, "list", None, self.pair(key, value), key)
            for data_key, content in own_pairs(written, self.plain) if written else ():
                group.children.append(self.symbol(_text(data_key) or '""', "key", None if secret else _preview(content),
                                                  self.pair(data_key, content), data_key))
            groups.append(group)
        return groups

    def keys(self, root: Node) -> list[Symbol]:
        """Top-level keys (or items) of a document that is no Kubernetes object."""
        if isinstance(root, Mapping):
            return [self.symbol(_text(key) or '""', _value_kind(value), _preview(value), self.pair(key, value), key)
                    for key, value in own_pairs(root, self.plain)]
        if isinstance(root, Sequence):
            symbols = []
            for index, item in enumerate(own_items(root, self.plain)):
                fields = pairs_of(item)
                symbols.append(self.symbol(_text(_get(fields, "name")) or f"[{index}]", _value_kind(item),
                                           _preview(item), self.item(item), self.label(fields) or item))
            return symbols
        return []

    def written(self, owner: Node, key: Node, value: Node | None) -> Node | None | bool:
        """What the text at `key` holds: the value written there, None for an alias (its node
        is at the anchor), False for a pair merged in from elsewhere (`<<`)."""
        if self.plain:
            return value
        if key.start < owner.start:
            return False
        return value if value is not None and key.end <= value.start else None

    # -- positions

    def symbol(self, name: str, kind: str, detail: str | None, span: tuple[Pos, Pos], label: Node | None) -> Symbol:
        offset = self.offset
        start, end = (span[0][0] + offset, span[0][1]), (span[1][0] + offset, span[1][1])
        if label is None:
            return Symbol(name, kind, detail, start, end, start, start)
        name_start, name_end = (label.start[0] + offset, label.start[1]), (label.end[0] + offset, label.end[1])
        if not (start <= name_start and name_end <= end):
            name_start = name_end = start
        return Symbol(name, kind, detail, start, end, name_start, name_end)

    def pair(self, key: Node, value: Node | None) -> tuple[Pos, Pos]:
        return key.start, pair_end(key, value, self.lines, self.offset)

    def item(self, node: Node) -> tuple[Pos, Pos]:
        """A list item's span from its dash to its end."""
        return item_start(node, self.lines, self.offset), node.end

    @staticmethod
    def label(fields: Fields, key: str | None = None) -> Node | None:
        """The key `key`, else the first key, to stand for a missing name."""
        if key is not None and key in fields:
            return fields[key][0]
        return next(iter(fields.values()))[0] if fields else None


def _get(fields: Fields, key: str) -> Node | None:
    pair = fields.get(key)
    return pair[1] if pair is not None else None


def _text(node: Node | None) -> str | None:
    return node.value if isinstance(node, Scalar) and node.value and node.tag != "null" else None


def _env_detail(fields: Fields, plain: bool) -> str | None:
    value = _get(fields, "value")
    if isinstance(value, Scalar):
        return value.value
    for source, (_, ref) in pairs_of(_get(fields, "valueFrom")).items():
        parts = pairs_of(ref)
        named = "/".join(text for f in ("name", "key", "fieldPath", "resource") if (text := _text(_get(parts, f))))
        return f"from {source} {named}".rstrip()
    return None


def _value_kind(node: Node | None) -> str:
    if isinstance(node, Mapping):
        return "mapping"
    if isinstance(node, Sequence):
        return "sequence"
    return _SCALAR_KINDS.get(node.tag, "string") if isinstance(node, Scalar) else "string"


def _preview(node: Node | None) -> str | None:
    if isinstance(node, Sequence):
        return f"{len(node.items)} items" if len(node.items) != 1 else "1 item"
    if isinstance(node, Scalar) and node.value:
        lines = node.value.rstrip("\n").count("\n") + 1
        return f"{lines} lines" if lines > 1 else _clip(node.value)
    return None


def _clip(text: str | None) -> str | None:
    if text is None or len(text) <= _DETAIL_LENGTH:
        return text
    return text[:_DETAIL_LENGTH - 1] + "…"
