"""Generate schemas/kubernetes.json from the JSON schemas that ship with kubernetes-validate.

The server never fetches anything at run time: this script picks the definitions reachable
from the workload kinds that carry a pod spec, normalises them into a small, flat format and
writes them next to this file. Re-run it after bumping kubernetes-validate:

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


def generate(version: str) -> dict:
    base = resources.files("kubernetes_validate") / "kubernetes-json-schema" / f"v{version}-local-strict"
    all_defs = json.loads((base / "_definitions.json").read_text())["$defs"]
    definitions: dict[str, dict] = {}
    todo = set(ROOT_KINDS.values())
    while todo:
        name = todo.pop()
        if name in definitions or name in SPECIAL_TYPES:
            continue
        refs: set[str] = set()
        definitions[name] = _definition(all_defs[name], refs)
        todo |= refs - definitions.keys()
    return {
        "kubernetesVersion": version,
        "source": f"kubernetes-validate {metadata.version('kubernetes-validate')}, v{version}-local-strict",
        "kinds": ROOT_KINDS,
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
