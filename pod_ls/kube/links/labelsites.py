"""The label selectors of a document as sites: a Service's and a workload's selector, pod
affinity terms and topology spread constraints, each with the namespaces whose pods it may
pick (`links` tries them on the file's pod templates)."""

from __future__ import annotations

from collections.abc import Iterator

from ...yaml.nodes import Mapping, Node, Scalar, Sequence
from ..locate import POD_SPEC_PATHS, PodSpecRef, get_path, scalar_text
from .sites import LABEL_KEY, LABEL_VALUE, DocumentNames, Requirement, Selector, mappings, name_site

AFFINITIES = ("podAffinity", "podAntiAffinity")
MAP_SELECTORS = frozenset({"ReplicationController", "Service"})
"""Kinds whose selector is a plain label map, not a LabelSelector."""


def map_selector(names: DocumentNames, node: Node | None, own: bool,
                 namespaces: frozenset[str] | None) -> Selector | None:
    """A plain label map used as a selector (a Service's, a ReplicationController's)."""
    if not isinstance(node, Mapping) or not node.items:
        return None
    requirements = [_requirement(names, key, "In", [value]) for key, value in node.items]
    if any(r is None for r in requirements):
        return None
    selector = Selector([r for r in requirements if r], own, namespaces)
    names.selectors.append(selector)
    return selector


def label_selector(names: DocumentNames, node: Node | None, own: bool,
                   namespaces: frozenset[str] | None) -> None:
    """A metav1.LabelSelector: matchLabels and matchExpressions, all of them required."""
    if not isinstance(node, Mapping):
        return
    requirements: list[Requirement | None] = []
    labels = node.get("matchLabels")
    if isinstance(labels, Mapping):
        requirements += [_requirement(names, key, "In", [value]) for key, value in labels.items]
    for expression in mappings(node.get("matchExpressions")):
        values = expression.get("values")
        requirements.append(_requirement(names, expression.get("key"), scalar_text(expression.get("operator")),
                                         values.items if isinstance(values, Sequence) else []))
    if requirements and all(requirements):
        names.selectors.append(Selector([r for r in requirements if r], own, namespaces))


def _requirement(names: DocumentNames, key: Node | None, operator: str | None,
                 values: list[Node]) -> Requirement | None:
    """None where a part is not plain text: a selector half understood selects nothing here."""
    texts = [v.value for v in values if isinstance(v, Scalar)]
    if not isinstance(key, Scalar) or operator not in ("In", "NotIn", "Exists", "DoesNotExist") \
            or len(texts) != len(values):
        return None
    sites = [names.add(name_site(v, LABEL_VALUE, False)) for v in values] if operator == "In" else []
    return Requirement(key.value, operator, texts, names.add(name_site(key, LABEL_KEY, False, any_tag=True)),
                       [s for s in sites if s])


def spec_selectors(names: DocumentNames, spec: PodSpecRef, namespace: str) -> None:
    """A workload's own selector (it picks its own template only), and the selectors of the
    pod spec's affinity terms and topology spread constraints."""
    kind, own = spec.kind, frozenset({namespace})
    if kind not in ("Pod", "PodTemplate"):
        selector = get_path(spec.root, POD_SPEC_PATHS[kind][:-2] + ("selector",))
        if kind in MAP_SELECTORS:
            map_selector(names, selector, own=True, namespaces=own)
        else:
            label_selector(names, selector, own=True, namespaces=own)
    for affinity in AFFINITIES:
        for term in affinity_terms(get_path(spec.spec, ("affinity", affinity))):
            label_selector(names, term.get("labelSelector"), own=False, namespaces=term_namespaces(term, namespace))
    for constraint in mappings(spec.spec.get("topologySpreadConstraints")):
        label_selector(names, constraint.get("labelSelector"), own=False, namespaces=own)


def affinity_terms(affinity: Node | None) -> Iterator[Mapping]:
    if not isinstance(affinity, Mapping):
        return
    yield from mappings(affinity.get("requiredDuringSchedulingIgnoredDuringExecution"))
    for weighted in mappings(affinity.get("preferredDuringSchedulingIgnoredDuringExecution")):
        if isinstance(term := weighted.get("podAffinityTerm"), Mapping):
            yield term


def term_namespaces(term: Mapping, own: str) -> frozenset[str] | None:
    """Where an affinity term looks: its namespaces, every namespace for an empty
    namespaceSelector, its own pod's namespace when neither is set."""
    listed = term.get("namespaces")
    names = frozenset(v.value for v in listed.items if isinstance(v, Scalar)) \
        if isinstance(listed, Sequence) else frozenset()
    chooser = term.get("namespaceSelector")
    if isinstance(chooser, Mapping):
        return None if not chooser.items else names
    return names or frozenset({own})
