"""Agreed rituals of connection on the Django side: storing them, changing
them in the couple space, and exporting them as iCalendar (RFC 5545).

The rules of *agreeing* live in ``exercises/rituals.py``; this module stores
what the engine decided (``ritual_agreed`` events) and keeps the agreed
rituals afterwards. Services (writes) take keyword arguments and run in one
transaction; selectors (reads) never write.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, vDuration
from icalendar import Event as CalendarEvent

from couples.models import CalendarFeed, Couple, Membership, Ritual, User
from exercises import rituals as ritual_rules

CALENDAR_REFRESH = timedelta(hours=12)
"""How often calendar apps are asked to fetch a subscription again."""
FEED_TOKEN_BYTES = 32
"""Random bytes in a subscription token (43 URL-safe characters)."""
UID_DOMAIN = "rituals.attune"


class RitualError(Exception):
    """A change to an agreed ritual that cannot be made; ``message`` is for people."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RitualChangedMeanwhile(RitualError):
    """The ritual was changed (by the partner) after the form was opened."""


class RitualRetired(RitualError):
    """A retired ritual is brought back before it is edited."""


class TransitionNotAllowed(RitualError):
    """Pause, resume or retire does not apply to the ritual's current status."""


# --- selectors ------------------------------------------------------------------------


def rituals_of_couple(couple: Couple) -> QuerySet[Ritual]:
    """All the couple's rituals (every status), oldest agreement first."""
    return Ritual.objects.filter(couple=couple).select_related("updated_by")


def ritual_for_partner(*, public_id: Any, user: User) -> Ritual | None:
    """The ritual with ``public_id`` if ``user`` is a partner of its couple;
    None otherwise (another couple's ritual and a missing one look the same)."""
    if not user.is_authenticated:
        return None
    return Ritual.objects.filter(public_id=public_id, couple__memberships__user=user).first()


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
        .filter(token_hash=_token_hash(token), revoked_at=None)
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


def schedule_text(ritual: Ritual) -> str:
    """A person's reading of the schedule: ``"Every day at 20:30, 10 minutes
    (Europe/Paris)"`` or ``"Mondays and Thursdays at 19:00, ..."``."""
    if ritual.frequency == Ritual.Frequency.DAILY:
        when = "Every day"
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


# --- services: storing agreements -------------------------------------------------------


def rituals_persist_agreed(
    *, couple_id: int, session_id: int, events: Iterable[dict[str, Any]], now: float
) -> list[Ritual]:
    """Store every ``ritual_agreed`` event among ``events`` (``Event.to_dict``
    shapes) as an active :class:`Ritual` of the couple.

    Called by ``couples.services.session_command_apply`` inside its
    transaction, right after the engine accepted a command, so the ritual and
    the session event commit (or fail) together. Rituals are stored when they
    are *agreed*, not when the exercise completes, so stopping the exercise
    loses no agreement. Idempotent per ``(session, proposal id)``. ``now`` is
    seconds since the epoch. Returns the rituals created.
    """
    created = []
    for event in events:
        if event.get("type") != "ritual_agreed":
            continue
        proposal = event["data"]["proposal"]
        agreed_at = datetime.fromtimestamp(proposal.get("agreed_at") or now, tz=UTC)
        ritual, was_created = Ritual.objects.get_or_create(
            source_session_id=session_id,
            source_proposal=proposal["id"],
            defaults={
                "couple_id": couple_id,
                **_model_fields(proposal),
                "starts_on": agreed_at.astimezone(ZoneInfo(proposal["timezone"])).date(),
                "agreed_revision": proposal["revision"],
                "agreed_at": agreed_at,
            },
        )
        if was_created:
            created.append(ritual)
    return created


