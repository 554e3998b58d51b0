"""What one file declares: its Kubernetes objects, each with the place of its names.

`objects_in` reads parsed documents (a `kind: List`'s items, whether split by `lists` or not;
the ConfigMaps and Secrets that a kustomization's generators make) into `KubeObject`s: kind,
apiVersion, name, namespace, labels, selector, the pod template's labels, and a ConfigMap's or
Secret's keys. Every name, label and key is a `Named`: its text and its file position.

Nothing is guessed: a document that does not parse and an object without a plain name (one
that a Helm template, `{{ }}`, makes) declare nothing; a key list that something else fills in (a
service-account token, a generator's `envs`, a ConfigMap without data) is `keys=None`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from ...yaml.nodes import Mapping, Node, Pos, Scalar, Sequence, YamlDocument
from ..files.kustomize import KUSTOMIZATION_FILES
from ..locate import POD_SPEC_PATHS, document_kind, get_path, scalar_text
from ..schema import load_schema

_intern = sys.intern

_TEMPLATE_LABELS = {kind: (*path[:-1], "metadata", "labels") for kind, path in POD_SPEC_PATHS.items()}
"""Where each kind with a pod spec writes the labels its Pods get."""


@dataclass(frozen=True, slots=True)
class Named:
    """A name, label key or value, or data key as written, with its file position."""

    text: str
    line: int
    column: int
    end_line: int
    end_column: int

    @property
    def start(self) -> Pos:
        return self.line, self.column

    @property
    def end(self) -> Pos:
        return self.end_line, self.end_column


Labels = tuple[tuple[Named, Named], ...]
"""(key, value) pairs in the order written."""


@dataclass(frozen=True, slots=True)
class Requirement:
    """One of a label selector's `matchExpressions`."""

    key: Named
    operator: str
    values: tuple[str, ...]

    def matches(self, labels: dict[str, str]) -> bool | None:
        """Whether the labels meet it; None for an operator the API does not know."""
        if self.operator == "In":
            return labels.get(self.key.text) in self.values
        if self.operator == "NotIn":
            return labels.get(self.key.text) not in self.values
        if self.operator == "Exists":
            return self.key.text in labels
        if self.operator == "DoesNotExist":
            return self.key.text not in labels
        return None


