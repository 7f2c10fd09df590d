"""Therapist mode, writes: links with both partners' consent, ending a link
(by a partner or the therapist), the access log, homework once or on a
rhythm and its completion by the exercise itself, the caseload's live
notices, and the practice summaries a couple chooses to send.

A therapist sees only what both partners consented to, and every read is
logged for the couple (docs/architecture.md, "Privacy and safety"). Whether
a link is active is decided in ``couples.selectors.therapy`` alone.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from couples.lib.crypto import seal
from couples.lib.errors import TherapyError
from couples.lib.relay import (
    Delivery,
    caseload_deliveries,
    couple_notice_deliveries,
    deliver_on_commit,
    revoke_deliveries,
)
from couples.models import (
    AssessmentShare,
    BoundaryShare,
    Couple,
    Homework,
    HomeworkPlan,
    Membership,
    PracticeSummary,
    PracticeSummaryPart,
    ReflectionShare,
    TherapistAccess,
    TherapistConsent,
    TherapistLink,
    User,
)
from couples.selectors.nudges import notice_consent_pending
from couples.selectors.therapy import active_therapist_ids, link_is_active, practice_counts
from exercises import engine

MAX_HOMEWORK_NOTE_CHARS = 500
MAX_OCCURRENCES = 26
"""A rhythm makes at most this many occurrences (half a year of weeks)."""
MAX_INTERVAL_DAYS = 60
"""The longest gap of an "every N days" rhythm (days)."""
MAX_LEAD_DAYS = 366
"""How far ahead the first due date may be (days)."""


def link_create(*, couple: Couple, therapist: User, invited_by: User | None) -> TherapistLink:
    """The therapist accepted the couple's therapist invitation. The inviting
    partner consented by inviting; the other partner's couple page is told
    that the therapist waits for their consent (``couple.notice``, after the
    commit). Raises TherapyError if ``therapist`` has no therapist account
    or is one of the partners."""
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
        # The couple appears on the therapist's caseload, waiting for consent.
        deliver_on_commit(caseload_deliveries({therapist.pk}))
        deliver_on_commit(_consent_pending_notices(link))
    return link


def consent_give(*, link_id: int, partner: User) -> TherapistLink:
    """``partner`` consents to the link; a partner still to consent is
    reminded on their couple page (``couple.notice``, after the commit).
    Raises TherapyError (404-like) if the link is not an open link of their
    couple."""
    with transaction.atomic():
        link = _open_link_of_partner(link_id, partner)
        TherapistConsent.objects.get_or_create(link=link, partner=partner)
        # Once both consented the couple appears on the therapist's caseload.
        deliver_on_commit(caseload_deliveries({link.therapist_id}))
        deliver_on_commit(_consent_pending_notices(link))
    return link


def _consent_pending_notices(link: TherapistLink) -> list[Delivery]:
    """The couple-page notice for each partner whose consent ``link`` still
    waits for (none once both consented)."""
    members = Membership.objects.filter(couple_id=link.couple_id)
    partners = set(members.values_list("user_id", flat=True))
    consented = set(link.consents.values_list("partner_id", flat=True))
    return couple_notice_deliveries(
        couple_id=link.couple_id,
        to=partners - consented,
        notice=notice_consent_pending(link.therapist.display_name),
    )


def link_end(*, link_id: int, partner: User) -> TherapistLink:
    """Either partner ends the link at once: the therapist loses access, the
    reflections shared with them are no longer shared, and
    once this commits their sockets in the couple's open sessions close
    (4410, :func:`couples.lib.relay.revoke_deliveries`).

    Raises TherapyError if ``link_id`` is not an open link of the partner's
    couple (the view answers 404)."""
    with transaction.atomic():
        link = _open_link_of_partner(link_id, partner)
        _link_close(link, ended_by=partner)
    return link


def link_end_by_therapist(*, link_id: int, therapist: User) -> TherapistLink:
    """The therapist ends their own link with a couple (active or still
    waiting for consent), with the same effects as :func:`link_end`: access
    stops, the shares made for this link are deleted, their sockets in the
    couple's open sessions close (4410) and the couple leaves their caseload
    at once. Raises TherapyError if ``link_id`` is not an open link of this
    therapist (the view answers 404)."""
    with transaction.atomic():
        link = TherapistLink.objects.filter(
            pk=link_id, therapist=therapist, ended_at=None
        ).first()
        if link is None:
            raise TherapyError("There is no such link on your caseload.")
        _link_close(link, ended_by=therapist)
    return link


def _link_close(link: TherapistLink, *, ended_by: User) -> None:
    link.ended_at = timezone.now()
    link.ended_by = ended_by
    link.save(update_fields=["ended_at", "ended_by"])
    # Ending a link ends what was shared with that therapist: a therapist
    # linked later sees only what is shared with them.
    ReflectionShare.objects.filter(therapist_link=link).delete()
    AssessmentShare.objects.filter(therapist_link=link).delete()
    BoundaryShare.objects.filter(therapist_link=link).delete()
    PracticeSummary.objects.filter(therapist_link=link).delete()
    deliver_on_commit(
        [
            *revoke_deliveries(couple_id=link.couple_id, user_id=link.therapist_id),
            *caseload_deliveries({link.therapist_id}),
        ]
    )


def caseload_changed(*, couple_id: int) -> list[Delivery]:
    """The ``caseload.changed`` deliveries for every therapist whose link
    with the couple is active (their caseload page fetches its rows again).
    Send them after the commit."""
    return caseload_deliveries(active_therapist_ids(couple_id))


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


def homework_due_dates(
    *,
    rhythm: str,
    starts_on: date,
    count: int = 1,
    weekday: int | None = None,
    interval_days: int | None = None,
) -> list[date]:
    """The due dates of a homework rhythm, in order.

    ``once``: ``[starts_on]``. ``weekly``: the first ``weekday`` (0 Monday …
    6 Sunday) on or after ``starts_on``, then every 7 days, ``count`` dates.
    ``every_n_days``: ``starts_on`` then every ``interval_days`` days,
    ``count`` dates. Raises TherapyError for a count outside 1 …
    MAX_OCCURRENCES, a weekday outside 0 … 6, an interval outside 1 …
    MAX_INTERVAL_DAYS, or an unknown rhythm.
    """
    if rhythm == HomeworkPlan.Rhythm.ONCE:
        return [starts_on]
    if not 1 <= count <= MAX_OCCURRENCES:
        raise TherapyError(f"Please choose between 1 and {MAX_OCCURRENCES} times.")
    if rhythm == HomeworkPlan.Rhythm.WEEKLY:
        if weekday is None or not 0 <= weekday <= 6:
            raise TherapyError("Please choose the day of the week.")
        first = starts_on + timedelta(days=(weekday - starts_on.weekday()) % 7)
        return [first + timedelta(weeks=n) for n in range(count)]
    if rhythm == HomeworkPlan.Rhythm.EVERY_N_DAYS:
        if interval_days is None or not 1 <= interval_days <= MAX_INTERVAL_DAYS:
            raise TherapyError(f"Please choose every 1 to {MAX_INTERVAL_DAYS} days.")
        return [starts_on + timedelta(days=interval_days * n) for n in range(count)]
    raise TherapyError("Please choose how often.")


def homework_plan_assign(
    *,
    therapist: User,
    couple: Couple,
    exercise: str,
    starts_on: date,
    rhythm: str = HomeworkPlan.Rhythm.ONCE,
    count: int = 1,
    weekday: int | None = None,
    interval_days: int | None = None,
    note: str = "",
) -> HomeworkPlan:
    """Assign ``exercise`` (a kind in ``engine.EXERCISES``) once or on a
    rhythm (:func:`homework_due_dates`), making one :class:`Homework` per
    due date. Each occurrence opens the day after the previous one is due
    (the first: today), so one finished exercise never counts for next
    week's. The couple's calendar feed lists them; their caseload row
    changes live.

    Raises TherapyError for an unknown exercise, a first due date in the
    past or more than MAX_LEAD_DAYS days ahead, a note over
    MAX_HOMEWORK_NOTE_CHARS characters, a bad rhythm, or an inactive link.
    """
    today = timezone.localdate()
    if exercise not in engine.EXERCISES:
        raise TherapyError("Please choose one of the exercises.")
    if starts_on < today:
        raise TherapyError("The due date cannot be in the past.")
    if starts_on > today + timedelta(days=MAX_LEAD_DAYS):
        raise TherapyError("Please choose a date within the next year.")
    if len(note) > MAX_HOMEWORK_NOTE_CHARS:
        raise TherapyError(f"Please keep the note under {MAX_HOMEWORK_NOTE_CHARS} characters.")
    dates = homework_due_dates(
        rhythm=rhythm, starts_on=starts_on, count=count, weekday=weekday,
        interval_days=interval_days,
    )
    if not link_is_active(couple_id=couple.pk, therapist_id=therapist.pk):
        raise TherapyError("This couple has not linked you (or not both partners consented).")
    with transaction.atomic():
        plan = HomeworkPlan.objects.create(
            couple=couple, therapist=therapist, exercise=exercise, rhythm=rhythm,
            weekday=weekday if rhythm == HomeworkPlan.Rhythm.WEEKLY else None,
            interval_days=interval_days if rhythm == HomeworkPlan.Rhythm.EVERY_N_DAYS else None,
            count=len(dates), starts_on=starts_on, note=note.strip(),
        )
        opens = [today, *(due + timedelta(days=1) for due in dates[:-1])]
        Homework.objects.bulk_create(
            Homework(
                couple=couple, therapist=therapist, exercise=exercise, due_on=due,
                opens_on=opens_on, note=plan.note, plan=plan,
            )
            for due, opens_on in zip(dates, opens, strict=True)
        )
        deliver_on_commit(caseload_changed(couple_id=couple.pk))
    return plan


def homework_assign(
    *, therapist: User, couple: Couple, exercise: str, due_on: date, note: str = ""
) -> Homework:
    """Assign ``exercise`` once, due on ``due_on``: :func:`homework_plan_assign`
    with the rhythm ``once``. Returns the one occurrence; raises as it does."""
    plan = homework_plan_assign(
        therapist=therapist, couple=couple, exercise=exercise, starts_on=due_on, note=note
    )
    return plan.occurrences.get()


def homework_mark_done(
    *, couple_id: int, session_id: int, events: list[dict[str, Any]]
) -> list[Homework]:
    """Called inside the command transaction (``services/commands.py``): an
    exercise finished in a session completes the oldest open homework of
    that kind whose occurrence has opened (``opens_on`` today or earlier).
    This is the only way homework is done: the exercise itself, never a box
    the couple ticks. Returns the homework completed (maybe none)."""
    done = []
    today = timezone.localdate()
    for event in events:
        if event["type"] != "exercise_completed" or not event["data"].get("finished"):
            continue
        homework = (
            Homework.objects.select_for_update()
            .filter(couple_id=couple_id, exercise=event["data"]["kind"], completed_at=None)
            .filter(Q(opens_on=None) | Q(opens_on__lte=today))
            .order_by("due_on", "pk")
            .first()
        )
        if homework is not None:
            homework.completed_at = timezone.now()
            homework.completed_session_id = session_id
            homework.save(update_fields=["completed_at", "completed_session"])
            done.append(homework)
    return done


MAX_SUMMARY_PART_CHARS = 2000
"""One partner's own words in a practice summary (characters)."""
MAX_SUMMARY_DAYS = 92
"""The longest period a practice summary covers (days)."""


