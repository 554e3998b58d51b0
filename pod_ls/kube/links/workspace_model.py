"""The model of the workspace: every Kubernetes object of the open buffers and the workspace's
YAML files, kept by file, for the checks that look across files and for navigation.

The server sets a file's objects (`set`) whenever a buffer is analysed or a file on disk is
read, and forgets them (`forget`) when a file goes; `pod-ls check` sets every file's before it
checks any. An open buffer's objects replace its file's.

Queries (objects are `objects.KubeObject`, positions file lines and code-point columns):

- `named(kind, name, namespace)`: the objects of a kind and name that may be the one a
  manifest in `namespace` means: in that namespace, or with none written (it goes wherever
  it is applied); `namespace=None` asks for every namespace.
- `in_file(uri)`: a file's objects, in order.
- `of_kind(kind)`: every object of a kind.
- `selected_by(selector, namespace)`: the objects whose Pods' labels (a Pod's own, a
  workload's pod template's) the selector picks.
- `keys(kind, name, namespace)`: the keys of the ConfigMaps or Secrets of that name, or None
  when one of them has keys nobody can know.
- `selects_any(selector, namespace)`: whether `selected_by` would find any.
- `declares(kind, namespace)`: whether any object of the kind may be in that namespace.
- `all()`: every object, file by file; `names()`: their `kind/name`s in one text, to search
  them all at once (workspace symbols).
- `fingerprint()`: changes only when something other than a position changes, so typing in
  a Pod's container does not make every other open file re-check; `set` says which parts of
  the model changed, so only the files that asked about them need to.

A rule sees the model through a `WorkspaceView`, which notes the part of the model each
question is about (the objects of a kind and name, of a kind, the Pods' labels) and that
part's version: the findings are kept while `answers_same` says none of those parts changed
(most changes elsewhere leave them so). Only the questions rules ask are on the view.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the server makes its model before the YAML reader is loaded
    from .objects import KubeObject, Selector

_models = itertools.count()


@dataclass(frozen=True, slots=True)
class Names:
    """Every object's `kind/name`, lowercased, one a line (see `WorkspaceModel.names`)."""

    text: str
    starts: list[int]
    """Where each line starts in `text`."""
    objects: list[KubeObject]
    """The object of each line."""


def same_namespace(obj: KubeObject, namespace: str | None) -> bool:
    """Whether the object may live in `namespace` (None: the namespace it is applied to)."""
    written = obj.namespace_text
    return obj.cluster_scoped or written is None or namespace is None or written == namespace


