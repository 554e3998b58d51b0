"""Find references: every place of the file tied to the name under the cursor."""

from __future__ import annotations

from ..kube.sites import Site
from .names import FileDocuments, NameIndex, symbol_at


def references(documents: FileDocuments, line: int, column: int, include_declaration: bool,
               index: NameIndex | None = None) -> list[Site]:
    """The uses of the name at (line, column), and with `include_declaration` the places that
    declare it, in file order."""
    symbol = symbol_at(documents, line, column, index)
    if symbol is None:
        return []
    return [site for site in symbol.sites if include_declaration or not site.declares]
