"""Name rules: DNS labels, port names, names that must be unique, and the names a pod spec gives
of other objects and of hosts (ValidatePodSpec's serviceAccountName, runtimeClassName,
readinessGates and hostAliases, and validatePodHostName's hostnameOverride).

hostnameOverride (KEP 4762) comes with the HostnameOverride gate: alpha, off by default, in 1.34,
beta, on, from 1.35. While it is off, dropDisabledPodFields (pkg/api/pod/util.go) sets the field
to nil before validation, so in 1.34 it is never an error, only the schema walk's `field-dropped`
(`kube.gates`); before 1.34 the schema does not know it (`unknown-field`)."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Edit, Finding, Fix, Related, Severity
from ...kube.gates import on_from
from ...kube.names import (
    dns_label_problem,
    dns_subdomain_problem,
    ip_problem,
    port_name_problem,
    qualified_name_problem,
)
from ...kube.schema import Version
from ...yaml.nodes import Mapping, Node, Scalar, Sequence
from ...yaml.parse import split_lines
from .. import RuleContext, check, define, example_pod
from ..values import boolean, is_null, key, mappings, text

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
    "container or mounts of a container with the same name or path.",
    example=(
        example_pod("web") +
        "  containers:\n"
        "    - name: app\n"
        "      image: nginx:1.27\n"
        "    - name: app\n"
        "      image: busybox:1.36\n"))
POD_NAMES = define(
    "pod-names", Severity.ERROR,
    "serviceAccountName, runtimeClassName, hostnameOverride, readinessGates and hostAliases must be valid names",
    "The API server rejects a serviceAccountName (or the deprecated serviceAccount standing in "
    "for it) or runtimeClassName that is no DNS subdomain, a hostnameOverride (from Kubernetes "
    "1.35) that is no DNS subdomain of at most 64 characters, the empty string included, a "
    "readiness gate conditionType that is no qualified name, and a host alias whose ip is no IP "
    "address or whose hostnames are no DNS subdomains.")
HOSTNAME_OVERRIDE_CONFLICT = define(
    "hostname-override-conflict", Severity.ERROR,
    "hostnameOverride may not be set with setHostnameAsFQDN: true or hostNetwork: true",
    "From Kubernetes 1.35 (HostnameOverride on by default) the API server rejects a Pod that sets "
    "hostnameOverride, even to an empty string, together with setHostnameAsFQDN: true (the "
    "hostname would be its FQDN) or hostNetwork: true (the Pod has the node's hostname).",
    example=(
        example_pod("web") +
        "  hostnameOverride: web.example.com\n"
        "  setHostnameAsFQDN: true\n"
        "  containers:\n"
        "    - name: app\n"
        "      image: nginx:1.27\n"))
HOSTNAME_OVERRIDE_ON: Version = on_from("PodSpec", "hostnameOverride")
"""HostnameOverride on by default: validatePodHostName sees the field (before, the schema walk
says it is dropped)."""
MAX_HOSTNAME_OVERRIDE = 64
DEPRECATED_SERVICE_ACCOUNT = define(
    "deprecated-service-account", Severity.WARNING,
    "serviceAccount is a deprecated alias of serviceAccountName, ignored when both are set",
    "The API server reads spec.serviceAccount only when serviceAccountName is empty: with both "
    "set to different accounts the Pods run as serviceAccountName's.",
    example=(
        example_pod("web") +
        "  serviceAccountName: web\n"
        "  serviceAccount: builder\n"
        "  containers:\n"
        "    - name: app\n"
        "      image: nginx:1.27\n"))


def _duplicates(nodes: list[Node | None], what: str, where: str, renames: bool = True) -> list[Finding]:
    """The names written again, each with the first of its name; `renames` offers a fresh name."""
    names = [text(node) for node in nodes]
    written = [name for name in names if name is not None]
    if len(set(written)) == len(written):
        return []  # the commonest case, told at once
    taken = {name for name in written if name} if renames else set()
    found = []
    seen: dict[str, Node] = {}
    given: set[int] = set()
    for node, name in zip(nodes, names, strict=True):
        if name is None or node is None:
            continue
        if name in seen:
            fixes: tuple[Fix, ...] = ()
            # An alias (*name) is the very node it repeats: renaming it would rename both.
            if renames and id(node) not in given:
                fresh = _free(name, taken)
                fixes = (Fix.replace_string(node, fresh, f"Rename to '{fresh}'"),)
            found.append(DUPLICATE.hit(node, f"Duplicate {what} '{name}' {where}", fixes=fixes,
                                       related=(Related.at(seen[name], f"the first {what} '{name}'"),)))
        seen.setdefault(name, node)
        given.add(id(node))
    return found


def _free(name: str, taken: set[str]) -> str:
    number = 2
    while f"{name}-{number}" in taken:
        number += 1
    return f"{name}-{number}"


@check(DNS_LABEL)
def dns_label(ctx: RuleContext) -> Iterator[Finding]:
    spec = ctx.spec.spec
    # An empty hostname or subdomain is no hostname or subdomain; an empty name is a missing one.
    named: list[tuple[str, Node | None]] = [(what, spec.get(what)) for what in ("hostname", "subdomain")
                                            if text(spec.get(what))]
    named += [("container name", c.get("name")) for _, c in ctx.spec.containers()]
    named += [("volume name", v.get("name")) for v in mappings(spec.get("volumes"))]
    for what, node in named:
        name = text(node)
        if name is not None and node is not None and (problem := dns_label_problem(name)):
            yield DNS_LABEL.hit(node, f"Invalid {what} '{name}': {problem}")


@check(PORT_NAME, needs=("ports",))
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
    every = ctx.spec.containers()
    # In validation's order, so the later of two names is the one reported: containers, then
    # init containers, then ephemeral containers.
    containers = [c for list_name in ("containers", "initContainers", "ephemeralContainers")
                  for name, c in every if name == list_name] if len(every) > 1 else [c for _, c in every]
    if len(containers) > 1:
        yield from _duplicates([c.get("name") for c in containers], "container name", "in this pod spec")
    if _several(volumes := spec.get("volumes")):
        yield from _duplicates([v.get("name") for v in mappings(volumes)], "volume name", "in this pod spec")
    for container in containers:
        if _several(ports := container.get("ports")):
            yield from _duplicates([p.get("name") for p in mappings(ports)], "port name", "in this container")
        if _several(mounts := container.get("volumeMounts")):
            yield from _duplicates([m.get("mountPath") for m in mappings(mounts)], "mountPath", "in this container",
                                   renames=False)


def _several(node: Node | None) -> bool:
    """A list of more than one item: a name written once is never written twice."""
    return isinstance(node, Sequence) and len(node.items) > 1


@check(POD_NAMES, needs=("serviceAccount", "runtimeClassName", "readinessGates", "hostAliases"))
def pod_names(ctx: RuleContext) -> Iterator[Finding]:
    """ValidatePodSpec's name checks, after the v1 conversion that reads the deprecated
    serviceAccount when serviceAccountName is empty."""
    spec = ctx.spec.spec
    account = spec.get("serviceAccountName")
    if not text(account):
        account = spec.get("serviceAccount")
    name = text(account)
    if name and account is not None and (problem := dns_subdomain_problem(name)):
        yield POD_NAMES.hit(account, f"Invalid service account name '{name}': {problem}")
    runtime_class = spec.get("runtimeClassName")
    name = text(runtime_class)
    if name is not None and runtime_class is not None and (problem := dns_subdomain_problem(name)):
        yield POD_NAMES.hit(runtime_class, f"Invalid runtimeClassName '{name}': {problem}")
    for gate in mappings(spec.get("readinessGates")):
        condition = gate.get("conditionType")
        name = text(condition)
        if name is not None and condition is not None and (problem := qualified_name_problem(name)):
            yield POD_NAMES.hit(condition, f"Invalid readiness gate conditionType '{name}': {problem}")
    for alias in mappings(spec.get("hostAliases")):
        yield from _host_alias(alias)


def _host_alias(alias: Mapping) -> Iterator[Finding]:
    """ValidateHostAliases."""
    ip = alias.get("ip")
    address = text(ip)
    if ip is not None and isinstance(ip, Scalar) and ip.tag != "null" and (problem := ip_problem(address or "")):
        yield POD_NAMES.hit(ip, f"Invalid host alias ip '{address}': {problem}")
    hostnames = alias.get("hostnames")
    for node in hostnames.items if isinstance(hostnames, Sequence) else ():
        name = text(node)
        if name is not None and (problem := dns_subdomain_problem(name)):
            yield POD_NAMES.hit(node, f"Invalid host alias hostname '{name}': {problem}")


def _line(ctx: RuleContext, line: int) -> str:
    lines = split_lines(ctx.spec.document.text)
    return lines[line] if line < len(lines) else ""


@check(DEPRECATED_SERVICE_ACCOUNT, needs=("serviceAccount",))
def deprecated_service_account(ctx: RuleContext) -> Iterator[Finding]:
    spec = ctx.spec.spec
    deprecated, current = key(spec, "serviceAccount"), text(spec.get("serviceAccountName"))
    old = text(spec.get("serviceAccount"))
    if deprecated is None or not old or not current or old == current:
        return
    value = spec.get("serviceAccount")
    fixes: tuple[Fix, ...] = ()
    if not spec.flow and value is not None and value.end[0] == deprecated.start[0]:
        line = deprecated.start[0]
        # The line goes whole: with a comment on it, only on request.
        commented = "#" in _line(ctx, line)[value.end[1]:]
        fixes = (Fix(f"Remove serviceAccount: {old}, which changes nothing",
                     (Edit((line, 0), (line + 1, 0), ""),), safe=not commented),)
    yield DEPRECATED_SERVICE_ACCOUNT.hit(deprecated, f"serviceAccount '{old}' is ignored: the Pods run as "
                                                     f"serviceAccountName '{current}'", fixes=fixes,
                                         deprecated=True)


@check(POD_NAMES, HOSTNAME_OVERRIDE_CONFLICT, needs=("hostnameOverride",))
def hostname_override(ctx: RuleContext) -> Iterator[Finding]:
    """validatePodHostName, for a hostnameOverride that is not nil (an empty string is not)."""
    spec = ctx.spec.spec
    field, value = key(spec, "hostnameOverride"), spec.get("hostnameOverride")
    if field is None or is_null(value) or ctx.version < HOSTNAME_OVERRIDE_ON:
        return
    for other, why in (("setHostnameAsFQDN", "the hostname would be the Pod's FQDN"),
                       ("hostNetwork", "the Pod has the node's hostname")):
        if boolean(spec.get(other)) is True:
            yield HOSTNAME_OVERRIDE_CONFLICT.hit(
                field, f"hostnameOverride may not be set when {other} is true: {why}",
                related=(Related.at(key(spec, other) or spec, f"{other}: true"),))
    name = text(value)
    if name is not None and value is not None:
        yield from _hostname_override_name(name, value)


def _hostname_override_name(name: str, value: Node) -> Iterator[Finding]:
    """validatePodHostName's TooLong(64), then ValidateDNS1123Subdomain."""
    if not name:
        yield POD_NAMES.hit(value, "hostnameOverride may not be empty: it must be a DNS subdomain, or "
                                   "leave the field out to keep the Pod's hostname")
        return
    size = len(name.encode())
    if size > MAX_HOSTNAME_OVERRIDE:
        has = f"{len(name)}" if size == len(name) else f"{size} bytes"
        yield POD_NAMES.hit(value, f"Invalid hostnameOverride '{name}': must be at most "
                                   f"{MAX_HOSTNAME_OVERRIDE} characters (it has {has})")
    problem = dns_subdomain_problem(name)
    if problem and not (size > MAX_HOSTNAME_OVERRIDE and problem.startswith("must be at most")):
        yield POD_NAMES.hit(value, f"Invalid hostnameOverride '{name}': {problem}")
