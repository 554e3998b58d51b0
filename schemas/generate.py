"""Generate schemas/kubernetes.json from the JSON schemas that ship with kubernetes-validate.

The server never fetches anything at run time: this script picks the definitions reachable
from the workload kinds that carry a pod spec in the newest Kubernetes version, normalises
them into a small, flat format and writes them next to this file. Every property also records
`since`, the oldest shipped version that has it, so one file serves every supported
`kubernetesVersion`. Re-run it after bumping kubernetes-validate:

    python schemas/generate.py [--version 1.37.0]
"""

from __future__ import annotations

import argparse
import json
from importlib import metadata, resources
from pathlib import Path

OUT = Path(__file__).with_name("kubernetes.json")
DEFAULT_VERSION = "1.37.0"

ROOT_KINDS = {
    "Pod": "io.k8s.api.core.v1.Pod",
    "PodTemplate": "io.k8s.api.core.v1.PodTemplate",
    "ReplicationController": "io.k8s.api.core.v1.ReplicationController",
    "Deployment": "io.k8s.api.apps.v1.Deployment",
    "ReplicaSet": "io.k8s.api.apps.v1.ReplicaSet",
    "StatefulSet": "io.k8s.api.apps.v1.StatefulSet",
    "DaemonSet": "io.k8s.api.apps.v1.DaemonSet",
    "Job": "io.k8s.api.batch.v1.Job",
    "CronJob": "io.k8s.api.batch.v1.CronJob",
}

# Definitions that the API accepts in more than one JSON shape; the server checks them by name.
SPECIAL_TYPES = {
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": "int-or-string",
    "io.k8s.apimachinery.pkg.api.resource.Quantity": "quantity",
}


def _type(raw: object) -> str | None:
    """Collapse ["string", "null"] to "string"."""
    if isinstance(raw, list):
        kinds = [t for t in raw if t != "null"]
        return kinds[0] if len(kinds) == 1 else None
    return raw if isinstance(raw, str) else None


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _field(raw: dict, refs: set[str]) -> dict:
    """Normalise one property (or items / additionalProperties) schema."""
    out: dict = {}
    if "description" in raw:
        out["description"] = raw["description"]
    if "$ref" in raw:
        name = _ref_name(raw["$ref"])
        if name in SPECIAL_TYPES:
            out["type"] = SPECIAL_TYPES[name]
        else:
            out["ref"] = name
            refs.add(name)
        return out
    if (kind := _type(raw.get("type"))) is not None:
        out["type"] = kind
    if "format" in raw:
        out["format"] = raw["format"]
    if "enum" in raw:
        out["enum"] = [v for v in raw["enum"] if v is not None]
    if "items" in raw:
        out["items"] = _field(raw["items"], refs)
    if isinstance(raw.get("additionalProperties"), dict):
        out["values"] = _field(raw["additionalProperties"], refs)
    return out


def _definition(raw: dict, refs: set[str]) -> dict:
    out: dict = {"type": _type(raw.get("type")) or "any"}
    if "description" in raw:
        out["description"] = raw["description"]
    if "properties" in raw:
        out["properties"] = {k: _field(v, refs) for k, v in sorted(raw["properties"].items())}
        out["required"] = sorted(raw.get("required", []))
    elif isinstance(raw.get("additionalProperties"), dict):
        out["values"] = _field(raw["additionalProperties"], refs)
    return out


def _schema_root():
    return resources.files("kubernetes_validate") / "kubernetes-json-schema"


def _definitions(version: str) -> dict:
    folder = _schema_root() / f"v{version}-local-strict"
    return json.loads((folder / "_definitions.json").read_text())["$defs"]


def shipped_versions() -> list[str]:
    """The versions kubernetes-validate ships, oldest first ("1.25.0", ...)."""
    names = [p.name for p in _schema_root().iterdir() if p.name.endswith("-local-strict")]
    found = [n[1:].removesuffix("-local-strict") for n in names]
    return sorted(found, key=lambda v: tuple(int(x) for x in v.split(".")))


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def _add_since(definitions: dict[str, dict], versions: list[str]) -> None:
    """Mark each property with the oldest version whose schema has it, where its definition is
    older than the property. A definition that is new as a whole marks none of its properties:
    either the field that refers to it is new (and marked), or the type was only renamed
    (1.29's VolumeResourceRequirements took over a PVC's ResourceRequirements, `requests` and
    all)."""
    first: dict[tuple[str, str], str] = {}
    first_definition: dict[str, str] = {}
    for version in versions:
        older = _definitions(version)
        for name, definition in definitions.items():
            if name in older:
                first_definition.setdefault(name, version)
            for prop in definition.get("properties", {}):
                if (name, prop) not in first and prop in older.get(name, {}).get("properties", {}):
                    first[(name, prop)] = version
    for name, definition in definitions.items():
        for prop, field in definition.get("properties", {}).items():
            since = first.get((name, prop), versions[-1])
            if since != first_definition.get(name, versions[-1]):
                field["since"] = _minor(since)


def _served(versions: list[str]) -> dict[str, dict[str, list[str]]]:
    """apiVersion → kind → [first, last] Kubernetes version whose API has that kind there, for
    every kind of every built-in group (so a removed or misplaced apiVersion can be told)."""
    served: dict[str, dict[str, list[str]]] = {}
    for version in versions:
        for definition in _definitions(version).values():
            for gvk in definition.get("x-kubernetes-group-version-kind", []):
                api_version = f"{gvk['group']}/{gvk['version']}" if gvk["group"] else gvk["version"]
                span = served.setdefault(api_version, {}).setdefault(gvk["kind"], [_minor(version), _minor(version)])
                span[1] = _minor(version)
    return {api: dict(sorted(kinds.items())) for api, kinds in sorted(served.items())}


def generate(version: str) -> dict:
    all_defs = _definitions(version)
    definitions: dict[str, dict] = {}
    todo = set(ROOT_KINDS.values())
    while todo:
        name = todo.pop()
        if name in definitions or name in SPECIAL_TYPES:
            continue
        refs: set[str] = set()
        definitions[name] = _definition(all_defs[name], refs)
        todo |= refs - definitions.keys()
    versions = [v for v in shipped_versions()
                if tuple(map(int, v.split("."))) <= tuple(map(int, version.split(".")))]
    _add_since(definitions, versions)
    return {
        "kubernetesVersion": version,
        "versions": [_minor(v) for v in versions],
        "source": f"kubernetes-validate {metadata.version('kubernetes-validate')}, v{version}-local-strict",
        "kinds": ROOT_KINDS,
        "served": _served(versions),
        "definitions": dict(sorted(definitions.items())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default=DEFAULT_VERSION, help="Kubernetes version to extract")
    args = parser.parse_args()
    schema = generate(args.version)
    OUT.write_text(json.dumps(schema, indent=1, sort_keys=False) + "\n")
    print(f"wrote {OUT} ({len(schema['definitions'])} definitions, Kubernetes {args.version})")  # noqa: T201


if __name__ == "__main__":
    main()
