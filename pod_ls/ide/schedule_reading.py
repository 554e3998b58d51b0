"""A CronJob's schedule read out in words on hover: `0 3 * * 1-5` is "At 03:00, on Monday to
Friday". Only a schedule the API server takes (`kube.cron.schedule_problem`) is
read; it runs in `spec.timeZone`, else in kube-controller-manager's time zone, and a day of the
month with a day of the week means either (robfig/cron's `dayMatches`), which surprises."""

from __future__ import annotations

from ..kube.cron import schedule_problem

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_DAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
_DESCRIPTORS = {
    "@yearly": "At 00:00 on 1 January", "@annually": "At 00:00 on 1 January",
    "@monthly": "At 00:00 on the first day of every month", "@weekly": "At 00:00 every Sunday",
    "@daily": "At 00:00 every day", "@midnight": "At 00:00 every day", "@hourly": "At minute 0 of every hour",
}
# name, lowest, highest, the names of its values (where it has any)
_FIELDS = (("minute", 0, 59, None), ("hour", 0, 23, None), ("day of the month", 1, 31, None),
           ("month", 1, 12, _MONTHS), ("day of the week", 0, 6, _DAYS))
_NAMES = {name[:3].lower(): number for names, first in ((_MONTHS, 1), (_DAYS, 0))
          for number, name in enumerate(names, first)}
_WHERE = ("Runs in `spec.timeZone`, or where none is set in the time zone of "
          "kube-controller-manager (often UTC, not yours).")


def schedule_reading(schedule: str) -> str | None:
    """The schedule in words, with the time zone it runs in; None for one the API server refuses."""
    if schedule_problem(schedule) is not None:
        return None
    zone = ""
    if schedule.startswith(("TZ=", "CRON_TZ=")):
        prefix, schedule = schedule.split(None, 1)
        zone = prefix.split("=", 1)[1]
    schedule = schedule.strip()
    where = f"Runs in the time zone `{zone}`." if zone else _WHERE
    if schedule.startswith("@every"):
        return f"Every {schedule.split(None, 1)[1]}.\n\n{where}"
    if schedule.startswith("@"):
        return f"{_DESCRIPTORS[schedule.lower()]}.\n\n{where}"
    minute, hour, day, month, weekday = schedule.split()
    if minute.isdigit() and hour.isdigit():
        parts = [f"At {int(hour):02}:{int(minute):02}"]
    elif minute.isdigit() and not _restricts(hour) and "/" not in hour:
        parts = [f"At minute {int(minute)} of every hour"]
    else:
        parts = [_field(minute, 0).capitalize(), _field(hour, 1) if _restricts(hour) or "/" in hour else ""]
    days = [_field(day, 2), _field(weekday, 4)]
    if all(days):
        parts.append(f"{days[0]} or {days[1]}")
    else:
        parts += days
    parts.append(_field(month, 3))
    if minute.isdigit() and hour.isdigit() and not any(parts[1:]):
        parts.append("every day")
    reading = ", ".join(part for part in parts if part) + "."
    if all(days):
        reading += " Both days given: either one starts a run."
    return f"{reading}\n\n{where}"


def _restricts(field: str) -> bool:
    return not field.startswith(("*", "?"))


def _field(text: str, index: int) -> str:
    """One field in words: empty where it allows every value (but for the minute and the hour)."""
    if not _restricts(text) and "/" not in text:
        return ("every minute", "every hour")[index] if index < 2 else ""
    words = " and ".join(_expression(part, index) for part in text.split(",") if part)
    return ("{}", "past {}", "on {} of the month", "in {}", "on {}")[index].format(words)


def _expression(part: str, index: int) -> str:
    name, low, high, names = _FIELDS[index]
    span, _, step = part.partition("/")
    if span in ("*", "?"):
        first, last = low, high
    elif "-" in span:
        first, last = (_value(end) for end in span.split("-", 1))
    else:
        first = _value(span)
        last = high if step else first
    unit = "day" if index == 2 else name

    def shown(value: int) -> str:
        return names[value - low] if names else str(value)

    if step:
        every = f"every {_ordinal(int(step))} {unit}" if int(step) > 1 else f"every {unit}"
        return every if (first, last) == (low, high) else f"{every} from {shown(first)} to {shown(last)}"
    if names:
        return shown(first) if first == last else f"{shown(first)} to {shown(last)}"
    return f"{unit} {first}" if first == last else f"{unit}s {first} to {last}"


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _value(text: str) -> int:
    return _NAMES.get(text.lower()[:3]) if not text.isdigit() else int(text)
