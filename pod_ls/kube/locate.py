"""Where things are in a parsed document: pod specs inside workloads, containers, and the
node (with its path from the document root) under a cursor."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..yaml.nodes import Mapping, Node, PathKey, Pos, Scalar, Sequence, YamlDocument

POD_SPEC_PATHS: dict[str, tuple[str, ...]] = {
    "Pod": ("spec",),
    "PodTemplate": ("template", "spec"),
    "ReplicationController": ("spec", "template", "spec"),
    "Deployment": ("spec", "template", "spec"),
    "ReplicaSet": ("spec", "template", "spec"),
    "StatefulSet": ("spec", "template", "spec"),
    "DaemonSet": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
}

CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")


def scalar_text(node: Node | None) -> str | None:
    return node.value if isinstance(node, Scalar) and node.tag != "null" else None


def document_kind(root: Node | None) -> str | None:
    """The document's `kind`, if it is a plain string (`scalar_text` written out: a document's
    kind is asked for half a dozen times)."""
    if isinstance(root, Mapping):
        kind = root.get("kind")
        if isinstance(kind, Scalar) and kind.tag != "null":
            return kind.value
    return None


def get_path(node: Node | None, path: tuple[str, ...]) -> Node | None:
    for key in path:
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
    return node


@dataclass(slots=True, eq=False)
class PodSpecRef:
    """A pod spec found in a document, with what rules need to know about its owner."""

    kind: str
    """Kind of the document that holds the spec (Pod, Deployment, CronJob, ...)."""
    spec: Mapping
    path: tuple[str, ...]
    """Path of the spec from the document root."""
    root: Mapping
    document: YamlDocument
    _containers: list[tuple[str, Mapping]] | None = field(default=None, repr=False)
    """Every rule asks for the containers: found once (the nodes do not change)."""
    memo: dict = field(default_factory=dict, repr=False)
    """Views of the spec that several checks share, by what computes them (see `rules.per_spec`)."""

    @property
    def namespace(self) -> str | None:
        """The namespace the Pods will live in: the owning object's, never the template's."""
        return scalar_text(get_path(self.root, ("metadata", "namespace")))

    def containers(self) -> list[tuple[str, Mapping]]:
        """(list name, container) for every container of the spec, init containers first."""
        if self._containers is None:
            self._containers = [(list_name, item) for list_name in CONTAINER_LISTS
                                if isinstance(items := self.spec.get(list_name), Sequence)
                                for item in items.items if isinstance(item, Mapping)]
        return self._containers


def find_pod_specs(document: YamlDocument) -> list[PodSpecRef]:
    """The document's pod spec, or each of its items' when it is a `kind: List` that
    `files.lists` could not split (JSON, as `kubectl get -o json` writes it; flow style)."""
    root = document.root
    if not isinstance(root, Mapping):
        return []
    kind = document_kind(root)
    if (kind is not None and kind.endswith("List") and isinstance(items := root.get("items"), Sequence)
            and not is_custom_resource(root)):
        return [spec for item in items.items if isinstance(item, Mapping) for spec in _pod_spec(item, document)]
    return _pod_spec(root, document)


def _pod_spec(root: Mapping, document: YamlDocument) -> list[PodSpecRef]:
    kind = document_kind(root)
    if kind not in POD_SPEC_PATHS or is_custom_resource(root):
        return []
    path = POD_SPEC_PATHS[kind]
    spec = get_path(root, path)
    if not isinstance(spec, Mapping):
        return []
    return [PodSpecRef(kind, spec, path, root, document)]


def is_custom_resource(root: Mapping) -> bool:
    """The object's apiVersion names a group with a dot: a custom resource that only shares its
    kind's name (Volcano's `Job`, a kubebuilder tutorial's `CronJob`). No such group of Kubernetes
    serves a kind that carries a pod spec, and the custom one has a schema of its own."""
    api_version = scalar_text(root.get("apiVersion"))
    return api_version is not None and "." in api_version.rpartition("/")[0]


def _contains(node: Node, pos: Pos) -> bool:
    return node.start <= pos <= node.end


@dataclass(slots=True)
class NodeAt:
    """What is under a cursor: the path to it and whether it is a key or a value."""

    path: list[PathKey]
    """Path from the root to the key's value (or the value itself)."""
    node: Node
    is_key: bool


def node_at(root: Node | None, pos: Pos) -> NodeAt | None:
    """The innermost scalar key or value at `pos` (document-relative)."""
    path: list[PathKey] = []
    node = root
    while node is not None:
        if isinstance(node, Mapping):
            for key, value in node.items:
                if _contains(key, pos):
                    return NodeAt([*path, scalar_text(key) or ""], key, True)
                if _contains(value, pos) and not (value.start == value.end):
                    path.append(scalar_text(key) or "")
                    node = value
                    break
            else:
                return None
        elif isinstance(node, Sequence):
            for index, item in enumerate(node.items):
                if _contains(item, pos):
                    path.append(index)
                    node = item
                    break
            else:
                return None
        else:
            return NodeAt(path, node, False)
    return None


def document_at(documents: list[YamlDocument], line: int) -> YamlDocument | None:
    """The document a file line belongs to; a `---` line starts the next one, though the
    document before it counts it too (its text ends with a break)."""
    found = None
    for document in documents:
        if document.line_offset <= line < document.line_offset + document.line_count:
            found = document
    return found


def scalar_at(root: Node | None, pos: Pos) -> Scalar | None:
    """The scalar whose text holds `pos` (from its first character to just before its end),
    key or value: a `#` there is part of a string, not a comment."""
    node = root
    while node is not None and not isinstance(node, Scalar):
        children = [n for pair in node.items for n in pair] if isinstance(node, Mapping) else node.items
        node = next((child for child in children if child.start <= pos < child.end), None)
    return node


def pod_spec_at(document: YamlDocument, path: list[PathKey]) -> PodSpecRef | None:
    """The pod spec that `path` lies in, if any."""
    for ref in find_pod_specs(document):
        if tuple(path[: len(ref.path)]) == ref.path:
            return ref
    return None