@dataclass(frozen=True, slots=True)
class Selector:
    """A Service's `spec.selector` (labels only) or a workload's `spec.selector`."""

    labels: Labels
    expressions: tuple[Requirement, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.labels and not self.expressions

    def matches(self, labels: dict[str, str]) -> bool | None:
        """Whether it selects Pods with these labels; None when it cannot be told."""
        if any(labels.get(key.text) != value.text for key, value in self.labels):
            return False
        results = [requirement.matches(labels) for requirement in self.expressions]
        if False in results:
            return False
        return None if None in results else True

    def facts(self) -> tuple:
        return (tuple((k.text, v.text) for k, v in self.labels),
                tuple((r.key.text, r.operator, r.values) for r in self.expressions))


Span = tuple
"""(text, line, column, end line, end column): how a `KubeObject` keeps a `Named`. Labels and
keys are kept the same way, one flat tuple of strings and numbers each: a tuple of atoms is one
the cycle collector stops tracking on its first look, so a model of 100,000 objects does not
make its collections pause requests (a tuple of tuples takes one collection per level)."""


def _span(named: Named) -> Span:
    return named.text, named.line, named.column, named.end_line, named.end_column


def _flat_pairs(labels: Labels) -> tuple:
    return tuple(atom for key, value in labels for atom in (*_span(key), *_span(value)))


def _pairs_of(flat: tuple) -> Labels:
    return tuple((Named(*flat[i:i + 5]), Named(*flat[i + 5:i + 10])) for i in range(0, len(flat), 10))


def _pair_texts(flat: tuple) -> tuple:
    return tuple((flat[i], flat[i + 5]) for i in range(0, len(flat), 10))


def _shifted_flat(flat: tuple, lines: int) -> tuple:
    """Every span of a flat tuple `lines` further down (lines are its 2nd and 4th of five)."""
    return tuple(atom + lines if i % 5 in (1, 3) else atom for i, atom in enumerate(flat))


class KubeObject:
    """An object a file declares; positions are file lines and code-point columns.

    Read it through its properties (`name`, `labels`, `selector`, ...), which give `Named`s;
    `name_text`, `namespace_text`, `key_texts` and `pod_labels` are the quick ones.
    """

    __slots__ = ("uri", "kind", "api_version", "cluster_scoped", "start", "end", "headless",
                 "_name", "_namespace", "_labels", "_selector", "_expressions", "_template", "_keys")

    def __init__(self, uri: str, kind: str, api_version: str | None, name: Named, namespace: Named | None,
                 cluster_scoped: bool, start: Pos, end: Pos, labels: Labels = (), selector: Selector | None = None,
                 template_labels: Labels | None = None, keys: tuple[Named, ...] | None = None,
                 headless: bool = False) -> None:
        self.uri, self.kind, self.api_version = uri, kind, api_version
        self.cluster_scoped = cluster_scoped
        self.start, self.end = start, end
        """The whole object (its document, or its item of a List)."""
        self.headless = headless
        """A Service with `clusterIP: None`."""
        self._name = _span(name)
        self._namespace = _span(namespace) if namespace is not None else None
        self._labels = _flat_pairs(labels)
        self._selector = _flat_pairs(selector.labels) if selector else None
        self._expressions = tuple((*_span(r.key), r.operator, *r.values) for r in selector.expressions) \
            if selector else ()
        self._template = _flat_pairs(template_labels) if template_labels is not None else None
        self._keys = tuple(atom for key in keys for atom in _span(key)) if keys is not None else None

    @classmethod
    def of_spans(cls, uri: str, kind: str, api_version: str | None, cluster_scoped: bool, start: Pos, end: Pos,
                 headless: bool, name: Span, namespace: Span | None, labels: tuple, selector: tuple | None,
                 expressions: tuple, template: tuple | None, keys: tuple | None) -> KubeObject:
        """The object made of its spans and flat tuples, as it keeps them (what the reader has)."""
        obj = object.__new__(cls)
        obj.uri, obj.kind, obj.api_version, obj.cluster_scoped = uri, kind, api_version, cluster_scoped
        obj.start, obj.end, obj.headless = start, end, headless
        obj._name, obj._namespace, obj._labels = name, namespace, labels
        obj._selector, obj._expressions, obj._template, obj._keys = selector, expressions, template, keys
        return obj

    @property
    def name(self) -> Named:
        return Named(*self._name)

    @property
    def name_text(self) -> str:
        return self._name[0]

    @property
    def namespace(self) -> Named | None:
        """As written: None means the namespace it is applied to (`default` unless told)."""
        return Named(*self._namespace) if self._namespace is not None else None

    @property
    def namespace_text(self) -> str | None:
        return self._namespace[0] if self._namespace is not None else None

    @property
    def namespace_or_default(self) -> str | None:
        """The namespace it lives in: None for a cluster-scoped kind."""
        if self.cluster_scoped:
            return None
        return self._namespace[0] if self._namespace is not None else "default"

    @property
    def labels(self) -> Labels:
        return _pairs_of(self._labels)

    @property
    def selector(self) -> Selector | None:
        """A Service's `spec.selector` or a workload's `spec.selector`."""
        if self._selector is None:
            return None
        return Selector(_pairs_of(self._selector), tuple(
            Requirement(Named(*e[:5]), e[5], tuple(e[6:])) for e in self._expressions))

    @property
    def template_labels(self) -> Labels | None:
        """The labels its Pods get: a Pod's own, a workload's pod template's; None for others."""
        return _pairs_of(self._template) if self._template is not None else None

    @property
    def has_pods(self) -> bool:
        """A Pod, or a workload with a pod template: `template_labels` is not None."""
        return self._template is not None

    @property
    def pod_labels(self) -> dict[str, str] | None:
        """`template_labels` as a map."""
        return dict(_pair_texts(self._template)) if self._template is not None else None

    @property
    def keys(self) -> tuple[Named, ...] | None:
        """A ConfigMap's or Secret's keys (`data`, `binaryData`, `stringData`); None when unknown."""
        keys = self._keys
        return tuple(Named(*keys[i:i + 5]) for i in range(0, len(keys), 5)) if keys is not None else None

    @property
    def key_texts(self) -> tuple[str, ...] | None:
        return self._keys[::5] if self._keys is not None else None

    def shifted(self, lines: int) -> KubeObject:
        """The same object `lines` further down (a line was added above its document)."""
        if not lines:
            return self
        moved = object.__new__(KubeObject)
        moved.__setstate__(self._state())
        moved.start, moved.end = (self.start[0] + lines, self.start[1]), (self.end[0] + lines, self.end[1])
        for slot in ("_name", "_namespace", "_labels", "_selector", "_template", "_keys"):
            if (flat := getattr(self, slot)) is not None:
                setattr(moved, slot, _shifted_flat(flat, lines))
        moved._expressions = tuple((*_shifted_flat(e[:5], lines), *e[5:]) for e in self._expressions)
        return moved

    def facts(self) -> tuple:
        """What other files' findings may depend on: everything but the positions."""
        selector = None
        if self._selector is not None:
            selector = _pair_texts(self._selector), tuple((e[0], *e[5:]) for e in self._expressions)
        return (self.kind, self.api_version, self._name[0], self.namespace_text, self.headless,
                _pair_texts(self._labels), selector,
                _pair_texts(self._template) if self._template is not None else None, self.key_texts)

    def _state(self) -> tuple:
        return tuple(getattr(self, slot) for slot in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KubeObject) and self._state() == other._state()

    def __hash__(self) -> int:
        return hash(self._state())

    def __getstate__(self) -> tuple:
        return self._state()

    def __setstate__(self, state: tuple) -> None:
        for slot, value in zip(self.__slots__, state, strict=True):
            setattr(self, slot, value)

    def __repr__(self) -> str:
        return f"KubeObject({self.kind}/{self._name[0]} in {self.namespace_text}, {self.uri}:{self._name[1] + 1})"


def objects_in(documents: list[YamlDocument], uri: str) -> list[KubeObject]:
    """The objects the documents of one file declare, in order."""
    kustomization = uri.rpartition("/")[2] in KUSTOMIZATION_FILES
    found: list[KubeObject] = []
    for document in documents:
        if document.error is not None or not isinstance(document.root, Mapping):
            continue
        reader = _Reader(document.line_offset)
        if kustomization:
            found += reader.generated(document.root, uri)
            continue
        found += reader.objects(document.root, uri)
    return found


def service_selector(root: Mapping) -> tuple[Selector, str | None] | None:
    """A Service's `spec.selector` and namespace as `objects_in` reads them, or None where the
    document declares no object; without reading the rest of it (the workspace check of a
    Service asks for these two alone)."""
    reader = _Reader(0)
    identity = reader.identity(root, "Service")
    if identity is None:
        return None
    selector = Selector(reader.labels(get_path(root.get("spec"), ("selector",))))
    return selector, identity[1][0] if identity[1] is not None else None


class _Reader:
    """Reads one document's nodes into objects, shifting positions to file lines."""

    def __init__(self, line_offset: int) -> None:
        self.offset = line_offset

    def span(self, node: Node | None) -> Span | None:
        """A one-line plain text's span, as a `KubeObject` keeps it."""
        if type(node) is not Scalar or node.tag == "null" or "\n" in node.value:
            return None
        start, end = node.start, node.end
        return _intern(node.value), start[0] + self.offset, start[1], end[0] + self.offset, end[1]

    def named(self, node: Node | None) -> Named | None:
        span = self.span(node)
        return Named(*span) if span is not None else None

    def identity(self, root: Mapping, kind: str) -> tuple[Span, Span | None] | None:
        """The spans of the object's name and namespace (None for a cluster-scoped kind, or
        none written); None when the document declares no object (no name, or a template's)."""
        metadata = root.get("metadata")
        metadata = metadata if type(metadata) is Mapping else None
        name = self.span(metadata.get("name")) if metadata is not None else None
        if name is None or "{{" in name[0]:
            return None
        return name, None if kind in load_schema().cluster_scoped else self.span(metadata.get("namespace"))

    def objects(self, root: Mapping, uri: str) -> list[KubeObject]:
        kind = document_kind(root)
        items = root.get("items")
        if kind and kind.endswith("List") and isinstance(items, Sequence):
            return [obj for item in items.items if isinstance(item, Mapping) for obj in self.objects(item, uri)]
        found = self.object(root, uri)
        return [found] if found is not None else []

    def object(self, root: Mapping, uri: str) -> KubeObject | None:
        """Read into spans, as the object keeps them, with no `Named` made to be taken apart."""
        kind = document_kind(root)
        identity = self.identity(root, kind) if kind else None
        if identity is None:
            return None
        name, namespace = identity
        metadata = root.get("metadata")
        cluster_scoped = kind in load_schema().cluster_scoped
        spec = root.get("spec")
        spec = spec if type(spec) is Mapping else None
        written = spec.get("selector") if spec is not None else None
        selector, expressions = None, ()
        if kind == "Service":
            selector = self.label_spans(written)
        elif type(written) is Mapping:
            read = self.selector(written)
            selector = _flat_pairs(read.labels)
            expressions = tuple((*_span(r.key), r.operator, *r.values) for r in read.expressions)
        template = self.label_spans(get_path(root, _TEMPLATE_LABELS[kind])) if kind in _TEMPLATE_LABELS else None
        keys = self.data_keys(root, kind)
        return KubeObject.of_spans(
            uri, _intern(kind), _intern_or_none(scalar_text(root.get("apiVersion"))), cluster_scoped,
            (root.start[0] + self.offset, root.start[1]), (root.end[0] + self.offset, root.end[1]),
            kind == "Service" and spec is not None and scalar_text(spec.get("clusterIP")) == "None",
            name, namespace, self.label_spans(metadata.get("labels")), selector, expressions, template,
            tuple(atom for key in keys for atom in _span(key)) if keys is not None else None)

    def labels(self, node: Node | None) -> Labels:
        return _pairs_of(self.label_spans(node))

    def label_spans(self, node: Node | None) -> tuple:
        """`labels`, flat as a `KubeObject` keeps them: a key's span, then its value's."""
        if type(node) is not Mapping:
            return ()
        flat: list = []
        for key, value in node.items:
            key_span = self.span(key)
            if key_span is None:
                continue
            value_span = self.span(value)
            if value_span is None:
                if scalar_text(value) is not None:
                    continue  # a text of several lines
                value_span = ("", *_empty_at(value, self.offset))
            flat += key_span
            flat += value_span
        return tuple(flat)

    def selector(self, node: Mapping) -> Selector:
        expressions = []
        items = node.get("matchExpressions")
        for item in items.items if isinstance(items, Sequence) else []:
            key = self.named(get_path(item, ("key",)))
            operator = scalar_text(get_path(item, ("operator",)))
            values = get_path(item, ("values",))
            if key is None or operator is None:
                continue
            texts = tuple(_intern(v) for n in (values.items if isinstance(values, Sequence) else [])
                          if (v := scalar_text(n)) is not None)
            expressions.append(Requirement(key, _intern(operator), texts))
        return Selector(self.labels(node.get("matchLabels")), tuple(expressions))

    def data_keys(self, root: Mapping, kind: str) -> tuple[Named, ...] | None:
        if kind not in ("ConfigMap", "Secret"):
            return None
        if kind == "Secret" and scalar_text(root.get("type")) == "kubernetes.io/service-account-token":
            return None  # the token controller fills it in
        fields = [root.get(name) for name in ("data", "binaryData", "stringData")]
        if not any(isinstance(field, Mapping) for field in fields):
            return None  # filled in by something else, or not at all: nothing to hold a reference to
        return tuple(named for field in fields if isinstance(field, Mapping)
                     for key, _ in field.items if (named := self.named(key)) is not None)

    def generated(self, root: Mapping, uri: str) -> list[KubeObject]:
        """The ConfigMaps and Secrets of a kustomization's generators (`configMapGenerator`,
        `secretGenerator`): a reference to them is no reference to a missing object."""
        namespace = self.named(root.get("namespace"))
        found = []
        for field, kind in (("configMapGenerator", "ConfigMap"), ("secretGenerator", "Secret")):
            entries = root.get(field)
            for entry in entries.items if isinstance(entries, Sequence) else []:
                name = self.named(get_path(entry, ("name",)))
                if name is None or not isinstance(entry, Mapping):
                    continue
                found.append(KubeObject(
                    uri=uri, kind=kind, api_version="v1", name=name,
                    namespace=self.named(entry.get("namespace")) or namespace, cluster_scoped=False,
                    start=(entry.start[0] + self.offset, entry.start[1]),
                    end=(entry.end[0] + self.offset, entry.end[1]), keys=self.generator_keys(entry)))
        return found

    def generator_keys(self, entry: Mapping) -> tuple[Named, ...] | None:
        """`literals` (KEY=value) and `files` ([key=]path) give the keys; `envs` or `env`
        files hold keys of their own, so then they are unknown."""
        if entry.get("envs") is not None or entry.get("env") is not None:
            return None
        keys = []
        for field in ("literals", "files"):
            items = entry.get(field)
            for item in items.items if isinstance(items, Sequence) else []:
                if (named := self.named(item)) is None:
                    continue
                if field == "literals" or "=" in named.text:
                    key = named.text.partition("=")[0]
                    keys.append(Named(_intern(key), named.line, named.column, named.line, named.column + len(key)))
                else:
                    keys.append(Named(_intern(named.text.rpartition("/")[2]), *named.start, *named.end))
        return tuple(keys)


def _intern_or_none(text: str | None) -> str | None:
    return _intern(text) if text is not None else None


def _empty_at(node: Node, offset: int) -> tuple[int, int, int, int]:
    return node.start[0] + offset, node.start[1], node.end[0] + offset, node.end[1]
