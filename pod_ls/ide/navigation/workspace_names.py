"""The other files of the workspace that a navigation request reads: those that may hold a
place tied to the name under the cursor.

The workspace model knows every file's objects (kind, name, namespace, keys, pod labels) but
not what a pod spec names inside: the references, ports and selectors of a file are only in
its text. So a request does not index the workspace ahead of time; it asks the model which
files declare objects that could be involved, and reads only those whose text holds the name:

- an object's name or key: the files that declare an object of that kind and name (keys: one
  that has the key) and, for references and rename, those that declare Pods or pod
  templates in its namespace (any namespace for a cluster-scoped kind);
- a port: the files of Pods, pod templates and Services in the namespace;
- a label: the files of Pods and pod templates that carry it, and for references and rename
  those of every Service and pod template (affinity terms look in other namespaces);
- a volume or an env var: none, they never leave their pod spec.

Every other open buffer is read too (its current text, as the model may lag behind it). The
caller reads a file: an open buffer's text, or the file on disk, kept while its state (inode,
size, modification time) is the same, so only the documents that hold the name are parsed,
once per version of the file; each candidate is still looked at (its state, its text) by
every request, some 10 to 20 ms for 1,000 of them. The links themselves are then made by
`kube.links.file_links`, exactly (namespaces, selectors), over the documents of all these files at once.
Document highlight reads no other file.

A file on disk that the model knows nothing of (no document of it parses) is not read: a
miss, never a wrong place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ...kube.links import sites as kinds
from ...kube.links.objects import KubeObject
from ...kube.links.sites import Site
from ...kube.links.workspace_model import WorkspaceModel, same_namespace
from ...kube.locate import POD_SPEC_PATHS
from .named_files import NamedFile

KEY_OWNERS = {kinds.CONFIG_MAP_KEY: kinds.CONFIG_MAP, kinds.SECRET_KEY: kinds.SECRET}


@dataclass
class Workspace:
    """What a request knows of the workspace beyond its own file."""

    model: WorkspaceModel
    uri: str
    """The request's own file."""
    open_uris: Iterable[str]
    """The other open buffers."""
    read: Callable[[str], NamedFile | None]
    """A file's current text and names; None when it is gone."""
    label: Callable[[str], str] = lambda uri: uri.rpartition("/")[2]
    """How to name a file to the user."""

    def files(self, site: Site, namespace: str, everything: bool) -> list[NamedFile]:
        """The other files that may hold a place tied to the site, of a document in
        `namespace`: with `everything`, all such places, else only its declarations."""
        if site.kind in (kinds.VOLUME, kinds.ENV):
            return []
        uris = dict.fromkeys(self.open_uris)
        uris.update((obj.uri, None) for obj in self._involved(site, namespace, everything))
        uris.pop(self.uri, None)
        return [file for uri in uris if (file := self.read(uri)) is not None and file.holds(site.name)]

    def _involved(self, site: Site, namespace: str, everything: bool) -> Iterator[KubeObject]:
        kind, name, model = site.kind, site.name, self.model
        if kind in kinds.OBJECT_KINDS:
            scope = None if kind in kinds.CLUSTER_SCOPED else namespace
            yield from model.named(kind, name, scope)
            if everything:
                yield from self._pods(scope)
        elif kind in KEY_OWNERS:
            yield from (obj for obj in model.of_kind(KEY_OWNERS[kind])
                        if same_namespace(obj, namespace) and name in (obj.key_texts or ()))
            if everything:
                yield from self._pods(namespace)
        elif kind == kinds.PORT:
            yield from self._pods(namespace)
            yield from (obj for obj in model.of_kind(kinds.SERVICE) if same_namespace(obj, namespace))
        elif everything:  # a label
            yield from self._pods(None)
            yield from model.of_kind(kinds.SERVICE)
        else:
            wanted = (lambda labels: name in labels) if kind == kinds.LABEL_KEY else (
                lambda labels: name in labels.values())
            yield from (obj for obj in self._pods(None) if wanted(obj.pod_labels or {}))

    def _pods(self, namespace: str | None) -> Iterator[KubeObject]:
        """The Pods and pod templates that may be in the namespace (None: in any)."""
        for kind in POD_SPEC_PATHS:
            yield from (obj for obj in self.model.of_kind(kind) if same_namespace(obj, namespace))
