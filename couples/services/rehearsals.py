"""Solo rehearsals of a hard conversation, writes: save a private draft
(sealed), change it, delete it. Coaching comes from
``exercises.boundaries.rehearsal_coach`` (the I-statement analyzer) and
never refuses. Raises PartRequired / PartTooLong (``details["field"]``).
"""

from __future__ import annotations

from django.views.decorators.debug import sensitive_variables

from couples.lib import crypto
from couples.lib.errors import PartRequired, PartTooLong
from couples.models import Rehearsal, User
from exercises.boundaries import MAX_REHEARSAL_CHARS

MAX_TOPIC_CHARS = 120
"""Longest rehearsal topic (characters, after stripping)."""


@sensitive_variables()
def _clean(topic: str, text: str) -> dict[str, str]:
    topic, text = (topic or "").strip(), (text or "").strip()
    if not text:
        raise PartRequired("Write what you would like to say.", field="text")
    if len(text) > MAX_REHEARSAL_CHARS:
        raise PartTooLong(f"Please keep it under {MAX_REHEARSAL_CHARS:,} characters.",
                          field="text", limit=MAX_REHEARSAL_CHARS)
    if len(topic) > MAX_TOPIC_CHARS:
        raise PartTooLong(f"Please keep the topic under {MAX_TOPIC_CHARS} characters.",
                          field="topic", limit=MAX_TOPIC_CHARS)
    return {"topic": topic, "text": text}


@sensitive_variables()
def rehearsal_save(
    *, author: User, topic: str, text: str, rehearsal: Rehearsal | None = None
) -> Rehearsal:
    """Save a new private draft for ``author``, or change ``rehearsal`` (one
    of theirs). Returns it. Raises PartRequired, PartTooLong."""
    sealed = crypto.seal(_clean(topic, text))
    if rehearsal is None:
        return Rehearsal.objects.create(author=author, sealed=sealed)
    rehearsal.sealed = sealed
    rehearsal.save(update_fields=["sealed", "updated_at"])
    return rehearsal


def rehearsal_delete(*, rehearsal: Rehearsal) -> None:
    """Delete one rehearsal for good."""
    rehearsal.delete()
