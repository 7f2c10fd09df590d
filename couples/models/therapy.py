"""Therapist mode: links, consents, the access log, homework (and the plans
that make it on a rhythm), and the practice summaries a couple sends.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from couples.models.account import User
from couples.models.sessions import PracticeSession
from couples.models.space import Couple


class TherapistLink(models.Model):
    """A therapist linked to a couple (docs/architecture.md, "Domain terms": "therapist").

    Made when the therapist accepts a couple's therapist invitation; the
    partner who invited has consented by inviting. The link is *active* only
    once both partners have consented (:class:`TherapistConsent`) and until
    either partner ends it (``ended_at``).
    """

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="therapist_links")
    therapist = models.ForeignKey(User, on_delete=models.CASCADE, related_name="therapist_links")
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["couple", "therapist"],
                condition=Q(ended_at__isnull=True),
                name="therapist_link_open_unique",
            )
        ]

    def __str__(self) -> str:
        return f"therapist {self.therapist_id} linked to couple {self.couple_id}"


class TherapistConsent(models.Model):
    """One partner's consent to a therapist link."""

    link = models.ForeignKey(TherapistLink, on_delete=models.CASCADE, related_name="consents")
    partner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    consented_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["link", "partner"], name="therapist_consent_unique")
        ]

    def __str__(self) -> str:
        return f"consent of user {self.partner_id} to link {self.link_id}"


class TherapistAccess(models.Model):
    """Every read of couple data by a therapist, shown to both partners."""

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="therapist_accesses")
    therapist = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    therapist_name = models.CharField(max_length=60)
    what = models.CharField(max_length=120)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.therapist_name} read {self.what}"


class Homework(models.Model):
    """An exercise a therapist assigns to a couple, with a due date.

    Done when the couple finishes that exercise in a practice session after
    it was assigned and on or after ``opens_on`` (``completed_session``);
    never by a box the couple ticks. One occurrence of a
    :class:`HomeworkPlan` when ``plan`` is set.
    """

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="homework")
    therapist = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    exercise = models.CharField(max_length=40)
    due_on = models.DateField()
    note = models.CharField(max_length=500, blank=True)
    assigned_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_session = models.ForeignKey(
        PracticeSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    plan = models.ForeignKey(
        "HomeworkPlan", on_delete=models.CASCADE, null=True, blank=True, related_name="occurrences"
    )
    opens_on = models.DateField(null=True, blank=True)
    """The first day a finished exercise counts for this occurrence (the day
    after the previous occurrence of its plan was due); None: since assigned."""

    class Meta:
        ordering = ["completed_at", "due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.exercise} due {self.due_on} for couple {self.couple_id}"


class HomeworkPlan(models.Model):
    """A therapist's assignment of one exercise on a rhythm: once, weekly on
    one weekday for ``count`` weeks, or every ``interval_days`` days
    ``count`` times. Assigning it makes its :class:`Homework` occurrences at
    once (``Homework.plan``); ending it removes the occurrences not yet done.

    Spacing practice over weeks rather than massing it in one sitting is the
    distributed-practice effect (Cepeda et al., 2006, Psychological
    Bulletin 132(3)); the weekly rhythm mirrors Gottman's weekly "State of
    the Union" meeting.
    """

    class Rhythm(models.TextChoices):
        ONCE = "once", "Once"
        WEEKLY = "weekly", "Every week on one day"
        EVERY_N_DAYS = "every_n_days", "Every few days"

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="homework_plans")
    therapist = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    exercise = models.CharField(max_length=40)
    rhythm = models.CharField(max_length=12, choices=Rhythm.choices, default=Rhythm.ONCE)
    weekday = models.PositiveSmallIntegerField(null=True, blank=True)
    interval_days = models.PositiveSmallIntegerField(null=True, blank=True)
    count = models.PositiveSmallIntegerField(default=1)
    starts_on = models.DateField()
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.exercise} {self.rhythm} x{self.count} for couple {self.couple_id}"


class PracticeSummary(models.Model):
    """A summary of the couple's practice over a period that the couple
    chooses to send to one linked therapist (``therapist_link``).

    ``counts`` is computed once when the summary is made (counts only: see
    ``couples.selectors.therapy.practice_counts``), so what both partners
    preview is exactly what is sent. Each partner adds their own part
    (:class:`PracticeSummaryPart`): text they explicitly share, or nothing
    (withheld). It is sent (``sent_at``) once both partners have decided on
    their part and both confirmed the final preview; ending the link deletes
    it.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="practice_summaries")
    therapist_link = models.ForeignKey(
        TherapistLink, on_delete=models.CASCADE, related_name="practice_summaries"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    counts = models.JSONField(default=dict)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"practice summary {self.period_start}–{self.period_end} of couple {self.couple_id}"


class PracticeSummaryPart(models.Model):
    """One partner's part of a :class:`PracticeSummary`: ``decision``
    pending, share (``sealed`` holds ``{"text": ...}``, encrypted at rest
    like reflections, ``couples/lib/crypto.py``) or withhold (no text kept);
    ``confirmed_at`` when they confirmed the whole preview (reset by any
    change to either part)."""

    class Decision(models.TextChoices):
        PENDING = "pending"
        SHARE = "share"
        WITHHOLD = "withhold"

    summary = models.ForeignKey(PracticeSummary, on_delete=models.CASCADE, related_name="parts")
    partner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(max_length=8, choices=Decision.choices, default=Decision.PENDING)
    sealed = models.TextField(blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["summary", "partner"], name="summary_part_unique")
        ]

    def __str__(self) -> str:
        return f"part of user {self.partner_id} in summary {self.summary_id}"
