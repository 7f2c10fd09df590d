"""The private daily check-in: one feeling word, a mood, an optional note.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from couples.models.account import User


class DailyCheckIn(models.Model):
    """One person's daily emotional check-in, readable by its ``author`` alone.

    ``sealed`` holds ``{"feeling": <one word of the feeling lexicon>,
    "note": <optional text>}`` encrypted (``couples.lib.crypto``). ``mood``
    (1–5) and the date stay plain, as on a reflection, so the mood picture
    can be drawn without opening anything. Never shared, never shown to the
    partner or a therapist. Not registered in the admin.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="daily_checkins")
    mood = models.PositiveSmallIntegerField()
    sealed = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["author", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(mood__gte=1, mood__lte=5), name="daily_checkin_mood_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"Daily check-in {self.public_id}"
