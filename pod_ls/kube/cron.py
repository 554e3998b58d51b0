"""A CronJob's schedule and time zone as the API server reads them.

The schedule goes through robfig/cron v3's `ParseStandard` (five fields, names, ranges, steps,
descriptors such as `@hourly`, `@every <duration>` read by Go's `time.ParseDuration`, and an
optional `TZ=`/`CRON_TZ=` prefix read by `time.LoadLocation`); `spec.timeZone` goes through
`validateTimeZone` of pkg/apis/batch/validation. Each function says why a value is refused,
in the parser's own words, or returns None.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from functools import cache

_INT64_MAX = (1 << 63) - 1
_GO_INT = re.compile(r"[+-]?[0-9]+")
_LATIN1_SPACES = frozenset("\t\n\v\f\r \x85\xa0")


@dataclass(frozen=True, slots=True)
class _Bounds:
    name: str
    low: int
    high: int
    names: dict[str, int] | None = None


# robfig/cron's fields, in order; the seconds field of the standard parser is always "0".
_FIELDS = (
    _Bounds("minute", 0, 59),
    _Bounds("hour", 0, 23),
    _Bounds("day of month", 1, 31),
    _Bounds("month", 1, 12, {name: number for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}),
    _Bounds("day of week", 0, 6, {name: number for number, name in enumerate(
        ("sun", "mon", "tue", "wed", "thu", "fri", "sat"))}),
)
DESCRIPTORS = ("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly")
_DURATION_UNITS = {"ns": 1, "us": 1_000, "\u00b5s": 1_000, "\u03bcs": 1_000, "ms": 1_000_000,
                   "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000}
_TIME_ZONE_PART = re.compile(r"[A-Za-z.\-_0-9+]{1,14}")


class _Refused(Exception):
    """A schedule the parser refuses, with its message."""


def atoi(text: str) -> int | None:
    """Go's strconv.Atoi: optional sign, ASCII digits, within int64; None where it fails."""
    if not _GO_INT.fullmatch(text) or len(text) > 20:  # longer is out of range (and too long for int())
        return None
    number = int(text)
    return number if -_INT64_MAX - 1 <= number <= _INT64_MAX else None


def _is_go_space(char: str) -> bool:
    """unicode.IsSpace, which strings.Fields and strings.TrimSpace split and trim on."""
    return char in _LATIN1_SPACES if char <= "\xff" else char.isspace()


def _go_fields(text: str) -> list[str]:
    fields, current = [], []
    for char in text:
        if _is_go_space(char):
            if current:
                fields.append("".join(current))
                current = []
        else:
            current.append(char)
    if current:
        fields.append("".join(current))
    return fields


def _go_trim_space(text: str) -> str:
    start, end = 0, len(text)
    while start < end and _is_go_space(text[start]):
        start += 1
    while end > start and _is_go_space(text[end - 1]):
        end -= 1
    return text[start:end]


def schedule_problem(schedule: str) -> str | None:
    """Why `cron.ParseStandard` refuses the schedule, or None."""
    try:
        _parse_standard(schedule)
    except _Refused as refused:
        return str(refused)
    return None


def _parse_standard(spec: str) -> None:
    if not spec:
        raise _Refused("empty spec string")
    if spec.startswith(("TZ=", "CRON_TZ=")):
        space = spec.find(" ")
        if space < 0:  # Go slices past the end and panics; the API server reports that
            raise _Refused("invalid schedule format: nothing follows the time zone")
        equals = spec.index("=")
        location = spec[equals + 1:space]
        if (problem := location_problem(location)) is not None:
            raise _Refused(f"provided bad location {location}: {problem}")
        spec = _go_trim_space(spec[space:])
    if spec.startswith("@"):
        _parse_descriptor(spec)
        return
    fields = _go_fields(spec)
    if len(fields) != len(_FIELDS):
        raise _Refused(f"expected exactly {len(_FIELDS)} fields, found {len(fields)}: [{' '.join(fields)}]")
    for field, bounds in zip(fields, _FIELDS, strict=True):
        for expression in (part for part in field.split(",") if part):
            try:
                _check_range(expression, bounds)
            except _Refused as refused:
                raise _Refused(f"{bounds.name} field: {refused}") from None


