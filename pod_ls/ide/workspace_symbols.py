"""Workspace symbols: `kind/name` of every object of the workspace model that the query
picks, for the editor's "go to symbol in workspace".

The query matches like the editors' own filters: its characters, in order and ignoring case,
anywhere in `kind/name` (`dep/web` finds `Deployment/web-frontend`). Names that hold the
query as one piece come first, then the shorter ones. At most `LIMIT` are returned: an empty
query over a large workspace would otherwise send tens of thousands.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..kube.objects import KubeObject
from ..yaml.nodes import Pos

LIMIT = 1000


@dataclass(frozen=True, slots=True)
class Symbol:
    name: str
    """`kind/name`, as kubectl names an object."""
    kind: str
    namespace: str | None
    """The namespace written in the manifest (None: none written, or a cluster-scoped kind)."""
    uri: str
    start: Pos
    end: Pos
    """The object's name in its file (file line, code-point column)."""


def _matches(query: str, text: str) -> bool:
    position = 0
    for char in query:
        position = text.find(char, position) + 1
        if position == 0:
            return False
    return True


def workspace_symbols(objects: Iterable[KubeObject], query: str, limit: int = LIMIT) -> list[Symbol]:
    """The objects whose `kind/name` the query picks, best matches first."""
    wanted = query.strip().lower()
    found = []
    for obj in objects:
        name = f"{obj.kind}/{obj.name.text}"
        lowered = name.lower()
        if _matches(wanted, lowered):
            found.append((wanted not in lowered, len(name), name, obj))
    found.sort(key=lambda entry: entry[:3])
    return [Symbol(name, obj.kind, obj.namespace.text if obj.namespace is not None else None, obj.uri,
                   obj.name.start, obj.name.end) for _, _, name, obj in found[:limit]]
