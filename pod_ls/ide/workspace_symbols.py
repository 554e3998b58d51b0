"""Workspace symbols: `kind/name` of every object of the workspace model that the query
picks, for the editor's "go to symbol in workspace".

The query matches like the editors' own filters: its characters, in order and ignoring case,
anywhere in `kind/name` (`dep/web` finds `Deployment/web-frontend`). Names that hold the
query as one piece come first, then the shorter ones. At most `LIMIT` are returned: an empty
query over a large workspace would otherwise send tens of thousands.
"""

from __future__ import annotations

import heapq
import re
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


def workspace_symbols(objects: Iterable[KubeObject], query: str, limit: int = LIMIT) -> list[Symbol]:
    """The objects whose `kind/name` the query picks, best matches first."""
    wanted = query.strip().lower()
    # A regular expression does the character-by-character walk in C: 60,000 names in ms.
    search = re.compile(".*?".join(map(re.escape, wanted))).search
    found = []
    for number, obj in enumerate(objects):
        name = obj.kind + "/" + obj.name_text
        lowered = name.lower()
        if search(lowered):
            found.append((wanted not in lowered, len(name), name, number, obj))
    best = heapq.nsmallest(limit, found, key=lambda entry: entry[:4])
    return [Symbol(name, obj.kind, obj.namespace_text, obj.uri, obj.name.start, obj.name.end)
            for _, _, name, _, obj in best]
