"""The CronJob schedule parser against robfig/cron v3's standard parser (parser_test.go and
spec_test.go of robfig/cron, and the schedules of Kubernetes' batch validation tests), Go's
time.ParseDuration and Kubernetes' validateTimeZone (TestTimeZones, TestValidateCronJob)."""

from __future__ import annotations

import pytest

from pod_ls.kube.cron import atoi, duration_problem, has_time_zone_data, schedule_problem, time_zone_problem

ACCEPTED = [
    "* * * * *", "* * * * ?", "0 * * * *", "*/5 * * * *", "0/1 * * * *", "5/10 * * * *",
    "0 0 1 1 *", "0 0 * * 0", "0 0 * * 6", "0-59 0-23 1-31 1-12 0-6", "1,2,3 * * * *",
    "1-5/2 * * * *", "*/15 9-17 * * MON-FRI", "0 0 * JAN,jul *", "0 0 * * sun", "0 0 * * Sat",
    "0 0 1 feb-dec/2 *", "? ? ? ? ?", "+5 * * * *", "00 01 * * *", "*-3 * * * *",
    "1,,2 * * * *", ", * * * *", "  0   1  * * *  ", "0\t1 * * *",
    "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly",
    "@every 1h", "@every 1h30m", "@every 90s", "@every 1.5h", "@every 0", "@every -1h",
    "@every 500ms", "@every 1\u00b5s", "TZ=UTC 0 * * * *", "CRON_TZ=UTC @daily", "TZ= * * * * *",
]

REFUSED = [
    ("", "empty spec string"),
    ("error", "expected exactly 5 fields, found 1: [error]"),
    ("* * * *", "expected exactly 5 fields, found 4"),
    ("0 * * * * *", "expected exactly 5 fields, found 6"),
    ("60 * * * *", "minute field: end of range (60) above maximum (59): 60"),
    ("* 24 * * *", "hour field: end of range (24) above maximum (23)"),
    ("* * 0 * *", "day of month field: beginning of range (0) below minimum (1)"),
    ("* * 32 * *", "end of range (32) above maximum (31)"),
    ("* * * 0 *", "month field: beginning of range (0) below minimum (1)"),
    ("* * * 13 *", "end of range (13) above maximum (12)"),
    ("0 0 * * 7", "day of week field: end of range (7) above maximum (6): 7"),
    ("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"),
    ("*/0 * * * *", "step of range should be a positive number: */0"),
    ("*/-1 * * * *", "negative number (-1) not allowed: -1"),
    ("1-2-3 * * * *", "too many hyphens: 1-2-3"),
    ("*/2/3 * * * *", "too many slashes: */2/3"),
    ("a * * * *", "failed to parse int from a"),
    ("-1 * * * *", "failed to parse int from "),
    ("/5 * * * *", "failed to parse int from "),
    ("0 0 * * MONDAY", "failed to parse int from MONDAY"),
    ("0 0 * MON *", "failed to parse int from MON"),
    ("0 0 JAN * *", "failed to parse int from JAN"),
    ("\u0661 * * * *", "failed to parse int from"),
    ("@hourly ", "unrecognized descriptor: @hourly "),
    ("@reboot", "unrecognized descriptor: @reboot"),
    ("@every", "unrecognized descriptor: @every"),
    ("@every 1", "time: missing unit in duration"),
    ("@every 1d", 'time: unknown unit "d"'),
    ("@every  1h", "time: invalid duration"),
    ("@every .s", "time: invalid duration"),
    ("@every 9999999999999999999h", "time: invalid duration"),
    ("TZ=UTC", "invalid schedule format"),
    ("CRON_TZ=UTC", "invalid schedule format"),
    ("TZ=../etc/passwd * * * * *", "provided bad location"),
]


@pytest.mark.parametrize("schedule", ACCEPTED)
def test_accepted(schedule):
    assert schedule_problem(schedule) is None


@pytest.mark.parametrize(("schedule", "message"), REFUSED, ids=[s for s, _ in REFUSED])
def test_refused(schedule, message):
    problem = schedule_problem(schedule)
    assert problem is not None and message in problem


@pytest.mark.skipif(not has_time_zone_data(), reason="no time zone data on this machine")
def test_unknown_location_in_the_schedule():
    assert "provided bad location Mars/Olympus" in schedule_problem("TZ=Mars/Olympus * * * * *")
    assert schedule_problem("CRON_TZ=Europe/Rome 0 6 * * *") is None


@pytest.mark.parametrize(("text", "fine"), [
    ("1h", True), ("1h30m", True), ("1.5h", True), (".5s", True), ("1.s", True), ("+3m", True), ("-3m", True),
    ("0", True), ("-0", True), ("300ms", True), ("2\u03bcs", True), ("10ns", True),
    ("", False), ("-", False), ("1", False), ("h", False), ("1x", False), ("1h ", False), (" 1h", False),
    ("00", False), ("9223372036854775808ns", False), ("9223372036854775807ns", True),
])
def test_duration(text, fine):
    assert (duration_problem(text) is None) is fine


@pytest.mark.parametrize(("text", "number"), [("12", 12), ("+7", 7), ("-3", -3), ("007", 7), ("", None),
                                              ("1_0", None), ("0x1", None), (" 1", None), ("9" * 20, None)])
def test_atoi(text, number):
    assert atoi(text) == number


@pytest.mark.parametrize("name", ["Europe/Rome", "UTC", "America/New_York", "America/Argentina/ComodRivadavia",
                                  "Etc/GMT+5", "US/Eastern", "EST5EDT", "GMT0", "America/Port-au-Prince"])
def test_valid_time_zones(name):
    assert time_zone_problem(name) is None


@pytest.mark.parametrize(("name", "message"), [
    ("", "must be nil or non-empty"), ("LOCAL", "explicit time zone"), ("Local", "explicit time zone"),
    (" Europe/Rome", "unknown time zone"), ("Europe/Rome ", "unknown time zone"), (" ", "unknown time zone"),
    ("../etc/passwd", "unknown time zone"), ("Europe/-Rome", "unknown time zone"), ("/UTC", "unknown time zone"),
    ("America/Argentina/ComodRivadaviaX", "unknown time zone"),
])
def test_invalid_time_zones(name, message):
    assert message in time_zone_problem(name)


@pytest.mark.skipif(not has_time_zone_data(), reason="no time zone data on this machine")
@pytest.mark.parametrize("name", ["Europe/InvalidRome", "broken", "still broken", "zone.tab", "Mars/Olympus"])
def test_unknown_time_zones(name):
    assert "unknown time zone" in time_zone_problem(name)
