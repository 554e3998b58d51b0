"""Hover on a name that points elsewhere: what it points at (`port: http` → containerPort
8080/TCP of container `app`; a ConfigMap's name → its keys and its line, and its file when it
is another).

`hover_with_target` puts it above the field's docs from `hover`, which stays unchanged.
"""

from __future__ import annotations

from ...kube.links import sites as kinds
from ...kube.links.sites import Site
from ...kube.locate import CONTAINER_LISTS, document_kind, get_path, node_at, scalar_text
from ...kube.schema import Schema
from ...yaml.nodes import Mapping, Node, PathKey, Pos, Sequence, YamlDocument
from ..hover import HoverText, hover
from .names import FileDocuments, Workspace, targets_at

MAX_KEYS = 20
"""Keys of a ConfigMap or Secret listed in a hover; more are counted."""


def hover_with_target(lines: list[str], line: int, column: int, documents: FileDocuments,
                      schema: Schema, workspace: Workspace | None = None) -> HoverText | None:
    """`hover`, and above it, on a name that points elsewhere, what it points at."""
    at = documents.at(line)
    found = hover(lines, line, column, [at] if at is not None else [], schema)
    target = target_markdown(documents, line, column, workspace)
    if target is None:
        return found
    markdown, start, end = target
    if found is not None:
        return HoverText(f"{markdown}\n\n---\n\n{found.markdown}", found.start, found.end)
    return HoverText(markdown, start, end)


def target_markdown(documents: FileDocuments, line: int, column: int,
                    workspace: Workspace | None = None) -> tuple[str, Pos, Pos] | None:
    """Markdown about the declarations of the name at (line, column), with the name's range;
    None on a declaration or where the name is declared nowhere."""
    found = targets_at(documents, line, column, workspace=workspace)
    if found is None or found[0].declares or not found[1]:
        return None
    site, targets = found
    described = [_describe(documents, target, workspace) for target in targets]
    return "\n\n".join(described), site.start, site.end


def _describe(documents: FileDocuments, site: Site, workspace: Workspace | None) -> str:
    where = f"line {site.start[0] + 1}"
    if site.uri is not None and workspace is not None:
        where = f"`{workspace.label(site.uri)}` line {site.start[0] + 1}"
        other = workspace.read(site.uri)
        if other is None:
            return f"{site.kind} `{site.name}` ({where})"
        documents = other.documents
    document = documents.at(site.start[0])
    if document is None:
        return f"{site.kind} `{site.name}` ({where})"
    at = node_at(document.root, (site.start[0] - document.line_offset, site.start[1]))
    path = at.path if at is not None else []
    chain = _chain(document.root, path)
    owner = chain[-2] if len(chain) > 1 else None
    if site.kind == kinds.PORT and isinstance(owner, Mapping):
        number = scalar_text(owner.get("containerPort")) or "?"
        protocol = scalar_text(owner.get("protocol")) or "TCP"
        return f"`containerPort {number}/{protocol}` of container `{_container_name(path, chain)}` ({where})"
    if site.kind == kinds.VOLUME and isinstance(owner, Mapping):
        source = next((k for k in _keys(owner) if k != "name"), None)
        return f"volume `{site.name}`" + (f" ({source}, {where})" if source else f" ({where})")
    if site.kind == kinds.ENV and isinstance(owner, Mapping):
        value = scalar_text(owner.get("value"))
        source = next((k for k in _keys(owner.get("valueFrom")) if k), None)
        shown = f" = `{value}`" if value is not None else f" from {source}" if source else ""
        return f"env var `{site.name}`{shown} of container `{_container_name(path, chain)}` ({where})"
    if site.kind in kinds.OBJECT_KINDS:
        return _object(document, site, where)
    if site.kind in (kinds.CONFIG_MAP_KEY, kinds.SECRET_KEY):
        kind = document_kind(document.root)
        name = scalar_text(get_path(document.root, ("metadata", "name")))
        return f"key `{site.name}` of {kind} `{name}` ({where})"
    if site.kind in (kinds.LABEL_KEY, kinds.LABEL_VALUE) and path:
        label = f"{path[-1]}: {scalar_text(chain[-1]) if chain else ''}"
        return f"label `{label}` of {document_kind(document.root)} `{_object_name(document)}` ({where})"
    return f"{site.kind} `{site.name}` ({where})"


def _object(document: YamlDocument, site: Site, where: str) -> str:
    namespace = scalar_text(get_path(document.root, ("metadata", "namespace"))) or kinds.DEFAULT_NAMESPACE
    text = f"{site.kind} `{site.name}`"
    text += f" ({where})" if site.kind in kinds.CLUSTER_SCOPED else f" in namespace `{namespace}` ({where})"
    root = document.root
    keys = [key for section in kinds.KEY_FIELDS.get(site.kind, ())
            for key in _keys(root.get(section) if isinstance(root, Mapping) else None)]
    if site.kind in kinds.KEY_FIELDS:
        shown = ", ".join(f"`{k}`" for k in keys[:MAX_KEYS]) or "none"
        more = f" and {len(keys) - MAX_KEYS} more" if len(keys) > MAX_KEYS else ""
        text += f"\n\nkeys: {shown}{more}"
    return text


def _chain(root: Node | None, path: list[PathKey]) -> list[Node]:
    """The nodes from the root down along `path`."""
    chain: list[Node] = []
    node = root
    for step in path:
        if isinstance(node, Mapping) and isinstance(step, str):
            node = node.get(step)
        elif isinstance(node, Sequence) and isinstance(step, int) and 0 <= step < len(node.items):
            node = node.items[step]
        else:
            break
        if node is None:
            break
        chain.append(node)
    return chain


def _container_name(path: list[PathKey], chain: list[Node]) -> str:
    """The name of the container that `path` goes through."""
    for step, key in enumerate(path[:len(chain) - 1]):
        if key in CONTAINER_LISTS and isinstance(chain[step + 1], Mapping):
            return scalar_text(chain[step + 1].get("name")) or "?"
    return "?"


def _object_name(document: YamlDocument) -> str:
    return scalar_text(get_path(document.root, ("metadata", "name"))) or "?"


def _keys(node: Node | None) -> list[str]:
    return [k for key, _ in node.items if (k := scalar_text(key))] if isinstance(node, Mapping) else []
