"""Workspace symbols: `kind/name` of every object of the workspace model that the query
picks, for the editor's "go to symbol in workspace".

The query matches like the editors' own filters: its characters, in order and ignoring case,
anywhere in `kind/name` (`dep/web` finds `Deployment/web-frontend`). Names that hold the
query as one piece come first, then the shorter ones. At most `LIMIT` are returned: an empty
query over a large workspace would otherwise send tens of thousands.
"""

from __future__ import annotations

import bisect
import heapq
import re
from dataclasses import dataclass

from ...kube.links.workspace_model import Names
from ...yaml.nodes import Pos

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


def workspace_symbols(names: Names, query: str, limit: int = LIMIT) -> list[Symbol]:
    """The objects whose `kind/name` the query picks, best matches first (for an empty query,
    the first ones)."""
    wanted = query.strip().lower()
    objects = names.objects
    if not wanted:
        picked = objects[:limit]
    else:
        # Each character at its first place after the one before: nothing to try again (the
        # possessive `*+`), so a line that does not match costs one pass; then the line's rest.
        pattern = re.compile("^" + "".join(f"[^\\n{re.escape(char)}]*+{re.escape(char)}" for char in wanted)
                             + "[^\\n]*", re.MULTILINE)
        starts = names.starts
        found = [(wanted not in line, len(line), line, bisect.bisect_right(starts, match.start()) - 1)
                 for match in pattern.finditer(names.text) for line in (match.group(),)]
        picked = [objects[index] for *_, index in heapq.nsmallest(limit, found)]
    return [Symbol(f"{obj.kind}/{obj.name_text}", obj.kind, obj.namespace_text, obj.uri, obj.name.start, obj.name.end)
            for obj in picked]
