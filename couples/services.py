"""Writes: couples, invitations, practice sessions, commands and presence.

Each service changes state inside one transaction and returns the channel
layer deliveries to make *after* the commit (DESIGN.md rule 3): an async
caller awaits :func:`deliver`, a sync caller uses :func:`deliver_on_commit`.
Services take keyword-only arguments and plain ids where a consumer calls
them, so no ORM object crosses into async code (STYLE.md).
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from uuid import UUID

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from couples import rituals as agreed_rituals
from couples import selectors, therapy
from couples.models import (
    Couple,
    Invitation,
    Membership,
    PracticeSession,
    PresenceConnection,
    SessionEvent,
    User,
)
from exercises import engine

INVITATION_SALT = "attune.invitation"


# --- channel layer groups ---------------------------------------------------


def participant_group(session_id: int, participant: str) -> str:
    """Group of one participant's sockets in one session (their private view)."""
    return f"ps.{session_id}.p.{participant}"


def session_group(session_id: int) -> str:
    """Group of every socket of a session (presence: shared by all)."""
    return f"ps.{session_id}"


def couple_group(couple_id: int) -> str:
    """Group of the couple-space pages of both partners."""
    return f"couple.{couple_id}"


@dataclass(frozen=True, slots=True)
class Delivery:
    """One channel-layer message: ``group`` name and the ``message`` dict."""

    group: str
    message: dict[str, Any]


async def deliver(deliveries: tuple[Delivery, ...] | list[Delivery]) -> None:
    """Send ``deliveries`` through the channel layer (after the commit).

    The layer delivers at most once; every update carries its version so a
    client that misses one asks for a snapshot (DESIGN.md rule 4).
    """
    layer = get_channel_layer()
    for item in deliveries:
        await layer.group_send(item.group, item.message)


def deliver_on_commit(deliveries: tuple[Delivery, ...] | list[Delivery]) -> None:
    """From sync code: send ``deliveries`` once the current transaction commits."""
    if deliveries:
        # robust: the change is committed whatever happens to the broadcast
        # (Redis down); the error is logged and clients catch up by snapshot.
        transaction.on_commit(lambda: async_to_sync(deliver)(deliveries), robust=True)


# --- couples and invitations -------------------------------------------------


