"""The private safety check-in, sealed at rest.
"""

from __future__ import annotations

import uuid

from django.db import models

from couples.models.account import User


class SafetyCheck(models.Model):
    """A partner's private safety check-in (docs/architecture.md, "Privacy and safety"):
    their answers and the result, sealed together (``couples.lib.crypto``), kept
    only when they ask for it, for their eyes only, deletable. Not in the
    admin, never in a session or an event."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="safety_checks")
    sealed = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Safety check-in {self.public_id}"
