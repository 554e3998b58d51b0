"""The name under the cursor and every place of the same name it is tied to: what definition,
references, highlight, rename and hover share.

A name's places are the sites joined to it by links, directly or through others (a Service's
selector, the labels of the templates it picks, and the Deployments' selectors that pick the
same templates are one name to rename). Links come from `kube.links` for one file; a resolver
over the workspace's other files can add its own links of the same shape to `Symbol.of`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..kube.links import file_links, may_pick, mentions
from ..kube.locate import document_at, document_kind
from ..kube.namesites import SELECTOR_WORD, declaring_kinds, document_names, tying_kinds
from ..kube.sites import ENV, LABEL_KEY, LABEL_VALUE, PORT, SERVICE, VOLUME, DocumentNames, Link, Site
from ..yaml.nodes import Pos, YamlDocument
from ..yaml.parse import parse_document, split_lines

REPAIR_ATTEMPTS = 8
"""How many lines, from the error up, a broken document is read again without."""


class NameIndex:
    """The name sites of each document of one buffer, kept while the document's text is the
    same, so that a request in a big file reads only the documents that changed."""

    def __init__(self) -> None:
        self._full: dict[str, DocumentNames] = {}
        self._declared: dict[str, DocumentNames] = {}
        """What `document_names(declarations_only=True)` found, for documents only pointed at."""

    def names(self, document: YamlDocument, declarations_only: bool = False) -> DocumentNames:
        cache = self._declared if declarations_only else self._full
        names = cache.get(document.text)
        if names is None:
            names = cache[document.text] = document_names(repaired(document), declarations_only)
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


@dataclass(frozen=True, slots=True)
class Symbol:
    """A name at the cursor and every site tied to it, in file positions."""

    site: Site
    """The site under the cursor."""
    sites: list[Site]
    """Every site of the name, the cursor's included, in file order (other files last)."""
    links: list[Link]
    """The links between them."""

    @staticmethod
    def of(site: Site, links: Iterable[Link]) -> Symbol:
        """The sites reachable from `site` through `links`, in either direction."""
        neighbours: dict[Site, list[Site]] = {}
        links = list(links)
        for link in links:
            neighbours.setdefault(link.reference, []).append(link.declaration)
            neighbours.setdefault(link.declaration, []).append(link.reference)
        reached, todo = {site}, [site]
        while todo:
            for other in neighbours.get(todo.pop(), ()):
                if other not in reached:
                    reached.add(other)
                    todo.append(other)
        joined = [link for link in links if link.reference in reached]
        return Symbol(site, sorted(reached, key=_order), joined)

    @property
    def declarations(self) -> list[Site]:
        return [site for site in self.sites if site.declares]


def _order(site: Site) -> tuple[bool, str, Pos, Pos]:
    return site.uri is not None, site.uri or "", site.start, site.end


class FileDocuments:
    """A file's documents, each parsed when first asked for. A request in a big file parses the
    document at the cursor and those whose text holds the name, not the whole file (a big
    file's first read leaves half of its documents to the helper process)."""

    def __init__(self, chunks: list[tuple[int, str]], parse: Callable[[int, str], YamlDocument]) -> None:
        self.chunks = chunks
        """(first line, text) of each document, in order."""
        self._parse = parse

    @classmethod
    def of(cls, documents: list[YamlDocument]) -> FileDocuments:
        """A file's documents parsed already."""
        parsed = {(d.line_offset, d.text): d for d in documents}
        return cls(list(parsed), lambda offset, text: parsed[offset, text])

    def at(self, line: int) -> YamlDocument | None:
        """The document that file line belongs to (as `locate.document_at` says)."""
        found = bisect_right(self.chunks, line, key=lambda chunk: chunk[0]) - 1
        return document_at([self._parse(*self.chunks[found])], line) if found >= 0 else None

    def holding(self, name: str, but: YamlDocument, words: tuple[str, ...] = (),
                where: Callable[[str], bool] | None = None) -> list[YamlDocument]:
        """The other documents whose text holds `name`, and one of `words` if any, and passes
        `where` if given."""
        return [self._parse(offset, text) for offset, text in self.chunks
                if name in text and offset != but.line_offset and (not words or any(w in text for w in words))
                and (where is None or where(text))]

    def of_kinds(self, name: str, but: YamlDocument, kinds: tuple[str, ...] | None) -> list[YamlDocument]:
        """The other documents that hold `name` and are of one of those kinds (None: that have a
        selector); their text must spell the kind, so the others are not parsed."""
        if kinds is None:
            return self.holding(name, but, (SELECTOR_WORD,))
        return [d for d in self.holding(name, but, kinds) if document_kind(d.root) in kinds]

    def texts(self) -> set[str]:
        return {text for _, text in self.chunks}


