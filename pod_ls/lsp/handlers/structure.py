"""The document's structure: outline (documentSymbol), folding ranges and selection ranges.

A 63k-line file has some 15,000 symbols and 30,000 folds. Built as lsprotocol objects and
unstructured by cattrs they took half a second, ten times the work of finding them; so these
two answers are written in their JSON shape here (`_Wire`), and the converter passes them
through as they are. Its documents are read in slices of time, so requests that come
meanwhile are answered between two slices.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.capabilities import get_capability

from ..convert import Positions
from ..server import OpenDocument, PodLanguageServer

if TYPE_CHECKING:
    from ...ide.structure.folding import DocumentFolds, Fold
    from ...ide.structure.symbols import Symbol
    from ...yaml.nodes import Pos, YamlDocument

SLICE = 0.02
"""Seconds of parsing between two looks at the message queue."""

_KINDS = {
    "object": types.SymbolKind.Class, "container": types.SymbolKind.Module, "list": types.SymbolKind.Array,
    "probe": types.SymbolKind.Event, "port": types.SymbolKind.Interface, "env": types.SymbolKind.Variable,
    "mount": types.SymbolKind.Field, "volume": types.SymbolKind.Package, "key": types.SymbolKind.Key,
    "mapping": types.SymbolKind.Object, "sequence": types.SymbolKind.Array, "string": types.SymbolKind.String,
    "number": types.SymbolKind.Number, "boolean": types.SymbolKind.Boolean, "null": types.SymbolKind.Null,
}


class _Wire:
    """A result already in its JSON shape, sent as it is."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


def _pass_wire_results(server: PodLanguageServer) -> None:
    """Let a `_Wire` result past cattrs as it is (a response's result is unstructured by its
    class)."""
    server.protocol.fm.converter.register_unstructure_hook(_Wire, lambda wire: wire.value)


async def _documents(document: OpenDocument, work: Callable[[list[YamlDocument]], list] | None = None
                     ) -> tuple[list[str], list]:
    """The buffer's lines and its parsed documents, or what `work` makes of them. Documents not
    yet parsed are parsed, and `work` done, in slices of time, letting other messages in between."""
    text, lines = document.text, document.lines
    parser = document.analyzer.parser
    done: list = []
    batch: list[YamlDocument] = []
    started = time.monotonic()
    for offset, chunk in parser.split(text):
        batch.append(parser.document(offset, chunk))
        if time.monotonic() - started > SLICE:
            done += work(batch) if work is not None else batch
            batch = []
            await asyncio.sleep(0)
            started = time.monotonic()
    done += work(batch) if work is not None else batch
    return lines, done


class _Encoder:
    """Positions to their JSON shape in the client's units (ASCII lines need no conversion)."""

    def __init__(self, positions: Positions) -> None:
        self.positions = positions
        self.lines = positions.lines

    def position(self, pos: Pos) -> dict[str, int]:
        line, column = pos
        if line < len(self.lines) and self.lines[line].isascii():
            return {"line": line, "character": column}
        client = self.positions.to_client(pos)
        return {"line": client.line, "character": client.character}

    def range(self, start: Pos, end: Pos) -> dict[str, dict[str, int]]:
        return {"start": self.position(start), "end": self.position(end)}

    def symbol(self, symbol: Symbol) -> dict[str, Any]:
        out: dict[str, Any] = {"name": symbol.name, "kind": _KINDS[symbol.kind].value,
                               "range": self.range(symbol.start, symbol.end),
                               "selectionRange": self.range(symbol.name_start, symbol.name_end)}
        if symbol.detail:
            out["detail"] = symbol.detail
        if symbol.children:
            out["children"] = [self.symbol(child) for child in symbol.children]
        return out

    def information(self, symbols: list[Symbol], uri: str, container: str | None = None) -> list[dict[str, Any]]:
        """The flat form, for clients without hierarchical symbols."""
        out = []
        for symbol in symbols:
            item: dict[str, Any] = {"name": symbol.name, "kind": _KINDS[symbol.kind].value,
                                    "location": {"uri": uri, "range": self.range(symbol.start, symbol.end)}}
            if container:
                item["containerName"] = container
            out.append(item)
            out += self.information(symbol.children, uri, symbol.name)
        return out

    def fold(self, fold: Fold, lines_only: bool) -> dict[str, Any]:
        out: dict[str, Any] = {"startLine": fold.start_line, "endLine": fold.end_line}
        if not lines_only:
            out["startCharacter"] = self.position((fold.start_line, fold.start_column))["character"]
            out["endCharacter"] = self.position((fold.end_line, fold.end_column))["character"]
        if fold.kind:
            out["kind"] = fold.kind
        return out


