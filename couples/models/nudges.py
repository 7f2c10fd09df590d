"""Nudges: how each person wants to hear that their partner started a
practice session (an e-mail, on or off, and quiet hours in their own time
zone). The in-page browser notification needs no row: it is asked for with
a button and lives in the browser's own permission."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class NudgePreferences(models.Model):
    """One person's nudge choices. No row means the defaults: e-mail on, no
    quiet hours.

    ``quiet_start``/``quiet_end`` are wall-clock times in ``time_zone`` (an
    IANA name); both set or both empty. A span may cross midnight (22:00 to
    07:00): the start is inside it, the end is not.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nudge_preferences"
    )
    email_session_started = models.BooleanField(default=True)
    quiet_start = models.TimeField(null=True, blank=True)
    quiet_end = models.TimeField(null=True, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"nudge preferences of user {self.user_id}"
