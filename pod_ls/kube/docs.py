"""Markdown for fields and values, shared by hover and completion."""

from __future__ import annotations

from .schema import Place, Schema

_RESOURCES = "io.k8s.api.core.v1.ResourceRequirements"


def type_label(schema: Schema, place: Place) -> str:
    kind = schema.type_of(place)
    ref = place.field.get("ref")
    if kind == "object" and ref:
        return ref.rsplit(".", 1)[-1]
    if kind == "array":
        items = schema.child(place, -1)
        if items is not None:
            return f"[]{type_label(schema, items)}"
    if kind == "object" and "values" in place.field:
        return f"map[string]{type_label(schema, Place(place.field['values']))}"
    return kind


def _shown(value: str) -> str:
    return f"`{value}`" if value else '`""`'


def _values_table(values: dict[str, str]) -> str:
    if not any(values.values()):
        return "Allowed values: " + ", ".join(_shown(v) for v in values)
    rows = [f"| {_shown(v)} | {doc} |" for v, doc in values.items()]
    return "\n".join(["| value | meaning |", "|---|---|", *rows])


def field_markdown(schema: Schema, place: Place, kind: str | None = None) -> str:
    """Name, type, default, the API's description, the reference's note and allowed values."""
    if place.map_key is not None:
        return _map_entry_markdown(schema, place)
    policy = schema.policy(place)
    name = place.name or type_label(schema, place)
    header = f"**{name}** `{type_label(schema, place)}`"
    if "default" in policy:
        default = str(policy["default"])
        header += f" · default {_shown(default) if ' ' not in default else default}"
    if since := place.field.get("since"):
        header += f" · since Kubernetes {since}"
    parts = [header]
    if description := schema.description(place):
        parts.append(description)
    if note := policy.get("note"):
        parts.append(note)
    if values := schema.allowed_values(place, kind):
        parts.append(_values_table(values))
    if schema.definition(place) is schema.definitions.get(_RESOURCES):
        parts.append(_qos_table(schema.qos_classes))
    return "\n\n".join(parts)


def _qos_table(classes: dict[str, str]) -> str:
    rows = [f"| {name} | {doc} |" for name, doc in classes.items()]
    return "\n".join(["| QoS class | when |", "|---|---|", *rows])


def _map_entry_markdown(schema: Schema, place: Place) -> str:
    """An entry of a free-form map (a label, a resource name): its own doc, or the map's."""
    header = f"**{place.map_key}** `{type_label(schema, place)}`"
    if doc := schema.description(place):
        return f"{header}\n\n{doc}"
    owner = schema.definitions.get(place.owner or "", {})
    map_doc = owner.get("properties", {}).get(place.name or "", {}).get("description", "")
    parts = [f"{header} · an entry of `{place.name}`"]
    if map_doc:
        parts.append(map_doc)
    return "\n\n".join(parts)


def value_markdown(schema: Schema, place: Place, value: str) -> str:
    """What a policy value does, then what the field is for."""
    doc = schema.allowed_values(place).get(value, "")
    header = f"**{place.name}:** {_shown(value)}"
    parts = [header, doc] if doc else [header]
    if note := schema.policy(place).get("note"):
        parts.append(note)
    return "\n\n".join(parts)