class CoupleError(Exception):
    """A couple or invitation action that cannot be done; ``message`` is for people."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvitationInvalid(CoupleError):
    """The link was edited, never issued, or revoked."""


class InvitationExpired(CoupleError):
    """The link is past its expiry."""


class InvitationUsed(CoupleError):
    """The link was already used."""


class CoupleFull(CoupleError):
    """The couple already has two partners."""


class AlreadyInACouple(CoupleError):
    """The person already belongs to a couple."""


def couple_create(*, user: User, name: str) -> Couple:
    """Create a couple space with ``user`` as its first partner.

    Raises AlreadyInACouple if ``user`` is already a partner somewhere.
    """
    with transaction.atomic():
        if Membership.objects.filter(user=user).exists():
            raise AlreadyInACouple("You already have a couple space.")
        couple = Couple.objects.create(name=name.strip() or f"{user.display_name}'s couple")
        Membership.objects.create(couple=couple, user=user)
    return couple


def invitation_create(
    *, couple: Couple, created_by: User, role: str = Invitation.Role.PARTNER
) -> tuple[Invitation, str]:
    """Issue an invitation for the second partner (``role="partner"``) or for
    the couple's therapist (``role="therapist"``).

    Returns ``(invitation, signed_token)``; the link is
    ``/invitations/<signed_token>/``. Earlier open invitations of the same
    role are revoked (one live link at a time). Raises CoupleFull for a
    partner invitation when the couple already has two partners.
    """
    with transaction.atomic():
        if role == Invitation.Role.PARTNER and couple.memberships.count() >= Couple.MAX_PARTNERS:
            raise CoupleFull("Your couple space already has two partners.")
        now = timezone.now()
        couple.invitations.filter(accepted_at=None, revoked_at=None, role=role).update(
            revoked_at=now
        )
        invitation = Invitation.objects.create(
            couple=couple,
            role=role,
            created_by=created_by,
            token=secrets.token_urlsafe(24),
            expires_at=now + timedelta(seconds=settings.INVITATION_MAX_AGE),
        )
    return invitation, signing.dumps(invitation.token, salt=INVITATION_SALT)


def invitation_check(signed_token: str) -> Invitation:
    """Return the open invitation behind ``signed_token``.

    Raises InvitationInvalid (bad signature, unknown or revoked),
    InvitationUsed, InvitationExpired, CoupleFull.
    """
    try:
        token = signing.loads(signed_token, salt=INVITATION_SALT)
    except signing.BadSignature as exc:
        raise InvitationInvalid("This invitation link is not valid.") from exc
    invitation = Invitation.objects.select_related("couple").filter(token=token).first()
    if invitation is None or invitation.revoked_at is not None:
        raise InvitationInvalid("This invitation link is no longer valid.")
    if invitation.accepted_at is not None:
        raise InvitationUsed("This invitation has already been used.")
    if invitation.expires_at <= timezone.now():
        raise InvitationExpired("This invitation has expired.")
    if (
        invitation.role == Invitation.Role.PARTNER
        and invitation.couple.memberships.count() >= Couple.MAX_PARTNERS
    ):
        raise CoupleFull("This couple space already has two partners.")
    return invitation


def invitation_accept(*, signed_token: str, user: User) -> Couple:
    """``user`` joins the couple of the invitation as its second partner, or,
    for a therapist invitation, ``user`` (a therapist account) is linked to
    the couple (active once both partners consent); the invitation is spent.

    Raises whatever :func:`invitation_check` raises, AlreadyInACouple, and
    InvitationInvalid when the account does not fit the invitation's role.
    Two people racing for the same link: one joins, the other gets
    InvitationUsed (the invitation row is locked).
    """
    with transaction.atomic():
        invitation = invitation_check(signed_token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise InvitationUsed("This invitation has already been used.")
        if invitation.role == Invitation.Role.THERAPIST:
            try:
                therapy.link_create(
                    couple=invitation.couple, therapist=user, invited_by=invitation.created_by
                )
            except therapy.TherapyError as exc:
                raise InvitationInvalid(exc.message) from exc
            invitation.accepted_by = user
            invitation.accepted_at = timezone.now()
            invitation.save(update_fields=["accepted_by", "accepted_at"])
            return invitation.couple
        if user.is_therapist:
            raise InvitationInvalid("This invitation is for a partner, not a therapist account.")
        if Membership.objects.filter(user=user).exists():
            raise AlreadyInACouple("You already belong to a couple space.")
        couple = Couple.objects.select_for_update().get(pk=invitation.couple_id)
        if couple.memberships.count() >= Couple.MAX_PARTNERS:
            raise CoupleFull("This couple space already has two partners.")
        Membership.objects.create(couple=couple, user=user)
        invitation.accepted_by = user
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_by", "accepted_at"])
    return couple


# --- practice sessions ---------------------------------------------------------


class NotEnoughPartners(CoupleError):
    """A practice session needs both partners in the couple."""


def practice_session_start(*, couple: Couple, started_by: User) -> PracticeSession:
    """Open a practice session for the couple, or return the one already open.

    The other partner's couple page is told at once (after the commit).
    Raises NotEnoughPartners before the second partner has joined.
    """
    with transaction.atomic():
        couple = Couple.objects.select_for_update().get(pk=couple.pk)
        existing = selectors.open_session_of(couple)
        if existing is not None:
            return existing
        partners = [str(pk) for pk in couple.memberships.values_list("user_id", flat=True)]
        if len(partners) != Couple.MAX_PARTNERS:
            raise NotEnoughPartners("Invite your partner first: a session is for two.")
        facilitators = [str(started_by.pk)] if str(started_by.pk) not in partners else []
        if facilitators and not therapy.link_is_active(
            couple_id=couple.pk, therapist_id=started_by.pk
        ):
            raise NotEnoughPartners("Only the couple or their linked therapist can start a session.")
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
                )
            ]
        )
    return session


class StaleVersion(Exception):
    """The command was made against an older version than the session's."""

    def __init__(self, current: int) -> None:
        super().__init__(f"session is at version {current}")
        self.current = current


class NotAParticipant(Exception):
    """The user no longer takes part in the session (membership ended)."""


@dataclass(frozen=True, slots=True)
class CommandOutcome:
    """What became of an accepted command: the session ``version`` after it,
    whether it was a ``duplicate`` of one already applied (then nothing
    changed), and the ``deliveries`` to make after the commit."""

    version: int
    duplicate: bool
    deliveries: tuple[Delivery, ...] = field(default=())


def session_command_apply(
    *,
    session_id: int,
    user_id: int,
    command: str,
    payload: dict[str, Any],
    client_id: UUID,
    base_version: int,
    now: float,
) -> CommandOutcome:
    """Apply one participant's command to a practice session, exactly once.

    In one transaction: lock the session row, check the user still takes part,
    answer a repeated ``client_id`` with the version it produced (no change),
    refuse a ``base_version`` that is not the current one, let the engine
    decide, store the :class:`SessionEvent` (``seq`` = new version) and the
    new state. ``now`` is the server clock in seconds since the epoch.

    Raises NotAParticipant, StaleVersion, or the engine's RuleError; in each
    case nothing was written.
    """
    actor = str(user_id)
    try:
        with transaction.atomic(durable=True):
            outcome = _command_apply_locked(
                session_id=session_id, user_id=user_id, actor=actor, command=command,
                payload=payload, client_id=client_id, base_version=base_version, now=now,
            )
    except IntegrityError as exc:
        # Unique (session, seq) or (session, client_id): a writer that raced
        # past the lock. Nothing of this command was kept.
        raise StaleVersion(base_version + 1) from exc
    return outcome


