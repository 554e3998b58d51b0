"""What pod-ls knows about Kubernetes objects: the bundled schema and policy data in `schemas/`.

`kubernetes.json` is generated from kubernetes-validate (see `schemas/generate.py`);
`policies.json` adds what the upstream schema lacks: allowed values with their meaning,
defaults and behaviour notes from the Pod reference. Everything else in pod-ls asks this
module instead of repeating field names, types or values.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from ..yaml.nodes import PathKey

Version = tuple[int, int]
"""A Kubernetes minor version, (1, 30)."""


@lru_cache(maxsize=256)
def parse_version(text: str) -> Version:
    """(major, minor) of "1.30", "v1.30" or "1.30.2"; ValueError otherwise. Kept: the schema's
    spans are read this way for every document."""
    parts = text.strip().removeprefix("v").split(".")
    if len(parts) < 2 or not all(p.isdigit() for p in parts[:3]):
        raise ValueError(f"not a Kubernetes version: {text!r}")
    return int(parts[0]), int(parts[1])


def format_version(version: Version) -> str:
    return f"{version[0]}.{version[1]}"


def _schema_dir() -> Path:
    packaged = resources.files("pod_ls") / "schemas"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "schemas"


@dataclass(frozen=True, slots=True)
class Place:
    """A place in an object: the field schema there and where it was declared."""

    field: dict
    """Normalised field schema: type / ref / items / values / description / enum."""
    owner: str | None = None
    """Definition that declares the property (e.g. io.k8s.api.core.v1.Probe)."""
    name: str | None = None
    """Property name inside `owner`."""
    map_key: str | None = None
    """Key of a free-form map entry (e.g. `cpu` under `limits`), with owner/name the map."""

    @property
    def policy_key(self) -> str | None:
        return f"{self.owner}.{self.name}" if self.owner and self.name else None


class Schema:
    def __init__(self, kubernetes: dict, policies: dict) -> None:
        self.version: str = kubernetes["kubernetesVersion"]
        self.versions: list[str] = kubernetes["versions"]
        """Supported Kubernetes versions ("1.25" ...), oldest first."""
        self.kinds: dict[str, str] = kubernetes["kinds"]
        self.definitions: dict[str, dict] = kubernetes["definitions"]
        self.policies: dict[str, dict] = policies["fields"]
        self.map_keys: dict[str, dict[str, str]] = policies["mapKeys"]
        self.extra_required: dict[str, list[str]] = policies["required"]
        self.accepted_absent: dict[str, list[str]] = policies.get("acceptedAbsent", {})
        """Fields the schema marks required that validation takes absent (their zero value)."""
        self._children: dict[tuple, tuple[dict, Place | None]] = {}
        self._roots = {kind: Place({"ref": name}) for kind, name in self.kinds.items()}
        self.qos_classes: dict[str, str] = policies["qosClasses"]
        self.cluster_scoped: frozenset[str] = frozenset(policies["clusterScoped"])
        """Kinds that live in no namespace (Namespace, PersistentVolume, PriorityClass, ...)."""
        self.served: dict[str, dict[str, list[str]]] = kubernetes["served"]
        """apiVersion → kind → [first, last] version whose API serves the kind there."""
        self._serves: dict[tuple[str, str, Version], bool] = {}
        self._built_in: dict[str, bool] = {}
        """The answers of `serves` and `built_in_group`, asked about every document."""

    # -- walking

    def root(self, kind: str) -> Place | None:
        return self._roots.get(kind)

    def definition(self, place: Place) -> dict | None:
        ref = place.field.get("ref")
        return self.definitions.get(ref) if ref else None

    def child(self, place: Place, step: PathKey) -> Place | None:
        """The place one step below `place`, or None where the schema has nothing there."""
        # Places are few and walked millions of times in a big file: remember each answer. The
        # entry holds the field itself, so its id cannot be reused by another dict.
        memo_key = (id(place.field), place.owner, place.name, place.map_key, step)
        entry = self._children.get(memo_key)
        if entry is None:
            entry = (place.field, self._child(place, step))
            self._children[memo_key] = entry
        return entry[1]

    def _child(self, place: Place, step: PathKey) -> Place | None:
        field = place.field
        if isinstance(step, int):
            items = field.get("items")
            return Place(items, place.owner, place.name) if items is not None else None
        if "values" in field:
            return Place(field["values"], place.owner, place.name, step)
        definition = self.definition(place)
        if definition is None:
            return None
        if "values" in definition:
            return Place(definition["values"], place.field.get("ref"), None, step)
        prop = definition.get("properties", {}).get(step)
        if prop is None:
            return None
        return Place(prop, place.field["ref"], step)

    def walk(self, kind: str, path: list[PathKey] | tuple[PathKey, ...]) -> Place | None:
        place = self.root(kind)
        for step in path:
            if place is None:
                return None
            place = self.child(place, step)
        return place

    # -- questions about a place

    def properties(self, place: Place) -> dict[str, dict]:
        definition = self.definition(place)
        return definition.get("properties", {}) if definition else {}

    def required(self, place: Place) -> list[str]:
        definition = self.definition(place)
        if definition is None:
            return []
        return definition.get("required", []) + self.extra_required.get(place.field["ref"], [])

    def validated_required(self, place: Place) -> list[str]:
        """The required fields whose absence the API server's validation rejects."""
        accepted = self.accepted_absent.get(place.field.get("ref", ""), ())
        return [name for name in self.required(place) if name not in accepted]

    def type_of(self, place: Place) -> str:
        """object / array / string / integer / number / boolean / int-or-string / quantity / any."""
        if "type" in place.field:
            return place.field["type"]
        definition = self.definition(place)
        if definition is not None:
            return definition.get("type", "any")
        if "items" in place.field:
            return "array"
        return "any"

    def serves(self, api_version: str, kind: str, version: Version) -> bool:
        key = (api_version, kind, version)
        found = self._serves.get(key)
        if found is None:
            span = self.served.get(api_version, {}).get(kind)
            found = span is not None and parse_version(span[0]) <= version <= parse_version(span[1])
            if len(self._serves) < 10_000:  # bounded: a document may name any apiVersion and kind
                self._serves[key] = found
        return found

    def api_versions_serving(self, kind: str, version: Version) -> list[str]:
        """The apiVersions under which the given Kubernetes version serves `kind`."""
        return [api for api in self.served if self.serves(api, kind, version)]

    def built_in_group(self, group: str) -> bool:
        """The API group is one of Kubernetes' own: one the schema knows, or one without a dot
        (a CustomResourceDefinition's group always has one)."""
        found = self._built_in.get(group)
        if found is None:
            found = "." not in group or any(api.rpartition("/")[0] == group for api in self.served)
            if len(self._built_in) < 10_000:
                self._built_in[group] = found
        return found

    @property
    def latest(self) -> Version:
        return parse_version(self.versions[-1])

    @staticmethod
    def since(place: Place) -> Version | None:
        """The Kubernetes version that introduced the field, when newer than the oldest supported."""
        since = place.field.get("since")
        return parse_version(since) if since else None

    def available(self, place: Place, version: Version) -> bool:
        since = self.since(place)
        return since is None or since <= version

    def policy(self, place: Place) -> dict:
        return self.policies.get(place.policy_key or "", {})

    def allowed_values(self, place: Place, kind: str | None = None) -> dict[str, str]:
        """Allowed values with their docs: the policy table, else the schema's enum.

        With `kind`, only the values that kind of object accepts (a Job's pods never restart
        `Always`).
        """
        policy = self.policy(place)
        values = policy.get("values")
        if values is None:
            return {str(v): "" for v in place.field.get("enum", [])}
        narrowed = policy.get("allowedByKind", {}).get(kind)
        if narrowed is not None:
            return {v: doc for v, doc in values.items() if v in narrowed}
        return values

    def allowed_in_list(self, place: Place, list_name: str | None, version: Version) -> bool:
        """False for fields that only some container lists accept (restartPolicy: init only
        before Kubernetes 1.35)."""
        policy = self.policy(place)
        only = policy.get("onlyIn")
        if only is None or list_name in only:
            return True
        since = policy.get("alsoInSince", {}).get(list_name)
        return since is not None and parse_version(since) <= version

    def description(self, place: Place) -> str:
        if place.map_key is not None:
            return self.map_keys.get(place.policy_key or "", {}).get(place.map_key, "")
        text = place.field.get("description")
        if text is None and (definition := self.definition(place)) is not None:
            text = definition.get("description")
        return text or ""

    def known_map_keys(self, place: Place) -> dict[str, str]:
        """Documented keys of a free-form map (e.g. cpu and memory under `limits`)."""
        return self.map_keys.get(place.policy_key or "", {})


@cache
def load_schema() -> Schema:
    """The bundled schema, read once on first use (not at start-up, which stays fast)."""
    folder = _schema_dir()
    kubernetes = json.loads((folder / "kubernetes.json").read_text(encoding="utf-8"))
    policies = json.loads((folder / "policies.json").read_text(encoding="utf-8"))
    return Schema(kubernetes, policies)
