"""Agreed rituals of connection and the private calendar subscription links.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from couples.models.account import User
from couples.models.sessions import PracticeSession
from couples.models.space import Couple


class Ritual(models.Model):
    """A ritual of connection both partners agreed on (docs/architecture.md,
    "Domain terms"), kept in the couple space and exported to calendars.

    Made by ``couples.services.rituals.rituals_persist_agreed`` when both partners
    accept the same revision of a proposal in a practice session
    (``exercises.rituals``); afterwards either partner may edit, pause,
    resume or retire it. ``weekdays`` holds RFC 5545 ``BYDAY`` codes
    (``["MO", "TH"]``, empty unless weekly); ``month`` (1–12, yearly only) and
    ``month_day`` (1–28 monthly, a day the month has yearly; None for daily and
    weekly) place a monthly or yearly ritual; ``time_of_day`` is wall-clock
    time in ``time_zone`` (an IANA name); ``sequence`` counts edits (the
    iCalendar ``SEQUENCE``, and the optimistic check of the edit form).
    """

    class Status(models.TextChoices):
        ACTIVE = "active"
        PAUSED = "paused"
        RETIRED = "retired"

    class Frequency(models.TextChoices):
        DAILY = "daily"
        WEEKLY = "weekly"
        MONTHLY = "monthly"
        YEARLY = "yearly"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="rituals")
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=80)
    details = models.TextField()
    roles = models.TextField()
    frequency = models.CharField(max_length=7, choices=Frequency.choices)
    weekdays = models.JSONField(default=list, blank=True)
    month = models.PositiveSmallIntegerField(null=True, blank=True)
    month_day = models.PositiveSmallIntegerField(null=True, blank=True)
    time_of_day = models.TimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    time_zone = models.CharField(max_length=64)
    starts_on = models.DateField()
    status = models.CharField(max_length=7, choices=Status.choices, default=Status.ACTIVE)
    sequence = models.PositiveIntegerField(default=0)
    source_session = models.ForeignKey(
        PracticeSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source_proposal = models.CharField(max_length=20, blank=True)
    agreed_revision = models.PositiveIntegerField(default=1)
    agreed_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["couple", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source_session", "source_proposal"],
                condition=Q(source_session__isnull=False),
                name="ritual_source_proposal_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CalendarFeed(models.Model):
    """A partner's private, revocable calendar subscription link
    (``/calendar/<token>.ics``) to the couple's active rituals.

    Only the SHA-256 of the token is stored, so the link is shown once when it
    is made; a partner has at most one live link (making a new one revokes
    the old), and a revoked link answers 404.
    """

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="calendar_feeds")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"calendar link of user {self.user_id}"


class RitualKept(models.Model):
    """One "we did it" on an agreed ritual: the couple kept it on ``on`` (a
    date in the ritual's own time zone). At most one per ritual per day,
    whichever partner taps first (``by``; None once that account is
    deleted: the record belongs to the couple, like the ritual). Counted in
    the practice record over weeks; never a streak.
    """

    ritual = models.ForeignKey(Ritual, on_delete=models.CASCADE, related_name="kept")
    on = models.DateField()
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ritual", "on"], name="ritual_kept_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.ritual} kept on {self.on}"