def summary_create(
    *, partner: User, therapist_link_id: int, period_start: date, period_end: date
) -> PracticeSummary:
    """A partner starts a practice summary for one of the couple's active
    therapist links over ``period_start`` … ``period_end`` (local dates,
    both included, at most MAX_SUMMARY_DAYS days, not in the future). The
    counts are computed now (``selectors/therapy.practice_counts``); both
    partners' parts start pending. Nothing reaches the therapist until both
    partners have decided and confirmed (:func:`summary_confirm`).

    Raises TherapyError for a bad period or a link that is not an active
    link of the partner's couple.
    """
    today = timezone.localdate()
    if period_end < period_start or period_end > today:
        raise TherapyError("Please choose a period that has already happened.")
    if (period_end - period_start).days + 1 > MAX_SUMMARY_DAYS:
        raise TherapyError(f"Please choose at most {MAX_SUMMARY_DAYS} days.")
    membership = Membership.objects.filter(user=partner).select_related("couple").first()
    if membership is None:
        raise TherapyError("There is no such therapist link in your couple space.")
    link = TherapistLink.objects.filter(
        pk=therapist_link_id, couple_id=membership.couple_id, ended_at=None
    ).first()
    if link is None or not link_is_active(couple_id=link.couple_id, therapist_id=link.therapist_id):
        raise TherapyError("There is no such therapist link in your couple space.")
    couple = membership.couple
    with transaction.atomic():
        summary = PracticeSummary.objects.create(
            couple=couple, therapist_link=link, period_start=period_start,
            period_end=period_end, created_by=partner,
            counts=practice_counts(couple=couple, start=period_start, end=period_end),
        )
        PracticeSummaryPart.objects.bulk_create(
            PracticeSummaryPart(summary=summary, partner_id=user_id)
            for user_id in couple.memberships.values_list("user_id", flat=True)
        )
    return summary


