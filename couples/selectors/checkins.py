"""The daily check-in, read: one's own check-ins (opened for their author
only) and the feeling words offered (docs/architecture.md, "Privacy and
safety": private per-author text is sealed at rest).

A check-in is never shown to anyone but its author; its mood (plain, 1–5)
joins the reflection mood picture (``selectors/reflections.mood_chart``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.views.decorators.debug import sensitive_variables

from couples.lib import crypto
from couples.models import DailyCheckIn, User
from exercises.lexicon import feeling_groups

MAX_NOTE_CHARS = 1_000
"""Longest optional note of a check-in (characters, after stripping)."""


def feeling_choices() -> list[dict[str, Any]]:
    """The feeling words a check-in offers, grouped as the I-statement
    builder's picker (``exercises/data/feelings.json``): ``[{"group",
    "words": [str]}]``, pleasant groups last as stored."""
    return [{"group": g["group"], "words": list(g["words"])} for g in feeling_groups()]


def feeling_word_set() -> frozenset[str]:
    """Every word :func:`feeling_choices` offers, lower case."""
    return frozenset(w.lower() for g in feeling_groups() for w in g["words"])


@dataclass(frozen=True, slots=True)
class CheckInEntry:
    """A check-in opened for its author; ``feeling`` and ``note`` stay out of
    ``repr``. ``unreadable``: no configured key opens it."""

    public_id: str
    created_at: datetime
    mood: int
    feeling: str = field(repr=False)
    note: str = field(repr=False)
    unreadable: bool = False

    def as_dict(self) -> dict[str, Any]:
        """``{"id", "created_at" (ISO 8601), "mood", "feeling", "note"}`` for exports."""
        return {
            "id": self.public_id,
            "created_at": self.created_at.isoformat(),
            "mood": self.mood,
            "feeling": self.feeling,
            "note": self.note,
        }


@sensitive_variables()
def checkin_entry(row: DailyCheckIn) -> CheckInEntry:
    """Open ``row`` for its author (the caller checks the reader is the author)."""
    try:
        body = crypto.unseal(row.sealed)
        feeling, note, unreadable = body["feeling"], body.get("note", ""), False
    except crypto.Unreadable:
        feeling, note, unreadable = "", "", True
    return CheckInEntry(
        public_id=str(row.public_id), created_at=row.created_at, mood=row.mood,
        feeling=feeling, note=note, unreadable=unreadable,
    )


def checkins_of_author(author: User, *, limit: int | None = None) -> list[CheckInEntry]:
    """``author``'s check-ins, newest first (at most ``limit`` when given)."""
    rows = DailyCheckIn.objects.filter(author=author)
    if limit is not None:
        rows = rows[:limit]
    return [checkin_entry(r) for r in rows]


def checkin_of_author(*, public_id: Any, user: User) -> DailyCheckIn | None:
    """The check-in with ``public_id`` if ``user`` wrote it, else None."""
    if not user.is_authenticated:
        return None
    try:
        return DailyCheckIn.objects.get(public_id=public_id, author=user)
    except (DailyCheckIn.DoesNotExist, ValueError, TypeError, ValidationError):
        return None


def checkins_count_of(author: User) -> int:
    """How many daily check-ins ``author`` keeps (nothing sealed is opened)."""
    return DailyCheckIn.objects.filter(author=author).count()
