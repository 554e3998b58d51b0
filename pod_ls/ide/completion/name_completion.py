"""Completion of the names the workspace model knows, where a manifest points at another
object: ConfigMap, Secret, PersistentVolumeClaim, ServiceAccount, PriorityClass and Service
names; the keys of the ConfigMap or Secret named beside the cursor; label keys and values in
the selectors that pick Pods, from the labels of the workspace's pod templates.

What a field names is told by its place in the schema (the definition that declares it), so it
holds in every workload's pod template; the place comes from the field completion's own
reading (`textpath`, `flowpath`), so it holds in half-typed and flow YAML alike. The objects are
the model's (open buffers and the workspace's files) but for the cursor's own document, which
counts as it reads now (repaired while its line is half typed), not as its last analysis left it.

Objects in the document's namespace (`default` where none is written) come first; those of other
namespaces follow, marked as not resolving from here. They are offered all the same: the
namespace a manifest is applied to is often not written in it (`kubectl -n`, kustomize's
`namespace:`, a Helm release), so leaving them out would hide the right name whenever that
guess is wrong, while their place and mark keep them from being taken by mistake.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from ...kube.links.labelsites import MAP_SELECTORS
from ...kube.links.objects import KubeObject, objects_in
from ...kube.links.workspace_model import WorkspaceModel, same_namespace
from ...kube.locate import POD_SPEC_PATHS, scalar_text
from ...kube.schema import Schema
from ...yaml.nodes import Mapping, Node, PathKey, Sequence, YamlDocument
from ...yaml.textpath import Cursor
from .repair import document_around
from .snippets import Completion

_CORE = "io.k8s.api.core.v1."
_SOURCES = {
    _CORE + "ConfigMapVolumeSource": ("ConfigMap", "name"),
    _CORE + "ConfigMapProjection": ("ConfigMap", "name"),
    _CORE + "ConfigMapKeySelector": ("ConfigMap", "name"),
    _CORE + "ConfigMapEnvSource": ("ConfigMap", "name"),
    _CORE + "SecretVolumeSource": ("Secret", "secretName"),
    _CORE + "SecretProjection": ("Secret", "name"),
    _CORE + "SecretKeySelector": ("Secret", "name"),
    _CORE + "SecretEnvSource": ("Secret", "name"),
    _CORE + "PersistentVolumeClaimVolumeSource": ("PersistentVolumeClaim", "claimName"),
}
"""The definitions that take something from one object: its kind and the field that names it
(a `key` field beside it names one of its keys)."""
_FIELDS = {
    (_CORE + "PodSpec", "serviceAccountName"): "ServiceAccount",
    (_CORE + "PodSpec", "serviceAccount"): "ServiceAccount",
    (_CORE + "PodSpec", "priorityClassName"): "PriorityClass",
    (_CORE + "PodSpec", "subdomain"): "Service",
    ("io.k8s.api.apps.v1.StatefulSetSpec", "serviceName"): "Service",
}
"""Fields that name an object by themselves."""
_PULL_SECRETS = (_CORE + "PodSpec", "imagePullSecrets")
_KEY_TO_PATH = _CORE + "KeyToPath"
_LABEL_SELECTOR = "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector"
_POD_SELECTORS = frozenset({(_CORE + "PodAffinityTerm", "labelSelector"),
                            (_CORE + "TopologySpreadConstraint", "labelSelector")})
"""The label selectors of a pod spec that pick Pods (a `namespaceSelector` picks namespaces, a
cluster trust bundle's selector bundles); a workload's own selector is told by its path."""
_DOCKER_KEYS = (".dockerconfigjson", ".dockercfg")
"""The key a Secret of type kubernetes.io/dockerconfigjson (or dockercfg) must hold: the model
keeps a Secret's keys, not its type, and the key tells it."""
_LISTED_KEYS = 20
_ELSEWHERE = {0: "", 1: "", 2: ", other namespaces"}


@dataclass(frozen=True, slots=True)
class WorkspaceNames:
    """What name completion reads besides the buffer's documents."""

    model: WorkspaceModel
    uri: str
    """The buffer's file: the model's objects of its cursor document are read from the text."""
    roots: tuple[str, ...] = ()
    """The workspace folders' URIs, to show each file by its path inside them."""

    def relative(self, uri: str) -> str:
        for root in sorted(self.roots, key=len, reverse=True):
            prefix = root.rstrip("/") + "/"
            if uri.startswith(prefix):
                return unquote(uri[len(prefix):])
        return unquote(uri.rpartition("/")[2])


@dataclass(frozen=True, slots=True)
class _Want:
    """What the cursor's place names."""

    what: str
    """`object`, `key` (of an object), `label key` or `label value`."""
    kind: str = ""
    """The object's kind (object, key)."""
    at: tuple[PathKey, ...] = ()
    """key: the mapping whose `field` names the object; label value of an expression: the
    expression, whose `key` names the label."""
    field: str = ""
    """key: the field of `at` that names the object."""
    prefer: str = ""
    """object: which come first, `headless` Services or `registry` Secrets."""
    label: str | None = None
    """label value in a map: the label's key."""
    colon: bool = False
    """label key: typed as a map's key, so `key: ` is inserted."""


def name_completions(cursor: Cursor, line: int, documents: list[YamlDocument], schema: Schema,
                     workspace: WorkspaceNames | None) -> list[Completion]:
    """The names from the model that fit the cursor's place; none where it names nothing."""
    want = _wanted(cursor, schema) if workspace is not None else None
    if want is None:
        return []
    document = _Document(documents, line, cursor.word_start, workspace)
    if want.what == "object":
        return _objects(want, cursor, document)
    if want.what == "key":
        return _keys(want, cursor, document)
    labels = document.label_counts()
    if want.what == "label key":
        return _label_keys(want, cursor, labels)
    label = want.label if want.label is not None else scalar_text(_get(document.node(want.at), "key"))
    return _label_values(label, cursor, labels) if label else []


def _wanted(cursor: Cursor, schema: Schema) -> _Want | None:
    kind, path = cursor.kind, tuple(cursor.path)
    if not kind or not path:
        return None
    if cursor.mode == "key":
        if _label_map(schema, kind, path):
            return _Want("label key", colon=True)
        if path[-4:] == ("matchExpressions", -1, "values", -1) and _pod_selector(schema, kind, path[:-4]):
            return _Want("label value", at=path[:-2])
        return None
    if isinstance(path[-1], str) and _label_map(schema, kind, path[:-1]):
        return _Want("label value", label=path[-1])
    if path[-3:] == ("matchExpressions", -1, "key") and _pod_selector(schema, kind, path[:-3]):
        return _Want("label key")
    place = schema.walk(kind, path)
    if place is None or place.map_key is not None or place.owner is None:
        return None
    source = _SOURCES.get(place.owner)
    if source is not None and place.name == source[1]:
        return _Want("object", source[0])
    if (target := _FIELDS.get((place.owner, place.name or ""))) is not None:
        return _Want("object", target, prefer="headless" if target == "Service" else "")
    if place.name == "name" and path[-2:-1] == (-1,):
        holder = schema.walk(kind, path[:-2])
        if holder is not None and (holder.owner, holder.name) == _PULL_SECRETS:
            return _Want("object", "Secret", prefer="registry")
    if place.name == "key" and source is not None:  # configMapKeyRef, secretKeyRef
        return _Want("key", source[0], path[:-1], source[1])
    if place.name == "key" and place.owner == _KEY_TO_PATH and path[-3:-1] == ("items", -1):
        holder = schema.walk(kind, path[:-3])
        source = _SOURCES.get(holder.field.get("ref", "")) if holder is not None else None
        if source is not None:
            return _Want("key", source[0], path[:-3], source[1])
    return None


def _own_selector(kind: str) -> tuple[str, ...] | None:
    """Where an object's selector of its own Pods is."""
    if kind == "Service":
        return "spec", "selector"
    spec = POD_SPEC_PATHS.get(kind, ())
    return (*spec[:-2], "selector") if len(spec) > 2 else None


def _pod_selector(schema: Schema, kind: str, path: tuple[PathKey, ...]) -> bool:
    """Whether the LabelSelector at `path` picks Pods."""
    place = schema.walk(kind, path)
    if place is None or place.field.get("ref") != _LABEL_SELECTOR:
        return False
    return (place.owner, place.name) in _POD_SELECTORS or path == _own_selector(kind)


def _label_map(schema: Schema, kind: str, path: tuple[PathKey, ...]) -> bool:
    """Whether `path` is a map of labels that picks Pods: a selector's `matchLabels`, or a
    Service's (a ReplicationController's) plain selector."""
    if kind in MAP_SELECTORS:
        return path == _own_selector(kind)
    return bool(path) and path[-1] == "matchLabels" and _pod_selector(schema, kind, path[:-1])


def _get(node: Node | None, key: str) -> Node | None:
    return node.get(key) if isinstance(node, Mapping) else None


class _Document:
    """The cursor's document as it reads now, and the model's objects beside it."""

    def __init__(self, documents: list[YamlDocument], line: int, column: int, workspace: WorkspaceNames) -> None:
        self.workspace = workspace
        document = document_around(documents, line)
        self.first, self.end = (document.line_offset, document.line_offset + document.line_count) \
            if document is not None else (line, line + 1)
        self.root = document.root if document is not None and isinstance(document.root, Mapping) else None
        self.position = (line - self.first, column)
        self.own = objects_in([document], workspace.uri) if self.root is not None else []
        """The objects the document declares now."""
        namespace = scalar_text(_get(_get(self.root, "metadata"), "namespace")) or "default"
        self.namespace = None if self.root is None or "{{" in namespace or "${" in namespace else namespace
        """What same-namespace means here; None when it cannot be told (every one is)."""

    def node(self, path: Iterable[PathKey]) -> Node | None:
        """The node at `path`, taking in each list the item the cursor is in (the last that
        starts above it: the line being typed may not be part of it)."""
        node: Node | None = self.root
        for step in path:
            if isinstance(step, int):
                items = node.items if isinstance(node, Sequence) else []
                node = max((item for item in items if item.start <= self.position),
                           key=lambda item: item.start, default=None)
            else:
                node = _get(node, step)
        return node

    def others(self, kind: str) -> list[KubeObject]:
        """The model's objects of a kind, but those of the cursor's document."""
        uri = self.workspace.uri
        return [obj for obj in self.workspace.model.of_kind(kind)
                if obj.uri != uri or not self.first <= obj.start[0] < self.end]

    def objects(self, kind: str) -> list[KubeObject]:
        return self.others(kind) + [obj for obj in self.own if obj.kind == kind]

    def here(self, obj: KubeObject) -> bool:
        return same_namespace(obj, self.namespace)

    def label_counts(self) -> Counter[tuple[int, str, str]]:
        """How many pod templates carry each label, by rank: 0 the cursor's object's own, 1 those
        of its namespace (or none written), 2 the others."""
        model = self.workspace.model
        def rank(written: str | None) -> int:
            return 1 if written is None or self.namespace in (None, written) else 2
        counts: Counter[tuple[int, str, str]] = Counter()
        for (namespace, key, value), count in _census(model, model.version(("pods",))).items():
            counts[rank(namespace), key, value] += count
        for obj in model.in_file(self.workspace.uri):  # as the last analysis read the cursor's document
            if self.first <= obj.start[0] < self.end:
                counts.subtract((rank(obj.namespace_text), *pair) for pair in (obj.pod_labels or {}).items())
        counts.update((0, *pair) for obj in self.own for pair in (obj.pod_labels or {}).items())
        return +counts

    def files(self, objects: list[KubeObject]) -> list[str]:
        return list(dict.fromkeys(self.workspace.relative(obj.uri) for obj in objects))


def _objects(want: _Want, cursor: Cursor, document: _Document) -> list[Completion]:
    by_name: dict[str, list[KubeObject]] = {}
    for obj in document.objects(want.kind):
        by_name.setdefault(obj.name_text, []).append(obj)
    out = []
    for name, objects in by_name.items():
        here = [obj for obj in objects if document.here(obj)]
        chosen = here or objects
        preferred = any(_preferred(want, obj) for obj in chosen)
        rank = (0 if here else 2) + (0 if preferred else 1)
        files = document.files(chosen)
        where = files[0] + (f" +{len(files) - 1}" if len(files) > 1 else "")
        label = f"{want.kind} (headless)" if want.prefer == "headless" and preferred else want.kind
        elsewhere = _namespaces(chosen)
        detail = f"{label} · {where}" if here else \
            f"{label} in {elsewhere}, not {document.namespace}: would not resolve · {where}"
        out.append(Completion(name, "reference", detail, _object_doc(want.kind, name, chosen, files, here, document),
                              name, cursor.word_start, sort_text=f"{rank}{name}"))
    return out


def _preferred(want: _Want, obj: KubeObject) -> bool:
    """A headless Service (a subdomain or serviceName needs one), a registry Secret for
    `imagePullSecrets`."""
    if want.prefer == "headless":
        return obj.headless
    if want.prefer == "registry":
        return any(key in _DOCKER_KEYS for key in obj.key_texts or ())
    return False


def _namespaces(objects: list[KubeObject]) -> str:
    """The namespaces written in the objects (one with none goes where it is applied)."""
    return ", ".join(sorted({obj.namespace_text or "(none written)" for obj in objects}))


def _object_doc(kind: str, name: str, objects: list[KubeObject], files: list[str], here: bool,
                document: _Document) -> str:
    scope = "" if objects[0].cluster_scoped else f" in namespace {_namespaces(objects)}"
    parts = [f"**{kind}** `{name}`{scope}"]
    if not here:
        parts.append(f"Not in this document's namespace `{document.namespace}`: "
                     "a reference from here would not find it.")
    if kind in ("ConfigMap", "Secret"):
        parts.append(_keys_doc(objects))
    parts.append(" · ".join(f"`{file}`" for file in files))
    return "\n\n".join(parts)


def _keys_doc(objects: list[KubeObject]) -> str:
    if any(obj.key_texts is None for obj in objects):
        return "Keys: filled in elsewhere (a generator's env file, a token, no data yet)."
    keys = sorted({key for obj in objects for key in obj.key_texts or ()})
    if not keys:
        return "No keys."
    shown = ", ".join(f"`{key}`" for key in keys[:_LISTED_KEYS])
    return f"Keys: {shown}" + (f" and {len(keys) - _LISTED_KEYS} more" if len(keys) > _LISTED_KEYS else "")


def _keys(want: _Want, cursor: Cursor, document: _Document) -> list[Completion]:
    name = scalar_text(_get(document.node(want.at), want.field))
    if not name:
        return []
    objects = [obj for obj in document.objects(want.kind) if obj.name_text == name]
    here = [obj for obj in objects if document.here(obj)]
    chosen = here or objects
    holding: dict[str, list[KubeObject]] = {}
    for obj in chosen:
        for key in obj.key_texts or ():
            holding.setdefault(key, []).append(obj)
    out = []
    for key, holders in holding.items():
        where = " · ".join(document.files(holders))
        mark = "" if here else f" in {_namespaces(holders)}, not {document.namespace}: would not resolve"
        out.append(Completion(key, "reference", f"key of {want.kind} {name}{mark} · {where}",
                              f"Key `{key}` of {want.kind} `{name}` (`{where}`).", key, cursor.word_start))
    return out


def _label_keys(want: _Want, cursor: Cursor, labels: Counter[tuple[int, str, str]]) -> list[Completion]:
    ranks: dict[str, int] = {}
    values: dict[str, Counter[str]] = {}
    for (rank, key, value), count in labels.items():
        ranks[key] = min(rank, ranks.get(key, rank))
        if key not in values:
            values[key] = Counter()
        values[key][value] += count
    out = []
    for key, rank in ranks.items():
        if want.colon and key in cursor.siblings:
            continue
        counts = values[key]
        detail = "label of this pod template" if rank == 0 else f"label of {_templates(counts.total())}"
        listed = ", ".join(f"`{value}` ({count})" for value, count in counts.most_common(_LISTED_KEYS))
        out.append(Completion(key, "reference", detail + _ELSEWHERE[rank], f"Pod template label `{key}`. "
                              f"Values: {listed}", f"{key}: " if want.colon else key, cursor.word_start,
                              sort_text=f"{rank}{key}"))
    return out


def _label_values(label: str, cursor: Cursor, labels: Counter[tuple[int, str, str]]) -> list[Completion]:
    ranks: dict[str, int] = {}
    counts: Counter[str] = Counter()
    for (rank, key, value), count in labels.items():
        if key == label and value:
            ranks[value] = min(rank, ranks.get(value, rank))
            counts[value] += count
    return [Completion(value, "reference", (f"this pod template's {label}" if rank == 0 else
                                            f"{label} of {_templates(counts[value])}") + _ELSEWHERE[rank],
                       f"`{label}: {value}` on {_templates(counts[value])} of the workspace.", value,
                       cursor.word_start, sort_text=f"{rank}{value}")
            for value, rank in ranks.items()]


@lru_cache(maxsize=4)
def _census(model: WorkspaceModel, version: int) -> Counter[tuple[str | None, str, str]]:
    """How many pod templates of the model carry each label, by the namespace written in their
    object: kept while no pod template's labels or namespace change (`version` counts those
    changes), so a selector in a workspace of thousands is completed without reading them all."""
    return Counter((obj.namespace_text, key, value) for kind in POD_SPEC_PATHS for obj in model.of_kind(kind)
                   for key, value in (obj.pod_labels or {}).items())


def _templates(count: int) -> str:
    return "1 pod template" if count == 1 else f"{count} pod templates"
