"""Therapist mode on the Django side: links with both partners' consent,
the access log, homework, and joining a live session as facilitator.

DESIGN.md, "Privacy and safety": a therapist sees what both partners
consented to (session transcripts, ritual plans, homework, reflections
shared with them) and every therapist read is logged where both partners
can see it. Services (writes) and selectors (reads) in one module because
they share one rule: *is this link active?*
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from couples.models import (
    Couple,
    Homework,
    Membership,
    PracticeSession,
    SessionEvent,
    TherapistAccess,
    TherapistConsent,
    TherapistLink,
    User,
)
from exercises import engine
from exercises.facilitation import facilitator_add

MAX_HOMEWORK_NOTE_CHARS = 500


class TherapyError(Exception):
    """A therapist-mode action that cannot be done; ``message`` is for people."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- links and consent -----------------------------------------------------------


def active_links() -> QuerySet[TherapistLink]:
    """Links not ended and consented to by every partner of the couple (two)."""
    return (
        TherapistLink.objects.filter(ended_at=None)
        .annotate(
            n_consents=Count("consents", distinct=True),
            n_partners=Count("couple__memberships", distinct=True),
        )
        .filter(n_consents=2, n_partners=2)
    )


def link_is_active(*, couple_id: int, therapist_id: int) -> bool:
    """True if the therapist may see this couple's shared data right now."""
    return active_links().filter(couple_id=couple_id, therapist_id=therapist_id).exists()


def linked_couples(therapist: User) -> list[Couple]:
    """Couples whose link with ``therapist`` is active, by name."""
    ids = active_links().filter(therapist=therapist).values_list("couple_id", flat=True)
    return list(Couple.objects.filter(pk__in=list(ids)).order_by("name"))


def pending_links_of_therapist(therapist: User) -> list[TherapistLink]:
    """Open links still waiting for a partner's consent."""
    active = active_links().values_list("pk", flat=True)
    return list(
        TherapistLink.objects.filter(therapist=therapist, ended_at=None)
        .exclude(pk__in=list(active))
        .select_related("couple")
    )


def links_of_couple(couple: Couple) -> list[dict[str, Any]]:
    """Every open link of the couple as ``{"link", "therapist", "active",
    "consented": [partner ids]}`` for the couple space."""
    active = set(active_links().filter(couple=couple).values_list("pk", flat=True))
    result = []
    for link in couple.therapist_links.filter(ended_at=None).select_related("therapist"):
        result.append(
            {
                "link": link,
                "therapist": link.therapist,
                "active": link.pk in active,
                "consented": set(link.consents.values_list("partner_id", flat=True)),
            }
        )
    return result


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
    """Either partner ends the link at once: the therapist loses access and
    is dropped from live sessions on their next command or reconnect."""
    link = _open_link_of_partner(link_id, partner)
    link.ended_at = timezone.now()
    link.ended_by = partner
    link.save(update_fields=["ended_at", "ended_by"])
    return link


def revocation_deliveries(link: TherapistLink) -> list:
    """Messages that close the therapist's sockets in the couple's open
    sessions (consumers answer ``session.revoked`` with close code 4410)."""
    from couples import services

    return [
        services.Delivery(
            services.participant_group(session_id, str(link.therapist_id)),
            {"type": "session.revoked"},
        )
        for session_id in link.couple.practice_sessions.filter(
            status=PracticeSession.Status.OPEN
        ).values_list("pk", flat=True)
    ]


def _open_link_of_partner(link_id: int, partner: User) -> TherapistLink:
    membership = Membership.objects.filter(user=partner).first()
    link = TherapistLink.objects.filter(
        pk=link_id, ended_at=None, couple_id=membership.couple_id if membership else -1
    ).first()
    if link is None:
        raise TherapyError("There is no such therapist link in your couple space.")
    return link


# --- access log ----------------------------------------------------------------------


def access_record(*, therapist: User, couple: Couple, what: str) -> None:
    """Log one therapist read of couple data (shown to both partners)."""
    TherapistAccess.objects.create(
        couple=couple, therapist=therapist, therapist_name=therapist.display_name, what=what[:120]
    )


def couple_for_therapist(*, therapist: User, couple_public_id: Any) -> Couple | None:
    """The couple if ``therapist``'s link with it is active, else None (the
    same answer for a couple that does not exist)."""
    if not therapist.is_authenticated or not therapist.is_therapist:
        return None
    try:
        couple = Couple.objects.get(public_id=couple_public_id)
    except (Couple.DoesNotExist, ValueError, TypeError):
        return None
    return couple if link_is_active(couple_id=couple.pk, therapist_id=therapist.pk) else None


# --- homework ------------------------------------------------------------------------


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


# --- live facilitation -------------------------------------------------------------


def facilitator_join(*, session_id: int, therapist_id: int) -> tuple:
    """Add a linked therapist to a live session's facilitators (once).

    Returns the channel-layer deliveries to make after the commit (none
    when they already take part). Raises TherapyError if the link is not
    active or the session ended.
    """
    from couples import services  # services imports this module for its homework hook
    with transaction.atomic(durable=True):
        session = PracticeSession.objects.select_for_update().get(pk=session_id)
        if not link_is_active(couple_id=session.couple_id, therapist_id=therapist_id):
            raise TherapyError("Your link with this couple is not active.")
        if session.status == PracticeSession.Status.ENDED:
            raise TherapyError("This session has ended.")
        state, events = facilitator_add(session.state, str(therapist_id))
        if not events:
            return ()
        stored = [e.to_dict() for e in events]
        SessionEvent.objects.create(
            session=session,
            seq=state["version"],
            actor_id=therapist_id,
            actor_key=str(therapist_id),
            command="facilitator_join",
            events=stored,
        )
        session.state = state
        session.version = state["version"]
        session.save(update_fields=["state", "version", "updated_at"])
    return services.update_deliveries(
        session_id=session_id, couple_id=session.couple_id, state=state, events=stored
    )
