"""Tolerations and topology spread constraints."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Fix, Severity
from . import RuleContext, check, define
from .values import integer, key, mappings, text, where

TOLERATION = define(
    "toleration", Severity.ERROR,
    "toleration operator, value, key and effect must agree",
    "The API server rejects an Exists toleration with a value, an empty key with Equal, and "
    "tolerationSeconds without effect NoExecute.")
TOPOLOGY_SPREAD = define(
    "topology-spread", Severity.ERROR,
    "topologySpreadConstraints need maxSkew > 0, minDomains only with DoNotSchedule, no duplicates",
    "The API server rejects a spread constraint with maxSkew below 1, minDomains below 1 or "
    "with ScheduleAnyway, or two constraints on the same topologyKey and whenUnsatisfiable.")


@check(TOLERATION)
def toleration(ctx: RuleContext) -> Iterator[Finding]:
    for item in mappings(ctx.spec.spec.get("tolerations")):
        operator = text(item.get("operator")) or "Equal"
        value = item.get("value")
        if operator == "Exists" and text(value) and value is not None:
            yield TOLERATION.hit(value, "A toleration with operator Exists may not have a value")
        if not text(item.get("key")) and operator == "Equal":
            yield TOLERATION.hit(where(item, "operator"), "A toleration without a key must use operator Exists "
                                                          "(it then "
                                         "tolerates every taint)")
        seconds = key(item, "tolerationSeconds")
        if seconds is not None and item.get("tolerationSeconds") is not None \
                and text(item.get("effect")) != "NoExecute":
            yield TOLERATION.hit(seconds, "tolerationSeconds only applies to effect NoExecute")


@check(TOPOLOGY_SPREAD)
def topology_spread(ctx: RuleContext) -> Iterator[Finding]:
    seen: set[tuple[str, str]] = set()
    for item in mappings(ctx.spec.spec.get("topologySpreadConstraints")):
        skew = item.get("maxSkew")
        if (number := integer(skew)) is not None and number < 1 and skew is not None:
            yield TOPOLOGY_SPREAD.hit(skew, f"maxSkew must be at least 1 (got {number})",
                                      fixes=(Fix.replace(skew, "1", "Set maxSkew to 1"),))
        when = text(item.get("whenUnsatisfiable"))
        domains = item.get("minDomains")
        if domains is not None and (count := integer(domains)) is not None:
            if count < 1:
                yield TOPOLOGY_SPREAD.hit(domains, f"minDomains must be at least 1 (got {count})")
            elif when != "DoNotSchedule":
                yield TOPOLOGY_SPREAD.hit(domains, "minDomains only applies with whenUnsatisfiable: DoNotSchedule")
        pair = (text(item.get("topologyKey")) or "", when or "")
        if all(pair) and pair in seen:
            yield TOPOLOGY_SPREAD.hit(item.get("topologyKey") or item,
                                      f"Another constraint already spreads over {pair[0]} with {pair[1]}")
        seen.add(pair)
