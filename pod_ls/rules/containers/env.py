"""Environment variables, ported from ValidateEnv, validateEnvVarValueFrom and ValidateEnvFrom in
Kubernetes' pkg/apis/core/validation: names and prefixes (relaxed in 1.32), one source per
value, and the envFrom sources. The sources themselves are checked in `env_sources`."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding, Related, Severity
from ...kube.names import dns_subdomain_problem, env_var_name_problem
from ...kube.schema import Version
from ...yaml.nodes import Mapping, Node, Scalar
from .. import RuleContext, check, define, example_pod, per_spec
from ..values import key, keys_set, mappings, text

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
ENV_FROM = define(
    "env-from", Severity.ERROR,
    "an envFrom entry needs exactly one named ConfigMap or Secret, and a valid prefix",
    "The API server rejects an envFrom entry with neither or both of configMapRef and secretRef, "
    "a reference without a name or whose name is not a DNS subdomain, and a prefix that is not "
    "an environment variable name (printable ASCII without '=' from Kubernetes 1.32).")
DUPLICATE_ENV = define(
    "duplicate-env", Severity.WARNING,
    "the same environment variable is set twice in a container",
    "The last entry silently wins, which is rarely what was meant.",
    example=(
        example_pod("web") +
        "  containers:\n"
        "    - name: app\n"
        "      image: nginx:1.27\n"
        "      env:\n"
        "        - {name: MODE, value: fast}\n"
        "        - {name: MODE, value: safe}\n"))

SOURCES = ("fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef", "fileKeyRef")
ENV_FROM_SOURCES = ("configMapRef", "secretRef")
RELAXED_ENV_NAMES = (1, 32)
"""RelaxedEnvironmentVariableValidation is on by default from Kubernetes 1.32."""


@per_spec
def entries(ctx: RuleContext) -> Iterator[tuple[Mapping, list[Mapping]]]:
    """Each container with its env entries."""
    for _, container in ctx.spec.containers():
        yield container, list(mappings(container.get("env")))


def name_problem(name: str, version: Version) -> str | None:
    """Why `name` cannot name an environment variable (or prefix them) in `version`."""
    problem = env_var_name_problem(name, relaxed=version >= RELAXED_ENV_NAMES)
    if problem and version < RELAXED_ENV_NAMES and env_var_name_problem(name, relaxed=True) is None:
        return f"{problem} before Kubernetes 1.32"
    return problem


@check(ENV_NAME, needs=("env",))
def env_name(ctx: RuleContext) -> Iterator[Finding]:
    for _, env in entries(ctx):
        for entry in env:
            node = entry.get("name")
            name = text(node)
            if name is None or node is None:
                continue
            if not name:
                yield ENV_NAME.hit(node, "Environment variable name must not be empty")
            elif (problem := name_problem(name, ctx.version)) is not None:
                yield ENV_NAME.hit(node, f"Invalid environment variable name '{name}': {problem}")


@check(VALUE_AND_FROM, needs=("valueFrom",))
def env_value_and_value_from(ctx: RuleContext) -> Iterator[Finding]:
    for _, env in entries(ctx):
        for entry in env:
            value = entry.get("value")
            if value is not None and text(value) and entry.get("valueFrom") is not None:
                found = key(entry, "valueFrom")
                yield VALUE_AND_FROM.hit(found or value, f"'{text(entry.get('name'))}' sets both value "
                                                         "and valueFrom: keep one")


@check(VALUE_FROM_SOURCES, needs=("valueFrom",))
def env_value_from_source(ctx: RuleContext) -> Iterator[Finding]:
    for _, env in entries(ctx):
        for entry in env:
            source = entry.get("valueFrom")
            if not isinstance(source, Mapping):
                continue
            present = keys_set(source, SOURCES)
            if not present:
                yield VALUE_FROM_SOURCES.missing(key(entry, "valueFrom") or source,
                                                 "valueFrom names no source: add one of " + ", ".join(SOURCES))
            for extra in present[1:]:
                yield VALUE_FROM_SOURCES.hit(
                    extra, f"valueFrom may have only one source: it already has {present[0].value}")


@check(ENV_FROM, needs=("envFrom",))
def env_from(ctx: RuleContext) -> Iterator[Finding]:
    for _, container in ctx.spec.containers():
        for entry in mappings(container.get("envFrom")):
            prefix = entry.get("prefix")
            written = text(prefix)
            if written and prefix is not None and (problem := name_problem(written, ctx.version)):
                yield ENV_FROM.hit(prefix, f"Invalid envFrom prefix '{written}': {problem}")
            present = keys_set(entry, ENV_FROM_SOURCES)
            if not present:
                anchor = entry.items[0][0] if entry.items else entry
                yield ENV_FROM.missing(anchor, "envFrom entry names no source: add configMapRef or secretRef")
            for extra in present[1:]:
                yield ENV_FROM.hit(extra, f"envFrom entry may have only one source: it already has "
                                          f"{present[0].value}")
            for source_key in present:
                yield from _env_from_name(source_key, entry.get(source_key.value))


def _env_from_name(source_key: Scalar, source: object) -> Iterator[Finding]:
    """validateConfigMapEnvSource / validateSecretEnvSource: a name, valid as a prefix (a
    trailing '-' is allowed, as for generated names)."""
    if not isinstance(source, Mapping):
        return
    node = source.get("name")
    name = text(node)
    needs = f"{source_key.value} needs the name of the {_kind(source_key.value)} to read"
    if name is None or node is None:
        yield ENV_FROM.missing(source_key, needs)
    elif not name:
        yield ENV_FROM.hit(node, needs)
    elif (problem := dns_subdomain_problem(name[:-1] + "a" if name.endswith("-") else name)):
        yield ENV_FROM.hit(node, f"Invalid {_kind(source_key.value)} name '{name}': {problem}")


def _kind(source: str) -> str:
    return "ConfigMap" if source.startswith("configMap") else "Secret"


@check(DUPLICATE_ENV, needs=("env",))
def duplicate_env(ctx: RuleContext) -> Iterator[Finding]:
    for _, env in entries(ctx):
        seen: dict[str, Node] = {}
        for entry in env:
            node = entry.get("name")
            name = text(node)
            if name is None or node is None:
                continue
            if name in seen:
                yield DUPLICATE_ENV.hit(node, f"'{name}' is set again: the last value wins",
                                        related=(Related.at(seen[name], f"'{name}' first set"),))
            seen.setdefault(name, node)