def summary_part_set(
    *, summary: PracticeSummary, partner: User, decision: str, text: str = ""
) -> PracticeSummaryPart:
    """``partner`` decides on their own part of an unsent summary: ``share``
    ``text`` (1 … MAX_SUMMARY_PART_CHARS characters, sealed at rest) or
    ``withhold`` it (nothing kept). Any change resets both partners'
    confirmations, so each confirms the preview as it will be sent.

    Raises TherapyError for a sent summary, a partner not in it, an unknown
    decision, or text that is empty or too long.
    """
    clean = text.strip()
    if decision not in (PracticeSummaryPart.Decision.SHARE, PracticeSummaryPart.Decision.WITHHOLD):
        raise TherapyError("Please choose to share your part or to withhold it.")
    if decision == PracticeSummaryPart.Decision.SHARE and not clean:
        raise TherapyError("Please write what you want to share, or withhold your part.")
    if len(clean) > MAX_SUMMARY_PART_CHARS:
        raise TherapyError(f"Please keep your part under {MAX_SUMMARY_PART_CHARS} characters.")
    with transaction.atomic():
        summary = PracticeSummary.objects.select_for_update().get(pk=summary.pk)
        if summary.sent_at is not None:
            raise TherapyError("This summary has already been sent.")
        part = summary.parts.filter(partner=partner).first()
        if part is None:
            raise TherapyError("This summary is not yours to change.")
        part.decision = decision
        part.sealed = seal({"text": clean}) if decision == "share" else ""
        part.save(update_fields=["decision", "sealed"])
        summary.parts.update(confirmed_at=None)
    return part


