"""Services across the workspace, so that a Pod's `subdomain` can be matched to one.

The index is keyed by document URI (or path): the server refreshes an entry whenever a file
is opened, changed, saved or changed on disk, and `pod-ls check` fills it from the files it
reads. Lookups see the open documents' versions first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..yaml.nodes import Mapping, Pos, YamlDocument
from .locate import document_kind, get_path, scalar_text


@dataclass(frozen=True, slots=True)
class ServiceRef:
    name: str
    namespace: str | None
    headless: bool
    uri: str
    start: Pos
    """File position of the Service's `kind` key."""


_SERVICE_HINT = re.compile(r"\bService\b")


def may_declare_services(text: str) -> bool:
    """False when the text surely declares no Service (its kind is not spelled in it, not even
    with escapes), so it need not be parsed to find them."""
    # `in` first: it is many times faster than the regex on a big text.
    return "\\" in text or ("Service" in text and _SERVICE_HINT.search(text) is not None)


def find_services(documents: list[YamlDocument], uri: str) -> list[ServiceRef]:
    found = []
    for document in documents:
        root = document.root
        if document_kind(root) != "Service" or not isinstance(root, Mapping):
            continue
        name = scalar_text(get_path(root, ("metadata", "name")))
        if name is None:
            continue
        pair = root.pair("kind")
        line, column = pair[0].start if pair else (0, 0)
        found.append(ServiceRef(
            name=name,
            namespace=scalar_text(get_path(root, ("metadata", "namespace"))),
            headless=scalar_text(get_path(root, ("spec", "clusterIP"))) == "None",
            uri=uri,
            start=(line + document.line_offset, column),
        ))
    return found


class ServiceLookup:
    """Services by name, gathered from open documents and workspace files."""

    def __init__(self) -> None:
        self._by_uri: dict[str, list[ServiceRef]] = {}
        self._fingerprint: frozenset[tuple[str, str | None, bool]] | None = None
        """Worked out once per change of the Services: every document's analysis keeps the
        one it saw, so a copy each would make memory grow with documents x Services."""
        self._by_name: dict[str, list[ServiceRef]] | None = None
        """Index for `named`, rebuilt after a change, so a lookup does not scan every Service."""

    def __getstate__(self) -> dict[str, list[ServiceRef]]:
        """Only the Services go to the helper process, not what is worked out from them."""
        return self._by_uri

    def __setstate__(self, by_uri: dict[str, list[ServiceRef]]) -> None:
        self.__init__()
        self._by_uri = by_uri

    def set(self, uri: str, services: list[ServiceRef]) -> bool:
        """Record a file's Services; True when that changed what lookups return."""
        old = self._by_uri.get(uri, [])
        if services:
            self._by_uri[uri] = services
        else:
            self._by_uri.pop(uri, None)
        changed = old != services
        if changed:
            self._fingerprint = self._by_name = None
        return changed

    def forget(self, uri: str) -> bool:
        return self.set(uri, [])

    def fingerprint(self) -> frozenset[tuple[str, str | None, bool]]:
        """What findings can depend on: the Services' names, namespaces and headlessness; the
        same object until `set` changes something."""
        if self._fingerprint is None:
            self._fingerprint = frozenset(
                (s.name, s.namespace, s.headless) for services in self._by_uri.values() for s in services)
        return self._fingerprint

    def named(self, name: str) -> list[ServiceRef]:
        if self._by_name is None:
            self._by_name = {}
            for services in self._by_uri.values():
                for service in services:
                    self._by_name.setdefault(service.name, []).append(service)
        return list(self._by_name.get(name, ()))
