"""``python manage.py demo``: the demo couple (Alex and Sam) and a demo therapist
they have linked (both consented).

Idempotent: people and the couple are created once; every run prints fresh
one-time sign-in links (django-sesame, SESAME_ONE_TIME), which sign the person
in on first use and are then spent.
"""

from __future__ import annotations

import json as jsonlib
import os

from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from sesame.utils import get_query_string

from couples.models import Couple, Membership, TherapistConsent, TherapistLink, User

DEMO_PARTNERS = (("Alex", "alex@demo.attune.test"), ("Sam", "sam@demo.attune.test"))
DEMO_THERAPIST = ("Dr. Rivera", "rivera@demo.attune.test")
DEMO_COUPLE = "Alex & Sam"


def demo_people() -> tuple[list[User], User]:
    """Create (once) and return ``([alex, sam], therapist)``."""
    with transaction.atomic():
        partners = [_person(name, email) for name, email in DEMO_PARTNERS]
        therapist = _person(*DEMO_THERAPIST, is_therapist=True)
        couple = Couple.objects.filter(memberships__user=partners[0]).first()
        if couple is None:
            couple = Couple.objects.create(name=DEMO_COUPLE)
        for person in partners:
            Membership.objects.get_or_create(user=person, defaults={"couple": couple})
        # The demo couple has linked the demo therapist and both consented,
        # so therapist mode can be tried at once.
        if not TherapistLink.objects.filter(couple=couple, therapist=therapist).exists():
            link = TherapistLink.objects.create(couple=couple, therapist=therapist)
            for person in partners:
                TherapistConsent.objects.create(link=link, partner=person)
    return partners, therapist


def _person(name: str, email: str, *, is_therapist: bool = False) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, display_name=name, is_therapist=is_therapist)
        user.set_unusable_password()
        user.save()
    return user


class Command(BaseCommand):
    help = "Create the demo couple (Alex and Sam) and therapist; print one-time sign-in links."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--base-url",
            default=os.environ.get("BASE_URL")
            or f"http://127.0.0.1:{os.environ.get('PORT', '8000')}",
            help="Where Attune is served (default http://127.0.0.1:$PORT).",
        )
        parser.add_argument("--json", action="store_true", help="Print the links as JSON.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Create the demo people only if nobody has an account yet (used by `make run`).",
        )

    def handle(self, *args, base_url: str, json: bool, if_empty: bool, **options) -> None:
        emails = [email for _, email in (*DEMO_PARTNERS, DEMO_THERAPIST)]
        demo_people_missing = not User.objects.filter(email__in=emails).exists()
        if if_empty and demo_people_missing and User.objects.exists():
            self.stdout.write("This database has accounts of its own; no demo people were added.")
            return
        partners, therapist = demo_people()
        base = base_url.rstrip("/") + reverse("login_link")

        def link(user: User) -> dict[str, str]:
            return {"name": user.display_name, "login_url": base + get_query_string(user)}

        partner_links = [link(p) for p in partners]
        therapist_link = link(therapist)
        result = {"partners": partner_links, "therapist": therapist_link}
        if json:
            self.stdout.write(_dumps(result))
            return
        self.stdout.write(
            "Demo sign-in links (each works once; for new ones run "
            f"`.venv/bin/python manage.py demo --base-url {base_url.rstrip('/')}`):"
        )
        for person in [*partner_links, therapist_link]:
            self.stdout.write(f"  {person['name']:<11} {person['login_url']}")
        self.stdout.write("Open each partner's link in a different browser (or a private window).")


def _dumps(value: object) -> str:
    return jsonlib.dumps(value, indent=2)
