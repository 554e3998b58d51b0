"""Container port rules."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Fix, Severity
from ..nodes import Node
from . import RuleContext, check, define
from .values import boolean, integer, mappings, text

PORT_RANGE = define(
    "port-range", Severity.ERROR,
    "containerPort must be 1-65535 and hostPort 0-65535",
    "The API server rejects port numbers outside the TCP/UDP range.")
HOST_NETWORK_PORT = define(
    "host-network-port", Severity.ERROR,
    "with hostNetwork: true, hostPort must equal containerPort",
    "A host-network Pod listens on the node's own interfaces, so there is no port mapping: "
    "the API server rejects a hostPort that differs from the containerPort.")
DUPLICATE_HOST_PORT = define(
    "duplicate-host-port", Severity.ERROR,
    "a host port may be used once per protocol and host IP",
    "Two containers of a Pod cannot bind the same port of the node; the API server rejects it.")


def _in_range(node: Node | None, low: int) -> tuple[int, Node] | None:
    """(number, node) when `node` is an integer outside low-65535."""
    number = integer(node)
    if number is not None and node is not None and not low <= number <= 65535:
        return number, node
    return None


@check(PORT_RANGE)
def port_range(ctx: RuleContext) -> Iterator[Finding]:
    for _, container in ctx.spec.containers():
        for port in mappings(container.get("ports")):
            if bad := _in_range(port.get("containerPort"), 1):
                yield PORT_RANGE.hit(bad[1], f"containerPort must be between 1 and 65535 (got {bad[0]})")
            if bad := _in_range(port.get("hostPort"), 0):
                yield PORT_RANGE.hit(bad[1], f"hostPort must be between 0 and 65535 (got {bad[0]})")


@check(HOST_NETWORK_PORT)
def host_network_port(ctx: RuleContext) -> Iterator[Finding]:
    if boolean(ctx.spec.spec.get("hostNetwork")) is not True:
        return
    for _, container in ctx.spec.containers():
        for port in mappings(container.get("ports")):
            host_node = port.get("hostPort")
            host, inside = integer(host_node), integer(port.get("containerPort"))
            if host_node is not None and host not in (None, 0) and inside is not None and host != inside:
                yield HOST_NETWORK_PORT.hit(
                    host_node, f"With hostNetwork: true, hostPort ({host}) must equal containerPort ({inside})",
                    fixes=(Fix.replace(host_node, str(inside), f"Set hostPort to {inside}"),))


@check(DUPLICATE_HOST_PORT)
def duplicate_host_port(ctx: RuleContext) -> Iterator[Finding]:
    host_network = boolean(ctx.spec.spec.get("hostNetwork")) is True
    seen: set[tuple[int, str, str]] = set()
    for list_name, container in ctx.spec.containers():
        if list_name != "containers":
            continue
        for port in mappings(container.get("ports")):
            node = port.get("hostPort")
            host = integer(node)
            if host in (None, 0) and host_network:  # the API server defaults it to containerPort
                node, host = port.get("containerPort"), integer(port.get("containerPort"))
            if host in (None, 0) or node is None:
                continue
            entry = (host, text(port.get("protocol")) or "TCP", text(port.get("hostIP")) or "")
            if entry in seen:
                yield DUPLICATE_HOST_PORT.hit(node, f"Host port {host}/{entry[1]} is already used in this Pod")
            seen.add(entry)
