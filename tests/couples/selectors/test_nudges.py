"""Quiet hours (couples.selectors.nudges.quiet_hours_contain): a pure
function of a moment, two wall-clock times and a time zone."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from couples.selectors.nudges import quiet_hours_contain

NIGHT = {"start": time(22, 0), "end": time(7, 0)}


def at(hour: int, minute: int = 0, day: int = 15) -> datetime:
    return datetime(2026, 6, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "quiet"),
    [
        (at(21, 59), False),
        (at(22, 0), True),  # the start is inside
        (at(23, 30), True),
        (at(0, 0), True),  # across midnight
        (at(3, 15), True),
        (at(6, 59), True),
        (at(7, 0), False),  # the end is not
        (at(12, 0), False),
    ],
)
def test_a_night_span_crosses_midnight(moment, quiet):
    assert quiet_hours_contain(moment=moment, time_zone="UTC", **NIGHT) is quiet


@pytest.mark.parametrize(
    ("moment", "quiet"),
    [(at(8, 59), False), (at(9, 0), True), (at(16, 59), True), (at(17, 0), False)],
)
def test_a_day_span(moment, quiet):
    span = {"start": time(9, 0), "end": time(17, 0)}
    assert quiet_hours_contain(moment=moment, time_zone="UTC", **span) is quiet


def test_times_are_read_in_the_persons_time_zone():
    # 21:30 UTC in June is 23:30 in Paris (summer time): quiet there, not in UTC.
    moment = at(21, 30)
    assert quiet_hours_contain(moment=moment, time_zone="Europe/Paris", **NIGHT)
    assert not quiet_hours_contain(moment=moment, time_zone="UTC", **NIGHT)
    # 12:30 UTC is 22:30 in Sydney the same day (AEST, UTC+10).
    assert quiet_hours_contain(moment=at(12, 30), time_zone="Australia/Sydney", **NIGHT)


def test_no_span_or_an_empty_one_is_never_quiet():
    assert not quiet_hours_contain(moment=at(3), start=None, end=None, time_zone="UTC")
    assert not quiet_hours_contain(moment=at(3), start=time(3), end=None, time_zone="UTC")
    assert not quiet_hours_contain(moment=at(3), start=time(3), end=time(3), time_zone="UTC")


def test_an_unknown_zone_reads_as_utc_and_a_naive_moment_is_refused():
    assert quiet_hours_contain(moment=at(23), time_zone="Mars/Olympus", **NIGHT)
    with pytest.raises(ValueError):
        quiet_hours_contain(moment=datetime(2026, 6, 15, 23), time_zone="UTC", **NIGHT)
