"""What to insert where a person starts from nothing: whole resources, and minimal bodies of fields.

Each skeleton is written as data and is valid as it stands: with its placeholders at their
defaults it gets no finding from pod-ls for any supported Kubernetes version (a test checks
this). Images carry a tag, never `latest`; workloads that may restart only `Always` leave
`restartPolicy` to its default, Pods and Jobs say which one they use.

A field with no body here gets one from the schema when all its required fields are scalars:
those fields with empty tab stops.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...kube.schema import Place, Schema, Version
from .snippets import Body, Inserter, Placeholder

_NAME = Placeholder("name", "name")
_LABELS = {"app.kubernetes.io/name": _NAME}
_PORT = Placeholder("80", "port")
_RESOURCES: dict[str, Body] = {
    "requests": {"cpu": Placeholder("100m"), "memory": Placeholder("128Mi", "memory")},
    "limits": {"memory": Placeholder("128Mi", "memory")},
}


def _server(**extra: Body) -> dict[str, Body]:
    """A long-running container that serves a port."""
    return {"name": Placeholder("app"), "image": Placeholder("nginx:1.27"),
            "ports": [{"name": Placeholder("http", "port-name"), "containerPort": _PORT}],
            "resources": _RESOURCES, **extra}


def _task() -> dict[str, Body]:
    """A container that runs to completion."""
    return {"name": Placeholder("task"), "image": Placeholder("busybox:1.36"),
            "command": ["sh", "-c", Placeholder("echo done", quote=True)], "resources": _RESOURCES}


def _template(spec: dict[str, Body]) -> dict[str, Body]:
    return {"metadata": {"labels": _LABELS}, "spec": spec}


def _object(api_version: str, kind: str, spec: dict[str, Body], labels: bool = False) -> dict[str, Body]:
    metadata: dict[str, Body] = {"name": _NAME, **({"labels": _LABELS} if labels else {})}
    return {"apiVersion": api_version, "kind": kind, "metadata": metadata, "spec": spec}


_SELECTOR = {"matchLabels": _LABELS}
_JOB_POD = {"restartPolicy": Placeholder("Never"), "containers": [_task()]}
_DATA = Placeholder("data", "volume")

RESOURCES: dict[str, list[dict[str, Body]]] = {
    "Pod": [_object("v1", "Pod", {"restartPolicy": Placeholder("Always"), "containers": [_server()]},
                    labels=True)],
    "Deployment": [_object("apps/v1", "Deployment", {
        "replicas": Placeholder("2"), "selector": _SELECTOR,
        "template": _template({"containers": [_server()]})})],
    "StatefulSet": [
        _object("apps/v1", "StatefulSet", {
            "serviceName": _NAME, "replicas": Placeholder("1"), "selector": _SELECTOR,
            "template": _template({"containers": [_server(volumeMounts=[
                {"name": _DATA, "mountPath": Placeholder("/data")}])]}),
            "volumeClaimTemplates": [{
                "metadata": {"name": _DATA},
                "spec": {"accessModes": ["ReadWriteOnce"],
                         "resources": {"requests": {"storage": Placeholder("1Gi")}}}}]}),
        _object("v1", "Service", {
            "clusterIP": "None", "selector": _LABELS,
            "ports": [{"name": Placeholder("http", "port-name"), "port": _PORT}]}),
    ],
    "DaemonSet": [_object("apps/v1", "DaemonSet", {
        "selector": _SELECTOR, "template": _template({"containers": [_server()]})})],
    "Job": [_object("batch/v1", "Job", {"backoffLimit": Placeholder("4"), "template": {"spec": _JOB_POD}})],
    "CronJob": [_object("batch/v1", "CronJob", {
        "schedule": Placeholder("0 * * * *", quote=True), "concurrencyPolicy": Placeholder("Forbid"),
        "jobTemplate": {"spec": {"template": {"spec": {**_JOB_POD, "restartPolicy": Placeholder("OnFailure")}}}}})],
}
"""Whole resources by kind: the documents to insert, the resource itself first."""

_CORE = "io.k8s.api.core.v1."
_META = "io.k8s.apimachinery.pkg.apis.meta.v1."
_PROBE: Body = {"httpGet": {"path": Placeholder("/"), "port": Placeholder("80")}}

BODIES: dict[str, Body] = {
    # By the field's definition.
    f"{_CORE}Probe": _PROBE,
    f"{_CORE}ResourceRequirements": _RESOURCES,
    f"{_CORE}SecurityContext": {"allowPrivilegeEscalation": Placeholder("false"),
                                "runAsNonRoot": Placeholder("true"),
                                "capabilities": {"drop": ["ALL"]}},
    f"{_CORE}PodSecurityContext": {"runAsNonRoot": Placeholder("true"),
                                   "seccompProfile": {"type": Placeholder("RuntimeDefault")}},
    f"{_CORE}Container": {"name": Placeholder("app"), "image": Placeholder("nginx:1.27")},
    f"{_CORE}EnvVar": {"name": Placeholder("NAME"), "value": Placeholder("value", quote=True)},
    f"{_CORE}EnvFromSource": {"configMapRef": {"name": Placeholder("config")}},
    f"{_CORE}VolumeMount": {"name": Placeholder("data"), "mountPath": Placeholder("/data")},
    f"{_CORE}ContainerPort": {"name": Placeholder("http"), "containerPort": Placeholder("80")},
    f"{_CORE}Volume": {"name": Placeholder("data"), "emptyDir": "{}"},
    f"{_CORE}ConfigMapVolumeSource": {"name": Placeholder("config")},
    f"{_CORE}SecretVolumeSource": {"secretName": Placeholder("secret")},
    f"{_CORE}HTTPGetAction": _PROBE["httpGet"],
    f"{_CORE}ExecAction": {"command": ["sh", "-c", Placeholder("true", quote=True)]},
    f"{_CORE}Lifecycle": {"preStop": {"exec": {"command": ["sh", "-c", Placeholder("sleep 5", quote=True)]}}},
    f"{_CORE}Toleration": {"key": Placeholder("example.com/dedicated"), "operator": Placeholder("Exists"),
                           "effect": Placeholder("NoSchedule")},
    f"{_CORE}TopologySpreadConstraint": {"maxSkew": Placeholder("1"),
                                         "topologyKey": Placeholder("topology.kubernetes.io/zone"),
                                         "whenUnsatisfiable": Placeholder("ScheduleAnyway"),
                                         "labelSelector": _SELECTOR},
    f"{_CORE}PodTemplateSpec": _template({"containers": [{"name": Placeholder("app"),
                                                          "image": Placeholder("nginx:1.27")}]}),
    f"{_META}ObjectMeta": {"name": _NAME},
    f"{_META}LabelSelector": _SELECTOR,
    # By the field itself, where its place asks for something else than its type does.
    f"{_CORE}PodTemplateSpec.metadata": {"labels": _LABELS},
    "io.k8s.api.batch.v1.JobTemplateSpec.metadata": {"labels": _LABELS},
    f"{_CORE}PodSpec.initContainers": {"name": Placeholder("init"), "image": Placeholder("busybox:1.36"),
                                       "command": ["sh", "-c", Placeholder("echo ready", quote=True)]},
}
"""Minimal valid bodies by definition (or `definition.field`), for a field of that type or an
entry of a list of them."""

_SERVER_WRITTEN = re.compile(r"(?:^|\.\s+|\n)Read-only\b|read-only field|shouldn.t need to set|Populated by the system")
_COLLECTIONS = ("object", "array")
_SCALARS = {"string", "integer", "number", "boolean", "int-or-string", "quantity"}


@dataclass(frozen=True, slots=True)
class Skeleton:
    kind: str
    api_version: str
    documents: list[dict[str, Body]]


def resource_skeletons(schema: Schema, version: Version) -> list[Skeleton]:
    """The whole-resource skeletons whose every document the version serves."""
    out = []
    for kind, documents in RESOURCES.items():
        if all(schema.serves(str(d["apiVersion"]), str(d["kind"]), version) for d in documents):
            out.append(Skeleton(kind, str(documents[0]["apiVersion"]), documents))
    return out


def _body_for(schema: Schema, place: Place, version: Version, kind: str | None, blanks: bool) -> Body | None:
    """A minimal body for the field at `place` (an object, or a list of objects) in a `kind`
    object; None when the field is not one, or nothing sensible can be said about it. Without
    `blanks`, no body whose values are left empty (as plain text they would stay empty)."""
    field_type = schema.type_of(place)
    if field_type == "array":
        item = schema.child(place, -1)
        entry = _entry_body(schema, item, place.policy_key, version, blanks) if item is not None else None
        return [entry] if entry is not None else None
    if field_type != "object":
        return None
    if kind in RESOURCES and place.policy_key == f"{schema.kinds.get(kind)}.spec":
        return RESOURCES[kind][0]["spec"]
    return _entry_body(schema, place, place.policy_key, version, blanks)


@lru_cache(maxsize=4096)
def field_insert(schema: Schema, owner: str, name: str, kind: str | None, version: Version,
                 inserter: Inserter, column: int, flow: bool) -> tuple[str, bool]:
    """What completing the field `name` of definition `owner` inserts, and whether that is a
    snippet. Remembered: the same few fields are completed at the same few columns over and
    over, and rendering a body takes longer than the rest of a request."""
    place = Place(schema.definitions[owner]["properties"][name], owner, name)
    body = _body_for(schema, place, version, kind, inserter.snippets)
    if body is not None:
        return inserter.field(name, body, column, flow), inserter.snippets
    return (f"{name}:" if schema.type_of(place) in _COLLECTIONS else f"{name}: "), False


def entry_body(schema: Schema, list_place: Place, version: Version, blanks: bool = True) -> Body | None:
    """A minimal body of one entry of the list at `list_place`."""
    item = schema.child(list_place, -1)
    return _entry_body(schema, item, list_place.policy_key, version, blanks) if item is not None else None


def person_writes(name: str, field: dict) -> bool:
    """False for the fields only the API server writes: `status`, and those the API's
    descriptions mark so (uid, resourceVersion, managedFields, creationTimestamp, ...)."""
    return name != "status" and not _SERVER_WRITTEN.search(field.get("description", ""))


def _entry_body(schema: Schema, place: Place, field_key: str | None, version: Version,
                blanks: bool) -> Body | None:
    ref = place.field.get("ref")
    if ref is None:
        return None
    body = BODIES.get(field_key or "") or BODIES.get(ref)
    if body is not None:
        return body if _available(schema, place, body, version) else None
    required = schema.required(place) if blanks else []
    properties = schema.properties(place)
    if not required or not all(name in properties for name in required):
        return None
    children = [schema.child(place, name) for name in required]
    if not all(child is not None and schema.type_of(child) in _SCALARS for child in children):
        return None
    return {name: Placeholder("") for name in required}


def _available(schema: Schema, place: Place, body: Body, version: Version) -> bool:
    """Every field the body sets exists at its place in `version`."""
    if isinstance(body, list):
        item = schema.child(place, -1)
        return all(item is not None and _available(schema, item, entry, version)
                   for entry in body if isinstance(entry, dict))
    if not isinstance(body, dict):
        return True
    for key, value in body.items():
        child = schema.child(place, key)
        if child is None or not schema.available(child, version) or not _available(schema, child, value, version):
            return False
    return True
