"""Therapist links, read: **the** place that decides whether a therapist link
is active (not ended, and consented to by both partners). Every other module
asks :func:`link_is_active` or :func:`active_links`; a therapist sees a
couple's shared data only then (docs/architecture.md, "Privacy and safety").
Also the therapist's caseload (counts and dates, never text), a couple's
practice counts over a period, and practice summaries as they are sent.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from couples.lib.crypto import Unreadable, unseal
from couples.models import (
    Couple,
    Homework,
    PracticeSession,
    PracticeSummary,
    PracticeSummaryPart,
    ReflectionShare,
    SessionEvent,
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


def practice_counts(*, couple: Couple, start: date, end: date) -> dict[str, Any]:
    """What the couple practised from ``start`` to ``end`` (local dates, both
    included), in counts only, read from the sessions' shared events (events
    private to one partner are skipped whole):

    ``{"sessions": int, "exercises": {kind: finished count}, "repairs_sent":
    int, "repairs_acknowledged": int, "time_outs_called": int,
    "time_outs_returned": int (ended with both partners back),
    "floor_seconds": {partner display name: seconds holding the floor in
    active listening}, "rituals_agreed": int}``. No text.
    """
    sessions = PracticeSession.objects.filter(
        couple=couple, created_at__date__gte=start, created_at__date__lte=end
    )
    counts: dict[str, Any] = {
        "sessions": sessions.count(), "exercises": {}, "repairs_sent": 0,
        "repairs_acknowledged": 0, "time_outs_called": 0, "time_outs_returned": 0,
        "floor_seconds": {}, "rituals_agreed": 0,
    }
    names = {
        str(m.user_id): m.user.display_name
        for m in couple.memberships.select_related("user")
    }
    simple = {
        "repair_sent": "repairs_sent", "repair_acknowledged": "repairs_acknowledged",
        "time_out_called": "time_outs_called", "time_out_ended": "time_outs_returned",
        "ritual_agreed": "rituals_agreed",
    }
    rows = SessionEvent.objects.filter(session__in=sessions).values_list("events", flat=True)
    for events in rows:
        for event in events:
            if event.get("private_to"):
                continue
            kind, data = event.get("type"), event.get("data") or {}
            if kind in simple:
                counts[simple[kind]] += 1
            elif kind == "exercise_completed" and data.get("finished"):
                exercise = str(data.get("kind"))
                counts["exercises"][exercise] = counts["exercises"].get(exercise, 0) + 1
            elif kind == "closing_started":
                for pid, talk in (data.get("talk_time") or {}).items():
                    name = names.get(str(pid), "A former partner")
                    seconds = round(float(talk.get("floor_seconds", 0)))
                    counts["floor_seconds"][name] = counts["floor_seconds"].get(name, 0) + seconds
    return counts


def summary_for_partner(*, public_id: Any, partner: User) -> PracticeSummary | None:
    """The practice summary ``public_id`` if ``partner`` is a partner of its
    couple, else None (another couple's and a missing one look the same)."""
    try:
        return PracticeSummary.objects.filter(
            public_id=public_id, couple__memberships__user=partner
        ).select_related("therapist_link__therapist").first()
    except (ValueError, TypeError):
        return None


def summary_preview(summary: PracticeSummary) -> dict[str, Any]:
    """Exactly what the therapist sees of ``summary``: ``{"period_start",
    "period_end", "counts", "parts": [{"author": name, "text": str}]}``,
    with only the parts whose author chose to share them. The same dict
    renders the partners' preview and the therapist's page."""
    parts = []
    for part in summary.parts.select_related("partner").order_by("pk"):
        if part.decision == PracticeSummaryPart.Decision.SHARE and part.sealed:
            try:
                text = unseal(part.sealed)["text"]
            except Unreadable:  # the key it was sealed with is gone (README, keys)
                text = "(These words can no longer be opened.)"
            parts.append({"author": part.partner.display_name, "text": text})
    return {
        "period_start": summary.period_start,
        "period_end": summary.period_end,
        "counts": summary.counts,
        "parts": parts,
    }


def summaries_sent_to(*, couple: Couple, therapist: User) -> list[dict[str, Any]]:
    """The summaries the couple sent to ``therapist`` over their link (still
    open), newest first, each :func:`summary_preview` plus ``"sent_at"``.
    For the couple overview, which checks the link and logs the read."""
    rows = PracticeSummary.objects.filter(
        couple=couple, therapist_link__therapist=therapist, therapist_link__ended_at=None
    ).exclude(sent_at=None).order_by("-sent_at")
    return [{**summary_preview(row), "sent_at": row.sent_at} for row in rows]
