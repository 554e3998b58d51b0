"""Checks of the YAML itself, for every document: what kubectl would refuse to decode."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding, Related, Severity
from ...kube.schema import Version
from ...yaml.nodes import Mapping, Node, Scalar, Sequence, YamlDocument
from .. import define, document_check, example_pod

DUPLICATE_KEY = define(
    "duplicate-key", Severity.ERROR,
    "a mapping has the same key twice",
    "kubectl decodes manifests strictly and rejects a repeated key; other tools silently keep "
    "one of the values.",
    example=(
        example_pod("web") +
        "  containers:\n"
        "    - name: app\n"
        "      image: nginx:1.27\n"
        "      image: nginx:1.28\n"))
TAG = define(
    "yaml-tag", Severity.WARNING,
    "a YAML tag Kubernetes does not understand",
    "Tags such as !!python/object are never constructed by pod-ls, and kubectl cannot decode "
    "them into Kubernetes objects.")

CORE_TAGS = frozenset({"str", "int", "float", "bool", "null", "timestamp", "binary", "value"})


def _walk(root: Node) -> Iterator[Node]:
    """Every node once (aliases share nodes)."""
    seen: set[int] = set()
    todo = [root]
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, Mapping):
            for key, value in node.items:
                todo += (key, value)
        elif isinstance(node, Sequence):
            todo += node.items


@document_check
def yaml_level(document: YamlDocument, version: Version) -> Iterator[Finding]:
    """Duplicate keys, and tags that only the full YAML reader lets through (the fast reader
    leaves documents with either to it)."""
    if document.root is None or document.plain:
        return
    for node in _walk(document.root):
        if isinstance(node, Mapping):
            if node.has_duplicate_keys():
                seen: dict[str, Scalar] = {}
                for key, _ in node.items:
                    if isinstance(key, Scalar):
                        if key.value in seen:
                            yield DUPLICATE_KEY.hit(key, f"`{key.value}` is already a key of this mapping",
                                                    related=(Related.at(seen[key.value], "the first one"),))
                        seen.setdefault(key.value, key)
        if node.tag and node.tag not in CORE_TAGS:  # collections have a tag only if it is not YAML's own
            shown = node.tag if node.tag.startswith("!") else f"!!{node.tag}"
            yield TAG.hit(node, f"YAML tag {shown} is not understood by Kubernetes; it is ignored here")
