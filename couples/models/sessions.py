"""Practice sessions, their event log and the live presence of their sockets.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from couples.models.account import User
from couples.models.space import Couple


class PracticeSession(models.Model):
    """One live, shared run of exercises by a couple.

    ``state`` is the engine's session state (``exercises.engine``) at
    ``version``; every accepted command is a :class:`SessionEvent` whose
    ``seq`` is the version it produced.
    """

    class Status(models.TextChoices):
        OPEN = "open"
        ENDED = "ended"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="practice_sessions")
    started_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    version = models.PositiveIntegerField(default=0)
    state = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    transcript_choices = models.JSONField(default=dict, blank=True)
    """Keep or let go, per partner, once the session ended:
    ``{participant id: "keep" | "let_go"}`` (couples/services/sessions.py)."""
    text_let_go_at = models.DateTimeField(null=True, blank=True)
    """When the session's words were deleted (not both partners kept them);
    None while they are kept. Final."""

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["couple", "status"])]

    def __str__(self) -> str:
        return f"practice session {self.public_id} ({self.status})"


class SessionEvent(models.Model):
    """One accepted command and the events it produced, in session order.

    ``seq`` is unique per session, so two commands can never both be stored
    for the same version; ``client_id`` is unique per session, so a command
    repeated by a client is stored once.
    """

    session = models.ForeignKey(PracticeSession, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField()
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    actor_key = models.CharField(max_length=40)
    command = models.CharField(max_length=40)
    client_id = models.UUIDField(null=True, blank=True)
    events = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["session", "seq"], name="session_event_seq_unique"),
            models.UniqueConstraint(
                fields=["session", "client_id"],
                condition=Q(client_id__isnull=False),
                name="session_event_client_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"session {self.session_id} event {self.seq}: {self.command}"
