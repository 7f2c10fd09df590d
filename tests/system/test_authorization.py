"""Authorization, in one place: every view that takes an id answers 404 (the
same as for an id that does not exist, never 403) to anyone outside the
couple: a partner of another couple, a therapist linked to another couple,
a signed-in person without a couple. Ids are UUIDs, except therapist links
(sequential, hence worth guessing). The owner gets the page, so each row
can fail. The WebSocket side (4403 for another couple's session, commands
bound to the socket's own session) is in test_consumers.py and
test_bad_input.py.

:func:`build_couple` makes a couple with everything a couple can have; its
words carry a tag and script/markup payloads, so test_security.py uses the
same world to check escaping."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from couples.models import Couple, Homework, PracticeSession, Reflection, Ritual, SafetyCheck, User
from couples.services.commands import facilitator_join, session_command_apply
from couples.services.reflections import reflection_create, reflection_share
from couples.services.rituals import calendar_feed_create, rituals_persist_agreed
from couples.services.safety import safety_check_record
from couples.services.sessions import practice_session_start
from couples.services.space import invitation_create
from couples.services.therapy import consent_give, homework_assign, link_create
from exercises.rituals import ritual_fields_clean
from tests.factories import CoupleFactory, UserFactory

pytestmark = pytest.mark.django_db

MARKUP = '<script>x()</script>"><img src=x onerror=x()>'
"""Script and markup payloads; every text a couple writes ends with them."""


def words(tag: str, field: str) -> str:
    """The text of ``field`` in the couple tagged ``tag``: ``"<tag>-<field>"``
    followed by :data:`MARKUP`."""
    return f"{tag}-{field}{MARKUP}"


@dataclass
class World:
    """One couple with everything it can have (see :func:`build_couple`)."""

    tag: str
    couple: Couple
    alex: User
    sam: User
    therapist: User
    link_id: int
    session: PracticeSession
    ritual: Ritual
    homework: Homework
    reflection: Reflection
    check: SafetyCheck
    invitation_token: str
    feed_token: str


def _say(session: PracticeSession, user: User, command: str, **payload) -> None:
    session.refresh_from_db()
    session_command_apply(
        session_id=session.pk, user_id=user.pk, command=command, payload=payload,
        client_id=uuid.uuid4(), base_version=session.version, now=timezone.now().timestamp(),
    )


def build_couple(tag: str) -> World:
    """A couple (named, both partners named) with a linked therapist, an open
    practice session (active listening: a topic, a statement and its
    paraphrase waiting for confirmation, a therapist's prompt), an agreed ritual, homework
    with a note, a reflection shared with the partner and the therapist, a
    kept safety check-in, an open therapist invitation and a calendar link.
    Every text is :func:`words` of ``tag``."""
    couple = CoupleFactory(name=words(tag, "couple"))
    alex, sam = [m.user for m in couple.memberships.select_related("user")]
    User.objects.filter(pk=alex.pk).update(display_name=words(tag, "alex"))
    User.objects.filter(pk=sam.pk).update(display_name=words(tag, "sam"))
    alex.refresh_from_db()
    sam.refresh_from_db()
    therapist = UserFactory(is_therapist=True, display_name=words(tag, "doc"))
    link = link_create(couple=couple, therapist=therapist, invited_by=alex)
    consent_give(link_id=link.pk, partner=sam)

    session = practice_session_start(couple=couple, started_by=alex)
    _say(session, alex, "exercise_start", exercise="active_listening",
         topic=words(tag, "topic")[:120], mode="typed", first_speaker=str(alex.pk))
    _say(session, alex, "statement_make", text=words(tag, "statement"))
    _say(session, sam, "paraphrase_submit", text=words(tag, "paraphrase"))  # to confirm
    facilitator_join(session_id=session.pk, therapist_id=therapist.pk)
    _say(session, therapist, "facilitator_prompt", text=words(tag, "prompt"))
    session.refresh_from_db()

    fields = ritual_fields_clean({
        "kind": "daily_check_in", "title": words(tag, "ritual"), "details": words(tag, "details"),
        "roles": words(tag, "roles"), "frequency": "daily", "weekdays": [], "time": "20:30",
        "duration_minutes": 15, "timezone": "Europe/Paris",
    })
    now = timezone.now().timestamp()
    [ritual] = rituals_persist_agreed(
        couple_id=couple.pk, session_id=session.pk, now=now,
        events=[{"type": "ritual_agreed", "private_to": None,
                 "data": {"proposal": {**fields, "id": "r1", "revision": 1, "agreed_at": now}}}],
    )
    homework = homework_assign(
        therapist=therapist, couple=couple, exercise="active_listening",
        due_on=timezone.localdate() + timedelta(days=3), note=words(tag, "homework"),
    )
    reflection = reflection_create(author=alex, text=words(tag, "reflection"),
                                               tags=f"{tag}tag")
    reflection_share(reflection=reflection, audience="partner")
    reflection_share(reflection=reflection, audience="therapist")
    check = safety_check_record(author=alex, answers={}, result="clear")
    _, invitation_token = invitation_create(couple=couple, created_by=alex,
                                                     role="therapist")
    feed_token = calendar_feed_create(user=alex, couple=couple)
    return World(tag, couple, alex, sam, therapist, link.pk, session, ritual, homework,
                 reflection, check, invitation_token, feed_token)


def signed_in(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    """These tests make many accounts; the hasher's cost is not what they test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def ours(db) -> World:
    return build_couple("ours")


@pytest.fixture
def theirs(db) -> World:
    return build_couple("theirs")


# (name, method, url of `theirs`, who is served there)
TARGETS = [
    ("live session", "get", lambda w: reverse("session", args=[w.session.public_id]), "alex"),
    ("transcript", "get",
     lambda w: reverse("session_transcript", args=[w.session.public_id]), "alex"),
    ("ritual", "get", lambda w: reverse("ritual_edit", args=[w.ritual.public_id]), "alex"),
    ("ritual edit", "post", lambda w: reverse("ritual_edit", args=[w.ritual.public_id]), "alex"),
    ("ritual pause", "post",
     lambda w: reverse("ritual_status", args=[w.ritual.public_id]), "alex"),
    ("reflection", "get",
     lambda w: reverse("reflection_detail", args=[w.reflection.public_id]), "alex"),
    ("reflection share", "post",
     lambda w: reverse("reflection_share", args=[w.reflection.public_id]), "alex"),
    ("reflection unshare", "post",
     lambda w: reverse("reflection_unshare", args=[w.reflection.public_id]), "alex"),
    ("reflection delete page", "get",
     lambda w: reverse("reflection_delete", args=[w.reflection.public_id]), "alex"),
    ("reflection delete", "post",
     lambda w: reverse("reflection_delete", args=[w.reflection.public_id]), "alex"),
    ("safety check-in delete", "post",
     lambda w: reverse("safety_check_delete", args=[w.check.public_id]), "alex"),
    ("therapist link consent", "post",
     lambda w: reverse("therapist_consent", args=[w.link_id]), "sam"),
    ("therapist link end", "post", lambda w: reverse("therapist_end", args=[w.link_id]), "sam"),
    ("therapist's couple page", "get",
     lambda w: reverse("therapist_couple", args=[w.couple.public_id]), "therapist"),
    ("therapist's homework", "post",
     lambda w: reverse("therapist_couple", args=[w.couple.public_id]), "therapist"),
    ("therapist's session start", "post",
     lambda w: reverse("therapist_session_start", args=[w.couple.public_id]), "therapist"),
    ("therapist's transcript", "get",
     lambda w: reverse("therapist_transcript", args=[w.couple.public_id, w.session.public_id]),
     "therapist"),
]
POST_DATA = {"audience": "partner", "action": "pause", "title": "Taken over", "sequence": "0",
             "exercise": "active_listening", "due_on": "2999-01-01", "note": "mine now"}


def outsiders(ours: World) -> dict[str, User]:
    return {
        "a partner of another couple": ours.alex,
        "a therapist of another couple": ours.therapist,
        "someone without a couple": UserFactory(),
    }


@pytest.mark.parametrize(('name', 'method', 'url', 'owner'), TARGETS, ids=[t[0] for t in TARGETS])
def test_another_couples_things_are_not_found_by_their_id(ours, theirs, name, method, url, owner):
    path = url(theirs)
    for who, user in outsiders(ours).items():
        client = signed_in(user)
        response = getattr(client, method)(path, POST_DATA if method == "post" else None)
        assert response.status_code == 404, f"{name} answered {response.status_code} to {who}"
    if owner:  # the row is right: its owner is served
        mine = getattr(signed_in(getattr(theirs, owner)), method)(path, POST_DATA)
        assert mine.status_code in (200, 302), f"{name}: the owner got {mine.status_code}"


def test_a_therapist_cannot_reach_another_couples_transcript_through_their_own_couple(
    ours, theirs
):
    path = reverse("therapist_transcript", args=[ours.couple.public_id, theirs.session.public_id])
    assert signed_in(ours.therapist).get(path).status_code == 404


@pytest.mark.parametrize("path", [
    lambda w: reverse("session", args=[uuid.uuid4()]),
    lambda w: reverse("ritual_edit", args=[uuid.uuid4()]),
    lambda w: reverse("reflection_detail", args=[uuid.uuid4()]),
    lambda w: reverse("therapist_consent", args=[w.link_id + 1000]),
    lambda w: reverse("calendar_feed", args=["guessed-token"]),
], ids=["session", "ritual", "reflection", "therapist link", "calendar link"])
def test_an_id_that_does_not_exist_gets_the_same_404(ours, path):
    response = signed_in(ours.alex).post(path(ours)) if "consent" in path(ours) else \
        signed_in(ours.alex).get(path(ours))
    assert response.status_code == 404


def test_a_guessed_invitation_link_reveals_no_couple(ours):
    signed = invitation_create(couple=ours.couple, created_by=ours.alex,
                                        role="therapist")[1]
    guessed = signed[:-4] + ("AAAA" if not signed.endswith("AAAA") else "BBBB")
    for token in (guessed, "not-a-link", str(uuid.uuid4())):
        response = signed_in(UserFactory()).get(reverse("invitation", args=[token]))
        assert response.status_code == 410
        assert "ours-" not in response.content.decode()


def test_no_page_of_one_couple_shows_anything_of_another(ours, theirs):
    """Every page a partner and the therapist of one couple can open, with
    the other couple's words looked for on each."""
    for user, paths in pages_of(ours).items():
        client = signed_in(user)
        for path in paths:
            body = client.get(path).content.decode(errors="replace")
            assert "theirs-" not in body, f"{path} as {user.display_name[:9]}"


def pages_of(world: World) -> dict[User, list[str]]:
    """Every GET page (and download) each person of ``world`` can open."""
    w = world
    partner_pages = [
        reverse("home"), reverse("session", args=[w.session.public_id]),
        reverse("session_transcript", args=[w.session.public_id]), reverse("ritual_list"),
        reverse("ritual_edit", args=[w.ritual.public_id]), reverse("ritual_calendar"),
        reverse("reflection_list"), reverse("reflection_create"), reverse("reflections_shared"),
        reverse("account"), reverse("account_export_json"), reverse("account_export_md"),
        reverse("account_delete"), reverse("safety_check_in"), reverse("safety_history"),
        reverse("safety_resources"), reverse("couple_therapist"),
        reverse("calendar_feed", args=[w.feed_token]),
    ]
    return {
        w.alex: [*partner_pages, reverse("reflection_detail", args=[w.reflection.public_id]),
                 reverse("reflection_delete", args=[w.reflection.public_id])],
        w.sam: partner_pages,
        w.therapist: [
            reverse("therapist_dashboard"),
            reverse("therapist_couple", args=[w.couple.public_id]),
            reverse("therapist_transcript", args=[w.couple.public_id, w.session.public_id]),
            reverse("session", args=[w.session.public_id]),
            reverse("account"),
        ],
    }
