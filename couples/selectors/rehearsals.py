"""Solo rehearsals, read: one person's own private drafts, opened for them alone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.views.decorators.debug import sensitive_variables

from couples.lib import crypto
from couples.models import Rehearsal, User


@dataclass(frozen=True, slots=True)
class RehearsalEntry:
    """A rehearsal opened for its author; ``topic`` and ``text`` stay out of ``repr``."""

    public_id: str
    created_at: datetime
    updated_at: datetime
    topic: str = field(repr=False)
    text: str = field(repr=False)
    unreadable: bool = False

    def as_dict(self) -> dict[str, Any]:
        """``{"id", "created_at", "updated_at", "topic", "text"}`` for exports."""
        return {
            "id": self.public_id,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "topic": self.topic,
            "text": self.text,
        }


def rehearsal_of_author(*, public_id: Any, user: User) -> Rehearsal | None:
    """The rehearsal with ``public_id`` if ``user`` wrote it, else None."""
    if not user.is_authenticated:
        return None
    try:
        return Rehearsal.objects.get(public_id=public_id, author=user)
    except (Rehearsal.DoesNotExist, ValueError, TypeError, ValidationError):
        return None


@sensitive_variables()
def rehearsal_entry(row: Rehearsal) -> RehearsalEntry:
    """Open ``row`` for its author."""
    try:
        body = crypto.unseal(row.sealed)
        topic, text, unreadable = body.get("topic", ""), body["text"], False
    except crypto.Unreadable:
        topic, text, unreadable = "", "", True
    return RehearsalEntry(public_id=str(row.public_id), created_at=row.created_at,
                          updated_at=row.updated_at, topic=topic, text=text,
                          unreadable=unreadable)


def rehearsals_of_author(author: User) -> list[RehearsalEntry]:
    """``author``'s rehearsals, most recently changed first."""
    return [rehearsal_entry(r) for r in Rehearsal.objects.filter(author=author)]


def rehearsals_count_of(author: User) -> int:
    """How many rehearsals ``author`` keeps (nothing sealed is opened)."""
    return Rehearsal.objects.filter(author=author).count()
