"""Pod fields that the API server clears, unvalidated, while their feature gate is off by
default: dropDisabledPodFields and its kin (pkg/api/pod/util.go) set them to nil before
validation, so in those versions nothing under them is rejected and nothing of them takes
effect. A field's first version is the schema's (`since`); this table gives the gate and the
first version that has it on."""

from __future__ import annotations

from dataclasses import dataclass

from .schema import Version

CORE = "io.k8s.api.core.v1."


@dataclass(frozen=True)
class Gate:
    name: str
    on: Version
    """The first Kubernetes version with the gate on by default."""
    effect: str
    """What the Pod loses while the field is dropped."""
    warned_elsewhere: bool = False
    """A rule of its own says more about it (the restart rules: what is dropped depends on the
    value and the container)."""


DROPPED_WHILE_OFF: dict[tuple[str, str], Gate] = {
    (CORE + "PodSpec", "hostnameOverride"): Gate(
        "HostnameOverride", (1, 35), "the Pod's hostname stays hostname or the Pod's name"),
    (CORE + "VolumeProjection", "podCertificate"): Gate(
        "PodCertificateRequest", (1, 37), "the volume gets no key or certificate files"),
    (CORE + "PodSpec", "resourceClaims"): Gate(
        "DynamicResourceAllocation", (1, 34), "the Pod is given none of the devices it claims"),
    (CORE + "ResourceRequirements", "claims"): Gate(
        "DynamicResourceAllocation", (1, 34), "the container is given none of the devices it claims"),
    (CORE + "PodSpec", "resources"): Gate(
        "PodLevelResources", (1, 34), "only the containers' own resources count"),
    (CORE + "Container", "resizePolicy"): Gate(
        "InPlacePodVerticalScaling", (1, 33), "a resize follows the default policy"),
    (CORE + "VolumeMount", "recursiveReadOnly"): Gate(
        "RecursiveReadOnlyMounts", (1, 31), "a read-only mount's submounts stay writable"),
    (CORE + "Container", "restartPolicyRules"): Gate(
        "ContainerRestartRules", (1, 35), "the container follows the Pod's restartPolicy",
        warned_elsewhere=True),
}
"""By (declaring definition, field)."""


def gate_of(owner: str | None, name: str | None) -> Gate | None:
    """The gate that drops the field `name` of the definition `owner`, if one does."""
    if owner is None or name is None:
        return None
    return DROPPED_WHILE_OFF.get((owner, name))


def on_from(definition: str, name: str) -> Version:
    """The first version that keeps (and validates) the core/v1 `definition`'s field `name`."""
    return DROPPED_WHILE_OFF[(CORE + definition, name)].on
