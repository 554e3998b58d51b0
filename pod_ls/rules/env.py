"""Environment variable rules."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding, Severity
from ..nodes import Mapping
from . import RuleContext, check, define
from .values import key, keys_set, mappings, text

ENV_NAME = define(
    "env-name", Severity.ERROR,
    "environment variable names must be printable ASCII without '='",
    "The API server rejects an empty name, or one with '=' or characters outside printable "
    "ASCII; before Kubernetes 1.32 only letters, digits, '_', '-' and '.' (not leading a digit).")
VALUE_AND_FROM = define(
    "env-value-and-value-from", Severity.ERROR,
    "an env entry may set value or valueFrom, not both",
    "The API server rejects an environment variable that has both a literal value and a source.")
VALUE_FROM_SOURCES = define(
    "env-value-from-source", Severity.ERROR,
    "valueFrom needs exactly one source",
    "valueFrom must name exactly one of fieldRef, resourceFieldRef, configMapKeyRef, "
    "secretKeyRef or fileKeyRef; the API server rejects none or several.")
FIELD_PATH = define(
    "env-field-path", Severity.ERROR,
    "fieldRef.fieldPath must be a field the downward API exposes to environment variables",
    "Only some Pod fields can be read into an environment variable; the API server rejects the "
    "others.")
DUPLICATE_ENV = define(
    "duplicate-env", Severity.WARNING,
    "the same environment variable is set twice in a container",
    "The last entry silently wins, which is rarely what was meant.")

SOURCES = ("fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef", "fileKeyRef")
ENV_FIELD_PATHS = {
    "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName",
    "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
}
_SUBSCRIPT = re.compile(r"metadata\.(labels|annotations)\['[^']+'\]")
_PRINTABLE = re.compile(r"[\x20-\x7e]+")
_C_IDENTIFIER_LIKE = re.compile(r"[-._a-zA-Z][-._a-zA-Z0-9]*")
RELAXED_ENV_NAMES = (1, 32)


def _entries(ctx: RuleContext) -> Iterator[tuple[Mapping, list[Mapping]]]:
    for _, container in ctx.spec.containers():
        yield container, list(mappings(container.get("env")))


@check(ENV_NAME)
def env_name(ctx: RuleContext) -> Iterator[Finding]:
    for _, entries in _entries(ctx):
        for entry in entries:
            node = entry.get("name")
            name = text(node)
            if name is None or node is None:
                continue
            if not name:
                yield ENV_NAME.hit(node, "Environment variable name must not be empty")
            elif "=" in name or not _PRINTABLE.fullmatch(name):
                yield ENV_NAME.hit(node, f"Invalid environment variable name '{name}': use printable "
                                         "ASCII characters other than '='")
            elif ctx.version < RELAXED_ENV_NAMES and not _C_IDENTIFIER_LIKE.fullmatch(name):
                yield ENV_NAME.hit(node, f"Invalid environment variable name '{name}': before Kubernetes "
                                         "1.32 use letters, digits, '_', '-' and '.', not starting with a digit")


@check(VALUE_AND_FROM)
def env_value_and_value_from(ctx: RuleContext) -> Iterator[Finding]:
    for _, entries in _entries(ctx):
        for entry in entries:
            value = entry.get("value")
            if value is not None and text(value) and entry.get("valueFrom") is not None:
                found = key(entry, "valueFrom")
                yield VALUE_AND_FROM.hit(found or value, f"'{text(entry.get('name'))}' sets both value "
                                                         "and valueFrom: keep one")


@check(VALUE_FROM_SOURCES)
def env_value_from_source(ctx: RuleContext) -> Iterator[Finding]:
    for _, entries in _entries(ctx):
        for entry in entries:
            source = entry.get("valueFrom")
            if not isinstance(source, Mapping):
                continue
            present = keys_set(source, SOURCES)
            if not present:
                yield VALUE_FROM_SOURCES.hit(key(entry, "valueFrom") or source,
                                             "valueFrom names no source: add one of " + ", ".join(SOURCES))
            for extra in present[1:]:
                yield VALUE_FROM_SOURCES.hit(
                    extra, f"valueFrom may have only one source: it already has {present[0].value}")


@check(FIELD_PATH)
def env_field_path(ctx: RuleContext) -> Iterator[Finding]:
    for _, entries in _entries(ctx):
        for entry in entries:
            source = entry.get("valueFrom")
            ref = source.get("fieldRef") if isinstance(source, Mapping) else None
            node = ref.get("fieldPath") if isinstance(ref, Mapping) else None
            path = text(node)
            if path is None or node is None or path in ENV_FIELD_PATHS or _SUBSCRIPT.fullmatch(path):
                continue
            yield FIELD_PATH.hit(node, f"fieldPath '{path}' cannot be read into an environment variable: "
                                       "use one of " + ", ".join(sorted(ENV_FIELD_PATHS))
                                       + ", metadata.labels['<key>'] or metadata.annotations['<key>']")


@check(DUPLICATE_ENV)
def duplicate_env(ctx: RuleContext) -> Iterator[Finding]:
    for _, entries in _entries(ctx):
        seen: set[str] = set()
        for entry in entries:
            node = entry.get("name")
            name = text(node)
            if name is None or node is None:
                continue
            if name in seen:
                yield DUPLICATE_ENV.hit(node, f"'{name}' is set again: the last value wins")
            seen.add(name)