def _selection(spans: list[tuple[Pos, Pos]], positions: Positions) -> types.SelectionRange:
    """Nested SelectionRanges from spans innermost first."""
    selection = None
    for start, end in reversed(spans):
        selection = types.SelectionRange(range=positions.range(start, end), parent=selection)
    return selection


def register(server: PodLanguageServer) -> None:
    _pass_wire_results(server)

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL, types.DocumentSymbolOptions(label="pod-ls"))
    async def document_symbol(ls: PodLanguageServer, params: types.DocumentSymbolParams) -> _Wire | None:
        """Returns the outline: each object, its containers and what they hold."""
        from ...ide.structure.symbols import symbols_of_each
        from ...kube.schema import load_schema

        document = ls.open_documents.get(params.text_document.uri)
        if document is None:
            return None
        encoder = _Encoder(Positions(document.lines, ls.workspace.position_codec))
        hierarchical = get_capability(ls.client_capabilities,
                                      "text_document.document_symbol.hierarchical_document_symbol_support", False)
        schema = load_schema()
        sent, kept = document.outline, {}

        def outline(documents: list[YamlDocument]) -> list[dict]:
            """Each document's symbols as sent before if it is unchanged, else found afresh."""
            missing = [d for d in documents if (hit := sent.get(id(d))) is None or hit[0] is not d]
            for found, symbols in zip(missing, symbols_of_each(encoder.lines, missing, schema), strict=True):
                wire = ([encoder.symbol(symbol) for symbol in symbols] if hierarchical
                        else encoder.information(symbols, document.uri))
                sent[id(found)] = (found, wire)
            out = []
            for parsed in documents:
                kept[id(parsed)] = sent[id(parsed)]
                out += sent[id(parsed)][1]
            return out

        result = (await _documents(document, outline))[1]
        document.outline = kept
        return _Wire(result)

    @server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE, types.FoldingRangeOptions())
    async def folding_range(ls: PodLanguageServer, params: types.FoldingRangeParams) -> _Wire | None:
        """Returns the folds: documents, collections, list items, block scalars, comments."""
        from ...ide.structure.folding import document_folds, folding_ranges

        document = ls.open_documents.get(params.text_document.uri)
        if document is None:
            return None
        lines, documents = await _documents(document)
        capabilities = ls.client_capabilities
        limit = get_capability(capabilities, "text_document.folding_range.range_limit", None)
        lines_only = get_capability(capabilities, "text_document.folding_range.line_folding_only", False)
        encoder = _Encoder(Positions(lines, ls.workspace.position_codec))
        known, kept = document.folds, {}

        def folds_of(lines: list[str], parsed: YamlDocument) -> DocumentFolds:
            hit = known.get(id(parsed))
            if hit is None or hit[0] is not parsed:
                hit = (parsed, document_folds(lines, parsed))
            kept[id(parsed)] = hit
            return hit[1]

        folds = folding_ranges(lines, documents, limit, folds_of)
        document.folds = kept
        return _Wire([encoder.fold(fold, lines_only) for fold in folds])

    @server.feature(types.TEXT_DOCUMENT_SELECTION_RANGE, types.SelectionRangeOptions())
    def selection_range(ls: PodLanguageServer, params: types.SelectionRangeParams
                        ) -> list[types.SelectionRange] | None:
        """Returns, for each position, the ranges that expanding the selection goes through."""
        from ...ide.structure.selection import selection_ranges

        document = ls.open_documents.get(params.text_document.uri)
        if document is None:
            return None
        positions = Positions(document.lines, ls.workspace.position_codec)
        points = [positions.from_client(p) or (p.line, p.character) for p in params.positions]
        lines = [line for line, _ in points]
        documents = document.documents_between(min(lines), max(lines)) if lines else []
        chains = selection_ranges(document.lines, documents, points)
        return [_selection(chain, positions) for chain in chains]