class WorkspaceModel:
    """Objects by file, with the indexes the queries need (rebuilt after a change)."""

    def __init__(self) -> None:
        self._by_uri: dict[str, list[KubeObject]] = {}
        self._token = next(_models)
        """Tells this model from others in a fingerprint (an analyzer may meet several)."""
        self._generation = 0
        """Counts the changes of what findings may depend on."""
        self._versions: dict[tuple, int] = {}
        """Counts the changes of each part a question can ask about: the objects of a kind
        and name, of a kind, and the Pods' labels; so an answer is checked with a lookup."""
        self._index: dict[tuple, dict[str, list[KubeObject]]] = {}
        """Objects by what queries look them up by (see `_index_keys`), then by file: kept
        up to date by `set`, so no query after a change reads the whole model again."""
        self._names: Names | None = None

    def __getstate__(self) -> tuple:
        """Only the objects go to the helper process, not the indexes."""
        return self._token, self._generation, self._versions, self._by_uri

    def __setstate__(self, state: tuple) -> None:
        self.__init__()
        self._token, self._generation, self._versions, by_uri = state
        for uri, objects in by_uri.items():
            self.set(uri, objects)
        self._generation = state[1]
        self._versions = state[2]

    def packed(self) -> tuple:
        """The model with its indexes, for `unpacked` in a process that reads it once (the
        workers of `pod-ls check`): a tenth bigger pickled than the objects alone, and three
        times quicker to read, since they need not be indexed again."""
        return self._token, self._generation, self._versions, self._by_uri, self._index

    @classmethod
    def unpacked(cls, packed: tuple) -> WorkspaceModel:
        model = cls.__new__(cls)
        model._token, model._generation, model._versions, model._by_uri, model._index = packed
        model._names = None
        return model

    def set(self, uri: str, objects: list[KubeObject]) -> frozenset[tuple]:
        """Record a file's objects; the parts of the model that changed (see `_parts`): none
        when only positions did."""
        old = self._by_uri.get(uri, [])
        if objects:
            self._by_uri[uri] = objects
        else:
            self._by_uri.pop(uri, None)
        if old is objects:
            return frozenset()
        if len(old) == len(objects):  # an edit: the documents it did not touch keep their objects
            pairs = [(before, after) for before, after in zip(old, objects, strict=True) if before is not after]
            if not pairs:
                return frozenset()
            gone, came = [before for before, _ in pairs], [after for _, after in pairs]
        else:
            gone, came = old, objects
        self._names = None
        self._unindex(uri, gone, everything=gone is old)
        for obj in came:
            for key in _index_keys(obj):
                self._index.setdefault(key, {}).setdefault(uri, []).append(obj)
        if gone:
            before, after = _parts(gone), _parts(came)
            changed = [part for part in before.keys() | after.keys() if before.get(part) != after.get(part)]
        else:  # objects only added (a file read the first time): every part they are in changed
            changed = list({part for obj in came for part in _parts_of(obj)})
        for part in changed:
            self._versions[part] = self._versions.get(part, 0) + 1
        if changed:
            self._generation += 1
        return frozenset(changed)

    def _unindex(self, uri: str, gone: list[KubeObject], everything: bool) -> None:
        """Take the file's objects `gone` out of the index (`everything`: all it had)."""
        for key in {key for obj in gone for key in _index_keys(obj)}:
            files = self._index[key]
            if everything:
                del files[uri]
            else:
                files[uri] = [obj for obj in files[uri] if not any(obj is g for g in gone)]
                if not files[uri]:
                    del files[uri]
            if not files:
                del self._index[key]

    def forget(self, uri: str) -> frozenset[tuple]:
        return self.set(uri, [])

    def fingerprint(self) -> tuple[int, int]:
        """Equal as long as nothing but positions changed."""
        return self._token, self._generation

    def uris(self) -> list[str]:
        """The files that declare objects."""
        return list(self._by_uri)

    def in_file(self, uri: str) -> list[KubeObject]:
        return list(self._by_uri.get(uri, ()))

    def all(self) -> Iterator[KubeObject]:
        for objects in self._by_uri.values():
            yield from objects

    def names(self) -> Names:
        """`kind/name` of every object, lowercased, one a line, with where each line starts and
        the objects in that order: one regular expression searches them all in C."""
        if self._names is None:
            objects = list(self.all())
            lines = [(obj.kind + "/" + obj.name_text).lower() for obj in objects]
            starts = list(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
            self._names = Names("\n".join(lines), starts, objects)
        return self._names

    def __len__(self) -> int:
        return sum(map(len, self._by_uri.values()))

    def _found(self, key: tuple) -> list[KubeObject]:
        return [obj for objects in self._index.get(key, {}).values() for obj in objects]

    def of_kind(self, kind: str) -> list[KubeObject]:
        return self._found(("kind", kind))

    def named(self, kind: str, name: str, namespace: str | None = None) -> list[KubeObject]:
        return [obj for obj in self._found(("name", kind, name)) if same_namespace(obj, namespace)]

    def selected_by(self, selector: Selector, namespace: str | None = None) -> list[KubeObject]:
        """Objects with Pods that the selector may pick (an operator it does not know counts as
        a match: a miss is cheaper than a false alarm). An empty selector picks nothing here."""
        return list(self._selected(selector, namespace))

    def selects_any(self, selector: Selector, namespace: str | None = None) -> bool:
        """Whether `selected_by` would find any: the first is enough (a common label such as
        `app: web` may have hundreds of candidates)."""
        return next(self._selected(selector, namespace), None) is not None

    def _selected(self, selector: Selector, namespace: str | None) -> Iterator[KubeObject]:
        if selector.empty:
            return
        if selector.labels:
            key, value = selector.labels[0]
            files = self._index.get(("label", key.text, value.text), {})
        else:
            files = self._index.get(("pods",), {})
        for objects in files.values():
            for obj in objects:
                if same_namespace(obj, namespace) and selector.matches(obj.pod_labels or {}) is not False:
                    yield obj

    def declares(self, kind: str, namespace: str | None = None) -> bool:
        """Whether any object of the kind may be in that namespace."""
        if namespace is None or ("written", kind, None) in self._index or ("scoped", kind) in self._index:
            return ("kind", kind) in self._index
        return ("written", kind, namespace) in self._index

    def keys(self, kind: str, name: str, namespace: str | None = None) -> set[str] | None:
        """The keys the objects of that name hold together (a kustomize overlay may add some);
        None when there are none of that name or one's keys are unknown."""
        objects = self.named(kind, name, namespace)
        if not objects or any(obj.key_texts is None for obj in objects):
            return None
        return {key for obj in objects for key in obj.key_texts or ()}

    def version(self, part: tuple) -> int:
        """How many times the part of the model changed (see `_parts`)."""
        return self._versions.get(part, 0)

    def answers_same(self, asked: Asked) -> bool:
        """Whether no part that a `WorkspaceView`'s questions were about changed since."""
        return all(self._versions.get(part, 0) == version for part, version in asked.items())


Asked = dict[tuple, int]
"""The parts of the model a document's checks asked about, with their versions then."""


def _index_keys(obj: KubeObject) -> list[tuple]:
    """What queries find the object by: its kind and name, its kind, the namespace written
    in it (or that it is cluster-scoped), and whether it has Pods and with which labels."""
    keys = [("name", obj.kind, obj.name_text), ("kind", obj.kind),
            ("scoped", obj.kind) if obj.cluster_scoped else ("written", obj.kind, obj.namespace_text)]
    labels = obj.pod_labels
    if labels is not None:
        keys.append(("pods",))
        keys += [("label", key, value) for key, value in labels.items()]
    return keys


def _parts(objects: list[KubeObject]) -> dict[tuple, list[tuple]]:
    """What questions can learn of each part of the model: all about the objects of a kind and
    name; the namespaces of a kind's objects; the namespaces and labels of Pods. Editing a
    ConfigMap's keys then changes the answers about it only, not those of `declares`."""
    parts: dict[tuple, list[tuple]] = {}
    for obj in objects:
        facts = obj.facts()
        parts.setdefault(("name", obj.kind, obj.name_text), []).append(facts)
        parts.setdefault(("kind", obj.kind), []).append((obj.namespace_text, obj.cluster_scoped))
        if facts[7] is not None:  # it has Pods
            parts.setdefault(("pods",), []).append((obj.namespace_text, facts[7]))
    return parts


def _parts_of(obj: KubeObject) -> tuple[tuple, ...]:
    """The parts of the model the object is in: the keys `_parts` gives it."""
    if not obj.has_pods:
        return ("name", obj.kind, obj.name_text), ("kind", obj.kind)
    return ("name", obj.kind, obj.name_text), ("kind", obj.kind), ("pods",)


class WorkspaceView:
    """The model as the checks of one document see it: each question is noted with its answer."""

    def __init__(self, model: WorkspaceModel) -> None:
        self.model = model
        self.asked: Asked = {}

    def _note(self, part: tuple) -> None:
        self.asked[part] = self.model.version(part)

    def named(self, kind: str, name: str, namespace: str | None = None) -> list[KubeObject]:
        self._note(("name", kind, name))
        return self.model.named(kind, name, namespace)

    def keys(self, kind: str, name: str, namespace: str | None = None) -> set[str] | None:
        self._note(("name", kind, name))
        return self.model.keys(kind, name, namespace)

    def declares(self, kind: str, namespace: str | None = None) -> bool:
        self._note(("kind", kind))
        return self.model.declares(kind, namespace)

    def selects_any(self, selector: Selector, namespace: str | None = None) -> bool:
        self._note(("pods",))
        return self.model.selects_any(selector, namespace)

