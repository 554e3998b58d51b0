"""What the API server sets for a field left out.

The values are data (`schemas/defaults.json`), read from Kubernetes' defaulting functions
(`SetDefaults_PodSpec`, `SetDefaults_Probe`, ... in pkg/apis/{core,apps,batch}/v1/defaults.go) and
the declarative `+default=` tags of k8s.io/api. This module answers "what will this absent field
be" for one object, for the chosen Kubernetes version: defaults that hang on a feature gate apply
from the version whose gate is on by default, and the two computed ones (the pull policy from the
image's tag, the host port under host networking) are worked out here as defaults.go does.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from ..yaml.nodes import Mapping, Scalar
from .locate import scalar_text
from .schema import Schema, Version, _schema_dir, load_schema, parse_version

# The image reference grammar of github.com/distribution/reference, which ParseImageName uses.
_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_DOMAIN = r"(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?"
_REFERENCE = re.compile(
    rf"(?:{_DOMAIN}/)?{_COMPONENT}(?:/{_COMPONENT})*"
    r"(?::(?P<tag>[\w][\w.-]{0,127}))?"
    r"(?:@(?P<digest>[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?")
LONGEST_REFERENCE = 600
"""A name has at most 255 characters, a tag 128 and a digest some 200: longer text is no reference
(and is not worth a regular expression's time)."""


@dataclass(frozen=True, slots=True)
class Default:
    """The value the API server gives an absent field."""

    field: str
    value: object
    """As JSON: a string, number, boolean or object."""
    shown: str
    """How the value reads in YAML (`0644` for the mode 420)."""
    source: str
    """The Kubernetes code that sets it (file and function)."""
    reason: str = ""
    """Why this value, where it depends on the object (the image's tag)."""
    hint: bool = True
    """Worth an inlay hint (some defaults are noise there)."""


def show(value: object) -> str:
    """A JSON value as YAML flow text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {show(item)}" for key, item in value.items()) + "}"
    if value == "":
        return '""'
    return str(value)


def pull_policy(image: str) -> tuple[str, str] | None:
    """The pull policy SetDefaults_Container gives an image, with why; None when the reference does
    not parse (validation speaks about it, and a placeholder like `${IMAGE}` says nothing)."""
    match = _REFERENCE.fullmatch(image) if len(image) <= LONGEST_REFERENCE else None
    if match is None:
        return None
    tag, digest = match.group("tag"), match.group("digest")
    if tag == "latest":
        return "Always", "the tag is `latest`"
    if tag is None and digest is None:
        return "Always", "the image has no tag, so it is pulled as `:latest`"
    if tag is None:
        return "IfNotPresent", "the image is pinned by digest"
    return "IfNotPresent", f"the tag is `{tag}`, not `latest`"


class Defaults:
    """The defaults of schemas/defaults.json, asked about one object at a time."""

    def __init__(self, data: dict, schema: Schema) -> None:
        self.entries: dict[str, list[dict]] = data["defaults"]
        """Definition name → its defaulted fields, in the order defaults.go sets them."""
        self.schema = schema
        self._leading: frozenset[str] | None = None
        self._plan_cache: dict[tuple, tuple[_Plan, ...]] = {}

    def leads_to_hints(self, ref: str | None) -> bool:
        """Some object at or below a definition has a default worth a hint (so a walk goes in)."""
        if self._leading is None:
            hinted = {owner for owner, entries in self.entries.items() if any(e.get("hint", True) for e in entries)}
            self._leading = self._definitions_leading_to(hinted)
        return ref in self._leading

    def _definitions_leading_to(self, targets: set[str]) -> frozenset[str]:
        below: dict[str, set[str]] = {}
        for name, definition in self.schema.definitions.items():
            fields = [*definition.get("properties", {}).values(), definition.get("values", {})]
            below[name] = {ref for field in fields if (ref := _ref(field))}
        leading = set(targets)
        grew = True
        while grew:
            grew = False
            for name, refs in below.items():
                if name not in leading and refs & leading:
                    leading.add(name)
                    grew = True
        return frozenset(leading)

    def absent(self, owner: str, mapping: Mapping, version: Version, kind: str | None = None,
               pod_spec: Mapping | None = None) -> list[Default]:
        """The defaults of the fields that `mapping`, an `owner` object, leaves out."""
        found = []
        seen = set()
        for plan in self._plans(owner, version, kind):
            if plan.field not in seen and (default := self._apply(plan, owner, mapping, kind, pod_spec)):
                seen.add(plan.field)
                found.append(default)
        return found

    def of(self, owner: str, field: str, mapping: Mapping, version: Version, kind: str | None = None,
           pod_spec: Mapping | None = None) -> Default | None:
        """What the absent `field` of `mapping` will be, or None when nothing sets it."""
        for plan in self._plans(owner, version, kind):
            if plan.field == field and (default := self._apply(plan, owner, mapping, kind, pod_spec)):
                return default
        return None

    def _plans(self, owner: str, version: Version, kind: str | None) -> tuple[_Plan, ...]:
        """The entries that can apply in this version to this kind of object, worked out once:
        a big file asks for the same few thousand times."""
        key = (owner, version, kind)
        plans = self._plan_cache.get(key)
        if plans is None:
            plans = self._plan_cache[key] = tuple(
                plan for entry in self.entries.get(owner, ()) if (plan := self._plan(owner, entry, version, kind)))
        return plans

    def _plan(self, owner: str, entry: dict, version: Version, kind: str | None) -> _Plan | None:
        field = entry["field"]
        if ("since" in entry and version < parse_version(entry["since"])) or not self._known(owner, field, version):
            return None
        # The API server drops a field it does not know: such a sibling counts as left out.
        if not all(self._known(owner, name, version) for name in entry.get("ifPresent", ())):
            return None
        unless = tuple(name for name in entry.get("unlessPresent", ()) if self._known(owner, name, version))
        narrowed = self.schema.policies.get(f"{owner}.{field}", {}).get("allowedByKind", {}).get(kind)
        default = None
        if "value" in entry:
            if narrowed is not None and entry["value"] not in narrowed:
                return None
            default = Default(field, entry["value"], entry.get("shown", show(entry["value"])), entry["source"],
                              entry.get("note", ""), entry.get("hint", True))
        when = tuple((name, tuple(values)) for name, values in entry.get("when", {}).items())
        return _Plan(field, entry, default, tuple(entry.get("ifPresent", ())), unless, when, narrowed)

    def _apply(self, plan: _Plan, owner: str, mapping: Mapping, kind: str | None,
               pod_spec: Mapping | None) -> Default | None:
        get = mapping.get
        if get(plan.field) is not None:
            return None
        for name in plan.if_present:
            if get(name) is None:
                return None
        for name in plan.unless_present:
            if get(name) is not None:
                return None
        for name, values in plan.when:
            if self._value(owner, name, mapping) not in values:
                return None
        if plan.default is not None:
            return plan.default
        entry = plan.entry
        value, reason = self._computed(entry, mapping, pod_spec)
        if value is None or (plan.narrowed is not None and value not in plan.narrowed):
            return None
        return Default(plan.field, value, show(value), entry["source"], reason, entry.get("hint", True))

    def _known(self, owner: str, field: str, version: Version) -> bool:
        since = self.schema.definitions.get(owner, {}).get("properties", {}).get(field, {}).get("since")
        return since is None or parse_version(since) <= version

    def _value(self, owner: str, field: str, mapping: Mapping) -> object:
        """A field's value as the API server reads it: as written, else its plain default."""
        node = mapping.get(field)
        if node is not None:
            return scalar_text(node)
        entry = next((e for e in self.entries.get(owner, ()) if e["field"] == field and "value" in e), None)
        return entry["value"] if entry else None

    @staticmethod
    def _computed(entry: dict, mapping: Mapping, pod_spec: Mapping | None) -> tuple[object, str]:
        if entry["rule"] == "imageTag":
            image = scalar_text(mapping.get(entry["from"]))
            return (pull_policy(image) if image else None) or (None, "")
        # hostNetworkPort: a container port of a Pod on the host's network
        host_network = pod_spec.get("hostNetwork") if pod_spec is not None else None
        port = mapping.get("containerPort")
        if (isinstance(host_network, Scalar) and host_network.tag == "bool"
                and host_network.value.lower() in ("true", "yes", "on", "y")
                and isinstance(port, Scalar) and port.tag == "int" and port.value.isdigit()):
            return int(port.value), "the Pod uses the host's network"
        return None, ""


@dataclass(frozen=True, slots=True)
class _Plan:
    """An entry of defaults.json made ready for one version and kind of object."""

    field: str
    entry: dict
    default: Default | None
    """The answer, when it depends on nothing but the conditions."""
    if_present: tuple[str, ...]
    unless_present: tuple[str, ...]
    when: tuple[tuple[str, tuple], ...]
    narrowed: list | None
    """The only values this kind of object accepts for the field (a Job's pods never restart
    `Always`): a default outside them is no default but an error the rules report."""


def _ref(field: dict) -> str | None:
    while "ref" not in field and ("items" in field or "values" in field):
        field = field.get("items") or field.get("values")
    return field.get("ref")


@cache
def load_defaults() -> Defaults:
    """The bundled defaults, read once on first use."""
    data = json.loads((_schema_dir() / "defaults.json").read_text(encoding="utf-8"))
    return Defaults(data, load_schema())
