"""CronJobs: the schedule and the CronJob's own fields (ValidateCronJobCreate and
validateCronJobSpec of Kubernetes' pkg/apis/batch/validation); the jobTemplate's Job spec is
checked by the Job rules."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...findings import Edit, Finding, Fix, Severity
from ...kube.cron import schedule_problem, time_zone_problem
from ...kube.schema import Version
from ...yaml.nodes import Mapping, Scalar
from ...yaml.scalars import string_scalar
from .. import RuleContext, check, define
from ..values import key
from .batch_fields import non_negative, object_name, one_of, set_value, string

CRONJOB_SCHEDULE = define(
    "cronjob-schedule", Severity.ERROR,
    "the schedule must be one the cron parser reads, without TZ=",
    "The API server parses the schedule with robfig/cron's standard parser (five fields: minute, "
    "hour, day of month, month, day of week 0-6; names such as MON or JAN; @hourly, @daily, "
    "@weekly, @monthly, @yearly, @every <duration>) and rejects what it cannot read; since "
    "Kubernetes 1.27 it also rejects TZ= or CRON_TZ= in a new CronJob's schedule: use timeZone.")
CRONJOB_SPEC = define(
    "cronjob-spec", Severity.ERROR,
    "a CronJob's own fields must hold values the API server accepts",
    "The API server rejects a new CronJob whose name is longer than 52 characters (the Jobs it "
    "creates append 11), an unknown concurrencyPolicy, a timeZone that is not an IANA name, and a "
    "negative startingDeadlineSeconds, successfulJobsHistoryLimit or failedJobsHistoryLimit.")

CONCURRENCY_POLICIES = ("Allow", "Forbid", "Replace")
MAX_NAME_LENGTH = 52
"""A Job's name is at most 63 characters, and the CronJob controller appends 11 to its own."""
NO_TZ_IN_SCHEDULE_SINCE: Version = (1, 27)
"""Before, TZ= in the schedule was refused only together with spec.timeZone."""

_TZ_PREFIX = re.compile(r"(?:CRON_)?TZ=(\S*) +(\S.*)")


def _cronjob_spec(ctx: RuleContext) -> Mapping | None:
    spec = ctx.spec.root.get("spec") if ctx.spec.kind == "CronJob" else None
    return spec if isinstance(spec, Mapping) else None


@check(CRONJOB_SCHEDULE, needs=("CronJob",))
def cronjob_schedule(ctx: RuleContext) -> Iterator[Finding]:
    spec = _cronjob_spec(ctx)
    if spec is None:
        return
    node = set_value(spec, "schedule")
    if node is None:
        yield CRONJOB_SCHEDULE.missing(key(ctx.spec.root, "spec") or spec, "A CronJob needs a schedule")
        return
    schedule = string(node)
    if schedule is None or not isinstance(node, Scalar):
        return
    if schedule == "":
        yield CRONJOB_SCHEDULE.hit(node, "The schedule may not be empty")
        return
    if (problem := schedule_problem(schedule)) is not None:
        yield CRONJOB_SCHEDULE.hit(node, f"Invalid schedule '{schedule}': {problem}")
    if "TZ" not in schedule:
        return
    time_zone = set_value(spec, "timeZone")
    if ctx.version >= NO_TZ_IN_SCHEDULE_SINCE:
        yield CRONJOB_SCHEDULE.hit(node, "A new CronJob cannot use TZ or CRON_TZ in its schedule: use the "
                                         "timeZone field instead", fixes=_move_time_zone(spec, node, time_zone))
    elif time_zone is not None:
        yield CRONJOB_SCHEDULE.hit(node, "A CronJob cannot use both the timeZone field and TZ or CRON_TZ in "
                                         "its schedule")


def _move_time_zone(spec: Mapping, node: Scalar, time_zone: object) -> tuple[Fix, ...]:
    """Take `TZ=<zone>` out of the schedule and set timeZone to the zone, on the next line."""
    found = _TZ_PREFIX.fullmatch(node.value)
    schedule_key = key(spec, "schedule")
    if found is None or time_zone is not None or spec.flow or schedule_key is None or node.start[0] != node.end[0]:
        return ()
    zone, rest = found.groups()
    style = node.style if node.quoted else None
    line = node.start[0] + 1
    edits = (Edit(node.start, node.end, string_scalar(rest, style)),
             Edit((line, 0), (line, 0), f"{' ' * schedule_key.start[1]}timeZone: {string_scalar(zone)}\n"))
    return (Fix(f"Move {zone} to timeZone", edits, safe=True),)


@check(CRONJOB_SPEC, needs=("CronJob",))
def cronjob_spec(ctx: RuleContext) -> Iterator[Finding]:
    spec = _cronjob_spec(ctx)
    if spec is None:
        return
    yield from non_negative(CRONJOB_SPEC, spec, ("startingDeadlineSeconds", "successfulJobsHistoryLimit",
                                                 "failedJobsHistoryLimit"))
    policy = spec.get("concurrencyPolicy")
    if string(policy) != "":  # SetDefaults_CronJob sets an empty policy to Allow
        yield from one_of(CRONJOB_SPEC, policy, "concurrencyPolicy", CONCURRENCY_POLICIES)
    time_zone = set_value(spec, "timeZone")
    zone = string(time_zone)
    if time_zone is not None and zone is not None and (problem := time_zone_problem(zone)) is not None:
        yield CRONJOB_SPEC.hit(time_zone, f"Invalid timeZone '{zone}': {problem}")
    named = object_name(ctx)
    if named is not None and len(named[1]) > MAX_NAME_LENGTH:
        yield CRONJOB_SPEC.hit(named[0], f"A CronJob's name may have at most {MAX_NAME_LENGTH} characters "
                                         f"(this one has {len(named[1])}): its Jobs' names append 11")
