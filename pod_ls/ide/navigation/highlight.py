"""Document highlight: the places of the name under the cursor in this file, declarations as
writes and uses as reads. It reads no other file: editors ask for it at every move of the
cursor, and show only this file's places."""

from __future__ import annotations

from dataclasses import dataclass

from ...yaml.nodes import Pos
from .names import FileDocuments, NameIndex, symbol_at


@dataclass(frozen=True, slots=True)
class Highlight:
    start: Pos
    end: Pos
    write: bool
    """The place declares the name (a volume's `name`); else it uses it (a mount's)."""


def highlights(documents: FileDocuments, line: int, column: int,
               index: NameIndex | None = None) -> list[Highlight]:
    symbol = symbol_at(documents, line, column, index)
    if symbol is None:
        return []
    return [Highlight(site.start, site.end, site.declares) for site in symbol.sites if site.uri is None]
