"""Therapist mode: consent, revocation, the access log, homework and live
facilitation through the consumer."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.urls import reverse
from django.utils import timezone

from couples.live import protocol
from couples.models import Homework, TherapistConsent, TherapistLink
from couples.services.commands import session_command_apply
from couples.services.space import invitation_create
from couples.services.therapy import consent_give, link_create, link_end
from tests.factories import CoupleFactory, UserFactory


@pytest.fixture
def therapist(db):
    return UserFactory(is_therapist=True, display_name="Dr. Okafor")


@pytest.fixture
def linked(couple, partners, therapist):
    """The therapist linked, both partners consented."""
    link = link_create(couple=couple, therapist=therapist, invited_by=partners[0])
    consent_give(link_id=link.pk, partner=partners[1])
    return link


def couple_page(couple):
    return reverse("therapist_couple", kwargs={"couple_id": couple.public_id})


@pytest.mark.django_db
def test_the_invitation_links_the_therapist_with_the_inviters_consent(client, couple, partners, therapist):
    client.force_login(partners[0])
    client.post(reverse("therapist_invite"))
    page = client.get(reverse("couple_therapist")).content.decode()
    path = re.search(r'value="http://testserver(/invitations/[^"]+/)"', page).group(1)
    client.force_login(therapist)
    client.post(path)
    link = TherapistLink.objects.get(couple=couple, therapist=therapist)
    assert list(link.consents.values_list("partner", flat=True)) == [partners[0].pk]


@pytest.mark.django_db
def test_a_partner_account_cannot_accept_a_therapist_invitation(client, couple, partners):
    _, token = invitation_create(couple=couple, created_by=partners[0], role="therapist")
    client.force_login(UserFactory())
    response = client.post(f"/invitations/{token}/")
    assert response.status_code == 410 and not TherapistLink.objects.exists()


@pytest.mark.django_db
def test_with_one_partners_consent_the_therapist_sees_nothing(client, couple, partners, therapist, practice):
    link_create(couple=couple, therapist=therapist, invited_by=partners[0])
    client.force_login(therapist)
    assert client.get(couple_page(couple)).status_code == 404
    assert client.get(reverse("session_transcript", args=[practice.public_id])).status_code == 404
    assert "No couple has linked you" in client.get(reverse("therapist_dashboard")).content.decode()


@pytest.mark.django_db
def test_with_both_consents_the_therapist_sees_the_couple_and_the_read_is_logged(
    client, couple, partners, therapist, linked
):
    client.force_login(therapist)
    assert couple.name in client.get(reverse("therapist_dashboard")).content.decode()
    assert client.get(couple_page(couple)).status_code == 200
    client.force_login(partners[1])
    log = client.get(reverse("couple_therapist")).content.decode()
    assert "Dr. Okafor. Viewed the couple overview" in log


@pytest.mark.django_db
def test_either_partner_can_end_the_link_and_access_stops(client, couple, partners, therapist, linked):
    client.force_login(partners[1])
    client.post(reverse("therapist_end", args=[linked.pk]))
    client.force_login(therapist)
    assert client.get(couple_page(couple)).status_code == 404


@pytest.mark.django_db
def test_another_couples_link_cannot_be_consented_or_ended(client, linked):
    stranger = CoupleFactory().memberships.first().user
    client.force_login(stranger)
    assert client.post(reverse("therapist_consent", args=[linked.pk])).status_code == 404
    assert client.post(reverse("therapist_end", args=[linked.pk])).status_code == 404
    assert TherapistConsent.objects.filter(partner=stranger).count() == 0


@pytest.mark.django_db
def test_a_therapist_of_another_couple_gets_404(client, couple, linked):
    other = UserFactory(is_therapist=True)
    client.force_login(other)
    assert client.get(couple_page(couple)).status_code == 404


@pytest.mark.django_db
def test_homework_is_assigned_seen_by_the_couple_and_done_by_an_exercise(
    client, couple, partners, therapist, linked, practice
):
    client.force_login(therapist)
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    client.post(couple_page(couple), {"exercise": "active_listening", "due_on": due, "note": "Ten minutes, twice."})
    client.force_login(partners[0])
    assert "Ten minutes, twice." in client.get("/").content.decode()
    a, _b = str(partners[0].pk), str(partners[1].pk)
    steps = [
        (partners[0], "exercise_start", {"exercise": "active_listening", "topic": "Us", "mode": "spoken", "first_speaker": a}),
        (partners[0], "statement_make", {}), (partners[1], "paraphrase_submit", {}),
        (partners[0], "paraphrase_confirm", {}), (partners[1], "listening_close", {}),
        (partners[0], "understanding_share", {"text": "line a"}),
        (partners[1], "understanding_share", {"text": "line b"}),
    ]
    for version, (user, name, payload) in enumerate(steps):
        session_command_apply(session_id=practice.pk, user_id=user.pk, command=name, payload=payload,
                                       client_id=uuid.uuid4(), base_version=version, now=0.0)
    homework = Homework.objects.get(couple=couple)
    assert homework.completed_session == practice
    client.force_login(therapist)
    page = client.get(couple_page(couple)).content.decode()
    assert "done on" in page and reverse("therapist_transcript", args=[couple.public_id, practice.public_id]) in page


@pytest.mark.django_db
def test_homework_due_in_the_past_is_refused_with_a_message(client, couple, therapist, linked):
    client.force_login(therapist)
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(couple_page(couple), {"exercise": "active_listening", "due_on": past})
    assert "cannot be in the past" in response.content.decode()
    assert not Homework.objects.exists()


def cid() -> str:
    return str(uuid.uuid4())


@pytest.mark.django_db(transaction=True)
async def test_the_therapist_facilitates_live(practice, partners, therapist, linked, session_socket):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    doc = await session_socket(therapist, practice)
    t_id = str(therapist.pk)
    assert doc.snapshot["view"]["role"] == "facilitator" and doc.snapshot["version"] == 1
    joined = await alex.at_version(1)
    assert joined["events"][0]["type"] == "facilitator_joined"

    await doc.command("session_pause", 1, cid())
    await alex.at_version(2)
    await alex.command("exercise_start", 2, cid(), exercise="active_listening", topic="x",
                       mode="typed", first_speaker=str(partners[0].pk))
    assert (await alex.next("error"))["code"] == "session_paused"

    await doc.command("facilitator_prompt", 2, cid(), text="One piece at a time, please.")
    prompt = await sam.at_version(3)
    assert prompt["view"]["prompts"][-1]["text"] == "One piece at a time, please."
    await doc.command("session_resume", 3, cid())
    await alex.at_version(4)
    await doc.command("exercise_start", 4, cid(), exercise="active_listening", topic="Weekends",
                      mode="typed", first_speaker=str(partners[1].pk))
    started = await sam.at_version(5)
    assert started["view"]["exercise"]["speaker"] == str(partners[1].pk)
    await doc.command("statement_make", 5, cid(), text="speaking for them")
    assert (await doc.next("error"))["code"] in {"not_speaker", "not_allowed_for_role"}
    await sam.send({"type": "heartbeat"})  # answered with the current presence
    presence = await sam.next("presence")
    while t_id not in presence["presence"]:
        presence = await sam.next("presence")
    assert presence["presence"][t_id]["status"] == "connected"  # partners see the therapist is here


@pytest.mark.django_db(transaction=True)
async def test_a_therapist_without_both_consents_cannot_join(practice, partners, couple, therapist, session_socket):
    await database_sync_to_async(link_create)(couple=couple, therapist=therapist, invited_by=partners[0])
    doc = await session_socket(therapist, practice, expect_snapshot=False)
    assert await doc.closed_with() == protocol.CLOSE_FORBIDDEN


@pytest.mark.django_db(transaction=True)
async def test_ending_the_link_disconnects_the_therapist_at_once(practice, partners, therapist, linked, session_socket):
    doc = await session_socket(therapist, practice)

    await database_sync_to_async(link_end)(link_id=linked.pk, partner=partners[0])
    assert await doc.closed_with() == protocol.CLOSE_MEMBERSHIP_ENDED


@pytest.mark.django_db(transaction=True)
async def test_the_therapist_never_receives_a_partners_private_line(
    practice, partners, therapist, linked, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    doc = await session_socket(therapist, practice)
    v = doc.snapshot["version"]
    a = str(partners[0].pk)
    steps = [(alex, "exercise_start", {"exercise": "active_listening", "topic": "t", "mode": "spoken", "first_speaker": a}),
             (alex, "statement_make", {}), (sam, "paraphrase_submit", {}), (alex, "paraphrase_confirm", {}),
             (sam, "listening_close", {}), (alex, "understanding_share", {"text": "PRIVATE-MARKER-LINE"})]
    for socket, name, payload in steps:
        await socket.command(name, v, cid(), **payload)
        v = (await socket.next("ack"))["version"]
    await doc.at_version(v)
    assert "PRIVATE-MARKER-LINE" not in str(doc.seen)
    assert "PRIVATE-MARKER-LINE" not in str(sam.seen)
