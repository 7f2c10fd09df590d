"""Therapist mode: links, consents, the access log and homework.
"""

from __future__ import annotations

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
    it was assigned (``completed_session``).
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

    class Meta:
        ordering = ["completed_at", "due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.exercise} due {self.due_on} for couple {self.couple_id}"