def summary_confirm(*, summary: PracticeSummary, partner: User) -> bool:
    """``partner`` confirms the preview as it stands. When both partners
    have decided on their parts and both confirmed, the summary is sent to
    the therapist (``sent_at``) and their caseload is told. Returns True if
    it was sent now. Raises TherapyError for a sent summary, a partner not
    in it, or a part still undecided (their own or the other's)."""
    with transaction.atomic():
        summary = PracticeSummary.objects.select_for_update().get(pk=summary.pk)
        if summary.sent_at is not None:
            raise TherapyError("This summary has already been sent.")
        parts = list(summary.parts.all())
        mine = next((p for p in parts if p.partner_id == partner.pk), None)
        if mine is None:
            raise TherapyError("This summary is not yours to change.")
        if any(p.decision == PracticeSummaryPart.Decision.PENDING for p in parts):
            raise TherapyError("Both of you decide on your own part before it is sent.")
        mine.confirmed_at = timezone.now()
        mine.save(update_fields=["confirmed_at"])
        if all(p.confirmed_at is not None for p in parts):
            if not link_is_active(
                couple_id=summary.couple_id, therapist_id=summary.therapist_link.therapist_id
            ):
                raise TherapyError("Your therapist link is no longer active.")
            summary.sent_at = timezone.now()
            summary.save(update_fields=["sent_at"])
            deliver_on_commit(caseload_deliveries({summary.therapist_link.therapist_id}))
            return True
    return False
