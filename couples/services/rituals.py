"""Agreed rituals of connection, writes: storing what the engine agreed
(``ritual_agreed`` events, in the command's transaction), editing, pausing,
resuming and retiring a ritual, and the private calendar subscription link.

The rules of *agreeing* live in ``exercises/rituals.py``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from couples.lib.errors import (
    RitualChangedMeanwhile,
    RitualNotActive,
    RitualRetired,
    TransitionNotAllowed,
)
from couples.models import CalendarFeed, Couple, Ritual, RitualKept, User
from couples.selectors.rituals import feed_token_hash, ritual_fields, ritual_today
from exercises import rituals as ritual_rules

FEED_TOKEN_BYTES = 32
"""Random bytes in a subscription token (43 URL-safe characters)."""


def rituals_persist_agreed(
    *, couple_id: int, session_id: int, events: Iterable[dict[str, Any]], now: float
) -> list[Ritual]:
    """Store every ``ritual_agreed`` event among ``events`` (``Event.to_dict``
    shapes) as an active :class:`Ritual` of the couple.

    Called by ``couples.services.commands.session_command_apply`` inside its
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
    """Engine field names → model field names (``month`` and ``month_day`` may
    be missing from a proposal agreed before monthly and yearly rhythms
    existed: they are then None)."""
    hours, minutes = (int(part) for part in fields["time"].split(":"))
    return {
        "kind": fields["kind"],
        "title": fields["title"],
        "details": fields["details"],
        "roles": fields["roles"],
        "frequency": fields["frequency"],
        "weekdays": list(fields["weekdays"]),
        "month": fields.get("month"),
        "month_day": fields.get("month_day"),
        "time_of_day": time(hours, minutes),
        "duration_minutes": fields["duration_minutes"],
        "time_zone": fields["timezone"],
    }


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


def calendar_feed_create(*, user: User, couple: Couple) -> str:
    """Make ``user``'s private subscription link and return its token (shown
    once: only its SHA-256 is stored). An earlier live link of the same
    partner is revoked."""
    token = secrets.token_urlsafe(FEED_TOKEN_BYTES)
    with transaction.atomic():
        CalendarFeed.objects.filter(user=user, revoked_at=None).update(revoked_at=timezone.now())
        CalendarFeed.objects.create(couple=couple, user=user, token_hash=feed_token_hash(token))
    return token


def calendar_feed_revoke(*, user: User) -> int:
    """Turn off ``user``'s subscription link; it answers 404 from now on.
    Returns how many links were revoked (0 or 1)."""
    return CalendarFeed.objects.filter(user=user, revoked_at=None).update(revoked_at=timezone.now())


def ritual_kept_mark(*, ritual_id: int, user: User) -> tuple[RitualKept, bool]:
    """Either partner's one-tap "we did it": the couple kept the active
    ritual ``ritual_id`` today (the date in the ritual's own time zone).

    At most one record per ritual per day: a second tap, by either partner,
    returns the day's record unchanged. Returns ``(record, created)``.
    Raises RitualNotActive for a paused or retired ritual. No streak is
    kept and nothing reminds anyone (docs/self_assessments.md, "Progress
    without nagging").
    """
    with transaction.atomic():
        ritual = Ritual.objects.select_for_update().get(pk=ritual_id)
        if ritual.status != Ritual.Status.ACTIVE:
            raise RitualNotActive("Only a ritual you keep now can be marked as done.")
        return RitualKept.objects.get_or_create(
            ritual=ritual, on=ritual_today(ritual), defaults={"by": user}
        )