def _model_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Engine field names → model field names."""
    hours, minutes = (int(part) for part in fields["time"].split(":"))
    return {
        "kind": fields["kind"],
        "title": fields["title"],
        "details": fields["details"],
        "roles": fields["roles"],
        "frequency": fields["frequency"],
        "weekdays": list(fields["weekdays"]),
        "time_of_day": time(hours, minutes),
        "duration_minutes": fields["duration_minutes"],
        "time_zone": fields["timezone"],
    }


# --- services: changing agreed rituals ---------------------------------------------------


def ritual_update(
    *, ritual_id: int, user: User, expected_sequence: int, fields: dict[str, Any]
) -> Ritual:
    """Either partner changes an agreed ritual's text or schedule.

    ``fields`` uses the engine's names (``exercises.rituals.FIELDS``) and is
    checked again with ``ritual_fields_clean`` (one set of rules for the
    session and the couple space). ``expected_sequence`` is the ritual's
    ``sequence`` when the form was opened: if the partner saved a change in
    between, nothing is overwritten. Raises RitualChangedMeanwhile,
    RitualRetired, or the engine's RuleError for invalid fields.
    """
    cleaned = ritual_rules.ritual_fields_clean(fields)
    with transaction.atomic():
        ritual = Ritual.objects.select_for_update().get(pk=ritual_id)
        if ritual.sequence != expected_sequence:
            raise RitualChangedMeanwhile(
                "This ritual was changed while you were editing it. Here is the latest "
                "version; please make your change again."
            )
        if ritual.status == Ritual.Status.RETIRED:
            raise RitualRetired("Bring this ritual back before changing it.")
        if cleaned == ritual_fields(ritual):
            return ritual
        for name, value in _model_fields(cleaned).items():
            setattr(ritual, name, value)
        ritual.sequence += 1
        ritual.updated_by = user
        ritual.save()
    return ritual


RITUAL_TRANSITIONS = {
    "pause": ({Ritual.Status.ACTIVE}, Ritual.Status.PAUSED),
    "resume": ({Ritual.Status.PAUSED, Ritual.Status.RETIRED}, Ritual.Status.ACTIVE),
    "retire": ({Ritual.Status.ACTIVE, Ritual.Status.PAUSED}, Ritual.Status.RETIRED),
}
"""``action: (statuses it applies to, status it leads to)``. Paused and retired
rituals leave the calendar export; a retired one can be brought back."""


def ritual_status_change(*, ritual_id: int, user: User, action: str) -> Ritual:
    """Pause, resume or retire a ritual (``action`` in RITUAL_TRANSITIONS).

    Raises TransitionNotAllowed for an unknown action or one that does not
    apply to the current status (e.g. pausing a paused ritual).
    """
    if action not in RITUAL_TRANSITIONS:
        raise TransitionNotAllowed("That change is not available.")
    allowed_from, to = RITUAL_TRANSITIONS[action]
    with transaction.atomic():
        ritual = Ritual.objects.select_for_update().get(pk=ritual_id)
        if ritual.status not in allowed_from:
            raise TransitionNotAllowed(
                f"This ritual is {ritual.get_status_display().lower()} already."
            )
        ritual.status = to
        ritual.sequence += 1
        ritual.updated_by = user
        ritual.save(update_fields=["status", "sequence", "updated_by", "updated_at"])
    return ritual


# --- services: calendar subscription links -----------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_create(*, user: User, couple: Couple) -> str:
    """Make ``user``'s private subscription link and return its token (shown
    once: only its SHA-256 is stored). An earlier live link of the same
    partner is revoked."""
    token = secrets.token_urlsafe(FEED_TOKEN_BYTES)
    with transaction.atomic():
        CalendarFeed.objects.filter(user=user, revoked_at=None).update(revoked_at=timezone.now())
        CalendarFeed.objects.create(couple=couple, user=user, token_hash=_token_hash(token))
    return token


def calendar_feed_revoke(*, user: User) -> int:
    """Turn off ``user``'s subscription link; it answers 404 from now on.
    Returns how many links were revoked (0 or 1)."""
    return CalendarFeed.objects.filter(user=user, revoked_at=None).update(revoked_at=timezone.now())


# --- iCalendar export ----------------------------------------------------------------------


def first_occurrence(ritual: Ritual) -> date:
    """The first day on or after ``starts_on`` that the schedule includes, so
    DTSTART is synchronised with the RRULE (RFC 5545, 3.8.5.3)."""
    day = ritual.starts_on
    if ritual.frequency == Ritual.Frequency.WEEKLY and ritual.weekdays:
        while ritual_rules.WEEKDAYS[day.weekday()] not in ritual.weekdays:
            day += timedelta(days=1)
    return day


def ritual_uid(ritual: Ritual) -> str:
    """A UID that stays the same across downloads and edits, so calendar
    apps update the event instead of adding a new one."""
    return f"ritual-{ritual.public_id}@{UID_DOMAIN}"


def rituals_calendar(*, couple: Couple, now: datetime | None = None) -> bytes:
    """The couple's *active* rituals as an iCalendar object (RFC 5545), one
    recurring VEVENT each: ``DTSTART;TZID=…`` (wall-clock time in the
    ritual's zone), ``DURATION``, ``RRULE:FREQ=DAILY`` or
    ``FREQ=WEEKLY;BYDAY=…``, a stable ``UID``, ``SEQUENCE`` (raised by every
    edit), ``SUMMARY`` and ``DESCRIPTION``; a VTIMEZONE for every TZID used.
    Paused and retired rituals are left out. Returns UTF-8 bytes.
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
        calendar.add_component(_calendar_event(ritual, now))
    if active:
        earliest = min(first_occurrence(ritual) for ritual in active)
        # VTIMEZONE rules from the first occurrence to 30 years ahead: calendar
        # apps use the IANA TZID itself, the rules are for strict readers.
        calendar.add_missing_timezones(
            first_date=earliest - timedelta(days=1),
            last_date=now.date() + timedelta(days=366 * 30),
        )
    return calendar.to_ical()


def _calendar_event(ritual: Ritual, now: datetime) -> CalendarEvent:
    event = CalendarEvent()
    event.add("uid", ritual_uid(ritual))
    event.add("dtstamp", now.astimezone(UTC))
    event.add("created", ritual.created_at.astimezone(UTC))
    event.add("last-modified", ritual.updated_at.astimezone(UTC))
    event.add("sequence", ritual.sequence)
    event.add("summary", ritual.title)
    event.add(
        "dtstart",
        datetime.combine(first_occurrence(ritual), ritual.time_of_day, ZoneInfo(ritual.time_zone)),
    )
    event.add("duration", timedelta(minutes=ritual.duration_minutes))
    rule: dict[str, Any] = {"freq": ritual.frequency}
    if ritual.frequency == Ritual.Frequency.WEEKLY:
        rule["byday"] = list(ritual.weekdays)
    event.add("rrule", rule)
    event.add("categories", [ritual_rules.ritual_kind_title(ritual.kind)])
    event.add(
        "description",
        f"{ritual.details}\n\nWho does what: {ritual.roles}\n\n"
        f"{ritual_rules.ritual_kind_title(ritual.kind)}: a ritual of connection you "
        "agreed on together in Attune.",
    )
    event.add("transp", "OPAQUE")
    return event


# --- the live session page -------------------------------------------------------------------


def session_config() -> dict[str, Any]:
    """What the live session's ritual-planning screen needs (``config.rituals``
    in static/js/exercises/rituals.js): the kinds with their explanations,
    the limits (characters, minutes), the weekday codes and the couple-space
    page of agreed rituals."""
    return {
        "kinds": list(ritual_rules.ritual_kinds()),
        "weekdays": list(ritual_rules.WEEKDAYS),
        "limits": {
            "title": ritual_rules.MAX_TITLE_CHARS,
            "details": ritual_rules.MAX_DETAILS_CHARS,
            "roles": ritual_rules.MAX_ROLES_CHARS,
            "duration_min": ritual_rules.MIN_DURATION_MINUTES,
            "duration_max": ritual_rules.MAX_DURATION_MINUTES,
        },
        "page_url": reverse("ritual_list"),
    }
