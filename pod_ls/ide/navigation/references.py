"""Find references: every place tied to the name under the cursor, in this file and, given the
workspace, in the others."""

from __future__ import annotations

from ...kube.links.sites import Site
from .names import FileDocuments, NameIndex, Workspace, symbol_at


def references(documents: FileDocuments, line: int, column: int, include_declaration: bool,
               index: NameIndex | None = None, workspace: Workspace | None = None) -> list[Site]:
    """The uses of the name at (line, column), and with `include_declaration` the places that
    declare it, in file order (this file first)."""
    symbol = symbol_at(documents, line, column, index, workspace)
    if symbol is None:
        return []
    return [site for site in symbol.sites if include_declaration or not site.declares]
