"""What containers do with the volumes, ported from ValidateVolumeMounts and
ValidateVolumeDevices in Kubernetes' pkg/apis/core/validation: where a volume is mounted,
which part of it, how mounts propagate, and raw block devices."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding, Fix, Severity
from ...kube.gates import on_from
from ...yaml.nodes import Mapping
from .. import RuleContext, check, define
from ..pod.volumes import at, is_empty, path_problem, volume_sources
from ..values import boolean, key, mappings, text

SUB_PATH = define(
    "volume-mount-subpath", Severity.ERROR,
    "subPath and subPathExpr must be relative paths without '..', and only one may be set",
    "The API server rejects an absolute subPath or subPathExpr or one that climbs out of the "
    "volume, a mount that sets both, and either of them in an ephemeral container or (before "
    "Kubernetes 1.33) on an image volume.")
MOUNT = define(
    "volume-mount", Severity.ERROR,
    "a mount needs a mountPath, and its propagation and recursiveReadOnly must fit",
    "The API server rejects an empty mountPath, Bidirectional propagation in a container that "
    "is not privileged, recursiveReadOnly without readOnly: true or with propagation other than "
    "None, and a volume mounted and used as a device in the same container.")
DEVICE = define(
    "volume-device", Severity.ERROR,
    "volumeDevices must name a PVC or ephemeral volume, once, at a unique devicePath",
    "Raw block devices come from PersistentVolumeClaims (or ephemeral volumes, which create "
    "one); the API server rejects any other source, a device listed twice, an empty devicePath, "
    "one with '..' and one used by a volume mount too.")

RECURSIVE_READ_ONLY = ("Disabled", "IfPossible", "Enabled")
RECURSIVE_READ_ONLY_SINCE = on_from("VolumeMount", "recursiveReadOnly")
"""RecursiveReadOnlyMounts is beta, on by default, from 1.31; in 1.30 the field is dropped."""
BLOCK_SOURCES = {"persistentVolumeClaim", "ephemeral"}
IMAGE_SUB_PATH_SINCE = (1, 33)
"""ImageVolume's beta (kubernetes/kubernetes#130135) took out ValidateVolumeMounts' refusal of
subPath and subPathExpr on an image volume."""


def _mounts(container: Mapping, field: str = "volumeMounts") -> list[Mapping]:
    return list(mappings(container.get(field)))


@check(SUB_PATH, needs=("subPath",))
def volume_mount_subpath(ctx: RuleContext) -> Iterator[Finding]:
    volumes = volume_sources(ctx)
    for list_name, container in ctx.spec.containers():
        for mount in _mounts(container):
            image = ctx.version < IMAGE_SUB_PATH_SINCE and "image" in volumes.get(text(mount.get("name")) or "", set())
            for field in ("subPath", "subPathExpr"):
                path = text(mount.get(field))
                if not path:
                    continue
                if list_name == "ephemeralContainers":
                    yield SUB_PATH.hit(at(mount, field), f"{field} cannot be set in an ephemeral container")
                elif image:
                    yield SUB_PATH.hit(at(mount, field), f"{field} is not allowed on an image volume")
                if problem := path_problem(path):
                    yield SUB_PATH.hit(at(mount, field), f"{field} '{path}' {problem}")
            if text(mount.get("subPath")) and text(mount.get("subPathExpr")):
                yield SUB_PATH.hit(key(mount, "subPathExpr") or mount, "subPath and subPathExpr are mutually "
                                                                       "exclusive: keep one")


@check(MOUNT, needs=("volumeMounts",))
def volume_mount(ctx: RuleContext) -> Iterator[Finding]:
    for _, container in ctx.spec.containers():
        devices = _mounts(container, "volumeDevices")
        device_names = {text(d.get("name")) for d in devices} - {None}
        device_paths = {text(d.get("devicePath")) for d in devices} - {None, ""}
        security = container.get("securityContext")
        privileged = isinstance(security, Mapping) and boolean(security.get("privileged")) is True
        for mount in _mounts(container):
            path = mount.get("mountPath")
            if path is not None and is_empty(path):
                yield MOUNT.hit(at(mount, "mountPath"), "mountPath must not be empty")
            name = text(mount.get("name"))
            if name and name in device_names:
                yield MOUNT.hit(at(mount, "name"), f"volume '{name}' is also in this container's volumeDevices")
            if text(path) in device_paths:
                yield MOUNT.hit(at(mount, "mountPath"), f"mountPath '{text(path)}' is also a devicePath of "
                                                       "this container")
            propagation = text(mount.get("mountPropagation"))
            if propagation == "Bidirectional" and not privileged:
                yield MOUNT.hit(at(mount, "mountPropagation"), "Bidirectional mount propagation needs a "
                                                               "privileged container")
            if ctx.version >= RECURSIVE_READ_ONLY_SINCE:
                yield from _recursive_read_only(mount, propagation)


def _recursive_read_only(mount: Mapping, propagation: str | None) -> Iterator[Finding]:
    node = mount.get("recursiveReadOnly")
    value = text(node)
    if value is None or node is None or value == "Disabled":
        return
    if value not in RECURSIVE_READ_ONLY:
        fixes = tuple(Fix.replace_string(node, v, f"Change to {v}") for v in RECURSIVE_READ_ONLY
                      if v.lower() == value.lower())
        yield MOUNT.hit(node, f"recursiveReadOnly must be one of {', '.join(RECURSIVE_READ_ONLY)}", fixes=fixes)
        return
    if boolean(mount.get("readOnly")) is not True:
        yield MOUNT.hit(node, f"recursiveReadOnly: {value} needs readOnly: true")
    if propagation not in (None, "None"):
        yield MOUNT.hit(node, f"recursiveReadOnly: {value} needs mountPropagation None (or unset)")


@check(DEVICE, needs=("volumeDevices",))
def volume_device(ctx: RuleContext) -> Iterator[Finding]:
    volumes = volume_sources(ctx)
    for _, container in ctx.spec.containers():
        mounts = _mounts(container)
        mount_names = {text(m.get("name")) for m in mounts} - {None}
        mount_paths = {text(m.get("mountPath")) for m in mounts} - {None, ""}
        names: set[str] = set()
        paths: set[str] = set()
        for device in _mounts(container, "volumeDevices"):
            yield from _device(device, volumes, names, paths, mount_names, mount_paths)


def _device(device: Mapping, volumes: dict[str, set[str]], names: set[str], paths: set[str],
            mount_names: set[str | None], mount_paths: set[str | None]) -> Iterator[Finding]:
    name, path = text(device.get("name")), text(device.get("devicePath"))
    if name:
        if name in names:
            yield DEVICE.hit(at(device, "name"), f"volume '{name}' is already a device of this container")
        elif name in volumes and not volumes[name] & BLOCK_SOURCES:
            yield DEVICE.hit(at(device, "name"), f"volume '{name}' is a {', '.join(sorted(volumes[name]))} "
                                                 "volume: devices need persistentVolumeClaim or ephemeral")
        if name in mount_names:
            yield DEVICE.hit(at(device, "name"), f"volume '{name}' is also in this container's volumeMounts")
        names.add(name)
    if device.get("devicePath") is not None and is_empty(device.get("devicePath")):
        yield DEVICE.hit(at(device, "devicePath"), "devicePath must not be empty")
    if not path:
        return
    if path in paths:
        yield DEVICE.hit(at(device, "devicePath"), f"devicePath '{path}' is already used by another device")
    if ".." in path.split("/"):
        yield DEVICE.hit(at(device, "devicePath"), f"devicePath '{path}' must not contain '..'")
    else:
        paths.add(path)
    if path in mount_paths:
        yield DEVICE.hit(at(device, "devicePath"), f"devicePath '{path}' is also a mountPath of this container")
