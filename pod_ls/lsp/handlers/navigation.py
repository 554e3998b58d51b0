"""Definition, references, document highlight and rename over the names that tie manifests
together (`ide.navigation`: `definition`, `references`, `highlight`, `rename`), across the
workspace's files (`ide.navigation.workspace_names`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.exceptions import JsonRpcException

from ..convert import Positions
from ..paths import uri_to_path
from ..server import OpenDocument, PodLanguageServer

if TYPE_CHECKING:
    from ...ide.navigation.named_files import NamedFile
    from ...ide.navigation.names import FileDocuments, NameIndex, Workspace
    from ...kube.links.sites import Site
    from ...yaml.nodes import Pos


def name_index(document: OpenDocument) -> NameIndex:
    """The buffer's name index, made by the first request that needs it."""
    from ...ide.navigation.named_files import NameIndex
    from ...kube.files.kustomize import KUSTOMIZATION_FILES

    if document.names is None:
        document.names = NameIndex(kustomization=document.uri.rpartition("/")[2] in KUSTOMIZATION_FILES)
    return document.names


def workspace_file(ls: PodLanguageServer, uri: str) -> NamedFile | None:
    """A file's current text and names: the open buffer's, else the file on disk."""
    from ...ide.navigation.named_files import NamedFile
    from ..files import DiskFiles

    document = ls.open_documents.get(uri)
    if document is not None:
        return NamedFile(uri, document.file_documents(), name_index(document), document.text, document.lines)
    if ls.disk_files is None:
        ls.disk_files = DiskFiles()
    return ls.disk_files.read(uri)


def _label(ls: PodLanguageServer, uri: str) -> str:
    """A file as the user knows it: its path in its workspace folder, else its name."""
    path = uri_to_path(uri)
    if path is None:
        return uri
    for folder in ls.workspace.folders.values():
        root = uri_to_path(folder.uri)
        if root is not None and root in path.parents:
            return path.relative_to(root).as_posix()
    return path.name


class _Files:
    """The workspace's files, each read once in a request however often asked for."""

    def __init__(self, ls: PodLanguageServer) -> None:
        self.ls = ls
        self._read: dict[str, NamedFile | None] = {}

    def __call__(self, uri: str) -> NamedFile | None:
        if uri not in self._read:
            self._read[uri] = workspace_file(self.ls, uri)
        return self._read[uri]


def workspace_of(ls: PodLanguageServer, uri: str) -> Workspace:
    """The rest of the workspace, for a request in the buffer `uri`."""
    from ...ide.navigation.names import Workspace

    return Workspace(ls.model, uri, [u for u in ls.open_documents if u != uri], _Files(ls),
                     lambda other: _label(ls, other))


class _Request:
    """An open buffer at a request's position: all its documents, its name index, and the
    rest of the workspace."""

    def __init__(self, ls: PodLanguageServer, uri: str, position: types.Position) -> None:
        self.ls = ls
        self.document: OpenDocument | None = ls.open_documents.get(uri)
        self.uri = uri
        self.positions: Positions | None = None
        self.pos: Pos | None = None
        self.workspace = workspace_of(ls, uri)
        self._positions: dict[str | None, Positions] = {}
        """By file (None: this one), for the places found."""
        if self.document is not None:
            self.positions = self._positions[None] = ls.positions(self.document)
            self.pos = self.positions.from_client(position)

    @property
    def documents(self) -> FileDocuments:
        return self.document.file_documents()

    @property
    def index(self) -> NameIndex:
        return name_index(self.document)

    def range(self, site: Site) -> types.Range:
        """The site's range in its file's client units."""
        positions = self._positions.get(site.uri)
        if positions is None:
            file = self.workspace.read(site.uri) if site.uri is not None else None
            positions = Positions(file.lines if file is not None else [], self.ls.workspace.position_codec)
            self._positions[site.uri] = positions
        return positions.range(site.start, site.end)

    def location(self, site: Site) -> types.Location:
        return types.Location(uri=site.uri or self.uri, range=self.range(site))


def _refused(message: str) -> JsonRpcException:
    return JsonRpcException(code=types.LSPErrorCodes.RequestFailed, message=message)


def register(server: PodLanguageServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: PodLanguageServer, params: types.DefinitionParams) -> list[types.Location] | None:
        """Returns where the name under the cursor is declared."""
        from ...ide.navigation.definition import definition

        request = _Request(ls, params.text_document.uri, params.position)
        if request.pos is None:
            return None
        found = definition(request.documents, *request.pos, request.index, request.workspace)
        return [request.location(site) for site in found] or None

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def references(ls: PodLanguageServer, params: types.ReferenceParams) -> list[types.Location] | None:
        """Returns every place tied to the name under the cursor."""
        from ...ide.navigation.references import references

        request = _Request(ls, params.text_document.uri, params.position)
        if request.pos is None:
            return None
        found = references(request.documents, *request.pos, params.context.include_declaration, request.index,
                           request.workspace)
        return [request.location(site) for site in found] or None

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT)
    def document_highlight(ls: PodLanguageServer, params: types.DocumentHighlightParams
                           ) -> list[types.DocumentHighlight] | None:
        """Returns the places of the name under the cursor, declarations as writes."""
        from ...ide.navigation.highlight import highlights

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
        from ...ide.navigation.rename import RenameRefused, prepare_rename

        request = _Request(ls, params.text_document.uri, params.position)
        if request.pos is None:
            return None
        try:
            found = prepare_rename(request.documents, *request.pos, request.index, request.workspace)
        except RenameRefused as refused:
            raise _refused(str(refused)) from None
        if found is None:
            return None
        return types.PrepareRenamePlaceholder(range=request.positions.range(found.start, found.end),
                                              placeholder=found.text)

    @server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
    def rename(ls: PodLanguageServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
        """Returns the edits that rename the name under the cursor everywhere it is tied to,
        in every file."""
        from ...ide.navigation.rename import RenameRefused, rename

        request = _Request(ls, params.text_document.uri, params.position)
        if request.pos is None:
            return None
        try:
            found = rename(request.document.lines, request.documents, *request.pos, params.new_name,
                           ls.settings.version, request.index, request.workspace)
        except RenameRefused as refused:
            raise _refused(str(refused)) from None
        if not found:
            return None
        changes: dict[str, list[types.TextEdit]] = {}
        for site, text in found:
            changes.setdefault(site.uri or request.uri, []).append(types.TextEdit(range=request.range(site),
                                                                                  new_text=text))
        return types.WorkspaceEdit(changes=changes)
