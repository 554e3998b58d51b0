"""DNS rules."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..locate import scalar_text
from ..parse import Mapping, Sequence
from . import RuleContext, check, define

NONE_WITHOUT_CONFIG = define(
    "dns-none-without-config",
    Severity.ERROR,
    "dnsPolicy: None needs a dnsConfig with at least one nameserver",
    "With dnsPolicy None, Kubernetes writes no resolver settings at all; without "
    "dnsConfig.nameservers the API server rejects the Pod.",
)


@check(NONE_WITHOUT_CONFIG)
def dns_none_without_config(ctx: RuleContext) -> Iterator[Finding]:
    spec = ctx.spec.spec
    policy = spec.get("dnsPolicy")
    if scalar_text(policy) != "None":
        return
    config = spec.get("dnsConfig")
    if not isinstance(config, Mapping):
        yield NONE_WITHOUT_CONFIG.hit(
            policy, "dnsPolicy is None but there is no dnsConfig: add dnsConfig.nameservers")
        return
    nameservers = config.get("nameservers")
    if not isinstance(nameservers, Sequence) or not nameservers.items:
        yield NONE_WITHOUT_CONFIG.hit(
            policy, "dnsPolicy is None but dnsConfig lists no nameservers")
