"""Test data factories (factory_boy)."""

from __future__ import annotations

import factory
from django.contrib.auth.hashers import make_password

from couples.models import Couple, Membership, User

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
