"""Self-assessment results (exercises/assessments.py) and their shares.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from couples.models.account import User
from couples.models.space import Couple
from couples.models.therapy import TherapistLink


class AssessmentResult(models.Model):
    """One completed self-assessment of one person (docs/self_assessments.md).

    Readable by its ``author`` alone: ``sealed`` holds the answers and the
    dimension scores encrypted together (``couples.lib.crypto``:
    ``{"answers": {item id: 1..5}, "scores": {dimension: 1.0..5.0}}``); only
    ``kind`` and the date stay plain, so a dump shows that someone took an
    assessment but not what they answered. Read it through
    ``couples.selectors.assessments``. Deliberately not registered in the
    admin.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assessment_results")
    kind = models.CharField(max_length=30)
    sealed = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["author", "kind", "created_at"])]

    def __str__(self) -> str:
        return f"Assessment result {self.public_id}"


class AssessmentShare(models.Model):
    """The author's consent to show one result to their partner or to one
    named therapist of ``couple`` (the author's couple when they shared it).

    Like ``ReflectionShare``: a therapist share names its ``therapist_link``
    and is seen only while that link is active (ending it deletes the share);
    ``therapist_link`` is None for partner shares. Taking a share back
    deletes the row; a share made in a couple the author has left is never
    shown."""

    class Audience(models.TextChoices):
        PARTNER = "partner"
        THERAPIST = "therapist"

    result = models.ForeignKey(AssessmentResult, on_delete=models.CASCADE, related_name="shares")
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="+")
    audience = models.CharField(max_length=10, choices=Audience.choices)
    therapist_link = models.ForeignKey(
        TherapistLink, on_delete=models.CASCADE, null=True, blank=True,
        related_name="assessment_shares",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["result", "couple"], condition=Q(audience="partner"),
                name="assessment_share_partner_unique",
            ),
            models.UniqueConstraint(
                fields=["result", "therapist_link"], condition=Q(audience="therapist"),
                name="assessment_share_therapist_unique",
            ),
            models.CheckConstraint(
                condition=Q(audience="partner", therapist_link__isnull=True)
                | Q(audience="therapist", therapist_link__isnull=False),
                name="assessment_share_therapist_names_link",
            ),
        ]

    def __str__(self) -> str:
        return f"assessment result {self.result_id} shared with {self.audience}"