def _command_apply_locked(
    *,
    session_id: int,
    user_id: int,
    actor: str,
    command: str,
    payload: dict[str, Any],
    client_id: UUID,
    base_version: int,
    now: float,
) -> CommandOutcome:
    # One round trip locks the session row and answers two questions with it:
    # is the actor still a partner of this couple, and was this client_id
    # already applied? The lock serialises commands on one session across
    # processes; it is held for the engine call and two writes.
    session = (
        PracticeSession.objects.select_for_update(of=("self",))
        .annotate(
            actor_is_member=Exists(
                Membership.objects.filter(couple_id=OuterRef("couple_id"), user_id=user_id)
            ),
            applied_seq=Subquery(
                SessionEvent.objects.filter(session_id=OuterRef("pk"), client_id=client_id)
                .order_by()
                .values("seq")[:1]
            ),
        )
        .get(pk=session_id)
    )
    role = engine.role_of(session.state, actor)
    if not (
        (role == engine.PARTNER and session.actor_is_member)
        or (
            role == engine.FACILITATOR
            and therapy.link_is_active(couple_id=session.couple_id, therapist_id=user_id)
        )
    ):
        raise NotAParticipant()
    if session.applied_seq is not None:
        return CommandOutcome(version=session.applied_seq, duplicate=True)
    if base_version != session.version:
        raise StaleVersion(session.version)
    state, events = engine.apply(session.state, engine.Command(command, actor, payload, now))
    stored = [event.to_dict() for event in events]
    SessionEvent.objects.create(
        session_id=session_id,
        seq=state["version"],
        actor_id=user_id,
        actor_key=actor,
        command=command,
        client_id=client_id,
        events=stored,
    )
    # Agreed rituals of connection become the couple's Ritual rows in this
    # same transaction (exercises/rituals.py decides; couples/rituals.py stores).
    agreed_rituals.rituals_persist_agreed(
        couple_id=session.couple_id, session_id=session_id, events=stored, now=now
    )
    # A finished exercise completes the therapist's homework of that kind.
    therapy.homework_mark_done(couple_id=session.couple_id, session_id=session_id, events=stored)
    session.state = state
    session.version = state["version"]
    session.status = state["status"]
    session.save(update_fields=["state", "version", "status", "updated_at"])
    return CommandOutcome(
        version=state["version"],
        duplicate=False,
        deliveries=update_deliveries(
            session_id=session_id, couple_id=session.couple_id, state=state, events=stored,
            now=now, first=actor,
        ),
    )


def update_deliveries(
    *,
    session_id: int,
    couple_id: int,
    state: engine.State,
    events: list[dict[str, Any]],
    now: float | None = None,
    first: str | None = None,
) -> tuple[Delivery, ...]:
    """One ``session.update`` per participant, each with only what that
    participant may see (DESIGN.md rule 3), plus a couple-page notice when
    the session ended. Each view carries ``server_now`` (``now``, else the
    server clock; seconds since the epoch) for clients to correct clock skew."""
    server_now = time.time() if now is None else now
    everyone = [*state["partners"], *state.get("facilitators", [])]
    if first in everyone:
        # The actor's own update goes first, so the other partner's reply to
        # it can never reach the actor before it (no needless resync).
        everyone.remove(first)
        everyone.insert(0, first)
    deliveries = [
        Delivery(
            participant_group(session_id, who),
            {
                "type": "session.update",
                "version": state["version"],
                "events": engine.visible_events(events, who),
                "view": {**engine.view(state, who), "server_now": server_now},
            },
        )
        for who in everyone
    ]
    if state["status"] == "ended":
        deliveries.append(
            Delivery(couple_group(couple_id), {"type": "couple.session", "status": "ended"})
        )
    return tuple(deliveries)


# --- presence ------------------------------------------------------------------


def presence_connect(*, session_id: int, user_id: int, channel_name: str) -> dict[str, Any]:
    """Record a new socket of ``user_id``; return the session's presence
    (:func:`couples.selectors.presence`)."""
    now = timezone.now()
    PresenceConnection.objects.update_or_create(
        channel_name=channel_name,
        defaults={"session_id": session_id, "user_id": user_id, "last_seen": now, "closed_at": None},
    )
    # Rows of sockets that closed long ago only slow the presence query.
    PresenceConnection.objects.filter(
        session_id=session_id, last_seen__lt=now - timedelta(days=1)
    ).delete()
    return selectors.presence(session_id=session_id, now=now)


def presence_heartbeat(*, session_id: int, channel_name: str) -> dict[str, Any]:
    """Mark the socket as heard from now; return the session's presence."""
    now = timezone.now()
    PresenceConnection.objects.filter(channel_name=channel_name).update(last_seen=now)
    return selectors.presence(session_id=session_id, now=now)


def presence_disconnect(*, session_id: int, channel_name: str) -> dict[str, Any]:
    """Mark the socket closed; return the session's presence."""
    now = timezone.now()
    PresenceConnection.objects.filter(channel_name=channel_name).update(
        closed_at=now, last_seen=now
    )
    return selectors.presence(session_id=session_id, now=now)
