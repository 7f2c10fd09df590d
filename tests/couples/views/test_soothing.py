"""Self-soothing practised when calm (issue #14 item 7): the page for a
signed-in partner, with the paces and the body-soothing steps of
exercises/data/self_soothing.json; nothing to post, nothing stored."""

from __future__ import annotations

import json

from django.test import Client
from django.urls import reverse

from exercises.self_soothing import client_config


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_couple_space_links_to_the_practice(partners):
    page = signed_in(partners[0]).get(reverse("home")).content
    assert reverse("soothing_practice").encode() in page


def test_the_page_offers_the_paces_and_the_body_steps(partners):
    response = signed_in(partners[0]).get(reverse("soothing_practice"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Calm: in 4, out 6" in page and "Let your shoulders drop away from your ears." in page
    config = json.loads(page.split('id="soothing-config" type="application/json">')[1]
                        .split("</script>")[0])
    assert config == client_config()


def test_there_is_nothing_to_send_or_store(partners):
    client = signed_in(partners[0])
    assert client.post(reverse("soothing_practice"), {"pace": "calm"}).status_code == 405


def test_the_page_needs_a_signed_in_person(db):
    response = Client().get(reverse("soothing_practice"))
    assert response.status_code == 302 and "/login/" in response["Location"]
