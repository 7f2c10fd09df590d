"""The reflection log: private entries, sealed at rest, and their shares.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from couples.models.account import User
from couples.models.sessions import PracticeSession
from couples.models.space import Couple


class Reflection(models.Model):
    """A private entry in one partner's reflection log (docs/architecture.md,
    "Domain terms": "reflection").

    Readable by its ``author`` alone: ``sealed`` holds the text and tags
    encrypted together (``couples.lib.crypto``: ``{"text", "tags"}``), so neither
    a database dump nor an admin page can show them; read it through
    ``couples.selectors.reflections``. ``mood`` (1–5) and the dates stay plain so that a
    log can be filtered and drawn over time. ``couple`` is the couple the
    author belonged to when writing, the only one a share can reach;
    ``session`` and ``exercise_index`` (a position in the session state's
    ``completed`` list) say which exercise it follows, if any. Deliberately
    not registered in the admin.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reflections")
    couple = models.ForeignKey(
        Couple, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    session = models.ForeignKey(
        PracticeSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    exercise_index = models.PositiveSmallIntegerField(null=True, blank=True)
    exercise_kind = models.CharField(max_length=40, blank=True)
    mood = models.PositiveSmallIntegerField(null=True, blank=True)
    sealed = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["author", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(mood__isnull=True) | Q(mood__gte=1, mood__lte=5),
                name="reflection_mood_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Reflection {self.public_id}"


class ReflectionShare(models.Model):
    """The author's consent to show one reflection to their partner or to the
    couple's therapist. Taking it back deletes the row."""

    class Audience(models.TextChoices):
        PARTNER = "partner"
        THERAPIST = "therapist"

    reflection = models.ForeignKey(Reflection, on_delete=models.CASCADE, related_name="shares")
    audience = models.CharField(max_length=10, choices=Audience.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reflection", "audience"], name="reflection_share_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"reflection {self.reflection_id} shared with {self.audience}"
