"""Reads of the nudges: a person's nudge preferences, whether a moment
falls inside their quiet hours (a pure function, tested across midnight),
and the notices of what is waiting for them on the couple page."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.urls import reverse
from django.utils import timezone

from couples.models import Couple, NudgePreferences, ReflectionShare, User
from couples.selectors.therapy import links_of_couple


def quiet_hours_contain(
    *, moment: datetime, start: time | None, end: time | None, time_zone: str
) -> bool:
    """Whether the aware datetime ``moment`` falls inside the quiet hours
    ``start``–``end`` (wall-clock times in the IANA zone ``time_zone``).

    The span may cross midnight (22:00–07:00 holds 23:30 and 06:59, not
    07:00): the start is inside, the end is not. No span (either time None)
    or an empty one (start == end) is never quiet. An unknown zone is read
    as UTC. Raises ValueError for a naive ``moment``.
    """
    if start is None or end is None or start == end:
        return False
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    try:
        zone = ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    local = moment.astimezone(zone).time().replace(tzinfo=None)
    if start < end:
        return start <= local < end
    return local >= start or local < end


def nudge_preferences_of(user: User) -> NudgePreferences:
    """``user``'s nudge preferences: their saved row, or an unsaved one with
    the defaults (e-mail on, no quiet hours, UTC)."""
    found = NudgePreferences.objects.filter(user=user).first()
    return found if found is not None else NudgePreferences(user=user)


def session_nudge_email_wanted(*, user: User, moment: datetime) -> bool:
    """Whether ``user`` gets the "a session started" e-mail at ``moment``
    (aware): e-mail on, an address, and not inside their quiet hours."""
    prefs = nudge_preferences_of(user)
    if not prefs.email_session_started or not user.email:
        return False
    return not quiet_hours_contain(
        moment=moment, start=prefs.quiet_start, end=prefs.quiet_end, time_zone=prefs.time_zone
    )


# ---- what is waiting on the couple page (issue #12, item 5) -------------------------

SHARED_RECENT_DAYS = 14
"""How long (days) a reflection the partner shared is mentioned on the
couple page; it stays under My reflections → Shared for good."""


def notice_partner_joined(name: str) -> dict[str, str]:
    """The couple-page notice for the inviter: ``{"kind", "text", "url",
    "action"}`` (the link's words)."""
    return {
        "kind": "partner_joined",
        "text": f"{name} joined your space.",
        "url": reverse("home"),
        "action": "Show our space",
    }


def notice_consent_pending(therapist_name: str) -> dict[str, str]:
    """The couple-page notice for a partner whose consent a therapist link
    waits for: ``{"kind", "text", "url", "action"}`` (the therapist page, where they
    consent or decline)."""
    return {
        "kind": "consent_pending",
        "text": f"{therapist_name} is waiting for your consent to work with you both.",
        "url": reverse("couple_therapist"),
        "action": "Review and consent",
    }


def notice_reflection_shared(author_name: str) -> dict[str, str]:
    """The couple-page notice for the partner a reflection was shared with:
    ``{"kind", "text", "url", "action"}``. It names the author only; the text stays
    behind the link (My reflections → Shared)."""
    return {
        "kind": "reflection_shared",
        "text": f"{author_name} shared a reflection with you.",
        "url": reverse("reflections_shared"),
        "action": "Read it",
    }


def waiting_notices(
    *, user: User, couple: Couple, now: datetime | None = None
) -> list[dict[str, str]]:
    """What waits for ``user`` on the couple page, as notices
    (``{"kind", "text", "url", "action"}``): each open therapist link still waiting
    for their consent, and each reflection the partner shared with them in
    the last :data:`SHARED_RECENT_DAYS` days (newest first). Never any text
    anyone wrote."""
    notices = [
        notice_consent_pending(row["therapist"].display_name)
        for row in links_of_couple(couple)
        if not row["active"] and user.pk not in row["consented"]
    ]
    since = (now or timezone.now()) - timedelta(days=SHARED_RECENT_DAYS)
    shares = (
        ReflectionShare.objects.filter(
            audience=ReflectionShare.Audience.PARTNER,
            reflection__couple=couple,
            created_at__gte=since,
        )
        .exclude(reflection__author=user)
        .select_related("reflection__author")
        .order_by("-created_at")
    )
    notices += [notice_reflection_shared(s.reflection.author.display_name) for s in shares]
    return notices
