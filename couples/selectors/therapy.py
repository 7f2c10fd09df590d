"""Therapist links, read: **the** place that decides whether a therapist link
is active (not ended, and consented to by both partners). Every other module
asks :func:`link_is_active` or :func:`active_links`; a therapist sees a
couple's shared data only then (docs/architecture.md, "Privacy and safety").
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from couples.models import (
    Couple,
    TherapistLink,
    User,
)


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
