"""The couple space: couples, their memberships and invitations.
"""

from __future__ import annotations

import uuid

from django.db import models

from couples.models.account import User


class Couple(models.Model):
    """A space shared by exactly two partners (docs/architecture.md, "Domain terms": "couple")."""

    MAX_PARTNERS = 2

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A partner's place in a couple. A person is a partner in one couple at a time."""

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="memberships")
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="membership")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "pk"]

    def __str__(self) -> str:
        return f"user {self.user_id} in couple {self.couple_id}"


class Invitation(models.Model):
    """A signed, single-use, expiring link that adds the second partner.

    The link carries ``token`` signed with the project's secret key
    (``django.core.signing``), so a guessed or edited link is refused before
    the database is asked; ``accepted_at`` makes it single-use and
    ``expires_at`` bounds it in time.
    """

    class Role(models.TextChoices):
        PARTNER = "partner"
        THERAPIST = "therapist"

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.PARTNER)
    token = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.role} invitation to couple {self.couple_id}"
