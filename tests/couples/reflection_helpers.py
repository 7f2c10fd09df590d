"""Shared steps of the reflection, safety and privacy tests."""

from __future__ import annotations

import uuid

from couples.models import PracticeSession
from couples.services.commands import session_command_apply
from couples.services.reflections import reflection_create


def marker(label: str = "private") -> str:
    """A piece of plaintext that appears nowhere else, to look for in pages,
    frames, logs and raw columns."""
    return f"{label}-{uuid.uuid4().hex[:12]}"


def complete_an_exercise(practice: PracticeSession, partners) -> int:
    """Run and stop an active-listening exercise in ``practice`` through the
    real service; return its index in the session's ``completed`` list."""
    practice.refresh_from_db()
    a = str(partners[0].pk)
    steps = [
        ("exercise_start", {"exercise": "active_listening", "topic": "Chores",
                            "mode": "typed", "first_speaker": a}),
        ("exercise_stop", {}),
    ]
    for name, payload in steps:
        practice.refresh_from_db()
        session_command_apply(
            session_id=practice.pk, user_id=partners[0].pk, command=name, payload=payload,
            client_id=uuid.uuid4(), base_version=practice.version, now=0.0,
        )
    practice.refresh_from_db()
    return len(practice.state["completed"]) - 1


def write(author, text: str, **fields):
    """Save a reflection for ``author`` through the service."""
    return reflection_create(author=author, text=text, **fields)
