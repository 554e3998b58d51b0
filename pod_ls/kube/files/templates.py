"""Go and Helm templates (`{{ ... }}`): a document whose structure holds them is a template,
known only once rendered; one that is valid YAML and holds them only as data (a Vault agent
template or a Datadog check in an annotation, a block scalar for some other tool to render)
is a manifest like any other, and only what such a text decides waits for the rendering."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...yaml.nodes import Mapping, Node, Pos, Scalar, Sequence, YamlDocument
from ...yaml.parse import position_of

_TEMPLATE = re.compile(r"\{\{-?\s*[-.$\w(\"/]")


def template_start(document: YamlDocument) -> Pos | None:
    """Where the first `{{ ... }}` that makes the document a template is, if one does: any in
    YAML that does not parse, else the first outside a block scalar and an annotation's value."""
    text = document.text
    if "{{" not in text:
        return None
    matches = list(_TEMPLATE.finditer(text))
    if not matches:
        return None
    if document.error is not None or document.root is None:
        return position_of(text, matches[0].start())
    data = list(_data_spans(document.root, False, set()))
    for match in matches:
        at = position_of(text, match.start())
        if not any(start <= at < end for start, end in data):
            return at
    return None


def _data_spans(node: Node, annotation: bool, seen: set[int]) -> Iterator[tuple[Pos, Pos]]:
    """The spans of the scalars whose text is data to the API server: block scalars, and the
    values of annotations (each node once: aliases share them)."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, Scalar):
        if node.style in ("|", ">") or (annotation and node.tag == "str"):
            yield node.start, node.end
    elif isinstance(node, Mapping):
        for key, value in node.items:
            if value is not None:
                inside = annotation or (isinstance(key, Scalar) and key.value == "annotations")
                yield from _data_spans(value, inside and isinstance(value, (Mapping, Scalar)), seen)
    elif isinstance(node, Sequence):
        for item in node.items:
            yield from _data_spans(item, False, seen)


def templated(covered: str) -> bool:
    """The text holds a `{{ ... }}`."""
    return "{{" in covered and _TEMPLATE.search(covered) is not None
