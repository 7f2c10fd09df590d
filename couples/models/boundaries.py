"""The boundary builder: private boundaries and their shares.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from couples.models.account import User
from couples.models.space import Couple
from couples.models.therapy import TherapistLink


class Boundary(models.Model):
    """A boundary one person wrote: what I need, where my limit is, what I
    will do if it is crossed. Sealed (``couples.lib.crypto``: ``{"need",
    "limit", "action"}``) and private to its ``author`` until shared.
    Not registered in the admin."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="boundaries")
    sealed = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "boundaries"

    def __str__(self) -> str:
        return f"Boundary {self.public_id}"


class BoundaryShare(models.Model):
    """The author's consent to show one boundary to their partner or one
    named therapist of ``couple``; the same rules as ``AssessmentShare``."""

    class Audience(models.TextChoices):
        PARTNER = "partner"
        THERAPIST = "therapist"

    boundary = models.ForeignKey(Boundary, on_delete=models.CASCADE, related_name="shares")
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="+")
    audience = models.CharField(max_length=10, choices=Audience.choices)
    therapist_link = models.ForeignKey(
        TherapistLink, on_delete=models.CASCADE, null=True, blank=True,
        related_name="boundary_shares",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["boundary", "couple"], condition=Q(audience="partner"),
                name="boundary_share_partner_unique",
            ),
            models.UniqueConstraint(
                fields=["boundary", "therapist_link"], condition=Q(audience="therapist"),
                name="boundary_share_therapist_unique",
            ),
            models.CheckConstraint(
                condition=Q(audience="partner", therapist_link__isnull=True)
                | Q(audience="therapist", therapist_link__isnull=False),
                name="boundary_share_therapist_names_link",
            ),
        ]

    def __str__(self) -> str:
        return f"boundary {self.boundary_id} shared with {self.audience}"
