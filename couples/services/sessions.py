"""Practice sessions: opening one for a couple, and joining one from a socket.

A session is a couple's live run of exercises (docs/architecture.md). Its
event log is written only by ``couples.services.commands``.
"""

from __future__ import annotations

import time
from typing import Any
from uuid import UUID

from django.db import transaction

from couples.lib.errors import (
    NotEnoughPartners,
    SessionNotFound,
    TherapyError,
    TranscriptChoiceRefused,
)
from couples.lib.relay import Delivery, couple_group, deliver_on_commit, keeping_deliveries
from couples.models import (
    Couple,
    PracticeSession,
    User,
)
from couples.selectors.repair_list import repair_lists_of
from couples.selectors.sessions import (
    KEEP,
    LET_GO,
    TRANSCRIPT_CHOICES,
    open_session_of,
    participant_role,
    session_for_participant,
    transcript_keeping,
)
from couples.selectors.therapy import link_is_active
from couples.services.commands import facilitator_join, repair_lists_apply, session_text_let_go
from couples.services.nudges import session_started_mail
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
    therapists are told at once (after the commit), and the other partner
    gets the e-mail nudge when they want it now
    (``couples.services.nudges.session_started_mail``). The
    couple's repair list, if they made one, is put into the new session
    (``couples.services.commands.repair_lists_apply``, its version 1).
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
        # The nudge: an e-mail to the other partner(s), if they want it now
        # (their choice and quiet hours); only who started it and a link.
        session_id, starter_id = session.pk, started_by.pk
        transaction.on_commit(
            lambda: session_started_mail(session_id=session_id, started_by_id=starter_id),
            robust=True,
        )
        # The couple's repair list applies from the first moment (Gottman's
        # Repair Checklist is made when calm, used when it is needed).
        if repair_lists_of(couple.pk):
            repair_lists_apply(session_id=session.pk, user_id=started_by.pk, now=time.time())
            session.refresh_from_db()
    return session


def transcript_choose(*, public_id: UUID | str, user: User, choice: str) -> dict[str, Any]:
    """Partner ``user`` chooses to ``"keep"`` or ``"let_go"`` the words of the
    ended session ``public_id``; returns their view of the choices
    (``couples.selectors.sessions.transcript_keeping``).

    The rule: the words stay until both partners have chosen; then, unless
    both chose to keep them, they are deleted for good
    (``couples.services.commands.session_text_let_go``: the text goes, the
    events, their order, times and counts stay). Either partner may later
    turn "keep" into "let go" (the words then go at once, as both have
    chosen); "let go" is final. Both partners' screens are told after the
    commit (``keeping`` frame, docs/protocol.md). In one transaction, the
    session row locked, so two choices at once are applied one after the
    other.

    Raises SessionNotFound for anyone but a current partner of the
    session's couple (another couple, a therapist, no such session: the
    same answer), TranscriptChoiceRefused while the session runs, for an
    unknown choice, or for "keep" once "let go" was chosen.
    """
    if choice not in TRANSCRIPT_CHOICES:
        raise TranscriptChoiceRefused(
            "Choose to keep the words of this session or to let them go.",
            code="transcript_choice_invalid",
        )
    with transaction.atomic():
        session = (
            PracticeSession.objects.select_for_update().filter(public_id=public_id).first()
        )
        if session is None or participant_role(session=session, user_id=user.pk) != engine.PARTNER:
            raise SessionNotFound("That practice session is not one of yours.")
        if session.status != PracticeSession.Status.ENDED:
            raise TranscriptChoiceRefused(
                "You can choose once the session has ended.", code="transcript_session_open"
            )
        me = str(user.pk)
        choices = dict(session.transcript_choices or {})
        if session.text_let_go_at is not None or choices.get(me) == LET_GO:
            if choice == KEEP:
                raise TranscriptChoiceRefused(
                    "The words of this session were let go; that cannot be undone.",
                    code="transcript_let_go_final",
                )
            return transcript_keeping(session, viewer_id=user.pk)
        choices[me] = choice
        session.transcript_choices = choices
        session.save(update_fields=["transcript_choices", "updated_at"])
        partners = list(session.state.get("partners", []))
        if all(who in choices for who in partners) and any(
            choices[who] == LET_GO for who in partners
        ):
            session_text_let_go(session_id=session.pk)
            session.refresh_from_db()
        deliver_on_commit(
            keeping_deliveries(
                session_id=session.pk,
                keeping={
                    who: transcript_keeping(session, viewer_id=int(who)) for who in partners
                },
            )
        )
    return transcript_keeping(session, viewer_id=user.pk)
