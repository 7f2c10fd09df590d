"""The people of the browser scenarios and the first steps they share: a
couple (Alex on a desktop, Sam on a phone), optionally their linked
therapist, in an open practice session.

Everything here that touches the database runs through ``scenario.db`` (see
tests/e2e/conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.e2e.conftest import Person, Scenario, expect


@dataclass
class Couple:
    couple: Any
    alex: Any
    sam: Any
    therapist: Any = None


def _couple_create(with_therapist: bool) -> Couple:
    from couples.models import Membership
    from couples.services.therapy import consent_give, link_create
    from tests.factories import CoupleFactory, UserFactory

    couple = CoupleFactory(partners=0, name="Alex & Sam")
    alex = UserFactory(display_name="Alex")
    sam = UserFactory(display_name="Sam")
    for user in (alex, sam):
        Membership.objects.create(couple=couple, user=user)
    result = Couple(couple=couple, alex=alex, sam=sam)
    if with_therapist:
        result.therapist = UserFactory(display_name="Dr. Okafor", is_therapist=True)
        link = link_create(couple=couple, therapist=result.therapist, invited_by=alex)
        consent_give(link_id=link.pk, partner=sam)
    return result


def couple_create(scenario: Scenario, *, with_therapist: bool = False) -> Couple:
    """Alex and Sam share a couple space (and have linked Dr. Okafor, both
    consenting, when ``with_therapist``)."""
    return scenario.db(_couple_create, with_therapist)


def practice_start(scenario: Scenario, couple: Couple) -> Any:
    """Open the couple's practice session (as Alex would with the button)."""
    from couples.services.sessions import practice_session_start

    return scenario.db(
        practice_session_start, couple=couple.couple, started_by=couple.alex
    )


def couple_joined(scenario: Scenario) -> tuple[Person, Person]:
    """A new couple in an open practice session, both on its page and connected:
    ``(alex, sam)``, Alex on a desktop and Sam on a phone, each signed in."""
    people = couple_create(scenario)
    practice = practice_start(scenario, people)
    alex = scenario.person("alex", user=people.alex)
    sam = scenario.person("sam", phone=True, user=people.sam)
    for person in (alex, sam):
        join(person, practice)
    return alex, sam


def session_url(practice: Any) -> str:
    return f"/sessions/{practice.public_id}/"


def join(person: Person, practice: Any) -> None:
    """Open the live session page and wait until it is connected."""
    person.page.goto(session_url(practice))
    expect(connection(person)).to_have_text("Connected")


def connection(person: Person) -> Any:
    return person.page.locator("#connection")


def now(person: Person) -> Any:
    """The part of the session page that shows what to do now (a live region)."""
    return person.page.locator("#now")


def expect_step(person: Person, text: str) -> None:
    """Wait until the exercise area shows exactly one step heading, ``text``."""
    expect(now(person).locator("h2.step")).to_have_text([text])


def announcer(person: Person) -> Any:
    """The screen-reader announcer: an assertive live region, visually hidden."""
    return person.page.locator("#announcer[role=status][aria-live=assertive]")


def settled(*people: Person) -> None:
    """Wait until every page shows the latest version of the session.

    Needed before a partner acts right after the other did something that
    changes nothing visible on their screen (a private line, a hidden
    choice): a command made against an older version is refused as stale
    ("Something changed just before you acted"), as it should be.
    """
    version = "() => (Attune.session.ctx().view || {version: -1}).version"
    latest = max(person.page.evaluate(version) for person in people)
    for person in people:
        person.page.wait_for_function(f"(latest) => ({version})() >= latest", arg=latest)


def choose_exercise(person: Person, title: str) -> Any:
    """Open an exercise's choice (a <details>) between exercises; return it."""
    choice = (
        now(person)
        .locator("details.exercise-choice")
        .filter(has=person.page.locator("summary", has_text=title))
    )
    choice.locator("summary").click()
    expect(choice).to_have_attribute("open", "")
    return choice
