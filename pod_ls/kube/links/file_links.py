"""The links between the names of documents, of one file or of several: an object's name and
keys and the pod specs that use them (namespace-aware), the labels of pod templates and the
selectors that pick them, a Service's named target ports and the container ports of the pods
it selects.

`file_links` takes each document's `DocumentNames` (from `namesites`) with the file line it
starts at and its file, and returns plain `Link`s in file positions (`Site.uri` set for the
sites of another file than the one asked about).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Generic, NamedTuple, TypeVar

from .sites import DocumentNames, Label, Link, ObjectDecl, Requirement, Selector, Site, Template


class Part(NamedTuple):
    """A document's names, the file line its document starts at, and its file (None: the one
    asked about)."""

    offset: int
    names: DocumentNames
    uri: str | None = None

    def place(self, site: Site) -> Site:
        return site.shifted(self.offset, self.uri)


def file_links(parts: Iterable[Part], name: str | None = None) -> list[Link]:
    """Every link between the parts; with `name`, only those between sites of that name (every
    link joins two sites of the same name), which is all a feature about one name needs."""
    parts = list(parts)
    found = []
    for part in parts:
        groups = part.names.links.values() if name is None else [part.names.links.get(name, [])]
        found += [Link(part.place(link.reference), part.place(link.declaration)) for group in groups for link in group]
    found += _object_links(parts, name)
    found += _selector_links(parts, name)
    return found


def _object_links(parts: list[Part], name: str | None) -> Iterator[Link]:
    declared: dict[tuple[str, str | None, str], list[tuple[Part, ObjectDecl]]] = {}
    for part in parts:
        for obj in part.names.objects:
            declared.setdefault((obj.kind, obj.namespace, obj.site.name), []).append((part, obj))
    if not declared:
        return
    for part in parts:
        for ref in part.names.references:
            for target, obj in declared.get((ref.kind, ref.namespace, ref.site.name), ()):
                if name is None or ref.site.name == name:
                    yield Link(part.place(ref.site), target.place(obj.site))
                for key in ref.keys:
                    if name is None or key.name == name:
                        yield from (Link(part.place(key), target.place(k)) for k in obj.keys if k.name == key.name)


def _selector_links(parts: list[Part], name: str | None) -> Iterator[Link]:
    templates: _TemplateIndex | None = None
    for part in parts:
        for selector in part.names.selectors:
            if name is not None and not mentions(selector, name):
                continue
            if selector.own:
                candidates = [(part, t) for t in part.names.templates]
            else:
                templates = templates or _TemplateIndex(parts)
                candidates = templates.candidates(selector)
            for target, template in candidates:
                if selects(selector.requirements, template.labels):
                    yield from _label_links(selector, template, name, part, target)


def _label_links(selector: Selector, template: Template, name: str | None,
                 part: Part, target: Part) -> Iterator[Link]:
    for requirement in selector.requirements:
        label = template.labels.get(requirement.key)
        if label is None:
            continue
        if requirement.key_site is not None and (name is None or requirement.key == name):
            yield Link(part.place(requirement.key_site), target.place(label.key))
        if label.value is not None and (name is None or label.text == name):
            yield from (Link(part.place(site), target.place(label.value))
                        for site in requirement.value_sites if site.name == label.text)
    for wanted in selector.target_ports:
        if name is None or wanted.name == name:
            yield from (Link(part.place(wanted), target.place(port))
                        for port in template.ports if port.name == wanted.name)


def mentions(selector: Selector, name: str) -> bool:
    """Whether the selector has a site of that name: a label it requires, or a target port."""
    return any(r.key == name or name in r.values for r in selector.requirements) \
        or any(port.name == name for port in selector.target_ports)


def may_pick(selector: Selector, text: str) -> bool:
    """Whether a document with that text may hold a template the selector picks: it must spell
    the key and one of the values of each label the selector requires to be there."""
    for requirement in selector.requirements:
        if requirement.operator in ("In", "Exists") and requirement.key not in text:
            return False
        if requirement.operator == "In" and not any(value in text for value in requirement.values):
            return False
    return not selector.own


def selects(requirements: list[Requirement], labels: dict[str, Label]) -> bool:
    """Whether pods with these labels match every requirement (labels.Selector.Matches)."""
    for requirement in requirements:
        label = labels.get(requirement.key)
        operator = requirement.operator
        if operator == "In" and (label is None or label.text not in requirement.values):
            return False
        if operator == "NotIn" and label is not None and label.text in requirement.values:
            return False
        if operator == "Exists" and label is None or operator == "DoesNotExist" and label is not None:
            return False
    return True


Owner = TypeVar("Owner")


class SelectorIndex(Generic[Owner]):
    """Selectors by a label they require, each with what holds it, to find those that pick a
    template without trying every one."""

    def __init__(self) -> None:
        self._by_label: dict[tuple[str, str], list[tuple[Selector, Owner]]] = {}
        self._by_key: dict[str, list[tuple[Selector, Owner]]] = {}

    def add(self, selector: Selector, owner: Owner) -> None:
        required = next((r for r in selector.requirements if r.operator in ("In", "Exists")), None)
        if required is None:
            return  # only negative requirements: too wide to be worth a link
        if required.operator == "In":
            for value in required.values:
                self._by_label.setdefault((required.key, value), []).append((selector, owner))
        else:
            self._by_key.setdefault(required.key, []).append((selector, owner))

    def picking(self, template: Template) -> list[Owner]:
        """What holds the selectors that pick the template."""
        found = [entry for key, label in template.labels.items()
                 for entry in (*self._by_label.get((key, label.text), ()), *self._by_key.get(key, ()))]
        return [owner for selector, owner in found
                if (selector.namespaces is None or template.namespace in selector.namespaces)
                and selects(selector.requirements, template.labels)]


class _TemplateIndex:
    """The parts' pod templates by label, so a selector is tried only on those that carry one
    of the labels it requires."""

    def __init__(self, parts: list[Part]) -> None:
        self.by_label: dict[tuple[str, str], list[tuple[Part, Template]]] = {}
        self.by_key: dict[str, list[tuple[Part, Template]]] = {}
        for part in parts:
            for template in part.names.templates:
                for key, label in template.labels.items():
                    self.by_label.setdefault((key, label.text), []).append((part, template))
                    self.by_key.setdefault(key, []).append((part, template))

    def candidates(self, selector: Selector) -> list[tuple[Part, Template]]:
        required = next((r for r in selector.requirements if r.operator in ("In", "Exists")), None)
        if required is None:
            return []  # only negative requirements: too wide to be worth a link
        if required.operator == "In":
            found = [t for value in required.values for t in self.by_label.get((required.key, value), ())]
        else:
            found = self.by_key.get(required.key, [])
        allowed = selector.namespaces
        return [(part, t) for part, t in found if allowed is None or t.namespace in allowed]
