"""A practice summary the couple chooses to send to their therapist (issue
16, item 3): counts only plus the words each partner explicitly adds; both
see exactly what will be sent; each can withhold their part; nothing reaches
the therapist before both confirmed; another couple's or therapist's
summary is unreachable."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from couples.lib.errors import TherapyError
from couples.models import PracticeSummary, PracticeSummaryPart
from couples.services.commands import session_command_apply
from couples.services.therapy import (
    link_end,
    summary_confirm,
    summary_create,
    summary_part_set,
)
from tests.couples.services.test_caseload import finish_active_listening
from tests.factories import CoupleFactory, link_therapist, marker

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def say(practice, user, command, **payload):
    practice.refresh_from_db()
    session_command_apply(session_id=practice.pk, user_id=user.pk, command=command,
                          payload=payload, client_id=uuid.uuid4(),
                          base_version=practice.version, now=timezone.now().timestamp())
    practice.refresh_from_db()


@pytest.fixture
def link(couple, partners):
    return link_therapist(couple, partners, name="Dr. Okafor")


@pytest.fixture
def summary(partners, link):
    today = timezone.localdate()
    return summary_create(partner=partners[0], therapist_link_id=link.pk,
                          period_start=today - timedelta(days=27), period_end=today)


def summary_url(summary) -> str:
    return reverse("summary_page", args=[summary.public_id])


def overview(couple) -> str:
    return reverse("therapist_couple", args=[couple.public_id])


def test_the_counts_cover_exercises_repairs_time_outs_and_talk_time(couple, partners, link,
                                                                     practice):
    finish_active_listening(practice, partners, line=marker("closing"))
    say(practice, partners[0], "repair_send", text="Can we start over?")
    repair_id = practice.state["repairs"][-1]["id"]
    say(practice, partners[1], "repair_acknowledge", repair_id=repair_id, answer="with_you")
    say(practice, partners[1], "time_out_call")
    today = timezone.localdate()
    summary = summary_create(partner=partners[1], therapist_link_id=link.pk,
                             period_start=today - timedelta(days=6), period_end=today)
    counts = summary.counts
    assert counts["sessions"] == 1 and counts["exercises"] == {"active_listening": 1}
    assert counts["repairs_sent"] == 1 and counts["repairs_acknowledged"] == 1
    assert counts["time_outs_called"] == 1 and counts["time_outs_returned"] == 0
    assert set(counts["floor_seconds"]) == {partners[0].display_name, partners[1].display_name}
    assert "Can we start over?" not in str(counts)  # counts, never words
    # A period before the session counts nothing.
    earlier = summary_create(partner=partners[1], therapist_link_id=link.pk,
                             period_start=today - timedelta(days=40),
                             period_end=today - timedelta(days=30))
    assert earlier.counts["sessions"] == 0 and earlier.counts["exercises"] == {}


def test_both_preview_each_withholds_or_shares_and_then_the_therapist_receives(
    couple, partners, link, summary
):
    alex, sam = (signed_in(p) for p in partners)
    mine, withheld = marker("alex-adds"), marker("sam-withheld")
    alex.post(summary_url(summary), {"action": "share", "text": mine})
    sam.post(summary_url(summary), {"action": "withhold", "text": withheld})
    # Sam previews exactly what will be sent: Alex's words, and nothing of the withheld text.
    preview = sam.get(summary_url(summary)).content.decode()
    assert mine in preview and withheld not in preview
    therapist = signed_in(link.therapist)
    assert mine not in therapist.get(overview(couple)).content.decode()  # not sent yet
    alex.post(summary_url(summary), {"action": "confirm"})
    assert mine not in therapist.get(overview(couple)).content.decode()  # one confirmation
    sam.post(summary_url(summary), {"action": "confirm"})
    page = therapist.get(overview(couple)).content.decode()
    assert mine in page and withheld not in page
    assert withheld not in str(list(PracticeSummaryPart.objects.values()))  # never kept


def test_nothing_is_sent_before_both_decided(partners, summary):
    summary_part_set(summary=summary, partner=partners[0], decision="withhold")
    with pytest.raises(TherapyError):
        summary_confirm(summary=summary, partner=partners[0])
    summary.refresh_from_db()
    assert summary.sent_at is None


def test_a_change_asks_both_to_confirm_again(partners, summary):
    summary_part_set(summary=summary, partner=partners[0], decision="withhold")
    summary_part_set(summary=summary, partner=partners[1], decision="withhold")
    assert summary_confirm(summary=summary, partner=partners[0]) is False
    summary_part_set(summary=summary, partner=partners[1], decision="share", text="One thing.")
    assert summary_confirm(summary=summary, partner=partners[1]) is False  # Alex must look again
    assert summary_confirm(summary=summary, partner=partners[0]) is True
    with pytest.raises(TherapyError):
        summary_part_set(summary=summary, partner=partners[0], decision="share", text="Late")


def test_the_shared_words_are_stored_only_sealed(partners, summary):
    words = marker("sealed")
    summary_part_set(summary=summary, partner=partners[0], decision="share", text=words)
    stored = PracticeSummaryPart.objects.get(summary=summary, partner=partners[0]).sealed
    assert stored and words not in stored


def test_another_couple_and_another_therapist_cannot_reach_a_summary(couple, partners, link,
                                                                     summary):
    for p in partners:
        summary_part_set(summary=summary, partner=p, decision="share", text="Words for you")
    for p in partners:
        summary_confirm(summary=summary, partner=p)
    theirs = CoupleFactory()
    stranger = theirs.memberships.first().user
    assert signed_in(stranger).get(summary_url(summary)).status_code == 404
    assert signed_in(stranger).post(summary_url(summary), {"action": "confirm"}).status_code == 404
    other = link_therapist(couple, partners, name="Dr. Other").therapist
    assert "Words for you" not in signed_in(other).get(overview(couple)).content.decode()
    assert "Words for you" in signed_in(link.therapist).get(overview(couple)).content.decode()


def test_ending_the_link_takes_its_summaries_away(partners, link, summary):
    link_end(link_id=link.pk, partner=partners[1])
    assert not PracticeSummary.objects.exists()


def test_a_summary_needs_an_active_link_of_the_couple_and_a_past_period(partners, link):
    today = timezone.localdate()
    theirs = CoupleFactory()
    other_link = link_therapist(theirs, [m.user for m in theirs.memberships.all()])
    with pytest.raises(TherapyError):
        summary_create(partner=partners[0], therapist_link_id=other_link.pk,
                       period_start=today - timedelta(days=3), period_end=today)
    with pytest.raises(TherapyError):
        summary_create(partner=partners[0], therapist_link_id=link.pk,
                       period_start=today, period_end=today + timedelta(days=1))


def test_the_partner_prepares_a_summary_through_the_page(partners, link):
    client = signed_in(partners[0])
    assert "Send Dr. Okafor a summary" in client.get(reverse("couple_therapist")).content.decode()
    today = timezone.localdate()
    response = client.post(reverse("summary_new"), {
        "therapist_link": link.pk, "period_start": (today - timedelta(days=27)).isoformat(),
        "period_end": today.isoformat(),
    })
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Preview: what your therapist will see" in page


def test_rotating_keys_keeps_the_shared_words_readable(settings, partners, link):
    from io import StringIO

    from cryptography.fernet import Fernet
    from django.core.management import call_command

    from couples.selectors.therapy import summary_preview

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.REFLECTION_KEYS = [old]
    today = timezone.localdate()
    summary = summary_create(partner=partners[0], therapist_link_id=link.pk,
                             period_start=today, period_end=today)
    summary_part_set(summary=summary, partner=partners[0], decision="share", text="Kept words")
    settings.REFLECTION_KEYS = [new, old]
    call_command("rotate_reflection_keys", stdout=StringIO())
    settings.REFLECTION_KEYS = [new]
    assert summary_preview(summary)["parts"] == [
        {"author": partners[0].display_name, "text": "Kept words"}
    ]
