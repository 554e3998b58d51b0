"""workspace/symbol: the objects of the workspace model, as `kind/name`."""

from __future__ import annotations

from lsprotocol import types

from ..server import PodLanguageServer

_KINDS = {"Namespace": types.SymbolKind.Namespace, "Service": types.SymbolKind.Interface,
          "ConfigMap": types.SymbolKind.Object, "Secret": types.SymbolKind.Key}


def register(server: PodLanguageServer) -> None:
    @server.feature(types.WORKSPACE_SYMBOL, types.WorkspaceSymbolOptions())
    def workspace_symbol(ls: PodLanguageServer, params: types.WorkspaceSymbolParams
                         ) -> list[types.WorkspaceSymbol]:
        """Returns the objects whose `kind/name` the query picks, with their namespaces."""
        from ...ide.structure.workspace_symbols import workspace_symbols

        symbols = []
        for found in workspace_symbols(ls.model.names(), params.query):
            document = ls.open_documents.get(found.uri)
            if document is not None:
                where = ls.positions(document).range(found.start, found.end)
            else:  # the file is not open: its columns are code points (UTF-16 units but for emoji)
                where = types.Range(start=types.Position(line=found.start[0], character=found.start[1]),
                                    end=types.Position(line=found.end[0], character=found.end[1]))
            symbols.append(types.WorkspaceSymbol(
                name=found.name, kind=_KINDS.get(found.kind, types.SymbolKind.Class),
                location=types.Location(uri=found.uri, range=where), container_name=found.namespace))
        return symbols
