"""Test data: factory_boy factories, and the shared steps of the reflection,
safety and privacy tests (a unique marker, a finished exercise, a saved
reflection)."""

from __future__ import annotations

import uuid

import factory
from django.contrib.auth.hashers import make_password

from couples.models import Couple, Membership, PracticeSession, User
from couples.services.commands import session_command_apply
from couples.services.reflections import reflection_create

PASSWORD = "a-calm-evening-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    display_name = factory.Faker("first_name")
    email = factory.Sequence(lambda n: f"person{n}@example.test")
    password = factory.LazyFunction(lambda: make_password(PASSWORD))


class CoupleFactory(factory.django.DjangoModelFactory):
    """A couple with two partners (``partners=1`` for a couple still waiting)."""

    class Meta:
        model = Couple
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Couple {n}")

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        for _ in range(2 if extracted is None else extracted):
            Membership.objects.create(couple=self, user=UserFactory())

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
