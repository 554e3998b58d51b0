"""What a pod spec points at by name: the ConfigMaps, Secrets, PersistentVolumeClaims and
ServiceAccount that must exist for its Pods to start, and the keys it takes from them.

Read from the places the kubelet resolves them: `env[].valueFrom.configMapKeyRef` and
`secretKeyRef`, `envFrom[]`, `configMap`, `secret`, `persistentVolumeClaim` and `projected`
volumes with their `items[].key`, `imagePullSecrets`, and `serviceAccountName` (or the
deprecated `serviceAccount` it falls back to). Positions are the document's nodes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...yaml.nodes import Mapping, Node, Scalar, Sequence
from ..locate import PodSpecRef, get_path, scalar_text


@dataclass(frozen=True, slots=True)
class Reference:
    kind: str
    """ConfigMap, Secret, PersistentVolumeClaim or ServiceAccount."""
    name: Scalar
    keys: tuple[Scalar, ...] = ()
    """The keys taken from a ConfigMap or Secret (`key`, `items[].key`)."""
    optional: bool = False
    """`optional: true`: the Pod starts without the object or the key."""
    where: str = ""
    """What holds the reference, for messages: `env`, `envFrom`, `volume 'cfg'`, ..."""


def _is_optional(node: Node | None) -> bool:
    """`optional` is set and not plainly false (a placeholder may well be true)."""
    if node is None or scalar_text(node) is None:
        return False
    return not (isinstance(node, Scalar) and node.tag == "bool" and node.value.lower() in ("false", "no", "off", "n"))


def _name(node: Node | None) -> Scalar | None:
    return node if isinstance(node, Scalar) and scalar_text(node) else None


def _mappings(node: Node | None) -> Iterator[Mapping]:
    if isinstance(node, Sequence):
        yield from (item for item in node.items if isinstance(item, Mapping))


def _item_keys(source: Mapping) -> tuple[Scalar, ...]:
    return tuple(key for item in _mappings(source.get("items")) if (key := _name(item.get("key"))) is not None)


def pod_references(spec: PodSpecRef) -> list[Reference]:
    """Every reference of the pod spec, in the order written."""
    found: list[Reference] = []
    for _, container in spec.containers():
        for env in _mappings(container.get("env")):
            for field, kind in (("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")):
                source = get_path(env, ("valueFrom", field))
                if isinstance(source, Mapping) and (name := _name(source.get("name"))) is not None:
                    key = _name(source.get("key"))
                    found.append(Reference(kind, name, (key,) if key is not None else (),
                                           _is_optional(source.get("optional")), "env"))
        for env_from in _mappings(container.get("envFrom")):
            for field, kind in (("configMapRef", "ConfigMap"), ("secretRef", "Secret")):
                source = env_from.get(field)
                if isinstance(source, Mapping) and (name := _name(source.get("name"))) is not None:
                    found.append(Reference(kind, name, (), _is_optional(source.get("optional")), "envFrom"))
    # A StatefulSet puts its own claim (`<template>-<pod>`) in place of a volume named like
    # one of its volumeClaimTemplates, whatever that volume says.
    claimed = {scalar_text(get_path(template, ("metadata", "name")))
               for template in _mappings(get_path(spec.root, ("spec", "volumeClaimTemplates")))
               } if spec.kind == "StatefulSet" else set()
    for volume in _mappings(spec.spec.get("volumes")):
        where = f"volume '{scalar_text(volume.get('name')) or ''}'"
        for field, kind, name_field in (("configMap", "ConfigMap", "name"), ("secret", "Secret", "secretName")):
            source = volume.get(field)
            if isinstance(source, Mapping) and (name := _name(source.get(name_field))) is not None:
                found.append(Reference(kind, name, _item_keys(source), _is_optional(source.get("optional")), where))
        claim = _name(get_path(volume, ("persistentVolumeClaim", "claimName")))
        if claim is not None and scalar_text(volume.get("name")) not in claimed:
            found.append(Reference("PersistentVolumeClaim", claim, where=where))
        for projection in _mappings(get_path(volume, ("projected", "sources"))):
            for field, kind in (("configMap", "ConfigMap"), ("secret", "Secret")):
                source = projection.get(field)
                if isinstance(source, Mapping) and (name := _name(source.get("name"))) is not None:
                    found.append(Reference(kind, name, _item_keys(source), _is_optional(source.get("optional")),
                                           where))
    for pull_secret in _mappings(spec.spec.get("imagePullSecrets")):
        if (name := _name(pull_secret.get("name"))) is not None:
            found.append(Reference("Secret", name, where="imagePullSecrets"))
    account = _name(spec.spec.get("serviceAccountName")) or _name(spec.spec.get("serviceAccount"))
    if account is not None:
        found.append(Reference("ServiceAccount", account, where="serviceAccountName"))
    return found
