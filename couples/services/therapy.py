"""Therapist mode, writes: links with both partners' consent, ending a link,
the access log, homework and its completion.

A therapist sees only what both partners consented to, and every read is
logged for the couple (docs/architecture.md, "Privacy and safety"). Whether
a link is active is decided in ``couples.selectors.therapy`` alone.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from couples.lib.errors import TherapyError
from couples.lib.relay import deliver_on_commit, revoke_deliveries
from couples.models import (
    AssessmentShare,
    BoundaryShare,
    Couple,
    Homework,
    Membership,
    ReflectionShare,
    TherapistAccess,
    TherapistConsent,
    TherapistLink,
    User,
)
from couples.selectors.therapy import link_is_active
from exercises import engine

MAX_HOMEWORK_NOTE_CHARS = 500


def link_create(*, couple: Couple, therapist: User, invited_by: User | None) -> TherapistLink:
    """The therapist accepted the couple's therapist invitation. The inviting
    partner consented by inviting. Raises TherapyError if ``therapist`` has
    no therapist account or is one of the partners."""
    if not therapist.is_therapist:
        raise TherapyError("This invitation is for a therapist account.")
    if Membership.objects.filter(couple=couple, user=therapist).exists():
        raise TherapyError("A partner cannot be the couple's therapist.")
    with transaction.atomic():
        link, _ = TherapistLink.objects.get_or_create(
            couple=couple, therapist=therapist, ended_at=None
        )
        if invited_by is not None and Membership.objects.filter(
            couple=couple, user=invited_by
        ).exists():
            TherapistConsent.objects.get_or_create(link=link, partner=invited_by)
    return link


def consent_give(*, link_id: int, partner: User) -> TherapistLink:
    """``partner`` consents to the link. Raises TherapyError (404-like) if the
    link is not an open link of their couple."""
    link = _open_link_of_partner(link_id, partner)
    TherapistConsent.objects.get_or_create(link=link, partner=partner)
    return link


def link_end(*, link_id: int, partner: User) -> TherapistLink:
    """Either partner ends the link at once: the therapist loses access, the
    reflections shared with them are no longer shared, and
    once this commits their sockets in the couple's open sessions close
    (4410, :func:`couples.lib.relay.revoke_deliveries`).

    Raises TherapyError if ``link_id`` is not an open link of the partner's
    couple (the view answers 404)."""
    with transaction.atomic():
        link = _open_link_of_partner(link_id, partner)
        link.ended_at = timezone.now()
        link.ended_by = partner
        link.save(update_fields=["ended_at", "ended_by"])
        # Ending a link ends what was shared with that therapist: a therapist
        # linked later sees only what is shared with them.
        ReflectionShare.objects.filter(therapist_link=link).delete()
        AssessmentShare.objects.filter(therapist_link=link).delete()
        BoundaryShare.objects.filter(therapist_link=link).delete()
        deliver_on_commit(revoke_deliveries(couple_id=link.couple_id, user_id=link.therapist_id))
    return link


def _open_link_of_partner(link_id: int, partner: User) -> TherapistLink:
    membership = Membership.objects.filter(user=partner).first()
    link = TherapistLink.objects.filter(
        pk=link_id, ended_at=None, couple_id=membership.couple_id if membership else -1
    ).first()
    if link is None:
        raise TherapyError("There is no such therapist link in your couple space.")
    return link


def access_record(*, therapist: User, couple: Couple, what: str) -> None:
    """Log one therapist read of couple data (shown to both partners)."""
    TherapistAccess.objects.create(
        couple=couple, therapist=therapist, therapist_name=therapist.display_name, what=what[:120]
    )


def access_record_live(*, therapist_id: int, session_id: int, what: str) -> None:
    """:func:`access_record` for a read over the session socket
    (``couples/live/consumers.py``): one row per connect and per snapshot
    sent to a therapist, never per update. ``what`` at most 120 characters."""
    therapist = User.objects.get(pk=therapist_id)
    couple = Couple.objects.get(practice_sessions__pk=session_id)
    access_record(therapist=therapist, couple=couple, what=what)


def homework_assign(
    *, therapist: User, couple: Couple, exercise: str, due_on: date, note: str = ""
) -> Homework:
    """Assign ``exercise`` (a registered exercise kind) due on ``due_on``.

    Raises TherapyError for an unknown exercise, a due date in the past, a
    note over MAX_HOMEWORK_NOTE_CHARS characters, or an inactive link.
    """
    if exercise not in engine.EXERCISES:
        raise TherapyError("Please choose one of the exercises.")
    if due_on < timezone.localdate():
        raise TherapyError("The due date cannot be in the past.")
    if len(note) > MAX_HOMEWORK_NOTE_CHARS:
        raise TherapyError(f"Please keep the note under {MAX_HOMEWORK_NOTE_CHARS} characters.")
    if not link_is_active(couple_id=couple.pk, therapist_id=therapist.pk):
        raise TherapyError("This couple has not linked you (or not both partners consented).")
    return Homework.objects.create(
        couple=couple, therapist=therapist, exercise=exercise, due_on=due_on, note=note.strip()
    )


def homework_mark_done(*, couple_id: int, session_id: int, events: list[dict[str, Any]]) -> None:
    """Called inside the command transaction: an exercise finished in a
    session completes the oldest open homework of that kind."""
    for event in events:
        if event["type"] != "exercise_completed" or not event["data"].get("finished"):
            continue
        homework = (
            Homework.objects.select_for_update()
            .filter(couple_id=couple_id, exercise=event["data"]["kind"], completed_at=None)
            .order_by("due_on", "pk")
            .first()
        )
        if homework is not None:
            homework.completed_at = timezone.now()
            homework.completed_session_id = session_id
            homework.save(update_fields=["completed_at", "completed_session"])
