"""A note that fits the page's counter fits the server: a textarea's line
breaks, posted as CR LF, count once (couples/lib/formposts.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from couples.lib.formposts import one_line_break
from couples.models import Reflection
from couples.selectors.reflections import MAX_TEXT_CHARS

pytestmark = pytest.mark.django_db


def test_a_reflection_at_its_limit_with_line_breaks_is_kept_as_typed(client, partners):
    client.force_login(partners[0])
    typed = "\n".join(["Dear me,", "today was hard.", "Tomorrow I will ask for a walk.", ""])
    typed += "x" * (MAX_TEXT_CHARS - len(typed))  # exactly the limit, as the page counts
    response = client.post(reverse("reflection_create"), {"text": typed.replace("\n", "\r\n")})
    reflection = Reflection.objects.get(author=partners[0])
    assert response["Location"] == reverse("reflection_detail", args=[reflection.public_id])
    page = client.get(response["Location"]).content.decode()
    assert "Tomorrow I will ask for a walk.\n" in page


def test_one_past_the_limit_is_still_refused_and_nothing_is_saved(client, partners):
    client.force_login(partners[0])
    typed = "Two lines\n" + "x" * (MAX_TEXT_CHARS - 9)
    response = client.post(reverse("reflection_create"), {"text": typed.replace("\n", "\r\n")})
    assert response.status_code == 200  # the form again, with what was typed
    assert not Reflection.objects.exists()


def test_every_kind_of_line_break_becomes_one():
    assert one_line_break("a\r\nb\rc\n") == "a\nb\nc\n"
    assert one_line_break("no breaks") == "no breaks"
