"""Definition, references, document highlight and rename over the names that tie manifests
together (`ide.definition`, `ide.references`, `ide.highlight`, `ide.rename`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.exceptions import JsonRpcException

from .convert import Positions
from .server import OpenDocument, PodLanguageServer

if TYPE_CHECKING:
    from ..ide.names import FileDocuments, NameIndex
    from ..kube.sites import Site
    from ..yaml.nodes import Pos


class _Request:
    """An open buffer at a request's position: all its documents and its name index."""

    def __init__(self, ls: PodLanguageServer, uri: str, position: types.Position) -> None:
        self.document: OpenDocument | None = ls.open_documents.get(uri)
        self.uri = uri
        self.positions: Positions | None = None
        self.pos: Pos | None = None
        if self.document is not None:
            self.positions = ls.positions(self.document)
            self.pos = self.positions.from_client(position)

    @property
    def documents(self) -> FileDocuments:
        return self.document.file_documents()

    @property
    def index(self) -> NameIndex:
        from ..ide.names import NameIndex

        if self.document.names is None:
            self.document.names = NameIndex()
        return self.document.names

    def location(self, site: Site) -> types.Location:
        return types.Location(uri=site.uri or self.uri, range=self.positions.range(site.start, site.end))


def _refused(message: str) -> JsonRpcException:
    return JsonRpcException(code=types.LSPErrorCodes.RequestFailed, message=message)


def register(server: PodLanguageServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: PodLanguageServer, params: types.DefinitionParams) -> list[types.Location] | None:
        """Returns where the name under the cursor is declared."""
        from ..ide.definition import definition

        request = _Request(ls, params.text_document.uri, params.position)
        if request.pos is None:
            return None
        found = definition(request.documents, *request.pos, request.index)
        return [request.location(site) for site in found] or None

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def references(ls: PodLanguageServer, params: types.ReferenceParams) -> list[types.Location] | None:
        """Returns every place tied to the name under the cursor."""
        from ..ide.references import references

        request = _Request(ls, params.text_document.uri, params.position)
        if request.pos is None:
            return None
        found = references(request.documents, *request.pos, params.context.include_declaration, request.index)
        return [request.location(site) for site in found] or None

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT)
    def document_highlight(ls: PodLanguageServer, params: types.DocumentHighlightParams
                           ) -> list[types.DocumentHighlight] | None:
        """Returns the places of the name under the cursor, declarations as writes."""
        from ..ide.highlight import highlights

        request = _Request(ls, params.text_document.uri, params.position)
        if request.pos is None:
            return None
        found = highlights(request.documents, *request.pos, request.index)
        write, read = types.DocumentHighlightKind.Write, types.DocumentHighlightKind.Read
        return [types.DocumentHighlight(range=request.positions.range(h.start, h.end),
                                        kind=write if h.write else read) for h in found] or None

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    def prepare_rename(ls: PodLanguageServer, params: types.PrepareRenameParams
                       ) -> types.PrepareRenamePlaceholder | None:
        """Returns the name a rename here would change, or an error that says why it cannot."""
        from ..ide.rename import RenameRefused, prepare_rename

        request = _Request(ls, params.text_document.uri, params.position)
        if request.pos is None:
            return None
        try:
            found = prepare_rename(request.documents, *request.pos, request.index)
        except RenameRefused as refused:
            raise _refused(str(refused)) from None
        if found is None:
            return None
        return types.PrepareRenamePlaceholder(range=request.positions.range(found.start, found.end),
                                              placeholder=found.text)

    @server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
    def rename(ls: PodLanguageServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
        """Returns the edits that rename the name under the cursor everywhere it is tied to."""
        from ..ide.rename import RenameRefused, rename

        request = _Request(ls, params.text_document.uri, params.position)
        if request.pos is None:
            return None
        try:
            found = rename(request.document.lines, request.documents, *request.pos, params.new_name,
                           ls.settings.version, request.index)
        except RenameRefused as refused:
            raise _refused(str(refused)) from None
        if not found:
            return None
        changes: dict[str, list[types.TextEdit]] = {}
        for site, text in found:
            edit = types.TextEdit(range=request.positions.range(site.start, site.end), new_text=text)
            changes.setdefault(site.uri or request.uri, []).append(edit)
        return types.WorkspaceEdit(changes=changes)
