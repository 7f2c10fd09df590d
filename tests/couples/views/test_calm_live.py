"""Issue #12, items 4 and 6 over HTTP: the reflection panel's endpoint
(JSON, CSRF, reflection_create's rules) and the nudge choices on the
account page."""

from __future__ import annotations

from datetime import time

import pytest
from django.test import Client
from django.urls import reverse

from couples.models import NudgePreferences, Reflection
from couples.selectors.reflections import reflections_search
from tests.factories import complete_an_exercise

pytestmark = pytest.mark.django_db


def test_the_panel_saves_a_reflection_linked_to_the_exercise(client, practice, partners):
    index = complete_an_exercise(practice, partners)
    client.force_login(partners[1])
    response = client.post(
        reverse("reflection_create_panel"),
        {"text": "  I felt calmer.  ", "tags": "calm", "session": str(practice.public_id),
         "exercise": str(index)},
    )
    assert response.status_code == 201
    reflection = Reflection.objects.get(author=partners[1])
    assert response.json() == {
        "saved": True,
        "url": reverse("reflection_detail", args=[reflection.public_id]),
    }
    assert reflection.session_id == practice.pk and reflection.exercise_index == index
    assert [e.text for e in reflections_search(author=partners[1])] == ["I felt calmer."]


def test_the_panel_refuses_empty_text_with_a_stable_code_and_saves_nothing(client, partners):
    client.force_login(partners[0])
    response = client.post(reverse("reflection_create_panel"), {"text": "   "})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "text_required"
    assert error["field"] == "text"
    assert not Reflection.objects.exists()


def test_the_panel_needs_the_csrf_token_and_a_sign_in(partners):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(partners[0])
    assert strict.post(reverse("reflection_create_panel"), {"text": "x"}).status_code == 403
    anonymous = Client()
    assert anonymous.post(reverse("reflection_create_panel"), {"text": "x"}).status_code == 302
    assert not Reflection.objects.exists()


def test_nudge_choices_are_saved_with_the_time_zone(client, partners):
    client.force_login(partners[0])
    page = client.get(reverse("account")).content.decode()
    assert "E-mail me when my partner starts a practice session" in page
    response = client.post(
        reverse("account_nudges"),
        {"nudges-quiet_start": "22:30", "nudges-quiet_end": "07:00",
         "nudges-time_zone": "America/New_York"},
    )
    assert response.status_code == 302
    prefs = NudgePreferences.objects.get(user=partners[0])
    assert prefs.email_session_started is False  # the box was left unticked
    assert (prefs.quiet_start, prefs.quiet_end) == (time(22, 30), time(7, 0))
    assert prefs.time_zone == "America/New_York"


def test_half_a_quiet_span_or_an_unknown_zone_is_refused(client, partners):
    client.force_login(partners[0])
    response = client.post(
        reverse("account_nudges"),
        {"nudges-email_session_started": "on", "nudges-quiet_start": "22:30",
         "nudges-time_zone": "Mars/Olympus"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give both times of your quiet hours, or neither." in page
    assert "Select a valid choice" in page
    assert not NudgePreferences.objects.exists()
