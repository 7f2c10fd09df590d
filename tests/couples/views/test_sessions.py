"""Starting a session, the session page and transcript, access by id guessing."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from couples.models import PracticeSession
from couples.services.commands import session_command_apply
from couples.services.therapy import consent_give, link_create
from tests.factories import CoupleFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_starting_twice_joins_the_same_open_session(client, couple, partners):
    client.force_login(partners[0])
    first = client.post(reverse("session_start"))
    client.force_login(partners[1])
    second = client.post(reverse("session_start"))
    assert first["Location"] == second["Location"]
    assert PracticeSession.objects.filter(couple=couple).count() == 1


def test_the_partner_sees_the_open_session_on_the_couple_page(client, practice, partners):
    client.force_login(partners[1])
    page = client.get("/").content.decode()
    assert reverse("session", args=[practice.public_id]) in page


def test_a_session_needs_both_partners(client):
    couple = CoupleFactory(partners=1)
    client.force_login(couple.memberships.first().user)
    response = client.post(reverse("session_start"), follow=True)
    assert "Invite your partner first" in response.content.decode()
    assert not PracticeSession.objects.exists()


def test_another_couples_session_is_not_found(client, practice):
    stranger = CoupleFactory().memberships.first().user
    client.force_login(stranger)
    assert client.get(reverse("session", args=[practice.public_id])).status_code == 404
    assert client.get(reverse("session_transcript", args=[practice.public_id])).status_code == 404


def test_the_transcript_keeps_the_exchanges_and_escapes_them(client, practice, partners):
    a, _b = (str(p.pk) for p in partners)
    steps = [
        (partners[0], "exercise_start", {"exercise": "active_listening", "topic": "Chores",
                                         "mode": "typed", "first_speaker": a}),
        (partners[0], "statement_make", {"text": "<script>alert(1)</script> I feel rushed"}),
        (partners[1], "paraphrase_submit", {"text": "Mornings feel rushed"}),
        (partners[0], "paraphrase_confirm", {}),
    ]
    import uuid
    for version, (user, name, payload) in enumerate(steps):
        session_command_apply(session_id=practice.pk, user_id=user.pk, command=name,
                                       payload=payload, client_id=uuid.uuid4(),
                                       base_version=version, now=0.0)
    client.force_login(partners[1])
    page = client.get(reverse("session_transcript", args=[practice.public_id])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; I feel rushed" in page
    assert "<script>alert(1)" not in page
    assert "Mornings feel rushed" in page


def test_the_session_page_requires_sign_in(client, practice):
    response = client.get(reverse("session", args=[practice.public_id]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_access_log_writes_every_moment_in_one_format(couple, partners, practice, settings):
    """Issue #12 item 11: an entry's own date used to read "01 Dec 2026 14:03"
    (UTC) beside the log's "Tue 1 Dec 2026, 15:03"."""
    settings.TIME_ZONE = "Europe/Paris"
    therapist = UserFactory(display_name="Dr. Okafor", is_therapist=True)
    link = link_create(couple=couple, therapist=therapist, invited_by=partners[0])
    consent_give(link_id=link.pk, partner=partners[1])
    reader = Client()
    reader.force_login(therapist)
    assert reader.get(reverse("therapist_transcript", kwargs={
        "couple_id": couple.public_id, "session_id": practice.public_id})).status_code == 200
    partner = Client()
    partner.force_login(partners[0])
    page = partner.get(reverse("couple_therapist")).content.decode()
    moment = r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}"
    line = re.search(r"<li>([^<]*Read the transcript of the session of [^<]*)</li>", page)
    assert line, page
    assert re.fullmatch(
        moment + r": Dr\. Okafor\. Read the transcript of the session of " + moment,
        line.group(1).strip(),
    ), line.group(1)
