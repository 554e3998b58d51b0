"""Go to definition: where the name under the cursor is declared (the volume of a mount, the
container port of a probe, the ConfigMap of a `configMapKeyRef`, in this file or, given the
workspace, in another)."""

from __future__ import annotations

from ...kube.links.sites import Site
from .names import FileDocuments, NameIndex, Workspace, targets_at


def definition(documents: FileDocuments, line: int, column: int, index: NameIndex | None = None,
               workspace: Workspace | None = None) -> list[Site]:
    """The declarations of the name at (line, column): the name itself on a declaration, none
    where it is declared nowhere."""
    found = targets_at(documents, line, column, index, workspace)
    return found[1] if found is not None else []
