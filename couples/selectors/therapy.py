"""Therapist links, read: **the** place that decides whether a therapist link
is active (not ended, and consented to by both partners). Every other module
asks :func:`link_is_active` or :func:`active_links`; a therapist sees a
couple's shared data only then (docs/architecture.md, "Privacy and safety").
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from couples.models import (
    Couple,
    Homework,
    PracticeSession,
    ReflectionShare,
    TherapistAccess,
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


def active_therapist_ids(couple_id: int) -> set[int]:
    """Ids of the therapists whose link with the couple is active now (whose
    caseload shows it)."""
    return set(active_links().filter(couple_id=couple_id).values_list("therapist_id", flat=True))


OVERVIEW_READ = "Viewed the couple overview"
"""The access-log entry of the couple overview page: what the therapist saw
last, so the caseload can count what was shared since."""


def caseload(therapist: User, *, today: date | None = None) -> list[dict[str, Any]]:
    """The therapist's caseload: one row per couple whose link with them is
    active, by name. Counts, dates and names only, never a word of the
    couple's text (docs/architecture.md, "Privacy and safety").

    Each row: ``{"couple": Couple, "link_id": int, "facilitating": bool
    (they take part in the open session), "last_session": {"at": datetime, "open":
    bool} | None, "open_session": UUID | None, "time_out_until": datetime | None
    (when the time-out running in the open session is due to end),
    "homework": {"due": int, "overdue": int, "done": int, "next_due": date |
    None, "next_exercise": str | None}, "new_shares": int}``. ``new_shares``
    counts reflections shared with this therapist's link since their last
    look at the couple overview (:data:`OVERVIEW_READ`). ``today`` is the
    local date (default: now).
    """
    today = today or timezone.localdate()
    links = {
        link.couple_id: link
        for link in active_links().filter(therapist=therapist).select_related("couple")
    }
    rows = []
    for couple_id, link in sorted(links.items(), key=lambda item: item[1].couple.name.lower()):
        sessions = PracticeSession.objects.filter(couple_id=couple_id).order_by("-created_at")
        last = sessions.only("public_id", "status", "created_at", "updated_at", "state").first()
        open_session = last if last is not None and last.status == last.Status.OPEN else None
        time_out = (open_session.state.get("time_out") if open_session else None) or None
        homework = Homework.objects.filter(couple_id=couple_id)
        open_homework = homework.filter(completed_at=None)
        next_one = open_homework.filter(due_on__gte=today).order_by("due_on", "pk").first()
        seen = (
            TherapistAccess.objects.filter(
                couple_id=couple_id, therapist=therapist, what=OVERVIEW_READ
            )
            .order_by("-at")
            .values_list("at", flat=True)
            .first()
        )
        shares = ReflectionShare.objects.filter(therapist_link=link)
        if seen is not None:
            shares = shares.filter(created_at__gt=seen)
        rows.append(
            {
                "couple": link.couple,
                "link_id": link.pk,
                "facilitating": open_session is not None
                and str(therapist.pk) in open_session.state.get("facilitators", ()),
                "last_session": (
                    {"at": last.created_at, "open": open_session is not None} if last else None
                ),
                "open_session": open_session.public_id if open_session else None,
                "time_out_until": (
                    datetime.fromtimestamp(time_out["ends_at"], tz=UTC) if time_out else None
                ),
                "homework": {
                    "due": open_homework.filter(due_on__gte=today).count(),
                    "overdue": open_homework.filter(due_on__lt=today).count(),
                    "done": homework.exclude(completed_at=None).count(),
                    "next_due": next_one.due_on if next_one else None,
                    "next_exercise": next_one.exercise if next_one else None,
                },
                "new_shares": shares.count(),
            }
        )
    return rows
