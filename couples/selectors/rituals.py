"""Agreed rituals of connection, read: a couple's rituals, a ritual opened for
one partner, schedules in words, and the iCalendar file of a couple's
rituals (RFC 5545; events built by ``couples.lib.calendar``).
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, vDuration

from couples.lib.calendar import (
    CALENDAR_REFRESH,
    calendar_event,
    first_occurrence,
    homework_event,
)
from couples.models import CalendarFeed, Couple, Homework, Membership, Ritual, RitualKept, User
from exercises import rituals as ritual_rules

KEPT_RECENT_DAYS = 28
"""The window of the couple page's "kept N times lately" count (days)."""


def rituals_of_couple(couple: Couple) -> QuerySet[Ritual]:
    """All the couple's rituals (every status), oldest agreement first."""
    return Ritual.objects.filter(couple=couple).select_related("updated_by")


def ritual_for_partner(*, public_id: Any, user: User) -> Ritual | None:
    """The ritual with ``public_id`` if ``user`` is a partner of its couple;
    None otherwise (another couple's ritual and a missing one look the same)."""
    if not user.is_authenticated:
        return None
    return Ritual.objects.filter(public_id=public_id, couple__memberships__user=user).first()


def ritual_today(ritual: Ritual, *, now: datetime | None = None) -> date:
    """Today's date where the ritual happens (its ``time_zone``)."""
    return (now or timezone.now()).astimezone(ZoneInfo(ritual.time_zone)).date()


def rituals_to_keep(couple: Couple, *, now: datetime | None = None) -> list[dict[str, Any]]:
    """The couple's active rituals for the couple page, each as ``{"ritual",
    "kept_today": bool, "kept_by": User | None, "kept_recently": int}``:
    whether it was marked kept today (its own time zone) and by whom, and
    how many days it was kept in the last :data:`KEPT_RECENT_DAYS` days (a
    plain count, never a streak)."""
    rituals = list(Ritual.objects.filter(couple=couple, status=Ritual.Status.ACTIVE))
    if not rituals:
        return []
    today = {r.pk: ritual_today(r, now=now) for r in rituals}
    since = min(today.values()) - timedelta(days=KEPT_RECENT_DAYS - 1)
    kept = list(RitualKept.objects.filter(ritual__in=rituals, on__gte=since).select_related("by"))
    cards = []
    for ritual in rituals:
        mine = [k for k in kept if k.ritual_id == ritual.pk
                and k.on > today[ritual.pk] - timedelta(days=KEPT_RECENT_DAYS)]
        todays = next((k for k in mine if k.on == today[ritual.pk]), None)
        cards.append({"ritual": ritual, "kept_today": todays is not None,
                      "kept_by": todays.by if todays else None, "kept_recently": len(mine)})
    return cards


def rituals_kept_by(user: User) -> list[dict[str, str]]:
    """The days ``user`` marked a ritual kept, for their export:
    ``[{"ritual": title, "on": ISO date}]``, oldest first."""
    return [{"ritual": k.ritual.title, "on": k.on.isoformat()}
            for k in RitualKept.objects.filter(by=user).select_related("ritual")]


def live_calendar_feed_of(user: User) -> CalendarFeed | None:
    """The partner's subscription link that is not revoked, if any."""
    return CalendarFeed.objects.filter(user=user, revoked_at=None).first()


def calendar_feed_couple(token: str) -> Couple | None:
    """The couple whose live subscription link is ``token``, or None when the
    token is unknown, revoked, or its maker no longer belongs to the couple.
    Marks the link as used now."""
    if not token or len(token) > 128:
        return None
    feed = (
        CalendarFeed.objects.select_related("couple")
        .filter(token_hash=feed_token_hash(token), revoked_at=None)
        .first()
    )
    if feed is None:
        return None
    if not Membership.objects.filter(couple_id=feed.couple_id, user_id=feed.user_id).exists():
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed.couple


def ritual_fields(ritual: Ritual) -> dict[str, Any]:
    """The ritual's fields in the engine's names (``exercises.rituals.FIELDS``)."""
    return {
        "kind": ritual.kind,
        "title": ritual.title,
        "details": ritual.details,
        "roles": ritual.roles,
        "frequency": ritual.frequency,
        "weekdays": list(ritual.weekdays),
        "month": ritual.month,
        "month_day": ritual.month_day,
        "time": ritual.time_of_day.strftime("%H:%M"),
        "duration_minutes": ritual.duration_minutes,
        "timezone": ritual.time_zone,
    }


WEEKDAY_NAMES = dict(
    zip(
        ritual_rules.WEEKDAYS,
        ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays"),
        strict=True,
    )
)


MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def ordinal(day: int) -> str:
    """``1`` → ``"1st"``, ``22`` → ``"22nd"``, ``13`` → ``"13th"`` (English)."""
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def schedule_text(ritual: Ritual) -> str:
    """A person's reading of the schedule: ``"Every day at 20:30, 10 minutes
    (Europe/Paris)"``, ``"Mondays and Thursdays at 19:00, ..."``, ``"Every
    month on the 1st at 10:00, 3 hours (...)"`` or ``"Every year on 24
    December at 18:00, 4 hours (...)"`` (a yearly ritual on 29 February adds
    "in leap years", as RFC 5545 skips it in other years)."""
    if ritual.frequency == Ritual.Frequency.DAILY:
        when = "Every day"
    elif ritual.frequency == Ritual.Frequency.MONTHLY and ritual.month_day:
        when = f"Every month on the {ordinal(ritual.month_day)}"
    elif ritual.frequency == Ritual.Frequency.YEARLY and ritual.month and ritual.month_day:
        when = f"Every year on {ritual.month_day} {MONTH_NAMES[ritual.month - 1]}"
        if (ritual.month, ritual.month_day) == (2, 29):
            when += " (in leap years)"
    else:
        names = [WEEKDAY_NAMES[day] for day in ritual.weekdays]
        when = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    hours, minutes = divmod(ritual.duration_minutes, 60)
    length = " ".join(
        part
        for part in (
            f"{hours} hour{'s' if hours != 1 else ''}" if hours else "",
            f"{minutes} minute{'s' if minutes != 1 else ''}" if minutes else "",
        )
        if part
    )
    return f"{when} at {ritual.time_of_day.strftime('%H:%M')}, {length} ({ritual.time_zone})"


def feed_token_hash(token: str) -> str:
    """The SHA-256 hex digest (64 characters) under which a calendar link's
    token is stored; the token itself is never kept."""
    return hashlib.sha256(token.encode()).hexdigest()


def rituals_calendar(*, couple: Couple, now: datetime | None = None) -> bytes:
    """The couple's *active* rituals as an iCalendar object (RFC 5545), one
    recurring VEVENT each: ``DTSTART;TZID=…`` (wall-clock time in the
    ritual's zone), ``DURATION``, ``RRULE:FREQ=DAILY``,
    ``FREQ=WEEKLY;BYDAY=…``, ``FREQ=MONTHLY;BYMONTHDAY=…`` or
    ``FREQ=YEARLY;BYMONTH=…;BYMONTHDAY=…``, a stable ``UID``, ``SEQUENCE`` (raised by every
    edit), ``SUMMARY`` and ``DESCRIPTION``; a VTIMEZONE for every TZID used.
    Paused and retired rituals are left out. Every homework occurrence a
    therapist assigned is one all-day VEVENT on its due date
    (``couples.lib.calendar.homework_event``, UID ``homework-<id>@…``).
    Returns UTF-8 bytes.
    """
    now = now or timezone.now()
    calendar = Calendar()
    calendar.add("prodid", "-//Attune//Rituals of connection//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", f"Our rituals · {couple.name}")
    calendar.add("x-wr-calname", f"Our rituals · {couple.name}")
    calendar.add("refresh-interval", CALENDAR_REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(CALENDAR_REFRESH).to_ical().decode())
    active = list(Ritual.objects.filter(couple=couple, status=Ritual.Status.ACTIVE))
    for ritual in active:
        calendar.add_component(calendar_event(ritual, now))
    for homework in Homework.objects.filter(couple=couple).order_by("due_on", "pk"):
        calendar.add_component(homework_event(homework, now))
    if active:
        earliest = min(first_occurrence(ritual) for ritual in active)
        # VTIMEZONE rules from the first occurrence to 30 years ahead: calendar
        # apps use the IANA TZID itself, the rules are for strict readers.
        calendar.add_missing_timezones(
            first_date=earliest - timedelta(days=1),
            last_date=now.date() + timedelta(days=366 * 30),
        )
    return calendar.to_ical()


def session_config() -> dict[str, Any]:
    """What the live session's ritual-planning screen needs (``config.rituals``
    in static/js/exercises/rituals.js): the kinds with their explanations,
    the limits (characters, minutes), the weekday codes, the month names, the
    last day a monthly ritual may take and each month's longest length (for
    yearly ones), and the couple-space
    page of agreed rituals."""
    return {
        "kinds": list(ritual_rules.ritual_kinds()),
        "weekdays": list(ritual_rules.WEEKDAYS),
        "months": list(MONTH_NAMES),
        "monthly_max_day": ritual_rules.MONTHLY_MAX_DAY,
        "days_in_month": list(ritual_rules.DAYS_IN_MONTH),
        "limits": {
            "title": ritual_rules.MAX_TITLE_CHARS,
            "details": ritual_rules.MAX_DETAILS_CHARS,
            "roles": ritual_rules.MAX_ROLES_CHARS,
            "duration_min": ritual_rules.MIN_DURATION_MINUTES,
            "duration_max": ritual_rules.MAX_DURATION_MINUTES,
        },
        "page_url": reverse("ritual_list"),
    }