def _check_range(expression: str, bounds: _Bounds) -> None:
    """robfig/cron's getRange: number | name | * | ?, an optional -end, an optional /step."""
    range_and_step = expression.split("/")
    low_and_high = range_and_step[0].split("-")
    if low_and_high[0] in ("*", "?"):
        start, end = bounds.low, bounds.high
    else:
        start = _int_or_name(low_and_high[0], bounds)
        if len(low_and_high) == 1:
            end = start
        elif len(low_and_high) == 2:
            end = _int_or_name(low_and_high[1], bounds)
        else:
            raise _Refused(f"too many hyphens: {expression}")
    step = 1
    if len(range_and_step) == 2:
        step = _non_negative_int(range_and_step[1])
        if len(low_and_high) == 1:  # "N/step" means "N-max/step"
            end = bounds.high
    elif len(range_and_step) > 2:
        raise _Refused(f"too many slashes: {expression}")
    if start < bounds.low:
        raise _Refused(f"beginning of range ({start}) below minimum ({bounds.low}): {expression}")
    if end > bounds.high:
        raise _Refused(f"end of range ({end}) above maximum ({bounds.high}): {expression}")
    if start > end:
        raise _Refused(f"beginning of range ({start}) beyond end of range ({end}): {expression}")
    if step == 0:
        raise _Refused(f"step of range should be a positive number: {expression}")


def _int_or_name(text: str, bounds: _Bounds) -> int:
    if bounds.names is not None and (number := bounds.names.get(text.lower())) is not None:
        return number
    return _non_negative_int(text)


def _non_negative_int(text: str) -> int:
    number = atoi(text)
    if number is None:
        raise _Refused(f"failed to parse int from {text}: strconv.Atoi: parsing {_go_quote(text)}: invalid syntax")
    if number < 0:
        raise _Refused(f"negative number ({number}) not allowed: {text}")
    return number


def _parse_descriptor(descriptor: str) -> None:
    if descriptor in DESCRIPTORS:
        return
    every = "@every "
    if descriptor.startswith(every):
        if (problem := duration_problem(descriptor[len(every):])) is not None:
            raise _Refused(f"failed to parse duration {descriptor}: {problem}")
        return
    raise _Refused(f"unrecognized descriptor: {descriptor}")


def duration_problem(text: str) -> str | None:
    """Why Go's time.ParseDuration refuses `text` ("1h30m", "90s", "1.5h"), or None."""
    invalid = f"time: invalid duration {_go_quote(text)}"
    rest = text[1:] if text[:1] in ("-", "+") else text
    if rest == "0":
        return None
    if not rest:
        return invalid
    total = 0
    while rest:
        digits = re.match(r"[0-9]*", rest).group()
        rest = rest[len(digits):]
        fraction = ""
        if rest.startswith("."):
            fraction = re.match(r"[0-9]*", rest[1:]).group()
            rest = rest[1 + len(fraction):]
        elif not digits:
            return invalid
        if not digits and not fraction:
            return invalid
        unit = re.match(r"[^0-9.]*", rest).group()
        rest = rest[len(unit):]
        if not unit:
            return f"time: missing unit in duration {_go_quote(text)}"
        if unit not in _DURATION_UNITS:
            return f"time: unknown unit {_go_quote(unit)} in duration {_go_quote(text)}"
        scale = _DURATION_UNITS[unit]
        value = int(digits or "0")
        if value > (1 << 63) // scale:
            return invalid
        value *= scale
        if fraction.strip("0"):
            value += int(int(fraction[:19]) * (scale / 10 ** len(fraction[:19])))
        total += value
        if total > 1 << 63:
            return invalid
    if total > _INT64_MAX and not text.startswith("-"):
        return invalid
    return None


def _go_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@cache
def has_time_zone_data() -> bool:
    """Whether this machine can tell time zone names apart; without the IANA database every
    name would look unknown, so the checks that need it are skipped."""
    try:
        zoneinfo.ZoneInfo("America/New_York")
        zoneinfo.ZoneInfo("Europe/Rome")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def location_problem(name: str) -> str | None:
    """Why Go's time.LoadLocation refuses `name`, or None (also when this machine has no time
    zone data to tell)."""
    if name in ("", "UTC", "Local"):
        return None
    if ".." in name or name[0] in "/\\":
        return "time: invalid location name"
    if not has_time_zone_data():
        return None
    try:
        zoneinfo.ZoneInfo(name)
    except zoneinfo.ZoneInfoNotFoundError:
        return f"unknown time zone {name}"
    except ValueError as error:
        # A file that is no zone fails in Go too; a key Python will not normalise may still load there.
        return f"unknown time zone {name}" if "TZif" in str(error) else None
    except OSError:
        return None
    return None


def time_zone_problem(name: str) -> str | None:
    """Why a CronJob's `spec.timeZone` is refused (validateTimeZone), or None."""
    if not name:
        return "timeZone must be nil or non-empty string"
    for part in name.split("/"):
        if part in (".", "..") or part.startswith("-") or not _TIME_ZONE_PART.fullmatch(part):
            return f"unknown time zone {name}"
    if name.lower() == "local":
        return "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"
    return location_problem(name)
