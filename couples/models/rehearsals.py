"""Solo rehearsals of a hard conversation, saved as private drafts.
"""

from __future__ import annotations

import uuid

from django.db import models

from couples.models.account import User


class Rehearsal(models.Model):
    """A private draft of what one person wants to say in a hard
    conversation, written alone with the I-statement coach. ``sealed`` holds
    ``{"topic", "text"}`` encrypted (``couples.lib.crypto``); never shared,
    readable by its ``author`` alone. Not registered in the admin."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="rehearsals")
    sealed = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return f"Rehearsal {self.public_id}"
