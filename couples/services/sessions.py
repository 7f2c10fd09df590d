"""Practice sessions: opening one for a couple, and joining one from a socket.

A session is a couple's live run of exercises (docs/architecture.md). Its
event log is written only by ``couples.services.commands``.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from couples.lib.errors import NotEnoughPartners, TherapyError
from couples.lib.relay import Delivery, couple_group, deliver_on_commit
from couples.models import (
    Couple,
    PracticeSession,
    User,
)
from couples.selectors.sessions import open_session_of, participant_role, session_for_participant
from couples.selectors.therapy import link_is_active
from couples.services.commands import facilitator_join
from couples.services.therapy import caseload_changed
from exercises import engine


def session_join(public_id: str, user: User) -> dict[str, Any] | None:
    """A socket opens on session ``public_id``: ``{"session_id": int,
    "deliveries": tuple}`` if ``user`` takes part, else None (no such
    session, another couple's, or an inactive therapist link: the same
    answer, so ids cannot be probed). A linked therapist who has not joined
    yet joins as facilitator here, once (:func:`facilitator_join`, which
    writes; hence a service)."""
    session = session_for_participant(public_id=public_id, user=user)
    if session is None:
        return None
    deliveries: tuple = ()
    if user.is_therapist and participant_role(session=session, user_id=user.pk) is None:
        try:
            deliveries = facilitator_join(session_id=session.pk, therapist_id=user.pk)
        except TherapyError:
            return None
    return {"session_id": session.pk, "deliveries": deliveries}


def practice_session_start(*, couple: Couple, started_by: User) -> PracticeSession:
    """Open a practice session for the couple, or return the one already open.

    The other partner's couple page and the caseloads of the couple's linked
    therapists are told at once (after the commit).
    Raises NotEnoughPartners before the second partner has joined.
    """
    with transaction.atomic():
        couple = Couple.objects.select_for_update().get(pk=couple.pk)
        existing = open_session_of(couple)
        if existing is not None:
            return existing
        partners = [str(pk) for pk in couple.memberships.values_list("user_id", flat=True)]
        if len(partners) != Couple.MAX_PARTNERS:
            raise NotEnoughPartners("Invite your partner first: a session is for two.")
        facilitators = [str(started_by.pk)] if str(started_by.pk) not in partners else []
        if facilitators and not link_is_active(
            couple_id=couple.pk, therapist_id=started_by.pk
        ):
            raise NotEnoughPartners(
                "Only the couple or their linked therapist can start a session."
            )
        session = PracticeSession.objects.create(
            couple=couple,
            started_by=started_by,
            state=engine.new_session(partners=partners, facilitators=facilitators),
        )
        deliver_on_commit(
            [
                Delivery(
                    couple_group(couple.pk),
                    {
                        "type": "couple.session",
                        "session": str(session.public_id),
                        "status": "open",
                        "started_by": started_by.display_name,
                    },
                ),
                *caseload_changed(couple_id=couple.pk),
            ]
        )
    return session
