"""DNS rules: dnsPolicy, dnsConfig (validatePodDNSConfig in Kubernetes' pkg/apis/core/validation)
and hostname/subdomain."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Edit, Finding, Fix, Severity
from ...kube.locate import get_path
from ...kube.names import dns_subdomain_problem, dns_subdomain_with_underscore_problem, ip_problem
from ...yaml.nodes import Mapping, Scalar, Sequence
from .. import RuleContext, check, define, example_pod
from ..values import boolean, key, line_after, mappings, text

NONE_WITHOUT_CONFIG = define(
    "dns-none-without-config", Severity.ERROR,
    "dnsPolicy: None needs a dnsConfig with at least one nameserver",
    "With dnsPolicy None, Kubernetes writes no resolver settings at all; without "
    "dnsConfig.nameservers the API server rejects the Pod.",
    example=(
        example_pod("web") +
        "  dnsPolicy: None\n"
        "  containers:\n"
        "    - name: app\n"
        "      image: nginx:1.27\n"))
CONFIG_LIMITS = define(
    "dns-config-limits", Severity.ERROR,
    "dnsConfig allows at most 3 nameservers, 32 search domains and 2048 search characters",
    "The API server rejects a dnsConfig beyond the resolver's limits.")
HOST_NETWORK_DNS = define(
    "host-network-dns-policy", Severity.WARNING,
    "hostNetwork: true with dnsPolicy ClusterFirst silently uses the node's DNS",
    "A host-network Pod with ClusterFirst gets the node's resolv.conf and cannot resolve "
    "Service names; ClusterFirstWithHostNet keeps cluster DNS. Without any dnsPolicy (so "
    "ClusterFirst by default) it is only a hint: node agents often want the node's DNS.")
CONFIG_VALUES = define(
    "dns-config-value", Severity.ERROR,
    "dnsConfig nameservers must be IP addresses, searches domain names and options named",
    "The API server rejects a nameserver that is not an IPv4 or IPv6 address, a search domain "
    "that is not a DNS subdomain (a trailing dot is allowed; from Kubernetes 1.33 also '_' and "
    "a lone '.'), and an option without a name.")
NDOTS = define(
    "dns-ndots", Severity.WARNING,
    "the ndots option should be an integer from 0 to 15",
    "The resolver ignores or caps other values, so the setting does not do what it says.")
SUBDOMAIN_WITHOUT_HOSTNAME = define(
    "subdomain-without-hostname", Severity.HINT,
    "subdomain without hostname gives the Pod no A record of its own",
    "The DNS name <hostname>.<subdomain>.<namespace>.svc needs both fields; with only a "
    "subdomain, the Pod is reachable by IP through the Service but has no name of its own.")

MAX_NAMESERVERS = 3
MAX_SEARCHES = 32
MAX_SEARCH_CHARS = 2048
DEFAULT_NAMESERVER = "1.1.1.1"
RELAXED_SEARCHES = (1, 33)
"""RelaxedDNSSearchValidation is on by default from Kubernetes 1.33."""


def _dns_config_fix(spec: Mapping) -> Fix | None:
    """Insert a dnsConfig with a nameserver to replace, under dnsPolicy or dnsConfig."""
    if spec.flow:
        return None
    config = spec.get("dnsConfig")
    if config is None:
        policy_key, policy = key(spec, "dnsPolicy"), spec.get("dnsPolicy")
        if policy_key is None or policy is None:
            return None
        indent = " " * policy_key.start[1]
        at = (line_after(policy), 0)
        text_ = f"{indent}dnsConfig:\n{indent}  nameservers:\n{indent}    - {DEFAULT_NAMESERVER}\n"
        return Fix("Add a dnsConfig with a nameserver", (Edit(at, at, text_),))
    config_key = key(spec, "dnsConfig")
    if isinstance(config, Mapping) and not config.flow and config_key is not None and config.items:
        first = config.items[0][0]
        if config.get("nameservers") is None and first.start[0] > config_key.start[0]:
            indent = " " * first.start[1]
            at = (first.start[0], 0)
            text_ = f"{indent}nameservers:\n{indent}  - {DEFAULT_NAMESERVER}\n"
            return Fix("Add a nameserver to dnsConfig", (Edit(at, at, text_),))
    return None


@check(NONE_WITHOUT_CONFIG, needs=("dnsPolicy",))
def dns_none_without_config(ctx: RuleContext) -> Iterator[Finding]:
    spec = ctx.spec.spec
    policy = spec.get("dnsPolicy")
    if text(policy) != "None" or policy is None:
        return
    config = spec.get("dnsConfig")
    fix = _dns_config_fix(spec)
    fixes = (fix,) if fix else ()
    if not isinstance(config, Mapping):
        yield NONE_WITHOUT_CONFIG.missing(
            policy, "dnsPolicy is None but there is no dnsConfig: add dnsConfig.nameservers", fixes=fixes)
        return
    nameservers = config.get("nameservers")
    if not isinstance(nameservers, Sequence) or not nameservers.items:
        yield NONE_WITHOUT_CONFIG.missing(policy, "dnsPolicy is None but dnsConfig lists no nameservers",
                                      fixes=fixes)


@check(CONFIG_LIMITS, needs=("dnsConfig",))
def dns_config_limits(ctx: RuleContext) -> Iterator[Finding]:
    config = ctx.spec.spec.get("dnsConfig")
    if not isinstance(config, Mapping):
        return
    nameservers = config.get("nameservers")
    if isinstance(nameservers, Sequence) and len(nameservers.items) > MAX_NAMESERVERS:
        yield CONFIG_LIMITS.hit(nameservers.items[MAX_NAMESERVERS],
                                f"At most {MAX_NAMESERVERS} nameservers are allowed "
                                f"(got {len(nameservers.items)})")
    searches = config.get("searches")
    if isinstance(searches, Sequence):
        if len(searches.items) > MAX_SEARCHES:
            yield CONFIG_LIMITS.hit(searches.items[MAX_SEARCHES],
                                    f"At most {MAX_SEARCHES} search domains are allowed "
                                    f"(got {len(searches.items)})")
        names = [text(item) or "" for item in searches.items]
        total = len(" ".join(names))
        if total > MAX_SEARCH_CHARS:
            yield CONFIG_LIMITS.hit(key(config, "searches") or searches,
                                    f"The search list is {total} characters long; at most "
                                    f"{MAX_SEARCH_CHARS} are allowed")


@check(CONFIG_VALUES, needs=("dnsConfig",))
def dns_config_values(ctx: RuleContext) -> Iterator[Finding]:
    config = ctx.spec.spec.get("dnsConfig")
    if not isinstance(config, Mapping):
        return
    nameservers = config.get("nameservers")
    for item in nameservers.items if isinstance(nameservers, Sequence) else ():
        address = text(item)
        if address is not None and (problem := ip_problem(address)) is not None:
            yield CONFIG_VALUES.hit(item, f"nameserver '{address}' {problem}")
    searches = config.get("searches")
    relaxed = ctx.version >= RELAXED_SEARCHES
    for item in searches.items if isinstance(searches, Sequence) else ():
        domain = text(item)
        if domain is not None and (problem := search_problem(domain, relaxed)) is not None:
            yield CONFIG_VALUES.hit(item, f"search domain '{domain}' {problem}")
    options = config.get("options")
    for item in options.items if isinstance(options, Sequence) else ():
        if not isinstance(item, Mapping):
            continue
        name = item.get("name")
        if name is None or (isinstance(name, Scalar) and name.tag == "null"):
            yield CONFIG_VALUES.missing(item.items[0][0] if item.items else item, "a DNS option needs a name")
        elif text(name) == "":
            yield CONFIG_VALUES.hit(name, "a DNS option needs a name")


def search_problem(domain: str, relaxed: bool) -> str | None:
    """Why `domain` cannot be a search domain, or None: one trailing dot is dropped first;
    relaxed (1.33 and later) allows '.' itself and underscores."""
    if relaxed and domain == ".":
        return None
    name = domain.removesuffix(".")
    return dns_subdomain_with_underscore_problem(name) if relaxed else dns_subdomain_problem(name)


@check(HOST_NETWORK_DNS, needs=("hostNetwork",))
def host_network_dns_policy(ctx: RuleContext) -> Iterator[Finding]:
    spec = ctx.spec.spec
    if boolean(spec.get("hostNetwork")) is not True:
        return
    policy = spec.get("dnsPolicy")
    if text(policy) not in (None, "ClusterFirst"):
        return
    if policy is not None:
        yield HOST_NETWORK_DNS.hit(
            policy, "With hostNetwork: true, ClusterFirst falls back to the node's DNS: use "
            "ClusterFirstWithHostNet to resolve cluster names",
            fixes=(Fix.replace_string(policy, "ClusterFirstWithHostNet", "Use ClusterFirstWithHostNet"),))
        return
    host_key, host = key(spec, "hostNetwork"), spec.get("hostNetwork")
    fixes: tuple[Fix, ...] = ()
    if host_key is not None and host is not None and not spec.flow:
        at = (line_after(host), 0)
        line = f"{' ' * host_key.start[1]}dnsPolicy: ClusterFirstWithHostNet\n"
        fixes = (Fix("Add dnsPolicy: ClusterFirstWithHostNet", (Edit(at, at, line),)),)
    yield HOST_NETWORK_DNS.hit(
        host_key or spec, "hostNetwork: true without a dnsPolicy uses the node's DNS (ClusterFirst "
        "falls back to it): set dnsPolicy: ClusterFirstWithHostNet to resolve cluster names",
        severity=Severity.HINT, fixes=fixes)


@check(NDOTS, needs=("dnsConfig",))
def dns_ndots(ctx: RuleContext) -> Iterator[Finding]:
    config = ctx.spec.spec.get("dnsConfig")
    if not isinstance(config, Mapping):
        return
    for option in mappings(config.get("options")):
        if text(option.get("name")) != "ndots":
            continue
        value = option.get("value")
        raw = text(value)
        if raw is None:
            continue
        if not raw.isdigit() or not 0 <= int(raw) <= 15:
            yield NDOTS.hit(value, f"ndots must be an integer from 0 to 15 (got '{raw}')")


@check(SUBDOMAIN_WITHOUT_HOSTNAME, needs=("subdomain",))
def subdomain_without_hostname(ctx: RuleContext) -> Iterator[Finding]:
    spec = ctx.spec.spec
    if ctx.spec.kind == "StatefulSet" or _indexed_job(ctx):  # the controller sets each Pod's hostname
        return
    subdomain = spec.get("subdomain")
    if text(subdomain) and subdomain is not None and spec.get("hostname") is None:
        yield SUBDOMAIN_WITHOUT_HOSTNAME.hit(
            subdomain, "subdomain without hostname: the Pod gets no DNS name of its own")


def _indexed_job(ctx: RuleContext) -> bool:
    """The Job controller names each Pod of an Indexed Job <job>-<index> (manageJob)."""
    if ctx.spec.kind not in ("Job", "CronJob"):
        return False
    job = get_path(ctx.spec.root, ctx.spec.path[:-2])
    return isinstance(job, Mapping) and text(job.get("completionMode")) == "Indexed"
