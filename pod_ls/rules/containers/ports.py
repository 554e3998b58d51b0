"""Container port rules, ported from validateContainerPorts, validatePodHostNetworkDeps and
AccumulateUniqueHostPorts; and the port of a probe or hook (ValidatePortNumOrName)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ...findings import Finding, Fix, Related, Severity
from ...kube.names import port_name_problem
from ...yaml.nodes import Mapping, Node, Scalar
from .. import RuleContext, check, define
from ..values import boolean, integer, mappings, text

PORT_RANGE = define(
    "port-range", Severity.ERROR,
    "containerPort must be 1-65535 and hostPort 0-65535",
    "The API server rejects port numbers outside the TCP/UDP range.")
HOST_NETWORK_PORT = define(
    "host-network-port", Severity.ERROR,
    "with hostNetwork: true, hostPort must equal containerPort",
    "A host-network Pod listens on the node's own interfaces, so there is no port mapping: "
    "the API server rejects a hostPort of an app container that differs from its containerPort.")
DUPLICATE_HOST_PORT = define(
    "duplicate-host-port", Severity.ERROR,
    "a host port may be used once per protocol and host IP",
    "Two app containers of a Pod, or two ports of one init container, cannot bind the same port "
    "of the node; the API server rejects it.")

# Pod templates stopped getting hostPort defaulted from containerPort with hostNetwork
# (DefaultHostNetworkHostPortsInPodTemplates, off since 1.28); Pods still get it on create.
TEMPLATE_HOST_PORTS_DEFAULTED_UNTIL = (1, 28)


def port_number_or_name_problem(node: Node) -> str | None:
    """Why a probe's or hook's port is neither a number 1-65535 nor a port name, or None.
    A quoted number is a string, so it must be a name (intstr keeps the JSON type)."""
    if not isinstance(node, Scalar) or node.tag == "null":
        return None
    if node.tag == "int":
        number = integer(node)
        if number is not None and not 1 <= number <= 65535:
            return f"must be between 1 and 65535 (got {number})"
        return None
    if node.tag == "str" and (problem := port_name_problem(node.value)):
        return f"'{node.value}' is not a valid port name: it {problem}"
    return None


def _in_range(node: Node | None, low: int) -> tuple[int, Node] | None:
    """(number, node) when `node` is an integer outside low-65535."""
    number = integer(node)
    if number is not None and node is not None and not low <= number <= 65535:
        return number, node
    return None


@check(PORT_RANGE, needs=("containerPort", "hostPort"))
def port_range(ctx: RuleContext) -> Iterator[Finding]:
    for _, container in ctx.spec.containers():
        for port in mappings(container.get("ports")):
            if bad := _in_range(port.get("containerPort"), 1):
                yield PORT_RANGE.hit(bad[1], f"containerPort must be between 1 and 65535 (got {bad[0]})")
            if bad := _in_range(port.get("hostPort"), 0):
                yield PORT_RANGE.hit(bad[1], f"hostPort must be between 0 and 65535 (got {bad[0]})")


@check(HOST_NETWORK_PORT, needs=("hostNetwork",))
def host_network_port(ctx: RuleContext) -> Iterator[Finding]:
    if boolean(ctx.spec.spec.get("hostNetwork")) is not True:
        return
    for list_name, container in ctx.spec.containers():
        if list_name != "containers":  # the API server checks only the app containers
            continue
        for port in mappings(container.get("ports")):
            host_node = port.get("hostPort")
            host, inside = integer(host_node), integer(port.get("containerPort"))
            if host_node is not None and host not in (None, 0) and inside is not None and host != inside:
                yield HOST_NETWORK_PORT.hit(
                    host_node, f"With hostNetwork: true, hostPort ({host}) must equal containerPort ({inside})",
                    fixes=(Fix.replace(host_node, str(inside), f"Set hostPort to {inside}"),))


@check(DUPLICATE_HOST_PORT, needs=("hostPort", "hostNetwork"))
def duplicate_host_port(ctx: RuleContext) -> Iterator[Finding]:
    host_network = boolean(ctx.spec.spec.get("hostNetwork")) is True
    # hostPort 0 with hostNetwork becomes containerPort: in Pods on create, in templates only
    # before 1.28; after that a template is accepted and its Pods are refused.
    template_defaulted = ctx.spec.kind == "Pod" or ctx.version < TEMPLATE_HOST_PORTS_DEFAULTED_UNTIL
    defaulted_severity = None if template_defaulted else Severity.WARNING
    app_ports = [port for list_name, container in ctx.spec.containers() if list_name == "containers"
                 for port in mappings(container.get("ports"))]
    yield from _duplicates(app_ports, host_network, defaulted_severity, "in this Pod")
    for list_name, container in ctx.spec.containers():
        if list_name == "initContainers":  # init containers run one by one: each on its own
            yield from _duplicates(mappings(container.get("ports")), host_network, defaulted_severity,
                                   "in this init container")


def _duplicates(ports: Iterable[Mapping], host_network: bool, defaulted_severity: Severity | None,
                where: str) -> Iterator[Finding]:
    seen: dict[tuple[int, str, str], Node] = {}
    for port in ports:
        node, severity = port.get("hostPort"), None
        host = integer(node)
        if host in (None, 0) and host_network:
            node, host, severity = port.get("containerPort"), integer(port.get("containerPort")), defaulted_severity
        if host in (None, 0) or node is None:
            continue
        entry = (host, text(port.get("protocol")) or "TCP", text(port.get("hostIP")) or "")
        if entry in seen:
            yield DUPLICATE_HOST_PORT.hit(node, f"Host port {host}/{entry[1]} is already used {where}",
                                          severity=severity,
                                          related=(Related.at(seen[entry], f"host port {host}/{entry[1]} first"),))
        seen.setdefault(entry, node)
