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


class Ritual(models.Model):
    """A ritual of connection both partners agreed on (DESIGN.md, "ritual of
    connection"), kept in the couple space and exported to calendars.

    Made by ``couples.rituals.rituals_persist_agreed`` when both partners
    accept the same revision of a proposal in a practice session
    (``exercises.rituals``); afterwards either partner may edit, pause,
    resume or retire it. ``weekdays`` holds RFC 5545 ``BYDAY`` codes
    (``["MO", "TH"]``, empty for a daily ritual); ``time_of_day`` is wall-clock
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

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="rituals")
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=80)
    details = models.TextField()
    roles = models.TextField()
    frequency = models.CharField(max_length=6, choices=Frequency.choices)
    weekdays = models.JSONField(default=list, blank=True)
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


class TherapistLink(models.Model):
    """A therapist linked to a couple (DESIGN.md, "therapist").

    Made when the therapist accepts a couple's therapist invitation; the
    partner who invited has consented by inviting. The link is *active* only
    once both partners have consented (:class:`TherapistConsent`) and until
    either partner ends it (``ended_at``).
    """

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="therapist_links")
    therapist = models.ForeignKey(User, on_delete=models.CASCADE, related_name="therapist_links")
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["couple", "therapist"],
                condition=Q(ended_at__isnull=True),
                name="therapist_link_open_unique",
            )
        ]


class TherapistConsent(models.Model):
    """One partner's consent to a therapist link."""

    link = models.ForeignKey(TherapistLink, on_delete=models.CASCADE, related_name="consents")
    partner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    consented_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["link", "partner"], name="therapist_consent_unique")
        ]


class TherapistAccess(models.Model):
    """Every read of couple data by a therapist, shown to both partners."""

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="therapist_accesses")
    therapist = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    therapist_name = models.CharField(max_length=60)
    what = models.CharField(max_length=120)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]


class Homework(models.Model):
    """An exercise a therapist assigns to a couple, with a due date.

    Done when the couple finishes that exercise in a practice session after
    it was assigned (``completed_session``).
    """

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="homework")
    therapist = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    exercise = models.CharField(max_length=40)
    due_on = models.DateField()
    note = models.CharField(max_length=500, blank=True)
    assigned_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_session = models.ForeignKey(
        PracticeSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["completed_at", "due_on", "pk"]


class Reflection(models.Model):
    """A private entry in one partner's reflection log (DESIGN.md, "reflection").

    Readable by its ``author`` alone: ``sealed`` holds the text and tags
    encrypted together (``couples.crypto``: ``{"text", "tags"}``), so neither
    a database dump nor an admin page can show them; read it through
    ``couples.reflections``. ``mood`` (1–5) and the dates stay plain so that a
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


class SafetyCheck(models.Model):
    """A partner's private safety check-in (DESIGN.md, "Privacy and safety"):
    their answers and the result, sealed together (``couples.crypto``), kept
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
