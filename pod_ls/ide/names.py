"""The name under the cursor and every place of the same name it is tied to: what definition,
references, highlight, rename and hover share.

A name's places are the sites joined to it by links, directly or through others (a Service's
selector, the labels of the templates it picks, and the Deployments' selectors that pick the
same templates are one name to rename). Links come from `kube.links` for one file; a resolver
over the workspace's other files can add its own links of the same shape to `Symbol.of`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from ..kube.links import file_links
from ..kube.locate import document_at, document_kind
from ..kube.namesites import document_names, may_declare, may_tie
from ..kube.sites import ENV, PORT, SERVICE, VOLUME, DocumentNames, Link, Site
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

    def keep_only(self, documents: list[YamlDocument]) -> None:
        """Forget the documents of older texts, once they outnumber the current ones."""
        if len(self._full) + len(self._declared) > 2 * len(documents):
            texts = {document.text for document in documents}
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


def _site_at(index: NameIndex, documents: list[YamlDocument], line: int,
             column: int) -> tuple[YamlDocument, Site] | None:
    """The document at the cursor and the name site under it (file positions); a cursor just
    after a name is on it."""
    document = _document_at(documents, line)
    if document is None:
        return None
    pos = (line - document.line_offset, column)
    found = [site for sites in index.names(document).sites.values() for site in sites
             if site.start <= pos <= site.end]
    if not found:
        return None
    site = min(found, key=lambda s: (s.end[1] - s.start[1], not s.declares))
    return document, site.shifted(document.line_offset)


def _document_at(documents: list[YamlDocument], line: int) -> YamlDocument | None:
    """`locate.document_at` by bisection: the file's documents come in order."""
    found = bisect_right(documents, line, key=lambda d: d.line_offset) - 1
    if found < 0:
        return None
    return document_at(documents[found:found + 1], line)


def _crosses(site: Site, document: YamlDocument) -> bool:
    """Whether a use of a name may point into another document: a volume's and an env var's
    never do, a port's only from a Service's targetPort."""
    if site.kind in (VOLUME, ENV):
        return False
    return site.kind != PORT or document_kind(document.root) == SERVICE


def _others(documents: list[YamlDocument], document: YamlDocument, name: str) -> list[YamlDocument]:
    """The other documents that may hold a site of `name`: only those whose text has it."""
    return [d for d in documents if d is not document and name in d.text]


def _linked(documents: list[YamlDocument], document: YamlDocument, site: Site) -> list[YamlDocument]:
    """The other documents whose sites may be tied to `site`: none for a volume or an env var,
    nor where no document of the file can tie the name across documents."""
    if site.kind in (VOLUME, ENV):
        return []
    others = _others(documents, document, site.name)
    if not any(may_tie(d, site.kind) for d in [document, *others]):
        return []
    return others


def symbol_at(documents: list[YamlDocument], line: int, column: int,
              index: NameIndex | None = None) -> Symbol | None:
    """The name under the cursor with every site of the file tied to it; `documents` are all of
    the file's documents."""
    index = index or NameIndex()
    found = _site_at(index, documents, line, column)
    if found is None:
        return None
    document, site = found
    index.keep_only(documents)
    parts = [(d.line_offset, index.names(d)) for d in [document, *_linked(documents, document, site)]]
    return Symbol.of(site, file_links(parts, site.name))


def targets_at(documents: list[YamlDocument], line: int, column: int,
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
                  for d in _others(documents, document, site.name)
                  if may_declare(document_kind(d.root), site.kind)]
    links = file_links(parts, site.name)
    return site, sorted({link.declaration for link in links if link.reference == site}, key=_order)
