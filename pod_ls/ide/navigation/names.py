"""The name under the cursor and every place of the same name it is tied to: what definition,
references, highlight, rename and hover share.

A name's places are the sites joined to it by links, directly or through others (a Service's
selector, the labels of the templates it picks, and the Deployments' selectors that pick the
same templates are one name to rename). Links come from `kube.links.file_links` over the documents of
the request's file and, given a `Workspace`, of the other files that may hold the name's
places (`workspace_names` says which); those sites carry their file's `uri`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ...kube.links.file_links import SelectorIndex, file_links, may_pick, mentions
from ...kube.links.namesites import SELECTOR_WORD, declaring_kinds, tying_kinds
from ...kube.links.sites import ENV, LABEL_KEY, LABEL_VALUE, PORT, SERVICE, VOLUME, Link, Site
from ...yaml.nodes import Pos
from .named_files import Doc, FileDocuments, NamedFile, NameIndex, Scope
from .workspace_names import Workspace

__all__ = ["FileDocuments", "NameIndex", "Symbol", "Workspace", "own_file", "symbol_at", "targets_at"]


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


def own_file(documents: FileDocuments, index: NameIndex | None, workspace: Workspace | None) -> NamedFile:
    """The request's file as navigation reads it."""
    return NamedFile(workspace.uri if workspace is not None else "", documents, index or NameIndex())


def _site_at(file: NamedFile, line: int, column: int) -> tuple[Doc, Site] | None:
    """The document at the cursor and the name site under it (file positions); a cursor just
    after a name is on it."""
    document = file.documents.at(line)
    if document is None:
        return None
    doc = Doc(file, document.line_offset, document.text, None)
    pos = (line - document.line_offset, column)
    found = [site for sites in file.index.names(document).sites.values() for site in sites
             if site.start <= pos <= site.end]
    if not found:
        return None
    site = min(found, key=lambda s: (s.end[1] - s.start[1], not s.declares))
    return doc, site.shifted(document.line_offset)


def _crosses(site: Site, doc: Doc) -> bool:
    """Whether a use of a name may point into another document: a volume's and an env var's
    never do, a port's only from a Service's targetPort."""
    if site.kind in (VOLUME, ENV):
        return False
    return site.kind != PORT or doc.names().kind == SERVICE


def _linked(scope: Scope, doc: Doc, site: Site) -> list[Doc]:
    """The other documents whose sites may be tied to `site`: none for a volume or an env var,
    nor where no document of the scope ties such names across documents; for a port or a
    label, those reached through selectors (`_selected`)."""
    if site.kind in (VOLUME, ENV):
        return []
    kinds = tying_kinds(site.kind)
    tying = scope.of_kinds(site.name, doc, kinds)
    own = SELECTOR_WORD in doc.text if kinds is None else doc.names().declares(kinds)
    if not own and not tying:
        return []
    if site.kind not in (PORT, LABEL_KEY, LABEL_VALUE):
        return scope.holding(site.name, doc)
    return _selected(scope, doc, site.name, tying)


def _selected(scope: Scope, doc: Doc, name: str, tying: list[Doc]) -> list[Doc]:
    """The documents reached from `doc` through the selectors that mention the name: those of
    the tying documents that pick a template reached, and for each selector reached, the
    documents whose text may hold a template it picks; until none is new. So a Service over
    one Deployment is tried on the others' templates, not every Service on every template."""
    index: SelectorIndex[Doc] = SelectorIndex()
    for owner in tying:
        for selector in owner.names().selectors:
            if not selector.own and mentions(selector, name):
                index.add(selector, owner)
    reached, todo = {doc}, [doc]
    holding: list[Doc] | None = None
    while todo:
        names = todo.pop().names()
        found = [owner for template in names.templates for owner in index.picking(template)]
        selectors = [s for s in names.selectors if not s.own and mentions(s, name)]
        if selectors:
            holding = holding if holding is not None else scope.holding(name, doc)
            found += [d for d in holding if any(may_pick(s, d.text) for s in selectors)]
        for other in found:
            if other not in reached:
                reached.add(other)
                todo.append(other)
    reached.discard(doc)
    return sorted(reached, key=lambda d: (d.uri is not None, d.uri or "", d.offset))


def _scope(file: NamedFile, doc: Doc, site: Site, workspace: Workspace | None, everything: bool) -> Scope:
    others = workspace.files(site, doc.names().namespace, everything) if workspace is not None else []
    return Scope(file, others)


def symbol_at(documents: FileDocuments, line: int, column: int, index: NameIndex | None = None,
              workspace: Workspace | None = None) -> Symbol | None:
    """The name under the cursor with every site tied to it: of the file, and given the
    workspace, of the other files."""
    file = own_file(documents, index, workspace)
    found = _site_at(file, line, column)
    if found is None:
        return None
    doc, site = found
    file.index.keep_only(documents)
    scope = _scope(file, doc, site, workspace, everything=True)
    parts = [d.part() for d in [doc, *_linked(scope, doc, site)]]
    return Symbol.of(site, file_links(parts, site.name))


def targets_at(documents: FileDocuments, line: int, column: int, index: NameIndex | None = None,
               workspace: Workspace | None = None) -> tuple[Site, list[Site]] | None:
    """The name under the cursor and where it is declared (itself, if it is a declaration);
    reads of the other documents only what may be declared there."""
    file = own_file(documents, index, workspace)
    found = _site_at(file, line, column)
    if found is None:
        return None
    doc, site = found
    if site.declares:
        return site, [site]
    parts = [doc.part()]
    if _crosses(site, doc):
        scope = _scope(file, doc, site, workspace, everything=False)
        parts += [d.part(declarations_only=True)
                  for d in scope.of_kinds(site.name, doc, declaring_kinds(site.kind))]
    links = file_links(parts, site.name)
    return site, sorted({link.declaration for link in links if link.reference == site}, key=_order)