def _site_at(index: NameIndex, documents: FileDocuments, line: int,
             column: int) -> tuple[YamlDocument, Site] | None:
    """The document at the cursor and the name site under it (file positions); a cursor just
    after a name is on it."""
    document = documents.at(line)
    if document is None:
        return None
    pos = (line - document.line_offset, column)
    found = [site for sites in index.names(document).sites.values() for site in sites
             if site.start <= pos <= site.end]
    if not found:
        return None
    site = min(found, key=lambda s: (s.end[1] - s.start[1], not s.declares))
    return document, site.shifted(document.line_offset)


def _crosses(site: Site, document: YamlDocument) -> bool:
    """Whether a use of a name may point into another document: a volume's and an env var's
    never do, a port's only from a Service's targetPort."""
    if site.kind in (VOLUME, ENV):
        return False
    return site.kind != PORT or document_kind(document.root) == SERVICE


def _linked(documents: FileDocuments, document: YamlDocument, site: Site, index: NameIndex) -> list[YamlDocument]:
    """The other documents whose sites may be tied to `site`: none for a volume or an env var,
    nor where no document of the file ties such names across documents; for a port or a label,
    only the documents that tie it and those whose text may hold a template they select."""
    if site.kind in (VOLUME, ENV):
        return []
    kinds = tying_kinds(site.kind)
    tying = documents.of_kinds(site.name, document, kinds)
    own = SELECTOR_WORD in document.text if kinds is None else document_kind(document.root) in kinds
    if not own and not tying:
        return []
    if site.kind not in (PORT, LABEL_KEY, LABEL_VALUE):
        return documents.holding(site.name, document)
    selectors = [selector for d in [document, *tying] for selector in index.names(d).selectors
                 if mentions(selector, site.name)]
    tying_offsets = {d.line_offset for d in tying}
    picked = documents.holding(site.name, document, where=lambda text: any(may_pick(s, text) for s in selectors))
    return tying + [d for d in picked if d.line_offset not in tying_offsets]


def symbol_at(documents: FileDocuments, line: int, column: int, index: NameIndex | None = None) -> Symbol | None:
    """The name under the cursor with every site of the file tied to it."""
    index = index or NameIndex()
    found = _site_at(index, documents, line, column)
    if found is None:
        return None
    document, site = found
    index.keep_only(documents)
    parts = [(d.line_offset, index.names(d)) for d in [document, *_linked(documents, document, site, index)]]
    return Symbol.of(site, file_links(parts, site.name))


def targets_at(documents: FileDocuments, line: int, column: int,
               index: NameIndex | None = None) -> tuple[Site, list[Site]] | None:
    """The name under the cursor and where it is declared (itself, if it is a declaration);
    reads of the other documents only what may be declared there."""
    index = index or NameIndex()
    found = _site_at(index, documents, line, column)
    if found is None:
        return None
    document, site = found
    if site.declares:
        return site, [site]
    parts = [(document.line_offset, index.names(document))]
    if _crosses(site, document):
        parts += [(d.line_offset, index.names(d, declarations_only=True))
                  for d in documents.of_kinds(site.name, document, declaring_kinds(site.kind))]
    links = file_links(parts, site.name)
    return site, sorted({link.declaration for link in links if link.reference == site}, key=_order)
