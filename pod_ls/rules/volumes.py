"""Volume and volume mount rules."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Fix, Severity
from ..locate import get_path
from ..schema import Place
from . import RuleContext, check, define
from .schema_checks import suggest
from .values import keys_set, mappings, text

SOURCES = define(
    "volume-source", Severity.ERROR,
    "a volume may have only one source",
    "A volume is one kind of storage; the API server rejects a volume that names several "
    "(no source at all means emptyDir).")
UNDECLARED = define(
    "volume-mount-undeclared", Severity.ERROR,
    "volumeMounts must name a volume of the pod spec",
    "The API server rejects a mount of a volume that the pod spec does not declare.")
SUB_PATH = define(
    "volume-mount-subpath", Severity.ERROR,
    "subPath must be a relative path without '..'",
    "The API server rejects an absolute subPath or one that climbs out of the volume.")

_VOLUME = "io.k8s.api.core.v1.Volume"


@check(SOURCES)
def volume_source(ctx: RuleContext) -> Iterator[Finding]:
    sources = set(ctx.schema.properties(Place({"ref": _VOLUME}))) - {"name"}
    for volume in mappings(ctx.spec.spec.get("volumes")):
        present = keys_set(volume, sources)
        for extra in present[1:]:
            yield SOURCES.hit(extra, f"Volume '{text(volume.get('name'))}' already has a source "
                                     f"({present[0].value}): a volume may have only one")


@check(UNDECLARED)
def volume_mount_undeclared(ctx: RuleContext) -> Iterator[Finding]:
    volumes = [text(v.get("name")) for v in mappings(ctx.spec.spec.get("volumes"))]
    if ctx.spec.kind == "StatefulSet":  # each claim template is a volume of every Pod
        claims = get_path(ctx.spec.root, ("spec", "volumeClaimTemplates"))
        volumes += [text(get_path(c, ("metadata", "name"))) for c in mappings(claims)]
    declared = {v for v in volumes if v}
    for _, container in ctx.spec.containers():
        for field in ("volumeMounts", "volumeDevices"):
            for mount in mappings(container.get(field)):
                node = mount.get("name")
                name = text(node)
                if name is None or node is None or name in declared:
                    continue
                guess = suggest(name, declared) if declared else None
                fixes = (Fix.replace_string(node, guess, f"Change to '{guess}'"),) if guess else ()
                hint = f" Did you mean '{guess}'?" if guess else ""
                yield UNDECLARED.hit(node, f"No volume named '{name}' in this pod spec.{hint}", fixes=fixes)


@check(SUB_PATH)
def volume_mount_subpath(ctx: RuleContext) -> Iterator[Finding]:
    for _, container in ctx.spec.containers():
        for mount in mappings(container.get("volumeMounts")):
            node = mount.get("subPath")
            path = text(node)
            if not path or node is None:
                continue
            if path.startswith("/"):
                yield SUB_PATH.hit(node, f"subPath '{path}' must be relative to the volume")
            elif ".." in path.split("/"):
                yield SUB_PATH.hit(node, f"subPath '{path}' must not contain '..'")
