"""A file as navigation reads it (`NamedFile`): its documents, each parsed when first needed,
and the name sites of each, kept while the document's text is the same; and the documents of
the files a request reads (`Scope`), searched by their text before any is parsed.

The request's own file is an open buffer; the others are other open buffers or files on disk
(see `workspace_names`). A document of a file on disk is parsed only when its names are not
known yet, and its tree is not kept: only its names are.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from ...kube.links.file_links import Part
from ...kube.links.namesites import SELECTOR_WORD, document_names
from ...kube.links.sites import DocumentNames
from ...kube.locate import document_at
from ...yaml.nodes import YamlDocument
from ...yaml.parse import parse_document, split_lines

REPAIR_ATTEMPTS = 8
"""How many lines, from the error up, a broken document is read again without."""


class FileDocuments:
    """A file's documents, each parsed when first asked for. A request in a big file parses the
    document at the cursor and those whose text holds the name, not the whole file (a big
    file's first read leaves half of its documents to the helper process)."""

    def __init__(self, chunks: list[tuple[int, str]], parse: Callable[[int, str], YamlDocument]) -> None:
        self.chunks = chunks
        """(first line, text) of each document, in order."""
        self.parse = parse
        """(first line, text) → the parsed document."""

    @classmethod
    def of(cls, documents: list[YamlDocument]) -> FileDocuments:
        """A file's documents parsed already."""
        parsed = {(d.line_offset, d.text): d for d in documents}
        return cls(list(parsed), lambda offset, text: parsed[offset, text])

    def at(self, line: int) -> YamlDocument | None:
        """The document that file line belongs to (as `locate.document_at` says)."""
        found = bisect_right(self.chunks, line, key=lambda chunk: chunk[0]) - 1
        return document_at([self.parse(*self.chunks[found])], line) if found >= 0 else None

    def texts(self) -> set[str]:
        return {text for _, text in self.chunks}


class NameIndex:
    """The name sites of each document of one file, kept while the document's text is the
    same, so that a request in a big file reads only the documents that changed."""

    def __init__(self, kustomization: bool = False) -> None:
        self.kustomization = kustomization
        """The file is a kustomization: its generators declare ConfigMaps and Secrets."""
        self._full: dict[str, DocumentNames] = {}
        self._declared: dict[str, DocumentNames] = {}
        """What `document_names(declarations_only=True)` found, for documents only pointed at."""

    def names(self, document: YamlDocument, declarations_only: bool = False) -> DocumentNames:
        return self.names_of(document.text, lambda: document, declarations_only)

    def names_of(self, text: str, parse: Callable[[], YamlDocument], declarations_only: bool = False) -> DocumentNames:
        """The names of the document with that text, parsed by `parse` only if they are not known."""
        cache = self._declared if declarations_only else self._full
        names = cache.get(text) or (self._full.get(text) if declarations_only else None)
        if names is None:
            names = cache[text] = document_names(repaired(parse()), declarations_only, self.kustomization)
        return names

    def keep_only(self, documents: FileDocuments) -> None:
        """Forget the documents of older texts, once they outnumber the current ones."""
        if len(self._full) + len(self._declared) > 2 * len(documents.chunks):
            texts = documents.texts()
            self._full = {t: n for t, n in self._full.items() if t in texts}
            self._declared = {t: n for t, n in self._declared.items() if t in texts}


def repaired(document: YamlDocument) -> YamlDocument:
    """The document, or while it does not parse (a half-typed line), what parses of it once one
    line is blank: the line the parser stumbled on or one above it (an unclosed bracket or
    quote shows up lines later), so that the rest of its names still count."""
    if document.root is not None or document.error is None:
        return document
    lines = split_lines(document.text)
    at = min(document.error.start[0], len(lines) - 1)
    for line in [n for n in range(at, -1, -1) if lines[n].strip()][:REPAIR_ATTEMPTS]:
        parsed = parse_document("\n".join([*lines[:line], "", *lines[line + 1:]]), document.line_offset)
        if parsed.root is not None:
            return parsed
    return document


class NamedFile:
    """A file's documents and their names, with its text and lines for the places found in it."""

    def __init__(self, uri: str, documents: FileDocuments, index: NameIndex, text: str | None = None,
                 lines: list[str] | None = None) -> None:
        self.uri = uri
        self.documents = documents
        self.index = index
        self.text = text
        """The whole text, to tell at once whether a name is in it (None: not known, it may be)."""
        self._lines = lines

    @classmethod
    def on_disk(cls, uri: str, text: str, kustomization: bool) -> NamedFile:
        """A file read from disk: its documents as the workspace scan splits them."""
        from ...kube.files.lists import split_manifests

        return cls(uri, FileDocuments(split_manifests(text), lambda offset, chunk: parse_document(chunk, offset)),
                   NameIndex(kustomization), text)

    def holds(self, name: str) -> bool:
        return self.text is None or name in self.text

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = split_lines(self.text or "".join(text for _, text in self.documents.chunks))
        return self._lines


@dataclass(frozen=True, slots=True)
class Doc:
    """A document of a file that a request reads (equal to another of the same file, line
    and text: files are compared by identity)."""

    file: NamedFile
    offset: int
    """The file line it starts at."""
    text: str
    uri: str | None
    """Its file, None for the request's own (as `Site.uri`)."""

    def names(self, declarations_only: bool = False) -> DocumentNames:
        return self.file.index.names_of(self.text, self.parsed, declarations_only)

    def parsed(self) -> YamlDocument:
        return self.file.documents.parse(self.offset, self.text)

    def part(self, declarations_only: bool = False) -> Part:
        return Part(self.offset, self.names(declarations_only), self.uri)


class Scope:
    """The files a request reads, its own first: their documents found by their text."""

    def __init__(self, own: NamedFile, others: list[NamedFile] | None = None) -> None:
        self.own = own
        self.others = others or []
        self._holding: dict[str, list[Doc]] = {}
        """The documents that hold a name, for the request's few names."""

    def _all_holding(self, name: str) -> list[Doc]:
        found = self._holding.get(name)
        if found is None:
            found = [Doc(self.own, offset, text, None) for offset, text in self.own.documents.chunks if name in text]
            found += [Doc(file, offset, text, file.uri) for file in self.others
                      for offset, text in file.documents.chunks if name in text]
            self._holding[name] = found
        return found

    def holding(self, name: str, but: Doc, words: tuple[str, ...] = (),
                where: Callable[[str], bool] | None = None) -> list[Doc]:
        """The other documents whose text holds `name`, and one of `words` if any (a
        kustomization's documents need not), and passes `where` if given."""
        return [d for d in self._all_holding(name) if d != but
                and (not words or d.file.index.kustomization or any(w in d.text for w in words))
                and (where is None or where(d.text))]

    def of_kinds(self, name: str, but: Doc, kinds: tuple[str, ...] | None) -> list[Doc]:
        """The other documents that hold `name` and are of one of those kinds or declare one
        (None: that have a selector); their text must spell the kind, so the others are not
        parsed."""
        if kinds is None:
            return self.holding(name, but, (SELECTOR_WORD,))
        return [d for d in self.holding(name, but, kinds) if d.names(declarations_only=True).declares(kinds)]
