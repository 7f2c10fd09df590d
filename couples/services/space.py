"""The couple space: creating it and the signed, single-use, expiring
invitations that add the second partner or the couple's therapist.

Raises ``couples.lib.errors`` refusals (InvitationInvalid, InvitationUsed,
InvitationExpired, CoupleFull, AlreadyInACouple); nothing is written then.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from couples.lib.errors import (
    AlreadyInACouple,
    CoupleFull,
    InvitationExpired,
    InvitationInvalid,
    InvitationUsed,
    TherapyError,
)
from couples.lib.relay import couple_notice_deliveries, deliver_on_commit
from couples.models import (
    Couple,
    Invitation,
    Membership,
    User,
)
from couples.selectors.nudges import notice_partner_joined
from couples.services.therapy import link_create

INVITATION_SALT = "attune.invitation"


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
    InvitationUsed (the invitation row is locked). The inviter's couple
    page is told that the partner joined (``couple.notice``, after the
    commit).
    """
    with transaction.atomic():
        invitation = invitation_check(signed_token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise InvitationUsed("This invitation has already been used.")
        if invitation.role == Invitation.Role.THERAPIST:
            try:
                link_create(
                    couple=invitation.couple, therapist=user, invited_by=invitation.created_by
                )
            except TherapyError as exc:
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
        waiting = set(couple.memberships.values_list("user_id", flat=True))
        Membership.objects.create(couple=couple, user=user)
        # The inviter's couple page learns at once (after the commit).
        deliver_on_commit(
            couple_notice_deliveries(
                couple_id=couple.pk, to=waiting, notice=notice_partner_joined(user.display_name)
            )
        )
        invitation.accepted_by = user
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_by", "accepted_at"])
    return couple
