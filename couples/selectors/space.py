"""The couple space, read: a person's couple and its partners.
"""

from __future__ import annotations

from couples.models import (
    Couple,
    Membership,
    User,
)


def couple_of(user: User) -> Couple | None:
    """Return the couple ``user`` is a partner in, or None."""
    membership = Membership.objects.select_related("couple").filter(user=user).first()
    return membership.couple if membership else None


def couple_partners(couple: Couple) -> list[User]:
    """Return the couple's partners, earliest member first (0–2 users)."""
    return [m.user for m in couple.memberships.select_related("user")]


def couple_id_of(user: User) -> int | None:
    """The primary key of ``user``'s couple, or None (for the couple page's
    socket, which holds no ORM object)."""
    couple = couple_of(user)
    return couple.pk if couple else None
