"""The Help page shows the operator's helplines first, for everyone."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

LINE = {"name": "Riverside Helpline", "phone": "+44 808 000 111", "hours": "Day and night"}


@pytest.mark.django_db
def test_configured_helplines_come_first_with_a_number_to_tap(settings):
    settings.HELPLINES = [LINE]
    page = Client().get(reverse("safety_resources")).content.decode()
    assert page.index("Riverside Helpline") < page.index("When couples exercises are not")
    assert 'href="tel:+44808000111"' in page
    assert "Day and night" in page


@pytest.mark.django_db
def test_without_helplines_the_page_gives_general_guidance_only(settings):
    settings.HELPLINES = []
    page = Client().get(reverse("safety_resources")).content.decode()
    assert "Riverside Helpline" not in page
    assert 'id="helplines-heading"' not in page
    assert "Most countries have a domestic-abuse helpline" in page
