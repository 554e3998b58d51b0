"""Name rules: DNS labels, port names, and names that must be unique."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..findings import Finding, Fix, Severity
from ..names import dns_label_problem, port_name_problem
from ..nodes import Node
from . import RuleContext, check, define
from .values import mappings, text

DNS_LABEL = define(
    "dns-label", Severity.ERROR,
    "container and volume names, hostname and subdomain must be DNS labels",
    "The API server rejects names that are not RFC 1123 labels: at most 63 lowercase letters, "
    "digits and '-', starting and ending with a letter or digit.")
PORT_NAME = define(
    "port-name", Severity.ERROR,
    "port names must be IANA service names",
    "The API server rejects a port name longer than 15 characters, with characters other than "
    "lowercase letters, digits and '-', without a letter, or with '--'.")
DUPLICATE = define(
    "duplicate-name", Severity.ERROR,
    "container, volume and port names and mount paths must be unique",
    "The API server rejects two containers (init containers included), volumes, ports of a "
    "container or mounts of a container with the same name or path.")


def _duplicates(nodes: Iterable[Node], what: str, where: str, taken: set[str]) -> Iterator[Finding]:
    seen: set[str] = set()
    written: set[int] = set()
    for node in nodes:
        name = text(node)
        if name is None:
            continue
        if name in seen:
            fixes: tuple[Fix, ...] = ()
            # An alias (*name) is the very node it repeats: renaming it would rename both.
            if what != "mountPath" and id(node) not in written:
                fresh = _free(name, taken)
                fixes = (Fix.replace_string(node, fresh, f"Rename to '{fresh}'"),)
            yield DUPLICATE.hit(node, f"Duplicate {what} '{name}' {where}", fixes=fixes)
        seen.add(name)
        written.add(id(node))


def _free(name: str, taken: set[str]) -> str:
    number = 2
    while f"{name}-{number}" in taken:
        number += 1
    return f"{name}-{number}"


@check(DNS_LABEL)
def dns_label(ctx: RuleContext) -> Iterator[Finding]:
    spec = ctx.spec.spec
    named: list[tuple[str, Node | None]] = [("hostname", spec.get("hostname")),
                                            ("subdomain", spec.get("subdomain"))]
    named += [("container name", c.get("name")) for _, c in ctx.spec.containers()]
    named += [("volume name", v.get("name")) for v in mappings(spec.get("volumes"))]
    for what, node in named:
        name = text(node)
        if name is not None and node is not None and (problem := dns_label_problem(name)):
            yield DNS_LABEL.hit(node, f"Invalid {what} '{name}': {problem}")


@check(PORT_NAME)
def port_name(ctx: RuleContext) -> Iterator[Finding]:
    for _, container in ctx.spec.containers():
        for port in mappings(container.get("ports")):
            node = port.get("name")
            name = text(node)
            if name is not None and node is not None and (problem := port_name_problem(name)):
                yield PORT_NAME.hit(node, f"Invalid port name '{name}': {problem}")


@check(DUPLICATE)
def duplicate_name(ctx: RuleContext) -> Iterator[Finding]:
    spec = ctx.spec.spec
    containers = [c for _, c in ctx.spec.containers()]
    names = [c.get("name") for c in containers]
    taken = {n for n in map(text, names) if n}
    yield from _duplicates(names, "container name", "in this pod spec", taken)
    volumes = [v.get("name") for v in mappings(spec.get("volumes"))]
    yield from _duplicates(volumes, "volume name", "in this pod spec", {n for n in map(text, volumes) if n})
    for container in containers:
        ports = [p.get("name") for p in mappings(container.get("ports"))]
        yield from _duplicates(ports, "port name", "in this container", {n for n in map(text, ports) if n})
        paths = [m.get("mountPath") for m in mappings(container.get("volumeMounts"))]
        yield from _duplicates(paths, "mountPath", "in this container", set())
