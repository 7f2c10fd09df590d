"""Attune's stored data: people, couples, invitations, practice sessions and
their event log, and live presence."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q


class UserManager(BaseUserManager["User"]):
    """Creates users identified by e-mail address (there is no username)."""

    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        """Return a saved user. Raises ValueError without an e-mail address."""
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        """Return a saved staff superuser."""
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractUser):
    """A person using Attune: a partner, or a therapist when ``is_therapist``."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("e-mail address", unique=True)
    display_name = models.CharField("name", max_length=60)
    is_therapist = models.BooleanField(default=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]
    objects = UserManager()

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name


class Couple(models.Model):
    """A space shared by exactly two partners (DESIGN.md, "couple")."""

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


class Invitation(models.Model):
    """A signed, single-use, expiring link that adds the second partner.

    The link carries ``token`` signed with the project's secret key
    (``django.core.signing``), so a guessed or edited link is refused before
    the database is asked; ``accepted_at`` makes it single-use and
    ``expires_at`` bounds it in time.
    """

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)


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

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["couple", "status"])]


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


class PresenceConnection(models.Model):
    """One open WebSocket of a participant, kept fresh by heartbeats.

    Presence is read from ``last_seen`` (DESIGN.md rule 6; STYLE.md: presence
    from heartbeats with a time-out, not from ``disconnect()`` alone).
    """

    session = models.ForeignKey(
        PracticeSession, on_delete=models.CASCADE, related_name="connections"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    channel_name = models.CharField(max_length=200, unique=True)
    connected_at = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["session", "user"])]
